//! Providers: applications, vetting, notes, offerings and pauses.

use async_trait::async_trait;
use c4h_domain::ids::{OfferingId, ReviewId};
use c4h_domain::policy::Grant;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{
    Change, NewInvitation, NewOffering, NewProvider, NewReview, OfferingSummary, ProviderDetails,
    ReviewOutcome,
};

#[async_trait]
pub trait ProviderStore {
    /// Records an application (public: no grant). The provider starts `applied`.
    async fn apply_provider(
        &self,
        provider: &NewProvider,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The provider in full (grant: view it).
    async fn provider_details(&self, grant: &Grant) -> Result<Option<ProviderDetails>, StoreError>;

    /// A coordinator's decision (grant: vet the provider). A `vet` decision waits for a second
    /// coordinator; the others apply at once and withdraw any waiting proposal.
    async fn decide_provider(
        &self,
        grant: &Grant,
        review: &NewReview,
        change: &Change,
    ) -> Result<ReviewOutcome, StoreError>;

    /// A second coordinator confirms the waiting `vet` proposal (grant: vet the provider); the
    /// provider becomes vetted and, when given, `invitation` (its first admin) is stored in the
    /// same transaction.
    async fn confirm_vetting(
        &self,
        grant: &Grant,
        review: ReviewId,
        invitation: Option<&NewInvitation>,
        change: &Change,
    ) -> Result<ReviewOutcome, StoreError>;

    /// A coordinator's note with its evidence (grant: vet the provider).
    async fn add_provider_note(
        &self,
        grant: &Grant,
        id: c4h_domain::ids::NoteId,
        body: &str,
        evidence: Option<&str>,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Puts the whole provider on pause until `until` with a message, or lifts the pause with
    /// `None` (grant: manage its offerings).
    async fn set_provider_pause(
        &self,
        grant: &Grant,
        until: Option<OffsetDateTime>,
        message: Option<&str>,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The provider's offerings with the capacity in use (grant: view it).
    async fn provider_offerings(&self, grant: &Grant) -> Result<Vec<OfferingSummary>, StoreError>;

    /// One offering of the provider, as stored, for editing (grant: manage its offerings).
    async fn offering_for_edit(
        &self,
        grant: &Grant,
        id: OfferingId,
    ) -> Result<Option<NewOffering>, StoreError>;

    /// Adds an offering to the grant's provider (grant: manage its offerings).
    async fn create_offering(
        &self,
        grant: &Grant,
        offering: &NewOffering,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Replaces an offering of the grant's provider; `false` when it is not theirs.
    async fn update_offering(
        &self,
        grant: &Grant,
        offering: &NewOffering,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Pauses or resumes one offering; `false` when it is not theirs.
    async fn set_offering_active(
        &self,
        grant: &Grant,
        id: OfferingId,
        active: bool,
        change: &Change,
    ) -> Result<bool, StoreError>;
}
