//! Assistance requests: submission, the requester's and the coordinators' reading, the triage
//! queue, and lifecycle steps.

use async_trait::async_trait;
use c4h_domain::Urgency;
use c4h_domain::ids::{OrganisationId, RequestId, UserId};
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{
    AuditEvent, Change, Emergency, Page, QueueFilter, QueueRow, RequestDetails, RequestSummary,
    Step, StepOutcome, Submission, Submitted, Window,
};

#[async_trait]
pub trait RequestStore {
    /// Records a request for the grant's organisation, by the grant's principal (grant: ask for
    /// help). A key submitted before by the same person returns that request and writes nothing.
    async fn submit_request(
        &self,
        grant: &Grant,
        submission: &Submission,
        change: &Change,
    ) -> Result<Submitted, StoreError>;

    /// The organisation a request belongs to, so that the caller can ask the policy about it.
    /// Reveals nothing else; `None` when there is no such request.
    async fn request_organisation(
        &self,
        id: RequestId,
    ) -> Result<Option<OrganisationId>, StoreError>;

    /// A request in full (grant: view or ask for help in its organisation, or view the
    /// directory). `None` when it is not the grant's.
    async fn request_details(
        &self,
        grant: &Grant,
        id: RequestId,
    ) -> Result<Option<RequestDetails>, StoreError>;

    /// The grant's organisation's requests, newest first (grant: view it).
    async fn organisation_requests(&self, grant: &Grant)
    -> Result<Vec<RequestSummary>, StoreError>;

    /// Requests waiting for coordinators, most urgent then longest waiting first (grant: view
    /// the directory).
    async fn triage_queue(
        &self,
        grant: &Grant,
        filter: &QueueFilter,
        window: Window,
    ) -> Result<Page<QueueRow>, StoreError>;

    /// Applies one lifecycle step if the lifecycle allows it from the request's current state
    /// (grant: triage, for coordinators; ask for help in its organisation, for requesters).
    /// `None` when the request is not the grant's. A step that takes an offered request away
    /// (the requester withdraws it) withdraws its pending offer in the same transaction.
    async fn step_request(
        &self,
        grant: &Grant,
        id: RequestId,
        step: &Step,
        change: &Change,
    ) -> Result<Option<StepOutcome>, StoreError>;

    /// A coordinator sets the urgency, keeping the computed one and the reason (grant: triage).
    /// `false` when there is no such request.
    async fn override_urgency(
        &self,
        grant: &Grant,
        id: RequestId,
        urgency: Urgency,
        reason: &str,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// Adds a message that every party of the request reads (grant: ask for help in its
    /// organisation, or triage). `false` when the request is not the grant's or is over.
    async fn add_request_message(
        &self,
        grant: &Grant,
        id: RequestId,
        body: &str,
        change: &Change,
    ) -> Result<bool, StoreError>;

    /// The emergency path, for an organisation with no account (public: no grant): creates the
    /// person's account (address unverified, no password), their organisation (unverified) with
    /// them as its admin, the request as a draft flagged as from an unverified organisation, and
    /// the link that proves the address, in one transaction. `Duplicate` when the address has an
    /// account already.
    async fn start_emergency(
        &self,
        emergency: &Emergency,
        change: &Change,
    ) -> Result<(), StoreError>;

    /// Sends the drafts `user` left on the emergency path, once their address is proven: each
    /// becomes `submitted` with its own audit event, `change` with the request as its object.
    /// Returns the requests sent.
    async fn submit_drafts(
        &self,
        user: UserId,
        change: &Change,
    ) -> Result<Vec<RequestId>, StoreError>;

    /// The request's audit events, oldest first (grant: as for `request_details`).
    async fn request_history(
        &self,
        grant: &Grant,
        id: RequestId,
    ) -> Result<Vec<AuditEvent>, StoreError>;
}
