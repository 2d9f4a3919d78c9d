//! Organisations, providers, memberships and invitations.

use async_trait::async_trait;
use c4h_domain::ids::{MembershipId, OrganisationId, UserId};
use c4h_domain::policy::Grant;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{
    Change, MemberView, MembershipDecision, NewOwnOrganisation, OrganisationDetails, OwnMembership,
    ProviderSummary,
};

#[async_trait]
pub trait OrganisationStore {
    /// Creates an organisation with the grantee as its admin (grant: create organisation).
    async fn create_organisation(
        &self,
        grant: &Grant,
        organisation: &NewOwnOrganisation,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The organisation a join code belongs to, with its name.
    async fn organisation_by_join_code(
        &self,
        code: &str,
    ) -> Result<Option<(OrganisationId, String)>, StoreError>;

    /// Asks to join (grant: request to join the organisation). [`StoreError::Duplicate`] when the
    /// user already asked or belongs.
    async fn request_membership(
        &self,
        grant: &Grant,
        membership_id: MembershipId,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The addresses and languages of the active admins of the grant's organisation, to tell them
    /// of a request to join (grant: request to join, or view).
    async fn admins_to_notify(
        &self,
        grant: &Grant,
    ) -> Result<Vec<(c4h_domain::EmailAddress, c4h_domain::LanguageTag)>, StoreError>;

    /// The organisation of the grant (grant: view it).
    async fn organisation(&self, grant: &Grant) -> Result<Option<OrganisationDetails>, StoreError>;

    /// The organisation's or provider's members and pending requests (grant: view it).
    async fn members(&self, grant: &Grant) -> Result<Vec<MemberView>, StoreError>;

    /// The organisation's join code (grant: manage its members).
    async fn join_code(&self, grant: &Grant) -> Result<Option<String>, StoreError>;

    /// Decides about one membership of the grant's organisation or provider (grant: manage its
    /// members). `false` when the membership is not theirs or not in a state the decision fits.
    /// A grant to vouch lets any member approve a pending request to join, and only while the
    /// organisation is verified.
    async fn decide_membership(
        &self,
        grant: &Grant,
        membership_id: MembershipId,
        decision: MembershipDecision,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// The provider of the grant (grant: view it).
    async fn provider(&self, grant: &Grant) -> Result<Option<ProviderSummary>, StoreError>;

    /// The user's own memberships, with names, including pending and removed ones.
    async fn own_memberships(&self, user_id: UserId) -> Result<Vec<OwnMembership>, StoreError>;
}
