use std::sync::Arc;

use c4h_domain::{EmailAddress, StaffRole};
use c4h_storage::model::{Actor, Change, NewJob, ObjectRef};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};

use crate::fixtures::{NOW, lang, user};

async fn a_staff_account_is_created_once_per_email(store: Arc<dyn Store>, _: DatabaseUrl) {
    let admin = user("Desk@Operator.example", Some(StaffRole::Admin));
    let change = Change::new(Actor::cli(), "user.create", ObjectRef::new("user", admin.id), NOW);
    store.create_staff_user(&admin, &change).await.unwrap();

    let email = EmailAddress::parse("desk@operator.example").unwrap();
    let stored = store.user_by_email(&email).await.unwrap().expect("the user");
    assert_eq!(stored.id, admin.id);
    assert_eq!(stored.staff_role, Some(StaffRole::Admin));
    assert_eq!(stored.preferred_language, lang("fr"));
    assert!(stored.can_sign_in);
    assert_eq!(stored.created_at, NOW);

    let twin = user("desk@operator.example", Some(StaffRole::Coordinator));
    let error = store.create_staff_user(&twin, &change).await.unwrap_err();
    assert!(
        matches!(error, StoreError::Duplicate { ref constraint } if constraint.contains("email")),
        "{error:?}"
    );
    assert!(
        store
            .user_by_email(&EmailAddress::parse("nobody@operator.example").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_refused_write_leaves_neither_its_audit_event_nor_its_jobs(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let first = user("desk@operator.example", None);
    let change = Change::new(Actor::cli(), "user.create", ObjectRef::new("user", first.id), NOW);
    store.create_staff_user(&first, &change).await.unwrap();

    let job = NewJob::now("email.send", "welcome:twin", serde_json::json!({}), NOW);
    let job_id = job.id;
    let twin = user("desk@operator.example", None);
    let refused = Change::new(Actor::cli(), "user.create", ObjectRef::new("user", twin.id), NOW)
        .with_job(job);
    assert!(store.create_staff_user(&twin, &refused).await.is_err());
    assert!(store.job(job_id).await.unwrap().is_none());
    assert_eq!(store.counts().await.unwrap().audit_events, 1);

    // The same job with a write that commits is enqueued with it.
    let other = user("other@operator.example", None);
    let job = NewJob::now("email.send", "welcome:other", serde_json::json!({"n": 1}), NOW);
    let job_id = job.id;
    let accepted = Change::new(Actor::cli(), "user.create", ObjectRef::new("user", other.id), NOW)
        .with_job(job);
    store.create_staff_user(&other, &accepted).await.unwrap();
    let stored = store.job(job_id).await.unwrap().expect("the job commits with the write");
    assert_eq!(stored.payload, serde_json::json!({"n": 1}));
}

on_both_backends!(
    a_staff_account_is_created_once_per_email,
    a_refused_write_leaves_neither_its_audit_event_nor_its_jobs,
);
