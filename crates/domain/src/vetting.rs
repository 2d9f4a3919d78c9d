//! Vetting providers: the decisions coordinators take and the states they lead to.
//!
//! Vetting a provider (or reinstating a suspended one) needs a second coordinator's confirmation;
//! the other decisions take effect at once. Suspending or retiring withdraws the provider's
//! offerings from the catalogue and from matching immediately, because both show only vetted
//! providers.

use crate::codes::code_enum;
use crate::{ValueKind, VettingState};

code_enum!(
    /// A coordinator's decision about a provider.
    VettingDecision, ValueKind::State, {
        Vet => "vet",
        Reject => "reject",
        Suspend => "suspend",
        Retire => "retire",
    }
);

/// A decision that does not apply to the provider's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a provider that is {from} cannot be given the decision {decision}")]
pub struct NotApplicable {
    pub from: VettingState,
    pub decision: VettingDecision,
}

impl VettingDecision {
    /// Whether a second coordinator must confirm it before it takes effect.
    pub fn needs_confirmation(self) -> bool {
        self == Self::Vet
    }

    /// The state the decision leads to, wherever it applies.
    pub fn leads_to(self) -> VettingState {
        match self {
            Self::Vet => VettingState::Vetted,
            Self::Reject => VettingState::Rejected,
            Self::Suspend => VettingState::Suspended,
            Self::Retire => VettingState::Retired,
        }
    }

    /// The state the decision leads to from `from`.
    pub fn apply(self, from: VettingState) -> Result<VettingState, NotApplicable> {
        use VettingState::{Applied, Suspended, Vetted};
        match (self, from) {
            (Self::Vet, Applied | Suspended)
            | (Self::Reject, Applied)
            | (Self::Suspend, Vetted)
            | (Self::Retire, Vetted | Suspended) => Ok(self.leads_to()),
            _ => Err(NotApplicable { from, decision: self }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_decision_applies_exactly_where_it_should() {
        let mut allowed = Vec::new();
        for decision in VettingDecision::ALL {
            for from in VettingState::ALL {
                if let Ok(to) = decision.apply(*from) {
                    allowed.push((decision.as_str(), from.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            allowed,
            [
                ("vet", "applied", "vetted"),
                ("vet", "suspended", "vetted"),
                ("reject", "applied", "rejected"),
                ("suspend", "vetted", "suspended"),
                ("retire", "vetted", "retired"),
                ("retire", "suspended", "retired"),
            ]
        );
        assert!(VettingDecision::Vet.needs_confirmation());
        assert!(!VettingDecision::Suspend.needs_confirmation());
    }
}
