//! The operator's commands on the data, run as the real binary on both backends: walking the
//! audit chain, rotating the data keys.

use std::path::Path;
use std::process::{Output, Stdio};

use c4h_storage::testing::{TestBackend, TestDatabase, tamper_with_audit};

mod common;

use common::{c4h, url_argument};

/// Runs `c4h` on `database` with the key file `keys/c4h.key` in `folder` (made on first use:
/// PostgreSQL never makes one up).
async fn run(folder: &Path, database: &str, args: &[&str]) -> Output {
    let keys = folder.join("keys/c4h.key");
    if !keys.exists() {
        std::fs::create_dir_all(folder.join("keys")).unwrap();
        std::fs::write(&keys, format!("{}\n", "5a".repeat(32))).unwrap();
    }
    c4h(folder)
        .args(args)
        .args(["--database-url", database, "--data-key", "file:keys/c4h.key"])
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A database of either backend with the demo data, and the URL the binary takes for it.
async fn demo_database(folder: &Path, backend: TestBackend) -> Option<(TestDatabase, String)> {
    let database = TestDatabase::create(backend).await?;
    let url = url_argument(database.url());
    let demo = run(folder, &url, &["demo"]).await;
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    Some((database, url))
}

async fn audit_verify_names_the_tampered_event(backend: TestBackend) {
    let folder = tempfile::tempdir().unwrap();
    let Some((database, url)) = demo_database(folder.path(), backend).await else { return };

    let intact = run(folder.path(), &url, &["audit", "verify"]).await;
    let report = text(&intact.stdout);
    assert!(intact.status.success(), "{}", text(&intact.stderr));
    assert!(
        report.starts_with("All ") && report.contains(" audit events verify (1 to "),
        "{report}"
    );
    let anchor = report.trim().rsplit("Anchor: ").next().unwrap().to_owned();
    let anchored = run(folder.path(), &url, &["audit", "verify", "--anchor", &anchor]).await;
    assert!(anchored.status.success(), "{}", text(&anchored.stderr));

    tamper_with_audit(
        database.url(),
        &["UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2".to_owned()],
    )
    .await;
    let caught = run(folder.path(), &url, &["audit", "verify"]).await;
    assert_eq!(caught.status.code(), Some(1));
    assert_eq!(
        text(&caught.stderr),
        "c4h: the audit trail was tampered with: event 2 was edited: its content no longer \
         matches its hash (the one event before it verifies)\n"
    );

    let wrong = run(folder.path(), &url, &["audit", "verify", "--anchor", "1:nothex"]).await;
    assert_eq!(wrong.status.code(), Some(2), "{}", text(&wrong.stderr));
    assert!(text(&wrong.stderr).contains("is not SEQ:HASH"));
    database.destroy().await;
}

#[tokio::test]
async fn audit_verify_names_the_tampered_event_on_sqlite() {
    audit_verify_names_the_tampered_event(TestBackend::Sqlite).await;
}

#[tokio::test]
async fn audit_verify_names_the_tampered_event_on_postgresql() {
    audit_verify_names_the_tampered_event(TestBackend::Postgres).await;
}

/// A rewritten tail with a recomputed head verifies as a chain; the anchor an operator recorded
/// elsewhere is what catches it.
#[tokio::test]
async fn an_anchor_recorded_elsewhere_catches_a_rewritten_event() {
    let folder = tempfile::tempdir().unwrap();
    let Some((database, url)) = demo_database(folder.path(), TestBackend::Sqlite).await else {
        return;
    };
    let other = format!("1:{}", "0".repeat(64));
    let caught = run(folder.path(), &url, &["audit", "verify", "--anchor", &other]).await;
    assert_eq!(caught.status.code(), Some(1));
    assert!(text(&caught.stderr).contains("event 1 no longer has the anchor's hash"));
    database.destroy().await;
}

async fn keys_rotate_seals_everything_again_and_keeps_the_old_key(backend: TestBackend) {
    let folder = tempfile::tempdir().unwrap();
    let Some((database, url)) = demo_database(folder.path(), backend).await else { return };
    let before = run(folder.path(), &url, &["keys", "status"]).await;
    let before = text(&before.stdout);
    let old = before.lines().next().unwrap().rsplit(' ').next().unwrap().to_owned();
    assert!(
        before.contains(&format!("{old}: ")) && !before.contains(&format!("{old}: 0 ")),
        "{before}"
    );

    let rotated = run(folder.path(), &url, &["keys", "rotate"]).await;
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    let said = text(&rotated.stdout);
    assert!(said.contains("nothing is sealed with an older key now"), "{said}");
    let file = std::fs::read_to_string(folder.path().join("keys/c4h.key")).unwrap();
    assert_eq!(file.lines().count(), 2, "the old key stays: {file}");
    assert!(file.starts_with(&"5a".repeat(32)));

    let after = text(&run(folder.path(), &url, &["keys", "status"]).await.stdout);
    let new = after.lines().next().unwrap().rsplit(' ').next().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(after.contains(&format!("{old}: 0 sealed")), "{after}");
    assert!(!after.contains(&format!("{new}: 0 sealed")), "{after}");
    // The demo still reads (its accounts sign in, its data opens) and the trail verifies.
    let verified = run(folder.path(), &url, &["audit", "verify"]).await;
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    let check = run(folder.path(), &url, &["check"]).await;
    assert!(check.status.success(), "{}", text(&check.stdout));

    let inline = c4h(folder.path())
        .args(["keys", "rotate", "--database-url", &url, "--data-key", &"5a".repeat(32)])
        .output()
        .await
        .unwrap();
    assert_eq!(inline.status.code(), Some(2));
    assert!(text(&inline.stderr).contains("rotating needs file:PATH"));
    database.destroy().await;
}

#[tokio::test]
async fn keys_rotate_seals_everything_again_on_sqlite() {
    keys_rotate_seals_everything_again_and_keeps_the_old_key(TestBackend::Sqlite).await;
}

#[tokio::test]
async fn keys_rotate_seals_everything_again_on_postgresql() {
    keys_rotate_seals_everything_again_and_keeps_the_old_key(TestBackend::Postgres).await;
}
