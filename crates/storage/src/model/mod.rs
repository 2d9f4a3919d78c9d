//! The records that cross the storage boundary, in domain types.
//!
//! Inputs are `New…` structs built by the server from already-validated domain values; outputs
//! are plain structs. Nothing here is an HTTP or JSON shape.

mod case;
mod catalogue;
mod change;
mod health;
mod identity;
mod jobs;
mod matching;
mod notifications;
mod offers;
mod organisations;
mod providers;
mod requests;
mod retention;
mod seed;

pub use case::{
    CaseEngagement, CaseFeedback, CaseFile, FeedbackOutcome, FeedbackToLeave, FileAdded,
    NewCaseFile, StoredCaseFile,
};
pub use catalogue::{CatalogueEntry, CatalogueQuery};
pub use change::{Actor, AuditAnchors, AuditEvent, AuditFilter, AuditRecord, Change, ObjectRef};
pub use health::{Backend, Counts, DurabilitySetting, HealthReport, OperationsGauges, PoolStatus};
pub use identity::{
    Acceptance, Credentials, Invitation, InvitationTarget, NewInvitation, NewSession, NewToken,
    SessionContext, SessionRecord, StaffMember, TokenInfo, TokenPurpose,
};
pub use jobs::{Job, JobFate, JobState, NewJob};
pub use matching::{AvailableOffering, MatchingSnapshot, ProviderLoad, WaitingRequest};
pub use notifications::{
    CaseContacts, Digest, EmailPreference, NewNotification, Notification, NotificationEmail,
    Recipient,
};
pub use offers::{
    Contact, OfferAnswer, OfferOutcome, OfferToSend, ProviderOffer, RequestOffer, RequestStanding,
    SendOutcome,
};
pub use organisations::{
    MemberView, MembershipDecision, NewOwnOrganisation, OrganisationDetails, OwnMembership,
    ProviderSummary,
};
pub use providers::{
    NewReview, OfferingFilter, OfferingRow, OfferingSummary, OrganisationFilter, OrganisationRow,
    Page, ProviderDetails, ProviderFilter, ProviderNote, ProviderRow, Review, ReviewOutcome,
    Window,
};
pub use requests::{
    CaseMessage, Emergency, HoursEntry, QueueFilter, QueueRow, RequestDetails, RequestMessage,
    RequestSummary, Step, StepOutcome, Submission, Submitted,
};
pub use retention::{AuditPurge, Erasure, ErasureRule, LegalHold, PurgedCase};
pub use seed::{
    NewEngagement, NewFeedback, NewMembership, NewMessage, NewOffer, NewOffering, NewOfferingText,
    NewOrganisation, NewProvider, NewRequest, NewTimeEntry, NewUser, SeedData, SeedOutcome, User,
};
