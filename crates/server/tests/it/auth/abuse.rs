//! What attackers try: forged cross-site requests, telling accounts apart, floods, guessing.

use reqwest::StatusCode;
use reqwest::multipart;

use crate::support::{TestApp, http_tests};
use crate::world::{self, PASSWORD, email};

/// Strips what differs between any two answers (tokens, request ids) to compare pages.
fn normalised(body: &str) -> String {
    body.lines()
        .filter(|line| !line.contains("name=\"csrf\"") && !line.contains("Reference:"))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn a_forged_request_is_refused_whatever_its_body(app: TestApp) {
    world::create(&app.store).await;
    let victim = world::sign_in(&app, "requester_a").await;
    let token = victim.cookie("__Host-c4h_csrf").unwrap();
    let url = victim.url("/account/profile");
    let from_evil = |request: reqwest::RequestBuilder| {
        request.header("origin", "https://evil.example").header("sec-fetch-site", "cross-site")
    };
    let form = from_evil(victim.client().post(&url)).form(&[
        ("display_name", "pwned"),
        ("language", "en"),
        ("csrf", token.as_str()),
    ]);
    assert_eq!(
        victim.send(form).await.status,
        StatusCode::FORBIDDEN,
        "a cross-site form, even with the token"
    );
    let multipart = from_evil(victim.client().post(&url))
        .multipart(multipart::Form::new().text("display_name", "pwned").text("language", "en"));
    assert_eq!(
        victim.send(multipart).await.status,
        StatusCode::FORBIDDEN,
        "a cross-site multipart body"
    );
    let plain = from_evil(victim.client().post(&url))
        .header("content-type", "text/plain")
        .body("display_name=pwned&language=en");
    assert_eq!(
        victim.send(plain).await.status,
        StatusCode::FORBIDDEN,
        "a cross-site text/plain body"
    );
    // Same-site requests without the token are refused too (the token is what a forger lacks).
    let no_token =
        victim.client().post(&url).form(&[("display_name", "pwned"), ("language", "en")]);
    assert_eq!(victim.send(no_token).await.status, StatusCode::FORBIDDEN);
    let wrong_token = victim.client().post(&url).form(&[
        ("display_name", "pwned"),
        ("language", "en"),
        ("csrf", "0123456789abcdef0123456789abcdef0123456789a"),
    ]);
    assert_eq!(victim.send(wrong_token).await.status, StatusCode::FORBIDDEN);
    // Multipart (file uploads) carries the token as its first part; anywhere else, or wrong, it
    // is refused before any handler runs.
    let token_last = victim.client().post(&url).multipart(
        multipart::Form::new().text("display_name", "pwned").text("csrf", token.clone()),
    );
    assert_eq!(victim.send(token_last).await.status, StatusCode::FORBIDDEN, "token not first");
    let wrong_first = victim.client().post(&url).multipart(
        multipart::Form::new()
            .text("csrf", "0123456789abcdef0123456789abcdef0123456789a")
            .text("display_name", "pwned"),
    );
    assert_eq!(victim.send(wrong_first).await.status, StatusCode::FORBIDDEN, "wrong token");
    let right_first = victim.client().post(&url).multipart(
        multipart::Form::new().text("csrf", token.clone()).text("display_name", "pwned"),
    );
    assert_eq!(
        victim.send(right_first).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "past the check, the profile form takes no multipart body"
    );
    // The login form is protected too.
    let login = app
        .visitor()
        .client()
        .post(app.url("/login"))
        .form(&[("email", email("requester_a").as_str()), ("password", PASSWORD)]);
    assert_eq!(app.visitor().send(login).await.status, StatusCode::FORBIDDEN);
    let page = victim.get("/account").await;
    assert!(!page.body.contains("pwned"), "nothing changed");
}

async fn known_and_unknown_addresses_get_the_same_answers(app: TestApp) {
    world::create(&app.store).await;
    let known = email("requester_b");
    let unknown = "nobody-here@world.example";
    let visitor = app.visitor();
    let a = visitor.post("/login", &[("email", &known), ("password", "wrong password here")]).await;
    let b =
        visitor.post("/login", &[("email", unknown), ("password", "wrong password here")]).await;
    assert_eq!(
        (a.status, normalised(&a.body).replace(&known, "X")),
        (b.status, normalised(&b.body).replace(unknown, "X"))
    );
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let fields = |address: &str| {
        vec![
            ("display_name", "Someone".to_owned()),
            ("email", address.to_owned()),
            ("password", "another long passphrase".to_owned()),
            ("language", "en".to_owned()),
        ]
    };
    let register = |address: &str| {
        let fields = fields(address);
        let visitor = app.visitor();
        async move {
            let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            visitor.post("/register", &refs).await
        }
    };
    let (a, b) = (register(&known).await, register("new-person@world.example").await);
    assert_eq!((a.status, normalised(&a.body)), (b.status, normalised(&b.body)));

    let (a, b) = (
        visitor.post("/password/forgot", &[("email", &known)]).await,
        visitor.post("/password/forgot", &[("email", unknown)]).await,
    );
    assert_eq!((a.status, normalised(&a.body)), (b.status, normalised(&b.body)));
    // The e-mail, which only the owner reads, is where the difference is told.
    app.run_jobs().await;
    assert_eq!(app.mail.last_to(&known).subject(), "Choose a new password");
    assert_eq!(app.mail.last_to(unknown).subject(), "Password reset requested");
    assert_eq!(
        app.mail.to(&known).iter().filter(|m| m.subject() == "You already have an account").count(),
        1
    );
}

async fn a_flood_of_sign_ins_is_bounded_and_answered(app: TestApp) {
    world::create(&app.store).await;
    let attempts: Vec<_> = (0..200)
        .map(|n| {
            let visitor = app.visitor();
            let address =
                if n % 2 == 0 { email("requester_a") } else { format!("nobody{n}@world.example") };
            tokio::spawn(async move {
                visitor.get("/login").await;
                visitor
                    .post("/login", &[("email", &address), ("password", "not the password")])
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    let refused = statuses.iter().filter(|s| matches!(s.as_u16(), 429 | 503)).count();
    assert!(statuses.iter().all(|s| matches!(s.as_u16(), 401 | 429 | 503)), "{statuses:?}");
    assert!(refused > 0, "a flood is turned away, not queued without end");
    let peak = app.state.hasher.peak_in_flight();
    assert!(
        (1..=app.state.settings.password_hash_concurrency).contains(&peak),
        "{peak} hashes at once"
    );
}

async fn passwords_outside_the_policy_are_refused_with_a_clear_message(app: TestApp) {
    let visitor = app.visitor();
    let long = "x".repeat(129);
    let page = visitor
        .post(
            "/register",
            &[
                ("display_name", "Someone"),
                ("email", "someone@world.example"),
                ("password", &long),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Use at most 128 characters."), "{}", page.body);
    let common = visitor
        .post(
            "/register",
            &[
                ("display_name", "Someone"),
                ("email", "someone@world.example"),
                ("password", "Password123"),
                ("language", "en"),
            ],
        )
        .await;
    assert!(common.body.contains("one of the most common ones"), "{}", common.body);
    let huge = "x".repeat(1024 * 1024);
    let page = visitor
        .post(
            "/register",
            &[
                ("display_name", "Someone"),
                ("email", "someone@world.example"),
                ("password", &huge),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "a megabyte password never reaches the hasher"
    );
    assert_eq!(app.store.counts().await.unwrap().users, 0);
}

async fn guessing_locks_out_the_guesser_but_not_the_owner(app: TestApp) {
    world::create(&app.store).await;
    // The owner signed in before from this browser: it carries the device cookie.
    let owner = world::sign_in(&app, "requester_a").await;
    assert!(owner.cookie("__Host-c4h_device").is_some());
    owner.post("/logout", &[]).await;
    let attacker = app.visitor();
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(
            attacker
                .post(
                    "/login",
                    &[("email", &email("requester_a")), ("password", "guess guess guess")],
                )
                .await
                .status
                .as_u16(),
        );
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(statuses[10..], [429, 429], "{statuses:?}");
    let page =
        attacker.post("/login", &[("email", &email("requester_a")), ("password", PASSWORD)]).await;
    assert_eq!(
        page.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password, from the attacker's browser"
    );
    let page =
        owner.post("/login", &[("email", &email("requester_a")), ("password", PASSWORD)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the owner's own browser still gets in");
    let actions: Vec<String> = app
        .store
        .audit_events(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.action)
        .collect();
    assert!(
        actions.contains(&"auth.lockout".to_owned())
            && actions.contains(&"auth.sign_in_failed".to_owned())
    );
}

http_tests!(crate::auth::sessions::WORLD;
    a_forged_request_is_refused_whatever_its_body,
    known_and_unknown_addresses_get_the_same_answers,
    a_flood_of_sign_ins_is_bounded_and_answered,
    passwords_outside_the_policy_are_refused_with_a_clear_message,
    guessing_locks_out_the_guesser_but_not_the_owner,
);
