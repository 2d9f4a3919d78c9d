//! Seeing a case through: the provider's next steps, and each side's feedback once the case is
//! resolved (a rating from 1 to 5 and a comment, each optional, not both empty; once per side).

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::RequestId;
use c4h_storage::model::{FeedbackOutcome, FeedbackToLeave};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, see_other, text};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::case::{self, Party};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct NextStepsForm {
    #[serde(default)]
    next_steps: String,
}

pub async fn provider_next_steps(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    form: Result<Form<NextStepsForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, id) = super::case_messages::own_case(&state, &signed_in, &provider, &id).await?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(steps) = errors.check(&ctx.tr, "next_steps", text(&form.next_steps, 5000)) else {
        return super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await;
    };
    if case::set_next_steps(&state, &signed_in.0, provider, id, &steps, &client).await? {
        let to = format!("/providers/{provider}/cases/{id}?done=next_steps");
        return Ok(see_other(&to, Vec::new()));
    }
    errors.general = Some(ctx.tr.t("case-hours-not-active"));
    super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await
}

#[derive(Debug, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

/// The feedback the form describes, or the reasons it is refused.
fn feedback(ctx: &PageContext, form: &FeedbackForm) -> Result<FeedbackToLeave, FormErrors> {
    let mut errors = FormErrors::default();
    let rating = match form.rating.trim() {
        "" => None,
        value => match value.parse::<u8>() {
            Ok(stars @ 1..=5) => Some(stars),
            _ => {
                errors.set("rating", ctx.tr.t("case-feedback-rating-invalid"));
                None
            }
        },
    };
    let comment = match form.comment.trim() {
        "" => None,
        _ => errors.check(&ctx.tr, "comment", text(&form.comment, 5000)),
    };
    if errors.is_empty() && rating.is_none() && comment.is_none() {
        errors.general = Some(ctx.tr.t("case-feedback-empty"));
    }
    if errors.is_empty() { Ok(FeedbackToLeave { rating, comment }) } else { Err(errors) }
}

/// Leaves the feedback; the errors to show when it is not recorded.
async fn leave(
    state: &AppState,
    ctx: &PageContext,
    signed_in: &SignedIn,
    client: &Client,
    request: RequestId,
    party: Party,
    form: &FeedbackForm,
) -> Result<Option<FormErrors>, AppError> {
    let feedback = match feedback(ctx, form) {
        Ok(feedback) => feedback,
        Err(errors) => return Ok(Some(errors)),
    };
    let outcome =
        case::leave_feedback(state, &signed_in.0, request, party, &feedback, client).await?;
    let key = match outcome {
        FeedbackOutcome::Recorded => return Ok(None),
        FeedbackOutcome::AlreadyGiven => "case-feedback-given",
        FeedbackOutcome::NotYet => "case-feedback-not-yet",
    };
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t(key));
    Ok(Some(errors))
}

pub async fn provider_feedback(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    form: Result<Form<FeedbackForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, id) = super::case_messages::own_case(&state, &signed_in, &provider, &id).await?;
    let Form(form) = form?;
    let party = Party::Provider(provider);
    match leave(&state, &ctx, &signed_in, &client, id, party, &form).await? {
        None => {
            Ok(see_other(&format!("/providers/{provider}/cases/{id}?done=feedback"), Vec::new()))
        }
        Some(errors) => {
            super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await
        }
    }
}

pub async fn requester_feedback(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<FeedbackForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = RequestId::parse(&id).map_err(|_| AppError::NotFound)?;
    let party = Party::requester_of(&state, id).await?;
    party.grant(signed_in.principal())?;
    let Form(form) = form?;
    match leave(&state, &ctx, &signed_in, &client, id, party, &form).await? {
        None => Ok(see_other(&format!("/requests/{id}?done=feedback"), Vec::new())),
        Some(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            super::intake::page_response(&state, ctx, &signed_in, id, errors, status).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct BudgetForm {
    #[serde(default)]
    hours: String,
}

/// A coordinator sets the hours of free help the request's organisation has.
pub async fn coordinator_budget(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<BudgetForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = RequestId::parse(&id).map_err(|_| AppError::NotFound)?;
    Party::Coordinator.grant(signed_in.principal())?;
    let Form(form) = form?;
    match form.hours.trim().parse::<u32>() {
        Ok(hours @ 1..=100_000) => {
            case::set_budget(&state, &signed_in.0, id, hours, &client).await?;
            Ok(see_other(&format!("/coordination/requests/{id}?done=budget"), Vec::new()))
        }
        _ => {
            let mut errors = FormErrors::default();
            errors.set("hours", ctx.tr.t("case-budget-invalid"));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            super::triage::file_response(&state, ctx, &signed_in, id, errors, status).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct FollowUpForm {
    #[serde(default)]
    answer: String,
}

/// The requester's one-click answer to "did the problem come back?".
pub async fn requester_follow_up(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<FollowUpForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = RequestId::parse(&id).map_err(|_| AppError::NotFound)?;
    Party::requester_of(&state, id).await?.grant(signed_in.principal())?;
    let Form(form) = form?;
    let came_back = match form.answer.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            let mut errors = FormErrors::default();
            errors.general = Some(ctx.tr.t("follow-up-choose"));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return super::intake::page_response(&state, ctx, &signed_in, id, errors, status).await;
        }
    };
    match case::answer_follow_up(&state, &signed_in.0, id, came_back, &client).await? {
        Some(Some(new)) => Ok(see_other(&format!("/requests/{new}?done=submitted"), Vec::new())),
        Some(None) => Ok(see_other(&format!("/requests/{id}?done=follow_up"), Vec::new())),
        None => {
            let mut errors = FormErrors::default();
            errors.general = Some(ctx.tr.t("follow-up-none"));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            super::intake::page_response(&state, ctx, &signed_in, id, errors, status).await
        }
    }
}
