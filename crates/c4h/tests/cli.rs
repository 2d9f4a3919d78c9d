//! The `c4h` binary as an operator uses it: start-up errors, commands, restarts, both backends.

use std::path::Path;
use std::process::{Output, Stdio};

use c4h_storage::DatabaseUrl;
use c4h_storage::testing::{TestBackend, TestDatabase};
use tokio::io::AsyncWriteExt;

mod common;

use common::{Served, c4h, serve};

async fn run(folder: &Path, args: &[&str]) -> Output {
    c4h(folder).args(args).stdin(Stdio::null()).output().await.unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts that start-up stopped with exit status 2 and exactly one line naming `setting`.
fn assert_refused(output: &Output, setting: &str, problem: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert_eq!(text.lines().count(), 1, "one line: {text}");
    assert!(text.starts_with(&format!("c4h: setting {setting} (")), "{text}");
    assert!(text.contains(problem), "{text}");
}

#[tokio::test]
async fn an_unknown_database_scheme_stops_start_up_naming_the_setting() {
    let folder = tempfile::tempdir().unwrap();
    let output = run(folder.path(), &["--database-url", "mysql://localhost/c4h", "serve"]).await;
    assert_refused(&output, "database_url", "\"mysql\", which is not supported");
}

#[tokio::test]
async fn an_unusable_data_folder_stops_start_up_naming_the_setting() {
    let folder = tempfile::tempdir().unwrap();
    // A file where the data folder should be: no folder can be made there, whoever runs the test.
    std::fs::write(folder.path().join("blocker"), "not a folder").unwrap();
    let output = run(folder.path(), &["serve", "--database-url", "sqlite://blocker/c4h.db"]).await;
    assert_refused(&output, "database_url", "cannot use the data folder blocker");
}

#[tokio::test]
async fn a_bad_port_stops_start_up_naming_the_setting() {
    let folder = tempfile::tempdir().unwrap();
    let output = c4h(folder.path()).env("C4H_LISTEN", "127.0.0.1:99999").output().await.unwrap();
    assert_refused(&output, "listen", "port \"99999\" is not a port number");
    assert!(!folder.path().join("data").exists(), "nothing was created before the check");

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = run(folder.path(), &["serve", "--listen", &format!("127.0.0.1:{port}")]).await;
    assert_refused(&output, "listen", "cannot listen on");
}

#[tokio::test]
async fn a_mistyped_variable_or_file_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let output =
        c4h(folder.path()).arg("check").env("C4H_LISTN", "127.0.0.1:1").output().await.unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("c4h: environment variable C4H_LISTN is not a known setting")
    );
    let output = run(folder.path(), &["--config", "missing.toml", "check"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("c4h: configuration file missing.toml:"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn every_command_has_help() {
    let folder = tempfile::tempdir().unwrap();
    for command in
        [&[][..], &["serve"], &["migrate"], &["demo"], &["admin"], &["admin", "create"], &["check"]]
            .into_iter()
            .chain([&["match"][..], &["match", "solve"], &["audit"], &["audit", "verify"]])
            .chain([&["keys"][..], &["keys", "rotate"], &["keys", "status"]])
            .chain([&["backup"][..], &["restore"]])
    {
        let mut args = command.to_vec();
        args.push("--help");
        let output = run(folder.path(), &args).await;
        assert!(output.status.success(), "{args:?}");
        assert!(stdout(&output).contains("Usage: c4h"), "{args:?}");
    }
    let help = stdout(&run(folder.path(), &["--help"]).await);
    for word in [
        "serve",
        "migrate",
        "demo",
        "admin",
        "check",
        "match",
        "audit",
        "keys",
        "backup",
        "restore",
        "--database-url",
        "C4H_DATABASE_URL",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
}

#[tokio::test]
async fn demo_migrate_and_check_work_and_the_demo_loads_once() {
    let folder = tempfile::tempdir().unwrap();
    let first = run(folder.path(), &["demo"]).await;
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("objects added, 0 already there"));
    let second = run(folder.path(), &["demo"]).await;
    assert!(
        stdout(&second).starts_with("Demo data loaded: 0 objects added"),
        "{}",
        stdout(&second)
    );
    assert!(run(folder.path(), &["migrate"]).await.status.success());
    let check = run(folder.path(), &["check"]).await;
    let report = stdout(&check);
    assert!(check.status.success(), "{report}{}", stderr(&check));
    for line in [
        "journal_mode: wal (expected wal) ok",
        "synchronous: full (expected full) ok",
        "foreign_keys: on (expected on) ok",
        "migrations: up to date",
        "10 organisations",
        "All checks passed.",
    ] {
        assert!(report.contains(line), "{line:?} missing from:\n{report}");
    }
}

async fn admin_create(folder: &Path, email: &str, password: &str) -> Output {
    let mut child = c4h(folder)
        .args([
            "admin",
            "create",
            "--email",
            email,
            "--name",
            "Operations desk",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).await.unwrap();
    child.wait_with_output().await.unwrap()
}

#[tokio::test]
async fn the_first_administrator_is_made_on_the_command_line_once() {
    let folder = tempfile::tempdir().unwrap();
    let created =
        admin_create(folder.path(), "Ops@Operator.example", "a long enough passphrase").await;
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stdout(&created).starts_with("Administrator ops@operator.example created"));
    let again =
        admin_create(folder.path(), "ops@operator.example", "another long passphrase").await;
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        stderr(&again).trim(),
        "c4h: an account with the e-mail address ops@operator.example already exists"
    );
    let long = admin_create(folder.path(), "other@operator.example", &"x".repeat(129)).await;
    assert_eq!(stderr(&long).trim(), "c4h: the password is longer than 128 characters");
    let bad = admin_create(folder.path(), "not-an-address", "a long enough passphrase").await;
    assert!(stderr(&bad).starts_with("c4h: --email: \"not-an-address\" is not an e-mail address"));
    let check = stdout(&run(folder.path(), &["check"]).await);
    assert!(check.contains(" 1 users,"), "{check}");
}

async fn catalogue(served: &Served) -> String {
    reqwest::get(format!("{}/catalogue", served.base)).await.unwrap().text().await.unwrap()
}

/// The password printed for a demo account.
fn printed_password(output: &str, address: &str) -> String {
    let line = output
        .lines()
        .find(|line| line.contains(address))
        .unwrap_or_else(|| panic!("{address} not in {output}"));
    line.split("password: ").nth(1).unwrap().trim().to_owned()
}

#[tokio::test]
async fn a_demo_account_signs_in_with_the_password_printed_for_it() {
    let folder = tempfile::tempdir().unwrap();
    let demo = stdout(&run(folder.path(), &["demo"]).await);
    let password = printed_password(&demo, "demo-requester@tilleuls.example");
    let served = serve(folder.path(), &[]).await;
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = http.get(format!("{}/login", served.base)).send().await.unwrap();
    let csrf = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("__Host-c4h_csrf="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap();
    let sign_in = |password: String| {
        let (http, csrf, base) = (http.clone(), csrf.clone(), served.base.clone());
        async move {
            http.post(format!("{base}/login"))
                .header("cookie", format!("__Host-c4h_csrf={csrf}"))
                .form(&[
                    ("email", "demo-requester@tilleuls.example"),
                    ("password", &password),
                    ("csrf", &csrf),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(sign_in("not the password".into()).await, reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(password).await, reqwest::StatusCode::SEE_OTHER);
    served.stop().await;
}

#[tokio::test]
async fn the_service_keeps_its_data_across_a_restart() {
    let folder = tempfile::tempdir().unwrap();
    let first = serve(folder.path(), &["--demo"]).await;
    assert!(catalogue(&first).await.contains("9 services."));
    first.stop().await;
    assert!(folder.path().join("data/c4h.db").exists(), "the default database is data/c4h.db");
    let second = serve(folder.path(), &[]).await;
    let page = catalogue(&second).await;
    assert!(page.contains("9 services.") && page.contains("DMARC deployment"));
    second.stop().await;
}

#[tokio::test]
async fn the_same_service_runs_on_postgresql_when_the_url_says_so() {
    let Some(database) = TestDatabase::create(TestBackend::Postgres).await else { return };
    let DatabaseUrl::Postgres { url } = database.url().clone() else { unreachable!() };
    let folder = tempfile::tempdir().unwrap();
    // With PostgreSQL the data key is never made up: every instance must be given the same one.
    let key = "5a".repeat(32);
    let refused = run(folder.path(), &["serve", "--database-url", &url]).await;
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("every instance must use the same key"));
    let served =
        serve(folder.path(), &["--demo", "--database-url", &url, "--data-key", &key]).await;
    let page = catalogue(&served).await;
    served.stop().await;
    assert!(!folder.path().join("data/c4h.db").exists(), "nothing was written to SQLite");
    database.destroy().await;
    assert!(page.contains("9 services.") && page.contains("Ransomware recovery"), "{page}");
}

#[tokio::test]
async fn match_solve_prints_the_optimum_and_names_a_bad_item() {
    let folder = tempfile::tempdir().unwrap();
    // Two places at p1, whose second request costs 5 more: the low request still fits.
    let instance = r#"{
      "requests":  [{"id": "r1", "urgency": "critical"}, {"id": "r2", "urgency": "low"}],
      "offerings": [{"id": "o1", "provider": "p1", "capacity": 2}],
      "providers": [{"id": "p1", "capacity": 3, "load_costs": [0, 5, 12]}],
      "edges":     [{"request": "r1", "offering": "o1", "cost": 17},
                    {"request": "r2", "offering": "o1", "cost": 1}]
    }"#;
    let file = folder.path().join("instance.json");
    std::fs::write(&file, instance).unwrap();
    let output = run(folder.path(), &["match", "solve", file.to_str().unwrap()]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        printed,
        serde_json::json!({
            "assignments": [{"request": "r1", "offering": "o1"}, {"request": "r2", "offering": "o1"}],
            "matched": {"critical": 1, "high": 0, "medium": 0, "low": 1},
            "cost": 23
        })
    );
    // From standard input, an edge to an offering nobody listed is named, and nothing printed.
    let mut child = c4h(folder.path())
        .args(["match", "solve", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let broken =
        instance.replace(r#""offering": "o1", "cost": 1}"#, r#""offering": "o7", "cost": 1}"#);
    child.stdin.take().unwrap().write_all(broken.as_bytes()).await.unwrap();
    let output = child.wait_with_output().await.unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).trim(),
        "c4h: standard input: edges[1]: names the offering \"o7\", which is not listed"
    );
    assert!(stdout(&output).is_empty());
}

#[tokio::test]
async fn match_export_writes_the_waiting_requests_for_match_solve() {
    let folder = tempfile::tempdir().unwrap();
    assert!(run(folder.path(), &["demo"]).await.status.success());
    let output = run(folder.path(), &["match", "export"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let exported: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // The demo's two requests in matching or on the waiting list, by reference only.
    let ids: Vec<&str> = exported["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C4H-DEMO-004", "C4H-DEMO-010"]);
    assert!(!stdout(&output).contains("(demo)"), "no organisation or provider name");
    let file = folder.path().join("now.json");
    std::fs::write(&file, stdout(&output)).unwrap();
    let solved = run(folder.path(), &["match", "solve", file.to_str().unwrap()]).await;
    assert!(solved.status.success(), "{}", stderr(&solved));
    // Nobody can take the demo's two (no offering serves Italy for incident response, nor an
    // NGO in Senegal for medical devices): unmet demand, and nothing to explain.
    let explained =
        run(folder.path(), &["match", "solve", "--explain", file.to_str().unwrap()]).await;
    assert!(explained.status.success(), "{}", stderr(&explained));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&explained)).unwrap();
    assert_eq!(printed["matched"]["high"], 0);
    assert_eq!(printed["explanations"], serde_json::json!([]));
}
