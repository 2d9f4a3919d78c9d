// The job queue, shared by both backends (see store_impl.rs for how this file is compiled).

/// The longest error text kept on a job; enough to diagnose, bounded so a huge error cannot bloat
/// the table.
const MAX_JOB_ERROR: usize = 2000;

/// Inserts jobs, skipping any whose idempotency key is already known; returns how many were new.
async fn insert_jobs(tx: &mut Tx, jobs: &[NewJob]) -> Result<u64, StoreError> {
    let mut inserted = 0;
    for job in jobs {
        let result = sqlx::query(
            "INSERT INTO jobs (id, kind, payload, idempotency_key, state, attempts, max_attempts, \
             run_at, created_at) VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $6) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(DbId::from(job.id))
        .bind(&job.kind)
        .bind(job.payload.to_string())
        .bind(&job.idempotency_key)
        .bind(i64::from(job.max_attempts.max(1)))
        .bind(DbTime::new(job.run_at))
        .execute(&mut **tx)
        .await?;
        inserted += result.rows_affected();
    }
    Ok(inserted)
}

async fn claim_jobs(
    store: &ThisStore,
    worker: &str,
    now: OffsetDateTime,
    lease: Duration,
    limit: u32,
) -> Result<Vec<Job>, StoreError> {
    let mut tx = begin_write(store).await?;
    // A job whose worker died during its last allowed attempt is not run again: it may be the
    // job that killed the worker.
    sqlx::query(
        "UPDATE jobs SET state = 'failed', finished_at = $1, locked_by = NULL, locked_until = NULL, \
         last_error = 'the worker stopped during the last attempt' \
         WHERE state = 'running' AND locked_until <= $1 AND attempts >= max_attempts",
    )
    .bind(DbTime::new(now))
    .execute(&mut *tx)
    .await?;
    let rows: Vec<JobRow> = sqlx::query_as(dialect::CLAIM_JOBS)
        .bind(worker)
        .bind(DbTime::new(now + lease))
        .bind(DbTime::new(now))
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut jobs = rows.into_iter().map(Job::try_from).collect::<Result<Vec<_>, _>>()?;
    jobs.sort_by_key(|job| (job.run_at, job.id));
    Ok(jobs)
}

async fn fail_job(
    pool: &PoolOf,
    id: JobId,
    worker: &str,
    error: &str,
    now: OffsetDateTime,
    retry_at: OffsetDateTime,
) -> Result<JobFate, StoreError> {
    let error: String = error.chars().take(MAX_JOB_ERROR).collect();
    let state: Option<String> = sqlx::query_scalar(
        "UPDATE jobs SET \
           state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END, \
           run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE $4 END, \
           finished_at = CASE WHEN attempts >= max_attempts THEN $5 ELSE NULL END, \
           last_error = $3, locked_by = NULL, locked_until = NULL \
         WHERE id = $1 AND state = 'running' AND locked_by = $2 RETURNING state",
    )
    .bind(DbId::from(id))
    .bind(worker)
    .bind(error)
    .bind(DbTime::new(retry_at))
    .bind(DbTime::new(now))
    .fetch_optional(pool)
    .await?;
    Ok(match state.as_deref() {
        None => JobFate::LeaseLost,
        Some("failed") => JobFate::GaveUp,
        Some(_) => JobFate::Retry,
    })
}
