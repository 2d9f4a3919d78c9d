//! Retention of the audit trail: the oldest events go, only after the base moved past them, and
//! what remains still verifies; a base moved by hand, without retention, is caught.

use std::sync::Arc;

use c4h_storage::model::{Actor, Change, ObjectRef};
use c4h_storage::testing::{tamper_with_audit, try_execute};
use c4h_storage::{ChainProblem, DatabaseUrl, Store, on_both_backends, verify_chain};
use time::Duration;

use crate::fixtures::NOW;

/// Ten events a day apart, the first at `NOW`.
async fn ten_days_of_events(store: &Arc<dyn Store>) {
    for day in 0..10 {
        let at = NOW + Duration::days(day);
        let change = Change::new(Actor::cli(), "test.day", ObjectRef::new("test", day), at);
        store.record(&change).await.unwrap();
    }
}

fn purge_change(at: time::OffsetDateTime) -> Change {
    Change::new(Actor::system(), "audit.purge", ObjectRef::new("audit", "trail"), at)
}

async fn the_oldest_events_go_and_the_rest_still_verifies(
    store: Arc<dyn Store>,
    _url: DatabaseUrl,
) {
    ten_days_of_events(&store).await;
    let now = NOW + Duration::days(10);
    // Events 1 to 4 happened before day 4; batches of 3 take two runs, oldest first.
    let before = NOW + Duration::days(4) - Duration::seconds(1);
    let first = store.purge_audit_events(before, 3, &purge_change(now)).await.unwrap().unwrap();
    assert_eq!((first.from, first.to), (1, 3));
    let second = store.purge_audit_events(before, 3, &purge_change(now)).await.unwrap().unwrap();
    assert_eq!((second.from, second.to), (4, 4), "the purge event of the first run is too new");
    assert!(store.purge_audit_events(before, 3, &purge_change(now)).await.unwrap().is_none());

    let anchors = store.audit_anchors().await.unwrap();
    assert_eq!(anchors.base_seq, 4);
    assert_eq!(anchors.base_hash, second.base_hash);
    let left = store.audit_events(0, 100).await.unwrap();
    assert_eq!(left.first().map(|e| e.seq), Some(5), "nothing older than the base is left");
    let purges: Vec<_> = left.iter().filter(|e| e.record.action == "audit.purge").collect();
    assert_eq!(purges.len(), 2, "each run is an event");
    assert_eq!(purges[1].record.details["from_seq"], 4);
    assert_eq!(purges[1].record.details["to_seq"], 4);
    let report = verify_chain(store.as_ref()).await.unwrap();
    assert_eq!(report.problem, None);
    assert_eq!((report.first_seq, report.last_seq, report.verified), (5, 12, 8));
}

async fn only_retention_may_remove_events(store: Arc<dyn Store>, url: DatabaseUrl) {
    ten_days_of_events(&store).await;
    let before = NOW + Duration::days(2) - Duration::seconds(1);
    let now = NOW + Duration::days(10);
    store.purge_audit_events(before, 100, &purge_change(now)).await.unwrap().unwrap();
    // The trigger still refuses what is above the base.
    let delete = try_execute(&url, "DELETE FROM audit_events WHERE seq = 3").await;
    assert!(delete.unwrap_err().contains("audit events go only by retention"));
    // Moving the base by hand and deleting below it is caught: no retention run says so.
    tamper_with_audit(
        &url,
        &[
            "UPDATE audit_chain_head SET base_seq = 5, \
             base_hash = (SELECT hash FROM audit_events WHERE seq = 5)"
                .to_owned(),
            "DELETE FROM audit_events WHERE seq <= 5".to_owned(),
        ],
    )
    .await;
    let report = verify_chain(store.as_ref()).await.unwrap();
    assert_eq!(report.problem, Some(ChainProblem::BaseUnexplained { base_seq: 5 }));
    let said = report.problem.unwrap().to_string();
    assert!(said.contains("no audit.purge event records it"), "{said}");
}

on_both_backends!(
    the_oldest_events_go_and_the_rest_still_verifies,
    only_retention_may_remove_events,
);
