//! The daily digest: one e-mail a day to each person who chose it, saying how many
//! notifications wait in the app (a count and a link, nothing of the cases).
//!
//! Runs at 07:00 UTC and reschedules itself for the next day; the idempotency key carries the
//! date, so however many instances run it, one digest run per day is enqueued. A notification is
//! marked told in the same transaction as its digest's e-mail is enqueued, so it is in one digest
//! at most; the e-mail job's key names the person and the day.

use std::sync::Arc;

use async_trait::async_trait;
use c4h_storage::Store;
use c4h_storage::model::{Actor, Change, Job, NewJob, ObjectRef};
use time::{Duration, OffsetDateTime, Time};

use super::JobHandler;
use crate::i18n::Locale;
use crate::mail::{self, Message};

#[derive(Debug)]
pub struct DailyDigest {
    store: Arc<dyn Store>,
    public_url: String,
}

impl DailyDigest {
    pub const KIND: &'static str = "notifications.digest";
    /// When the digest goes, in UTC: early morning in Europe and Africa.
    const AT: Time = time::macros::time!(07:00);

    pub fn new(store: Arc<dyn Store>, public_url: &str) -> Self {
        Self { store, public_url: public_url.to_owned() }
    }

    /// The next run after `now`.
    pub fn next_after(now: OffsetDateTime) -> NewJob {
        let today = now.to_offset(time::UtcOffset::UTC).replace_time(Self::AT);
        let at = if today > now { today } else { today + Duration::days(1) };
        NewJob::now(Self::KIND, format!("{}:{}", Self::KIND, at.date()), serde_json::json!({}), at)
    }
}

#[async_trait]
impl JobHandler for DailyDigest {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        for digest in self.store.digests_due().await? {
            let recipient = &digest.recipient;
            let locale = Locale::from_tag(&recipient.language).unwrap_or(Locale::DEFAULT);
            let message = Message::NotificationDigest {
                count: digest.count.to_string(),
                link: format!("{}/notifications", self.public_url),
            };
            let mut email = mail::job(&recipient.email, locale, message, job.run_at);
            email.idempotency_key = format!("digest:{}:{}", recipient.user, job.run_at.date());
            let change = Change::new(
                Actor::system(),
                "notification.digest",
                ObjectRef::new("user", recipient.user),
                job.run_at,
            )
            .with_details(serde_json::json!({ "count": digest.count }))
            .with_job(email);
            self.store.mark_digested(recipient.user, &change).await?;
        }
        self.store.enqueue_jobs(&[Self::next_after(job.run_at)]).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_digest_runs_at_seven_the_same_day_or_the_next() {
        let before = DailyDigest::next_after(datetime!(2026-12-01 06:59 UTC));
        assert_eq!(before.run_at, datetime!(2026-12-01 07:00 UTC));
        let after = DailyDigest::next_after(datetime!(2026-12-01 07:00 UTC));
        assert_eq!(after.run_at, datetime!(2026-12-02 07:00 UTC));
        assert_eq!(after.idempotency_key, "notifications.digest:2026-12-02");
    }
}
