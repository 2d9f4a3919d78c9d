//! Storage for Cyber 4 Healthcare: the [`Store`] trait, with a SQLite implementation (the embedded
//! default) and a PostgreSQL one, chosen at start-up from the database URL.
//!
//! Both implementations share their SQL (see `sql/store_impl.rs`) and pass one conformance suite
//! (`tests/conformance`). Each has its own migration tree under `migrations/`, with the same file
//! names.

mod audit;
pub mod backup;
mod catalogue;
mod codec;
mod error;
pub mod model;
mod postgres;
mod rows;
mod rows_identity;
mod rows_providers;
mod rows_requests;
pub mod sealing;
mod sqlite;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use audit::{ChainProblem, ChainReport, GENESIS_HASH, event_hash, verify_chain};
pub use codec::normalise_time;
pub use error::StoreError;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use store::{
    AccountStore, CredentialStore, InvitationStore, OrganisationStore, SessionStore, StaffStore,
    Store,
};

/// Where the database is, parsed from a `database_url` setting.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://data/c4h.db` (relative to the working folder) or `sqlite:///var/lib/c4h/c4h.db`.
    Sqlite { path: PathBuf },
    /// `postgres://user:password@host:port/database?options` (or `postgresql://`).
    Postgres { url: String },
}

/// Why a database URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("is empty")]
    Empty,
    #[error("has the scheme {0:?}, which is not supported; use sqlite://PATH or postgres://…")]
    UnknownScheme(String),
    #[error("has no scheme; use sqlite://PATH or postgres://…")]
    NoScheme,
    #[error("names no file; use e.g. sqlite://data/c4h.db")]
    NoPath,
    #[error(
        "asks for an in-memory SQLite database, which would lose everything on restart; name a file"
    )]
    InMemory,
}

impl DatabaseUrl {
    pub fn parse(value: &str) -> Result<Self, DatabaseUrlError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(DatabaseUrlError::Empty);
        }
        let Some((scheme, rest)) = value.split_once(':') else {
            return Err(DatabaseUrlError::NoScheme);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                let path = rest.strip_prefix("//").unwrap_or(rest);
                let path = path.split_once('?').map_or(path, |(path, _)| path);
                if path.is_empty() {
                    Err(DatabaseUrlError::NoPath)
                } else if path == ":memory:" || path.starts_with("file::memory:") {
                    Err(DatabaseUrlError::InMemory)
                } else {
                    Ok(Self::Sqlite { path: PathBuf::from(path) })
                }
            }
            "postgres" | "postgresql" => Ok(Self::Postgres { url: value.to_owned() }),
            other => Err(DatabaseUrlError::UnknownScheme(other.chars().take(20).collect())),
        }
    }

    /// The URL with any password replaced, safe to print and log.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite { path } => format!("sqlite://{}", path.display()),
            Self::Postgres { url } => redact_password(url),
        }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// `postgres://user:secret@host/db?password=x` becomes `postgres://user:***@host/db?…`; works
/// for any URL with credentials (SMTP addresses too).
pub fn redact_password(url: &str) -> String {
    let (base, query) =
        url.split_once('?').map_or((url, None), |(base, query)| (base, Some(query)));
    let query = match query {
        Some(query) if query.contains("password") => "?…",
        Some(_) => &url[base.len()..],
        None => "",
    };
    let Some((scheme, rest)) = base.split_once("://") else { return format!("{base}{query}") };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    format!("{scheme}://{authority}{path}{query}")
}

/// Connection pool sizing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// How long a request waits for a connection before the database counts as unavailable.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self { max_connections: 10, acquire_timeout: Duration::from_secs(5) }
    }
}

/// Opens the database the URL names.
pub async fn connect(
    url: &DatabaseUrl,
    settings: &PoolSettings,
    keys: Arc<sealing::Keys>,
) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match url {
        DatabaseUrl::Sqlite { path } => Arc::new(SqliteStore::open(path, settings, keys).await?),
        DatabaseUrl::Postgres { url } => Arc::new(PgStore::open(url, settings, keys).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_a_file() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/c4h.db"),
            Ok(DatabaseUrl::Sqlite { path: "data/c4h.db".into() })
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/c4h/c4h.db?mode=rwc"),
            Ok(DatabaseUrl::Sqlite { path: "/var/lib/c4h/c4h.db".into() })
        );
        assert_eq!(DatabaseUrl::parse("sqlite::memory:"), Err(DatabaseUrlError::InMemory));
        assert_eq!(DatabaseUrl::parse("sqlite://"), Err(DatabaseUrlError::NoPath));
    }

    #[test]
    fn other_schemes_are_refused_by_name() {
        assert_eq!(
            DatabaseUrl::parse("mysql://localhost/c4h"),
            Err(DatabaseUrlError::UnknownScheme("mysql".into()))
        );
        assert_eq!(DatabaseUrl::parse("data/c4h.db"), Err(DatabaseUrlError::NoScheme));
        assert_eq!(DatabaseUrl::parse(" "), Err(DatabaseUrlError::Empty));
    }

    #[test]
    fn passwords_never_print() {
        let url = DatabaseUrl::parse("postgres://c4h:s3cret@db.example:5432/c4h").unwrap();
        assert_eq!(url.redacted(), "postgres://c4h:***@db.example:5432/c4h");
        assert!(!format!("{url:?}").contains("s3cret"));
        let url = DatabaseUrl::parse("postgres://db.example/c4h?password=s3cret").unwrap();
        assert!(!url.redacted().contains("s3cret"));
    }
}
