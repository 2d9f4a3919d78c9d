//! Sends queued e-mail: the `email.send` job handler.

use std::path::PathBuf;

use async_trait::async_trait;
use c4h_storage::model::Job;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MessageBuilder};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{Envelope, KIND};
use crate::config::{MailSettings, MailTransport};
use crate::i18n::Locale;
use crate::jobs::JobHandler;

/// Where messages go.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Mailer::Smtp"),
            Self::Folder(_, path) => write!(f, "Mailer::Folder({})", path.display()),
        }
    }
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        Ok(match &settings.transport {
            MailTransport::Smtp(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|error| anyhow::anyhow!("the SMTP address is not usable: {error}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build(),
            ),
            MailTransport::Folder(path) => {
                std::fs::create_dir_all(path)?;
                Self::Folder(AsyncFileTransport::new(path), path.clone())
            }
        })
    }
}

impl Mailer {
    /// Whether the SMTP server answers (for `c4h check`); a folder always does.
    pub async fn reachable(&self) -> Result<(), String> {
        match self {
            Self::Smtp(transport) => match transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err("the server did not accept a connection".to_owned()),
                Err(error) => Err(error.to_string()),
            },
            Self::Folder(..) => Ok(()),
        }
    }
}

/// The `email.send` handler.
#[derive(Debug)]
pub struct EmailSender {
    mailer: Mailer,
    from: Mailbox,
    operator: String,
}

impl EmailSender {
    pub fn new(mailer: Mailer, from: Mailbox, operator: String) -> Self {
        Self { mailer, from, operator }
    }

    fn build(&self, job: &Job, envelope: &Envelope) -> anyhow::Result<lettre::Message> {
        let locale = Locale::from_tag(&envelope.language).unwrap_or(Locale::DEFAULT);
        let (subject, body) = envelope.message.render(locale, &self.operator);
        let to: Mailbox = envelope.to.parse()?;
        let domain = self.from.email.domain().to_owned();
        Ok(MessageBuilder::new()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            // The job id makes the Message-ID, so a retried send is recognisably the same message.
            .message_id(Some(format!("<{}@{domain}>", job.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(body)?)
    }
}

#[async_trait]
impl JobHandler for EmailSender {
    fn kind(&self) -> &'static str {
        KIND
    }

    async fn run(&self, job: &Job) -> anyhow::Result<()> {
        let envelope: Envelope = serde_json::from_value(job.payload.clone())?;
        let message = self.build(job, &envelope)?;
        match &self.mailer {
            Mailer::Smtp(transport) => {
                transport.send(message).await?;
            }
            Mailer::Folder(transport, _) => {
                transport.send(message).await?;
            }
        }
        tracing::info!(job.id = %job.id, email.message = envelope.message.code(), "e-mail sent");
        Ok(())
    }
}
