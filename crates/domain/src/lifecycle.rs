//! The states of the objects that have a lifecycle.
//!
//! Only the states live here for now; the transitions each role may make, and their audit, are
//! added with the features that make them (see PRODUCT.md, Lifecycles).

use crate::ValueKind;
use crate::codes::code_enum;

code_enum!(
    /// An assistance request (a case).
    RequestState, ValueKind::State, {
        Draft => "draft",
        Submitted => "submitted",
        Triaged => "triaged",
        Matching => "matching",
        Offered => "offered",
        Engaged => "engaged",
        Resolved => "resolved",
        Closed => "closed",
        /// Out of scope or ineligible, with a reason the requester sees.
        Declined => "declined",
        /// No capacity now.
        Waitlisted => "waitlisted",
        /// By the requester.
        Withdrawn => "withdrawn",
    }
);

code_enum!(
    /// A request proposed to one offering.
    OfferState, ValueKind::State, {
        Pending => "pending",
        Accepted => "accepted",
        Declined => "declined",
        Expired => "expired",
        Withdrawn => "withdrawn",
    }
);

impl OfferState {
    /// Whether an offer in this state holds its request: at most one such offer per request.
    pub fn holds_request(self) -> bool {
        matches!(self, Self::Pending | Self::Accepted)
    }
}

code_enum!(
    /// An accepted offer being worked.
    EngagementState, ValueKind::State, {
        Active => "active",
        Resolved => "resolved",
        Closed => "closed",
    }
);

code_enum!(
    /// Whether an organisation has been confirmed to be what it says.
    VerificationState, ValueKind::State, {
        Unverified => "unverified",
        Verified => "verified",
        Rejected => "rejected",
    }
);

code_enum!(
    /// Whether a provider may help.
    VettingState, ValueKind::State, {
        Applied => "applied",
        Vetted => "vetted",
        Rejected => "rejected",
        Suspended => "suspended",
        Retired => "retired",
    }
);

code_enum!(
    /// A person's standing in an organisation or provider.
    MembershipState, ValueKind::State, {
        /// Asked to join; waits for an admin of the organisation or provider.
        Pending => "pending",
        Active => "active",
        Removed => "removed",
    }
);

code_enum!(
    /// What a member may do in their organisation or provider.
    MembershipRole, ValueKind::State, {
        Member => "member",
        Admin => "admin",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_has_the_eleven_states_of_the_product_brief() {
        assert_eq!(RequestState::ALL.len(), 11);
    }

    #[test]
    fn only_pending_and_accepted_offers_hold_a_request() {
        let holding: Vec<_> = OfferState::ALL.iter().filter(|s| s.holds_request()).collect();
        assert_eq!(holding, [&OfferState::Pending, &OfferState::Accepted]);
    }
}
