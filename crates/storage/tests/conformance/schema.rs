use std::sync::Arc;

use c4h_storage::model::Backend;
use c4h_storage::{DatabaseUrl, Store, on_both_backends};

use crate::fixtures::{NOW, catalogue_data, change};

async fn migrations_leave_nothing_pending_and_durability_holds(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let health = store.health().await.unwrap();
    assert!(health.pending_migrations.is_empty(), "{:?}", health.pending_migrations);
    assert!(!health.server_version.is_empty());
    let failures: Vec<_> = health.failures().collect();
    if store.backend() == Backend::Sqlite {
        assert!(failures.is_empty(), "{failures:?}");
        let names: Vec<_> = health.settings.iter().map(|s| s.name).collect();
        assert_eq!(names, ["journal_mode", "synchronous", "foreign_keys", "busy_timeout"]);
    }
    // Migrating again is a no-op.
    store.migrate().await.unwrap();
}

async fn seeding_twice_inserts_nothing_the_second_time(store: Arc<dyn Store>, _: DatabaseUrl) {
    let data = catalogue_data();
    let first = store.seed(&data, &change("seed", NOW)).await.unwrap();
    assert_eq!(first.inserted, 1 + 3 + 5);
    assert_eq!(first.already_present, 0);
    let second = store.seed(&data, &change("seed", NOW)).await.unwrap();
    assert_eq!(second.inserted, 0);
    assert_eq!(second.already_present, 9);
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.organisations, counts.providers, counts.offerings), (1, 3, 5));
    assert_eq!(counts.audit_events, 2, "each seeding is one audit event");
}

async fn the_schema_refuses_what_the_domain_forbids(store: Arc<dyn Store>, _: DatabaseUrl) {
    // A vetted provider must have taken every pledge: the database itself refuses otherwise.
    let mut data = catalogue_data();
    data.providers[0].pledges_taken = false;
    assert!(store.seed(&data, &change("seed", NOW)).await.is_err());
    // Nothing of the failed seeding is left behind, not even its audit event.
    assert_eq!(store.counts().await.unwrap(), Default::default());
}

async fn the_write_probe_writes_one_row_per_id(store: Arc<dyn Store>, _: DatabaseUrl) {
    let id = uuid::Uuid::now_v7();
    store.write_probe(id, NOW).await.unwrap();
    store.write_probe(uuid::Uuid::now_v7(), NOW).await.unwrap();
    assert!(matches!(
        store.write_probe(id, NOW).await,
        Err(c4h_storage::StoreError::Duplicate { .. })
    ));
    assert_eq!(store.counts().await.unwrap().audit_events, 0, "a probe is not a business change");
}

on_both_backends!(
    migrations_leave_nothing_pending_and_durability_holds,
    seeding_twice_inserts_nothing_the_second_time,
    the_schema_refuses_what_the_domain_forbids,
    the_write_probe_writes_one_row_per_id,
);
