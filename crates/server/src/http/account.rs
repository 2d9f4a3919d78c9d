//! The account pages: overview and profile, password, e-mail address, sessions.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::ids::SessionId;
use c4h_domain::policy::{Action, MemberOf, Resource, authorize};
use c4h_domain::{EmailAddress, LanguageTag, MembershipState, Password, StaffRole};
use c4h_storage::model::TokenPurpose;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other, sign_in_cookies, text};
use super::registration::{Confirm, MessagePage, SmallForm, TokenForm, TokenQuery};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::account::{self, EmailChange, PasswordChange};
use crate::services::registration::link_is_valid;
use crate::state::AppState;

struct MembershipRow {
    name: String,
    href: String,
    role: &'static str,
    state: &'static str,
    active: bool,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageContext,
    errors: FormErrors,
    notice: Option<&'static str>,
    email: String,
    display_name: String,
    language: String,
    staff_role: Option<&'static str>,
    is_admin: bool,
    mfa_enrolled: bool,
    may_create_organisation: bool,
    memberships: Vec<MembershipRow>,
}

#[derive(Debug, Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: String,
}

fn notice_for(done: &str) -> Option<&'static str> {
    match done {
        "profile" => Some("notice-profile-saved"),
        "password" => Some("notice-password-changed"),
        "email-requested" => Some("notice-email-change-requested"),
        "email-changed" => Some("notice-email-changed"),
        "mfa-disabled" => Some("notice-mfa-disabled"),
        _ => None,
    }
}

async fn account_page(
    state: &AppState,
    ctx: PageContext,
    signed_in: &SignedIn,
    errors: FormErrors,
    notice: Option<&'static str>,
) -> Result<AccountPage, AppError> {
    let user = signed_in.user();
    let memberships = state
        .store
        .own_memberships(user.id)
        .await?
        .into_iter()
        .filter(|m| m.state != MembershipState::Removed)
        .map(|m| MembershipRow {
            href: match m.of {
                MemberOf::Organisation(id) => format!("/organisations/{id}"),
                MemberOf::Provider(id) => format!("/providers/{id}/team"),
            },
            name: m.name,
            role: m.role.as_str(),
            state: m.state.as_str(),
            active: m.state == MembershipState::Active,
        })
        .collect();
    Ok(AccountPage {
        errors,
        notice,
        email: user.email.to_string(),
        display_name: user.display_name.clone(),
        language: user.preferred_language.primary().to_owned(),
        staff_role: user.staff_role.map(StaffRole::as_str),
        is_admin: user.staff_role == Some(StaffRole::Admin),
        mfa_enrolled: user.mfa_enrolled,
        may_create_organisation: authorize(
            signed_in.principal(),
            Action::CreateOrganisation,
            Resource::Accounts,
        )
        .is_ok(),
        memberships,
        ctx,
    })
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let page = account_page(&state, ctx, &signed_in, FormErrors::default(), notice_for(&done.done))
        .await?;
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    language: String,
}

pub async fn update_profile(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<ProfileForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let name = errors.check(&ctx.tr, "display_name", text(&form.display_name, 100));
    let language = errors.check(&ctx.tr, "language", LanguageTag::parse(&form.language));
    let (Some(name), Some(language)) = (name, language) else {
        let page = account_page(&state, ctx, &signed_in, errors, None).await?;
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    account::update_profile(&state, &signed_in.0, &name, &language, &client).await?;
    Ok(see_other("/account?done=profile", Vec::new()))
}

fn password_page(ctx: PageContext, errors: FormErrors) -> SmallForm {
    let mut page = SmallForm::new(
        ctx,
        "password-title",
        "password-lead",
        "/account/password",
        "password-submit",
    );
    page.errors = errors;
    page.ask_current = true;
    page.ask_new_password = true;
    page
}

pub async fn password_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    Ok(password_page(ctx, FormErrors::default()).into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(password) = errors.check(&ctx.tr, "password", Password::parse(&form.password)) else {
        return Ok(password_page(ctx, errors).into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    match account::change_password(&state, &signed_in.0, &form.current_password, &password, &client)
        .await?
    {
        PasswordChange::Changed { session_token } => {
            Ok(see_other("/account?done=password", sign_in_cookies(&session_token, None)))
        }
        PasswordChange::WrongCurrentPassword => {
            errors.set("current_password", ctx.tr.t("password-wrong-current"));
            Ok(password_page(ctx, errors).into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

fn email_page(ctx: PageContext, errors: FormErrors, email: String) -> SmallForm {
    let mut page =
        SmallForm::new(ctx, "email-title", "email-lead", "/account/email", "email-submit");
    page.errors = errors;
    page.email = email;
    page.ask_current = true;
    page.ask_new_email = true;
    page
}

pub async fn email_form(ctx: PageContext, _: SignedIn) -> Result<Response, AppError> {
    Ok(email_page(ctx, FormErrors::default(), String::new()).into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_email: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<EmailForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(address) = errors.check(&ctx.tr, "new_email", EmailAddress::parse(&form.new_email))
    else {
        return Ok(email_page(ctx, errors, form.new_email)
            .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    match account::request_email_change(
        &state,
        &signed_in.0,
        &form.current_password,
        &address,
        &client,
    )
    .await?
    {
        EmailChange::Requested => Ok(see_other("/account?done=email-requested", Vec::new())),
        EmailChange::WrongPassword => {
            errors.set("current_password", ctx.tr.t("password-wrong-current"));
            Ok(email_page(ctx, errors, form.new_email)
                .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
        EmailChange::Taken => {
            errors.set("new_email", ctx.tr.t("email-taken"));
            Ok(email_page(ctx, errors, form.new_email)
                .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

pub async fn confirm_email_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<TokenQuery>,
) -> Result<Response, AppError> {
    if !link_is_valid(&state, query.token(), TokenPurpose::ChangeEmail).await? {
        return Ok(MessagePage::new(ctx, "link-invalid-title", &["link-invalid"])
            .into_response_with(StatusCode::NOT_FOUND)?);
    }
    let mut page = MessagePage::new(ctx, "email-confirm-title", &["email-confirm-lead"]);
    page.confirm = Some(Confirm {
        path: "/account/email/confirm",
        fields: vec![("token", query.token().to_owned())],
        label_key: "email-confirm-submit",
    });
    Ok(page.into_response_with(StatusCode::OK)?)
}

pub async fn confirm_email(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    if account::confirm_email_change(&state, form.token(), &client).await? {
        Ok(see_other("/account?done=email-changed", Vec::new()))
    } else {
        Ok(MessagePage::new(ctx, "link-invalid-title", &["link-invalid"])
            .into_response_with(StatusCode::NOT_FOUND)?)
    }
}

struct SessionRow {
    id: String,
    started: String,
    last_seen: String,
    address: String,
    browser: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "sessions.html")]
struct SessionsPage {
    ctx: PageContext,
    sessions: Vec<SessionRow>,
}

pub async fn sessions(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let when = |t: time::OffsetDateTime| {
        t.format(&Rfc3339)
            .unwrap_or_default()
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " ")
    };
    let rows = account::sessions(&state, &signed_in.0)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            id: s.id.to_string(),
            started: when(s.created_at),
            last_seen: when(s.last_seen_at),
            address: s.client_address.unwrap_or_default(),
            browser: s.user_agent.unwrap_or_default(),
            current: s.id == signed_in.session().id,
        })
        .collect();
    Ok(SessionsPage { ctx, sessions: rows }.into_response_with(StatusCode::OK)?)
}

pub async fn revoke_session(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = SessionId::parse(&id).map_err(|_| AppError::NotFound)?;
    if !account::revoke_session(&state, &signed_in.0, id, &client).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/account/sessions", Vec::new()))
}
