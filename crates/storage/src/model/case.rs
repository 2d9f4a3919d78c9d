//! What a case holds besides its conversation: its files.

use c4h_domain::files::FileName;
use c4h_domain::ids::AttachmentId;
use c4h_domain::{Tlp, Visibility};
use time::OffsetDateTime;

/// A file to add to a case: its metadata and its bytes, already sealed by the server (the
/// storage never sees them in clear).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseFile {
    pub id: AttachmentId,
    pub name: FileName,
    /// The type the uploader's browser declared; shown, never trusted or used to serve it.
    pub declared_type: Option<String>,
    pub size_bytes: u64,
    /// Of the bytes as uploaded, lowercase hex.
    pub sha256: String,
    pub visibility: Visibility,
    pub tlp: Tlp,
    /// Which data key sealed it.
    pub key_id: String,
    pub sealed: Vec<u8>,
}

/// A file of a case, as its reader may see it listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    pub id: AttachmentId,
    pub name: String,
    pub declared_type: Option<String>,
    pub size_bytes: u64,
    pub sha256: String,
    pub visibility: Visibility,
    pub tlp: Tlp,
    pub uploaded_by_name: String,
    /// Uploaded by the operator's staff (shown as "a coordinator" to requesters).
    pub from_staff: bool,
    pub created_at: OffsetDateTime,
}

/// A file with its sealed bytes, for the download handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCaseFile {
    pub file: CaseFile,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

/// What came of adding a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAdded {
    Added,
    /// The case has its `max_files` already.
    TooMany,
    /// The request is over, or the visibility is not one this party writes.
    Refused,
}

/// The engagement on a case as its reader may see it: the provider's next steps and resolution
/// summary (every party), and the feedback the reader may read (coordinators both sides; each
/// side its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEngagement {
    pub next_steps: Option<String>,
    pub resolution_summary: Option<String>,
    pub feedback: Vec<CaseFeedback>,
}

/// One side's feedback on a closed case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFeedback {
    pub from_requester: bool,
    /// 1 to 5.
    pub rating: Option<u8>,
    pub comment: Option<String>,
    pub author_name: String,
    pub created_at: OffsetDateTime,
}

/// Feedback to leave: a rating, a comment, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackToLeave {
    pub rating: Option<u8>,
    pub comment: Option<String>,
}

/// What came of leaving feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackOutcome {
    Recorded,
    /// This side has given its feedback on this case already.
    AlreadyGiven,
    /// The case is not resolved or closed yet.
    NotYet,
}
