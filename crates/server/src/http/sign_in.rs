//! Sign-in pages: password, second factor, sign-out, re-authentication.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use c4h_domain::EmailAddress;
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other, sign_in_cookies};
use super::language::local_path;
use crate::auth::{AwaitingSecondFactor, SignedIn, Viewer, cookies};
use crate::services::Client;
use crate::services::sign_in::{self, SecondFactor, SignIn};
use crate::state::AppState;

#[derive(Debug, Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    next: String,
    /// A message key to show above the form (after a password reset, for example).
    #[serde(default)]
    done: String,
}

/// Where to go after signing in: the local path asked for, or the account page.
fn destination(next: &str) -> String {
    match local_path(next) {
        "/" => "/account".to_owned(),
        path => path.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageContext,
    errors: FormErrors,
    email: String,
    next: String,
    notice: Option<&'static str>,
}

fn notice_for(done: &str) -> Option<&'static str> {
    match done {
        "password-reset" => Some("notice-password-reset"),
        "email-verified" => Some("notice-email-verified"),
        "signed-out" => Some("notice-signed-out"),
        "account-erased" => Some("notice-account-erased"),
        _ => None,
    }
}

pub async fn login_form(
    ctx: PageContext,
    viewer: Viewer,
    Query(next): Query<Next>,
) -> Result<Response, AppError> {
    if viewer.signed_in().is_some() {
        return Ok(see_other(&destination(&next.next), Vec::new()));
    }
    let page = LoginPage {
        ctx,
        errors: FormErrors::default(),
        email: String::new(),
        next: next.next,
        notice: notice_for(&next.done),
    };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: PageContext,
    client: Client,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    let email = errors.check(&ctx.tr, "email", EmailAddress::parse(&form.email));
    if form.password.is_empty() {
        errors.set("password", ctx.tr.t("invalid-empty"));
    }
    let refused = |ctx: PageContext, errors: FormErrors, status| {
        let page = LoginPage {
            ctx,
            errors,
            email: form.email.clone(),
            next: form.next.clone(),
            notice: None,
        };
        page.into_response_with(status)
    };
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Ok(refused(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY)?);
    };
    let device = cookies::read(&headers, cookies::DEVICE);
    match sign_in::sign_in(&state, &email, &form.password, device.as_deref(), &client).await? {
        SignIn::Opened { session_token, device, needs_second_factor } => {
            let next = if needs_second_factor {
                format!(
                    "/login/mfa?{}",
                    serde_urlencoded::to_string([("next", form.next.as_str())]).unwrap_or_default()
                )
            } else {
                destination(&form.next)
            };
            Ok(see_other(&next, sign_in_cookies(&session_token, device.as_deref())))
        }
        SignIn::Refused => {
            errors.general = Some(ctx.tr.t("login-refused"));
            Ok(refused(ctx, errors, StatusCode::UNAUTHORIZED)?)
        }
        SignIn::Unverified => {
            errors.general = Some(ctx.tr.t("login-unverified"));
            Ok(refused(ctx, errors, StatusCode::FORBIDDEN)?)
        }
    }
}

#[derive(Template)]
#[template(path = "login_mfa.html")]
struct SecondFactorPage {
    ctx: PageContext,
    errors: FormErrors,
    next: String,
}

pub async fn second_factor_form(
    ctx: PageContext,
    _: AwaitingSecondFactor,
    Query(next): Query<Next>,
) -> Result<Response, AppError> {
    Ok(SecondFactorPage { ctx, errors: FormErrors::default(), next: next.next }
        .into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn second_factor(
    State(state): State<AppState>,
    ctx: PageContext,
    AwaitingSecondFactor(context): AwaitingSecondFactor,
    client: Client,
    headers: HeaderMap,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let device = cookies::read(&headers, cookies::DEVICE);
    match sign_in::second_factor(&state, &context, &form.code, device.as_deref(), &client).await? {
        SecondFactor::Accepted { session_token, device } => Ok(see_other(
            &destination(&form.next),
            sign_in_cookies(&session_token, device.as_deref()),
        )),
        SecondFactor::Refused => {
            let mut errors = FormErrors::default();
            errors.set("code", ctx.tr.t("mfa-code-refused"));
            Ok(SecondFactorPage { ctx, errors, next: form.next }
                .into_response_with(StatusCode::UNAUTHORIZED)?)
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    client: Client,
) -> Result<Response, AppError> {
    if let Some(context) = viewer.0 {
        sign_in::sign_out(&state, &context, &client).await?;
    }
    Ok(see_other("/login?done=signed-out", vec![cookies::clear(cookies::SESSION)]))
}

#[derive(Template)]
#[template(path = "reauth.html")]
struct ReauthPage {
    ctx: PageContext,
    errors: FormErrors,
    next: String,
    needs_code: bool,
}

pub async fn reauth_form(
    ctx: PageContext,
    signed_in: SignedIn,
    Query(next): Query<Next>,
) -> Result<Response, AppError> {
    let needs_code = signed_in.user().mfa_enrolled;
    Ok(ReauthPage { ctx, errors: FormErrors::default(), next: next.next, needs_code }
        .into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct ReauthForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn reauth(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    form: Result<Form<ReauthForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    if sign_in::reauthenticate(&state, &signed_in.0, &form.password, &form.code, &client).await? {
        return Ok(see_other(&destination(&form.next), Vec::new()));
    }
    let mut errors = FormErrors::default();
    errors.general = Some(ctx.tr.t("reauth-refused"));
    let needs_code = signed_in.user().mfa_enrolled;
    Ok(ReauthPage { ctx, errors, next: form.next, needs_code }
        .into_response_with(StatusCode::UNAUTHORIZED)?)
}
