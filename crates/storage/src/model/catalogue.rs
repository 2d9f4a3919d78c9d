//! The public catalogue: what vetted providers offer right now.

use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::{Country, Delivery, LanguageTag, RequesterKind, ServiceCategory};
use time::OffsetDateTime;

/// Which part of the catalogue to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueQuery {
    pub category: Option<ServiceCategory>,
    /// The reader's language: an offering's text in it is preferred when there is one.
    pub language: LanguageTag,
    /// Providers paused until after this instant are left out.
    pub now: OffsetDateTime,
}

/// One offering as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub offering_id: OfferingId,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub provider_country: Country,
    pub category: ServiceCategory,
    pub delivery: Delivery,
    pub capacity: u32,
    pub response_time_hours: u32,
    pub title: String,
    pub description: String,
    /// The language of `title` and `description`.
    pub text_language: LanguageTag,
    pub languages: Vec<LanguageTag>,
    /// ISO 3166-1 codes and UN M49 region codes, as stored.
    pub regions: Vec<String>,
    pub requester_kinds: Vec<RequesterKind>,
}
