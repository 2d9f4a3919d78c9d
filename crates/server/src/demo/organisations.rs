//! Demo organisations, one of every requester kind across ten countries, each with an "IT desk"
//! account; and one duty engineer account per demo provider.

use c4h_domain::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::{EmailAddress, MembershipRole, MembershipState, RequesterKind, VerificationState};
use c4h_storage::model::{NewMembership, NewOrganisation, NewUser, SeedData};

use super::{country, language, languages};

/// A demo organisation: key, name, kind, country, languages, verification.
type Organisation = (
    &'static str,
    &'static str,
    RequesterKind,
    &'static str,
    &'static [&'static str],
    VerificationState,
);

const ORGANISATIONS: [Organisation; 10] = [
    (
        "lac",
        "Hôpital du Lac",
        RequesterKind::Hospital,
        "CH",
        &["fr", "de"],
        VerificationState::Verified,
    ),
    (
        "park",
        "Residenz am Park",
        RequesterKind::CareFacility,
        "DE",
        &["de"],
        VerificationState::Verified,
    ),
    (
        "tilleuls",
        "Clinique des Tilleuls",
        RequesterKind::Clinic,
        "FR",
        &["fr"],
        VerificationState::Verified,
    ),
    (
        "nord",
        "Laboratorio Analisi Nord",
        RequesterKind::Laboratory,
        "IT",
        &["it", "en"],
        VerificationState::Verified,
    ),
    (
        "sol",
        "Consultorio Médico Sol",
        RequesterKind::Clinician,
        "ES",
        &["es"],
        VerificationState::Verified,
    ),
    (
        "vaxora",
        "Vaxora Pharma",
        RequesterKind::PharmaceuticalCompany,
        "BE",
        &["fr", "nl", "en"],
        VerificationState::Verified,
    ),
    (
        "genomix",
        "Genomix Life Sciences",
        RequesterKind::LifeSciencesCompany,
        "NL",
        &["nl", "en"],
        VerificationState::Verified,
    ),
    (
        "cardiopulse",
        "CardioPulse Devices",
        RequesterKind::MedicalDeviceCompany,
        "IE",
        &["en"],
        VerificationState::Verified,
    ),
    (
        "solidaire",
        "Santé Solidaire",
        RequesterKind::Ngo,
        "SN",
        &["fr"],
        VerificationState::Unverified,
    ),
    (
        "borders",
        "Health Across Borders Network",
        RequesterKind::InternationalNgo,
        "KE",
        &["en", "sw"],
        VerificationState::Verified,
    ),
];

/// The demo providers that get a duty engineer account.
pub const PROVIDER_KEYS: [&str; 6] = [
    "Northlight Account Watch",
    "Open Mail Trust Collective",
    "Baltic Range Lab",
    "Phishwise Volunteers",
    "Sentinel Response Team",
    "Vulnscope Health",
];

/// The IT desk account of a demo organisation.
pub fn desk(key: &str) -> UserId {
    UserId::from_name(&format!("desk/{key}"))
}

/// The duty engineer account of a demo provider.
pub fn engineer(provider: &str) -> UserId {
    UserId::from_name(&format!("engineer/{provider}"))
}

fn account(id: UserId, mailbox: &str, display_name: &str, preferred: &str) -> NewUser {
    NewUser {
        id,
        email: EmailAddress::parse(mailbox).expect("demo mailboxes are valid"),
        display_name: display_name.to_owned(),
        password_hash: None,
        staff_role: None,
        preferred_language: language(preferred),
    }
}

pub fn add(data: &mut SeedData) {
    for (key, name, kind, home, spoken, verification) in ORGANISATIONS {
        let id = OrganisationId::from_name(key);
        data.organisations.push(NewOrganisation {
            id,
            name: format!("{name} (demo)"),
            kind,
            country: country(home),
            languages: languages(spoken),
            website: Some(format!("https://{key}.example")),
            registry_number: None,
            nis2_in_scope: matches!(home, "DE" | "FR" | "IT" | "BE" | "NL" | "IE" | "ES"),
            verification,
        });
        data.users.push(account(
            desk(key),
            &format!("it-desk@{key}.example"),
            "IT desk",
            spoken[0],
        ));
        data.memberships.push(NewMembership {
            id: MembershipId::from_name(&format!("desk/{key}")),
            user_id: desk(key),
            organisation_id: Some(id),
            provider_id: None,
            role: MembershipRole::Admin,
            state: MembershipState::Active,
        });
    }
    for provider in PROVIDER_KEYS {
        let slug = provider.to_lowercase().replace(' ', "-");
        data.users.push(account(
            engineer(provider),
            &format!("duty@{slug}.example"),
            "Duty engineer",
            "en",
        ));
        data.memberships.push(NewMembership {
            id: MembershipId::from_name(&format!("engineer/{provider}")),
            user_id: engineer(provider),
            organisation_id: None,
            provider_id: Some(ProviderId::from_name(provider)),
            role: MembershipRole::Admin,
            state: MembershipState::Active,
        });
    }
}
