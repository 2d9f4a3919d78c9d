//! Registration, address verification, and password reset by e-mail.
//!
//! Registering with an address that has an account, and asking a reset for an address that has
//! none, answer exactly like the ordinary case (same page, same status, a password hashed either
//! way, a job enqueued either way): the e-mail, not the page, tells the owner what happened.

use c4h_domain::ids::UserId;
use c4h_domain::{EmailAddress, LanguageTag, Password};
use c4h_storage::StoreError;
use c4h_storage::model::{Credentials, NewToken, NewUser, ObjectRef, TokenPurpose};
use time::Duration;

use super::{Client, link};
use crate::auth::limits::{self, exceeded};
use crate::auth::secrets::{hash_token, new_token};
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// How long an address-verification link works.
pub const VERIFY_LIFETIME: Duration = Duration::hours(24);
/// How long a password-reset link works.
pub const RESET_LIFETIME: Duration = Duration::hours(1);

fn locale_of(language: &LanguageTag) -> Locale {
    Locale::from_tag(language.as_str()).unwrap_or(Locale::DEFAULT)
}

/// What a registration form gives, already parsed.
#[derive(Debug)]
pub struct Registration {
    pub display_name: String,
    pub email: EmailAddress,
    pub password: Password,
    pub language: LanguageTag,
}

/// Registers a requester. The answer is the same whether or not the address had an account.
pub async fn register(
    state: &AppState,
    form: Registration,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::REGISTER_PER_ADDRESS, &client.address, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    // Hash first, whatever happens next, so both paths take the same time.
    let password_hash = state
        .hasher
        .hash(&form.password)
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(AppError::Internal)?;
    let locale = locale_of(&form.language);
    if let Some(existing) = state.store.user_by_email(&form.email).await? {
        let notice = Message::AlreadyRegistered {
            sign_in: link(state, "/login", &[]),
            reset: link(state, "/password/forgot", &[]),
        };
        let change = client
            .change(None, "user.register_existing", ObjectRef::new("user", existing.id), now)
            .with_job(mail::job(&form.email, locale_of(&existing.preferred_language), notice, now));
        state.store.record(&change).await?;
        state.jobs.wake();
        return Ok(());
    }
    let user = NewUser {
        id: UserId::new(),
        email: form.email.clone(),
        display_name: form.display_name,
        password_hash: Some(password_hash),
        staff_role: None,
        preferred_language: form.language,
    };
    let token = new_token();
    let verification = NewToken {
        token_hash: hash_token(&token),
        purpose: TokenPurpose::VerifyEmail,
        user_id: user.id,
        email: user.email.clone(),
        created_at: now,
        expires_at: now + VERIFY_LIFETIME,
    };
    let verify = Message::VerifyEmail { link: link(state, "/verify-email", &[("token", &token)]) };
    let change = client
        .change(Some(user.id), "user.register", ObjectRef::new("user", user.id), now)
        .with_job(mail::job(&user.email, locale, verify, now));
    match state.store.create_user(&user, false, Some(&verification), &change).await {
        // Two registrations for one new address at the same moment: the other one won.
        Ok(()) | Err(StoreError::Duplicate { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    state.jobs.wake();
    Ok(())
}

/// Sends a fresh verification link (after a correct password on an unconfirmed account).
pub async fn send_verification(
    state: &AppState,
    account: &Credentials,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::VERIFY_PER_ACCOUNT, &account.user_id.to_string(), now)
        .await?
    {
        return Ok(());
    }
    let token = new_token();
    let message = Message::VerifyEmail { link: link(state, "/verify-email", &[("token", &token)]) };
    let stored = NewToken {
        token_hash: hash_token(&token),
        purpose: TokenPurpose::VerifyEmail,
        user_id: account.user_id,
        email: account.email.clone(),
        created_at: now,
        expires_at: now + VERIFY_LIFETIME,
    };
    let change = client
        .change(
            Some(account.user_id),
            "user.verification_sent",
            ObjectRef::new("user", account.user_id),
            now,
        )
        .with_job(mail::job(&account.email, locale_of(&account.preferred_language), message, now));
    state.store.create_token(&stored, &change).await?;
    state.jobs.wake();
    Ok(())
}

/// Whether a link of `purpose` is valid now.
pub async fn link_is_valid(
    state: &AppState,
    token: &str,
    purpose: TokenPurpose,
) -> Result<bool, AppError> {
    Ok(state.store.peek_token(&hash_token(token), purpose, state.clock.now()).await?.is_some())
}

/// Uses a verification link: the account whose address it proved, or `None` when it is not
/// valid.
pub async fn verify_email(
    state: &AppState,
    token: &str,
    client: &Client,
) -> Result<Option<UserId>, AppError> {
    let now = state.clock.now();
    let change =
        client.change(None, "user.verify_email", ObjectRef::new("token", "verify_email"), now);
    Ok(state.store.verify_email_with_token(&hash_token(token), now, &change).await?)
}

/// Sends a reset link, or a note that no account uses the address. Same answer either way.
pub async fn forgot_password(
    state: &AppState,
    email: &EmailAddress,
    locale: Locale,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::RESET_PER_ADDRESS, &client.address, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    // Beyond a few a hour for one address, say the same and send nothing: no mail bombing.
    if exceeded(state.store.as_ref(), limits::RESET_PER_RECIPIENT, email.as_str(), now).await? {
        return Ok(());
    }
    match state.store.credentials(email).await?.filter(|account| !account.disabled) {
        Some(account) => {
            let token = new_token();
            let message = Message::ResetPassword {
                link: link(state, "/password/reset", &[("token", &token)]),
            };
            let stored = NewToken {
                token_hash: hash_token(&token),
                purpose: TokenPurpose::ResetPassword,
                user_id: account.user_id,
                email: account.email.clone(),
                created_at: now,
                expires_at: now + RESET_LIFETIME,
            };
            let change = client
                .change(
                    None,
                    "user.password_reset_requested",
                    ObjectRef::new("user", account.user_id),
                    now,
                )
                .with_job(mail::job(email, locale_of(&account.preferred_language), message, now));
            state.store.create_token(&stored, &change).await?;
        }
        None => {
            let message = Message::NoAccount { register: link(state, "/register", &[]) };
            let change = client
                .change(
                    None,
                    "user.password_reset_requested",
                    ObjectRef::new("account", hash_token(email.as_str())),
                    now,
                )
                .with_job(mail::job(email, locale, message, now));
            state.store.record(&change).await?;
        }
    }
    state.jobs.wake();
    Ok(())
}

/// Uses a reset link: sets the password, ends every session, tells the owner. `false` when the
/// link is not valid.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: &Password,
    client: &Client,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let Some(info) =
        state.store.peek_token(&hash_token(token), TokenPurpose::ResetPassword, now).await?
    else {
        return Ok(false);
    };
    let hash = state
        .hasher
        .hash(password)
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(AppError::Internal)?;
    let language = state.store.user_by_id(info.user_id).await?.map(|user| user.preferred_language);
    let locale = language.as_ref().map_or(Locale::DEFAULT, locale_of);
    let notice = Message::PasswordChanged { reset: link(state, "/password/forgot", &[]) };
    let change = client
        .change(
            Some(info.user_id),
            "user.password_reset",
            ObjectRef::new("user", info.user_id),
            now,
        )
        .with_job(mail::job(&info.email, locale, notice, now));
    let done = state
        .store
        .reset_password_with_token(&hash_token(token), &hash, now, &change)
        .await?
        .is_some();
    state.jobs.wake();
    Ok(done)
}
