//! Who reads and who writes what in a case's conversation: the three visibilities of PRODUCT.md
//! against the parties of a request; and how long a resolved case waits for its requester.
//!
//! Guarantees: a party writes only what it can read (so nobody posts into a channel they cannot
//! see); the requester reads and writes what is for all parties; the engaged provider also what
//! is for coordinators and the provider; coordinators read and write everything. Storage filters
//! reads with [`readable_by`] in the statement itself.

use time::Duration;

use crate::Visibility;
use crate::request_flow::Role;

/// A resolved case closes by itself when its requester has neither confirmed nor reopened it
/// for this long.
pub const AUTO_CLOSE_AFTER: Duration = Duration::days(14);

/// The visibilities `role` reads, widest first.
pub fn readable_by(role: Role) -> &'static [Visibility] {
    match role {
        Role::Requester => &[Visibility::AllParties],
        Role::Provider => &[Visibility::AllParties, Visibility::CoordinatorsAndProvider],
        Role::Coordinator => {
            &[Visibility::AllParties, Visibility::CoordinatorsAndProvider, Visibility::Coordinators]
        }
        Role::System => &[],
    }
}

/// Where a beneficiary stands against its hour budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetLevel {
    Within,
    /// 80% or more used: the provider and the coordinators see a warning.
    Warning,
    /// All used: a coordinator is asked whether the help goes on.
    Spent,
}

/// `used` minutes against a budget of `budget` minutes.
pub fn budget_level(used: u64, budget: u64) -> BudgetLevel {
    if used >= budget {
        BudgetLevel::Spent
    } else if used * 5 >= budget * 4 {
        BudgetLevel::Warning
    } else {
        BudgetLevel::Within
    }
}

/// Whether logging took the beneficiary from under its budget to all of it: the moment to ask a
/// coordinator (once, not at every later entry).
pub fn crosses_budget(before: u64, after: u64, budget: u64) -> bool {
    before < budget && after >= budget
}

/// Whether `role` may post a message of `visibility`.
pub fn may_write(role: Role, visibility: Visibility) -> bool {
    role != Role::System && readable_by(role).contains(&visibility)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_warns_at_four_fifths_and_is_spent_at_all_of_it() {
        let budget = 100 * 60;
        assert_eq!(budget_level(0, budget), BudgetLevel::Within);
        assert_eq!(budget_level(80 * 60 - 1, budget), BudgetLevel::Within);
        assert_eq!(budget_level(80 * 60, budget), BudgetLevel::Warning);
        assert_eq!(budget_level(100 * 60 - 1, budget), BudgetLevel::Warning);
        assert_eq!(budget_level(100 * 60, budget), BudgetLevel::Spent);
        assert!(crosses_budget(99 * 60, 101 * 60, budget));
        assert!(!crosses_budget(100 * 60, 101 * 60, budget), "asked once");
        assert!(!crosses_budget(10, 20, budget));
    }

    #[test]
    fn each_party_reads_and_writes_exactly_its_channels() {
        use Visibility::{
            AllParties as All, Coordinators as Staff, CoordinatorsAndProvider as Pro,
        };
        // (role, all parties, coordinators and provider, coordinators only), written out by hand.
        let table = [
            (Role::Requester, [true, false, false]),
            (Role::Provider, [true, true, false]),
            (Role::Coordinator, [true, true, true]),
            (Role::System, [false, false, false]),
        ];
        for (role, expected) in table {
            for (visibility, allowed) in [All, Pro, Staff].into_iter().zip(expected) {
                assert_eq!(
                    readable_by(role).contains(&visibility),
                    allowed,
                    "{role:?} {visibility:?}"
                );
                assert_eq!(may_write(role, visibility), allowed, "{role:?} {visibility:?}");
            }
        }
    }
}
