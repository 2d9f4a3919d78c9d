//! Static files, embedded in the binary so that the service works from any folder and never
//! depends on a CDN.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::errors::AppError;

const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", "text/css; charset=utf-8", include_bytes!("../../static/app.css")),
    ("case-live.js", "text/javascript; charset=utf-8", include_bytes!("../../static/case-live.js")),
    ("icon.svg", "image/svg+xml", include_bytes!("../../static/icon.svg")),
    ("intake.js", "text/javascript; charset=utf-8", include_bytes!("../../static/intake.js")),
];

pub async fn asset(Path(name): Path<String>) -> Result<Response, AppError> {
    let (_, content_type, body) =
        ASSETS.iter().find(|(asset, _, _)| *asset == name).ok_or(AppError::NotFound)?;
    Ok(([(CONTENT_TYPE, *content_type), (CACHE_CONTROL, "public, max-age=3600")], *body)
        .into_response())
}
