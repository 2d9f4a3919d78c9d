use std::sync::Arc;

use c4h_domain::ids::{InvitationId, MembershipId, OrganisationId, ProviderId, UserId};
use c4h_domain::policy::{Action, MemberOf, Membership, Resource};
use c4h_domain::{
    Country, EmailAddress, MembershipRole, MembershipState, RequesterKind, StaffRole,
    VerificationState, VettingState,
};
use c4h_storage::model::{
    Acceptance, InvitationTarget, MembershipDecision, NewInvitation, NewOrganisation,
    NewOwnOrganisation, SeedData,
};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, account, change, grant, lang, principal, provider, session, user};

pub fn membership(of: MemberOf, role: MembershipRole, state: MembershipState) -> Membership {
    Membership { id: MembershipId::new(), of, role, state }
}

/// Creates an organisation administered by `admin`; returns its id.
pub async fn organisation(
    store: &Arc<dyn Store>,
    admin: UserId,
    name: &str,
    code: &str,
) -> OrganisationId {
    let id = OrganisationId::new();
    let create =
        grant(&principal(admin, None, vec![]), Action::CreateOrganisation, Resource::Accounts);
    let new = NewOwnOrganisation {
        organisation: NewOrganisation {
            id,
            name: name.into(),
            kind: RequesterKind::Clinic,
            country: Country::parse("FR").unwrap(),
            languages: vec![lang("fr")],
            website: None,
            registry_number: Some("FINESS 123456789".into()),
            nis2_in_scope: false,
            verification: VerificationState::Unverified,
        },
        join_code: code.into(),
        creator_membership: MembershipId::new(),
        now: NOW,
    };
    store.create_organisation(&create, &new, &change("organisation.create", NOW)).await.unwrap();
    id
}

async fn an_organisation_is_joined_with_its_code_and_the_admins_approval(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let admin = account(&store, "admin@clinic.example", None).await;
    let colleague = account(&store, "colleague@clinic.example", None).await;
    let org = organisation(&store, admin, "Clinique (test)", "JOIN-1234").await;
    let of = MemberOf::Organisation(org);
    let as_admin = principal(
        admin,
        None,
        vec![membership(of, MembershipRole::Admin, MembershipState::Active)],
    );

    let view = grant(&as_admin, Action::View, Resource::Organisation(org));
    let details = store.organisation(&view).await.unwrap().unwrap();
    assert_eq!(
        (details.name.as_str(), details.verification),
        ("Clinique (test)", VerificationState::Unverified)
    );
    let manage = grant(&as_admin, Action::ManageMembers, Resource::Organisation(org));
    assert_eq!(store.join_code(&manage).await.unwrap().as_deref(), Some("JOIN-1234"));
    assert_eq!(
        store.organisation_by_join_code("JOIN-1234").await.unwrap(),
        Some((org, "Clinique (test)".into()))
    );
    assert!(store.organisation_by_join_code("JOIN-0000").await.unwrap().is_none());

    let join = grant(
        &principal(colleague, None, vec![]),
        Action::RequestToJoin,
        Resource::Organisation(org),
    );
    let request = MembershipId::new();
    store
        .request_membership(&join, request, NOW, &change("membership.request", NOW))
        .await
        .unwrap();
    assert!(matches!(
        store
            .request_membership(&join, MembershipId::new(), NOW, &change("membership.request", NOW))
            .await,
        Err(StoreError::Duplicate { .. })
    ));
    let members = store.members(&view).await.unwrap();
    assert_eq!(members.len(), 2);
    let pending = members.iter().find(|m| m.user_id == colleague).unwrap();
    assert_eq!(
        (pending.state, pending.role, pending.membership_id),
        (MembershipState::Pending, MembershipRole::Member, request)
    );

    assert!(
        store
            .decide_membership(
                &manage,
                request,
                MembershipDecision::Approve,
                &change("membership.approve", NOW)
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .decide_membership(
                &manage,
                request,
                MembershipDecision::Approve,
                &change("membership.approve", NOW)
            )
            .await
            .unwrap(),
        "already active"
    );
    let own = store.own_memberships(colleague).await.unwrap();
    assert_eq!(
        (own[0].name.as_str(), own[0].state, own[0].of),
        ("Clinique (test)", MembershipState::Active, of)
    );

    // The colleague's sessions now carry the membership for the policy.
    store.create_session(&session(colleague, "colleague", NOW), &change("s", NOW)).await.unwrap();
    let context = store.session_by_token("colleague", NOW).await.unwrap().unwrap();
    assert_eq!(context.principal.active_role(of), Some(MembershipRole::Member));
}

async fn an_organisation_always_keeps_an_admin_and_decisions_stay_inside_it(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let admin = account(&store, "admin@a.example", None).await;
    let other_admin = account(&store, "admin@b.example", None).await;
    let org_a = organisation(&store, admin, "A (test)", "CODE-A").await;
    let org_b = organisation(&store, other_admin, "B (test)", "CODE-B").await;
    let as_admin = principal(
        admin,
        None,
        vec![membership(
            MemberOf::Organisation(org_a),
            MembershipRole::Admin,
            MembershipState::Active,
        )],
    );
    let manage_a = grant(&as_admin, Action::ManageMembers, Resource::Organisation(org_a));
    let view_a = grant(&as_admin, Action::View, Resource::Organisation(org_a));
    let own = store.members(&view_a).await.unwrap()[0].membership_id;
    assert!(
        !store
            .decide_membership(&manage_a, own, MembershipDecision::Remove, &change("m", NOW))
            .await
            .unwrap(),
        "the last admin stays"
    );
    assert!(
        !store
            .decide_membership(
                &manage_a,
                own,
                MembershipDecision::SetRole(MembershipRole::Member),
                &change("m", NOW)
            )
            .await
            .unwrap()
    );

    let as_b = principal(
        other_admin,
        None,
        vec![membership(
            MemberOf::Organisation(org_b),
            MembershipRole::Admin,
            MembershipState::Active,
        )],
    );
    let b_membership =
        store.members(&grant(&as_b, Action::View, Resource::Organisation(org_b))).await.unwrap()[0]
            .membership_id;
    assert!(
        !store
            .decide_membership(
                &manage_a,
                b_membership,
                MembershipDecision::Remove,
                &change("m", NOW)
            )
            .await
            .unwrap(),
        "B's member is out of A's reach"
    );

    let colleague = account(&store, "colleague@a.example", None).await;
    let join = grant(
        &principal(colleague, None, vec![]),
        Action::RequestToJoin,
        Resource::Organisation(org_a),
    );
    let request = MembershipId::new();
    store.request_membership(&join, request, NOW, &change("m", NOW)).await.unwrap();
    assert!(
        store
            .decide_membership(&manage_a, request, MembershipDecision::Approve, &change("m", NOW))
            .await
            .unwrap()
    );
    assert!(
        store
            .decide_membership(
                &manage_a,
                request,
                MembershipDecision::SetRole(MembershipRole::Admin),
                &change("m", NOW)
            )
            .await
            .unwrap()
    );
    assert!(
        store
            .decide_membership(&manage_a, own, MembershipDecision::Remove, &change("m", NOW))
            .await
            .unwrap(),
        "another admin remains"
    );
    let left: Vec<_> =
        store.members(&view_a).await.unwrap().into_iter().map(|m| (m.user_id, m.role)).collect();
    assert_eq!(left, [(colleague, MembershipRole::Admin)]);
}

async fn invitations_make_staff_and_provider_members_once(store: Arc<dyn Store>, _: DatabaseUrl) {
    store
        .seed(
            &SeedData {
                providers: vec![provider("p1", VettingState::Vetted)],
                ..SeedData::default()
            },
            &change("seed", NOW),
        )
        .await
        .unwrap();
    let p1 = ProviderId::from_name("p1");
    let admin = account(&store, "admin@operator.example", Some(StaffRole::Admin)).await;
    let staff_grant = grant(
        &principal(admin, Some(StaffRole::Admin), vec![]),
        Action::ManageStaff,
        Resource::Accounts,
    );
    let invite_grant = grant(
        &principal(admin, Some(StaffRole::Admin), vec![]),
        Action::InviteMembers,
        Resource::Provider(p1),
    );
    let invitation = |hash: &str, email: &str, target| NewInvitation {
        id: InvitationId::new(),
        token_hash: hash.into(),
        email: EmailAddress::parse(email).unwrap(),
        target,
        invited_by: admin,
        created_at: NOW,
        expires_at: NOW + Duration::days(7),
    };
    let coordinator_invite = invitation(
        "inv-c",
        "coord@operator.example",
        InvitationTarget::Staff(StaffRole::Coordinator),
    );
    store
        .create_invitation(&staff_grant, &coordinator_invite, &change("invitation.create", NOW))
        .await
        .unwrap();
    let provider_invite = invitation(
        "inv-p",
        "duty@p1.example",
        InvitationTarget::Provider { provider_id: p1, role: MembershipRole::Admin },
    );
    assert!(matches!(
        store.create_invitation(&staff_grant, &provider_invite, &change("x", NOW)).await,
        Err(StoreError::WrongGrant(_))
    ));
    store
        .create_invitation(&invite_grant, &provider_invite, &change("invitation.create", NOW))
        .await
        .unwrap();
    assert_eq!(store.pending_invitations(&staff_grant, NOW).await.unwrap().len(), 1);
    let pending = store.pending_invitations(&invite_grant, NOW).await.unwrap();
    assert_eq!((pending.len(), pending[0].provider_name.as_deref()), (1, Some("p1")));

    assert!(
        store.invitation_by_token("inv-c", NOW + Duration::days(7)).await.unwrap().is_none(),
        "expired"
    );
    let wrong = user("someone-else@operator.example", None);
    assert!(
        store
            .accept_invitation("inv-c", &Acceptance::NewAccount(wrong), NOW, &change("a", NOW))
            .await
            .unwrap()
            .is_none()
    );
    let coordinator = user("coord@operator.example", None);
    let accepted = store
        .accept_invitation(
            "inv-c",
            &Acceptance::NewAccount(coordinator.clone()),
            NOW,
            &change("invitation.accept", NOW),
        )
        .await
        .unwrap();
    assert_eq!(accepted, Some(coordinator.id));
    let made = store.user_by_id(coordinator.id).await.unwrap().unwrap();
    assert_eq!((made.staff_role, made.email_verified), (Some(StaffRole::Coordinator), true));
    assert!(
        store
            .accept_invitation(
                "inv-c",
                &Acceptance::NewAccount(coordinator),
                NOW,
                &change("a", NOW)
            )
            .await
            .unwrap()
            .is_none(),
        "used"
    );
    assert!(store.pending_invitations(&staff_grant, NOW).await.unwrap().is_empty());

    // An existing account accepts a provider invitation to its own address.
    let engineer = account(&store, "duty@p1.example", None).await;
    assert_eq!(
        store
            .accept_invitation("inv-p", &Acceptance::ExistingUser(engineer), NOW, &change("a", NOW))
            .await
            .unwrap(),
        Some(engineer)
    );
    let own = store.own_memberships(engineer).await.unwrap();
    assert_eq!(
        (own[0].of, own[0].role, own[0].name.as_str()),
        (MemberOf::Provider(p1), MembershipRole::Admin, "p1")
    );
}

on_both_backends!(
    an_organisation_is_joined_with_its_code_and_the_admins_approval,
    an_organisation_always_keeps_an_admin_and_decisions_stay_inside_it,
    invitations_make_staff_and_provider_members_once,
);
