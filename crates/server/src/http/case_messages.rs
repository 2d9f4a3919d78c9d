//! Posting on a case: the form coordinators and the engaged provider's members share (the text,
//! who may read it, its TLP marking), checked field by field; and the provider marking the case
//! resolved with a summary.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{ProviderId, RequestId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::{Tlp, Visibility};
use c4h_storage::model::CaseMessage;
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, see_other, text};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::case::{self, Party, Posted};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    tlp: String,
}

/// The message the form describes, or the reasons it is refused.
fn message(ctx: &PageContext, form: &MessageForm, party: Party) -> Result<CaseMessage, FormErrors> {
    let mut errors = FormErrors::default();
    let body = errors.check(&ctx.tr, "body", text(&form.body, 20_000));
    let visibility = errors.check(&ctx.tr, "visibility", Visibility::parse(form.visibility.trim()));
    let tlp = match form.tlp.trim() {
        "" => Some(Tlp::DEFAULT),
        value => errors.check(&ctx.tr, "tlp", Tlp::parse_lenient(value)),
    };
    if let Some(visibility) = visibility
        && !c4h_domain::case::may_write(party.role(), visibility)
    {
        errors.set("visibility", ctx.tr.t("case-visibility-refused"));
    }
    match (body, visibility, tlp) {
        (Some(body), Some(visibility), Some(tlp)) if errors.is_empty() => {
            Ok(CaseMessage { body, visibility, tlp })
        }
        _ => Err(errors),
    }
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

/// The provider and request of a case route, once the case is known to be the signed-in
/// member's provider's: checked before any form is read, so that the case is "not found" to
/// anyone else.
pub(super) async fn own_case(
    state: &AppState,
    signed_in: &SignedIn,
    provider: &str,
    request: &str,
) -> Result<(ProviderId, RequestId), AppError> {
    let provider = ProviderId::parse(provider).map_err(|_| AppError::NotFound)?;
    let request = request_id(request)?;
    crate::services::offers::case(state, signed_in.principal(), provider, request).await?;
    Ok((provider, request))
}

pub async fn coordinator_post(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<MessageForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let party = Party::Coordinator;
    let refused = match message(&ctx, &form, party) {
        Ok(message) => {
            match case::post(&state, &signed_in.0, id, party, &message, &client).await? {
                Posted::Posted => {
                    return Ok(see_other(
                        &format!("/coordination/requests/{id}?done=message"),
                        Vec::new(),
                    ));
                }
                Posted::VisibilityRefused | Posted::Closed => closed(&ctx),
            }
        }
        Err(errors) => errors,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    super::triage::file_response(&state, ctx, &signed_in, id, refused, status).await
}

pub async fn provider_post(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    form: Result<Form<MessageForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, id) = own_case(&state, &signed_in, &provider, &id).await?;
    let Form(form) = form?;
    let party = Party::Provider(provider);
    let refused = match message(&ctx, &form, party) {
        Ok(message) => {
            match case::post(&state, &signed_in.0, id, party, &message, &client).await? {
                Posted::Posted => {
                    let to = format!("/providers/{provider}/cases/{id}?done=message");
                    return Ok(see_other(&to, Vec::new()));
                }
                Posted::VisibilityRefused | Posted::Closed => closed(&ctx),
            }
        }
        Err(errors) => errors,
    };
    super::offers::case_response(&state, ctx, &signed_in, provider, id, refused).await
}

fn closed(ctx: &PageContext) -> FormErrors {
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t("case-closed"));
    errors
}

#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    resolution: String,
}

pub async fn provider_resolve(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    form: Result<Form<ResolveForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, id) = own_case(&state, &signed_in, &provider, &id).await?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(summary) = errors.check(&ctx.tr, "resolution", text(&form.resolution, 5000)) else {
        return super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await;
    };
    match case::resolve(&state, &signed_in.0, provider, id, &summary, &client).await? {
        c4h_storage::model::StepOutcome::Applied(_) => {
            let to = format!("/providers/{provider}/cases/{id}?done=resolved");
            Ok(see_other(&to, Vec::new()))
        }
        _ => {
            errors.general = Some(ctx.tr.t("case-resolve-refused"));
            super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct HoursForm {
    #[serde(default)]
    hours: String,
    #[serde(default)]
    worked_on: String,
    #[serde(default)]
    note: String,
}

/// Hours as people type them: `2`, `1.5`, `0,25`; from one minute to 24 hours.
fn minutes(value: &str) -> Option<u32> {
    let hours: f64 = value.trim().replace(',', ".").parse().ok()?;
    let minutes = (hours * 60.0).round();
    (1.0..=1440.0).contains(&minutes).then_some(minutes as u32)
}

pub async fn provider_hours(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    form: Result<Form<HoursForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, id) = own_case(&state, &signed_in, &provider, &id).await?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let minutes = minutes(&form.hours);
    if minutes.is_none() {
        errors.set("hours", ctx.tr.t("case-hours-invalid"));
    }
    let today = state.clock.now().date();
    let worked_on = match form.worked_on.trim() {
        "" => Some(today),
        value => {
            time::Date::parse(value, time::macros::format_description!("[year]-[month]-[day]"))
                .ok()
                .filter(|day| *day <= today)
        }
    };
    if worked_on.is_none() {
        errors.set("worked_on", ctx.tr.t("case-hours-day-invalid"));
    }
    let note = errors.check(&ctx.tr, "note", super::forms::optional_text(&form.note, 1000));
    let (Some(minutes), Some(worked_on), Some(note)) = (minutes, worked_on, note) else {
        return super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await;
    };
    let entry =
        c4h_storage::model::HoursEntry { by: signed_in.0.user.id, minutes, worked_on, note };
    match case::log_hours(&state, &signed_in.0, provider, id, &entry, &client).await? {
        case::Logged::Logged { .. } => {
            let to = format!("/providers/{provider}/cases/{id}?done=hours");
            Ok(see_other(&to, Vec::new()))
        }
        case::Logged::NotActive => {
            errors.general = Some(ctx.tr.t("case-hours-not-active"));
            super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await
        }
    }
}
