//! Accounts and credentials.

use async_trait::async_trait;
use c4h_domain::ids::{SessionId, UserId};
use c4h_domain::policy::Grant;
use c4h_domain::{EmailAddress, LanguageTag, StaffRole};
use time::{Duration, OffsetDateTime};

use crate::StoreError;
use crate::model::{
    Change, Credentials, NewSession, NewToken, NewUser, StaffMember, TokenInfo, TokenPurpose, User,
};

#[async_trait]
pub trait AccountStore {
    /// Creates an account; `email_verified` for accounts whose address is already proven
    /// (staff created on the command line), and with `verification`, the link that will prove it,
    /// stored in the same transaction. [`StoreError::Duplicate`] when the address is taken.
    async fn create_user(
        &self,
        user: &NewUser,
        email_verified: bool,
        verification: Option<&NewToken>,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Creates an account for the operator's staff (`c4h admin create`), address verified.
    async fn create_staff_user(&self, user: &NewUser, change: &Change) -> Result<(), StoreError> {
        self.create_user(user, true, None, change).await
    }

    async fn user_by_email(&self, email: &EmailAddress) -> Result<Option<User>, StoreError>;

    async fn user_by_id(&self, id: UserId) -> Result<Option<User>, StoreError>;

    /// What signing in checks, by address.
    async fn credentials(&self, email: &EmailAddress) -> Result<Option<Credentials>, StoreError>;

    async fn credentials_by_id(&self, id: UserId) -> Result<Option<Credentials>, StoreError>;

    /// Sets a new password, revokes every session of the user and, when given, opens
    /// `replacement` (so that whoever changed it stays signed in on a fresh session).
    async fn set_password(
        &self,
        user_id: UserId,
        password_hash: &str,
        replacement: Option<&NewSession>,
        change: &Change,
    ) -> Result<(), StoreError>;

    async fn update_profile(
        &self,
        user_id: UserId,
        display_name: &str,
        language: &LanguageTag,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Enrols TOTP with its secret and replaces the recovery codes.
    async fn enrol_totp(
        &self,
        user_id: UserId,
        secret: &str,
        recovery_code_hashes: &[String],
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Removes TOTP and the recovery codes (a requester turning MFA off).
    async fn remove_totp(&self, user_id: UserId, change: &Change) -> Result<(), StoreError>;

    /// Records that the code of time step `step` was used; `false` when that step or a later one
    /// was already used, which makes every code single-use even under concurrent attempts.
    async fn accept_totp_step(&self, user_id: UserId, step: i64) -> Result<bool, StoreError>;

    /// Uses up a recovery code; `false` when it does not exist or was used.
    async fn use_recovery_code(
        &self,
        user_id: UserId,
        code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError>;

    async fn replace_recovery_codes(
        &self,
        user_id: UserId,
        code_hashes: &[String],
        change: &Change,
    ) -> Result<(), StoreError>;

    async fn unused_recovery_codes(&self, user_id: UserId) -> Result<u32, StoreError>;

    /// Stores a one-time link (the e-mail that carries it is in `change.jobs`).
    async fn create_token(&self, token: &NewToken, change: &Change) -> Result<(), StoreError>;

    /// The link's details when it is valid, without using it up.
    async fn peek_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: OffsetDateTime,
    ) -> Result<Option<TokenInfo>, StoreError>;

    /// Uses a verification link: marks the address verified. `None` when the link is not valid.
    async fn verify_email_with_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError>;

    /// Uses a reset link: sets the password and revokes every session. `None` when not valid.
    async fn reset_password_with_token(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<UserId>, StoreError>;

    /// Uses an address-change link: the account's address becomes the one the link went to.
    /// Returns the user and the old address. [`StoreError::Duplicate`] when it was taken since.
    async fn change_email_with_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<Option<(UserId, EmailAddress)>, StoreError>;

    /// Remembers a browser the user signed in from.
    async fn trust_device(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: OffsetDateTime,
        lifetime: Duration,
    ) -> Result<(), StoreError>;

    async fn is_trusted_device(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError>;

    /// Counts one hit in `bucket`'s current window of length `window` and returns the hits so far
    /// in it (a new window starts when the old one is over).
    async fn hit_rate_limit(
        &self,
        bucket: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> Result<u32, StoreError>;

    /// The hits in `bucket`'s current window of length `window`, without counting one.
    async fn rate_limit_hits(
        &self,
        bucket: &str,
        now: OffsetDateTime,
        window: Duration,
    ) -> Result<u32, StoreError>;

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

    /// Revokes every session of a user except `keep`.
    async fn revoke_sessions(
        &self,
        user_id: UserId,
        keep: Option<SessionId>,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<u64, StoreError>;
}
