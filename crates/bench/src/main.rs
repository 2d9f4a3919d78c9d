//! The intake benchmark: the real service on loopback, on SQLite and on PostgreSQL, loaded with
//! submissions of the intake form at a fixed rate and at saturation, and in the same run the
//! ceiling: a bare handler that does one INSERT through the same pool and durability settings.
//!
//! Run it on the release build with `scripts/bench` (`--help` for the options). It prints a
//! Markdown table per backend and the ratio of intake to ceiling throughput.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use c4h_bench::{Figures, Requester, TABLE_HEADER, client, fixed_rate, saturate, submit};
use c4h_server::clock::SystemClock;
use c4h_server::config::RawSettings;
use c4h_storage::Store;
use c4h_storage::testing::{TestBackend, TestDatabase};

struct Options {
    /// Connections of the service's pool; `None`: the service's default.
    pool: Option<u32>,
    backends: Vec<TestBackend>,
    seconds: u64,
    rate: u32,
    connections: usize,
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        pool: None,
        backends: vec![TestBackend::Sqlite, TestBackend::Postgres],
        seconds: 10,
        rate: 200,
        connections: 32,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().context("a value after the option");
        match arg.as_str() {
            "--backend" => {
                options.backends = match value()?.as_str() {
                    "sqlite" => vec![TestBackend::Sqlite],
                    "postgres" => vec![TestBackend::Postgres],
                    "both" => vec![TestBackend::Sqlite, TestBackend::Postgres],
                    other => anyhow::bail!("--backend: {other} is not sqlite, postgres or both"),
                }
            }
            "--seconds" => options.seconds = value()?.parse()?,
            "--rate" => options.rate = value()?.parse()?,
            "--connections" => options.connections = value()?.parse()?,
            "--pool" => options.pool = Some(value()?.parse()?),
            "--help" | "-h" => {
                println!(
                    "c4h-bench [--backend sqlite|postgres|both] [--seconds 10] [--rate 200] [--connections 32] [--pool N]\n\
                     Loads the intake of a fresh service on loopback and measures the INSERT ceiling.\n\
                     PostgreSQL: C4H_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)."
                );
                std::process::exit(0);
            }
            other => anyhow::bail!("unknown option {other}; see --help"),
        }
    }
    Ok(options)
}

/// The bare ceiling: one route, no layers, one INSERT through the service's own store.
async fn ceiling_server(
    store: Arc<dyn Store>,
) -> anyhow::Result<(String, tokio::task::JoinHandle<()>)> {
    let router = axum::Router::new().route(
        "/insert",
        axum::routing::post(move || {
            let store = store.clone();
            async move {
                let at = time::OffsetDateTime::now_utc();
                match store.write_probe(uuid::Uuid::now_v7(), at).await {
                    Ok(()) => axum::http::StatusCode::SEE_OTHER,
                    Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE,
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok((base, task))
}

async fn run(backend: TestBackend, options: &Options) -> anyhow::Result<Vec<Figures>> {
    let database = TestDatabase::create(backend)
        .await
        .context("PostgreSQL is unreachable; set C4H_TEST_POSTGRES_URL or use --backend sqlite")?;
    let mut settings = RawSettings::gather(None, [], &[])?.validate()?;
    settings.database_url = database.url().clone();
    settings.listen = "127.0.0.1:0".parse()?;
    settings.public_url = "http://127.0.0.1:0".to_owned();
    settings.log = "warn".into();
    // A fixed key spares writing a key file anywhere; every description is sealed with it, as
    // the service seals them.
    settings.data_key = c4h_server::crypto::KeySource::Inline([0x42; 32]);
    let (keyring, _) = c4h_server::crypto::load_keyring(&settings.data_key, false)?;
    if let Some(size) = options.pool {
        settings.pool.max_connections = size;
    }
    // The same connection pool the service would open with its defaults.
    let keys = c4h_storage::sealing::Keys::new(keyring);
    let store = c4h_storage::connect(database.url(), &settings.pool, keys).await?;
    store.migrate().await?;
    let requester = Requester::create(&store, "bench clinic").await?;
    let listener = c4h_server::app::bind(&settings).await?;
    let server =
        c4h_server::app::start(settings, store.clone(), Arc::new(SystemClock), listener).await?;
    let base = format!("http://{}", server.address);
    let http = client(options.connections)?;
    let length = Duration::from_secs(options.seconds);
    let tag = match backend {
        TestBackend::Sqlite => "SQLite",
        TestBackend::Postgres => "PostgreSQL",
    };
    let submit_one = |prefix: &'static str| {
        let (http, base, requester) = (http.clone(), base.clone(), requester.clone());
        move |n: usize| {
            let (http, base, requester) = (http.clone(), base.clone(), requester.clone());
            async move {
                submit(&http, &base, &requester, &format!("{prefix}-{n}")).await.unwrap_or(false)
            }
        }
    };
    let mut figures = Vec::new();
    let name = format!("{tag} intake, {} req/s offered", options.rate);
    figures.push(
        fixed_rate(&name, options.rate, options.connections, length, submit_one("rate")).await,
    );
    let name = format!("{tag} intake, saturation, {} connections", options.connections);
    figures.push(saturate(&name, options.connections, length, submit_one("saturation")).await);
    let (ceiling_base, ceiling) = ceiling_server(store.clone()).await?;
    let name = format!("{tag} bare INSERT ceiling, {} connections", options.connections);
    let probe = {
        let http = http.clone();
        move |_: usize| {
            let (http, url) = (http.clone(), format!("{ceiling_base}/insert"));
            async move {
                http.post(url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == reqwest::StatusCode::SEE_OTHER)
            }
        }
    };
    figures.push(saturate(&name, options.connections, length, probe).await);
    ceiling.abort();
    server.shutdown().await?;
    let counts = store.counts().await?;
    println!("{tag}: {} requests stored, {} audit events", counts.requests, counts.audit_events);
    drop(store);
    database.destroy().await;
    Ok(figures)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    for backend in options.backends.clone() {
        let figures = run(backend, &options).await?;
        println!("\n{TABLE_HEADER}");
        for figure in &figures {
            println!("{}", figure.line());
        }
        let ratio = figures[1].throughput() / figures[2].throughput().max(1.0);
        println!("\nintake at saturation / INSERT ceiling: {:.2}\n", ratio);
    }
    Ok(())
}
