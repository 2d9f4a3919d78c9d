//! Records for inserting whole objects: used by demo data now, and by the features that create
//! these objects as they land. Seeding inserts what is absent and leaves what is present alone.

use c4h_domain::ids::{
    EngagementId, FeedbackId, MembershipId, MessageId, OfferId, OfferingId, OrganisationId,
    ProviderId, RequestId, TimeEntryId, UserId,
};
use c4h_domain::{
    Country, Delivery, EmailAddress, EngagementState, LanguageTag, MembershipRole, MembershipState,
    OfferState, RequestState, RequesterKind, ServiceCategory, StaffRole, Tlp, Urgency,
    VerificationState, VettingState, Visibility,
};
use time::OffsetDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganisation {
    pub id: OrganisationId,
    pub name: String,
    pub kind: RequesterKind,
    pub country: Country,
    pub languages: Vec<LanguageTag>,
    pub website: Option<String>,
    /// A company or health-facility registry number, for the coordinator who verifies it.
    pub registry_number: Option<String>,
    pub nis2_in_scope: bool,
    pub verification: VerificationState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProvider {
    pub id: ProviderId,
    pub name: String,
    pub home_country: Country,
    pub website: Option<String>,
    pub description: String,
    pub contact_email: Option<EmailAddress>,
    pub contact_phone: Option<String>,
    pub contact_language: Option<LanguageTag>,
    /// The categories an applicant says it would offer.
    pub services_offered: Vec<ServiceCategory>,
    pub vetting: VettingState,
    /// All four pledges; a vetted provider must have taken them.
    pub pledges_taken: bool,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOfferingText {
    pub language: LanguageTag,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffering {
    pub id: OfferingId,
    pub provider_id: ProviderId,
    pub category: ServiceCategory,
    pub delivery: Delivery,
    pub capacity: u32,
    pub response_time_hours: u32,
    pub active: bool,
    pub texts: Vec<NewOfferingText>,
    pub languages: Vec<LanguageTag>,
    pub regions: Vec<String>,
    pub requester_kinds: Vec<RequesterKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub id: UserId,
    pub email: EmailAddress,
    pub display_name: String,
    /// An Argon2id PHC string, or `None` for an account that cannot sign in yet.
    pub password_hash: Option<String>,
    pub staff_role: Option<StaffRole>,
    pub preferred_language: LanguageTag,
}

/// A stored user, without the password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub display_name: String,
    pub staff_role: Option<StaffRole>,
    pub preferred_language: LanguageTag,
    pub can_sign_in: bool,
    pub email_verified: bool,
    pub disabled: bool,
    pub mfa_enrolled: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMembership {
    pub id: MembershipId,
    pub user_id: UserId,
    /// Exactly one of the organisation and the provider.
    pub organisation_id: Option<OrganisationId>,
    pub provider_id: Option<ProviderId>,
    pub role: MembershipRole,
    pub state: MembershipState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub id: RequestId,
    pub reference: String,
    pub organisation_id: OrganisationId,
    pub requester_id: UserId,
    pub state: RequestState,
    pub description: String,
    pub active_incident: bool,
    pub ransomware: bool,
    pub patient_care_impact: Vec<c4h_domain::triage::PatientCare>,
    pub systems_down: bool,
    pub data_breach: bool,
    pub breach_aware_at: Option<OffsetDateTime>,
    pub email_compromised: bool,
    pub out_of_band_contact: Option<String>,
    pub category: Option<ServiceCategory>,
    pub languages: Vec<LanguageTag>,
    pub consent_to_share: bool,
    pub tlp: Tlp,
    pub urgency: Option<Urgency>,
    pub urgency_reasons: Vec<c4h_domain::triage::UrgencyReason>,
    pub offer_summary: Option<String>,
    pub decline_reason: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub state_changed_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOffer {
    pub id: OfferId,
    pub request_id: RequestId,
    pub offering_id: OfferingId,
    pub state: OfferState,
    pub deadline_at: OffsetDateTime,
    pub decline_reason: Option<String>,
    pub created_at: OffsetDateTime,
    pub answered_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEngagement {
    pub id: EngagementId,
    pub request_id: RequestId,
    pub offer_id: OfferId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    pub state: EngagementState,
    pub resolution_summary: Option<String>,
    pub started_at: OffsetDateTime,
    pub resolved_at: Option<OffsetDateTime>,
    pub closed_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimeEntry {
    pub id: TimeEntryId,
    pub engagement_id: EngagementId,
    pub user_id: UserId,
    pub minutes: u32,
    /// `YYYY-MM-DD`.
    pub worked_on: time::Date,
    pub note: Option<String>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: MessageId,
    pub request_id: RequestId,
    pub author_id: Option<UserId>,
    pub is_note: bool,
    pub visibility: Visibility,
    pub tlp: Tlp,
    pub body: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    pub id: FeedbackId,
    pub engagement_id: EngagementId,
    pub author_id: UserId,
    /// `true` for the requester's side, `false` for the provider's.
    pub from_requester: bool,
    pub rating: Option<u8>,
    pub comment: Option<String>,
    pub created_at: OffsetDateTime,
}

/// A consistent set of objects to insert together, in dependency order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeedData {
    pub organisations: Vec<NewOrganisation>,
    pub providers: Vec<NewProvider>,
    pub offerings: Vec<NewOffering>,
    pub users: Vec<NewUser>,
    pub memberships: Vec<NewMembership>,
    pub requests: Vec<NewRequest>,
    pub offers: Vec<NewOffer>,
    pub engagements: Vec<NewEngagement>,
    pub time_entries: Vec<NewTimeEntry>,
    pub messages: Vec<NewMessage>,
    pub feedback: Vec<NewFeedback>,
}

/// How many rows seeding inserted; zero everywhere when everything was already there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedOutcome {
    pub inserted: u64,
    pub already_present: u64,
}
