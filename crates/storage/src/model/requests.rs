//! Assistance requests as they cross the store: a submission, the requester's and the
//! coordinators' views, the triage queue, and a step of the lifecycle.

use c4h_domain::ids::{OrganisationId, RequestId, UserId};
use c4h_domain::intake::RequestDraft;
use c4h_domain::request_flow::{RequestTransition, Role, TransitionError};
use c4h_domain::triage::{Signals, UrgencyReason};
use c4h_domain::{
    Country, LanguageTag, RequestState, RequesterKind, ServiceCategory, Tlp, Urgency,
    VerificationState, Visibility,
};
use time::OffsetDateTime;

/// A request to record at submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: RequestId,
    pub draft: RequestDraft,
    /// `submitted`, or `draft` when it waits for its author to prove an address (the emergency
    /// path).
    pub state: RequestState,
    /// Chosen by the client and scoped to the author by the store: a retried submission with the
    /// same key lands once.
    pub idempotency_key: String,
}

/// What came of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    Created {
        id: RequestId,
        reference: String,
    },
    /// The same key was submitted before: that request, unchanged.
    Repeated {
        id: RequestId,
        reference: String,
    },
}

impl Submitted {
    pub fn id(&self) -> RequestId {
        match self {
            Self::Created { id, .. } | Self::Repeated { id, .. } => *id,
        }
    }

    pub fn reference(&self) -> &str {
        match self {
            Self::Created { reference, .. } | Self::Repeated { reference, .. } => reference,
        }
    }
}

/// One request in its organisation's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    pub id: RequestId,
    pub reference: String,
    pub state: RequestState,
    pub urgency: Option<Urgency>,
    pub category: Option<ServiceCategory>,
    pub submitted_at: Option<OffsetDateTime>,
    pub state_changed_at: OffsetDateTime,
}

/// A message of a request's conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMessage {
    pub author_name: Option<String>,
    /// Written by the operator's staff (shown as "a coordinator" to requesters).
    pub from_staff: bool,
    pub body: String,
    pub tlp: Tlp,
    /// Who may read it.
    pub visibility: Visibility,
    pub created_at: OffsetDateTime,
}

/// A message to post on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMessage {
    pub body: String,
    pub visibility: Visibility,
    pub tlp: Tlp,
}

/// Time a provider's member spent on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoursEntry {
    pub by: UserId,
    /// 1 to 1440.
    pub minutes: u32,
    pub worked_on: time::Date,
    pub note: Option<String>,
}

/// A request in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDetails {
    pub id: RequestId,
    pub reference: String,
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub organisation_kind: RequesterKind,
    pub organisation_country: Country,
    pub organisation_verification: VerificationState,
    pub nis2_in_scope: bool,
    pub requester_id: UserId,
    pub requester_name: String,
    pub state: RequestState,
    pub description: String,
    pub signals: Signals,
    pub out_of_band_contact: Option<String>,
    pub category: Option<ServiceCategory>,
    pub languages: Vec<LanguageTag>,
    pub consent_to_share: bool,
    pub tlp: Tlp,
    pub urgency: Option<Urgency>,
    /// What the signals gave, when a coordinator changed it.
    pub computed_urgency: Option<Urgency>,
    pub urgency_reasons: Vec<UrgencyReason>,
    pub urgency_override_reason: Option<String>,
    pub from_unverified_organisation: bool,
    pub decline_reason: Option<String>,
    /// The short text providers read in the request's offers (written by a coordinator).
    pub offer_summary: Option<String>,
    /// The reference of the request this one was merged into.
    pub merged_into: Option<String>,
    pub submitted_at: Option<OffsetDateTime>,
    pub state_changed_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
    /// The conversation the reader may see, oldest first.
    pub messages: Vec<RequestMessage>,
    /// The files the reader may see, oldest first.
    pub files: Vec<super::CaseFile>,
    /// The engagement, once a provider accepted.
    pub engagement: Option<super::CaseEngagement>,
}

/// Which part of the triage queue to read. Without states: the requests that wait for a
/// coordinator (submitted, triaged, waitlisted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub states: Vec<RequestState>,
    pub urgency: Option<Urgency>,
    pub country: Option<Country>,
    pub kind: Option<RequesterKind>,
    /// A reference, or words of the organisation's name.
    pub text: Option<String>,
}

/// One request of the triage queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: RequestId,
    pub reference: String,
    pub organisation_name: String,
    pub organisation_kind: RequesterKind,
    pub organisation_country: Country,
    pub organisation_verified: bool,
    pub from_unverified_organisation: bool,
    pub nis2_in_scope: bool,
    pub state: RequestState,
    pub urgency: Option<Urgency>,
    pub urgency_reasons: Vec<UrgencyReason>,
    pub category: Option<ServiceCategory>,
    pub data_breach: bool,
    pub breach_aware_at: Option<OffsetDateTime>,
    pub submitted_at: Option<OffsetDateTime>,
    pub state_changed_at: OffsetDateTime,
}

/// One step of a request's lifecycle, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub transition: RequestTransition,
    pub role: Role,
    /// A decline's reason, which the requester reads.
    pub reason: Option<String>,
    /// A merge's target, by reference.
    pub merge_into: Option<String>,
    /// A message added with the step (a question for the requester, an answer), visible to
    /// every party of the request.
    pub message: Option<String>,
}

/// What came of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    Applied(RequestState),
    /// The lifecycle does not allow it now (or the state changed meanwhile).
    Refused(TransitionError),
    /// The merge target does not exist, is this request, or is over.
    UnknownMergeTarget,
}

/// Everything the emergency path creates at once (see `RequestStore::start_emergency`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emergency {
    pub user: super::NewUser,
    pub verification: super::NewToken,
    pub organisation: super::NewOrganisation,
    pub join_code: String,
    pub membership: c4h_domain::ids::MembershipId,
    /// In state `draft` until the address is proven.
    pub submission: Submission,
}
