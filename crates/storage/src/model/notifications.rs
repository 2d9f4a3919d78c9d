//! Notifications: what a person is told happened on a case, in the app and by e-mail.

use c4h_domain::EmailAddress;
use c4h_domain::ids::{NotificationId, RequestId, UserId};
use time::OffsetDateTime;

/// How a person wants to be told by e-mail (offers and critical escalations always go).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailPreference {
    Immediately,
    Daily,
    Off,
}

impl EmailPreference {
    pub const CODES: [&'static str; 3] = ["immediately", "daily", "off"];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediately => "immediately",
            Self::Daily => "daily",
            Self::Off => "off",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "immediately" => Some(Self::Immediately),
            "daily" => Some(Self::Daily),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}

/// What happens to a notification by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationEmail {
    /// In the app only (e-mail off, or compromised at the recipient's organisation).
    None,
    /// Its own e-mail is enqueued with it.
    Queued,
    /// Waits for the recipient's daily digest.
    Digest,
}

impl NotificationEmail {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Queued => "queued",
            Self::Digest => "digest",
        }
    }
}

/// A notification to write with a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub id: NotificationId,
    pub user: UserId,
    pub request: Option<RequestId>,
    /// A stable code (`case_message`, `case_resolved`, …), translated where shown.
    pub kind: String,
    /// Safe to show anywhere: the request's reference.
    pub reference: String,
    /// A path in the service.
    pub link: String,
    pub email: NotificationEmail,
}

/// Someone to tell about a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user: UserId,
    pub email: EmailAddress,
    /// A language tag, as stored.
    pub language: String,
    pub preference: EmailPreference,
}

/// Everyone a case's activity may concern, by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseContacts {
    pub reference: String,
    /// The request says its organisation's e-mail is compromised: nothing goes there.
    pub email_compromised: bool,
    /// Active members of the request's organisation.
    pub requester: Vec<Recipient>,
    /// Active members of the provider engaged on it (none before an engagement).
    pub provider: Vec<Recipient>,
    /// The provider engaged on it, for its members' links.
    pub provider_id: Option<c4h_domain::ids::ProviderId>,
    /// Coordinators and administrators.
    pub staff: Vec<Recipient>,
}

/// A notification as its recipient reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: String,
    pub reference: String,
    pub link: String,
    pub created_at: OffsetDateTime,
    pub read: bool,
}

/// A person's notifications waiting for their daily digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub recipient: Recipient,
    pub count: u32,
}
