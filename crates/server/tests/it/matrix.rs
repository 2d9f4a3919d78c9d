//! The authorization matrix (`docs/authorization-matrix.md`) as tests, on both backends.

use std::collections::BTreeMap;

use c4h_server::http::ROUTES;
use reqwest::StatusCode;

use crate::client::Visitor;
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

/// One row of the matrix.
struct Row {
    method: String,
    path: String,
    form: Vec<(String, String)>,
    /// Expected status by role.
    expected: Vec<(String, u16)>,
}

fn matrix() -> Vec<Row> {
    let text = include_str!("../../../../docs/authorization-matrix.md");
    let mut lines = text.lines().filter(|line| line.starts_with('|'));
    let header: Vec<String> =
        lines.next().unwrap().split('|').map(|cell| cell.trim().to_owned()).collect();
    let roles = header[4..header.len() - 1].to_vec();
    lines
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let form = serde_urlencoded::from_str::<Vec<(String, String)>>(cells[3]).unwrap();
            let expected = roles
                .iter()
                .zip(&cells[4..])
                .map(|(role, cell)| {
                    (role.clone(), cell.parse().unwrap_or_else(|_| panic!("{line}")))
                })
                .collect();
            Row { method: cells[1].to_owned(), path: cells[2].to_owned(), form, expected }
        })
        .collect()
}

/// Whether a concrete path (placeholders and all) is an instance of a route's path.
fn matches_route(route: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (route, path): (Vec<_>, Vec<_>) = (route.split('/').collect(), path.split('/').collect());
    route.len() == path.len() && route.iter().zip(&path).all(|(r, p)| r.starts_with('{') || r == p)
}

#[test]
fn every_route_of_the_service_is_in_the_matrix() {
    let rows = matrix();
    let missing: Vec<_> = ROUTES
        .iter()
        .filter(|(method, route)| {
            !rows.iter().any(|row| row.method == *method && matches_route(route, &row.path))
        })
        .collect();
    assert!(missing.is_empty(), "docs/authorization-matrix.md lacks {missing:?}");
}

async fn request(visitor: &Visitor, row: &Row, path: &str) -> StatusCode {
    let form: Vec<(&str, &str)> = row.form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let empty = serde_json::json!({});
    match row.method.as_str() {
        // A case's event stream stays open: its status is the answer.
        "GET" if path.ends_with("/events") => visitor.status_of(path).await,
        "GET" => visitor.get(path).await.status,
        // The API takes JSON: the empty object stands for the empty form.
        "POST" if path.starts_with("/api/") => {
            visitor.json(reqwest::Method::POST, path, &empty).await.status
        }
        "POST" => visitor.post(path, &form).await.status,
        "PUT" => visitor.json(reqwest::Method::PUT, path, &empty).await.status,
        other => panic!("unknown method {other}"),
    }
}

async fn authorization_matrix(app: TestApp) {
    world::create(&app.store).await;
    let mut visitors: BTreeMap<&str, Visitor> = world::sign_everyone_in(&app).await;
    visitors.insert("anonymous", app.visitor());
    let mut placeholders = world::placeholders();
    // A file on P1's case, added by its requester the way the page does (its bytes are sealed
    // with this server's key, so it is added through the server rather than the world).
    let case = world::request("c");
    let evidence = [crate::client::Part::file(b"evidence.log", "text/plain", b"a log line")];
    let added = visitors["requester_a"].upload(&format!("/requests/{case}/files"), &evidence).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = visitors["requester_a"].get(&format!("/requests/{case}")).await.body;
    let marker = format!("/requests/{case}/files/");
    let file = page.split(&marker).nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    placeholders.push(("{p1_case_file}", file.to_owned()));
    // The file told P1's engineer by e-mail: the notification's id, as the e-mail links it.
    app.run_jobs().await;
    let told = app.mail.to(&world::email("provider_p1"));
    let link = told.iter().find_map(|mail| mail.link(&app.url("/notifications/"))).unwrap();
    let notification = link.rsplit('/').next().unwrap().to_owned();
    placeholders.push(("{p1_notification}", notification));
    let mut mismatches = Vec::new();
    for row in matrix() {
        let mut path = row.path.clone();
        for (name, value) in &placeholders {
            path = path.replace(name, value);
        }
        assert!(!path.contains('{'), "unknown placeholder in {}", row.path);
        for (role, expected) in &row.expected {
            let visitor = visitors.get(role.as_str()).unwrap_or_else(|| panic!("no role {role}"));
            let status = request(visitor, &row, &path).await;
            if status.as_u16() != *expected {
                mismatches.push(format!(
                    "{} {} as {role}: expected {expected}, got {status}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} cells differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

http_tests!(crate::matrix::WORLD; authorization_matrix);
