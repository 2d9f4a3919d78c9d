//! The matching part of a request's file for coordinators: the best offerings for it now with
//! the reasons for each (the optimum's choice first), the offers so far, the text providers
//! read, and the forms that send an offer by hand and set that text.

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{OfferingId, RequestId};
use c4h_domain::matching::scoring::Reason;
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_storage::model::{RequestDetails, SendOutcome};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, optional_text, see_other};
use super::views::minute;
use crate::auth::SignedIn;
use crate::i18n::Tr;
use crate::services::matching::NextOffer;
use crate::services::{Client, offers};
use crate::state::AppState;

/// One offering that could take the request.
pub struct ProposalLine {
    pub offering: String,
    pub title: String,
    pub provider: String,
    pub optimal: bool,
    pub cost: u32,
    pub reasons: Vec<String>,
}

/// One offer made so far.
pub struct OfferLine {
    pub provider: String,
    pub category: &'static str,
    pub state: &'static str,
    pub sent: String,
    pub deadline: String,
    pub by_engine: bool,
    pub decline_reason: Option<&'static str>,
}

/// What the file shows of matching.
#[derive(Default)]
pub struct MatchingSection {
    pub waiting: bool,
    pub auto_offer: bool,
    pub summary: String,
    pub proposals: Vec<ProposalLine>,
    pub offers: Vec<OfferLine>,
}

/// A reason in words: "speaks French", "serves CH", "answers within 2 h".
pub fn reason_words(tr: &Tr, reason: &Reason) -> String {
    let value = match reason {
        Reason::Engagements { count: 0 } => return tr.t("match-reason-no_engagements"),
        Reason::SpeaksLanguage(language) => tr.label("language", language.primary()),
        Reason::ServesCountry(country) => tr.label("country", country.as_str()),
        Reason::ServesRegion(region) => tr.label("region", region.as_str()),
        Reason::Feedback { average_tenths, count } => {
            format!("{}.{}/5 ({count})", average_tenths / 10, average_tenths % 10)
        }
        Reason::SlowerThanWanted { hours, wanted } => {
            let arguments = [("hours", hours.to_string()), ("wanted", wanted.to_string())];
            return tr.with("match-reason-slower_than_wanted_hours", &arguments);
        }
        other => other.value().unwrap_or_default(),
    };
    tr.ts(&format!("match-reason-{}", reason.code()), "value", value)
}

pub async fn section(
    state: &AppState,
    tr: &Tr,
    signed_in: &SignedIn,
    details: &RequestDetails,
) -> Result<MatchingSection, AppError> {
    let language =
        c4h_domain::LanguageTag::parse(tr.lang()).map_err(|e| AppError::Internal(e.into()))?;
    let (made, proposed) =
        offers::matching_view(state, signed_in.principal(), details.id, &language).await?;
    let urgency = details.urgency.unwrap_or(c4h_domain::Urgency::Low);
    Ok(MatchingSection {
        waiting: offers::waits_for_an_offer(details.state),
        auto_offer: state.settings.matching.auto_offers(urgency),
        summary: details.offer_summary.clone().unwrap_or_default(),
        proposals: proposed
            .into_iter()
            .map(|named| ProposalLine {
                offering: named.proposal.offering.to_string(),
                title: named.entry.as_ref().map(|e| e.title.clone()).unwrap_or_default(),
                provider: named.entry.map(|e| e.provider_name).unwrap_or_default(),
                optimal: named.proposal.optimal,
                cost: named.proposal.score.cost,
                reasons: named
                    .proposal
                    .score
                    .terms
                    .iter()
                    .map(|t| reason_words(tr, &t.reason))
                    .collect(),
            })
            .collect(),
        offers: made
            .into_iter()
            .map(|offer| OfferLine {
                provider: offer.provider_name,
                category: offer.category.as_str(),
                state: offer.state.as_str(),
                sent: minute(offer.sent_at),
                deadline: minute(offer.deadline),
                by_engine: offer.sent_by.is_none(),
                decline_reason: offer.decline_reason.map(|r| r.as_str()),
            })
            .collect(),
    })
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

#[derive(Debug, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    offering: String,
}

pub async fn send(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<SendForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let Ok(offering) = OfferingId::parse(form.offering.trim()) else {
        let mut errors = FormErrors::default();
        errors.general = Some(ctx.tr.t("proposal-choose"));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return super::triage::file_response(&state, ctx, &signed_in, id, errors, status).await;
    };
    let key = match offers::send(&state, &signed_in.0, id, offering, &client).await? {
        NextOffer::Sent { .. } => {
            return Ok(see_other(&format!("/coordination/requests/{id}?done=offer"), Vec::new()));
        }
        NextOffer::NotSent(Some(SendOutcome::OfferingUnavailable)) => {
            "proposal-refused-unavailable"
        }
        NextOffer::NotSent(None) => return Err(AppError::NotFound),
        _ => "proposal-refused-not-waiting",
    };
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t(key));
    super::triage::file_response(&state, ctx, &signed_in, id, errors, StatusCode::CONFLICT).await
}

#[derive(Debug, Deserialize)]
pub struct SummaryForm {
    #[serde(default)]
    summary: String,
}

pub async fn set_summary(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<SummaryForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    authorize(signed_in.principal(), Action::Triage, Resource::Directory)?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(summary) = errors.check(&ctx.tr, "summary", optional_text(&form.summary, 1000)) else {
        return super::triage::file_response(
            &state,
            ctx,
            &signed_in,
            id,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    offers::set_summary(&state, &signed_in.0, id, summary.as_deref(), &client).await?;
    Ok(see_other(&format!("/coordination/requests/{id}?done=summary"), Vec::new()))
}
