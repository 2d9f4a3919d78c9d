//! Key rotation: sealing again, with the newest key, what older keys sealed.
//!
//! Guarantees (both backends): a batch is one short write transaction with its audit event (how
//! many values of each place, never their content); a value is replaced only if it is still the
//! one read (compare-and-set), so an edit made meanwhile is never undone; a value that does not
//! open stops the batch with `StoreError::Corrupt` naming its place and record, rather than
//! being skipped or lost. Writers keep working between batches.

use async_trait::async_trait;

use crate::StoreError;
use crate::model::Change;

/// What one batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Values sealed again, by place (`messages.body`, `attachments.sealed`).
    pub by_place: Vec<(&'static str, u64)>,
}

impl Resealed {
    pub fn total(&self) -> u64 {
        self.by_place.iter().map(|(_, count)| count).sum()
    }
}

#[async_trait]
pub trait KeyStore {
    /// Seals again with the keyring's newest key up to `limit` values of each place (and up to
    /// `files` files) that another key sealed, writing `change` (with the counts as details)
    /// when any was; nothing left when it returns zero.
    async fn reseal_batch(
        &self,
        limit: u32,
        files: u32,
        change: &Change,
    ) -> Result<Resealed, StoreError>;

    /// How many sealed values each key holds, by key id (files included): what rotation has
    /// left to do.
    async fn sealed_by_key(&self) -> Result<Vec<(String, u64)>, StoreError>;
}
