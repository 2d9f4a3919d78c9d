use super::*;
use RequestState as S;
use Role::{Coordinator, Provider, Requester, System};

/// Every allowed (transition, from, role), written out by hand from PRODUCT.md's lifecycle, so
/// that the machine is checked against a second statement of the rules, cell by cell.
const ALLOWED: &[(&str, &[RequestState], &[Role])] = &[
    ("submit", &[S::Draft], &[Requester]),
    ("ask_information", &[S::Submitted, S::Triaged], &[Coordinator]),
    ("accept", &[S::Submitted, S::Triaged, S::Waitlisted], &[Coordinator]),
    ("waitlist", &[S::Submitted, S::Triaged, S::Matching], &[Coordinator, System]),
    ("decline", &[S::Submitted, S::Triaged, S::Waitlisted, S::Matching], &[Coordinator]),
    ("merge", &[S::Submitted, S::Triaged, S::Waitlisted], &[Coordinator]),
    (
        "withdraw",
        &[S::Draft, S::Submitted, S::Triaged, S::Matching, S::Waitlisted, S::Offered],
        &[Requester],
    ),
    ("offer", &[S::Matching, S::Waitlisted], &[Coordinator, System]),
    ("offer_ended", &[S::Offered], &[Coordinator, Provider, System]),
    ("engage", &[S::Offered], &[Provider]),
    ("resolve", &[S::Engaged], &[Provider, Coordinator]),
    ("reopen", &[S::Resolved], &[Requester, Coordinator]),
    ("close", &[S::Resolved], &[Requester, Coordinator, System]),
];

#[test]
fn every_transition_from_every_state_by_every_role_is_allowed_exactly_as_written() {
    let mut checked = 0;
    for transition in RequestTransition::ALL {
        let (_, states, roles) = ALLOWED
            .iter()
            .find(|(code, _, _)| *code == transition.as_str())
            .unwrap_or_else(|| panic!("{transition} is missing from the table"));
        for from in RequestState::ALL {
            for role in Role::ALL {
                let result = transition.apply(*from, role);
                let allowed = states.contains(from) && roles.contains(&role);
                assert_eq!(result.is_ok(), allowed, "{transition} from {from} by {role:?}");
                if !roles.contains(&role) {
                    assert_eq!(
                        result,
                        Err(TransitionError::NotThisRole { transition: *transition })
                    );
                } else if !states.contains(from) {
                    assert_eq!(
                        result,
                        Err(TransitionError::NotFromThisState {
                            from: *from,
                            transition: *transition
                        })
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 13 * 11 * 4);
}

#[test]
fn each_transition_leads_where_the_brief_says() {
    let expected = [
        ("submit", S::Submitted),
        ("ask_information", S::Triaged),
        ("accept", S::Matching),
        ("waitlist", S::Waitlisted),
        ("decline", S::Declined),
        ("merge", S::Closed),
        ("withdraw", S::Withdrawn),
        ("offer", S::Offered),
        ("offer_ended", S::Matching),
        ("engage", S::Engaged),
        ("resolve", S::Resolved),
        ("reopen", S::Engaged),
        ("close", S::Closed),
    ];
    for (code, to) in expected {
        assert_eq!(RequestTransition::parse(code).unwrap().to(), to, "{code}");
    }
}

#[test]
fn declined_withdrawn_and_closed_requests_are_final_and_nothing_else_is() {
    let finals: Vec<_> = RequestState::ALL.iter().filter(|s| s.is_final()).collect();
    assert_eq!(finals, [&S::Closed, &S::Declined, &S::Withdrawn]);
}

#[test]
fn a_coordinator_triaging_a_new_request_is_offered_the_five_triage_actions() {
    let actions: Vec<_> = RequestTransition::available(S::Submitted, Coordinator)
        .iter()
        .map(|t| t.as_str())
        .collect();
    assert_eq!(actions, ["ask_information", "accept", "waitlist", "decline", "merge"]);
    let requester: Vec<_> =
        RequestTransition::available(S::Submitted, Requester).iter().map(|t| t.as_str()).collect();
    assert_eq!(requester, ["withdraw"]);
}
