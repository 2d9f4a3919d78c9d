//! The password policy: long enough, not absurdly long, not one of the most common passwords, no
//! composition rules (NIST SP 800-63B, OWASP ASVS 6.2).
//!
//! A [`Password`] never prints its content, so it cannot end up in a log line by accident.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::ParseError;

/// The bundled list of common passwords (see `data/README.md`), lower-case.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().collect());

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

/// A password that meets the length policy. Hashing is the server's job.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks the length in characters; nothing else about the content is imposed.
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let length = value.chars().count();
        if length == 0 {
            Err(ParseError::Empty)
        } else if length < MIN_LENGTH {
            Err(ParseError::TooShort { min: MIN_LENGTH })
        } else if length > MAX_LENGTH {
            Err(ParseError::TooLong { max: MAX_LENGTH })
        } else if COMMON.contains(value.to_lowercase().as_str()) {
            Err(ParseError::TooCommon)
        } else {
            Ok(Self(value.to_owned()))
        }
    }

    /// The secret itself, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_and_bounded() {
        assert!(Password::parse("correct horse").is_ok());
        assert!(Password::parse("ééééééé").is_err());
        assert!(Password::parse("éééééééé").is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)), Err(ParseError::TooLong { max: 128 }));
        assert_eq!(Password::parse("short"), Err(ParseError::TooShort { min: 8 }));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in ["password", "Password", "12345678", "iloveyou", "TRUSTNO1", "qwertyuiop"] {
            assert_eq!(Password::parse(common), Err(ParseError::TooCommon), "{common}");
        }
        assert!(Password::parse("clinic lake ransomware 2026").is_ok());
    }

    #[test]
    fn a_password_never_prints_its_content() {
        let password = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
