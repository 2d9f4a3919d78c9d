//! The lifecycle of an offer (a request proposed to one offering): pending until the provider
//! accepts or declines, the deadline passes, or a coordinator withdraws it.
//!
//! Guarantees: only a pending offer changes; a provider can accept only before the deadline (at
//! the deadline it has expired, whatever the order in which the two arrive); an offer expires
//! only at or after its deadline; a decline always carries a reason. The deadline of a new offer
//! comes from the request's urgency ([`OfferDeadlines`]). Storage applies a step only with the
//! state it was computed from, in one transaction with its audit event.

use time::{Duration, OffsetDateTime};

use crate::Urgency;
use crate::ValueKind;
use crate::codes::code_enum;
use crate::lifecycle::OfferState;
use crate::request_flow::Role;

/// How long a provider has to answer an offer, by urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferDeadlines {
    /// In `Urgency::ALL` order: critical, high, medium, low.
    pub by_urgency: [Duration; 4],
}

impl Default for OfferDeadlines {
    /// Critical 1 h, high 4 h, medium 24 h, low 72 h.
    fn default() -> Self {
        Self {
            by_urgency: [
                Duration::hours(1),
                Duration::hours(4),
                Duration::hours(24),
                Duration::hours(72),
            ],
        }
    }
}

impl OfferDeadlines {
    /// When an offer sent at `now` for a request of `urgency` expires.
    pub fn deadline(&self, urgency: Urgency, now: OffsetDateTime) -> OffsetDateTime {
        let rank = Urgency::ALL.iter().position(|&u| u == urgency).unwrap_or(3);
        now + self.by_urgency[rank]
    }
}

code_enum!(
    /// Why a provider declines an offer; read by coordinators, never by the requester.
    DeclineReason, ValueKind::State, {
        NoCapacityNow => "no_capacity_now",
        OutsideExpertise => "outside_expertise",
        ConflictOfInterest => "conflict_of_interest",
        LanguageOrPlace => "language_or_place",
        Other => "other",
    }
);

/// A step in an offer's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStep {
    Accept,
    Decline(DeclineReason),
    Expire,
    Withdraw,
}

/// Why a step was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    #[error("this offer is {0} and can no longer change")]
    Ended(OfferState),
    #[error("the time to answer this offer has passed")]
    PastDeadline,
    #[error("the time to answer this offer has not passed yet")]
    BeforeDeadline,
    #[error("this step is not for this role")]
    NotThisRole,
}

impl OfferStep {
    /// Who may take this step: the offered provider answers, the service expires, a
    /// coordinator (or the service, when the request itself ends) withdraws.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Self::Accept | Self::Decline(_) => &[Role::Provider],
            Self::Expire => &[Role::System],
            Self::Withdraw => &[Role::Coordinator, Role::System],
        }
    }

    /// The offer's state after this step, taken by `role` at `now`, or why not.
    pub fn apply(
        self,
        from: OfferState,
        deadline: OffsetDateTime,
        role: Role,
        now: OffsetDateTime,
    ) -> Result<OfferState, OfferError> {
        if !self.roles().contains(&role) {
            return Err(OfferError::NotThisRole);
        }
        if from != OfferState::Pending {
            return Err(OfferError::Ended(from));
        }
        match self {
            Self::Accept | Self::Decline(_) if now >= deadline => Err(OfferError::PastDeadline),
            Self::Expire if now < deadline => Err(OfferError::BeforeDeadline),
            Self::Accept => Ok(OfferState::Accepted),
            Self::Decline(_) => Ok(OfferState::Declined),
            Self::Expire => Ok(OfferState::Expired),
            Self::Withdraw => Ok(OfferState::Withdrawn),
        }
    }

    /// Whether the request goes back to matching after this step (every ending but acceptance).
    pub fn frees_the_request(self) -> bool {
        !matches!(self, Self::Accept)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const SENT: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

    #[test]
    fn deadlines_follow_the_urgency() {
        let deadlines = OfferDeadlines::default();
        let hours = |u| (deadlines.deadline(u, SENT) - SENT).whole_hours();
        assert_eq!(Urgency::ALL.iter().map(|&u| hours(u)).collect::<Vec<_>>(), [1, 4, 24, 72]);
    }

    #[test]
    fn every_step_from_every_state_by_every_role_before_and_after_the_deadline() {
        let deadline = SENT + Duration::hours(1);
        let before = deadline - Duration::seconds(1);
        let steps = [
            OfferStep::Accept,
            OfferStep::Decline(DeclineReason::NoCapacityNow),
            OfferStep::Expire,
            OfferStep::Withdraw,
        ];
        for step in steps {
            for from in OfferState::ALL.iter().copied() {
                for role in Role::ALL {
                    for now in [before, deadline] {
                        let got = step.apply(from, deadline, role, now);
                        let expected = if !step.roles().contains(&role) {
                            Err(OfferError::NotThisRole)
                        } else if from != OfferState::Pending {
                            Err(OfferError::Ended(from))
                        } else {
                            match (step, now >= deadline) {
                                (OfferStep::Accept, false) => Ok(OfferState::Accepted),
                                (OfferStep::Decline(_), false) => Ok(OfferState::Declined),
                                (OfferStep::Accept | OfferStep::Decline(_), true) => {
                                    Err(OfferError::PastDeadline)
                                }
                                (OfferStep::Expire, false) => Err(OfferError::BeforeDeadline),
                                (OfferStep::Expire, true) => Ok(OfferState::Expired),
                                (OfferStep::Withdraw, _) => Ok(OfferState::Withdrawn),
                            }
                        };
                        assert_eq!(got, expected, "{step:?} from {from} by {role:?} at {now}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_provider_answers_and_the_service_expires() {
        let deadline = SENT + Duration::hours(4);
        let accept = OfferStep::Accept.apply(OfferState::Pending, deadline, Role::Provider, SENT);
        assert_eq!(accept, Ok(OfferState::Accepted));
        let by_coordinator =
            OfferStep::Accept.apply(OfferState::Pending, deadline, Role::Coordinator, SENT);
        assert_eq!(by_coordinator, Err(OfferError::NotThisRole));
        let late = OfferStep::Accept.apply(OfferState::Pending, deadline, Role::Provider, deadline);
        assert_eq!(late, Err(OfferError::PastDeadline));
        assert!(OfferStep::Expire.frees_the_request());
        assert!(!OfferStep::Accept.frees_the_request());
    }
}
