//! Registration, address verification, and the forgotten-password pages.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use c4h_domain::{EmailAddress, LanguageTag, Password};
use c4h_storage::model::TokenPurpose;
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other, text};
use crate::services::registration::{self, Registration};
use crate::services::{Client, emergency};
use crate::state::AppState;

/// A confirmation button: posts `fields` to `path`.
pub struct Confirm {
    pub path: &'static str,
    pub fields: Vec<(&'static str, String)>,
    pub label_key: &'static str,
}

/// A page that says something, with an optional button and link.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: PageContext,
    pub title_key: &'static str,
    pub lines: Vec<String>,
    pub confirm: Option<Confirm>,
    pub link: Option<(&'static str, &'static str)>,
}

impl MessagePage {
    pub fn new(ctx: PageContext, title_key: &'static str, line_keys: &[&str]) -> Self {
        let lines = line_keys.iter().map(|key| ctx.tr.t(key)).collect();
        Self { ctx, title_key, lines, confirm: None, link: None }
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    ctx: PageContext,
    errors: FormErrors,
    display_name: String,
    email: String,
    language: String,
}

pub async fn register_form(ctx: PageContext) -> Result<Response, AppError> {
    let language = ctx.tr.lang().to_owned();
    let page = RegisterPage {
        ctx,
        errors: FormErrors::default(),
        display_name: String::new(),
        email: String::new(),
        language,
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    language: String,
}

pub async fn register(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<RegisterForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let display_name = errors.check(&ctx.tr, "display_name", text(&form.display_name, 100));
    let email = errors.check(&ctx.tr, "email", EmailAddress::parse(&form.email));
    let password = errors.check(&ctx.tr, "password", Password::parse(&form.password));
    let language = LanguageTag::parse(&form.language).unwrap_or_else(|_| {
        LanguageTag::parse(ctx.tr.lang()).expect("interface languages are valid tags")
    });
    let (Some(display_name), Some(email), Some(password)) = (display_name, email, password) else {
        let page = RegisterPage {
            ctx,
            errors,
            display_name: form.display_name,
            email: form.email,
            language: form.language,
        };
        return Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    registration::register(
        &state,
        Registration { display_name, email, password, language },
        &client,
    )
    .await?;
    Ok(MessagePage::new(ctx, "register-done-title", &["register-done", "register-done-spam"])
        .into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

impl TokenQuery {
    pub fn token(&self) -> &str {
        &self.token
    }
}

fn invalid_link(ctx: PageContext) -> Result<Response, AppError> {
    let mut page = MessagePage::new(ctx, "link-invalid-title", &["link-invalid"]);
    page.link = Some(("/login", "nav-sign-in"));
    Ok(page.into_response_with(StatusCode::NOT_FOUND)?)
}

/// Shows a button rather than acting on the GET: mail scanners open links, people press buttons.
pub async fn verify_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<TokenQuery>,
) -> Result<Response, AppError> {
    if !registration::link_is_valid(&state, &query.token, TokenPurpose::VerifyEmail).await? {
        return invalid_link(ctx);
    }
    let mut page = MessagePage::new(ctx, "verify-title", &["verify-lead"]);
    page.confirm = Some(Confirm {
        path: "/verify-email",
        fields: vec![("token", query.token)],
        label_key: "verify-submit",
    });
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    token: String,
}

impl TokenForm {
    pub fn token(&self) -> &str {
        &self.token
    }
}

pub async fn verify(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let Some(user) = registration::verify_email(&state, &form.token, &client).await? else {
        return invalid_link(ctx);
    };
    // Someone who asked for help on the emergency path: their request goes to triage now.
    if emergency::send_drafts(&state, user, &client).await?.is_empty() {
        return Ok(see_other("/login?done=email-verified", Vec::new()));
    }
    let mut page = MessagePage::new(
        ctx,
        "emergency-sent-title",
        &["emergency-sent", "emergency-sent-password"],
    );
    page.link = Some(("/password/forgot", "emergency-choose-password"));
    Ok(page.into_response_with(StatusCode::OK)?)
}

/// The small forms of this flow and the account pages share one template.
#[derive(Template)]
#[template(path = "password_form.html")]
pub struct SmallForm {
    pub ctx: PageContext,
    pub title_key: &'static str,
    pub lead_key: &'static str,
    pub action: &'static str,
    pub submit_key: &'static str,
    pub hidden: Vec<(&'static str, String)>,
    pub errors: FormErrors,
    pub email: String,
    pub ask_email: bool,
    pub ask_current: bool,
    pub ask_new_email: bool,
    pub ask_new_password: bool,
}

impl SmallForm {
    pub fn new(
        ctx: PageContext,
        title_key: &'static str,
        lead_key: &'static str,
        action: &'static str,
        submit_key: &'static str,
    ) -> Self {
        Self {
            ctx,
            title_key,
            lead_key,
            action,
            submit_key,
            hidden: Vec::new(),
            errors: FormErrors::default(),
            email: String::new(),
            ask_email: false,
            ask_current: false,
            ask_new_email: false,
            ask_new_password: false,
        }
    }
}

fn forgot_page(ctx: PageContext, errors: FormErrors, email: String) -> SmallForm {
    let mut page =
        SmallForm::new(ctx, "forgot-title", "forgot-lead", "/password/forgot", "forgot-submit");
    page.errors = errors;
    page.email = email;
    page.ask_email = true;
    page
}

pub async fn forgot_form(ctx: PageContext) -> Result<Response, AppError> {
    Ok(forgot_page(ctx, FormErrors::default(), String::new()).into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<EmailForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(email) = errors.check(&ctx.tr, "email", EmailAddress::parse(&form.email)) else {
        return Ok(forgot_page(ctx, errors, form.email)
            .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    registration::forgot_password(&state, &email, ctx.tr.locale(), &client).await?;
    Ok(MessagePage::new(ctx, "forgot-done-title", &["forgot-done", "register-done-spam"])
        .into_response_with(StatusCode::OK)?)
}

fn reset_page(ctx: PageContext, errors: FormErrors, token: String) -> SmallForm {
    let mut page =
        SmallForm::new(ctx, "reset-title", "reset-lead", "/password/reset", "reset-submit");
    page.hidden = vec![("token", token)];
    page.errors = errors;
    page.ask_new_password = true;
    page
}

pub async fn reset_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<TokenQuery>,
) -> Result<Response, AppError> {
    if !registration::link_is_valid(&state, &query.token, TokenPurpose::ResetPassword).await? {
        return invalid_link(ctx);
    }
    Ok(reset_page(ctx, FormErrors::default(), query.token).into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn reset(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    form: Result<Form<ResetForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let Some(password) = errors.check(&ctx.tr, "password", Password::parse(&form.password)) else {
        return Ok(reset_page(ctx, errors, form.token)
            .into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    if registration::reset_password(&state, &form.token, &password, &client).await? {
        Ok(see_other("/login?done=password-reset", Vec::new()))
    } else {
        invalid_link(ctx)
    }
}
