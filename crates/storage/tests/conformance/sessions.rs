use std::sync::Arc;

use c4h_storage::model::{Actor, Change, ObjectRef};
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, change, session, user};

async fn signed_up(store: &Arc<dyn Store>, email: &str) -> c4h_domain::ids::UserId {
    let new_user = user(email, None);
    store.create_user(&new_user, true, None, &change("user.create", NOW)).await.unwrap();
    new_user.id
}

async fn a_session_is_found_by_its_token_until_it_expires_idle_or_absolutely(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let user_id = signed_up(&store, "desk@clinic.example").await;
    let opened = session(user_id, "hash-1", NOW);
    store.create_session(&opened, &change("session.create", NOW)).await.unwrap();
    let found = store.session_by_token("hash-1", NOW).await.unwrap().expect("live");
    assert_eq!(found.session.id, opened.id);
    assert_eq!(found.user.id, user_id);
    assert_eq!(found.principal.user_id, user_id);
    assert!(found.principal.memberships.is_empty());
    assert!(store.session_by_token("hash-2", NOW).await.unwrap().is_none());
    assert!(
        store.session_by_token("hash-1", NOW + Duration::hours(1)).await.unwrap().is_none(),
        "idle expiry"
    );
    store
        .touch_session(opened.id, NOW + Duration::minutes(50), NOW + Duration::minutes(110))
        .await
        .unwrap();
    let touched = store
        .session_by_token("hash-1", NOW + Duration::hours(1))
        .await
        .unwrap()
        .expect("activity extends it");
    assert_eq!(touched.session.last_seen_at, NOW + Duration::minutes(50));
    store
        .touch_session(opened.id, NOW + Duration::hours(23), NOW + Duration::hours(25))
        .await
        .unwrap();
    assert!(
        store.session_by_token("hash-1", NOW + Duration::hours(24)).await.unwrap().is_none(),
        "absolute expiry"
    );
}

async fn completing_mfa_replaces_the_token(store: Arc<dyn Store>, _: DatabaseUrl) {
    let user_id = signed_up(&store, "desk@clinic.example").await;
    let pending =
        c4h_storage::model::NewSession { mfa_verified: false, ..session(user_id, "before", NOW) };
    store.create_session(&pending, &change("session.create", NOW)).await.unwrap();
    assert!(!store.session_by_token("before", NOW).await.unwrap().unwrap().session.mfa_verified);
    assert!(store.complete_mfa(pending.id, "after", &change("mfa.verify", NOW)).await.unwrap());
    assert!(
        store.session_by_token("before", NOW).await.unwrap().is_none(),
        "the pre-MFA token is dead"
    );
    let verified = store.session_by_token("after", NOW).await.unwrap().unwrap();
    assert!(verified.session.mfa_verified);
    assert_eq!(verified.session.reauthenticated_at, Some(NOW));
}

async fn sessions_are_listed_and_revoked_by_their_owner_only(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let owner = signed_up(&store, "owner@clinic.example").await;
    let other = signed_up(&store, "other@clinic.example").await;
    let (first, second) =
        (session(owner, "one", NOW), session(owner, "two", NOW + Duration::seconds(1)));
    for s in [&first, &second] {
        store.create_session(s, &change("session.create", NOW)).await.unwrap();
    }
    let listed: Vec<_> = store
        .sessions_of(owner, NOW + Duration::seconds(2))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, [second.id, first.id], "newest first");
    assert!(!store.revoke_session(other, first.id, &change("session.revoke", NOW)).await.unwrap());
    assert!(store.revoke_session(owner, first.id, &change("session.revoke", NOW)).await.unwrap());
    assert!(
        !store.revoke_session(owner, first.id, &change("session.revoke", NOW)).await.unwrap(),
        "already over"
    );
    assert!(store.session_by_token("one", NOW).await.unwrap().is_none());
    assert!(store.session_by_token("two", NOW).await.unwrap().is_some());
    assert_eq!(
        store
            .revoke_sessions(owner, Some(second.id), NOW, &change("session.revoke_all", NOW))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store.revoke_sessions(owner, None, NOW, &change("session.revoke_all", NOW)).await.unwrap(),
        1
    );
}

async fn a_new_password_revokes_every_session_and_opens_the_replacement(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let user_id = signed_up(&store, "desk@clinic.example").await;
    for token in ["laptop", "phone"] {
        store
            .create_session(&session(user_id, token, NOW), &change("session.create", NOW))
            .await
            .unwrap();
    }
    let replacement = session(user_id, "fresh", NOW);
    let changed =
        Change::new(Actor::cli(), "user.password_change", ObjectRef::new("user", user_id), NOW);
    store.set_password(user_id, "$argon2id$new", Some(&replacement), &changed).await.unwrap();
    assert!(store.session_by_token("laptop", NOW).await.unwrap().is_none());
    assert!(store.session_by_token("phone", NOW).await.unwrap().is_none());
    assert!(store.session_by_token("fresh", NOW).await.unwrap().is_some());
    let credentials = store.credentials_by_id(user_id).await.unwrap().unwrap();
    assert_eq!(credentials.password_hash.as_deref(), Some("$argon2id$new"));
}

on_both_backends!(
    a_session_is_found_by_its_token_until_it_expires_idle_or_absolutely,
    completing_mfa_replaces_the_token,
    sessions_are_listed_and_revoked_by_their_owner_only,
    a_new_password_revokes_every_session_and_opens_the_replacement,
);
