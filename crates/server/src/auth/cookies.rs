//! Reading and writing the service's cookies.
//!
//! Every cookie is `__Host-` prefixed, `Secure`, `HttpOnly`, `SameSite=Lax` and `Path=/`: the
//! browser refuses it from another site, from a subdomain, and to scripts. Browsers treat
//! `http://localhost` and `http://127.0.0.1` as secure, so this works in development too; any
//! other plain-HTTP address cannot sign in (serve it over TLS, see docs/configuration.md).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;

/// The session cookie: a 256-bit token whose hash identifies a server-side session.
pub const SESSION: &str = "__Host-c4h_session";
/// The CSRF cookie: compared with the `csrf` field of every form.
pub const CSRF: &str = "__Host-c4h_csrf";
/// Marks a browser a user signed in from (see `limits`).
pub const DEVICE: &str = "__Host-c4h_device";

/// How long the device cookie lasts.
pub const DEVICE_LIFETIME: time::Duration = time::Duration::days(365);

/// The value of the cookie `name` in the request, if any.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// A `Set-Cookie` value for `name`; `max_age` `None` makes a cookie that ends with the browser.
pub fn set(name: &str, value: &str, max_age: Option<time::Duration>) -> HeaderValue {
    let mut builder = cookie::Cookie::build((name, value))
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(cookie::SameSite::Lax);
    if let Some(age) = max_age {
        builder = builder.max_age(cookie::time::Duration::seconds(age.whole_seconds()));
    }
    HeaderValue::from_str(&builder.build().to_string()).expect("cookie values are URL-safe tokens")
}

/// A `Set-Cookie` value that deletes `name`.
pub fn clear(name: &str) -> HeaderValue {
    set(name, "", Some(time::Duration::ZERO))
}

/// Appends `Set-Cookie` headers to a response.
pub fn append(response: &mut Response, cookies: impl IntoIterator<Item = HeaderValue>) {
    for cookie in cookies {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
}
