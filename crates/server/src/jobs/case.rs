//! A resolved case that its requester neither confirms nor reopens closes by itself after
//! `c4h_domain::case::AUTO_CLOSE_AFTER`.
//!
//! Idempotent: the store closes only a case still resolved since that resolution, so a second run,
//! or a run after the requester answered or the case was resolved again, changes nothing.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_domain::ids::RequestId;
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, Job, NewJob, ObjectRef};
use time::{Duration, OffsetDateTime};

use super::JobHandler;
use crate::clock::Clock;

/// The job that closes a resolved case after its requester's silence.
pub const AUTO_CLOSE: &str = "case.auto_close";

/// The auto-close of `request`, resolved at `now`.
pub fn auto_close_job(request: RequestId, now: OffsetDateTime) -> NewJob {
    let payload =
        serde_json::json!({ "request": request.to_string(), "resolved": now.unix_timestamp() });
    let key = format!("{AUTO_CLOSE}:{request}:{}", now.unix_timestamp());
    NewJob {
        run_at: now + c4h_domain::case::AUTO_CLOSE_AFTER,
        ..NewJob::now(AUTO_CLOSE, key, payload, now)
    }
}

#[derive(Debug)]
pub struct AutoClose {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl AutoClose {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

#[async_trait]
impl JobHandler for AutoClose {
    fn kind(&self) -> &'static str {
        AUTO_CLOSE
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let request = job.payload["request"]
            .as_str()
            .map(RequestId::parse)
            .transpose()?
            .ok_or_else(|| anyhow::anyhow!("a {AUTO_CLOSE} job without its request"))?;
        let resolved = job.payload["resolved"]
            .as_i64()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .ok_or_else(|| anyhow::anyhow!("a {AUTO_CLOSE} job without its resolution time"))?;
        let now = self.clock.now();
        if now < job.run_at {
            anyhow::bail!("the auto-close of {request} is not due yet");
        }
        let change =
            Change::new(Actor::system(), "request.close", ObjectRef::new("request", request), now)
                .for_request(request)
                .with_details(serde_json::json!({ "by": "silence" }));
        let mut change = change;
        for job in super::follow_up_jobs(request, now) {
            change = change.with_job(job);
        }
        // Stored instants may keep less than a second's precision: a second of slack.
        let closed = self
            .store
            .close_after_silence(request, resolved + Duration::seconds(1), &change)
            .await?;
        tracing::info!(request = %request, closed, "auto-close handled");
        Ok(())
    }
}
