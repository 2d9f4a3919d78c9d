//! Setting up, replacing and turning off the second factor.

use c4h_domain::ids::UserId;
use c4h_storage::model::{ObjectRef, SessionContext};

use super::Client;
use crate::auth::secrets::{hash_recovery_code, hash_token, new_recovery_code, new_token};
use crate::auth::totp;
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// How many recovery codes a user gets.
pub const RECOVERY_CODES: usize = 10;

fn object(user: UserId) -> ObjectRef {
    ObjectRef::new("user", user)
}

/// A secret to offer for enrolment: base32 text, the `otpauth://` address and its QR code.
#[derive(Debug, Clone)]
pub struct Offer {
    pub secret: String,
    pub url: String,
    pub qr_svg: String,
}

pub fn offer(
    state: &AppState,
    context: &SessionContext,
    qr_label: &str,
) -> Result<Offer, AppError> {
    let secret = totp::encode_secret(&crate::auth::secrets::new_totp_secret());
    offer_for(state, context, qr_label, &secret)
}

/// The offer for a secret already shown (after a mistyped code).
pub fn offer_for(
    state: &AppState,
    context: &SessionContext,
    qr_label: &str,
    secret: &str,
) -> Result<Offer, AppError> {
    let bytes = totp::decode_secret(secret).ok_or(AppError::BadRequest)?;
    let url =
        totp::provisioning_url(&bytes, &state.settings.operator_name, context.user.email.as_str())
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no provisioning address")))?;
    let qr_svg = totp::qr_svg(&url, qr_label)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no QR code")))?;
    Ok(Offer { secret: secret.to_owned(), url, qr_svg })
}

/// What came of confirming enrolment.
#[derive(Debug)]
pub enum Enrolment {
    /// Enrolled. The recovery codes are shown once; the session's new token must be set.
    Done { recovery_codes: Vec<String>, session_token: String },
    /// The code does not match the secret (or the secret was tampered with).
    WrongCode,
}

fn fresh_codes() -> (Vec<String>, Vec<String>) {
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let hashes = codes.iter().map(|code| hash_recovery_code(code)).collect();
    (codes, hashes)
}

/// Enrols `secret` if `code` proves the user's app holds it.
pub async fn enrol(
    state: &AppState,
    context: &SessionContext,
    secret: &str,
    code: &str,
    client: &Client,
) -> Result<Enrolment, AppError> {
    let now = state.clock.now();
    let user = context.user.id;
    let Some(step) = totp::decode_secret(secret)
        .filter(|bytes| bytes.len() >= 16)
        .and_then(|bytes| totp::matching_step(&bytes, code, now))
    else {
        return Ok(Enrolment::WrongCode);
    };
    let (recovery_codes, hashes) = fresh_codes();
    let locale =
        Locale::from_tag(context.user.preferred_language.as_str()).unwrap_or(Locale::DEFAULT);
    let change = client.change(Some(user), "mfa.enrol", object(user), now).with_job(mail::job(
        &context.user.email,
        locale,
        Message::MfaEnabled,
        now,
    ));
    state.store.enrol_totp(user, secret, &hashes, &change).await?;
    // The code just used cannot be used again to sign in.
    state.store.accept_totp_step(user, step).await?;
    let token = new_token();
    let change = client.change(Some(user), "auth.session_upgraded", object(user), now);
    state.store.complete_mfa(context.session.id, &hash_token(&token), &change).await?;
    state.jobs.wake();
    Ok(Enrolment::Done { recovery_codes, session_token: token })
}

/// Replaces the recovery codes; returns the new ones, to show once.
pub async fn new_recovery_codes(
    state: &AppState,
    context: &SessionContext,
    client: &Client,
) -> Result<Vec<String>, AppError> {
    let user = context.user.id;
    let (codes, hashes) = fresh_codes();
    let change =
        client.change(Some(user), "mfa.recovery_codes_replaced", object(user), state.clock.now());
    state.store.replace_recovery_codes(user, &hashes, &change).await?;
    Ok(codes)
}

/// Turns the second factor off, for those whose role does not require it.
pub async fn disable(
    state: &AppState,
    context: &SessionContext,
    client: &Client,
) -> Result<(), AppError> {
    if context.principal.requires_mfa() {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let user = context.user.id;
    let locale =
        Locale::from_tag(context.user.preferred_language.as_str()).unwrap_or(Locale::DEFAULT);
    let change = client.change(Some(user), "mfa.disable", object(user), now).with_job(mail::job(
        &context.user.email,
        locale,
        Message::MfaDisabled,
        now,
    ));
    state.store.remove_totp(user, &change).await?;
    state.jobs.wake();
    Ok(())
}
