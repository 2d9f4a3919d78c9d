//! The files of a case: evidence one party adds for the others (logs, a ransom note, a malware
//! sample), sealed at rest, handed back only to a party that may read it.
//!
//! Guarantees: the bytes are hashed (SHA-256, shown for chain of custody) and sealed with the
//! data key before they reach the store, bound to the file's id; the store writes the record and
//! the sealed bytes in one transaction with the audit event, or nothing; the number of files per
//! case is checked under a lock on the request. The bytes are never parsed, previewed or typed:
//! what the uploader's browser declared is kept as a label only.

use c4h_domain::files::FileName;
use c4h_domain::ids::{AttachmentId, RequestId};
use c4h_domain::policy::Principal;
use c4h_domain::{Tlp, Visibility};
use c4h_storage::model::{CaseFile, FileAdded, NewCaseFile, ObjectRef, SessionContext};
use sha2::{Digest, Sha256};

use super::Client;
use super::case::Party;
use crate::http::AppError;
use crate::state::AppState;

/// A file as the form delivered it, within the size limit.
#[derive(Debug, Clone)]
pub struct ReceivedFile {
    pub name: FileName,
    pub declared_type: Option<String>,
    pub bytes: Vec<u8>,
    pub visibility: Visibility,
    pub tlp: Tlp,
}

/// What came of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploaded {
    /// Added, with the SHA-256 the uploader can compare.
    Added,
    /// The case holds the most files it may.
    TooMany,
    /// The case is over, or this party does not write that visibility.
    Refused,
}

pub async fn upload(
    state: &AppState,
    context: &SessionContext,
    request: RequestId,
    party: Party,
    received: ReceivedFile,
    client: &Client,
) -> Result<Uploaded, AppError> {
    let grant = party.grant(&context.principal)?;
    if !c4h_domain::case::may_write(party.role(), received.visibility) {
        return Ok(Uploaded::Refused);
    }
    let id = AttachmentId::new();
    let keyring = state.store.keys().now();
    let key = keyring.current().clone();
    let size_bytes = received.bytes.len() as u64;
    // Hashing and sealing 25 MB takes a while: off the threads that serve requests.
    let (sha256, sealed) = tokio::task::spawn_blocking(move || {
        let sha256 = hex::encode(Sha256::digest(&received.bytes));
        (sha256, key.seal(id.to_string().as_bytes(), &received.bytes))
    })
    .await
    .map_err(|error| AppError::Internal(error.into()))?;
    let file = NewCaseFile {
        id,
        name: received.name,
        declared_type: received.declared_type,
        size_bytes,
        sha256,
        visibility: received.visibility,
        tlp: received.tlp,
        key_id: keyring.current().id().to_owned(),
        sealed,
    };
    let change = client
        .change(
            Some(context.user.id),
            "request.file",
            ObjectRef::new("attachment", id),
            state.clock.now(),
        )
        .for_request(request)
        .with_details(serde_json::json!({
            "visibility": file.visibility.as_str(),
            "size_bytes": file.size_bytes,
            "sha256": file.sha256,
        }));
    let activity = super::notify::Activity::File(file.visibility);
    let change =
        super::notify::tell(state, change, request, activity, Some(context.user.id)).await?;
    let max_files = state.settings.uploads.max_files;
    match state.store.add_case_file(&grant, request, &file, max_files, &change).await? {
        None => Err(AppError::NotFound),
        Some(FileAdded::Added) => Ok(Uploaded::Added),
        Some(FileAdded::TooMany) => Ok(Uploaded::TooMany),
        Some(FileAdded::Refused) => Ok(Uploaded::Refused),
    }
}

/// A file of the case and its bytes in clear, for a party that may read it; "not found" for
/// anyone else, and for a file of another case. The reading is recorded before the bytes leave.
pub async fn download(
    state: &AppState,
    principal: &Principal,
    request: RequestId,
    party: Party,
    file: AttachmentId,
    client: &super::Client,
) -> Result<(CaseFile, Vec<u8>), AppError> {
    let grant = party.grant(principal)?;
    let stored = state.store.case_file(&grant, request, file).await?.ok_or(AppError::NotFound)?;
    let key = state.store.keys().now();
    let record = file.to_string();
    let (key_id, sealed) = (stored.key_id, stored.sealed);
    let opened = tokio::task::spawn_blocking(move || key.open(&key_id, record.as_bytes(), &sealed))
        .await
        .map_err(|error| AppError::Internal(error.into()))?;
    let bytes = opened.map_err(|error| {
        AppError::Internal(anyhow::anyhow!("the file {file} of request {request}: {error}"))
    })?;
    let details = serde_json::json!({ "as": party.role_name(), "bytes": bytes.len() });
    let object = ObjectRef::new("attachment", file);
    super::record_reading(state, principal, client, object, request, details).await?;
    Ok((stored.file, bytes))
}
