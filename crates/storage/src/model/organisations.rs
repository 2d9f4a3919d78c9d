//! Organisations and providers as their members see them, and membership decisions.

use c4h_domain::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::policy::MemberOf;
use c4h_domain::{
    Country, EmailAddress, MembershipRole, MembershipState, RequesterKind, VerificationState,
    VettingState,
};
use time::OffsetDateTime;

/// An organisation, for its members and the coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationDetails {
    pub id: OrganisationId,
    pub name: String,
    pub kind: RequesterKind,
    pub country: Country,
    pub website: Option<String>,
    pub registry_number: Option<String>,
    /// The domain of the registrant's e-mail address, for coordinators to compare.
    pub registrant_domain: Option<String>,
    pub verification: VerificationState,
    /// Why it was rejected, when it was; the organisation reads it.
    pub verification_note: Option<String>,
    pub created_at: OffsetDateTime,
}

/// A provider, for its members and the coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSummary {
    pub id: ProviderId,
    pub name: String,
    pub vetting: VettingState,
}

/// One person's place in an organisation or provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberView {
    pub membership_id: MembershipId,
    pub user_id: UserId,
    pub email: EmailAddress,
    pub display_name: String,
    pub role: MembershipRole,
    pub state: MembershipState,
    pub since: OffsetDateTime,
}

/// One of the signed-in user's own memberships, with the name of what it is a membership of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnMembership {
    pub membership_id: MembershipId,
    pub of: MemberOf,
    pub name: String,
    pub role: MembershipRole,
    pub state: MembershipState,
}

/// What an admin decides about a membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipDecision {
    /// A pending request becomes an active membership.
    Approve,
    /// A pending request is refused.
    Refuse,
    /// An active member leaves.
    Remove,
    /// An active member's role changes.
    SetRole(MembershipRole),
}

/// An organisation to create, with its creator as its first admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOwnOrganisation {
    pub organisation: super::NewOrganisation,
    pub join_code: String,
    pub creator_membership: MembershipId,
    pub now: OffsetDateTime,
}
