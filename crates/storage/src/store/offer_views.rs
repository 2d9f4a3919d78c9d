//! What the people around an offer read: the provider its offer's summary and, once engaged,
//! the case; coordinators a request's offers; the service the coordinators to tell.
//!
//! Guarantees (both backends): a provider reads only its own offers, and a request's details
//! only through an engagement of its own (anything else is "not found"); a summary never holds
//! the organisation's name, contacts or description.

use async_trait::async_trait;
use c4h_domain::ids::{OfferId, RequestId};
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{
    AuditEvent, Change, Contact, ProviderOffer, RequestDetails, RequestOffer, RequestStanding,
};

#[async_trait]
pub trait OfferViewStore {
    /// One of the provider's offers (a grant to answer its offers); `None` when it does not
    /// exist or is another provider's.
    async fn provider_offer(
        &self,
        grant: &Grant,
        offer: OfferId,
    ) -> Result<Option<ProviderOffer>, StoreError>;

    /// The history of a request the provider holds an engagement for (same grant); empty
    /// otherwise. The caller picks the events the provider reads.
    async fn engaged_case_history(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    /// The request as the engaged provider reads it (a grant to answer the provider's offers):
    /// `None` unless the provider holds an engagement for it. Messages: those for all parties.
    async fn engaged_case(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Option<RequestDetails>, StoreError>;

    /// Every offer of a request, newest first (a coordinator's grant to view the directory).
    async fn request_offers(
        &self,
        grant: &Grant,
        request: RequestId,
    ) -> Result<Vec<RequestOffer>, StoreError>;

    /// Sets the short text providers read in the request's offers (a coordinator's triage
    /// grant); `None` clears it. Whether the request exists.
    async fn set_offer_summary(
        &self,
        grant: &Grant,
        request: RequestId,
        summary: Option<&str>,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// The service waitlists a request in matching that no offering can take now; the change's
    /// jobs tell the coordinators. Whether it was in matching (and is now waitlisted).
    async fn waitlist_unmatched(
        &self,
        request: RequestId,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Where a request stands, for the service's timers; `None` when it does not exist.
    async fn request_standing(
        &self,
        request: RequestId,
    ) -> Result<Option<RequestStanding>, StoreError>;

    /// The active members of the provider of `offering` whose accounts are enabled, to tell them
    /// of an offer.
    async fn offering_team_contacts(
        &self,
        offering: c4h_domain::ids::OfferingId,
    ) -> Result<Vec<Contact>, StoreError>;

    /// The provider of `offering`, if it exists.
    async fn offering_provider(
        &self,
        offering: c4h_domain::ids::OfferingId,
    ) -> Result<Option<c4h_domain::ids::ProviderId>, StoreError>;

    /// The coordinators and administrators whose accounts are enabled, to tell them something.
    async fn staff_contacts(&self) -> Result<Vec<Contact>, StoreError>;
}
