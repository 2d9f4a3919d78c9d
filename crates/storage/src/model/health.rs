//! What `c4h check` and `/readyz` report about the database.

use std::fmt;

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        })
    }
}

/// One setting that durability depends on, as read back from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurabilitySetting {
    pub name: &'static str,
    pub expected: &'static str,
    pub actual: String,
}

impl DurabilitySetting {
    pub fn holds(&self) -> bool {
        self.actual.eq_ignore_ascii_case(self.expected)
    }
}

/// The database's health.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    pub backend: Backend,
    pub server_version: String,
    pub settings: Vec<DurabilitySetting>,
    /// Migrations known to this binary and not yet applied.
    pub pending_migrations: Vec<String>,
}

impl HealthReport {
    /// The settings that do not hold.
    pub fn failures(&self) -> impl Iterator<Item = &DurabilitySetting> {
        self.settings.iter().filter(|setting| !setting.holds())
    }
}

/// How many rows of each kind there are, for `c4h check`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub organisations: i64,
    pub providers: i64,
    pub offerings: i64,
    pub users: i64,
    pub requests: i64,
    pub jobs_waiting: i64,
    pub jobs_failed: i64,
    pub audit_events: i64,
}

/// What operators watch, read at each metrics scrape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OperationsGauges {
    pub jobs_queued: i64,
    pub jobs_running: i64,
    pub jobs_failed: i64,
    pub offers_pending: i64,
    /// Submitted and not yet accepted for matching, declined, merged or withdrawn.
    pub requests_awaiting_triage: i64,
}

/// The database pool of this instance, now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections open, in use or idle.
    pub size: u32,
    pub idle: u32,
    /// The most it may open (`db_max_connections`).
    pub max: u32,
}

impl PoolStatus {
    pub fn in_use(&self) -> u32 {
        self.size.saturating_sub(self.idle)
    }
}
