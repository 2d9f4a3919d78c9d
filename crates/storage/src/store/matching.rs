//! What matching reads.

use async_trait::async_trait;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::MatchingSnapshot;

#[async_trait]
pub trait MatchingStore {
    /// The service's own read for matching at `now`: requests in matching or waitlisted (most
    /// urgent, then longest waiting, first), offerings the catalogue shows with their capacity
    /// left, and vetted providers' load. Nothing in it names or describes an organisation or a
    /// person, so it takes no grant; it is never shown as it is.
    async fn matching_snapshot(&self, now: OffsetDateTime) -> Result<MatchingSnapshot, StoreError>;
}
