//! Journey 4 in a real browser: on a case P1 accepted, the requester, a coordinator and P1's
//! engineer exchange messages for different readers, and each sees exactly what it should; the
//! requester's file reaches the engineer byte for byte; the engineer resolves, the requester
//! confirms, both leave feedback, and the coordinator reads both sides.

use fantoccini::{Client, Locator};

use super::accounts::{assert_accessible, fill, sign_in, sign_out};
use super::offers::{click, sign_in_with_code, tick};
use super::{text, with_app_in_browser};
use crate::support::{Options, TestApp};
use crate::world::{self, PASSWORD, email};

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

const FOR_ALL: &str = "The file server shows a ransom note; sample attached (test).";
const FOR_PROVIDER: &str = "The backups are on tape in the basement (test).";
const FOR_COORDINATORS: &str = "Check the organisation's hour budget first (test).";

/// Posts `body` with the case's message form, for `visibility` when the form offers a choice.
async fn post(client: &Client, body: &str, visibility: Option<&str>) {
    fill(client, "#message-form textarea[name='body'], form[action$='/messages'] textarea", body)
        .await;
    if let Some(visibility) = visibility {
        tick(client, &format!("#visibility option[value='{visibility}']")).await;
    }
    click(client, "form[action$='/messages'] button[type='submit']").await;
}

/// The bytes at `href`, fetched with the browser's own session cookies.
async fn download(client: &Client, app: &TestApp, href: &str) -> Vec<u8> {
    let cookies = client.get_all_cookies().await.unwrap();
    let header: Vec<String> =
        cookies.iter().map(|c| format!("{}={}", c.name(), c.value())).collect();
    let response = reqwest::Client::new()
        .get(app.url(href))
        .header("cookie", header.join("; "))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(
        response.headers()["content-disposition"].to_str().unwrap().split(';').next(),
        Some("attachment")
    );
    response.bytes().await.unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_parties_work_a_case_each_reading_what_it_should_then_close_it_with_feedback() {
    with_app_in_browser("journey-four", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        let case = world::request("c");
        let p1 = world::placeholders().into_iter().find(|(k, _)| *k == "{p1}").unwrap().1;
        let own = format!("/requests/{case}");
        let provider_page = format!("/providers/{p1}/cases/{case}");
        let file_page = format!("/coordination/requests/{case}");

        // The requester writes to everyone and adds a sample.
        sign_in(&client, &app, &email("requester_a"), PASSWORD, None).await;
        client.goto(&app.url(&own)).await.unwrap();
        post(&client, FOR_ALL, None).await;
        let folder = tempfile::tempdir().unwrap();
        let sample_path = folder.path().join("ransom-note.txt");
        let mut sample = b"YOUR FILES ARE ENCRYPTED\r\n\x00\x01\x02 binary tail".to_vec();
        sample.extend((0..=255u8).cycle().take(5000));
        std::fs::write(&sample_path, &sample).unwrap();
        client
            .find(Locator::Css("#file-form input[type='file']"))
            .await
            .unwrap()
            .send_keys(sample_path.to_str().unwrap())
            .await
            .unwrap();
        click(&client, "#file-form button[type='submit']").await;
        assert!(text(&client, "main").await.contains("The file is added."));
        assert_accessible(&client).await;
        sign_out(&client).await;

        // A coordinator writes for the provider, and a note for coordinators only.
        sign_in_with_code(&client, &app, "coordinator").await;
        client.goto(&app.url(&file_page)).await.unwrap();
        post(&client, FOR_PROVIDER, Some("coordinators_and_provider")).await;
        post(&client, FOR_COORDINATORS, Some("coordinators")).await;
        let seen = text(&client, "section[aria-labelledby='conversation']").await;
        assert!(
            seen.contains(FOR_ALL)
                && seen.contains(FOR_PROVIDER)
                && seen.contains(FOR_COORDINATORS)
        );
        sign_out(&client).await;

        // The engineer reads two of the three, downloads the sample, resolves the case.
        sign_in_with_code(&client, &app, "provider_p1").await;
        client.goto(&app.url(&provider_page)).await.unwrap();
        let seen = text(&client, "main").await;
        assert!(seen.contains(FOR_ALL) && seen.contains(FOR_PROVIDER), "{seen}");
        assert!(!seen.contains(FOR_COORDINATORS), "{seen}");
        let link = client.find(Locator::Css("a[href*='/files/']")).await.unwrap();
        assert_eq!(link.text().await.unwrap(), "ransom-note.txt");
        let href = link.attr("href").await.unwrap().unwrap();
        assert_eq!(download(&client, &app, &href).await, sample, "byte-identical");
        fill(
            &client,
            "#resolution",
            "Restored from tape; the entry point was an old VPN account (test).",
        )
        .await;
        click(&client, "#resolve-form button[type='submit']").await;
        tick(&client, "#rating-5").await;
        fill(&client, "#feedback-form textarea[name='comment']", "Clear answers, fast (test).")
            .await;
        click(&client, "#feedback-submit").await;
        assert!(text(&client, "main").await.contains("Thank you for your feedback."));
        sign_out(&client).await;

        // The requester reads the resolution (and nothing meant for others), confirms, rates.
        sign_in(&client, &app, &email("requester_a"), PASSWORD, None).await;
        client.goto(&app.url(&own)).await.unwrap();
        let seen = text(&client, "main").await;
        assert!(seen.contains("Restored from tape") && seen.contains(FOR_ALL), "{seen}");
        assert!(!seen.contains(FOR_PROVIDER) && !seen.contains(FOR_COORDINATORS), "{seen}");
        assert!(!seen.contains("Clear answers, fast"), "the provider's feedback is not theirs");
        click(&client, "#confirm").await;
        assert!(text(&client, "main").await.contains("the case is closed"));
        tick(&client, "#rating-4").await;
        fill(&client, "#feedback-form textarea[name='comment']", "Saved our week (test).").await;
        click(&client, "#feedback-submit").await;
        assert!(text(&client, "main").await.contains("Thank you for your feedback."));
        assert_accessible(&client).await;
        sign_out(&client).await;

        // The coordinator reads both sides.
        sign_in_with_code(&client, &app, "coordinator").await;
        client.goto(&app.url(&file_page)).await.unwrap();
        let feedback = text(&client, "section[aria-labelledby='feedback-title']").await;
        assert!(feedback.contains("Saved our week") && feedback.contains("4 of 5"), "{feedback}");
        assert!(
            feedback.contains("Clear answers, fast") && feedback.contains("5 of 5"),
            "{feedback}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_appears_on_an_open_case_page_without_a_reload() {
    with_app_in_browser("case-live", true, WORLD, |app, client| async move {
        world::create(&app.store).await;
        let case = world::request("c");
        sign_in(&client, &app, &email("requester_a"), PASSWORD, None).await;
        client.goto(&app.url(&format!("/requests/{case}"))).await.unwrap();
        let page = client.find(Locator::Css("html")).await.unwrap();
        // A coordinator posts from elsewhere.
        let coordinator = world::sign_in(&app, "coordinator").await;
        let body = "We are on it; expect a call within the hour (test).";
        let file = format!("/coordination/requests/{case}");
        let posted = coordinator
            .post(&format!("{file}/messages"), &[("body", body), ("visibility", "all_parties")])
            .await;
        assert_eq!(posted.status, reqwest::StatusCode::SEE_OTHER);
        let arrived = format!("//div[@id='case-entries'][contains(., '{body}')]");
        client.wait().for_element(Locator::XPath(&arrived)).await.unwrap();
        assert!(page.tag_name().await.is_ok(), "the same page, not a reload");
    })
    .await;
}
