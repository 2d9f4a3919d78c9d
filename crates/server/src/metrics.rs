//! Operators' metrics in the Prometheus text format (OpenMetrics), served at `/metrics` on an
//! address of their own (`metrics_listen`), never on the public one.
//!
//! What it counts: requests by route (the route's pattern, never the path a client typed, so
//! the number of series is bounded), method and status, with their latency; and, read from the
//! database at each scrape, the job queue (queued, running, failed), offers waiting for an
//! answer, requests waiting for triage, and the database pool's connections.
//!
//! Guarantees: no label carries a value from a request (no ids, no query strings); a scrape
//! that cannot reach the database still answers with the request figures, and says so in
//! `c4h_database_up`.

use std::sync::atomic::AtomicU64;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s, doubling.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// The registry and its metrics, one per instance.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    jobs: Family<StateLabels, Gauge>,
    offers_pending: Gauge,
    awaiting_triage: Gauge,
    pool: Family<StateLabels, Gauge>,
    pool_max: Gauge,
    database_up: Gauge,
    scrapes_failed: Counter<u64, AtomicU64>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("c4h");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers",
            latency.clone(),
        );
        let jobs = Family::<StateLabels, Gauge>::default();
        registry.register("jobs", "Jobs in the queue, by state", jobs.clone());
        let offers_pending = Gauge::default();
        registry.register(
            "offers_pending",
            "Offers waiting for a provider's answer",
            offers_pending.clone(),
        );
        let awaiting_triage = Gauge::default();
        registry.register(
            "requests_awaiting_triage",
            "Requests submitted and not yet accepted, declined or merged",
            awaiting_triage.clone(),
        );
        let pool = Family::<StateLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections of this instance, by state",
            pool.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The pool's limit (db_max_connections)",
            pool_max.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 when the last scrape read the database, else 0",
            database_up.clone(),
        );
        let scrapes_failed = Counter::default();
        registry.register(
            "scrape_database_errors",
            "Scrapes that could not read the database",
            scrapes_failed.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            jobs,
            offers_pending,
            awaiting_triage,
            pool,
            pool_max,
            database_up,
            scrapes_failed,
        }
    }

    /// Counts one answered request.
    pub fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        let route = route.to_owned();
        let method = method.to_owned();
        self.requests
            .get_or_create(&RequestLabels {
                method: method.clone(),
                route: route.clone(),
                status: status.as_u16(),
            })
            .inc();
        self.latency.get_or_create(&RouteLabels { method, route }).observe(seconds);
    }

    /// The text of a scrape: the database's figures read now, then everything encoded.
    pub async fn render(&self, store: &dyn c4h_storage::Store) -> String {
        let pool = store.pool_status();
        self.pool.get_or_create(&StateLabels { state: "in_use" }).set(i64::from(pool.in_use()));
        self.pool.get_or_create(&StateLabels { state: "idle" }).set(i64::from(pool.idle));
        self.pool_max.set(i64::from(pool.max));
        match store.operations_gauges().await {
            Ok(gauges) => {
                for (state, value) in [
                    ("queued", gauges.jobs_queued),
                    ("running", gauges.jobs_running),
                    ("failed", gauges.jobs_failed),
                ] {
                    self.jobs.get_or_create(&StateLabels { state }).set(value);
                }
                self.offers_pending.set(gauges.offers_pending);
                self.awaiting_triage.set(gauges.requests_awaiting_triage);
                self.database_up.set(1);
            }
            Err(error) => {
                tracing::warn!(%error, "the metrics scrape could not read the database");
                self.database_up.set(0);
                self.scrapes_failed.inc();
            }
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The middleware that counts every request of the public router, by its route's pattern.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    state.metrics.observe(&method, &route, response.status(), started.elapsed().as_secs_f64());
    response
}

/// The metrics address's one route.
pub fn router(state: AppState) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state(state)
}

async fn scrape(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(state.store.as_ref()).await;
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
        .into_response()
}
