//! Legal holds on a case, on the coordinators' file: place one with a reason, lift it, and see
//! when retention would purge the case otherwise.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::RequestState;
use c4h_domain::ids::RequestId;
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::retention::ENDED_STATES;
use serde::Deserialize;
use time::OffsetDateTime;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, see_other, text};
use super::views::day;
use crate::auth::SignedIn;
use crate::i18n::Tr;
use crate::services::Client;
use crate::services::retention;
use crate::state::AppState;

/// The longest reason a hold may give.
const REASON_MAX: usize = 2000;

/// What the file shows of retention: the hold, or when the case would be purged.
pub struct HoldSection {
    /// "On legal hold since 2026-11-29, placed by …", and its reason.
    pub placed: Option<(String, String)>,
    /// "Under the retention policy, this case is purged after 2027-11-29."
    pub purge_note: Option<String>,
}

pub async fn section(
    state: &AppState,
    tr: &Tr,
    request: RequestId,
    case_state: RequestState,
    since: OffsetDateTime,
) -> Result<HoldSection, AppError> {
    let hold = state.store.legal_hold(request).await?;
    let ended = ENDED_STATES.contains(&case_state);
    let purge_note = match (&hold, ended, state.settings.retention.ended_cases) {
        (None, true, c4h_domain::retention::Keep::Days(days)) => Some(tr.ts(
            "hold-purge-after",
            "date",
            day(since + time::Duration::days(i64::from(days))),
        )),
        _ => None,
    };
    let placed = hold.map(|hold| {
        let line =
            tr.with("hold-placed", &[("date", day(hold.placed_at)), ("name", hold.placed_by)]);
        (line, hold.reason)
    });
    Ok(HoldSection { placed, purge_note })
}

#[derive(Debug, Deserialize)]
pub struct HoldForm {
    #[serde(default)]
    reason: String,
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

/// Places a hold: the reason is required, so that whoever lifts it later knows why it was there.
pub async fn place(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<HoldForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(reason) = errors.check(&ctx.tr, "hold_reason", text(&form.reason, REASON_MAX)) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return super::triage::file_response(&state, ctx, &signed_in, id, errors, status).await;
    };
    retention::set_legal_hold(&state, signed_in.principal(), &client, id, Some(&reason)).await?;
    Ok(see_other(&format!("/coordination/requests/{id}?done=hold"), Vec::new()))
}

pub async fn lift(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    retention::set_legal_hold(&state, signed_in.principal(), &client, id, None).await?;
    Ok(see_other(&format!("/coordination/requests/{id}?done=hold-lifted"), Vec::new()))
}
