use std::sync::Arc;

use c4h_domain::policy::{Action, Resource};
use c4h_domain::{EmailAddress, StaffRole};
use c4h_storage::model::{NewToken, TokenPurpose};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, change, grant, principal, session, user};

fn token(
    user_id: c4h_domain::ids::UserId,
    hash: &str,
    purpose: TokenPurpose,
    email: &str,
) -> NewToken {
    NewToken {
        token_hash: hash.into(),
        purpose,
        user_id,
        email: EmailAddress::parse(email).unwrap(),
        created_at: NOW,
        expires_at: NOW + Duration::hours(1),
    }
}

async fn a_verification_link_works_once_and_only_before_it_expires(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let newcomer = user("new@clinic.example", None);
    store.create_user(&newcomer, false, None, &change("user.register", NOW)).await.unwrap();
    assert!(!store.user_by_id(newcomer.id).await.unwrap().unwrap().email_verified);
    store
        .create_token(
            &token(newcomer.id, "v1", TokenPurpose::VerifyEmail, "new@clinic.example"),
            &change("t", NOW),
        )
        .await
        .unwrap();
    store
        .create_token(
            &token(newcomer.id, "v2", TokenPurpose::VerifyEmail, "new@clinic.example"),
            &change("t", NOW),
        )
        .await
        .unwrap();

    assert!(
        store.peek_token("v1", TokenPurpose::ResetPassword, NOW).await.unwrap().is_none(),
        "wrong purpose"
    );
    assert_eq!(
        store.peek_token("v1", TokenPurpose::VerifyEmail, NOW).await.unwrap().unwrap().user_id,
        newcomer.id
    );
    assert!(
        store
            .verify_email_with_token("v2", NOW + Duration::hours(1), &change("verify", NOW))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert_eq!(
        store.verify_email_with_token("v1", NOW, &change("verify", NOW)).await.unwrap(),
        Some(newcomer.id)
    );
    assert!(
        store.verify_email_with_token("v1", NOW, &change("verify", NOW)).await.unwrap().is_none(),
        "used"
    );
    assert!(store.user_by_id(newcomer.id).await.unwrap().unwrap().email_verified);
}

async fn a_reset_link_sets_the_password_and_ends_every_session(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let account = user("desk@clinic.example", None);
    store.create_user(&account, true, None, &change("user.create", NOW)).await.unwrap();
    store.create_session(&session(account.id, "old", NOW), &change("s", NOW)).await.unwrap();
    store
        .create_token(
            &token(account.id, "r1", TokenPurpose::ResetPassword, "desk@clinic.example"),
            &change("t", NOW),
        )
        .await
        .unwrap();
    assert_eq!(
        store.reset_password_with_token("r1", "$new", NOW, &change("reset", NOW)).await.unwrap(),
        Some(account.id)
    );
    assert!(store.session_by_token("old", NOW).await.unwrap().is_none());
    assert_eq!(
        store.credentials_by_id(account.id).await.unwrap().unwrap().password_hash.as_deref(),
        Some("$new")
    );
    assert!(
        store
            .reset_password_with_token("r1", "$again", NOW, &change("reset", NOW))
            .await
            .unwrap()
            .is_none()
    );
}

async fn an_address_change_link_moves_the_account_unless_the_address_was_taken(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let account = user("old@clinic.example", None);
    let other = user("taken@clinic.example", None);
    for u in [&account, &other] {
        store.create_user(u, true, None, &change("user.create", NOW)).await.unwrap();
    }
    store
        .create_token(
            &token(account.id, "c1", TokenPurpose::ChangeEmail, "taken@clinic.example"),
            &change("t", NOW),
        )
        .await
        .unwrap();
    assert!(matches!(
        store.change_email_with_token("c1", NOW, &change("c", NOW)).await,
        Err(StoreError::Duplicate { .. })
    ));
    assert!(
        store.peek_token("c1", TokenPurpose::ChangeEmail, NOW).await.unwrap().is_some(),
        "a refused change leaves the link usable"
    );
    store
        .create_token(
            &token(account.id, "c2", TokenPurpose::ChangeEmail, "new@clinic.example"),
            &change("t", NOW),
        )
        .await
        .unwrap();
    let (id, old) =
        store.change_email_with_token("c2", NOW, &change("c", NOW)).await.unwrap().unwrap();
    assert_eq!((id, old.as_str()), (account.id, "old@clinic.example"));
    assert!(
        store
            .user_by_email(&EmailAddress::parse("new@clinic.example").unwrap())
            .await
            .unwrap()
            .is_some()
    );
}

async fn totp_codes_are_single_use_and_recovery_codes_too(store: Arc<dyn Store>, _: DatabaseUrl) {
    let account = user("desk@clinic.example", None);
    store.create_user(&account, true, None, &change("user.create", NOW)).await.unwrap();
    assert!(!store.accept_totp_step(account.id, 100).await.unwrap(), "not enrolled");
    let codes = vec!["h1".to_owned(), "h2".to_owned()];
    store.enrol_totp(account.id, "SECRETBASE32", &codes, &change("mfa.enrol", NOW)).await.unwrap();
    assert!(store.user_by_id(account.id).await.unwrap().unwrap().mfa_enrolled);
    assert_eq!(
        store.credentials_by_id(account.id).await.unwrap().unwrap().totp_secret.as_deref(),
        Some("SECRETBASE32")
    );
    assert!(store.accept_totp_step(account.id, 100).await.unwrap());
    assert!(!store.accept_totp_step(account.id, 100).await.unwrap(), "replayed");
    assert!(!store.accept_totp_step(account.id, 99).await.unwrap(), "older");
    assert!(store.accept_totp_step(account.id, 101).await.unwrap());

    assert_eq!(store.unused_recovery_codes(account.id).await.unwrap(), 2);
    assert!(store.use_recovery_code(account.id, "h1", NOW).await.unwrap());
    assert!(!store.use_recovery_code(account.id, "h1", NOW).await.unwrap());
    assert!(!store.use_recovery_code(account.id, "nope", NOW).await.unwrap());
    assert_eq!(store.unused_recovery_codes(account.id).await.unwrap(), 1);
    store.remove_totp(account.id, &change("mfa.remove", NOW)).await.unwrap();
    assert!(!store.user_by_id(account.id).await.unwrap().unwrap().mfa_enrolled);
    assert_eq!(store.unused_recovery_codes(account.id).await.unwrap(), 0);
}

async fn rate_limit_windows_count_and_then_start_over(store: Arc<dyn Store>, _: DatabaseUrl) {
    let window = Duration::minutes(10);
    for expected in 1..=3 {
        assert_eq!(
            store.hit_rate_limit("login:ip:192.0.2.1", NOW, window).await.unwrap(),
            expected
        );
    }
    assert_eq!(store.hit_rate_limit("login:ip:192.0.2.2", NOW, window).await.unwrap(), 1);
    assert_eq!(
        store
            .hit_rate_limit("login:ip:192.0.2.1", NOW + Duration::minutes(9), window)
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        store
            .hit_rate_limit("login:ip:192.0.2.1", NOW + Duration::minutes(10), window)
            .await
            .unwrap(),
        1
    );
}

async fn a_trusted_device_is_recognised_for_its_owner_until_it_expires(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let account = user("desk@clinic.example", None);
    let other = user("other@clinic.example", None);
    for u in [&account, &other] {
        store.create_user(u, true, None, &change("user.create", NOW)).await.unwrap();
    }
    store.trust_device("device", account.id, NOW, Duration::days(30)).await.unwrap();
    assert!(store.is_trusted_device("device", account.id, NOW).await.unwrap());
    assert!(!store.is_trusted_device("device", other.id, NOW).await.unwrap());
    assert!(
        !store.is_trusted_device("device", account.id, NOW + Duration::days(30)).await.unwrap()
    );
}

async fn administrators_disable_accounts_change_roles_and_reset_mfa(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let admin = user("admin@operator.example", Some(StaffRole::Admin));
    let coordinator = user("coordinator@operator.example", Some(StaffRole::Coordinator));
    for u in [&admin, &coordinator] {
        store.create_user(u, true, None, &change("user.create", NOW)).await.unwrap();
    }
    let manage = grant(
        &principal(admin.id, Some(StaffRole::Admin), vec![]),
        Action::ManageStaff,
        Resource::Accounts,
    );
    let staff = store.staff(&manage).await.unwrap();
    assert_eq!(
        staff.iter().map(|s| s.email.as_str()).collect::<Vec<_>>(),
        ["admin@operator.example", "coordinator@operator.example"]
    );

    store.enrol_totp(coordinator.id, "S", &[], &change("mfa.enrol", NOW)).await.unwrap();
    store.create_session(&session(coordinator.id, "c", NOW), &change("s", NOW)).await.unwrap();
    assert!(store.reset_mfa(&manage, coordinator.id, &change("mfa.reset", NOW)).await.unwrap());
    assert!(!store.user_by_id(coordinator.id).await.unwrap().unwrap().mfa_enrolled);
    assert!(
        store.session_by_token("c", NOW).await.unwrap().is_none(),
        "an MFA reset ends the sessions"
    );

    store.create_session(&session(coordinator.id, "c2", NOW), &change("s", NOW)).await.unwrap();
    assert!(
        store
            .set_disabled(&manage, coordinator.id, true, &change("user.disable", NOW))
            .await
            .unwrap()
    );
    assert!(store.session_by_token("c2", NOW).await.unwrap().is_none());
    assert!(store.credentials_by_id(coordinator.id).await.unwrap().unwrap().disabled);
    assert!(
        store
            .set_disabled(&manage, coordinator.id, false, &change("user.enable", NOW))
            .await
            .unwrap()
    );
    assert!(!store.credentials_by_id(coordinator.id).await.unwrap().unwrap().disabled);

    assert!(
        store
            .set_staff_role(
                &manage,
                coordinator.id,
                Some(StaffRole::Admin),
                &change("user.role", NOW)
            )
            .await
            .unwrap()
    );
    assert_eq!(
        store.user_by_id(coordinator.id).await.unwrap().unwrap().staff_role,
        Some(StaffRole::Admin)
    );
    assert!(
        !store
            .set_disabled(
                &manage,
                c4h_domain::ids::UserId::new(),
                true,
                &change("user.disable", NOW)
            )
            .await
            .unwrap()
    );

    // A grant for something else does not open these doors.
    let other =
        grant(&principal(admin.id, None, vec![]), Action::CreateOrganisation, Resource::Accounts);
    assert!(matches!(store.staff(&other).await, Err(StoreError::WrongGrant(_))));
}

on_both_backends!(
    a_verification_link_works_once_and_only_before_it_expires,
    a_reset_link_sets_the_password_and_ends_every_session,
    an_address_change_link_moves_the_account_unless_the_address_was_taken,
    totp_codes_are_single_use_and_recovery_codes_too,
    rate_limit_windows_count_and_then_start_over,
    a_trusted_device_is_recognised_for_its_owner_until_it_expires,
    administrators_disable_accounts_change_roles_and_reset_mfa,
);
