use std::sync::Arc;

use c4h_domain::ServiceCategory;
use c4h_domain::ids::ProviderId;
use c4h_storage::model::CatalogueQuery;
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, catalogue_data, change, lang};

fn query(language: &str, category: Option<ServiceCategory>) -> CatalogueQuery {
    CatalogueQuery { category, language: lang(language), now: NOW }
}

async fn the_catalogue_shows_only_active_offerings_of_vetted_providers(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    store.seed(&catalogue_data(), &change("seed", NOW)).await.unwrap();
    let entries = store.catalogue(&query("en", None)).await.unwrap();
    let titles: Vec<_> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["ir (en)", "mail (en)"], "incident_response sorts before email_security");
    let entry = &entries[0];
    assert_eq!(entry.provider_id, ProviderId::from_name("vetted"));
    assert_eq!(entry.provider_name, "vetted");
    assert_eq!(entry.provider_country.as_str(), "CH");
    assert_eq!(entry.capacity, 3);
    assert_eq!(entry.response_time_hours, 4);
    assert_eq!(entry.languages, [lang("en"), lang("fr")]);
    assert_eq!(entry.regions, ["150", "CH"]);
    assert_eq!(entry.requester_kinds.len(), 2);
}

async fn the_catalogue_prefers_the_readers_language_and_filters_by_category(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    store.seed(&catalogue_data(), &change("seed", NOW)).await.unwrap();
    let entries =
        store.catalogue(&query("fr", Some(ServiceCategory::EmailSecurity))).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].title, "mail (fr)");
    assert_eq!(entries[0].text_language, lang("fr"));
    // A language the offering was not written in falls back to English.
    let entries =
        store.catalogue(&query("de", Some(ServiceCategory::EmailSecurity))).await.unwrap();
    assert_eq!(entries[0].title, "mail (en)");
    let none = store.catalogue(&query("en", Some(ServiceCategory::CyberExercise))).await.unwrap();
    assert!(none.is_empty());
}

async fn a_paused_provider_leaves_the_catalogue_until_its_pause_ends(
    store: Arc<dyn Store>,
    url: DatabaseUrl,
) {
    store.seed(&catalogue_data(), &change("seed", NOW)).await.unwrap();
    // Pausing is a later feature; set the column directly to check the catalogue honours it.
    c4h_storage::testing::execute_at(
        &url,
        "UPDATE providers SET paused_until = $1",
        NOW + Duration::hours(2),
    )
    .await;
    assert!(store.catalogue(&query("en", None)).await.unwrap().is_empty());
    let later = CatalogueQuery { now: NOW + Duration::hours(3), ..query("en", None) };
    assert_eq!(store.catalogue(&later).await.unwrap().len(), 2);
}

on_both_backends!(
    the_catalogue_shows_only_active_offerings_of_vetted_providers,
    the_catalogue_prefers_the_readers_language_and_filters_by_category,
    a_paused_provider_leaves_the_catalogue_until_its_pause_ends,
);
