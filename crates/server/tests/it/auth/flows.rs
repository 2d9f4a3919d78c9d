//! Whole journeys through the pages, with the e-mail read from the SMTP receiver.

use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use reqwest::StatusCode;

use crate::client::Visitor;
use crate::support::{TestApp, http_tests};
use crate::world::{self, PASSWORD, email};

/// The path and query of a link in an e-mail.
fn local(link: &str) -> String {
    let after_scheme = link.split_once("://").map_or(link, |(_, rest)| rest);
    after_scheme[after_scheme.find('/').unwrap()..].to_owned()
}

/// The value of a `name="…" value="…"` hidden field, or of an element with this id.
fn field(body: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = body.find(&marker).unwrap_or_else(|| panic!("no field {name}")) + marker.len();
    body[start..].split('"').next().unwrap().to_owned()
}

async fn register(app: &TestApp, address: &str) -> Visitor {
    let visitor = app.visitor();
    let page = visitor
        .post(
            "/register",
            &[
                ("display_name", "Clinic IT"),
                ("email", address),
                ("password", "our clinic passphrase"),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    app.run_jobs().await;
    let mail = app.mail.last_to(address);
    assert_eq!(mail.subject(), "Confirmez votre adresse e-mail", "in the language chosen");
    let link = local(&mail.link(&app.base).expect("a link"));
    assert!(link.starts_with("/verify-email?token="));
    let page = visitor.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    let token = field(&page.body, "token");
    let page = visitor.post("/verify-email", &[("token", &token)]).await;
    assert_eq!(page.location(), "/login?done=email-verified");
    assert_eq!(
        visitor.post("/verify-email", &[("token", &token)]).await.status,
        StatusCode::NOT_FOUND,
        "used once"
    );
    let page =
        visitor.post("/login", &[("email", address), ("password", "our clinic passphrase")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    visitor
}

async fn a_requester_registers_confirms_creates_an_organisation_and_approves_a_colleague(
    app: TestApp,
) {
    let first = register(&app, "it-lead@clinic.example").await;
    let page = first
        .post(
            "/organisations/new",
            &[("name", "Clinique du Test"), ("kind", "clinic"), ("country", "FR"), ("website", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let organisation = page.location().to_owned();
    let page = first.get(&organisation).await;
    let code_start =
        page.body.find("id=\"the-join-code\">").unwrap() + "id=\"the-join-code\">".len();
    let code = page.body[code_start..].split('<').next().unwrap().to_owned();

    let second = register(&app, "nurse@clinic.example").await;
    assert_eq!(second.get(&organisation).await.status, StatusCode::NOT_FOUND, "not a member yet");
    let page = second.post("/organisations/join", &[("code", &code.to_lowercase())]).await;
    assert!(page.body.contains("Clinique du Test"));
    assert_eq!(
        second.post("/organisations/join/confirm", &[("code", &code)]).await.status,
        StatusCode::OK
    );
    app.run_jobs().await;
    assert_eq!(
        app.mail.last_to("it-lead@clinic.example").subject(),
        "Quelqu’un demande à rejoindre votre organisation"
    );

    let page = first.get(&organisation).await;
    let approve = page
        .body
        .split("action=\"")
        .map(|s| s.split('"').next().unwrap())
        .find(|a| a.ends_with("/approve"))
        .unwrap()
        .to_owned();
    assert_eq!(first.post(&approve, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(second.get(&organisation).await.status, StatusCode::OK);
    app.run_jobs().await;
    assert_eq!(
        app.mail.last_to("nurse@clinic.example").subject(),
        "Votre demande d’adhésion a été acceptée"
    );
}

async fn an_invited_coordinator_sets_a_password_and_must_set_up_the_second_factor(app: TestApp) {
    world::create(&app.store).await;
    let admin = world::sign_in(&app, "admin").await;
    let page = admin
        .post(
            "/admin/invitations",
            &[("email", "new-coordinator@operator.example"), ("role", "coordinator")],
        )
        .await;
    assert_eq!(page.location(), "/admin/staff?done=invited");
    app.run_jobs().await;
    let link =
        local(&app.mail.last_to("new-coordinator@operator.example").link(&app.base).unwrap());
    let invitee = app.visitor();
    let page = invitee.get(&link).await;
    assert!(page.body.contains("coordinator"));
    let token = field(&page.body, "token");
    let page = invitee
        .post(
            "/invitations/accept",
            &[
                ("token", &token),
                ("display_name", "Coordination desk"),
                ("password", "coordination passphrase"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/account/mfa/setup");
    assert_eq!(
        invitee.get("/account").await.location(),
        "/account/mfa/setup",
        "nothing else before the second factor"
    );
    let page = invitee.get("/account/mfa/setup").await;
    assert!(page.body.contains("<svg"), "a QR code");
    let secret_text = field(&page.body, "secret");
    let bytes = totp::decode_secret(&secret_text).unwrap();
    let page = invitee
        .post(
            "/account/mfa/setup",
            &[("secret", &secret_text), ("code", &totp::code_at(&bytes, app.clock().now()))],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let codes =
        page.body.split("id=\"recovery-codes\">").nth(1).unwrap().split("</ul>").next().unwrap();
    assert_eq!(codes.matches("<li>").count(), 10, "ten recovery codes");
    let recovery = codes.split("<li>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(invitee.get("/account").await.status, StatusCode::OK);
    assert_eq!(
        invitee.post("/invitations/accept", &[("token", &token)]).await.status,
        StatusCode::NOT_FOUND,
        "used once"
    );

    // Later, from another browser, a recovery code works once.
    app.clock().advance(time::Duration::seconds(30));
    let phone_lost = app.visitor();
    phone_lost
        .post(
            "/login",
            &[
                ("email", "new-coordinator@operator.example"),
                ("password", "coordination passphrase"),
            ],
        )
        .await;
    assert_eq!(
        phone_lost.post("/login/mfa", &[("code", &recovery)]).await.status,
        StatusCode::SEE_OTHER
    );
    let again = app.visitor();
    again
        .post(
            "/login",
            &[
                ("email", "new-coordinator@operator.example"),
                ("password", "coordination passphrase"),
            ],
        )
        .await;
    assert_eq!(
        again.post("/login/mfa", &[("code", &recovery)]).await.status,
        StatusCode::UNAUTHORIZED
    );
    app.run_jobs().await;
    let subjects: Vec<String> =
        app.mail.to("new-coordinator@operator.example").iter().map(|m| m.subject()).collect();
    assert!(
        subjects.contains(&"Two-step verification is on".to_owned())
            && subjects.contains(&"New sign-in to your account".to_owned()),
        "{subjects:?}"
    );
}

async fn a_forgotten_password_is_reset_by_e_mail_and_old_sessions_end(app: TestApp) {
    world::create(&app.store).await;
    let old = world::sign_in(&app, "requester_b").await;
    let visitor = app.visitor();
    visitor.post("/password/forgot", &[("email", &email("requester_b"))]).await;
    app.run_jobs().await;
    let link = local(&app.mail.last_to(&email("requester_b")).link(&app.base).unwrap());
    let page = visitor.get(&link).await;
    let token = field(&page.body, "token");
    let page = visitor
        .post("/password/reset", &[("token", &token), ("password", "x".repeat(129).as_str())])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = visitor
        .post("/password/reset", &[("token", &token), ("password", "a fresh passphrase")])
        .await;
    assert_eq!(page.location(), "/login?done=password-reset");
    assert_eq!(old.get("/account").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        visitor
            .post("/password/reset", &[("token", &token), ("password", "another passphrase")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor
            .post("/login", &[("email", &email("requester_b")), ("password", PASSWORD)])
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor
            .post("/login", &[("email", &email("requester_b")), ("password", "a fresh passphrase")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn an_address_changes_only_when_the_new_one_confirms_and_the_old_one_is_told(app: TestApp) {
    world::create(&app.store).await;
    let visitor = world::sign_in(&app, "requester_a").await;
    let page = visitor
        .post(
            "/account/email",
            &[("current_password", "wrong"), ("new_email", "moved@world.example")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = visitor
        .post(
            "/account/email",
            &[("current_password", PASSWORD), ("new_email", &email("requester_b"))],
        )
        .await;
    assert!(page.body.contains("Another account uses this address."));
    let page = visitor
        .post(
            "/account/email",
            &[("current_password", PASSWORD), ("new_email", "moved@world.example")],
        )
        .await;
    assert_eq!(page.location(), "/account?done=email-requested");
    app.run_jobs().await;
    assert_eq!(
        app.mail.last_to(&email("requester_a")).subject(),
        "A new e-mail address was requested for your account"
    );
    let link = local(&app.mail.last_to("moved@world.example").link(&app.base).unwrap());
    let token = field(&visitor.get(&link).await.body, "token");
    assert_eq!(
        visitor.post("/account/email/confirm", &[("token", &token)]).await.location(),
        "/account?done=email-changed"
    );
    app.run_jobs().await;
    assert_eq!(
        app.mail.last_to(&email("requester_a")).subject(),
        "Your account's e-mail address was changed"
    );
    assert!(visitor.get("/account").await.body.contains("moved@world.example"));
}

async fn administrators_manage_staff_and_every_change_is_audited(app: TestApp) {
    world::create(&app.store).await;
    let target = world::sign_in(&app, "target_staff").await;
    let admin = world::sign_in(&app, "admin").await;
    let page = admin.get("/admin/staff").await;
    let target_id = world::user("target_staff").to_string();
    for action in ["make-admin", "reset-mfa", "disable"] {
        let page = admin.post(&format!("/admin/users/{target_id}/{action}"), &[]).await;
        assert_eq!(page.location(), "/admin/staff?done=changed", "{action}");
    }
    assert!(page.body.contains(&email("target_staff")));
    assert_eq!(
        target.get("/account").await.status,
        StatusCode::UNAUTHORIZED,
        "disabling ends the sessions"
    );
    let own = world::user("admin").to_string();
    assert_eq!(
        admin.post(&format!("/admin/users/{own}/disable"), &[]).await.status,
        StatusCode::FORBIDDEN,
        "not oneself"
    );
    let events = app.store.audit_events(0, 1000).await.unwrap();
    let about_target: Vec<&str> = events
        .iter()
        .filter(|e| e.record.object.id == target_id)
        .map(|e| e.record.action.as_str())
        .collect();
    for action in ["user.role_change", "mfa.reset", "user.disable", "auth.sign_in"] {
        assert!(about_target.contains(&action), "{action} missing from {about_target:?}");
    }
    let by_admin = events.iter().find(|e| e.record.action == "user.disable").unwrap();
    assert_eq!(by_admin.record.actor.user_id, Some(world::user("admin")));
    assert_eq!(by_admin.record.actor.client_address.as_deref(), Some("127.0.0.1"));
}

http_tests!(crate::auth::sessions::WORLD;
    a_requester_registers_confirms_creates_an_organisation_and_approves_a_colleague,
    an_invited_coordinator_sets_a_password_and_must_set_up_the_second_factor,
    a_forgotten_password_is_reset_by_e_mail_and_old_sessions_end,
    an_address_changes_only_when_the_new_one_confirms_and_the_old_one_is_told,
    administrators_manage_staff_and_every_change_is_audited,
);
