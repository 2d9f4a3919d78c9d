//! Telling the parties of a case what happened on it: a notification in the app for everyone
//! who may read the activity (never its author), and an e-mail as each person chose (at once, in
//! the daily digest, or not at all), written with the change itself.
//!
//! Guarantees: nothing about a case goes by e-mail to its organisation when the request says its
//! e-mail is compromised (the notification stays in the app; providers and coordinators see the
//! warning and the out-of-band contact on the case). An e-mail carries the case's reference and a
//! link to the notification, never content. Each notification's e-mail is one job keyed by the
//! notification, retried until the mail server takes it, and never enqueued twice.

use c4h_domain::Visibility;
use c4h_domain::case::readable_by;
use c4h_domain::ids::{NotificationId, RequestId, UserId};
use c4h_domain::request_flow::Role;
use c4h_storage::model::{Change, EmailPreference, NewNotification, NotificationEmail, Recipient};

use crate::http::AppError;
use crate::i18n::Locale;
use crate::mail::{self, Message};
use crate::state::AppState;

/// What happened on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Message(Visibility),
    File(Visibility),
    Resolved,
    Reopened,
    Closed,
    /// The service asks the requester whether the problem came back (the requester only).
    FollowUp,
}

impl Activity {
    pub fn code(self) -> &'static str {
        match self {
            Self::Message(_) => "case_message",
            Self::File(_) => "case_file",
            Self::Resolved => "case_resolved",
            Self::Reopened => "case_reopened",
            Self::Closed => "case_closed",
            Self::FollowUp => "case_follow_up",
        }
    }

    /// Who may know of it: a message or file as marked, a step of the lifecycle everyone.
    fn visibility(self) -> Visibility {
        match self {
            Self::Message(visibility) | Self::File(visibility) => visibility,
            _ => Visibility::AllParties,
        }
    }
}

/// `change` with the notifications (and e-mails) of `activity` on `request`, by `author`.
pub async fn tell(
    state: &AppState,
    change: Change,
    request: RequestId,
    activity: Activity,
    author: Option<UserId>,
) -> Result<Change, AppError> {
    let public_url = &state.settings.public_url;
    Ok(tell_with(state.store.as_ref(), public_url, change, request, activity, author).await?)
}

/// [`tell`] for callers without the whole state (jobs).
pub async fn tell_with(
    store: &dyn c4h_storage::Store,
    public_url: &str,
    mut change: Change,
    request: RequestId,
    activity: Activity,
    author: Option<UserId>,
) -> Result<Change, c4h_storage::StoreError> {
    let Some(contacts) = store.case_contacts(request).await? else { return Ok(change) };
    let visibility = activity.visibility();
    let mut sides: Vec<(&[Recipient], String, bool)> = Vec::new();
    if readable_by(Role::Requester).contains(&visibility) {
        let link = format!("/requests/{request}");
        sides.push((&contacts.requester, link, contacts.email_compromised));
    }
    let requester_only = activity == Activity::FollowUp;
    if let Some(provider) = contacts.provider_id
        && readable_by(Role::Provider).contains(&visibility)
        && !requester_only
    {
        sides.push((&contacts.provider, format!("/providers/{provider}/cases/{request}"), false));
    }
    if !requester_only {
        sides.push((&contacts.staff, format!("/coordination/requests/{request}"), false));
    }
    let now = change.now();
    let mut told: Vec<UserId> = author.into_iter().collect();
    for (recipients, link, no_email) in sides {
        for recipient in recipients {
            if told.contains(&recipient.user) {
                continue;
            }
            told.push(recipient.user);
            let email = match recipient.preference {
                _ if no_email => NotificationEmail::None,
                EmailPreference::Immediately => NotificationEmail::Queued,
                EmailPreference::Daily => NotificationEmail::Digest,
                EmailPreference::Off => NotificationEmail::None,
            };
            let id = NotificationId::new();
            if email == NotificationEmail::Queued {
                let job = email_job(public_url, recipient, id, &contacts.reference, activity, now);
                change = change.with_job(job);
            }
            change = change.with_notification(NewNotification {
                id,
                user: recipient.user,
                request: Some(request),
                kind: activity.code().to_owned(),
                reference: contacts.reference.clone(),
                link: link.clone(),
                email,
            });
        }
    }
    Ok(change)
}

fn email_job(
    public_url: &str,
    recipient: &Recipient,
    id: NotificationId,
    reference: &str,
    activity: Activity,
    now: time::OffsetDateTime,
) -> c4h_storage::model::NewJob {
    let locale = Locale::from_tag(&recipient.language).unwrap_or(Locale::DEFAULT);
    let message = Message::CaseActivity {
        reference: reference.to_owned(),
        activity: activity.code().to_owned(),
        link: format!("{public_url}/notifications/{id}"),
    };
    let mut job = mail::job(&recipient.email, locale, message, now);
    // One e-mail per notification, however often anything is retried.
    job.idempotency_key = format!("notification:{id}");
    job
}
