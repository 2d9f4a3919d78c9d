//! The daily retention purge (see `services::retention`): closed cases and their files, drafts,
//! accounts never verified, and the oldest audit events, each as the operator's settings say.
//!
//! Like the other daily jobs it reschedules itself for the next day, and the idempotency key
//! carries the date, so however many instances run it, one purge per day is enqueued. It reads
//! the clock when it runs (not the time it was due), so a purge that ran late purges what is due
//! by then.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_domain::retention::RetentionPolicy;
use c4h_storage::Store;
use c4h_storage::model::{Job, NewJob};
use time::{Duration, OffsetDateTime};

use super::JobHandler;
use crate::clock::Clock;

#[derive(Debug)]
pub struct RetentionPurge {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    policy: RetentionPolicy,
}

impl RetentionPurge {
    pub const KIND: &'static str = "retention.purge";

    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, policy: RetentionPolicy) -> Self {
        Self { store, clock, policy }
    }

    /// The purge for the day of `at`, to run at `at`.
    pub fn job_for(at: OffsetDateTime) -> NewJob {
        super::daily(Self::KIND, at)
    }
}

#[async_trait]
impl JobHandler for RetentionPurge {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let now = self.clock.now();
        let report =
            crate::services::retention::purge_due(self.store.as_ref(), &self.policy, now).await?;
        tracing::info!(
            purged.cases = report.cases,
            purged.accounts = report.accounts,
            purged.audit_events = report.audit_events,
            "retention purge ran"
        );
        let next = job.run_at.max(now) + Duration::days(1);
        self.store.enqueue_jobs(&[Self::job_for(next)]).await?;
        Ok(())
    }
}
