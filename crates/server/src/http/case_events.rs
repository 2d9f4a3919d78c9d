//! A case's activity as it happens, for its open pages (server-sent events): an `activity` event
//! whenever something is recorded on the case, whoever recorded it and on whichever instance.
//!
//! Guarantees: the stream is opened only for a party of the case, by the same check as its page
//! (anyone else gets 404); it says only that something changed (the page fetches what its reader
//! may see); it reads the case's newest audit event every few seconds, one index probe, so every
//! instance sees every change; it ends after a while, and the browser reconnects through the
//! same check.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use c4h_domain::ids::RequestId;
use futures_util::Stream;

use super::errors::AppError;
use crate::auth::SignedIn;
use crate::services::case::Party;
use crate::state::AppState;

/// How often the case is looked at.
const POLL: Duration = Duration::from_secs(2);
/// How long one stream lasts before the browser opens another (and is checked again).
const LIFETIME: Duration = Duration::from_secs(30 * 60);

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn requester_events(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    Party::requester_of(&state, id).await?.grant(signed_in.principal())?;
    events(state, id).await
}

pub async fn provider_events(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((provider, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (_, id) = super::case_messages::own_case(&state, &signed_in, &provider, &id).await?;
    events(state, id).await
}

pub async fn coordinator_events(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    Party::Coordinator.grant(signed_in.principal())?;
    state.store.request_standing(id).await?.ok_or(AppError::NotFound)?;
    events(state, id).await
}

async fn events(state: AppState, request: RequestId) -> Result<Response, AppError> {
    let seen = state.store.case_version(request).await?;
    let stream = changes(state, request, seen);
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}

/// An `activity` event each time the case's newest audit event moves past `seen`.
fn changes(
    state: AppState,
    request: RequestId,
    seen: Option<i64>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let until = tokio::time::Instant::now() + LIFETIME;
    futures_util::stream::unfold((state, seen), move |(state, seen)| async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + POLL, POLL);
        let mut stopping = state.stopping.clone();
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                // Shutting down (or the sender is gone): end now rather than hold shutdown up.
                _ = stopping.wait_for(|stop| *stop) => return None,
            }
            if tokio::time::Instant::now() >= until {
                return None;
            }
            match state.store.case_version(request).await {
                Ok(now) if now != seen => {
                    let event = Event::default().event("activity").data("changed");
                    return Some((Ok(event), (state, now)));
                }
                Ok(_) => {}
                // The database is away: end the stream; the browser reconnects later.
                Err(_) => return None,
            }
        }
    })
}
