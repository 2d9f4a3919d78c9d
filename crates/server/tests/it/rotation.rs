//! Key rotation under load, on both backends: requests and messages keep arriving while a new
//! key is added and everything is sealed again; afterwards every acknowledged request and
//! message reads back, nothing is sealed with the old key, and the trail holds the batches.

use std::sync::Arc;

use c4h_storage::model::Actor;
use c4h_storage::sealing::{DataKey, Keyring};
use reqwest::StatusCode;

use crate::support::{Options, TestApp, http_tests};
use crate::world;

const WORLD: Options = Options { demo: false, fake_clock: true, manual_offers: false };

/// Submitters, and how many requests each submits: a bounded load.
const SUBMITTERS: usize = 3;
const EACH: usize = 12;

async fn rotation_under_load_loses_nothing_and_everything_opens_afterwards(app: TestApp) {
    world::create(&app.store).await;
    let old_key = app.store.keys().now().current().id().to_owned();
    // Half the load arrives before the rotation starts, half while it runs.
    let halfway = Arc::new(tokio::sync::Barrier::new(SUBMITTERS + 1));
    let mut load = Vec::new();
    for submitter in 0..SUBMITTERS {
        let requester = world::sign_in(&app, "requester_a").await;
        let halfway = halfway.clone();
        load.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for n in 0..EACH {
                if n == EACH / 2 {
                    halfway.wait().await;
                }
                let key = format!("rotation-{submitter}-{n}");
                let description =
                    format!("rotation load {submitter}/{n}: the lab printer asks for a ransom");
                let posted = requester
                    .post(
                        "/requests/new",
                        &[
                            ("key", &key),
                            ("description", &description),
                            ("active_incident", "yes"),
                            ("category", "not_sure"),
                            ("languages", "en"),
                            ("tlp", "amber"),
                            ("consent_to_share", "yes"),
                        ],
                    )
                    .await;
                assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
                let page = posted.location().split('?').next().unwrap().to_owned();
                let message = format!("rotation reply {submitter}/{n}: still down");
                let own = format!("/requests/{}", world::request("c"));
                let replied =
                    requester.post(&format!("{own}/messages"), &[("body", &message)]).await;
                assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
                acknowledged.push((page, description, message));
            }
            acknowledged
        }));
    }

    halfway.wait().await;
    let old = app.store.keys().now();
    let (_, new_key) = DataKey::generate();
    assert_eq!(old.ids(), [old_key.as_str()]);
    app.store.keys().replace(Keyring::new(vec![old.current().clone(), new_key.clone()]).unwrap());
    let clock = app.state.clock.clone();
    let during =
        c4h_server::rotation::reseal_all(app.store.as_ref(), clock.as_ref(), &Actor::cli())
            .await
            .unwrap();
    assert!(during > 0, "there was something to seal again");

    let mut acknowledged = Vec::new();
    for task in load {
        acknowledged.extend(task.await.unwrap());
    }
    // What was sealed with the old key after the pass began is sealed again by the last pass.
    c4h_server::rotation::reseal_all(app.store.as_ref(), clock.as_ref(), &Actor::cli())
        .await
        .unwrap();

    let by_key = app.store.sealed_by_key().await.unwrap();
    assert!(by_key.iter().all(|(key, _)| key == new_key.id()), "{by_key:?}");
    assert!(by_key.iter().any(|(_, count)| *count >= (SUBMITTERS * EACH * 2) as u64));

    // Every acknowledged request and message reads back, with only the new key in the ring.
    app.store.keys().replace(Keyring::single(new_key));
    let coordinator = world::sign_in(&app, "coordinator").await;
    assert_eq!(acknowledged.len(), SUBMITTERS * EACH);
    let case =
        coordinator.get(&format!("/coordination/requests/{}", world::request("c"))).await.body;
    for (page, description, message) in &acknowledged {
        let file = coordinator.get(&page.replace("/requests/", "/coordination/requests/")).await;
        assert_eq!(file.status, StatusCode::OK);
        assert!(file.body.contains(description.as_str()), "{description}");
        assert!(case.contains(message.as_str()), "{message}");
    }
    let batches = app.store.audit_events(0, 100_000).await.unwrap();
    let resealed: Vec<_> = batches.iter().filter(|e| e.record.action == "keys.reseal").collect();
    assert!(!resealed.is_empty());
    assert!(resealed.iter().all(|e| e.record.details["resealed"].is_object()));
}

http_tests!(super::WORLD;
    rotation_under_load_loses_nothing_and_everything_opens_afterwards,
);
