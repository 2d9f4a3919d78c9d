use std::sync::Arc;

use c4h_domain::ids::{OrganisationId, RequestId, UserId};
use c4h_domain::intake::{RequestDraft, RequestInput};
use c4h_domain::policy::{Action, Grant, MemberOf, Resource};
use c4h_domain::request_flow::{RequestTransition, Role, TransitionError};
use c4h_domain::triage::{PatientCare, UrgencyReason};
use c4h_domain::{MembershipRole, MembershipState, RequestState, StaffRole, Tlp, Urgency};
use c4h_storage::model::{
    Actor, Change, ObjectRef, QueueFilter, Step, StepOutcome, Submission, Submitted, Window,
};
use c4h_storage::{DatabaseUrl, Store, StoreError, on_both_backends};
use time::Duration;

use crate::fixtures::{NOW, account, grant, principal};
use crate::organisations::{membership, organisation};

const ALL: Window = Window { offset: 0, limit: 50 };

pub(crate) struct World {
    pub org: OrganisationId,
    pub member: UserId,
    other_member: UserId,
    pub coordinator: UserId,
}

pub(crate) async fn world(store: &Arc<dyn Store>) -> World {
    let admin = account(store, "admin@clinic.example", None).await;
    let other_admin = account(store, "admin@lab.example", None).await;
    let coordinator = account(store, "desk@operator.example", Some(StaffRole::Coordinator)).await;
    let org = organisation(store, admin, "Clinique (test)", "JOIN-1111").await;
    organisation(store, other_admin, "Laboratoire (test)", "JOIN-2222").await;
    World { org, member: admin, other_member: other_admin, coordinator }
}

pub(crate) fn help(user: UserId, org: OrganisationId) -> Grant {
    let of = MemberOf::Organisation(org);
    let p =
        principal(user, None, vec![membership(of, MembershipRole::Admin, MembershipState::Active)]);
    grant(&p, Action::RequestHelp, Resource::Organisation(org))
}

pub(crate) fn staff(user: UserId, action: Action) -> Grant {
    grant(&principal(user, Some(StaffRole::Coordinator), vec![]), action, Resource::Directory)
}

pub(crate) fn draft(description: &str, tune: impl Fn(&mut RequestInput)) -> RequestDraft {
    let mut input = RequestInput {
        description: description.into(),
        languages: vec!["fr".into()],
        consent_to_share: true,
        ..RequestInput::default()
    };
    tune(&mut input);
    RequestDraft::parse(&input, NOW).unwrap()
}

pub(crate) fn ransomware(input: &mut RequestInput) {
    input.active_incident = true;
    input.ransomware = true;
    input.patient_care = vec!["records".into()];
}

pub(crate) fn change(action: &str, id: RequestId, at: time::OffsetDateTime) -> Change {
    Change::new(Actor::cli(), action, ObjectRef::new("request", id), at).for_request(id)
}

pub(crate) async fn submit(
    store: &Arc<dyn Store>,
    grant: &Grant,
    draft: RequestDraft,
    key: &str,
    at: time::OffsetDateTime,
) -> Submitted {
    let id = RequestId::new();
    let submission =
        Submission { id, draft, state: RequestState::Submitted, idempotency_key: key.into() };
    store.submit_request(grant, &submission, &change("request.submit", id, at)).await.unwrap()
}

async fn a_submission_lands_once_per_key_with_its_reference_and_signals(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let w = world(&store).await;
    let grant = help(w.member, w.org);
    let first = submit(&store, &grant, draft("Rançongiciel", ransomware), "key-1", NOW).await;
    let Submitted::Created { id, reference } = first.clone() else { panic!("{first:?}") };
    assert_eq!(reference, "C4H-2026-000001");
    let events = store.counts().await.unwrap().audit_events;
    let again = submit(&store, &grant, draft("Rançongiciel", ransomware), "key-1", NOW).await;
    assert_eq!(again, Submitted::Repeated { id, reference: reference.clone() });
    assert_eq!(store.counts().await.unwrap().audit_events, events, "a repeat writes nothing");
    assert_eq!(store.counts().await.unwrap().requests, 1);
    // The same key from someone else is theirs alone.
    let other = help(
        w.other_member,
        store.organisation_by_join_code("JOIN-2222").await.unwrap().unwrap().0,
    );
    let theirs = submit(&store, &other, draft("Autre", |_| {}), "key-1", NOW).await;
    // Numbers grow; PostgreSQL's sequence may leave a gap (a repeat or a rollback uses one up).
    assert!(
        theirs.reference().starts_with("C4H-2026-00000") && theirs.reference() > reference.as_str()
    );

    assert_eq!(store.request_organisation(id).await.unwrap(), Some(w.org));
    let details = store.request_details(&grant, id).await.unwrap().unwrap();
    assert_eq!(
        (details.state, details.urgency),
        (RequestState::Submitted, Some(Urgency::Critical))
    );
    assert_eq!(
        details.urgency_reasons,
        [UrgencyReason::PatientCareAffected, UrgencyReason::RansomwareSpreading]
    );
    assert_eq!(details.signals.patient_care, [PatientCare::Records]);
    assert_eq!((details.tlp, details.consent_to_share), (Tlp::Amber, true));
    assert!(details.from_unverified_organisation, "the organisation is not verified yet");
    assert_eq!(details.submitted_at, Some(NOW));
    assert_eq!(details.organisation_name, "Clinique (test)");
    // Another organisation's member cannot read it, and a wrong grant is refused.
    assert!(store.request_details(&other, id).await.unwrap().is_none());
    let list = store.organisation_requests(&grant).await.unwrap();
    assert_eq!(list.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), ["C4H-2026-000001"]);
    let history = store.request_history(&grant, id).await.unwrap();
    assert_eq!(
        history.iter().map(|e| e.record.action.as_str()).collect::<Vec<_>>(),
        ["request.submit"]
    );
    assert!(store.request_history(&other, id).await.unwrap().is_empty());
}

async fn the_queue_puts_the_most_urgent_first_then_the_longest_waiting(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let w = world(&store).await;
    let grant = help(w.member, w.org);
    let low =
        submit(&store, &grant, draft("Formation", |_| {}), "a", NOW - Duration::hours(5)).await;
    let old_critical =
        submit(&store, &grant, draft("Rançon ancienne", ransomware), "b", NOW - Duration::hours(2))
            .await;
    let new_critical = submit(&store, &grant, draft("Rançon", ransomware), "c", NOW).await;
    let view = staff(w.coordinator, Action::View);
    let queue = store.triage_queue(&view, &QueueFilter::default(), ALL).await.unwrap();
    let order: Vec<_> = queue.items.iter().map(|row| row.reference.clone()).collect();
    assert_eq!(order, [old_critical.reference(), new_critical.reference(), low.reference()]);
    assert_eq!(queue.total, 3);
    let first = &queue.items[0];
    assert_eq!(
        (first.urgency, first.organisation_name.as_str()),
        (Some(Urgency::Critical), "Clinique (test)")
    );
    assert!(!first.urgency_reasons.is_empty() && first.from_unverified_organisation);

    let only_low = QueueFilter { urgency: Some(Urgency::Low), ..QueueFilter::default() };
    assert_eq!(store.triage_queue(&view, &only_low, ALL).await.unwrap().total, 1);
    let by_reference =
        QueueFilter { text: Some(low.reference().to_lowercase()), ..QueueFilter::default() };
    assert_eq!(store.triage_queue(&view, &by_reference, ALL).await.unwrap().items[0].id, low.id());
    let page =
        store.triage_queue(&view, &QueueFilter::default(), Window { offset: 2, limit: 1 }).await;
    assert_eq!(page.unwrap().items[0].id, low.id());

    // A coordinator raises the preventive request; the computed urgency is kept beside it.
    let triage = staff(w.coordinator, Action::Triage);
    let raised = store
        .override_urgency(
            &triage,
            low.id(),
            Urgency::Critical,
            "Their lab is down.",
            &change("request.urgency", low.id(), NOW),
        )
        .await
        .unwrap();
    assert!(raised);
    let details = store.request_details(&view, low.id()).await.unwrap().unwrap();
    assert_eq!(
        (details.urgency, details.computed_urgency),
        (Some(Urgency::Critical), Some(Urgency::Low))
    );
    assert_eq!(details.urgency_override_reason.as_deref(), Some("Their lab is down."));
    let queue = store.triage_queue(&view, &QueueFilter::default(), ALL).await.unwrap();
    assert_eq!(queue.items[0].id, low.id(), "it waited longest among the critical ones");
    // Requesters do not triage.
    assert!(matches!(
        store
            .override_urgency(&grant, low.id(), Urgency::Low, "x", &change("x", low.id(), NOW))
            .await,
        Err(StoreError::WrongGrant(_))
    ));
}

fn step(transition: RequestTransition, role: Role) -> Step {
    Step { transition, role, reason: None, merge_into: None, message: None }
}

async fn lifecycle_steps_apply_only_where_the_state_machine_allows(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let w = world(&store).await;
    let grant = help(w.member, w.org);
    let triage = staff(w.coordinator, Action::Triage);
    let view = staff(w.coordinator, Action::View);
    let a = submit(&store, &grant, draft("Premier", ransomware), "a", NOW).await.id();
    let b = submit(&store, &grant, draft("Doublon", ransomware), "b", NOW).await.id();
    let c = submit(&store, &grant, draft("Hors sujet", |_| {}), "c", NOW).await.id();
    let go = |id: RequestId, grant: Grant, step: Step| {
        let store = store.clone();
        async move {
            store
                .step_request(&grant, id, &step, &change(step.transition.as_str(), id, NOW))
                .await
                .unwrap()
        }
    };

    let ask = Step {
        message: Some("Quel logiciel de sauvegarde utilisez-vous ?".into()),
        ..step(RequestTransition::AskForInformation, Role::Coordinator)
    };
    assert_eq!(go(a, triage.clone(), ask).await, Some(StepOutcome::Applied(RequestState::Triaged)));
    let seen = store.request_details(&grant, a).await.unwrap().unwrap();
    assert_eq!(seen.messages.len(), 1, "the requester reads the question");
    assert!(seen.messages[0].from_staff);
    let accept = step(RequestTransition::AcceptForMatching, Role::Coordinator);
    assert_eq!(
        go(a, triage.clone(), accept.clone()).await,
        Some(StepOutcome::Applied(RequestState::Matching))
    );
    assert_eq!(
        go(a, triage.clone(), accept).await,
        Some(StepOutcome::Refused(TransitionError::NotFromThisState {
            from: RequestState::Matching,
            transition: RequestTransition::AcceptForMatching
        }))
    );

    let unknown = Step {
        merge_into: Some("C4H-2026-999999".into()),
        ..step(RequestTransition::Merge, Role::Coordinator)
    };
    assert_eq!(go(b, triage.clone(), unknown).await, Some(StepOutcome::UnknownMergeTarget));
    let itself = store.request_details(&view, b).await.unwrap().unwrap().reference;
    let into_itself =
        Step { merge_into: Some(itself), ..step(RequestTransition::Merge, Role::Coordinator) };
    assert_eq!(go(b, triage.clone(), into_itself).await, Some(StepOutcome::UnknownMergeTarget));
    let target = store.request_details(&view, a).await.unwrap().unwrap().reference;
    let merge = Step {
        merge_into: Some(target.to_lowercase()),
        ..step(RequestTransition::Merge, Role::Coordinator)
    };
    assert_eq!(
        go(b, triage.clone(), merge).await,
        Some(StepOutcome::Applied(RequestState::Closed))
    );
    assert_eq!(store.request_details(&grant, b).await.unwrap().unwrap().merged_into, Some(target));

    let reason = "La relecture de contrats n'entre pas dans ce service.";
    let decline =
        Step { reason: Some(reason.into()), ..step(RequestTransition::Decline, Role::Coordinator) };
    assert_eq!(
        go(c, triage.clone(), decline).await,
        Some(StepOutcome::Applied(RequestState::Declined))
    );
    assert_eq!(
        store.request_details(&grant, c).await.unwrap().unwrap().decline_reason.as_deref(),
        Some(reason)
    );
    let withdraw = step(RequestTransition::Withdraw, Role::Requester);
    assert!(
        matches!(go(c, grant.clone(), withdraw.clone()).await, Some(StepOutcome::Refused(_))),
        "declined is final"
    );
    assert_eq!(
        go(a, grant.clone(), withdraw.clone()).await,
        Some(StepOutcome::Applied(RequestState::Withdrawn))
    );

    // Each side plays only its own role, and only on its own requests.
    let other = help(
        w.other_member,
        store.organisation_by_join_code("JOIN-2222").await.unwrap().unwrap().0,
    );
    assert_eq!(go(b, other, withdraw).await, None);
    assert!(matches!(
        store
            .step_request(
                &grant,
                a,
                &step(RequestTransition::AcceptForMatching, Role::Coordinator),
                &change("x", a, NOW)
            )
            .await,
        Err(StoreError::WrongGrant(_))
    ));
    let history = store.request_history(&view, a).await.unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.record.action.as_str()).collect();
    assert_eq!(
        actions,
        ["request.submit", "ask_information", "accept", "withdraw"],
        "refused steps leave no trace"
    );
}

/// Submits a ransomware request under each of `keys` at once, from as many tasks: what each got.
async fn submit_together(
    store: &Arc<dyn Store>,
    grant: &Grant,
    keys: Vec<String>,
) -> Vec<(String, Result<Submitted, StoreError>)> {
    let senders: Vec<_> = keys
        .into_iter()
        .map(|key| {
            let (store, grant) = (store.clone(), grant.clone());
            tokio::spawn(async move {
                let id = RequestId::new();
                let submission = Submission {
                    id,
                    draft: draft("Ensemble", ransomware),
                    state: RequestState::Submitted,
                    idempotency_key: key.clone(),
                };
                let change = change("request.submit", id, NOW);
                let answer = store.submit_request(&grant, &submission, &change).await;
                (key, answer)
            })
        })
        .collect();
    let mut answers = Vec::new();
    for sender in senders {
        answers.push(sender.await.unwrap());
    }
    answers
}

/// Submissions that arrive together are committed together (group commit); each one still lands
/// once, with its own reference and audit event, and one that fails fails alone.
async fn submissions_arriving_together_each_land_once_and_a_bad_one_fails_alone(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let w = world(&store).await;
    let grant = help(w.member, w.org);
    let events = store.counts().await.unwrap().audit_events;
    // 30 keys, the first ten sent twice at once (a double click), all in flight together.
    let keys = (0..40).map(|n| format!("together-{}", n % 30)).collect();
    let mut by_key = std::collections::BTreeMap::<String, Vec<Submitted>>::new();
    for (key, answer) in submit_together(&store, &grant, keys).await {
        by_key.entry(key).or_default().push(answer.unwrap());
    }
    assert_eq!(by_key.len(), 30);
    let mut references = std::collections::BTreeSet::new();
    for (key, answers) in &by_key {
        let created = answers.iter().filter(|a| matches!(a, Submitted::Created { .. })).count();
        assert_eq!(created, 1, "{key}: {answers:?}");
        assert!(answers.iter().all(|a| a.reference() == answers[0].reference()), "{key}");
        references.insert(answers[0].reference().to_owned());
    }
    assert_eq!(references.len(), 30, "each request its own reference");
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.requests, counts.audit_events), (30, events + 30));

    // Among ten good ones, one for an organisation that does not exist: it alone is refused.
    let (good, stray) = (grant.clone(), help(w.member, OrganisationId::new()));
    let store_for_stray = store.clone();
    let refused = tokio::spawn(async move {
        submit_together(&store_for_stray, &stray, vec!["stray".into()]).await.remove(0).1
    });
    let keys = (0..10).map(|n| format!("after-{n}")).collect();
    for (key, answer) in submit_together(&store, &good, keys).await {
        assert!(matches!(answer, Ok(Submitted::Created { .. })), "{key}: {answer:?}");
    }
    assert!(refused.await.unwrap().is_err(), "no organisation, no request");
    let counts = store.counts().await.unwrap();
    assert_eq!((counts.requests, counts.audit_events), (40, events + 40));
    let chain = store.audit_events(0, 100).await.unwrap();
    for pair in chain.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash, "the chain does not fork");
    }
    let last = chain.last().unwrap();
    assert_eq!(store.audit_head().await.unwrap(), (last.seq, last.hash.clone()));
}

on_both_backends!(
    a_submission_lands_once_per_key_with_its_reference_and_signals,
    the_queue_puts_the_most_urgent_first_then_the_longest_waiting,
    lifecycle_steps_apply_only_where_the_state_machine_allows,
    submissions_arriving_together_each_land_once_and_a_bad_one_fails_alone,
);
