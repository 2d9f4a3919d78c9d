//! ISO 3166-1 alpha-2 country codes.
//!
//! Only officially assigned codes are accepted (the list in `codes.rs` is generated); `UK` or
//! `EU` are refused with a message that says what was expected.

mod codes;

use crate::{ParseError, ValueKind};

/// An officially assigned ISO 3166-1 alpha-2 code, upper-case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country(&'static str);

impl Country {
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(ParseError::Empty);
        }
        let upper = trimmed.to_ascii_uppercase();
        codes::CODES
            .binary_search(&upper.as_str())
            .map(|index| Self(codes::CODES[index]))
            .map_err(|_| ParseError::malformed(ValueKind::Country, trimmed))
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }

    /// Every assigned code, sorted.
    pub fn all() -> impl Iterator<Item = Self> {
        codes::CODES.iter().map(|code| Self(code))
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigned_codes_are_accepted_in_any_case() {
        assert_eq!(Country::parse("ch").unwrap().as_str(), "CH");
        assert_eq!(Country::parse(" FR ").unwrap().as_str(), "FR");
        assert_eq!(Country::all().count(), 249);
    }

    #[test]
    fn unassigned_and_malformed_codes_are_refused() {
        for bad in ["UK", "EU", "XX", "FRA", "F", "1' OR '1'='1"] {
            assert!(matches!(Country::parse(bad), Err(ParseError::Malformed { .. })), "{bad}");
        }
        assert_eq!(Country::parse(""), Err(ParseError::Empty));
    }
}
