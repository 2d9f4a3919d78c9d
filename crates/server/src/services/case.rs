//! A case's conversation as its parties use it: posting a message with a visibility and a TLP
//! marking.
//!
//! Guarantees: the grant names the party (a member of the request's organisation, a member of
//! the engaged provider, a coordinator) and the store checks it against the request, so a
//! member of another organisation or provider gets "not found"; a visibility the party may not
//! write is refused before anything is written.

use c4h_domain::case::may_write;
use c4h_domain::ids::{OrganisationId, ProviderId, RequestId};
use c4h_domain::policy::{Action, Grant, Principal, Resource, authorize};
use c4h_domain::request_flow::{RequestTransition, Role};
use c4h_storage::model::{CaseMessage, ObjectRef, SessionContext, Step, StepOutcome};

use super::Client;
use crate::http::AppError;
use crate::state::AppState;

/// Who acts on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Coordinator,
    /// A member of the provider engaged on the request.
    Provider(ProviderId),
    /// A member of the request's organisation.
    Requester(OrganisationId),
}

impl Party {
    /// The party as the audit trail names it.
    pub fn role_name(self) -> &'static str {
        match self {
            Self::Coordinator => "coordinator",
            Self::Provider(_) => "provider",
            Self::Requester(_) => "requester",
        }
    }

    pub fn role(self) -> Role {
        match self {
            Self::Coordinator => Role::Coordinator,
            Self::Provider(_) => Role::Provider,
            Self::Requester(_) => Role::Requester,
        }
    }

    /// The requester's side of `request`: its organisation, "not found" when there is none.
    pub async fn requester_of(state: &AppState, request: RequestId) -> Result<Self, AppError> {
        let organisation =
            state.store.request_organisation(request).await?.ok_or(AppError::NotFound)?;
        Ok(Self::Requester(organisation))
    }

    /// The grant this party acts under. The store checks it against the request itself (the
    /// organisation's, or the provider's engagement); a requester outside the organisation is
    /// told "not found", as for a request that does not exist.
    pub fn grant(self, principal: &Principal) -> Result<Grant, AppError> {
        Ok(match self {
            Self::Coordinator => authorize(principal, Action::Triage, Resource::Directory)?,
            Self::Provider(provider) => {
                authorize(principal, Action::AnswerOffers, Resource::Provider(provider))?
            }
            Self::Requester(organisation) => {
                authorize(principal, Action::RequestHelp, Resource::Organisation(organisation))
                    .map_err(|_| AppError::NotFound)?
            }
        })
    }
}

/// Whether `role`'s view of a case's history shows `action`. Everyone reads the lifecycle's steps,
/// the urgency and the provider's next steps. Messages and files are never history: they are in
/// the conversation, each by its visibility, so a note for coordinators leaves no trace outside
/// it. The requester also reads an emergency submission and the follow-ups; the provider also
/// the hours and the budget; coordinators read everything. Feedback, the text for providers and
/// escalations are the coordinators' business.
pub fn shown_in_history(role: Role, action: &str) -> bool {
    let Some(code) = action.strip_prefix("request.") else { return role == Role::Coordinator };
    if role == Role::Coordinator || RequestTransition::parse(code).is_ok() {
        return true;
    }
    matches!(
        (role, code),
        (_, "urgency" | "next_steps")
            | (Role::Requester, "emergency" | "follow_up" | "follow_up_answer")
            | (Role::Provider, "hours" | "budget")
    )
}

/// What came of posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    Posted,
    /// Not a visibility this party writes.
    VisibilityRefused,
    /// The request is over: its conversation is closed.
    Closed,
}

pub async fn post(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    party: Party,
    message: &CaseMessage,
    client: &Client,
) -> Result<Posted, AppError> {
    let grant = party.grant(&context.principal)?;
    if !may_write(party.role(), message.visibility) {
        return Ok(Posted::VisibilityRefused);
    }
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "request.message", ObjectRef::new("request", request), now)
        .for_request(request)
        .with_details(serde_json::json!({ "visibility": message.visibility.as_str() }));
    let activity = super::notify::Activity::Message(message.visibility);
    let change =
        super::notify::tell(state, change, request, activity, Some(context.user.id)).await?;
    if state.store.post_case_message(&grant, request, message, &change).await? {
        return Ok(Posted::Posted);
    }
    // Not posted: either not this party's request (not found) or a request that is over.
    if state.store.request_standing(request).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if let Party::Provider(provider) = party {
        let own =
            authorize(&context.principal, Action::AnswerOffers, Resource::Provider(provider))?;
        state.store.engaged_case(&own, request).await?.ok_or(AppError::NotFound)?;
    }
    Ok(Posted::Closed)
}

/// A member of the engaged provider marks the case resolved with a summary the requester reads
/// (posted in the conversation); the requester then confirms or reopens it, or it closes by
/// itself after `AUTO_CLOSE_AFTER`. Capacity frees at once, so matching runs again.
pub async fn resolve(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    request: RequestId,
    summary: &str,
    client: &Client,
) -> Result<StepOutcome, AppError> {
    let grant = authorize(&context.principal, Action::AnswerOffers, Resource::Provider(provider))?;
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "request.resolve", ObjectRef::new("request", request), now)
        .for_request(request)
        .with_job(crate::jobs::auto_close_job(request, now))
        .with_job(crate::jobs::rematch_job(now));
    let activity = super::notify::Activity::Resolved;
    let change =
        super::notify::tell(state, change, request, activity, Some(context.user.id)).await?;
    let step = Step {
        transition: RequestTransition::Resolve,
        role: Role::Provider,
        reason: None,
        merge_into: None,
        message: Some(summary.to_owned()),
    };
    let outcome = state
        .store
        .step_request(&grant, request, &step, &change)
        .await?
        .ok_or(AppError::NotFound)?;
    state.jobs.wake();
    Ok(outcome)
}

/// What came of logging hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logged {
    /// The beneficiary's minutes after this entry, and where they stand.
    Logged { minutes: u64, level: c4h_domain::case::BudgetLevel },
    /// The provider is not working the case now (resolved, closed).
    NotActive,
}

/// A member of the engaged provider logs time; when the entry uses up the beneficiary's budget,
/// every coordinator is asked by e-mail, once (the e-mails share a key per request).
pub async fn log_hours(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    request: RequestId,
    entry: &c4h_storage::model::HoursEntry,
    client: &Client,
) -> Result<Logged, AppError> {
    use c4h_domain::case::{budget_level, crosses_budget};
    let grant = authorize(&context.principal, Action::AnswerOffers, Resource::Provider(provider))?;
    let budget_hours = budget_hours(state, request).await?;
    let budget = u64::from(budget_hours) * 60;
    let now = state.clock.now();
    let mut change = client
        .change(Some(context.user.id), "request.hours", ObjectRef::new("request", request), now)
        .for_request(request)
        .with_details(serde_json::json!({ "minutes": entry.minutes }));
    let before = state.store.beneficiary_minutes(request).await?;
    if crosses_budget(before, before + u64::from(entry.minutes), budget) {
        let standing = state.store.request_standing(request).await?.ok_or(AppError::NotFound)?;
        for coordinator in state.store.staff_contacts().await? {
            let locale = crate::i18n::Locale::from_tag(&coordinator.language)
                .unwrap_or(crate::i18n::Locale::DEFAULT);
            let message = crate::mail::Message::HourBudgetSpent {
                reference: standing.reference.clone(),
                hours: budget_hours.to_string(),
                link: format!("{}/coordination/requests/{request}", state.settings.public_url),
            };
            let mut email = crate::mail::job(&coordinator.email, locale, message, now);
            // Once per budget: extended, it is asked again when the new one is used up.
            email.idempotency_key =
                format!("budget-spent:{request}:{budget_hours}:{}", coordinator.user);
            change = change.with_job(email);
        }
    }
    let Some((_, after)) = state.store.log_hours(&grant, request, entry, &change).await? else {
        // Not this provider's case at all, or one it no longer works.
        let own =
            authorize(&context.principal, Action::AnswerOffers, Resource::Provider(provider))?;
        state.store.engaged_case(&own, request).await?.ok_or(AppError::NotFound)?;
        return Ok(Logged::NotActive);
    };
    state.jobs.wake();
    Ok(Logged::Logged { minutes: after, level: budget_level(after, budget) })
}

/// A member of the engaged provider records what happens next; every party reads it on the
/// case. `false` when the provider is not working the case now.
pub async fn set_next_steps(
    state: &AppState,
    context: &SessionContext,
    provider: ProviderId,
    request: RequestId,
    next_steps: &str,
    client: &Client,
) -> Result<bool, AppError> {
    let grant = Party::Provider(provider).grant(&context.principal)?;
    let now = state.clock.now();
    let change = client
        .change(
            Some(context.user.id),
            "request.next_steps",
            ObjectRef::new("request", request),
            now,
        )
        .for_request(request);
    Ok(state.store.set_next_steps(&grant, request, next_steps, &change).await?)
}

/// One side's feedback once the provider resolved the case: a rating from 1 to 5 and a comment,
/// each optional (not both empty), read by coordinators (and the requester's ratings count in
/// matching). Once per side.
pub async fn leave_feedback(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    party: Party,
    feedback: &c4h_storage::model::FeedbackToLeave,
    client: &Client,
) -> Result<c4h_storage::model::FeedbackOutcome, AppError> {
    let grant = party.grant(&context.principal)?;
    let now = state.clock.now();
    // The rating only: the comment is content, never in the audit trail.
    let change = client
        .change(Some(context.user.id), "request.feedback", ObjectRef::new("request", request), now)
        .for_request(request)
        .with_details(serde_json::json!({ "rating": feedback.rating }));
    state.store.leave_feedback(&grant, request, feedback, &change).await?.ok_or(AppError::NotFound)
}

/// The hours of free help the beneficiary of `request` has: its own budget, if a coordinator set
/// one, else the service's (`hour_budget_hours`).
pub async fn budget_hours(state: &AppState, request: RequestId) -> Result<u32, AppError> {
    let own = state.store.beneficiary_budget(request).await?;
    Ok(own.unwrap_or(state.settings.hour_budget_hours))
}

/// A coordinator sets the beneficiary's budget (to extend it once it is used up, typically).
pub async fn set_budget(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    hours: u32,
    client: &Client,
) -> Result<(), AppError> {
    let grant = Party::Coordinator.grant(&context.principal)?;
    let now = state.clock.now();
    let change = client
        .change(Some(context.user.id), "request.budget", ObjectRef::new("request", request), now)
        .for_request(request)
        .with_details(serde_json::json!({ "hours": hours }));
    if state.store.set_beneficiary_budget(&grant, request, hours, &change).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The requester answers a follow-up. "No": the question is cleared. "Yes": a new request goes
/// to the coordinators' queue, with the closed case's signals and description and saying which
/// case it follows, and then the question is cleared; the new request's id is returned. The new
/// request is keyed by the question, so if clearing fails, answering again finds the same one.
/// `None` when no question waited.
pub async fn answer_follow_up(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    came_back: bool,
    client: &Client,
) -> Result<Option<Option<RequestId>>, AppError> {
    use crate::i18n::{Locale, Tr};
    let party = Party::requester_of(state, request).await?;
    let Party::Requester(organisation) = party else { return Err(AppError::NotFound) };
    let grant = party.grant(&context.principal)?;
    let Some(asked) = state.store.follow_up_asked(request).await? else { return Ok(None) };
    let mut recurrence = None;
    if came_back {
        let reader = super::requests::Reader::Requester;
        let d = super::requests::file(state, &context.principal, request, reader).await?.details;
        let language = context.user.preferred_language.as_str();
        let tr = Tr::new(Locale::from_tag(language).unwrap_or(Locale::DEFAULT));
        let follows = tr.ts("follow-up-came-back", "reference", &d.reference);
        let draft = c4h_domain::intake::RequestDraft {
            triage: c4h_domain::triage::Triage::of(&d.signals, d.category),
            description: format!("{follows}\n\n{}", d.description),
            signals: d.signals,
            out_of_band_contact: d.out_of_band_contact,
            category: d.category,
            languages: d.languages,
            tlp: d.tlp,
        };
        let key = format!("follow-up:{request}:{}", asked.unix_timestamp());
        let submitted =
            super::requests::submit(state, context, organisation, draft, &key, client).await?;
        recurrence = Some(submitted.id());
    }
    let now = state.clock.now();
    let object = ObjectRef::new("request", request);
    let change = client
        .change(Some(context.user.id), "request.follow_up_answer", object, now)
        .for_request(request)
        .with_details(serde_json::json!({
            "came_back": came_back,
            "new_request": recurrence.map(|id| id.to_string()),
        }));
    state.store.answer_follow_up(&grant, request, &change).await?;
    Ok(Some(recurrence))
}
