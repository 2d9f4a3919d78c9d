//! Key rotation: a new key in the key file, then everything older keys sealed is sealed again
//! with it, in short batches, while the service keeps serving.
//!
//! Guarantees: the key file is replaced whole (written beside it, flushed, renamed), so a reader
//! sees the old file or the new one, never half of one, and the older keys stay in it (backups
//! made before the rotation still open); running instances pick the new file up by themselves
//! (`c4h_storage::sealing::Keys` watches it); resealing goes on until a pass finds nothing left,
//! and each batch is audited with its counts, never with content.

use std::path::Path;

use c4h_storage::model::{Actor, Change, ObjectRef};
use c4h_storage::sealing::{DataKey, Keyring};
use c4h_storage::{Store, StoreError};

use crate::clock::Clock;

/// Values of each place per batch (a batch is one write transaction).
pub const BATCH: u32 = 200;
/// Files per batch (each up to the upload limit, so few at a time).
pub const FILE_BATCH: u32 = 4;

/// Appends a new random key to the key file at `path` and returns the keyring it now holds.
pub fn add_key(path: &Path) -> anyhow::Result<Keyring> {
    use std::io::Write;
    let text = std::fs::read_to_string(path)
        .map_err(|error| anyhow::anyhow!("cannot read the key file {}: {error}", path.display()))?;
    if Keyring::from_file_text(&text).is_none() {
        anyhow::bail!(
            "{} does not hold keys of 64 hexadecimal digits, one per line",
            path.display()
        );
    }
    let (bytes, _) = DataKey::generate();
    let mut new_text = text.clone();
    if !new_text.ends_with('\n') {
        new_text.push('\n');
    }
    new_text.push_str(&hex::encode(bytes));
    new_text.push('\n');
    let keyring = Keyring::from_file_text(&new_text).expect("a key file with a new key parses");
    let staged = path.with_extension("key.new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&staged)
        .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", staged.display()))?;
    file.write_all(new_text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&staged, path)?;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself is durable once the folder is.
        std::fs::File::open(folder)?.sync_all()?;
    }
    Ok(keyring)
}

/// Seals again, with the store's newest key, everything an older key sealed, batch after batch,
/// until a batch finds nothing; how many values and files it sealed again.
pub async fn reseal_all(
    store: &dyn Store,
    clock: &dyn Clock,
    actor: &Actor,
) -> Result<u64, StoreError> {
    let mut total = 0;
    loop {
        let key = store.keys().now().current().id().to_owned();
        let change =
            Change::new(actor.clone(), "keys.reseal", ObjectRef::new("key", key), clock.now());
        let batch = store.reseal_batch(BATCH, FILE_BATCH, &change).await?;
        if batch.total() == 0 {
            return Ok(total);
        }
        total += batch.total();
    }
}
