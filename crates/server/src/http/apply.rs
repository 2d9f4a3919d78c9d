//! The public application form for security companies that want to offer free help.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::{Country, EmailAddress, ParseError, ServiceCategory};

use super::choices::{self, Choice, all_of, one_of};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, optional_text, text, website};
use super::registration::MessagePage;
use crate::services::Client;
use crate::services::providers::{self, Application, Applied};
use crate::state::AppState;

/// The four pledges every provider takes, as (form field, label key).
pub const PLEDGES: [(&str, &str); 4] = [
    ("pledge_free", "pledge-free"),
    ("pledge_no_upselling", "pledge-no-upselling"),
    ("pledge_confidentiality", "pledge-confidentiality"),
    ("pledge_code_of_conduct", "pledge-code-of-conduct"),
];

#[derive(Template)]
#[template(path = "provider_apply.html")]
struct ApplyPage {
    ctx: PageContext,
    errors: FormErrors,
    name: String,
    website: String,
    description: String,
    contact_email: String,
    contact_phone: String,
    countries: Vec<Choice>,
    services: Vec<Choice>,
    /// (field, label key, checked)
    pledges: Vec<(&'static str, &'static str, bool)>,
}

fn apply_page(ctx: PageContext, errors: FormErrors, pairs: &[(String, String)]) -> ApplyPage {
    let country = one_of(pairs, "home_country");
    let services = all_of(pairs, "services");
    let services: Vec<&str> = services.iter().map(String::as_str).collect();
    let pledges = PLEDGES
        .iter()
        .map(|(field, label)| (*field, *label, one_of(pairs, field) == "yes"))
        .collect();
    ApplyPage {
        countries: choices::countries(&ctx.tr, &[country.as_str()]),
        services: choices::categories(&ctx.tr, &services),
        errors,
        name: one_of(pairs, "name"),
        website: one_of(pairs, "website"),
        description: one_of(pairs, "description"),
        contact_email: one_of(pairs, "contact_email"),
        contact_phone: one_of(pairs, "contact_phone"),
        pledges,
        ctx,
    }
}

pub async fn apply_form(ctx: PageContext) -> Result<Response, AppError> {
    Ok(apply_page(ctx, FormErrors::default(), &[]).into_response_with(StatusCode::OK)?)
}

/// Checks the form; every problem is reported at once.
fn application(ctx: &PageContext, pairs: &[(String, String)]) -> Result<Application, FormErrors> {
    let tr = &ctx.tr;
    let mut errors = FormErrors::default();
    let name = errors.check(tr, "name", text(&one_of(pairs, "name"), 200));
    let home_country =
        errors.check(tr, "home_country", Country::parse(&one_of(pairs, "home_country")));
    let site = website(&mut errors, tr, "website", &one_of(pairs, "website"));
    let description = errors.check(tr, "description", text(&one_of(pairs, "description"), 2000));
    let contact_email =
        errors.check(tr, "contact_email", EmailAddress::parse(&one_of(pairs, "contact_email")));
    let contact_phone =
        errors.check(tr, "contact_phone", optional_text(&one_of(pairs, "contact_phone"), 40));
    let mut services = Vec::new();
    for code in all_of(pairs, "services") {
        match ServiceCategory::parse(&code) {
            Ok(category) if !services.contains(&category) => services.push(category),
            Ok(_) => {}
            Err(error) => {
                errors.check::<()>(tr, "services", Err(error));
            }
        }
    }
    if services.is_empty() && !errors.has("services") {
        errors.check::<()>(tr, "services", Err(ParseError::Empty));
    }
    for (field, _) in PLEDGES {
        if one_of(pairs, field) != "yes" {
            errors.set(field, tr.t("apply-pledge-required"));
        }
    }
    match (name, home_country, description, contact_email, contact_phone) {
        (
            Some(name),
            Some(home_country),
            Some(description),
            Some(contact_email),
            Some(contact_phone),
        ) if errors.is_empty() => Ok(Application {
            name,
            home_country,
            website: site,
            description,
            contact_email,
            contact_phone,
            services_offered: services,
        }),
        _ => Err(errors),
    }
}

pub async fn apply(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(pairs) = form?;
    let application = match application(&ctx, &pairs) {
        Ok(application) => application,
        Err(errors) => {
            let page = apply_page(ctx, errors, &pairs);
            return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
        }
    };
    match providers::apply(&state, application, ctx.tr.locale(), &client).await? {
        Applied::Received(_) => {
            let page =
                MessagePage::new(ctx, "apply-received-title", &["apply-received", "apply-next"]);
            Ok(page.into_response_with(StatusCode::OK)?)
        }
        Applied::NameTaken => {
            let mut errors = FormErrors::default();
            errors.set("name", ctx.tr.t("apply-name-taken"));
            let page = apply_page(ctx, errors, &pairs);
            Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}
