//! Offers from the engine, on the fake clock and both backends: the best offering gets the
//! request; when its offer expires or is declined, the next best gets one at once; with nobody
//! left, the request is waitlisted and the coordinators are told; when capacity appears, the
//! waitlisted request is offered; a critical request still without a provider escalates.

use std::sync::Arc;

use c4h_domain::ids::{MembershipId, OfferingId, OrganisationId, ProviderId, RequestId, UserId};
use c4h_domain::offer_flow::{DeclineReason, OfferStep};
use c4h_domain::policy::{Action, MemberOf, Membership, Principal, Resource, authorize};
use c4h_domain::{
    Country, Delivery, EmailAddress, LanguageTag, MembershipRole, MembershipState, OfferState,
    RequestState, RequesterKind, ServiceCategory, Tlp, Urgency, VerificationState, VettingState,
};
use c4h_server::clock::{Clock, FakeClock};
use c4h_server::config::MatchingSettings;
use c4h_server::jobs::{
    EscalateCritical, ExpireOffer, JobRunner, Rematch, escalation_job, rematch_job,
};
use c4h_server::services::matching::{Engine, NextOffer};
use c4h_storage::model::{
    Actor, Change, NewOffering, NewOfferingText, NewOrganisation, NewProvider, NewRequest, NewUser,
    ObjectRef, OfferAnswer, OfferOutcome, ProviderOffer, SeedData,
};
use c4h_storage::testing::query_strings;
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;
use time::macros::datetime;

fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

fn provider(name: &str) -> NewProvider {
    NewProvider {
        id: ProviderId::from_name(name),
        name: format!("{name} (test)"),
        home_country: Country::parse("CH").unwrap(),
        website: None,
        description: "Helps for free.".into(),
        contact_email: None,
        contact_phone: None,
        contact_language: None,
        services_offered: vec![ServiceCategory::IncidentResponse],
        vetting: VettingState::Vetted,
        pledges_taken: true,
        capacity: None,
    }
}

/// An incident-response offering of `provider` for clinics, in `region`, speaking `language`.
fn offering(name: &str, provider: &str, region: &str, language: &str, hours: u32) -> NewOffering {
    NewOffering {
        id: OfferingId::from_name(name),
        provider_id: ProviderId::from_name(provider),
        category: ServiceCategory::IncidentResponse,
        delivery: Delivery::Remote,
        capacity: 2,
        response_time_hours: hours,
        active: true,
        texts: vec![NewOfferingText {
            language: lang("en"),
            title: format!("{name} (test)"),
            description: "Incident response.".into(),
        }],
        languages: vec![lang(language)],
        regions: vec![region.into()],
        requester_kinds: vec![RequesterKind::Clinic],
    }
}

fn request() -> RequestId {
    RequestId::from_name("offers/request")
}

/// A French clinic's critical request in matching; "best" (in France, in French, within 1 h)
/// and "second" (in Europe, in English, within 4 h) could both take it.
fn world() -> SeedData {
    let (org, user) = (OrganisationId::from_name("offers/clinic"), UserId::from_name("offers/it"));
    let at = datetime!(2026-12-01 08:00 UTC);
    SeedData {
        organisations: vec![NewOrganisation {
            id: org,
            name: "Clinique (test)".into(),
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![lang("fr")],
            website: None,
            registry_number: None,
            nis2_in_scope: false,
            verification: VerificationState::Verified,
        }],
        users: vec![
            NewUser {
                id: user,
                email: EmailAddress::parse("it@clinique.example").unwrap(),
                display_name: "IT (test)".into(),
                password_hash: None,
                staff_role: None,
                preferred_language: lang("fr"),
            },
            NewUser {
                id: UserId::from_name("offers/coordinator"),
                email: EmailAddress::parse("desk@coordination.example").unwrap(),
                display_name: "Coordinator (test)".into(),
                password_hash: None,
                staff_role: Some(c4h_domain::StaffRole::Coordinator),
                preferred_language: lang("en"),
            },
        ],
        providers: vec![provider("pa"), provider("pb")],
        offerings: vec![
            offering("best", "pa", "FR", "fr", 1),
            offering("second", "pb", "150", "en", 4),
        ],
        requests: vec![NewRequest {
            id: request(),
            reference: "C4H-OFFERS-1".into(),
            organisation_id: org,
            requester_id: user,
            state: RequestState::Matching,
            description: "Rançongiciel (test).".into(),
            active_incident: true,
            ransomware: true,
            patient_care_impact: Vec::new(),
            systems_down: false,
            data_breach: false,
            breach_aware_at: None,
            email_compromised: false,
            out_of_band_contact: None,
            category: Some(ServiceCategory::IncidentResponse),
            languages: vec![lang("fr")],
            consent_to_share: true,
            tlp: Tlp::Amber,
            urgency: Some(Urgency::Critical),
            urgency_reasons: vec![c4h_domain::triage::UrgencyReason::RansomwareSpreading],
            offer_summary: None,
            decline_reason: None,
            submitted_at: Some(at),
            state_changed_at: at,
            created_at: at,
        }],
        ..SeedData::default()
    }
}

/// A grant for an engineer of `provider` to answer its offers.
fn engineer_of(provider: &str) -> c4h_domain::policy::Grant {
    let id = ProviderId::from_name(provider);
    let member = Membership {
        id: MembershipId::new(),
        of: MemberOf::Provider(id),
        role: MembershipRole::Member,
        state: MembershipState::Active,
    };
    let principal = Principal {
        user_id: UserId::new(),
        staff_role: None,
        email_verified: true,
        memberships: vec![member],
    };
    authorize(&principal, Action::AnswerOffers, Resource::Provider(id)).unwrap()
}

fn engine(store: &Arc<dyn Store>) -> Engine {
    Engine::new(store.clone(), MatchingSettings::default(), "http://c4h.test")
}

/// The e-mails waiting in the queue, as (recipient, message) pairs.
async fn emails(url: &DatabaseUrl) -> Vec<String> {
    query_strings(url, "SELECT payload FROM jobs WHERE kind = 'email.send' ORDER BY run_at, id")
        .await
        .into_iter()
        .map(|payload| {
            let json: serde_json::Value = serde_json::from_str(&payload).unwrap();
            format!("{} {}", json["to"].as_str().unwrap(), json["message"].as_str().unwrap())
        })
        .collect()
}

/// `provider`'s offers, as one of its engineers reads them, newest first.
async fn inbox(store: &Arc<dyn Store>, provider: &str) -> Vec<ProviderOffer> {
    store.provider_offers(&engineer_of(provider)).await.unwrap()
}

/// The states of `provider`'s offers.
async fn offers_of(store: &Arc<dyn Store>, provider: &str) -> Vec<OfferState> {
    inbox(store, provider).await.into_iter().map(|o| o.state).collect()
}

async fn an_expired_offer_goes_to_the_next_best_offering_at_once(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    let clock = Arc::new(FakeClock::new(datetime!(2026-12-01 09:00 UTC)));
    let seed =
        Change::new(Actor::system(), "test.seed", ObjectRef::new("test", "offers"), clock.now());
    store.seed(&world(), &seed).await.unwrap();
    let engine = engine(&store);
    let sent = engine.offer_next(clock.now(), request()).await.unwrap();
    assert!(
        matches!(sent, NextOffer::Sent { offering, .. } if offering == OfferingId::from_name("best")),
        "{sent:?}"
    );
    assert_eq!(query_strings(&url, "SELECT state FROM assistance_requests").await, ["offered"]);
    // Sending again changes nothing: the request is offered.
    let again = engine.offer_next(clock.now(), request()).await.unwrap();
    assert!(matches!(again, NextOffer::NotSent(_)), "{again:?}");

    let runner = JobRunner::new(
        store.clone(),
        clock.clone(),
        vec![Arc::new(ExpireOffer::new(engine.clone(), store.clone(), clock.clone()))],
    );
    clock.advance(Duration::minutes(59));
    assert_eq!(runner.run_due("w").await.unwrap(), 0, "a critical offer has an hour");
    clock.advance(Duration::minutes(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    assert_eq!(offers_of(&store, "pa").await, [OfferState::Expired]);
    assert_eq!(offers_of(&store, "pb").await, [OfferState::Pending], "the next best, at once");
    assert_eq!(query_strings(&url, "SELECT state FROM assistance_requests").await, ["offered"]);

    assert!(emails(&url).await.is_empty(), "the test providers have no team to tell");

    // The second expires too: nobody is left, so the request is waitlisted and the
    // coordinators are told, once.
    clock.advance(Duration::hours(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    assert_eq!(offers_of(&store, "pb").await, [OfferState::Expired]);
    assert_eq!(offers_of(&store, "pa").await, [OfferState::Expired], "not offered to again");
    assert_eq!(query_strings(&url, "SELECT state FROM assistance_requests").await, ["waitlisted"]);
    assert_eq!(emails(&url).await, ["desk@coordination.example request_waitlisted"]);
    assert_eq!(engine.rematch(clock.now(), None).await.unwrap().sent(), 0);
    assert_eq!(emails(&url).await.len(), 1, "told once, however often the engine runs");

    // A new offering appears (seeded here; the pages enqueue the job): the job re-optimises,
    // and the waitlisted request is offered at once.
    let newcomer = SeedData {
        providers: vec![provider("pc")],
        offerings: vec![offering("newcomer", "pc", "FR", "fr", 2)],
        ..SeedData::default()
    };
    store.seed(&newcomer, &seed).await.unwrap();
    let rematch = JobRunner::new(
        store.clone(),
        clock.clone(),
        vec![Arc::new(Rematch::new(engine.clone(), clock.clone()))],
    );
    store.enqueue_jobs(&[rematch_job(clock.now())]).await.unwrap();
    // (The e-mail to the coordinators is due too; this runner has no mail handler.)
    assert_eq!(rematch.run_due("w").await.unwrap(), 2);
    assert_eq!(offers_of(&store, "pc").await, [OfferState::Pending]);
    assert_eq!(query_strings(&url, "SELECT state FROM assistance_requests").await, ["offered"]);
}

async fn a_critical_request_without_a_provider_escalates_to_every_coordinator_once(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    let clock = Arc::new(FakeClock::new(datetime!(2026-12-01 09:00 UTC)));
    let seed =
        Change::new(Actor::system(), "test.seed", ObjectRef::new("test", "offers"), clock.now());
    store.seed(&world(), &seed).await.unwrap();
    let after = MatchingSettings::default().escalate_critical_after;
    let job = escalation_job(request(), clock.now(), after);
    // Enqueued twice (a repeated click): one escalation.
    store.enqueue_jobs(&[job.clone(), job]).await.unwrap();
    let runner = JobRunner::new(
        store.clone(),
        clock.clone(),
        vec![Arc::new(EscalateCritical::new(store.clone(), clock.clone(), "http://c4h.test"))],
    );
    clock.advance(after - Duration::minutes(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 0, "not yet");
    clock.advance(Duration::minutes(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    assert_eq!(emails(&url).await, ["desk@coordination.example critical_waiting"]);
    let actions =
        query_strings(&url, "SELECT action FROM audit_events WHERE request_id IS NOT NULL").await;
    assert_eq!(actions, ["request.escalate"]);

    // A request that found its provider in time does not escalate.
    let engine = engine(&store);
    let sent = engine.offer_next(clock.now(), request()).await.unwrap();
    let NextOffer::Sent { offer, .. } = sent else { panic!("{sent:?}") };
    let accept = OfferAnswer { offer, step: OfferStep::Accept, by: None, at: clock.now() };
    engine.answer(&engineer_of("pa"), &accept, Actor::system()).await.unwrap().unwrap();
    store.enqueue_jobs(&[escalation_job(request(), clock.now(), after)]).await.unwrap();
    clock.advance(after);
    // The escalation check is due, with jobs this runner does not handle (an e-mail's retry,
    // the accepted offer's expiry, which does nothing).
    assert_eq!(runner.run_due("w").await.unwrap(), 3);
    let escalations =
        query_strings(&url, "SELECT action FROM audit_events WHERE action = 'request.escalate'")
            .await;
    assert_eq!(escalations.len(), 1);
    assert_eq!(
        emails(&url).await,
        ["desk@coordination.example critical_waiting"],
        "no second escalation for an engaged request"
    );
}

async fn a_declined_offer_goes_to_the_next_best_at_once_and_an_accepted_one_engages(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    let clock = FakeClock::new(datetime!(2026-12-01 09:00 UTC));
    let seed =
        Change::new(Actor::system(), "test.seed", ObjectRef::new("test", "offers"), clock.now());
    store.seed(&world(), &seed).await.unwrap();
    let engine = engine(&store);
    engine.offer_next(clock.now(), request()).await.unwrap();
    let first = inbox(&store, "pa").await[0].id;
    let decline = OfferAnswer {
        offer: first,
        step: OfferStep::Decline(DeclineReason::NoCapacityNow),
        by: None,
        at: clock.now() + Duration::minutes(5),
    };
    // Another provider cannot answer it; its own can.
    let other = engineer_of("pb");
    let theirs = engine.answer(&other, &decline, Actor::system()).await;
    assert_eq!(theirs.unwrap(), None);
    let answered =
        engine.answer(&engineer_of("pa"), &decline, Actor::system()).await.unwrap().unwrap();
    assert_eq!(answered.0, OfferOutcome::Ended(OfferState::Declined));
    assert!(matches!(answered.1, Some(NextOffer::Sent { .. })), "{answered:?}");
    let second = inbox(&store, "pb").await;
    assert_eq!(second.len(), 1);
    // The summary carries no name: the kind and country of the organisation, the urgency.
    assert_eq!(
        (second[0].requester_kind, second[0].urgency),
        (RequesterKind::Clinic, Some(Urgency::Critical))
    );
    let accept =
        OfferAnswer { offer: second[0].id, step: OfferStep::Accept, by: None, at: decline.at };
    let answered =
        engine.answer(&engineer_of("pb"), &accept, Actor::system()).await.unwrap().unwrap();
    assert!(matches!(answered, (OfferOutcome::Engaged(_), None)), "{answered:?}");
    assert_eq!(query_strings(&url, "SELECT state FROM assistance_requests").await, ["engaged"]);
    // The request's history tells the whole story, in order.
    let actions = query_strings(
        &url,
        "SELECT action FROM audit_events WHERE request_id IS NOT NULL ORDER BY seq",
    )
    .await;
    assert_eq!(actions, ["offer.send", "offer.decline", "offer.send", "offer.accept"]);
}

on_both_backends!(
    an_expired_offer_goes_to_the_next_best_offering_at_once,
    a_critical_request_without_a_provider_escalates_to_every_coordinator_once,
    a_declined_offer_goes_to_the_next_best_at_once_and_an_accepted_one_engages,
);
