//! Organisation pages: create one, join one with its code, see it, and decide about members.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::{MembershipId, OrganisationId};
use c4h_domain::{Country, MembershipRole, MembershipState, RequesterKind};
use c4h_storage::model::{MemberView, MembershipDecision};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, optional_text, see_other, text, website};
use super::registration::{Confirm, MessagePage};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::organisations::{self, NewOrganisationForm};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "organisation_new.html")]
struct NewPage {
    ctx: PageContext,
    errors: FormErrors,
    name: String,
    website: String,
    registry_number: String,
    nis2: bool,
    kinds: Vec<(&'static str, bool)>,
    countries: Vec<(&'static str, String, bool)>,
}

fn new_page(ctx: PageContext, errors: FormErrors, form: NewForm) -> NewPage {
    let mut countries: Vec<(&'static str, String, bool)> = Country::all()
        .map(|c| (c.as_str(), ctx.tr.label("country", c.as_str()), c.as_str() == form.country))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let kinds = RequesterKind::CODES.iter().map(|code| (*code, *code == form.kind)).collect();
    NewPage {
        ctx,
        errors,
        name: form.name,
        website: form.website,
        registry_number: form.registry_number,
        nis2: form.nis2.is_some(),
        kinds,
        countries,
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct NewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    registry_number: String,
    nis2: Option<String>,
}

pub async fn new_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    Ok(new_page(ctx, FormErrors::default(), NewForm::default())
        .into_response_with(StatusCode::OK)?)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<NewForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let name = errors.check(&ctx.tr, "name", text(&form.name, 200));
    let kind = errors.check(&ctx.tr, "kind", RequesterKind::parse(&form.kind));
    let country = errors.check(&ctx.tr, "country", Country::parse(&form.country));
    let site = website(&mut errors, &ctx.tr, "website", &form.website);
    let registry_number =
        errors.check(&ctx.tr, "registry_number", optional_text(&form.registry_number, 100));
    let (Some(name), Some(kind), Some(country), Some(registry_number), true) =
        (name, kind, country, registry_number, errors.is_empty())
    else {
        return Ok(
            new_page(ctx, errors, form).into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?
        );
    };
    let parsed = NewOrganisationForm {
        name,
        kind,
        country,
        website: site,
        registry_number,
        nis2_in_scope: form.nis2.is_some(),
    };
    let id = organisations::create(&state, &signed_in.0, parsed, &client).await?;
    Ok(see_other(&format!("/organisations/{id}"), Vec::new()))
}

#[derive(Template)]
#[template(path = "organisation_join.html")]
struct JoinPage {
    ctx: PageContext,
    errors: FormErrors,
    code: String,
}

pub async fn join_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    Ok(JoinPage { ctx, errors: FormErrors::default(), code: String::new() }
        .into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// Looks the code up and asks for confirmation, naming the organisation.
pub async fn join_lookup(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let Some((_, name)) = organisations::find_by_code(&state, &signed_in.0, &form.code).await?
    else {
        let mut errors = FormErrors::default();
        errors.set("code", ctx.tr.t("organisation-join-unknown"));
        return Ok(JoinPage { ctx, errors, code: form.code }
            .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let line = ctx.tr.ts("organisation-join-confirm", "organisation", &name);
    let mut page = MessagePage::new(ctx, "organisation-join-title", &[]);
    page.lines = vec![line];
    page.confirm = Some(Confirm {
        path: "/organisations/join/confirm",
        fields: vec![("code", form.code)],
        label_key: "organisation-join-confirm-submit",
    });
    Ok(page.into_response_with(StatusCode::OK)?)
}

pub async fn join_confirm(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let asked = organisations::request_to_join(&state, &signed_in.0, &form.code, &client).await?;
    let key = if asked { "organisation-join-sent" } else { "organisation-join-already" };
    let mut page = MessagePage::new(ctx, "organisation-join-title", &[key]);
    page.link = Some(("/account", "back-to-account"));
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// One member as the organisation page shows it.
pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub pending: bool,
    /// The decisions an admin can take: (path segment, label key).
    pub decisions: Vec<(&'static str, &'static str)>,
}

impl MemberRow {
    /// A member as an admin sees it, with every decision an admin can take.
    pub fn new(member: MemberView) -> Self {
        Self::with(member, true)
    }

    /// A member as `admin` or not sees it: a member who is not an admin may only vouch for
    /// someone waiting (when the organisation is verified; the caller decides).
    fn with(member: MemberView, admin: bool) -> Self {
        let decisions = match (member.state, member.role) {
            (MembershipState::Pending, _) if !admin => vec![("vouch", "member-vouch")],
            (_, _) if !admin => Vec::new(),
            (MembershipState::Pending, _) => {
                vec![("approve", "member-approve"), ("refuse", "member-refuse")]
            }
            (MembershipState::Active, MembershipRole::Member) => {
                vec![("make-admin", "member-make-admin"), ("remove", "member-remove")]
            }
            (MembershipState::Active, MembershipRole::Admin) => {
                vec![("make-member", "member-make-member"), ("remove", "member-remove")]
            }
            (MembershipState::Removed, _) => Vec::new(),
        };
        Self {
            id: member.membership_id.to_string(),
            name: member.display_name,
            email: member.email.to_string(),
            role: member.role.as_str(),
            pending: member.state == MembershipState::Pending,
            decisions,
        }
    }
}

/// The decision a path segment names.
pub fn decision(segment: &str) -> Result<MembershipDecision, AppError> {
    Ok(match segment {
        "approve" => MembershipDecision::Approve,
        "refuse" => MembershipDecision::Refuse,
        "remove" => MembershipDecision::Remove,
        "make-admin" => MembershipDecision::SetRole(MembershipRole::Admin),
        "make-member" => MembershipDecision::SetRole(MembershipRole::Member),
        _ => return Err(AppError::NotFound),
    })
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    ctx: PageContext,
    base: String,
    name: String,
    kind: &'static str,
    country: &'static str,
    verification: &'static str,
    rejected: bool,
    verification_note: Option<String>,
    join_code: Option<String>,
    /// Whether the members table has an actions column (admins, or members who may vouch).
    show_actions: bool,
    members: Vec<MemberRow>,
    /// Whether the reader may ask for help for it.
    may_ask: bool,
    /// (id, reference, state, submitted)
    requests: Vec<(String, String, &'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = OrganisationId::parse(&id).map_err(|_| AppError::NotFound)?;
    let page = organisations::view(&state, signed_in.principal(), id).await?;
    let details = page.details;
    let template = OrganisationPage {
        ctx,
        base: format!("/organisations/{id}"),
        name: details.name,
        kind: details.kind.as_str(),
        country: details.country.as_str(),
        verification: details.verification.as_str(),
        rejected: details.verification == c4h_domain::VerificationState::Rejected,
        verification_note: details.verification_note,
        join_code: page.join_code,
        show_actions: page.is_admin || page.can_vouch,
        may_ask: page.may_ask,
        requests: page
            .requests
            .iter()
            .map(|r| {
                let when = r.submitted_at.unwrap_or(r.state_changed_at);
                (r.id.to_string(), r.reference.clone(), r.state.as_str(), super::views::day(when))
            })
            .collect(),
        members: page
            .members
            .into_iter()
            .map(|member| MemberRow::with(member, page.is_admin))
            .collect(),
    };
    Ok(template.into_response_with(StatusCode::OK)?)
}

pub async fn decide(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((id, membership, segment)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let id = OrganisationId::parse(&id).map_err(|_| AppError::NotFound)?;
    let membership = MembershipId::parse(&membership).map_err(|_| AppError::NotFound)?;
    let done = if segment == "vouch" {
        organisations::vouch(&state, &signed_in.0, id, membership, &client).await?
    } else {
        let decision = decision(&segment)?;
        organisations::decide(&state, &signed_in.0, id, membership, decision, &client).await?
    };
    if !done {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/organisations/{id}"), Vec::new()))
}
