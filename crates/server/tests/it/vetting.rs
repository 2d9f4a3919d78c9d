//! Vetting, suspension and vouching over HTTP: what the rules promise, seen from outside.

use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn placeholder(name: &str) -> String {
    world::placeholders().into_iter().find(|(key, _)| *key == name).unwrap().1
}

async fn in_catalogue(app: &TestApp) -> bool {
    let page = app.visitor().get("/catalogue?q=P1").await;
    page.body.contains("Incident response by P1 (test)")
}

async fn a_suspension_withdraws_the_services_at_once_and_the_provider_is_told_why(app: TestApp) {
    world::create(&app.store).await;
    let p1 = placeholder("{p1}");
    let offering = placeholder("{p1_offering}");
    assert!(in_catalogue(&app).await);
    assert_eq!(app.visitor().get(&format!("/catalogue/{offering}")).await.status, StatusCode::OK);

    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/providers/{p1}");
    let reason = "A complaint about a breach of confidentiality is being examined.";
    let page = coordinator
        .post(&format!("{file}/decisions"), &[("decision", "suspend"), ("reason", reason)])
        .await;
    assert_eq!(
        (page.status, page.location()),
        (StatusCode::SEE_OTHER, format!("{file}?done=applied").as_str())
    );
    assert!(!in_catalogue(&app).await, "withdrawn at once");
    assert_eq!(
        app.visitor().get(&format!("/catalogue/{offering}")).await.status,
        StatusCode::NOT_FOUND
    );
    app.run_jobs().await;
    let told = app.mail.last_to(world::P1_CONTACT);
    assert_eq!(told.subject(), "A decision about Provider p1 (test)");
    assert!(told.body().contains(reason) && told.body().contains("Suspend"), "{}", told.body());
    // The provider's own people still see their desk, and why nothing is listed.
    let admin = world::sign_in(&app, "provider_p1_admin").await;
    let desk = admin.get(&format!("/providers/{p1}/offerings")).await;
    assert!(desk.body.contains("Suspended"), "{}", desk.body);
    // A second suspension does not apply; the page says so and changes nothing.
    let again = coordinator
        .post(&format!("{file}/decisions"), &[("decision", "suspend"), ("reason", reason)])
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("does not apply to the provider as it is now"));
    // An unknown decision is refused with a message, not a crash.
    let unknown = coordinator
        .post(&format!("{file}/decisions"), &[("decision", "promote"), ("reason", reason)])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("id=\"decision-error\""));

    // Reinstating takes two coordinators again.
    let page = coordinator
        .post(
            &format!("{file}/decisions"),
            &[("decision", "vet"), ("reason", "Complaint unfounded.")],
        )
        .await;
    assert_eq!(page.location(), format!("{file}?done=proposed"));
    assert!(!in_catalogue(&app).await);
    let shown = coordinator.get(&file).await;
    assert!(!shown.body.contains("/confirm\""), "the proposer gets no confirm button");
    let second = world::sign_in(&app, "admin").await;
    let shown = second.get(&file).await;
    let start = shown.body.find("/reviews/").expect("a confirm button") + "/reviews/".len();
    let review = &shown.body[start..start + 36];
    let own = coordinator.post(&format!("{file}/reviews/{review}/confirm"), &[]).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("another coordinator must confirm it"));
    let confirmed = second.post(&format!("{file}/reviews/{review}/confirm"), &[]).await;
    assert_eq!(confirmed.location(), format!("{file}?done=applied"));
    assert!(in_catalogue(&app).await, "back once two coordinators agreed");
}

async fn a_member_of_a_verified_organisation_vouches_for_a_newcomer(app: TestApp) {
    world::create(&app.store).await;
    let org_a = placeholder("{org_a}");
    let pending = placeholder("{pending_a}");
    let member = world::sign_in(&app, "requester_a").await;
    let page = member.get(&format!("/organisations/{org_a}")).await;
    let vouch = format!("/organisations/{org_a}/members/{pending}/vouch");
    assert!(page.body.contains(&vouch), "a member sees the vouch button");
    assert!(!page.body.contains("/approve\""), "but not the admin's decisions");
    let done = member.post(&vouch, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = member.get(&format!("/organisations/{org_a}")).await;
    assert!(!page.body.contains(&vouch), "nobody waits any more");
    assert_eq!(member.post(&vouch, &[]).await.status, StatusCode::NOT_FOUND, "once is enough");
    app.run_jobs().await;
    let mail = app.mail.last_to(&world::email("pending_a"));
    // The link, not the organisation's name: a requester's name is never in an e-mail.
    assert!(mail.body().contains(&format!("/organisations/{org_a}")), "{}", mail.body());
    assert!(!mail.body().contains("Organisation org_a (test)"), "{}", mail.body());
}

async fn a_provider_pauses_until_a_day_and_comes_back_by_itself(app: TestApp) {
    world::create(&app.store).await;
    let p1 = placeholder("{p1}");
    let admin = world::sign_in(&app, "provider_p1_admin").await;
    let desk = format!("/providers/{p1}/offerings");
    let refused = admin.post(&format!("/providers/{p1}/pause"), &[("until", "2026-11-29")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "today has begun");
    assert!(refused.body.contains("Choose a day after today and within a year."));
    assert!(in_catalogue(&app).await);
    let message = "Our responders are all on one case until then.";
    let paused = admin
        .post(&format!("/providers/{p1}/pause"), &[("until", "2026-12-02"), ("message", message)])
        .await;
    assert_eq!(paused.location(), format!("{desk}?done=saved"));
    assert!(!in_catalogue(&app).await, "a paused provider's services leave the catalogue");
    let page = admin.get(&desk).await;
    assert!(
        page.body.contains("Not taking new cases until 2026-12-02.") && page.body.contains(message)
    );
    // The coordinators see it on the provider's file.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = coordinator.get(&format!("/coordination/providers/{p1}")).await;
    assert!(file.body.contains("Not taking new cases until 2026-12-02."));
    // On the day, the services come back without anyone doing anything.
    app.clock().advance(time::Duration::days(3));
    assert!(in_catalogue(&app).await);
}

http_tests!(
    crate::vetting::WORLD;
    a_suspension_withdraws_the_services_at_once_and_the_provider_is_told_why,
    a_member_of_a_verified_organisation_vouches_for_a_newcomer,
    a_provider_pauses_until_a_day_and_comes_back_by_itself,
);
