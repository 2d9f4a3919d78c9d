//! Notifications over HTTP, on both backends: activity on a case reaches each party that may read
//! it, in the app and by e-mail (a reference and a link, nothing else), never its author; the
//! link of a real e-mail opens the notification for its recipient only; the daily digest and
//! "off" are honoured; with the mail server down nothing is lost and each e-mail goes once when it
//! is back; with the request's e-mail compromised its organisation gets nothing by e-mail.

use c4h_storage::testing::execute;
use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn id(placeholder: &str) -> String {
    world::placeholders().into_iter().find(|(k, _)| *k == placeholder).unwrap().1
}

/// The coordinator posts `body` on case c for `visibility`.
async fn coordinator_posts(app: &TestApp, body: &str, visibility: &str) {
    let coordinator = world::sign_in(app, "coordinator").await;
    let file = format!("/coordination/requests/{}", world::request("c"));
    let posted = coordinator
        .post(&format!("{file}/messages"), &[("body", body), ("visibility", visibility)])
        .await;
    assert_eq!(posted.location(), format!("{file}?done=message"));
}

/// The e-mails about cases (not sign-in notices and the like) sent to `role`.
fn case_mail(app: &TestApp, role: &str) -> Vec<crate::smtp::Mail> {
    let about_cases = |m: &crate::smtp::Mail| {
        let subject = m.subject();
        let prefixes = ["Case ", "Dossier ", "Your activity on cases"];
        prefixes.iter().any(|prefix| subject.starts_with(prefix))
    };
    app.mail.to(&world::email(role)).into_iter().filter(about_cases).collect()
}

fn path_of(app: &TestApp, link: &str) -> String {
    link.strip_prefix(&app.base).unwrap().to_owned()
}

async fn activity_reaches_each_party_in_the_app_and_by_email_without_content(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    // One recipient reads French: the e-mail follows the recipient's language.
    let french = world::sign_in(&app, "requester_a_admin").await;
    let profile = [("display_name", "Admin A (test)"), ("language", "fr")];
    assert_eq!(french.post("/account/profile", &profile).await.status, StatusCode::SEE_OTHER);
    let secret = "The backup server at 10.0.0.5 is encrypted too (test).";
    coordinator_posts(&app, secret, "all_parties").await;
    app.run_jobs().await;
    let mail = case_mail(&app, "requester_a").pop().expect("an e-mail about the case");
    assert_eq!(mail.subject(), "Case C4H-WORLD-c: a new message");
    assert!(!mail.body().contains(secret) && !mail.body().contains("10.0.0.5"));
    let link = mail.link(&app.url("/notifications/")).expect("a link to the notification");
    let in_french = case_mail(&app, "requester_a_admin").pop().unwrap();
    assert_eq!(in_french.subject(), "Dossier C4H-WORLD-c : un nouveau message");
    for role in ["requester_a_admin", "provider_p1", "provider_p1_admin", "admin"] {
        assert_eq!(case_mail(&app, role).len(), 1, "{role}");
    }
    // Never the author; nobody outside the case; not a member still waiting to be let in.
    for role in ["coordinator", "requester_b", "provider_p2_admin", "pending_a"] {
        assert!(case_mail(&app, role).is_empty(), "{role}");
    }

    let requester = world::sign_in(&app, "requester_a").await;
    assert!(requester.get("/").await.body.contains("Notifications (1 unread)"));
    let list = requester.get("/notifications").await.body;
    assert!(list.contains("C4H-WORLD-c: a new message"), "{list}");
    // The e-mail's link: marked read, then on to the case.
    let opened = requester.get(&path_of(&app, &link)).await;
    assert_eq!(opened.location(), format!("/requests/{case}"));
    assert!(!requester.get("/").await.body.contains("unread"));
    // Anyone else with the same link: not found (or asked to sign in).
    for role in ["requester_b", "provider_p2_admin", "provider_p1", "coordinator"] {
        let other = world::sign_in(&app, role).await;
        assert_eq!(other.get(&path_of(&app, &link)).await.status, StatusCode::NOT_FOUND, "{role}");
    }
    assert_eq!(app.visitor().get(&path_of(&app, &link)).await.status, StatusCode::UNAUTHORIZED);

    // A note for coordinators reaches only the other staff.
    coordinator_posts(&app, "Internal only (test).", "coordinators").await;
    app.run_jobs().await;
    assert_eq!(case_mail(&app, "requester_a").len(), 1, "nothing new");
    assert_eq!(case_mail(&app, "provider_p1").len(), 1, "nothing new");
    assert_eq!(case_mail(&app, "admin").len(), 2);
    // The provider's members hear of the requester's reply; the requester does not hear of it.
    let reply = requester
        .post(&format!("/requests/{case}/messages"), &[("body", "Thanks, done (test).")])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    app.run_jobs().await;
    assert_eq!(case_mail(&app, "provider_p1").len(), 2);
    assert_eq!(case_mail(&app, "requester_a").len(), 1);
    let read = requester.post("/notifications/read", &[]).await;
    assert_eq!(read.location(), "/notifications?done=read");
}

async fn a_daily_digest_or_no_email_as_each_person_chose(app: TestApp) {
    world::create(&app.store).await;
    let daily = world::sign_in(&app, "requester_a").await;
    let saved = daily.post("/notifications/preference", &[("email", "daily")]).await;
    assert_eq!(saved.location(), "/notifications?done=preference");
    let refused = daily.post("/notifications/preference", &[("email", "hourly")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choose one of the three."));
    let off = world::sign_in(&app, "requester_a_admin").await;
    off.post("/notifications/preference", &[("email", "off")]).await;
    coordinator_posts(&app, "First (test).", "all_parties").await;
    coordinator_posts(&app, "Second (test).", "all_parties").await;
    app.run_jobs().await;
    assert!(case_mail(&app, "requester_a").is_empty(), "waits for the digest");
    assert!(case_mail(&app, "requester_a_admin").is_empty(), "off");
    assert!(
        off.get("/").await.body.contains("Notifications (2 unread)"),
        "in the app all the same"
    );

    // 07:00 UTC the next day: one digest, counting both; the day after, nothing more.
    app.clock().advance(time::Duration::hours(20));
    app.run_jobs().await;
    let digests = case_mail(&app, "requester_a");
    assert_eq!(digests.len(), 1);
    assert_eq!(digests[0].subject(), "Your activity on cases today");
    assert!(digests[0].body().contains("2 things happened"), "{}", digests[0].body());
    app.clock().advance(time::Duration::days(1));
    app.run_jobs().await;
    assert_eq!(case_mail(&app, "requester_a").len(), 1);
    assert!(case_mail(&app, "requester_a_admin").is_empty());
}

async fn with_the_mail_server_down_notifications_wait_and_go_once(app: TestApp) {
    world::create(&app.store).await;
    app.mail.set_down(true);
    coordinator_posts(&app, "While the server is down (test).", "all_parties").await;
    app.run_jobs().await;
    assert!(case_mail(&app, "requester_a").is_empty() && case_mail(&app, "provider_p1").is_empty());
    // Retried with backoff while it is down; nothing lost, nothing sent.
    for _ in 0..3 {
        app.clock().advance(time::Duration::minutes(30));
        app.run_jobs().await;
    }
    assert!(case_mail(&app, "requester_a").is_empty() && case_mail(&app, "provider_p1").is_empty());
    app.mail.set_down(false);
    app.clock().advance(time::Duration::hours(2));
    app.run_jobs().await;
    let delivered = case_mail(&app, "requester_a").len();
    assert_eq!(delivered, 1, "delivered once it is back");
    app.clock().advance(time::Duration::hours(6));
    app.run_jobs().await;
    assert_eq!(case_mail(&app, "requester_a").len(), 1, "and only once");
    assert_eq!(case_mail(&app, "provider_p1").len(), 1);
}

async fn with_email_compromised_the_organisation_gets_nothing_by_email(app: TestApp) {
    world::create(&app.store).await;
    let url = app.state.settings.database_url.clone();
    execute(
        &url,
        "UPDATE assistance_requests SET email_compromised = TRUE WHERE reference = 'C4H-WORLD-c'",
    )
    .await;
    let case = world::request("c");
    let p1 = id("{p1}");
    coordinator_posts(&app, "Call us on the number you gave (test).", "all_parties").await;
    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    engineer.post(&format!("{page}/resolve"), &[("resolution", "Done (test).")]).await;
    app.run_jobs().await;
    for role in ["requester_a", "requester_a_admin"] {
        assert!(case_mail(&app, role).is_empty(), "{role}");
    }
    // In the app they still see it; the provider is told, and warned on the case.
    let requester = world::sign_in(&app, "requester_a").await;
    assert!(requester.get("/").await.body.contains("Notifications (2 unread)"));
    assert_eq!(case_mail(&app, "provider_p1_admin").len(), 2);
    assert!(engineer.get(&page).await.body.contains("role=\"alert\""));
}

http_tests!(super::WORLD;
    activity_reaches_each_party_in_the_app_and_by_email_without_content,
    a_daily_digest_or_no_email_as_each_person_chose,
    with_the_mail_server_down_notifications_wait_and_go_once,
    with_email_compromised_the_organisation_gets_nothing_by_email,
);
