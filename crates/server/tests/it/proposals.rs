//! A coordinator sends an offer by hand (auto-offer off), over HTTP on both backends: the file
//! proposes the offerings that could take the request with the reasons for each and the
//! engine's choice first; the text written for providers is what the provider reads; a second
//! send finds the request no longer waiting; a form without an offering is refused in words.

use c4h_domain::ids::OfferingId;
use c4h_domain::{Delivery, LanguageTag, RequesterKind, ServiceCategory};
use c4h_server::clock::Clock;
use c4h_storage::model::{Actor, Change, NewOffering, NewOfferingText, ObjectRef, SeedData};
use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};
use crate::world;

const MANUAL: Options = Options { demo: false, fake_clock: true, manual_offers: true };

/// P2's incident response, for clinics everywhere, in English, answering within 2 h. (P1's one
/// service is full with the world's two cases.)
async fn p2_service(app: &TestApp) -> OfferingId {
    let p2 = world::placeholders().into_iter().find(|(k, _)| *k == "{p2}").unwrap().1;
    let id = OfferingId::from_name("proposals/p2");
    let data = SeedData {
        offerings: vec![NewOffering {
            id,
            provider_id: c4h_domain::ids::ProviderId::parse(&p2).unwrap(),
            category: ServiceCategory::IncidentResponse,
            delivery: Delivery::Remote,
            capacity: 2,
            response_time_hours: 2,
            active: true,
            texts: vec![NewOfferingText {
                language: LanguageTag::parse("en").unwrap(),
                title: "Responders of P2 (test)".into(),
                description: "Remote incident response.".into(),
            }],
            languages: vec![LanguageTag::parse("en").unwrap()],
            regions: vec!["001".into()],
            requester_kinds: RequesterKind::ALL.to_vec(),
        }],
        ..SeedData::default()
    };
    let seed =
        Change::new(Actor::system(), "test.seed", ObjectRef::new("test", "p"), app.clock().now());
    app.store.seed(&data, &seed).await.unwrap();
    id
}

async fn a_coordinator_reads_the_proposals_with_their_reasons_and_sends_one(app: TestApp) {
    world::create(&app.store).await;
    let offering = p2_service(&app).await;
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/requests/{}", world::request("a"));
    let accepted = coordinator.post(&format!("{file}/steps"), &[("step", "accept")]).await;
    assert_eq!(accepted.location(), format!("{file}?done=step"));

    // Auto-offer is off: nothing is sent, the file proposes.
    let page = coordinator.get(&file).await.body;
    assert!(page.contains("Auto-offer is off for this urgency"), "{page}");
    assert!(page.contains("Looking for a provider"));
    let proposals = page.split("id=\"proposals\"").nth(1).expect("the proposals").to_owned();
    for words in [
        "Responders of P2 (test)",
        "the engine&#39;s choice",
        "answers within 2 h",
        "serves the whole world",
        "no case in progress",
        "no feedback yet",
    ] {
        assert!(proposals.contains(words), "{words} is missing from {proposals}");
    }
    assert!(!page.contains("id=\"offers\""), "no offer yet");

    // The text for providers, then the offer.
    let text = "Imaging servers encrypted; backups offline (test).";
    let saved = coordinator.post(&format!("{file}/offer-summary"), &[("summary", text)]).await;
    assert_eq!(saved.location(), format!("{file}?done=summary"));
    let refused = coordinator.post(&format!("{file}/offers"), &[("offering", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choose one of the proposed offerings."));
    let sent =
        coordinator.post(&format!("{file}/offers"), &[("offering", &offering.to_string())]).await;
    assert_eq!(sent.location(), format!("{file}?done=offer"));
    let page = coordinator.get(&format!("{file}?done=offer")).await.body;
    assert!(page.contains("The offer is sent"));
    let offers = page.split("id=\"offers\"").nth(1).expect("the offers table").to_owned();
    assert!(
        offers.contains("Waiting for an answer") && !offers.contains("by the engine"),
        "{offers}"
    );
    let again =
        coordinator.post(&format!("{file}/offers"), &[("offering", &offering.to_string())]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("no longer waiting for an offer"));

    // P2 reads the coordinator's text in the summary, and nothing that names the organisation.
    let p2 = world::sign_in(&app, "provider_p2_admin").await;
    let p2_id = world::placeholders().into_iter().find(|(k, _)| *k == "{p2}").unwrap().1;
    let inbox = p2.get(&format!("/providers/{p2_id}/offers")).await.body;
    let link = inbox
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.starts_with(&format!("/providers/{p2_id}/offers/")))
        .expect("the offer in the inbox")
        .to_owned();
    let summary = p2.get(&link).await.body;
    assert!(summary.contains(text), "{summary}");
    assert!(!summary.contains("Organisation org_a") && !summary.contains("Request a of the world"));
}

http_tests!(super::MANUAL; a_coordinator_reads_the_proposals_with_their_reasons_and_sends_one);
