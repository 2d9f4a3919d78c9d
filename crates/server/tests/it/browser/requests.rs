//! Journey 1 in French, in a real browser: a clinic's IT lead sends a critical ransomware
//! request and reads what happens next; a coordinator finds it first in the queue with its
//! reasons and accepts it for matching; no provider has capacity, so it is waitlisted.

use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use fantoccini::{Client, Locator};
use time::Duration;

use super::accounts::{assert_accessible, fill, path, sign_in, sign_out, submit};
use super::{text, with_app_in_browser};
use crate::support::{Options, TestApp};
use crate::world::{self, PASSWORD, email, secret};

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Clicks what `locator` finds and waits until the next page has loaded.
async fn follow(client: &Client, locator: Locator<'_>) {
    let before = client.find(Locator::Css("html")).await.unwrap();
    client.find(locator).await.unwrap().click().await.unwrap();
    while before.tag_name().await.is_ok() {
        client.wait().for_element(Locator::Css("main")).await.unwrap();
    }
}

async fn send_the_request(client: &Client, app: &TestApp) -> String {
    sign_in(client, app, &email("requester_a"), PASSWORD, None).await;
    follow(client, Locator::Css("button[name='lang'][value='fr']")).await;
    client.goto(&app.url("/ask")).await.unwrap();
    assert_accessible(client).await;
    follow(client, Locator::Css("main a[href='/requests/new']")).await;
    assert_eq!(text(client, "h1").await, "Demander de l’aide");
    assert_accessible(client).await;
    fill(
        client,
        "#description",
        "Un rançongiciel chiffre nos serveurs ; le dossier patient et les urgences sont à l’arrêt.",
    )
    .await;
    for signal in ["active_incident", "ransomware", "systems_down"] {
        click(client, &format!("#{signal}")).await;
    }
    click(client, "input[name='patient_care'][value='records']").await;
    click(client, "input[name='patient_care'][value='emergency_intake']").await;
    // Forgetting the consent is explained, and nothing typed is lost.
    submit(client).await;
    assert!(text(client, "#consent_to_share-error").await.contains("Cochez cette case"));
    assert_accessible(client).await;
    click(client, "#consent_to_share").await;
    submit(client).await;
    assert!(path(client).await.ends_with("?done=submitted"), "{}", path(client).await);
    let heading = text(client, "h1").await;
    assert!(heading.starts_with("Demande C4H-2026-"), "{heading}");
    let next = text(client, "#next ~ p").await;
    assert!(next.contains("Un coordinateur lit votre demande au plus tard le"), "{next}");
    assert!(text(client, ".lead").await.contains("Critique"));
    assert_accessible(client).await;
    sign_out(client).await;
    heading.trim_start_matches("Demande ").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clinic_asks_for_help_in_french_and_a_coordinator_accepts_it_first_in_the_queue() {
    with_app_in_browser("journey-one", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        let reference = send_the_request(&client, &app).await;

        app.clock().advance(Duration::minutes(5));
        let code = totp::code_at(&secret("coordinator"), app.clock().now());
        sign_in(&client, &app, &email("coordinator"), PASSWORD, Some(code)).await;
        client.goto(&app.url("/coordination/triage")).await.unwrap();
        assert_accessible(&client).await;
        let first = text(&client, "tbody tr:first-child").await;
        assert!(first.contains(&reference), "{first}");
        assert!(first.contains("Critique"), "{first}");
        assert!(first.contains("Incident en cours touchant les soins"), "{first}");
        assert!(first.contains("Rançongiciel en cours de propagation"), "{first}");
        follow(&client, Locator::LinkText(&reference)).await;
        assert_accessible(&client).await;
        assert!(text(&client, "main").await.contains("le dossier patient et les urgences"));
        click(&client, "input[name='step'][value='accept']").await;
        submit(&client).await;
        assert!(text(&client, ".notice").await.contains("Fait."));
        // P1's one service is taken up by its other cases: the engine finds no provider, so the
        // request waits for capacity, and the file says so.
        assert!(text(&client, ".lead").await.contains("En attente de capacité"));
        assert!(text(&client, "#no-proposal").await.contains("Aucune offre ne peut prendre"));
        assert!(
            text(&client, "#history ~ table").await.contains("Acceptée pour la mise en relation")
        );
        assert_accessible(&client).await;
    })
    .await;
}
