//! Closed sets of codes: requester kinds, service categories, urgency, TLP, delivery, visibility
//! and staff roles.
//!
//! Each code has one stable spelling (`as_str`), used in the database, the API, configuration and
//! translation keys; labels shown to people are translations of those codes, never the codes.

/// Declares a fieldless enum with its stable codes, `as_str`, `ALL`, `FromStr` and `Display`.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $kind:expr, { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// Every stable code, in declaration order.
            pub const CODES: &'static [&'static str] = &[$($code),+];

            /// The stable code of this value.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            /// Parses a stable code exactly as `as_str` writes it.
            pub fn parse(value: &str) -> Result<Self, $crate::ParseError> {
                match value.trim() {
                    "" => Err($crate::ParseError::Empty),
                    $($code => Ok(Self::$variant),)+
                    other => Err($crate::ParseError::not_allowed($kind, other, Self::CODES)),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ParseError;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::parse(value)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use code_enum;

use crate::{ParseError, ValueKind};

code_enum!(
    /// The kinds of organisation that may ask for help (the original service's eligibility list).
    RequesterKind, ValueKind::RequesterKind, {
        Hospital => "hospital",
        CareFacility => "care_facility",
        Clinic => "clinic",
        Laboratory => "laboratory",
        Clinician => "clinician",
        PharmaceuticalCompany => "pharmaceutical_company",
        LifeSciencesCompany => "life_sciences_company",
        MedicalDeviceCompany => "medical_device_company",
        Ngo => "ngo",
        InternationalNgo => "international_ngo",
    }
);

code_enum!(
    /// What kind of help an offering gives or a request needs.
    ServiceCategory, ValueKind::ServiceCategory, {
        IncidentResponse => "incident_response",
        DigitalForensics => "digital_forensics",
        RansomwareRecovery => "ransomware_recovery",
        ThreatIntelligence => "threat_intelligence",
        VulnerabilityAssessment => "vulnerability_assessment",
        PenetrationTesting => "penetration_testing",
        EmailSecurity => "email_security",
        AccountProtection => "account_protection",
        EndpointProtection => "endpoint_protection",
        NetworkSecurity => "network_security",
        CloudSecurity => "cloud_security",
        MedicalDeviceSecurity => "medical_device_security",
        SecurityAwareness => "security_awareness",
        CyberExercise => "cyber_exercise",
        SecurityAdvisory => "security_advisory",
        BackupContinuity => "backup_continuity",
    }
);

code_enum!(
    /// How urgently a request needs help. Declared most urgent first, so `Critical < Low` in the
    /// derived order and sorting ascending puts the most urgent first.
    Urgency, ValueKind::Urgency, {
        Critical => "critical",
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

code_enum!(
    /// Where an offering's work is done.
    Delivery, ValueKind::Delivery, {
        Remote => "remote",
        OnSite => "on_site",
        Both => "both",
    }
);

code_enum!(
    /// Who may read a message, note or file of a case.
    Visibility, ValueKind::Visibility, {
        /// The requester, the engaged provider and the coordinators.
        AllParties => "all_parties",
        /// The engaged provider and the coordinators, not the requester.
        CoordinatorsAndProvider => "coordinators_and_provider",
        /// The coordinators only.
        Coordinators => "coordinators",
    }
);

code_enum!(
    /// The operator's own staff. Everyone else's powers come from memberships.
    StaffRole, ValueKind::StaffRole, {
        Coordinator => "coordinator",
        Admin => "admin",
    }
);

code_enum!(
    /// Traffic Light Protocol 2.0 marking of a request, message or file.
    Tlp, ValueKind::Tlp, {
        Clear => "clear",
        Green => "green",
        Amber => "amber",
        AmberStrict => "amber+strict",
        Red => "red",
    }
);

impl Tlp {
    /// The marking a new message or file gets unless its author chooses another.
    pub const DEFAULT: Self = Self::Amber;

    /// Parses a marking as people write it: `AMBER+STRICT`, `TLP:RED`, `amber`.
    pub fn parse_lenient(value: &str) -> Result<Self, ParseError> {
        let trimmed = value.trim();
        let bare = trimmed
            .get(..4)
            .filter(|prefix| prefix.eq_ignore_ascii_case("tlp:"))
            .map_or(trimmed, |_| &trimmed[4..]);
        Self::parse(&bare.to_ascii_lowercase())
            .map_err(|_| ParseError::not_allowed(ValueKind::Tlp, value, Self::CODES))
    }

    /// The label as TLP 2.0 prints it, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> String {
        format!("TLP:{}", self.as_str().to_ascii_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_ten_requester_kinds_and_sixteen_categories() {
        assert_eq!(RequesterKind::ALL.len(), 10);
        assert_eq!(ServiceCategory::ALL.len(), 16);
    }

    #[test]
    fn every_code_round_trips() {
        for kind in RequesterKind::ALL {
            assert_eq!(RequesterKind::parse(kind.as_str()), Ok(*kind));
        }
        for category in ServiceCategory::ALL {
            assert_eq!(category.as_str().parse::<ServiceCategory>(), Ok(*category));
        }
        for tlp in Tlp::ALL {
            assert_eq!(Tlp::parse_lenient(&tlp.label()), Ok(*tlp));
        }
    }

    #[test]
    fn an_unknown_code_lists_the_allowed_ones() {
        let error = ServiceCategory::parse("hacking").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("\"hacking\""), "{text}");
        assert!(text.contains("incident_response"), "{text}");
        assert_eq!(error.message_key(), "invalid-service_category");
        assert_eq!(Urgency::parse(" "), Err(ParseError::Empty));
    }

    #[test]
    fn urgency_sorts_most_urgent_first() {
        let mut all = vec![Urgency::Low, Urgency::Critical, Urgency::Medium, Urgency::High];
        all.sort();
        assert_eq!(all, Urgency::ALL);
    }

    #[test]
    fn tlp_accepts_the_printed_forms() {
        assert_eq!(Tlp::parse_lenient("TLP:AMBER+STRICT"), Ok(Tlp::AmberStrict));
        assert_eq!(Tlp::parse_lenient(" red "), Ok(Tlp::Red));
        assert!(Tlp::parse_lenient("TLP:WHITE").is_err());
        assert_eq!(Tlp::DEFAULT.label(), "TLP:AMBER");
    }
}
