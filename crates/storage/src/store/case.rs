//! A case's conversation: messages posted by its parties, each with a visibility and a TLP
//! marking.
//!
//! Guarantees (both backends): a message is written only by a party of the request (a member of
//! its organisation, the provider engaged on it, a coordinator) into a visibility that party may
//! write (`c4h_domain::case::may_write`), while the request is not over, with its audit event in
//! the same transaction. A file is added on the same terms, with its sealed bytes in the same
//! transaction as its record, and never beyond the case's number of files; it is read back only
//! by a party that may read its visibility.

use async_trait::async_trait;
use c4h_domain::ids::{AttachmentId, RequestId};
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{
    CaseMessage, Change, FeedbackOutcome, FeedbackToLeave, FileAdded, HoursEntry, NewCaseFile,
    StoredCaseFile,
};

#[async_trait]
pub trait CaseStore {
    /// Posts `message` on the request (grant: triage for coordinators; ask for help in its
    /// organisation for requesters; answering the offers of the engaged provider for its
    /// members). `false` when the request is not the grant's, is over, or the visibility is not
    /// one this party may write.
    async fn post_case_message(
        &self,
        grant: &Grant,
        request: RequestId,
        message: &CaseMessage,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Logs time on the request's engagement (grant: answering the offers of the engaged
    /// provider). Returns the minutes logged for the beneficiary (the request's organisation,
    /// over all its engagements) before and after, or `None` when the provider is not engaged on
    /// it or the engagement is not active.
    async fn log_hours(
        &self,
        grant: &Grant,
        request: RequestId,
        entry: &HoursEntry,
        change: &Change,
    ) -> Result<Option<(u64, u64)>, StoreError>;

    /// The minutes logged for the beneficiary of `request` over all its engagements.
    async fn beneficiary_minutes(&self, request: RequestId) -> Result<u64, StoreError>;

    /// The service closes a case resolved before `resolved_before` that is still resolved (the
    /// requester neither confirmed nor reopened it, and nobody resolved it again since), with its
    /// engagement. Whether it closed it.
    async fn close_after_silence(
        &self,
        request: RequestId,
        resolved_before: time::OffsetDateTime,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Adds a file to the request (grants as for [`CaseStore::post_case_message`]). `None` when
    /// the request is not the grant's; `TooMany` when it has `max_files` already (counted under a
    /// lock on the request, so concurrent uploads cannot pass it).
    async fn add_case_file(
        &self,
        grant: &Grant,
        request: RequestId,
        file: &NewCaseFile,
        max_files: u32,
        change: &Change,
    ) -> Result<Option<FileAdded>, StoreError>;

    /// A file of the request with its sealed bytes, if the grant's party may read it.
    async fn case_file(
        &self,
        grant: &Grant,
        request: RequestId,
        file: AttachmentId,
    ) -> Result<Option<StoredCaseFile>, StoreError>;

    /// The engaged provider records what happens next on the case (grant: answering the offers
    /// of the engaged provider). Whether it was recorded (the engagement is active).
    async fn set_next_steps(
        &self,
        grant: &Grant,
        request: RequestId,
        next_steps: &str,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// One side's feedback on the engagement, once (grant: the request's organisation for the
    /// requester's side, the engaged provider for the provider's). `None` when the grant's holder
    /// is not a party of the case or there is no engagement.
    async fn leave_feedback(
        &self,
        grant: &Grant,
        request: RequestId,
        feedback: &FeedbackToLeave,
        change: &Change,
    ) -> Result<Option<FeedbackOutcome>, StoreError>;

    /// A number that grows with every change on the request (its newest audit event), for pages
    /// that show its activity as it happens; `None` when nothing was recorded for it.
    async fn case_version(&self, request: RequestId) -> Result<Option<i64>, StoreError>;

    /// The hour budget a coordinator set for the beneficiary of `request`, if any.
    async fn beneficiary_budget(&self, request: RequestId) -> Result<Option<u32>, StoreError>;

    /// A coordinator sets the hour budget of the beneficiary of `request` (grant: triage).
    /// Whether the request exists.
    async fn set_beneficiary_budget(
        &self,
        grant: &Grant,
        request: RequestId,
        hours: u32,
        change: &Change,
    ) -> Result<bool, StoreError>;
}
