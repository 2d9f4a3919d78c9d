//! A signed-in person's own account: profile, password, e-mail address, sessions.

use c4h_domain::ids::{SessionId, UserId};
use c4h_domain::{EmailAddress, LanguageTag, Password};
use c4h_storage::StoreError;
use c4h_storage::model::{
    NewSession, NewToken, ObjectRef, SessionContext, SessionRecord, TokenPurpose,
};
use time::Duration;

use super::{Client, link};
use crate::auth::secrets::{hash_token, new_token};
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// How long the link that confirms a new address works.
pub const CHANGE_EMAIL_LIFETIME: Duration = Duration::hours(24);

fn object(user: UserId) -> ObjectRef {
    ObjectRef::new("user", user)
}

fn locale_of(context: &SessionContext) -> Locale {
    Locale::from_tag(context.user.preferred_language.as_str()).unwrap_or(Locale::DEFAULT)
}

pub async fn update_profile(
    state: &AppState,
    context: &SessionContext,
    display_name: &str,
    language: &LanguageTag,
    client: &Client,
) -> Result<(), AppError> {
    let user = context.user.id;
    let change = client.change(Some(user), "user.profile_update", object(user), state.clock.now());
    state.store.update_profile(user, display_name, language, &change).await?;
    Ok(())
}

/// What came of a password change.
#[derive(Debug)]
pub enum PasswordChange {
    /// Changed; every session ended and this new one replaces the caller's (set its cookie).
    Changed { session_token: String },
    /// The current password was wrong.
    WrongCurrentPassword,
}

pub async fn change_password(
    state: &AppState,
    context: &SessionContext,
    current: &str,
    new: &Password,
    client: &Client,
) -> Result<PasswordChange, AppError> {
    let now = state.clock.now();
    let user = context.user.id;
    let credentials =
        state.store.credentials_by_id(user).await?.ok_or(AppError::Unauthenticated)?;
    let matched = state
        .hasher
        .verify(credentials.password_hash.as_deref(), current)
        .await
        .map_err(|_| AppError::Busy)?;
    if !matched {
        state
            .store
            .record(&client.change(Some(user), "user.password_change_failed", object(user), now))
            .await?;
        return Ok(PasswordChange::WrongCurrentPassword);
    }
    let hash =
        state.hasher.hash(new).await.map_err(|_| AppError::Busy)?.map_err(AppError::Internal)?;
    let token = new_token();
    let replacement = NewSession {
        id: SessionId::new(),
        token_hash: hash_token(&token),
        user_id: user,
        mfa_verified: true,
        client_address: Some(client.address.clone()),
        user_agent: client.user_agent.clone(),
        created_at: now,
        idle_expires_at: now + state.settings.session_idle,
        absolute_expires_at: context.session.absolute_expires_at,
    };
    let notice = Message::PasswordChanged { reset: link(state, "/password/forgot", &[]) };
    let change = client
        .change(Some(user), "user.password_change", object(user), now)
        .with_job(mail::job(&context.user.email, locale_of(context), notice, now));
    state.store.set_password(user, &hash, Some(&replacement), &change).await?;
    state.jobs.wake();
    Ok(PasswordChange::Changed { session_token: token })
}

/// What came of asking for a new address.
#[derive(Debug, PartialEq, Eq)]
pub enum EmailChange {
    /// A link went to the new address; the old one was told.
    Requested,
    WrongPassword,
    /// Another account uses that address (only said to someone who proved their password).
    Taken,
}

pub async fn request_email_change(
    state: &AppState,
    context: &SessionContext,
    password: &str,
    new_address: &EmailAddress,
    client: &Client,
) -> Result<EmailChange, AppError> {
    let now = state.clock.now();
    let user = context.user.id;
    let credentials =
        state.store.credentials_by_id(user).await?.ok_or(AppError::Unauthenticated)?;
    if !state
        .hasher
        .verify(credentials.password_hash.as_deref(), password)
        .await
        .map_err(|_| AppError::Busy)?
    {
        state
            .store
            .record(&client.change(Some(user), "user.email_change_failed", object(user), now))
            .await?;
        return Ok(EmailChange::WrongPassword);
    }
    if state.store.user_by_email(new_address).await?.is_some() {
        return Ok(EmailChange::Taken);
    }
    let token = new_token();
    let stored = NewToken {
        token_hash: hash_token(&token),
        purpose: TokenPurpose::ChangeEmail,
        user_id: user,
        email: new_address.clone(),
        created_at: now,
        expires_at: now + CHANGE_EMAIL_LIFETIME,
    };
    let locale = locale_of(context);
    let confirm = Message::ConfirmNewEmail {
        link: link(state, "/account/email/confirm", &[("token", &token)]),
    };
    let warn = Message::EmailChangeRequested { new_address: new_address.to_string() };
    let change = client
        .change(Some(user), "user.email_change_requested", object(user), now)
        .with_job(mail::job(new_address, locale, confirm, now))
        .with_job(mail::job(&context.user.email, locale, warn, now));
    state.store.create_token(&stored, &change).await?;
    state.jobs.wake();
    Ok(EmailChange::Requested)
}

/// Uses the link sent to a new address. `Ok(false)` when the link is not valid or the address
/// was taken in the meantime.
pub async fn confirm_email_change(
    state: &AppState,
    token: &str,
    client: &Client,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let Some(info) =
        state.store.peek_token(&hash_token(token), TokenPurpose::ChangeEmail, now).await?
    else {
        return Ok(false);
    };
    let user = state.store.user_by_id(info.user_id).await?.ok_or(AppError::NotFound)?;
    let locale = Locale::from_tag(user.preferred_language.as_str()).unwrap_or(Locale::DEFAULT);
    let notice = Message::EmailChanged { new_address: info.email.to_string() };
    let change = client
        .change(Some(user.id), "user.email_change", object(user.id), now)
        .with_job(mail::job(&user.email, locale, notice, now));
    match state.store.change_email_with_token(&hash_token(token), now, &change).await {
        Ok(done) => {
            state.jobs.wake();
            Ok(done.is_some())
        }
        Err(StoreError::Duplicate { .. }) => Ok(false),
        Err(error) => Err(error.into()),
    }
}

pub async fn sessions(
    state: &AppState,
    context: &SessionContext,
) -> Result<Vec<SessionRecord>, AppError> {
    Ok(state.store.sessions_of(context.user.id, state.clock.now()).await?)
}

/// Ends one of the caller's sessions; `false` when it is not theirs.
pub async fn revoke_session(
    state: &AppState,
    context: &SessionContext,
    id: SessionId,
    client: &Client,
) -> Result<bool, AppError> {
    let user = context.user.id;
    let change = client.change(
        Some(user),
        "session.revoke",
        ObjectRef::new("session", id),
        state.clock.now(),
    );
    Ok(state.store.revoke_session(user, id, &change).await?)
}
