//! A provider's offerings as its team manages them: the list with capacity in use, the offering
//! form (new and edit), pausing one offering, and pausing the whole provider until a date.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::Delivery;
use c4h_domain::ids::{OfferingId, ProviderId};
use c4h_domain::offering::{OfferingDraft, OfferingInput, TEXTS_MAX};
use c4h_domain::policy::{Action, Resource, authorize};
use c4h_storage::model::NewOffering;

use super::choices::{self, Choice, all_of, one_of};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, message, see_other};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::offerings::{self, Desk};
use crate::state::AppState;

/// Every field of the offering form that can carry an error, by name.
const FIELDS: [&str; 13] = [
    "category",
    "delivery",
    "capacity",
    "response_time_hours",
    "text_language_1",
    "title_1",
    "description_1",
    "text_language_2",
    "title_2",
    "description_2",
    "text_language_3",
    "title_3",
    "description_3",
];
const LISTS: [&str; 3] = ["languages", "regions", "requester_kinds"];

/// The form's field name for an error the domain reports.
fn field_name(name: &str) -> &'static str {
    FIELDS.iter().chain(LISTS.iter()).find(|field| **field == name).copied().unwrap_or("category")
}

/// Reads the offering form's pairs into the domain's input. Countries may be typed as codes
/// separated by spaces or commas beside the region boxes.
pub fn input_from(pairs: &[(String, String)]) -> OfferingInput {
    let mut regions = all_of(pairs, "regions");
    regions.extend(
        one_of(pairs, "countries")
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|code| !code.is_empty())
            .map(str::to_owned),
    );
    OfferingInput {
        category: one_of(pairs, "category"),
        delivery: one_of(pairs, "delivery"),
        capacity: one_of(pairs, "capacity"),
        response_time_hours: one_of(pairs, "response_time_hours"),
        active: one_of(pairs, "active") == "yes",
        texts: (1..=TEXTS_MAX)
            .map(|n| {
                (
                    one_of(pairs, &format!("text_language_{n}")),
                    one_of(pairs, &format!("title_{n}")),
                    one_of(pairs, &format!("description_{n}")),
                )
            })
            .collect(),
        languages: all_of(pairs, "languages"),
        regions,
        requester_kinds: all_of(pairs, "requester_kinds"),
    }
}

/// The pairs an existing offering would post, to fill the edit form.
fn pairs_of(offering: &NewOffering) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("category".to_owned(), offering.category.as_str().to_owned()),
        ("delivery".to_owned(), offering.delivery.as_str().to_owned()),
        ("capacity".to_owned(), offering.capacity.to_string()),
        ("response_time_hours".to_owned(), offering.response_time_hours.to_string()),
    ];
    if offering.active {
        pairs.push(("active".to_owned(), "yes".to_owned()));
    }
    for (n, text) in offering.texts.iter().enumerate().map(|(i, text)| (i + 1, text)) {
        pairs.push((format!("text_language_{n}"), text.language.primary().to_owned()));
        pairs.push((format!("title_{n}"), text.title.clone()));
        pairs.push((format!("description_{n}"), text.description.clone()));
    }
    pairs.extend(offering.languages.iter().map(|l| ("languages".into(), l.primary().to_owned())));
    let (regions, countries): (Vec<&String>, Vec<&String>) =
        offering.regions.iter().partition(|code| code.len() == 3);
    pairs.extend(regions.into_iter().map(|code| ("regions".to_owned(), code.clone())));
    let countries: Vec<&str> = countries.iter().map(|code| code.as_str()).collect();
    pairs.push(("countries".to_owned(), countries.join(" ")));
    pairs.extend(
        offering.requester_kinds.iter().map(|k| ("requester_kinds".into(), k.as_str().into())),
    );
    pairs
}

/// Checks the form; every problem is reported at once, each under its field.
pub fn draft_from(
    ctx: &PageContext,
    pairs: &[(String, String)],
) -> Result<OfferingDraft, FormErrors> {
    OfferingDraft::parse(&input_from(pairs)).map_err(|problems| {
        let mut errors = FormErrors::default();
        for (field, problem) in problems {
            errors.set(field_name(&field), message(&ctx.tr, &problem));
        }
        errors
    })
}

fn strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// One of the form's text rows.
struct TextRow {
    number: usize,
    language_field: &'static str,
    title_field: &'static str,
    description_field: &'static str,
    languages: Vec<Choice>,
    title: String,
    description: String,
}

#[derive(Template)]
#[template(path = "offering_form.html")]
struct FormPage {
    ctx: PageContext,
    errors: FormErrors,
    action: String,
    back: String,
    editing: bool,
    provider_name: String,
    categories: Vec<Choice>,
    deliveries: Vec<Choice>,
    capacity: String,
    response_time_hours: String,
    active: bool,
    texts: Vec<TextRow>,
    languages: Vec<Choice>,
    regions: Vec<Choice>,
    countries: String,
    kinds: Vec<Choice>,
}

fn form_page(
    ctx: PageContext,
    desk: &Desk,
    errors: FormErrors,
    editing: Option<OfferingId>,
    pairs: &[(String, String)],
) -> FormPage {
    let tr = &ctx.tr;
    let (languages, regions, kinds) =
        (all_of(pairs, "languages"), all_of(pairs, "regions"), all_of(pairs, "requester_kinds"));
    let texts = (1..=TEXTS_MAX)
        .map(|number| TextRow {
            number,
            language_field: field_name(&format!("text_language_{number}")),
            title_field: field_name(&format!("title_{number}")),
            description_field: field_name(&format!("description_{number}")),
            languages: choices::languages(
                tr,
                &[one_of(pairs, &format!("text_language_{number}")).as_str()],
            ),
            title: one_of(pairs, &format!("title_{number}")),
            description: one_of(pairs, &format!("description_{number}")),
        })
        .collect();
    let base = format!("/providers/{}/offerings", desk.id);
    FormPage {
        errors,
        action: match editing {
            Some(id) => format!("{base}/{id}/edit"),
            None => format!("{base}/new"),
        },
        back: base,
        editing: editing.is_some(),
        provider_name: desk.name.clone(),
        categories: choices::categories(tr, &[one_of(pairs, "category").as_str()]),
        deliveries: Delivery::CODES
            .iter()
            .map(|code| Choice {
                code,
                label: tr.label("delivery", code),
                selected: one_of(pairs, "delivery") == *code,
            })
            .collect(),
        capacity: one_of(pairs, "capacity"),
        response_time_hours: one_of(pairs, "response_time_hours"),
        active: one_of(pairs, "active") == "yes",
        texts,
        languages: choices::languages(tr, &strs(&languages)),
        regions: choices::regions(tr, &strs(&regions)),
        countries: one_of(pairs, "countries"),
        kinds: choices::kinds(tr, &strs(&kinds)),
        ctx,
    }
}

fn ids(
    provider: &str,
    offering: Option<&str>,
) -> Result<(ProviderId, Option<OfferingId>), AppError> {
    let provider = ProviderId::parse(provider).map_err(|_| AppError::NotFound)?;
    let offering = offering.map(OfferingId::parse).transpose().map_err(|_| AppError::NotFound)?;
    Ok((provider, offering))
}

/// What a new offering's form starts with: the reader's language, every kind of requester,
/// active, remote.
fn new_offering_defaults(ctx: &PageContext) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("delivery".to_owned(), "remote".to_owned()),
        ("active".to_owned(), "yes".to_owned()),
        ("text_language_1".to_owned(), ctx.tr.lang().to_owned()),
        ("languages".to_owned(), ctx.tr.lang().to_owned()),
    ];
    pairs.extend(
        c4h_domain::RequesterKind::CODES
            .iter()
            .map(|k| ("requester_kinds".to_owned(), (*k).to_owned())),
    );
    pairs
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(provider): Path<String>,
) -> Result<Response, AppError> {
    let (provider, _) = ids(&provider, None)?;
    authorize(signed_in.principal(), Action::ManageOfferings, Resource::Provider(provider))?;
    let desk = offerings::desk(&state, signed_in.principal(), provider).await?;
    let defaults = new_offering_defaults(&ctx);
    let page = form_page(ctx, &desk, FormErrors::default(), None, &defaults);
    Ok(page.into_response_with(StatusCode::OK)?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(provider): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, _) = ids(&provider, None)?;
    authorize(signed_in.principal(), Action::ManageOfferings, Resource::Provider(provider))?;
    let Form(pairs) = form?;
    match draft_from(&ctx, &pairs) {
        Ok(draft) => {
            offerings::create(&state, &signed_in.0, provider, draft, &client).await?;
            Ok(see_other(&format!("/providers/{provider}/offerings?done=saved"), Vec::new()))
        }
        Err(errors) => {
            let desk = offerings::desk(&state, signed_in.principal(), provider).await?;
            let page = form_page(ctx, &desk, errors, None, &pairs);
            Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path((provider, offering)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (provider, Some(offering)) = ids(&provider, Some(&offering))? else {
        return Err(AppError::NotFound);
    };
    let stored = offerings::for_edit(&state, signed_in.principal(), provider, offering).await?;
    let desk = offerings::desk(&state, signed_in.principal(), provider).await?;
    let page = form_page(ctx, &desk, FormErrors::default(), Some(offering), &pairs_of(&stored));
    Ok(page.into_response_with(StatusCode::OK)?)
}

pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, offering)): Path<(String, String)>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let (provider, Some(offering)) = ids(&provider, Some(&offering))? else {
        return Err(AppError::NotFound);
    };
    authorize(signed_in.principal(), Action::ManageOfferings, Resource::Provider(provider))?;
    let Form(pairs) = form?;
    match draft_from(&ctx, &pairs) {
        Ok(draft) => {
            offerings::update(&state, &signed_in.0, provider, offering, draft, &client).await?;
            Ok(see_other(&format!("/providers/{provider}/offerings?done=saved"), Vec::new()))
        }
        Err(errors) => {
            let desk = offerings::desk(&state, signed_in.principal(), provider).await?;
            let page = form_page(ctx, &desk, errors, Some(offering), &pairs);
            Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

pub async fn set_state(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((provider, offering, segment)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let (provider, Some(offering)) = ids(&provider, Some(&offering))? else {
        return Err(AppError::NotFound);
    };
    let active = match segment.as_str() {
        "pause" => false,
        "resume" => true,
        _ => return Err(AppError::NotFound),
    };
    offerings::set_active(&state, &signed_in.0, provider, offering, active, &client).await?;
    Ok(see_other(&format!("/providers/{provider}/offerings?done=saved"), Vec::new()))
}
