//! The first endpoints of the JSON API (`/api/v1`): the catalogue, and a provider's offerings.
//!
//! They call the same service functions as the pages, so permissions and validation are the same;
//! errors are RFC 9457 problem documents (`application/problem+json`) in the reader's language,
//! with one entry per invalid field; unknown fields are refused. Callers authenticate with the
//! session cookie and send the CSRF token in `x-csrf-token` (API tokens come later).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::offering::{OfferingDraft, OfferingInput};
use c4h_storage::model::CatalogueEntry;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::catalogue::CatalogueParams;
use super::context::PageContext;
use super::errors::AppError;
use super::forms::message;
use crate::auth::Viewer;
use crate::i18n::Tr;
use crate::services::{Client, offerings};
use crate::state::AppState;

/// One invalid field of a request.
#[derive(Debug, Serialize)]
pub struct FieldProblem {
    pub field: String,
    /// The stable code of the problem (`invalid-out-of-range`), for programs.
    pub code: String,
    /// What is wrong, for people, in the reader's language.
    pub detail: String,
}

/// An RFC 9457 problem document.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    title: String,
    detail: Option<String>,
    errors: Vec<FieldProblem>,
}

impl Problem {
    fn new(tr: &Tr, status: StatusCode, title_key: &str) -> Self {
        Self { status, title: tr.t(title_key), detail: None, errors: Vec::new() }
    }

    /// The problem an error of the service layer stands for.
    fn from_error(tr: &Tr, error: AppError) -> Self {
        let (status, key) = match error {
            AppError::NotFound => (StatusCode::NOT_FOUND, "error-not-found-title"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "error-not-allowed-title"),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "error-unauthenticated-title"),
            AppError::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, "error-too-many-title"),
            AppError::Busy | AppError::Unavailable => {
                (StatusCode::SERVICE_UNAVAILABLE, "error-unavailable-title")
            }
            AppError::Internal(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "API request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "error-internal-title")
            }
            _ => (StatusCode::BAD_REQUEST, "error-bad-request-title"),
        };
        Self::new(tr, status, key)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
        });
        if let Some(detail) = self.detail {
            body["detail"] = Value::String(detail);
        }
        if !self.errors.is_empty() {
            body["errors"] = serde_json::to_value(&self.errors).unwrap_or_default();
        }
        let mut response = (self.status, body.to_string()).into_response();
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}

type ApiResult = Result<Response, Problem>;

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn entry_json(entry: CatalogueEntry) -> Value {
    json!({
        "id": entry.offering_id.to_string(),
        "provider": { "id": entry.provider_id.to_string(), "name": entry.provider_name,
                      "country": entry.provider_country.as_str() },
        "category": entry.category.as_str(),
        "delivery": entry.delivery.as_str(),
        "capacity": entry.capacity,
        "response_time_hours": entry.response_time_hours,
        "title": entry.title,
        "description": entry.description,
        "text_language": entry.text_language.as_str(),
        "languages": entry.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "regions": entry.regions,
        "requester_kinds": entry.requester_kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/catalogue`: the public catalogue, with the page's filters.
pub async fn catalogue(
    State(state): State<AppState>,
    ctx: PageContext,
    params: Result<Query<CatalogueParams>, QueryRejection>,
) -> ApiResult {
    let tr = &ctx.tr;
    let Query(params) =
        params.map_err(|_| Problem::new(tr, StatusCode::BAD_REQUEST, "error-bad-request-title"))?;
    let query = params.query(&state, tr).map_err(|e| Problem::from_error(tr, e))?;
    let found =
        state.store.catalogue(&query).await.map_err(|e| Problem::from_error(tr, e.into()))?;
    let items: Vec<Value> = found.items.into_iter().map(entry_json).collect();
    let body = json!({ "items": items, "total": found.total, "offset": query.offset, "limit": query.limit });
    Ok(json_response(StatusCode::OK, &body))
}

/// One text of an offering, as the API takes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextJson {
    #[serde(default)]
    language: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
}

/// An offering as the API takes it. Numbers may come as JSON numbers or strings; whatever they
/// are, the domain checks them as the form's are checked.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfferingJson {
    #[serde(default)]
    category: String,
    #[serde(default)]
    delivery: String,
    #[serde(default)]
    capacity: Value,
    #[serde(default)]
    response_time_hours: Value,
    #[serde(default = "active_by_default")]
    active: bool,
    #[serde(default)]
    texts: Vec<TextJson>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    requester_kinds: Vec<String>,
}

fn active_by_default() -> bool {
    true
}

/// A JSON value where the domain expects text: strings as they are, numbers as written.
fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Parses and checks an offering; all problems at once.
fn draft(tr: &Tr, body: &Bytes) -> Result<OfferingDraft, Problem> {
    let parsed: OfferingJson = serde_json::from_slice(body).map_err(|error| {
        let mut problem = Problem::new(tr, StatusCode::BAD_REQUEST, "api-malformed-title");
        problem.detail = Some(error.to_string());
        problem
    })?;
    let input = OfferingInput {
        category: parsed.category,
        delivery: parsed.delivery,
        capacity: as_text(&parsed.capacity),
        response_time_hours: as_text(&parsed.response_time_hours),
        active: parsed.active,
        texts: parsed.texts.into_iter().map(|t| (t.language, t.title, t.description)).collect(),
        languages: parsed.languages,
        regions: parsed.regions,
        requester_kinds: parsed.requester_kinds,
    };
    OfferingDraft::parse(&input).map_err(|problems| {
        let mut problem = Problem::new(tr, StatusCode::UNPROCESSABLE_ENTITY, "api-invalid-title");
        problem.errors = problems
            .into_iter()
            .map(|(field, error)| FieldProblem {
                field,
                code: error.message_key(),
                detail: message(tr, &error),
            })
            .collect();
        problem
    })
}

fn ids(
    tr: &Tr,
    provider: &str,
    offering: Option<&str>,
) -> Result<(ProviderId, Option<OfferingId>), Problem> {
    let not_found = || Problem::new(tr, StatusCode::NOT_FOUND, "error-not-found-title");
    let provider = ProviderId::parse(provider).map_err(|_| not_found())?;
    let offering = offering.map(OfferingId::parse).transpose().map_err(|_| not_found())?;
    Ok((provider, offering))
}

fn signed_in<'a>(
    tr: &Tr,
    viewer: &'a Viewer,
) -> Result<&'a c4h_storage::model::SessionContext, Problem> {
    viewer.signed_in().ok_or_else(|| Problem::from_error(tr, AppError::Unauthenticated))
}

/// `POST /api/v1/providers/{id}/offerings`: creates an offering (the provider's admins).
pub async fn create_offering(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    client: Client,
    Path(provider): Path<String>,
    body: Bytes,
) -> ApiResult {
    let tr = &ctx.tr;
    let context = signed_in(tr, &viewer)?;
    let (provider, _) = ids(tr, &provider, None)?;
    // Refuse before reading the body, as the pages do.
    c4h_domain::policy::authorize(
        &context.principal,
        c4h_domain::policy::Action::ManageOfferings,
        c4h_domain::policy::Resource::Provider(provider),
    )
    .map_err(|denial| Problem::from_error(tr, denial.into()))?;
    let draft = draft(tr, &body)?;
    let id = offerings::create(&state, context, provider, draft, &client)
        .await
        .map_err(|e| Problem::from_error(tr, e))?;
    let location = format!("/api/v1/providers/{provider}/offerings/{id}");
    let mut response = json_response(StatusCode::CREATED, &json!({ "id": id.to_string() }));
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}

/// `PUT /api/v1/providers/{id}/offerings/{offering}`: replaces an offering.
pub async fn replace_offering(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    client: Client,
    Path((provider, offering)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let tr = &ctx.tr;
    let context = signed_in(tr, &viewer)?;
    let (provider, Some(offering)) = ids(tr, &provider, Some(&offering))? else {
        return Err(Problem::new(tr, StatusCode::NOT_FOUND, "error-not-found-title"));
    };
    c4h_domain::policy::authorize(
        &context.principal,
        c4h_domain::policy::Action::ManageOfferings,
        c4h_domain::policy::Resource::Provider(provider),
    )
    .map_err(|denial| Problem::from_error(tr, denial.into()))?;
    let draft = draft(tr, &body)?;
    offerings::update(&state, context, provider, offering, draft, &client)
        .await
        .map_err(|e| Problem::from_error(tr, e))?;
    Ok(json_response(StatusCode::OK, &json!({ "id": offering.to_string() })))
}
