//! Demo data: clearly fictional providers, organisations and requests, for trying the service and
//! for the browser tests.
//!
//! Every name ends in "(demo)", every address is under `.example`, and no person is named:
//! accounts are role mailboxes ("IT desk"). Ids are derived from fixed names, so loading the demo
//! twice finds everything already there and inserts nothing. The people of the demo have no
//! password and cannot sign in, except the demo accounts of [`accounts`], one per role, whose
//! passwords are generated at load time and shown once.

pub mod accounts;
mod organisations;
mod providers;
mod requests;

use c4h_domain::{Country, LanguageTag};
use c4h_storage::model::{Actor, Change, ObjectRef, SeedData, SeedOutcome};
use c4h_storage::{Store, StoreError};
use time::OffsetDateTime;

fn country(code: &str) -> Country {
    Country::parse(code).expect("demo countries are valid")
}

fn language(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).expect("demo languages are valid")
}

fn languages(tags: &[&str]) -> Vec<LanguageTag> {
    tags.iter().map(|tag| language(tag)).collect()
}

/// The whole demo data set, with times relative to `now`.
pub fn data(now: OffsetDateTime) -> SeedData {
    let mut data = SeedData::default();
    providers::add(&mut data);
    organisations::add(&mut data);
    requests::add(&mut data, now);
    data
}

/// What loading the demo did.
#[derive(Debug)]
pub struct Loaded {
    pub outcome: SeedOutcome,
    /// The demo accounts created now, with their secrets (empty when they existed already).
    pub accounts: Vec<accounts::DemoAccount>,
}

/// Loads the demo data set and creates the demo accounts; what is present is left as it is.
pub async fn load(store: &dyn Store, now: OffsetDateTime) -> Result<Loaded, StoreError> {
    let data = data(now);
    let change = Change::new(Actor::cli(), "demo.load", ObjectRef::new("demo", "demo"), now);
    let outcome = store.seed(&data, &change).await?;
    let accounts = accounts::create(store, now).await?;
    Ok(Loaded { outcome, accounts })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use c4h_domain::{RequestState, RequesterKind};
    use time::macros::datetime;

    use super::*;

    #[test]
    fn the_demo_covers_every_kind_state_and_enough_countries_and_languages() {
        let data = data(datetime!(2026-11-29 12:00 UTC));
        let kinds: HashSet<_> = data.organisations.iter().map(|org| org.kind).collect();
        assert_eq!(kinds.len(), RequesterKind::ALL.len());
        let countries: HashSet<_> = data.organisations.iter().map(|org| org.country).collect();
        assert!(countries.len() >= 8, "{countries:?}");
        let languages: HashSet<_> = data
            .organisations
            .iter()
            .flat_map(|org| org.languages.iter().map(|l| l.primary().to_owned()))
            .collect();
        assert!(languages.len() >= 4, "{languages:?}");
        let states: HashSet<_> = data.requests.iter().map(|request| request.state).collect();
        assert_eq!(states.len(), RequestState::ALL.len());
    }

    #[test]
    fn nothing_in_the_demo_could_be_mistaken_for_real() {
        let data = data(datetime!(2026-11-29 12:00 UTC));
        for name in
            data.organisations.iter().map(|o| &o.name).chain(data.providers.iter().map(|p| &p.name))
        {
            assert!(name.ends_with("(demo)"), "{name}");
        }
        for user in &data.users {
            assert!(user.email.domain().ends_with(".example"), "{}", user.email);
            assert!(user.password_hash.is_none());
        }
    }
}
