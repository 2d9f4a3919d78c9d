//! Retention and erasure: legal holds, what a purge removed, and how an account is erased.

use time::OffsetDateTime;

/// A legal hold on a case: while it lasts the case is never purged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub placed_at: OffsetDateTime,
    /// The display name of the coordinator who placed it.
    pub placed_by: String,
    pub reason: String,
}

/// What purging one case removed (counts only: the trail keeps these, never content).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PurgedCase {
    pub messages: u64,
    pub files: u64,
    pub offers: u64,
    pub time_entries: u64,
    pub feedback: u64,
    pub notifications: u64,
}

/// Why an account is erased, which decides what is checked first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureRule {
    /// The person asked. Refused while a case they filed is open, and for the last
    /// administrator.
    OwnRequest,
    /// Retention: only if the address is still unverified, the account was created before this
    /// instant, is not staff, and submitted nothing.
    NeverVerified { created_before: OffsetDateTime },
}

/// What came of an erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erasure {
    /// Erased: the pseudonym now stands in for the name.
    Erased { drafts_deleted: u64 },
    /// Refused: these cases the person filed are still open (their references).
    OpenCases(Vec<String>),
    /// Refused: nobody else could administer the service.
    LastAdministrator,
    /// Nothing done: already erased, gone, or (retention) no longer due.
    NotDone,
}

/// How far one run of the audit purge went: the events `from..=to` are gone, and the chain now
/// starts from `base_hash`, the hash of event `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPurge {
    pub from: i64,
    pub to: i64,
    pub base_hash: String,
}
