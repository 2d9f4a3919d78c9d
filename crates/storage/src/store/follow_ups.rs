//! Follow-ups on closed cases: 30 and 90 days after a case closes, its requester is asked whether
//! the problem came back.
//!
//! Guarantees (both backends): a question is asked only of a closed request, with its audit event
//! and notifications in the same transaction; it is answered once (answering clears it in the
//! statement that checks it).

use async_trait::async_trait;
use c4h_domain::ids::RequestId;
use c4h_domain::policy::Grant;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::Change;

#[async_trait]
pub trait FollowUpStore {
    /// Asks the question of a request still closed, writing `change` with it. Whether it asked.
    async fn ask_follow_up(&self, request: RequestId, change: &Change) -> Result<bool, StoreError>;

    /// When the question waiting on `request` was asked, if one is.
    async fn follow_up_asked(
        &self,
        request: RequestId,
    ) -> Result<Option<OffsetDateTime>, StoreError>;

    /// The requester answers (grant: asking for help in the request's organisation): clears the
    /// question and writes `change`. When it had been asked; `None` when no question waited.
    async fn answer_follow_up(
        &self,
        grant: &Grant,
        request: RequestId,
        change: &Change,
    ) -> Result<Option<OffsetDateTime>, StoreError>;
}
