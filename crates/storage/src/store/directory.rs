//! The coordinators' directory: lists with filters and pages, histories, and verifying
//! organisations.

use async_trait::async_trait;
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{
    AuditEvent, Change, OfferingFilter, OfferingRow, OrganisationFilter, OrganisationRow, Page,
    ProviderFilter, ProviderRow, Window,
};

#[async_trait]
pub trait DirectoryStore {
    /// Providers, newest first (grant: view the directory).
    async fn providers_directory(
        &self,
        grant: &Grant,
        filter: &ProviderFilter,
        window: Window,
    ) -> Result<Page<ProviderRow>, StoreError>;

    /// Organisations, unverified first, then newest (grant: view the directory).
    async fn organisations_directory(
        &self,
        grant: &Grant,
        filter: &OrganisationFilter,
        window: Window,
    ) -> Result<Page<OrganisationRow>, StoreError>;

    /// Offerings of every provider, in any state (grant: view the directory).
    async fn offerings_directory(
        &self,
        grant: &Grant,
        filter: &OfferingFilter,
        window: Window,
    ) -> Result<Page<OfferingRow>, StoreError>;

    /// The audit events about one object, newest first (grant: view the directory).
    async fn history(
        &self,
        grant: &Grant,
        object_kind: &str,
        object_id: &str,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    /// Verifies or rejects the grant's organisation with a note it reads (grant: verify it).
    /// `false` when there is no such organisation.
    async fn verify_organisation(
        &self,
        grant: &Grant,
        verified: bool,
        note: &str,
        change: &Change,
    ) -> Result<bool, StoreError>;
}
