//! Browser tests: Debian's headless Chromium driven through chromedriver (WebDriver) against the
//! real server, with an accessibility check by axe-core and a screenshot when a test fails.
//!
//! Needs `/usr/bin/chromium`, `/usr/bin/chromedriver` (or `C4H_CHROMIUM`, `C4H_CHROMEDRIVER`) and
//! `e2e/node_modules/axe-core` (`npm ci --prefix e2e`); `scripts/test` installs all three.
//! Screenshots of failures land in `e2e/screenshots/`.

mod accounts;
mod cases;
mod offers;
mod providers;
mod public_pages;
mod requests;

use std::future::Future;
use std::process::Stdio;

use c4h_storage::testing::TestBackend;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::support::{Options, TestApp, with_app};

fn workspace_path(relative: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}

/// A chromedriver process, killed when dropped.
pub struct Driver {
    _process: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits for it to say it is ready.
    pub async fn start() -> Self {
        let path = std::env::var("C4H_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut process = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {path} ({error}); run scripts/test, which installs chromium-driver"));
        let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
        while let Some(line) = lines.next_line().await.unwrap() {
            if line.contains("started successfully") {
                // Keep draining its output so that chromedriver never blocks on a full pipe.
                tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
                return Self { _process: process, port };
            }
        }
        panic!("chromedriver exited before it was ready");
    }

    /// Opens a headless Chromium session; `javascript: false` checks that pages work without it.
    pub async fn session(&self, javascript: bool) -> (Client, tempfile::TempDir) {
        let profile = tempfile::tempdir().unwrap();
        let chromium =
            std::env::var("C4H_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let mut prefs = json!({ "intl.accept_languages": "en-US,en" });
        if !javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1024", "--lang=en-US",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": prefs,
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session");
        (client, profile)
    }
}

/// Runs `test` with a fresh browser; if it panics, saves a screenshot named after the test first.
pub async fn with_browser<F, Fut>(name: &str, javascript: bool, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start().await;
    let (client, _profile) = driver.session(javascript).await;
    let outcome = tokio::spawn(test(client.clone())).await;
    if let Err(failure) = outcome {
        let folder = workspace_path("e2e/screenshots");
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join(format!("{name}.png"));
        match client.screenshot().await {
            Ok(png) => {
                std::fs::write(&file, png).unwrap();
                eprintln!("screenshot of the failure: {}", file.display());
            }
            Err(error) => eprintln!("no screenshot: {error}"),
        }
        drop(client.close().await);
        std::panic::resume_unwind(failure.into_panic());
    }
    client.close().await.unwrap();
}

/// Runs `test` with a fresh demo-free or demo server (on SQLite: the pages do not depend on the
/// backend, and the HTTP tests cover both) and a fresh browser.
pub async fn with_app_in_browser<F, Fut>(
    name: &'static str,
    javascript: bool,
    options: Options,
    test: F,
) where
    F: FnOnce(TestApp, Client) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_app(TestBackend::Sqlite, options, move |app| async move {
        with_browser(name, javascript, move |client| test(app, client)).await;
    })
    .await;
}

/// The text of the first element matching `css`.
pub async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Runs axe-core on the current page and returns its serious and critical violations, described.
pub async fn serious_accessibility_violations(client: &Client) -> Vec<String> {
    let path = workspace_path("e2e/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!("{} is missing; run `npm ci --prefix e2e` (scripts/test does)", path.display())
    });
    client.execute(&axe, vec![]).await.unwrap();
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
            .then(result => done(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
            }))))
            .catch(error => done([{ id: 'axe-error', impact: 'critical', help: String(error), nodes: [] }]));
    "#;
    let violations = client.execute_async(script, vec![]).await.unwrap();
    violations
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("{} ({}): {} at {}", v["id"], v["impact"], v["help"], v["nodes"]))
        .collect()
}
