//! Offers: a request proposed to one offering, answered by its provider, expiring at its
//! deadline.
//!
//! Guarantees (both backends): at most one offer holds a request at a time (pending or
//! accepted; a partial unique index), so exactly one engagement can come of any number of
//! concurrent accepts; every step goes through `c4h_domain::offer_flow` and is applied only
//! from the state it was computed from, with the request's own transition and the audit event
//! in the same transaction.

use async_trait::async_trait;
use c4h_domain::ids::{OfferId, RequestId};
use c4h_domain::policy::Grant;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{Change, OfferAnswer, OfferOutcome, OfferToSend, ProviderOffer, SendOutcome};

#[async_trait]
pub trait OfferStore {
    /// Sends `offer` (a coordinator's triage grant): the request goes from
    /// matching to offered. `None` when the request does not exist; an offering that does not
    /// exist, or cannot take offers now, is `OfferingUnavailable`.
    async fn send_offer(
        &self,
        grant: &Grant,
        offer: &OfferToSend,
        change: &Change,
    ) -> Result<Option<SendOutcome>, StoreError>;

    /// The service sends an offer itself (auto-offer, the next best after a decline or an
    /// expiry): the same as `send_offer`, without a coordinator's grant.
    async fn send_offer_as_the_service(
        &self,
        offer: &OfferToSend,
        change: &Change,
    ) -> Result<Option<SendOutcome>, StoreError>;

    /// The provider's answer (a grant to answer the offers of the offering's provider): an
    /// acceptance opens the engagement, a decline sends the request back to matching. `None`
    /// when the offer does not exist or is another provider's.
    async fn answer_offer(
        &self,
        grant: &Grant,
        answer: &OfferAnswer,
        change: &Change,
    ) -> Result<Option<OfferOutcome>, StoreError>;

    /// The service's steps: expiring an offer whose deadline passed, withdrawing one. `None`
    /// when the offer does not exist.
    async fn end_offer(
        &self,
        answer: &OfferAnswer,
        change: &Change,
    ) -> Result<Option<OfferOutcome>, StoreError>;

    /// The request an offer is for, if the offer exists (for the audit trail of its steps).
    async fn offer_request(&self, offer: OfferId) -> Result<Option<RequestId>, StoreError>;

    /// Pending offers whose deadline is at or before `now`, oldest deadline first.
    async fn offers_due(&self, now: OffsetDateTime, limit: u32)
    -> Result<Vec<OfferId>, StoreError>;

    /// The provider's offers (a grant to answer its offers), newest first: summaries only.
    async fn provider_offers(&self, grant: &Grant) -> Result<Vec<ProviderOffer>, StoreError>;
}
