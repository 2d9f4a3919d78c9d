//! Offers as people handle them: a provider's inbox, an offer's summary, the answer, and the
//! case once engaged; a coordinator's proposals for a request, sending one by hand, and the
//! summary text providers read.
//!
//! Guarantees: a provider's member reaches only the provider's own offers, and a case only
//! through an engagement of the provider (anything else is "not found", so nobody learns that
//! a case exists); coordinators send offers with their triage grant, and every step is an audit
//! event of the request.

use c4h_domain::ids::{OfferId, OfferingId, ProviderId, RequestId};
use c4h_domain::offer_flow::OfferStep;
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_domain::{LanguageTag, RequestState};
use c4h_storage::model::{
    AuditEvent, CatalogueEntry, ObjectRef, OfferAnswer, OfferOutcome, ProviderOffer,
    RequestDetails, RequestOffer, SessionContext,
};

use super::Client;
use super::matching::{NextOffer, Proposal, proposals};
use crate::http::AppError;
use crate::state::AppState;

/// The provider's offers, newest first (summaries only).
pub async fn inbox(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
) -> Result<Vec<ProviderOffer>, AppError> {
    let grant = authorize(principal, Action::AnswerOffers, Resource::Provider(provider))?;
    Ok(state.store.provider_offers(&grant).await?)
}

/// One of the provider's offers.
pub async fn offer(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
    offer: OfferId,
) -> Result<ProviderOffer, AppError> {
    let grant = authorize(principal, Action::AnswerOffers, Resource::Provider(provider))?;
    state.store.provider_offer(&grant, offer).await?.ok_or(AppError::NotFound)
}

/// A member's answer to one of the provider's offers; on a decline, the request's next offer
/// is sent at once.
pub async fn answer(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    offer: OfferId,
    step: OfferStep,
    client: &Client,
) -> Result<(OfferOutcome, Option<NextOffer>), AppError> {
    let grant = authorize(&context.principal, Action::AnswerOffers, Resource::Provider(provider))?;
    let now = state.clock.now();
    let answer = OfferAnswer { offer, step, by: Some(context.user.id), at: now };
    let answered = state
        .engine
        .answer(&grant, &answer, client.actor(Some(context.user.id)))
        .await
        .map_err(AppError::Internal)?;
    state.jobs.wake();
    answered.ok_or(AppError::NotFound)
}

/// The case, as a member of the engaged provider reads it.
pub async fn case(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
    request: RequestId,
) -> Result<RequestDetails, AppError> {
    let grant = authorize(principal, Action::AnswerOffers, Resource::Provider(provider))?;
    state.store.engaged_case(&grant, request).await?.ok_or(AppError::NotFound)
}

/// The case as its page shows it to a member of the engaged provider, with the reading recorded
/// first.
pub async fn read_case(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
    request: RequestId,
    client: &Client,
) -> Result<RequestDetails, AppError> {
    let details = case(state, principal, provider, request).await?;
    let facts = serde_json::json!({
        "as": "provider",
        "messages": details.messages.len(),
        "files": details.files.len(),
    });
    let object = ObjectRef::new("request", request);
    super::record_reading(state, principal, client, object, request, facts).await?;
    Ok(details)
}

/// What the engaged provider's members read of the case's history (see
/// `case::shown_in_history`).
pub async fn case_history(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
    request: RequestId,
) -> Result<Vec<AuditEvent>, AppError> {
    let grant = authorize(principal, Action::AnswerOffers, Resource::Provider(provider))?;
    let events = state.store.engaged_case_history(&grant, request).await?;
    let role = c4h_domain::request_flow::Role::Provider;
    let shown = |event: &AuditEvent| super::case::shown_in_history(role, &event.record.action);
    Ok(events.into_iter().filter(shown).collect())
}

/// A proposal with what coordinators read of its offering.
#[derive(Debug, Clone)]
pub struct NamedProposal {
    pub proposal: Proposal,
    pub entry: Option<CatalogueEntry>,
}

/// The most proposals shown on a request's file.
const SHOWN: usize = 5;

/// What coordinators read of a request's matching: its offers so far and, while it waits, the
/// best offerings for it now.
pub async fn matching_view(
    state: &AppState,
    principal: &Principal,
    request: RequestId,
    language: &LanguageTag,
) -> Result<(Vec<RequestOffer>, Vec<NamedProposal>), AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    let offers = state.store.request_offers(&grant, request).await?;
    let now = state.clock.now();
    let snapshot = state.store.matching_snapshot(now).await?;
    let found =
        proposals(&snapshot, &state.settings.matching, request).map_err(AppError::Internal)?;
    let mut named = Vec::new();
    for proposal in found.into_iter().take(SHOWN) {
        let entry = state.store.catalogue_offering(proposal.offering, language, now).await?;
        named.push(NamedProposal { proposal, entry });
    }
    Ok((offers, named))
}

/// A coordinator sends `request` to `offering` by hand.
pub async fn send(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    offering: OfferingId,
    client: &Client,
) -> Result<NextOffer, AppError> {
    let grant = authorize(&context.principal, Action::Triage, Resource::Directory)?;
    let standing = state.store.request_standing(request).await?.ok_or(AppError::NotFound)?;
    let urgency = standing.urgency.unwrap_or(c4h_domain::Urgency::Low);
    let actor = client.actor(Some(context.user.id));
    let sent = state
        .engine
        .send(state.clock.now(), request, urgency, offering, Some((&grant, actor)))
        .await
        .map_err(AppError::Internal)?;
    state.jobs.wake();
    Ok(sent)
}

/// A coordinator sets (or clears, with an empty text) what providers read of the request.
pub async fn set_summary(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    summary: Option<&str>,
    client: &Client,
) -> Result<(), AppError> {
    let grant = authorize(&context.principal, Action::Triage, Resource::Directory)?;
    let now = state.clock.now();
    let change = client
        .change(
            Some(context.user.id),
            "request.offer_summary",
            ObjectRef::new("request", request),
            now,
        )
        .for_request(request);
    if state.store.set_offer_summary(&grant, request, summary, &change).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether a request in `state` waits for an offer (so that proposals are worth showing).
pub fn waits_for_an_offer(state: RequestState) -> bool {
    matches!(state, RequestState::Matching | RequestState::Waitlisted)
}
