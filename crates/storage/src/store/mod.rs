//! The storage trait: everything the service asks of its database.
//!
//! Rules every implementation follows (the conformance suite checks them on both backends):
//! - A method that changes data takes a [`Change`] and writes the change's audit event and jobs in
//!   the same transaction as the data: all of it commits or none of it does.
//! - Storage never reads the clock: instants come from the caller (`Change::now`, `now`
//!   parameters), so tests can run on a fake clock.
//! - SQL is parameterised; no value is ever spliced into a statement.
//! - A method that reads or changes protected data takes a [`c4h_domain::policy::Grant`] and reads
//!   the object to act on from it.
//! - Exceptions to the first rule, because they record no business change: job queue operations,
//!   rate-limit counters, and touching a session's last-seen time.
//!
//! The trait is split by subject; [`Store`] is all of them. Bring the sub-traits into scope with
//! `use c4h_storage::store::*;` (or name them) to call their methods on a `dyn Store`.

mod accounts;
mod audit;
mod case;
mod catalogue;
mod credentials;
mod directory;
mod follow_ups;
mod invitations;
mod keys;
mod matching;
mod notifications;
mod offer_views;
mod offers;
mod organisations;
mod providers;
mod requests;
mod retention;
mod sessions;
mod staff;

pub use accounts::AccountStore;
pub use audit::AuditStore;
pub use case::CaseStore;
pub use catalogue::CatalogueStore;
pub use credentials::CredentialStore;
pub use directory::DirectoryStore;
pub use follow_ups::FollowUpStore;
pub use invitations::InvitationStore;
pub use keys::{KeyStore, Resealed};
pub use matching::MatchingStore;
pub use notifications::NotificationStore;
pub use offer_views::OfferViewStore;
pub use offers::OfferStore;
pub use organisations::OrganisationStore;
pub use providers::ProviderStore;
pub use requests::RequestStore;
pub use retention::RetentionStore;
pub use sessions::SessionStore;
pub use staff::StaffStore;

use async_trait::async_trait;
use c4h_domain::ids::JobId;
use time::{Duration, OffsetDateTime};

use crate::StoreError;
use crate::model::{
    AuditAnchors, AuditEvent, Backend, Change, Counts, HealthReport, Job, JobFate, NewJob,
    OperationsGauges, PoolStatus, SeedData, SeedOutcome,
};

#[async_trait]
pub trait Store:
    AccountStore
    + AuditStore
    + CatalogueStore
    + CredentialStore
    + DirectoryStore
    + ProviderStore
    + RequestStore
    + StaffStore
    + SessionStore
    + OrganisationStore
    + InvitationStore
    + OfferStore
    + OfferViewStore
    + CaseStore
    + MatchingStore
    + NotificationStore
    + FollowUpStore
    + KeyStore
    + RetentionStore
    + Send
    + Sync
    + std::fmt::Debug
{
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// Applies the migrations this binary carries that the database has not seen yet.
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Answers as soon as the database does; for readiness probes.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Version, durability settings and pending migrations.
    async fn health(&self) -> Result<HealthReport, StoreError>;

    /// Row counts for `c4h check`.
    async fn counts(&self) -> Result<Counts, StoreError>;

    /// The queue depths operators watch (metrics), in one statement.
    async fn operations_gauges(&self) -> Result<OperationsGauges, StoreError>;

    /// This instance's database pool, now (no query).
    fn pool_status(&self) -> PoolStatus;

    /// Inserts every object of `data` whose id is not there yet, in one transaction.
    async fn seed(&self, data: &SeedData, change: &Change) -> Result<SeedOutcome, StoreError>;

    /// Records a change that writes no data of its own: an audit event (a failed sign-in, a
    /// lockout) and the jobs that go with it.
    async fn record(&self, change: &Change) -> Result<(), StoreError>;

    /// Enqueues jobs that no write causes (timers, retries asked for by an operator). Jobs whose
    /// idempotency key is already known are skipped; returns how many were enqueued.
    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> Result<u64, StoreError>;

    /// Claims up to `limit` due jobs for `worker` until `now + lease`. A job is due when it is
    /// queued and its time has come, or when it is running and its lease has lapsed (the worker
    /// died). No two workers ever hold the same job at once.
    async fn claim_jobs(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError>;

    /// Marks a job done and drops its payload (which may hold a link's token until the e-mail is
    /// sent); `false` when `worker` no longer held it.
    async fn complete_job(
        &self,
        id: JobId,
        worker: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError>;

    /// Records a failed attempt: queued again for `retry_at`, or failed for good when out of
    /// attempts.
    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        now: OffsetDateTime,
        retry_at: OffsetDateTime,
    ) -> Result<JobFate, StoreError>;

    /// Deletes done and failed jobs that finished before `before`; returns how many.
    async fn purge_finished_jobs(&self, before: OffsetDateTime) -> Result<u64, StoreError>;

    async fn job(&self, id: JobId) -> Result<Option<Job>, StoreError>;

    /// Audit events with `seq > after`, oldest first, at most `limit`.
    async fn audit_events(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;

    /// The chain head kept outside the audit table: the last sequence number and its hash.
    async fn audit_head(&self) -> Result<(i64, String), StoreError>;

    /// Both ends of the chain as `audit_chain_head` anchors them: the retention base and the head.
    async fn audit_anchors(&self) -> Result<AuditAnchors, StoreError>;

    /// Writes a consistent copy of the whole database to `target` (which must not exist) while
    /// writers go on: SQLite's `VACUUM INTO` (one read transaction), PostgreSQL's `pg_dump` in
    /// its custom format (one snapshot). Not encrypted here: the caller seals it.
    async fn snapshot_into(&self, target: &std::path::Path) -> Result<(), StoreError>;

    /// The keyring this store seals and opens free text with (shared with the service, which
    /// seals files with it too).
    fn keys(&self) -> std::sync::Arc<crate::sealing::Keys>;

    /// One bare INSERT into `write_probes`, outside any transaction, through the same pool as
    /// everything else: the ceiling of writes that the load benchmark compares the service with.
    /// Records no audit event: it changes no business data.
    async fn write_probe(&self, id: uuid::Uuid, at: OffsetDateTime) -> Result<(), StoreError>;
}
