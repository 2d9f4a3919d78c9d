//! Retention over HTTP and the job queue, on both backends, on the fake clock: what is due goes
//! (a withdrawn case with its message and file, a draft, an account never verified), what is on
//! legal hold or still open stays, and the audit trail says so without content. A person
//! downloads their own data and erases their account; the trail then shows a pseudonym.

use c4h_server::clock::Clock;
use c4h_storage::Store;
use c4h_storage::model::AuditEvent;
use reqwest::StatusCode;
use time::Duration;

use crate::client::Part;
use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

async fn events(store: &std::sync::Arc<dyn Store>, action: &str) -> Vec<AuditEvent> {
    let all = store.audit_events(0, 100_000).await.unwrap();
    all.into_iter().filter(|event| event.record.action == action).collect()
}

async fn request_exists(app: &TestApp, key: &str) -> bool {
    let coordinator = world::sign_in(app, "coordinator").await;
    let path = format!("/coordination/requests/{}", world::request(key));
    match coordinator.status_of(&path).await {
        StatusCode::OK => true,
        StatusCode::NOT_FOUND => false,
        other => panic!("the coordinator's file of {key} answered {other}"),
    }
}

async fn what_is_due_goes_what_is_on_hold_stays_and_the_audit_says_so(app: TestApp) {
    world::create(&app.store).await;
    let (a, b) = (world::request("a"), world::request("b"));
    // Request a gets a message and a file, then its requester withdraws it.
    let requester = world::sign_in(&app, "requester_a_admin").await;
    let said = "The old server still answers on port 3389 (retention test).";
    let posted = requester.post(&format!("/requests/{a}/messages"), &[("body", said)]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let parts = [Part::file(b"firewall.log", "text/plain", b"deny tcp 3389 (retention test)")];
    let uploaded = requester.upload(&format!("/requests/{a}/files"), &parts).await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let withdrawn = requester.post(&format!("/requests/{a}/withdraw"), &[]).await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER, "{}", withdrawn.body);
    // Request b is declined, and put on legal hold; an empty reason is refused in words.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file_b = format!("/coordination/requests/{b}");
    let step = [("step", "decline"), ("reason", "Out of scope (retention test).")];
    assert_eq!(
        coordinator.post(&format!("{file_b}/steps"), &step).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = coordinator.post(&format!("{file_b}/legal-hold"), &[("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("hold_reason-error"), "the reason's field says what is wrong");
    let reason = "Kept for the inquiry of the data-protection authority.";
    let held = coordinator.post(&format!("{file_b}/legal-hold"), &[("reason", reason)]).await;
    assert_eq!(held.location(), format!("{file_b}?done=hold"));
    let page = coordinator.get(&file_b).await.body;
    assert!(page.contains("On legal hold since") && page.contains(reason), "{page}");

    // A year and a day later the daily purge runs.
    app.clock().advance(Duration::days(366));
    app.run_jobs().await;
    assert!(!request_exists(&app, "a").await, "the withdrawn case is gone");
    assert!(request_exists(&app, "b").await, "the case on hold stays");
    assert!(request_exists(&app, "c").await, "the engaged case stays");
    assert!(request_exists(&app, "d").await, "the offered case stays");
    let purged = events(&app.store, "request.purge").await;
    assert_eq!(purged.len(), 1, "only request a was purged");
    let details = &purged[0].record.details;
    assert_eq!(purged[0].record.request_id, Some(a));
    assert_eq!(details["reference"], "C4H-WORLD-a");
    assert_eq!(details["by"], "retention");
    assert_eq!((details["messages"].as_u64(), details["files"].as_u64()), (Some(1), Some(1)));
    let written = details.to_string();
    assert!(
        !written.contains("3389") && !written.contains("world (test)"),
        "no content: {written}"
    );
    let runs = events(&app.store, "retention.run").await;
    assert_eq!(runs.last().unwrap().record.details["cases"], 1);
    // A year on, the coordinator's session has long ended: they sign in again.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let trail = coordinator.get("/coordination/audit?case=C4H-WORLD-b").await;
    assert!(trail.body.contains("Legal hold placed"), "the case's timeline shows the hold");

    // Lifted, the hold no longer protects it: the next day's purge takes it.
    let lifted = coordinator.post(&format!("{file_b}/legal-hold/lift"), &[]).await;
    assert_eq!(lifted.location(), format!("{file_b}?done=hold-lifted"));
    app.clock().advance(Duration::days(1));
    app.run_jobs().await;
    assert!(!request_exists(&app, "b").await, "once the hold is lifted, the case goes");
    let purged = events(&app.store, "request.purge").await;
    assert_eq!(purged.iter().map(|e| e.record.request_id).collect::<Vec<_>>(), [Some(a), Some(b)]);
    assert_eq!(events(&app.store, "request.release").await.len(), 1);
    let report = c4h_storage::verify_chain(app.store.as_ref()).await.unwrap();
    assert_eq!(report.problem, None, "the trail still verifies");
}

async fn drafts_and_accounts_never_verified_go_sooner(app: TestApp) {
    world::create(&app.store).await;
    // Someone registers and never follows the link; a member starts a draft and leaves it.
    let visitor = app.visitor();
    let fields = [
        ("display_name", "Never verified (test)"),
        ("email", "never-verified@world.example"),
        ("password", "a long enough password for the test"),
    ];
    let registered = visitor.post("/register", &fields).await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    let address = c4h_domain::EmailAddress::parse("never-verified@world.example").unwrap();
    let stranger = app.store.user_by_email(&address).await.unwrap().unwrap().id;
    let mut draft = world::world_request("draft", organisation_a(), world::user("requester_a"));
    draft.id = world::request("draft");
    draft.reference = "C4H-WORLD-draft".into();
    draft.state = c4h_domain::RequestState::Draft;
    draft.submitted_at = None;
    (draft.created_at, draft.state_changed_at) = (app.clock().now(), app.clock().now());
    let seed = c4h_storage::model::SeedData { requests: vec![draft], ..Default::default() };
    let change = c4h_storage::model::Change::new(
        c4h_storage::model::Actor::system(),
        "test.draft",
        c4h_storage::model::ObjectRef::new("test", "draft"),
        app.clock().now(),
    );
    app.store.seed(&seed, &change).await.unwrap();

    app.clock().advance(Duration::days(29));
    app.run_jobs().await;
    assert!(app.store.user_by_email(&address).await.unwrap().is_some(), "not yet: 29 days");
    app.clock().advance(Duration::days(2));
    app.run_jobs().await;
    assert!(app.store.user_by_email(&address).await.unwrap().is_none(), "erased after 30 days");
    let erased = events(&app.store, "user.erase").await;
    assert_eq!(erased.len(), 1, "only the account never verified");
    assert_eq!(erased[0].record.object.id, stranger.to_string());
    assert_eq!(erased[0].record.details["by"], "retention");
    let signed_in = visitor
        .post("/login", &[("email", "never-verified@world.example"), ("password", fields[2].1)])
        .await;
    assert_eq!(signed_in.status, StatusCode::UNAUTHORIZED, "nothing to sign in with");
    let drafts = events(&app.store, "request.purge").await;
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].record.details["reference"], "C4H-WORLD-draft");
    assert_eq!(drafts[0].record.details["state"], "draft");
    let verified = c4h_domain::EmailAddress::parse(&world::email("requester_a")).unwrap();
    assert!(app.store.user_by_email(&verified).await.unwrap().is_some(), "verified accounts stay");
}

fn organisation_a() -> c4h_domain::ids::OrganisationId {
    c4h_domain::ids::OrganisationId::from_name("world/org_a")
}

async fn a_person_downloads_their_data_and_erases_their_account(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    // The member writes on the case, then asks for their data: first the password again.
    let member = world::sign_in(&app, "requester_a").await;
    let said = "Our lab printer keeps rebooting (erasure test).";
    let posted = member.post(&format!("/requests/{case}/messages"), &[("body", said)]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let asked = member.get("/account/data.json").await;
    assert!(asked.location().starts_with("/reauth"), "{}", asked.location());
    let again = [("password", world::PASSWORD), ("next", "/account/data")];
    assert_eq!(member.post("/reauth", &again).await.status, StatusCode::SEE_OTHER);
    let (status, headers, body) = member.download("/account/data.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(document["account"]["email"], world::email("requester_a"));
    assert_eq!(document["account"]["display_name"], "Person requester_a");
    assert_eq!(document["memberships"][0]["organisation"], "Organisation org_a (test)");
    assert_eq!(document["messages_written"][0]["text"], said, "sealed text is opened");
    assert_eq!(document["messages_written"][0]["case"], "C4H-WORLD-c");
    assert!(!document["sessions"].as_array().unwrap().is_empty());
    let own: Vec<&str> = document["audit_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert!(own.contains(&"request.message") && own.contains(&"auth.sign_in"), "{own:?}");
    assert_eq!(events(&app.store, "user.export").await.len(), 1, "the download is recorded");

    // Erasing needs the box ticked; then the account is gone and its sessions with it.
    let unticked = member.post("/account/delete", &[]).await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unticked.body.contains("Tick the box"), "{}", unticked.body);
    let erased = member.post("/account/delete", &[("confirm", "yes")]).await;
    assert_eq!(erased.location(), "/login?done=account-erased");
    assert_eq!(member.status_of("/account").await, StatusCode::UNAUTHORIZED, "signed out");
    let gone = app.visitor();
    let login = [("email", world::email("requester_a")), ("password", world::PASSWORD.to_owned())];
    let login: Vec<(&str, &str)> = login.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(gone.post("/login", &login).await.status, StatusCode::UNAUTHORIZED);
    let pseudonym = c4h_domain::retention::pseudonym(world::user("requester_a").as_uuid());
    let erasure = events(&app.store, "user.erase").await;
    assert_eq!(erasure.len(), 1);
    assert_eq!(erasure[0].record.actor.user_id, Some(world::user("requester_a")));

    // The case keeps the message, under the pseudonym; so does the trail.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = coordinator.get(&format!("/coordination/requests/{case}")).await.body;
    assert!(file.contains(said) && file.contains(&pseudonym), "{file}");
    assert!(!file.contains("Person requester_a<"), "the name is gone from the case");
    let trail = coordinator.get("/coordination/audit?case=C4H-WORLD-c").await.body;
    assert!(trail.contains(&pseudonym), "the trail names the pseudonym");
    assert!(!trail.contains("Person requester_a<"), "and not the person");
}

async fn an_account_with_open_cases_or_the_last_administrator_is_not_erased(app: TestApp) {
    world::create(&app.store).await;
    let requester = world::sign_in(&app, "requester_a_admin").await;
    let again = [("password", world::PASSWORD), ("next", "/account/data")];
    assert_eq!(requester.post("/reauth", &again).await.status, StatusCode::SEE_OTHER);
    let refused = requester.post("/account/delete", &[("confirm", "yes")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.body.contains("cases you filed are open: C4H-WORLD-a, C4H-WORLD-c"),
        "{}",
        refused.body
    );
    let admin = world::sign_in(&app, "admin").await;
    let refused = admin.post("/account/delete", &[("confirm", "yes")]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("You are the only administrator"), "{}", refused.body);
    assert!(events(&app.store, "user.erase").await.is_empty(), "nothing was erased");
    assert_eq!(admin.status_of("/account").await, StatusCode::OK, "still signed in");
}

http_tests!(super::WORLD;
    what_is_due_goes_what_is_on_hold_stays_and_the_audit_says_so,
    drafts_and_accounts_never_verified_go_sooner,
    a_person_downloads_their_data_and_erases_their_account,
    an_account_with_open_cases_or_the_last_administrator_is_not_erased,
);
