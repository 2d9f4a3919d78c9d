//! Signing in and out: password, second factor, re-authentication.
//!
//! The same answer, status and (through a dummy hash) time come back for an unknown address, a
//! wrong password, a disabled account and an account without a password, so sign-in reveals
//! nothing about who has an account. A session is created only after the password, with a new
//! token (no fixation), and its token is replaced again after the second factor.

use c4h_domain::EmailAddress;
use c4h_domain::ids::{SessionId, UserId};
use c4h_storage::model::{Credentials, NewSession, ObjectRef, SessionContext};

use super::Client;
use crate::auth::cookies::DEVICE_LIFETIME;
use crate::auth::limits::{self, exceeded};
use crate::auth::secrets::{hash_recovery_code, hash_token, new_token};
use crate::auth::totp;
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// What happened to a sign-in attempt.
#[derive(Debug)]
pub enum SignIn {
    /// A session was opened; set its cookie. `device` is a new device cookie to set, if any.
    Opened { session_token: String, device: Option<String>, needs_second_factor: bool },
    /// Wrong address or password (or no such account): one answer for all.
    Refused,
    /// The password was right but the address is not confirmed yet; a new link was sent.
    Unverified,
}

fn user_object(id: UserId) -> ObjectRef {
    ObjectRef::new("user", id)
}

/// Opens a session for `user`, returning the cookie's token.
pub async fn open_session(
    state: &AppState,
    user: UserId,
    mfa_verified: bool,
    client: &Client,
    action: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let token = new_token();
    let session = NewSession {
        id: SessionId::new(),
        token_hash: hash_token(&token),
        user_id: user,
        mfa_verified,
        client_address: Some(client.address.clone()),
        user_agent: client.user_agent.clone(),
        created_at: now,
        idle_expires_at: now + state.settings.session_idle,
        absolute_expires_at: now + state.settings.session_absolute,
    };
    let change = client.change(Some(user), action, user_object(user), now);
    state.store.create_session(&session, &change).await?;
    Ok(token)
}

/// Checks the limits that apply before any password is hashed.
async fn within_limits(
    state: &AppState,
    email: &str,
    trusted: bool,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::SIGN_IN_PER_ADDRESS, &client.address, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    if !trusted
        && limits::used_up(state.store.as_ref(), limits::SIGN_IN_PER_ACCOUNT, email, now).await?
    {
        return Err(AppError::TooManyAttempts);
    }
    Ok(())
}

/// Records a failed sign-in; the failure that uses up the account's limit is a lockout.
async fn record_failure(
    state: &AppState,
    email: &str,
    trusted: bool,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let object = ObjectRef::new("account", hash_token(email));
    state.store.record(&client.change(None, "auth.sign_in_failed", object.clone(), now)).await?;
    if !trusted
        && limits::count_failure(state.store.as_ref(), limits::SIGN_IN_PER_ACCOUNT, email, now)
            .await?
    {
        state.store.record(&client.change(None, "auth.lockout", object, now)).await?;
    }
    Ok(())
}

/// The password step.
pub async fn sign_in(
    state: &AppState,
    email: &EmailAddress,
    password: &str,
    device: Option<&str>,
    client: &Client,
) -> Result<SignIn, AppError> {
    let now = state.clock.now();
    let credentials = state.store.credentials(email).await?;
    let trusted = match (&credentials, device) {
        (Some(found), Some(device)) => {
            state.store.is_trusted_device(&hash_token(device), found.user_id, now).await?
        }
        _ => false,
    };
    within_limits(state, email.as_str(), trusted, client).await?;
    let hash = credentials.as_ref().and_then(|found| found.password_hash.as_deref());
    let matched = state.hasher.verify(hash, password).await.map_err(|_| AppError::Busy)?;
    let Some(account) = credentials.filter(|found| matched && !found.disabled) else {
        record_failure(state, email.as_str(), trusted, client).await?;
        return Ok(SignIn::Refused);
    };
    if !account.email_verified {
        super::registration::send_verification(state, &account, client).await?;
        return Ok(SignIn::Unverified);
    }
    let needs_second_factor = account.totp_secret.is_some();
    let action = if needs_second_factor { "auth.password_accepted" } else { "auth.sign_in" };
    let session_token =
        open_session(state, account.user_id, !needs_second_factor, client, action).await?;
    let device = if needs_second_factor {
        None
    } else {
        trust_device(state, &account, device, trusted, client).await?
    };
    Ok(SignIn::Opened { session_token, device, needs_second_factor })
}

/// After a complete sign-in: marks the browser as known to this account and, when it was not,
/// tells the owner by e-mail. Returns a new device cookie to set, if the browser had none.
pub async fn trust_device(
    state: &AppState,
    account: &Credentials,
    device: Option<&str>,
    already_trusted: bool,
    client: &Client,
) -> Result<Option<String>, AppError> {
    let now = state.clock.now();
    let (token, fresh) = match device {
        Some(token) => (token.to_owned(), false),
        None => (new_token(), true),
    };
    state.store.trust_device(&hash_token(&token), account.user_id, now, DEVICE_LIFETIME).await?;
    if !already_trusted {
        let locale =
            Locale::from_tag(account.preferred_language.as_str()).unwrap_or(Locale::DEFAULT);
        let when = now.format(&time::format_description::well_known::Rfc2822).unwrap_or_default();
        let notice = Message::NewSignIn { when, from: client.address.clone() };
        state.store.enqueue_jobs(&[mail::job(&account.email, locale, notice, now)]).await?;
        state.jobs.wake();
    }
    Ok(fresh.then_some(token))
}

/// What came of a second-factor attempt.
#[derive(Debug)]
pub enum SecondFactor {
    /// Accepted: the session's new token, and a new device cookie if any.
    Accepted { session_token: String, device: Option<String> },
    /// Wrong, expired or already used code.
    Refused,
}

/// The second-factor step: a TOTP code, or a recovery code.
pub async fn second_factor(
    state: &AppState,
    context: &SessionContext,
    code: &str,
    device: Option<&str>,
    client: &Client,
) -> Result<SecondFactor, AppError> {
    let now = state.clock.now();
    let user = context.user.id;
    if limits::exceeded(
        state.store.as_ref(),
        limits::SECOND_FACTOR_PER_ACCOUNT,
        &user.to_string(),
        now,
    )
    .await?
    {
        let change = client.change(Some(user), "auth.lockout", user_object(user), now);
        state.store.revoke_session(user, context.session.id, &change).await?;
        return Err(AppError::TooManyAttempts);
    }
    let credentials =
        state.store.credentials_by_id(user).await?.ok_or(AppError::Unauthenticated)?;
    let secret = credentials
        .totp_secret
        .as_deref()
        .and_then(totp::decode_secret)
        .ok_or(AppError::Unauthenticated)?;
    let accepted = match totp::matching_step(&secret, code, now) {
        Some(step) => state.store.accept_totp_step(user, step).await?,
        None => false,
    };
    let by_recovery = !accepted
        && code.chars().filter(char::is_ascii_alphanumeric).count() == 16
        && state.store.use_recovery_code(user, &hash_recovery_code(code), now).await?;
    if !accepted && !by_recovery {
        state
            .store
            .record(&client.change(Some(user), "auth.second_factor_failed", user_object(user), now))
            .await?;
        return Ok(SecondFactor::Refused);
    }
    let token = new_token();
    let action = if by_recovery { "auth.sign_in_with_recovery_code" } else { "auth.sign_in" };
    state
        .store
        .complete_mfa(
            context.session.id,
            &hash_token(&token),
            &client.change(Some(user), action, user_object(user), now),
        )
        .await?;
    let trusted = match device {
        Some(device) => state.store.is_trusted_device(&hash_token(device), user, now).await?,
        None => false,
    };
    let device = trust_device(state, &credentials, device, trusted, client).await?;
    Ok(SecondFactor::Accepted { session_token: token, device })
}

/// Ends the current session.
pub async fn sign_out(
    state: &AppState,
    context: &SessionContext,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let change =
        client.change(Some(context.user.id), "auth.sign_out", user_object(context.user.id), now);
    state.store.revoke_session(context.user.id, context.session.id, &change).await?;
    Ok(())
}

/// Step-up: the password again, and a code when the account has a second factor.
pub async fn reauthenticate(
    state: &AppState,
    context: &SessionContext,
    password: &str,
    code: &str,
    client: &Client,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let user = context.user.id;
    if exceeded(state.store.as_ref(), limits::SECOND_FACTOR_PER_ACCOUNT, &user.to_string(), now)
        .await?
    {
        return Err(AppError::TooManyAttempts);
    }
    let credentials =
        state.store.credentials_by_id(user).await?.ok_or(AppError::Unauthenticated)?;
    let password_ok = state
        .hasher
        .verify(credentials.password_hash.as_deref(), password)
        .await
        .map_err(|_| AppError::Busy)?;
    let code_ok = match credentials.totp_secret.as_deref().and_then(totp::decode_secret) {
        None => true,
        Some(secret) => match totp::matching_step(&secret, code, now) {
            Some(step) => state.store.accept_totp_step(user, step).await?,
            None => false,
        },
    };
    let ok = password_ok && code_ok;
    let action = if ok { "auth.reauthenticated" } else { "auth.reauthentication_failed" };
    let change = client.change(Some(user), action, user_object(user), now);
    if ok {
        state.store.mark_reauthenticated(context.session.id, &change).await?;
    } else {
        state.store.record(&change).await?;
    }
    Ok(ok)
}
