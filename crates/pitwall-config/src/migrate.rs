//! Schema migrations: whether a process may apply pending ones.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `PITWALL_MIGRATE` | `true` | apply pending app-database migrations when opening it; `false` refuses to start while any is pending (run `pitwall migrate run` first) |
//!
//! `false` is for deploys that migrate as a separate step before rolling
//! out (see `docs/migrations.md`): no instance of the new release then
//! changes the schema under instances of the old one by starting.

use crate::{ConfigError, Env};

/// Migration settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrateConfig {
    /// Whether opening the app database applies pending migrations.
    pub on_open: bool,
}

impl MigrateConfig {
    /// Resolves the migration settings (environment only: a deploy decides
    /// it, not the config file that ships with the release).
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            on_open: env.flag("PITWALL_MIGRATE")?.unwrap_or(true),
        })
    }
}
