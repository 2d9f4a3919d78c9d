//! Offers as storage takes and gives them: a new offer, what came of sending or answering one,
//! and an offer as its provider sees it (a summary: never the organisation's name, contacts or
//! description, which only an engagement opens).

use c4h_domain::ids::{EngagementId, OfferId, OfferingId, ProviderId, RequestId, UserId};
use c4h_domain::offer_flow::{DeclineReason, OfferError, OfferStep};
use c4h_domain::{
    Country, EmailAddress, LanguageTag, OfferState, RequestState, RequesterKind, ServiceCategory,
    Urgency,
};
use time::OffsetDateTime;

/// An offer to send: a request in matching proposed to one offering until `deadline`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferToSend {
    pub id: OfferId,
    pub request: RequestId,
    pub offering: OfferingId,
    pub deadline: OffsetDateTime,
    /// The coordinator who sent it; `None` when auto-offer did.
    pub sent_by: Option<UserId>,
}

/// What came of sending an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    Sent,
    /// The request is not waiting for an offer (it is in this state).
    NotMatching(RequestState),
    /// Another offer holds the request (sent meanwhile, by another coordinator or instance).
    AlreadyHeld,
    /// The offering cannot take it: inactive, paused, its provider not vetted or paused.
    OfferingUnavailable,
}

/// What came of a step on an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferOutcome {
    /// Accepted: the engagement that now holds the request.
    Engaged(EngagementId),
    /// Declined, expired or withdrawn: the request is back in matching.
    Ended(OfferState),
    /// Refused by the offer's lifecycle (or its state changed meanwhile): nothing changed.
    Refused(OfferError),
}

/// A step on an offer, with the instant it is taken and who takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferAnswer {
    pub offer: OfferId,
    pub step: OfferStep,
    pub by: Option<UserId>,
    pub at: OffsetDateTime,
}

/// An offer as its provider reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderOffer {
    pub id: OfferId,
    pub offering: OfferingId,
    pub state: OfferState,
    pub deadline: OffsetDateTime,
    pub sent_at: OffsetDateTime,
    pub urgency: Option<Urgency>,
    pub category: Option<ServiceCategory>,
    pub requester_kind: RequesterKind,
    pub country: Country,
    pub languages: Vec<LanguageTag>,
    /// The short text a coordinator wrote for providers, if any.
    pub summary: Option<String>,
    /// The request, once this offer is accepted (and only then): the case it opens.
    pub request: Option<RequestId>,
}

/// An offer of a request as coordinators read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestOffer {
    pub id: OfferId,
    pub offering: OfferingId,
    pub category: ServiceCategory,
    pub provider: ProviderId,
    pub provider_name: String,
    pub state: OfferState,
    pub deadline: OffsetDateTime,
    pub sent_at: OffsetDateTime,
    /// `None` when the service sent it.
    pub sent_by: Option<UserId>,
    pub decline_reason: Option<DeclineReason>,
    pub answered_at: Option<OffsetDateTime>,
}

/// A member of the operator's staff to tell something, in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub user: UserId,
    pub email: EmailAddress,
    pub language: String,
}

/// Where a request stands, for the service's timers (no content: nothing about the
/// organisation or the problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStanding {
    pub reference: String,
    pub state: RequestState,
    pub urgency: Option<Urgency>,
    pub state_changed_at: OffsetDateTime,
}
