//! The job runner on the real queue, on a fake clock: nothing here waits for time to pass.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use c4h_server::clock::{Clock, FakeClock};
use c4h_server::jobs::{JobHandler, JobRunner, PurgeFinishedJobs, retry_delay};
use c4h_storage::model::{Job, JobState, NewJob};
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;
use time::macros::datetime;
use tokio::sync::{mpsc, watch};

/// Records the jobs it runs, failing the first `failures` attempts.
struct Recorder {
    failures: Mutex<u32>,
    ran: mpsc::UnboundedSender<serde_json::Value>,
}

#[async_trait]
impl JobHandler for Recorder {
    fn kind(&self) -> &'static str {
        "test.record"
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let mut failures = self.failures.lock().unwrap();
        if *failures > 0 {
            *failures -= 1;
            anyhow::bail!("the receiver is down");
        }
        self.ran.send(job.payload.clone())?;
        Ok(())
    }
}

fn setup(
    store: Arc<dyn Store>,
    failures: u32,
) -> (JobRunner, Arc<FakeClock>, mpsc::UnboundedReceiver<serde_json::Value>) {
    let clock = Arc::new(FakeClock::new(datetime!(2026-11-29 12:00 UTC)));
    let (ran, received) = mpsc::unbounded_channel();
    let handler = Arc::new(Recorder { failures: Mutex::new(failures), ran });
    (JobRunner::new(store, clock.clone(), vec![handler]), clock, received)
}

fn record(key: &str, clock: &FakeClock) -> NewJob {
    NewJob::now("test.record", key, serde_json::json!({ "key": key }), clock.now())
}

async fn a_due_job_runs_once_through_its_handler(store: Arc<dyn Store>, _: DatabaseUrl) {
    let (runner, clock, mut received) = setup(store.clone(), 0);
    let job = record("once", &clock);
    store.enqueue_jobs(std::slice::from_ref(&job)).await.unwrap();
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    assert_eq!(received.recv().await.unwrap(), serde_json::json!({ "key": "once" }));
    assert_eq!(store.job(job.id).await.unwrap().unwrap().state, JobState::Done);
    assert_eq!(runner.run_due("w").await.unwrap(), 0);
}

async fn a_failing_job_is_retried_after_its_backoff_and_then_succeeds(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let (runner, clock, mut received) = setup(store.clone(), 2);
    let job = record("flaky", &clock);
    store.enqueue_jobs(std::slice::from_ref(&job)).await.unwrap();
    runner.run_due("w").await.unwrap();
    let failed = store.job(job.id).await.unwrap().unwrap();
    assert_eq!((failed.state, failed.attempts), (JobState::Queued, 1));
    assert_eq!(failed.last_error.as_deref(), Some("the receiver is down"));
    let first_delay = failed.run_at - clock.now();
    assert!(
        first_delay >= Duration::seconds(30) && first_delay <= Duration::seconds(33),
        "{first_delay}"
    );

    // Not before its time.
    clock.advance(first_delay - Duration::seconds(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 0);
    clock.advance(Duration::seconds(1));
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    let again = store.job(job.id).await.unwrap().unwrap();
    assert_eq!(
        again.run_at - clock.now(),
        retry_delay(&again),
        "the second delay follows the backoff"
    );
    assert!(again.run_at - clock.now() >= Duration::seconds(60));

    clock.set(again.run_at);
    assert_eq!(runner.run_due("w").await.unwrap(), 1);
    assert_eq!(received.recv().await.unwrap(), serde_json::json!({ "key": "flaky" }));
    assert_eq!(store.job(job.id).await.unwrap().unwrap().state, JobState::Done);
}

async fn a_job_nobody_knows_is_kept_for_retry_not_dropped(store: Arc<dyn Store>, _: DatabaseUrl) {
    let (runner, clock, _received) = setup(store.clone(), 0);
    let job = NewJob::now("test.unknown", "unknown", serde_json::json!({}), clock.now());
    store.enqueue_jobs(std::slice::from_ref(&job)).await.unwrap();
    runner.run_due("w").await.unwrap();
    let kept = store.job(job.id).await.unwrap().unwrap();
    assert_eq!(kept.state, JobState::Queued);
    assert!(kept.last_error.unwrap().contains("no handler for jobs of kind test.unknown"));
}

async fn workers_pick_up_a_job_as_soon_as_they_are_woken(store: Arc<dyn Store>, _: DatabaseUrl) {
    let (runner, clock, mut received) = setup(store.clone(), 0);
    let (stop, stopped) = watch::channel(false);
    // A poll interval far longer than any test: only the wake-up can make the workers run the job.
    let workers = runner.spawn_workers(2, std::time::Duration::from_secs(3600), stopped);
    store.enqueue_jobs(&[record("woken", &clock)]).await.unwrap();
    runner.wake();
    assert_eq!(received.recv().await.unwrap(), serde_json::json!({ "key": "woken" }));
    stop.send_replace(true);
    for worker in workers {
        worker.await.unwrap();
    }
}

async fn housekeeping_purges_week_old_jobs_and_schedules_itself_for_tomorrow(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let clock = FakeClock::new(datetime!(2026-11-01 08:00 UTC));
    let old = NewJob::now("test.record", "old", serde_json::json!({}), clock.now());
    store.enqueue_jobs(std::slice::from_ref(&old)).await.unwrap();
    store.claim_jobs("w", clock.now(), Duration::minutes(5), 10).await.unwrap();
    store.complete_job(old.id, "w", clock.now()).await.unwrap();

    let purge = PurgeFinishedJobs::job_for(datetime!(2026-11-29 12:00 UTC));
    store
        .enqueue_jobs(&[purge.clone(), PurgeFinishedJobs::job_for(datetime!(2026-11-29 12:00 UTC))])
        .await
        .unwrap();
    let clock = Arc::new(FakeClock::new(datetime!(2026-11-29 12:00 UTC)));
    let engine = c4h_server::services::matching::Engine::new(
        store.clone(),
        c4h_server::config::MatchingSettings::default(),
        "http://c4h.test",
    );
    let housekeeping = JobRunner::standard(
        store.clone(),
        clock,
        engine,
        "http://c4h.test",
        c4h_domain::retention::RetentionPolicy::default(),
        None,
    );
    assert_eq!(
        housekeeping.run_due("w").await.unwrap(),
        1,
        "one purge per day however often it is enqueued"
    );
    assert!(store.job(old.id).await.unwrap().is_none(), "a job finished four weeks ago is purged");
    assert_eq!(store.job(purge.id).await.unwrap().unwrap().state, JobState::Done);
    let tomorrow = store
        .claim_jobs("w", datetime!(2026-11-30 12:00 UTC), Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(tomorrow.len(), 1);
    assert_eq!(tomorrow[0].idempotency_key, "housekeeping.purge_finished_jobs:2026-11-30");
}

on_both_backends!(
    a_due_job_runs_once_through_its_handler,
    a_failing_job_is_retried_after_its_backoff_and_then_succeeds,
    a_job_nobody_knows_is_kept_for_retry_not_dropped,
    workers_pick_up_a_job_as_soon_as_they_are_woken,
    housekeeping_purges_week_old_jobs_and_schedules_itself_for_tomorrow,
);
