use std::sync::Arc;

use c4h_domain::ids::{InvitationId, NoteId, OfferingId, ProviderId, ReviewId, UserId};
use c4h_domain::policy::{Action, MemberOf, Resource};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{
    EmailAddress, MembershipRole, MembershipState, ServiceCategory, StaffRole, VettingState,
};
use c4h_storage::model::{
    CatalogueQuery, InvitationTarget, NewInvitation, NewReview, ReviewOutcome, SeedData,
};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, account, change, grant, lang, offering, principal, provider};
use crate::organisations::membership;

fn coordinator(id: UserId) -> c4h_domain::policy::Principal {
    principal(id, Some(StaffRole::Coordinator), vec![])
}

fn provider_admin(id: UserId, provider: ProviderId) -> c4h_domain::policy::Principal {
    let of = MemberOf::Provider(provider);
    principal(id, None, vec![membership(of, MembershipRole::Admin, MembershipState::Active)])
}

fn review(decision: VettingDecision, reason: &str) -> NewReview {
    NewReview { id: ReviewId::new(), decision, reason: reason.into(), at: NOW }
}

async fn state_of(store: &Arc<dyn Store>, who: UserId, id: ProviderId) -> VettingState {
    let view = grant(&coordinator(who), Action::View, Resource::Provider(id));
    store.provider_details(&view).await.unwrap().unwrap().vetting
}

async fn catalogue_titles(store: &Arc<dyn Store>, now: time::OffsetDateTime) -> Vec<String> {
    let page = store.catalogue(&CatalogueQuery::all(lang("en"), now, 50)).await.unwrap();
    page.items.into_iter().map(|entry| entry.title).collect()
}

async fn an_application_is_vetted_by_two_coordinators_and_invites_its_first_admin(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let first = account(&store, "first@operator.example", Some(StaffRole::Coordinator)).await;
    let second = account(&store, "second@operator.example", Some(StaffRole::Coordinator)).await;
    let application = c4h_storage::model::NewProvider {
        pledges_taken: true,
        contact_phone: Some("+41 00 000 00 00".into()),
        ..provider("acme", VettingState::Applied)
    };
    let id = application.id;
    store.apply_provider(&application, &change("provider.apply", NOW)).await.unwrap();
    let same_name = c4h_storage::model::NewProvider { id: ProviderId::new(), ..application };
    assert!(matches!(
        store.apply_provider(&same_name, &change("provider.apply", NOW)).await,
        Err(StoreError::Duplicate { .. })
    ));

    let view = grant(&coordinator(first), Action::View, Resource::Provider(id));
    let details = store.provider_details(&view).await.unwrap().unwrap();
    assert_eq!((details.name.as_str(), details.vetting), ("acme", VettingState::Applied));
    assert_eq!(details.contact_email.unwrap().as_str(), "contact@acme.example");
    assert_eq!(details.contact_phone.as_deref(), Some("+41 00 000 00 00"));
    assert_eq!(details.services_offered, [ServiceCategory::IncidentResponse]);
    assert!(details.pledges_taken && details.vetted_at.is_none());

    let vet_first = grant(&coordinator(first), Action::Vet, Resource::Provider(id));
    let vet_second = grant(&coordinator(second), Action::Vet, Resource::Provider(id));
    let proposal = review(VettingDecision::Vet, "References checked with two hospitals.");
    let outcome = store.decide_provider(&vet_first, &proposal, &change("provider.vet", NOW)).await;
    assert_eq!(outcome.unwrap(), ReviewOutcome::AwaitingConfirmation);
    assert_eq!(state_of(&store, first, id).await, VettingState::Applied, "one is not enough");
    // One proposal waits at a time: a second one is refused rather than stacked.
    let again = review(VettingDecision::Vet, "Me too.");
    assert!(matches!(
        store.decide_provider(&vet_second, &again, &change("provider.vet", NOW)).await,
        Err(StoreError::Duplicate { .. })
    ));
    let confirm = |grant| {
        let store = store.clone();
        async move {
            store.confirm_vetting(&grant, proposal.id, None, &change("provider.confirm", NOW)).await
        }
    };
    assert_eq!(confirm(vet_first.clone()).await.unwrap(), ReviewOutcome::SameCoordinator);
    assert_eq!(state_of(&store, first, id).await, VettingState::Applied);

    let invitation = NewInvitation {
        id: InvitationId::new(),
        token_hash: "hash-of-the-first-admins-link".into(),
        email: EmailAddress::parse("contact@acme.example").unwrap(),
        target: InvitationTarget::Provider { provider_id: id, role: MembershipRole::Admin },
        invited_by: second,
        created_at: NOW,
        expires_at: NOW + Duration::days(7),
    };
    let confirmed = store
        .confirm_vetting(&vet_second, proposal.id, Some(&invitation), &change("provider.vet", NOW))
        .await
        .unwrap();
    assert_eq!(confirmed, ReviewOutcome::Applied(VettingState::Vetted));
    let stored = store.invitation_by_token("hash-of-the-first-admins-link", NOW).await.unwrap();
    assert_eq!(stored.unwrap().target, invitation.target);
    // Confirming twice does nothing more.
    assert_eq!(confirm(vet_second.clone()).await.unwrap(), ReviewOutcome::NotApplicable);

    let note = NoteId::new();
    store
        .add_provider_note(
            &vet_first,
            note,
            "Called the listed contact.",
            Some("Call log 12"),
            &change("provider.note", NOW),
        )
        .await
        .unwrap();
    let details = store.provider_details(&view).await.unwrap().unwrap();
    assert_eq!(details.vetting, VettingState::Vetted);
    assert_eq!(details.vetted_at, Some(NOW));
    let [review] = details.reviews.as_slice() else { panic!("{:?}", details.reviews) };
    assert_eq!(review.decision, VettingDecision::Vet);
    assert_eq!(review.proposed_by, first);
    assert_eq!(review.reason, "References checked with two hospitals.");
    assert_eq!(review.confirmed_by_name.as_deref(), Some("Coordination desk"));
    assert!(!review.is_open());
    let [note] = details.notes.as_slice() else { panic!("{:?}", details.notes) };
    assert_eq!(
        (note.body.as_str(), note.evidence.as_deref()),
        ("Called the listed contact.", Some("Call log 12"))
    );

    // A grant for another action is refused by the store, not trusted.
    assert!(matches!(
        store.decide_provider(&view, &review_of_suspension(), &change("x", NOW)).await,
        Err(StoreError::WrongGrant(_))
    ));
}

fn review_of_suspension() -> NewReview {
    review(VettingDecision::Suspend, "Complaint under review.")
}

async fn a_rejection_or_a_suspension_applies_at_once_and_withdraws_the_offerings(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let first = account(&store, "first@operator.example", Some(StaffRole::Coordinator)).await;
    let second = account(&store, "second@operator.example", Some(StaffRole::Coordinator)).await;
    let data = SeedData {
        providers: vec![
            provider("applicant", VettingState::Applied),
            provider("vetted", VettingState::Vetted),
        ],
        offerings: vec![offering("mail", "vetted", ServiceCategory::EmailSecurity, true)],
        ..SeedData::default()
    };
    store.seed(&data, &change("seed", NOW)).await.unwrap();
    let applicant = ProviderId::from_name("applicant");
    let vetted = ProviderId::from_name("vetted");

    let proposal = review(VettingDecision::Vet, "Looks fine.");
    let vet = grant(&coordinator(first), Action::Vet, Resource::Provider(applicant));
    store.decide_provider(&vet, &proposal, &change("provider.vet", NOW)).await.unwrap();
    let reject = grant(&coordinator(second), Action::Vet, Resource::Provider(applicant));
    let rejection = review(VettingDecision::Reject, "Sells services to the same clients.");
    assert_eq!(
        store.decide_provider(&reject, &rejection, &change("provider.reject", NOW)).await.unwrap(),
        ReviewOutcome::Applied(VettingState::Rejected)
    );
    // The waiting proposal was withdrawn by the rejection and can no longer be confirmed.
    assert_eq!(
        store.confirm_vetting(&reject, proposal.id, None, &change("c", NOW)).await.unwrap(),
        ReviewOutcome::NotApplicable
    );
    assert_eq!(state_of(&store, first, applicant).await, VettingState::Rejected);
    let details = store
        .provider_details(&grant(&coordinator(first), Action::View, Resource::Provider(applicant)))
        .await
        .unwrap()
        .unwrap();
    assert!(details.reviews.iter().all(|review| !review.is_open()));
    assert!(details.reviews[0].withdrawn_at.is_some());

    assert_eq!(catalogue_titles(&store, NOW).await, ["mail (en)"]);
    let suspend = grant(&coordinator(first), Action::Vet, Resource::Provider(vetted));
    assert_eq!(
        store.decide_provider(&suspend, &review_of_suspension(), &change("s", NOW)).await.unwrap(),
        ReviewOutcome::Applied(VettingState::Suspended)
    );
    assert!(catalogue_titles(&store, NOW).await.is_empty(), "withdrawn at once");
    let again = review_of_suspension();
    assert_eq!(
        store.decide_provider(&suspend, &again, &change("s", NOW)).await.unwrap(),
        ReviewOutcome::NotApplicable,
        "a suspended provider cannot be suspended again"
    );
    let retire = review(VettingDecision::Retire, "Closed its pro bono programme.");
    assert_eq!(
        store.decide_provider(&suspend, &retire, &change("r", NOW)).await.unwrap(),
        ReviewOutcome::Applied(VettingState::Retired)
    );
    let unknown = grant(&coordinator(first), Action::Vet, Resource::Provider(ProviderId::new()));
    assert_eq!(
        store.decide_provider(&unknown, &retire, &change("r", NOW)).await.unwrap(),
        ReviewOutcome::NotApplicable
    );
}

async fn a_provider_admin_manages_offerings_and_pauses_the_provider(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let data = SeedData {
        providers: vec![
            provider("vetted", VettingState::Vetted),
            provider("other", VettingState::Vetted),
        ],
        offerings: vec![offering("theirs", "other", ServiceCategory::EmailSecurity, true)],
        ..SeedData::default()
    };
    store.seed(&data, &change("seed", NOW)).await.unwrap();
    let id = ProviderId::from_name("vetted");
    let admin = account(&store, "admin@vetted.example", None).await;
    let manage = grant(&provider_admin(admin, id), Action::ManageOfferings, Resource::Provider(id));
    let view = grant(&provider_admin(admin, id), Action::View, Resource::Provider(id));

    let mut new = offering("ir", "vetted", ServiceCategory::IncidentResponse, true);
    store.create_offering(&manage, &new, &change("offering.create", NOW)).await.unwrap();
    assert!(matches!(
        store.create_offering(&manage, &new, &change("offering.create", NOW)).await,
        Err(StoreError::Duplicate { .. })
    ));
    let foreign = offering("foreign", "other", ServiceCategory::IncidentResponse, true);
    assert!(matches!(
        store.create_offering(&manage, &foreign, &change("offering.create", NOW)).await,
        Err(StoreError::WrongGrant(_))
    ));

    let listed = store.provider_offerings(&view).await.unwrap();
    let [summary] = listed.as_slice() else { panic!("{listed:?}") };
    assert_eq!((summary.title.as_str(), summary.capacity, summary.in_use), ("ir (en)", 3, 0));
    assert!(summary.active);
    // What the editor reads back is what was written, lists in a stable order.
    let read = store.offering_for_edit(&manage, new.id).await.unwrap().unwrap();
    new.languages.sort();
    assert_eq!(read, new);
    let theirs = OfferingId::from_name("theirs");
    assert!(store.offering_for_edit(&manage, theirs).await.unwrap().is_none());

    new.texts[0].title = "Ransomware triage".into();
    new.texts.truncate(1);
    new.capacity = 7;
    assert!(store.update_offering(&manage, &new, &change("offering.update", NOW)).await.unwrap());
    let read = store.offering_for_edit(&manage, new.id).await.unwrap().unwrap();
    assert_eq!((read.texts.len(), read.capacity), (1, 7));
    let search = |text: &str| CatalogueQuery {
        text: Some(text.into()),
        ..CatalogueQuery::all(lang("en"), NOW, 10)
    };
    assert_eq!(store.catalogue(&search("RANSOMWARE")).await.unwrap().total, 1);
    assert_eq!(store.catalogue(&search("ir (fr)")).await.unwrap().total, 0, "old text is gone");
    let mut not_theirs = offering("theirs", "vetted", ServiceCategory::IncidentResponse, true);
    not_theirs.capacity = 1;
    assert!(!store.update_offering(&manage, &not_theirs, &change("u", NOW)).await.unwrap());
    assert!(!store.set_offering_active(&manage, theirs, false, &change("p", NOW)).await.unwrap());

    let both = ["Ransomware triage", "theirs (en)"];
    assert_eq!(catalogue_titles(&store, NOW).await, both);
    assert!(store.set_offering_active(&manage, new.id, false, &change("p", NOW)).await.unwrap());
    assert_eq!(catalogue_titles(&store, NOW).await, ["theirs (en)"]);
    assert!(store.set_offering_active(&manage, new.id, true, &change("p", NOW)).await.unwrap());

    let until = NOW + Duration::days(3);
    let message = "Our team is at capacity until the 2nd.";
    store
        .set_provider_pause(&manage, Some(until), Some(message), &change("pause", NOW))
        .await
        .unwrap();
    assert_eq!(catalogue_titles(&store, NOW).await, ["theirs (en)"]);
    assert_eq!(catalogue_titles(&store, until).await, both, "the pause ends by itself");
    let details = store.provider_details(&view).await.unwrap().unwrap();
    assert_eq!(
        (details.paused_until, details.pause_message.as_deref()),
        (Some(until), Some(message))
    );
    store.set_provider_pause(&manage, None, None, &change("resume", NOW)).await.unwrap();
    assert_eq!(catalogue_titles(&store, NOW).await, both);

    // Viewing is not managing.
    assert!(matches!(
        store.set_provider_pause(&view, None, None, &change("resume", NOW)).await,
        Err(StoreError::WrongGrant(_))
    ));
}

on_both_backends!(
    an_application_is_vetted_by_two_coordinators_and_invites_its_first_admin,
    a_rejection_or_a_suspension_applies_at_once_and_withdraws_the_offerings,
    a_provider_admin_manages_offerings_and_pauses_the_provider,
);
