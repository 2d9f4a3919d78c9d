//! A provider's desk: its offerings with the capacity in use, and the provider-wide pause
//! ("not taking new cases until …").

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::ProviderId;
use c4h_domain::policy::{Action, Resource, authorize};
use serde::Deserialize;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, optional_text, see_other};
use super::views::day;
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::offerings::{self, Desk};
use crate::state::AppState;

/// The longest pause a provider can set at once.
const LONGEST_PAUSE: Duration = Duration::days(366);

struct OfferingLine {
    id: String,
    category: &'static str,
    title: String,
    active: bool,
    /// "2 of 5 in use".
    usage: String,
    response_time_hours: u32,
}

#[derive(Template)]
#[template(path = "provider_offerings.html")]
struct DeskPage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    base: String,
    name: String,
    vetting: &'static str,
    /// Vetted: its active offerings are in the catalogue (unless it is paused).
    listed: bool,
    can_manage: bool,
    paused_until: Option<String>,
    pause_message: Option<String>,
    offerings: Vec<OfferingLine>,
    until: String,
    message: String,
    today: String,
}

fn desk_page(
    ctx: PageContext,
    desk: Desk,
    errors: FormErrors,
    notice: Option<&'static str>,
    now: OffsetDateTime,
) -> DeskPage {
    DeskPage {
        errors,
        notice,
        base: format!("/providers/{}", desk.id),
        name: desk.name,
        vetting: desk.vetting.as_str(),
        listed: desk.vetting == c4h_domain::VettingState::Vetted,
        can_manage: desk.can_manage,
        paused_until: desk.paused_until.map(day),
        pause_message: desk.pause_message,
        offerings: desk
            .offerings
            .into_iter()
            .map(|offering| OfferingLine {
                id: offering.id.to_string(),
                category: offering.category.as_str(),
                title: offering.title,
                active: offering.active,
                usage: ctx.tr.with(
                    "offering-in-use",
                    &[
                        ("used", offering.in_use.to_string()),
                        ("capacity", offering.capacity.to_string()),
                    ],
                ),
                response_time_hours: offering.response_time_hours,
            })
            .collect(),
        until: String::new(),
        message: String::new(),
        today: day(now),
        ctx,
    }
}

fn provider_id(id: &str) -> Result<ProviderId, AppError> {
    ProviderId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let desk = offerings::desk(&state, signed_in.principal(), provider_id(&id)?).await?;
    let notice = done.notice("saved", "offerings-saved");
    let page = desk_page(ctx, desk, FormErrors::default(), notice, state.clock.now());
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct PauseForm {
    #[serde(default)]
    until: String,
    #[serde(default)]
    message: String,
}

/// The first instant of `value` (a `YYYY-MM-DD` day, as date inputs send it) in UTC, when it is
/// after today and within [`LONGEST_PAUSE`].
fn pause_end(value: &str, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let date = Date::parse(value.trim(), format_description!("[year]-[month]-[day]")).ok()?;
    let until = date.midnight().assume_utc();
    (until > now && until <= now + LONGEST_PAUSE).then_some(until)
}

pub async fn pause(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<PauseForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    authorize(signed_in.principal(), Action::ManageOfferings, Resource::Provider(id))?;
    let Form(form) = form?;
    let now = state.clock.now();
    let mut errors = FormErrors::default();
    let until = pause_end(&form.until, now);
    if until.is_none() {
        errors.set("until", ctx.tr.t("pause-until-invalid"));
    }
    let message = errors.check(&ctx.tr, "message", optional_text(&form.message, 300));
    let (Some(until), Some(message)) = (until, message) else {
        let desk = offerings::desk(&state, signed_in.principal(), id).await?;
        let mut page = desk_page(ctx, desk, errors, None, now);
        (page.until, page.message) = (form.until, form.message);
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    offerings::pause_provider(&state, &signed_in.0, id, Some((until, message)), &client).await?;
    Ok(see_other(&format!("/providers/{id}/offerings?done=saved"), Vec::new()))
}

pub async fn resume(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = provider_id(&id)?;
    offerings::pause_provider(&state, &signed_in.0, id, None, &client).await?;
    Ok(see_other(&format!("/providers/{id}/offerings?done=saved"), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_pause_ends_on_a_future_day_within_a_year() {
        let now = datetime!(2026-11-29 09:00 UTC);
        assert_eq!(pause_end("2026-12-02", now), Some(datetime!(2026-12-02 00:00 UTC)));
        assert_eq!(pause_end("2026-11-29", now), None, "today has begun");
        assert_eq!(pause_end("2028-01-01", now), None, "too far");
        assert_eq!(pause_end("02/12/2026", now), None);
        assert_eq!(pause_end("", now), None);
    }
}
