//! Where the data keys come from (the `data_key` setting: a key file, created on first start
//! with SQLite only, or one key inline) and reading them into the keyring that
//! `c4h_storage::sealing` seals with (free text inside the store, files of cases here).
//!
//! Guarantees: a key never prints (an inline key shows as "(a key given inline)", a bad value is
//! never echoed); a key file made here is readable by its owner only and names no key that
//! could have been made elsewhere (PostgreSQL's instances must share theirs, so it is never made
//! up there). What sealing itself guarantees is in `c4h_storage::sealing`.

use std::fmt;
use std::path::{Path, PathBuf};

pub use c4h_storage::sealing::{DataKey, Keyring, Keys, OpenError};

/// Where the key comes from (the `data_key` setting).
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A file holding keys of 64 hex digits, one per line, the last one sealing.
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

/// A key made because its file was missing, to be written once the command knows it will run
/// (the database opened, the address bound), and before anything is sealed with it.
#[derive(Debug)]
pub struct NewKeyFile {
    path: PathBuf,
    bytes: [u8; 32],
}

impl NewKeyFile {
    /// Writes the key file, readable by its owner only; refuses to replace one that appeared.
    pub fn save(self) -> anyhow::Result<()> {
        create_key_file(&self.path, self.bytes)
    }
}

/// Reads the keyring from `source`: a file holds one key per line, oldest first, the last one
/// sealing; blank lines and `#` comments are skipped. A missing key file is made up when
/// `may_create` (one machine, so no other instance can have made a different one): the keyring
/// holds the new key, and the caller saves it with [`NewKeyFile::save`].
pub fn load_keyring(
    source: &KeySource,
    may_create: bool,
) -> anyhow::Result<(Keyring, Option<NewKeyFile>)> {
    match source {
        KeySource::Inline(bytes) => Ok((Keyring::single(DataKey::from_bytes(*bytes)), None)),
        KeySource::File(path) => match std::fs::read_to_string(path) {
            Ok(text) => Keyring::from_file_text(&text).map(|ring| (ring, None)).ok_or_else(|| {
                anyhow::anyhow!(
                    "data_key: {} does not hold keys of 64 hexadecimal digits, one per line",
                    path.display()
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && may_create => {
                let (bytes, key) = DataKey::generate();
                Ok((Keyring::single(key), Some(NewKeyFile { path: path.clone(), bytes })))
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

fn create_key_file(path: &Path, bytes: [u8; 32]) -> anyhow::Result<()> {
    use std::io::Write;
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
         case and none of their text can be read"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/c4h.key");
        let source = KeySource::File(path.clone());
        assert!(load_keyring(&source, false).unwrap_err().to_string().contains("openssl rand"));
        let (created, new) = load_keyring(&source, true).unwrap();
        assert!(!path.exists(), "written only when saved");
        new.unwrap().save().unwrap();
        let id = created.current().id().to_owned();
        assert_eq!(load_keyring(&source, false).unwrap().0.current().id(), id);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(format!("{created:?}").contains(&id));
        // A rotated file: the last key seals, every key opens.
        let (_, newer) = DataKey::generate();
        let old_line = std::fs::read_to_string(&path).unwrap();
        let (new_bytes, _) = DataKey::generate();
        std::fs::write(&path, format!("# rotated\n{old_line}\n{}\n", hex::encode(new_bytes)))
            .unwrap();
        let (ring, _) = load_keyring(&source, false).unwrap();
        assert_eq!(ring.ids()[0], id);
        assert_eq!(ring.current().id(), DataKey::from_bytes(new_bytes).id());
        assert_ne!(newer.id(), id);
        std::fs::write(&path, "not a key\n").unwrap();
        assert!(load_keyring(&source, false).unwrap_err().to_string().contains("one per line"));
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
