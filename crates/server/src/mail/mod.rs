//! E-mail: what the service sends, in the recipient's language, through the job queue.
//!
//! A message is enqueued as an `email.send` job in the same transaction as the change that causes
//! it, and a worker sends it over SMTP (lettre) or writes it to a folder. A mail server that is
//! down delays messages (the job is retried with backoff) and loses none.
//!
//! Invariants:
//! - No e-mail carries sensitive content: no case descriptions, no organisation names of
//!   requesters in trouble, nothing marked TLP:RED. Links and reference numbers only.
//! - Every string comes from the translations (`locales/*/email.ftl`); user-supplied values that
//!   appear (a display name, an organisation's name in a membership notice) go in the body, never
//!   in a header.

mod sender;

use c4h_domain::EmailAddress;
use c4h_storage::model::NewJob;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::i18n::{Locale, Tr};

pub use sender::{EmailSender, Mailer};

/// The job kind that sends e-mail.
pub const KIND: &str = "email.send";

/// What to tell the recipient. Each variant is one pair of translation keys,
/// `email-<code>-subject` and `email-<code>-body`, whose arguments are the variant's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "message", rename_all = "snake_case")]
pub enum Message {
    VerifyEmail {
        link: String,
    },
    AlreadyRegistered {
        sign_in: String,
        reset: String,
    },
    ResetPassword {
        link: String,
    },
    NoAccount {
        register: String,
    },
    PasswordChanged {
        reset: String,
    },
    ConfirmNewEmail {
        link: String,
    },
    EmailChangeRequested {
        new_address: String,
    },
    EmailChanged {
        new_address: String,
    },
    NewSignIn {
        when: String,
        from: String,
    },
    MfaEnabled,
    MfaDisabled,
    Invitation {
        link: String,
        role: String,
    },
    /// To an organisation's admins (its name is on the linked page, never in the e-mail).
    JoinRequested {
        link: String,
    },
    MembershipApproved {
        link: String,
    },
    ProviderApplied {
        provider: String,
    },
    /// A decision that applies at once (reject, suspend, retire), with the coordinator's reason.
    ProviderDecision {
        provider: String,
        decision: String,
        reason: String,
    },
    /// The provider was vetted: the link invites the contact as its first admin.
    ProviderVetted {
        provider: String,
        link: String,
    },
    /// A coordinator verified or rejected the organisation; the page says which and why.
    OrganisationReviewed {
        link: String,
    },
    /// The emergency path: the link that proves the address and sends the request.
    EmergencyConfirm {
        link: String,
    },
    /// The emergency path was used with an address that has an account.
    EmergencyHasAccount {
        sign_in: String,
    },
    /// To a provider's members: an offer waits for their answer until `deadline` (the link
    /// shows its summary after sign-in; nothing about the case is in the e-mail).
    OfferReceived {
        link: String,
        deadline: String,
    },
    /// To coordinators: no offering can take the request now, so it is waitlisted.
    RequestWaitlisted {
        reference: String,
        link: String,
    },
    /// To coordinators: the beneficiary of request `reference` has had all its hours.
    HourBudgetSpent {
        reference: String,
        hours: String,
        link: String,
    },
    /// To a party of a case: something happened on it (`activity` is a code, translated as
    /// `email-activity-<code>`); the link opens the notification, after sign-in.
    CaseActivity {
        reference: String,
        activity: String,
        link: String,
    },
    /// The daily digest: `count` notifications wait in the app.
    NotificationDigest {
        count: String,
        link: String,
    },
    /// To coordinators: a critical request has waited `waited` without a provider.
    CriticalWaiting {
        reference: String,
        waited: String,
        link: String,
    },
}

impl Message {
    /// The stable code used in translation keys.
    pub fn code(&self) -> &'static str {
        match self {
            Self::VerifyEmail { .. } => "verify-email",
            Self::AlreadyRegistered { .. } => "already-registered",
            Self::ResetPassword { .. } => "reset-password",
            Self::NoAccount { .. } => "no-account",
            Self::PasswordChanged { .. } => "password-changed",
            Self::ConfirmNewEmail { .. } => "confirm-new-email",
            Self::EmailChangeRequested { .. } => "email-change-requested",
            Self::EmailChanged { .. } => "email-changed",
            Self::NewSignIn { .. } => "new-sign-in",
            Self::MfaEnabled => "mfa-enabled",
            Self::MfaDisabled => "mfa-disabled",
            Self::Invitation { .. } => "invitation",
            Self::JoinRequested { .. } => "join-requested",
            Self::MembershipApproved { .. } => "membership-approved",
            Self::ProviderApplied { .. } => "provider-applied",
            Self::ProviderDecision { .. } => "provider-decision",
            Self::ProviderVetted { .. } => "provider-vetted",
            Self::OrganisationReviewed { .. } => "organisation-reviewed",
            Self::EmergencyConfirm { .. } => "emergency-confirm",
            Self::EmergencyHasAccount { .. } => "emergency-has-account",
            Self::OfferReceived { .. } => "offer-received",
            Self::RequestWaitlisted { .. } => "request-waitlisted",
            Self::CriticalWaiting { .. } => "critical-waiting",
            Self::HourBudgetSpent { .. } => "hour-budget-spent",
            Self::CaseActivity { .. } => "case-activity",
            Self::NotificationDigest { .. } => "notification-digest",
        }
    }

    /// The message's fields as translation arguments.
    fn arguments(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::VerifyEmail { link }
            | Self::ResetPassword { link }
            | Self::ConfirmNewEmail { link } => vec![("link", link.clone())],
            Self::AlreadyRegistered { sign_in, reset } => {
                vec![("sign_in", sign_in.clone()), ("reset", reset.clone())]
            }
            Self::NoAccount { register } => vec![("register", register.clone())],
            Self::PasswordChanged { reset } => vec![("reset", reset.clone())],
            Self::EmailChangeRequested { new_address } | Self::EmailChanged { new_address } => {
                vec![("new_address", new_address.clone())]
            }
            Self::NewSignIn { when, from } => vec![("when", when.clone()), ("from", from.clone())],
            Self::MfaEnabled | Self::MfaDisabled => Vec::new(),
            Self::Invitation { link, role } => vec![("link", link.clone()), ("role", role.clone())],
            Self::JoinRequested { link } | Self::MembershipApproved { link } => {
                vec![("link", link.clone())]
            }
            Self::ProviderApplied { provider } => vec![("provider", provider.clone())],
            Self::ProviderDecision { provider, decision, reason } => vec![
                ("provider", provider.clone()),
                ("decision", decision.clone()),
                ("reason", reason.clone()),
            ],
            Self::ProviderVetted { provider, link } => {
                vec![("provider", provider.clone()), ("link", link.clone())]
            }
            Self::OrganisationReviewed { link } | Self::EmergencyConfirm { link } => {
                vec![("link", link.clone())]
            }
            Self::EmergencyHasAccount { sign_in } => vec![("sign_in", sign_in.clone())],
            Self::OfferReceived { link, deadline } => {
                vec![("link", link.clone()), ("deadline", deadline.clone())]
            }
            Self::RequestWaitlisted { reference, link } => {
                vec![("reference", reference.clone()), ("link", link.clone())]
            }
            Self::HourBudgetSpent { reference, hours, link } => vec![
                ("reference", reference.clone()),
                ("hours", hours.clone()),
                ("link", link.clone()),
            ],
            Self::CaseActivity { reference, activity: _, link } => {
                vec![("reference", reference.clone()), ("link", link.clone())]
            }
            Self::NotificationDigest { count, link } => {
                vec![("count", count.clone()), ("link", link.clone())]
            }
            Self::CriticalWaiting { reference, waited, link } => vec![
                ("reference", reference.clone()),
                ("waited", waited.clone()),
                ("link", link.clone()),
            ],
        }
    }

    /// Subject and body in `locale`, signed by the operator.
    pub fn render(&self, locale: Locale, operator: &str) -> (String, String) {
        let tr = Tr::new(locale);
        let mut arguments = self.arguments();
        arguments.push(("operator", operator.to_owned()));
        if let Self::CaseActivity { activity, .. } = self {
            arguments.push(("activity", tr.t(&format!("email-activity-{activity}"))));
        }
        let subject = tr.with(&format!("email-{}-subject", self.code()), &arguments);
        let body = tr.with(&format!("email-{}-body", self.code()), &arguments);
        let signature = tr.ts("email-signature", "operator", operator);
        (subject, format!("{body}\n\n-- \n{signature}\n"))
    }
}

/// An e-mail waiting in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub to: String,
    pub language: String,
    #[serde(flatten)]
    pub message: Message,
}

/// The job that sends `message` to `to` in `locale`.
pub fn job(to: &EmailAddress, locale: Locale, message: Message, now: OffsetDateTime) -> NewJob {
    let envelope = Envelope { to: to.to_string(), language: locale.code().to_owned(), message };
    let payload = serde_json::to_value(&envelope).unwrap_or_default();
    let mut job = NewJob::now(KIND, "", payload, now);
    // Each message is its own job; the key only has to be unique.
    job.idempotency_key = format!("{KIND}:{}", job.id);
    job.max_attempts = 12;
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_renders_in_every_language_with_its_link() {
        let link = "https://help.example.org/verify-email?token=abc".to_owned();
        let messages = [
            Message::VerifyEmail { link: link.clone() },
            Message::Invitation { link: link.clone(), role: "coordinator".into() },
            Message::ProviderVetted { provider: "Acme".into(), link: link.clone() },
            Message::OrganisationReviewed { link: link.clone() },
            Message::EmergencyConfirm { link: link.clone() },
            Message::OfferReceived { link: link.clone(), deadline: "2026-12-01 10:00 UTC".into() },
            Message::RequestWaitlisted { reference: "C4H-2026-000001".into(), link: link.clone() },
            Message::HourBudgetSpent {
                reference: "C4H-2026-000001".into(),
                hours: "100".into(),
                link: link.clone(),
            },
            Message::CriticalWaiting {
                reference: "C4H-2026-000001".into(),
                waited: "2 h".into(),
                link: link.clone(),
            },
            Message::CaseActivity {
                reference: "C4H-2026-000001".into(),
                activity: "case_message".into(),
                link: link.clone(),
            },
            Message::NotificationDigest { count: "3".into(), link: link.clone() },
        ];
        for locale in Locale::ALL {
            for message in &messages {
                let (subject, body) = message.render(locale, "Health CERT");
                assert!(!subject.is_empty() && !subject.contains('\n'), "{subject}");
                assert!(body.contains(&link) && body.contains("Health CERT"), "{body}");
                assert!(!body.contains("email-"), "an untranslated key in {body}");
            }
        }
    }

    #[test]
    fn an_envelope_round_trips_through_the_job_payload() {
        let to = EmailAddress::parse("desk@clinic.example").unwrap();
        let job = job(&to, Locale::Fr, Message::MfaEnabled, time::OffsetDateTime::UNIX_EPOCH);
        let envelope: Envelope = serde_json::from_value(job.payload).unwrap();
        assert_eq!(
            (envelope.to.as_str(), envelope.language.as_str(), envelope.message),
            ("desk@clinic.example", "fr", Message::MfaEnabled)
        );
        assert!(job.idempotency_key.starts_with("email.send:"));
    }
}
