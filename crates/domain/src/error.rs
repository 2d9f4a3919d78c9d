//! The one error every parse constructor of this crate returns.
//!
//! Its `Display` is an English sentence fragment that fits after the name of the setting or field
//! ("`listen`: is not ..."), for the command line and logs. The web layer does not show it: it
//! translates [`ParseError::message_key`] with [`ParseError::value`] and [`ParseError::limit`] as
//! arguments, so users read the same message in their own language.

use std::fmt;

/// Which kind of value failed to parse, so that a message can say what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    EmailAddress,
    Country,
    Region,
    LanguageTag,
    RequesterKind,
    ServiceCategory,
    Urgency,
    Tlp,
    Delivery,
    Visibility,
    StaffRole,
    State,
    Id,
    Password,
    DateTime,
}

impl ValueKind {
    /// A stable code used in message keys (`invalid-email_address`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Self::EmailAddress => "email_address",
            Self::Country => "country",
            Self::Region => "region",
            Self::LanguageTag => "language_tag",
            Self::RequesterKind => "requester_kind",
            Self::ServiceCategory => "service_category",
            Self::Urgency => "urgency",
            Self::Tlp => "tlp",
            Self::Delivery => "delivery",
            Self::Visibility => "visibility",
            Self::StaffRole => "staff_role",
            Self::State => "state",
            Self::Id => "id",
            Self::Password => "password",
            Self::DateTime => "date_time",
        }
    }

    fn expectation(self) -> &'static str {
        match self {
            Self::EmailAddress => "an e-mail address such as name@example.org",
            Self::Country => "an ISO 3166-1 alpha-2 country code such as FR or CH",
            Self::Region => {
                "a country code such as FR, or a UN M49 region code such as 150 (Europe)"
            }
            Self::LanguageTag => "a BCP 47 language tag such as en, fr or pt-BR",
            Self::RequesterKind => "a requester kind",
            Self::ServiceCategory => "a service category",
            Self::Urgency => "an urgency (critical, high, medium or low)",
            Self::Tlp => "a TLP 2.0 marking (CLEAR, GREEN, AMBER, AMBER+STRICT or RED)",
            Self::Delivery => "a delivery mode (remote, on_site or both)",
            Self::Visibility => "a visibility",
            Self::StaffRole => "a staff role (coordinator or admin)",
            Self::State => "a known state",
            Self::Id => "an identifier (a UUID)",
            Self::Password => "a password",
            Self::DateTime => "a date and time such as 2026-11-29T08:30",
        }
    }
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing, or only spaces, was given.
    #[error("is empty")]
    Empty,
    /// Longer than allowed (counted in characters).
    #[error("is longer than {max} characters")]
    TooLong { max: usize },
    /// Shorter than allowed (counted in characters).
    #[error("is shorter than {min} characters")]
    TooShort { min: usize },
    /// Not of the right shape for its kind.
    #[error("{} is not {}", Shown(.value), .kind.expectation())]
    Malformed { kind: ValueKind, value: String },
    /// A number outside its allowed range (or not a whole number at all).
    #[error("is not a whole number from {min} to {max}")]
    OutOfRange { min: i64, max: i64 },
    /// An instant after now where only the past makes sense.
    #[error("is in the future")]
    InFuture,
    /// A box that must be ticked (a consent, a pledge) was not.
    #[error("must be ticked")]
    Required,
    /// The same value was given twice where each may appear once (two texts in one language).
    #[error("is given twice")]
    Duplicate,
    /// One of the passwords attackers try first.
    #[error("is one of the most common passwords")]
    TooCommon,
    /// Of the right shape but not one of the allowed values.
    #[error("{} is not {}; expected one of: {}", Shown(.value), .kind.expectation(), .allowed.join(", "))]
    NotAllowed { kind: ValueKind, value: String, allowed: &'static [&'static str] },
}

impl ParseError {
    pub(crate) fn malformed(kind: ValueKind, value: &str) -> Self {
        Self::Malformed { kind, value: clip(value) }
    }

    pub(crate) fn not_allowed(
        kind: ValueKind,
        value: &str,
        allowed: &'static [&'static str],
    ) -> Self {
        Self::NotAllowed { kind, value: clip(value), allowed }
    }

    /// The translation key of this error, e.g. `invalid-empty` or `invalid-country`.
    pub fn message_key(&self) -> String {
        match self {
            Self::Empty => "invalid-empty".to_owned(),
            Self::TooLong { .. } => "invalid-too-long".to_owned(),
            Self::TooShort { .. } => "invalid-too-short".to_owned(),
            Self::TooCommon => "invalid-too-common".to_owned(),
            Self::OutOfRange { .. } => "invalid-out-of-range".to_owned(),
            Self::Duplicate => "invalid-duplicate".to_owned(),
            Self::InFuture => "invalid-in-future".to_owned(),
            Self::Required => "invalid-required".to_owned(),
            Self::Malformed { kind, .. } | Self::NotAllowed { kind, .. } => {
                format!("invalid-{}", kind.code())
            }
        }
    }

    /// The offending value, already clipped, when the error carries one.
    pub fn value(&self) -> Option<&str> {
        match self {
            Self::Malformed { value, .. } | Self::NotAllowed { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The allowed range, for `OutOfRange`.
    pub fn range(&self) -> Option<(i64, i64)> {
        match self {
            Self::OutOfRange { min, max } => Some((*min, *max)),
            _ => None,
        }
    }

    /// The length limit, for `TooLong` and `TooShort`.
    pub fn limit(&self) -> Option<usize> {
        match self {
            Self::TooLong { max } => Some(*max),
            Self::TooShort { min } => Some(*min),
            _ => None,
        }
    }
}

/// Keeps error messages short whatever was pasted into a field.
fn clip(value: &str) -> String {
    const MAX: usize = 64;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

/// Shows a user-supplied value quoted, with control characters escaped, so that a value can
/// never forge a log line or a terminal escape sequence.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_clipped_and_control_characters_are_escaped() {
        let error = ParseError::malformed(ValueKind::Country, &format!("x\ny{}", "z".repeat(100)));
        let text = error.to_string();
        assert!(text.starts_with("\"x\\ny"), "{text}");
        assert!(text.contains('…'));
        assert!(!text.contains('\n'));
    }

    #[test]
    fn message_keys_name_the_kind() {
        assert_eq!(ParseError::malformed(ValueKind::Country, "x").message_key(), "invalid-country");
        assert_eq!(ParseError::Empty.message_key(), "invalid-empty");
    }
}
