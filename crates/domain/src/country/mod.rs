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

    /// The UN M49 region the country belongs to; `None` for Antarctica, which belongs only to
    /// the world.
    pub fn region(&self) -> Option<M49Region> {
        let index = codes::CODES.binary_search(&self.0).ok()?;
        M49Region::parse(codes::REGIONS[index]).ok()
    }
}

crate::codes::code_enum!(
    /// The UN M49 regions an offering can serve as a whole: the world and its five regions.
    M49Region, ValueKind::Region, {
        World => "001",
        Africa => "002",
        Americas => "019",
        Asia => "142",
        Europe => "150",
        Oceania => "009",
    }
);

/// What an offering serves: one country, or a whole region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    Country(Country),
    M49(M49Region),
}

impl Region {
    /// A country code (`FR`) or an M49 region code (`150`).
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let value = value.trim();
        if value.chars().all(|c| c.is_ascii_digit()) && !value.is_empty() {
            M49Region::parse(value)
                .map(Self::M49)
                .map_err(|_| ParseError::malformed(ValueKind::Region, value))
        } else {
            Country::parse(value).map(Self::Country).map_err(|error| match error {
                ParseError::Empty => ParseError::Empty,
                _ => ParseError::malformed(ValueKind::Region, value),
            })
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Country(country) => country.as_str(),
            Self::M49(region) => region.as_str(),
        }
    }

    /// Whether serving this region means serving `country`.
    pub fn covers(&self, country: Country) -> bool {
        match self {
            Self::Country(own) => *own == country,
            Self::M49(M49Region::World) => true,
            Self::M49(region) => country.region() == Some(*region),
        }
    }

    /// The codes a filter for `country` matches: the country, its region, and the world.
    pub fn codes_covering(country: Country) -> Vec<&'static str> {
        let mut codes = vec![country.as_str(), M49Region::World.as_str()];
        codes.extend(country.region().map(|region| region.as_str()));
        codes
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
    fn countries_belong_to_their_m49_regions() {
        let region = |code| Country::parse(code).unwrap().region();
        assert_eq!(region("FR"), Some(M49Region::Europe));
        assert_eq!(region("SN"), Some(M49Region::Africa));
        assert_eq!(region("BR"), Some(M49Region::Americas));
        assert_eq!(region("MX"), Some(M49Region::Americas));
        assert_eq!(region("TR"), Some(M49Region::Asia), "M49 puts Turkey in Western Asia");
        assert_eq!(region("CY"), Some(M49Region::Asia));
        assert_eq!(region("RU"), Some(M49Region::Europe));
        assert_eq!(region("NZ"), Some(M49Region::Oceania));
        assert_eq!(region("AQ"), None);
        assert!(Country::all().filter(|c| c.as_str() != "AQ").all(|c| c.region().is_some()));
    }

    #[test]
    fn a_region_covers_its_countries_and_the_world_covers_all() {
        let fr = Country::parse("FR").unwrap();
        assert!(Region::parse("150").unwrap().covers(fr));
        assert!(Region::parse("001").unwrap().covers(fr));
        assert!(Region::parse("fr").unwrap().covers(fr));
        assert!(!Region::parse("002").unwrap().covers(fr));
        assert!(!Region::parse("CH").unwrap().covers(fr));
        assert_eq!(Region::codes_covering(fr), ["FR", "001", "150"]);
        for bad in ["999", "EU", "XX", "1' OR 1=1"] {
            assert!(matches!(Region::parse(bad), Err(ParseError::Malformed { .. })), "{bad}");
        }
    }

    #[test]
    fn unassigned_and_malformed_codes_are_refused() {
        for bad in ["UK", "EU", "XX", "FRA", "F", "1' OR '1'='1"] {
            assert!(matches!(Country::parse(bad), Err(ParseError::Malformed { .. })), "{bad}");
        }
        assert_eq!(Country::parse(""), Err(ParseError::Empty));
    }
}
