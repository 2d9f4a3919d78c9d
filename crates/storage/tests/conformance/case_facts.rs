//! Case facts on both backends: the database keeps one row of figures per submitted request,
//! whichever path moves it (submission, a coordinator's step, an offer, the provider's
//! acceptance, hours, a state set directly), one row per offer likewise, and keeps both when
//! retention purges the case.

use c4h_domain::ids::{EngagementId, ProviderId, TimeEntryId};
use c4h_domain::offer_flow::OfferStep;
use c4h_domain::retention::{Keep, RetentionPolicy};
use c4h_storage::model::{NewTimeEntry, OfferOutcome, SeedData};
use c4h_storage::testing::{execute_at, query_strings};
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use std::sync::Arc;
use time::Duration;

use crate::fixtures::NOW;
use crate::offers::{answer, engineer_of, providers, request_in_matching, send};
use crate::requests::change;

/// The facts of the one request, as text: state, country, kind, urgency, language, and which
/// of the times are set.
async fn facts(url: &DatabaseUrl) -> Vec<String> {
    query_strings(
        url,
        "SELECT state || ' ' || country || ' ' || requester_kind || ' ' || COALESCE(urgency, '-') \
         || ' ' || language || ' triaged:' || (triaged_at IS NOT NULL) || ' offered:' \
         || (first_offer_at IS NOT NULL) || ' engaged:' || (engaged_at IS NOT NULL) \
         || ' ended:' || (ended_at IS NOT NULL) || ' minutes:' || minutes_logged FROM case_facts",
    )
    .await
    .into_iter()
    // PostgreSQL writes booleans as true/false, SQLite as 1/0.
    .map(|row| row.replace("true", "1").replace("false", "0"))
    .collect()
}

/// The offers' facts, as text: state, category, whether the engine sent it, whether answered.
async fn offer_facts(url: &DatabaseUrl) -> Vec<String> {
    query_strings(
        url,
        "SELECT state || ' ' || category || ' engine:' || by_engine || ' answered:' \
         || (answered_at IS NOT NULL) FROM offer_facts",
    )
    .await
    .into_iter()
    .map(|row| row.replace("true", "1").replace("false", "0"))
    .collect()
}

async fn facts_follow_a_case_and_outlive_its_purge(store: Arc<dyn Store>, url: DatabaseUrl) {
    providers(&store, 1).await;
    let request = request_in_matching(&store).await;
    assert_eq!(
        facts(&url).await,
        ["matching FR clinic critical fr triaged:1 offered:0 engaged:0 ended:0 minutes:0"]
    );
    let (offer, _) = send(&store, request, "o0", 2).await;
    let accepted = store
        .answer_offer(
            &engineer_of(0),
            &answer(offer, OfferStep::Accept, 30),
            &change("offer.answer", request, NOW),
        )
        .await
        .unwrap();
    assert!(matches!(accepted, Some(OfferOutcome::Engaged(_))), "{accepted:?}");
    assert_eq!(
        facts(&url).await,
        ["engaged FR clinic critical fr triaged:1 offered:1 engaged:1 ended:0 minutes:0"]
    );
    let provider = query_strings(&url, "SELECT CAST(provider_id AS TEXT) FROM case_facts").await;
    assert_eq!(provider, [ProviderId::from_name("p0").to_string()]);
    assert_eq!(offer_facts(&url).await, ["accepted incident_response engine:1 answered:1"]);

    // Hours, then the case ends.
    let engagement = query_strings(&url, "SELECT CAST(id AS TEXT) FROM engagements").await;
    let engagement = EngagementId::parse(&engagement[0]).unwrap();
    let member = query_strings(&url, "SELECT CAST(id AS TEXT) FROM users").await;
    let entries = [90, 45].map(|minutes| NewTimeEntry {
        id: TimeEntryId::new(),
        engagement_id: engagement,
        user_id: c4h_domain::ids::UserId::parse(&member[0]).unwrap(),
        minutes,
        worked_on: NOW.date(),
        note: None,
        created_at: NOW,
    });
    let data = SeedData { time_entries: entries.to_vec(), ..SeedData::default() };
    store.seed(&data, &crate::fixtures::change("test.hours", NOW)).await.unwrap();
    let ended = NOW + Duration::days(3);
    execute_at(
        &url,
        "UPDATE assistance_requests SET state = 'closed', state_changed_at = $1",
        ended,
    )
    .await;
    assert_eq!(
        facts(&url).await,
        ["closed FR clinic critical fr triaged:1 offered:1 engaged:1 ended:1 minutes:135"]
    );

    // A year later retention purges the case; its figures stay.
    let policy = RetentionPolicy { ended_cases: Keep::Days(365), ..RetentionPolicy::default() };
    let cutoffs = policy.cutoffs(ended + Duration::days(366));
    let purged =
        store.purge_request(request, &cutoffs, &change("request.purge", request, NOW)).await;
    assert!(purged.unwrap().is_some());
    assert!(query_strings(&url, "SELECT reference FROM assistance_requests").await.is_empty());
    assert_eq!(offer_facts(&url).await, ["accepted incident_response engine:1 answered:1"]);
    assert_eq!(
        facts(&url).await,
        ["closed FR clinic critical fr triaged:1 offered:1 engaged:1 ended:1 minutes:135"]
    );
}

on_both_backends!(facts_follow_a_case_and_outlive_its_purge);
