//! The restore drill, on SQLite and on PostgreSQL: a backup taken with the real binary while
//! requests are being submitted to the real service restores into an empty database that passes
//! its own integrity checks, whose audit trail verifies, and that holds every request
//! acknowledged before the backup began. A damaged backup and one sealed with another key are
//! refused with a clear message, and restore nothing.
//!
//! Bounded: the backup starts once a fixed number of submissions are acknowledged (a
//! condition, not a timer), and the load stops when the backup is written.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, Mutex};

use c4h_bench::{Requester, client, submit};
use c4h_storage::DatabaseUrl;
use c4h_storage::testing::{TestBackend, TestDatabase, integrity_problems, query_strings};
use tokio::sync::watch;

mod common;

use common::{c4h, serve, url_argument};

const CLIENTS: usize = 6;
/// Acknowledged submissions before the backup begins.
const BEFORE: usize = 30;

async fn run(folder: &Path, args: &[&str]) -> Output {
    c4h(folder).args(args).output().await.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Keys of the requests stored in the database at `url`.
async fn stored_keys(url: &DatabaseUrl) -> BTreeSet<String> {
    query_strings(
        url,
        "SELECT idempotency_key FROM assistance_requests WHERE idempotency_key IS NOT NULL",
    )
    .await
    .into_iter()
    .collect()
}

async fn a_backup_under_load_restores_everything_acknowledged_before_it(backend: TestBackend) {
    let Some(database) = TestDatabase::create(backend).await else { return };
    let Some(target) = TestDatabase::create(backend).await else { return };
    let store = database.store().await;
    let requester = Requester::create(&store, "backup clinic").await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("c4h.key"), format!("{}\n", "3c".repeat(32))).unwrap();
    std::fs::write(folder.path().join("other.key"), format!("{}\n", "7d".repeat(32))).unwrap();
    let url = url_argument(database.url());
    let key = ["--data-key", "file:c4h.key"];
    let served =
        serve(folder.path(), &[&["--database-url", url.as_str()][..], &key].concat()).await;

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let (acks, mut acked) = watch::channel(0usize);
    let (stop, stopping) = watch::channel(false);
    let http = client(CLIENTS).unwrap();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|worker| {
            let (http, base, requester) = (http.clone(), served.base.clone(), requester.clone());
            let (acknowledged, acks, stopping) =
                (acknowledged.clone(), acks.clone(), stopping.clone());
            tokio::spawn(async move {
                for n in 0.. {
                    if *stopping.borrow() {
                        break;
                    }
                    let key = format!("backup-client{worker}-{n}");
                    if submit(&http, &base, &requester, &key).await.unwrap() {
                        acknowledged.lock().unwrap().insert(key);
                        acks.send_modify(|count| *count += 1);
                    }
                }
            })
        })
        .collect();
    acked.wait_for(|count| *count >= BEFORE).await.unwrap();
    let before_backup = acknowledged.lock().unwrap().clone();
    let backup = folder.path().join("c4h.backup");
    let backup_arg = backup.to_str().unwrap();
    let taken = run(
        folder.path(),
        &[&["backup", backup_arg, "--database-url", url.as_str()][..], &key].concat(),
    )
    .await;
    let after_backup = *acked.borrow();
    stop.send(true).unwrap();
    for client in clients {
        client.await.unwrap();
    }
    served.stop().await;
    assert!(taken.status.success(), "{}", text(&taken.stderr));
    assert!(text(&taken.stdout).contains("sealed with the key"), "{}", text(&taken.stdout));
    assert!(after_backup > BEFORE, "the load went on while the backup was taken");
    let sealed = std::fs::read(&backup).unwrap();
    assert!(!sealed.windows(13).any(|w| w == b"backup clinic"), "the backup is not in clear");

    // Refused, restoring nothing: a byte changed, the end cut off, another key.
    let target_url = url_argument(target.url());
    let restore = |file: String, url: String, key: &'static str| {
        let folder = folder.path().to_owned();
        async move { run(&folder, &["restore", &file, "--database-url", &url, "--data-key", key]).await }
    };
    let mut damaged = sealed.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x20;
    std::fs::write(folder.path().join("damaged.backup"), &damaged).unwrap();
    std::fs::write(folder.path().join("short.backup"), &sealed[..sealed.len() - 100]).unwrap();
    for (file, key, says) in [
        ("damaged.backup", "file:c4h.key", "is damaged or was altered: nothing was restored"),
        ("short.backup", "file:c4h.key", "is damaged or was altered: nothing was restored"),
        ("c4h.backup", "file:other.key", "which data_key does not hold"),
    ] {
        let path = folder.path().join(file).to_str().unwrap().to_owned();
        let refused = restore(path, target_url.clone(), key).await;
        assert_eq!(refused.status.code(), Some(1), "{file}");
        assert!(text(&refused.stderr).contains(says), "{file}: {}", text(&refused.stderr));
        assert!(stored_keys_or_none(target.url()).await.is_none(), "{file} restored nothing");
    }

    let restored = restore(backup_arg.to_owned(), target_url.clone(), "file:c4h.key").await;
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(text(&restored.stdout).contains("all of which verify"), "{}", text(&restored.stdout));
    assert_eq!(integrity_problems(target.url()).await, Vec::<String>::new());
    let keys = stored_keys(target.url()).await;
    for key in &before_backup {
        assert!(
            keys.contains(&requester.stored_key(key)),
            "{key}, acknowledged before the backup, is missing"
        );
    }
    // A second restore into a database that is no longer empty is refused.
    let again = restore(backup_arg.to_owned(), target_url, "file:c4h.key").await;
    assert_eq!(again.status.code(), Some(1));
    drop(store);
    database.destroy().await;
    target.destroy().await;
}

/// The stored keys, or `None` when the database holds no requests table (nothing restored).
async fn stored_keys_or_none(url: &DatabaseUrl) -> Option<BTreeSet<String>> {
    let tables = match url {
        DatabaseUrl::Sqlite { path } => return path.exists().then(BTreeSet::new),
        DatabaseUrl::Postgres { .. } => {
            query_strings(url, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'")
                .await
        }
    };
    (!tables.is_empty()).then(BTreeSet::new)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_load_restores_on_sqlite() {
    a_backup_under_load_restores_everything_acknowledged_before_it(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_load_restores_on_postgresql() {
    a_backup_under_load_restores_everything_acknowledged_before_it(TestBackend::Postgres).await;
}
