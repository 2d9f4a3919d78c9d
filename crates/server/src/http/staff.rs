//! The administrators' staff page: staff, invitations, and what can be done to an account.
//! Every change here is sensitive, so the page and its actions require a recent re-authentication.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::UserId;
use c4h_domain::{EmailAddress, StaffRole};
use c4h_storage::model::InvitationTarget;
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other};
use crate::auth::SignedIn;
use crate::auth::session::require_recent;
use crate::services::Client;
use crate::services::staff::{self, StaffAction};
use crate::state::AppState;
use c4h_domain::policy::{Action, Resource, authorize};

struct StaffRow {
    id: String,
    name: String,
    email: String,
    role: &'static str,
    disabled: bool,
    mfa: bool,
    is_me: bool,
    actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    notice: Option<&'static str>,
    staff: Vec<StaffRow>,
    invitations: Vec<(String, &'static str)>,
}

async fn staff_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    errors: FormErrors,
    email: String,
    notice: Option<&'static str>,
) -> Result<StaffPage, AppError> {
    let me = signed_in.user().id;
    let (members, invitations) = staff::staff(state, signed_in.principal()).await?;
    let staff = members
        .into_iter()
        .map(|member| {
            let mut actions = vec![if member.disabled {
                ("enable", "staff-enable")
            } else {
                ("disable", "staff-disable")
            }];
            actions.push(match member.staff_role {
                StaffRole::Coordinator => ("make-admin", "staff-make-admin"),
                StaffRole::Admin => ("make-coordinator", "staff-make-coordinator"),
            });
            if member.mfa_enrolled {
                actions.push(("reset-mfa", "staff-reset-mfa"));
            }
            StaffRow {
                id: member.user_id.to_string(),
                name: member.display_name,
                email: member.email.to_string(),
                role: member.staff_role.as_str(),
                disabled: member.disabled,
                mfa: member.mfa_enrolled,
                is_me: member.user_id == me,
                actions,
            }
        })
        .collect();
    let invitations = invitations
        .into_iter()
        .filter_map(|invitation| match invitation.target {
            InvitationTarget::Staff(role) => Some((invitation.email.to_string(), role.as_str())),
            InvitationTarget::Provider { .. } => None,
        })
        .collect();
    Ok(StaffPage { ctx, errors, email, notice, staff, invitations })
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: String,
}

/// Only administrators learn that these pages exist (404 for everyone else); then, being
/// sensitive, they need a recent re-authentication.
fn admit(state: &AppState, signed_in: &SignedIn) -> Result<(), AppError> {
    authorize(signed_in.principal(), Action::ManageStaff, Resource::Accounts)?;
    require_recent(state, signed_in, "/admin/staff")
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    admit(&state, &signed_in)?;
    let notice = match done.done.as_str() {
        "invited" => Some("notice-invited"),
        "changed" => Some("notice-staff-changed"),
        _ => None,
    };
    Ok(staff_page(&state, ctx, &signed_in, FormErrors::default(), String::new(), notice)
        .await?
        .into_response_with(StatusCode::OK)?)
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
    form: Result<Form<InviteForm>, FormRejection>,
) -> Result<Response, AppError> {
    admit(&state, &signed_in)?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let email = errors.check(&ctx.tr, "email", EmailAddress::parse(&form.email));
    let role = StaffRole::parse(&form.role).ok();
    if role.is_none() {
        errors.set("role", ctx.tr.t("invalid-role"));
    }
    let (Some(email), Some(role)) = (email, role) else {
        let page = staff_page(&state, ctx, &signed_in, errors, form.email, None).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    staff::invite(
        &state,
        &signed_in.0,
        &email,
        InvitationTarget::Staff(role),
        ctx.tr.locale(),
        &client,
    )
    .await?;
    Ok(see_other("/admin/staff?done=invited", Vec::new()))
}

pub async fn manage(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    admit(&state, &signed_in)?;
    let user = UserId::parse(&id).map_err(|_| AppError::NotFound)?;
    let action = match action.as_str() {
        "disable" => StaffAction::Disable,
        "enable" => StaffAction::Enable,
        "reset-mfa" => StaffAction::ResetMfa,
        "make-admin" => StaffAction::SetRole(StaffRole::Admin),
        "make-coordinator" => StaffAction::SetRole(StaffRole::Coordinator),
        _ => return Err(AppError::NotFound),
    };
    if !staff::manage(&state, &signed_in.0, user, action, &client).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/staff?done=changed", Vec::new()))
}
