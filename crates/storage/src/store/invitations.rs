//! Invitations: the only way in for staff and provider members.

use async_trait::async_trait;
use c4h_domain::ids::UserId;
use c4h_domain::policy::Grant;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{Acceptance, Change, Invitation, NewInvitation};

#[async_trait]
pub trait InvitationStore {
    /// Stores an invitation (grant: invite to the provider, or manage staff).
    async fn create_invitation(
        &self,
        grant: &Grant,
        invitation: &NewInvitation,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// The unaccepted, unexpired invitations the grant covers (a provider's, or staff ones).
    async fn pending_invitations(
        &self,
        grant: &Grant,
        now: OffsetDateTime,
    ) -> Result<Vec<Invitation>, StoreError>;

    /// The invitation behind a link, when it is still valid.
    async fn invitation_by_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Invitation>, StoreError>;

    /// Accepts an invitation: creates the account (or uses the existing one), gives it the role
    /// or membership, and uses the link up. `None` when the link is not valid.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        acceptance: &Acceptance,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError>;
}
