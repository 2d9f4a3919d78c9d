//! Asking for help: the intake form for signed-in requesters, and the request's own page, which
//! says where it stands and what happens next.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{OrganisationId, RequestId};
use c4h_domain::intake::{RequestDraft, RequestInput};
use c4h_domain::policy::MemberOf;
use c4h_domain::request_flow::RequestTransition;
use c4h_domain::triage::PatientCare;
use c4h_domain::{MembershipState, Tlp};
use c4h_storage::model::StepOutcome;

use super::choices::{self, Choice, all_of, one_of};
use super::context::PageContext;
use super::errors::AppError;
use super::forms::{Done, FormErrors, RenderWith, message, see_other};
use super::registration::MessagePage;
use super::request_view::{RequestPage, request_page};
use crate::auth::SignedIn;
use crate::auth::secrets::new_token;
use crate::services::Client;
use crate::services::requests::{self, Reader, StepInput};
use crate::state::AppState;

/// Offsets east of UTC in minutes, for the awareness time: every whole hour and the zones on a
/// half or three-quarter hour.
const UTC_OFFSETS: &[i32] = &[
    -720, -660, -600, -570, -540, -480, -420, -360, -300, -240, -210, -180, -120, -60, 0, 60, 120,
    180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 525, 540, 570, 600, 630, 660, 720, 765,
    780, 840,
];

fn offset_label(minutes: i32) -> String {
    let sign = if minutes < 0 { '−' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    ctx: PageContext,
    errors: FormErrors,
    key: String,
    /// (id, name, selected); a select is shown only with more than one.
    organisations: Vec<(String, String, bool)>,
    description: String,
    signals: Vec<(&'static str, bool)>,
    patient_care: Vec<Choice>,
    breach_aware_at: String,
    offsets: Vec<(i32, String, bool)>,
    out_of_band_contact: String,
    categories: Vec<Choice>,
    not_sure: bool,
    languages: Vec<Choice>,
    tlps: Vec<(&'static str, String, bool)>,
    consent: bool,
}

/// The signal boxes of the form, in the order it asks them.
const SIGNALS: [&str; 5] =
    ["active_incident", "ransomware", "systems_down", "data_breach", "email_compromised"];

fn intake_page(
    ctx: PageContext,
    errors: FormErrors,
    organisations: &[(OrganisationId, String)],
    pairs: &[(String, String)],
) -> IntakePage {
    let tr = &ctx.tr;
    let chosen = one_of(pairs, "organisation");
    let care = all_of(pairs, "patient_care");
    let care: Vec<&str> = care.iter().map(String::as_str).collect();
    let languages = all_of(pairs, "languages");
    let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
    let category = one_of(pairs, "category");
    let offset = one_of(pairs, "utc_offset");
    let tlp = one_of(pairs, "tlp");
    let tlp = if tlp.is_empty() { Tlp::DEFAULT.as_str().to_owned() } else { tlp };
    IntakePage {
        errors,
        key: Some(one_of(pairs, "key")).filter(|k| !k.is_empty()).unwrap_or_else(new_token),
        organisations: organisations
            .iter()
            .map(|(id, name)| (id.to_string(), name.clone(), chosen == id.to_string()))
            .collect(),
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
        breach_aware_at: one_of(pairs, "breach_aware_at"),
        offsets: UTC_OFFSETS
            .iter()
            .map(|m| {
                (*m, offset_label(*m), offset == m.to_string() || (offset.is_empty() && *m == 0))
            })
            .collect(),
        out_of_band_contact: one_of(pairs, "out_of_band_contact"),
        categories: choices::categories(tr, &[category.as_str()]),
        not_sure: category.is_empty() || category == "not_sure",
        languages: choices::languages(tr, &languages),
        tlps: Tlp::ALL
            .iter()
            .map(|t| {
                (t.as_str(), tr.label("tlp", &t.as_str().replace('+', "-")), t.as_str() == tlp)
            })
            .collect(),
        consent: one_of(pairs, "consent_to_share") == "yes",
        ctx,
    }
}

/// The organisations the signed-in person may ask for help for.
async fn own_organisations(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<Vec<(OrganisationId, String)>, AppError> {
    Ok(state
        .store
        .own_memberships(signed_in.user().id)
        .await?
        .into_iter()
        .filter(|m| m.state == MembershipState::Active)
        .filter_map(|m| match m.of {
            MemberOf::Organisation(id) => Some((id, m.name)),
            MemberOf::Provider(_) => None,
        })
        .collect())
}

pub async fn intake_form(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let organisations = own_organisations(&state, &signed_in).await?;
    if organisations.is_empty() {
        let mut page =
            MessagePage::new(ctx, "intake-no-organisation-title", &["intake-no-organisation"]);
        page.link = Some(("/account", "back-to-account"));
        return Ok(page.into_response_with(StatusCode::OK)?);
    }
    let defaults = vec![("languages".to_owned(), ctx.tr.lang().to_owned())];
    Ok(intake_page(ctx, FormErrors::default(), &organisations, &defaults)
        .into_response_with(StatusCode::OK)?)
}

fn input_from(pairs: &[(String, String)]) -> RequestInput {
    let ticked = |name: &str| one_of(pairs, name) == "yes";
    RequestInput {
        description: one_of(pairs, "description"),
        active_incident: ticked("active_incident"),
        ransomware: ticked("ransomware"),
        patient_care: all_of(pairs, "patient_care"),
        systems_down: ticked("systems_down"),
        data_breach: ticked("data_breach"),
        breach_aware_at: one_of(pairs, "breach_aware_at"),
        utc_offset: one_of(pairs, "utc_offset"),
        email_compromised: ticked("email_compromised"),
        out_of_band_contact: one_of(pairs, "out_of_band_contact"),
        category: one_of(pairs, "category"),
        languages: all_of(pairs, "languages"),
        consent_to_share: ticked("consent_to_share"),
        tlp: one_of(pairs, "tlp"),
    }
}

/// The form's field for an error the domain reports.
fn field(name: &str) -> &'static str {
    const FIELDS: [&str; 8] = [
        "description",
        "patient_care",
        "breach_aware_at",
        "out_of_band_contact",
        "category",
        "languages",
        "tlp",
        "consent_to_share",
    ];
    FIELDS.iter().find(|f| **f == name).copied().unwrap_or("description")
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(pairs) = form?;
    // The organisations come with the session's principal: no query on the way to the write.
    let member_of: Vec<OrganisationId> = signed_in
        .principal()
        .memberships
        .iter()
        .filter(|m| m.state == MembershipState::Active)
        .filter_map(|m| match m.of {
            MemberOf::Organisation(id) => Some(id),
            MemberOf::Provider(_) => None,
        })
        .collect();
    let chosen = one_of(&pairs, "organisation");
    let organisation = match member_of.as_slice() {
        [only] => Some(*only),
        _ => member_of.iter().copied().find(|id| id.to_string() == chosen),
    };
    let mut errors = FormErrors::default();
    if organisation.is_none() {
        errors.set("organisation", ctx.tr.t("intake-choose-organisation"));
    }
    let draft = match RequestDraft::parse(&input_from(&pairs), state.clock.now()) {
        Ok(draft) => Some(draft),
        Err(problems) => {
            for (name, problem) in problems {
                errors.set(field(&name), message(&ctx.tr, &problem));
            }
            None
        }
    };
    let key = one_of(&pairs, "key");
    let (Some(organisation), Some(draft), false) = (organisation, draft, key.is_empty()) else {
        let organisations = own_organisations(&state, &signed_in).await?;
        let page = intake_page(ctx, errors, &organisations, &pairs);
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let submitted =
        requests::submit(&state, &signed_in.0, organisation, draft, &key, &client).await?;
    Ok(see_other(&format!("/requests/{}?done=submitted", submitted.id()), Vec::new()))
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let file =
        requests::read(&state, signed_in.principal(), id, Reader::Requester, &ctx.client).await?;
    let notice = done
        .notice("submitted", "request-done-submitted")
        .or(done.notice("withdrawn", "request-done-withdrawn"))
        .or(done.notice("replied", "request-done-replied"))
        .or(done.notice("confirmed", "request-done-confirmed"))
        .or(done.notice("reopened", "request-done-reopened"))
        .or(done.notice("file", "case-done-file"))
        .or(done.notice("feedback", "case-done-feedback"))
        .or(done.notice("follow_up", "follow-up-done-no"));
    let page: RequestPage = request_page(ctx, file, notice, &state);
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// The request's page for its requester with a refused form's `errors`.
pub async fn page_response(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    id: RequestId,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let file =
        requests::read(state, signed_in.principal(), id, Reader::Requester, &ctx.client).await?;
    let mut page = request_page(ctx, file, None, state);
    page.errors = errors;
    Ok(page.into_response_with(status)?)
}

#[derive(Debug, serde::Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    body: String,
}

pub async fn reply(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    form: Result<Form<MessageForm>, FormRejection>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    // Refuse before reading the form: the file answers "not found" to anyone else.
    let file = requests::file(&state, signed_in.principal(), id, Reader::Requester).await?;
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let body = errors.check(&ctx.tr, "body", super::forms::text(&form.body, 20_000));
    let Some(body) = body else {
        let mut page = request_page(ctx, file, None, &state);
        page.errors = errors;
        page.reply = form.body;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    if !requests::add_message(&state, &signed_in.0, id, Reader::Requester, &body, &client).await? {
        let mut page = request_page(ctx, file, None, &state);
        page.errors.general = Some(page.ctx.tr.t("request-step-refused"));
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    }
    Ok(see_other(&format!("/requests/{id}?done=replied"), Vec::new()))
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    requester_step(&state, ctx, &signed_in, &client, &id, RequestTransition::Withdraw, "withdrawn")
        .await
}

/// The requester confirms that the provider's resolution holds: the case closes.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    requester_step(&state, ctx, &signed_in, &client, &id, RequestTransition::Close, "confirmed")
        .await
}

/// The requester says the problem is not solved: the provider works the case again.
pub async fn reopen(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    requester_step(&state, ctx, &signed_in, &client, &id, RequestTransition::Reopen, "reopened")
        .await
}

/// Takes `transition` as the requester and shows the request again with `done`'s notice.
async fn requester_step(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    client: &Client,
    id: &str,
    transition: RequestTransition,
    done: &str,
) -> Result<Response, AppError> {
    let id = request_id(id)?;
    let outcome = requests::step(
        state,
        &signed_in.0,
        id,
        Reader::Requester,
        transition,
        StepInput::default(),
        client,
    )
    .await?;
    match outcome {
        StepOutcome::Applied(_) => {
            Ok(see_other(&format!("/requests/{id}?done={done}"), Vec::new()))
        }
        _ => {
            let reader = Reader::Requester;
            let file =
                requests::read(state, signed_in.principal(), id, reader, &ctx.client).await?;
            let mut page = request_page(ctx, file, None, state);
            page.errors.general = Some(page.ctx.tr.t("request-step-refused"));
            Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}
