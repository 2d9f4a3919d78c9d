//! Sessions: fixation, revocation, expiry, second factor, step-up.

use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use reqwest::StatusCode;
use time::Duration;

use crate::support::{Options, TestApp, http_tests};
use crate::world::{self, PASSWORD, email, secret};

pub(crate) const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

const SESSION: &str = "__Host-c4h_session";

async fn a_session_id_planted_before_sign_in_is_never_used(app: TestApp) {
    world::create(&app.store).await;
    let visitor = app.visitor();
    let planted = "attacker-chosen-session-value-0123456789abcdef";
    visitor.set_cookie(SESSION, planted);
    visitor.get("/").await;
    let csrf_before = visitor.cookie("__Host-c4h_csrf").unwrap();
    let page =
        visitor.post("/login", &[("email", &email("requester_a")), ("password", PASSWORD)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let issued = visitor.cookie(SESSION).unwrap();
    assert_ne!(issued, planted);
    assert_ne!(
        visitor.cookie("__Host-c4h_csrf").unwrap(),
        csrf_before,
        "the CSRF token is replaced at sign-in"
    );
    assert_eq!(visitor.get("/account").await.status, StatusCode::OK);
    let attacker = app.visitor();
    attacker.set_cookie(SESSION, planted);
    assert_eq!(attacker.get("/account").await.status, StatusCode::UNAUTHORIZED);
}

async fn the_token_before_the_second_factor_dies_with_it(app: TestApp) {
    world::create(&app.store).await;
    let visitor = app.visitor();
    visitor.post("/login", &[("email", &email("coordinator")), ("password", PASSWORD)]).await;
    let before = visitor.cookie(SESSION).unwrap();
    assert_eq!(
        visitor.get("/account").await.location(),
        "/login/mfa",
        "nothing but the code page yet"
    );
    let code = totp::code_at(&secret("coordinator"), app.clock().now());
    assert_eq!(visitor.post("/login/mfa", &[("code", &code)]).await.status, StatusCode::SEE_OTHER);
    assert_ne!(visitor.cookie(SESSION).unwrap(), before);
    let stale = app.visitor();
    stale.set_cookie(SESSION, &before);
    assert_eq!(stale.get("/account").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(visitor.get("/account").await.status, StatusCode::OK);
}

async fn changing_the_password_ends_every_other_session_at_the_next_request(app: TestApp) {
    world::create(&app.store).await;
    let laptop = world::sign_in(&app, "requester_a").await;
    let phone = world::sign_in(&app, "requester_a").await;
    let old_laptop_cookie = laptop.cookie(SESSION).unwrap();
    let page = laptop
        .post(
            "/account/password",
            &[("current_password", PASSWORD), ("password", "a brand new passphrase")],
        )
        .await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/account?done=password"));
    assert_eq!(
        phone.get("/account").await.status,
        StatusCode::UNAUTHORIZED,
        "the other session ended"
    );
    assert_eq!(
        laptop.get("/account").await.status,
        StatusCode::OK,
        "the changer has a fresh session"
    );
    let stale = app.visitor();
    stale.set_cookie(SESSION, &old_laptop_cookie);
    assert_eq!(
        stale.get("/account").await.status,
        StatusCode::UNAUTHORIZED,
        "the old cookie is worth nothing"
    );
    app.run_jobs().await;
    assert_eq!(app.mail.last_to(&email("requester_a")).subject(), "Your password was changed");
}

async fn sessions_end_when_idle_and_after_their_absolute_lifetime(app: TestApp) {
    world::create(&app.store).await;
    let visitor = world::sign_in(&app, "requester_a").await;
    app.clock().advance(Duration::minutes(59));
    assert_eq!(visitor.get("/account").await.status, StatusCode::OK, "activity keeps it alive");
    app.clock().advance(Duration::minutes(61));
    assert_eq!(
        visitor.get("/account").await.status,
        StatusCode::UNAUTHORIZED,
        "an hour idle ends it"
    );

    let busy = world::sign_in(&app, "requester_a").await;
    for _ in 0..14 {
        app.clock().advance(Duration::minutes(55));
        busy.get("/account").await;
    }
    assert_eq!(
        busy.get("/account").await.status,
        StatusCode::UNAUTHORIZED,
        "twelve hours end it whatever the activity"
    );
}

async fn a_session_can_be_seen_and_ended_from_another(app: TestApp) {
    world::create(&app.store).await;
    let laptop = world::sign_in(&app, "requester_b").await;
    let phone = world::sign_in(&app, "requester_b").await;
    let page = laptop.get("/account/sessions").await;
    assert_eq!(page.body.matches("/revoke\"").count(), 1, "one other session can be ended");
    let start = page.body.find("/account/sessions/").unwrap();
    let action = page.body[start..].split('"').next().unwrap().to_owned();
    assert_eq!(laptop.post(&action, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.get("/account").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(laptop.get("/account").await.status, StatusCode::OK);
    // Someone else's session id is not found, not ended.
    let other = world::sign_in(&app, "requester_a").await;
    assert_eq!(other.post(&action, &[]).await.status, StatusCode::NOT_FOUND);
}

async fn a_totp_code_works_once_and_only_near_its_time(app: TestApp) {
    world::create(&app.store).await;
    let now = app.clock().now();
    let attempt = |code: String| {
        let visitor = app.visitor();
        async move {
            visitor.post("/login", &[("email", &email("admin")), ("password", PASSWORD)]).await;
            (visitor.post("/login/mfa", &[("code", &code)]).await.status, visitor)
        }
    };
    let (status, _) = attempt(totp::code_at(&secret("admin"), now - Duration::seconds(90))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code from three steps ago");
    let (status, _) = attempt(totp::code_at(&secret("admin"), now + Duration::seconds(90))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a code from three steps ahead");
    let current = totp::code_at(&secret("admin"), now);
    let (status, visitor) = attempt(current.clone()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.get("/account").await.status, StatusCode::OK);
    let (status, _) = attempt(current).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a replayed code");
    let actions: Vec<String> = app
        .store
        .audit_events(0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.action)
        .collect();
    assert!(actions.iter().filter(|a| *a == "auth.second_factor_failed").count() >= 3);
}

async fn sensitive_actions_ask_for_the_password_again(app: TestApp) {
    world::create(&app.store).await;
    let admin = world::sign_in(&app, "admin").await;
    assert_eq!(
        admin.get("/admin/staff").await.status,
        StatusCode::OK,
        "just signed in with the second factor"
    );
    app.clock().advance(Duration::minutes(11));
    let page = admin.get("/admin/staff").await;
    assert_eq!(
        (page.status, page.location()),
        (StatusCode::SEE_OTHER, "/reauth?next=%2Fadmin%2Fstaff")
    );
    let code = totp::code_at(&secret("admin"), app.clock().now());
    let page = admin
        .post("/reauth", &[("password", PASSWORD), ("code", &code), ("next", "/admin/staff")])
        .await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/admin/staff"));
    assert_eq!(admin.get("/admin/staff").await.status, StatusCode::OK);
}

http_tests!(crate::auth::sessions::WORLD;
    a_session_id_planted_before_sign_in_is_never_used,
    the_token_before_the_second_factor_dies_with_it,
    changing_the_password_ends_every_other_session_at_the_next_request,
    sessions_end_when_idle_and_after_their_absolute_lifetime,
    a_session_can_be_seen_and_ended_from_another,
    a_totp_code_works_once_and_only_near_its_time,
    sensitive_actions_ask_for_the_password_again,
);
