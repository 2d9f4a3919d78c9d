//! Reading the audit trail, for staff: filtered, newest first, by pages.
//!
//! Guarantees (both backends): only a grant to view the audit trail reads it; filters are bind
//! parameters in fixed fragments; a page continues strictly below the last sequence number seen,
//! so events appended meanwhile never shift or repeat what a reader pages through.

use async_trait::async_trait;
use c4h_domain::ids::RequestId;
use c4h_domain::policy::Grant;

use crate::StoreError;
use crate::model::{AuditEvent, AuditFilter};

#[async_trait]
pub trait AuditStore {
    /// Events matching `filter` with a sequence number below `before` (all when `None`), newest
    /// first, at most `limit` (grant: view the audit trail).
    async fn audit_search(
        &self,
        grant: &Grant,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    /// The request with this reference (`C4H-2026-000123`, any case), for a case's timeline
    /// (grant: view the audit trail).
    async fn audit_request_by_reference(
        &self,
        grant: &Grant,
        reference: &str,
    ) -> Result<Option<RequestId>, StoreError>;

    /// The references of these requests, for showing the trail (grant: view the audit trail).
    async fn audit_request_references(
        &self,
        grant: &Grant,
        requests: &[RequestId],
    ) -> Result<Vec<(RequestId, String)>, StoreError>;
}
