//! The test harness: a fresh, migrated database per test, on SQLite or PostgreSQL.
//!
//! SQLite databases are files in a temporary folder. PostgreSQL databases are created on the
//! server named by `C4H_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`)
//! with a unique name and dropped afterwards, also when the test panics.
//!
//! When PostgreSQL cannot be reached, a PostgreSQL test fails under `CI=true`; elsewhere it prints
//! a loud warning and returns without running, so that a laptop without PostgreSQL still runs the
//! SQLite half.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sqlx::{Connection, PgConnection};

use crate::{DatabaseUrl, PoolSettings, Store};

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("C4H_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

/// A database that exists for one test.
#[derive(Debug)]
pub struct TestDatabase {
    url: DatabaseUrl,
    /// Keeps the SQLite folder alive; removed on drop.
    folder: Option<tempfile::TempDir>,
    postgres_name: Option<String>,
}

impl TestDatabase {
    /// Creates an empty database, or `None` when PostgreSQL is unreachable outside CI.
    pub async fn create(backend: TestBackend) -> Option<Self> {
        match backend {
            TestBackend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder");
                let path = folder.path().join("data").join("c4h.db");
                Some(Self {
                    url: DatabaseUrl::Sqlite { path },
                    folder: Some(folder),
                    postgres_name: None,
                })
            }
            TestBackend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = match connect_admin(&admin).await {
                    Ok(conn) => conn,
                    Err(error) if !in_ci() => {
                        eprintln!(
                            "\n!!!!! PostgreSQL is unreachable at {admin} ({error}); SKIPPING this \
                             PostgreSQL test. Under CI=true this fails. !!!!!\n"
                        );
                        return None;
                    }
                    Err(error) => {
                        panic!("PostgreSQL is unreachable at {admin} and CI=true: {error}")
                    }
                };
                let name = format!("c4h_test_{}", uuid::Uuid::new_v4().simple());
                // The name is generated above from hex digits only, so it is safe as an identifier.
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create a test database");
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
                let url = DatabaseUrl::Postgres { url: format!("{base}/{name}") };
                Some(Self { url, folder: None, postgres_name: Some(name) })
            }
        }
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Opens the database and applies the migrations, with the tests' keyring.
    pub async fn store(&self) -> Arc<dyn Store> {
        let store = crate::connect(&self.url, &PoolSettings::default(), test_keys())
            .await
            .expect("open the test database");
        store.migrate().await.expect("migrate the test database");
        store
    }

    /// Removes the database. PostgreSQL databases are dropped even with connections still open.
    pub async fn destroy(mut self) {
        if let Some(name) = self.postgres_name.take()
            && let Ok(mut conn) = connect_admin(&postgres_admin_url()).await
        {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(error) = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&mut conn).await {
                eprintln!("could not drop the test database {name}: {error}");
            }
        }
        drop(self.folder.take());
    }
}

async fn connect_admin(url: &str) -> Result<PgConnection, sqlx::Error> {
    tokio::time::timeout(Duration::from_secs(5), PgConnection::connect(url))
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)?
}

/// Runs `test` against a fresh migrated store on `backend`, then removes the database, also when
/// the test panics (the panic is then resumed so the test fails).
pub async fn with_store<F, Fut>(backend: TestBackend, test: F)
where
    F: FnOnce(Arc<dyn Store>, DatabaseUrl) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(database) = TestDatabase::create(backend).await else { return };
    let store = database.store().await;
    let outcome = tokio::spawn(test(store, database.url().clone())).await;
    database.destroy().await;
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the test task failed: {error}"),
        }
    }
}

/// Declares each listed `async fn name(store: Arc<dyn Store>, url: DatabaseUrl)` as two tests,
/// `sqlite::name` and `postgres::name`, so the test output shows both backends ran.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::testing::with_store($crate::testing::TestBackend::Sqlite, super::$name).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::testing::with_store($crate::testing::TestBackend::Postgres, super::$name).await;
                }
            )+
        }
    };
}

/// The files in which PostgreSQL keeps `tables` (with their TOAST tables), after a checkpoint so
/// that what was committed is in them; `None` when the server's data directory is not on this
/// machine (a server elsewhere), whose files cannot be read from here.
pub async fn postgres_table_files(url: &str, tables: &[&str]) -> Option<Vec<std::path::PathBuf>> {
    let mut conn = PgConnection::connect(url).await.expect("connect to the test database");
    sqlx::query("CHECKPOINT").execute(&mut conn).await.expect("checkpoint");
    let data: String = sqlx::query_scalar("SELECT current_setting('data_directory')")
        .fetch_one(&mut conn)
        .await
        .expect("read the data directory");
    if !std::path::Path::new(&data).exists() {
        return None;
    }
    let tables: Vec<String> = tables.iter().map(|table| (*table).to_owned()).collect();
    let files: Vec<String> = sqlx::query_scalar(
        "SELECT pg_relation_filepath(c.oid) FROM pg_class c WHERE c.relname = ANY($1) \
         OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relname = ANY($1))",
    )
    .bind(&tables)
    .fetch_all(&mut conn)
    .await
    .expect("find the tables' files");
    Some(files.into_iter().map(|file| std::path::Path::new(&data).join(file)).collect())
}

/// A connection straight to a test database, bypassing the store.
enum Direct {
    Sqlite(sqlx::SqliteConnection),
    Postgres(PgConnection),
}

async fn direct(url: &DatabaseUrl) -> Direct {
    match url {
        DatabaseUrl::Sqlite { path } => Direct::Sqlite(
            sqlx::SqliteConnection::connect_with(
                &sqlx::sqlite::SqliteConnectOptions::new().filename(path),
            )
            .await
            .expect("open the SQLite test database"),
        ),
        DatabaseUrl::Postgres { url } => Direct::Postgres(
            PgConnection::connect(url).await.expect("connect to the test database"),
        ),
    }
}

/// The tests' keyring: one fixed key, so that every store a test opens on its database (a second
/// process, a restart) reads what the first sealed. Never a key of a real deployment.
pub fn test_keys() -> Arc<crate::sealing::Keys> {
    let key = crate::sealing::DataKey::from_bytes(*b"c4h tests only, never for real!!");
    crate::sealing::Keys::new(crate::sealing::Keyring::single(key))
}

/// Runs one statement directly on the test database, bypassing the store, with `at` bound as
/// `$1` in the backend's timestamp format: for tests that set up what no feature writes yet, or
/// that tamper with rows on purpose.
pub async fn execute_at(url: &DatabaseUrl, sql: &'static str, at: time::OffsetDateTime) {
    let at = crate::codec::DbTime::new(at);
    match direct(url).await {
        Direct::Sqlite(mut conn) => {
            sqlx::query(sql).bind(at).execute(&mut conn).await.expect("run the statement");
        }
        Direct::Postgres(mut conn) => {
            sqlx::query(sql).bind(at).execute(&mut conn).await.expect("run the statement");
        }
    }
}

/// Runs one statement without parameters directly on the test database (`ANALYZE`, for one).
pub async fn execute(url: &DatabaseUrl, sql: &'static str) {
    match direct(url).await {
        Direct::Sqlite(mut conn) => {
            sqlx::query(sql).execute(&mut conn).await.expect("run the statement");
        }
        Direct::Postgres(mut conn) => {
            sqlx::query(sql).execute(&mut conn).await.expect("run the statement");
        }
    }
}

/// Runs one statement without parameters and says whether the database refused it, and why.
pub async fn try_execute(url: &DatabaseUrl, sql: &'static str) -> Result<(), String> {
    let outcome = match direct(url).await {
        Direct::Sqlite(mut conn) => sqlx::query(sql).execute(&mut conn).await.map(drop),
        Direct::Postgres(mut conn) => sqlx::query(sql).execute(&mut conn).await.map(drop),
    };
    outcome.map_err(|error| error.to_string())
}

/// Tampers with the audit trail as someone with the database owner's rights could: lifts the
/// guards that keep it append-only, then runs `statements` in order. The statements are the
/// test's own text (tampering needs literal hashes), never user input.
pub async fn tamper_with_audit(url: &DatabaseUrl, statements: &[String]) {
    match direct(url).await {
        Direct::Sqlite(mut conn) => {
            for guard in [
                "DROP TRIGGER IF EXISTS audit_events_are_never_changed",
                "DROP TRIGGER IF EXISTS audit_events_go_only_by_retention",
                "DROP TRIGGER IF EXISTS audit_events_follow_the_head",
                "DROP TRIGGER IF EXISTS audit_events_move_the_head",
            ] {
                sqlx::query(guard).execute(&mut conn).await.expect("drop a guard");
            }
            for statement in statements {
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                    .execute(&mut conn)
                    .await
                    .expect("tamper");
            }
        }
        Direct::Postgres(mut conn) => {
            sqlx::query("ALTER TABLE audit_events DISABLE TRIGGER USER")
                .execute(&mut conn)
                .await
                .expect("lift the guards");
            for statement in statements {
                sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                    .execute(&mut conn)
                    .await
                    .expect("tamper");
            }
        }
    }
}

/// The first column of every row `sql` returns, as text (for tests that check stored data the
/// store has no reason to expose).
pub async fn query_strings(url: &DatabaseUrl, sql: &'static str) -> Vec<String> {
    match direct(url).await {
        Direct::Sqlite(mut conn) => {
            sqlx::query_scalar(sql).fetch_all(&mut conn).await.expect("run the query")
        }
        Direct::Postgres(mut conn) => {
            sqlx::query_scalar(sql).fetch_all(&mut conn).await.expect("run the query")
        }
    }
}

/// What the database's own integrity checks report; empty when all is well. SQLite: `PRAGMA
/// integrity_check` and `foreign_key_check`. PostgreSQL: amcheck on every B-tree index and on
/// every table's heap (the extension is created when missing).
pub async fn integrity_problems(url: &DatabaseUrl) -> Vec<String> {
    match direct(url).await {
        Direct::Sqlite(mut conn) => {
            let mut problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_all(&mut conn)
                .await
                .expect("run integrity_check");
            problems.retain(|line| line != "ok");
            let orphans: Vec<(String,)> =
                sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                    .fetch_all(&mut conn)
                    .await
                    .expect("run foreign_key_check");
            problems.extend(
                orphans.into_iter().map(|(table,)| format!("foreign key broken in {table}")),
            );
            problems
        }
        Direct::Postgres(mut conn) => {
            sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
                .execute(&mut conn)
                .await
                .expect("amcheck (PostgreSQL contrib) is needed for the integrity check");
            let indexes: Vec<(String,)> = sqlx::query_as(
                "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' \
                 AND c.relnamespace = 'public'::regnamespace",
            )
            .fetch_all(&mut conn)
            .await
            .expect("list the indexes");
            let mut problems = Vec::new();
            for (index,) in indexes {
                if let Err(error) = sqlx::query("SELECT bt_index_check($1::regclass, true)")
                    .bind(&index)
                    .execute(&mut conn)
                    .await
                {
                    problems.push(format!("index {index}: {error}"));
                }
            }
            let heap: Vec<(String, String)> = sqlx::query_as(
                "SELECT c.relname::text, v.msg FROM pg_class c, verify_heapam(c.oid) v \
                 WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace",
            )
            .fetch_all(&mut conn)
            .await
            .expect("run verify_heapam");
            problems.extend(heap.into_iter().map(|(table, msg)| format!("table {table}: {msg}")));
            problems
        }
    }
}
