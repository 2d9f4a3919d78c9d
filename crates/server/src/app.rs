//! Starting and stopping the service: bind, serve, run the workers, shut down gracefully.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use c4h_storage::Store;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::config::Settings;
use crate::jobs::{JobRunner, PurgeFinishedJobs};
use crate::passwords::Hasher;
use crate::state::AppState;

/// How often idle workers look for jobs enqueued elsewhere.
const JOB_POLL: Duration = Duration::from_secs(2);

/// A server that is running; stop it with [`RunningServer::shutdown`].
#[derive(Debug)]
pub struct RunningServer {
    pub address: SocketAddr,
    /// Where `/metrics` is served, when `metrics_listen` is set.
    pub metrics_address: Option<SocketAddr>,
    pub state: AppState,
    stop: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Stops accepting connections, lets requests in flight and jobs in progress finish, and waits.
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.stop.send_replace(true);
        for worker in self.workers {
            if let Err(error) = worker.await {
                tracing::error!(error = %error, "a job worker ended abnormally");
            }
        }
        self.server.await.unwrap_or_else(|error| Err(std::io::Error::other(error)))
    }
}

/// Binds `settings.listen`. Separate from [`start`] so that a caller can report a bind failure
/// as a problem with the `listen` setting.
pub async fn bind(settings: &Settings) -> std::io::Result<TcpListener> {
    TcpListener::bind(settings.listen).await
}

/// Serves on `listener` and runs the job workers until [`RunningServer::shutdown`].
pub async fn start(
    settings: Settings,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    listener: TcpListener,
) -> anyhow::Result<RunningServer> {
    start_with(settings, store, clock, listener, axum::Router::new()).await
}

/// [`start`] with extra routes behind the same layers (see [`crate::http::router_with`]).
pub async fn start_with(
    settings: Settings,
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    listener: TcpListener,
    extra: axum::Router<AppState>,
) -> anyhow::Result<RunningServer> {
    let mut settings = settings;
    let address = listener.local_addr()?;
    // Port 0 means "any free port": only now is the real address, and so the public one, known.
    if settings.listen.port() == 0 && settings.public_url.ends_with(":0") {
        settings.public_url = format!("http://{address}");
    }
    let mailer = crate::mail::Mailer::new(&settings.mail)?;
    let sender = crate::mail::EmailSender::new(
        mailer,
        settings.mail.from.clone(),
        settings.operator_name.clone(),
    );
    let engine = crate::services::matching::Engine::new(
        store.clone(),
        settings.matching.clone(),
        &settings.public_url,
    );
    let jobs = JobRunner::standard(
        store.clone(),
        clock.clone(),
        engine.clone(),
        &settings.public_url,
        settings.retention,
        Some(sender),
    );
    let first_digest = crate::jobs::DailyDigest::next_after(clock.now());
    let first_purge = crate::jobs::RetentionPurge::job_for(clock.now());
    store
        .enqueue_jobs(&[PurgeFinishedJobs::job_for(clock.now()), first_digest, first_purge])
        .await?;
    let hasher = Arc::new(Hasher::new(settings.password_hash_concurrency));
    let (stop, stopped) = watch::channel(false);
    let state = AppState {
        stopping: stopped.clone(),
        store,
        settings: Arc::new(settings),
        clock,
        jobs: jobs.clone(),
        hasher,
        engine,
        metrics: Arc::new(crate::metrics::Metrics::new()),
    };
    let workers = jobs.spawn_workers(state.settings.workers, JOB_POLL, stopped.clone());
    let app = crate::http::router_with(state.clone(), extra)
        .into_make_service_with_connect_info::<SocketAddr>();
    let mut stopped_server = stopped;
    let server = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                // Resolves when told to stop or when the sender is gone.
                drop(stopped_server.wait_for(|stop| *stop).await);
            })
            .await
    });
    let mut workers = workers;
    let metrics_address = match state.settings.metrics_listen {
        Some(address) => {
            let listener = TcpListener::bind(address).await.map_err(|error| {
                anyhow::anyhow!("setting metrics_listen: cannot listen on {address}: {error}")
            })?;
            let bound = listener.local_addr()?;
            let metrics = crate::metrics::router(state.clone());
            let mut stopped_metrics = state.stopping.clone();
            workers.push(tokio::spawn(async move {
                let served = axum::serve(listener, metrics)
                    .with_graceful_shutdown(async move {
                        drop(stopped_metrics.wait_for(|stop| *stop).await);
                    })
                    .await;
                if let Err(error) = served {
                    tracing::error!(%error, "the metrics listener stopped");
                }
            }));
            tracing::info!(metrics.address = %bound, "metrics are served at /metrics");
            Some(bound)
        }
        None => None,
    };
    Ok(RunningServer { address, metrics_address, state, stop, server, workers })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn termination() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(error = %error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
