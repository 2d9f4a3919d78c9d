//! Second-factor pages: status, set-up with a QR code, recovery codes, turning off.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other};
use crate::auth::{Enrolling, RecentlySignedIn, SignedIn, cookies, totp};
use crate::services::Client;
use crate::services::mfa::{self, Enrolment};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "mfa.html")]
struct MfaPage {
    ctx: PageContext,
    enrolled: bool,
    required: bool,
    codes_left: u32,
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
) -> Result<Response, AppError> {
    let enrolled = signed_in.user().mfa_enrolled;
    let codes_left =
        if enrolled { state.store.unused_recovery_codes(signed_in.user().id).await? } else { 0 };
    let page =
        MfaPage { ctx, enrolled, required: signed_in.principal().requires_mfa(), codes_left };
    Ok(page.into_response_with(StatusCode::OK)?)
}

#[derive(Template)]
#[template(path = "mfa_setup.html")]
struct SetupPage {
    ctx: PageContext,
    errors: FormErrors,
    secret: String,
    qr_svg: String,
    required: bool,
}

fn setup_page(
    state: &AppState,
    ctx: PageContext,
    enrolling: &Enrolling,
    errors: FormErrors,
    secret: Option<String>,
) -> Result<SetupPage, AppError> {
    let label = ctx.tr.t("mfa-qr-label");
    // A refused code keeps the secret the user already scanned; otherwise offer a new one.
    let offer =
        match secret.filter(|s| totp::decode_secret(s).is_some_and(|bytes| bytes.len() >= 16)) {
            Some(kept) => mfa::offer_for(state, &enrolling.0, &label, &kept)?,
            None => mfa::offer(state, &enrolling.0, &label)?,
        };
    let required = enrolling.0.principal.requires_mfa();
    Ok(SetupPage { ctx, errors, secret: offer.secret, qr_svg: offer.qr_svg, required })
}

pub async fn setup_form(
    State(state): State<AppState>,
    ctx: PageContext,
    enrolling: Enrolling,
) -> Result<Response, AppError> {
    if enrolling.0.user.mfa_enrolled {
        return Ok(see_other("/account/mfa", Vec::new()));
    }
    Ok(setup_page(&state, ctx, &enrolling, FormErrors::default(), None)?
        .into_response_with(StatusCode::OK)?)
}

#[derive(Debug, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    secret: String,
    #[serde(default)]
    code: String,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct CodesPage {
    ctx: PageContext,
    codes: Vec<String>,
}

pub async fn setup(
    State(state): State<AppState>,
    ctx: PageContext,
    enrolling: Enrolling,
    client: Client,
    form: Result<Form<SetupForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    if enrolling.0.user.mfa_enrolled {
        return Ok(see_other("/account/mfa", Vec::new()));
    }
    match mfa::enrol(&state, &enrolling.0, &form.secret, &form.code, &client).await? {
        Enrolment::Done { recovery_codes, session_token } => {
            let mut response =
                CodesPage { ctx, codes: recovery_codes }.into_response_with(StatusCode::OK)?;
            cookies::append(&mut response, [cookies::set(cookies::SESSION, &session_token, None)]);
            Ok(response)
        }
        Enrolment::WrongCode => {
            let mut errors = FormErrors::default();
            errors.set("code", ctx.tr.t("mfa-code-refused"));
            let page = setup_page(&state, ctx, &enrolling, errors, Some(form.secret))?;
            Ok(page.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?)
        }
    }
}

pub async fn recovery_codes(
    State(state): State<AppState>,
    ctx: PageContext,
    RecentlySignedIn(signed_in): RecentlySignedIn,
    client: Client,
) -> Result<Response, AppError> {
    if !signed_in.user().mfa_enrolled {
        return Err(AppError::Forbidden);
    }
    let codes = mfa::new_recovery_codes(&state, &signed_in.0, &client).await?;
    Ok(CodesPage { ctx, codes }.into_response_with(StatusCode::OK)?)
}

pub async fn disable(
    State(state): State<AppState>,
    RecentlySignedIn(signed_in): RecentlySignedIn,
    client: Client,
) -> Result<Response, AppError> {
    mfa::disable(&state, &signed_in.0, &client).await?;
    Ok(see_other("/account?done=mfa-disabled", Vec::new()).into_response())
}
