//! The data key, which seals what must not sit on disk in clear (the files of cases), with an
//! AEAD: XChaCha20-Poly1305, a fresh random 192-bit nonce per sealing.
//!
//! Guarantees: the key never enters the database and never prints (`Debug` shows its id only);
//! a sealed value carries its nonce, and is bound to the id of the record it belongs to (the
//! associated data), so sealed bytes moved onto another record do not open; tampering is
//! detected, never returned as garbage. The key's id (a hash of the key, not the key) is stored
//! beside everything it seals, so a record sealed by another key is reported as such.

use std::fmt;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const NONCE_BYTES: usize = 24;

/// Where the key comes from (the `data_key` setting).
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A file holding 64 hex digits.
    File(PathBuf),
    /// The 64 hex digits themselves (from the environment, typically).
    Inline([u8; 32]),
}

impl fmt::Debug for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "file:{}", path.display()),
            Self::Inline(_) => f.write_str("(a key given inline)"),
        }
    }
}

impl KeySource {
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if let Some(path) = value.strip_prefix("file:") {
            if path.is_empty() {
                return Err("names no file; use e.g. file:data/c4h.key".to_owned());
            }
            return Ok(Self::File(PathBuf::from(path)));
        }
        // Never echo the value: it may be a key with a typo.
        parse_hex_key(value).map(Self::Inline).map_err(|_| {
            "is neither file:PATH nor 64 hexadecimal digits (make a key with `openssl rand -hex 32`)"
                .to_owned()
        })
    }
}

fn parse_hex_key(text: &str) -> Result<[u8; 32], ()> {
    let bytes = hex::decode(text.trim()).map_err(|_| ())?;
    bytes.try_into().map_err(|_| ())
}

/// The key, ready to seal and open.
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

/// Sealed bytes that do not open with this key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed by the key {0}, which this instance does not have")]
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

    /// Reads the key from `source`. A missing key file is created with a new random key when
    /// `may_create` (one machine, so no other instance can have made a different one).
    pub fn load(source: &KeySource, may_create: bool) -> anyhow::Result<Self> {
        match source {
            KeySource::Inline(bytes) => Ok(Self::from_bytes(*bytes)),
            KeySource::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => parse_hex_key(&text).map(Self::from_bytes).map_err(|()| {
                    anyhow::anyhow!(
                        "data_key: {} does not hold 64 hexadecimal digits",
                        path.display()
                    )
                }),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound && may_create => {
                    create_key_file(path)
                }
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
                    "data_key: {} does not exist; with PostgreSQL every instance must use the same \
                     key, so it is not created: make one with `openssl rand -hex 32 > {}`",
                    path.display(),
                    path.display()
                ),
                Err(error) => anyhow::bail!("data_key: cannot read {}: {error}", path.display()),
            },
        }
    }

    /// A hash of the key that names it without revealing it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Seals `clear` for the record `record`: nonce then ciphertext and tag.
    pub fn seal(&self, record: &[u8], clear: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::fill(&mut nonce).expect("the operating system's random generator works");
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: clear, aad: record })
            .expect("XChaCha20-Poly1305 seals any length a case file can have");
        let mut out = Vec::with_capacity(NONCE_BYTES + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`DataKey::seal`] sealed for `record` with the key `key_id`.
    pub fn open(&self, key_id: &str, record: &[u8], sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
        if key_id != self.id {
            return Err(OpenError::OtherKey(key_id.to_owned()));
        }
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

fn create_key_file(path: &Path) -> anyhow::Result<DataKey> {
    use std::io::Write;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|error| anyhow::anyhow!("data_key: cannot create {}: {error}", path.display()))?;
    writeln!(file, "{}", hex::encode(bytes))?;
    file.sync_all()?;
    tracing::warn!(
        path = %path.display(),
        "created a new data key; back it up apart from the database: without it no file of a \
         case can be read"
    );
    Ok(DataKey::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bytes_open_only_for_their_record_and_key() {
        let key = DataKey::from_bytes([7; 32]);
        let sealed = key.seal(b"record-1", b"MZ\x90\0 a sample");
        assert!(!sealed.windows(8).any(|w| w == b"a sample"), "not in clear");
        assert_eq!(key.open(key.id(), b"record-1", &sealed).unwrap(), b"MZ\x90\0 a sample");
        assert_eq!(key.open(key.id(), b"record-2", &sealed), Err(OpenError::Tampered));
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(key.open(key.id(), b"record-1", &flipped), Err(OpenError::Tampered));
        let other = DataKey::from_bytes([8; 32]);
        assert_ne!(other.id(), key.id());
        assert!(matches!(other.open(key.id(), b"record-1", &sealed), Err(OpenError::OtherKey(_))));
        assert_ne!(key.seal(b"r", b"same"), key.seal(b"r", b"same"), "a fresh nonce each time");
    }

    #[test]
    fn a_key_file_is_created_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/c4h.key");
        let source = KeySource::File(path.clone());
        assert!(DataKey::load(&source, false).unwrap_err().to_string().contains("openssl rand"));
        let created = DataKey::load(&source, true).unwrap();
        assert_eq!(DataKey::load(&source, false).unwrap().id(), created.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(format!("{created:?}").contains(created.id()));
    }

    #[test]
    fn the_setting_reads_a_file_or_inline_digits_and_never_echoes_a_bad_key() {
        assert_eq!(
            KeySource::parse("file:/etc/c4h/key").unwrap(),
            KeySource::File("/etc/c4h/key".into())
        );
        assert_eq!(KeySource::parse(&"ab".repeat(32)).unwrap(), KeySource::Inline([0xab; 32]));
        let error = KeySource::parse("deadbeefsecret").unwrap_err();
        assert!(!error.contains("deadbeef"), "{error}");
        assert_eq!(format!("{:?}", KeySource::Inline([1; 32])), "(a key given inline)");
    }
}
