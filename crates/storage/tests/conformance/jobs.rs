use std::collections::HashSet;
use std::sync::Arc;

use c4h_storage::model::{JobFate, JobState, NewJob};
use c4h_storage::{DatabaseUrl, Store, on_both_backends};
use time::Duration;

use crate::fixtures::NOW;

const LEASE: Duration = Duration::minutes(5);

fn job(key: &str) -> NewJob {
    NewJob::now("test.kind", key, serde_json::json!({"key": key}), NOW)
}

async fn an_idempotency_key_enqueues_once(store: Arc<dyn Store>, _: DatabaseUrl) {
    assert_eq!(store.enqueue_jobs(&[job("a"), job("b")]).await.unwrap(), 2);
    assert_eq!(store.enqueue_jobs(&[job("a")]).await.unwrap(), 0);
    assert_eq!(store.claim_jobs("w1", NOW, LEASE, 10).await.unwrap().len(), 2);
}

async fn a_job_runs_when_due_and_once_claimed_is_held_until_its_lease_lapses(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let later = NewJob { run_at: NOW + Duration::hours(1), ..job("later") };
    store.enqueue_jobs(std::slice::from_ref(&later)).await.unwrap();
    assert!(store.claim_jobs("w1", NOW, LEASE, 10).await.unwrap().is_empty());

    let claimed = store.claim_jobs("w1", NOW + Duration::hours(1), LEASE, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let held = &claimed[0];
    assert_eq!((held.id, held.state, held.attempts), (later.id, JobState::Running, 1));
    assert_eq!(held.run_at, later.run_at);
    assert_eq!(held.locked_until, Some(NOW + Duration::hours(1) + LEASE));
    assert!(store.claim_jobs("w2", NOW + Duration::hours(1), LEASE, 10).await.unwrap().is_empty());

    // w1 dies; after the lease w2 takes the job over and w1 can no longer complete it.
    let after_lease = NOW + Duration::hours(1) + LEASE;
    let taken = store.claim_jobs("w2", after_lease, LEASE, 10).await.unwrap();
    assert_eq!((taken.len(), taken[0].attempts), (1, 2));
    assert!(!store.complete_job(later.id, "w1", after_lease).await.unwrap());
    assert!(store.complete_job(later.id, "w2", after_lease).await.unwrap());
    let done = store.job(later.id).await.unwrap().unwrap();
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.payload, serde_json::json!({}), "a done job keeps no payload");
    assert!(
        store
            .claim_jobs("w3", after_lease + Duration::days(1), LEASE, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_failed_job_is_retried_at_the_given_time_then_given_up(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let flaky = NewJob { max_attempts: 2, ..job("flaky") };
    store.enqueue_jobs(std::slice::from_ref(&flaky)).await.unwrap();
    store.claim_jobs("w1", NOW, LEASE, 1).await.unwrap();
    let retry_at = NOW + Duration::seconds(30);
    assert_eq!(
        store.fail_job(flaky.id, "w1", "smtp down", NOW, retry_at).await.unwrap(),
        JobFate::Retry
    );
    let queued = store.job(flaky.id).await.unwrap().unwrap();
    assert_eq!((queued.state, queued.run_at), (JobState::Queued, retry_at));
    assert_eq!(queued.last_error.as_deref(), Some("smtp down"));
    assert!(store.claim_jobs("w1", NOW, LEASE, 1).await.unwrap().is_empty());

    store.claim_jobs("w1", retry_at, LEASE, 1).await.unwrap();
    assert_eq!(
        store.fail_job(flaky.id, "w1", "still down", retry_at, retry_at).await.unwrap(),
        JobFate::GaveUp
    );
    assert_eq!(store.job(flaky.id).await.unwrap().unwrap().state, JobState::Failed);
    assert_eq!(
        store.fail_job(flaky.id, "w1", "again", retry_at, retry_at).await.unwrap(),
        JobFate::LeaseLost
    );
    assert_eq!(store.counts().await.unwrap().jobs_failed, 1);
}

async fn a_job_whose_worker_died_on_its_last_attempt_is_not_run_again(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let poison = NewJob { max_attempts: 1, ..job("poison") };
    store.enqueue_jobs(std::slice::from_ref(&poison)).await.unwrap();
    store.claim_jobs("w1", NOW, LEASE, 1).await.unwrap();
    assert!(store.claim_jobs("w2", NOW + LEASE, LEASE, 1).await.unwrap().is_empty());
    let failed = store.job(poison.id).await.unwrap().unwrap();
    assert_eq!(failed.state, JobState::Failed);
}

async fn concurrent_workers_never_claim_the_same_job(store: Arc<dyn Store>, _: DatabaseUrl) {
    let jobs: Vec<_> = (0..60).map(|n| job(&format!("job-{n}"))).collect();
    store.enqueue_jobs(&jobs).await.unwrap();
    let mut workers = Vec::new();
    for worker in 0..6 {
        let store = store.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let batch = store.claim_jobs(&format!("w{worker}"), NOW, LEASE, 3).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.into_iter().map(|job| job.id));
            }
        }));
    }
    let mut seen = HashSet::new();
    for worker in workers {
        for id in worker.await.unwrap() {
            assert!(seen.insert(id), "job {id} was claimed twice");
        }
    }
    assert_eq!(seen.len(), 60);
}

async fn finished_jobs_are_purged_after_the_given_time_and_others_kept(
    store: Arc<dyn Store>,
    _: DatabaseUrl,
) {
    let (done, failed, waiting) =
        (job("done"), NewJob { max_attempts: 1, ..job("failed") }, job("waiting"));
    store.enqueue_jobs(&[done.clone(), failed.clone()]).await.unwrap();
    store.claim_jobs("w1", NOW, LEASE, 10).await.unwrap();
    store.complete_job(done.id, "w1", NOW).await.unwrap();
    store.fail_job(failed.id, "w1", "boom", NOW, NOW).await.unwrap();
    store.enqueue_jobs(std::slice::from_ref(&waiting)).await.unwrap();

    assert_eq!(store.purge_finished_jobs(NOW).await.unwrap(), 0, "finished exactly at the cut-off");
    assert_eq!(store.purge_finished_jobs(NOW + Duration::seconds(1)).await.unwrap(), 2);
    assert!(store.job(done.id).await.unwrap().is_none());
    assert!(store.job(failed.id).await.unwrap().is_none());
    assert!(store.job(waiting.id).await.unwrap().is_some());
}

on_both_backends!(
    finished_jobs_are_purged_after_the_given_time_and_others_kept,
    an_idempotency_key_enqueues_once,
    a_job_runs_when_due_and_once_claimed_is_held_until_its_lease_lapses,
    a_failed_job_is_retried_at_the_given_time_then_given_up,
    a_job_whose_worker_died_on_its_last_attempt_is_not_run_again,
    concurrent_workers_never_claim_the_same_job,
);
