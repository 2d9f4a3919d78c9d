//! The coordinators' directory of organisations and offerings: filtered, paged lists, a detail
//! page with the history of each, and verifying or rejecting organisations.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{OfferingId, OrganisationId, ProviderId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::{Country, RequesterKind, ServiceCategory, VerificationState};
use c4h_storage::model::{OfferingFilter, OrganisationFilter};
use serde::Deserialize;

use super::choices::{self, Choice, state_choices};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, filter, see_other, text};

use super::views::{HistoryRow, Pager, day};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::directory::{self, PAGE_SIZE};
use crate::state::AppState;

/// A GET form's parameters as the link to another page of the same list.
fn page_link(base: &str, params: &[(&str, &str)], page: u32) -> String {
    let mut pairs: Vec<(&str, &str)> = params.to_vec();
    let page = page.to_string();
    pairs.push(("page", &page));
    format!("{base}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

fn some_text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|text| !text.is_empty())
}

struct OrganisationLine {
    id: String,
    name: String,
    kind: &'static str,
    country: &'static str,
    verification: &'static str,
    declared: String,
    members: u32,
    registered: String,
}

#[derive(Template)]
#[template(path = "coordination_organisations.html")]
struct OrganisationsPage {
    ctx: PageContext,
    q: String,
    states: Vec<Choice>,
    countries: Vec<Choice>,
    kinds: Vec<Choice>,
    total: u64,
    organisations: Vec<OrganisationLine>,
    pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
pub struct OrganisationParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    verification: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    kind: String,
    page: Option<u32>,
}

pub async fn organisations(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    params: Result<Query<OrganisationParams>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(signed_in.principal(), Action::View, Resource::Directory)?;
    let Query(params) = params?;
    let filter = OrganisationFilter {
        text: some_text(&params.q),
        verification: filter(&params.verification, VerificationState::parse)?,
        country: filter(&params.country, Country::parse)?,
        kind: filter(&params.kind, RequesterKind::parse)?,
    };
    let number = params.page.unwrap_or(1).max(1);
    let found = directory::organisations(&state, signed_in.principal(), &filter, number).await?;
    let organisations = found
        .items
        .into_iter()
        .map(|row| {
            let declared =
                [row.website, row.registry_number, row.registrant_domain.map(|d| format!("@{d}"))];
            OrganisationLine {
                id: row.id.to_string(),
                name: row.name,
                kind: row.kind.as_str(),
                country: row.country.as_str(),
                verification: row.verification.as_str(),
                declared: declared.into_iter().flatten().collect::<Vec<_>>().join(" · "),
                members: row.members,
                registered: day(row.created_at),
            }
        })
        .collect();
    let kept = [
        ("q", params.q.trim()),
        ("verification", params.verification.trim()),
        ("country", params.country.trim()),
        ("kind", params.kind.trim()),
    ];
    let page = OrganisationsPage {
        q: params.q.trim().to_owned(),
        states: state_choices(
            &ctx.tr,
            "verification-state",
            VerificationState::CODES,
            params.verification.trim(),
        ),
        countries: choices::countries(&ctx.tr, &[params.country.trim()]),
        kinds: choices::kinds(&ctx.tr, &[params.kind.trim()]),
        total: found.total,
        organisations,
        pager: Pager::new(&ctx.tr, number, found.total, PAGE_SIZE, |n| {
            page_link("/coordination/organisations", &kept, n)
        }),
        ctx,
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Template)]
#[template(path = "coordination_organisation.html")]
struct OrganisationPage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    base: String,
    name: String,
    kind: &'static str,
    country: &'static str,
    verification: &'static str,
    verification_note: Option<String>,
    website: Option<String>,
    registry_number: Option<String>,
    registrant_domain: Option<String>,
    registered: String,
    /// (name, e-mail, role, state)
    members: Vec<(String, String, &'static str, &'static str)>,
    history: Vec<HistoryRow>,
    reason: String,
}

async fn organisation_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: OrganisationId,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<OrganisationPage, AppError> {
    let file = directory::organisation(state, signed_in.principal(), id).await?;
    let details = file.details;
    Ok(OrganisationPage {
        errors,
        notice,
        base: format!("/coordination/organisations/{id}"),
        name: details.name,
        kind: details.kind.as_str(),
        country: details.country.as_str(),
        verification: details.verification.as_str(),
        verification_note: details.verification_note,
        website: details.website,
        registry_number: details.registry_number,
        registrant_domain: details.registrant_domain,
        registered: day(details.created_at),
        members: file
            .members
            .into_iter()
            .map(|m| (m.display_name, m.email.to_string(), m.role.as_str(), m.state.as_str()))
            .collect(),
        history: HistoryRow::rows(&ctx.tr, file.history),
        reason: String::new(),
        ctx,
    })
}

fn organisation_id(id: &str) -> Result<OrganisationId, AppError> {
    OrganisationId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn organisation(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let notice = done.notice("verification", "verification-done");
    let page = organisation_page(
        &state,
        ctx,
        &signed_in,
        organisation_id(&id)?,
        FormErrors::default(),
        notice,
    )
    .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct VerificationForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
}

pub async fn verify(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<VerificationForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = organisation_id(&id)?;
    authorize(signed_in.principal(), Action::Verify, Resource::Organisation(id))?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let verified = match form.outcome.as_str() {
        "verify" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.set("outcome", ctx.tr.t("verification-choose"));
            None
        }
    };
    // A rejection must say why: the organisation reads it. A verification may say nothing.
    let reason = if verified == Some(true) && form.reason.trim().is_empty() {
        Some(String::new())
    } else {
        errors.check(&ctx.tr, "reason", text(&form.reason, 2000))
    };
    let (Some(verified), Some(reason)) = (verified, reason) else {
        let mut page = organisation_page(&state, ctx, &signed_in, id, errors, None).await?;
        page.reason = form.reason;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    directory::verify(&state, &signed_in.0, id, verified, &reason, &client).await?;
    Ok(see_other(&format!("/coordination/organisations/{id}?done=verification"), Vec::new()))
}

struct OfferingLine {
    id: String,
    title: String,
    title_language: String,
    provider_id: String,
    provider_name: String,
    provider_vetting: &'static str,
    category: &'static str,
    active: bool,
    capacity: u32,
    in_use: u32,
    /// Active, of a vetted provider: the catalogue shows it unless the provider is paused.
    listed: bool,
}

#[derive(Template)]
#[template(path = "coordination_offerings.html")]
struct OfferingsPage {
    ctx: PageContext,
    q: String,
    categories: Vec<Choice>,
    states: Vec<Choice>,
    total: u64,
    offerings: Vec<OfferingLine>,
    pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
pub struct OfferingParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    provider: String,
    page: Option<u32>,
}

fn offering_line(row: c4h_storage::model::OfferingRow) -> OfferingLine {
    OfferingLine {
        id: row.id.to_string(),
        title: row.title,
        title_language: row.title_language.primary().to_owned(),
        provider_id: row.provider_id.to_string(),
        provider_name: row.provider_name,
        provider_vetting: row.provider_vetting.as_str(),
        category: row.category.as_str(),
        active: row.active,
        capacity: row.capacity,
        in_use: row.in_use,
        listed: row.active && row.provider_vetting == c4h_domain::VettingState::Vetted,
    }
}

pub async fn offerings(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    params: Result<Query<OfferingParams>, QueryRejection>,
) -> Result<Response, AppError> {
    authorize(signed_in.principal(), Action::View, Resource::Directory)?;
    let Query(params) = params?;
    let active = filter(&params.state, |code| match code {
        "active" => Ok(true),
        "paused" => Ok(false),
        _ => Err(()),
    })?;
    let filter = OfferingFilter {
        id: None,
        text: some_text(&params.q),
        category: filter(&params.category, ServiceCategory::parse)?,
        active,
        provider: filter(&params.provider, ProviderId::parse)?,
    };
    let number = params.page.unwrap_or(1).max(1);
    let found = directory::offerings(&state, signed_in.principal(), &filter, number).await?;
    let kept = [
        ("q", params.q.trim()),
        ("category", params.category.trim()),
        ("state", params.state.trim()),
        ("provider", params.provider.trim()),
    ];
    let page = OfferingsPage {
        q: params.q.trim().to_owned(),
        categories: choices::categories(&ctx.tr, &[params.category.trim()]),
        states: state_choices(
            &ctx.tr,
            "offering-state",
            &["active", "paused"],
            params.state.trim(),
        ),
        total: found.total,
        offerings: found.items.into_iter().map(offering_line).collect(),
        pager: Pager::new(&ctx.tr, number, found.total, PAGE_SIZE, |n| {
            page_link("/coordination/offerings", &kept, n)
        }),
        ctx,
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Template)]
#[template(path = "coordination_offering.html")]
struct OfferingPage {
    ctx: PageContext,
    offering: OfferingLine,
    history: Vec<HistoryRow>,
}

pub async fn offering(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = OfferingId::parse(&id).map_err(|_| AppError::NotFound)?;
    let (row, history) = directory::offering(&state, signed_in.principal(), id).await?;
    let history = HistoryRow::rows(&ctx.tr, history);
    let page = OfferingPage { ctx, offering: offering_line(row), history };
    Ok(page.into_response_with(StatusCode::OK)?)
}
