//! Assembles catalogue entries from the rows the backends read.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::LazyLock;

use c4h_domain::ids::OfferingId;
use c4h_domain::{LanguageTag, RequesterKind, ServiceCategory};

use crate::StoreError;
use crate::model::CatalogueEntry;
use crate::rows::{CatalogueScalars, stored_language};

/// An SQL expression ranking `o.category` in the catalogue's order (most urgent help first, the
/// order `ServiceCategory` declares), rather than alphabetically by code. Built from the domain's
/// fixed codes only, never from input.
pub(crate) fn category_rank() -> &'static str {
    static RANK: LazyLock<String> = LazyLock::new(|| {
        let mut sql = String::from("CASE o.category");
        for (rank, code) in ServiceCategory::CODES.iter().enumerate() {
            let _ = write!(sql, " WHEN '{code}' THEN {rank}");
        }
        sql.push_str(" END");
        sql
    });
    &RANK
}

/// An offering's text in one language.
#[derive(Debug)]
pub(crate) struct Text {
    pub language: String,
    pub title: String,
    pub description: String,
}

/// The lists read beside the scalar rows, keyed by offering.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    pub texts: HashMap<OfferingId, Vec<Text>>,
    pub languages: HashMap<OfferingId, Vec<String>>,
    pub regions: HashMap<OfferingId, Vec<String>>,
    pub kinds: HashMap<OfferingId, Vec<String>>,
}

/// Joins rows and lists into entries, in the rows' order, picking each offering's text in
/// `language` when it has one, otherwise its English text, otherwise the first it has.
pub(crate) fn assemble(
    rows: Vec<CatalogueScalars>,
    mut lists: Lists,
    language: &LanguageTag,
) -> Result<Vec<CatalogueEntry>, StoreError> {
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.offering_id;
        let mut texts = lists.texts.remove(&id).unwrap_or_default();
        texts.sort_by_key(|text| {
            (text.language != language.as_str(), text.language != "en", text.language.clone())
        });
        let Some(text) = texts.into_iter().next() else {
            // An offering without any text cannot be shown; the schema lets it exist only while
            // it is being written, so leave it out rather than fail the whole page.
            continue;
        };
        let mut languages = lists
            .languages
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|tag| stored_language(tag))
            .collect::<Result<Vec<_>, _>>()?;
        languages.sort();
        let mut regions = lists.regions.remove(&id).unwrap_or_default();
        regions.sort();
        let mut requester_kinds = lists
            .kinds
            .remove(&id)
            .unwrap_or_default()
            .iter()
            .map(|kind| {
                RequesterKind::parse(kind)
                    .map_err(|e| StoreError::Corrupt(format!("requester kind: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        requester_kinds.sort();
        entries.push(CatalogueEntry {
            offering_id: id,
            provider_id: row.provider_id,
            provider_name: row.provider_name,
            provider_country: row.provider_country,
            category: row.category,
            delivery: row.delivery,
            capacity: row.capacity,
            response_time_hours: row.response_time_hours,
            text_language: stored_language(&text.language)?,
            title: text.title,
            description: text.description,
            languages,
            regions,
            requester_kinds,
        });
    }
    Ok(entries)
}
