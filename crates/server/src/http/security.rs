//! Protections applied to every request and response.
//!
//! - [`security_headers`]: CSP, nosniff, framing, referrer, COOP/CORP, permissions and, when the
//!   public address is https, HSTS; and `Cache-Control: no-store` unless a route chose otherwise.
//!   A download (`Content-Disposition: attachment`) gets `CSP: sandbox` instead of the pages' CSP.
//!   Applied outside the error pages, so errors get them too.
//! - [`same_origin_only`]: an unsafe request (anything but GET, HEAD, OPTIONS) that a browser says
//!   comes from another site is refused with 403 before any handler runs. CSRF tokens add to this
//!   when sessions exist; this check alone already stops cross-site form posts.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::AppError;
use crate::state::AppState;

const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/// For a download (a case's file, which may be hostile): even opened in place of a page, it runs
/// nothing, loads nothing and has an origin of its own.
const DOWNLOAD_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let download = headers
        .get(header::CONTENT_DISPOSITION)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("attachment"));
    let fixed: [(HeaderName, &'static str); 7] = [
        (header::CONTENT_SECURITY_POLICY, if download { DOWNLOAD_CSP } else { CSP }),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=()",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if state.settings.served_over_tls() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub async fn same_origin_only(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !is_same_origin(request.headers(), &state.settings.public_url) {
        tracing::warn!(http.method = %request.method(), "refused a cross-origin request");
        return AppError::CrossOrigin.into_response();
    }
    next.run(request).await
}

/// Decides from what the browser tells: `Sec-Fetch-Site` when sent (all current browsers), else
/// `Origin` compared with this service's address. A request with neither comes from a program, not
/// a browser page, and cannot be a cross-site forgery.
fn is_same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match text("origin") {
        None => true,
        Some(origin) => {
            let host = text("host").unwrap_or_default();
            let authority = origin.split_once("://").map_or("", |(_, rest)| rest);
            origin == public_url || (!host.is_empty() && authority == host)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(n, v)| (HeaderName::from_static(n), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn browsers_are_believed_and_foreign_sites_refused() {
        let public = "https://help.example.org";
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")]), public));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site")]), public));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site")]), public));
        assert!(is_same_origin(&headers(&[("origin", "https://help.example.org")]), public));
        assert!(is_same_origin(
            &headers(&[("origin", "http://127.0.0.1:9"), ("host", "127.0.0.1:9")]),
            public
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "https://evil.example"), ("host", "help.example.org")]),
            public
        ));
        assert!(!is_same_origin(
            &headers(&[("origin", "null"), ("host", "help.example.org")]),
            public
        ));
        assert!(is_same_origin(&headers(&[]), public));
    }
}
