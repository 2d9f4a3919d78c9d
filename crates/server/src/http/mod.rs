//! The web server: routes and the layers every request passes through.
//!
//! Layers, outermost first: request id → tracing span → request id copied to the response →
//! security headers → error pages → panic catcher → timeout → body limit → same-origin check →
//! CSRF token check → session → routes. So every response, errors and panics included, carries the security headers and the
//! request id, and every error is a page in the reader's language.

mod account;
mod api;
mod apply;
mod assets;
mod audit;
mod case_closure;
mod case_events;
mod case_files;
mod case_messages;
mod case_view;
mod catalogue;
pub mod choices;
pub mod context;
mod desk;
mod directory;
mod emergency;
mod errors;
mod forms;
mod health;
mod intake;
mod language;
mod legal_hold;
mod mfa;
mod notifications;
mod offerings;
mod offers;
mod organisations;
mod pages;
mod personal_data;
mod proposals;
mod registration;
mod request_view;
mod security;
mod sign_in;
mod staff;
mod teams;
mod triage;
mod vetting;
pub(crate) mod views;

use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, put};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use errors::AppError;
pub use language::local_path;

use crate::state::AppState;

/// The largest request body accepted by the pages (forms). Uploads read their body as a stream
/// within `upload_max_mb` instead (see `case_files`).
const BODY_LIMIT: usize = 64 * 1024;
/// A request that takes longer than this is answered 408 and abandoned.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Declares the routes once: the router is built from the list, and [`ROUTES`] is the same list
/// as data, which the authorization-matrix test compares with `docs/authorization-matrix.md`.
macro_rules! routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// Every route, as (method, path), in declaration order.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn service_routes() -> Router<AppState> {
            Router::new()$(.route($path, routes!(@method $method $handler)))*
        }
    };
    (@method GET $handler:path) => { get($handler) };
    (@method POST $handler:path) => { post($handler) };
    (@method PUT $handler:path) => { put($handler) };
}

routes! {
    GET "/" => pages::home,
    GET "/ask" => pages::ask,
    GET "/eligibility" => pages::eligibility,
    GET "/how-it-works" => pages::how_it_works,
    GET "/catalogue" => catalogue::catalogue,
    GET "/catalogue/{id}" => catalogue::offering,
    POST "/language" => language::set_language,
    GET "/static/{name}" => assets::asset,
    GET "/healthz" => health::healthz,
    GET "/readyz" => health::readyz,
    GET "/login" => sign_in::login_form,
    POST "/login" => sign_in::login,
    GET "/login/mfa" => sign_in::second_factor_form,
    POST "/login/mfa" => sign_in::second_factor,
    POST "/logout" => sign_in::logout,
    GET "/reauth" => sign_in::reauth_form,
    POST "/reauth" => sign_in::reauth,
    GET "/register" => registration::register_form,
    POST "/register" => registration::register,
    GET "/verify-email" => registration::verify_form,
    POST "/verify-email" => registration::verify,
    GET "/password/forgot" => registration::forgot_form,
    POST "/password/forgot" => registration::forgot,
    GET "/password/reset" => registration::reset_form,
    POST "/password/reset" => registration::reset,
    GET "/account" => account::overview,
    POST "/account/profile" => account::update_profile,
    GET "/account/password" => account::password_form,
    POST "/account/password" => account::change_password,
    GET "/account/email" => account::email_form,
    POST "/account/email" => account::change_email,
    GET "/account/email/confirm" => account::confirm_email_form,
    POST "/account/email/confirm" => account::confirm_email,
    GET "/account/sessions" => account::sessions,
    POST "/account/sessions/{id}/revoke" => account::revoke_session,
    GET "/account/data" => personal_data::page,
    GET "/account/data.json" => personal_data::download,
    POST "/account/delete" => personal_data::erase,
    GET "/notifications" => notifications::list,
    POST "/notifications/read" => notifications::read_all,
    POST "/notifications/preference" => notifications::set_preference,
    GET "/notifications/{id}" => notifications::open,
    GET "/account/mfa" => mfa::overview,
    GET "/account/mfa/setup" => mfa::setup_form,
    POST "/account/mfa/setup" => mfa::setup,
    POST "/account/mfa/recovery-codes" => mfa::recovery_codes,
    POST "/account/mfa/disable" => mfa::disable,
    GET "/organisations/new" => organisations::new_form,
    POST "/organisations/new" => organisations::create,
    GET "/organisations/join" => organisations::join_form,
    POST "/organisations/join" => organisations::join_lookup,
    POST "/organisations/join/confirm" => organisations::join_confirm,
    GET "/organisations/{id}" => organisations::show,
    POST "/organisations/{id}/members/{membership}/{decision}" => organisations::decide,
    GET "/providers/apply" => apply::apply_form,
    POST "/providers/apply" => apply::apply,
    GET "/providers/{id}/team" => teams::show,
    POST "/providers/{id}/invitations" => teams::invite,
    POST "/providers/{id}/members/{membership}/{decision}" => teams::decide,
    GET "/providers/{id}/offerings" => desk::show,
    GET "/providers/{id}/offerings/new" => offerings::new_form,
    POST "/providers/{id}/offerings/new" => offerings::create,
    GET "/providers/{id}/offerings/{offering}/edit" => offerings::edit_form,
    POST "/providers/{id}/offerings/{offering}/edit" => offerings::update,
    POST "/providers/{id}/offerings/{offering}/{state}" => offerings::set_state,
    GET "/providers/{id}/offers" => offers::inbox,
    GET "/providers/{id}/offers/{offer}" => offers::show,
    POST "/providers/{id}/offers/{offer}/{decision}" => offers::answer,
    GET "/providers/{id}/cases/{request}" => offers::case,
    POST "/providers/{id}/cases/{request}/messages" => case_messages::provider_post,
    POST "/providers/{id}/cases/{request}/resolve" => case_messages::provider_resolve,
    POST "/providers/{id}/cases/{request}/hours" => case_messages::provider_hours,
    GET "/providers/{id}/cases/{request}/events" => case_events::provider_events,
    POST "/providers/{id}/cases/{request}/next-steps" => case_closure::provider_next_steps,
    POST "/providers/{id}/cases/{request}/feedback" => case_closure::provider_feedback,
    POST "/providers/{id}/cases/{request}/files" => case_files::provider_upload,
    GET "/providers/{id}/cases/{request}/files/{file}" => case_files::provider_download,
    POST "/providers/{id}/pause" => desk::pause,
    POST "/providers/{id}/resume" => desk::resume,
    GET "/invitations/accept" => teams::accept_form,
    POST "/invitations/accept" => teams::accept,
    GET "/admin/staff" => staff::show,
    POST "/admin/invitations" => staff::invite,
    POST "/admin/users/{id}/{action}" => staff::manage,
    GET "/emergency" => emergency::form,
    POST "/emergency" => emergency::submit,
    GET "/requests/new" => intake::intake_form,
    POST "/requests/new" => intake::submit,
    GET "/requests/{id}" => intake::show,
    POST "/requests/{id}/withdraw" => intake::withdraw,
    POST "/requests/{id}/confirm" => intake::confirm,
    POST "/requests/{id}/reopen" => intake::reopen,
    POST "/requests/{id}/messages" => intake::reply,
    GET "/requests/{id}/events" => case_events::requester_events,
    POST "/requests/{id}/feedback" => case_closure::requester_feedback,
    POST "/requests/{id}/follow-up" => case_closure::requester_follow_up,
    POST "/requests/{id}/files" => case_files::requester_upload,
    GET "/requests/{id}/files/{file}" => case_files::requester_download,
    GET "/coordination/triage" => triage::queue,
    GET "/coordination/requests/{id}" => triage::show,
    POST "/coordination/requests/{id}/steps" => triage::take_step,
    POST "/coordination/requests/{id}/urgency" => triage::set_urgency,
    POST "/coordination/requests/{id}/offers" => proposals::send,
    POST "/coordination/requests/{id}/offer-summary" => proposals::set_summary,
    POST "/coordination/requests/{id}/messages" => case_messages::coordinator_post,
    GET "/coordination/requests/{id}/events" => case_events::coordinator_events,
    POST "/coordination/requests/{id}/budget" => case_closure::coordinator_budget,
    POST "/coordination/requests/{id}/legal-hold" => legal_hold::place,
    POST "/coordination/requests/{id}/legal-hold/lift" => legal_hold::lift,
    POST "/coordination/requests/{id}/files" => case_files::coordinator_upload,
    GET "/coordination/requests/{id}/files/{file}" => case_files::coordinator_download,
    GET "/coordination/providers" => vetting::list,
    GET "/coordination/providers/{id}" => vetting::show,
    POST "/coordination/providers/{id}/decisions" => vetting::decide,
    POST "/coordination/providers/{id}/reviews/{review}/confirm" => vetting::confirm,
    POST "/coordination/providers/{id}/notes" => vetting::add_note,
    GET "/coordination/organisations" => directory::organisations,
    GET "/coordination/organisations/{id}" => directory::organisation,
    POST "/coordination/organisations/{id}/verification" => directory::verify,
    GET "/coordination/offerings" => directory::offerings,
    GET "/coordination/offerings/{id}" => directory::offering,
    GET "/coordination/audit" => audit::trail,
    GET "/coordination/audit/export.csv" => audit::export_csv,
    GET "/coordination/audit/export.json" => audit::export_json,
    GET "/api/v1/catalogue" => api::catalogue,
    POST "/api/v1/providers/{id}/offerings" => api::create_offering,
    PUT "/api/v1/providers/{id}/offerings/{offering}" => api::replace_offering,
}

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The service's routes plus `extra` ones, behind the same layers. Tests use it to mount a route
/// that panics or stalls, to check what every route gets.
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let routes = service_routes().merge(extra).fallback(errors::not_found);
    let layers = ServiceBuilder::new()
        .layer(from_fn_with_state(state.clone(), crate::metrics::record))
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
        .layer(from_fn_with_state(state.clone(), security::same_origin_only))
        .layer(axum::middleware::from_fn(crate::auth::csrf::protect))
        .layer(from_fn_with_state(state.clone(), crate::auth::session::load));
    routes.layer(layers).with_state(state)
}
