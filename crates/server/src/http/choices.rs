//! The option lists that forms and filters share (countries, regions, languages, kinds, categories),
//! labelled in the reader's language and sorted the way a reader looks for them.

use c4h_domain::{Country, M49Region, RequesterKind, ServiceCategory};

use crate::i18n::Tr;

/// The languages a provider's engineers can say they work in: every language with a label in
/// `catalogue.ftl` (a test checks that each has one in every interface language).
pub const WORKING_LANGUAGES: &[&str] = &[
    "ar", "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hi", "hr", "hu", "it",
    "ja", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "sw", "tr", "uk",
    "zh",
];

/// One option of a list or one box of a group of checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    pub code: &'static str,
    pub label: String,
    pub selected: bool,
}

fn sorted(mut choices: Vec<Choice>) -> Vec<Choice> {
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}

/// Every country, by name in the reader's language.
pub fn countries(tr: &Tr, selected: &[&str]) -> Vec<Choice> {
    sorted(
        Country::all()
            .map(|country| Choice {
                code: country.as_str(),
                label: tr.label("country", country.as_str()),
                selected: selected.contains(&country.as_str()),
            })
            .collect(),
    )
}

/// The UN M49 regions, the world first.
pub fn regions(tr: &Tr, selected: &[&str]) -> Vec<Choice> {
    M49Region::ALL
        .iter()
        .map(|region| Choice {
            code: region.as_str(),
            label: tr.label("region", region.as_str()),
            selected: selected.contains(&region.as_str()),
        })
        .collect()
}

pub fn languages(tr: &Tr, selected: &[&str]) -> Vec<Choice> {
    sorted(
        WORKING_LANGUAGES
            .iter()
            .map(|code| Choice {
                code,
                label: tr.label("language", code),
                selected: selected.contains(code),
            })
            .collect(),
    )
}

/// Requester kinds in the order the eligibility page lists them.
pub fn kinds(tr: &Tr, selected: &[&str]) -> Vec<Choice> {
    RequesterKind::CODES
        .iter()
        .map(|code| Choice {
            code,
            label: tr.label("kind", code),
            selected: selected.contains(code),
        })
        .collect()
}

/// Service categories in the catalogue's order (urgent help first).
pub fn categories(tr: &Tr, selected: &[&str]) -> Vec<Choice> {
    ServiceCategory::CODES
        .iter()
        .map(|code| Choice {
            code,
            label: tr.label("category", code),
            selected: selected.contains(code),
        })
        .collect()
}

/// The values of `name` among repeated form fields (checkbox groups, multiple selects).
pub fn all_of(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs.iter().filter(|(key, _)| key == name).map(|(_, value)| value.clone()).collect()
}

/// The first value of `name`, or "" when absent.
pub fn one_of(pairs: &[(String, String)], name: &str) -> String {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()).unwrap_or_default()
}

/// The state options of a filter, labelled with `prefix-<code>`.
pub fn state_choices(
    tr: &Tr,
    prefix: &str,
    codes: &'static [&'static str],
    selected: &str,
) -> Vec<Choice> {
    codes
        .iter()
        .map(|code| Choice { code, label: tr.label(prefix, code), selected: *code == selected })
        .collect()
}
