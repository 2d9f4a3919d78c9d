//! Server-side sessions.

use async_trait::async_trait;
use c4h_domain::ids::{SessionId, UserId};
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{Change, NewSession, SessionContext, SessionRecord};

#[async_trait]
pub trait SessionStore {
    /// Opens a session (a sign-in; the change is its audit event).
    async fn create_session(&self, session: &NewSession, change: &Change)
    -> Result<(), StoreError>;

    /// The live session whose token hashes to `token_hash`: not revoked, not past either expiry,
    /// of a user who is not disabled. Loads the user's memberships for the policy.
    async fn session_by_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<SessionContext>, StoreError>;

    /// Records activity: the session's idle expiry moves to `idle_expires_at`.
    async fn touch_session(
        &self,
        id: SessionId,
        now: OffsetDateTime,
        idle_expires_at: OffsetDateTime,
    ) -> Result<(), StoreError>;

    /// The second factor passed: the session is marked verified and its token replaced, so the
    /// token that existed before the second factor is worth nothing afterwards.
    async fn complete_mfa(
        &self,
        id: SessionId,
        new_token_hash: &str,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// The user proved their identity again just now (step-up before a sensitive action).
    async fn mark_reauthenticated(&self, id: SessionId, change: &Change) -> Result<(), StoreError>;

    /// The user's live sessions, newest first.
    async fn sessions_of(
        &self,
        user_id: UserId,
        now: OffsetDateTime,
    ) -> Result<Vec<SessionRecord>, StoreError>;

    /// Ends one of the user's sessions; `false` when it is not theirs or already over.
    async fn revoke_session(
        &self,
        user_id: UserId,
        id: SessionId,
        change: &Change,
    ) -> Result<bool, StoreError>;
}
