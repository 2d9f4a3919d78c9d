//! Rows of assistance requests, their messages and the triage queue, and their conversion into
//! records.

use c4h_domain::ids::{MessageId, OrganisationId, RequestId, UserId};
use c4h_domain::triage::{PatientCare, Signals, UrgencyReason};
use c4h_domain::{
    Country, LanguageTag, RequestState, RequesterKind, ServiceCategory, Tlp, Urgency,
    VerificationState, Visibility,
};

use crate::StoreError;
use crate::codec::{DbId, DbTime};
use crate::model::{CaseFile, QueueRow, RequestDetails, RequestMessage, RequestSummary};
use crate::rows::stored_language;
use crate::sealing::{Keyring, open, open_opt};

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("request {what}: {detail}"))
}

/// Parses each space-separated code of `value`.
fn codes<T>(
    value: &str,
    what: &str,
    parse: impl Fn(&str) -> Result<T, c4h_domain::ParseError>,
) -> Result<Vec<T>, StoreError> {
    value.split_whitespace().map(|code| parse(code).map_err(|e| corrupt(what, e))).collect()
}

fn urgency(value: Option<&str>) -> Result<Option<Urgency>, StoreError> {
    value.map(|u| Urgency::parse(u).map_err(|e| corrupt("urgency", e))).transpose()
}

fn category(value: Option<&str>) -> Result<Option<ServiceCategory>, StoreError> {
    value.map(|c| ServiceCategory::parse(c).map_err(|e| corrupt("category", e))).transpose()
}

fn state(value: &str) -> Result<RequestState, StoreError> {
    RequestState::parse(value).map_err(|e| corrupt("state", e))
}

/// The rank that orders the queue: 0 for critical to 3 for low.
pub(crate) fn urgency_rank(urgency: Urgency) -> i16 {
    match urgency {
        Urgency::Critical => 0,
        Urgency::High => 1,
        Urgency::Medium => 2,
        Urgency::Low => 3,
    }
}

/// The request columns `RequestRow` reads, for `r` joined with its organisation `o`, its
/// requester `u` and the request it was merged into `m`.
pub(crate) const REQUEST_COLUMNS: &str = "r.id, r.reference, r.organisation_id, \
    o.name AS organisation_name, o.kind AS organisation_kind, o.country AS organisation_country, \
    o.verification_state AS organisation_verification, o.nis2_in_scope, r.requester_id, \
    u.display_name AS requester_name, r.state, r.description, r.active_incident, r.ransomware, \
    r.patient_care_impact, r.systems_down, r.data_breach, r.breach_aware_at, r.email_compromised, \
    r.out_of_band_contact, r.category, r.languages, r.consent_to_share, r.tlp, r.urgency, \
    r.computed_urgency, r.urgency_reasons, r.urgency_override_reason, \
    r.from_unverified_organisation, r.decline_reason, r.offer_summary, m.reference AS merged_into, r.submitted_at, \
    r.state_changed_at, r.created_at";

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct RequestRow {
    id: DbId,
    reference: String,
    organisation_id: DbId,
    organisation_name: String,
    organisation_kind: String,
    organisation_country: String,
    organisation_verification: String,
    nis2_in_scope: bool,
    requester_id: DbId,
    requester_name: String,
    state: String,
    description: String,
    active_incident: bool,
    ransomware: bool,
    patient_care_impact: String,
    systems_down: bool,
    data_breach: bool,
    breach_aware_at: Option<DbTime>,
    email_compromised: bool,
    out_of_band_contact: Option<String>,
    category: Option<String>,
    languages: String,
    consent_to_share: bool,
    tlp: String,
    urgency: Option<String>,
    computed_urgency: Option<String>,
    urgency_reasons: String,
    urgency_override_reason: Option<String>,
    from_unverified_organisation: bool,
    decline_reason: Option<String>,
    offer_summary: Option<String>,
    merged_into: Option<String>,
    submitted_at: Option<DbTime>,
    state_changed_at: DbTime,
    created_at: DbTime,
}

impl RequestRow {
    /// The request's organisation, as stored.
    pub(crate) fn organisation(&self) -> DbId {
        self.organisation_id
    }

    pub(crate) fn into_details(
        self,
        keys: &Keyring,
        messages: Vec<RequestMessage>,
        files: Vec<CaseFile>,
    ) -> Result<RequestDetails, StoreError> {
        let id = RequestId::from_uuid(self.id.0);
        let description = open(keys, "assistance_requests.description", id, &self.description)?;
        let contact = open_opt(
            keys,
            "assistance_requests.out_of_band_contact",
            id,
            self.out_of_band_contact,
        )?;
        let decline_reason =
            open_opt(keys, "assistance_requests.decline_reason", id, self.decline_reason)?;
        let offer_summary =
            open_opt(keys, "assistance_requests.offer_summary", id, self.offer_summary)?;
        let signals = Signals {
            active_incident: self.active_incident,
            ransomware: self.ransomware,
            patient_care: codes(&self.patient_care_impact, "patient care", PatientCare::parse)?,
            systems_down: self.systems_down,
            data_breach: self.data_breach,
            breach_aware_at: self.breach_aware_at.map(|t| t.0),
            email_compromised: self.email_compromised,
        };
        let languages: Vec<LanguageTag> =
            self.languages.split_whitespace().map(stored_language).collect::<Result<_, _>>()?;
        let urgency_now = urgency(self.urgency.as_deref())?;
        let computed = urgency(self.computed_urgency.as_deref())?;
        Ok(RequestDetails {
            id,
            reference: self.reference,
            organisation_id: OrganisationId::from_uuid(self.organisation_id.0),
            organisation_name: self.organisation_name,
            organisation_kind: RequesterKind::parse(&self.organisation_kind)
                .map_err(|e| corrupt("organisation kind", e))?,
            organisation_country: Country::parse(&self.organisation_country)
                .map_err(|e| corrupt("organisation country", e))?,
            organisation_verification: VerificationState::parse(&self.organisation_verification)
                .map_err(|e| corrupt("verification", e))?,
            nis2_in_scope: self.nis2_in_scope,
            requester_id: UserId::from_uuid(self.requester_id.0),
            requester_name: self.requester_name,
            state: state(&self.state)?,
            description,
            signals,
            out_of_band_contact: contact,
            category: category(self.category.as_deref())?,
            languages,
            consent_to_share: self.consent_to_share,
            tlp: Tlp::parse(&self.tlp).map_err(|e| corrupt("tlp", e))?,
            urgency: urgency_now,
            computed_urgency: computed.filter(|c| Some(*c) != urgency_now),
            urgency_reasons: codes(&self.urgency_reasons, "urgency reasons", UrgencyReason::parse)?,
            urgency_override_reason: open_opt(
                keys,
                "assistance_requests.urgency_override_reason",
                id,
                self.urgency_override_reason,
            )?,
            from_unverified_organisation: self.from_unverified_organisation,
            decline_reason,
            offer_summary,
            merged_into: self.merged_into,
            submitted_at: self.submitted_at.map(|t| t.0),
            state_changed_at: self.state_changed_at.0,
            created_at: self.created_at.0,
            messages,
            files,
            engagement: None,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct MessageRow {
    id: DbId,
    author_name: Option<String>,
    from_staff: bool,
    body: String,
    tlp: String,
    visibility: String,
    created_at: DbTime,
}

impl MessageRow {
    pub(crate) fn open(self, keys: &Keyring) -> Result<RequestMessage, StoreError> {
        let id = MessageId::from_uuid(self.id.0);
        let row = self;
        Ok(RequestMessage {
            author_name: row.author_name,
            from_staff: row.from_staff,
            body: open(keys, "messages.body", id, &row.body)?,
            tlp: Tlp::parse(&row.tlp).map_err(|e| corrupt("message tlp", e))?,
            visibility: Visibility::parse(&row.visibility)
                .map_err(|e| corrupt("message visibility", e))?,
            created_at: row.created_at.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: DbId,
    reference: String,
    state: String,
    urgency: Option<String>,
    category: Option<String>,
    submitted_at: Option<DbTime>,
    state_changed_at: DbTime,
}

impl TryFrom<SummaryRow> for RequestSummary {
    type Error = StoreError;
    fn try_from(row: SummaryRow) -> Result<Self, StoreError> {
        Ok(RequestSummary {
            id: RequestId::from_uuid(row.id.0),
            reference: row.reference,
            state: state(&row.state)?,
            urgency: urgency(row.urgency.as_deref())?,
            category: category(row.category.as_deref())?,
            submitted_at: row.submitted_at.map(|t| t.0),
            state_changed_at: row.state_changed_at.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct QueueListRow {
    id: DbId,
    reference: String,
    organisation_name: String,
    organisation_kind: String,
    organisation_country: String,
    organisation_verification: String,
    from_unverified_organisation: bool,
    nis2_in_scope: bool,
    state: String,
    urgency: Option<String>,
    urgency_reasons: String,
    category: Option<String>,
    data_breach: bool,
    breach_aware_at: Option<DbTime>,
    submitted_at: Option<DbTime>,
    state_changed_at: DbTime,
}

impl TryFrom<QueueListRow> for QueueRow {
    type Error = StoreError;
    fn try_from(row: QueueListRow) -> Result<Self, StoreError> {
        Ok(QueueRow {
            id: RequestId::from_uuid(row.id.0),
            reference: row.reference,
            organisation_name: row.organisation_name,
            organisation_kind: RequesterKind::parse(&row.organisation_kind)
                .map_err(|e| corrupt("organisation kind", e))?,
            organisation_country: Country::parse(&row.organisation_country)
                .map_err(|e| corrupt("organisation country", e))?,
            organisation_verified: row.organisation_verification == "verified",
            from_unverified_organisation: row.from_unverified_organisation,
            nis2_in_scope: row.nis2_in_scope,
            state: state(&row.state)?,
            urgency: urgency(row.urgency.as_deref())?,
            urgency_reasons: codes(&row.urgency_reasons, "urgency reasons", UrgencyReason::parse)?,
            category: category(row.category.as_deref())?,
            data_breach: row.data_breach,
            breach_aware_at: row.breach_aware_at.map(|t| t.0),
            submitted_at: row.submitted_at.map(|t| t.0),
            state_changed_at: row.state_changed_at.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct FileRow {
    id: DbId,
    file_name: String,
    declared_type: Option<String>,
    size_bytes: i64,
    sha256: String,
    visibility: String,
    tlp: String,
    uploaded_by_name: String,
    from_staff: bool,
    created_at: DbTime,
}

impl TryFrom<FileRow> for CaseFile {
    type Error = StoreError;
    fn try_from(row: FileRow) -> Result<Self, StoreError> {
        Ok(CaseFile {
            id: c4h_domain::ids::AttachmentId::from_uuid(row.id.0),
            name: row.file_name,
            declared_type: row.declared_type,
            size_bytes: u64::try_from(row.size_bytes).map_err(|e| corrupt("file size", e))?,
            sha256: row.sha256,
            visibility: Visibility::parse(&row.visibility)
                .map_err(|e| corrupt("file visibility", e))?,
            tlp: Tlp::parse(&row.tlp).map_err(|e| corrupt("file tlp", e))?,
            uploaded_by_name: row.uploaded_by_name,
            from_staff: row.from_staff,
            created_at: row.created_at.0,
        })
    }
}

/// A file with its sealed bytes and what it takes to check its reader.
#[derive(Debug, sqlx::FromRow)]
pub(crate) struct StoredFileRow {
    #[sqlx(flatten)]
    pub(crate) file: FileRow,
    pub(crate) key_id: String,
    pub(crate) sealed: Vec<u8>,
    pub(crate) organisation_id: DbId,
    /// Whether the provider the statement was asked about is engaged on the request.
    pub(crate) engaged: bool,
}
