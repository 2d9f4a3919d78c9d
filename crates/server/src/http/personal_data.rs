//! A person's own data: the page that explains it, the download (JSON), and erasing the
//! account. Both the download and the erasure ask for the password again (step-up), since
//! either is what someone who found an open session would want.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use c4h_storage::model::Erasure;
use serde::Deserialize;

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith, see_other};
use crate::auth::session::RecentlySignedIn;
use crate::auth::{SignedIn, cookies};
use crate::services::Client;
use crate::services::retention;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "account_data.html")]
struct DataPage {
    ctx: PageContext,
    errors: FormErrors,
}

pub async fn page(ctx: PageContext, _signed_in: SignedIn) -> Result<Response, AppError> {
    Ok(DataPage { ctx, errors: FormErrors::default() }.into_response_with(StatusCode::OK)?)
}

/// The person's data as one JSON document, downloaded as a file.
pub async fn download(
    State(state): State<AppState>,
    RecentlySignedIn(signed_in): RecentlySignedIn,
    client: Client,
) -> Result<Response, AppError> {
    let document = retention::own_data(&state, &signed_in.0, &client).await?;
    let body = serde_json::to_vec_pretty(&document)
        .map_err(|error| AppError::Internal(anyhow::anyhow!("the data document: {error}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirm: String,
}

/// Erases the account once the person ticked that they understand; says in words why not when
/// it cannot be done yet.
pub async fn erase(
    State(state): State<AppState>,
    ctx: PageContext,
    RecentlySignedIn(signed_in): RecentlySignedIn,
    client: Client,
    form: Result<Form<EraseForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form?;
    let mut errors = FormErrors::default();
    if form.confirm != "yes" {
        errors.set("confirm", ctx.tr.t("data-erase-confirm-missing"));
        return Ok(DataPage { ctx, errors }.into_response_with(StatusCode::UNPROCESSABLE_ENTITY)?);
    }
    match retention::erase_own_account(&state, &signed_in.0, &client).await? {
        Erasure::Erased { .. } => {
            let cleared = vec![cookies::clear(cookies::SESSION), cookies::clear(cookies::DEVICE)];
            Ok(see_other("/login?done=account-erased", cleared))
        }
        Erasure::OpenCases(references) => {
            errors.general =
                Some(ctx.tr.ts("data-erase-open-cases", "cases", references.join(", ")));
            Ok(DataPage { ctx, errors }.into_response_with(StatusCode::CONFLICT)?)
        }
        Erasure::LastAdministrator => {
            errors.general = Some(ctx.tr.t("data-erase-last-admin"));
            Ok(DataPage { ctx, errors }.into_response_with(StatusCode::CONFLICT)?)
        }
        Erasure::NotDone => Err(AppError::NotFound),
    }
}
