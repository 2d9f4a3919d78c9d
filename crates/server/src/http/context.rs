//! What every page needs besides its own content: the reader's language, the navigation, the
//! operator's identity, and the path the language switcher returns to.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;

use crate::auth::Viewer;
use crate::auth::csrf::CsrfToken;
use crate::i18n::{Locale, Tr};
use crate::services::Client;
use crate::state::AppState;

/// The cookie that remembers the language chosen with the switcher.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The language chosen with the switcher, if any.
fn cookie_locale(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == LANGUAGE_COOKIE)
        .and_then(|cookie| Locale::from_tag(cookie.value()))
}

/// The language from the request alone: the switcher's cookie, else the browser's
/// Accept-Language, else English.
pub fn locale_for(headers: &HeaderMap) -> Locale {
    cookie_locale(headers)
        .or_else(|| {
            let header = headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
            Locale::negotiate(header)
        })
        .unwrap_or(Locale::DEFAULT)
}

/// One entry of the main navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label_key: &'static str,
    pub current: bool,
    pub prominent: bool,
}

/// One choice of the language switcher.
#[derive(Debug, Clone)]
pub struct LanguageChoice {
    pub code: &'static str,
    pub endonym: &'static str,
    pub current: bool,
}

/// The parts of every page that are not its content.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub tr: Tr,
    /// The current path, where the language switcher comes back to.
    pub path: String,
    pub operator_name: String,
    pub contact_email: String,
    pub nav: Vec<NavItem>,
    pub languages: Vec<LanguageChoice>,
    /// The token every form posts back (see `auth::csrf`).
    pub csrf: String,
    /// The signed-in person's name, for the header; `None` when nobody is signed in.
    pub signed_in_as: Option<String>,
    /// Whether any session exists, even one still awaiting its second factor (to offer sign-out).
    pub has_session: bool,
    /// The signed-in person's unread notifications.
    pub unread: u32,
    /// Where the request comes from, for the audit events of what the page shows.
    pub client: Client,
}

const NAV: [(&str, &str, bool); 5] = [
    ("/", "nav-home", false),
    ("/ask", "nav-ask", true),
    ("/eligibility", "nav-eligibility", false),
    ("/how-it-works", "nav-how", false),
    ("/catalogue", "nav-catalogue", false),
];

impl PageContext {
    pub fn new(state: &AppState, locale: Locale, path: &str, csrf: &str, viewer: &Viewer) -> Self {
        Self {
            csrf: csrf.to_owned(),
            signed_in_as: viewer.signed_in().map(|context| context.user.display_name.clone()),
            has_session: viewer.0.is_some(),
            unread: 0,
            client: Client { address: "unknown".to_owned(), user_agent: None },
            tr: Tr::new(locale),
            path: path.to_owned(),
            operator_name: state.settings.operator_name.clone(),
            contact_email: state.settings.contact_email.to_string(),
            nav: NAV
                .iter()
                .map(|&(href, label_key, prominent)| NavItem {
                    href,
                    label_key,
                    current: href == path,
                    prominent,
                })
                .collect(),
            languages: Locale::ALL
                .iter()
                .map(|&choice| LanguageChoice {
                    code: choice.code(),
                    endonym: choice.endonym(),
                    current: choice == locale,
                })
                .collect(),
        }
    }
}

impl FromRequestParts<AppState> for PageContext {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let csrf =
            parts.extensions.get::<CsrfToken>().map(|token| token.0.clone()).unwrap_or_default();
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let locale = reader_locale(&parts.headers, &viewer);
        let mut context = Self::new(state, locale, parts.uri.path(), &csrf, &viewer);
        context.client = Client::from_request_parts(parts, state).await?;
        if let Some(session) = viewer.signed_in() {
            // A count in the header is not worth failing a page for.
            context.unread = state.store.unread_notifications(session.user.id).await.unwrap_or(0);
        }
        Ok(context)
    }
}

/// The reader's language: the switcher's cookie, else a signed-in reader's profile, else the
/// browser's Accept-Language, else English.
pub fn reader_locale(headers: &HeaderMap, viewer: &Viewer) -> Locale {
    cookie_locale(headers)
        .or_else(|| {
            let context = viewer.signed_in()?;
            Locale::from_tag(context.user.preferred_language.as_str())
        })
        .unwrap_or_else(|| locale_for(headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_cookie_wins_over_the_browser_which_wins_over_the_default() {
        assert_eq!(locale_for(&headers(&[])), Locale::En);
        assert_eq!(locale_for(&headers(&[("accept-language", "fr-FR,fr;q=0.9")])), Locale::Fr);
        assert_eq!(
            locale_for(&headers(&[("accept-language", "fr"), ("cookie", "a=b; lang=en")])),
            Locale::En
        );
        assert_eq!(locale_for(&headers(&[("cookie", "lang=xx")])), Locale::En);
    }
}
