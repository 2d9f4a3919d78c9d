use super::*;

fn principal(
    staff_role: Option<StaffRole>,
    memberships: Vec<(MemberOf, MembershipRole, MembershipState)>,
) -> Principal {
    Principal {
        user_id: UserId::new(),
        staff_role,
        email_verified: true,
        memberships: memberships
            .into_iter()
            .map(|(of, role, state)| Membership { id: MembershipId::new(), of, role, state })
            .collect(),
    }
}

const ACTIVE: MembershipState = MembershipState::Active;

fn org(name: &str) -> OrganisationId {
    OrganisationId::from_name(name)
}

fn prov(name: &str) -> ProviderId {
    ProviderId::from_name(name)
}

#[test]
fn an_organisation_is_invisible_to_outsiders_and_managed_by_its_admins_only() {
    let a = Resource::Organisation(org("a"));
    let admin =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Admin, ACTIVE)]);
    let member =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Member, ACTIVE)]);
    let pending = principal(
        None,
        vec![(MemberOf::Organisation(org("a")), MembershipRole::Member, MembershipState::Pending)],
    );
    let other =
        principal(None, vec![(MemberOf::Organisation(org("b")), MembershipRole::Admin, ACTIVE)]);
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);

    let grant = authorize(&admin, Action::ManageMembers, a).unwrap();
    assert_eq!(
        (grant.organisation(), grant.action(), grant.principal()),
        (Some(org("a")), Action::ManageMembers, admin.user_id)
    );
    assert!(authorize(&member, Action::View, a).is_ok());
    assert_eq!(authorize(&member, Action::ManageMembers, a), Err(Denial::Forbidden));
    assert_eq!(
        authorize(&pending, Action::View, a),
        Err(Denial::NotFound),
        "a pending member sees nothing yet"
    );
    assert_eq!(authorize(&other, Action::View, a), Err(Denial::NotFound));
    assert_eq!(authorize(&other, Action::ManageMembers, a), Err(Denial::NotFound));
    assert!(authorize(&coordinator, Action::View, a).is_ok());
    assert_eq!(authorize(&coordinator, Action::ManageMembers, a), Err(Denial::Forbidden));
}

#[test]
fn joining_needs_a_verified_address_and_no_membership_yet() {
    let a = Resource::Organisation(org("a"));
    let newcomer = principal(None, vec![]);
    assert!(authorize(&newcomer, Action::RequestToJoin, a).is_ok());
    let unverified = Principal { email_verified: false, ..newcomer.clone() };
    assert_eq!(authorize(&unverified, Action::RequestToJoin, a), Err(Denial::Forbidden));
    let member =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Member, ACTIVE)]);
    assert_eq!(authorize(&member, Action::RequestToJoin, a), Err(Denial::Forbidden));
    assert_eq!(
        authorize(&principal(Some(StaffRole::Admin), vec![]), Action::RequestToJoin, a),
        Err(Denial::Forbidden)
    );
}

#[test]
fn providers_invite_through_their_admins_or_coordinators() {
    let p1 = Resource::Provider(prov("p1"));
    let admin =
        principal(None, vec![(MemberOf::Provider(prov("p1")), MembershipRole::Admin, ACTIVE)]);
    let engineer =
        principal(None, vec![(MemberOf::Provider(prov("p1")), MembershipRole::Member, ACTIVE)]);
    let p2_admin =
        principal(None, vec![(MemberOf::Provider(prov("p2")), MembershipRole::Admin, ACTIVE)]);
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    assert!(authorize(&admin, Action::InviteMembers, p1).is_ok());
    assert!(authorize(&admin, Action::ManageMembers, p1).is_ok());
    assert_eq!(authorize(&engineer, Action::InviteMembers, p1), Err(Denial::Forbidden));
    assert!(authorize(&engineer, Action::View, p1).is_ok());
    assert_eq!(
        authorize(&p2_admin, Action::View, p1),
        Err(Denial::NotFound),
        "providers never see each other"
    );
    assert!(authorize(&coordinator, Action::InviteMembers, p1).is_ok());
    assert_eq!(authorize(&coordinator, Action::ManageMembers, p1), Err(Denial::Forbidden));
}

#[test]
fn every_member_of_a_provider_answers_its_offers_and_nobody_else() {
    let p1 = Resource::Provider(prov("p1"));
    let engineer =
        principal(None, vec![(MemberOf::Provider(prov("p1")), MembershipRole::Member, ACTIVE)]);
    let p2_engineer =
        principal(None, vec![(MemberOf::Provider(prov("p2")), MembershipRole::Member, ACTIVE)]);
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    assert!(authorize(&engineer, Action::AnswerOffers, p1).is_ok());
    assert_eq!(authorize(&p2_engineer, Action::AnswerOffers, p1), Err(Denial::NotFound));
    assert_eq!(authorize(&coordinator, Action::AnswerOffers, p1), Err(Denial::Forbidden));
    assert_eq!(
        authorize(&principal(None, vec![]), Action::AnswerOffers, p1),
        Err(Denial::NotFound)
    );
}

#[test]
fn only_administrators_manage_staff_and_others_do_not_learn_it_exists() {
    let admin = principal(Some(StaffRole::Admin), vec![]);
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    let requester = principal(None, vec![]);
    assert!(authorize(&admin, Action::ManageStaff, Resource::Accounts).is_ok());
    assert_eq!(
        authorize(&coordinator, Action::ManageStaff, Resource::Accounts),
        Err(Denial::NotFound)
    );
    assert_eq!(
        authorize(&requester, Action::ManageStaff, Resource::Accounts),
        Err(Denial::NotFound)
    );
    assert!(authorize(&requester, Action::CreateOrganisation, Resource::Accounts).is_ok());
    assert_eq!(
        authorize(&coordinator, Action::CreateOrganisation, Resource::Accounts),
        Err(Denial::Forbidden)
    );
}

#[test]
fn the_second_factor_is_mandatory_for_staff_and_provider_members_only() {
    assert!(principal(Some(StaffRole::Coordinator), vec![]).requires_mfa());
    assert!(
        principal(None, vec![(MemberOf::Provider(prov("p")), MembershipRole::Member, ACTIVE)])
            .requires_mfa()
    );
    assert!(
        !principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Admin, ACTIVE)])
            .requires_mfa()
    );
    assert!(
        !principal(
            None,
            vec![(MemberOf::Provider(prov("p")), MembershipRole::Member, MembershipState::Removed)]
        )
        .requires_mfa()
    );
}

#[test]
fn coordinators_vet_and_verify_while_providers_manage_their_own_offerings() {
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    let p1_admin =
        principal(None, vec![(MemberOf::Provider(prov("p1")), MembershipRole::Admin, ACTIVE)]);
    let p1_engineer =
        principal(None, vec![(MemberOf::Provider(prov("p1")), MembershipRole::Member, ACTIVE)]);
    let requester =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Member, ACTIVE)]);
    assert!(authorize(&coordinator, Action::Vet, Resource::Provider(prov("p1"))).is_ok());
    assert!(authorize(&coordinator, Action::Verify, Resource::Organisation(org("a"))).is_ok());
    assert!(authorize(&coordinator, Action::View, Resource::Directory).is_ok());
    assert_eq!(
        authorize(&coordinator, Action::ManageOfferings, Resource::Provider(prov("p1"))),
        Err(Denial::Forbidden)
    );
    assert!(authorize(&p1_admin, Action::ManageOfferings, Resource::Provider(prov("p1"))).is_ok());
    assert_eq!(
        authorize(&p1_engineer, Action::ManageOfferings, Resource::Provider(prov("p1"))),
        Err(Denial::Forbidden)
    );
    assert_eq!(
        authorize(&p1_admin, Action::Vet, Resource::Provider(prov("p1"))),
        Err(Denial::Forbidden)
    );
    assert_eq!(
        authorize(&p1_admin, Action::ManageOfferings, Resource::Provider(prov("p2"))),
        Err(Denial::NotFound)
    );
    assert_eq!(authorize(&requester, Action::View, Resource::Directory), Err(Denial::NotFound));
    assert!(authorize(&requester, Action::Vouch, Resource::Organisation(org("a"))).is_ok());
    assert_eq!(
        authorize(&requester, Action::Verify, Resource::Organisation(org("a"))),
        Err(Denial::Forbidden)
    );
    assert_eq!(
        authorize(&requester, Action::Vouch, Resource::Organisation(org("b"))),
        Err(Denial::NotFound)
    );
}

#[test]
fn members_ask_for_help_for_their_own_organisation_and_staff_triage() {
    let member =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Member, ACTIVE)]);
    assert!(authorize(&member, Action::RequestHelp, Resource::Organisation(org("a"))).is_ok());
    assert_eq!(
        authorize(&member, Action::RequestHelp, Resource::Organisation(org("b"))),
        Err(Denial::NotFound),
        "another organisation's requests do not exist for them"
    );
    let unverified = Principal { email_verified: false, ..member.clone() };
    assert_eq!(
        authorize(&unverified, Action::RequestHelp, Resource::Organisation(org("a"))),
        Err(Denial::Forbidden)
    );
    assert_eq!(authorize(&member, Action::Triage, Resource::Directory), Err(Denial::NotFound));
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    assert!(authorize(&coordinator, Action::Triage, Resource::Directory).is_ok());
    assert_eq!(
        authorize(&coordinator, Action::RequestHelp, Resource::Organisation(org("a"))),
        Err(Denial::Forbidden),
        "coordinators see organisations but do not ask for help in their name"
    );
}

#[test]
fn only_staff_read_the_audit_trail_and_nobody_acts_on_it() {
    let coordinator = principal(Some(StaffRole::Coordinator), vec![]);
    let admin = principal(Some(StaffRole::Admin), vec![]);
    assert!(authorize(&coordinator, Action::View, Resource::AuditTrail).is_ok());
    assert!(authorize(&admin, Action::View, Resource::AuditTrail).is_ok());
    let requester =
        principal(None, vec![(MemberOf::Organisation(org("a")), MembershipRole::Admin, ACTIVE)]);
    assert_eq!(authorize(&requester, Action::View, Resource::AuditTrail), Err(Denial::NotFound));
    assert_eq!(
        authorize(&coordinator, Action::Triage, Resource::AuditTrail),
        Err(Denial::NotFound)
    );
}
