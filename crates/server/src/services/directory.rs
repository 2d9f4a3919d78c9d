//! The coordinators' directory: providers, offerings and organisations, filtered and a page at a
//! time, each with its history; and verifying or rejecting organisations.
//!
//! Every read takes the directory grant (staff only); a verification decision is audited and its
//! reason is stored where the organisation's members read it.

use c4h_domain::ids::{OfferingId, OrganisationId, UserId};
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_storage::model::{
    AuditEvent, MemberView, ObjectRef, OfferingFilter, OfferingRow, OrganisationDetails,
    OrganisationFilter, OrganisationRow, Page, ProviderFilter, ProviderRow, SessionContext, Window,
};

use super::providers::HISTORY_LENGTH;
use super::{Client, link};
use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// One event of an object's history, with the name of whoever caused it.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub at: time::OffsetDateTime,
    /// The person's display name; `None` for the system, the command line, or the public.
    pub who: Option<String>,
    pub actor_label: String,
    /// The stable action code (`provider.vet`).
    pub action: String,
}

/// Puts names to the people in `events` (a history is short: one lookup per distinct person).
pub async fn named(
    state: &AppState,
    events: Vec<AuditEvent>,
) -> Result<Vec<HistoryEntry>, AppError> {
    let mut names: std::collections::HashMap<UserId, Option<String>> = Default::default();
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        let record = event.record;
        let who = match record.actor.user_id {
            Some(id) => match names.get(&id) {
                Some(name) => name.clone(),
                None => {
                    let name = state.store.user_by_id(id).await?.map(|user| user.display_name);
                    names.insert(id, name.clone());
                    name
                }
            },
            None => None,
        };
        entries.push(HistoryEntry {
            at: record.occurred_at,
            who,
            actor_label: record.actor.label,
            action: record.action,
        });
    }
    Ok(entries)
}

/// How many rows a directory page holds.
pub const PAGE_SIZE: u32 = 25;

/// The window of page `number` (1-based; anything below 1 is the first page).
pub fn window(number: u32) -> Window {
    Window { offset: number.saturating_sub(1).saturating_mul(PAGE_SIZE), limit: PAGE_SIZE }
}

pub async fn providers(
    state: &AppState,
    principal: &Principal,
    filter: &ProviderFilter,
    page: u32,
) -> Result<Page<ProviderRow>, AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    Ok(state.store.providers_directory(&grant, filter, window(page)).await?)
}

pub async fn organisations(
    state: &AppState,
    principal: &Principal,
    filter: &OrganisationFilter,
    page: u32,
) -> Result<Page<OrganisationRow>, AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    Ok(state.store.organisations_directory(&grant, filter, window(page)).await?)
}

pub async fn offerings(
    state: &AppState,
    principal: &Principal,
    filter: &OfferingFilter,
    page: u32,
) -> Result<Page<OfferingRow>, AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    Ok(state.store.offerings_directory(&grant, filter, window(page)).await?)
}

/// One offering of the directory with its history.
pub async fn offering(
    state: &AppState,
    principal: &Principal,
    id: OfferingId,
) -> Result<(OfferingRow, Vec<HistoryEntry>), AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    let filter = OfferingFilter { id: Some(id), ..OfferingFilter::default() };
    let page = state.store.offerings_directory(&grant, &filter, window(1)).await?;
    let row = page.items.into_iter().next().ok_or(AppError::NotFound)?;
    let history = state.store.history(&grant, "offering", &id.to_string(), HISTORY_LENGTH).await?;
    Ok((row, named(state, history).await?))
}

/// An organisation as a coordinator checks it.
#[derive(Debug)]
pub struct OrganisationFile {
    pub details: OrganisationDetails,
    pub members: Vec<MemberView>,
    pub history: Vec<HistoryEntry>,
}

pub async fn organisation(
    state: &AppState,
    principal: &Principal,
    id: OrganisationId,
) -> Result<OrganisationFile, AppError> {
    let directory = authorize(principal, Action::View, Resource::Directory)?;
    let view = authorize(principal, Action::View, Resource::Organisation(id))?;
    let details = state.store.organisation(&view).await?.ok_or(AppError::NotFound)?;
    let members = state.store.members(&view).await?;
    let history =
        state.store.history(&directory, "organisation", &id.to_string(), HISTORY_LENGTH).await?;
    Ok(OrganisationFile { details, members, history: named(state, history).await? })
}

/// Verifies or rejects an organisation. The reason is stored for its members to read; its
/// admins are told by e-mail that there is an answer (the reason itself stays on the page).
pub async fn verify(
    state: &AppState,
    context: &SessionContext,
    id: OrganisationId,
    verified: bool,
    reason: &str,
    client: &Client,
) -> Result<(), AppError> {
    let grant = authorize(&context.principal, Action::Verify, Resource::Organisation(id))?;
    let now = state.clock.now();
    let action = if verified { "organisation.verify" } else { "organisation.reject" };
    let mut change =
        client.change(Some(context.user.id), action, ObjectRef::new("organisation", id), now);
    let view = authorize(&context.principal, Action::View, Resource::Organisation(id))?;
    for (address, language) in state.store.admins_to_notify(&view).await? {
        let locale = Locale::from_tag(language.as_str()).unwrap_or(Locale::DEFAULT);
        let message = Message::OrganisationReviewed {
            link: link(state, &format!("/organisations/{id}"), &[]),
        };
        change = change.with_job(mail::job(&address, locale, message, now));
    }
    if !state.store.verify_organisation(&grant, verified, reason, &change).await? {
        return Err(AppError::NotFound);
    }
    state.jobs.wake();
    Ok(())
}
