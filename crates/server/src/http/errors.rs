//! Errors at the HTTP edge.
//!
//! Policy (after crates.io and realworld-axum-sqlx):
//! - Handlers return [`AppError`]. Its `IntoResponse` has no side effects: it sets the status and
//!   leaves an [`ErrorPage`] marker (and, for internal errors, the cause) in the response.
//! - The [`error_pages`] middleware, which knows the reader's language and the request id, turns
//!   every error response without a body of its own (ours, axum's rejections, a panic, a timeout)
//!   into a translated HTML page, and logs internal errors once, with the request id.
//! - What a client sees never contains internals: a title, a sentence, and the request id to quote.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use c4h_storage::StoreError;

use super::context::{PageContext, reader_locale};
use crate::auth::Viewer;
use crate::auth::csrf::CsrfToken;
use crate::auth::session::CurrentSession;
use crate::state::AppState;

/// What went wrong, as far as the client is concerned.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request")]
    BadRequest,
    /// An extractor refused the request (a body over the limit, a wrong content type): its status
    /// says why.
    #[error("request refused with status {0}")]
    Rejected(StatusCode),
    #[error("cross-origin request refused")]
    CrossOrigin,
    /// Signed in, allowed to see the object, not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Not signed in (or the session ended): 401 and a way to sign in.
    #[error("not signed in")]
    Unauthenticated,
    /// Go elsewhere first (the second factor, re-authentication, a page after a form).
    #[error("redirect")]
    Redirect(String),
    /// A rate limit was reached.
    #[error("too many attempts")]
    TooManyAttempts,
    /// Too many password checks are running; try again in a moment.
    #[error("busy")]
    Busy,
    #[error("the database is unavailable")]
    Unavailable,
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        if error.is_unavailable() { Self::Unavailable } else { Self::Internal(error.into()) }
    }
}

impl From<axum::extract::rejection::FormRejection> for AppError {
    fn from(rejection: axum::extract::rejection::FormRejection) -> Self {
        Self::Rejected(rejection.status())
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::Rejected(rejection.status())
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        Self::Internal(error.into())
    }
}

/// Marks a response whose body the error middleware must render.
#[derive(Debug, Clone, Copy)]
pub struct ErrorPage;

/// Which page to render when the status alone does not say (403 and 503 have two meanings each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Forbidden,
    TooManyAttempts,
    Busy,
}

/// The cause of an internal error, carried to the middleware that logs it.
#[derive(Debug, Clone)]
pub struct InternalCause(pub String);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::Rejected(status) => *status,
            Self::CrossOrigin | Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Redirect(location) => {
                let location = HeaderValue::from_str(super::language::local_path(location))
                    .unwrap_or(HeaderValue::from_static("/"));
                return (StatusCode::SEE_OTHER, [(axum::http::header::LOCATION, location)])
                    .into_response();
            }
            Self::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage);
        match &self {
            Self::TooManyAttempts => {
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("900"));
                response.extensions_mut().insert(ErrorKind::TooManyAttempts);
            }
            Self::Busy => {
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from_static("5"));
                response.extensions_mut().insert(ErrorKind::Busy);
            }
            Self::Forbidden => {
                response.extensions_mut().insert(ErrorKind::Forbidden);
            }
            _ => {}
        }
        if let Self::Internal(cause) = self {
            response.extensions_mut().insert(InternalCause(format!("{cause:#}")));
        }
        response
    }
}

/// The answer to a path that matches no route.
pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Turns a panic into a 500 that the error middleware renders; the process keeps serving.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a handler panicked".to_owned());
    AppError::Internal(anyhow::anyhow!("panic: {detail}")).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageContext,
    title_key: &'static str,
    message_key: &'static str,
    request_id: Option<String>,
    /// For 401: the page to come back to after signing in.
    sign_in_next: Option<String>,
}

fn keys_for(status: StatusCode, kind: Option<ErrorKind>) -> (&'static str, &'static str) {
    match (kind, status) {
        (Some(ErrorKind::Forbidden), _) => return ("error-not-allowed-title", "error-not-allowed"),
        (Some(ErrorKind::Busy), _) => return ("error-busy-title", "error-busy"),
        (Some(ErrorKind::TooManyAttempts), _) => return ("error-too-many-title", "error-too-many"),
        _ => {}
    }
    match status {
        StatusCode::UNAUTHORIZED => ("error-unauthenticated-title", "error-unauthenticated"),
        StatusCode::NOT_FOUND => ("error-not-found-title", "error-not-found"),
        StatusCode::METHOD_NOT_ALLOWED => ("error-method-title", "error-method"),
        StatusCode::FORBIDDEN => ("error-forbidden-title", "error-forbidden"),
        StatusCode::PAYLOAD_TOO_LARGE => ("error-too-large-title", "error-too-large"),
        StatusCode::REQUEST_TIMEOUT => ("error-timeout-title", "error-timeout"),
        StatusCode::SERVICE_UNAVAILABLE => ("error-unavailable-title", "error-unavailable"),
        status if status.is_server_error() => ("error-internal-title", "error-internal"),
        _ => ("error-bad-request-title", "error-bad-request"),
    }
}

/// Whether a response is an error whose body should be our page: ours, or one that carries no
/// body type of its own or only plain text (axum's rejections). JSON problem documents pass.
fn needs_page(response: &Response) -> bool {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return false;
    }
    if response.extensions().get::<ErrorPage>().is_some() {
        return true;
    }
    match response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) {
        None => true,
        Some(content_type) => content_type.starts_with("text/plain"),
    }
}

/// Renders error responses as pages in the reader's language and logs internal errors.
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    if !needs_page(&response) {
        return response;
    }
    let status = response.status();
    if let Some(InternalCause(cause)) = response.extensions().get::<InternalCause>() {
        tracing::error!(error = %cause, "request failed");
    }
    let (title_key, message_key) =
        keys_for(status, response.extensions().get::<ErrorKind>().copied());
    let viewer =
        Viewer(response.extensions().get::<CurrentSession>().map(|current| current.0.clone()));
    let csrf =
        response.extensions().get::<CsrfToken>().map(|token| token.0.clone()).unwrap_or_default();
    let locale = reader_locale(&headers, &viewer);
    let page = ErrorTemplate {
        ctx: PageContext::new(&state, locale, &path, &csrf, &viewer),
        title_key,
        message_key,
        request_id: status.is_server_error().then_some(request_id).flatten(),
        sign_in_next: (status == StatusCode::UNAUTHORIZED).then(|| path.clone()),
    };
    let body = match page.render() {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(error = %error, "rendering an error page failed");
            String::from("Error")
        }
    };
    let mut rendered = (status, Html(body)).into_response();
    // Keep the headers a route set on its error (Allow on 405, Retry-After), but not its body type.
    for (name, value) in response.headers() {
        if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    rendered
}
