//! A provider's own desk: its offerings with the capacity in use, writing and pausing them, and
//! putting the whole provider on pause ("not taking new cases until …").
//!
//! Every change goes through the provider admin's `ManageOfferings` grant and is audited; what
//! members of the provider read never includes the coordinators' notes or vetting history.

use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::offering::OfferingDraft;
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_domain::{Region, VettingState};
use c4h_storage::model::{
    NewJob, NewOffering, NewOfferingText, ObjectRef, OfferingSummary, SessionContext,
};
use time::OffsetDateTime;

use super::Client;
use crate::http::AppError;
use crate::jobs::rematch_job;
use crate::state::AppState;

/// The provider as its own members see it.
#[derive(Debug)]
pub struct Desk {
    pub id: ProviderId,
    pub name: String,
    pub vetting: VettingState,
    pub paused_until: Option<OffsetDateTime>,
    pub pause_message: Option<String>,
    pub offerings: Vec<OfferingSummary>,
    /// Whether the reader may change offerings and pauses (the provider's admins).
    pub can_manage: bool,
}

pub async fn desk(
    state: &AppState,
    principal: &Principal,
    id: ProviderId,
) -> Result<Desk, AppError> {
    let view = authorize(principal, Action::View, Resource::Provider(id))?;
    let details = state.store.provider_details(&view).await?.ok_or(AppError::NotFound)?;
    let offerings = state.store.provider_offerings(&view).await?;
    let can_manage = authorize(principal, Action::ManageOfferings, Resource::Provider(id)).is_ok();
    // Only what the provider's own people may read; notes and reviews stay with coordinators.
    let now = state.clock.now();
    Ok(Desk {
        id,
        name: details.name,
        vetting: details.vetting,
        paused_until: details.paused_until.filter(|until| *until > now),
        pause_message: details.pause_message.filter(|_| details.paused_until > Some(now)),
        offerings,
        can_manage,
    })
}

/// The stored form of a checked offering.
fn to_new(id: OfferingId, provider: ProviderId, draft: OfferingDraft) -> NewOffering {
    NewOffering {
        id,
        provider_id: provider,
        category: draft.category,
        delivery: draft.delivery,
        capacity: draft.capacity,
        response_time_hours: draft.response_time_hours,
        active: draft.active,
        texts: draft
            .texts
            .into_iter()
            .map(|text| NewOfferingText {
                language: text.language,
                title: text.title,
                description: text.description,
            })
            .collect(),
        languages: draft.languages,
        regions: draft.regions.iter().map(Region::as_str).map(str::to_owned).collect(),
        requester_kinds: draft.requester_kinds,
    }
}

/// One of the provider's offerings as stored, for its edit form.
pub async fn for_edit(
    state: &AppState,
    principal: &Principal,
    provider: ProviderId,
    offering: OfferingId,
) -> Result<NewOffering, AppError> {
    let grant = authorize(principal, Action::ManageOfferings, Resource::Provider(provider))?;
    state.store.offering_for_edit(&grant, offering).await?.ok_or(AppError::NotFound)
}

pub async fn create(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    draft: OfferingDraft,
    client: &Client,
) -> Result<OfferingId, AppError> {
    let grant =
        authorize(&context.principal, Action::ManageOfferings, Resource::Provider(provider))?;
    let now = state.clock.now();
    let id = OfferingId::new();
    let change = client
        .change(Some(context.user.id), "offering.create", ObjectRef::new("offering", id), now)
        .with_details(serde_json::json!({ "provider": provider.to_string() }))
        .with_job(rematch_job(now));
    state.store.create_offering(&grant, &to_new(id, provider, draft), &change).await?;
    state.jobs.wake();
    Ok(id)
}

/// Replaces an offering; `NotFound` when it is not this provider's.
pub async fn update(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    id: OfferingId,
    draft: OfferingDraft,
    client: &Client,
) -> Result<(), AppError> {
    let grant =
        authorize(&context.principal, Action::ManageOfferings, Resource::Provider(provider))?;
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "offering.update", ObjectRef::new("offering", id), now)
        .with_details(serde_json::json!({ "provider": provider.to_string() }))
        // Its capacity or what it serves may have grown.
        .with_job(rematch_job(now));
    if state.store.update_offering(&grant, &to_new(id, provider, draft), &change).await? {
        state.jobs.wake();
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Pauses or resumes one offering; `NotFound` when it is not this provider's.
pub async fn set_active(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    id: OfferingId,
    active: bool,
    client: &Client,
) -> Result<(), AppError> {
    let grant =
        authorize(&context.principal, Action::ManageOfferings, Resource::Provider(provider))?;
    let now = state.clock.now();
    let action = if active { "offering.resume" } else { "offering.pause" };
    let mut change = client
        .change(Some(context.user.id), action, ObjectRef::new("offering", id), now)
        .with_details(serde_json::json!({ "provider": provider.to_string() }));
    if active {
        change = change.with_job(rematch_job(now));
    }
    if state.store.set_offering_active(&grant, id, active, &change).await? {
        state.jobs.wake();
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Puts the whole provider on pause until `until` (its offerings leave the catalogue and
/// matching until then), or lifts the pause with `None`.
pub async fn pause_provider(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    until: Option<(OffsetDateTime, Option<String>)>,
    client: &Client,
) -> Result<(), AppError> {
    let grant =
        authorize(&context.principal, Action::ManageOfferings, Resource::Provider(provider))?;
    let now = state.clock.now();
    let action = if until.is_some() { "provider.pause" } else { "provider.resume" };
    let mut change =
        client.change(Some(context.user.id), action, ObjectRef::new("provider", provider), now);
    if let Some((until, _)) = &until {
        change = change.with_details(serde_json::json!({ "until": until.date().to_string() }));
    }
    // Capacity comes back when the pause is lifted, or when it ends.
    let back = until.as_ref().map_or(now, |(until, _)| *until);
    change = change.with_job(NewJob { run_at: back, ..rematch_job(now) });
    let (until, message) = until.unzip();
    state.store.set_provider_pause(&grant, until, message.flatten().as_deref(), &change).await?;
    state.jobs.wake();
    Ok(())
}
