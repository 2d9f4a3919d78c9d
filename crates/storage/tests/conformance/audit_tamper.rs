//! Tampering with the audit trail directly in the database, as someone with the database
//! owner's rights could, and the chain's walk naming the event each time.

use std::sync::Arc;

use c4h_storage::model::{Actor, Change, ObjectRef};
use c4h_storage::testing::{tamper_with_audit, try_execute};
use c4h_storage::{ChainProblem, DatabaseUrl, Store, event_hash, on_both_backends, verify_chain};
use time::Duration;

use crate::fixtures::NOW;

/// Six events of the command line's, one second apart.
async fn six_events(store: &Arc<dyn Store>) {
    for index in 0..6 {
        let change = Change::new(
            Actor::cli(),
            "test.step",
            ObjectRef::new("test", index),
            NOW + Duration::seconds(index),
        );
        store.record(&change).await.unwrap();
    }
}

async fn problem_after(
    store: &Arc<dyn Store>,
    url: &DatabaseUrl,
    tampering: &[String],
) -> ChainProblem {
    six_events(store).await;
    let intact = verify_chain(store.as_ref()).await.unwrap();
    assert_eq!((intact.verified, intact.problem), (6, None), "untouched, all six verify");
    tamper_with_audit(url, tampering).await;
    let report = verify_chain(store.as_ref()).await.unwrap();
    report.problem.expect("the tampering is caught")
}

async fn an_edited_event_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    let problem = problem_after(
        &store,
        &url,
        &["UPDATE audit_events SET action = 'test.nothing_happened' WHERE seq = 3".to_owned()],
    )
    .await;
    assert_eq!(problem, ChainProblem::Edited { seq: 3 });
    assert_eq!(problem.to_string(), "event 3 was edited: its content no longer matches its hash");
}

async fn a_deleted_event_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    let problem =
        problem_after(&store, &url, &["DELETE FROM audit_events WHERE seq = 3".to_owned()]).await;
    assert_eq!(problem, ChainProblem::Deleted { first: 3, last: 3 });
}

async fn a_deletion_hidden_by_renumbering_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    let problem = problem_after(
        &store,
        &url,
        &[
            "DELETE FROM audit_events WHERE seq = 3".to_owned(),
            "UPDATE audit_events SET seq = -seq WHERE seq > 3".to_owned(),
            "UPDATE audit_events SET seq = -seq - 1 WHERE seq < 0".to_owned(),
        ],
    )
    .await;
    assert_eq!(problem, ChainProblem::Deleted { first: 3, last: 3 });
}

async fn cutting_off_the_newest_events_is_caught(store: Arc<dyn Store>, url: DatabaseUrl) {
    let problem =
        problem_after(&store, &url, &["DELETE FROM audit_events WHERE seq >= 5".to_owned()]).await;
    assert_eq!(problem, ChainProblem::Deleted { first: 5, last: 6 });
    assert_eq!(problem.to_string(), "events 5 to 6 were deleted: the chain skips them");
}

/// The forger knows the algorithm: the inserted event's own hash is right, and it links to the
/// event before it. The events after it were renumbered to make room.
async fn an_inserted_event_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    six_events(&store).await;
    let events = store.audit_events(0, 10).await.unwrap();
    let mut forged = events[1].record.clone();
    forged.action = "test.forged".to_owned();
    let hash = event_hash(&events[1].hash, 3, &forged);
    let problem = problem_after_more(
        &store,
        &url,
        &[
            "UPDATE audit_events SET seq = -seq WHERE seq >= 3".to_owned(),
            "UPDATE audit_events SET seq = -seq + 1 WHERE seq < 0".to_owned(),
            format!(
                "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_label, action, \
                 object_kind, object_id, request_id, client_address, details, prev_hash, hash) \
                 SELECT 3, occurred_at, actor_id, actor_label, 'test.forged', object_kind, \
                 object_id, request_id, client_address, details, hash, '{hash}' \
                 FROM audit_events WHERE seq = 2"
            ),
        ],
    )
    .await;
    assert_eq!(problem, ChainProblem::Inserted { seq: 3 });
}

async fn an_event_appended_behind_the_heads_back_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    six_events(&store).await;
    let events = store.audit_events(0, 10).await.unwrap();
    let mut forged = events[5].record.clone();
    forged.action = "test.forged".to_owned();
    let hash = event_hash(&events[5].hash, 7, &forged);
    let problem = problem_after_more(
        &store,
        &url,
        &[format!(
            "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_label, action, \
             object_kind, object_id, request_id, client_address, details, prev_hash, hash) \
             SELECT 7, occurred_at, actor_id, actor_label, 'test.forged', object_kind, \
             object_id, request_id, client_address, details, hash, '{hash}' \
             FROM audit_events WHERE seq = 6"
        )],
    )
    .await;
    assert_eq!(problem, ChainProblem::Inserted { seq: 7 });
}

async fn a_reordered_event_is_named(store: Arc<dyn Store>, url: DatabaseUrl) {
    let problem = problem_after(
        &store,
        &url,
        &[
            "UPDATE audit_events SET seq = -2 WHERE seq = 2".to_owned(),
            "UPDATE audit_events SET seq = 2 WHERE seq = 4".to_owned(),
            "UPDATE audit_events SET seq = 4 WHERE seq = -2".to_owned(),
        ],
    )
    .await;
    assert_eq!(problem, ChainProblem::Moved { seq: 2, original: 4 });
    assert_eq!(problem.to_string(), "event 2 was reordered: it is event 4, moved out of its place");
}

/// Tampering after events of the test's own making (which `problem_after` would make again).
async fn problem_after_more(
    store: &Arc<dyn Store>,
    url: &DatabaseUrl,
    tampering: &[String],
) -> ChainProblem {
    assert_eq!(verify_chain(store.as_ref()).await.unwrap().problem, None);
    tamper_with_audit(url, tampering).await;
    verify_chain(store.as_ref()).await.unwrap().problem.expect("the tampering is caught")
}

/// Without lifting the guards, the database itself refuses to change or delete an event.
async fn the_database_keeps_the_trail_append_only(store: Arc<dyn Store>, url: DatabaseUrl) {
    six_events(&store).await;
    let edit = try_execute(&url, "UPDATE audit_events SET action = 'x' WHERE seq = 2").await;
    assert!(edit.unwrap_err().contains("audit events are never changed"));
    let delete = try_execute(&url, "DELETE FROM audit_events WHERE seq = 6").await;
    assert!(delete.unwrap_err().contains("audit events go only by retention"));
    let report = verify_chain(store.as_ref()).await.unwrap();
    assert_eq!((report.verified, report.last_seq, report.problem), (6, 6, None));
}

on_both_backends!(
    an_edited_event_is_named,
    a_deleted_event_is_named,
    a_deletion_hidden_by_renumbering_is_named,
    cutting_off_the_newest_events_is_caught,
    an_inserted_event_is_named,
    an_event_appended_behind_the_heads_back_is_named,
    a_reordered_event_is_named,
    the_database_keeps_the_trail_append_only,
);
