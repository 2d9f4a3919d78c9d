//! The engine's timers: an offer's expiry, a re-optimisation when capacity frees, and the
//! escalation of a critical request that waits too long.
//!
//! Idempotent: an offer already ended (answered, or expired by an earlier run that died before
//! the next offer) is left as it is, and the next offer is looked for anyway, which changes
//! nothing for a request that is no longer waiting; re-optimising twice sends nothing the first
//! run did not; an escalation's e-mails carry keys made from the job's id, so a second run sends
//! none again. A job that runs before its time (a clock behind another instance's) fails and is
//! retried later.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_domain::ids::{OfferId, RequestId};
use c4h_domain::offer_flow::{OfferError, OfferStep};
use c4h_domain::{RequestState, Urgency};
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, Job, NewJob, ObjectRef, OfferAnswer, OfferOutcome};
use time::OffsetDateTime;

use super::JobHandler;
use crate::clock::Clock;
use crate::i18n::{Locale, Tr};
use crate::mail::{self, Message};
use crate::services::matching::{EXPIRE_OFFER, Engine};

/// The job that re-optimises every waiting request (capacity freed).
pub const REMATCH: &str = "matching.rematch";
/// The job that tells every coordinator of a critical request still without a provider.
pub const ESCALATE: &str = "request.escalate";

/// A re-optimisation, due at once.
pub fn rematch_job(now: OffsetDateTime) -> NewJob {
    let mut job = NewJob::now(REMATCH, "", serde_json::json!({}), now);
    job.idempotency_key = format!("{REMATCH}:{}", job.id);
    job
}

/// The check, `after` from `now`, that a request which entered matching at `now` has a provider
/// by then if it is critical.
pub fn escalation_job(request: RequestId, now: OffsetDateTime, after: time::Duration) -> NewJob {
    let payload = serde_json::json!({
        "request": request.to_string(),
        "entered": now.unix_timestamp(),
    });
    let key = format!("{ESCALATE}:{request}:{}", now.unix_timestamp());
    NewJob { run_at: now + after, ..NewJob::now(ESCALATE, key, payload, now) }
}

fn field(job: &Job, name: &str) -> anyhow::Result<String> {
    job.payload[name]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("a {} job without its {name}", job.kind))
}

/// Expires an offer at its deadline and sends the request to the next best offering at once.
#[derive(Debug)]
pub struct ExpireOffer {
    engine: Engine,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
}

impl ExpireOffer {
    pub fn new(engine: Engine, store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { engine, store, clock }
    }
}

#[async_trait]
impl JobHandler for ExpireOffer {
    fn kind(&self) -> &'static str {
        EXPIRE_OFFER
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let offer = OfferId::parse(&field(job, "offer")?)?;
        let request = RequestId::parse(&field(job, "request")?)?;
        let now = self.clock.now();
        let expire = OfferAnswer { offer, step: OfferStep::Expire, by: None, at: now };
        let change =
            Change::new(Actor::system(), "offer.expire", ObjectRef::new("offer", offer), now)
                .for_request(request);
        if let Some(OfferOutcome::Refused(OfferError::BeforeDeadline)) =
            self.store.end_offer(&expire, &change).await?
        {
            anyhow::bail!("offer {offer} is not due yet");
        }
        let next = self.engine.offer_next(now, request).await?;
        tracing::info!(offer = %offer, next = ?next, "offer expiry handled");
        Ok(())
    }
}

/// Re-optimises every waiting request: capacity freed somewhere.
#[derive(Debug)]
pub struct Rematch {
    engine: Engine,
    clock: Arc<dyn Clock>,
}

impl Rematch {
    pub fn new(engine: Engine, clock: Arc<dyn Clock>) -> Self {
        Self { engine, clock }
    }
}

#[async_trait]
impl JobHandler for Rematch {
    fn kind(&self) -> &'static str {
        REMATCH
    }

    async fn run(&self, _job: &Job) -> anyhow::Result<()> {
        let done = self.engine.rematch(self.clock.now(), None).await?;
        tracing::info!(waiting = done.requests.len(), sent = done.sent(), "re-optimised");
        Ok(())
    }
}

/// Tells every coordinator when a critical request is still without a provider.
#[derive(Debug)]
pub struct EscalateCritical {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    public_url: String,
}

impl EscalateCritical {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, public_url: &str) -> Self {
        Self { store, clock, public_url: public_url.trim_end_matches('/').to_owned() }
    }
}

#[async_trait]
impl JobHandler for EscalateCritical {
    fn kind(&self) -> &'static str {
        ESCALATE
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let request = RequestId::parse(&field(job, "request")?)?;
        let entered = job.payload["entered"]
            .as_i64()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .ok_or_else(|| anyhow::anyhow!("a {ESCALATE} job without its entry time"))?;
        let now = self.clock.now();
        if now < job.run_at {
            anyhow::bail!("escalation of {request} is not due yet");
        }
        let Some(standing) = self.store.request_standing(request).await? else { return Ok(()) };
        let waiting = matches!(
            standing.state,
            RequestState::Matching | RequestState::Waitlisted | RequestState::Offered
        );
        if standing.urgency != Some(Urgency::Critical) || !waiting {
            return Ok(());
        }
        let minutes = (now - entered).whole_minutes().max(0);
        let mut change = Change::new(
            Actor::system(),
            "request.escalate",
            ObjectRef::new("request", request),
            now,
        )
        .for_request(request)
        .with_details(serde_json::json!({ "waited_minutes": minutes }));
        for coordinator in self.store.staff_contacts().await? {
            let locale = Locale::from_tag(&coordinator.language).unwrap_or(Locale::DEFAULT);
            let waited = Tr::new(locale).with(
                "waited-hours",
                &[("hours", (minutes / 60).to_string()), ("minutes", (minutes % 60).to_string())],
            );
            let message = Message::CriticalWaiting {
                reference: standing.reference.clone(),
                waited,
                link: format!("{}/coordination/requests/{request}", self.public_url),
            };
            let mut email = mail::job(&coordinator.email, locale, message, now);
            // A second run of this job enqueues nothing new.
            email.idempotency_key = format!("{}:{}:{}", mail::KIND, job.id, coordinator.user);
            change = change.with_job(email);
        }
        self.store.record(&change).await?;
        tracing::warn!(request = %request, waited_minutes = minutes, "critical request escalated");
        Ok(())
    }
}
