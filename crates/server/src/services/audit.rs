//! Reading the audit trail: staff search it by person, action, object, case and time, read a
//! case's timeline (its changes and every reading of its content), and export what they found
//! as CSV or JSON.
//!
//! Guarantees: only staff read the trail (the grant to view it); nothing here changes an event;
//! an export is itself an audit event (who exported what filter, never the rows); a CSV cell a
//! spreadsheet would take for a formula is prefixed with `'`, so opening an export runs nothing.

use std::collections::HashMap;

use c4h_domain::EmailAddress;
use c4h_domain::ids::{RequestId, UserId};
use c4h_domain::policy::{Action, Grant, Principal, Resource, authorize};
use c4h_storage::model::{AuditEvent, AuditFilter, ObjectRef};
use serde::Serialize;

use super::Client;
use crate::http::AppError;
use crate::state::AppState;

/// How many events a page of the trail shows.
pub const PAGE_SIZE: u32 = 50;
/// How many events an export reads from the store at a time.
pub const EXPORT_BATCH: u32 = 1_000;

pub fn grant(principal: &Principal) -> Result<Grant, AppError> {
    Ok(authorize(principal, Action::View, Resource::AuditTrail)?)
}

/// One event as the trail shows it: the event, and the names it refers to.
#[derive(Debug, Clone)]
pub struct TrailEntry {
    pub event: AuditEvent,
    /// The person's display name (a pseudonym once they deleted their account); `None` for the
    /// system, the command line and people not signed in.
    pub who: Option<String>,
    /// The reference of the case it belongs to.
    pub reference: Option<String>,
}

/// The person with this address, for the actor filter; `None` when nobody has it. The grant is
/// the proof that the caller reads the trail (only [`grant`] makes one for it here).
pub async fn actor_by_email(
    state: &AppState,
    _trail: &Grant,
    email: &EmailAddress,
) -> Result<Option<UserId>, AppError> {
    Ok(state.store.user_by_email(email).await?.map(|user| user.id))
}

/// The request with this reference, for a case's timeline.
pub async fn request_by_reference(
    state: &AppState,
    grant: &Grant,
    reference: &str,
) -> Result<Option<RequestId>, AppError> {
    Ok(state.store.audit_request_by_reference(grant, reference).await?)
}

/// The newest events matching `filter` below `before`, with names and references.
pub async fn search(
    state: &AppState,
    grant: &Grant,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u32,
    names: &mut Names,
) -> Result<Vec<TrailEntry>, AppError> {
    let events = state.store.audit_search(grant, filter, before, limit).await?;
    names.learn(state, grant, &events).await?;
    Ok(events
        .into_iter()
        .map(|event| TrailEntry {
            who: event.record.actor.user_id.and_then(|id| names.people.get(&id).cloned().flatten()),
            reference: event.record.request_id.and_then(|id| names.references.get(&id).cloned()),
            event,
        })
        .collect())
}

/// The names of people and cases seen so far (an export reuses them from batch to batch).
#[derive(Debug, Default)]
pub struct Names {
    people: HashMap<UserId, Option<String>>,
    references: HashMap<RequestId, String>,
}

impl Names {
    async fn learn(
        &mut self,
        state: &AppState,
        grant: &Grant,
        events: &[AuditEvent],
    ) -> Result<(), AppError> {
        let mut unknown_cases = Vec::new();
        for event in events {
            if let Some(id) = event.record.actor.user_id
                && !self.people.contains_key(&id)
            {
                let name = state.store.user_by_id(id).await?.map(|user| user.display_name);
                self.people.insert(id, name);
            }
            if let Some(id) = event.record.request_id
                && !self.references.contains_key(&id)
                && !unknown_cases.contains(&id)
            {
                unknown_cases.push(id);
            }
        }
        if !unknown_cases.is_empty() {
            let found = state.store.audit_request_references(grant, &unknown_cases).await?;
            self.references.extend(found);
        }
        Ok(())
    }
}

/// Records that `principal` exported the trail with `filter` (the filter, never the rows).
pub async fn record_export(
    state: &AppState,
    principal: &Principal,
    client: &Client,
    format: &str,
    filter: &AuditFilter,
) -> Result<(), AppError> {
    let time = |at: Option<time::OffsetDateTime>| at.map(|at| at.unix_timestamp());
    let details = serde_json::json!({
        "format": format,
        "actor": filter.actor.map(|id| id.to_string()),
        "action": filter.action,
        "object_kind": filter.object_kind,
        "object_id": filter.object_id,
        "request": filter.request.map(|id| id.to_string()),
        "from": time(filter.from),
        "until": time(filter.until),
    });
    let change = client
        .change(
            Some(principal.user_id),
            "audit.export",
            ObjectRef::new("audit", "trail"),
            state.clock.now(),
        )
        .with_details(details);
    state.store.record(&change).await?;
    Ok(())
}

/// An event as an export writes it: one flat record with the same fields in CSV and JSON.
#[derive(Debug, Serialize)]
pub struct ExportedEvent {
    pub seq: i64,
    pub occurred_at: String,
    pub actor_id: Option<String>,
    pub actor_name: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub request_reference: Option<String>,
    pub client_address: Option<String>,
    pub details: serde_json::Value,
    pub hash: String,
}

impl From<TrailEntry> for ExportedEvent {
    fn from(entry: TrailEntry) -> Self {
        let record = entry.event.record;
        let occurred_at = record
            .occurred_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        Self {
            seq: entry.event.seq,
            occurred_at,
            actor_id: record.actor.user_id.map(|id| id.to_string()),
            actor_name: entry.who,
            actor_label: record.actor.label,
            action: record.action,
            object_kind: record.object.kind,
            object_id: record.object.id,
            request_reference: entry.reference,
            client_address: record.actor.client_address,
            details: record.details,
            hash: entry.event.hash,
        }
    }
}

/// The CSV header line.
pub const CSV_HEADER: [&str; 12] = [
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_label",
    "action",
    "object_kind",
    "object_id",
    "request_reference",
    "client_address",
    "details",
    "hash",
];

impl ExportedEvent {
    /// The CSV cells, each made safe to open in a spreadsheet.
    pub fn csv_cells(&self) -> [String; 12] {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        [
            self.seq.to_string(),
            self.occurred_at.clone(),
            text(&self.actor_id),
            text(&self.actor_name),
            self.actor_label.clone(),
            self.action.clone(),
            self.object_kind.clone(),
            self.object_id.clone(),
            text(&self.request_reference),
            text(&self.client_address),
            self.details.to_string(),
            self.hash.clone(),
        ]
        .map(|cell| spreadsheet_safe(&cell))
    }
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
/// first) gets a leading `'`, which shows as text (the OWASP advice on CSV injection).
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn a_cell_that_could_be_a_formula_is_made_text() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(formula), format!("'{formula}"));
        }
        for plain in ["Operations desk", "request.read", "", "2026-12-02T03:00:00Z", "{\"a\":1}"] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
    }
}
