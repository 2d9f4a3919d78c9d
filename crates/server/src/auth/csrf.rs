//! Cross-site request forgery protection, on top of the same-origin check.
//!
//! Every visitor gets a random token in the `__Host-c4h_csrf` cookie. Every unsafe request must
//! carry the same token, in the `csrf` field of a URL-encoded form or in the `x-csrf-token`
//! header; otherwise it is refused with 403 before any handler runs. Another site can neither read
//! the cookie nor set it (`__Host-`), so it cannot produce a matching pair. Multipart and other
//! bodies must use the header. The token is replaced at every sign-in.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cookies;
use super::secrets::{new_token, same_secret};
use crate::http::AppError;

/// The CSRF token of the request, for forms to embed. Also set on the response, so that error
/// pages rendered outside this middleware can embed it too.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The most of a form body read to find the token; the route's own limit applies to the rest.
const FORM_LIMIT: usize = 64 * 1024;

pub async fn protect(request: Request, next: Next) -> Response {
    let existing =
        cookies::read(request.headers(), cookies::CSRF).filter(|token| token.len() >= 32);
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let (mut request, verdict) =
        if unsafe_method { check(request, existing.as_deref()).await } else { (request, Ok(())) };
    if let Err(status) = verdict {
        tracing::warn!(
            http.status = status.as_u16(),
            "refused an unsafe request without a valid CSRF token"
        );
        return match status {
            StatusCode::FORBIDDEN => AppError::CrossOrigin.into_response(),
            other => AppError::Rejected(other).into_response(),
        };
    }
    let token = existing.clone().unwrap_or_else(new_token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        cookies::append(&mut response, [cookies::set(cookies::CSRF, &token, None)]);
    }
    response.extensions_mut().insert(CsrfToken(token));
    response
}

/// Checks the token of an unsafe request; hands the request back with its body intact.
async fn check(request: Request, expected: Option<&str>) -> (Request, Result<(), StatusCode>) {
    let Some(expected) = expected else { return (request, Err(StatusCode::FORBIDDEN)) };
    if let Some(header) = request.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        let verdict =
            if same_secret(header, expected) { Ok(()) } else { Err(StatusCode::FORBIDDEN) };
        return (request, verdict);
    }
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        let boundary = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| multer::parse_boundary(value).ok());
        return match boundary {
            Some(boundary) => check_multipart(request, expected, boundary).await,
            None => (request, Err(StatusCode::FORBIDDEN)),
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = match read_form(body).await {
        Ok(bytes) => bytes,
        Err(status) => return (Request::from_parts(parts, Body::empty()), Err(status)),
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let mut tokens = fields.iter().filter(|(name, _)| name == "csrf").map(|(_, value)| value);
    let verdict = match (tokens.next(), tokens.next()) {
        (Some(given), None) if same_secret(given, expected) => Ok(()),
        _ => Err(StatusCode::FORBIDDEN),
    };
    (Request::from_parts(parts, Body::from(bytes)), verdict)
}

/// How much of an oversized form is read (and dropped) so that the browser, still sending it,
/// receives the refusal instead of a broken connection; a larger body is cut off.
const DRAIN_LIMIT: usize = 4 * 1024 * 1024;

/// A URL-encoded form body of at most `FORM_LIMIT` bytes.
async fn read_form(body: Body) -> Result<axum::body::Bytes, StatusCode> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let (mut kept, mut seen) = (Vec::new(), 0usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        seen += chunk.len();
        if seen <= FORM_LIMIT {
            kept.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > FORM_LIMIT { Err(StatusCode::PAYLOAD_TOO_LARGE) } else { Ok(kept.into()) }
}

/// How much of a multipart body is read to find its first part, the token.
const MULTIPART_PREFIX: usize = 4 * 1024;

/// Checks that the first part of a multipart body is `csrf` with the expected token; hands the
/// request back with its body intact (the part read, then the rest as it arrives).
async fn check_multipart(
    request: Request,
    expected: &str,
    boundary: String,
) -> (Request, Result<(), StatusCode>) {
    use futures_util::StreamExt;
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let mut prefix = Vec::new();
    while prefix.len() < MULTIPART_PREFIX {
        match stream.next().await {
            Some(Ok(chunk)) => prefix.extend_from_slice(&chunk),
            Some(Err(_)) => {
                return (Request::from_parts(parts, Body::empty()), Err(StatusCode::BAD_REQUEST));
            }
            None => break,
        }
    }
    let prefix = axum::body::Bytes::from(prefix);
    let first = prefix.clone();
    let mut multipart = multer::Multipart::new(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }),
        boundary,
    );
    let verdict = match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("csrf") => match field.text().await {
            Ok(given) if same_secret(&given, expected) => Ok(()),
            _ => Err(StatusCode::FORBIDDEN),
        },
        _ => Err(StatusCode::FORBIDDEN),
    };
    let rest =
        futures_util::stream::once(async move { Ok::<_, axum::Error>(prefix) }).chain(stream);
    (Request::from_parts(parts, Body::from_stream(rest)), verdict)
}
