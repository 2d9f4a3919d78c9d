//! Encryption at rest: the keyring that seals free text (descriptions, messages, notes, contact
//! details, second-factor secrets) before it reaches the database, and the files of cases, with
//! an AEAD: XChaCha20-Poly1305, a fresh random 192-bit nonce per sealing.
//!
//! Guarantees: key material never enters the database and never prints (`Debug` shows ids only);
//! every sealed value names the key that sealed it (`c4h1:<key id>:<base64>` for text, a
//! `key_id` column beside a file's bytes), so a keyring that holds the retired keys opens what
//! they sealed; a sealed value is bound to its place and record (the associated data), so
//! ciphertext moved onto another record or column does not open; tampering is detected, never
//! returned as garbage. New values are always sealed with the newest key.

use std::fmt;
use std::sync::{Arc, RwLock};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use data_encoding::BASE64_NOPAD;
use sha2::{Digest, Sha256};

const NONCE_BYTES: usize = 24;
/// What every sealed text starts with (the format's version).
pub const TEXT_PREFIX: &str = "c4h1:";

/// One key, ready to seal and open.
#[derive(Clone)]
pub struct DataKey {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// The nonce of a sealed stream: 19 random bytes (the STREAM counter and flag take the rest).
pub type StreamNonce = [u8; 19];
pub type StreamSealer = chacha20poly1305::aead::stream::EncryptorBE32<XChaCha20Poly1305>;
pub type StreamOpener = chacha20poly1305::aead::stream::DecryptorBE32<XChaCha20Poly1305>;

/// Sealed bytes that do not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed by the key {0}, which this keyring does not hold")]
    OtherKey(String),
    #[error("the sealed bytes were altered or belong to another record")]
    Tampered,
}

impl DataKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let digest =
            Sha256::new().chain_update(b"c4h data key id\0").chain_update(bytes).finalize();
        Self { id: hex::encode(&digest[..8]), cipher: XChaCha20Poly1305::new(&Key::from(bytes)) }
    }

    /// A new random key.
    pub fn generate() -> ([u8; 32], Self) {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random generator works");
        (bytes, Self::from_bytes(bytes))
    }

    /// A hash of the key that names it without revealing it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Seals `clear` for the record `record`: nonce, then ciphertext and tag.
    pub fn seal(&self, record: &[u8], clear: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).expect("the operating system's random generator works");
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: clear, aad: record })
            .expect("XChaCha20-Poly1305 seals any length a record can have");
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Seals a long stream (a backup) chunk by chunk: STREAM (BE32) over XChaCha20-Poly1305, so
    /// a chunk cut off, dropped, repeated or moved does not open.
    pub fn stream_sealer(&self, nonce: &StreamNonce) -> StreamSealer {
        StreamSealer::from_aead(self.cipher.clone(), nonce.into())
    }

    pub fn stream_opener(&self, nonce: &StreamNonce) -> StreamOpener {
        StreamOpener::from_aead(self.cipher.clone(), nonce.into())
    }

    fn open(&self, record: &[u8], sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        if sealed.len() < NONCE_BYTES {
            return Err(OpenError::Tampered);
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| OpenError::Tampered)?;
        self.cipher
            .decrypt(&XNonce::from(nonce), Payload { msg: body, aad: record })
            .map_err(|_| OpenError::Tampered)
    }
}

/// Every key this instance holds: the newest seals, all of them open.
#[derive(Debug, Clone)]
pub struct Keyring {
    /// Oldest first; never empty.
    keys: Vec<DataKey>,
}

impl Keyring {
    /// A keyring of `keys`, oldest first (the last one seals). `None` when there is none.
    pub fn new(keys: Vec<DataKey>) -> Option<Self> {
        (!keys.is_empty()).then_some(Self { keys })
    }

    pub fn single(key: DataKey) -> Self {
        Self { keys: vec![key] }
    }

    /// The key that seals.
    pub fn current(&self) -> &DataKey {
        self.keys.last().expect("a keyring is never empty")
    }

    pub fn ids(&self) -> Vec<&str> {
        self.keys.iter().map(DataKey::id).collect()
    }

    fn key(&self, id: &str) -> Result<&DataKey, OpenError> {
        self.keys.iter().find(|key| key.id == id).ok_or_else(|| OpenError::OtherKey(id.to_owned()))
    }

    /// The key with this id, if the ring holds it.
    pub fn find(&self, id: &str) -> Option<&DataKey> {
        self.keys.iter().find(|key| key.id == id)
    }

    /// Opens bytes sealed by the key `key_id` for `record`.
    pub fn open(&self, key_id: &str, record: &[u8], sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        self.key(key_id)?.open(record, sealed)
    }

    /// Seals a text for the column `place` (`messages.body`) of the record `record`.
    pub fn seal_text(&self, place: &str, record: &str, clear: &str) -> String {
        let key = self.current();
        let sealed = key.seal(associated(place, record).as_bytes(), clear.as_bytes());
        format!("{TEXT_PREFIX}{}:{}", key.id, BASE64_NOPAD.encode(&sealed))
    }

    /// Opens what [`Keyring::seal_text`] sealed for `place` and `record`.
    pub fn open_text(&self, place: &str, record: &str, stored: &str) -> Result<String, OpenError> {
        let body = stored.strip_prefix(TEXT_PREFIX).ok_or(OpenError::Tampered)?;
        let (key_id, encoded) = body.split_once(':').ok_or(OpenError::Tampered)?;
        let sealed = BASE64_NOPAD.decode(encoded.as_bytes()).map_err(|_| OpenError::Tampered)?;
        let clear = self.key(key_id)?.open(associated(place, record).as_bytes(), &sealed)?;
        String::from_utf8(clear).map_err(|_| OpenError::Tampered)
    }

    /// A key file's keys: 64 hexadecimal digits per line, oldest first, the last one sealing;
    /// blank lines and `#` comments skipped. `None` when a line is not a key or none is there.
    pub fn from_file_text(text: &str) -> Option<Self> {
        let keys: Option<Vec<DataKey>> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let bytes: [u8; 32] = hex::decode(line).ok()?.try_into().ok()?;
                Some(DataKey::from_bytes(bytes))
            })
            .collect();
        Self::new(keys?)
    }

    /// The id of the key that sealed a stored text, if it is sealed text at all.
    pub fn key_of_text(stored: &str) -> Option<&str> {
        stored.strip_prefix(TEXT_PREFIX)?.split_once(':').map(|(id, _)| id)
    }
}

/// Seals free text for the column `place` (`table.column`) of the record `record` with the
/// newest key: what the database stores instead of the text.
pub(crate) fn seal(keys: &Keyring, place: &str, record: impl fmt::Display, text: &str) -> String {
    keys.seal_text(place, &record.to_string(), text)
}

pub(crate) fn seal_opt(
    keys: &Keyring,
    place: &str,
    record: impl fmt::Display,
    text: Option<&str>,
) -> Option<String> {
    text.map(|text| seal(keys, place, record, text))
}

/// Opens what [`seal`] stored; a value that does not open is corruption, named by its place.
pub(crate) fn open(
    keys: &Keyring,
    place: &str,
    record: impl fmt::Display,
    stored: &str,
) -> Result<String, crate::StoreError> {
    let record = record.to_string();
    keys.open_text(place, &record, stored)
        .map_err(|error| crate::StoreError::Corrupt(format!("{place} of {record}: {error}")))
}

pub(crate) fn open_opt(
    keys: &Keyring,
    place: &str,
    record: impl fmt::Display,
    stored: Option<String>,
) -> Result<Option<String>, crate::StoreError> {
    stored.map(|stored| open(keys, place, record, &stored)).transpose()
}

fn associated(place: &str, record: &str) -> String {
    format!("{place}\0{record}")
}

/// The keyring a store and the service share, replaced whole when keys rotate (readers keep the
/// keyring they took until they are done with it). Given its key file, it reads the file again
/// when the file changes (looking at most once a second), so that a running instance learns a
/// key that `c4h keys rotate` added, or that an operator copied over, without a restart.
pub struct Keys {
    ring: RwLock<Arc<Keyring>>,
    file: Option<Watched>,
}

struct Watched {
    path: std::path::PathBuf,
    /// When it was last looked at, and the modification time it had then.
    seen: std::sync::Mutex<(std::time::Instant, Option<std::time::SystemTime>)>,
}

/// How often a key file is looked at for changes.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_ref().map(|watched| watched.path.display().to_string());
        f.debug_struct("Keys").field("ring", &self.now()).field("file", &file).finish()
    }
}

impl Keys {
    pub fn new(keyring: Keyring) -> Arc<Self> {
        Arc::new(Self { ring: RwLock::new(Arc::new(keyring)), file: None })
    }

    /// Keys read from `path`, read again whenever the file changes.
    pub fn watching(keyring: Keyring, path: std::path::PathBuf) -> Arc<Self> {
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let seen = std::sync::Mutex::new((std::time::Instant::now(), modified));
        Arc::new(Self { ring: RwLock::new(Arc::new(keyring)), file: Some(Watched { path, seen }) })
    }

    pub fn now(&self) -> Arc<Keyring> {
        if let Some(watched) = &self.file {
            self.look_at(watched);
        }
        self.ring.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    pub fn replace(&self, keyring: Keyring) {
        *self.ring.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(keyring);
    }

    fn look_at(&self, watched: &Watched) {
        let Ok(mut seen) = watched.seen.try_lock() else { return };
        if seen.0.elapsed() < WATCH_EVERY {
            return;
        }
        seen.0 = std::time::Instant::now();
        let modified = std::fs::metadata(&watched.path).and_then(|m| m.modified()).ok();
        if modified == seen.1 {
            return;
        }
        // A file being rewritten may not parse yet: keep the keys in use and look again.
        let text = std::fs::read_to_string(&watched.path).unwrap_or_default();
        if let Some(keyring) = Keyring::from_file_text(&text) {
            tracing::info!(keys = ?keyring.ids(), "the key file changed; its keys are in use");
            self.replace(keyring);
            seen.1 = modified;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_only_for_their_record_and_key() {
        let key = DataKey::from_bytes([7; 32]);
        let ring = Keyring::single(key.clone());
        let sealed = key.seal(b"record-1", b"MZ\x90\0 a sample");
        assert!(!sealed.windows(8).any(|w| w == b"a sample"), "not in clear");
        assert_eq!(ring.open(key.id(), b"record-1", &sealed).unwrap(), b"MZ\x90\0 a sample");
        assert_eq!(ring.open(key.id(), b"record-2", &sealed), Err(OpenError::Tampered));
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(ring.open(key.id(), b"record-1", &flipped), Err(OpenError::Tampered));
        let other = Keyring::single(DataKey::from_bytes([8; 32]));
        assert_ne!(other.current().id(), key.id());
        assert!(matches!(other.open(key.id(), b"record-1", &sealed), Err(OpenError::OtherKey(_))));
        assert_ne!(key.seal(b"r", b"same"), key.seal(b"r", b"same"), "a fresh nonce each time");
    }

    #[test]
    fn a_text_opens_for_its_place_and_record_with_any_key_of_the_ring() {
        let old = DataKey::from_bytes([1; 32]);
        let ring = Keyring::single(old.clone());
        let stored = ring.seal_text("messages.body", "m1", "ransomware note: pay 3 BTC");
        assert!(stored.starts_with(&format!("c4h1:{}:", old.id())));
        assert!(!stored.contains("ransomware"));
        assert_eq!(
            ring.open_text("messages.body", "m1", &stored).unwrap(),
            "ransomware note: pay 3 BTC"
        );
        assert_eq!(ring.open_text("messages.body", "m2", &stored), Err(OpenError::Tampered));
        assert_eq!(ring.open_text("feedback.comment", "m1", &stored), Err(OpenError::Tampered));
        assert_eq!(ring.open_text("messages.body", "m1", "in clear"), Err(OpenError::Tampered));

        let new = DataKey::from_bytes([2; 32]);
        let rotated = Keyring::new(vec![old.clone(), new.clone()]).unwrap();
        assert_eq!(
            rotated.open_text("messages.body", "m1", &stored).unwrap(),
            "ransomware note: pay 3 BTC"
        );
        let resealed = rotated.seal_text("messages.body", "m1", "x");
        assert_eq!(Keyring::key_of_text(&resealed), Some(new.id()));
        let without_old = Keyring::single(new);
        assert!(matches!(
            without_old.open_text("messages.body", "m1", &stored),
            Err(OpenError::OtherKey(id)) if id == old.id()
        ));
        assert!(format!("{rotated:?}").contains(old.id()));
    }

    #[test]
    fn a_watched_key_file_is_read_again_when_it_changes_and_kept_when_it_does_not_parse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c4h.key");
        let (old, new) = (DataKey::from_bytes([1; 32]), DataKey::from_bytes([2; 32]));
        std::fs::write(&path, format!("{}\n", hex::encode([1u8; 32]))).unwrap();
        let keys = Keys::watching(Keyring::single(old.clone()), path.clone());
        // As if the last look were long ago and the file had not been seen: no waiting.
        let look_again = || {
            let past = std::time::Instant::now().checked_sub(WATCH_EVERY * 2).unwrap();
            *keys.file.as_ref().unwrap().seen.lock().unwrap() = (past, None);
        };
        std::fs::write(&path, "not a key\n").unwrap();
        look_again();
        assert_eq!(keys.now().current().id(), old.id(), "a file that does not parse is not used");
        let text = format!("{}\n{}\n", hex::encode([1u8; 32]), hex::encode([2u8; 32]));
        std::fs::write(&path, text).unwrap();
        assert_eq!(keys.now().current().id(), old.id(), "looked at once a second at most");
        look_again();
        assert_eq!(keys.now().current().id(), new.id(), "the new key seals");
        assert_eq!(keys.now().ids(), [old.id(), new.id()], "the old one still opens");
    }
}
