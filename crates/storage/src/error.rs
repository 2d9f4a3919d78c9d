//! The storage error, classified so that callers can react without reading driver errors.
//!
//! Policy: a unique-constraint violation is [`StoreError::Duplicate`] (the caller turns it into a
//! field error); a lost or refused connection is [`StoreError::Unavailable`] (503 and retry);
//! anything else is a bug or corruption and is reported as such. Messages never contain row data.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached now; retrying later may work.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),

    /// A row with the same unique key exists; `constraint` names the key.
    #[error("a record with the same {constraint} already exists")]
    Duplicate { constraint: String },

    /// The folder that should hold the SQLite file cannot be created or written.
    #[error("cannot use the data folder {}: {source}", .path.display())]
    DataFolder { path: PathBuf, source: std::io::Error },

    /// A durability setting did not take effect (SQLite); the service refuses to run without it.
    #[error("the database setting {name} is {actual}, but {expected} is required")]
    Durability { name: &'static str, expected: &'static str, actual: String },

    /// The schema could not be brought up to date.
    #[error("migrating the database failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),

    /// A stored value does not decode (edited by hand, or written by a newer version).
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),

    /// A method was called with a grant for another action or kind of object: a programming
    /// error, reported rather than acted on.
    #[error("the grant does not cover this: {0}")]
    WrongGrant(&'static str),

    /// A backup could not be taken or restored (the tool failed, the target is not empty, the
    /// copy does not pass its integrity check); says why in words.
    #[error("{0}")]
    Backup(String),

    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Duplicate {
                constraint: db
                    .constraint()
                    .map_or_else(|| unique_key_from_message(db.message()), str::to_owned),
            },
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => Self::Unavailable(error),
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                Self::Corrupt(error.to_string())
            }
            _ => Self::Database(error),
        }
    }
}

/// SQLite names the columns rather than the constraint: "UNIQUE constraint failed: users.email".
fn unique_key_from_message(message: &str) -> String {
    message.rsplit_once(": ").map_or(message, |(_, columns)| columns).to_owned()
}

impl StoreError {
    /// Whether the failure is the database being away rather than a fault of the request.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}
