//! The public catalogue: what vetted providers offer right now.

use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::{Country, Delivery, LanguageTag, Region, RequesterKind, ServiceCategory};
use time::OffsetDateTime;

/// Which part of the catalogue to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueQuery {
    pub category: Option<ServiceCategory>,
    /// Offerings open to this kind of requester.
    pub requester_kind: Option<RequesterKind>,
    /// Offerings whose engineers work in this language.
    pub speaks: Option<LanguageTag>,
    /// Offerings serving this country or region (a country also matches its region and the
    /// world; a region matches itself and the world).
    pub serves: Option<Region>,
    /// Words to find in titles, descriptions and provider names, case-insensitively.
    pub text: Option<String>,
    /// The reader's language: an offering's text in it is preferred when there is one.
    pub language: LanguageTag,
    /// Providers paused until after this instant are left out.
    pub now: OffsetDateTime,
    pub offset: u32,
    pub limit: u32,
}

impl CatalogueQuery {
    /// Everything, first page of `limit`.
    pub fn all(language: LanguageTag, now: OffsetDateTime, limit: u32) -> Self {
        Self {
            category: None,
            requester_kind: None,
            speaks: None,
            serves: None,
            text: None,
            language,
            now,
            offset: 0,
            limit,
        }
    }
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
