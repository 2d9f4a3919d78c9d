//! The public catalogue.

use async_trait::async_trait;
use c4h_domain::LanguageTag;
use c4h_domain::ServiceCategory;
use c4h_domain::ids::OfferingId;
use time::OffsetDateTime;

use crate::StoreError;
use crate::model::{CatalogueEntry, CatalogueQuery, Page};

#[async_trait]
pub trait CatalogueStore {
    /// Active offerings of vetted, not paused providers that match the query, by category, then
    /// provider, a page at a time. Every filter is served by an index (see `catalogue_plan`).
    async fn catalogue(&self, query: &CatalogueQuery) -> Result<Page<CatalogueEntry>, StoreError>;

    /// One offering of the catalogue, if the public may see it now.
    async fn catalogue_offering(
        &self,
        id: OfferingId,
        language: &LanguageTag,
        now: OffsetDateTime,
    ) -> Result<Option<CatalogueEntry>, StoreError>;

    /// How many offerings of each category the catalogue shows now.
    async fn catalogue_categories(
        &self,
        now: OffsetDateTime,
    ) -> Result<Vec<(ServiceCategory, u64)>, StoreError>;

    /// The database's plan for a catalogue query (EXPLAIN), for operators and the index test.
    async fn catalogue_plan(&self, query: &CatalogueQuery) -> Result<String, StoreError>;
}
