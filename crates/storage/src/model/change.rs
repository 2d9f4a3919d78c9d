//! A change: the audit event that every write records, and the jobs it enqueues.
//!
//! Every method of the store that changes data takes a [`Change`] and writes its audit event and
//! jobs in the same transaction as the data, so a change without its audit event, or a job for a
//! write that rolled back, cannot happen.

use c4h_domain::ids::{JobId, RequestId, UserId};
use time::OffsetDateTime;

use super::NewJob;

/// Who makes a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The signed-in user, or `None` for the system and the command line.
    pub user_id: Option<UserId>,
    /// A name for the trail that needs no join: `cli`, `system`, `user`.
    pub label: String,
    /// The client address, as the server decided to trust it.
    pub client_address: Option<String>,
}

impl Actor {
    /// The operator at the command line.
    pub fn cli() -> Self {
        Self { user_id: None, label: "cli".to_owned(), client_address: None }
    }

    /// The service itself (jobs, timers).
    pub fn system() -> Self {
        Self { user_id: None, label: "system".to_owned(), client_address: None }
    }
}

/// The object a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    /// `user`, `organisation`, `request`, ...
    pub kind: String,
    pub id: String,
}

impl ObjectRef {
    pub fn new(kind: &str, id: impl ToString) -> Self {
        Self { kind: kind.to_owned(), id: id.to_string() }
    }
}

/// One event of the audit trail, as the caller describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub occurred_at: OffsetDateTime,
    pub actor: Actor,
    /// Dotted and stable: `user.create`, `demo.load`, `request.submit`. A reading of sensitive
    /// content is `<kind>.read` (`request.read`, `attachment.read`): histories leave those out.
    pub action: String,
    pub object: ObjectRef,
    /// The case the event belongs to, if any.
    pub request_id: Option<RequestId>,
    /// Facts that help a reader, never sensitive content (no descriptions, messages, contacts).
    pub details: serde_json::Value,
}

/// An audit event as stored, with its place in the hash chain.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub seq: i64,
    pub record: AuditRecord,
    pub prev_hash: String,
    pub hash: String,
}

/// Which audit events a reader of the trail asks for; every field present narrows the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<UserId>,
    /// The action, or the start of it (`request.` for everything done to requests).
    pub action: Option<String>,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    /// The case the events belong to: its timeline.
    pub request: Option<RequestId>,
    /// From this instant (inclusive) to that one (exclusive).
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// Where the audit chain starts and ends, kept outside the audit table: the last event that
/// retention removed (0 and the genesis hash when none was) and the newest event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchors {
    pub base_seq: i64,
    pub base_hash: String,
    pub last_seq: i64,
    pub last_hash: String,
}

/// A write's audit event, and the jobs and notifications to write with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub audit: AuditRecord,
    pub jobs: Vec<NewJob>,
    pub notifications: Vec<super::NewNotification>,
}

impl Change {
    pub fn new(actor: Actor, action: &str, object: ObjectRef, now: OffsetDateTime) -> Self {
        Self {
            audit: AuditRecord {
                occurred_at: now,
                actor,
                action: action.to_owned(),
                object,
                request_id: None,
                details: serde_json::Value::Object(serde_json::Map::new()),
            },
            jobs: Vec::new(),
            notifications: Vec::new(),
        }
    }

    /// When the change happens; the store stamps the rows it writes with this instant.
    pub fn now(&self) -> OffsetDateTime {
        self.audit.occurred_at
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.audit.details = details;
        self
    }

    pub fn for_request(mut self, request_id: RequestId) -> Self {
        self.audit.request_id = Some(request_id);
        self
    }

    /// Enqueues a job that runs only if this change commits.
    pub fn with_job(mut self, job: NewJob) -> Self {
        self.jobs.push(job);
        self
    }

    /// Tells someone, in the app (and by e-mail through a job of this change, or the digest),
    /// only if this change commits.
    pub fn with_notification(mut self, notification: super::NewNotification) -> Self {
        self.notifications.push(notification);
        self
    }

    /// The ids of the jobs this change enqueues.
    pub fn job_ids(&self) -> Vec<JobId> {
        self.jobs.iter().map(|job| job.id).collect()
    }
}
