//! The SQLite implementation: the embedded default, one file, nothing to install.
//!
//! Guarantees, checked when the store opens (it refuses to open otherwise):
//! - WAL journal, `synchronous=FULL` (an acknowledged commit survives power loss), foreign keys
//!   enforced, and a busy timeout so that writers queue instead of failing.
//! - Every write transaction begins `IMMEDIATE`: it takes the write lock before reading, so a
//!   read-then-write can never fail half-way with "database is locked".

use std::path::{Path, PathBuf};
use std::str::FromStr;

use async_trait::async_trait;
use c4h_domain::ids::{
    JobId, MembershipId, MessageId, NoteId, OfferingId, OrganisationId, ProviderId, RequestId,
    ReviewId, SessionId, UserId,
};
use c4h_domain::policy::{Action, Grant, MemberOf, Membership, Principal, Resource};
use c4h_domain::request_flow::{Role, TransitionError};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    Delivery, EmailAddress, LanguageTag, M49Region, Region, RequestState, RequesterKind,
    ServiceCategory, StaffRole, Urgency, VerificationState, VettingState,
};
use sqlx::QueryBuilder;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use time::{Duration, OffsetDateTime};

use crate::catalogue;
use crate::codec::{DbId, DbTime};
use crate::model::{
    Acceptance, AuditEvent, AuditRecord, Backend, CatalogueEntry, CatalogueQuery, Change, Counts,
    Credentials, DurabilitySetting, HealthReport, Invitation, InvitationTarget, Job, JobFate,
    MemberView, MembershipDecision, NewInvitation, NewJob, NewOffering, NewOfferingText,
    NewOwnOrganisation, NewProvider, NewRequest, NewReview, NewSession, NewToken, NewUser,
    OfferingFilter, OfferingRow, OfferingSummary, OrganisationDetails, OrganisationFilter,
    OrganisationRow, OwnMembership, Page, ProviderDetails, ProviderFilter, ProviderNote,
    ProviderRow, ProviderSummary, QueueFilter, QueueRow, RequestDetails, RequestMessage,
    RequestSummary, Review, ReviewOutcome, SeedData, SeedOutcome, SessionContext, SessionRecord,
    StaffMember, Step, StepOutcome, Submission, Submitted, TokenInfo, TokenPurpose, User, Window,
};
use crate::rows::{
    AuditRow, CatalogueRow, CatalogueScalars, JOB_COLUMNS, JobRow, UserRow, stored_language,
};
use crate::rows_identity::{
    self, CredentialsRow, InvitationRow, MemberRow, MembershipRow, SessionRow, SessionWithUserRow,
    StaffRow,
};
use crate::rows_providers::{
    OfferingListRow, OrganisationDetailsRow, OrganisationListRow, ProviderDetailsRow,
    ProviderListRow, ReviewRow,
};
use crate::rows_requests::{
    MessageRow, QueueListRow, REQUEST_COLUMNS, RequestRow, SummaryRow, urgency_rank,
};
use crate::store::{
    AccountStore, CatalogueStore, CredentialStore, DirectoryStore, InvitationStore,
    OrganisationStore, ProviderStore, RequestStore, SessionStore, StaffStore,
};
use crate::{PoolSettings, Store, StoreError};

type Db = Sqlite;
type PoolOf = SqlitePool;
type Tx = Transaction<'static, Sqlite>;
type ThisStore = SqliteStore;
const BACKEND: Backend = Backend::Sqlite;
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// How long a connection waits for the write lock before giving up with "database is busy".
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The SQL that differs from PostgreSQL's.
/// The plan's lines, from `EXPLAIN QUERY PLAN` (the `detail` column).
fn plan_text(rows: &[sqlx::sqlite::SqliteRow]) -> String {
    use sqlx::Row;
    rows.iter()
        .filter_map(|row| row.try_get::<String, _>("detail").ok())
        .collect::<Vec<_>>()
        .join("\n")
}

mod dialect {
    /// The next request number: one more than the largest, under SQLite's single writer.
    pub const NEXT_REQUEST_NUMBER: &str =
        "SELECT COALESCE(MAX(number), 0) + 1 FROM assistance_requests";
    /// How to ask for a query plan.
    pub const EXPLAIN: &str = "EXPLAIN QUERY PLAN ";

    /// SQLite has no row locks; the IMMEDIATE transaction already holds the write lock.
    pub const READ_AUDIT_HEAD_FOR_UPDATE: &str = "SELECT last_seq, last_hash FROM audit_chain_head";

    /// One statement, atomic under SQLite's single writer. `$1` worker, `$2` lease end, `$3` now,
    /// `$4` limit.
    pub const CLAIM_JOBS: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, \
        locked_by = $1, locked_until = $2 \
        WHERE id IN (SELECT id FROM jobs \
            WHERE (state = 'queued' AND run_at <= $3) OR (state = 'running' AND locked_until <= $3) \
            ORDER BY run_at LIMIT $4) \
        RETURNING id, kind, payload, idempotency_key, state, attempts, max_attempts, run_at, \
        locked_by, locked_until, last_error";
}

async fn begin_write(pool: &SqlitePool) -> Result<Tx, StoreError> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// A SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path` and its folder, and checks that
    /// the durability settings took effect.
    pub async fn open(path: &Path, settings: &PoolSettings) -> Result<Self, StoreError> {
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreError::DataFolder { path: folder.to_owned(), source })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await
            .map_err(|error| match error {
                sqlx::Error::Database(ref db) if db.code().as_deref() == Some("14") => {
                    // SQLITE_CANTOPEN: the folder exists but the file cannot be created or opened.
                    StoreError::DataFolder {
                        path: path.to_owned(),
                        source: std::io::Error::other(db.message().to_owned()),
                    }
                }
                other => other.into(),
            })?;
        let store = Self { pool, path: path.to_owned() };
        let (_, settings) = store.durability().await?;
        if let Some(failed) = settings.into_iter().find(|setting| !setting.holds()) {
            return Err(StoreError::Durability {
                name: failed.name,
                expected: failed.expected,
                actual: failed.actual,
            });
        }
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the settings back from a pooled connection, as every connection sets them.
    async fn durability(&self) -> Result<(String, Vec<DurabilitySetting>), StoreError> {
        let mut conn = self.pool.acquire().await?;
        let version: String =
            sqlx::query_scalar("SELECT sqlite_version()").fetch_one(&mut *conn).await?;
        let journal: String =
            sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await?;
        let synchronous: i64 =
            sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await?;
        let foreign_keys: i64 =
            sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&mut *conn).await?;
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout").fetch_one(&mut *conn).await?;
        let synchronous = match synchronous {
            0 => "off".to_owned(),
            1 => "normal".to_owned(),
            2 => "full".to_owned(),
            3 => "extra".to_owned(),
            other => other.to_string(),
        };
        let settings = vec![
            DurabilitySetting { name: "journal_mode", expected: "wal", actual: journal },
            DurabilitySetting { name: "synchronous", expected: "full", actual: synchronous },
            DurabilitySetting {
                name: "foreign_keys",
                expected: "on",
                actual: on_off(foreign_keys),
            },
            DurabilitySetting {
                name: "busy_timeout",
                expected: "set",
                actual: if busy > 0 { "set".to_owned() } else { "0".to_owned() },
            },
        ];
        Ok((version, settings))
    }
}

fn on_off(value: i64) -> String {
    if value == 1 { "on" } else { "off" }.to_owned()
}

include!("sql/store_impl.rs");
include!("sql/jobs.rs");
include!("sql/seed.rs");
include!("sql/accounts.rs");
include!("sql/sessions.rs");
include!("sql/organisations.rs");
include!("sql/credentials.rs");
include!("sql/staff.rs");
include!("sql/invitations.rs");
include!("sql/catalogue.rs");
include!("sql/providers.rs");
include!("sql/directory.rs");
include!("sql/requests.rs");
