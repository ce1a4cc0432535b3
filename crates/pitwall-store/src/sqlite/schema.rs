//! What each migration does to the release before it, and the rule that
//! turns those declarations into a compatibility level stored in the
//! database (see `docs/migrations.md`).
//!
//! A migration is *expand-only* when the release before it runs correctly
//! on the migrated database: it only adds (tables, nullable or defaulted
//! columns, indexes, backfills of columns the previous release never
//! reads). Anything else — dropping or renaming a table, column or index
//! the previous release uses, rebuilding a table, tightening a constraint —
//! is a *contract* migration.
//!
//! The rule: a binary that knows migrations up to `B` can run on a
//! database at `N > B` exactly when every migration in `(B, N]` is
//! expand-only, i.e. when `B` is at least the newest contract migration
//! at or below `N`. That version is the database's *minimum reader
//! schema*. The binary that migrates a database records it (it knows the
//! declarations; an older binary opening the database later does not), in
//! `pitwall_schema_compat`, a table kept by the store code rather than by a
//! numbered migration so recording it never needs a migration itself.

use std::fmt;

/// What a migration does to the release before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only adds: the previous release runs unchanged on the migrated file.
    Expand,
    /// Removes, renames or rebuilds something the previous release uses:
    /// a binary older than this migration must not run on the result.
    Contract,
}

/// One migration's declaration.
#[derive(Debug, Clone, Copy)]
pub struct Declared {
    /// The migration's version (its file's number).
    pub version: i64,
    /// Expand-only or contract.
    pub change: Change,
    /// Why, in a line: what the previous release would see.
    pub why: &'static str,
}

/// Every migration under `migrations/sqlite`, declared. A migration file
/// without a line here fails `tests/schema_compat.rs`, and at run time it
/// counts as a contract migration (the safe reading).
pub const DECLARED: &[Declared] = &[
    Declared {
        version: 1,
        change: Change::Contract,
        why: "the first schema: no release before it reads any of it",
    },
    Declared {
        version: 2,
        change: Change::Expand,
        why: "new tables usage_ledger and alerts",
    },
    Declared {
        version: 3,
        change: Change::Expand,
        why: "history.params_json added with a default; old inserts omit it",
    },
    Declared {
        version: 4,
        change: Change::Contract,
        why: "rebuilds usage_ledger (drop, rename) and drops index history_principal",
    },
    Declared {
        version: 5,
        change: Change::Contract,
        why: "drops index history_created_at, which release 4's retention deletes used",
    },
    Declared {
        version: 6,
        change: Change::Expand,
        why: "history.truncated added with a default",
    },
    Declared {
        version: 7,
        change: Change::Expand,
        why: "history.interpretation and unparsed_json added with defaults",
    },
    Declared {
        version: 8,
        change: Change::Expand,
        why: "new tables users, api_keys, plans, settings, audit_log",
    },
    Declared {
        version: 9,
        change: Change::Expand,
        why: "new table security_events",
    },
    Declared {
        version: 10,
        change: Change::Expand,
        why: "new index history_principal",
    },
    Declared {
        version: 11,
        change: Change::Expand,
        why: "alerts.severity, detail, resolved_at added with defaults; backfills only resolved_at",
    },
    Declared {
        version: 12,
        change: Change::Expand,
        why: "new table rollup_minutes",
    },
    Declared {
        version: 13,
        change: Change::Expand,
        why: "new table usage_daily; release 12 never reads it, and retention keeps the raw ledger rows budgets read",
    },
    Declared {
        version: 14,
        change: Change::Expand,
        why: "new index on alerts(resolved_at)",
    },
    Declared {
        version: 15,
        change: Change::Expand,
        why: "history.presentation_json added with a default; old inserts omit it",
    },
];

/// The declaration of `version`, if it has one.
pub fn declared(version: i64) -> Option<&'static Declared> {
    DECLARED.iter().find(|d| d.version == version)
}

/// The oldest schema version a binary must know to run on a database whose
/// applied migrations are `applied` (any order): the newest contract
/// migration among them, counting an undeclared one as contract. 0 when
/// none is (an empty database).
pub fn min_reader_schema(applied: impl IntoIterator<Item = i64>) -> i64 {
    applied
        .into_iter()
        .filter(|v| declared(*v).is_none_or(|d| d.change == Change::Contract))
        .max()
        .unwrap_or(0)
}

/// Where a database stands against this binary's migrations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SchemaStatus {
    /// The newest migration applied to the database (0: none, or no file).
    pub schema_version: i64,
    /// The newest migration this binary knows.
    pub known_schema_version: i64,
    /// Migrations this binary knows that the database lacks, oldest first.
    pub pending: Vec<i64>,
    /// Migrations applied by a newer release that this binary does not know.
    pub unknown: Vec<i64>,
    /// The database's recorded minimum reader schema for `schema_version`
    /// (`None`: not recorded, as on a database no release has opened since
    /// the level was introduced).
    pub min_reader_schema: Option<i64>,
    /// A migration recorded as failed part-way, if any.
    pub failed: Option<i64>,
}

/// What opening a database with this binary would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaState {
    /// At this binary's version.
    UpToDate,
    /// Migrations pending (applied on open unless `PITWALL_MIGRATE=false`).
    Pending,
    /// Newer than this binary, and its recorded level lets this binary run.
    AheadCompatible,
    /// Newer than this binary, and this binary must not run on it.
    TooNew,
    /// A migration failed part-way.
    Failed,
}

impl SchemaStatus {
    /// What this binary would do with the database.
    pub fn state(&self) -> SchemaState {
        if self.failed.is_some() {
            SchemaState::Failed
        } else if !self.unknown.is_empty() {
            // Known migrations missing under unknown newer ones is not a
            // history any release writes: refuse rather than apply out of order.
            if self.pending.is_empty() && self.needed() <= self.known_schema_version {
                SchemaState::AheadCompatible
            } else {
                SchemaState::TooNew
            }
        } else if self.pending.is_empty() {
            SchemaState::UpToDate
        } else {
            SchemaState::Pending
        }
    }

    /// The oldest binary schema the database accepts; without a record,
    /// its own version (only an equal or newer binary is known to be safe).
    pub fn needed(&self) -> i64 {
        self.min_reader_schema.unwrap_or(self.schema_version)
    }

    /// The refusal for `state`, if opening must stop (`apply`: whether
    /// pending migrations may be applied).
    pub fn refusal(&self, apply: bool) -> Option<SchemaRefusal> {
        match self.state() {
            SchemaState::UpToDate | SchemaState::AheadCompatible => None,
            SchemaState::Pending if apply => None,
            SchemaState::Pending => Some(SchemaRefusal::Pending {
                db: self.schema_version,
                known: self.known_schema_version,
                pending: self.pending.clone(),
            }),
            SchemaState::TooNew => Some(SchemaRefusal::TooNew {
                db: self.schema_version,
                known: self.known_schema_version,
                needs: self.needed().max(self.known_schema_version + 1),
            }),
            SchemaState::Failed => Some(SchemaRefusal::Failed {
                version: self.failed.unwrap_or(self.schema_version),
            }),
        }
    }
}

/// Why a database was not opened. Each message names the versions and what
/// the operator does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaRefusal {
    /// A newer release migrated the database past what this binary may run on.
    TooNew {
        /// The database's schema version.
        db: i64,
        /// The newest migration this binary knows.
        known: i64,
        /// The oldest binary schema the database accepts.
        needs: i64,
    },
    /// Migrations are pending and this process was told not to apply them.
    Pending {
        /// The database's schema version.
        db: i64,
        /// The newest migration this binary knows.
        known: i64,
        /// The pending migrations.
        pending: Vec<i64>,
    },
    /// A migration is recorded as failed part-way.
    Failed {
        /// The failed migration.
        version: i64,
    },
}

impl fmt::Display for SchemaRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooNew { db, known, needs } => write!(
                f,
                "the app database is at schema version {db}, but this binary knows schema \
                 versions only up to {known} and the database needs a binary knowing schema \
                 {needs} or newer; deploy that release again, or restore the backup taken \
                 before the upgrade (see docs/migrations.md#rollback)"
            ),
            Self::Pending { db, known, pending } => write!(
                f,
                "the app database is at schema version {db} and this binary needs {known}: \
                 migrations {} are pending and PITWALL_MIGRATE=false; run `pitwall migrate run` \
                 first (see docs/migrations.md)",
                version_list(pending)
            ),
            Self::Failed { version } => write!(
                f,
                "app database migration {version} is recorded as failed part-way; restore the \
                 backup taken before the upgrade (see docs/migrations.md#rollback)"
            ),
        }
    }
}

/// `1, 2, 3`, or `none`: versions as messages and `pitwall migrate` list them.
pub fn version_list(versions: &[i64]) -> String {
    if versions.is_empty() {
        return "none".into();
    }
    versions
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
