//! Demo data through the real store on both backends.

use std::sync::Arc;

use c4h_storage::model::CatalogueQuery;
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::macros::datetime;

async fn loading_the_demo_twice_adds_nothing_the_second_time(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let now = datetime!(2026-11-29 12:00 UTC);
    let first = c4h_server::demo::load(store.as_ref(), now).await.unwrap();
    assert!(first.inserted > 80, "{first:?}");
    let counts = store.counts().await.unwrap();
    let second =
        c4h_server::demo::load(store.as_ref(), now + time::Duration::hours(1)).await.unwrap();
    assert_eq!(second.inserted, 0);
    assert_eq!(second.already_present, first.inserted);
    let again = store.counts().await.unwrap();
    assert_eq!(
        (again.organisations, again.offerings, again.requests),
        (counts.organisations, counts.offerings, counts.requests)
    );
    assert_eq!((counts.organisations, counts.providers, counts.requests), (10, 8, 11));
    let query = CatalogueQuery {
        category: None,
        language: c4h_domain::LanguageTag::parse("en").unwrap(),
        now,
    };
    assert_eq!(store.catalogue(&query).await.unwrap().len(), 9);
}

on_both_backends!(loading_the_demo_twice_adds_nothing_the_second_time);
