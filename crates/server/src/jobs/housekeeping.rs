//! Keeps the job table small: finished jobs are deleted a week after they finished.
//!
//! The job reschedules itself for the next day; the idempotency key carries the date, so however
//! many instances run it, one purge per day is enqueued.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_storage::Store;
use c4h_storage::model::{Job, NewJob};
use time::{Duration, OffsetDateTime};

use super::JobHandler;

/// How long done and failed jobs are kept for inspection.
const KEEP_FINISHED: Duration = Duration::days(7);

#[derive(Debug)]
pub struct PurgeFinishedJobs {
    store: Arc<dyn Store>,
}

impl PurgeFinishedJobs {
    pub const KIND: &'static str = "housekeeping.purge_finished_jobs";

    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The purge for the day of `at`, to run at `at`.
    pub fn job_for(at: OffsetDateTime) -> NewJob {
        super::daily(Self::KIND, at)
    }
}

#[async_trait]
impl JobHandler for PurgeFinishedJobs {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let purged = self.store.purge_finished_jobs(job.run_at - KEEP_FINISHED).await?;
        tracing::info!(jobs.purged = purged, "purged finished jobs");
        let tomorrow = job.run_at + Duration::days(1);
        self.store.enqueue_jobs(&[Self::job_for(tomorrow)]).await?;
        Ok(())
    }
}
