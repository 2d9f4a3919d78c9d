//! Small, fixed data sets for the conformance tests.

use c4h_domain::ids::{OfferingId, OrganisationId, ProviderId, UserId};
use c4h_domain::{
    Country, Delivery, EmailAddress, LanguageTag, RequesterKind, ServiceCategory, StaffRole,
    VerificationState, VettingState,
};
use c4h_storage::model::{
    Actor, Change, NewOffering, NewOfferingText, NewOrganisation, NewProvider, NewUser, ObjectRef,
    SeedData,
};
use time::OffsetDateTime;
use time::macros::datetime;

pub const NOW: OffsetDateTime = datetime!(2026-11-29 09:00:00.123456 UTC);

pub fn lang(tag: &str) -> LanguageTag {
    LanguageTag::parse(tag).unwrap()
}

pub fn change(action: &str, now: OffsetDateTime) -> Change {
    Change::new(Actor::cli(), action, ObjectRef::new("test", "fixture"), now)
}

pub fn provider(name: &str, vetting: VettingState) -> NewProvider {
    NewProvider {
        id: ProviderId::from_name(name),
        name: name.to_owned(),
        home_country: Country::parse("CH").unwrap(),
        website: None,
        description: format!("{name} helps for free."),
        contact_email: Some(EmailAddress::parse(&format!("contact@{name}.example")).unwrap()),
        contact_phone: None,
        contact_language: None,
        services_offered: vec![ServiceCategory::IncidentResponse],
        vetting,
        pledges_taken: vetting != VettingState::Applied,
        capacity: None,
    }
}

pub fn offering(
    name: &str,
    provider: &str,
    category: ServiceCategory,
    active: bool,
) -> NewOffering {
    NewOffering {
        id: OfferingId::from_name(name),
        provider_id: ProviderId::from_name(provider),
        category,
        delivery: Delivery::Remote,
        capacity: 3,
        response_time_hours: 4,
        active,
        texts: vec![
            NewOfferingText {
                language: lang("en"),
                title: format!("{name} (en)"),
                description: "English text".into(),
            },
            NewOfferingText {
                language: lang("fr"),
                title: format!("{name} (fr)"),
                description: "Texte français".into(),
            },
        ],
        languages: vec![lang("fr"), lang("en")],
        regions: vec!["150".into(), "CH".into()],
        requester_kinds: vec![RequesterKind::Hospital, RequesterKind::Clinic],
    }
}

/// Creates an account with a verified address; returns its id.
pub async fn account(
    store: &std::sync::Arc<dyn c4h_storage::Store>,
    email: &str,
    role: Option<StaffRole>,
) -> UserId {
    let new_user = user(email, role);
    store.create_user(&new_user, true, None, &change("user.create", NOW)).await.unwrap();
    new_user.id
}

pub fn user(email: &str, staff_role: Option<StaffRole>) -> NewUser {
    NewUser {
        id: UserId::new(),
        email: EmailAddress::parse(email).unwrap(),
        display_name: "Coordination desk".into(),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g".into()),
        staff_role,
        preferred_language: lang("fr"),
    }
}

/// Providers in every state that matters to the catalogue, each with offerings.
pub fn catalogue_data() -> SeedData {
    SeedData {
        organisations: vec![NewOrganisation {
            id: OrganisationId::from_name("clinic"),
            name: "Fixture clinic".into(),
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![lang("fr")],
            website: None,
            registry_number: Some("RCS 000 000 000".into()),
            nis2_in_scope: false,
            verification: VerificationState::Verified,
        }],
        providers: vec![
            provider("vetted", VettingState::Vetted),
            provider("applied", VettingState::Applied),
            provider("suspended", VettingState::Suspended),
        ],
        offerings: vec![
            offering("mail", "vetted", ServiceCategory::EmailSecurity, true),
            offering("ir", "vetted", ServiceCategory::IncidentResponse, true),
            offering("paused", "vetted", ServiceCategory::IncidentResponse, false),
            offering("unvetted", "applied", ServiceCategory::IncidentResponse, true),
            offering("withdrawn", "suspended", ServiceCategory::IncidentResponse, true),
        ],
        ..SeedData::default()
    }
}

/// A principal with the given staff role and memberships, for obtaining grants.
pub fn principal(
    user_id: c4h_domain::ids::UserId,
    staff_role: Option<StaffRole>,
    memberships: Vec<c4h_domain::policy::Membership>,
) -> c4h_domain::policy::Principal {
    c4h_domain::policy::Principal { user_id, staff_role, email_verified: true, memberships }
}

/// A grant for `action` on `resource` that `principal` is entitled to.
pub fn grant(
    principal: &c4h_domain::policy::Principal,
    action: c4h_domain::policy::Action,
    resource: c4h_domain::policy::Resource,
) -> c4h_domain::policy::Grant {
    c4h_domain::policy::authorize(principal, action, resource).expect("the fixture is entitled")
}

/// A session for `user` created at `now`, idle for an hour, absolute for a day.
pub fn session(
    user: c4h_domain::ids::UserId,
    token_hash: &str,
    now: OffsetDateTime,
) -> c4h_storage::model::NewSession {
    c4h_storage::model::NewSession {
        id: c4h_domain::ids::SessionId::new(),
        token_hash: token_hash.to_owned(),
        user_id: user,
        mfa_verified: true,
        client_address: Some("192.0.2.1".into()),
        user_agent: Some("test".into()),
        created_at: now,
        idle_expires_at: now + time::Duration::hours(1),
        absolute_expires_at: now + time::Duration::days(1),
    }
}
