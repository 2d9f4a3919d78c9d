//! Form handling shared by the pages: per-field error messages in the reader's language, and the
//! responses that follow a successful post.

use askama::Template;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use c4h_domain::ParseError;
use serde::Deserialize;

use super::errors::AppError;
use crate::auth::cookies;
use crate::i18n::Tr;

/// Error messages of a form, by field, already translated.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: Vec<(&'static str, String)>,
    /// A message about the form as a whole ("wrong address or password").
    pub general: Option<String>,
}

impl FormErrors {
    pub fn get(&self, field: &str) -> Option<&String> {
        self.fields.iter().find(|(name, _)| *name == field).map(|(_, message)| message)
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn set(&mut self, field: &'static str, message: String) {
        self.fields.push((field, message));
    }

    /// Keeps the value when it parsed, or records the translated reason it did not.
    pub fn check<T>(
        &mut self,
        tr: &Tr,
        field: &'static str,
        parsed: Result<T, ParseError>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.set(field, message(tr, &error));
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }
}

/// A parse error in the reader's language, with the limit, range or value it names.
pub fn message(tr: &Tr, error: &ParseError) -> String {
    let limit = error.limit().map(|limit| limit.to_string()).unwrap_or_default();
    let (min, max) = error.range().map(|(min, max)| (min.to_string(), max.to_string())).unzip();
    let value = error.value().unwrap_or_default().to_owned();
    tr.with(
        &error.message_key(),
        &[
            ("limit", limit),
            ("min", min.unwrap_or_default()),
            ("max", max.unwrap_or_default()),
            ("value", value),
        ],
    )
}

/// A required text field of at most `max` characters, trimmed, without control characters.
pub fn text(value: &str, max: usize) -> Result<String, ParseError> {
    let value = value.trim();
    if value.is_empty() {
        Err(ParseError::Empty)
    } else if value.chars().count() > max {
        Err(ParseError::TooLong { max })
    } else {
        Ok(value.chars().filter(|c| !c.is_control()).collect())
    }
}

/// An optional text field: `None` when left empty, otherwise as [`text`].
pub fn optional_text(value: &str, max: usize) -> Result<Option<String>, ParseError> {
    if value.trim().is_empty() { Ok(None) } else { text(value, max).map(Some) }
}

/// A website as typed: empty, or an http(s) address of at most 200 characters without spaces or
/// quotes. Records an error for `field` when it is neither.
pub fn website(
    errors: &mut FormErrors,
    tr: &Tr,
    field: &'static str,
    value: &str,
) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let plain = (value.starts_with("https://") || value.starts_with("http://"))
        && value.len() <= 200
        && !value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"');
    if plain {
        Some(value.to_owned())
    } else {
        errors.set(field, tr.t("invalid-website"));
        None
    }
}

/// "See other": after a successful post, go to `location`, setting `cookies` on the way.
pub fn see_other(location: &str, set_cookies: Vec<axum::http::HeaderValue>) -> Response {
    let location = crate::http::local_path(location).to_owned();
    let mut response = (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response();
    cookies::append(&mut response, set_cookies);
    response
}

/// The cookies of a fresh sign-in: the session, a new CSRF token (so a token planted before
/// sign-in is worth nothing after), and the device marker when there is a new one.
pub fn sign_in_cookies(session_token: &str, device: Option<&str>) -> Vec<axum::http::HeaderValue> {
    let mut set = vec![
        cookies::set(cookies::SESSION, session_token, None),
        cookies::set(cookies::CSRF, &crate::auth::secrets::new_token(), None),
    ];
    if let Some(device) = device {
        set.push(cookies::set(cookies::DEVICE, device, Some(cookies::DEVICE_LIFETIME)));
    }
    set
}

/// Renders a template with a status.
pub trait RenderWith {
    fn into_response_with(self, status: StatusCode) -> Result<Response, askama::Error>;
}

impl<T: Template> RenderWith for T {
    fn into_response_with(self, status: StatusCode) -> Result<Response, askama::Error> {
        Ok((status, axum::response::Html(self.render()?)).into_response())
    }
}

/// A filter value from a GET form: `None` when empty, `BadRequest` when not one offered.
pub fn filter<T, E>(
    value: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, AppError> {
    match value.trim() {
        "" => Ok(None),
        value => parse(value).map(Some).map_err(|_| AppError::BadRequest),
    }
}

/// `?done=…` after a post: which notice to show.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    /// `key` when the page was reached after `what` was done.
    pub fn notice(&self, what: &str, key: &'static str) -> Option<&'static str> {
        (self.done.as_deref() == Some(what)).then_some(key)
    }
}
