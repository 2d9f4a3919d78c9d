//! Retention: legal holds, the purge of what is due, and erasure of accounts.
//!
//! Guarantees (both backends, checked by the conformance suite):
//! - Each purge of a case, each erasure and each run of the audit purge is one transaction with
//!   its audit event, which carries counts and references, never content.
//! - What is due is decided again inside that transaction: a case put on legal hold, reopened or
//!   changed since it was listed is left alone.
//! - Audit events go oldest first, and only after the trail's base moved past them (the
//!   database's trigger refuses any other deletion).

use async_trait::async_trait;
use c4h_domain::ids::{RequestId, UserId};
use c4h_domain::policy::Grant;
use c4h_domain::retention::Cutoffs;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{AuditPurge, Change, Erasure, ErasureRule, LegalHold, PurgedCase};

#[async_trait]
pub trait RetentionStore {
    /// Places a legal hold on a request (grant: triage on the directory), with its reason, or
    /// lifts it (`None`). Whether anything changed (placing a hold twice changes nothing).
    async fn set_legal_hold(
        &self,
        grant: &Grant,
        request: RequestId,
        reason: Option<&str>,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// The hold on a request, if there is one.
    async fn legal_hold(&self, request: RequestId) -> Result<Option<LegalHold>, StoreError>;

    /// Requests due under `cutoffs` (ended or never submitted long enough, not on hold), oldest
    /// first, at most `limit`.
    async fn requests_due(
        &self,
        cutoffs: &Cutoffs,
        limit: u32,
    ) -> Result<Vec<RequestId>, StoreError>;

    /// Deletes a request and everything of its case if it is still due, writing `change` with
    /// what was removed added to its details. `None` when it was no longer due.
    async fn purge_request(
        &self,
        request: RequestId,
        cutoffs: &Cutoffs,
        change: &Change,
    ) -> Result<Option<PurgedCase>, StoreError>;

    /// Accounts never verified, created before `before`, not staff, that submitted nothing and
    /// are not erased yet; oldest first, at most `limit`.
    async fn unverified_accounts_due(
        &self,
        before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<UserId>, StoreError>;

    /// Erases an account under `rule`: its address and name become `pseudonym` (and an address
    /// that cannot receive mail), its password, second factor, sessions, tokens, notifications
    /// and drafts go, its memberships end. Its row stays, so cases and the trail still point at
    /// it, now under the pseudonym.
    async fn erase_account(
        &self,
        user: UserId,
        rule: ErasureRule,
        pseudonym: &str,
        change: &Change,
    ) -> Result<Erasure, StoreError>;

    /// Removes up to `limit` of the oldest audit events that happened before `before`: moves the
    /// trail's base to the newest of them, deletes them, and writes `change` (its details say
    /// which events went and the new base) in the same transaction. `None` when none is due.
    async fn purge_audit_events(
        &self,
        before: OffsetDateTime,
        limit: u32,
        change: &Change,
    ) -> Result<Option<AuditPurge>, StoreError>;

    /// Everything the service holds about a person, as the document they download: their
    /// account, memberships, sessions, notifications, the requests they filed, the messages,
    /// files (names and sizes), hours and feedback they wrote, and the audit events they caused.
    /// Sealed text is opened.
    async fn personal_data(&self, user: UserId) -> Result<serde_json::Value, StoreError>;
}
