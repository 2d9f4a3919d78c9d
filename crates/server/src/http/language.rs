//! The language switcher: a form post that remembers the choice in a cookie and returns to the
//! page it came from. Works without JavaScript.

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::context::LANGUAGE_COOKIE;
use super::errors::AppError;
use crate::i18n::Locale;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Only a path on this site is followed: `//evil.example`, `/\evil.example` and absolute URLs
/// become `/`, so the switcher cannot be used as an open redirect.
pub fn local_path(next: &str) -> &str {
    let bytes = next.as_bytes();
    let local = bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && next.chars().all(|c| !c.is_control() && c != '\\');
    if local { next } else { "/" }
}

pub async fn set_language(
    State(state): State<AppState>,
    form: Result<Form<LanguageForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let locale = Locale::from_tag(&form.lang).ok_or(AppError::BadRequest)?;
    let cookie = cookie::Cookie::build((LANGUAGE_COOKIE, locale.code()))
        .path("/")
        .http_only(true)
        .secure(state.settings.served_over_tls())
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::days(365))
        .build();
    let location =
        HeaderValue::from_str(local_path(&form.next)).unwrap_or(HeaderValue::from_static("/"));
    let cookie =
        HeaderValue::from_str(&cookie.to_string()).map_err(|e| AppError::Internal(e.into()))?;
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location), (SET_COOKIE, cookie)]).into_response())
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/catalogue"), "/catalogue");
        assert_eq!(
            local_path("/catalogue?category=email_security"),
            "/catalogue?category=email_security"
        );
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "evil",
            "/a\r\nSet-Cookie: x=y",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
