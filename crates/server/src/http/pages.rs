//! The public pages. Each handler reads what it needs and renders one template.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Html;
use c4h_domain::{LanguageTag, RequesterKind, ServiceCategory, Urgency};
use c4h_storage::model::{CatalogueEntry, CatalogueQuery};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use crate::i18n::Tr;
use crate::state::AppState;

type Page = Result<Html<String>, AppError>;

fn render(template: impl Template) -> Page {
    Ok(Html(template.render()?))
}

async fn catalogue_entries(
    state: &AppState,
    tr: &Tr,
    category: Option<ServiceCategory>,
) -> Result<Vec<CatalogueEntry>, AppError> {
    let language = LanguageTag::parse(tr.lang()).map_err(|e| AppError::Internal(e.into()))?;
    let query =
        CatalogueQuery { category, ..CatalogueQuery::all(language, state.clock.now(), 500) };
    Ok(state.store.catalogue(&query).await?.items)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageContext,
    offering_count: u32,
    /// The categories that have at least one offering, in catalogue order.
    categories: Vec<&'static str>,
}

pub async fn home(State(state): State<AppState>, ctx: PageContext) -> Page {
    let entries = catalogue_entries(&state, &ctx.tr, None).await?;
    let mut categories: Vec<&'static str> =
        entries.iter().map(|entry| entry.category.as_str()).collect();
    categories.dedup();
    let offering_count = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    render(HomePage { ctx, offering_count, categories })
}

#[derive(Template)]
#[template(path = "ask.html")]
struct AskPage {
    ctx: PageContext,
}

pub async fn ask(ctx: PageContext) -> Page {
    render(AskPage { ctx })
}

#[derive(Template)]
#[template(path = "eligibility.html")]
struct EligibilityPage {
    ctx: PageContext,
    kinds: &'static [&'static str],
}

pub async fn eligibility(ctx: PageContext) -> Page {
    render(EligibilityPage { ctx, kinds: RequesterKind::CODES })
}

struct UrgencyRow {
    code: &'static str,
    help: String,
}

#[derive(Template)]
#[template(path = "how_it_works.html")]
struct HowItWorksPage {
    ctx: PageContext,
    urgencies: Vec<UrgencyRow>,
}

pub async fn how_it_works(ctx: PageContext) -> Page {
    let urgencies = Urgency::ALL
        .iter()
        .map(|urgency| UrgencyRow {
            code: urgency.as_str(),
            help: format!("{}-help", urgency.as_str()),
        })
        .collect();
    render(HowItWorksPage { ctx, urgencies })
}

#[derive(Debug, Deserialize)]
pub struct CatalogueParams {
    #[serde(default)]
    category: String,
}

struct CategoryOption {
    code: &'static str,
    selected: bool,
}

/// An offering as the catalogue page shows it, with its regions already named.
struct OfferingView {
    id: String,
    category: &'static str,
    title: String,
    description: String,
    text_language: String,
    provider_name: String,
    provider_country: &'static str,
    delivery: &'static str,
    languages: Vec<String>,
    regions: Vec<String>,
    kinds: Vec<&'static str>,
    capacity: u32,
    response_time_hours: u32,
}

impl OfferingView {
    fn new(entry: CatalogueEntry, tr: &Tr) -> Self {
        let regions =
            entry
                .regions
                .iter()
                .map(|code| {
                    if code.len() == 2 {
                        tr.label("country", code)
                    } else {
                        tr.label("region", code)
                    }
                })
                .collect();
        Self {
            id: entry.offering_id.to_string(),
            category: entry.category.as_str(),
            title: entry.title,
            description: entry.description,
            text_language: entry.text_language.primary().to_owned(),
            provider_name: entry.provider_name,
            provider_country: entry.provider_country.as_str(),
            delivery: entry.delivery.as_str(),
            languages: entry.languages.iter().map(|tag| tag.primary().to_owned()).collect(),
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

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    ctx: PageContext,
    categories: Vec<CategoryOption>,
    entries: Vec<OfferingView>,
}

pub async fn catalogue(
    State(state): State<AppState>,
    ctx: PageContext,
    params: Result<Query<CatalogueParams>, QueryRejection>,
) -> Page {
    let Query(params) = params?;
    let category = match params.category.trim() {
        "" => None,
        code => Some(ServiceCategory::parse(code).map_err(|_| AppError::BadRequest)?),
    };
    let entries = catalogue_entries(&state, &ctx.tr, category).await?;
    let categories = ServiceCategory::ALL
        .iter()
        .map(|option| CategoryOption { code: option.as_str(), selected: Some(*option) == category })
        .collect();
    let entries = entries.into_iter().map(|entry| OfferingView::new(entry, &ctx.tr)).collect();
    render(CataloguePage { ctx, categories, entries })
}
