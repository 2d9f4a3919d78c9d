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

/// Whether `role` may post a message of `visibility`.
pub fn may_write(role: Role, visibility: Visibility) -> bool {
    role != Role::System && readable_by(role).contains(&visibility)
}

#[cfg(test)]
mod tests {
    use super::*;

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
