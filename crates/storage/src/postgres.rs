//! The PostgreSQL implementation, for operators who run several instances on one database.
//!
//! Guarantees:
//! - Job claims use `FOR UPDATE SKIP LOCKED`, so concurrent workers on any number of instances
//!   never take the same job and never wait on each other.
//! - Audit appends lock the chain head row, so the chain stays linear across instances.
//! - Durability settings (`fsync`, `synchronous_commit`, `full_page_writes`) are reported by
//!   `c4h check` and logged when off; they belong to the database's operator, so the service
//!   warns rather than refuses.

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
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
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

type Db = Postgres;
type PoolOf = PgPool;
type Tx = Transaction<'static, Postgres>;
type ThisStore = PgStore;
const BACKEND: Backend = Backend::Postgres;
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

/// The SQL that differs from SQLite's.
/// The plan's lines, from `EXPLAIN`.
fn plan_text(rows: &[sqlx::postgres::PgRow]) -> String {
    use sqlx::Row;
    rows.iter().filter_map(|row| row.try_get::<String, _>(0).ok()).collect::<Vec<_>>().join("\n")
}

mod dialect {
    /// The memberships of the user `u`, packed in one text column (see
    /// `rows_identity::packed_memberships`).
    pub const MEMBERSHIPS_OF_U: &str = "(SELECT string_agg(m.id::text || ' ' || \
        COALESCE(m.organisation_id::text, '-') || ' ' || COALESCE(m.provider_id::text, '-') || ' ' \
        || m.role || ' ' || m.state, ',') FROM memberships m WHERE m.user_id = u.id)";

    /// The next request number as a one-row table `n (v)`, from a sequence: concurrent
    /// submissions never wait for it.
    pub const NEXT_REQUEST_NUMBER: &str = "(SELECT nextval('request_numbers') AS v)";
    /// `n.v` with at least six digits.
    pub const PADDED_REQUEST_NUMBER: &str =
        "CASE WHEN n.v < 1000000 THEN lpad(n.v::text, 6, '0') ELSE n.v::text END";
    /// How to ask for a query plan.
    pub const EXPLAIN: &str = "EXPLAIN ";

    /// Locks the head row until commit, so appends from all instances queue up.
    pub const READ_AUDIT_HEAD_FOR_UPDATE: &str =
        "SELECT last_seq, last_hash FROM audit_chain_head FOR UPDATE";

    /// `$1` worker, `$2` lease end, `$3` now, `$4` limit. SKIP LOCKED lets concurrent workers
    /// each take different jobs instead of waiting for one another.
    pub const CLAIM_JOBS: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, \
        locked_by = $1, locked_until = $2 \
        WHERE id IN (SELECT id FROM jobs \
            WHERE (state = 'queued' AND run_at <= $3) OR (state = 'running' AND locked_until <= $3) \
            ORDER BY run_at LIMIT $4 FOR UPDATE SKIP LOCKED) \
        RETURNING id, kind, payload, idempotency_key, state, attempts, max_attempts, run_at, \
        locked_by, locked_until, last_error";
}

async fn begin_write(store: &PgStore) -> Result<Tx, StoreError> {
    Ok(store.pool.begin().await?)
}

/// The head to append after, locked until the transaction ends: appends from every instance queue
/// up here, so the chain never forks.
async fn audit_head_for_append(tx: &mut Tx, _reread: bool) -> Result<(i64, String), StoreError> {
    Ok(sqlx::query_as(dialect::READ_AUDIT_HEAD_FOR_UPDATE).fetch_one(&mut **tx).await?)
}

/// Inserts the request rows of a batch of submissions in one statement (group commit, see
/// `sql/group_commit.rs`): each one's reference, or `None` for a key submitted before. One
/// statement, because each one is a round trip to the server while the batch holds the audit
/// head's lock. The same columns and values as `submission_sql`, a number from the sequence per
/// row.
async fn insert_requests(
    tx: &mut Tx,
    batch: &[&PendingSubmission],
) -> Result<Vec<Option<String>>, StoreError> {
    let mut insert = QueryBuilder::<Db>::new(
        "INSERT INTO assistance_requests (id, reference, number, organisation_id, requester_id, \
         state, description, active_incident, ransomware, patient_care_impact, systems_down, \
         data_breach, breach_aware_at, email_compromised, out_of_band_contact, category, \
         languages, consent_to_share, tlp, urgency, computed_urgency, urgency_rank, \
         urgency_reasons, from_unverified_organisation, idempotency_key, submitted_at, \
         state_changed_at, created_at, updated_at) \
         SELECT w.id, 'C4H-' || w.year || '-' || \
         CASE WHEN w.n < 1000000 THEN lpad(w.n::text, 6, '0') ELSE w.n::text END, w.n, \
         w.organisation_id, w.requester_id, w.state, w.description, w.active_incident, \
         w.ransomware, w.patient_care, w.systems_down, w.data_breach, w.breach_aware_at, \
         w.email_compromised, w.out_of_band_contact, w.category, w.languages, TRUE, w.tlp, \
         w.urgency, w.urgency, w.urgency_rank, w.urgency_reasons, \
         COALESCE((SELECT verification_state <> 'verified' FROM organisations o \
         WHERE o.id = w.organisation_id), TRUE), \
         w.idempotency_key, w.submitted_at, w.now, w.now, w.now \
         FROM (SELECT v.*, nextval('request_numbers') AS n FROM (",
    );
    insert.push_values(batch, |mut row, p| {
        let (submission, now) = (&p.submission, p.change.now());
        let (draft, signals) = (&submission.draft, &submission.draft.signals);
        let submitted = submission.state == RequestState::Submitted;
        row.push_bind(DbId::from(submission.id))
            .push_bind(now.year().to_string())
            .push_bind(DbId::from(p.organisation))
            .push_bind(DbId::from(p.requester))
            .push_bind(submission.state.as_str())
            .push_bind(&draft.description)
            .push_bind(signals.active_incident)
            .push_bind(signals.ransomware)
            .push_bind(space_separated(signals.patient_care.iter().map(|c| c.as_str())))
            .push_bind(signals.systems_down)
            .push_bind(signals.data_breach)
            .push_bind(signals.breach_aware_at.map(DbTime::new))
            .push_bind(signals.email_compromised)
            .push_bind(draft.out_of_band_contact.as_deref())
            .push_bind(draft.category.map(|c| c.as_str()))
            .push_bind(space_separated(draft.languages.iter().map(LanguageTag::as_str)))
            .push_bind(draft.tlp.as_str())
            .push_bind(draft.triage.urgency.as_str())
            .push_bind(urgency_rank(draft.triage.urgency))
            .push_bind(space_separated(draft.triage.reasons.iter().map(|r| r.as_str())))
            .push_bind(&p.key)
            .push_bind(submitted.then_some(DbTime::new(now)))
            .push_bind(DbTime::new(now));
    });
    insert.push(
        ") AS v (id, year, organisation_id, requester_id, state, description, active_incident, \
         ransomware, patient_care, systems_down, data_breach, breach_aware_at, email_compromised, \
         out_of_band_contact, category, languages, tlp, urgency, urgency_rank, urgency_reasons, \
         idempotency_key, submitted_at, now)) w \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, reference",
    );
    let rows: Vec<(DbId, String)> = insert.build_query_as().fetch_all(&mut **tx).await?;
    let mut created: std::collections::HashMap<uuid::Uuid, String> =
        rows.into_iter().map(|(id, reference)| (id.0, reference)).collect();
    Ok(batch.iter().map(|p| created.remove(&p.submission.id.as_uuid())).collect())
}

/// The trigger moved the head with the event; nothing to keep.
fn audit_appended(_tx: &mut Tx, _seq: i64, _hash: String) {}

/// A PostgreSQL database.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// Writes submissions in groups (see `sql/group_commit.rs`); `None` in the writer's own copy.
    submitter: Option<group_commit::Submitter>,
    /// What seals free text before it is written and opens it when read.
    keys: std::sync::Arc<Keys>,
    /// The connection URL, for `pg_dump`.
    url: String,
}

impl PgStore {
    /// Connects to `url` and logs any durability setting that is off.
    pub async fn open(
        url: &str,
        settings: &PoolSettings,
        keys: std::sync::Arc<Keys>,
    ) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?.application_name("c4h");
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect_with(options)
            .await?;
        let store = Self { pool, submitter: None, keys, url: url.to_owned() };
        let (_, durability) = store.durability().await?;
        for setting in durability.iter().filter(|setting| !setting.holds()) {
            tracing::warn!(
                setting.name = setting.name,
                setting.actual = %setting.actual,
                "a PostgreSQL durability setting is off; acknowledged writes may be lost in a crash"
            );
        }
        let submitter = group_commit::Submitter::start(store.clone());
        Ok(Self { submitter: Some(submitter), ..store })
    }

    /// `pg_dump` of the whole database in its custom format: one consistent snapshot, taken
    /// while writers go on.
    async fn snapshot_into_file(&self, target: &std::path::Path) -> Result<(), StoreError> {
        let (url, target) = (self.url.clone(), target.to_owned());
        crate::backup::run_tool(move || {
            std::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges"])
                .arg(format!("--file={}", target.display()))
                .arg(format!("--dbname={url}"))
                .output()
        })
        .await
    }

    async fn durability(&self) -> Result<(String, Vec<DurabilitySetting>), StoreError> {
        let version: String =
            sqlx::query_scalar("SHOW server_version").fetch_one(&self.pool).await?;
        let mut settings = Vec::new();
        for (name, statement) in [
            ("fsync", "SHOW fsync"),
            ("synchronous_commit", "SHOW synchronous_commit"),
            ("full_page_writes", "SHOW full_page_writes"),
        ] {
            let actual: String = sqlx::query_scalar(statement).fetch_one(&self.pool).await?;
            settings.push(DurabilitySetting { name, expected: "on", actual });
        }
        Ok((version, settings))
    }
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
