//! Invitations (the only way in for staff and provider members), the administrators' management
//! of staff, and providers' teams.

use c4h_domain::ids::{InvitationId, MembershipId, ProviderId, UserId};
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_domain::{EmailAddress, LanguageTag, MembershipRole, Password, StaffRole};
use c4h_storage::StoreError;
use c4h_storage::model::{
    Acceptance, Invitation, InvitationTarget, MemberView, MembershipDecision, NewInvitation,
    NewUser, ObjectRef, ProviderSummary, SessionContext, StaffMember,
};
use time::Duration;

use super::{Client, link};
use crate::auth::secrets::{hash_token, new_token};
use crate::http::AppError;
use crate::i18n::{Locale, Tr};
use crate::mail::{self, Message};
use crate::state::AppState;

/// How long an invitation link works.
pub const INVITATION_LIFETIME: Duration = Duration::days(7);

/// Invites `email` to the staff or to a provider. The grant decides whether the inviter may.
pub async fn invite(
    state: &AppState,
    context: &SessionContext,
    email: &EmailAddress,
    target: InvitationTarget,
    locale: Locale,
    client: &Client,
) -> Result<(), AppError> {
    let grant = match target {
        InvitationTarget::Staff(_) => {
            authorize(&context.principal, Action::ManageStaff, Resource::Accounts)?
        }
        InvitationTarget::Provider { provider_id, .. } => {
            authorize(&context.principal, Action::InviteMembers, Resource::Provider(provider_id))?
        }
    };
    let now = state.clock.now();
    let token = new_token();
    let invitation = NewInvitation {
        id: InvitationId::new(),
        token_hash: hash_token(&token),
        email: email.clone(),
        target,
        invited_by: context.user.id,
        created_at: now,
        expires_at: now + INVITATION_LIFETIME,
    };
    let tr = Tr::new(locale);
    let role = match target {
        InvitationTarget::Staff(role) => tr.label("staff-role", role.as_str()),
        InvitationTarget::Provider { role, .. } => tr.label("provider-role", role.as_str()),
    };
    let message = Message::Invitation {
        link: link(state, "/invitations/accept", &[("token", &token)]),
        role,
    };
    let change = client
        .change(
            Some(context.user.id),
            "invitation.create",
            ObjectRef::new("invitation", invitation.id),
            now,
        )
        .with_job(mail::job(email, locale, message, now));
    state.store.create_invitation(&grant, &invitation, &change).await?;
    state.jobs.wake();
    Ok(())
}

/// The invitation behind a link, if it is still valid.
pub async fn invitation(state: &AppState, token: &str) -> Result<Option<Invitation>, AppError> {
    Ok(state.store.invitation_by_token(&hash_token(token), state.clock.now()).await?)
}

/// What an invitee gives to accept with a new account.
#[derive(Debug)]
pub struct NewAccount {
    pub display_name: String,
    pub password: Password,
    pub language: LanguageTag,
}

/// Accepts an invitation: as the signed-in owner of the address, or with a new account. Returns
/// the user, or `None` when the link is not valid (any more) or the address is not theirs.
pub async fn accept(
    state: &AppState,
    token: &str,
    who: Result<&SessionContext, NewAccount>,
    client: &Client,
) -> Result<Option<UserId>, AppError> {
    let now = state.clock.now();
    let Some(invitation) = invitation(state, token).await? else { return Ok(None) };
    let acceptance = match who {
        Ok(context) => Acceptance::ExistingUser(context.user.id),
        Err(account) => {
            let hash = state
                .hasher
                .hash(&account.password)
                .await
                .map_err(|_| AppError::Busy)?
                .map_err(AppError::Internal)?;
            Acceptance::NewAccount(NewUser {
                id: UserId::new(),
                email: invitation.email.clone(),
                display_name: account.display_name,
                password_hash: Some(hash),
                staff_role: None,
                preferred_language: account.language,
            })
        }
    };
    let actor = match &acceptance {
        Acceptance::ExistingUser(id) => *id,
        Acceptance::NewAccount(user) => user.id,
    };
    let change = client.change(
        Some(actor),
        "invitation.accept",
        ObjectRef::new("invitation", invitation.id),
        now,
    );
    match state.store.accept_invitation(&hash_token(token), &acceptance, now, &change).await {
        Ok(accepted) => Ok(accepted),
        Err(StoreError::Duplicate { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// The staff page: staff and pending staff invitations (administrators only).
pub async fn staff(
    state: &AppState,
    principal: &Principal,
) -> Result<(Vec<StaffMember>, Vec<Invitation>), AppError> {
    let grant = authorize(principal, Action::ManageStaff, Resource::Accounts)?;
    Ok((
        state.store.staff(&grant).await?,
        state.store.pending_invitations(&grant, state.clock.now()).await?,
    ))
}

/// What an administrator does to a staff account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    Disable,
    Enable,
    ResetMfa,
    SetRole(StaffRole),
}

pub async fn manage(
    state: &AppState,
    context: &SessionContext,
    user: UserId,
    action: StaffAction,
    client: &Client,
) -> Result<bool, AppError> {
    let grant = authorize(&context.principal, Action::ManageStaff, Resource::Accounts)?;
    // Administrators cannot lock themselves out; another administrator has to do it.
    if user == context.user.id && action != StaffAction::ResetMfa {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let object = ObjectRef::new("user", user);
    let done = match action {
        StaffAction::Disable => {
            state
                .store
                .set_disabled(
                    &grant,
                    user,
                    true,
                    &client.change(Some(context.user.id), "user.disable", object, now),
                )
                .await?
        }
        StaffAction::Enable => {
            state
                .store
                .set_disabled(
                    &grant,
                    user,
                    false,
                    &client.change(Some(context.user.id), "user.enable", object, now),
                )
                .await?
        }
        StaffAction::ResetMfa => {
            state
                .store
                .reset_mfa(
                    &grant,
                    user,
                    &client.change(Some(context.user.id), "mfa.reset", object, now),
                )
                .await?
        }
        StaffAction::SetRole(role) => {
            let change = client
                .change(Some(context.user.id), "user.role_change", object, now)
                .with_details(serde_json::json!({ "staff_role": role.as_str() }));
            state.store.set_staff_role(&grant, user, Some(role), &change).await?
        }
    };
    Ok(done)
}

/// A provider's team page.
#[derive(Debug)]
pub struct TeamPage {
    pub provider: ProviderSummary,
    pub members: Vec<MemberView>,
    pub invitations: Vec<Invitation>,
    pub can_invite: bool,
    pub can_manage: bool,
}

pub async fn team(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
) -> Result<TeamPage, AppError> {
    let grant = authorize(principal, Action::View, Resource::Provider(provider))?;
    let summary = state.store.provider(&grant).await?.ok_or(AppError::NotFound)?;
    Ok(TeamPage {
        provider: summary,
        members: state.store.members(&grant).await?,
        invitations: state.store.pending_invitations(&grant, state.clock.now()).await?,
        can_invite: authorize(principal, Action::InviteMembers, Resource::Provider(provider))
            .is_ok(),
        can_manage: authorize(principal, Action::ManageMembers, Resource::Provider(provider))
            .is_ok(),
    })
}

/// A provider admin's decision about one of its members.
pub async fn decide(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    membership: MembershipId,
    decision: MembershipDecision,
    client: &Client,
) -> Result<bool, AppError> {
    let grant = authorize(&context.principal, Action::ManageMembers, Resource::Provider(provider))?;
    let action = if decision == MembershipDecision::Remove {
        "membership.remove"
    } else {
        "membership.role_change"
    };
    let change = client
        .change(Some(context.user.id), action, ObjectRef::new("membership", membership), state.clock.now())
        .with_details(serde_json::json!({ "provider": provider.to_string(), "role": match decision { MembershipDecision::SetRole(MembershipRole::Admin) => "admin", MembershipDecision::SetRole(MembershipRole::Member) => "member", _ => "" } }));
    Ok(state.store.decide_membership(&grant, membership, decision, &change).await?)
}
