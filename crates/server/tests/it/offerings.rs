//! Providers' forms over HTTP: invalid offerings are refused with a clear message on the form and
//! in the API, and nothing is written; applications are checked and acknowledged.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::client::Visitor;
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

/// A valid offering as the form posts it.
fn form() -> Vec<(&'static str, String)> {
    vec![
        ("category", "incident_response".into()),
        ("delivery", "remote".into()),
        ("capacity", "3".into()),
        ("response_time_hours", "4".into()),
        ("active", "yes".into()),
        ("text_language_1", "en".into()),
        ("title_1", "Ransomware first response".into()),
        ("description_1", "We help you contain and recover.".into()),
        ("languages", "en".into()),
        ("languages", "fr".into()),
        ("regions", "150".into()),
        ("countries", "CA, US".into()),
        ("requester_kinds", "hospital".into()),
        ("requester_kinds", "clinic".into()),
    ]
}

/// The same offering as the API takes it.
fn json_offering() -> Value {
    json!({
        "category": "incident_response",
        "delivery": "remote",
        "capacity": 3,
        "response_time_hours": 4,
        "texts": [{ "language": "en", "title": "Ransomware first response",
                    "description": "We help you contain and recover." }],
        "languages": ["en", "fr"],
        "regions": ["150", "CA", "US"],
        "requester_kinds": ["hospital", "clinic"],
    })
}

/// One bad value each: (form field, form value, JSON pointer, JSON value, field named in the
/// answer, the message a person reads).
fn bad_cases() -> Vec<(&'static str, String, &'static str, Value, &'static str, &'static str)> {
    let long = "x".repeat(201);
    vec![
        (
            "category",
            "hacking".into(),
            "/category",
            json!("hacking"),
            "category",
            "Choose a kind of help from the list.",
        ),
        (
            "capacity",
            "-1".into(),
            "/capacity",
            json!(-1),
            "capacity",
            "Enter a whole number from 0 to 10000.",
        ),
        (
            "capacity",
            "10001".into(),
            "/capacity",
            json!(10001),
            "capacity",
            "Enter a whole number from 0 to 10000.",
        ),
        (
            "countries",
            "XX".into(),
            "/regions/1",
            json!("XX"),
            "regions",
            "“XX” is not a country code of ISO 3166-1 (such as FR or CH) or a region from the list.",
        ),
        (
            "title_1",
            "   ".into(),
            "/texts/0/title",
            json!(""),
            "title_1",
            "This field is required.",
        ),
        (
            "title_1",
            long.clone(),
            "/texts/0/title",
            json!(long),
            "title_1",
            "Use at most 200 characters.",
        ),
    ]
}

async fn offerings_and_audit(app: &TestApp) -> (i64, i64) {
    let counts = app.store.counts().await.unwrap();
    (counts.offerings, counts.audit_events)
}

async fn post_form(
    visitor: &Visitor,
    path: &str,
    fields: &[(&'static str, String)],
) -> crate::client::Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    visitor.post(path, &pairs).await
}

async fn invalid_offerings_are_explained_on_the_form_and_in_the_api_and_nothing_is_written(
    app: TestApp,
) {
    world::create(&app.store).await;
    let admin = world::sign_in(&app, "provider_p1_admin").await;
    let p1 = world::placeholders().into_iter().find(|(k, _)| *k == "{p1}").unwrap().1;
    let page_path = format!("/providers/{p1}/offerings/new");
    let api_path = format!("/api/v1/providers/{p1}/offerings");
    let before = offerings_and_audit(&app).await;

    for (field, value, pointer, json_value, named, message) in bad_cases() {
        let mut fields = form();
        fields.retain(|(k, _)| *k != field);
        fields.push((field, value));
        let page = post_form(&admin, &page_path, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let shown = format!("<p class=\"error\" id=\"{named}-error\">{}</p>", html_escape(message));
        assert!(page.body.contains(&shown), "{field}: no {shown} in the form");
        // What was typed is kept, so nothing has to be typed again.
        assert!(page.body.contains("We help you contain and recover."), "{field}");

        let mut body = json_offering();
        *body.pointer_mut(pointer).unwrap() = json_value;
        let answer = admin.json(Method::POST, &api_path, &body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", answer.body);
        assert_eq!(answer.headers["content-type"], "application/problem+json");
        let problem: Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(problem["status"], 422);
        let errors = problem["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{field}: {errors:?}");
        assert_eq!(
            (errors[0]["field"].as_str(), errors[0]["detail"].as_str()),
            (Some(named), Some(message))
        );
    }
    // Unknown fields and malformed JSON are refused too, and say so.
    let mut extra = json_offering();
    extra["price"] = json!(100);
    let answer = admin.json(Method::POST, &api_path, &extra).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("unknown field `price`"), "{}", answer.body);
    assert_eq!(offerings_and_audit(&app).await, before, "nothing was written");

    // The valid offering goes through both ways, each with its audit event.
    let page = post_form(&admin, &page_path, &form()).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let answer = admin.json(Method::POST, &api_path, &json_offering()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let id =
        serde_json::from_str::<Value>(&answer.body).unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(offerings_and_audit(&app).await, (before.0 + 2, before.1 + 2));

    // Replacing through the API checks the same way.
    let put_path = format!("/api/v1/providers/{p1}/offerings/{id}");
    let mut changed = json_offering();
    changed["capacity"] = json!("7");
    assert_eq!(admin.json(Method::PUT, &put_path, &changed).await.status, StatusCode::OK);
    changed["capacity"] = json!(2.5);
    assert_eq!(
        admin.json(Method::PUT, &put_path, &changed).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let desk = admin.get(&format!("/providers/{p1}/offerings")).await;
    assert!(desk.body.contains("0 of 7 in use"), "the desk shows capacity in use");
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;")
}

async fn an_application_is_checked_acknowledged_and_recorded_once(app: TestApp) {
    let visitor = app.visitor();
    let page = visitor.post("/providers/apply", &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "home_country", "description", "services", "contact_email", "pledge_free"]
    {
        assert!(page.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    assert!(page.body.contains("Every provider takes this pledge; tick it to apply."));
    let providers = app.store.counts().await.unwrap().providers;
    let fields = [
        ("name", "Example Security (test)"),
        ("home_country", "CH"),
        ("website", "https://security.example"),
        ("description", "A team of twelve incident responders."),
        ("services", "incident_response"),
        ("services", "digital_forensics"),
        ("contact_email", "pro-bono@security.example"),
        ("pledge_free", "yes"),
        ("pledge_no_upselling", "yes"),
        ("pledge_confidentiality", "yes"),
        ("pledge_code_of_conduct", "yes"),
    ];
    let page = visitor.post("/providers/apply", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Application received"));
    assert_eq!(app.store.counts().await.unwrap().providers, providers + 1);
    app.run_jobs().await;
    let mail = app.mail.last_to("pro-bono@security.example");
    assert_eq!(mail.subject(), "We received your application");
    assert!(mail.body().contains("Example Security (test)"));

    let again = visitor.post("/providers/apply", &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("A provider of this name has already applied"));
    assert_eq!(app.store.counts().await.unwrap().providers, providers + 1);
}

http_tests!(
    crate::offerings::WORLD;
    invalid_offerings_are_explained_on_the_form_and_in_the_api_and_nothing_is_written,
    an_application_is_checked_acknowledged_and_recorded_once,
);
