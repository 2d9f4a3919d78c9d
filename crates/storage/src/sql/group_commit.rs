// Group commit for submissions, shared by both backends (included into a `group_commit` module
// of each; see store_impl.rs for how these files are compiled).
//
// Every submission appends to the audit chain, whose head is one row: SQLite has one writer
// anyway, and PostgreSQL holds the head's row lock until the commit has been flushed. Writing
// each submission in its own transaction therefore pays a full commit, one after the other.
// Submissions arriving together are instead written by one task, in one transaction, each with
// its own request row and audit event: the fixed cost is shared, and a request is acknowledged
// only after the transaction holding it committed. If a batch fails, its submissions are written
// again one by one, so one bad submission fails alone. Keys make the retry safe: a batch whose
// commit was in fact applied turns into "submitted before" answers for the same requests.

/// The most submissions written in one transaction.
const BATCH_MAX: usize = 64;

struct Job {
    pending: PendingSubmission,
    reply: tokio::sync::oneshot::Sender<Result<Submitted, StoreError>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job").field("key", &self.pending.key).finish()
    }
}

/// The way to the submission writer. Cloned with the store; the writer stops when the last copy
/// is dropped.
#[derive(Debug, Clone)]
pub(super) struct Submitter {
    queue: tokio::sync::mpsc::UnboundedSender<Job>,
}

impl Submitter {
    /// Starts the writer task on `store` (a copy without a submitter of its own, so that the task
    /// does not keep itself alive).
    pub(super) fn start(store: ThisStore) -> Self {
        let (queue, jobs) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(write_submissions(store, jobs));
        Self { queue }
    }

    pub(super) async fn submit(
        &self,
        store: &ThisStore,
        pending: PendingSubmission,
    ) -> Result<Submitted, StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        match self.queue.send(Job { pending, reply }) {
            Ok(()) => match answer.await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Corrupt("the submission writer stopped".into())),
            },
            // The writer is gone (its runtime ended): write it here.
            Err(tokio::sync::mpsc::error::SendError(job)) => {
                submit_alone(store, &job.pending).await
            }
        }
    }
}

/// Takes what is waiting (up to `BATCH_MAX`) as soon as the previous batch is done: under light
/// load a batch is one submission and waits for nothing; under heavy load batches grow by
/// themselves.
async fn write_submissions(store: ThisStore, mut jobs: tokio::sync::mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH_MAX {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match write_batch(&store, &batch).await {
            Ok(references) => {
                for (job, reference) in batch.into_iter().zip(references) {
                    let answer = match reference {
                        Some(reference) => {
                            Ok(Submitted::Created { id: job.pending.submission.id, reference })
                        }
                        None => repeated(&store, &job.pending.key).await,
                    };
                    let _ = job.reply.send(answer);
                }
            }
            Err(_) => {
                for job in batch {
                    let _ = job.reply.send(submit_alone(&store, &job.pending).await);
                }
            }
        }
    }
}

/// Writes every submission of `batch` in one transaction, their audit events in one statement:
/// each one's reference, or `None` for a key submitted before.
async fn write_batch(store: &ThisStore, batch: &[Job]) -> Result<Vec<Option<String>>, StoreError> {
    let pending: Vec<&PendingSubmission> = batch.iter().map(|job| &job.pending).collect();
    let mut tx = begin_write(store).await?;
    let references = insert_requests(&mut tx, &pending).await?;
    let created: Vec<&Change> = pending
        .iter()
        .zip(&references)
        .filter(|(_, reference)| reference.is_some())
        .map(|(p, _)| &p.change)
        .collect();
    record_changes(&mut tx, &created).await?;
    tx.commit().await?;
    Ok(references)
}
