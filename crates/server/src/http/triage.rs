//! The coordinators' triage: the queue (most urgent, then longest waiting), a request's file
//! with its reasons and clocks, and the actions: accept for matching, ask for information,
//! waitlist, decline with a reason, merge into another request, override the urgency.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::RequestId;
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::request_flow::RequestTransition;
use c4h_domain::triage::regulatory_deadlines;
use c4h_domain::{Country, RequestState, RequesterKind, Urgency};
use c4h_storage::model::{QueueFilter, StepOutcome};
use serde::Deserialize;
use time::OffsetDateTime;

use super::choices::{self, Choice, state_choices};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, filter, optional_text, see_other, text};
use super::request_view::ClockRow;
use super::views::{HistoryRow, Pager};
use crate::auth::SignedIn;
use crate::i18n::Tr;
use crate::services::Client;
use crate::services::directory::{PAGE_SIZE, named};
use crate::services::requests::{self, Reader, StepInput};
use crate::state::AppState;

/// How long something has waited, in words: "3 h 20 min", "2 d 4 h".
pub fn waited(tr: &Tr, since: OffsetDateTime, now: OffsetDateTime) -> String {
    let minutes = (now - since).whole_minutes().max(0);
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let n = |v: i64| v.to_string();
    if days > 0 {
        tr.with("waited-days", &[("days", n(days)), ("hours", n(hours))])
    } else {
        tr.with("waited-hours", &[("hours", n(hours)), ("minutes", n(minutes))])
    }
}

struct QueueLine {
    id: String,
    reference: String,
    organisation: String,
    kind: &'static str,
    country: &'static str,
    unverified: bool,
    state: &'static str,
    urgency: Option<&'static str>,
    reasons: Vec<&'static str>,
    waiting: String,
    in_state: String,
    breach: bool,
}

#[derive(Template)]
#[template(path = "coordination_queue.html")]
struct QueuePage {
    ctx: PageContext,
    q: String,
    urgencies: Vec<Choice>,
    countries: Vec<Choice>,
    kinds: Vec<Choice>,
    states: Vec<Choice>,
    total: u64,
    rows: Vec<QueueLine>,
    pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    state: String,
    page: Option<u32>,
}

pub async fn queue(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    params: Result<Query<QueueParams>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(signed_in.principal(), Action::View, Resource::Directory)?;
    let Query(params) = params?;
    let filter = QueueFilter {
        states: filter(&params.state, RequestState::parse)?.into_iter().collect(),
        urgency: filter(&params.urgency, Urgency::parse)?,
        country: filter(&params.country, Country::parse)?,
        kind: filter(&params.kind, RequesterKind::parse)?,
        text: Some(params.q.trim().to_owned()).filter(|q| !q.is_empty()),
    };
    let number = params.page.unwrap_or(1).max(1);
    let found = requests::queue(&state, signed_in.principal(), &filter, number).await?;
    let now = state.clock.now();
    let tr = &ctx.tr;
    let rows = found
        .items
        .into_iter()
        .map(|row| QueueLine {
            id: row.id.to_string(),
            reference: row.reference,
            organisation: row.organisation_name,
            kind: row.organisation_kind.as_str(),
            country: row.organisation_country.as_str(),
            unverified: row.from_unverified_organisation || !row.organisation_verified,
            state: row.state.as_str(),
            urgency: row.urgency.map(Urgency::as_str),
            reasons: row.urgency_reasons.iter().map(|r| r.as_str()).collect(),
            waiting: waited(tr, row.submitted_at.unwrap_or(row.state_changed_at), now),
            in_state: waited(tr, row.state_changed_at, now),
            breach: row.data_breach,
        })
        .collect();
    let kept = [
        ("q", params.q.trim().to_owned()),
        ("urgency", params.urgency.trim().to_owned()),
        ("country", params.country.trim().to_owned()),
        ("kind", params.kind.trim().to_owned()),
        ("state", params.state.trim().to_owned()),
    ];
    let link = |n: u32| {
        let mut pairs = kept.to_vec();
        pairs.push(("page", n.to_string()));
        format!("/coordination/triage?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
    };
    let page = QueuePage {
        q: params.q.trim().to_owned(),
        urgencies: state_choices(tr, "urgency", Urgency::CODES, params.urgency.trim()),
        countries: choices::countries(tr, &[params.country.trim()]),
        kinds: choices::kinds(tr, &[params.kind.trim()]),
        states: state_choices(tr, "request-state", RequestState::CODES, params.state.trim()),
        total: found.total,
        rows,
        pager: Pager::new(tr, number, found.total, PAGE_SIZE, link),
        ctx,
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Template)]
#[template(path = "coordination_request.html")]
struct FilePage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    base: String,
    reference: String,
    state: &'static str,
    urgency: Option<&'static str>,
    computed_urgency: Option<&'static str>,
    override_reason: Option<String>,
    reasons: Vec<&'static str>,
    organisation: String,
    organisation_href: String,
    kind: &'static str,
    country: &'static str,
    verification: &'static str,
    unverified: bool,
    requester: String,
    description: String,
    signals: Vec<&'static str>,
    patient_care: Vec<&'static str>,
    out_of_band_contact: Option<String>,
    category: Option<&'static str>,
    languages: Vec<String>,
    tlp: String,
    consent: bool,
    clocks: Vec<ClockRow>,
    entries: Vec<super::case_view::Entry>,
    history: Vec<HistoryRow>,
    steps: Vec<&'static str>,
    urgencies: Vec<Choice>,
    reason: String,
    waiting: String,
    matching: super::proposals::MatchingSection,
    /// Whether the conversation takes messages (the request is not over).
    open: bool,
    visibilities: Vec<&'static str>,
    tlps: Vec<&'static str>,
    upload_max_mb: u64,
    closure: super::case_view::Closure,
    /// "12.5 h of 100 h used for this organisation".
    hours_used: String,
    /// `warning` or `spent`, when the budget calls for it.
    budget: Option<&'static str>,
    budget_hours: u32,
    hold: super::legal_hold::HoldSection,
}

/// The file with `errors` shown, answered with `status` (a refused form).
pub async fn file_response(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: RequestId,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = file_page(state, ctx, signed_in, id, errors, None).await?;
    Ok(page.into_response_with(status)?)
}

async fn file_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: RequestId,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<FilePage, AppError> {
    let file =
        requests::read(state, signed_in.principal(), id, Reader::Coordinator, &ctx.client).await?;
    let now = state.clock.now();
    let tr = &ctx.tr;
    let d = file.details;
    let signals = &d.signals;
    let ticked = [
        ("active_incident", signals.active_incident),
        ("ransomware", signals.ransomware),
        ("systems_down", signals.systems_down),
        ("data_breach", signals.data_breach),
        ("email_compromised", signals.email_compromised),
    ];
    let clocks = ClockRow::rows(tr, &regulatory_deadlines(signals, d.nis2_in_scope), now);
    let history = HistoryRow::rows(tr, named(state, file.history).await?);
    let matching = super::proposals::section(state, tr, signed_in, &d).await?;
    let (hours_used, budget, budget_hours) = super::case_view::hours(state, tr, id).await?;
    let hold = super::legal_hold::section(state, tr, id, d.state, d.state_changed_at).await?;
    Ok(FilePage {
        hold,
        matching,
        open: !d.state.is_final(),
        visibilities: c4h_domain::Visibility::CODES.to_vec(),
        tlps: c4h_domain::Tlp::CODES.to_vec(),
        upload_max_mb: state.settings.uploads.max_bytes / (1024 * 1024),
        hours_used,
        budget,
        budget_hours,
        errors,
        notice,
        base: format!("/coordination/requests/{id}"),
        reference: d.reference,
        state: d.state.as_str(),
        urgency: d.urgency.map(Urgency::as_str),
        computed_urgency: d.computed_urgency.map(Urgency::as_str),
        override_reason: d.urgency_override_reason,
        reasons: d.urgency_reasons.iter().map(|r| r.as_str()).collect(),
        organisation: d.organisation_name,
        organisation_href: format!("/coordination/organisations/{}", d.organisation_id),
        kind: d.organisation_kind.as_str(),
        country: d.organisation_country.as_str(),
        verification: d.organisation_verification.as_str(),
        unverified: d.from_unverified_organisation,
        requester: d.requester_name,
        description: d.description,
        signals: ticked.iter().filter(|(_, on)| *on).map(|(code, _)| *code).collect(),
        patient_care: signals.patient_care.iter().map(|c| c.as_str()).collect(),
        out_of_band_contact: d.out_of_band_contact,
        category: d.category.map(|c| c.as_str()),
        languages: d.languages.iter().map(|l| tr.label("language", l.primary())).collect(),
        tlp: d.tlp.label(),
        consent: d.consent_to_share,
        clocks,
        closure: super::case_view::closure(
            tr,
            super::case_view::Reader::Staff,
            d.engagement,
            d.state,
        ),
        entries: super::case_view::entries(
            tr,
            super::case_view::Reader::Staff,
            d.messages,
            d.files,
            &format!("/coordination/requests/{id}"),
        ),
        history,
        // Offers have their own forms: sending one is more than a change of state.
        steps: file
            .steps
            .iter()
            .filter(|s| !matches!(s, RequestTransition::Offer | RequestTransition::OfferEnded))
            .map(|s| s.as_str())
            .collect(),
        urgencies: state_choices(
            tr,
            "urgency",
            Urgency::CODES,
            d.urgency.map_or("", Urgency::as_str),
        ),
        reason: String::new(),
        waiting: waited(tr, d.submitted_at.unwrap_or(d.state_changed_at), now),
        ctx,
    })
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let notice = done
        .notice("step", "triage-done-step")
        .or(done.notice("urgency", "triage-done-urgency"))
        .or(done.notice("offer", "proposal-done-sent"))
        .or(done.notice("summary", "proposal-done-summary"))
        .or(done.notice("message", "case-done-message"))
        .or(done.notice("file", "case-done-file"))
        .or(done.notice("budget", "case-done-budget"))
        .or(done.notice("hold", "hold-done-placed"))
        .or(done.notice("hold-lifted", "hold-done-lifted"));
    let page =
        file_page(&state, ctx, &signed_in, request_id(&id)?, FormErrors::default(), notice).await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    merge_into: String,
}

pub async fn take_step(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<StepForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let transition = errors.check(&ctx.tr, "step", RequestTransition::parse(&form.step));
    // A decline's reason is read by the requester, and a question needs words: both required.
    let needs_words = matches!(
        transition,
        Some(RequestTransition::Decline | RequestTransition::AskForInformation)
    );
    let reason = if needs_words {
        errors.check(&ctx.tr, "reason", text(&form.reason, 5000).map(Some))
    } else {
        errors.check(&ctx.tr, "reason", optional_text(&form.reason, 5000))
    };
    let merge = transition == Some(RequestTransition::Merge);
    let merge_into = if merge {
        errors.check(&ctx.tr, "merge_into", text(&form.merge_into, 40).map(Some))
    } else {
        Some(None)
    };
    let (Some(transition), Some(reason), Some(merge_into)) = (transition, reason, merge_into)
    else {
        let mut page = file_page(&state, ctx, &signed_in, id, errors, None).await?;
        page.reason = form.reason;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let input = match transition {
        RequestTransition::AskForInformation => {
            StepInput { message: reason, ..StepInput::default() }
        }
        RequestTransition::Decline => StepInput { reason, ..StepInput::default() },
        _ => StepInput { merge_into, message: reason, ..StepInput::default() },
    };
    let outcome =
        requests::step(&state, &signed_in.0, id, Reader::Coordinator, transition, input, &client)
            .await?;
    let key = match outcome {
        StepOutcome::Applied(_) => {
            return Ok(see_other(&format!("/coordination/requests/{id}?done=step"), Vec::new()));
        }
        StepOutcome::Refused(_) => "triage-step-refused",
        StepOutcome::UnknownMergeTarget => "triage-merge-unknown",
    };
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t(key));
    let page = file_page(&state, ctx, &signed_in, id, errors, None).await?;
    Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
}

#[derive(Debug, Deserialize)]
pub struct UrgencyForm {
    #[serde(default)]
    urgency: String,
    #[serde(default)]
    urgency_reason: String,
}

pub async fn set_urgency(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<UrgencyForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let urgency = errors.check(&ctx.tr, "urgency", Urgency::parse(&form.urgency));
    let reason = errors.check(&ctx.tr, "urgency_reason", text(&form.urgency_reason, 2000));
    let (Some(urgency), Some(reason)) = (urgency, reason) else {
        let page = file_page(&state, ctx, &signed_in, id, errors, None).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    requests::override_urgency(&state, &signed_in.0, id, urgency, &reason, &client).await?;
    Ok(see_other(&format!("/coordination/requests/{id}?done=urgency"), Vec::new()))
}
