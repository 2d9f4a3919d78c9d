//! A small world of people in every role, for the access-control tests: two organisations, two
//! vetted providers and one still under review, staff, and a disabled account. Everyone has the
//! same password; everyone whose role requires it has TOTP set up with a known secret.

use std::collections::BTreeMap;
use std::sync::Arc;

use c4h_domain::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_domain::{
    Country, EmailAddress, LanguageTag, MembershipRole, MembershipState, Password, RequesterKind,
    StaffRole, VerificationState, VettingState,
};
use c4h_server::auth::totp;
use c4h_server::clock::Clock;
use c4h_storage::Store;
use c4h_storage::model::{
    Actor, Change, NewMembership, NewOrganisation, NewProvider, NewUser, ObjectRef, SeedData,
};
use reqwest::StatusCode;
use tokio::sync::OnceCell;

use crate::client::Visitor;
use crate::support::TestApp;

pub const PASSWORD: &str = "correct horse battery staple";

/// The Argon2id hash of [`PASSWORD`], computed once per test process.
pub async fn password_hash() -> String {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        c4h_server::passwords::hash(Password::parse(PASSWORD).unwrap()).await.unwrap()
    })
    .await
    .clone()
}

/// The TOTP secret of a person of the world.
pub fn secret(role: &str) -> Vec<u8> {
    let mut bytes = format!("totp-secret-of-{role}").into_bytes();
    bytes.resize(20, b'x');
    bytes
}

pub fn email(role: &str) -> String {
    format!("{}@world.example", role.replace('_', "-"))
}

/// A person of the world: role name, staff role, and membership (group, role, state).
type Person =
    (&'static str, Option<StaffRole>, Option<(&'static str, MembershipRole, MembershipState)>);

const PEOPLE: [Person; 13] = [
    ("requester_a_admin", None, Some(("org_a", MembershipRole::Admin, MembershipState::Active))),
    ("requester_a", None, Some(("org_a", MembershipRole::Member, MembershipState::Active))),
    ("requester_b", None, Some(("org_b", MembershipRole::Admin, MembershipState::Active))),
    ("provider_p1_admin", None, Some(("p1", MembershipRole::Admin, MembershipState::Active))),
    ("provider_p1", None, Some(("p1", MembershipRole::Member, MembershipState::Active))),
    ("provider_p2_admin", None, Some(("p2", MembershipRole::Admin, MembershipState::Active))),
    (
        "provider_unvetted",
        None,
        Some(("p_applied", MembershipRole::Admin, MembershipState::Active)),
    ),
    ("coordinator", Some(StaffRole::Coordinator), None),
    ("admin", Some(StaffRole::Admin), None),
    ("disabled", None, Some(("org_a", MembershipRole::Member, MembershipState::Active))),
    // Objects of actions, never actors: a member to act on, a request waiting, a staff account.
    ("pending_a", None, Some(("org_a", MembershipRole::Member, MembershipState::Pending))),
    ("target_staff", Some(StaffRole::Coordinator), None),
    ("target_p1", None, Some(("p1", MembershipRole::Member, MembershipState::Active))),
];

/// The token of a valid staff invitation that nobody has accepted.
pub const INVITATION_TOKEN: &str = "world-invitation-token-for-an-invitee-without-an-account";

/// The people who sign in, in the order of the matrix's columns.
pub const ACTORS: [&str; 10] = [
    "requester_a_admin",
    "requester_a",
    "requester_b",
    "provider_p1_admin",
    "provider_p1",
    "provider_p2_admin",
    "provider_unvetted",
    "coordinator",
    "admin",
    "disabled",
];

pub fn user(role: &str) -> UserId {
    UserId::from_name(&format!("world/{role}"))
}

pub fn membership(role: &str) -> MembershipId {
    MembershipId::from_name(&format!("world/{role}"))
}

fn group_id(group: &str) -> (Option<OrganisationId>, Option<ProviderId>) {
    if group.starts_with("org_") {
        (Some(OrganisationId::from_name(&format!("world/{group}"))), None)
    } else {
        (None, Some(ProviderId::from_name(&format!("world/{group}"))))
    }
}

fn requires_mfa(role: &str) -> bool {
    role.starts_with("provider_")
        || matches!(role, "coordinator" | "admin" | "target_staff" | "target_p1")
}

/// Creates the world in the app's database.
pub async fn create(store: &Arc<dyn Store>) {
    let hash = password_hash().await;
    let mut data = SeedData::default();
    for org in ["org_a", "org_b"] {
        data.organisations.push(NewOrganisation {
            id: group_id(org).0.unwrap(),
            name: format!("Organisation {org} (test)"),
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![LanguageTag::parse("fr").unwrap()],
            website: None,
            registry_number: None,
            nis2_in_scope: false,
            verification: VerificationState::Verified,
        });
    }
    for (provider, vetting) in [
        ("p1", VettingState::Vetted),
        ("p2", VettingState::Vetted),
        ("p_applied", VettingState::Applied),
    ] {
        data.providers.push(NewProvider {
            id: group_id(provider).1.unwrap(),
            name: format!("Provider {provider} (test)"),
            home_country: Country::parse("CH").unwrap(),
            website: None,
            description: String::new(),
            contact_email: (provider == "p1").then(|| EmailAddress::parse(P1_CONTACT).unwrap()),
            contact_phone: None,
            contact_language: None,
            services_offered: Vec::new(),
            vetting,
            pledges_taken: vetting == VettingState::Vetted,
            capacity: None,
        });
    }
    data.offerings.push(c4h_storage::model::NewOffering {
        id: p1_offering(),
        provider_id: group_id("p1").1.unwrap(),
        category: c4h_domain::ServiceCategory::IncidentResponse,
        delivery: c4h_domain::Delivery::Remote,
        capacity: 2,
        response_time_hours: 4,
        active: true,
        texts: vec![c4h_storage::model::NewOfferingText {
            language: LanguageTag::parse("en").unwrap(),
            title: "Incident response by P1 (test)".into(),
            description: "Remote incident response.".into(),
        }],
        languages: vec![LanguageTag::parse("en").unwrap()],
        regions: vec!["001".into()],
        requester_kinds: RequesterKind::ALL.to_vec(),
    });
    for (key, org, requester) in [
        ("a", "org_a", "requester_a_admin"),
        ("b", "org_b", "requester_b"),
        ("c", "org_a", "requester_a_admin"),
        ("d", "org_b", "requester_b"),
    ] {
        data.requests.push(world_request(key, group_id(org).0.unwrap(), user(requester)));
    }
    offers_of_p1(&mut data);
    for (role, staff_role, member_of) in PEOPLE {
        data.users.push(NewUser {
            id: user(role),
            email: EmailAddress::parse(&email(role)).unwrap(),
            display_name: format!("Person {role}"),
            password_hash: Some(hash.clone()),
            staff_role,
            preferred_language: LanguageTag::parse("en").unwrap(),
        });
        if let Some((group, role_in, state)) = member_of {
            let (organisation_id, provider_id) = group_id(group);
            data.memberships.push(NewMembership {
                id: membership(role),
                user_id: user(role),
                organisation_id,
                provider_id,
                role: role_in,
                state,
            });
        }
    }
    let now = time::OffsetDateTime::now_utc();
    let change = Change::new(Actor::system(), "test.world", ObjectRef::new("test", "world"), now);
    store.seed(&data, &change).await.unwrap();
    let admin = c4h_domain::policy::Principal {
        user_id: user("admin"),
        staff_role: Some(StaffRole::Admin),
        email_verified: true,
        memberships: vec![],
    };
    let invitation = c4h_storage::model::NewInvitation {
        id: c4h_domain::ids::InvitationId::from_name("world"),
        token_hash: c4h_server::auth::secrets::hash_token(INVITATION_TOKEN),
        email: EmailAddress::parse("invitee@world.example").unwrap(),
        target: c4h_storage::model::InvitationTarget::Staff(StaffRole::Coordinator),
        invited_by: user("admin"),
        created_at: now,
        expires_at: now + time::Duration::days(365),
    };
    let grant = authorize(&admin, Action::ManageStaff, Resource::Accounts).unwrap();
    store
        .create_invitation(
            &grant,
            &invitation,
            &Change::new(
                Actor::system(),
                "test.invite",
                ObjectRef::new("invitation", invitation.id),
                now,
            ),
        )
        .await
        .unwrap();
    for (role, _, _) in PEOPLE.iter().filter(|(role, _, _)| requires_mfa(role)) {
        let encoded = totp::encode_secret(&secret(role));
        store
            .enrol_totp(
                user(role),
                &encoded,
                &[],
                &Change::new(Actor::system(), "test.mfa", ObjectRef::new("user", user(role)), now),
            )
            .await
            .unwrap();
    }
}

/// Signs `role` in through the pages, with its TOTP code when it has one; the app's fake clock
/// moves on by one TOTP step afterwards so that the next sign-in gets a fresh code.
pub async fn sign_in(app: &TestApp, role: &str) -> Visitor {
    let visitor = app.visitor();
    let page = visitor.post("/login", &[("email", &email(role)), ("password", PASSWORD)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{role} could not sign in: {}", page.body);
    if page.location().starts_with("/login/mfa") {
        let code = totp::code_at(&secret(role), app.clock().now());
        let page = visitor.post("/login/mfa", &[("code", &code)]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{role}'s code was refused");
    }
    app.clock().advance(time::Duration::seconds(30));
    visitor
}

/// Everyone of [`ACTORS`] signed in; the `disabled` person is disabled afterwards, so their
/// session is as dead as their account.
pub async fn sign_everyone_in(app: &TestApp) -> BTreeMap<&'static str, Visitor> {
    let mut visitors = BTreeMap::new();
    for role in ACTORS {
        visitors.insert(role, sign_in(app, role).await);
    }
    let admin = c4h_domain::policy::Principal {
        user_id: user("admin"),
        staff_role: Some(StaffRole::Admin),
        email_verified: true,
        memberships: vec![],
    };
    let grant = authorize(&admin, Action::ManageStaff, Resource::Accounts).unwrap();
    let change = Change::new(
        Actor::system(),
        "user.disable",
        ObjectRef::new("user", user("disabled")),
        app.clock().now(),
    );
    assert!(app.store.set_disabled(&grant, user("disabled"), true, &change).await.unwrap());
    visitors
}

/// A submitted request of an organisation of the world.
pub fn request(key: &str) -> c4h_domain::ids::RequestId {
    c4h_domain::ids::RequestId::from_name(&format!("world/request/{key}"))
}

pub fn world_request(
    key: &str,
    organisation: OrganisationId,
    requester: UserId,
) -> c4h_storage::model::NewRequest {
    let at = time::OffsetDateTime::now_utc();
    c4h_storage::model::NewRequest {
        id: request(key),
        reference: format!("C4H-WORLD-{key}"),
        organisation_id: organisation,
        requester_id: requester,
        state: c4h_domain::RequestState::Submitted,
        description: format!("Request {key} of the world (test)."),
        active_incident: true,
        ransomware: false,
        patient_care_impact: Vec::new(),
        systems_down: false,
        data_breach: false,
        breach_aware_at: None,
        email_compromised: false,
        out_of_band_contact: None,
        category: None,
        languages: vec![LanguageTag::parse("en").unwrap()],
        consent_to_share: true,
        tlp: c4h_domain::Tlp::Amber,
        urgency: Some(c4h_domain::Urgency::High),
        urgency_reasons: vec![c4h_domain::triage::UrgencyReason::ActiveIncident],
        offer_summary: None,
        decline_reason: None,
        submitted_at: Some(at),
        state_changed_at: at,
        created_at: at,
    }
}

/// P1's offers: request c is its case (an accepted offer and the engagement), request d waits
/// for its answer (a pending offer, due in 30 days).
fn offers_of_p1(data: &mut SeedData) {
    use c4h_domain::{OfferState, RequestState};
    let now = time::OffsetDateTime::now_utc();
    for (key, state, offer_state) in [
        ("c", RequestState::Engaged, OfferState::Accepted),
        ("d", RequestState::Offered, OfferState::Pending),
    ] {
        let request = data.requests.iter_mut().find(|r| r.id == self::request(key)).unwrap();
        request.state = state;
        data.offers.push(c4h_storage::model::NewOffer {
            id: offer(key),
            request_id: self::request(key),
            offering_id: p1_offering(),
            state: offer_state,
            deadline_at: now + time::Duration::days(30),
            decline_reason: None,
            created_at: now,
            answered_at: (offer_state == OfferState::Accepted).then_some(now),
        });
    }
    data.engagements.push(c4h_storage::model::NewEngagement {
        id: c4h_domain::ids::EngagementId::from_name("world/engagement/c"),
        request_id: request("c"),
        offer_id: offer("c"),
        provider_id: group_id("p1").1.unwrap(),
        offering_id: p1_offering(),
        state: c4h_domain::EngagementState::Active,
        resolution_summary: None,
        started_at: now,
        resolved_at: None,
        closed_at: None,
    });
}

/// The offer of the world's request `key` to P1.
pub fn offer(key: &str) -> c4h_domain::ids::OfferId {
    c4h_domain::ids::OfferId::from_name(&format!("world/offer/{key}"))
}

/// The address P1 applied with, which decisions about it are sent to.
pub const P1_CONTACT: &str = "contact@p1.world.example";

/// The one offering of P1, active in the catalogue.
pub fn p1_offering() -> c4h_domain::ids::OfferingId {
    c4h_domain::ids::OfferingId::from_name("world/p1/offering")
}

/// The placeholders of the matrix and their values in this world.
pub fn placeholders() -> Vec<(&'static str, String)> {
    vec![
        ("{org_a}", group_id("org_a").0.unwrap().to_string()),
        ("{org_b}", group_id("org_b").0.unwrap().to_string()),
        ("{p1}", group_id("p1").1.unwrap().to_string()),
        ("{p2}", group_id("p2").1.unwrap().to_string()),
        ("{pending_a}", membership("pending_a").to_string()),
        ("{requester_a_membership}", membership("requester_a").to_string()),
        ("{target_p1_membership}", membership("target_p1").to_string()),
        ("{invitation_token}", INVITATION_TOKEN.to_owned()),
        ("{target_staff}", user("target_staff").to_string()),
        ("{p_applied}", group_id("p_applied").1.unwrap().to_string()),
        ("{p1_offering}", p1_offering().to_string()),
        ("{request_a}", request("a").to_string()),
        ("{request_b}", request("b").to_string()),
        ("{p1_case}", request("c").to_string()),
        ("{p1_offer}", offer("d").to_string()),
        ("{unknown}", "00000000-0000-7000-8000-000000000000".to_owned()),
    ]
}
