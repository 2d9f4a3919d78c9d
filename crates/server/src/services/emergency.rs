//! The emergency path: an organisation with no account asks for help in one short form; the
//! account and the organisation are made on the way, and the request enters triage, flagged as
//! from an unverified organisation, as soon as the person proves their address.
//!
//! The answer is the same whether or not the address already had an account (no enumeration);
//! someone who has one is told by e-mail to sign in and ask from there.

use c4h_domain::ids::{MembershipId, OrganisationId, RequestId, UserId};
use c4h_domain::intake::RequestDraft;
use c4h_domain::{
    Country, EmailAddress, LanguageTag, RequestState, RequesterKind, VerificationState,
};
use c4h_storage::StoreError;
use c4h_storage::model::{
    Emergency, NewOrganisation, NewToken, NewUser, ObjectRef, Submission, TokenPurpose,
};

use super::registration::VERIFY_LIFETIME;
use super::{Client, link};
use crate::auth::limits::{self, exceeded};
use crate::auth::secrets::{hash_token, new_join_code, new_token};
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// What the emergency form gives, already checked.
#[derive(Debug)]
pub struct EmergencyForm {
    pub organisation_name: String,
    pub kind: RequesterKind,
    pub country: Country,
    pub display_name: String,
    pub email: EmailAddress,
    pub draft: RequestDraft,
    pub language: LanguageTag,
}

pub async fn start(
    state: &AppState,
    form: EmergencyForm,
    locale: Locale,
    client: &Client,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::EMERGENCY_PER_ADDRESS, &client.address, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    if let Some(existing) = state.store.user_by_email(&form.email).await? {
        let notice = Message::EmergencyHasAccount { sign_in: link(state, "/requests/new", &[]) };
        let change = client
            .change(None, "request.emergency_existing", ObjectRef::new("user", existing.id), now)
            .with_job(mail::job(&form.email, locale, notice, now));
        state.store.record(&change).await?;
        state.jobs.wake();
        return Ok(());
    }
    let user = NewUser {
        id: UserId::new(),
        email: form.email.clone(),
        display_name: form.display_name,
        password_hash: None,
        staff_role: None,
        preferred_language: form.language.clone(),
    };
    let token = new_token();
    let request = RequestId::new();
    let emergency = Emergency {
        verification: NewToken {
            token_hash: hash_token(&token),
            purpose: TokenPurpose::VerifyEmail,
            user_id: user.id,
            email: user.email.clone(),
            created_at: now,
            expires_at: now + VERIFY_LIFETIME,
        },
        organisation: NewOrganisation {
            id: OrganisationId::new(),
            name: form.organisation_name,
            kind: form.kind,
            country: form.country,
            languages: vec![form.language],
            website: None,
            registry_number: None,
            nis2_in_scope: false,
            verification: VerificationState::Unverified,
        },
        join_code: new_join_code(),
        membership: MembershipId::new(),
        submission: Submission {
            id: request,
            draft: form.draft,
            state: RequestState::Draft,
            idempotency_key: format!("emergency:{}", new_token()),
        },
        user,
    };
    let message =
        Message::EmergencyConfirm { link: link(state, "/verify-email", &[("token", &token)]) };
    let change = client
        .change(
            Some(emergency.user.id),
            "request.emergency",
            ObjectRef::new("request", request),
            now,
        )
        .for_request(request)
        .with_job(mail::job(&form.email, locale, message, now));
    match state.store.start_emergency(&emergency, &change).await {
        // The same address at the same moment twice: the other one won.
        Ok(()) | Err(StoreError::Duplicate { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    state.jobs.wake();
    Ok(())
}

/// Once `user` proved their address: sends the requests they started on the emergency path.
pub async fn send_drafts(
    state: &AppState,
    user: UserId,
    client: &Client,
) -> Result<Vec<RequestId>, AppError> {
    let now = state.clock.now();
    let change =
        client.change(Some(user), "request.submit", ObjectRef::new("request", "draft"), now);
    Ok(state.store.submit_drafts(user, &change).await?)
}
