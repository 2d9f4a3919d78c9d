//! Providers as coordinators and their own members see them, vetting decisions, offerings as
//! their providers manage them, and the coordinators' directories.

use c4h_domain::ids::{OfferingId, OrganisationId, ProviderId, UserId};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    Country, EmailAddress, LanguageTag, RequesterKind, ServiceCategory, VerificationState,
    VettingState,
};
use time::OffsetDateTime;

/// A provider in full, with its vetting history and notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderDetails {
    pub id: ProviderId,
    pub name: String,
    pub home_country: Country,
    pub website: Option<String>,
    pub description: String,
    pub contact_email: Option<EmailAddress>,
    pub contact_phone: Option<String>,
    pub contact_language: Option<LanguageTag>,
    pub services_offered: Vec<ServiceCategory>,
    pub vetting: VettingState,
    pub pledges_taken: bool,
    pub paused_until: Option<OffsetDateTime>,
    pub pause_message: Option<String>,
    pub created_at: OffsetDateTime,
    pub vetted_at: Option<OffsetDateTime>,
    pub reviews: Vec<Review>,
    pub notes: Vec<ProviderNote>,
}

/// A coordinator's decision about a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: c4h_domain::ids::ReviewId,
    pub decision: VettingDecision,
    pub reason: String,
    pub proposed_by: UserId,
    pub proposed_by_name: String,
    pub proposed_at: OffsetDateTime,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<OffsetDateTime>,
    pub withdrawn_at: Option<OffsetDateTime>,
}

impl Review {
    /// Waiting for a second coordinator.
    pub fn is_open(&self) -> bool {
        self.confirmed_at.is_none() && self.withdrawn_at.is_none()
    }
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    pub id: c4h_domain::ids::ReviewId,
    pub decision: VettingDecision,
    pub reason: String,
    pub at: OffsetDateTime,
}

/// What came of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// Applied: the provider is now in this state.
    Applied(VettingState),
    /// Recorded; it takes effect when a second coordinator confirms it.
    AwaitingConfirmation,
    /// The decision does not fit the provider's state (or there is nothing to confirm).
    NotApplicable,
    /// The coordinator who proposed it cannot confirm it too.
    SameCoordinator,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderNote {
    pub author_name: String,
    pub body: String,
    pub evidence: Option<String>,
    pub created_at: OffsetDateTime,
}

/// One offering in its provider's list, with the capacity in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingSummary {
    pub id: OfferingId,
    pub category: ServiceCategory,
    pub title: String,
    pub active: bool,
    pub capacity: u32,
    /// Active engagements taking up its capacity.
    pub in_use: u32,
    pub response_time_hours: u32,
}

/// A page of a list, and how many items the whole list has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// Which part of a list to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: u32,
    pub limit: u32,
}

/// The coordinators' list of providers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderFilter {
    /// Matched against the name, case-insensitively.
    pub text: Option<String>,
    pub vetting: Option<VettingState>,
    pub country: Option<Country>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRow {
    pub id: ProviderId,
    pub name: String,
    pub home_country: Country,
    pub vetting: VettingState,
    pub offerings: u32,
    pub open_review: bool,
    pub created_at: OffsetDateTime,
}

/// The coordinators' list of organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationFilter {
    pub text: Option<String>,
    pub verification: Option<VerificationState>,
    pub country: Option<Country>,
    pub kind: Option<RequesterKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: OrganisationId,
    pub name: String,
    pub kind: RequesterKind,
    pub country: Country,
    pub verification: VerificationState,
    pub website: Option<String>,
    pub registry_number: Option<String>,
    /// The domain of the e-mail address of whoever registered it, for the coordinator to compare
    /// with the website.
    pub registrant_domain: Option<String>,
    pub members: u32,
    pub created_at: OffsetDateTime,
}

/// The coordinators' list of offerings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferingFilter {
    /// Exactly this offering (for its detail page).
    pub id: Option<OfferingId>,
    pub text: Option<String>,
    pub category: Option<ServiceCategory>,
    pub active: Option<bool>,
    pub provider: Option<ProviderId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferingRow {
    pub id: OfferingId,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub provider_vetting: VettingState,
    pub category: ServiceCategory,
    pub title: String,
    pub title_language: LanguageTag,
    pub active: bool,
    pub capacity: u32,
    pub in_use: u32,
}
