//! The matching engine at work: the optimum over every waiting request, turned into offers.
//!
//! [`Engine::rematch`] solves the whole problem again (every request in matching or on the
//! waiting list against every offering with capacity left) and acts on it: a request the optimum
//! gives an offering is offered there at once when auto-offer covers its urgency (or when it is
//! the request being re-offered after a decline or an expiry); a request in matching that gets
//! nothing is waitlisted and the coordinators are told. It runs when a request enters matching,
//! when an offer ends, and when capacity frees (see `jobs::matching`).
//!
//! Guarantees: an offer, its expiry job and the e-mails to the provider's team are written in
//! one transaction, so every offer expires if nobody answers; the engine never offers a request
//! to an offering it was offered to before (scoring's `offered_before`); running it again changes
//! nothing that has not changed, since a request already offered is no longer waiting.

use std::sync::Arc;

use c4h_domain::Urgency;
use c4h_domain::ids::{OfferId, OfferingId, RequestId};
use c4h_domain::matching::solve;
use c4h_domain::policy::Grant;
use c4h_storage::Store;
use c4h_storage::model::{
    Actor, Change, MatchingSnapshot, NewJob, ObjectRef, OfferAnswer, OfferOutcome, OfferToSend,
    SendOutcome, WaitingRequest,
};
use time::OffsetDateTime;

use crate::config::MatchingSettings;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::matching::export;

/// The job that expires an offer at its deadline (see `jobs::offers`).
pub const EXPIRE_OFFER: &str = "offer.expire";

/// What came of looking for a request's next offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextOffer {
    Sent {
        offer: OfferId,
        offering: OfferingId,
    },
    /// No offering can take the request now (or the optimum gives its place to a more urgent
    /// one): it waits, on the waiting list.
    NoOffering,
    /// Not sent: the store's reason (another offer got there first, the offering became
    /// unavailable), or `None` when the request is no longer waiting (or does not exist).
    NotSent(Option<SendOutcome>),
    /// The optimum gives it an offering, but auto-offer does not cover its urgency: a
    /// coordinator sends it.
    Proposed {
        offering: OfferingId,
    },
}

/// What one run of the engine did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Rematch {
    /// Each waiting request, in the snapshot's order (most urgent, then longest waiting), and
    /// what came of it.
    pub requests: Vec<(RequestId, NextOffer)>,
}

impl Rematch {
    /// What came of `request`, if it was waiting.
    pub fn of(&self, request: RequestId) -> Option<NextOffer> {
        self.requests.iter().find(|(id, _)| *id == request).map(|(_, next)| *next)
    }

    /// How many offers were sent.
    pub fn sent(&self) -> usize {
        self.requests.iter().filter(|(_, n)| matches!(n, NextOffer::Sent { .. })).count()
    }
}

/// The engine with its settings; cheap to clone (clones share one turn).
#[derive(Clone)]
pub struct Engine {
    store: Arc<dyn Store>,
    /// Held for a whole run: two runs of one instance that read the same snapshot would both
    /// offer the last unit of an offering's capacity. (Across instances: see issue 11.)
    turn: Arc<tokio::sync::Mutex<()>>,
    settings: MatchingSettings,
    /// Without a trailing slash, for the links in e-mails.
    public_url: String,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("settings", &self.settings).finish()
    }
}

impl Engine {
    pub fn new(store: Arc<dyn Store>, settings: MatchingSettings, public_url: &str) -> Self {
        Self {
            store,
            turn: Arc::default(),
            settings,
            public_url: public_url.trim_end_matches('/').to_owned(),
        }
    }

    pub fn settings(&self) -> &MatchingSettings {
        &self.settings
    }

    /// Solves the problem as the database has it now and acts on the optimum (see the module's
    /// documentation). `focus` is offered whatever auto-offer says: its offer just ended.
    pub async fn rematch(
        &self,
        now: OffsetDateTime,
        focus: Option<RequestId>,
    ) -> anyhow::Result<Rematch> {
        let _turn = self.turn.lock().await;
        let snapshot = self.store.matching_snapshot(now).await?;
        let instance = export::instance_from(&snapshot, &self.settings.weights)?;
        let assignment = solve(&instance);
        let mut chosen = vec![None; snapshot.requests.len()];
        for &(request, offering) in &assignment.pairs {
            chosen[request] = Some(OfferingId::parse(&instance.offerings()[offering].id)?);
        }
        let mut done = Rematch::default();
        for (waiting, offering) in snapshot.requests.iter().zip(chosen) {
            let next = match offering {
                Some(offering)
                    if focus == Some(waiting.id) || self.settings.auto_offers(waiting.urgency) =>
                {
                    self.send_in_turn(now, waiting.id, waiting.urgency, offering, None).await?
                }
                Some(offering) => NextOffer::Proposed { offering },
                None => {
                    if !waiting.waitlisted {
                        self.waitlist(now, waiting).await?;
                    }
                    NextOffer::NoOffering
                }
            };
            done.requests.push((waiting.id, next));
        }
        Ok(done)
    }

    /// Looks for `request`'s next offer now, re-optimising everything else on the way.
    pub async fn offer_next(
        &self,
        now: OffsetDateTime,
        request: RequestId,
    ) -> anyhow::Result<NextOffer> {
        Ok(self.rematch(now, Some(request)).await?.of(request).unwrap_or(NextOffer::NotSent(None)))
    }

    /// Sends `request` (of `urgency`) to `offering` with its deadline, its expiry job and an
    /// e-mail to each member of the provider's team. `by` is the coordinator who sends it and
    /// their triage grant; `None` when the service does.
    pub async fn send(
        &self,
        now: OffsetDateTime,
        request: RequestId,
        urgency: Urgency,
        offering: OfferingId,
        by: Option<(&Grant, Actor)>,
    ) -> anyhow::Result<NextOffer> {
        let _turn = self.turn.lock().await;
        self.send_in_turn(now, request, urgency, offering, by).await
    }

    /// [`Engine::send`], for a caller that holds the turn.
    async fn send_in_turn(
        &self,
        now: OffsetDateTime,
        request: RequestId,
        urgency: Urgency,
        offering: OfferingId,
        by: Option<(&Grant, Actor)>,
    ) -> anyhow::Result<NextOffer> {
        let offer = OfferToSend {
            id: OfferId::new(),
            request,
            offering,
            deadline: self.settings.deadlines.deadline(urgency, now),
            sent_by: by.as_ref().and_then(|(_, actor)| actor.user_id),
        };
        let payload =
            serde_json::json!({ "offer": offer.id.to_string(), "request": request.to_string() });
        let expiry = NewJob {
            run_at: offer.deadline,
            ..NewJob::now(EXPIRE_OFFER, format!("{EXPIRE_OFFER}:{}", offer.id), payload, now)
        };
        let sender = if by.is_some() { "coordinator" } else { "engine" };
        let actor = by.as_ref().map_or_else(Actor::system, |(_, actor)| actor.clone());
        let mut change = Change::new(actor, "offer.send", ObjectRef::new("offer", offer.id), now)
            .for_request(request)
            .with_details(serde_json::json!({ "offering": offering.to_string(), "by": sender }))
            .with_job(expiry);
        let team = self.store.offering_team_contacts(offering).await?;
        let provider = self.store.offering_provider(offering).await?;
        for member in team {
            let locale = Locale::from_tag(&member.language).unwrap_or(Locale::DEFAULT);
            let link = match provider {
                Some(p) => format!("{}/providers/{p}/offers/{}", self.public_url, offer.id),
                None => format!("{}/", self.public_url),
            };
            let deadline = crate::http::views::minute(offer.deadline);
            let message = Message::OfferReceived { link, deadline };
            change = change.with_job(mail::job(&member.email, locale, message, now));
        }
        let outcome = match by {
            Some((grant, _)) => self.store.send_offer(grant, &offer, &change).await?,
            None => self.store.send_offer_as_the_service(&offer, &change).await?,
        };
        Ok(match outcome {
            Some(SendOutcome::Sent) => NextOffer::Sent { offer: offer.id, offering },
            other => NextOffer::NotSent(other),
        })
    }

    /// Waitlists a request in matching that nothing can take, and tells every coordinator.
    async fn waitlist(&self, now: OffsetDateTime, waiting: &WaitingRequest) -> anyhow::Result<()> {
        let mut change = Change::new(
            Actor::system(),
            "request.waitlist",
            ObjectRef::new("request", waiting.id),
            now,
        )
        .for_request(waiting.id)
        .with_details(serde_json::json!({ "by": "engine", "why": "no_capacity" }));
        for coordinator in self.store.staff_contacts().await? {
            let locale = Locale::from_tag(&coordinator.language).unwrap_or(Locale::DEFAULT);
            let link = format!("{}/coordination/requests/{}", self.public_url, waiting.id);
            let message = Message::RequestWaitlisted { reference: waiting.reference.clone(), link };
            change = change.with_job(mail::job(&coordinator.email, locale, message, now));
        }
        self.store.waitlist_unmatched(waiting.id, &change).await?;
        Ok(())
    }

    /// A provider's answer to an offer (the grant to answer its provider's offers), and, when it
    /// declines, the request's next offer at once. `None` when the offer is not this provider's.
    pub async fn answer(
        &self,
        grant: &Grant,
        answer: &OfferAnswer,
        actor: Actor,
    ) -> anyhow::Result<Option<(OfferOutcome, Option<NextOffer>)>> {
        let Some(request) = self.store.offer_request(answer.offer).await? else { return Ok(None) };
        let action = match answer.step {
            c4h_domain::offer_flow::OfferStep::Accept => "offer.accept",
            _ => "offer.decline",
        };
        let mut change =
            Change::new(actor, action, ObjectRef::new("offer", answer.offer), answer.at)
                .for_request(request);
        if let c4h_domain::offer_flow::OfferStep::Decline(reason) = answer.step {
            change = change.with_details(serde_json::json!({ "reason": reason.as_str() }));
        }
        let Some(outcome) = self.store.answer_offer(grant, answer, &change).await? else {
            return Ok(None);
        };
        let next = match outcome {
            OfferOutcome::Ended(_) => Some(self.offer_next(answer.at, request).await?),
            _ => None,
        };
        Ok(Some((outcome, next)))
    }
}

/// A request's proposals: every offering that could take it now, cheapest first, with the
/// optimum's choice marked. Empty when the request is not waiting.
pub fn proposals(
    snapshot: &MatchingSnapshot,
    settings: &MatchingSettings,
    request: RequestId,
) -> anyhow::Result<Vec<Proposal>> {
    let Some(position) = snapshot.requests.iter().position(|r| r.id == request) else {
        return Ok(Vec::new());
    };
    let instance = export::instance_from(snapshot, &settings.weights)?;
    let assignment = solve(&instance);
    let chosen = assignment.pairs.iter().find(|(r, _)| *r == position).map(|&(_, o)| o);
    let reference = &snapshot.requests[position].reference;
    let mut found = Vec::new();
    for edge in instance.edges().iter().filter(|e| e.request as usize == position) {
        let id = &instance.offerings()[edge.offering as usize].id;
        let Some(score) = export::explain(snapshot, &settings.weights, reference, id) else {
            continue;
        };
        found.push(Proposal {
            offering: OfferingId::parse(id)?,
            optimal: chosen == Some(edge.offering as usize),
            score,
        });
    }
    found.sort_by_key(|p| (!p.optimal, p.score.cost));
    Ok(found)
}

/// An offering that could take a request, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub offering: OfferingId,
    /// The optimum over every waiting request gives it this offering.
    pub optimal: bool,
    pub score: c4h_domain::matching::scoring::Score,
}
