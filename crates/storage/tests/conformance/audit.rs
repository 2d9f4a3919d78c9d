use std::sync::Arc;

use c4h_storage::model::{Actor, Change, ObjectRef};
use c4h_storage::{DatabaseUrl, GENESIS_HASH, Store, event_hash, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, catalogue_data, change, user};

async fn audit_events_form_a_hash_chain_anchored_outside_the_table(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    assert_eq!(store.audit_head().await.unwrap(), (0, GENESIS_HASH.to_owned()));
    store.seed(&catalogue_data(), &change("demo.load", NOW)).await.unwrap();
    let admin = user("desk@operator.example", None);
    let with_details = Change::new(
        Actor { client_address: Some("192.0.2.7".into()), ..Actor::cli() },
        "user.create",
        ObjectRef::new("user", admin.id),
        NOW + Duration::seconds(1),
    )
    .with_details(serde_json::json!({"role": "admin"}));
    store.create_staff_user(&admin, &with_details).await.unwrap();

    let events = store.audit_events(0, 100).await.unwrap();
    assert_eq!(events.len(), 2);
    let mut prev = GENESIS_HASH.to_owned();
    for (index, event) in events.iter().enumerate() {
        assert_eq!(event.seq, index as i64 + 1);
        assert_eq!(event.prev_hash, prev);
        assert_eq!(event.hash, event_hash(&prev, event.seq, &event.record));
        prev = event.hash.clone();
    }
    // What was stored is what was given, timestamps included.
    assert_eq!(events[1].record, with_details.audit);
    assert_eq!(store.audit_head().await.unwrap(), (2, prev));
    assert_eq!(store.audit_events(1, 100).await.unwrap().len(), 1);
}

async fn concurrent_writers_extend_one_chain_without_forks(store: Arc<dyn Store>, _: DatabaseUrl) {
    let mut writers = Vec::new();
    for index in 0..12 {
        let store = store.clone();
        writers.push(tokio::spawn(async move {
            let new_user = user(&format!("desk{index}@operator.example"), None);
            let change =
                Change::new(Actor::cli(), "user.create", ObjectRef::new("user", new_user.id), NOW);
            store.create_staff_user(&new_user, &change).await.unwrap();
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let events = store.audit_events(0, 100).await.unwrap();
    assert_eq!(events.len(), 12);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(store.audit_head().await.unwrap(), (12, events[11].hash.clone()));
}

async fn another_process_appending_meanwhile_does_not_fork_the_chain(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    // A second store on the same database stands for another process (the command line while
    // the service runs, or a second instance on PostgreSQL).
    let other = c4h_storage::connect(
        &url,
        &c4h_storage::PoolSettings::default(),
        c4h_storage::testing::test_keys(),
    )
    .await
    .unwrap();
    for (index, writer) in [&store, &other, &store, &other, &store].into_iter().enumerate() {
        let new_user = user(&format!("desk{index}@operator.example"), None);
        let change =
            Change::new(Actor::cli(), "user.create", ObjectRef::new("user", new_user.id), NOW);
        writer.create_staff_user(&new_user, &change).await.unwrap();
    }
    let events = store.audit_events(0, 100).await.unwrap();
    assert_eq!(events.len(), 5);
    let mut prev = GENESIS_HASH.to_owned();
    for event in &events {
        assert_eq!(event.prev_hash, prev);
        assert_eq!(event.hash, event_hash(&prev, event.seq, &event.record));
        prev = event.hash.clone();
    }
    assert_eq!(store.audit_head().await.unwrap(), (5, prev));
}

on_both_backends!(
    audit_events_form_a_hash_chain_anchored_outside_the_table,
    concurrent_writers_extend_one_chain_without_forks,
    another_process_appending_meanwhile_does_not_fork_the_chain,
);
