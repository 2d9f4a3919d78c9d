//! The public catalogue: search and filters, a page at a time, and one page per offering.
//!
//! Only active offerings of vetted, unpaused providers are ever read (the store guarantees it);
//! filters come from a GET form, so every result page has an address that can be shared.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use c4h_domain::ids::OfferingId;
use c4h_domain::{LanguageTag, Region, RequesterKind, ServiceCategory};
use c4h_storage::model::{CatalogueEntry, CatalogueQuery};
use serde::Deserialize;

use super::choices::{self, Choice};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::filter;
use super::views::Pager;
use crate::i18n::Tr;
use crate::state::AppState;

/// Offerings per catalogue page.
pub const PAGE_SIZE: u32 = 20;

type Page = Result<Html<String>, AppError>;

/// An offering as the catalogue shows it, with its codes already named.
pub struct OfferingView {
    pub id: String,
    pub category: &'static str,
    pub title: String,
    pub description: String,
    /// Set when the text is not in the reader's language, for `lang` attributes.
    pub text_language: Option<String>,
    pub provider_name: String,
    pub provider_country: &'static str,
    pub delivery: &'static str,
    pub languages: Vec<String>,
    pub regions: Vec<String>,
    pub kinds: Vec<&'static str>,
    pub capacity: u32,
    pub response_time_hours: u32,
}

impl OfferingView {
    pub fn new(entry: CatalogueEntry, tr: &Tr) -> Self {
        let regions = entry
            .regions
            .iter()
            .map(|code| {
                let prefix = if code.len() == 2 { "country" } else { "region" };
                tr.label(prefix, code)
            })
            .collect();
        let text_language = entry.text_language.primary().to_owned();
        Self {
            id: entry.offering_id.to_string(),
            category: entry.category.as_str(),
            title: entry.title,
            description: entry.description,
            text_language: (text_language != tr.lang()).then_some(text_language),
            provider_name: entry.provider_name,
            provider_country: entry.provider_country.as_str(),
            delivery: entry.delivery.as_str(),
            languages: entry
                .languages
                .iter()
                .map(|tag| tr.label("language", tag.primary()))
                .collect(),
            regions,
            // An offering open to every kind says so in one phrase rather than ten.
            kinds: if entry.requester_kinds.len() == RequesterKind::ALL.len() {
                Vec::new()
            } else {
                entry.requester_kinds.iter().map(|kind| kind.as_str()).collect()
            },
            capacity: entry.capacity,
            response_time_hours: entry.response_time_hours,
        }
    }
}

/// The catalogue's filters as the GET form sends them; empty means "any".
#[derive(Debug, Default, Deserialize)]
pub struct CatalogueParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    serves: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: Option<u32>,
}

/// The reader's language as a tag.
pub fn reader_language(tr: &Tr) -> Result<LanguageTag, AppError> {
    LanguageTag::parse(tr.lang()).map_err(|e| AppError::Internal(e.into()))
}

impl CatalogueParams {
    pub(crate) fn query(&self, state: &AppState, tr: &Tr) -> Result<CatalogueQuery, AppError> {
        let page = self.page.unwrap_or(1).clamp(1, 10_000);
        Ok(CatalogueQuery {
            category: filter(&self.category, ServiceCategory::parse)?,
            requester_kind: filter(&self.kind, RequesterKind::parse)?,
            speaks: filter(&self.language, LanguageTag::parse)?,
            serves: filter(&self.serves, Region::parse)?,
            text: Some(self.q.trim().chars().take(100).collect())
                .filter(|q: &String| !q.is_empty()),
            language: reader_language(tr)?,
            now: state.clock.now(),
            offset: (page - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
        })
    }

    /// This search's address on another page.
    fn page_link(&self, page: u32) -> String {
        let query = serde_urlencoded::to_string([
            ("q", self.q.trim()),
            ("category", self.category.trim()),
            ("language", self.language.trim()),
            ("serves", self.serves.trim()),
            ("kind", self.kind.trim()),
            ("page", &page.to_string()),
        ])
        .unwrap_or_default();
        format!("/catalogue?{query}")
    }
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    ctx: PageContext,
    q: String,
    categories: Vec<Choice>,
    languages: Vec<Choice>,
    countries: Vec<Choice>,
    regions: Vec<Choice>,
    kinds: Vec<Choice>,
    total: u32,
    entries: Vec<OfferingView>,
    pager: Pager,
}

pub async fn catalogue(
    State(state): State<AppState>,
    ctx: PageContext,
    params: Result<Query<CatalogueParams>, QueryRejection>,
) -> Page {
    let Query(params) = params?;
    let query = params.query(&state, &ctx.tr)?;
    let found = state.store.catalogue(&query).await?;
    let total = u32::try_from(found.total).unwrap_or(u32::MAX);
    let page = query.offset / PAGE_SIZE + 1;
    let tr = &ctx.tr;
    let serves = params.serves.trim().to_ascii_uppercase();
    let template = CataloguePage {
        q: params.q.trim().to_owned(),
        categories: choices::categories(tr, &[params.category.trim()]),
        languages: choices::languages(tr, &[params.language.trim()]),
        countries: choices::countries(tr, &[serves.as_str()]),
        regions: choices::regions(tr, &[serves.as_str()]),
        kinds: choices::kinds(tr, &[params.kind.trim()]),
        total,
        entries: found.items.into_iter().map(|entry| OfferingView::new(entry, tr)).collect(),
        pager: Pager::new(tr, page, found.total, PAGE_SIZE, |n| params.page_link(n)),
        ctx,
    };
    Ok(Html(template.render()?))
}

#[derive(Template)]
#[template(path = "catalogue_offering.html")]
struct OfferingPage {
    ctx: PageContext,
    offering: OfferingView,
}

pub async fn offering(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<String>,
) -> Page {
    let id = OfferingId::parse(&id).map_err(|_| AppError::NotFound)?;
    let language = reader_language(&ctx.tr)?;
    let entry = state
        .store
        .catalogue_offering(id, &language, state.clock.now())
        .await?
        .ok_or(AppError::NotFound)?;
    let offering = OfferingView::new(entry, &ctx.tr);
    Ok(Html(OfferingPage { ctx, offering }.render()?))
}
