//! The web server: routes and the layers every request passes through.
//!
//! Layers, outermost first: request id → tracing span → request id copied to the response →
//! security headers → error pages → panic catcher → timeout → body limit → same-origin check →
//! routes. So every response, errors and panics included, carries the security headers and the
//! request id, and every error is a page in the reader's language.

mod assets;
pub mod context;
mod errors;
mod health;
mod language;
mod pages;
mod security;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use errors::AppError;
pub use language::local_path;

use crate::state::AppState;

/// The largest request body accepted by the pages (forms); uploads get their own limit later.
const BODY_LIMIT: usize = 64 * 1024;
/// A request that takes longer than this is answered 408 and abandoned.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The service's routes plus `extra` ones, behind the same layers. Tests use it to mount a route
/// that panics or stalls, to check what every route gets.
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let routes = extra
        .route("/", get(pages::home))
        .route("/ask", get(pages::ask))
        .route("/eligibility", get(pages::eligibility))
        .route("/how-it-works", get(pages::how_it_works))
        .route("/catalogue", get(pages::catalogue))
        .route("/language", post(language::set_language))
        .route("/static/{name}", get(assets::asset))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(errors::not_found);
    let layers = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The path only: query strings may carry search terms, never logged.
                    tracing::info_span!("http", request.id = %id, http.method = %request.method(), http.path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(request_id))
        .layer(from_fn_with_state(state.clone(), security::security_headers))
        .layer(from_fn_with_state(state.clone(), errors::error_pages))
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), security::same_origin_only));
    routes.layer(layers).with_state(state)
}
