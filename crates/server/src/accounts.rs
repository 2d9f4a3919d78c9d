//! Accounts that the command line creates: the first administrator, with no default accounts.

use c4h_domain::ids::UserId;
use c4h_domain::{EmailAddress, LanguageTag, Password, StaffRole};
use c4h_storage::model::{Actor, Change, NewUser, ObjectRef};
use c4h_storage::{Store, StoreError};
use time::OffsetDateTime;

/// Why an administrator could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAdminError {
    #[error("an account with the e-mail address {0} already exists")]
    EmailTaken(EmailAddress),
    #[error("the display name must be 1 to 100 characters")]
    DisplayName,
    #[error(transparent)]
    Store(StoreError),
    #[error(transparent)]
    Hashing(anyhow::Error),
}

/// Creates an administrator account that can sign in with `password`. The audit trail records
/// that the command line created it.
pub async fn create_admin(
    store: &dyn Store,
    email: EmailAddress,
    display_name: &str,
    password: Password,
    language: LanguageTag,
    now: OffsetDateTime,
) -> Result<UserId, CreateAdminError> {
    let display_name = display_name.trim();
    if display_name.is_empty()
        || display_name.chars().count() > 100
        || display_name.chars().any(char::is_control)
    {
        return Err(CreateAdminError::DisplayName);
    }
    let password_hash =
        crate::passwords::hash(password).await.map_err(CreateAdminError::Hashing)?;
    let user = NewUser {
        id: UserId::new(),
        email: email.clone(),
        display_name: display_name.to_owned(),
        password_hash: Some(password_hash),
        staff_role: Some(StaffRole::Admin),
        preferred_language: language,
    };
    let change = Change::new(Actor::cli(), "user.create", ObjectRef::new("user", user.id), now)
        .with_details(serde_json::json!({ "staff_role": "admin" }));
    match store.create_staff_user(&user, &change).await {
        Ok(()) => Ok(user.id),
        Err(StoreError::Duplicate { .. }) => Err(CreateAdminError::EmailTaken(email)),
        Err(error) => Err(CreateAdminError::Store(error)),
    }
}
