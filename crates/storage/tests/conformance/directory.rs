use std::sync::Arc;

use c4h_domain::ids::{MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::policy::{Action, MemberOf, Resource};
use c4h_domain::{
    Country, MembershipRole, MembershipState, RequesterKind, ServiceCategory, StaffRole,
    VerificationState, VettingState,
};
use c4h_storage::model::{
    MembershipDecision, OfferingFilter, OrganisationFilter, ProviderFilter, Window,
};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};

use crate::fixtures::{NOW, account, catalogue_data, change, grant, principal};
use crate::organisations::{membership, organisation};

const ALL: Window = Window { offset: 0, limit: 50 };

fn coordinator(id: UserId) -> c4h_domain::policy::Principal {
    principal(id, Some(StaffRole::Coordinator), vec![])
}

async fn the_directory_filters_and_pages_providers_and_offerings(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    store.seed(&catalogue_data(), &change("seed", NOW)).await.unwrap();
    let staff = account(&store, "desk@operator.example", Some(StaffRole::Coordinator)).await;
    let directory = grant(&coordinator(staff), Action::View, Resource::Directory);

    let page = store
        .providers_directory(&directory, &ProviderFilter::default(), Window { offset: 1, limit: 1 })
        .await
        .unwrap();
    assert_eq!((page.items.len(), page.total), (1, 3));
    let vetted = ProviderFilter { vetting: Some(VettingState::Vetted), ..Default::default() };
    let page = store.providers_directory(&directory, &vetted, ALL).await.unwrap();
    let [row] = page.items.as_slice() else { panic!("{page:?}") };
    assert_eq!((row.name.as_str(), row.offerings, row.open_review), ("vetted", 3, false));
    let by_name = ProviderFilter { text: Some("  SUSP ".into()), ..Default::default() };
    let page = store.providers_directory(&directory, &by_name, ALL).await.unwrap();
    assert_eq!(page.items[0].id, ProviderId::from_name("suspended"));
    let elsewhere = ProviderFilter { country: Country::parse("FR").ok(), ..Default::default() };
    assert_eq!(store.providers_directory(&directory, &elsewhere, ALL).await.unwrap().total, 0);
    // LIKE's wildcards in the search are taken literally.
    let wildcard = ProviderFilter { text: Some("%".into()), ..Default::default() };
    assert_eq!(store.providers_directory(&directory, &wildcard, ALL).await.unwrap().total, 0);

    let page =
        store.offerings_directory(&directory, &OfferingFilter::default(), ALL).await.unwrap();
    assert_eq!(page.total, 5, "the directory shows offerings in every state");
    let paused = OfferingFilter {
        active: Some(false),
        provider: Some(ProviderId::from_name("vetted")),
        ..Default::default()
    };
    let page = store.offerings_directory(&directory, &paused, ALL).await.unwrap();
    let [row] = page.items.as_slice() else { panic!("{page:?}") };
    assert_eq!((row.title.as_str(), row.title_language.as_str()), ("paused (en)", "en"));
    assert_eq!(
        (row.provider_name.as_str(), row.provider_vetting),
        ("vetted", VettingState::Vetted)
    );
    assert_eq!((row.capacity, row.in_use, row.active), (3, 0, false));
    let mail = OfferingFilter {
        category: Some(ServiceCategory::EmailSecurity),
        text: Some("Texte".into()),
        ..Default::default()
    };
    assert_eq!(store.offerings_directory(&directory, &mail, ALL).await.unwrap().total, 1);
    let one = OfferingFilter {
        id: Some(c4h_domain::ids::OfferingId::from_name("withdrawn")),
        ..Default::default()
    };
    let page = store.offerings_directory(&directory, &one, ALL).await.unwrap();
    assert_eq!(page.items[0].provider_vetting, VettingState::Suspended);

    // Requesters and provider members never get a directory grant; a stray grant is refused.
    let view_provider = grant(
        &coordinator(staff),
        Action::View,
        Resource::Provider(ProviderId::from_name("vetted")),
    );
    assert!(matches!(
        store.providers_directory(&view_provider, &ProviderFilter::default(), ALL).await,
        Err(StoreError::WrongGrant(_))
    ));
}

async fn a_coordinator_verifies_or_rejects_an_organisation_and_its_members_may_vouch(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let staff = account(&store, "desk@operator.example", Some(StaffRole::Coordinator)).await;
    let admin = account(&store, "admin@clinic.example", None).await;
    let member = account(&store, "member@clinic.example", None).await;
    let newcomer = account(&store, "newcomer@clinic.example", None).await;
    let org = organisation(&store, admin, "Clinique du lac (test)", "JOIN-5555").await;
    let directory = grant(&coordinator(staff), Action::View, Resource::Directory);

    let unverified = OrganisationFilter {
        verification: Some(VerificationState::Unverified),
        kind: Some(RequesterKind::Clinic),
        text: Some("lac".into()),
        ..Default::default()
    };
    let page = store.organisations_directory(&directory, &unverified, ALL).await.unwrap();
    let [row] = page.items.as_slice() else { panic!("{page:?}") };
    assert_eq!((row.id, row.members), (org, 1));
    assert_eq!(row.registrant_domain.as_deref(), Some("clinic.example"));
    assert_eq!(row.registry_number.as_deref(), Some("FINESS 123456789"));

    // Two requests to join; the member is let in by the admin.
    let of = MemberOf::Organisation(org);
    let admin_principal = principal(
        admin,
        None,
        vec![membership(of, MembershipRole::Admin, MembershipState::Active)],
    );
    let manage = grant(&admin_principal, Action::ManageMembers, Resource::Organisation(org));
    let mut requests = Vec::new();
    for who in [member, newcomer] {
        let join = grant(
            &principal(who, None, vec![]),
            Action::RequestToJoin,
            Resource::Organisation(org),
        );
        let id = MembershipId::new();
        store.request_membership(&join, id, NOW, &change("membership.request", NOW)).await.unwrap();
        requests.push(id);
    }
    let approve = MembershipDecision::Approve;
    assert!(
        store.decide_membership(&manage, requests[0], approve, &change("a", NOW)).await.unwrap()
    );
    let member_principal = principal(
        member,
        None,
        vec![membership(of, MembershipRole::Member, MembershipState::Active)],
    );
    let vouch = grant(&member_principal, Action::Vouch, Resource::Organisation(org));
    assert!(
        !store.decide_membership(&vouch, requests[1], approve, &change("v", NOW)).await.unwrap(),
        "nobody vouches for anyone in an unverified organisation"
    );

    let verify = grant(&coordinator(staff), Action::Verify, Resource::Organisation(org));
    let reason = "We could not find this clinic in the national registry.";
    assert!(
        store
            .verify_organisation(&verify, false, reason, &change("org.reject", NOW))
            .await
            .unwrap()
    );
    let view = grant(&member_principal, Action::View, Resource::Organisation(org));
    let details = store.organisation(&view).await.unwrap().unwrap();
    assert_eq!(details.verification, VerificationState::Rejected);
    assert_eq!(details.verification_note.as_deref(), Some(reason), "the organisation reads why");
    assert_eq!(details.registrant_domain.as_deref(), Some("clinic.example"));
    assert_eq!(details.registry_number.as_deref(), Some("FINESS 123456789"));

    assert!(
        store
            .verify_organisation(&verify, true, "Registry entry found.", &change("org.verify", NOW))
            .await
            .unwrap()
    );
    let details = store.organisation(&view).await.unwrap().unwrap();
    assert_eq!(details.verification, VerificationState::Verified);
    assert!(matches!(
        store
            .decide_membership(&vouch, requests[1], MembershipDecision::Refuse, &change("v", NOW))
            .await,
        Err(StoreError::WrongGrant(_))
    ));
    assert!(
        store.decide_membership(&vouch, requests[1], approve, &change("v", NOW)).await.unwrap()
    );
    let members = store.members(&view).await.unwrap();
    assert!(members.iter().all(|m| m.state == MembershipState::Active), "{members:?}");

    let unknown =
        grant(&coordinator(staff), Action::Verify, Resource::Organisation(OrganisationId::new()));
    assert!(
        !store.verify_organisation(&unknown, true, "?", &change("org.verify", NOW)).await.unwrap()
    );
}

async fn the_history_of_an_object_is_its_audit_events_newest_first(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let staff = account(&store, "desk@operator.example", Some(StaffRole::Coordinator)).await;
    let directory = grant(&coordinator(staff), Action::View, Resource::Directory);
    for action in ["organisation.create", "organisation.verify", "organisation.reject"] {
        let change = c4h_storage::model::Change::new(
            c4h_storage::model::Actor::cli(),
            action,
            c4h_storage::model::ObjectRef::new("organisation", "o-1"),
            NOW,
        );
        store.record(&change).await.unwrap();
    }
    let other = c4h_storage::model::ObjectRef::new("organisation", "o-2");
    let change = c4h_storage::model::Change::new(
        c4h_storage::model::Actor::cli(),
        "organisation.create",
        other,
        NOW,
    );
    store.record(&change).await.unwrap();

    let history = store.history(&directory, "organisation", "o-1", 2).await.unwrap();
    let actions: Vec<_> = history.iter().map(|event| event.record.action.as_str()).collect();
    assert_eq!(actions, ["organisation.reject", "organisation.verify"]);
}

on_both_backends!(
    the_directory_filters_and_pages_providers_and_offerings,
    a_coordinator_verifies_or_rejects_an_organisation_and_its_members_may_vouch,
    the_history_of_an_object_is_its_audit_events_newest_first,
);
