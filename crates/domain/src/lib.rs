//! The domain of Cyber 4 Healthcare, free of I/O.
//!
//! This crate holds the value types every other crate speaks in (e-mail addresses, countries,
//! language tags, requester kinds, service categories, urgency, TLP markings, typed ids), the
//! states of the lifecycles, and, as later work lands, triage, matching and the permission policy.
//!
//! Invariants:
//! - Nothing here performs I/O, reads the clock, spawns tasks or knows about HTTP, SQL or JSON.
//!   Callers pass the current time in when a rule needs it.
//! - Every value type is built through a parse constructor that returns a [`ParseError`]; a value
//!   that exists is valid, so code that receives one never checks it again.

pub mod case;
pub mod codes;
pub mod country;
pub mod email;
mod error;
pub mod files;
pub mod ids;
pub mod intake;
pub mod language;
pub mod lifecycle;
pub mod matching;
pub mod offer_flow;
pub mod offering;
pub mod password;
pub mod policy;
pub mod request_flow;
pub mod retention;
pub mod transparency;
pub mod triage;
pub mod vetting;

pub use codes::{Delivery, RequesterKind, ServiceCategory, StaffRole, Tlp, Urgency, Visibility};
pub use country::{Country, M49Region, Region};
pub use email::EmailAddress;
pub use error::{ParseError, ValueKind};
pub use language::LanguageTag;
pub use lifecycle::{
    EngagementState, MembershipRole, MembershipState, OfferState, RequestState, VerificationState,
    VettingState,
};
pub use password::Password;
