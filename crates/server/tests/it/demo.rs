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
    let loaded = c4h_server::demo::load(store.as_ref(), now).await.unwrap();
    let first = loaded.outcome;
    let roles: Vec<&str> = loaded.accounts.iter().map(|a| a.role).collect();
    assert_eq!(roles, ["administrator", "coordinator", "requester", "provider engineer"]);
    let keys: Vec<bool> = loaded.accounts.iter().map(|a| a.totp_key.is_some()).collect();
    assert_eq!(keys, [true, true, false, true], "MFA where the role requires it");
    let passwords: std::collections::HashSet<&str> =
        loaded.accounts.iter().map(|a| a.password.as_str()).collect();
    assert_eq!(passwords.len(), 4, "every password is its own");
    assert!(first.inserted > 80, "{first:?}");
    let counts = store.counts().await.unwrap();
    let reloaded =
        c4h_server::demo::load(store.as_ref(), now + time::Duration::hours(1)).await.unwrap();
    assert!(reloaded.accounts.is_empty(), "no account is made, and no password shown, twice");
    let second = reloaded.outcome;
    assert_eq!(second.inserted, 0);
    assert_eq!(second.already_present, first.inserted);
    let again = store.counts().await.unwrap();
    assert_eq!(
        (again.organisations, again.offerings, again.requests),
        (counts.organisations, counts.offerings, counts.requests)
    );
    assert_eq!((counts.organisations, counts.providers, counts.requests), (10, 8, 11));
    let query = CatalogueQuery::all(c4h_domain::LanguageTag::parse("en").unwrap(), now, 100);
    let page = store.catalogue(&query).await.unwrap();
    assert_eq!((page.items.len(), page.total), (9, 9));
}

on_both_backends!(loading_the_demo_twice_adds_nothing_the_second_time);
