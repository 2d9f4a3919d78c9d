//! A request's page for its organisation's members: where it stands in plain words, what happens
//! next and by when, the regulatory clocks, the conversation and the history.

use askama::Template;
use c4h_domain::request_flow::{RequestTransition, Role};
use c4h_domain::triage::{Deadline, first_answer_within};
use c4h_domain::{RequestState, Urgency};
use time::OffsetDateTime;

use super::context::PageContext;
use super::forms::FormErrors;
use super::views::minute;
use crate::i18n::Tr;
use crate::services::case::shown_in_history;
use crate::services::requests::RequestFile;

/// One regulatory clock as shown.
pub struct ClockRow {
    pub duty: String,
    pub due: String,
    pub overdue: bool,
}

impl ClockRow {
    pub fn rows(tr: &Tr, deadlines: &[Deadline], now: OffsetDateTime) -> Vec<Self> {
        deadlines
            .iter()
            .map(|deadline| Self {
                duty: tr.label("duty", deadline.duty.as_str()),
                due: minute(deadline.due),
                overdue: deadline.remaining(now).is_negative(),
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "request.html")]
pub struct RequestPage {
    pub ctx: PageContext,
    pub errors: FormErrors,
    pub notice: Option<&'static str>,
    pub base: String,
    pub reference: String,
    pub state: &'static str,
    pub urgency: Option<&'static str>,
    pub next: Vec<String>,
    pub clocks: Vec<ClockRow>,
    pub description: String,
    pub category: Option<&'static str>,
    pub tlp: String,
    pub decline_reason: Option<String>,
    pub merged_into: Option<String>,
    /// The conversation and files for all parties.
    pub entries: Vec<super::case_view::Entry>,
    /// What the requester may choose for a file: who reads it (all parties), its TLP.
    pub visibilities: Vec<&'static str>,
    pub tlps: Vec<&'static str>,
    pub upload_max_mb: u64,
    pub closure: super::case_view::Closure,
    /// Asked whether the problem came back, not yet answered.
    pub follow_up: bool,
    /// (when, what, who)
    pub history: Vec<(String, String, String)>,
    pub can_withdraw: bool,
    /// Resolved by the provider: the requester confirms or reopens it.
    pub can_confirm: bool,
    pub can_reopen: bool,
    /// The request is not over: its people can still write.
    pub can_reply: bool,
    pub reply: String,
}

/// What happens next for a request in `state`, with the times the requester may expect.
fn what_next(tr: &Tr, file: &RequestFile) -> Vec<String> {
    let details = &file.details;
    let urgency = details.urgency.unwrap_or(Urgency::Low);
    let since = details.submitted_at.unwrap_or(details.state_changed_at);
    let by = minute(since + first_answer_within(urgency));
    let hours = first_answer_within(urgency).whole_hours().to_string();
    let with = |key: &str| tr.with(key, &[("hours", hours.clone()), ("by", by.clone())]);
    match details.state {
        RequestState::Draft => vec![tr.t("next-draft")],
        RequestState::Submitted => vec![with("next-submitted"), tr.t("next-submitted-then")],
        RequestState::Triaged => vec![tr.t("next-triaged")],
        RequestState::Matching => vec![tr.t("next-matching")],
        RequestState::Waitlisted => vec![tr.t("next-waitlisted")],
        RequestState::Offered => vec![tr.t("next-offered")],
        RequestState::Engaged => vec![tr.t("next-engaged")],
        RequestState::Resolved => vec![tr.t("next-resolved")],
        RequestState::Closed | RequestState::Declined | RequestState::Withdrawn => {
            vec![tr.t(&format!("next-{}", details.state.as_str()))]
        }
    }
}

pub fn request_page(
    ctx: PageContext,
    file: RequestFile,
    notice: Option<&'static str>,
    state: &crate::state::AppState,
) -> RequestPage {
    let now = state.clock.now();
    let upload_max_mb = state.settings.uploads.max_bytes / (1024 * 1024);
    let tr = &ctx.tr;
    let next = what_next(tr, &file);
    let clocks = ClockRow::rows(tr, &file.deadlines, now);
    let (requester, requester_name) = (file.details.requester_id, &file.details.requester_name);
    let history = file
        .history
        .iter()
        .filter(|event| shown_in_history(Role::Requester, &event.record.action))
        .map(|event| {
            let record = &event.record;
            // Requesters submit and withdraw; every other step is a coordinator's (or the
            // service's). Coordinators are not named to requesters.
            let by_organisation =
                matches!(record.action.as_str(), "request.submit" | "request.withdraw");
            let who = match record.actor.user_id {
                Some(id) if id == requester => requester_name.clone(),
                Some(_) if by_organisation => tr.t("history-by-organisation"),
                Some(_) => tr.t("history-by-coordinator"),
                None => tr.t("history-by-service"),
            };
            let what = tr.label("request-history", &record.action.replace('.', "-"));
            (minute(record.occurred_at), what, who)
        })
        .collect();
    let details = file.details;
    let base = format!("/requests/{}", details.id);
    let closure = super::case_view::closure(
        tr,
        super::case_view::Reader::Requester,
        details.engagement,
        details.state,
    );
    let entries = super::case_view::entries(
        tr,
        super::case_view::Reader::Requester,
        details.messages,
        details.files,
        &base,
    );
    RequestPage {
        errors: FormErrors::default(),
        notice,
        base,
        reference: details.reference,
        state: details.state.as_str(),
        urgency: details.urgency.map(Urgency::as_str),
        next,
        clocks,
        description: details.description,
        category: details.category.map(|c| c.as_str()),
        tlp: details.tlp.label(),
        decline_reason: details.decline_reason,
        merged_into: details.merged_into,
        entries,
        visibilities: c4h_domain::case::readable_by(c4h_domain::request_flow::Role::Requester)
            .iter()
            .map(|v| v.as_str())
            .collect(),
        tlps: c4h_domain::Tlp::CODES.to_vec(),
        upload_max_mb,
        closure,
        follow_up: file.follow_up,
        history,
        can_withdraw: file.steps.contains(&RequestTransition::Withdraw),
        can_confirm: file.steps.contains(&RequestTransition::Close),
        can_reopen: file.steps.contains(&RequestTransition::Reopen),
        can_reply: !details.state.is_final(),
        reply: String::new(),
        ctx,
    }
}
