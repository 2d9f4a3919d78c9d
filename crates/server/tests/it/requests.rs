//! Asking for help over HTTP: invalid input is explained next to its field and writes nothing; a
//! repeated submission lands once; one organisation never reaches another's requests.

use reqwest::StatusCode;

use crate::client::Visitor;
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

/// A valid request as the form posts it (the fake clock says 2026-11-29 12:00 UTC).
fn form(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("key", key.to_owned()),
        ("description", "Ransomware note on every screen; admissions are on paper.".into()),
        ("active_incident", "yes".into()),
        ("ransomware", "yes".into()),
        ("patient_care", "records".into()),
        ("patient_care", "emergency_intake".into()),
        ("category", "not_sure".into()),
        ("languages", "fr".into()),
        ("tlp", "amber".into()),
        ("consent_to_share", "yes".into()),
    ]
}

async fn post(visitor: &Visitor, fields: &[(&'static str, String)]) -> crate::client::Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    visitor.post("/requests/new", &pairs).await
}

async fn requests_and_events(app: &TestApp) -> (i64, i64) {
    let counts = app.store.counts().await.unwrap();
    (counts.requests, counts.audit_events)
}

async fn invalid_requests_are_explained_next_to_their_field_and_write_nothing(app: TestApp) {
    world::create(&app.store).await;
    let requester = world::sign_in(&app, "requester_a").await;
    let form_page = requester.get("/requests/new").await;
    assert_eq!(form_page.status, StatusCode::OK);
    let before = requests_and_events(&app).await;
    let long = "x".repeat(20_001);
    // (field changed, its value, the field that carries the message, the message)
    let cases: [(&str, String, &str, &str); 7] = [
        ("description", "  ".into(), "description", "This field is required."),
        ("description", long, "description", "Use at most 20000 characters."),
        ("category", "hacking".into(), "category", "Choose a kind of help from the list."),
        (
            "tlp",
            "purple".into(),
            "tlp",
            "Choose a TLP marking: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.",
        ),
        ("consent_to_share", "no".into(), "consent_to_share", "Tick this to continue."),
        (
            "breach_aware_at",
            "2026-11-30T09:00".into(),
            "breach_aware_at",
            "This is in the future; give the moment it already happened.",
        ),
        (
            "breach_aware_at",
            "last tuesday".into(),
            "breach_aware_at",
            "Enter a date and a time, such as 29/11/2026 08:30.",
        ),
    ];
    for (field, value, named, message) in cases {
        let mut fields = form("bad");
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        if field == "breach_aware_at" {
            fields.push(("data_breach", "yes".into()));
        }
        let page = post(&requester, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let shown = format!(
            "<p class=\"error\" id=\"{named}-error\">{}</p>",
            message.replace('\'', "&#39;")
        );
        assert!(page.body.contains(&shown), "{field}: no {shown}");
        assert!(page.body.contains("admissions are on paper") || field == "description", "kept");
    }
    assert_eq!(requests_and_events(&app).await, before, "nothing was written");
}

async fn a_double_submission_lands_once_and_says_what_happens_next(app: TestApp) {
    world::create(&app.store).await;
    let requester = world::sign_in(&app, "requester_a").await;
    let before = requests_and_events(&app).await;
    let first = post(&requester, &form("the-same-key")).await;
    let second = post(&requester, &form("the-same-key")).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(first.location(), second.location(), "the retry lands on the same request");
    assert_eq!(requests_and_events(&app).await, (before.0 + 1, before.1 + 1));
    let page = requester.get(first.location()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("A coordinator reads your request by 2026-11-29 13:00 UTC at the latest."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Request sent"));
    // Another organisation's member finds nothing there, and cannot withdraw it.
    let other = world::sign_in(&app, "requester_b").await;
    assert_eq!(other.get(first.location()).await.status, StatusCode::NOT_FOUND);
    let path = first.location().split('?').next().unwrap().to_owned();
    assert_eq!(other.post(&format!("{path}/withdraw"), &[]).await.status, StatusCode::NOT_FOUND);
    let still = requester.get(&path).await;
    assert!(still.body.contains("Sent, waiting for a coordinator"), "not withdrawn");
    // Its own organisation's other member can follow it and write to the coordinators.
    let colleague = world::sign_in(&app, "requester_a_admin").await;
    let answer = colleague
        .post(&format!("{path}/messages"), &[("body", "The backups are on tape, offline.")])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let coordinator = world::sign_in(&app, "coordinator").await;
    let id = path.trim_start_matches("/requests/");
    let file = coordinator.get(&format!("/coordination/requests/{id}")).await;
    assert!(file.body.contains("The backups are on tape, offline."));
    assert!(file.body.contains("Ransomware spreading now"), "the reasons are shown");
}

async fn a_coordinator_declines_with_a_reason_the_requester_reads(app: TestApp) {
    world::create(&app.store).await;
    let coordinator = world::sign_in(&app, "coordinator").await;
    let id = world::request("a");
    let file = format!("/coordination/requests/{id}");
    let refused = coordinator.post(&format!("{file}/steps"), &[("step", "decline")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a decline needs its reason");
    assert!(refused.body.contains("id=\"reason-error\""));
    let reason = "Legal advice is outside this service; here is a pro bono legal network.";
    let done = coordinator
        .post(&format!("{file}/steps"), &[("step", "decline"), ("reason", reason)])
        .await;
    assert_eq!(done.location(), format!("{file}?done=step"));
    let again = coordinator.post(&format!("{file}/steps"), &[("step", "accept")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "declined is final");
    assert!(again.body.contains("does not apply to the request as it is now"));
    let requester = world::sign_in(&app, "requester_a_admin").await;
    let page = requester.get(&format!("/requests/{id}")).await;
    assert!(page.body.contains(&reason.replace('\'', "&#39;")) && page.body.contains("Declined"));
}

async fn an_organisation_without_an_account_asks_on_the_emergency_path(app: TestApp) {
    world::create(&app.store).await;
    let visitor = app.visitor();
    let before = requests_and_events(&app).await;
    let mut fields: Vec<(&str, String)> = vec![
        ("organisation", "Centre de dialyse du Port (test)".into()),
        ("kind", "care_facility".into()),
        ("country", "XX".into()),
        ("display_name", "Responsable informatique".into()),
        ("email", "it@dialyse-port.example".into()),
        ("phone", "+33 4 00 00 00 00".into()),
        ("description", "Tous les postes affichent une demande de rançon.".into()),
        ("active_incident", "yes".into()),
        ("ransomware", "yes".into()),
        ("consent_to_share", "yes".into()),
    ];
    let page = post_pairs(&visitor, "/emergency", &fields).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains(
            "<p class=\"error\" id=\"country-error\">Choose a country from the list.</p>"
        )
    );
    assert_eq!(requests_and_events(&app).await, before, "nothing was written");

    fields.retain(|(k, _)| *k != "country");
    fields.push(("country", "FR".into()));
    let page = post_pairs(&visitor, "/emergency", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("it@dialyse-port.example"));
    app.run_jobs().await;
    let link = app.mail.last_to("it@dialyse-port.example").link(&app.base).unwrap();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    // Nothing reaches the queue before the address is proven.
    let coordinator = world::sign_in(&app, "coordinator").await;
    assert!(
        !coordinator.get("/coordination/triage").await.body.contains("Centre de dialyse du Port")
    );
    let confirmed = visitor.post("/verify-email", &[("token", token.as_str())]).await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert!(confirmed.body.contains("Your request was sent"));
    let queue = coordinator.get("/coordination/triage").await.body;
    assert!(
        queue.contains("Centre de dialyse du Port") && queue.contains("unverified organisation")
    );
    assert!(queue.find("Centre de dialyse du Port") < queue.find("C4H-WORLD-a"), "critical first");
}

async fn post_pairs(
    visitor: &Visitor,
    path: &str,
    fields: &[(&str, String)],
) -> crate::client::Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    visitor.post(path, &pairs).await
}

http_tests!(
    crate::requests::WORLD;
    invalid_requests_are_explained_next_to_their_field_and_write_nothing,
    a_double_submission_lands_once_and_says_what_happens_next,
    a_coordinator_declines_with_a_reason_the_requester_reads,
    an_organisation_without_an_account_asks_on_the_emergency_path,
);
