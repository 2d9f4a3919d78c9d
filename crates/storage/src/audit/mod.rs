//! The audit trail's hash chain.
//!
//! Each event's hash is SHA-256 over the previous event's hash and the event's fields, each
//! length-prefixed so that no two different events can serialise alike. The newest hash is also
//! kept in `audit_chain_head`, outside the audit table. `verify` walks the chain.

mod verify;

pub use verify::{ChainProblem, ChainReport, verify_chain};

use sha2::{Digest, Sha256};

use crate::codec::DbTime;
use crate::model::AuditRecord;

/// The hash the first event chains from.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of the event `record` stored at `seq` after an event whose hash is `prev_hash`.
pub fn event_hash(prev_hash: &str, seq: i64, record: &AuditRecord) -> String {
    let mut hasher = Sha256::new();
    let fields: [&str; 11] = [
        prev_hash,
        &seq.to_string(),
        &DbTime::new(record.occurred_at).to_sqlite_text(),
        &record.actor.user_id.map(|id| id.to_string()).unwrap_or_default(),
        &record.actor.label,
        &record.action,
        &record.object.kind,
        &record.object.id,
        &record.request_id.map(|id| id.to_string()).unwrap_or_default(),
        record.actor.client_address.as_deref().unwrap_or_default(),
        &record.details.to_string(),
    ];
    for field in fields {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Change, ObjectRef};
    use time::macros::datetime;

    fn record(action: &'static str) -> AuditRecord {
        Change::new(
            Actor::cli(),
            action,
            ObjectRef::new("user", "u1"),
            datetime!(2026-11-29 00:00 UTC),
        )
        .audit
    }

    #[test]
    fn the_hash_depends_on_every_field_and_the_previous_hash() {
        let base = event_hash(GENESIS_HASH, 1, &record("user.create"));
        assert_eq!(base.len(), 64);
        assert_eq!(base, event_hash(GENESIS_HASH, 1, &record("user.create")));
        assert_ne!(base, event_hash(GENESIS_HASH, 2, &record("user.create")));
        assert_ne!(base, event_hash(GENESIS_HASH, 1, &record("user.delete")));
        assert_ne!(base, event_hash(&base, 1, &record("user.create")));
    }
}
