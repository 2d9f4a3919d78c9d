//! Files on a case, for each of its parties: the upload form (multipart, which works without
//! JavaScript) read within the size limit, and the download.
//!
//! Guarantees: an upload is read as a stream and abandoned (nothing kept) as soon as it passes
//! `upload_max_mb`; every refusal says why in words and re-shows the case. A download is served
//! only to a party that may read the file, always as `application/octet-stream` and
//! `Content-Disposition: attachment` with the cleaned name (the security layer adds `nosniff` and
//! `CSP: sandbox`), never inline, never typed by its content, with its SHA-256 in `Repr-Digest`.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use c4h_domain::files::FileName;
use c4h_domain::ids::{AttachmentId, ProviderId, RequestId};
use c4h_domain::{Tlp, Visibility};

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, see_other};
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::case::Party;
use crate::services::case_files::{self, ReceivedFile, Uploaded};
use crate::state::AppState;

/// How much of a multipart body may surround the file (the token, the choices, the headers).
const FORM_OVERHEAD: u64 = 64 * 1024;

/// Why an upload was not taken, each said in words on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    NoFile,
    Empty,
    TooLarge,
    Visibility,
    Tlp,
    /// Not a form this page sent (a broken or truncated body).
    Malformed,
}

/// Reads the upload form, keeping at most `max_bytes` of the file.
async fn read_upload(
    request: Request,
    role: c4h_domain::request_flow::Role,
    max_bytes: u64,
) -> Result<ReceivedFile, Problem> {
    let boundary = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| multer::parse_boundary(value).ok())
        .ok_or(Problem::Malformed)?;
    let limits = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(max_bytes + FORM_OVERHEAD));
    let stream = request.into_body().into_data_stream();
    let mut multipart = multer::Multipart::with_constraints(stream, boundary, limits);
    let (mut visibility, mut tlp, mut file) = (None, None, None);
    let mut too_large = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(multer::Error::StreamSizeExceeded { .. }) => return Err(Problem::TooLarge),
            Err(_) => return Err(Problem::Malformed),
        };
        match field.name() {
            Some("visibility") => {
                visibility = Some(field.text().await.map_err(|_| Problem::Malformed)?)
            }
            Some("tlp") => tlp = Some(field.text().await.map_err(|_| Problem::Malformed)?),
            Some("file") => {
                let name = field.file_name().filter(|n| !n.is_empty()).map(FileName::clean);
                let declared = field.content_type().map(|mime| mime.essence_str().to_owned());
                let mut field = field;
                let mut bytes = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if !too_large => {
                            bytes.extend_from_slice(&chunk);
                            if bytes.len() as u64 > max_bytes {
                                too_large = true;
                                bytes = Vec::new();
                            }
                        }
                        // Past the limit: read on (so the browser sees the answer) and drop.
                        Ok(Some(_)) => {}
                        Ok(None) => break,
                        Err(multer::Error::StreamSizeExceeded { .. }) => {
                            return Err(Problem::TooLarge);
                        }
                        Err(_) => return Err(Problem::Malformed),
                    }
                }
                // A file input left empty sends a part with an empty name and no bytes.
                if let Some(name) = name {
                    file = Some((name, declared, bytes));
                }
            }
            _ => {}
        }
    }
    if too_large {
        return Err(Problem::TooLarge);
    }
    let (name, declared_type, bytes) = file.ok_or(Problem::NoFile)?;
    if bytes.is_empty() {
        return Err(Problem::Empty);
    }
    let visibility = match visibility.as_deref().map(str::trim) {
        None | Some("") if role == c4h_domain::request_flow::Role::Requester => {
            Visibility::AllParties
        }
        Some(value) => Visibility::parse(value).map_err(|_| Problem::Visibility)?,
        None => return Err(Problem::Visibility),
    };
    if !c4h_domain::case::may_write(role, visibility) {
        return Err(Problem::Visibility);
    }
    let tlp = match tlp.as_deref().map(str::trim) {
        None | Some("") => Tlp::DEFAULT,
        Some(value) => Tlp::parse_lenient(value).map_err(|_| Problem::Tlp)?,
    };
    Ok(ReceivedFile { name, declared_type, bytes, visibility, tlp })
}

/// The form's errors for `problem`.
fn errors_for(ctx: &PageContext, state: &AppState, problem: Problem) -> FormErrors {
    let tr = &ctx.tr;
    let megabytes = (state.settings.uploads.max_bytes / (1024 * 1024)).to_string();
    let field_error = |field: &'static str, message: String| {
        let mut errors = FormErrors::default();
        errors.set(field, message);
        errors
    };
    match problem {
        Problem::NoFile => field_error("file", tr.t("case-file-missing")),
        Problem::Empty => field_error("file", tr.t("case-file-empty")),
        Problem::TooLarge => {
            field_error("file", tr.ts("case-file-too-large", "megabytes", &megabytes))
        }
        Problem::Tlp => field_error("file_tlp", tr.t("case-file-tlp")),
        Problem::Malformed => field_error("file", tr.t("case-file-malformed")),
        Problem::Visibility => {
            // As a whole-form message: a requester's form has no choice of visibility to mark.
            let mut errors = FormErrors::default();
            errors.general = Some(tr.t("case-visibility-refused"));
            errors
        }
    }
}

/// Which case an upload is for, by whom, and the page it came from.
struct Target {
    request: RequestId,
    party: Party,
    page: String,
}

/// The outcome of an upload as the page shows it: a redirect to the page when added, otherwise
/// the errors to show.
async fn take_upload(
    state: &AppState,
    ctx: &PageContext,
    signed_in: &SignedIn,
    client: &Client,
    target: Target,
    body: Request,
) -> Result<Result<Response, (FormErrors, StatusCode)>, AppError> {
    let Target { request, party, page } = target;
    let received = match read_upload(body, party.role(), state.settings.uploads.max_bytes).await {
        Ok(received) => received,
        Err(problem) => {
            let status = if problem == Problem::TooLarge {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return Ok(Err((errors_for(ctx, state, problem), status)));
        }
    };
    let outcome = case_files::upload(state, &signed_in.0, request, party, received, client).await?;
    let mut errors = FormErrors::default();
    match outcome {
        Uploaded::Added => return Ok(Ok(see_other(&format!("{page}?done=file"), Vec::new()))),
        Uploaded::TooMany => {
            let most = state.settings.uploads.max_files.to_string();
            errors.set("file", ctx.tr.ts("case-file-too-many", "count", &most));
        }
        Uploaded::Refused => errors.general = Some(ctx.tr.t("case-closed")),
    }
    Ok(Err((errors, StatusCode::UNPROCESSABLE_ENTITY)))
}

fn request_id(id: &str) -> Result<RequestId, AppError> {
    RequestId::parse(id).map_err(|_| AppError::NotFound)
}

fn file_id(id: &str) -> Result<AttachmentId, AppError> {
    AttachmentId::parse(id).map_err(|_| AppError::NotFound)
}

pub async fn requester_upload(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    body: Request,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let party = Party::requester_of(&state, id).await?;
    party.grant(signed_in.principal())?;
    let target = Target { request: id, party, page: format!("/requests/{id}") };
    match take_upload(&state, &ctx, &signed_in, &client, target, body).await? {
        Ok(done) => Ok(done),
        Err((errors, status)) => {
            super::intake::page_response(&state, ctx, &signed_in, id, errors, status).await
        }
    }
}

pub async fn provider_upload(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id)): Path<(String, String)>,
    body: Request,
) -> Result<Response, AppError> {
    let (provider, id) = super::case_messages::own_case(&state, &signed_in, &provider, &id).await?;
    let party = Party::Provider(provider);
    let target = Target { request: id, party, page: format!("/providers/{provider}/cases/{id}") };
    match take_upload(&state, &ctx, &signed_in, &client, target, body).await? {
        Ok(done) => Ok(done),
        Err((errors, _)) => {
            super::offers::case_response(&state, ctx, &signed_in, provider, id, errors).await
        }
    }
}

pub async fn coordinator_upload(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    Path(id): Path<String>,
    body: Request,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    Party::Coordinator.grant(signed_in.principal())?;
    let page = format!("/coordination/requests/{id}");
    let target = Target { request: id, party: Party::Coordinator, page };
    match take_upload(&state, &ctx, &signed_in, &client, target, body).await? {
        Ok(done) => Ok(done),
        Err((errors, status)) => {
            super::triage::file_response(&state, ctx, &signed_in, id, errors, status).await
        }
    }
}

pub async fn requester_download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, file) = (request_id(&id)?, file_id(&file)?);
    let party = Party::requester_of(&state, id).await?;
    download(&state, &signed_in, id, party, file, &client).await
}

pub async fn provider_download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((provider, id, file)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let provider = ProviderId::parse(&provider).map_err(|_| AppError::NotFound)?;
    let (id, file) = (request_id(&id)?, file_id(&file)?);
    download(&state, &signed_in, id, Party::Provider(provider), file, &client).await
}

pub async fn coordinator_download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Client,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, file) = (request_id(&id)?, file_id(&file)?);
    download(&state, &signed_in, id, Party::Coordinator, file, &client).await
}

async fn download(
    state: &AppState,
    signed_in: &SignedIn,
    request: RequestId,
    party: Party,
    file: AttachmentId,
    client: &Client,
) -> Result<Response, AppError> {
    let (meta, bytes) =
        case_files::download(state, signed_in.principal(), request, party, file, client).await?;
    let name = FileName::clean(&meta.name);
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        name.ascii_fallback(),
        percent_encode(name.as_str())
    );
    let digest = {
        use data_encoding::BASE64;
        let raw = hex::decode(&meta.sha256).unwrap_or_default();
        format!("sha-256=:{}:", BASE64.encode(&raw))
    };
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    // Built from the cleaned name: printable ASCII and percent-escapes only.
    let disposition = HeaderValue::from_str(&disposition)
        .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"file\""));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    if let Ok(digest) = HeaderValue::from_str(&digest) {
        headers.insert("repr-digest", digest);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}

/// RFC 8187's encoding of a header parameter: attr-chars as they are, every other byte of the
/// UTF-8 as `%XX`.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
