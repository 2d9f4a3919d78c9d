//! The audit trail over HTTP, on both backends: every reading of a case's content is an event
//! naming the reader, written before the content is shown and never shown as history or as the
//! case's activity; staff filter the trail and read a case's timeline; a filter that names
//! nobody is refused in words; exports hold every matching event, and a CSV cell that a
//! spreadsheet would run as a formula is made text.

use c4h_storage::Store;
use c4h_storage::model::AuditEvent;
use reqwest::StatusCode;

use crate::client::{Part, Visitor};
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn id(placeholder: &str) -> String {
    world::placeholders().into_iter().find(|(k, _)| *k == placeholder).unwrap().1
}

async fn events(store: &std::sync::Arc<dyn Store>, action: &str) -> Vec<AuditEvent> {
    let all = store.audit_events(0, 100_000).await.unwrap();
    all.into_iter().filter(|event| event.record.action == action).collect()
}

async fn user_id(app: &TestApp, role: &str) -> c4h_domain::ids::UserId {
    let email = c4h_domain::EmailAddress::parse(&world::email(role)).unwrap();
    app.store.user_by_email(&email).await.unwrap().unwrap().id
}

async fn every_reading_of_a_case_is_recorded_and_is_not_history(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let before = app.store.case_version(case).await.unwrap();

    let coordinator = world::sign_in(&app, "coordinator").await;
    let file_page = coordinator.get(&format!("/coordination/requests/{case}")).await;
    assert_eq!(file_page.status, StatusCode::OK);
    let engineer = world::sign_in(&app, "provider_p1").await;
    let case_page = engineer.get(&format!("/providers/{p1}/cases/{case}")).await;
    assert_eq!(case_page.status, StatusCode::OK);
    let requester = world::sign_in(&app, "requester_a").await;
    assert_eq!(requester.get(&format!("/requests/{case}")).await.status, StatusCode::OK);

    let reads = events(&app.store, "request.read").await;
    let readers: Vec<(Option<c4h_domain::ids::UserId>, String)> = reads
        .iter()
        .map(|event| (event.record.actor.user_id, event.record.details["as"].to_string()))
        .collect();
    assert_eq!(
        readers,
        vec![
            (Some(user_id(&app, "coordinator").await), "\"coordinator\"".to_owned()),
            (Some(user_id(&app, "provider_p1").await), "\"provider\"".to_owned()),
            (Some(user_id(&app, "requester_a").await), "\"requester\"".to_owned()),
        ]
    );
    for event in &reads {
        assert_eq!(event.record.request_id, Some(case));
        assert_eq!(event.record.object.id, case.to_string());
        assert_eq!(event.record.actor.client_address.as_deref(), Some("127.0.0.1"));
    }
    assert_eq!(app.store.case_version(case).await.unwrap(), before, "a reading is no activity");
    let history = coordinator.get(&format!("/coordination/requests/{case}")).await.body;
    assert!(!history.contains("Case read"), "readings are not the file's history");
    assert_eq!(events(&app.store, "request.read").await.len(), 4, "and reading it again counts");
}

async fn a_download_is_recorded_before_the_bytes_leave(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let requester = world::sign_in(&app, "requester_a").await;
    let parts = [Part::file(b"log.txt", "text/plain", b"a log line")];
    let posted = requester.upload(&format!("/requests/{case}/files"), &parts).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let listed = app.store.audit_events(0, 10_000).await.unwrap();
    let file = listed.iter().rev().find(|e| e.record.action == "request.file").unwrap();
    let file = file.record.object.id.clone();
    let coordinator = world::sign_in(&app, "coordinator").await;
    let (status, _, bytes) =
        coordinator.download(&format!("/coordination/requests/{case}/files/{file}")).await;
    assert_eq!(status, StatusCode::OK);
    let downloads = events(&app.store, "attachment.read").await;
    assert_eq!(downloads.len(), 1);
    let event = &downloads[0].record;
    assert_eq!(
        (event.object.kind.as_str(), event.object.id.as_str()),
        ("attachment", file.as_str())
    );
    assert_eq!(event.request_id, Some(case));
    assert_eq!(event.details["bytes"], bytes.len());
    assert_eq!(event.actor.user_id, Some(user_id(&app, "coordinator").await));
}

/// The rows of the trail's table: the action code of each, newest first.
fn actions_on(page: &str) -> Vec<String> {
    page.split("</td>\n      <td>")
        .filter_map(|cell| {
            cell.split_once(" <code>").and_then(|(_, rest)| rest.split_once("</code>"))
        })
        .map(|(code, _)| code.to_owned())
        .collect()
}

async fn staff_filter_the_trail_and_read_a_cases_timeline(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let requester = world::sign_in(&app, "requester_a").await;
    let parts = [Part::file(b"log.txt", "text/plain", b"a log line")];
    requester.upload(&format!("/requests/{case}/files"), &parts).await;
    let coordinator = world::sign_in(&app, "coordinator").await;
    coordinator.get(&format!("/coordination/requests/{case}")).await;

    let timeline = coordinator.get("/coordination/audit?case=C4H-WORLD-c").await;
    assert_eq!(timeline.status, StatusCode::OK);
    let actions = actions_on(&timeline.body);
    assert_eq!(actions.first().map(String::as_str), Some("request.read"), "{actions:?}");
    assert!(actions.iter().any(|action| action == "request.file"), "{actions:?}");
    let mine = format!("/coordination/audit?actor={}", world::email("coordinator"));
    let by_me = actions_on(&coordinator.get(&mine).await.body);
    assert!(
        by_me.contains(&"auth.sign_in".to_owned()) && by_me.contains(&"request.read".to_owned())
    );
    let reads = actions_on(&coordinator.get("/coordination/audit?action=request.read").await.body);
    assert_eq!(reads, vec!["request.read".to_owned()]);
    let files = actions_on(&coordinator.get("/coordination/audit?object=attachment").await.body);
    assert!(files.contains(&"request.file".to_owned()), "{files:?}");
    assert!(files.iter().all(|action| action == "request.file"), "{files:?}");
    let nothing_then =
        coordinator.get("/coordination/audit?from=2001-01-01&until=2001-01-31").await;
    assert!(nothing_then.body.contains("No event matches."));

    for (query, field, message) in [
        ("actor=nobody%40nowhere.example", "actor", "Nobody has this address."),
        ("actor=not-an-address", "actor", "Enter an e-mail address"),
        ("case=C4H-2099-999999", "case", "No case has this reference."),
        ("from=31%2F12%2F2026", "from", "Enter a day as 2026-12-31."),
        ("from=2026-12-02&until=2026-12-01", "until", "The last day must not be before the first."),
    ] {
        let refused = coordinator.get(&format!("/coordination/audit?{query}")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(refused.body.contains(message), "{query}");
        assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{query}");
        let export = coordinator.get(&format!("/coordination/audit/export.csv?{query}")).await;
        assert_eq!(export.status, StatusCode::UNPROCESSABLE_ENTITY, "an export says so too");
    }
}

async fn a_long_trail_pages_without_gaps_or_repeats(app: TestApp) {
    world::create(&app.store).await;
    let coordinator = world::sign_in(&app, "coordinator").await;
    for _ in 0..60 {
        coordinator.get(&format!("/coordination/requests/{}", world::request("c"))).await;
    }
    let mut seen = Vec::new();
    let mut next = Some("/coordination/audit?action=request.read".to_owned());
    while let Some(path) = next {
        assert!(seen.len() <= 60, "the pages end: {seen:?}");
        let page = coordinator.get(&path).await.body;
        seen.extend(
            page.split("<tr>\n      <td>")
                .skip(1)
                .map(|row| row.split_once('<').unwrap().0.to_owned()),
        );
        next = page
            .split_once("\" rel=\"next\">Older events")
            .and_then(|(before, _)| before.rsplit_once("<a href=\""))
            .map(|(_, href)| href.replace("&#38;", "&"));
    }
    assert_eq!(seen.len(), 60);
    let mut sorted = seen.clone();
    sorted.sort_by_key(|seq| std::cmp::Reverse(seq.parse::<i64>().unwrap()));
    sorted.dedup();
    assert_eq!(sorted, seen, "newest first, each once");
}

async fn exports_hold_every_event_and_no_formula_runs(app: TestApp) {
    world::create(&app.store).await;
    let coordinator: Visitor = world::sign_in(&app, "coordinator").await;
    let renamed = coordinator
        .post(
            "/account/profile",
            &[("display_name", "=HYPERLINK(\"http://x.example\")"), ("language", "en")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let mine = format!("actor={}", world::email("coordinator"));

    let csv = coordinator.get(&format!("/coordination/audit/export.csv?{mine}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let header =
        |name: &str| csv.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert!(header("content-disposition").starts_with("attachment;"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(&row[3], "'=HYPERLINK(\"http://x.example\")", "the name is text, not a formula");
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }

    let json = coordinator.get(&format!("/coordination/audit/export.json?{mine}")).await;
    assert_eq!(json.status, StatusCode::OK);
    let exported: Vec<serde_json::Value> = serde_json::from_str(&json.body).unwrap();
    // Each export is an event of this person's, recorded before its first row.
    assert_eq!(exported.len(), rows.len() + 1);
    assert_eq!(exported[0]["action"], "audit.export");
    assert_eq!(exported[0]["details"]["format"], "json");
    assert_eq!(exported[1]["details"]["format"], "csv");
    assert_eq!(rows[0][5].to_owned(), "audit.export");
    assert_eq!(
        exported[0]["actor_name"], "=HYPERLINK(\"http://x.example\")",
        "JSON keeps the value"
    );
    let exports = events(&app.store, "audit.export").await;
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[1].record.details["format"], "json");
}

http_tests!(super::WORLD;
    every_reading_of_a_case_is_recorded_and_is_not_history,
    a_download_is_recorded_before_the_bytes_leave,
    staff_filter_the_trail_and_read_a_cases_timeline,
    a_long_trail_pages_without_gaps_or_repeats,
    exports_hold_every_event_and_no_formula_runs,
);
