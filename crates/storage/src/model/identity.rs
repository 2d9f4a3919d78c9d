//! Accounts, credentials, sessions, one-time tokens and invitations.

use c4h_domain::ids::{InvitationId, ProviderId, SessionId, UserId};
use c4h_domain::policy::Principal;
use c4h_domain::{EmailAddress, LanguageTag, MembershipRole, StaffRole};
use time::OffsetDateTime;

/// What signing in needs to know about an account. Never leaves the server.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user_id: UserId,
    pub email: EmailAddress,
    /// `None` for accounts that cannot sign in (invited, demo without password).
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub email_verified: bool,
    /// Base32; `None` when not enrolled.
    pub totp_secret: Option<String>,
    pub staff_role: Option<StaffRole>,
    pub preferred_language: LanguageTag,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user_id", &self.user_id).finish_non_exhaustive()
    }
}

/// A session to create at sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub id: SessionId,
    /// SHA-256 of the cookie's token, hex.
    pub token_hash: String,
    pub user_id: UserId,
    pub mfa_verified: bool,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: OffsetDateTime,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: SessionId,
    pub user_id: UserId,
    pub mfa_verified: bool,
    pub reauthenticated_at: Option<OffsetDateTime>,
    pub client_address: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
}

/// A live session with its user and what the policy needs about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionContext {
    pub session: SessionRecord,
    pub user: super::User,
    pub principal: Principal,
}

/// Why a one-time link was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::ResetPassword => "reset_password",
            Self::ChangeEmail => "change_email",
        }
    }
}

/// A one-time link to store; the token itself goes only into the e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub token_hash: String,
    pub purpose: TokenPurpose,
    pub user_id: UserId,
    pub email: EmailAddress,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A valid, unused one-time link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub user_id: UserId,
    pub email: EmailAddress,
    pub expires_at: OffsetDateTime,
}

/// What an invitation makes of the person who accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationTarget {
    Staff(StaffRole),
    Provider { provider_id: ProviderId, role: MembershipRole },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub id: InvitationId,
    pub token_hash: String,
    pub email: EmailAddress,
    pub target: InvitationTarget,
    pub invited_by: UserId,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// A stored invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: InvitationId,
    pub email: EmailAddress,
    pub target: InvitationTarget,
    /// The provider's name, for provider invitations.
    pub provider_name: Option<String>,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub accepted_at: Option<OffsetDateTime>,
}

/// Who accepts an invitation: a new account, or the signed-in owner of the invited address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acceptance {
    NewAccount(super::NewUser),
    ExistingUser(UserId),
}

/// A member of the operator's staff, as administrators see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub user_id: UserId,
    pub email: EmailAddress,
    pub display_name: String,
    pub staff_role: StaffRole,
    pub disabled: bool,
    pub mfa_enrolled: bool,
}
