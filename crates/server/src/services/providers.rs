//! Providers from application to retirement: the public application, the coordinators' vetting
//! (a second coordinator confirms every `vet`), their notes, and what the applicant is told.
//!
//! Guarantees: a decision, its audit event and the e-mail it causes are one transaction; the
//! first vetting of a provider invites its contact as the provider's first admin in that same
//! transaction, so a vetted provider always has a way in.

use c4h_domain::ids::{InvitationId, NoteId, ProviderId, ReviewId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    Country, EmailAddress, LanguageTag, MembershipRole, ServiceCategory, VettingState,
};
use c4h_storage::StoreError;
use c4h_storage::model::{
    InvitationTarget, NewInvitation, NewProvider, NewReview, ObjectRef, ProviderDetails,
    ReviewOutcome, SessionContext,
};

use super::directory::{HistoryEntry, named};
use super::staff::INVITATION_LIFETIME;
use super::{Client, link};
use crate::auth::limits::{self, exceeded};
use crate::auth::secrets::{hash_token, new_token};
use crate::http::AppError;
use crate::i18n::{Locale, Tr};
use crate::mail::{self, Message};
use crate::state::AppState;

/// How many audit events a detail page shows.
pub const HISTORY_LENGTH: u32 = 50;

/// An application as the form gives it, already checked.
#[derive(Debug, Clone)]
pub struct Application {
    pub name: String,
    pub home_country: Country,
    pub website: Option<String>,
    pub description: String,
    pub contact_email: EmailAddress,
    pub contact_phone: Option<String>,
    pub services_offered: Vec<ServiceCategory>,
}

/// What came of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Received(ProviderId),
    /// A provider of this name exists (or has applied) already.
    NameTaken,
}

/// Records an application (the pledges were taken on the form) and acknowledges it by e-mail.
pub async fn apply(
    state: &AppState,
    application: Application,
    locale: Locale,
    client: &Client,
) -> Result<Applied, AppError> {
    let now = state.clock.now();
    if exceeded(state.store.as_ref(), limits::APPLY_PER_ADDRESS, &client.address, now).await? {
        return Err(AppError::TooManyAttempts);
    }
    let id = ProviderId::new();
    let message = Message::ProviderApplied { provider: application.name.clone() };
    let change = client
        .change(None, "provider.apply", ObjectRef::new("provider", id), now)
        .with_job(mail::job(&application.contact_email, locale, message, now));
    let provider = NewProvider {
        id,
        name: application.name,
        home_country: application.home_country,
        website: application.website,
        description: application.description,
        contact_email: Some(application.contact_email),
        contact_phone: application.contact_phone,
        contact_language: LanguageTag::parse(locale.code()).ok(),
        services_offered: application.services_offered,
        vetting: VettingState::Applied,
        pledges_taken: true,
        capacity: None,
    };
    match state.store.apply_provider(&provider, &change).await {
        Ok(()) => {
            state.jobs.wake();
            Ok(Applied::Received(id))
        }
        Err(StoreError::Duplicate { .. }) => Ok(Applied::NameTaken),
        Err(error) => Err(error.into()),
    }
}

/// A provider as coordinators see it: everything, with its history.
#[derive(Debug)]
pub struct VettingFile {
    pub details: ProviderDetails,
    pub history: Vec<HistoryEntry>,
}

pub async fn vetting_file(
    state: &AppState,
    context: &SessionContext,
    id: ProviderId,
) -> Result<VettingFile, AppError> {
    // Vetting is the coordinators' business: members of the provider see their team page.
    authorize(&context.principal, Action::Vet, Resource::Provider(id))?;
    let view = authorize(&context.principal, Action::View, Resource::Provider(id))?;
    let directory = authorize(&context.principal, Action::View, Resource::Directory)?;
    let details = state.store.provider_details(&view).await?.ok_or(AppError::NotFound)?;
    let history =
        state.store.history(&directory, "provider", &id.to_string(), HISTORY_LENGTH).await?;
    Ok(VettingFile { details, history: named(state, history).await? })
}

/// Who a decision about a provider is told to.
struct Contact {
    email: Option<EmailAddress>,
    provider_name: String,
    /// The language the contact applied in.
    locale: Locale,
    /// Vetted at some point before: a confirmation reinstates it rather than admitting it.
    vetted_before: bool,
    /// Only a provider that took every pledge can be vetted (the database insists too).
    pledges_taken: bool,
}

async fn contact(
    state: &AppState,
    context: &SessionContext,
    id: ProviderId,
) -> Result<Contact, AppError> {
    let view = authorize(&context.principal, Action::View, Resource::Provider(id))?;
    let details = state.store.provider_details(&view).await?.ok_or(AppError::NotFound)?;
    Ok(Contact {
        email: details.contact_email,
        provider_name: details.name,
        vetted_before: details.vetted_at.is_some(),
        pledges_taken: details.pledges_taken,
        locale: details
            .contact_language
            .and_then(|tag| Locale::from_tag(tag.as_str()))
            .unwrap_or(Locale::DEFAULT),
    })
}

/// A coordinator's decision. `vet` is recorded as a proposal that waits for a second
/// coordinator; the others apply at once, and the applicant is told with the reason.
pub async fn decide(
    state: &AppState,
    context: &SessionContext,
    id: ProviderId,
    decision: VettingDecision,
    reason: String,
    client: &Client,
) -> Result<ReviewOutcome, AppError> {
    let grant = authorize(&context.principal, Action::Vet, Resource::Provider(id))?;
    let now = state.clock.now();
    let contact = contact(state, context, id).await?;
    if decision == VettingDecision::Vet && !contact.pledges_taken {
        return Ok(ReviewOutcome::NotApplicable);
    }
    let review = NewReview { id: ReviewId::new(), decision, reason: reason.clone(), at: now };
    let action = if decision.needs_confirmation() {
        "provider.vet_proposed".to_owned()
    } else {
        format!("provider.{}", decision.as_str())
    };
    let mut change = client
        .change(Some(context.user.id), &action, ObjectRef::new("provider", id), now)
        .with_details(serde_json::json!({ "review": review.id.to_string() }));
    if let (Some(to), false) = (&contact.email, decision.needs_confirmation()) {
        let tr = Tr::new(contact.locale);
        let message = Message::ProviderDecision {
            provider: contact.provider_name,
            decision: tr.label("vetting", decision.leads_to().as_str()),
            reason,
        };
        change = change.with_job(mail::job(to, contact.locale, message, now));
    }
    let outcome = match state.store.decide_provider(&grant, &review, &change).await {
        // One proposal waits at a time; the page offers to confirm it instead.
        Err(StoreError::Duplicate { .. }) => ReviewOutcome::NotApplicable,
        other => other?,
    };
    state.jobs.wake();
    Ok(outcome)
}

/// A second coordinator confirms a waiting `vet` proposal. On a first vetting the contact is
/// invited as the provider's first admin, in the same transaction.
pub async fn confirm(
    state: &AppState,
    context: &SessionContext,
    id: ProviderId,
    review: ReviewId,
    client: &Client,
) -> Result<ReviewOutcome, AppError> {
    let grant = authorize(&context.principal, Action::Vet, Resource::Provider(id))?;
    let now = state.clock.now();
    let contact = contact(state, context, id).await?;
    if !contact.pledges_taken {
        return Ok(ReviewOutcome::NotApplicable);
    }
    let mut change = client
        .change(Some(context.user.id), "provider.vet", ObjectRef::new("provider", id), now)
        .with_details(serde_json::json!({ "review": review.to_string() }));
    let invitation = match (contact.email, contact.vetted_before) {
        (Some(email), false) => {
            let token = new_token();
            let invitation = NewInvitation {
                id: InvitationId::new(),
                token_hash: hash_token(&token),
                email: email.clone(),
                target: InvitationTarget::Provider { provider_id: id, role: MembershipRole::Admin },
                invited_by: context.user.id,
                created_at: now,
                expires_at: now + INVITATION_LIFETIME,
            };
            let message = Message::ProviderVetted {
                provider: contact.provider_name,
                link: link(state, "/invitations/accept", &[("token", &token)]),
            };
            change = change.with_job(mail::job(&email, contact.locale, message, now));
            Some(invitation)
        }
        _ => None,
    };
    let outcome = state.store.confirm_vetting(&grant, review, invitation.as_ref(), &change).await?;
    state.jobs.wake();
    Ok(outcome)
}

/// A coordinator's note, with the evidence it rests on (a reference, not a file).
pub async fn add_note(
    state: &AppState,
    context: &SessionContext,
    id: ProviderId,
    body: &str,
    evidence: Option<&str>,
    client: &Client,
) -> Result<(), AppError> {
    let grant = authorize(&context.principal, Action::Vet, Resource::Provider(id))?;
    let now = state.clock.now();
    let note = NoteId::new();
    let change = client
        .change(Some(context.user.id), "provider.note", ObjectRef::new("provider", id), now)
        .with_details(serde_json::json!({ "note": note.to_string() }));
    state.store.add_provider_note(&grant, note, body, evidence, &change).await?;
    Ok(())
}
