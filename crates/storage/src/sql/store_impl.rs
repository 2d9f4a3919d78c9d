// The `Store` implementation shared by both backends.
//
// This file is `include!`d into `sqlite.rs` and `postgres.rs` and compiled once for each, with
// `ThisStore`, `Tx`, `begin_write`, `BACKEND`, `MIGRATOR` and the `dialect` module resolving to
// that backend's own. Writing the SQL once keeps the backends from drifting; everything that
// genuinely differs lives in `dialect` or in the backend file. It holds no `use` items: the
// including module imports what it needs.

#[async_trait]
impl Store for ThisStore {
    fn backend(&self) -> Backend {
        BACKEND
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn health(&self) -> Result<HealthReport, StoreError> {
        let applied: Vec<i64> =
            match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
            {
                Ok(versions) => versions,
                // No migrations table yet: nothing has been applied.
                Err(sqlx::Error::Database(_)) => Vec::new(),
                Err(error) => return Err(error.into()),
            };
        let pending_migrations = MIGRATOR
            .iter()
            .filter(|migration| !applied.contains(&migration.version))
            .map(|migration| format!("{} {}", migration.version, migration.description))
            .collect();
        let (server_version, settings) = self.durability().await?;
        Ok(HealthReport { backend: BACKEND, server_version, settings, pending_migrations })
    }

    async fn counts(&self) -> Result<Counts, StoreError> {
        let row: (i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM organisations), (SELECT COUNT(*) FROM providers), \
             (SELECT COUNT(*) FROM offerings), (SELECT COUNT(*) FROM users), \
             (SELECT COUNT(*) FROM assistance_requests), \
             (SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running')), \
             (SELECT COUNT(*) FROM jobs WHERE state = 'failed'), \
             (SELECT COUNT(*) FROM audit_events)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Counts {
            organisations: row.0,
            providers: row.1,
            offerings: row.2,
            users: row.3,
            requests: row.4,
            jobs_waiting: row.5,
            jobs_failed: row.6,
            audit_events: row.7,
        })
    }

    async fn operations_gauges(&self) -> Result<OperationsGauges, StoreError> {
        let row: (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM jobs WHERE state = 'queued'), \
             (SELECT COUNT(*) FROM jobs WHERE state = 'running'), \
             (SELECT COUNT(*) FROM jobs WHERE state = 'failed'), \
             (SELECT COUNT(*) FROM offers WHERE state = 'pending'), \
             (SELECT COUNT(*) FROM assistance_requests WHERE state IN ('submitted', 'triaged'))",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(OperationsGauges {
            jobs_queued: row.0,
            jobs_running: row.1,
            jobs_failed: row.2,
            offers_pending: row.3,
            requests_awaiting_triage: row.4,
        })
    }

    fn pool_status(&self) -> PoolStatus {
        PoolStatus {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn seed(&self, data: &SeedData, change: &Change) -> Result<SeedOutcome, StoreError> {
        let mut tx = begin_write(self).await?;
        let outcome = insert_seed(&mut tx, &self.keys.now(), data, change.now()).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn record(&self, change: &Change) -> Result<(), StoreError> {
        let mut tx = begin_write(self).await?;
        record_change(&mut tx, change).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn enqueue_jobs(&self, jobs: &[NewJob]) -> Result<u64, StoreError> {
        let mut tx = begin_write(self).await?;
        let enqueued = insert_jobs(&mut tx, jobs).await?;
        tx.commit().await?;
        Ok(enqueued)
    }

    async fn claim_jobs(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError> {
        claim_jobs(self, worker, now, lease, limit).await
    }

    async fn complete_job(
        &self,
        id: JobId,
        worker: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'done', finished_at = $3, locked_by = NULL, locked_until = NULL, \
             payload = '{}' WHERE id = $1 AND state = 'running' AND locked_by = $2",
        )
        .bind(DbId::from(id))
        .bind(worker)
        .bind(DbTime::new(now))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn fail_job(
        &self,
        id: JobId,
        worker: &str,
        error: &str,
        now: OffsetDateTime,
        retry_at: OffsetDateTime,
    ) -> Result<JobFate, StoreError> {
        fail_job(&self.pool, id, worker, error, now, retry_at).await
    }

    async fn purge_finished_jobs(&self, before: OffsetDateTime) -> Result<u64, StoreError> {
        let purged =
            sqlx::query("DELETE FROM jobs WHERE state IN ('done', 'failed') AND finished_at < $1")
                .bind(DbTime::new(before))
                .execute(&self.pool)
                .await?;
        Ok(purged.rows_affected())
    }

    async fn job(&self, id: JobId) -> Result<Option<Job>, StoreError> {
        let row: Option<JobRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1"
        )))
        .bind(DbId::from(id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(Job::try_from).transpose()
    }

    async fn audit_events(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT seq, occurred_at, actor_id, actor_label, action, object_kind, object_id, \
             request_id, client_address, details, prev_hash, hash \
             FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(AuditEvent::try_from).collect()
    }

    async fn write_probe(&self, id: uuid::Uuid, at: OffsetDateTime) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO write_probes (id, written_at) VALUES ($1, $2)")
            .bind(DbId(id))
            .bind(DbTime::new(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        Ok(sqlx::query_as("SELECT last_seq, last_hash FROM audit_chain_head")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn snapshot_into(&self, target: &std::path::Path) -> Result<(), StoreError> {
        self.snapshot_into_file(target).await
    }

    fn keys(&self) -> std::sync::Arc<Keys> {
        self.keys.clone()
    }

    async fn audit_anchors(&self) -> Result<AuditAnchors, StoreError> {
        let (base_seq, base_hash, last_seq, last_hash) =
            sqlx::query_as("SELECT base_seq, base_hash, last_seq, last_hash FROM audit_chain_head")
                .fetch_one(&self.pool)
                .await?;
        Ok(AuditAnchors { base_seq, base_hash, last_seq, last_hash })
    }
}

/// Writes a change's audit event and jobs inside the caller's transaction.
/// Commits `change` with the transaction's writes when the statement before changed `affected`
/// rows, else writes nothing (the transaction rolls back when dropped). How many rows changed.
async fn commit_if_changed(mut tx: Tx, affected: u64, change: &Change) -> Result<u64, StoreError> {
    if affected == 0 {
        return Ok(0);
    }
    record_change(&mut tx, change).await?;
    tx.commit().await?;
    Ok(affected)
}

async fn record_change(tx: &mut Tx, change: &Change) -> Result<(), StoreError> {
    record_changes(tx, &[change]).await
}

/// Writes several changes' audit events (in one statement, in this order) and jobs inside the
/// caller's transaction.
async fn record_changes(tx: &mut Tx, changes: &[&Change]) -> Result<(), StoreError> {
    let records: Vec<&AuditRecord> = changes.iter().map(|change| &change.audit).collect();
    append_audit(tx, &records).await?;
    for change in changes {
        insert_jobs(tx, &change.jobs).await?;
        insert_notifications(tx, &change.notifications, change.now()).await?;
    }
    Ok(())
}

/// An audit event as it is chained: its number, the hash before it and its own.
struct Chained<'a> {
    seq: i64,
    record: &'a AuditRecord,
    prev_hash: String,
    hash: String,
}

/// Chains `records` after the head `(last_seq, last_hash)`, in order.
fn chain_after<'a>(head: &(i64, String), records: &[&'a AuditRecord]) -> Vec<Chained<'a>> {
    let (mut seq, mut prev_hash) = head.clone();
    records
        .iter()
        .map(|record| {
            seq += 1;
            let hash = crate::audit::event_hash(&prev_hash, seq, record);
            let prev = std::mem::replace(&mut prev_hash, hash.clone());
            Chained { seq, record, prev_hash: prev, hash }
        })
        .collect()
}

/// Appends events to the hash chain, in one statement. The head comes from
/// `audit_head_for_append` (PostgreSQL: read `FOR UPDATE`; SQLite: under the writer's turn, kept
/// in memory between writes), and the database's trigger refuses an event that does not follow
/// the head exactly and moves the head with each one. If the head moved meanwhile (another
/// process appended), it is read again once.
async fn append_audit(tx: &mut Tx, records: &[&AuditRecord]) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let mut head = audit_head_for_append(tx, false).await?;
    for attempt in 0..2 {
        let events = chain_after(&head, records);
        let mut insert = QueryBuilder::<Db>::new(
            "INSERT INTO audit_events (seq, occurred_at, actor_id, actor_label, action, \
             object_kind, object_id, request_id, client_address, details, prev_hash, hash) ",
        );
        insert.push_values(&events, |mut row, event| {
            let record = event.record;
            row.push_bind(event.seq)
                .push_bind(DbTime::new(record.occurred_at))
                .push_bind(record.actor.user_id.map(DbId::from))
                .push_bind(&record.actor.label)
                .push_bind(&record.action)
                .push_bind(&record.object.kind)
                .push_bind(&record.object.id)
                .push_bind(record.request_id.map(DbId::from))
                .push_bind(record.actor.client_address.as_deref())
                .push_bind(record.details.to_string())
                .push_bind(&event.prev_hash)
                .push_bind(&event.hash);
        });
        match insert.build().execute(&mut **tx).await {
            Ok(_) => {
                let last = events.last().map(|event| (event.seq, event.hash.clone()));
                if let Some((seq, hash)) = last {
                    audit_appended(tx, seq, hash);
                }
                return Ok(());
            }
            Err(sqlx::Error::Database(error))
                if attempt == 0 && error.message().contains("the audit chain moved") =>
            {
                head = audit_head_for_append(tx, true).await?;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(StoreError::Corrupt("the audit chain head keeps moving".into()))
}
