//! Follow-ups: 30 and 90 days after a case closes, its requester is asked, in the app and by
//! e-mail as they chose, whether the problem came back (one click on the request's page).
//!
//! Idempotent: the jobs' keys name the request and the day count, and the store asks only of a
//! request still closed, so a reopened or merged request is not asked.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_domain::ids::RequestId;
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, Job, NewJob, ObjectRef};
use time::{Duration, OffsetDateTime};

use super::JobHandler;

pub const FOLLOW_UP: &str = "case.follow_up";

/// When the requester is asked, in days after the case closed.
pub const FOLLOW_UP_DAYS: [i64; 2] = [30, 90];

/// The follow-ups of `request`, closed at `now`.
pub fn follow_up_jobs(request: RequestId, now: OffsetDateTime) -> Vec<NewJob> {
    FOLLOW_UP_DAYS
        .iter()
        .map(|days| {
            let payload = serde_json::json!({ "request": request.to_string(), "days": days });
            let key = format!("{FOLLOW_UP}:{request}:{}:{days}", now.unix_timestamp());
            NewJob {
                run_at: now + Duration::days(*days),
                ..NewJob::now(FOLLOW_UP, key, payload, now)
            }
        })
        .collect()
}

#[derive(Debug)]
pub struct FollowUp {
    store: Arc<dyn Store>,
    public_url: String,
}

impl FollowUp {
    pub fn new(store: Arc<dyn Store>, public_url: &str) -> Self {
        Self { store, public_url: public_url.to_owned() }
    }
}

#[async_trait]
impl JobHandler for FollowUp {
    fn kind(&self) -> &'static str {
        FOLLOW_UP
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let request = job.payload["request"]
            .as_str()
            .map(RequestId::parse)
            .transpose()?
            .ok_or_else(|| anyhow::anyhow!("a {FOLLOW_UP} job without its request"))?;
        let object = ObjectRef::new("request", request);
        let change = Change::new(Actor::system(), "request.follow_up", object, job.run_at)
            .for_request(request)
            .with_details(serde_json::json!({ "days": job.payload["days"] }));
        let activity = crate::services::notify::Activity::FollowUp;
        let store = self.store.as_ref();
        let change = crate::services::notify::tell_with(
            store,
            &self.public_url,
            change,
            request,
            activity,
            None,
        )
        .await?;
        let asked = self.store.ask_follow_up(request, &change).await?;
        tracing::info!(request = %request, asked, "follow-up handled");
        Ok(())
    }
}
