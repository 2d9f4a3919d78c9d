//! The coordinators' provider pages: the list of providers, and each provider's file with its
//! vetting decisions, notes and history.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{ProviderId, ReviewId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{Country, VettingState};
use c4h_storage::model::{ProviderFilter, ReviewOutcome};
use serde::Deserialize;

use super::choices::{self, Choice, state_choices};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, filter, optional_text, see_other, text};
use super::views::{HistoryRow, Pager, day, minute};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::directory::{self, PAGE_SIZE};
use crate::services::providers;
use crate::state::AppState;

/// A provider of the list.
struct ProviderLine {
    id: String,
    name: String,
    country: &'static str,
    vetting: &'static str,
    offerings: u32,
    open_review: bool,
    applied: String,
}

#[derive(Template)]
#[template(path = "coordination_providers.html")]
struct ListPage {
    ctx: PageContext,
    q: String,
    states: Vec<Choice>,
    countries: Vec<Choice>,
    total: u64,
    providers: Vec<ProviderLine>,
    pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    vetting: String,
    #[serde(default)]
    country: String,
    page: Option<u32>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(signed_in.principal(), Action::View, Resource::Directory)?;
    let Query(params) = params?;
    let filter = ProviderFilter {
        text: Some(params.q.trim().to_owned()).filter(|q| !q.is_empty()),
        vetting: filter(&params.vetting, VettingState::parse)?,
        country: filter(&params.country, Country::parse)?,
    };
    let number = params.page.unwrap_or(1).max(1);
    let found = directory::providers(&state, signed_in.principal(), &filter, number).await?;
    let link = |n: u32| {
        let query = serde_urlencoded::to_string([
            ("q", params.q.trim()),
            ("vetting", params.vetting.trim()),
            ("country", params.country.trim()),
            ("page", &n.to_string()),
        ]);
        format!("/coordination/providers?{}", query.unwrap_or_default())
    };
    let providers = found
        .items
        .into_iter()
        .map(|row| ProviderLine {
            id: row.id.to_string(),
            name: row.name,
            country: row.home_country.as_str(),
            vetting: row.vetting.as_str(),
            offerings: row.offerings,
            open_review: row.open_review,
            applied: day(row.created_at),
        })
        .collect();
    let page = ListPage {
        q: params.q.trim().to_owned(),
        states: state_choices(&ctx.tr, "vetting", VettingState::CODES, params.vetting.trim()),
        countries: choices::countries(&ctx.tr, &[params.country.trim()]),
        total: found.total,
        providers,
        pager: Pager::new(&ctx.tr, number, found.total, PAGE_SIZE, link),
        ctx,
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// A decision of the file, as shown.
struct ReviewLine {
    id: String,
    decision: &'static str,
    reason: String,
    /// "proposed by … on …".
    proposed: String,
    /// "confirmed by … on …", "withdrawn on …", or waiting.
    outcome: Option<String>,
    /// Waiting, and the reader may confirm it (they did not propose it).
    can_confirm: bool,
    waiting: bool,
}

#[derive(Template)]
#[template(path = "coordination_provider.html")]
struct FilePage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    base: String,
    name: String,
    vetting: &'static str,
    country: &'static str,
    website: Option<String>,
    description: String,
    contact_email: String,
    contact_phone: Option<String>,
    services: Vec<&'static str>,
    pledges_taken: bool,
    applied: String,
    paused_until: Option<String>,
    pause_message: Option<String>,
    reviews: Vec<ReviewLine>,
    /// The decisions that apply to the provider's state now.
    decisions: Vec<&'static str>,
    notes: Vec<(String, String, String, Option<String>)>,
    history: Vec<HistoryRow>,
    reason: String,
    note: String,
    evidence: String,
}

async fn file_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: ProviderId,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<FilePage, AppError> {
    let file = providers::vetting_file(state, &signed_in.0, id).await?;
    let details = file.details;
    let me = signed_in.user().id;
    let reviews = details
        .reviews
        .into_iter()
        .map(|review| {
            let waiting = review.is_open();
            let outcome = if let Some(at) = review.withdrawn_at {
                Some(ctx.tr.ts("vetting-withdrawn", "when", minute(at)))
            } else if review.decision.needs_confirmation() {
                match (&review.confirmed_by_name, review.confirmed_at) {
                    (Some(name), Some(at)) => Some(ctx.tr.with(
                        "vetting-confirmed-by",
                        &[("name", name.clone()), ("when", minute(at))],
                    )),
                    _ => None,
                }
            } else {
                None
            };
            ReviewLine {
                id: review.id.to_string(),
                decision: review.decision.as_str(),
                reason: review.reason,
                proposed: ctx.tr.with(
                    "vetting-proposed-by",
                    &[("name", review.proposed_by_name), ("when", minute(review.proposed_at))],
                ),
                outcome,
                can_confirm: waiting && review.proposed_by != me,
                waiting,
            }
        })
        .collect();
    let decisions = VettingDecision::ALL
        .iter()
        .filter(|decision| decision.apply(details.vetting).is_ok())
        .map(|decision| decision.as_str())
        .collect();
    Ok(FilePage {
        errors,
        notice,
        base: format!("/coordination/providers/{id}"),
        name: details.name,
        vetting: details.vetting.as_str(),
        country: details.home_country.as_str(),
        website: details.website,
        description: details.description,
        contact_email: details.contact_email.map(|e| e.to_string()).unwrap_or_default(),
        contact_phone: details.contact_phone,
        services: details.services_offered.iter().map(|c| c.as_str()).collect(),
        pledges_taken: details.pledges_taken,
        applied: day(details.created_at),
        paused_until: details.paused_until.filter(|t| *t > state.clock.now()).map(day),
        pause_message: details.pause_message,
        reviews,
        decisions,
        notes: details
            .notes
            .into_iter()
            .map(|note| (minute(note.created_at), note.author_name, note.body, note.evidence))
            .collect(),
        history: HistoryRow::rows(&ctx.tr, file.history),
        reason: String::new(),
        note: String::new(),
        evidence: String::new(),
        ctx,
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
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let notice = done
        .notice("proposed", "vetting-done-proposed")
        .or(done.notice("applied", "vetting-done-applied"))
        .or(done.notice("note", "vetting-done-note"));
    let page = file_page(&state, ctx, &signed_in, provider_id(&id)?, FormErrors::default(), notice)
        .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// The file again with `errors`, and what was typed.
async fn refused(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: ProviderId,
    errors: FormErrors,
    typed: (String, String, String),
) -> Result<Response, AppError> {
    let mut page = file_page(state, ctx, signed_in, id, errors, None).await?;
    (page.reason, page.note, page.evidence) = typed;
    Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    authorize(signed_in.principal(), Action::Vet, Resource::Provider(id))?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let decision = errors.check(&ctx.tr, "decision", VettingDecision::parse(&form.decision));
    let reason = errors.check(&ctx.tr, "reason", text(&form.reason, 2000));
    let (Some(decision), Some(reason)) = (decision, reason) else {
        return refused(
            &state,
            ctx,
            &signed_in,
            id,
            errors,
            (form.reason, String::new(), String::new()),
        )
        .await;
    };
    let outcome = providers::decide(&state, &signed_in.0, id, decision, reason, &client).await?;
    answer(&state, ctx, &signed_in, id, outcome, form.reason).await
}

/// Where a decision leads: back to the file with a notice, or the file with why not.
async fn answer(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: ProviderId,
    outcome: ReviewOutcome,
    reason: String,
) -> Result<Response, AppError> {
    let key = match outcome {
        ReviewOutcome::AwaitingConfirmation => {
            return Ok(see_other(
                &format!("/coordination/providers/{id}?done=proposed"),
                Vec::new(),
            ));
        }
        ReviewOutcome::Applied(_) => {
            return Ok(see_other(
                &format!("/coordination/providers/{id}?done=applied"),
                Vec::new(),
            ));
        }
        ReviewOutcome::NotApplicable => "vetting-not-applicable",
        ReviewOutcome::SameCoordinator => "vetting-same-coordinator",
    };
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t(key));
    refused(state, ctx, signed_in, id, errors, (reason, String::new(), String::new())).await
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((id, review)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    authorize(signed_in.principal(), Action::Vet, Resource::Provider(id))?;
    let review = ReviewId::parse(&review).map_err(|_| AppError::NotFound)?;
    let outcome = providers::confirm(&state, &signed_in.0, id, review, &client).await?;
    answer(&state, ctx, &signed_in, id, outcome, String::new()).await
}

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    evidence: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<NoteForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    authorize(signed_in.principal(), Action::Vet, Resource::Provider(id))?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let note = errors.check(&ctx.tr, "note", text(&form.note, 5000));
    let evidence = errors.check(&ctx.tr, "evidence", optional_text(&form.evidence, 1000));
    let (Some(note), Some(evidence)) = (note, evidence) else {
        return refused(
            &state,
            ctx,
            &signed_in,
            id,
            errors,
            (String::new(), form.note, form.evidence),
        )
        .await;
    };
    providers::add_note(&state, &signed_in.0, id, &note, evidence.as_deref(), &client).await?;
    Ok(see_other(&format!("/coordination/providers/{id}?done=note"), Vec::new()))
}
