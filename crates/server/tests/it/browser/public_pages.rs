//! The public pages in a real browser: accessible in both languages, and usable without
//! JavaScript.

use fantoccini::{Client, Locator};

use super::{serious_accessibility_violations, text, with_app_in_browser};
use crate::http::PAGES;
use crate::support::{Options, TestApp};

const DEMO: Options = Options { demo: true, fake_clock: false, manual_offers: false };

async fn open(client: &Client, app: &TestApp, path: &str) {
    client.goto(&app.url(path)).await.unwrap();
}

/// Chooses a language with the switcher, as a visitor would, and waits for the page to follow.
async fn choose_language(client: &Client, code: &str) {
    client
        .find(Locator::Css(&format!("button[value='{code}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client.wait().for_element(Locator::Css(&format!("html[lang='{code}']"))).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_public_page_passes_the_accessibility_check_in_english_and_french() {
    with_app_in_browser("accessibility", true, DEMO, |app, client| async move {
        open(&client, &app, "/").await;
        for (code, column) in [("en", 1), ("fr", 2)] {
            if code == "fr" {
                choose_language(&client, "fr").await;
            }
            let mut pages: Vec<(&str, &str)> = PAGES
                .iter()
                .map(|page| (page.0, if column == 1 { page.1 } else { page.2 }))
                .collect();
            pages.push((
                "/no-such-page",
                if code == "en" { "Page not found" } else { "Page introuvable" },
            ));
            for (path, phrase) in pages {
                open(&client, &app, path).await;
                let source = client.source().await.unwrap();
                assert!(
                    source.contains(&format!("<html lang=\"{code}\">")),
                    "{path} is not in {code}"
                );
                assert!(source.contains(phrase), "{path} in {code} lacks {phrase:?}");
                let violations = serious_accessibility_violations(&client).await;
                assert!(violations.is_empty(), "{path} in {code}: {violations:#?}");
            }
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_goes_from_the_home_page_to_how_to_ask_for_help_without_javascript() {
    with_app_in_browser("ask-for-help", false, DEMO, |app, client| async move {
        open(&client, &app, "/").await;
        client.find(Locator::Css("main a.button-primary")).await.unwrap().click().await.unwrap();
        client.wait().for_element(Locator::Css("a[href^='mailto:']")).await.unwrap();
        assert_eq!(client.current_url().await.unwrap().path(), "/ask");
        assert_eq!(text(&client, "h1").await, "Ask for help");
        assert_eq!(text(&client, "nav a[aria-current='page']").await, "Ask for help");
        client
            .find(Locator::LinkText("Check whether your organisation can ask"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .wait()
            .for_element(Locator::Css("nav a[href='/eligibility'][aria-current='page']"))
            .await
            .unwrap();
        assert!(text(&client, "main").await.contains("Individual clinician"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_filters_by_kind_of_help_and_the_language_choice_sticks_without_javascript() {
    with_app_in_browser("catalogue", false, DEMO, |app, client| async move {
        open(&client, &app, "/catalogue").await;
        assert_eq!(text(&client, "p.count").await, "9 services.");
        choose_language(&client, "fr").await;
        assert_eq!(
            client.current_url().await.unwrap().path(),
            "/catalogue",
            "the switcher returns to the page"
        );
        assert_eq!(text(&client, "h1").await, "Services proposés");

        client
            .find(Locator::Css("select#category option[value='email_security']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .find(Locator::Css("form.filters button[type='submit']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .wait()
            .for_element(Locator::Css("option[value='email_security'][selected]"))
            .await
            .unwrap();
        assert_eq!(text(&client, "p.count").await, "Un service.");
        assert_eq!(text(&client, "li.offering h2").await, "Déploiement de DMARC");

        // The choice is remembered on the next page.
        client.find(Locator::Css("nav a[href='/']")).await.unwrap().click().await.unwrap();
        client
            .wait()
            .for_element(Locator::Css("nav a[href='/'][aria-current='page']"))
            .await
            .unwrap();
        assert_eq!(
            text(&client, "h1").await,
            "Aide gratuite en cybersécurité pour les organisations de santé"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accessibility_check_catches_a_broken_page() {
    with_app_in_browser("accessibility-control", true, Options::default(), |app, client| async move {
            open(&client, &app, "/ask").await;
            let breakage = "const image = document.createElement('img'); image.src = '/static/icon.svg'; \
                            const field = document.createElement('input'); \
                            document.querySelector('main').append(image, field);";
            client.execute(breakage, vec![]).await.unwrap();
            let violations = serious_accessibility_violations(&client).await.join("\n");
            assert!(violations.contains("image-alt"), "{violations}");
            assert!(violations.contains("label"), "{violations}");
    })
    .await;
}
