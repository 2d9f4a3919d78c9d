//! Journey 3 in a real browser, on the fake clock: a coordinator accepts a critical request for
//! matching and the engine offers it at once; P1's engineer, told by e-mail, reads the summary
//! (no organisation name, no description) and declines; the offer goes to P2 without anyone's
//! action; P2 lets it expire, and it goes to P1's other service; the engineer accepts and only
//! then sees the case.

use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::{Delivery, LanguageTag, RequesterKind, ServiceCategory, Urgency};
use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use c4h_storage::model::{Actor, Change, NewOffering, NewOfferingText, ObjectRef, SeedData};
use fantoccini::{Client, Locator};
use time::Duration;

use super::accounts::{assert_accessible, mailed_link, path, sign_in, sign_out, submit};
use super::{text, with_app_in_browser};
use crate::support::{Options, TestApp};
use crate::world::{self, PASSWORD, email, secret};

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };
const DESCRIPTION: &str = "Ransomware on the imaging servers; radiology is down (test).";

/// Ticks a radio button or picks an option (no page load).
pub(super) async fn tick(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Clicks a link or button and waits until the next page has loaded.
pub(super) async fn click(client: &Client, css: &str) {
    let before = client.find(Locator::Css("html")).await.unwrap();
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
    while before.tag_name().await.is_ok() {
        client.wait().for_element(Locator::Css("main")).await.unwrap();
    }
}

pub(super) async fn sign_in_with_code(client: &Client, app: &TestApp, role: &str) {
    let code = totp::code_at(&secret(role), app.clock().now());
    sign_in(client, app, &email(role), PASSWORD, Some(code)).await;
    app.clock().advance(Duration::seconds(30));
}

fn p(name: &str) -> ProviderId {
    world::placeholders()
        .into_iter()
        .find(|(key, _)| *key == name)
        .map(|(_, id)| ProviderId::parse(&id).unwrap())
        .unwrap()
}

/// A French-speaking service of `provider`: `region` served, `hours` to answer.
fn service(
    name: &str,
    provider: &str,
    category: ServiceCategory,
    region: &str,
    hours: u32,
) -> NewOffering {
    NewOffering {
        id: OfferingId::from_name(name),
        provider_id: p(provider),
        category,
        delivery: Delivery::Remote,
        capacity: 3,
        response_time_hours: hours,
        active: true,
        texts: vec![NewOfferingText {
            language: LanguageTag::parse("en").unwrap(),
            title: format!("{name} (test)"),
            description: "Free help.".into(),
        }],
        languages: vec![LanguageTag::parse("fr").unwrap()],
        regions: vec![region.into()],
        requester_kinds: RequesterKind::ALL.to_vec(),
    }
}

/// The world, three services for ransomware, and a critical request of A waiting for triage.
/// Their costs for it: P1's recovery service (serves FR, answers in 1 h) is best, then P2's
/// (serves Europe), then P1's incident response (answers in 8 h).
async fn set_up(app: &TestApp) -> (String, String) {
    world::create(&app.store).await;
    let mut request = world::world_request(
        "journey3",
        world::placeholders()
            .into_iter()
            .find(|(key, _)| *key == "{org_a}")
            .map(|(_, id)| c4h_domain::ids::OrganisationId::parse(&id).unwrap())
            .unwrap(),
        world::user("requester_a"),
    );
    request.description = DESCRIPTION.into();
    request.ransomware = true;
    request.systems_down = true;
    request.urgency = Some(Urgency::Critical);
    request.languages = vec![LanguageTag::parse("fr").unwrap()];
    let data = SeedData {
        offerings: vec![
            service("p1/recovery", "{p1}", ServiceCategory::RansomwareRecovery, "FR", 1),
            service("p2/recovery", "{p2}", ServiceCategory::RansomwareRecovery, "150", 2),
            service("p1/response", "{p1}", ServiceCategory::IncidentResponse, "FR", 8),
        ],
        requests: vec![request.clone()],
        ..SeedData::default()
    };
    let seed =
        Change::new(Actor::system(), "test.seed", ObjectRef::new("test", "j3"), app.clock().now());
    app.store.seed(&data, &seed).await.unwrap();
    (request.id.to_string(), request.reference)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offer_declined_then_expired_moves_on_alone_and_the_provider_sees_the_case_only_once_it_accepts()
 {
    with_app_in_browser("journey-three", true, WORLD, |app, client| async move {
        let (request, reference) = set_up(&app).await;
        let (p1, p2) = (p("{p1}"), p("{p2}"));

        // The coordinator accepts it for matching: the engine offers it to P1 at once.
        sign_in_with_code(&client, &app, "coordinator").await;
        client.goto(&app.url(&format!("/coordination/requests/{request}"))).await.unwrap();
        tick(&client, "input[name='step'][value='accept']").await;
        submit(&client).await;
        assert!(
            text(&client, ".lead").await.contains("Offered"),
            "{}",
            text(&client, ".lead").await
        );
        let offers = text(&client, "#offers").await;
        assert!(
            offers.contains("by the engine") && offers.contains("Ransomware recovery"),
            "{offers}"
        );
        assert_accessible(&client).await;
        sign_out(&client).await;

        // P1's engineer follows the e-mail's link to the summary: no name, no description.
        app.run_jobs().await;
        let link = mailed_link(&app, &email("provider_p1"));
        sign_in_with_code(&client, &app, "provider_p1").await;
        client.goto(&app.url(&link)).await.unwrap();
        assert!(path(&client).await.starts_with(&format!("/providers/{p1}/offers/")));
        let main = text(&client, "main").await;
        assert!(main.contains("Ransomware recovery") && main.contains("Clinic"), "{main}");
        assert!(text(&client, "#time-left").await.contains("left"));
        for secret in ["Organisation org_a", DESCRIPTION, &reference] {
            assert!(!main.contains(secret), "the summary shows {secret:?}: {main}");
        }
        assert_accessible(&client).await;
        // Declining needs a reason; with one, the offer moves on.
        click(&client, "#decline").await;
        assert!(text(&client, "#reason-error").await.len() > 5);
        tick(&client, "#reason option[value='no_capacity_now']").await;
        click(&client, "#decline").await;
        assert!(text(&client, ".notice").await.contains("went to the next provider"));
        sign_out(&client).await;

        // P2 has it without anyone's action, and lets it expire (a critical offer has 1 h).
        sign_in_with_code(&client, &app, "provider_p2_admin").await;
        client.goto(&app.url(&format!("/providers/{p2}/offers"))).await.unwrap();
        assert!(text(&client, "#waiting ~ ul").await.contains("Ransomware recovery"));
        assert_accessible(&client).await;
        sign_out(&client).await;
        app.clock().advance(Duration::minutes(61));
        app.run_jobs().await;

        // It went on to P1's other service: the engineer accepts, and only now sees the case.
        sign_in_with_code(&client, &app, "provider_p1").await;
        client.goto(&app.url(&format!("/providers/{p1}/cases/{request}"))).await.unwrap();
        assert_eq!(text(&client, "h1").await, "Page not found", "no case before acceptance");
        client.goto(&app.url(&format!("/providers/{p1}/offers"))).await.unwrap();
        let waiting = text(&client, "#waiting ~ ul").await;
        assert!(waiting.contains("Incident response"), "{waiting}");
        // (The world's own pending offer to P1 is in the list too.)
        let link = client
            .find(Locator::XPath("//main//a[contains(., 'Critical')]"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        client.goto(&app.url(&link)).await.unwrap();
        click(&client, "#accept").await;
        let at = path(&client).await;
        assert!(
            at.starts_with(&format!("/providers/{p1}/cases/{request}")),
            "{at}: {}",
            text(&client, "main").await
        );
        assert!(text(&client, "#case-organisation").await.contains("Organisation org_a"));
        assert_eq!(text(&client, "#case-description").await, DESCRIPTION);
        assert!(text(&client, "h1").await.contains(&reference));
        assert_accessible(&client).await;
        sign_out(&client).await;

        // P2 never learns who it was.
        sign_in_with_code(&client, &app, "provider_p2_admin").await;
        client.goto(&app.url(&format!("/providers/{p2}/cases/{request}"))).await.unwrap();
        assert_eq!(text(&client, "h1").await, "Page not found");
        let answered = {
            client.goto(&app.url(&format!("/providers/{p2}/offers"))).await.unwrap();
            text(&client, "#answered ~ table").await
        };
        assert!(answered.contains("Expired"), "{answered}");
    })
    .await;
}
