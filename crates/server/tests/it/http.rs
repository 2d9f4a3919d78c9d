//! HTTP tests against the real server: pages, languages, headers, errors and probes.

use axum::routing::get;
use c4h_storage::testing::TestBackend;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, SET_COOKIE};

use crate::client::Visitor;
use crate::support::{Options, TestApp, http_tests, with_app_routes};

pub(crate) const DEMO: Options = Options { demo: true, fake_clock: false, manual_offers: false };

/// Every page of the public site with a phrase that only its English and French versions carry.
pub const PAGES: [(&str, &str, &str); 6] = [
    (
        "/",
        "Free cybersecurity help for healthcare organisations",
        "Aide gratuite en cybersécurité pour les organisations de santé",
    ),
    ("/ask", "What to tell us", "Ce qu’il faut nous dire"),
    ("/eligibility", "Who can ask for help", "Qui peut demander de l’aide"),
    ("/how-it-works", "Most urgent first", "Le plus urgent d’abord"),
    ("/catalogue", "Services on offer", "Services proposés"),
    (
        "/providers/apply",
        "Offer free help as a security provider",
        "Proposer une aide gratuite en tant que prestataire de sécurité",
    ),
];

async fn get_page(app: &TestApp, path: &str, language: &str) -> (StatusCode, HeaderMap, String) {
    let response =
        app.http.get(app.url(path)).header("accept-language", language).send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

fn assert_security_headers(headers: &HeaderMap, what: &str) {
    let csp = headers.get("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
    assert_eq!(
        csp.to_str().unwrap(),
        "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        "{what}"
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(headers.get(name).map(|v| v.to_str().unwrap()), Some(value), "{what}: {name}");
    }
    assert!(headers.get("x-request-id").is_some(), "{what}: no request id");
    assert!(headers.get("strict-transport-security").is_none(), "{what}: HSTS over plain HTTP");
}

async fn every_page_is_served_in_english_and_french(app: TestApp) {
    for (path, english, french) in PAGES {
        let (status, _, body) = get_page(&app, path, "en-GB,en;q=0.9").await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("<html lang=\"en\">") && body.contains(english), "{path} in English");
        let (_, _, body) = get_page(&app, path, "fr-CH, fr;q=0.9, en;q=0.5").await;
        assert!(body.contains("<html lang=\"fr\">") && body.contains(french), "{path} in French");
        assert!(
            !body.contains("Free cybersecurity help for healthcare organisations"),
            "{path}: English left in French"
        );
    }
    assert_eq!(c4h_server::i18n::missing_keys(), Vec::<String>::new());
}

async fn the_catalogue_shows_only_what_vetted_providers_offer_now(app: TestApp) {
    let (_, _, home) = get_page(&app, "/", "en").await;
    assert!(home.contains("9 free services from vetted providers."), "home counts the catalogue");
    let (_, _, body) = get_page(&app, "/catalogue", "en").await;
    assert!(body.contains("9 services."));
    assert_eq!(
        app.store.counts().await.unwrap().offerings,
        12,
        "three offerings are kept out of view"
    );
    for shown in [
        "Threat notification for e-mail accounts",
        "DMARC deployment",
        "Ransomware recovery",
        "Sentinel Response Team (demo)",
    ] {
        assert!(body.contains(shown), "{shown} is missing");
    }
    for hidden in ["Asesoramiento", "Backup e continuità", "Cyber-hygiene e-learning"] {
        assert!(!body.contains(hidden), "{hidden} is shown: applied, suspended or paused");
    }
    let (_, _, filtered) = get_page(&app, "/catalogue?category=email_security", "fr").await;
    assert!(
        filtered.contains("1 service") || filtered.contains("Un service."),
        "one e-mail security offering"
    );
    assert!(filtered.contains("Déploiement de DMARC"));
    assert!(filtered.contains("<option value=\"email_security\" selected>"));
}

async fn every_response_carries_the_security_headers(app: TestApp) {
    let (_, headers, _) = get_page(&app, "/", "en").await;
    assert_security_headers(&headers, "home");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let (status, headers, _) = get_page(&app, "/no/such/page", "en").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_security_headers(&headers, "404");
    let (status, headers, css) = get_page(&app, "/static/app.css", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers(&headers, "stylesheet");
    assert_eq!(headers.get("content-type").unwrap(), "text/css; charset=utf-8");
    assert!(css.contains("--brand"));
    let refused = app
        .http
        .post(app.url("/language"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_security_headers(refused.headers(), "403");
    let (_, headers, _) = get_page(&app, "/healthz", "en").await;
    assert_security_headers(&headers, "healthz");
}

async fn errors_are_pages_in_the_readers_language(app: TestApp) {
    let (status, headers, body) = get_page(&app, "/nope", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers.get("content-type").unwrap(), "text/html; charset=utf-8");
    assert!(body.contains("Page introuvable") && body.contains("<html lang=\"fr\">"));
    let (status, _, body) = get_page(&app, "/catalogue?category=hacking", "en").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("Request not understood"));
    let visitor = Visitor::new(&app.base);
    visitor.get("/").await;
    let token = visitor.cookie("__Host-c4h_csrf").unwrap();
    let response = visitor
        .send(visitor.client().delete(visitor.url("/catalogue")).header("x-csrf-token", token))
        .await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.headers.get("allow").is_some());
    assert!(response.body.contains("Not allowed here"));
}

async fn a_cross_site_post_is_refused_before_any_handler(app: TestApp) {
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://evil.example"),
    ] {
        let response = app
            .http
            .post(app.url("/language"))
            .header(name, value)
            .form(&[("lang", "fr"), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        assert!(response.headers().get(SET_COOKIE).is_none());
        assert!(response.text().await.unwrap().contains("Request refused"));
    }
}

async fn the_language_switcher_remembers_the_choice_and_redirects_only_locally(app: TestApp) {
    let visitor = Visitor::new(&app.base);
    let response = visitor
        .post("/language", &[("lang", "fr"), ("next", "/catalogue?category=email_security")])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), "/catalogue?category=email_security");
    let cookie = response.headers.get(SET_COOKIE).unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with("lang=fr;")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    for evil in ["//evil.example", "/\\evil.example", "https://evil.example/"] {
        let response = visitor.post("/language", &[("lang", "en"), ("next", evil)]).await;
        assert_eq!(response.location(), "/", "{evil}");
    }
    // The cookie beats the browser's own preference.
    let body = app
        .http
        .get(app.url("/"))
        .header("accept-language", "en")
        .header("cookie", "lang=fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("<html lang=\"fr\">"));
    assert_eq!(visitor.post("/language", &[("lang", "xx")]).await.status, StatusCode::BAD_REQUEST);
}

async fn an_oversized_body_is_refused_with_413(app: TestApp) {
    let visitor = Visitor::new(&app.base);
    let huge = "x".repeat(64 * 1024 + 1);
    let response = visitor.post("/language", &[("lang", "fr"), ("next", huge.as_str())]).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.body.contains("Too much data"));
}

async fn the_probes_answer(app: TestApp) {
    let (status, _, body) = get_page(&app, "/healthz", "en").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    let (status, _, body) = get_page(&app, "/readyz", "en").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ready\n"));
}

http_tests!(crate::http::DEMO;
    every_page_is_served_in_english_and_french,
    the_catalogue_shows_only_what_vetted_providers_offer_now,
    every_response_carries_the_security_headers,
    errors_are_pages_in_the_readers_language,
    a_cross_site_post_is_refused_before_any_handler,
    the_language_switcher_remembers_the_choice_and_redirects_only_locally,
    an_oversized_body_is_refused_with_413,
    the_probes_answer,
);

async fn panic_handler() -> &'static str {
    panic!("secret detail that must not reach the client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_answers_a_generic_500_and_the_server_keeps_serving() {
    let routes = axum::Router::new().route("/test/panic", get(panic_handler));
    with_app_routes(TestBackend::Sqlite, Options::default(), routes, |app| async move {
        let response = app.http.get(app.url("/test/panic")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let request_id =
            response.headers().get("x-request-id").unwrap().to_str().unwrap().to_owned();
        assert_security_headers(response.headers(), "500");
        let body = response.text().await.unwrap();
        assert!(body.contains("Something went wrong"));
        assert!(
            body.contains(&format!("Reference: {request_id}")),
            "the page quotes the request id"
        );
        assert!(!body.contains("secret detail"));
        let (status, _, _) = get_page(&app, "/", "en").await;
        assert_eq!(status, StatusCode::OK);
    })
    .await;
}
