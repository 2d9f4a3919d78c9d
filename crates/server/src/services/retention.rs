//! Retention: the daily purge of what is due, legal holds, and a person's own data (download
//! and erasure).
//!
//! Guarantees: every purge of a case, erasure of an account and run of the audit purge is its
//! own transaction with its own audit event (references and counts, never content), and the
//! store decides again inside it whether the record is still due, so a hold placed meanwhile
//! wins. One run ends with a `retention.run` event that sums it up.

use c4h_domain::ids::RequestId;
use c4h_domain::policy::{Action, Principal, Resource, authorize};
use c4h_domain::retention::{RetentionPolicy, pseudonym};
use c4h_storage::model::{Actor, Change, Erasure, ErasureRule, ObjectRef, SessionContext};
use c4h_storage::{Store, StoreError};
use time::OffsetDateTime;

use super::Client;
use crate::http::AppError;
use crate::state::AppState;

/// How many records one statement lists, and how many audit events one transaction removes.
const CASE_BATCH: u32 = 100;
const AUDIT_BATCH: u32 = 10_000;

/// What one run of the purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub cases: u64,
    pub accounts: u64,
    pub audit_events: u64,
}

/// Purges everything due at `now` under `policy`, as the system.
pub async fn purge_due(
    store: &dyn Store,
    policy: &RetentionPolicy,
    now: OffsetDateTime,
) -> Result<PurgeReport, StoreError> {
    let cutoffs = policy.cutoffs(now);
    let mut report = PurgeReport::default();
    loop {
        let due = store.requests_due(&cutoffs, CASE_BATCH).await?;
        let mut purged = 0;
        for request in &due {
            let change = Change::new(
                Actor::system(),
                "request.purge",
                ObjectRef::new("request", request),
                now,
            )
            .for_request(*request)
            .with_details(serde_json::json!({ "by": "retention" }));
            if store.purge_request(*request, &cutoffs, &change).await?.is_some() {
                purged += 1;
            }
        }
        report.cases += purged;
        // A batch that purged nothing would be listed again: stop rather than spin.
        if due.len() < CASE_BATCH as usize || purged == 0 {
            break;
        }
    }
    if let Some(before) = cutoffs.unverified_accounts {
        loop {
            let due = store.unverified_accounts_due(before, CASE_BATCH).await?;
            let mut erased = 0;
            for user in &due {
                let change =
                    Change::new(Actor::system(), "user.erase", ObjectRef::new("user", user), now)
                        .with_details(serde_json::json!({ "by": "retention" }));
                let rule = ErasureRule::NeverVerified { created_before: before };
                let name = pseudonym(user.as_uuid());
                if let Erasure::Erased { .. } =
                    store.erase_account(*user, rule, &name, &change).await?
                {
                    erased += 1;
                }
            }
            report.accounts += erased;
            if due.len() < CASE_BATCH as usize || erased == 0 {
                break;
            }
        }
    }
    if let Some(before) = cutoffs.audit_events {
        let change =
            Change::new(Actor::system(), "audit.purge", ObjectRef::new("audit", "trail"), now);
        while let Some(purge) = store.purge_audit_events(before, AUDIT_BATCH, &change).await? {
            report.audit_events += u64::try_from(purge.to - purge.from + 1).unwrap_or(0);
        }
    }
    let summary =
        Change::new(Actor::system(), "retention.run", ObjectRef::new("retention", "purge"), now)
            .with_details(serde_json::json!({
                "cases": report.cases,
                "accounts": report.accounts,
                "audit_events": report.audit_events,
                "ended_cases_kept": policy.ended_cases.to_string(),
                "audit_events_kept": policy.audit_events.to_string(),
            }));
    store.record(&summary).await?;
    Ok(report)
}

/// Places a legal hold on a case (coordinators), or lifts it (`reason` `None`). Whether it
/// changed anything.
pub async fn set_legal_hold(
    state: &AppState,
    principal: &Principal,
    client: &Client,
    request: RequestId,
    reason: Option<&str>,
) -> Result<bool, AppError> {
    let grant = authorize(principal, Action::Triage, Resource::Directory)?;
    let action = if reason.is_some() { "request.hold" } else { "request.release" };
    let change = client
        .change(
            Some(principal.user_id),
            action,
            ObjectRef::new("request", request),
            state.clock.now(),
        )
        .for_request(request);
    Ok(state.store.set_legal_hold(&grant, request, reason, &change).await?)
}

/// Everything the service holds about the signed-in person, as the document they download.
/// The download is itself an audit event.
pub async fn own_data(
    state: &AppState,
    context: &SessionContext,
    client: &Client,
) -> Result<serde_json::Value, AppError> {
    let user = context.user.id;
    let change =
        client.change(Some(user), "user.export", ObjectRef::new("user", user), state.clock.now());
    state.store.record(&change).await?;
    Ok(state.store.personal_data(user).await?)
}

/// Erases the signed-in person's account at their request.
pub async fn erase_own_account(
    state: &AppState,
    context: &SessionContext,
    client: &Client,
) -> Result<Erasure, AppError> {
    let user = context.user.id;
    let change = client
        .change(Some(user), "user.erase", ObjectRef::new("user", user), state.clock.now())
        .with_details(serde_json::json!({ "by": "self" }));
    let name = pseudonym(user.as_uuid());
    Ok(state.store.erase_account(user, ErasureRule::OwnRequest, &name, &change).await?)
}
