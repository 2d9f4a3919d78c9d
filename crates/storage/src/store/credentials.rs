//! Second factors, recovery codes, trusted devices and rate limits.

use async_trait::async_trait;
use c4h_domain::ids::UserId;
use time::{Duration, OffsetDateTime};

use crate::StoreError;
use crate::model::Change;

#[async_trait]
pub trait CredentialStore {
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
}
