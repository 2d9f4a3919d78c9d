//! What every request handler can reach.

use std::sync::Arc;

use c4h_storage::Store;

use crate::clock::Clock;
use crate::config::Settings;
use crate::jobs::JobRunner;
use crate::passwords::Hasher;

/// Shared by all requests; cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub jobs: JobRunner,
    /// Bounds concurrent password hashing (see [`Hasher`]).
    pub hasher: Arc<Hasher>,
}

impl AppState {
    /// The matching engine with this instance's settings.
    pub fn engine(&self) -> crate::services::matching::Engine {
        crate::services::matching::Engine::new(
            self.store.clone(),
            self.settings.matching.clone(),
            &self.settings.public_url,
        )
    }
}
