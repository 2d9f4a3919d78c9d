//! What the binary's tests share: running `c4h` as an operator does, and a served instance.

// Each test binary uses part of this.
#![allow(dead_code)]

use std::path::Path;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const C4H: &str = env!("CARGO_BIN_EXE_c4h");

/// A test database's URL as `--database-url` takes it.
pub fn url_argument(url: &c4h_storage::DatabaseUrl) -> String {
    match url {
        c4h_storage::DatabaseUrl::Sqlite { path } => format!("sqlite://{}", path.display()),
        c4h_storage::DatabaseUrl::Postgres { url } => url.clone(),
    }
}

/// A command with no inherited `C4H_*` settings and a quiet log.
pub fn c4h(folder: &Path) -> Command {
    let mut command = Command::new(C4H);
    command.current_dir(folder).env("C4H_LOG", "warn").kill_on_drop(true);
    for (name, _) in std::env::vars()
        .filter(|(name, _)| name.starts_with("C4H_") && !name.starts_with("C4H_TEST_"))
    {
        command.env_remove(name);
    }
    command
}

/// A `c4h serve` process and the address it printed.
pub struct Served {
    pub child: Child,
    pub base: String,
}

pub async fn serve(folder: &Path, args: &[&str]) -> Served {
    let mut child = c4h(folder)
        .arg("serve")
        .args(args)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.strip_prefix("c4h is serving on ") {
            let base = rest.split('/').take(3).collect::<Vec<_>>().join("/");
            return Served { child, base };
        }
    }
    panic!("c4h serve stopped before it served: {:?}", child.wait().await);
}

impl Served {
    /// Stops the server as a service manager does (SIGTERM) and checks that it exits cleanly.
    pub async fn stop(mut self) {
        let pid = self.child.id().unwrap().to_string();
        assert!(
            std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success()
        );
        let status = self.child.wait().await.unwrap();
        assert!(status.success(), "c4h serve exited with {status}");
    }
}
