//! Assistance requests: a requester submits one and follows it; coordinators triage the queue and
//! move requests through their lifecycle.
//!
//! Guarantees: a submission is idempotent per author and key; every step goes through the
//! domain's state machine and is one audit event in the same transaction; a requester reaches a
//! request only through the organisation it belongs to (anyone else gets "not found").

use c4h_domain::ids::{OrganisationId, RequestId};
use c4h_domain::intake::RequestDraft;
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_domain::request_flow::{RequestTransition, Role};
use c4h_domain::triage::{Deadline, regulatory_deadlines};
use c4h_domain::{RequestState, Urgency};
use c4h_storage::model::{
    AuditEvent, ObjectRef, Page, QueueFilter, QueueRow, RequestDetails, SessionContext, Step,
    StepOutcome, Submission, Submitted,
};

use super::Client;
use super::directory::window;
use crate::http::AppError;
use crate::state::AppState;

/// Submits a request for `organisation` by the signed-in member.
pub async fn submit(
    state: &AppState,
    context: &SessionContext,
    organisation: OrganisationId,
    draft: RequestDraft,
    idempotency_key: &str,
    client: &Client,
) -> Result<Submitted, AppError> {
    let grant =
        authorize(&context.principal, Action::RequestHelp, Resource::Organisation(organisation))?;
    let now = state.clock.now();
    let id = RequestId::new();
    let urgency = draft.triage.urgency;
    let change = client
        .change(Some(context.user.id), "request.submit", ObjectRef::new("request", id), now)
        .for_request(id)
        .with_details(serde_json::json!({ "urgency": urgency.as_str() }));
    let submission = Submission {
        id,
        draft,
        state: RequestState::Submitted,
        idempotency_key: idempotency_key.to_owned(),
    };
    Ok(state.store.submit_request(&grant, &submission, &change).await?)
}

/// A request as one of its organisation's members (or a coordinator) reads it.
#[derive(Debug)]
pub struct RequestFile {
    pub details: RequestDetails,
    pub deadlines: Vec<Deadline>,
    pub history: Vec<AuditEvent>,
    /// The steps the reader may take now.
    pub steps: Vec<RequestTransition>,
    /// A follow-up question waits for the requester's answer.
    pub follow_up: bool,
}

/// Who is reading a request, which decides the grant and the steps offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Requester,
    Coordinator,
}

/// The organisation of a request, for the policy; "not found" when there is none.
async fn organisation_of(state: &AppState, id: RequestId) -> Result<OrganisationId, AppError> {
    state.store.request_organisation(id).await?.ok_or(AppError::NotFound)
}

pub async fn file(
    state: &AppState,
    principal: &Principal,
    id: RequestId,
    reader: Reader,
) -> Result<RequestFile, AppError> {
    let (grant, role) = match reader {
        Reader::Requester => {
            let organisation = organisation_of(state, id).await?;
            // Members only: coordinators read requests on their own pages.
            let grant =
                authorize(principal, Action::RequestHelp, Resource::Organisation(organisation))
                    .map_err(|_| AppError::NotFound)?;
            (grant, Role::Requester)
        }
        Reader::Coordinator => {
            (authorize(principal, Action::View, Resource::Directory)?, Role::Coordinator)
        }
    };
    let details = state.store.request_details(&grant, id).await?.ok_or(AppError::NotFound)?;
    let history = state.store.request_history(&grant, id).await?;
    let deadlines = regulatory_deadlines(&details.signals, details.nis2_in_scope);
    let steps = RequestTransition::available(details.state, role);
    let follow_up = state.store.follow_up_asked(id).await?.is_some();
    Ok(RequestFile { details, deadlines, history, steps, follow_up })
}

/// The request's file as `reader` reads it on its page, with the reading recorded first.
pub async fn read(
    state: &AppState,
    principal: &Principal,
    id: RequestId,
    reader: Reader,
    client: &Client,
) -> Result<RequestFile, AppError> {
    let file = file(state, principal, id, reader).await?;
    let reader = match reader {
        Reader::Requester => "requester",
        Reader::Coordinator => "coordinator",
    };
    let details = serde_json::json!({
        "as": reader,
        "messages": file.details.messages.len(),
        "files": file.details.files.len(),
    });
    super::record_reading(state, principal, client, ObjectRef::new("request", id), id, details)
        .await?;
    Ok(file)
}

/// What a step needs besides the transition.
#[derive(Debug, Default, Clone)]
pub struct StepInput {
    pub reason: Option<String>,
    pub merge_into: Option<String>,
    pub message: Option<String>,
}

/// Takes one step of a request's lifecycle as `reader`.
pub async fn step(
    state: &AppState,
    context: &SessionContext,
    id: RequestId,
    reader: Reader,
    transition: RequestTransition,
    input: StepInput,
    client: &Client,
) -> Result<StepOutcome, AppError> {
    let (grant, role) = match reader {
        Reader::Requester => {
            let organisation = organisation_of(state, id).await?;
            let grant = authorize(
                &context.principal,
                Action::RequestHelp,
                Resource::Organisation(organisation),
            )
            .map_err(|_| AppError::NotFound)?;
            (grant, Role::Requester)
        }
        Reader::Coordinator => {
            (authorize(&context.principal, Action::Triage, Resource::Directory)?, Role::Coordinator)
        }
    };
    if matches!(
        transition,
        RequestTransition::Offer | RequestTransition::OfferEnded | RequestTransition::Engage
    ) {
        // Offers change these states with the offer itself (services::offers), never alone.
        let refusal = c4h_domain::request_flow::TransitionError::NotThisRole { transition };
        return Ok(StepOutcome::Refused(refusal));
    }
    let now = state.clock.now();
    let action = format!("request.{}", transition.as_str());
    let mut change = client
        .change(Some(context.user.id), &action, ObjectRef::new("request", id), now)
        .for_request(id);
    if transition == RequestTransition::Resolve {
        // Its capacity frees; the requester has a while to confirm or reopen it.
        change = change.with_job(crate::jobs::auto_close_job(id, now));
        change = change.with_job(crate::jobs::rematch_job(now));
    }
    let told = match (role, transition) {
        (Role::Requester, RequestTransition::Close) => Some(super::notify::Activity::Closed),
        (Role::Requester, RequestTransition::Reopen) => Some(super::notify::Activity::Reopened),
        _ => None,
    };
    if let Some(activity) = told {
        change = super::notify::tell(state, change, id, activity, Some(context.user.id)).await?;
    }
    if transition == RequestTransition::Close {
        // 30 and 90 days on, the requester is asked whether the problem came back.
        for job in crate::jobs::follow_up_jobs(id, now) {
            change = change.with_job(job);
        }
    }
    let enters_matching = transition == RequestTransition::AcceptForMatching;
    if enters_matching {
        // Checked when the time comes: escalated only if critical and still without a provider.
        let after = state.settings.matching.escalate_critical_after;
        change = change.with_job(crate::jobs::escalation_job(id, now, after));
    }
    let step = Step {
        transition,
        role,
        reason: input.reason,
        merge_into: input.merge_into,
        message: input.message,
    };
    let outcome =
        state.store.step_request(&grant, id, &step, &change).await?.ok_or(AppError::NotFound)?;
    if enters_matching && matches!(outcome, StepOutcome::Applied(_)) {
        rematch_now(state).await;
    }
    Ok(outcome)
}

/// Runs the engine at once (a request entered matching, capacity freed). The step that asked for
/// it has committed already, so a failure here is retried by a job rather than shown as the
/// step's.
pub async fn rematch_now(state: &AppState) {
    let now = state.clock.now();
    if let Err(error) = state.engine.rematch(now, None).await {
        tracing::error!(error = %format!("{error:#}"), "matching failed; a job will try again");
        if let Err(error) = state.store.enqueue_jobs(&[crate::jobs::rematch_job(now)]).await {
            tracing::error!(error = %error, "the matching job could not be enqueued either");
        }
    }
    state.jobs.wake();
}

/// Adds a message to the request's conversation, as its requester or as a coordinator.
pub async fn add_message(
    state: &AppState,
    context: &SessionContext,
    id: RequestId,
    reader: Reader,
    body: &str,
    client: &Client,
) -> Result<bool, AppError> {
    let grant = match reader {
        Reader::Requester => {
            let organisation = organisation_of(state, id).await?;
            authorize(&context.principal, Action::RequestHelp, Resource::Organisation(organisation))
                .map_err(|_| AppError::NotFound)?
        }
        Reader::Coordinator => authorize(&context.principal, Action::Triage, Resource::Directory)?,
    };
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "request.message", ObjectRef::new("request", id), now)
        .for_request(id);
    let activity = super::notify::Activity::Message(c4h_domain::Visibility::AllParties);
    let change = super::notify::tell(state, change, id, activity, Some(context.user.id)).await?;
    Ok(state.store.add_request_message(&grant, id, body, &change).await?)
}

/// The coordinators' queue, a page at a time.
pub async fn queue(
    state: &AppState,
    principal: &Principal,
    filter: &QueueFilter,
    page: u32,
) -> Result<Page<QueueRow>, AppError> {
    let grant = authorize(principal, Action::View, Resource::Directory)?;
    Ok(state.store.triage_queue(&grant, filter, window(page)).await?)
}

/// A coordinator sets the urgency with a reason; the computed one is kept.
pub async fn override_urgency(
    state: &AppState,
    context: &SessionContext,
    id: RequestId,
    urgency: Urgency,
    reason: &str,
    client: &Client,
) -> Result<(), AppError> {
    let grant = authorize(&context.principal, Action::Triage, Resource::Directory)?;
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "request.urgency", ObjectRef::new("request", id), now)
        .for_request(id)
        .with_details(serde_json::json!({ "urgency": urgency.as_str() }));
    if state.store.override_urgency(&grant, id, urgency, reason, &change).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
