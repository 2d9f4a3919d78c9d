//! What every request handler can reach.

use std::sync::Arc;

use c4h_storage::Store;

use crate::clock::Clock;
use crate::config::Settings;
use crate::jobs::JobRunner;
use crate::passwords::Hasher;
use crate::services::matching::Engine;

/// Shared by all requests; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub jobs: JobRunner,
    /// Bounds concurrent password hashing (see [`Hasher`]).
    pub hasher: Arc<Hasher>,
    /// The matching engine, shared with the job runner (its runs are one at a time here).
    pub engine: Engine,
    /// This instance's metrics (see [`crate::metrics`]).
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Becomes `true` when the server is shutting down: long-lived responses (a case's event
    /// stream) end, so that shutting down does not wait for them.
    pub stopping: tokio::sync::watch::Receiver<bool>,
}
