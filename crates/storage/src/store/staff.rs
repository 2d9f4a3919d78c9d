//! The operator's staff, managed by administrators.

use async_trait::async_trait;
use c4h_domain::StaffRole;
use c4h_domain::ids::UserId;
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{Change, StaffMember};

#[async_trait]
pub trait StaffStore {
    /// The operator's staff (grant: manage staff).
    async fn staff(&self, grant: &Grant) -> Result<Vec<StaffMember>, StoreError>;

    /// Disables or re-enables an account; disabling revokes its sessions. `false` if no such user.
    async fn set_disabled(
        &self,
        grant: &Grant,
        user_id: UserId,
        disabled: bool,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Changes a staff member's role (`None` removes them from the staff).
    async fn set_staff_role(
        &self,
        grant: &Grant,
        user_id: UserId,
        role: Option<StaffRole>,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Removes a user's TOTP and recovery codes and revokes their sessions (a lost phone).
    async fn reset_mfa(
        &self,
        grant: &Grant,
        user_id: UserId,
        change: &Change,
    ) -> Result<bool, StoreError>;
}
