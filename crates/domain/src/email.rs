//! E-mail addresses as we accept them from people: one plain `local@domain.tld`, nothing else.
//!
//! RFC 5322 allows far more (quoted local parts, comments, IP literals, display names); none of
//! that is needed to reach a clinic and every bit of it is a way to smuggle something into a
//! header. Addresses are stored lower-cased so that one mailbox is one account.

use crate::{ParseError, ValueKind};
use email_address::{EmailAddress as Rfc5322Address, Options};

/// The longest address that fits in an SMTP path (RFC 5321, section 4.5.3.1.3).
pub const MAX_LENGTH: usize = 254;

/// A syntactically valid, normalised e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        if value.is_empty() {
            return Err(ParseError::Empty);
        }
        if value.chars().count() > MAX_LENGTH {
            return Err(ParseError::TooLong { max: MAX_LENGTH });
        }
        let plain = value.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(c, '"' | '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';' | ':' | '\\')
        });
        let options =
            Options::default().with_required_tld().without_domain_literal().without_display_text();
        if !plain || Rfc5322Address::parse_with_options(value, options).is_err() {
            return Err(ParseError::malformed(ValueKind::EmailAddress, value));
        }
        Ok(Self(value.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, which coordinators compare with an organisation's website.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_address_is_accepted_and_lower_cased() {
        let address = EmailAddress::parse("  IT-Lead@Clinique.Example ").unwrap();
        assert_eq!(address.as_str(), "it-lead@clinique.example");
        assert_eq!(address.domain(), "clinique.example");
    }

    #[test]
    fn header_smuggling_and_exotic_forms_are_refused() {
        for bad in [
            "a@b",
            "no-at-sign.example",
            "a@b.example\r\nBcc: x@evil.example",
            "\"quoted local\"@example.org",
            "Name <a@example.org>",
            "a@[127.0.0.1]",
            "a,b@example.org",
            "a@exa mple.org",
            "é@example.org",
        ] {
            assert!(
                matches!(EmailAddress::parse(bad), Err(ParseError::Malformed { .. })),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn empty_and_overlong_addresses_say_so() {
        assert_eq!(EmailAddress::parse("   "), Err(ParseError::Empty));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(ParseError::TooLong { max: MAX_LENGTH }));
    }
}
