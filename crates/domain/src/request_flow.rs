//! The lifecycle of an assistance request as a state machine: which transitions exist, from which
//! states, to which state, and who may make each.
//!
//! Storage applies a transition only with the state it was computed from (a conditional update),
//! in one transaction with its audit event, so an illegal or stale transition changes nothing.

use crate::ValueKind;
use crate::codes::code_enum;
use crate::lifecycle::RequestState;

/// Who makes a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A member of the requesting organisation.
    Requester,
    Coordinator,
    /// A member of the engaged (or offered) provider.
    Provider,
    /// The service itself: timers, matching.
    System,
}

impl Role {
    pub const ALL: [Self; 4] = [Self::Requester, Self::Coordinator, Self::Provider, Self::System];
}

code_enum!(
    /// A change of a request's state.
    RequestTransition, ValueKind::State, {
        Submit => "submit",
        /// The coordinator needs more from the requester before matching.
        AskForInformation => "ask_information",
        AcceptForMatching => "accept",
        /// No capacity now; matching is tried again later.
        Waitlist => "waitlist",
        /// Out of scope or ineligible, with a reason the requester reads.
        Decline => "decline",
        /// A duplicate of another request, which goes on.
        Merge => "merge",
        Withdraw => "withdraw",
        Offer => "offer",
        /// The offer was declined, expired or withdrawn: back to matching at once.
        OfferEnded => "offer_ended",
        Engage => "engage",
        Resolve => "resolve",
        /// The requester says it is not resolved after all.
        Reopen => "reopen",
        Close => "close",
    }
);

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a request that is {from} cannot {transition}")]
    NotFromThisState { from: RequestState, transition: RequestTransition },
    #[error("{transition} is not for this role")]
    NotThisRole { transition: RequestTransition },
}

impl RequestTransition {
    /// The states this transition starts from.
    pub fn from_states(self) -> &'static [RequestState] {
        use RequestState as S;
        match self {
            Self::Submit => &[S::Draft],
            Self::AskForInformation => &[S::Submitted, S::Triaged],
            Self::AcceptForMatching => &[S::Submitted, S::Triaged, S::Waitlisted],
            Self::Waitlist => &[S::Submitted, S::Triaged, S::Matching],
            Self::Decline => &[S::Submitted, S::Triaged, S::Waitlisted, S::Matching],
            Self::Merge => &[S::Submitted, S::Triaged, S::Waitlisted],
            Self::Withdraw => {
                &[S::Draft, S::Submitted, S::Triaged, S::Matching, S::Waitlisted, S::Offered]
            }
            // A waitlisted request is offered as soon as capacity for it appears.
            Self::Offer => &[S::Matching, S::Waitlisted],
            Self::OfferEnded | Self::Engage => &[S::Offered],
            Self::Resolve => &[S::Engaged],
            Self::Reopen | Self::Close => &[S::Resolved],
        }
    }

    /// The state it leads to.
    pub fn to(self) -> RequestState {
        use RequestState as S;
        match self {
            Self::Submit => S::Submitted,
            Self::AskForInformation => S::Triaged,
            Self::AcceptForMatching | Self::OfferEnded => S::Matching,
            Self::Waitlist => S::Waitlisted,
            Self::Decline => S::Declined,
            Self::Merge | Self::Close => S::Closed,
            Self::Withdraw => S::Withdrawn,
            Self::Offer => S::Offered,
            Self::Engage | Self::Reopen => S::Engaged,
            Self::Resolve => S::Resolved,
        }
    }

    /// Who may make it.
    pub fn roles(self) -> &'static [Role] {
        use Role::{Coordinator, Provider, Requester, System};
        match self {
            Self::Submit | Self::Withdraw => &[Requester],
            Self::AskForInformation | Self::AcceptForMatching | Self::Decline | Self::Merge => {
                &[Coordinator]
            }
            // The engine waitlists a request that no offering can take now.
            Self::Waitlist => &[Coordinator, System],
            Self::Offer => &[Coordinator, System],
            Self::OfferEnded => &[Coordinator, Provider, System],
            Self::Engage => &[Provider],
            Self::Resolve => &[Provider, Coordinator],
            Self::Reopen => &[Requester, Coordinator],
            // The service closes a resolved case after its requester's silence.
            Self::Close => &[Requester, Coordinator, System],
        }
    }

    /// The state after this transition from `from` by `role`, or why not.
    pub fn apply(self, from: RequestState, role: Role) -> Result<RequestState, TransitionError> {
        if !self.roles().contains(&role) {
            return Err(TransitionError::NotThisRole { transition: self });
        }
        if !self.from_states().contains(&from) {
            return Err(TransitionError::NotFromThisState { from, transition: self });
        }
        Ok(self.to())
    }

    /// The transitions `role` may make from `from`, for the buttons a page offers.
    pub fn available(from: RequestState, role: Role) -> Vec<Self> {
        Self::ALL.iter().copied().filter(|t| t.apply(from, role).is_ok()).collect()
    }
}

impl RequestState {
    /// No transition leaves it.
    pub fn is_final(self) -> bool {
        RequestTransition::ALL.iter().all(|t| !t.from_states().contains(&self))
    }
}

#[cfg(test)]
mod tests;
