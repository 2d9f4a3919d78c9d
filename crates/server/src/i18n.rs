//! Translations (Fluent): every string a person reads goes through here.
//!
//! The `.ftl` files under `locales/<language>/` are embedded in the binary. A missing key never
//! breaks a page: it renders as the key itself and is logged, and the test suite fails when any
//! key is missing in any language (see `tests` below and the server's `i18n` tests).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the interface is available in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    En,
    Fr,
}

impl Locale {
    /// Every interface language, the default first.
    pub const ALL: [Self; 2] = [Self::En, Self::Fr];
    pub const DEFAULT: Self = Self::En;

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// The language's own name, as the switcher shows it whatever the current language.
    pub fn endonym(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Fr => "Français",
        }
    }

    /// Matches a code or tag (`fr`, `fr-CH`, `FR`) to an interface language.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Self::ALL.into_iter().find(|locale| locale.code().eq_ignore_ascii_case(primary))
    }

    /// The best interface language for an `Accept-Language` header (RFC 9110, section 12.5.4):
    /// ranges by descending weight, `q=0` meaning "not this one", first supported one wins.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranges: Vec<(u16, &str)> = accept_language
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';').map(str::trim);
                let range = parts.next().filter(|range| !range.is_empty())?;
                let weight = parts
                    .find_map(|param| param.strip_prefix("q=").or_else(|| param.strip_prefix("Q=")))
                    .map_or(Some(1000), |q| {
                        q.parse::<f32>().ok().map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                    })?;
                Some((weight, range))
            })
            .filter(|(weight, _)| *weight > 0)
            .collect();
        // Stable: equal weights keep the order the browser sent them in.
        ranges.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        ranges.into_iter().find_map(|(_, range)| Self::from_tag(range))
    }

    /// The `.ftl` sources of this language.
    pub fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::En => &[
                ("main.ftl", include_str!("../locales/en/main.ftl")),
                ("catalogue.ftl", include_str!("../locales/en/catalogue.ftl")),
                ("countries.ftl", include_str!("../locales/en/countries.ftl")),
                ("account.ftl", include_str!("../locales/en/account.ftl")),
                ("email.ftl", include_str!("../locales/en/email.ftl")),
                ("providers.ftl", include_str!("../locales/en/providers.ftl")),
                ("coordination.ftl", include_str!("../locales/en/coordination.ftl")),
                ("requests.ftl", include_str!("../locales/en/requests.ftl")),
                ("cases.ftl", include_str!("../locales/en/cases.ftl")),
                ("audit.ftl", include_str!("../locales/en/audit.ftl")),
                ("retention.ftl", include_str!("../locales/en/retention.ftl")),
            ],
            Self::Fr => &[
                ("main.ftl", include_str!("../locales/fr/main.ftl")),
                ("catalogue.ftl", include_str!("../locales/fr/catalogue.ftl")),
                ("countries.ftl", include_str!("../locales/fr/countries.ftl")),
                ("account.ftl", include_str!("../locales/fr/account.ftl")),
                ("email.ftl", include_str!("../locales/fr/email.ftl")),
                ("providers.ftl", include_str!("../locales/fr/providers.ftl")),
                ("coordination.ftl", include_str!("../locales/fr/coordination.ftl")),
                ("requests.ftl", include_str!("../locales/fr/requests.ftl")),
                ("cases.ftl", include_str!("../locales/fr/cases.ftl")),
                ("audit.ftl", include_str!("../locales/fr/audit.ftl")),
                ("retention.ftl", include_str!("../locales/fr/retention.ftl")),
            ],
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Every language's bundle, parsed once.
static BUNDLES: LazyLock<HashMap<Locale, Arc<Bundle>>> = LazyLock::new(|| {
    Locale::ALL.into_iter().map(|locale| (locale, Arc::new(build_bundle(locale)))).collect()
});

fn build_bundle(locale: Locale) -> Bundle {
    let id: LanguageIdentifier = locale.code().parse().expect("interface language codes are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/U+2069) around placeables are for mixed-direction plain text; in
    // HTML they only get in the way of copying and of tests comparing text.
    bundle.set_use_isolating(false);
    for (name, source) in locale.sources() {
        let resource =
            FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(resource, errors)| {
                tracing::error!(
                    locale = locale.code(),
                    file = name,
                    ?errors,
                    "a translation file has syntax errors"
                );
                resource
            });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                locale = locale.code(),
                file = name,
                ?errors,
                "a translation file repeats keys"
            );
        }
    }
    bundle
}

/// Keys looked up but missing since the process started, by language; tests assert it stays empty.
static MISSING: Mutex<BTreeSet<(&'static str, String)>> = Mutex::new(BTreeSet::new());

/// The keys that pages asked for and that a language lacks, as `language:key`.
pub fn missing_keys() -> Vec<String> {
    let missing = MISSING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    missing.iter().map(|(language, key)| format!("{language}:{key}")).collect()
}

/// Translates for one reader. Cheap to clone; templates call its methods.
#[derive(Clone)]
pub struct Tr {
    locale: Locale,
    bundle: Arc<Bundle>,
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tr").field("locale", &self.locale).finish()
    }
}

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Self { locale, bundle: BUNDLES[&locale].clone() }
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The language code for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// Whether `key` exists in this language (for keys built from codes).
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// The text of `key`.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The text of `key` with one string argument.
    pub fn ts(&self, key: &str, name: &str, value: impl AsRef<str>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.as_ref().to_owned()));
        self.format(key, Some(&args))
    }

    /// The text of `key` with one number argument (plural rules apply).
    pub fn tn(&self, key: &str, name: &str, value: impl std::borrow::Borrow<u32>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(*value.borrow()));
        self.format(key, Some(&args))
    }

    /// The text of `key` with several string arguments.
    pub fn with(&self, key: &str, arguments: &[(&str, String)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in arguments {
            args.set((*name).to_owned(), FluentValue::from(value.clone()));
        }
        self.format(key, Some(&args))
    }

    /// The label of a code, `prefix-code` (`category-incident_response`), or the code itself
    /// when no label exists.
    pub fn label(&self, prefix: &str, code: &str) -> String {
        let key = format!("{prefix}-{code}");
        if self.has(&key) { self.t(&key) } else { code.to_owned() }
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|message| message.value()) else {
            tracing::warn!(locale = self.locale.code(), key, "missing translation");
            MISSING
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert((self.locale.code(), key.to_owned()));
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                locale = self.locale.code(),
                key,
                ?errors,
                "translation could not be formatted"
            );
        }
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(Locale::negotiate("fr-CH, fr;q=0.9, en;q=0.8"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate("de-DE, en;q=0.5"), Some(Locale::En));
        assert_eq!(Locale::negotiate("en;q=0.2, fr;q=0.9"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate("de"), None);
        assert_eq!(Locale::negotiate("fr;q=0, en;q=0.1"), Some(Locale::En));
        assert_eq!(Locale::negotiate("*;q=0.5, fr"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate("fr;q=abc, en"), Some(Locale::En));
        assert_eq!(Locale::negotiate(""), None);
    }

    #[test]
    fn placeables_are_not_wrapped_in_isolation_marks() {
        let text = Tr::new(Locale::En).ts("footer-contact", "email", "help@c4h.example");
        assert!(text.contains("help@c4h.example"));
        assert!(!text.contains('\u{2068}'));
    }

    #[test]
    fn a_missing_key_renders_as_itself_and_is_recorded() {
        assert_eq!(Tr::new(Locale::Fr).t("no-such-key"), "no-such-key");
        assert!(missing_keys().contains(&"fr:no-such-key".to_owned()));
        assert_eq!(Tr::new(Locale::Fr).label("category", "nonsense"), "nonsense");
        assert_eq!(
            Tr::new(Locale::Fr).label("category", "incident_response"),
            "Réponse aux incidents"
        );
    }
}
