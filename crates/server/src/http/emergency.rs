//! The emergency form: for an organisation with no account, in trouble now.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::intake::{RequestDraft, RequestInput};
use c4h_domain::triage::PatientCare;
use c4h_domain::{Country, EmailAddress, LanguageTag, RequesterKind};

use super::choices::{self, Choice, all_of, one_of};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, message, optional_text, text};
use super::registration::MessagePage;
use crate::services::Client;
use crate::services::emergency::{self, EmergencyForm};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "emergency.html")]
struct EmergencyPage {
    ctx: PageContext,
    errors: FormErrors,
    organisation: String,
    kinds: Vec<Choice>,
    countries: Vec<Choice>,
    display_name: String,
    email: String,
    phone: String,
    description: String,
    signals: Vec<(&'static str, bool)>,
    patient_care: Vec<Choice>,
    consent: bool,
}

const SIGNALS: [&str; 3] = ["active_incident", "ransomware", "systems_down"];

fn page(ctx: PageContext, errors: FormErrors, pairs: &[(String, String)]) -> EmergencyPage {
    let tr = &ctx.tr;
    let care = all_of(pairs, "patient_care");
    let care: Vec<&str> = care.iter().map(String::as_str).collect();
    EmergencyPage {
        errors,
        organisation: one_of(pairs, "organisation"),
        kinds: choices::kinds(tr, &[one_of(pairs, "kind").as_str()]),
        countries: choices::countries(tr, &[one_of(pairs, "country").as_str()]),
        display_name: one_of(pairs, "display_name"),
        email: one_of(pairs, "email"),
        phone: one_of(pairs, "phone"),
        description: one_of(pairs, "description"),
        signals: SIGNALS.iter().map(|s| (*s, one_of(pairs, s) == "yes")).collect(),
        patient_care: PatientCare::CODES
            .iter()
            .map(|code| Choice {
                code,
                label: tr.label("patient-care", code),
                selected: care.contains(code),
            })
            .collect(),
        consent: one_of(pairs, "consent_to_share") == "yes",
        ctx,
    }
}

pub async fn form(ctx: PageContext) -> Result<Response, AppError> {
    Ok(page(ctx, FormErrors::default(), &[]).into_response_with(StatusCode::OK)?)
}

/// Checks the form; every problem is reported at once.
fn checked(
    ctx: &PageContext,
    pairs: &[(String, String)],
    now: time::OffsetDateTime,
) -> Result<EmergencyForm, FormErrors> {
    let tr = &ctx.tr;
    let mut errors = FormErrors::default();
    let organisation_name =
        errors.check(tr, "organisation", text(&one_of(pairs, "organisation"), 200));
    let kind = errors.check(tr, "kind", RequesterKind::parse(&one_of(pairs, "kind")));
    let country = errors.check(tr, "country", Country::parse(&one_of(pairs, "country")));
    let display_name = errors.check(tr, "display_name", text(&one_of(pairs, "display_name"), 100));
    let email = errors.check(tr, "email", EmailAddress::parse(&one_of(pairs, "email")));
    let phone = errors.check(tr, "phone", optional_text(&one_of(pairs, "phone"), 200));
    let language = LanguageTag::parse(tr.lang()).ok();
    let ticked = |name: &str| one_of(pairs, name) == "yes";
    let input = RequestInput {
        description: one_of(pairs, "description"),
        active_incident: ticked("active_incident"),
        ransomware: ticked("ransomware"),
        patient_care: all_of(pairs, "patient_care"),
        systems_down: ticked("systems_down"),
        languages: vec![tr.lang().to_owned()],
        consent_to_share: ticked("consent_to_share"),
        ..RequestInput::default()
    };
    let draft = match RequestDraft::parse(&input, now) {
        Ok(draft) => Some(draft),
        Err(problems) => {
            for (field, problem) in problems {
                let field = match field.as_str() {
                    "patient_care" => "patient_care",
                    "consent_to_share" => "consent_to_share",
                    _ => "description",
                };
                errors.set(field, message(tr, &problem));
            }
            None
        }
    };
    match (organisation_name, kind, country, display_name, email, phone, draft, language) {
        (
            Some(organisation_name),
            Some(kind),
            Some(country),
            Some(display_name),
            Some(email),
            Some(phone),
            Some(mut draft),
            Some(language),
        ) if errors.is_empty() => {
            // The phone number given here is how coordinators reach them besides e-mail.
            draft.out_of_band_contact = phone;
            Ok(EmergencyForm {
                organisation_name,
                kind,
                country,
                display_name,
                email,
                draft,
                language,
            })
        }
        _ => Err(errors),
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(pairs) = form?;
    let form = match checked(&ctx, &pairs, state.clock.now()) {
        Ok(form) => form,
        Err(errors) => {
            return Ok(
                page(ctx, errors, &pairs).into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?
            );
        }
    };
    let address = form.email.to_string();
    emergency::start(&state, form, ctx.tr.locale(), &client).await?;
    let line = ctx.tr.ts("emergency-check-mail", "email", &address);
    let mut page = MessagePage::new(ctx, "emergency-check-title", &[]);
    page.lines = vec![line, page.ctx.tr.t("emergency-check-next")];
    Ok(page.into_response_with(StatusCode::OK)?)
}
