//! Translations: every key in every language, every key the templates use, every code's label.

use std::collections::BTreeSet;

use c4h_domain::request_flow::RequestTransition;
use c4h_domain::triage::{Duty, PatientCare, UrgencyReason};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    Country, Delivery, M49Region, RequestState, RequesterKind, ServiceCategory, Tlp, Urgency,
    ValueKind, VerificationState, VettingState,
};
use c4h_server::http::choices::WORKING_LANGUAGES;
use c4h_server::i18n::{Locale, Tr};
use fluent_syntax::ast::Entry;

fn keys(locale: Locale) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (file, source) in locale.sources() {
        let resource = fluent_syntax::parser::parse(*source).unwrap_or_else(|(_, errors)| {
            panic!("{}/{file} has syntax errors: {errors:?}", locale.code())
        });
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                assert!(
                    keys.insert(message.id.name.to_owned()),
                    "{}/{file}: {} is defined twice",
                    locale.code(),
                    message.id.name
                );
            }
        }
    }
    keys
}

#[test]
fn every_key_exists_in_every_language() {
    let reference = keys(Locale::DEFAULT);
    for locale in Locale::ALL {
        let these = keys(locale);
        let missing: Vec<_> = reference.difference(&these).collect();
        let extra: Vec<_> = these.difference(&reference).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", locale.code());
        assert!(extra.is_empty(), "{} has keys English lacks: {extra:?}", locale.code());
    }
}

/// The keys the templates name literally: `t("…")`, `ts("…"` and `tn("…"`.
fn template_keys() -> BTreeSet<String> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for call in [".t(\"", ".ts(\"", ".tn(\""] {
            for (start, _) in text.match_indices(call) {
                let rest = &text[start + call.len()..];
                found.insert(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
        // The macros take some keys as arguments: (macro, positions of its key arguments).
        let macros: [(&str, &[usize]); 4] = [
            ("m::field(", &[3, 7]),
            ("m::textarea(", &[3, 5]),
            ("m::checkboxes(", &[3]),
            ("m::choice_select(", &[2, 3]),
        ];
        for (name, positions) in macros {
            for (start, _) in text.match_indices(name) {
                let call = &text[start + name.len()..];
                let arguments: Vec<&str> =
                    call[..call.find(')').unwrap()].split(',').map(str::trim).collect();
                found.extend(
                    positions
                        .iter()
                        .map(|&i| arguments[i])
                        .filter(|a| a.starts_with('"') && a.len() > 2)
                        .map(|a| a.trim_matches('"').to_owned()),
                );
            }
        }
    }
    found
}

#[test]
fn every_key_the_templates_use_exists() {
    let used = template_keys();
    assert!(used.len() > 50, "the scan found only {used:?}");
    for locale in Locale::ALL {
        let keys = keys(locale);
        let missing: Vec<_> = used.iter().filter(|key| !keys.contains(*key)).collect();
        assert!(missing.is_empty(), "{} lacks keys the templates use: {missing:?}", locale.code());
    }
}

#[test]
fn every_code_has_a_label_in_every_language() {
    for locale in Locale::ALL {
        let tr = Tr::new(locale);
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(ServiceCategory::CODES.iter().map(|code| format!("category-{code}")));
        wanted.extend(RequesterKind::CODES.iter().map(|code| format!("kind-{code}")));
        wanted.extend(
            Urgency::CODES
                .iter()
                .flat_map(|code| [format!("urgency-{code}"), format!("urgency-{code}-help")]),
        );
        wanted.extend(Delivery::CODES.iter().map(|code| format!("delivery-{code}")));
        wanted.extend(Country::all().map(|country| format!("country-{country}")));
        let kinds = [
            ValueKind::EmailAddress,
            ValueKind::Region,
            ValueKind::Country,
            ValueKind::LanguageTag,
            ValueKind::RequesterKind,
            ValueKind::ServiceCategory,
            ValueKind::Urgency,
            ValueKind::Tlp,
            ValueKind::Delivery,
            ValueKind::Visibility,
            ValueKind::StaffRole,
            ValueKind::State,
            ValueKind::Id,
            ValueKind::Password,
            ValueKind::DateTime,
        ];
        wanted.extend(kinds.iter().map(|kind| format!("invalid-{}", kind.code())));
        wanted.extend(
            [
                "invalid-empty",
                "invalid-too-long",
                "invalid-too-short",
                "invalid-too-common",
                "invalid-out-of-range",
                "invalid-duplicate",
                "invalid-in-future",
                "invalid-required",
            ]
            .map(str::to_owned),
        );
        let demo = c4h_server::demo::data(time::OffsetDateTime::UNIX_EPOCH);
        for offering in &demo.offerings {
            wanted
                .extend(offering.languages.iter().map(|tag| format!("language-{}", tag.primary())));
            wanted.extend(
                offering
                    .regions
                    .iter()
                    .filter(|r| r.len() == 3)
                    .map(|region| format!("region-{region}")),
            );
        }
        // The choices forms offer, and the states and decisions pages name.
        wanted.extend(WORKING_LANGUAGES.iter().map(|code| format!("language-{code}")));
        wanted.extend(M49Region::CODES.iter().map(|code| format!("region-{code}")));
        wanted.extend(VettingState::CODES.iter().map(|code| format!("vetting-{code}")));
        wanted.extend(VettingDecision::CODES.iter().map(|code| format!("vetting-decision-{code}")));
        wanted.extend(
            VerificationState::CODES.iter().map(|code| format!("verification-state-{code}")),
        );
        wanted.extend(RequestState::CODES.iter().map(|code| format!("request-state-{code}")));
        wanted.extend(UrgencyReason::CODES.iter().map(|code| format!("reason-{code}")));
        wanted.extend(PatientCare::CODES.iter().map(|code| format!("patient-care-{code}")));
        wanted.extend(Duty::CODES.iter().map(|code| format!("duty-{code}")));
        wanted.extend(RequestTransition::CODES.iter().map(|code| format!("step-{code}")));
        wanted.extend(
            RequestTransition::CODES.iter().map(|code| format!("request-history-request-{code}")),
        );
        wanted.extend(Tlp::CODES.iter().map(|code| format!("tlp-{}", code.replace('+', "-"))));
        let missing: Vec<_> = wanted.iter().filter(|key| !tr.has(key)).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", locale.code());
    }
}
