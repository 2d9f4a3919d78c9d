//! The crash test: requests are submitted under load while the real `c4h serve` process is
//! killed with SIGKILL, several times, and restarted. Afterwards every acknowledged submission is
//! present and whole, the database passes its own integrity checks and the audit chain holds, and
//! submitting every key again duplicates nothing. On SQLite and on PostgreSQL.
//!
//! Bounded: a fixed number of rounds, each waiting for a fixed number of acknowledgements (a
//! condition, not a timer) before the kill.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use c4h_bench::{Requester, client, submit};
use c4h_storage::testing::{TestBackend, TestDatabase, integrity_problems, query_strings};
use c4h_storage::{GENESIS_HASH, Store, event_hash};
use tokio::sync::watch;

mod common;

use common::{serve, url_argument};

/// Kills per run.
const ROUNDS: usize = 3;
/// Acknowledged submissions to wait for in each round before the kill.
const ACKS_PER_ROUND: usize = 40;
/// Clients submitting at once.
const CLIENTS: usize = 12;

/// Keys sent and keys acknowledged, shared by the clients.
#[derive(Default)]
struct Ledger {
    sent: BTreeSet<String>,
    acknowledged: BTreeSet<String>,
}

/// Submits from `CLIENTS` tasks until `stop` turns true; each key is recorded as sent before its
/// request leaves and as acknowledged only once the service answered 303.
fn load(
    base: String,
    requester: Requester,
    round: usize,
    ledger: Arc<Mutex<Ledger>>,
    acks: watch::Sender<usize>,
    stop: watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let http = client(CLIENTS).unwrap();
    (0..CLIENTS)
        .map(|worker| {
            let (http, base, requester, ledger, acks, stop) = (
                http.clone(),
                base.clone(),
                requester.clone(),
                ledger.clone(),
                acks.clone(),
                stop.clone(),
            );
            tokio::spawn(async move {
                for n in 0.. {
                    if *stop.borrow() {
                        break;
                    }
                    let key = format!("round{round}-client{worker}-{n}");
                    ledger.lock().unwrap().sent.insert(key.clone());
                    match submit(&http, &base, &requester, &key).await {
                        Ok(true) => {
                            ledger.lock().unwrap().acknowledged.insert(key);
                            acks.send_modify(|count| *count += 1);
                        }
                        // Refused or cut off by the kill: unacknowledged; the last pass resends it.
                        Ok(false) | Err(_) => {
                            if *stop.borrow() {
                                break;
                            }
                        }
                    }
                }
            })
        })
        .collect()
}

/// Every audit event chains from the one before, up to the head kept outside the table.
async fn audit_chain_holds(store: &Arc<dyn Store>) {
    let (mut previous, mut after) = (GENESIS_HASH.to_owned(), 0);
    loop {
        let events = store.audit_events(after, 500).await.unwrap();
        if events.is_empty() {
            break;
        }
        for event in events {
            assert_eq!(event.prev_hash, previous, "event {} does not chain", event.seq);
            assert_eq!(
                event.hash,
                event_hash(&previous, event.seq, &event.record),
                "event {}",
                event.seq
            );
            previous = event.hash;
            after = event.seq;
        }
    }
    assert_eq!(store.audit_head().await.unwrap(), (after, previous), "the head matches the chain");
}

async fn acknowledged_submissions_survive_sigkill(backend: TestBackend) {
    let Some(database) = TestDatabase::create(backend).await else { return };
    let store = database.store().await;
    let requester = Requester::create(&store, "crash clinic").await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    let url = url_argument(database.url());
    // Given, as PostgreSQL requires (every instance the same); SQLite would make its own.
    let key = "3c".repeat(32);
    let args = ["--database-url", url.as_str(), "--data-key", key.as_str()];
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    for round in 0..ROUNDS {
        let mut served = serve(folder.path(), &args).await;
        let (acks, mut acked) = watch::channel(0usize);
        let (stop, stopping) = watch::channel(false);
        let clients =
            load(served.base.clone(), requester.clone(), round, ledger.clone(), acks, stopping);
        acked.wait_for(|count| *count >= ACKS_PER_ROUND).await.unwrap();
        // Requests are in flight now: kill without warning.
        served.child.start_kill().unwrap();
        served.child.wait().await.unwrap();
        stop.send(true).unwrap();
        for client in clients {
            client.await.unwrap();
        }
    }

    let keys: BTreeSet<String> = query_strings(
        database.url(),
        "SELECT idempotency_key FROM assistance_requests WHERE idempotency_key IS NOT NULL",
    )
    .await
    .into_iter()
    .collect();
    let (sent, acknowledged) = {
        let ledger = ledger.lock().unwrap();
        (ledger.sent.clone(), ledger.acknowledged.clone())
    };
    assert!(acknowledged.len() >= ROUNDS * ACKS_PER_ROUND);
    for key in &acknowledged {
        assert!(keys.contains(&requester.stored_key(key)), "acknowledged {key} was lost");
    }
    assert!(keys.len() <= sent.len(), "nothing but what was sent is stored");
    // Whole: every stored request has its fields (its description sealed) and its audit event.
    let broken = query_strings(
        database.url(),
        "SELECT r.reference FROM assistance_requests r WHERE r.urgency IS NULL \
         OR r.description NOT LIKE 'c4h1:%' \
         OR r.urgency_reasons = '' OR r.number IS NULL \
         OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.request_id = r.id)",
    )
    .await;
    assert!(broken.is_empty(), "incomplete requests: {broken:?}");
    assert_eq!(integrity_problems(database.url()).await, Vec::<String>::new());
    audit_chain_holds(&store).await;

    // Sending every key again, acknowledged or not, lands each exactly once.
    let served = serve(folder.path(), &args).await;
    let http = client(4).unwrap();
    for key in &sent {
        assert!(submit(&http, &served.base, &requester, key).await.unwrap(), "{key} was refused");
    }
    served.stop().await;
    let requests = store.counts().await.unwrap().requests;
    assert_eq!(requests, i64::try_from(sent.len()).unwrap(), "one request per key, no duplicate");
    audit_chain_holds(&store).await;
    drop(store);
    database.destroy().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_sigkill_on_sqlite() {
    acknowledged_submissions_survive_sigkill(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_sigkill_on_postgresql() {
    acknowledged_submissions_survive_sigkill(TestBackend::Postgres).await;
}
