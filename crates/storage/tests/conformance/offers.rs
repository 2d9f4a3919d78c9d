//! Offers on both backends: sending moves the request, the provider's answer decides what
//! follows, expiry comes only with the deadline, and however many accepts race, one engagement.

use std::sync::Arc;

use c4h_domain::ids::{OfferId, OfferingId, ProviderId, RequestId};
use c4h_domain::offer_flow::{DeclineReason, OfferError, OfferStep};
use c4h_domain::policy::{Action, Grant, MemberOf, Resource};
use c4h_domain::request_flow::{RequestTransition, Role};
use c4h_domain::{
    MembershipRole, MembershipState, OfferState, RequestState, RequesterKind, ServiceCategory,
    VettingState,
};
use c4h_storage::model::{
    OfferAnswer, OfferOutcome, OfferToSend, SeedData, SendOutcome, Step, StepOutcome, Submitted,
};
use c4h_storage::testing::query_strings;
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, grant, offering, principal, provider};
use crate::organisations::membership;
use crate::requests::{change, draft, help, ransomware, staff, submit, world};

/// Providers `p0`…, each vetted with one active incident-response offering `o0`…, and one
/// paused offering `paused` of `p0`.
pub(crate) async fn providers(store: &Arc<dyn Store>, count: usize) {
    let mut data = SeedData::default();
    for n in 0..count {
        data.providers.push(provider(&format!("p{n}"), VettingState::Vetted));
        let name = format!("o{n}");
        data.offerings.push(offering(
            &name,
            &format!("p{n}"),
            ServiceCategory::IncidentResponse,
            true,
        ));
    }
    data.offerings.push(offering("paused", "p0", ServiceCategory::IncidentResponse, false));
    store.seed(&data, &crate::fixtures::change("test.seed", NOW)).await.unwrap();
}

pub(crate) fn engineer_of(n: usize) -> Grant {
    let id = ProviderId::from_name(&format!("p{n}"));
    let member =
        membership(MemberOf::Provider(id), MembershipRole::Member, MembershipState::Active);
    let p = principal(c4h_domain::ids::UserId::new(), None, vec![member]);
    grant(&p, Action::AnswerOffers, Resource::Provider(id))
}

/// A critical request of the world's organisation, accepted for matching.
pub(crate) async fn request_in_matching(store: &Arc<dyn Store>) -> RequestId {
    let w = world(store).await;
    let submitted =
        submit(store, &help(w.member, w.org), draft("Rançongiciel", ransomware), "k", NOW).await;
    let Submitted::Created { id, .. } = submitted else { panic!("{submitted:?}") };
    accept_for_matching(store, id, w.coordinator).await
}

/// A coordinator accepts `id` for matching.
async fn accept_for_matching(
    store: &Arc<dyn Store>,
    id: RequestId,
    coordinator: c4h_domain::ids::UserId,
) -> RequestId {
    let step = Step {
        transition: RequestTransition::AcceptForMatching,
        role: Role::Coordinator,
        reason: None,
        merge_into: None,
        message: None,
    };
    let triage = staff(coordinator, Action::Triage);
    let applied = store.step_request(&triage, id, &step, &change("request.accept", id, NOW)).await;
    assert_eq!(applied.unwrap(), Some(StepOutcome::Applied(RequestState::Matching)));
    id
}

pub(crate) async fn send(
    store: &Arc<dyn Store>,
    request: RequestId,
    offering: &str,
    hours: i64,
) -> (OfferId, SendOutcome) {
    let coordinator = staff(c4h_domain::ids::UserId::new(), Action::Triage);
    let offer = OfferToSend {
        id: OfferId::new(),
        request,
        offering: OfferingId::from_name(offering),
        deadline: NOW + Duration::hours(hours),
        sent_by: None,
    };
    let outcome = store.send_offer(&coordinator, &offer, &change("offer.send", request, NOW)).await;
    (offer.id, outcome.unwrap().unwrap())
}

pub(crate) fn answer(offer: OfferId, step: OfferStep, minutes: i64) -> OfferAnswer {
    OfferAnswer { offer, step, by: None, at: NOW + Duration::minutes(minutes) }
}

async fn state_of(url: &DatabaseUrl) -> Vec<String> {
    query_strings(url, "SELECT state FROM assistance_requests").await
}

async fn an_offer_moves_the_request_and_the_providers_answer_decides_what_follows(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    providers(&store, 2).await;
    let request = request_in_matching(&store).await;
    assert_eq!(send(&store, request, "paused", 1).await.1, SendOutcome::OfferingUnavailable);
    let (first, sent) = send(&store, request, "o0", 1).await;
    assert_eq!(sent, SendOutcome::Sent);
    assert_eq!(state_of(&url).await, ["offered"]);
    assert_eq!(
        send(&store, request, "o1", 1).await.1,
        SendOutcome::NotMatching(RequestState::Offered)
    );
    // Another provider's offer does not exist for it.
    let decline = answer(first, OfferStep::Decline(DeclineReason::NoCapacityNow), 5);
    let change = change("offer.answer", request, NOW);
    assert_eq!(store.answer_offer(&engineer_of(1), &decline, &change).await.unwrap(), None);
    // The provider sees a summary: urgency, category, the organisation's kind and country.
    let inbox = store.provider_offers(&engineer_of(0)).await.unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(
        (inbox[0].state, inbox[0].requester_kind),
        (OfferState::Pending, RequesterKind::Clinic)
    );
    assert!(store.provider_offers(&engineer_of(1)).await.unwrap().is_empty());
    let declined = store.answer_offer(&engineer_of(0), &decline, &change).await.unwrap();
    assert_eq!(declined, Some(OfferOutcome::Ended(OfferState::Declined)));
    assert_eq!(state_of(&url).await, ["matching"], "back to matching at once");
    let again =
        store.answer_offer(&engineer_of(0), &answer(first, OfferStep::Accept, 6), &change).await;
    assert_eq!(
        again.unwrap(),
        Some(OfferOutcome::Refused(OfferError::Ended(OfferState::Declined)))
    );
    // The next offering; an acceptance after its deadline is refused, before it engages.
    let (second, _) = send(&store, request, "o1", 1).await;
    let late =
        store.answer_offer(&engineer_of(1), &answer(second, OfferStep::Accept, 60), &change).await;
    assert_eq!(late.unwrap(), Some(OfferOutcome::Refused(OfferError::PastDeadline)));
    let accepted =
        store.answer_offer(&engineer_of(1), &answer(second, OfferStep::Accept, 59), &change).await;
    assert!(matches!(accepted.unwrap(), Some(OfferOutcome::Engaged(_))));
    assert_eq!(state_of(&url).await, ["engaged"]);
    assert_eq!(query_strings(&url, "SELECT state FROM engagements").await.len(), 1);
}

async fn an_offer_expires_only_at_its_deadline_and_frees_the_request(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    providers(&store, 1).await;
    let request = request_in_matching(&store).await;
    let (offer, _) = send(&store, request, "o0", 1).await;
    let early = answer(offer, OfferStep::Expire, 59);
    let change = change("offer.expire", request, NOW);
    assert_eq!(
        store.end_offer(&early, &change).await.unwrap(),
        Some(OfferOutcome::Refused(OfferError::BeforeDeadline))
    );
    assert!(store.offers_due(NOW + Duration::minutes(59), 10).await.unwrap().is_empty());
    assert_eq!(store.offers_due(NOW + Duration::hours(1), 10).await.unwrap(), [offer]);
    let expired = store.end_offer(&answer(offer, OfferStep::Expire, 60), &change).await.unwrap();
    assert_eq!(expired, Some(OfferOutcome::Ended(OfferState::Expired)));
    assert_eq!(state_of(&url).await, ["matching"]);
    assert!(store.offers_due(NOW + Duration::hours(2), 10).await.unwrap().is_empty());
}

/// Twenty providers each had an offer for the request (nineteen declined, one pending); all of
/// them, and twenty more clicks of the one pending, accept at once: one engagement. Then an
/// acceptance racing the expiry at the deadline: exactly one of them happens.
async fn concurrent_accepts_give_exactly_one_engagement(store: Arc<dyn Store>, url: DatabaseUrl) {
    providers(&store, 20).await;
    let request = request_in_matching(&store).await;
    let mut offers = Vec::new();
    for n in 0..20 {
        let (offer, sent) = send(&store, request, &format!("o{n}"), 1).await;
        assert_eq!(sent, SendOutcome::Sent);
        if n < 19 {
            let decline = answer(offer, OfferStep::Decline(DeclineReason::Other), 1);
            let change = change("offer.answer", request, NOW);
            store.answer_offer(&engineer_of(n), &decline, &change).await.unwrap();
        }
        offers.push(offer);
    }
    let mut racers = Vec::new();
    for n in 0..40 {
        let (store, provider) = (store.clone(), n % 20);
        let offer = if n < 20 { offers[n] } else { offers[19] };
        let provider = if n < 20 { provider } else { 19 };
        racers.push(tokio::spawn(async move {
            let accept = answer(offer, OfferStep::Accept, 2);
            let change = change("offer.answer", request, NOW);
            store.answer_offer(&engineer_of(provider), &accept, &change).await.unwrap().unwrap()
        }));
    }
    let mut engaged = 0;
    for racer in racers {
        match racer.await.unwrap() {
            OfferOutcome::Engaged(_) => engaged += 1,
            OfferOutcome::Refused(OfferError::Ended(_)) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(engaged, 1);
    assert_eq!(query_strings(&url, "SELECT state FROM engagements").await.len(), 1);
    assert_eq!(state_of(&url).await, ["engaged"]);

    // A second request: its provider accepts in the last second while the expiry runs.
    let w = world_again(&store).await;
    let (offer, _) = send(&store, w, "o0", 1).await;
    let (a, b) = (store.clone(), store.clone());
    let accept = tokio::spawn(async move {
        let change = change("offer.answer", w, NOW);
        a.answer_offer(&engineer_of(0), &answer(offer, OfferStep::Accept, 59), &change)
            .await
            .unwrap()
    });
    let expire = tokio::spawn(async move {
        b.end_offer(&answer(offer, OfferStep::Expire, 60), &change("offer.expire", w, NOW))
            .await
            .unwrap()
    });
    let outcomes = [accept.await.unwrap().unwrap(), expire.await.unwrap().unwrap()];
    let happened = outcomes.iter().filter(|o| !matches!(o, OfferOutcome::Refused(_))).count();
    assert_eq!(happened, 1, "{outcomes:?}");
}

/// Another critical request in matching, from a second organisation.
async fn world_again(store: &Arc<dyn Store>) -> RequestId {
    let admin = crate::fixtures::account(store, "it@second.example", None).await;
    let org = crate::organisations::organisation(store, admin, "Seconde (test)", "JOIN-3333").await;
    let submitted = submit(store, &help(admin, org), draft("Encore", ransomware), "k2", NOW).await;
    let Submitted::Created { id, .. } = submitted else { panic!("{submitted:?}") };
    accept_for_matching(store, id, c4h_domain::ids::UserId::new()).await
}

async fn the_matching_snapshot_holds_waiting_requests_and_what_offerings_have_left(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    providers(&store, 2).await;
    let request = request_in_matching(&store).await;
    let snapshot = store.matching_snapshot(NOW).await.unwrap();
    assert_eq!(snapshot.requests.len(), 1);
    let waiting = &snapshot.requests[0];
    assert_eq!((waiting.id, waiting.urgency), (request, c4h_domain::Urgency::Critical));
    assert!(waiting.signals.ransomware && waiting.signals.active_incident);
    let left = |snapshot: &c4h_storage::model::MatchingSnapshot| {
        let mut left: Vec<(OfferingId, u32)> =
            snapshot.offerings.iter().map(|o| (o.id, o.capacity_left)).collect();
        left.sort();
        left
    };
    let (o0, o1) = (OfferingId::from_name("o0"), OfferingId::from_name("o1"));
    let mut expected = vec![(o0, 3), (o1, 3)];
    expected.sort();
    assert_eq!(left(&snapshot), expected, "the paused offering is not there");
    let offering = snapshot.offerings.iter().find(|o| o.id == o0).unwrap();
    assert_eq!(
        (offering.response_hours, offering.languages.len(), offering.regions.len()),
        (4, 2, 2)
    );
    assert_eq!(offering.eligible_kinds, [RequesterKind::Hospital, RequesterKind::Clinic]);
    assert_eq!(snapshot.providers.len(), 2);
    assert_eq!((snapshot.providers[0].engagements, snapshot.providers[0].ratings), (0, (0, 0)));
    // Offered, the request no longer waits, and the offer holds a place.
    send(&store, request, "o0", 1).await;
    let snapshot = store.matching_snapshot(NOW).await.unwrap();
    assert!(snapshot.requests.is_empty());
    let mut expected = vec![(o0, 2), (o1, 3)];
    expected.sort();
    assert_eq!(left(&snapshot), expected);
}

async fn a_request_withdrawn_while_offered_takes_its_offer_with_it(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    providers(&store, 1).await;
    let w = world(&store).await;
    let submitted =
        submit(&store, &help(w.member, w.org), draft("Rançongiciel", ransomware), "k", NOW).await;
    let Submitted::Created { id, .. } = submitted else { panic!("{submitted:?}") };
    accept_for_matching(&store, id, w.coordinator).await;
    let (offer, _) = send(&store, id, "o0", 1).await;
    let withdraw = Step {
        transition: RequestTransition::Withdraw,
        role: Role::Requester,
        reason: None,
        merge_into: None,
        message: None,
    };
    let applied = store
        .step_request(&help(w.member, w.org), id, &withdraw, &change("request.withdraw", id, NOW))
        .await;
    assert_eq!(applied.unwrap(), Some(StepOutcome::Applied(RequestState::Withdrawn)));
    assert_eq!(query_strings(&url, "SELECT state FROM offers").await, ["withdrawn"]);
    // The provider can no longer take it, and nothing is engaged.
    let late = store
        .answer_offer(
            &engineer_of(0),
            &answer(offer, OfferStep::Accept, 5),
            &change("offer.accept", id, NOW),
        )
        .await;
    assert_eq!(
        late.unwrap(),
        Some(OfferOutcome::Refused(OfferError::Ended(OfferState::Withdrawn)))
    );
    assert!(query_strings(&url, "SELECT state FROM engagements").await.is_empty());
    assert_eq!(state_of(&url).await, ["withdrawn"]);
}

on_both_backends!(
    a_request_withdrawn_while_offered_takes_its_offer_with_it,
    the_matching_snapshot_holds_waiting_requests_and_what_offerings_have_left,
    an_offer_moves_the_request_and_the_providers_answer_decides_what_follows,
    an_offer_expires_only_at_its_deadline_and_frees_the_request,
    concurrent_accepts_give_exactly_one_engagement,
);
