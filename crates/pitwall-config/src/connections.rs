//! Client connection limits.
//!
//! | variable | default | range | meaning |
//! |---|---|---|---|
//! | `PITWALL_HEADER_TIMEOUT_SECS` | `10` | 1 to 300 | a connection must send a whole request head within this long after it opened or after its previous response; also the idle keep-alive timeout |
//! | `PITWALL_MAX_CONNECTIONS` | `0` (auto) | 0 to 1000000 | connections served at once; one more is answered 503 and closed. Auto: the open-file limit (raised to its hard limit at start-up) minus 192 for the databases, upstream calls and refusals in progress, at most 16,384 |

use std::time::Duration;

use crate::env::Ranged;
use crate::file::ServerSection;
use crate::{ConfigError, Env};

/// Long enough for a slow mobile client to send a few hundred bytes of
/// headers; short enough that idle sockets cannot pile up.
const HEADER_TIMEOUT_SECS: Ranged<u64> = Ranged {
    var: "PITWALL_HEADER_TIMEOUT_SECS",
    key: Some("server.header_timeout_secs"),
    default: 10,
    min: 1,
    max: 300,
};

/// 0 derives the cap from the open-file limit at start-up.
const MAX_CONNECTIONS: Ranged<usize> = Ranged {
    var: "PITWALL_MAX_CONNECTIONS",
    key: Some("server.max_connections"),
    default: 0,
    min: 0,
    max: 1_000_000,
};

/// How long and how many client connections may stay open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionConfig {
    /// Longest wait for a request head (and idle keep-alive time).
    pub header_timeout: Duration,
    /// Explicit cap on open connections; `None` derives it from the
    /// open-file limit at start-up.
    pub max_connections: Option<usize>,
}

impl ConnectionConfig {
    /// Resolves the connection settings.
    pub fn load(env: &Env, file: &ServerSection) -> Result<Self, ConfigError> {
        let header_secs = env.ranged(&HEADER_TIMEOUT_SECS, file.header_timeout_secs)?;
        let max_connections = env.ranged(&MAX_CONNECTIONS, file.max_connections)?;
        Ok(Self {
            header_timeout: Duration::from_secs(header_secs),
            max_connections: (max_connections > 0).then_some(max_connections),
        })
    }
}
