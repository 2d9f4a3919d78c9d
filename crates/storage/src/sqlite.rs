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
    AttachmentId, EngagementId, FeedbackId, JobId, MembershipId, MessageId, NoteId, NotificationId,
    OfferId, OfferingId, OrganisationId, ProviderId, RequestId, ReviewId, SessionId, TimeEntryId,
    UserId,
};
use c4h_domain::offer_flow::{DeclineReason, OfferError, OfferStep};
use c4h_domain::policy::{Action, Grant, MemberOf, Principal, Resource};
use c4h_domain::request_flow::{RequestTransition, Role, TransitionError};
use c4h_domain::retention::Cutoffs;
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    Country, Delivery, EmailAddress, LanguageTag, M49Region, OfferState, Region, RequestState,
    RequesterKind, ServiceCategory, StaffRole, Urgency, VerificationState, VettingState,
};
use sqlx::QueryBuilder;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use time::{Duration, OffsetDateTime};

use crate::catalogue;
use crate::codec::{DbId, DbTime};
use crate::model::{
    Acceptance, AuditAnchors, AuditEvent, AuditFilter, AuditPurge, AuditRecord, AvailableOffering,
    Backend, CaseContacts, CaseEngagement, CaseFeedback, CaseFile, CaseMessage, CatalogueEntry,
    CatalogueQuery, Change, Contact, Counts, Credentials, Digest, DurabilitySetting,
    EmailPreference, Emergency, Erasure, ErasureRule, FeedbackOutcome, FeedbackToLeave, FileAdded,
    HealthReport, HoursEntry, Invitation, InvitationTarget, Job, JobFate, LegalHold,
    MatchingSnapshot, MemberView, MembershipDecision, NewCaseFile, NewInvitation, NewJob,
    NewNotification, NewOffering, NewOfferingText, NewOwnOrganisation, NewProvider, NewRequest,
    NewReview, NewSession, NewToken, NewUser, Notification, ObjectRef, OfferAnswer, OfferOutcome,
    OfferToSend, OfferingFilter, OfferingRow, OfferingSummary, OperationsGauges,
    OrganisationDetails, OrganisationFilter, OrganisationRow, OwnMembership, Page, PoolStatus,
    ProviderDetails, ProviderFilter, ProviderLoad, ProviderNote, ProviderOffer, ProviderRow,
    ProviderSummary, PurgedCase, QueueFilter, QueueRow, Recipient, RequestDetails, RequestMessage,
    RequestOffer, RequestStanding, RequestSummary, Review, ReviewOutcome, SeedData, SeedOutcome,
    SendOutcome, SessionContext, SessionRecord, StaffMember, Step, StepOutcome, StoredCaseFile,
    Submission, Submitted, TokenInfo, TokenPurpose, User, WaitingRequest, Window,
};
use crate::rows::{
    AuditRow, CatalogueRow, CatalogueScalars, JOB_COLUMNS, JobRow, UserRow, stored_language,
};
use crate::rows_identity::{
    self, CredentialsRow, InvitationRow, MemberRow, SessionContextRow, SessionRow, StaffRow,
};
use crate::rows_providers::{
    OfferingListRow, OrganisationDetailsRow, OrganisationListRow, ProviderDetailsRow,
    ProviderListRow, ReviewRow,
};
use crate::rows_requests::{
    FileRow, MessageRow, QueueListRow, REQUEST_COLUMNS, RequestRow, StoredFileRow, SummaryRow,
    urgency_rank,
};
use crate::sealing::{Keyring, Keys, open, open_opt, seal, seal_opt};
use crate::store::{
    AccountStore, AuditStore, CaseStore, CatalogueStore, CredentialStore, DirectoryStore,
    FollowUpStore, InvitationStore, KeyStore, MatchingStore, NotificationStore, OfferStore,
    OfferViewStore, OrganisationStore, ProviderStore, RequestStore, Resealed, RetentionStore,
    SessionStore, StaffStore,
};
use crate::{PoolSettings, Store, StoreError};

type Db = Sqlite;
type PoolOf = SqlitePool;
type Tx = WriteTx;
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
    /// The memberships of the user `u`, packed in one text column (see
    /// `rows_identity::packed_memberships`).
    pub const MEMBERSHIPS_OF_U: &str = "(SELECT group_concat(m.id || ' ' || \
        COALESCE(m.organisation_id, '-') || ' ' || COALESCE(m.provider_id, '-') || ' ' || m.role \
        || ' ' || m.state, ',') FROM memberships m WHERE m.user_id = u.id)";

    /// The next request number as a one-row table `n (v)`: one more than the largest, under
    /// SQLite's single writer.
    /// (Written as a descending index lookup: `MAX()` inside an expression is not optimised and
    /// would read every request.)
    pub const NEXT_REQUEST_NUMBER: &str = "(SELECT COALESCE((SELECT number FROM assistance_requests \
        ORDER BY number DESC LIMIT 1), 0) + 1 AS v)";
    /// `n.v` with at least six digits.
    pub const PADDED_REQUEST_NUMBER: &str = "printf('%06d', n.v)";
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

/// A write transaction, holding the store's writer turn until it ends. Dereferences to the
/// connection, like sqlx's own transaction, so the shared SQL uses both alike.
pub(crate) struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
    /// The store's copy of the audit head, and the head this transaction would leave.
    audit_head: AuditHead,
    appended: Option<(i64, String)>,
}

/// The audit chain's head as this process last wrote it; `None` until it is read.
type AuditHead = std::sync::Arc<std::sync::Mutex<Option<(i64, String)>>>;

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl WriteTx {
    /// Commits, then keeps the head this transaction appended (not before: a transaction that
    /// rolls back leaves the head where it was).
    async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        if let Some(head) = self.appended {
            *self.audit_head.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(head);
        }
        Ok(())
    }
}

/// The head to append after: the copy kept in memory (writes are serialised by the turn), or
/// read from the database the first time and when `reread` (the trigger said it moved).
async fn audit_head_for_append(tx: &mut Tx, reread: bool) -> Result<(i64, String), StoreError> {
    let kept = tx
        .appended
        .clone()
        .or_else(|| tx.audit_head.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone());
    match kept {
        Some(head) if !reread => Ok(head),
        _ => Ok(sqlx::query_as(dialect::READ_AUDIT_HEAD_FOR_UPDATE).fetch_one(&mut **tx).await?),
    }
}

/// Notes the head an append left, for the next append of this transaction and, once it commits,
/// of the store.
fn audit_appended(tx: &mut Tx, seq: i64, hash: String) {
    tx.appended = Some((seq, hash));
}

/// Inserts the request rows of a batch of submissions (group commit, see `sql/group_commit.rs`):
/// each one's reference, or `None` for a key submitted before. One statement each: SQLite runs
/// in this process, so a statement costs no round trip, and the next number is one more than the
/// largest under the single writer.
async fn insert_requests(
    tx: &mut Tx,
    batch: &[&PendingSubmission],
) -> Result<Vec<Option<String>>, StoreError> {
    let mut references = Vec::with_capacity(batch.len());
    for p in batch {
        let now = p.change.now();
        references.push(
            insert_request_row(tx, p.requester, p.organisation, &p.submission, &p.key, now).await?,
        );
    }
    Ok(references)
}

/// Waits for the writer's turn, then begins `IMMEDIATE`. SQLite has one writer at a time; letting
/// pooled connections race for its lock makes the losers sleep in its busy handler (backing off
/// up to 100 ms each), which shows as long tails under load. Queueing for the turn here instead
/// is first come, first served, and wakes the next writer the moment the lock is free.
///
/// The connection is taken from the pool before the turn, so that a writer never holds the turn
/// while it waits for a connection that readers are using.
async fn begin_write(store: &SqliteStore) -> Result<Tx, StoreError> {
    let connection = store.pool.acquire().await?;
    let turn = store.writer.clone().lock_owned().await;
    let tx =
        Transaction::begin(connection, Some(sqlx::SqlSafeStr::into_sql_str("BEGIN IMMEDIATE")))
            .await?;
    Ok(WriteTx { tx, _turn: turn, audit_head: store.audit_head.clone(), appended: None })
}

/// A SQLite database file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
    /// The writer's turn (see `begin_write`).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    audit_head: AuditHead,
    /// Writes submissions in groups (see `sql/group_commit.rs`); `None` in the writer's own copy.
    submitter: Option<group_commit::Submitter>,
    /// What seals free text before it is written and opens it when read.
    keys: std::sync::Arc<Keys>,
}

impl SqliteStore {
    /// Opens (creating when missing) the database file at `path` and its folder, and checks that
    /// the durability settings took effect.
    pub async fn open(
        path: &Path,
        settings: &PoolSettings,
        keys: std::sync::Arc<Keys>,
    ) -> Result<Self, StoreError> {
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
            // A file's connections do not go stale, and a ping before every query would double
            // the round trips to the connection's thread.
            .test_before_acquire(false)
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
        let store = Self {
            pool,
            path: path.to_owned(),
            writer: Default::default(),
            audit_head: Default::default(),
            submitter: None,
            keys,
        };
        let (_, settings) = store.durability().await?;
        if let Some(failed) = settings.into_iter().find(|setting| !setting.holds()) {
            return Err(StoreError::Durability {
                name: failed.name,
                expected: failed.expected,
                actual: failed.actual,
            });
        }
        let submitter = group_commit::Submitter::start(store.clone());
        Ok(Self { submitter: Some(submitter), ..store })
    }

    /// A consistent copy of the database at `target`, taken in one read transaction while
    /// writers go on (`VACUUM INTO`, which also leaves out free pages).
    async fn snapshot_into_file(&self, target: &Path) -> Result<(), StoreError> {
        let target = target.to_str().ok_or_else(|| {
            StoreError::Backup(format!("{} is not a path SQLite can take", target.display()))
        })?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.pool).await?;
        Ok(())
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
include!("sql/emergency.rs");
include!("sql/offers.rs");
include!("sql/offer_views.rs");
include!("sql/case.rs");
include!("sql/case_reading.rs");
include!("sql/notifications.rs");
include!("sql/follow_ups.rs");
include!("sql/audit.rs");
include!("sql/keys.rs");
include!("sql/matching.rs");
include!("sql/retention.rs");
include!("sql/personal_data.rs");

/// Group commit for submissions (see `sql/group_commit.rs`).
mod group_commit {
    use super::{
        Change, PendingSubmission, StoreError, Submitted, ThisStore, begin_write, insert_requests,
        record_changes, repeated, submit_alone,
    };
    include!("sql/group_commit.rs");
}
