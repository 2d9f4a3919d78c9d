//! Accounts and credentials.

use async_trait::async_trait;
use c4h_domain::ids::{SessionId, UserId};
use c4h_domain::{EmailAddress, LanguageTag};
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{
    Change, Credentials, NewSession, NewToken, NewUser, TokenInfo, TokenPurpose, User,
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

    /// Revokes every session of a user except `keep`.
    async fn revoke_sessions(
        &self,
        user_id: UserId,
        keep: Option<SessionId>,
        now: OffsetDateTime,
        change: &Change,
    ) -> Result<u64, StoreError>;
}
