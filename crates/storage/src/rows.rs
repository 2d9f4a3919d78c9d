//! Rows as both backends return them, and their conversion into domain records.
//!
//! The row structs use [`DbId`] and [`DbTime`], which decode on either backend, so each row type
//! and its checks exist once. A value that does not parse back into its domain type is reported as
//! [`StoreError::Corrupt`], never silently replaced.

use c4h_domain::ids::{JobId, OfferingId, ProviderId, UserId};
use c4h_domain::{Country, Delivery, EmailAddress, LanguageTag, ServiceCategory, StaffRole};

use crate::StoreError;
use crate::codec::{DbId, DbTime};
use crate::model::{Actor, AuditEvent, AuditRecord, Job, JobState, ObjectRef, User};

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

fn count(what: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt(what, format!("{value} is out of range")))
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct JobRow {
    id: DbId,
    kind: String,
    payload: String,
    idempotency_key: String,
    state: String,
    attempts: i64,
    max_attempts: i64,
    run_at: DbTime,
    locked_by: Option<String>,
    locked_until: Option<DbTime>,
    last_error: Option<String>,
}

pub(crate) const JOB_COLUMNS: &str = "id, kind, payload, idempotency_key, state, attempts, \
    max_attempts, run_at, locked_by, locked_until, last_error";

impl TryFrom<JobRow> for Job {
    type Error = StoreError;
    fn try_from(row: JobRow) -> Result<Self, StoreError> {
        Ok(Job {
            id: JobId::from_uuid(row.id.0),
            payload: serde_json::from_str(&row.payload).map_err(|e| corrupt("job payload", e))?,
            state: JobState::parse(&row.state).ok_or_else(|| corrupt("job state", &row.state))?,
            attempts: count("job attempts", row.attempts)?,
            max_attempts: count("job max_attempts", row.max_attempts)?,
            kind: row.kind,
            idempotency_key: row.idempotency_key,
            run_at: row.run_at.0,
            locked_by: row.locked_by,
            locked_until: row.locked_until.map(|t| t.0),
            last_error: row.last_error,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct AuditRow {
    seq: i64,
    occurred_at: DbTime,
    actor_id: Option<DbId>,
    actor_label: String,
    action: String,
    object_kind: String,
    object_id: String,
    request_id: Option<DbId>,
    client_address: Option<String>,
    details: String,
    prev_hash: String,
    hash: String,
}

impl TryFrom<AuditRow> for AuditEvent {
    type Error = StoreError;
    fn try_from(row: AuditRow) -> Result<Self, StoreError> {
        Ok(AuditEvent {
            seq: row.seq,
            record: AuditRecord {
                occurred_at: row.occurred_at.0,
                actor: Actor {
                    user_id: row.actor_id.map(|id| UserId::from_uuid(id.0)),
                    label: row.actor_label,
                    client_address: row.client_address,
                },
                action: row.action,
                object: ObjectRef { kind: row.object_kind, id: row.object_id },
                request_id: row.request_id.map(|id| c4h_domain::ids::RequestId::from_uuid(id.0)),
                details: serde_json::from_str(&row.details)
                    .map_err(|e| corrupt("audit details", e))?,
            },
            prev_hash: row.prev_hash,
            hash: row.hash,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct UserRow {
    id: DbId,
    email: String,
    display_name: String,
    staff_role: Option<String>,
    preferred_language: String,
    can_sign_in: bool,
    email_verified: bool,
    disabled: bool,
    mfa_enrolled: bool,
    created_at: DbTime,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(row: UserRow) -> Result<Self, StoreError> {
        Ok(User {
            id: UserId::from_uuid(row.id.0),
            email: EmailAddress::parse(&row.email).map_err(|e| corrupt("user email", e))?,
            display_name: row.display_name,
            staff_role: row
                .staff_role
                .map(|role| StaffRole::parse(&role))
                .transpose()
                .map_err(|e| corrupt("user staff_role", e))?,
            preferred_language: LanguageTag::parse(&row.preferred_language)
                .map_err(|e| corrupt("user preferred_language", e))?,
            can_sign_in: row.can_sign_in,
            email_verified: row.email_verified,
            disabled: row.disabled,
            mfa_enrolled: row.mfa_enrolled,
            created_at: row.created_at.0,
        })
    }
}

/// The scalar part of a catalogue entry; texts and lists are read separately and joined in.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct CatalogueRow {
    pub offering_id: DbId,
    provider_id: DbId,
    provider_name: String,
    provider_country: String,
    category: String,
    delivery: String,
    capacity: i64,
    response_time_hours: i64,
}

/// A catalogue row with its scalar fields parsed.
#[derive(Debug)]
pub(crate) struct CatalogueScalars {
    pub offering_id: OfferingId,
    pub provider_id: ProviderId,
    pub provider_name: String,
    pub provider_country: Country,
    pub category: ServiceCategory,
    pub delivery: Delivery,
    pub capacity: u32,
    pub response_time_hours: u32,
}

impl TryFrom<CatalogueRow> for CatalogueScalars {
    type Error = StoreError;
    fn try_from(row: CatalogueRow) -> Result<Self, StoreError> {
        Ok(Self {
            offering_id: OfferingId::from_uuid(row.offering_id.0),
            provider_id: ProviderId::from_uuid(row.provider_id.0),
            provider_name: row.provider_name,
            provider_country: Country::parse(&row.provider_country)
                .map_err(|e| corrupt("provider country", e))?,
            category: ServiceCategory::parse(&row.category)
                .map_err(|e| corrupt("offering category", e))?,
            delivery: Delivery::parse(&row.delivery)
                .map_err(|e| corrupt("offering delivery", e))?,
            capacity: count("offering capacity", row.capacity)?,
            response_time_hours: count("offering response time", row.response_time_hours)?,
        })
    }
}

/// Parses a language tag read from storage.
pub(crate) fn stored_language(value: &str) -> Result<LanguageTag, StoreError> {
    LanguageTag::parse(value).map_err(|e| corrupt("language", e))
}
