//! `c4h backup FILE` and `c4h restore FILE`: a consistent copy of the database, sealed with the
//! data key, and its way back into an empty database.
//!
//! The file: `C4H-BACKUP 1` and a JSON line (the backend, the key's id, when, the chunk size),
//! then 19 random bytes of nonce, then the copy in chunks sealed as one STREAM (XChaCha20-Poly1305,
//! the JSON line as every chunk's associated data). Guarantees: the copy is consistent (see
//! `Store::snapshot_into`) and is taken while the service serves; only the sealed file is left
//! behind (the plain copy is removed, also on failure, and is readable by its owner only while it
//! exists); a file that was altered, cut short or sealed by a key the keyring lacks is refused
//! with a clear message before anything is restored.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use c4h_storage::sealing::{Keyring, StreamNonce};
use c4h_storage::{DatabaseUrl, Store};

const MAGIC: &[u8] = b"C4H-BACKUP 1\n";
const CHUNK: usize = 1 << 20;
const TAG: usize = 16;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Header {
    backend: String,
    key: String,
    created_at: String,
    chunk: usize,
}

/// What a backup wrote.
#[derive(Debug)]
pub struct Written {
    pub bytes: u64,
    pub key: String,
}

/// Takes a backup of `store` into `out`, sealed with the keyring's newest key.
pub async fn backup(store: &dyn Store, out: &Path) -> anyhow::Result<Written> {
    if out.exists() {
        anyhow::bail!("{} exists: give a new file name", out.display());
    }
    let plain = sibling(out, "plain");
    let _ = std::fs::remove_file(&plain);
    let taken = store.snapshot_into(&plain).await;
    let outcome = match taken {
        Ok(()) => {
            let keys = store.keys().now();
            let backend = store.backend().to_string();
            let (plain, out) = (plain.clone(), out.to_owned());
            tokio::task::spawn_blocking(move || seal_file(&keys, &backend, &plain, &out)).await?
        }
        Err(error) => Err(error.into()),
    };
    let _ = std::fs::remove_file(&plain);
    outcome
}

/// Restores the backup `file` into the empty database `url`, opening it with `keys`.
pub async fn restore(url: &DatabaseUrl, keys: &Keyring, file: &Path) -> anyhow::Result<()> {
    let staged = c4h_storage::backup::staging_path(url);
    if let Some(folder) = staged.parent().filter(|folder| !folder.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(|error| {
            anyhow::anyhow!("cannot use the folder {}: {error}", folder.display())
        })?;
    }
    let _ = std::fs::remove_file(&staged);
    let backend = match url {
        DatabaseUrl::Sqlite { .. } => c4h_storage::model::Backend::Sqlite,
        DatabaseUrl::Postgres { .. } => c4h_storage::model::Backend::Postgres,
    }
    .to_string();
    let opened = {
        let (keys, file, staged) = (keys.clone(), file.to_owned(), staged.clone());
        tokio::task::spawn_blocking(move || open_file(&keys, &backend, &file, &staged)).await?
    };
    let outcome = match opened {
        Ok(()) => c4h_storage::backup::restore_copy(url, &staged).await.map_err(Into::into),
        Err(error) => Err(error),
    };
    let _ = std::fs::remove_file(&staged);
    outcome
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}

fn owner_only_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Reads up to `buffer.len()` bytes, fewer only at the end of the file.
fn fill(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn seal_file(keys: &Keyring, backend: &str, plain: &Path, out: &Path) -> anyhow::Result<Written> {
    let key = keys.current();
    let header = Header {
        backend: backend.to_owned(),
        key: key.id().to_owned(),
        created_at: time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)?,
        chunk: CHUNK,
    };
    let mut line = serde_json::to_vec(&header)?;
    line.push(b'\n');
    let mut nonce: StreamNonce = [0; 19];
    getrandom::fill(&mut nonce).expect("the operating system's random generator works");
    let mut sealer = key.stream_sealer(&nonce);
    let partial = sibling(out, "partial");
    let _ = std::fs::remove_file(&partial);
    let mut input = std::io::BufReader::new(std::fs::File::open(plain)?);
    let mut output = std::io::BufWriter::new(owner_only_file(&partial)?);
    output.write_all(MAGIC)?;
    output.write_all(&line)?;
    output.write_all(&nonce)?;
    let (mut current, mut next) = (vec![0; CHUNK], vec![0; CHUNK]);
    let mut length = fill(&mut input, &mut current)?;
    let mut bytes = (MAGIC.len() + line.len() + nonce.len()) as u64;
    loop {
        let next_length = fill(&mut input, &mut next)?;
        let payload = chacha20poly1305::aead::Payload { msg: &current[..length], aad: &line };
        if next_length == 0 {
            let sealed =
                sealer.encrypt_last(payload).map_err(|_| anyhow::anyhow!("sealing failed"))?;
            output.write_all(&sealed)?;
            bytes += sealed.len() as u64;
            break;
        }
        let sealed = sealer.encrypt_next(payload).map_err(|_| anyhow::anyhow!("sealing failed"))?;
        output.write_all(&sealed)?;
        bytes += sealed.len() as u64;
        std::mem::swap(&mut current, &mut next);
        length = next_length;
    }
    let file = output.into_inner().map_err(|error| error.into_error())?;
    file.sync_all()?;
    std::fs::rename(&partial, out)?;
    Ok(Written { bytes, key: header.key })
}

fn open_file(keys: &Keyring, backend: &str, file: &Path, staged: &Path) -> anyhow::Result<()> {
    let damaged =
        || anyhow::anyhow!("{} is damaged or was altered: nothing was restored", file.display());
    let mut input = std::io::BufReader::new(
        std::fs::File::open(file)
            .map_err(|error| anyhow::anyhow!("cannot read {}: {error}", file.display()))?,
    );
    let mut magic = vec![0; MAGIC.len()];
    if fill(&mut input, &mut magic)? != MAGIC.len() || magic != MAGIC {
        anyhow::bail!("{} is not a c4h backup", file.display());
    }
    let mut line = Vec::new();
    std::io::BufRead::read_until(&mut input, b'\n', &mut line)?;
    let header: Header = serde_json::from_slice(&line).map_err(|_| damaged())?;
    if header.backend != backend {
        anyhow::bail!(
            "{} is a backup of a {} database; database_url names a {backend} one",
            file.display(),
            header.backend
        );
    }
    let Some(key) = keys.find(&header.key) else {
        anyhow::bail!(
            "{} was sealed with the key {}, which data_key does not hold: give the key file that \
             was in use when the backup was made",
            file.display(),
            header.key
        );
    };
    if header.chunk == 0 || header.chunk > 64 << 20 {
        return Err(damaged());
    }
    let mut nonce: StreamNonce = [0; 19];
    if fill(&mut input, &mut nonce)? != nonce.len() {
        return Err(damaged());
    }
    let mut opener = key.stream_opener(&nonce);
    let mut output = std::io::BufWriter::new(
        owner_only_file(staged)
            .map_err(|error| anyhow::anyhow!("cannot write {}: {error}", staged.display()))?,
    );
    let size = header.chunk + TAG;
    let (mut current, mut next) = (vec![0; size], vec![0; size]);
    let mut length = fill(&mut input, &mut current)?;
    loop {
        let next_length = fill(&mut input, &mut next)?;
        let payload = chacha20poly1305::aead::Payload { msg: &current[..length], aad: &line };
        if next_length == 0 {
            let clear = opener.decrypt_last(payload).map_err(|_| damaged())?;
            output.write_all(&clear)?;
            break;
        }
        let clear = opener.decrypt_next(payload).map_err(|_| damaged())?;
        output.write_all(&clear)?;
        std::mem::swap(&mut current, &mut next);
        length = next_length;
    }
    let file = output.into_inner().map_err(|error| error.into_error())?;
    file.sync_all()?;
    Ok(())
}
