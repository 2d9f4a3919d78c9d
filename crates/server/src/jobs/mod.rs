//! Background jobs: workers that claim due jobs from the queue and run their handlers.
//!
//! Guarantees:
//! - A job is enqueued in the same transaction as the write that causes it (see
//!   `c4h_storage::model::Change`), so it exists exactly when the write committed.
//! - A job is held by one worker at a time, under a lease. A worker that dies loses its lease and
//!   another worker runs the job again, so **handlers must be idempotent**: running one twice has
//!   the effect of running it once (use the job's id or idempotency key to detect repeats).
//! - A failed attempt is retried with exponential backoff until the job's attempts run out; then it
//!   stays `failed` for an operator. Jobs of a kind this instance does not know are retried too:
//!   during a rolling upgrade a newer instance may know them.

mod case;
mod digest;
mod follow_up;
mod housekeeping;
mod offers;
mod retention;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use c4h_storage::model::{Job, JobFate};
use c4h_storage::{Store, StoreError};
use time::Duration;
use tokio::sync::{Notify, watch};

use crate::clock::Clock;

pub use case::{AUTO_CLOSE, AutoClose, auto_close_job};
pub use digest::DailyDigest;
pub use follow_up::{FOLLOW_UP, FollowUp, follow_up_jobs};
pub use housekeeping::PurgeFinishedJobs;
pub use offers::{
    ESCALATE, EscalateCritical, ExpireOffer, REMATCH, Rematch, escalation_job, rematch_job,
};
pub use retention::RetentionPurge;

/// How long a claimed job is held before another worker may take it over.
const LEASE: Duration = Duration::minutes(5);
/// How many jobs a worker claims at once.
const BATCH: u32 = 8;

/// The run of a daily job of `kind` for the day of `at`, to run at `at`. The idempotency key
/// carries the date, so however many instances enqueue it, one run per day is enqueued.
pub(crate) fn daily(kind: &'static str, at: time::OffsetDateTime) -> c4h_storage::model::NewJob {
    c4h_storage::model::NewJob::now(
        kind,
        format!("{kind}:{}", at.date()),
        serde_json::json!({}),
        at,
    )
}

/// Runs jobs of one kind.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// The kind of job this handler runs, e.g. `email.send`.
    fn kind(&self) -> &'static str;

    /// Runs one job. An error makes the job retry later.
    async fn run(&self, job: &Job) -> anyhow::Result<()>;
}

/// The delay before attempt `attempt + 1` after attempt `attempt` failed: 30 s, 1 min, 2 min, …
/// capped at one hour, plus up to 10% jitter derived from the job id so that jobs that failed
/// together do not all retry in the same instant.
pub fn retry_delay(job: &Job) -> Duration {
    let exponent = job.attempts.saturating_sub(1).min(7);
    let base = (30 * 2_i64.pow(exponent)).min(3600);
    let jitter_source = job.id.as_uuid().as_u128() % 1000;
    let jitter = base * i64::try_from(jitter_source).unwrap_or(0) / 10_000;
    Duration::seconds(base + jitter)
}

/// Claims and runs jobs for one instance.
#[derive(Clone)]
pub struct JobRunner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    handlers: Arc<HashMap<&'static str, Arc<dyn JobHandler>>>,
    /// Woken when this instance enqueues a job, so that workers need not wait for the next poll.
    wake: Arc<Notify>,
}

impl std::fmt::Debug for JobRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobRunner")
            .field("kinds", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl JobRunner {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        handlers: Vec<Arc<dyn JobHandler>>,
    ) -> Self {
        let handlers = handlers.into_iter().map(|handler| (handler.kind(), handler)).collect();
        Self { store, clock, handlers: Arc::new(handlers), wake: Arc::new(Notify::new()) }
    }

    /// The handlers `serve` runs: housekeeping and retention, the engine's timers, and e-mail when `mail` is
    /// given.
    pub fn standard(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        engine: crate::services::matching::Engine,
        public_url: &str,
        retention: c4h_domain::retention::RetentionPolicy,
        mail: Option<crate::mail::EmailSender>,
    ) -> Self {
        let mut handlers: Vec<Arc<dyn JobHandler>> = vec![
            Arc::new(PurgeFinishedJobs::new(store.clone())),
            Arc::new(RetentionPurge::new(store.clone(), clock.clone(), retention)),
            Arc::new(ExpireOffer::new(engine.clone(), store.clone(), clock.clone())),
            Arc::new(Rematch::new(engine, clock.clone())),
            Arc::new(EscalateCritical::new(store.clone(), clock.clone(), public_url)),
            Arc::new(AutoClose::new(store.clone(), clock.clone())),
            Arc::new(DailyDigest::new(store.clone(), public_url)),
            Arc::new(FollowUp::new(store.clone(), public_url)),
        ];
        if let Some(sender) = mail {
            handlers.push(Arc::new(sender));
        }
        Self::new(store, clock, handlers)
    }

    /// Tells an idle worker that there may be work. If none is idle, the next one to become idle
    /// finds the signal waiting and looks again at once, so a wake-up is never lost.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Claims one batch of due jobs as `worker` and runs them; returns how many ran.
    pub async fn run_due(&self, worker: &str) -> Result<usize, StoreError> {
        let jobs = self.store.claim_jobs(worker, self.clock.now(), LEASE, BATCH).await?;
        for job in &jobs {
            self.run_one(worker, job).await?;
        }
        Ok(jobs.len())
    }

    async fn run_one(&self, worker: &str, job: &Job) -> Result<(), StoreError> {
        let outcome = match self.handlers.get(job.kind.as_str()) {
            Some(handler) => handler.run(job).await,
            None => Err(anyhow::anyhow!("no handler for jobs of kind {}", job.kind)),
        };
        let now = self.clock.now();
        match outcome {
            Ok(()) => {
                if !self.store.complete_job(job.id, worker, now).await? {
                    tracing::warn!(job.id = %job.id, job.kind = %job.kind, "job finished after its lease lapsed");
                }
            }
            Err(error) => {
                let fate = self
                    .store
                    .fail_job(job.id, worker, &format!("{error:#}"), now, now + retry_delay(job))
                    .await?;
                match fate {
                    JobFate::GaveUp => {
                        tracing::error!(job.id = %job.id, job.kind = %job.kind, job.attempts = job.attempts, error = %format!("{error:#}"), "job failed for good")
                    }
                    JobFate::Retry => {
                        tracing::warn!(job.id = %job.id, job.kind = %job.kind, job.attempts = job.attempts, error = %format!("{error:#}"), "job failed; it will be retried")
                    }
                    JobFate::LeaseLost => {
                        tracing::warn!(job.id = %job.id, job.kind = %job.kind, "job failed after its lease lapsed")
                    }
                }
            }
        }
        Ok(())
    }

    /// Runs `count` workers until `shutdown` turns true; each finishes its current job first.
    pub fn spawn_workers(
        &self,
        count: u32,
        poll: std::time::Duration,
        shutdown: watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        let instance = uuid::Uuid::new_v4().simple().to_string();
        (0..count)
            .map(|index| {
                let runner = self.clone();
                let worker = format!("{}-{index}", &instance[..12]);
                let shutdown = shutdown.clone();
                tokio::spawn(async move { runner.work(worker, poll, shutdown).await })
            })
            .collect()
    }

    async fn work(
        &self,
        worker: String,
        poll: std::time::Duration,
        mut shutdown: watch::Receiver<bool>,
    ) {
        while !*shutdown.borrow() {
            let ran = match self.run_due(&worker).await {
                Ok(ran) => ran,
                Err(error) => {
                    tracing::warn!(worker = %worker, error = %error, "claiming jobs failed; the worker will try again");
                    0
                }
            };
            if ran > 0 {
                continue;
            }
            // Idle: wait for a wake-up, the next poll, or shutdown. The poll is what finds jobs that
            // other instances enqueued and retries whose time has come.
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(poll) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use c4h_domain::ids::JobId;
    use c4h_storage::model::JobState;
    use time::macros::datetime;

    fn job(attempts: u32) -> Job {
        Job {
            id: JobId::from_name("retry"),
            kind: "test".into(),
            payload: serde_json::Value::Null,
            idempotency_key: "k".into(),
            state: JobState::Running,
            attempts,
            max_attempts: 20,
            run_at: datetime!(2026-01-01 00:00 UTC),
            locked_by: None,
            locked_until: None,
            last_error: None,
        }
    }

    #[test]
    fn retries_back_off_exponentially_up_to_an_hour_with_bounded_jitter() {
        let delays: Vec<i64> = (1..=12).map(|n| retry_delay(&job(n)).whole_seconds()).collect();
        for (delay, base) in delays.iter().zip([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]) {
            assert!((base..=base + base / 10).contains(delay), "{delays:?}");
        }
        assert!(delays.windows(2).all(|pair| pair[0] <= pair[1]), "{delays:?}");
        assert!(*delays.last().unwrap() <= 3960);
    }
}
