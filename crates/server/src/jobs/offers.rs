//! Expires an offer at its deadline and sends the request to the next best offering at once.
//!
//! Idempotent: an offer already ended (answered, or expired by an earlier run that died before
//! the next offer) is left as it is, and the next offer is looked for anyway, which changes
//! nothing for a request that is no longer in matching. A job that runs before the deadline (a
//! clock behind another instance's) fails and is retried later.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_domain::ids::{OfferId, RequestId};
use c4h_domain::matching::scoring::Weights;
use c4h_domain::offer_flow::{OfferDeadlines, OfferError, OfferStep};
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, Job, ObjectRef, OfferAnswer, OfferOutcome};

use super::JobHandler;
use crate::clock::Clock;
use crate::services::matching::{EXPIRE_OFFER, offer_next};

pub struct ExpireOffer {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    deadlines: OfferDeadlines,
    weights: Weights,
}

impl std::fmt::Debug for ExpireOffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExpireOffer").field("deadlines", &self.deadlines).finish()
    }
}

impl ExpireOffer {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock, deadlines: OfferDeadlines::default(), weights: Weights::default() }
    }
}

fn id_in(job: &Job, field: &str) -> anyhow::Result<String> {
    job.payload[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("an {EXPIRE_OFFER} job without its {field}"))
}

#[async_trait]
impl JobHandler for ExpireOffer {
    fn kind(&self) -> &'static str {
        EXPIRE_OFFER
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let offer = OfferId::parse(&id_in(job, "offer")?)?;
        let request = RequestId::parse(&id_in(job, "request")?)?;
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
        let next =
            offer_next(self.store.as_ref(), now, request, &self.deadlines, &self.weights).await?;
        tracing::info!(offer = %offer, next = ?next, "offer expiry handled");
        Ok(())
    }
}
