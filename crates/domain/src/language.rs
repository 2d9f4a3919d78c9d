//! BCP 47 language tags (RFC 5646), validated against the IANA subtag registry and kept in
//! canonical form, so that `EN-gb` and `en-GB` are one language.

use crate::{ParseError, ValueKind};

/// The longest tag we store; real tags are far shorter, this only bounds what a form can send.
const MAX_LENGTH: usize = 35;

/// A valid, canonical BCP 47 language tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(ParseError::Empty);
        }
        if value.len() > MAX_LENGTH {
            return Err(ParseError::TooLong { max: MAX_LENGTH });
        }
        let malformed = || ParseError::malformed(ValueKind::LanguageTag, value);
        let tag = language_tags::LanguageTag::parse(value).map_err(|_| malformed())?;
        let canonical = tag.canonicalize().map_err(|_| malformed())?;
        canonical.validate().map_err(|_| malformed())?;
        Ok(Self(canonical.into_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag: `pt` for `pt-BR`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl std::fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_canonicalised() {
        assert_eq!(LanguageTag::parse("EN-gb").unwrap().as_str(), "en-GB");
        assert_eq!(LanguageTag::parse("fr").unwrap().as_str(), "fr");
        assert_eq!(LanguageTag::parse("pt-BR").unwrap().primary(), "pt");
    }

    #[test]
    fn ill_formed_and_unregistered_tags_are_refused() {
        for bad in ["english", "zz-ZZ", "en_GB", "fr-", "<script>"] {
            assert!(
                matches!(LanguageTag::parse(bad), Err(ParseError::Malformed { .. })),
                "{bad} was accepted"
            );
        }
        assert_eq!(LanguageTag::parse(&"a".repeat(40)), Err(ParseError::TooLong { max: 35 }));
    }
}
