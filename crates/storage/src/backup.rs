//! Restoring a copy that `Store::snapshot_into` made, into an empty database.
//!
//! Guarantees: nothing is written into a database that holds anything (an existing SQLite
//! file, a PostgreSQL database with tables); a SQLite copy is checked (`PRAGMA integrity_check`,
//! its migrations table) before it takes the database's place, by a rename; a PostgreSQL copy is
//! restored in one transaction, so a failure leaves the database empty.

use std::path::{Path, PathBuf};

use sqlx::Connection;

use crate::{DatabaseUrl, StoreError};

/// Where the decrypted copy should wait before it is restored: beside the SQLite file (so that
/// taking its place is a rename), or in the temporary folder for PostgreSQL.
pub fn staging_path(url: &DatabaseUrl) -> PathBuf {
    match url {
        DatabaseUrl::Sqlite { path } => {
            let mut name = path.as_os_str().to_owned();
            name.push(".restoring");
            PathBuf::from(name)
        }
        DatabaseUrl::Postgres { .. } => {
            std::env::temp_dir().join(format!("c4h-restore-{}.dump", std::process::id()))
        }
    }
}

/// Restores the copy at `copy` (see [`staging_path`]) into the empty database `url`.
pub async fn restore_copy(url: &DatabaseUrl, copy: &Path) -> Result<(), StoreError> {
    match url {
        DatabaseUrl::Sqlite { path } => {
            if std::fs::metadata(path).is_ok_and(|m| m.len() > 0) {
                return Err(StoreError::Backup(format!(
                    "{} exists: restore into a new file (or move this one away first, with the \
                     service stopped)",
                    path.display()
                )));
            }
            let problems = sqlite_problems(copy).await?;
            if !problems.is_empty() {
                return Err(StoreError::Backup(format!(
                    "the copy fails SQLite's integrity check: {}",
                    problems.join("; ")
                )));
            }
            if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
                std::fs::create_dir_all(folder)
                    .map_err(|source| StoreError::DataFolder { path: folder.to_owned(), source })?;
            }
            std::fs::rename(copy, path).map_err(|error| {
                StoreError::Backup(format!("cannot put the copy at {}: {error}", path.display()))
            })?;
            Ok(())
        }
        DatabaseUrl::Postgres { url } => {
            let mut conn = sqlx::PgConnection::connect(url).await?;
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', \
                 'information_schema')",
            )
            .fetch_one(&mut conn)
            .await?;
            conn.close().await?;
            if tables > 0 {
                return Err(StoreError::Backup(format!(
                    "the database holds {tables} tables: restore into an empty database"
                )));
            }
            let (url, copy) = (url.clone(), copy.to_owned());
            run_tool(move || {
                std::process::Command::new("pg_restore")
                    .args([
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                    ])
                    .arg(format!("--dbname={url}"))
                    .arg(&copy)
                    .output()
            })
            .await
        }
    }
}

/// What SQLite's own checks say of the file at `path`: empty when it is whole and is a c4h
/// database.
async fn sqlite_problems(path: &Path) -> Result<Vec<String>, StoreError> {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options).await.map_err(|error| {
        StoreError::Backup(format!("the copy is not a SQLite database: {error}"))
    })?;
    let mut problems: Vec<String> =
        match sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&mut conn).await {
            Ok(lines) => lines,
            Err(error) => vec![error.to_string()],
        };
    problems.retain(|line| line != "ok");
    let migrations: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&mut conn).await;
    if migrations.is_err() {
        problems.push("it is not a c4h database (it has no migrations)".to_owned());
    }
    conn.close().await?;
    Ok(problems)
}

/// Runs a database tool off the async threads; its own words on failure.
pub(crate) async fn run_tool(
    tool: impl FnOnce() -> std::io::Result<std::process::Output> + Send + 'static,
) -> Result<(), StoreError> {
    let output = tokio::task::spawn_blocking(tool)
        .await
        .map_err(|error| StoreError::Backup(error.to_string()))?
        .map_err(|error| StoreError::Backup(format!("cannot run the database tool: {error}")))?;
    if output.status.success() {
        Ok(())
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        Err(StoreError::Backup(format!(
            "the database tool failed ({}): {}",
            output.status,
            said.trim()
        )))
    }
}
