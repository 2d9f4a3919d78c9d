//! A case's conversation over HTTP, on both backends: coordinators, the engaged provider and the
//! requester post with different visibilities, and each reads exactly what it should; a party
//! cannot post where it cannot read; another provider cannot post at all.

use c4h_storage::testing::query_strings;
use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

fn id(placeholder: &str) -> String {
    world::placeholders().into_iter().find(|(k, _)| *k == placeholder).unwrap().1
}

async fn three_parties_post_and_each_reads_exactly_its_channels(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let (p1, p2) = (id("{p1}"), id("{p2}"));
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/requests/{case}");
    for (body, visibility, tlp) in [
        ("For everyone (test).", "all_parties", "amber"),
        ("For the provider (test).", "coordinators_and_provider", "green"),
        ("Coordinators only (test).", "coordinators", "amber"),
        ("A red line (test).", "all_parties", "red"),
    ] {
        let posted = coordinator
            .post(
                &format!("{file}/messages"),
                &[("body", body), ("visibility", visibility), ("tlp", tlp)],
            )
            .await;
        assert_eq!(posted.location(), format!("{file}?done=message"), "{body}");
    }

    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    let posted = engineer
        .post(
            &format!("{page}/messages"),
            &[
                ("body", "Provider to coordinators (test)."),
                ("visibility", "coordinators_and_provider"),
            ],
        )
        .await;
    assert_eq!(posted.location(), format!("{page}?done=message"));
    let refused = engineer
        .post(
            &format!("{page}/messages"),
            &[("body", "Hidden (test)."), ("visibility", "coordinators")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("You can only post where you can read."));
    let empty = engineer.post(&format!("{page}/messages"), &[("visibility", "all_parties")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"body-error\""));

    let requester = world::sign_in(&app, "requester_a_admin").await;
    let replied = requester
        .post(&format!("/requests/{case}/messages"), &[("body", "Requester reply (test).")])
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER);

    let all = [
        "For everyone (test).",
        "For the provider (test).",
        "Coordinators only (test).",
        "A red line (test).",
        "Provider to coordinators (test).",
        "Requester reply (test).",
        "Hidden (test).",
    ];
    // (reader's page, what it must show, in the order of `all`)
    let readers = [
        (coordinator.get(&file).await.body, [true, true, true, true, true, true, false]),
        (engineer.get(&page).await.body, [true, true, false, true, true, true, false]),
        (
            requester.get(&format!("/requests/{case}")).await.body,
            [true, false, false, true, false, true, false],
        ),
    ];
    for (body, shown) in &readers {
        for (text, expected) in all.iter().zip(shown) {
            assert_eq!(body.contains(text), *expected, "{text} shown: {}", !expected);
        }
    }
    assert!(
        !readers[1].0.contains("<td>Message</td>") && readers[1].0.contains("id=\"history\""),
        "the provider's history has the case's steps and leaves out messages"
    );
    assert!(
        !readers[2].0.contains("<td>Message</td>"),
        "the requester's history leaves out messages, so a note for coordinators leaves no trace"
    );
    assert!(
        readers[1].0.contains("tlp-red-mark\">TLP:RED"),
        "red is marked on the provider's page"
    );

    // Another provider, and another organisation, cannot reach the case.
    let other = world::sign_in(&app, "provider_p2_admin").await;
    let theirs = other
        .post(
            &format!("/providers/{p2}/cases/{case}/messages"),
            &[("body", "x"), ("visibility", "all_parties")],
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let stranger = world::sign_in(&app, "requester_b").await;
    assert_eq!(stranger.get(&format!("/requests/{case}")).await.status, StatusCode::NOT_FOUND);
}

async fn the_provider_resolves_the_requester_reopens_then_silence_closes_the_case(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    let empty = engineer.post(&format!("{page}/resolve"), &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"resolution-error\""));
    let summary = "Servers rebuilt from clean backups; passwords reset (test).";
    let resolved = engineer.post(&format!("{page}/resolve"), &[("resolution", summary)]).await;
    assert_eq!(resolved.location(), format!("{page}?done=resolved"));
    let url = app.state.settings.database_url.clone();
    let engagement = || query_strings(&url, "SELECT state FROM engagements");
    assert_eq!(engagement().await, ["resolved"]);

    // The requester reads the summary and reopens: the provider works it again.
    let requester = world::sign_in(&app, "requester_a_admin").await;
    let mine = requester.get(&format!("/requests/{case}")).await.body;
    assert!(mine.contains(summary) && mine.contains("id=\"confirm\""), "{mine}");
    let reopened = requester.post(&format!("/requests/{case}/reopen"), &[]).await;
    assert_eq!(reopened.location(), format!("/requests/{case}?done=reopened"));
    assert!(engineer.get(&page).await.body.contains("id=\"resolve-form\""), "engaged again");
    assert_eq!(engagement().await, ["active"]);

    // Resolved again; 14 days of silence close it, and its engagement.
    let again = engineer.post(&format!("{page}/resolve"), &[("resolution", summary)]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    app.clock().advance(time::Duration::days(14) - time::Duration::minutes(1));
    app.run_jobs().await;
    // (Sessions do not last 14 days: the requester signs in again.)
    let requester = world::sign_in(&app, "requester_a_admin").await;
    assert!(requester.get(&format!("/requests/{case}")).await.body.contains("id=\"confirm\""));
    app.clock().advance(time::Duration::minutes(2));
    app.run_jobs().await;
    let requester = world::sign_in(&app, "requester_a_admin").await;
    let closed = requester.get(&format!("/requests/{case}")).await.body;
    assert!(!closed.contains("id=\"confirm\"") && closed.contains("Closed"), "{closed}");
    let late = requester.post(&format!("/requests/{case}/confirm"), &[]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "closed is final");
    assert_eq!(engagement().await, ["closed"]);
}

async fn hours_warn_at_four_fifths_of_the_budget_and_ask_the_coordinators_once_at_all_of_it(
    app: TestApp,
) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    let hours = format!("{page}/hours");
    for wrong in ["", "0", "25", "one"] {
        let refused = engineer.post(&hours, &[("hours", wrong)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong:?}");
        assert!(refused.body.contains("Write the hours as a number"), "{wrong:?}");
    }
    let future = engineer.post(&hours, &[("hours", "2"), ("worked_on", "2026-12-25")]).await;
    assert!(future.body.contains("today or earlier"));
    for _ in 0..4 {
        let logged = engineer.post(&hours, &[("hours", "20"), ("note", "Rebuild (test).")]).await;
        assert_eq!(logged.location(), format!("{page}?done=hours"));
    }
    let body = engineer.get(&page).await.body;
    assert!(body.contains("80.0 h of 100 h") && body.contains("id=\"budget-warning\""), "{body}");
    assert!(body.contains("<td>Hours logged</td>"), "in the provider's history");
    app.run_jobs().await;
    assert!(app.mail.all().iter().all(|m| !m.subject().contains("hours are used")), "not yet");
    // The second entry uses the budget up; the third, after it, asks nobody again.
    for entry in ["12,5", "12,5", "1"] {
        let logged = engineer.post(&hours, &[("hours", entry)]).await;
        assert_eq!(logged.status, StatusCode::SEE_OTHER, "hours are never refused");
    }
    let body = engineer.get(&page).await.body;
    assert!(body.contains("106.0 h of 100 h") && body.contains("id=\"budget-spent\""), "{body}");
    app.run_jobs().await;
    let asked: Vec<_> =
        app.mail.all().into_iter().filter(|m| m.subject().contains("hours are used")).collect();
    let staff = asked.iter().filter(|m| m.to.contains(&world::email("coordinator"))).count();
    assert_eq!(staff, 1, "each coordinator is asked once");

    // A coordinator extends the budget: the help goes on, and the new one is watched the same.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = format!("/coordination/requests/{case}");
    let shown = coordinator.get(&file).await.body;
    assert!(shown.contains("106.0 h of 100 h") && shown.contains("id=\"budget-spent\""));
    let refused = coordinator.post(&format!("{file}/budget"), &[("hours", "lots")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Write the hours as a whole number"));
    let raised = coordinator.post(&format!("{file}/budget"), &[("hours", "150")]).await;
    assert_eq!(raised.location(), format!("{file}?done=budget"));
    let body = engineer.get(&page).await.body;
    assert!(body.contains("106.0 h of 150 h") && !body.contains("id=\"budget-"), "{body}");
    let logged = engineer.post(&hours, &[("hours", "24")]).await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER);
    engineer.post(&hours, &[("hours", "20")]).await;
    app.run_jobs().await;
    let asked: Vec<_> =
        app.mail.all().into_iter().filter(|m| m.subject().contains("hours are used")).collect();
    let staff = asked.iter().filter(|m| m.to.contains(&world::email("coordinator"))).count();
    assert_eq!(staff, 2, "asked again when the extended budget is used up");
}

async fn next_steps_reach_every_party_and_each_side_leaves_feedback_once(app: TestApp) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    let steps = "Restore the file server tonight; rotate the VPN keys tomorrow (test).";
    let saved = engineer.post(&format!("{page}/next-steps"), &[("next_steps", steps)]).await;
    assert_eq!(saved.location(), format!("{page}?done=next_steps"));
    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    assert!(requester.get(&own).await.body.contains(steps));
    // Feedback waits for the resolution.
    let early = requester.post(&format!("{own}/feedback"), &[("rating", "5")]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(early.body.contains("Feedback is given once the case is resolved."));
    let summary = "Rebuilt and hardened (test).";
    engineer.post(&format!("{page}/resolve"), &[("resolution", summary)]).await;
    assert!(requester.get(&own).await.body.contains("id=\"feedback-form\""));
    // Refused in words: nothing at all, a rating out of range.
    let empty = requester.post(&format!("{own}/feedback"), &[]).await;
    assert!(empty.body.contains("Give a rating, a comment, or both."));
    let wrong = requester.post(&format!("{own}/feedback"), &[("rating", "6")]).await;
    assert!(wrong.body.contains("Choose a rating from 1 to 5"));
    let comment = "Quick and clear, thank you (test).";
    let given =
        requester.post(&format!("{own}/feedback"), &[("rating", "4"), ("comment", comment)]).await;
    assert_eq!(given.location(), format!("{own}?done=feedback"));
    let again = requester.post(&format!("{own}/feedback"), &[("rating", "1")]).await;
    assert!(again.body.contains("already given its feedback"), "once per side");
    // The admin of the same organisation is the same side.
    let admin = world::sign_in(&app, "requester_a_admin").await;
    let same_side = admin.post(&format!("{own}/feedback"), &[("rating", "2")]).await;
    assert!(same_side.body.contains("already given its feedback"));
    let provider_side = engineer
        .post(&format!("{page}/feedback"), &[("comment", "Responsive IT lead (test).")])
        .await;
    assert_eq!(provider_side.location(), format!("{page}?done=feedback"));

    // The coordinators read both sides; each side reads only its own.
    let coordinator = world::sign_in(&app, "coordinator").await;
    let file = coordinator.get(&format!("/coordination/requests/{case}")).await.body;
    assert!(
        file.contains(comment)
            && file.contains("Responsive IT lead (test).")
            && file.contains("4 of 5"),
        "{file}"
    );
    assert!(!engineer.get(&page).await.body.contains(comment));
    assert!(!requester.get(&own).await.body.contains("Responsive IT lead"));
    // Another provider cannot give feedback on the case.
    let other = world::sign_in(&app, "provider_p2_admin").await;
    let p2 = id("{p2}");
    let theirs =
        other.post(&format!("/providers/{p2}/cases/{case}/feedback"), &[("rating", "1")]).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
}

async fn thirty_and_ninety_days_after_closing_the_requester_is_asked_whether_it_came_back(
    app: TestApp,
) {
    world::create(&app.store).await;
    let case = world::request("c");
    let p1 = id("{p1}");
    let engineer = world::sign_in(&app, "provider_p1").await;
    let page = format!("/providers/{p1}/cases/{case}");
    engineer.post(&format!("{page}/resolve"), &[("resolution", "Fixed (test).")]).await;
    let requester = world::sign_in(&app, "requester_a").await;
    let own = format!("/requests/{case}");
    let confirmed = requester.post(&format!("{own}/confirm"), &[]).await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    assert!(!requester.get(&own).await.body.contains("id=\"follow-up\""), "not yet");
    let early = requester.post(&format!("{own}/follow-up"), &[("answer", "yes")]).await;
    assert!(early.body.contains("There is no question waiting"), "nothing to answer yet");

    // Thirty days on: asked in the app and by e-mail (the reference and a link only).
    app.clock().advance(time::Duration::days(30));
    app.run_jobs().await;
    let asked = app.mail.to(&world::email("requester_a"));
    let asked = asked.iter().filter(|m| m.subject().contains("did the problem come back")).count();
    assert_eq!(asked, 1);
    let requester = world::sign_in(&app, "requester_a").await;
    assert!(requester.get(&own).await.body.contains("id=\"follow-up\""));
    let stranger = world::sign_in(&app, "requester_b").await;
    let theirs = stranger.post(&format!("{own}/follow-up"), &[("answer", "yes")]).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let no = requester.post(&format!("{own}/follow-up"), &[("answer", "no")]).await;
    assert_eq!(no.location(), format!("{own}?done=follow_up"));
    assert!(!requester.get(&own).await.body.contains("id=\"follow-up\""));

    // Ninety days on, asked again; "yes" puts a new request in the coordinators' queue.
    app.clock().advance(time::Duration::days(60));
    app.run_jobs().await;
    let requester = world::sign_in(&app, "requester_a").await;
    assert!(requester.get(&own).await.body.contains("id=\"follow-up\""));
    let yes = requester.post(&format!("{own}/follow-up"), &[("answer", "yes")]).await;
    let new = yes.location().to_owned();
    assert!(new.starts_with("/requests/") && new.ends_with("?done=submitted"), "{new}");
    assert!(!new.contains(&case.to_string()), "a new request");
    let shown = requester.get(&new).await.body;
    assert!(shown.contains("The problem came back after case C4H-WORLD-c was closed."), "{shown}");
    let again = requester.post(&format!("{own}/follow-up"), &[("answer", "yes")]).await;
    assert!(again.body.contains("There is no question waiting"), "answered once");
    let coordinator = world::sign_in(&app, "coordinator").await;
    let queue = coordinator.get("/coordination/triage").await.body;
    let new_id = new.trim_start_matches("/requests/").trim_end_matches("?done=submitted");
    assert!(queue.contains(new_id), "in the queue");
}

http_tests!(
    super::WORLD;
    three_parties_post_and_each_reads_exactly_its_channels,
    the_provider_resolves_the_requester_reopens_then_silence_closes_the_case,
    hours_warn_at_four_fifths_of_the_budget_and_ask_the_coordinators_once_at_all_of_it,
    next_steps_reach_every_party_and_each_side_leaves_feedback_once,
    thirty_and_ninety_days_after_closing_the_requester_is_asked_whether_it_came_back,
);
