//! A signed-in person's notifications: the list (newest first, unread marked), opening one
//! (marked read, then on to the case), marking all read, and how they want e-mail.
//!
//! Guarantees: every route acts on the signed-in person's own notifications only; someone
//! else's notification, even with its id from a real e-mail, is "not found".

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::NotificationId;
use c4h_storage::model::{EmailPreference, ObjectRef};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, see_other};
use super::views::minute;
use crate::auth::SignedIn;
use crate::services::Client;
use crate::state::AppState;

/// How many notifications the page lists.
const SHOWN: u32 = 100;

pub struct NotificationRow {
    pub href: String,
    pub what: String,
    pub reference: String,
    pub at: String,
    pub read: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    pub ctx: PageContext,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
    pub rows: Vec<NotificationRow>,
    pub preference: &'static str,
    pub preferences: [&'static str; 3],
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<NotificationsPage, AppError> {
    let user = signed_in.0.user.id;
    let list = state.store.notifications(user, SHOWN).await?;
    let preference = state.store.email_preference(user).await?;
    let rows = list
        .into_iter()
        .map(|n| NotificationRow {
            href: format!("/notifications/{}", n.id),
            what: ctx.tr.t(&format!("notification-{}", n.kind)),
            reference: n.reference,
            at: minute(n.created_at),
            read: n.read,
        })
        .collect();
    Ok(NotificationsPage {
        ctx,
        errors,
        notice,
        rows,
        preference: preference.as_str(),
        preferences: EmailPreference::CODES,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let notice = done
        .notice("read", "notifications-done-read")
        .or(done.notice("preference", "notifications-done-preference"));
    let page = page(&state, ctx, &signed_in, FormErrors::default(), notice).await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// Marks the notification read and goes on to what it tells of.
pub async fn open(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = NotificationId::parse(&id).map_err(|_| AppError::NotFound)?;
    let now = state.clock.now();
    let link = state
        .store
        .open_notification(signed_in.0.user.id, id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(see_other(&link, Vec::new()))
}

pub async fn read_all(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    state.store.read_all_notifications(signed_in.0.user.id, state.clock.now()).await?;
    Ok(see_other("/notifications?done=read", Vec::new()))
}

#[derive(Debug, Deserialize)]
pub struct PreferenceForm {
    #[serde(default)]
    email: String,
}

pub async fn set_preference(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<PreferenceForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let Some(preference) = EmailPreference::parse(form.email.trim()) else {
        let mut errors = FormErrors::default();
        errors.set("email", ctx.tr.t("notifications-preference-invalid"));
        let page = page(&state, ctx, &signed_in, errors, None).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let user = signed_in.0.user.id;
    let change = client
        .change(
            Some(user),
            "user.notification_preference",
            ObjectRef::new("user", user),
            state.clock.now(),
        )
        .with_details(serde_json::json!({ "email": preference.as_str() }));
    state.store.set_email_preference(user, preference, &change).await?;
    Ok(see_other("/notifications?done=preference", Vec::new()))
}
