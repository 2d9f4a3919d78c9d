//! What matching reads: the waiting requests and the offerings that could take them, with only
//! what scoring needs (no names, contacts or descriptions of anyone).

use c4h_domain::ids::{OfferingId, ProviderId, RequestId};
use c4h_domain::triage::Signals;
use c4h_domain::{Country, LanguageTag, Region, RequesterKind, ServiceCategory, Urgency};

/// A request in matching or on the waiting list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRequest {
    pub id: RequestId,
    pub reference: String,
    pub urgency: Urgency,
    pub category: Option<ServiceCategory>,
    /// The signals that suggest categories when the requester was not sure (patient care is
    /// not read: it changes the urgency, not the kind of help).
    pub signals: Signals,
    pub kind: RequesterKind,
    pub country: Country,
    pub languages: Vec<LanguageTag>,
    /// Offerings whose offer for this request ended without acceptance.
    pub offered_before: Vec<OfferingId>,
    /// On the waiting list (no offering could take it when it was last tried), rather than in
    /// matching.
    pub waitlisted: bool,
}

/// An offering the catalogue shows (vetted provider, active, not paused), with what it can
/// still take: its capacity less its active engagements and pending offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableOffering {
    pub id: OfferingId,
    pub provider: ProviderId,
    pub category: ServiceCategory,
    pub eligible_kinds: Vec<RequesterKind>,
    pub regions: Vec<Region>,
    pub languages: Vec<LanguageTag>,
    pub response_hours: u32,
    pub capacity_left: u32,
}

/// A vetted provider's limit and load, and the requesters' ratings of it so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderLoad {
    pub id: ProviderId,
    pub capacity: Option<u32>,
    pub engagements: u32,
    /// Sum and count of the requesters' ratings (1 to 5).
    pub ratings: (u32, u32),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchingSnapshot {
    pub requests: Vec<WaitingRequest>,
    pub offerings: Vec<AvailableOffering>,
    pub providers: Vec<ProviderLoad>,
}
