//! A provider's offers: the inbox with the time left on each, an offer's summary with the
//! accept and decline forms, and the case once the provider is engaged.
//!
//! What a summary shows is what PRODUCT.md allows before acceptance: category, urgency, the
//! requester's kind and country, languages, and the text a coordinator wrote. The case page
//! answers "not found" unless this provider holds the engagement.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{OfferId, ProviderId, RequestId};
use c4h_domain::offer_flow::{DeclineReason, OfferError, OfferStep};
use c4h_domain::{OfferState, Tlp, Urgency};
use c4h_storage::model::{OfferOutcome, ProviderOffer};
use serde::Deserialize;
use time::OffsetDateTime;

use super::choices::{Choice, state_choices};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, see_other};
use super::views::minute;
use crate::auth::SignedIn;
use crate::i18n::Tr;
use crate::services::{Client, offers};
use crate::state::AppState;

/// An offer as its provider's pages show it.
struct OfferLine {
    href: String,
    state: &'static str,
    pending: bool,
    urgency: Option<&'static str>,
    category: Option<&'static str>,
    kind: &'static str,
    country: &'static str,
    languages: String,
    summary: Option<String>,
    sent: String,
    deadline: String,
    /// "45 min left", for pending offers.
    left: Option<String>,
    /// The case, once accepted.
    case_href: Option<String>,
}

/// "3 h 20 min left", or `None` when the deadline has passed.
fn time_left(tr: &Tr, deadline: OffsetDateTime, now: OffsetDateTime) -> Option<String> {
    let minutes = (deadline - now).whole_minutes();
    (minutes > 0).then(|| {
        let (hours, minutes) = (minutes / 60, minutes % 60);
        tr.with("offer-left", &[("hours", hours.to_string()), ("minutes", minutes.to_string())])
    })
}

fn line(tr: &Tr, provider: ProviderId, offer: ProviderOffer, now: OffsetDateTime) -> OfferLine {
    let pending = offer.state == OfferState::Pending && offer.deadline > now;
    OfferLine {
        href: format!("/providers/{provider}/offers/{}", offer.id),
        state: offer.state.as_str(),
        pending,
        urgency: offer.urgency.map(Urgency::as_str),
        category: offer.category.map(|c| c.as_str()),
        kind: offer.requester_kind.as_str(),
        country: offer.country.as_str(),
        languages: offer
            .languages
            .iter()
            .map(|l| tr.label("language", l.primary()))
            .collect::<Vec<_>>()
            .join(", "),
        summary: offer.summary,
        sent: minute(offer.sent_at),
        deadline: minute(offer.deadline),
        left: if pending { time_left(tr, offer.deadline, now) } else { None },
        case_href: offer.request.map(|r| format!("/providers/{provider}/cases/{r}")),
    }
}

fn provider_id(id: &str) -> Result<ProviderId, AppError> {
    ProviderId::parse(id).map_err(|_| AppError::NotFound)
}

#[derive(Template)]
#[template(path = "provider_inbox.html")]
struct InboxPage {
    ctx: PageContext,
    base: String,
    waiting: Vec<OfferLine>,
    answered: Vec<OfferLine>,
}

pub async fn inbox(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let provider = provider_id(&id)?;
    let found = offers::inbox(&state, signed_in.principal(), provider).await?;
    let now = state.clock.now();
    let (waiting, answered): (Vec<_>, Vec<_>) =
        found.into_iter().map(|o| line(&ctx.tr, provider, o, now)).partition(|l| l.pending);
    let page = InboxPage { base: format!("/providers/{provider}"), waiting, answered, ctx };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Template)]
#[template(path = "provider_offer.html")]
struct OfferPage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    inbox: String,
    offer: OfferLine,
    reasons: Vec<Choice>,
}

async fn offer_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    provider: ProviderId,
    offer: OfferId,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<OfferPage, AppError> {
    let found = offers::offer(state, signed_in.principal(), provider, offer).await?;
    let offer = line(&ctx.tr, provider, found, state.clock.now());
    Ok(OfferPage {
        errors,
        notice,
        inbox: format!("/providers/{provider}/offers"),
        offer,
        reasons: state_choices(&ctx.tr, "decline-reason", DeclineReason::CODES, ""),
        ctx,
    })
}

fn offer_id(id: &str) -> Result<OfferId, AppError> {
    OfferId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path((id, offer)): Path<(String, String)>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let notice = done.notice("declined", "offer-done-declined");
    let page = offer_page(
        &state,
        ctx,
        &signed_in,
        provider_id(&id)?,
        offer_id(&offer)?,
        FormErrors::default(),
        notice,
    )
    .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    reason: String,
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((id, offer, decision)): Path<(String, String, String)>,
    form: Result<Form<AnswerForm>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, offer) = (provider_id(&id)?, offer_id(&offer)?);
    // Refuse before reading the form: the offer answers "not found" to anyone else.
    offers::offer(&state, signed_in.principal(), provider, offer).await?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let step = match decision.as_str() {
        "accept" => Some(OfferStep::Accept),
        "decline" => errors
            .check(&ctx.tr, "reason", DeclineReason::parse(&form.reason))
            .map(OfferStep::Decline),
        _ => return Err(AppError::NotFound),
    };
    let Some(step) = step else {
        let page = offer_page(&state, ctx, &signed_in, provider, offer, errors, None).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let (outcome, _) = offers::answer(&state, &signed_in.0, provider, offer, step, &client).await?;
    let key = match outcome {
        OfferOutcome::Engaged(_) => {
            let found = offers::offer(&state, signed_in.principal(), provider, offer).await?;
            let case = found.request.ok_or(AppError::NotFound)?;
            return Ok(see_other(
                &format!("/providers/{provider}/cases/{case}?done=accepted"),
                Vec::new(),
            ));
        }
        OfferOutcome::Ended(_) => {
            return Ok(see_other(
                &format!("/providers/{provider}/offers/{offer}?done=declined"),
                Vec::new(),
            ));
        }
        OfferOutcome::Refused(OfferError::PastDeadline) => "offer-refused-late",
        OfferOutcome::Refused(_) => "offer-refused-ended",
    };
    errors.general = Some(ctx.tr.t(key));
    let page = offer_page(&state, ctx, &signed_in, provider, offer, errors, None).await?;
    Ok(page.into_response_with(StatusCode::CONFLICT)?)
}

#[derive(Template)]
#[template(path = "provider_case.html")]
struct CasePage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    base: String,
    inbox: String,
    reference: String,
    state: &'static str,
    urgency: Option<&'static str>,
    organisation: String,
    kind: &'static str,
    country: &'static str,
    requester: String,
    out_of_band_contact: Option<String>,
    email_compromised: bool,
    description: String,
    category: Option<&'static str>,
    languages: String,
    tlp: String,
    /// Whether the conversation takes messages (the request is not over).
    open: bool,
    /// The provider is working it: it can log hours and mark it resolved.
    resolvable: bool,
    /// "12.5 h of 100 h used for this organisation".
    hours_used: String,
    /// `warning` or `spent`, when the budget calls for it.
    budget: Option<&'static str>,
    visibilities: Vec<&'static str>,
    tlps: Vec<&'static str>,
    upload_max_mb: u64,
    entries: Vec<super::case_view::Entry>,
    closure: super::case_view::Closure,
    history: Vec<super::views::HistoryRow>,
}

pub async fn case(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path((id, request)): Path<(String, String)>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let provider = provider_id(&id)?;
    let request = RequestId::parse(&request).map_err(|_| AppError::NotFound)?;
    let notice = done
        .notice("accepted", "offer-done-accepted")
        .or(done.notice("message", "case-done-message"))
        .or(done.notice("file", "case-done-file"))
        .or(done.notice("hours", "case-done-hours"))
        .or(done.notice("resolved", "case-done-resolved"))
        .or(done.notice("next_steps", "case-done-next-steps"))
        .or(done.notice("feedback", "case-done-feedback"));
    let page = case_page(&state, ctx, &signed_in, provider, request, FormErrors::default(), notice)
        .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// The case with a refused message form's `errors`, answered 422.
pub async fn case_response(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    provider: ProviderId,
    request: RequestId,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = case_page(state, ctx, signed_in, provider, request, errors, None).await?;
    Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
}

async fn case_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    provider: ProviderId,
    request: RequestId,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<CasePage, AppError> {
    let d = offers::read_case(state, signed_in.principal(), provider, request, &ctx.client).await?;
    let tr = &ctx.tr;
    let (hours_used, budget, _) = super::case_view::hours(state, tr, request).await?;
    let events = offers::case_history(state, signed_in.principal(), provider, request).await?;
    let named = crate::services::directory::named(state, events).await?;
    let history = super::views::HistoryRow::rows(tr, named);
    Ok(CasePage {
        hours_used,
        budget,
        errors,
        notice,
        base: format!("/providers/{provider}/cases/{request}"),
        inbox: format!("/providers/{provider}/offers"),
        reference: d.reference,
        state: d.state.as_str(),
        urgency: d.urgency.map(Urgency::as_str),
        organisation: d.organisation_name,
        kind: d.organisation_kind.as_str(),
        country: d.organisation_country.as_str(),
        requester: d.requester_name,
        out_of_band_contact: d.out_of_band_contact,
        email_compromised: d.signals.email_compromised,
        description: d.description,
        category: d.category.map(|c| c.as_str()),
        languages: d
            .languages
            .iter()
            .map(|l| tr.label("language", l.primary()))
            .collect::<Vec<_>>()
            .join(", "),
        tlp: d.tlp.label(),
        open: !d.state.is_final(),
        resolvable: d.state == c4h_domain::RequestState::Engaged,
        visibilities: c4h_domain::case::readable_by(c4h_domain::request_flow::Role::Provider)
            .iter()
            .map(|v| v.as_str())
            .collect(),
        tlps: Tlp::CODES.to_vec(),
        upload_max_mb: state.settings.uploads.max_bytes / (1024 * 1024),
        history,
        closure: super::case_view::closure(
            tr,
            super::case_view::Reader::Provider,
            d.engagement,
            d.state,
        ),
        entries: super::case_view::entries(
            tr,
            super::case_view::Reader::Provider,
            d.messages,
            d.files,
            &format!("/providers/{provider}/cases/{request}"),
        ),
        ctx,
    })
}
