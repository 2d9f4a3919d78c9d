//! Rows of the identity tables and their conversion into records (see `rows.rs`).

use c4h_domain::ids::{InvitationId, MembershipId, OrganisationId, ProviderId, SessionId, UserId};
use c4h_domain::policy::{MemberOf, Membership};
use c4h_domain::{EmailAddress, LanguageTag, MembershipRole, MembershipState, StaffRole};

use crate::StoreError;
use crate::codec::{DbId, DbTime};
use crate::model::{
    Credentials, Invitation, InvitationTarget, MemberView, SessionRecord, StaffMember,
};

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

pub(crate) fn email(value: &str) -> Result<EmailAddress, StoreError> {
    EmailAddress::parse(value).map_err(|e| corrupt("e-mail address", e))
}

pub(crate) fn staff_role(value: Option<String>) -> Result<Option<StaffRole>, StoreError> {
    value.map(|role| StaffRole::parse(&role)).transpose().map_err(|e| corrupt("staff role", e))
}

pub(crate) fn membership_role(value: &str) -> Result<MembershipRole, StoreError> {
    MembershipRole::parse(value).map_err(|e| corrupt("membership role", e))
}

pub(crate) fn membership_state(value: &str) -> Result<MembershipState, StoreError> {
    MembershipState::parse(value).map_err(|e| corrupt("membership state", e))
}

fn member_of(organisation: Option<DbId>, provider: Option<DbId>) -> Result<MemberOf, StoreError> {
    match (organisation, provider) {
        (Some(id), None) => Ok(MemberOf::Organisation(OrganisationId::from_uuid(id.0))),
        (None, Some(id)) => Ok(MemberOf::Provider(ProviderId::from_uuid(id.0))),
        _ => Err(corrupt("membership", "not of exactly one organisation or provider")),
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CredentialsRow {
    id: DbId,
    email: String,
    password_hash: Option<String>,
    disabled: bool,
    email_verified: bool,
    totp_secret: Option<String>,
    staff_role: Option<String>,
    preferred_language: String,
}

impl TryFrom<CredentialsRow> for Credentials {
    type Error = StoreError;
    fn try_from(row: CredentialsRow) -> Result<Self, StoreError> {
        Ok(Credentials {
            user_id: UserId::from_uuid(row.id.0),
            email: email(&row.email)?,
            password_hash: row.password_hash,
            disabled: row.disabled,
            email_verified: row.email_verified,
            totp_secret: row.totp_secret,
            staff_role: staff_role(row.staff_role)?,
            preferred_language: LanguageTag::parse(&row.preferred_language)
                .map_err(|e| corrupt("preferred language", e))?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SessionRow {
    session_id: DbId,
    session_user_id: DbId,
    mfa_verified: bool,
    reauthenticated_at: Option<DbTime>,
    session_client_address: Option<String>,
    session_user_agent: Option<String>,
    session_created_at: DbTime,
    last_seen_at: DbTime,
    idle_expires_at: DbTime,
    absolute_expires_at: DbTime,
}

impl From<SessionRow> for SessionRecord {
    fn from(row: SessionRow) -> Self {
        SessionRecord {
            id: SessionId::from_uuid(row.session_id.0),
            user_id: UserId::from_uuid(row.session_user_id.0),
            mfa_verified: row.mfa_verified,
            reauthenticated_at: row.reauthenticated_at.map(|t| t.0),
            client_address: row.session_client_address,
            user_agent: row.session_user_agent,
            created_at: row.session_created_at.0,
            last_seen_at: row.last_seen_at.0,
            idle_expires_at: row.idle_expires_at.0,
            absolute_expires_at: row.absolute_expires_at.0,
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SessionWithUserRow {
    #[sqlx(flatten)]
    pub session: SessionRow,
    #[sqlx(flatten)]
    pub user: crate::rows::UserRow,
}

/// A session, its user and the user's memberships, read in one statement (every request loads
/// it, so it is one round trip rather than two).
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SessionContextRow {
    #[sqlx(flatten)]
    pub inner: SessionWithUserRow,
    /// `id organisation provider role state` per membership, `-` for the absent one, the
    /// memberships separated by commas (see the dialect's `MEMBERSHIPS_OF_U`).
    pub memberships: Option<String>,
}

/// Parses the memberships column of [`SessionContextRow`].
pub(crate) fn packed_memberships(value: Option<&str>) -> Result<Vec<Membership>, StoreError> {
    let id = |text: &str| -> Result<Option<DbId>, StoreError> {
        if text == "-" {
            return Ok(None);
        }
        uuid::Uuid::parse_str(text)
            .map(|id| Some(DbId(id)))
            .map_err(|e| corrupt("membership id", e))
    };
    value
        .unwrap_or_default()
        .split(',')
        .filter(|item| !item.is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.split(' ').collect();
            let [membership, organisation, provider, role, state] = parts[..] else {
                return Err(corrupt("membership", item));
            };
            Ok(Membership {
                id: MembershipId::from_uuid(
                    id(membership)?.ok_or_else(|| corrupt("membership", item))?.0,
                ),
                of: member_of(id(organisation)?, id(provider)?)?,
                role: membership_role(role)?,
                state: membership_state(state)?,
            })
        })
        .collect()
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct MemberRow {
    membership_id: DbId,
    user_id: DbId,
    email: String,
    display_name: String,
    role: String,
    state: String,
    since: DbTime,
}

impl TryFrom<MemberRow> for MemberView {
    type Error = StoreError;
    fn try_from(row: MemberRow) -> Result<Self, StoreError> {
        Ok(MemberView {
            membership_id: MembershipId::from_uuid(row.membership_id.0),
            user_id: UserId::from_uuid(row.user_id.0),
            email: email(&row.email)?,
            display_name: row.display_name,
            role: membership_role(&row.role)?,
            state: membership_state(&row.state)?,
            since: row.since.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct InvitationRow {
    id: DbId,
    email: String,
    staff_role: Option<String>,
    provider_id: Option<DbId>,
    provider_role: Option<String>,
    provider_name: Option<String>,
    created_at: DbTime,
    expires_at: DbTime,
    accepted_at: Option<DbTime>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(row: InvitationRow) -> Result<Self, StoreError> {
        let target = match (staff_role(row.staff_role)?, row.provider_id, row.provider_role) {
            (Some(role), None, None) => InvitationTarget::Staff(role),
            (None, Some(provider), Some(role)) => InvitationTarget::Provider {
                provider_id: ProviderId::from_uuid(provider.0),
                role: membership_role(&role)?,
            },
            _ => return Err(corrupt("invitation", "neither a staff role nor a provider role")),
        };
        Ok(Invitation {
            id: InvitationId::from_uuid(row.id.0),
            email: email(&row.email)?,
            target,
            provider_name: row.provider_name,
            created_at: row.created_at.0,
            expires_at: row.expires_at.0,
            accepted_at: row.accepted_at.map(|t| t.0),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StaffRow {
    id: DbId,
    email: String,
    display_name: String,
    staff_role: String,
    disabled: bool,
    mfa_enrolled: bool,
}

impl TryFrom<StaffRow> for StaffMember {
    type Error = StoreError;
    fn try_from(row: StaffRow) -> Result<Self, StoreError> {
        Ok(StaffMember {
            user_id: UserId::from_uuid(row.id.0),
            email: email(&row.email)?,
            display_name: row.display_name,
            staff_role: staff_role(Some(row.staff_role))?
                .ok_or_else(|| corrupt("staff", "no role"))?,
            disabled: row.disabled,
            mfa_enrolled: row.mfa_enrolled,
        })
    }
}
