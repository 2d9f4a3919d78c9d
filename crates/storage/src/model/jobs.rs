//! The job queue's records.

use c4h_domain::ids::JobId;
use time::OffsetDateTime;

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub id: JobId,
    /// The handler that runs it, e.g. `email.send`.
    pub kind: String,
    pub payload: serde_json::Value,
    /// Enqueuing a second job with the same key does nothing: the first one stands.
    pub idempotency_key: String,
    pub max_attempts: u32,
    pub run_at: OffsetDateTime,
}

impl NewJob {
    /// A job that runs as soon as a worker is free, with the default five attempts.
    pub fn now(
        kind: &str,
        idempotency_key: impl Into<String>,
        payload: serde_json::Value,
        now: OffsetDateTime,
    ) -> Self {
        Self {
            id: JobId::new(),
            kind: kind.to_owned(),
            payload,
            idempotency_key: idempotency_key.into(),
            max_attempts: 5,
            run_at: now,
        }
    }
}

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Queued, Self::Running, Self::Done, Self::Failed]
            .into_iter()
            .find(|state| state.as_str() == code)
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub payload: serde_json::Value,
    pub idempotency_key: String,
    pub state: JobState,
    /// How many times a worker has claimed it, this claim included.
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: OffsetDateTime,
    pub locked_by: Option<String>,
    pub locked_until: Option<OffsetDateTime>,
    pub last_error: Option<String>,
}

/// What became of a job after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFate {
    /// Queued again to run at the given time.
    Retry,
    /// Out of attempts: it stays failed for an operator to look at.
    GaveUp,
    /// The worker no longer held the job (its lease lapsed and another worker took it).
    LeaseLost,
}
