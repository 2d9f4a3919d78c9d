//! Offers from the engine: the best offering for a request now (its place in the optimum over
//! every waiting request), sent at once with its deadline and the job that expires it.
//!
//! Guarantees: an offer and its expiry job are written in one transaction (the outbox), so every
//! offer the engine sends expires if nobody answers; the engine never offers a request to an
//! offering it was offered to before (scoring's `offered_before`); running it again for a
//! request that is no longer in matching changes nothing.

use c4h_domain::ids::{OfferId, OfferingId, RequestId};
use c4h_domain::matching::scoring::Weights;
use c4h_domain::matching::solve;
use c4h_domain::offer_flow::OfferDeadlines;
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, NewJob, ObjectRef, OfferToSend, SendOutcome};
use time::OffsetDateTime;

use crate::matching::export;

/// The job that expires an offer at its deadline (see `jobs::offers`).
pub const EXPIRE_OFFER: &str = "offer.expire";

/// What came of looking for the next offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextOffer {
    Sent {
        offer: OfferId,
        offering: OfferingId,
    },
    /// No offering can take the request now (or the optimum gives its place to a more urgent
    /// one): it waits.
    NoOffering,
    /// Not sent: the store's reason (another offer got there first, the offering became
    /// unavailable), or `None` when the request is no longer waiting (or does not exist).
    NotSent(Option<SendOutcome>),
}

/// Offers `request` to the offering the optimum gives it now, if any.
pub async fn offer_next(
    store: &dyn Store,
    now: OffsetDateTime,
    request: RequestId,
    deadlines: &OfferDeadlines,
    weights: &Weights,
) -> anyhow::Result<NextOffer> {
    let snapshot = store.matching_snapshot(now).await?;
    let Some(position) = snapshot.requests.iter().position(|r| r.id == request) else {
        return Ok(NextOffer::NotSent(None));
    };
    let urgency = snapshot.requests[position].urgency;
    // The instance lists the requests in the snapshot's order.
    let instance = export::instance_from(&snapshot, weights)?;
    let assignment = solve(&instance);
    let Some(&(_, chosen)) = assignment.pairs.iter().find(|(r, _)| *r == position) else {
        return Ok(NextOffer::NoOffering);
    };
    let offering = OfferingId::parse(&instance.offerings()[chosen].id)?;
    let offer = OfferToSend {
        id: OfferId::new(),
        request,
        offering,
        deadline: deadlines.deadline(urgency, now),
        sent_by: None,
    };
    let payload =
        serde_json::json!({ "offer": offer.id.to_string(), "request": request.to_string() });
    let expiry = NewJob {
        run_at: offer.deadline,
        ..NewJob::now(EXPIRE_OFFER, format!("{EXPIRE_OFFER}:{}", offer.id), payload, now)
    };
    let change = Change::new(Actor::system(), "offer.send", ObjectRef::new("offer", offer.id), now)
        .for_request(request)
        .with_details(serde_json::json!({ "offering": offering.to_string(), "by": "engine" }))
        .with_job(expiry);
    Ok(match store.send_offer_as_the_service(&offer, &change).await? {
        Some(SendOutcome::Sent) => NextOffer::Sent { offer: offer.id, offering },
        other => NextOffer::NotSent(other),
    })
}

/// A provider's answer to an offer (the grant to answer its provider's offers), and, when it
/// declines, the request's next offer at once. `None` when the offer is not this provider's.
pub async fn answer_offer(
    store: &dyn Store,
    grant: &c4h_domain::policy::Grant,
    answer: &c4h_storage::model::OfferAnswer,
    deadlines: &OfferDeadlines,
    weights: &Weights,
) -> anyhow::Result<Option<(c4h_storage::model::OfferOutcome, Option<NextOffer>)>> {
    let Some(request) = store.offer_request(answer.offer).await? else { return Ok(None) };
    let actor = Actor { user_id: answer.by, label: "user".to_owned(), client_address: None };
    let action = match answer.step {
        c4h_domain::offer_flow::OfferStep::Accept => "offer.accept",
        _ => "offer.decline",
    };
    let change = Change::new(actor, action, ObjectRef::new("offer", answer.offer), answer.at)
        .for_request(request);
    let Some(outcome) = store.answer_offer(grant, answer, &change).await? else {
        return Ok(None);
    };
    let next = match outcome {
        c4h_storage::model::OfferOutcome::Ended(_) => {
            Some(offer_next(store, answer.at, request, deadlines, weights).await?)
        }
        _ => None,
    };
    Ok(Some((outcome, next)))
}
