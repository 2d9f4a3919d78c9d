//! The public pages. Each handler reads what it needs and renders one template.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use c4h_domain::{RequesterKind, Urgency};

use super::context::PageContext;
use super::errors::AppError;
use crate::state::AppState;

type Page = Result<Html<String>, AppError>;

fn render(template: impl Template) -> Page {
    Ok(Html(template.render()?))
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
    let counts = state.store.catalogue_categories(state.clock.now()).await?;
    let total: u64 = counts.iter().map(|(_, count)| count).sum();
    let offering_count = u32::try_from(total).unwrap_or(u32::MAX);
    let categories = counts.into_iter().map(|(category, _)| category.as_str()).collect();
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
