//! The audit trail for staff: `/coordination/audit`, filtered by person, action, object, case
//! and days, newest first, a page at a time; a case's timeline is the same page filtered by its
//! reference; `/coordination/audit/export.csv` and `.json` export what the filter finds.
//!
//! A filter that names nobody or no case, or a date that is not one, is answered with the form
//! and a message on that field (422), never with an empty list that looks like "nothing happened".

use askama::Template;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use c4h_domain::EmailAddress;
use c4h_domain::policy::Grant;
use c4h_storage::model::AuditFilter;
use serde::Deserialize;
use time::{Date, Duration, Time};

use super::context::PageContext;
use super::errors::AppError;
use super::forms::{FormErrors, RenderWith};
use super::views::minute;
use crate::auth::SignedIn;
use crate::services::Client;
use crate::services::audit::{self, CSV_HEADER, EXPORT_BATCH, ExportedEvent, Names, PAGE_SIZE};
use crate::state::AppState;

/// The filter form's fields, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct TrailParams {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object: String,
    #[serde(default)]
    case: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
    /// Continue below this sequence number (the "older events" link).
    before: Option<i64>,
}

impl TrailParams {
    fn kept(&self) -> [(&'static str, &str); 6] {
        [
            ("actor", self.actor.trim()),
            ("action", self.action.trim()),
            ("object", self.object.trim()),
            ("case", self.case.trim()),
            ("from", self.from.trim()),
            ("until", self.until.trim()),
        ]
    }

    /// The query string of the same filter, without the page.
    fn query(&self) -> String {
        let pairs: Vec<(&str, &str)> =
            self.kept().into_iter().filter(|(_, value)| !value.is_empty()).collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// What the form asks for, as a filter; or what is wrong with it, by field.
async fn parse_filter(
    state: &AppState,
    grant: &Grant,
    tr: &crate::i18n::Tr,
    params: &TrailParams,
) -> Result<Result<AuditFilter, FormErrors>, AppError> {
    let mut errors = FormErrors::default();
    let mut filter = AuditFilter::default();
    let actor = params.actor.trim();
    if !actor.is_empty() {
        match EmailAddress::parse(actor) {
            Ok(email) => match audit::actor_by_email(state, grant, &email).await? {
                Some(id) => filter.actor = Some(id),
                None => errors.set("actor", tr.t("audit-filter-nobody")),
            },
            Err(_) => errors.set("actor", tr.t("audit-filter-not-an-address")),
        }
    }
    let action = params.action.trim();
    if !action.is_empty() {
        filter.action = Some(action.to_owned());
    }
    let object = params.object.trim();
    if !object.is_empty() {
        match object.split_once(':') {
            Some((kind, id)) => {
                filter.object_kind = Some(kind.trim().to_owned());
                filter.object_id = Some(id.trim().to_owned());
            }
            None => filter.object_kind = Some(object.to_owned()),
        }
    }
    let case = params.case.trim();
    if !case.is_empty() {
        match audit::request_by_reference(state, grant, case).await? {
            Some(id) => filter.request = Some(id),
            None => errors.set("case", tr.t("audit-filter-no-case")),
        }
    }
    let day = |text: &str, field: &'static str, errors: &mut FormErrors| -> Option<Date> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match Date::parse(text, &format) {
            Ok(date) => Some(date),
            Err(_) => {
                errors.set(field, tr.t("audit-filter-not-a-day"));
                None
            }
        }
    };
    let midnight = |date: Date| date.with_time(Time::MIDNIGHT).assume_utc();
    filter.from = day(&params.from, "from", &mut errors).map(midnight);
    // The last day counts whole.
    filter.until = day(&params.until, "until", &mut errors).map(|d| midnight(d) + Duration::DAY);
    if let (Some(from), Some(until)) = (filter.from, filter.until)
        && until <= from
    {
        errors.set("until", tr.t("audit-filter-until-before-from"));
    }
    Ok(if errors.is_empty() { Ok(filter) } else { Err(errors) })
}

struct TrailLine {
    seq: i64,
    at: String,
    who: String,
    action_label: String,
    action: String,
    object: String,
    reference: Option<String>,
    request_id: Option<String>,
    address: String,
    details: String,
}

#[derive(Template)]
#[template(path = "coordination_audit.html")]
struct TrailPage {
    ctx: PageContext,
    errors: FormErrors,
    actor: String,
    action: String,
    object: String,
    case: String,
    from: String,
    until: String,
    lines: Vec<TrailLine>,
    older: Option<String>,
    csv: String,
    json: String,
}

pub async fn trail(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    params: Result<Query<TrailParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let grant = audit::grant(signed_in.principal())?;
    let Query(params) = params?;
    let query = params.query();
    let (lines, older, errors) = match parse_filter(&state, &grant, &ctx.tr, &params).await? {
        Ok(filter) => {
            let mut names = Names::default();
            let found =
                audit::search(&state, &grant, &filter, params.before, PAGE_SIZE + 1, &mut names)
                    .await?;
            let more = found.len() > PAGE_SIZE as usize;
            let lines: Vec<TrailLine> =
                found.into_iter().take(PAGE_SIZE as usize).map(|entry| line(&ctx, entry)).collect();
            let older = lines.last().filter(|_| more).map(|last| {
                let sep = if query.is_empty() { "" } else { "&" };
                format!("/coordination/audit?{query}{sep}before={}", last.seq)
            });
            (lines, older, FormErrors::default())
        }
        Err(errors) => (Vec::new(), None, errors),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let suffix = if query.is_empty() { String::new() } else { format!("?{query}") };
    let page = TrailPage {
        ctx,
        errors,
        actor: params.actor.trim().to_owned(),
        action: params.action.trim().to_owned(),
        object: params.object.trim().to_owned(),
        case: params.case.trim().to_owned(),
        from: params.from.trim().to_owned(),
        until: params.until.trim().to_owned(),
        lines,
        older,
        csv: format!("/coordination/audit/export.csv{suffix}"),
        json: format!("/coordination/audit/export.json{suffix}"),
    };
    Ok(page.into_response_with(status)?)
}

fn line(ctx: &PageContext, entry: audit::TrailEntry) -> TrailLine {
    let record = &entry.event.record;
    let tr = &ctx.tr;
    TrailLine {
        seq: entry.event.seq,
        at: minute(record.occurred_at),
        who: entry.who.clone().unwrap_or_else(|| tr.label("audit-actor", &record.actor.label)),
        action_label: tr.label("audit", &record.action.replace('.', "-")),
        action: record.action.clone(),
        object: format!("{}:{}", record.object.kind, record.object.id),
        reference: entry.reference.clone(),
        request_id: record.request_id.map(|id| id.to_string()),
        address: record.actor.client_address.clone().unwrap_or_default(),
        details: record.details.to_string(),
    }
}

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

pub async fn export_csv(
    state: State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    params: Result<Query<TrailParams>, QueryRejection>,
) -> Result<Response, AppError> {
    export(state, ctx, signed_in, client, params, Format::Csv).await
}

pub async fn export_json(
    state: State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    params: Result<Query<TrailParams>, QueryRejection>,
) -> Result<Response, AppError> {
    export(state, ctx, signed_in, client, params, Format::Json).await
}

/// Streams every event the filter finds, newest first, a batch at a time; the export is
/// recorded before the first byte leaves.
async fn export(
    State(state): State<AppState>,
    ctx: PageContext,
    signed_in: SignedIn,
    client: Client,
    params: Result<Query<TrailParams>, QueryRejection>,
    format: Format,
) -> Result<Response, AppError> {
    let grant = audit::grant(signed_in.principal())?;
    let Query(params) = params?;
    let filter = match parse_filter(&state, &grant, &ctx.tr, &params).await? {
        Ok(filter) => filter,
        // The page says what is wrong with the filter.
        Err(_) => return trail(State(state), ctx, signed_in, Ok(Query(params))).await,
    };
    let name = if format == Format::Csv { "csv" } else { "json" };
    audit::record_export(&state, signed_in.principal(), &client, name, &filter).await?;
    let batches = futures_util::stream::unfold(
        Some((state, grant, filter, None::<i64>, Names::default(), true)),
        move |cursor| async move {
            let (state, grant, filter, before, mut names, first) = cursor?;
            let found =
                audit::search(&state, &grant, &filter, before, EXPORT_BATCH, &mut names).await;
            let found = match found {
                Ok(found) => found,
                Err(error) => {
                    tracing::error!(%error, "the audit export stopped");
                    return Some((Err(std::io::Error::other("the audit export stopped")), None));
                }
            };
            let last = found.last().map(|entry| entry.event.seq);
            let done = found.len() < EXPORT_BATCH as usize;
            let events: Vec<ExportedEvent> = found.into_iter().map(ExportedEvent::from).collect();
            let chunk = match format {
                Format::Csv => csv_chunk(first, &events),
                Format::Json => json_chunk(first, done, &events),
            };
            let next = (!done).then_some((state, grant, filter, last, names, false));
            Some((Ok::<_, std::io::Error>(chunk), next))
        },
    );
    let (content_type, extension) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let disposition = format!("attachment; filename=\"audit-trail.{extension}\"");
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(batches),
    )
        .into_response())
}

fn csv_chunk(first: bool, events: &[ExportedEvent]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if first {
        writer.write_record(CSV_HEADER).expect("writing to memory does not fail");
    }
    for event in events {
        writer.write_record(event.csv_cells()).expect("writing to memory does not fail");
    }
    writer.into_inner().expect("writing to memory does not fail")
}

fn json_chunk(first: bool, last: bool, events: &[ExportedEvent]) -> Vec<u8> {
    let mut out = Vec::new();
    if first {
        out.push(b'[');
    }
    for (index, event) in events.iter().enumerate() {
        if !(first && index == 0) {
            out.push(b',');
        }
        out.push(b'\n');
        serde_json::to_writer(&mut out, event).expect("an exported event serialises");
    }
    if last {
        out.extend_from_slice(b"\n]\n");
    }
    out
}
