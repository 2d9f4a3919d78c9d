//! Rows of providers, reviews and the directories, and their conversion into records.

use c4h_domain::ids::{OfferingId, OrganisationId, ProviderId, ReviewId, UserId};
use c4h_domain::vetting::VettingDecision;
use c4h_domain::{Country, RequesterKind, ServiceCategory, VerificationState, VettingState};

use crate::StoreError;
use crate::codec::{DbId, DbTime};
use crate::model::{
    OfferingRow, OrganisationDetails, OrganisationRow, ProviderDetails, ProviderNote, ProviderRow,
    Review,
};
use crate::rows::stored_language;
use crate::rows_identity::email;
use crate::sealing::{Keyring, open_opt};

fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {detail}"))
}

fn count(what: &str, value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| corrupt(what, value))
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProviderDetailsRow {
    name: String,
    home_country: String,
    website: Option<String>,
    description: String,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    contact_language: Option<String>,
    services_offered: String,
    vetting_state: String,
    pledges_taken: bool,
    paused_until: Option<DbTime>,
    pause_message: Option<String>,
    created_at: DbTime,
    vetted_at: Option<DbTime>,
}

impl ProviderDetailsRow {
    pub(crate) fn into_details(
        self,
        id: ProviderId,
        reviews: Vec<Review>,
        notes: Vec<ProviderNote>,
    ) -> Result<ProviderDetails, StoreError> {
        Ok(ProviderDetails {
            id,
            name: self.name,
            home_country: Country::parse(&self.home_country)
                .map_err(|e| corrupt("provider country", e))?,
            website: self.website,
            description: self.description,
            contact_email: self.contact_email.as_deref().map(email).transpose()?,
            contact_phone: self.contact_phone,
            contact_language: self.contact_language.as_deref().map(stored_language).transpose()?,
            services_offered: self
                .services_offered
                .split_whitespace()
                .map(|code| {
                    ServiceCategory::parse(code).map_err(|e| corrupt("services offered", e))
                })
                .collect::<Result<_, _>>()?,
            vetting: VettingState::parse(&self.vetting_state)
                .map_err(|e| corrupt("vetting state", e))?,
            pledges_taken: self.pledges_taken,
            paused_until: self.paused_until.map(|t| t.0),
            pause_message: self.pause_message,
            created_at: self.created_at.0,
            vetted_at: self.vetted_at.map(|t| t.0),
            reviews,
            notes,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ReviewRow {
    id: DbId,
    decision: String,
    reason: String,
    proposed_by: DbId,
    proposed_by_name: String,
    proposed_at: DbTime,
    confirmed_by_name: Option<String>,
    confirmed_at: Option<DbTime>,
    withdrawn_at: Option<DbTime>,
}

impl TryFrom<ReviewRow> for Review {
    type Error = StoreError;
    fn try_from(row: ReviewRow) -> Result<Self, StoreError> {
        Ok(Review {
            id: ReviewId::from_uuid(row.id.0),
            decision: VettingDecision::parse(&row.decision)
                .map_err(|e| corrupt("review decision", e))?,
            reason: row.reason,
            proposed_by: UserId::from_uuid(row.proposed_by.0),
            proposed_by_name: row.proposed_by_name,
            proposed_at: row.proposed_at.0,
            confirmed_by_name: row.confirmed_by_name,
            confirmed_at: row.confirmed_at.map(|t| t.0),
            withdrawn_at: row.withdrawn_at.map(|t| t.0),
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct ProviderListRow {
    id: DbId,
    name: String,
    home_country: String,
    vetting_state: String,
    offerings: i64,
    open_reviews: i64,
    created_at: DbTime,
}

impl TryFrom<ProviderListRow> for ProviderRow {
    type Error = StoreError;
    fn try_from(row: ProviderListRow) -> Result<Self, StoreError> {
        Ok(ProviderRow {
            id: ProviderId::from_uuid(row.id.0),
            name: row.name,
            home_country: Country::parse(&row.home_country)
                .map_err(|e| corrupt("provider country", e))?,
            vetting: VettingState::parse(&row.vetting_state)
                .map_err(|e| corrupt("vetting state", e))?,
            offerings: count("offerings", row.offerings)?,
            open_review: row.open_reviews > 0,
            created_at: row.created_at.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OrganisationListRow {
    id: DbId,
    name: String,
    kind: String,
    country: String,
    verification_state: String,
    website: Option<String>,
    registry_number: Option<String>,
    registrant_email: Option<String>,
    members: i64,
    created_at: DbTime,
}

/// The domain of an e-mail address, as stored.
fn domain_of(address: Option<String>) -> Option<String> {
    address.and_then(|address| address.rsplit_once('@').map(|(_, domain)| domain.to_owned()))
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OrganisationDetailsRow {
    name: String,
    kind: String,
    country: String,
    website: Option<String>,
    registry_number: Option<String>,
    verification_state: String,
    verification_note: Option<String>,
    created_at: DbTime,
    registrant_email: Option<String>,
}

impl OrganisationDetailsRow {
    pub(crate) fn into_details(
        self,
        keys: &Keyring,
        id: OrganisationId,
    ) -> Result<OrganisationDetails, StoreError> {
        Ok(OrganisationDetails {
            id,
            name: self.name,
            kind: RequesterKind::parse(&self.kind).map_err(|e| corrupt("organisation kind", e))?,
            country: Country::parse(&self.country)
                .map_err(|e| corrupt("organisation country", e))?,
            website: self.website,
            registry_number: self.registry_number,
            registrant_domain: domain_of(self.registrant_email),
            verification: VerificationState::parse(&self.verification_state)
                .map_err(|e| corrupt("verification", e))?,
            verification_note: open_opt(
                keys,
                "organisations.verification_note",
                id,
                self.verification_note,
            )?,
            created_at: self.created_at.0,
        })
    }
}

impl TryFrom<OrganisationListRow> for OrganisationRow {
    type Error = StoreError;
    fn try_from(row: OrganisationListRow) -> Result<Self, StoreError> {
        Ok(OrganisationRow {
            id: OrganisationId::from_uuid(row.id.0),
            name: row.name,
            kind: RequesterKind::parse(&row.kind).map_err(|e| corrupt("organisation kind", e))?,
            country: Country::parse(&row.country)
                .map_err(|e| corrupt("organisation country", e))?,
            verification: VerificationState::parse(&row.verification_state)
                .map_err(|e| corrupt("verification", e))?,
            website: row.website,
            registry_number: row.registry_number,
            registrant_domain: domain_of(row.registrant_email),
            members: count("members", row.members)?,
            created_at: row.created_at.0,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct OfferingListRow {
    id: DbId,
    provider_id: DbId,
    provider_name: String,
    vetting_state: String,
    category: String,
    title: Option<String>,
    title_language: Option<String>,
    active: bool,
    capacity: i64,
    in_use: i64,
}

impl TryFrom<OfferingListRow> for OfferingRow {
    type Error = StoreError;
    fn try_from(row: OfferingListRow) -> Result<Self, StoreError> {
        Ok(OfferingRow {
            id: OfferingId::from_uuid(row.id.0),
            provider_id: ProviderId::from_uuid(row.provider_id.0),
            provider_name: row.provider_name,
            provider_vetting: VettingState::parse(&row.vetting_state)
                .map_err(|e| corrupt("vetting state", e))?,
            category: ServiceCategory::parse(&row.category).map_err(|e| corrupt("category", e))?,
            title: row.title.unwrap_or_default(),
            title_language: stored_language(row.title_language.as_deref().unwrap_or("en"))?,
            active: row.active,
            capacity: count("capacity", row.capacity)?,
            in_use: count("in use", row.in_use)?,
        })
    }
}
