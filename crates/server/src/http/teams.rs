//! A provider's team page, its invitations, and accepting any invitation.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{MembershipId, ProviderId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::{EmailAddress, LanguageTag, MembershipRole, Password};
use c4h_storage::model::{InvitationTarget, MembershipDecision};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other, sign_in_cookies, text};
use super::organisations::{MemberRow, decision};
use super::registration::{MessagePage, TokenQuery};
use crate::auth::{SignedIn, Viewer};
use crate::services::Client;
use crate::services::sign_in::open_session;
use crate::services::staff::{self, NewAccount};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "team.html")]
struct TeamPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    base: String,
    name: String,
    vetting: &'static str,
    members: Vec<MemberRow>,
    invitations: Vec<(String, &'static str)>,
    can_invite: bool,
    can_manage: bool,
}

async fn team_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: ProviderId,
    errors: FormErrors,
    email: String,
) -> Result<TeamPage, AppError> {
    let team = staff::team(state, signed_in.principal(), id).await?;
    let invitations = team
        .invitations
        .into_iter()
        .filter_map(|invitation| match invitation.target {
            InvitationTarget::Provider { role, .. } => {
                Some((invitation.email.to_string(), role.as_str()))
            }
            InvitationTarget::Staff(_) => None,
        })
        .collect();
    Ok(TeamPage {
        ctx,
        errors,
        email,
        base: format!("/providers/{id}"),
        name: team.provider.name,
        vetting: team.provider.vetting.as_str(),
        members: team.members.into_iter().map(MemberRow::new).collect(),
        invitations,
        can_invite: team.can_invite,
        can_manage: team.can_manage,
    })
}

fn provider_id(id: &str) -> Result<ProviderId, AppError> {
    ProviderId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let page =
        team_page(&state, ctx, &signed_in, provider_id(&id)?, FormErrors::default(), String::new())
            .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

pub async fn invite(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<InviteForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    // Refuse before reading anything, so that the answer never depends on who may see what.
    authorize(signed_in.principal(), Action::InviteMembers, Resource::Provider(id))?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let email = errors.check(&ctx.tr, "email", EmailAddress::parse(&form.email));
    let role = MembershipRole::parse(&form.role).ok();
    if role.is_none() {
        errors.set("role", ctx.tr.t("invalid-role"));
    }
    let (Some(email), Some(role)) = (email, role) else {
        let page = team_page(&state, ctx, &signed_in, id, errors, form.email).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let target = InvitationTarget::Provider { provider_id: id, role };
    staff::invite(&state, &signed_in.0, &email, target, ctx.tr.locale(), &client).await?;
    Ok(see_other(&format!("/providers/{id}/team"), Vec::new()))
}

pub async fn decide(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((id, membership, segment)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    let membership = MembershipId::parse(&membership).map_err(|_| AppError::NotFound)?;
    let decision = decision(&segment)?;
    if matches!(decision, MembershipDecision::Approve | MembershipDecision::Refuse) {
        return Err(AppError::NotFound);
    }
    if !staff::decide(&state, &signed_in.0, id, membership, decision, &client).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/providers/{id}/team"), Vec::new()))
}

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    ctx: PageContext,
    errors: FormErrors,
    token: String,
    lead: String,
    email: String,
    display_name: String,
    signed_in_as_invitee: bool,
    account_exists: bool,
    return_to: String,
}

async fn invitation_page(
    state: &AppState,
    ctx: PageContext,
    viewer: &Viewer,
    token: String,
    errors: FormErrors,
    display_name: String,
) -> Result<Response, AppError> {
    let Some(invitation) = staff::invitation(state, &token).await? else {
        return Ok(MessagePage::new(ctx, "link-invalid-title", &["link-invalid"])
            .into_response_with(StatusCode::NOT_FOUND)?);
    };
    let lead = match invitation.target {
        InvitationTarget::Staff(role) => {
            ctx.tr.ts("invitation-lead-staff", "role", ctx.tr.label("staff-role", role.as_str()))
        }
        InvitationTarget::Provider { role, .. } => ctx.tr.with(
            "invitation-lead-provider",
            &[
                ("role", ctx.tr.label("provider-role", role.as_str())),
                ("provider", invitation.provider_name.clone().unwrap_or_default()),
            ],
        ),
    };
    let signed_in_as_invitee =
        viewer.signed_in().is_some_and(|context| context.user.email == invitation.email);
    let account_exists =
        !signed_in_as_invitee && state.store.user_by_email(&invitation.email).await?.is_some();
    let return_to = format!(
        "/invitations/accept?{}",
        serde_urlencoded::to_string([("token", token.as_str())]).unwrap_or_default()
    );
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = InvitationPage {
        ctx,
        errors,
        token,
        lead,
        email: invitation.email.to_string(),
        display_name,
        signed_in_as_invitee,
        account_exists,
        return_to,
    };
    Ok(page.into_response_with(status)?)
}

pub async fn accept_form(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    Query(query): Query<TokenQuery>,
) -> Result<Response, AppError> {
    invitation_page(
        &state,
        ctx,
        &viewer,
        query.token().to_owned(),
        FormErrors::default(),
        String::new(),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    client: Client,
    form: Result<Form<AcceptForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    if let Some(context) = viewer.signed_in() {
        if staff::accept(&state, &form.token, Ok(context), &client).await?.is_none() {
            return invitation_page(
                &state,
                ctx,
                &viewer,
                form.token,
                FormErrors::default(),
                String::new(),
            )
            .await;
        }
        return Ok(see_other("/account", Vec::new()));
    }
    let mut errors = FormErrors::default();
    let name = errors.check(&ctx.tr, "display_name", text(&form.display_name, 100));
    let password = errors.check(&ctx.tr, "password", Password::parse(&form.password));
    let (Some(display_name), Some(password)) = (name, password) else {
        return invitation_page(&state, ctx, &viewer, form.token, errors, form.display_name).await;
    };
    let language = LanguageTag::parse(ctx.tr.lang()).map_err(|e| AppError::Internal(e.into()))?;
    let account = NewAccount { display_name, password, language };
    let Some(user) = staff::accept(&state, &form.token, Err(account), &client).await? else {
        return invitation_page(
            &state,
            ctx,
            &viewer,
            form.token,
            FormErrors::default(),
            String::new(),
        )
        .await;
    };
    // The invitee proved the address by following the link and has just chosen a password: sign
    // them in. Their role requires MFA, so the session goes straight to enrolment.
    let token = open_session(&state, user, true, &client, "auth.sign_in").await?;
    Ok(see_other("/account/mfa/setup", sign_in_cookies(&token, None)))
}
