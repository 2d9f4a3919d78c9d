//! Configuration: every setting, where it comes from, and its validation.
//!
//! Each setting has one key (`listen`), one environment variable (`C4H_LISTEN`) and one flag
//! (`--listen`). Values are taken from, highest first: flags, environment, the configuration file
//! (`--config FILE`, TOML), built-in defaults. All of them are validated before anything starts;
//! an error names the setting, its source and what was expected, on one line.
//!
//! [`SETTINGS`] is the single list of settings: the command line, the environment reader and
//! `docs/configuration.md` (checked by a test) all follow it.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use c4h_domain::EmailAddress;
use c4h_domain::retention::Keep;
use c4h_storage::{DatabaseUrl, PoolSettings};

mod matching;
mod spec;

pub use matching::MatchingSettings;

pub use spec::{SETTINGS, SettingSpec};

/// Where a value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Environment,
    File(PathBuf),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("from the command line"),
            Self::Environment => f.write_str("from the environment"),
            Self::File(path) => write!(f, "from {}", path.display()),
            Self::Default => f.write_str("the default"),
        }
    }
}

/// A setting that cannot be used, with what is wrong in words an operator understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("setting {key} ({env}, {origin}): {problem}")]
pub struct ConfigError {
    pub key: &'static str,
    pub env: &'static str,
    pub origin: Source,
    pub problem: String,
}

/// A problem that concerns the configuration as a whole rather than one setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Setting(#[from] ConfigError),
    #[error("configuration file {}: {problem}", .path.display())]
    File { path: PathBuf, problem: String },
    #[error("environment variable {name} is not a known setting; known: {known}")]
    UnknownVariable { name: String, known: String },
}

/// How to write log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The validated configuration. Secrets in it never print (see the `Debug` of [`DatabaseUrl`]).
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub listen: SocketAddr,
    /// Without a trailing slash.
    pub public_url: String,
    pub operator_name: String,
    pub contact_email: EmailAddress,
    pub log: String,
    pub log_format: LogFormat,
    pub pool: PoolSettings,
    pub workers: u32,
    pub migrate_on_start: bool,
    pub mail: MailSettings,
    pub session_idle: time::Duration,
    pub session_absolute: time::Duration,
    pub password_hash_concurrency: u32,
    pub matching: MatchingSettings,
    /// Hours of free help per beneficiary before a coordinator is asked.
    pub hour_budget_hours: u32,
    /// Where the key that seals files at rest comes from.
    pub data_key: crate::crypto::KeySource,
    pub uploads: UploadLimits,
    pub retention: c4h_domain::retention::RetentionPolicy,
    /// Where `/metrics` is served; `None`: nowhere.
    pub metrics_listen: Option<SocketAddr>,
}

/// How much a case may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_bytes: u64,
    pub max_files: u32,
}

/// Where e-mail goes. Secrets in the SMTP address never print.
#[derive(Clone)]
pub struct MailSettings {
    pub transport: MailTransport,
    pub from: lettre::message::Mailbox,
}

#[derive(Clone, PartialEq, Eq)]
pub enum MailTransport {
    /// An SMTP URL as lettre reads it.
    Smtp(String),
    /// A folder where each message is written as a `.eml` file (development and demos).
    Folder(PathBuf),
}

impl fmt::Debug for MailTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Smtp(url) => f.write_str(&c4h_storage::redact_password(url)),
            Self::Folder(path) => write!(f, "file:{}", path.display()),
        }
    }
}

impl fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSettings")
            .field("transport", &self.transport)
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Settings {
    /// Whether people reach the service over TLS (then HSTS is sent).
    pub fn served_over_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// Raw values by key, with their sources, before validation.
#[derive(Debug, Clone, Default)]
pub struct RawSettings {
    values: BTreeMap<&'static str, (String, Source)>,
}

impl RawSettings {
    /// Collects values from the file (if any), then the environment, then flags.
    pub fn gather(
        file: Option<&Path>,
        environment: impl IntoIterator<Item = (String, String)>,
        flags: &[(&'static str, String)],
    ) -> Result<Self, LoadError> {
        let mut raw = Self::default();
        for spec in SETTINGS {
            if let Some(default) = spec.default {
                raw.values.insert(spec.key, (default.to_owned(), Source::Default));
            }
        }
        if let Some(path) = file {
            raw.read_file(path)?;
        }
        for (name, value) in environment {
            if !name.starts_with("C4H_") || name.starts_with("C4H_TEST_") || name == "C4H_CONFIG" {
                continue;
            }
            let spec = SETTINGS.iter().find(|spec| spec.env == name).ok_or_else(|| {
                LoadError::UnknownVariable {
                    name: name.clone(),
                    known: SETTINGS.iter().map(|s| s.env).collect::<Vec<_>>().join(", "),
                }
            })?;
            raw.values.insert(spec.key, (value, Source::Environment));
        }
        for (key, value) in flags {
            let spec = spec_for(key);
            raw.values.insert(spec.key, (value.clone(), Source::Flag));
        }
        Ok(raw)
    }

    fn read_file(&mut self, path: &Path) -> Result<(), LoadError> {
        let file_error = |problem: String| LoadError::File { path: path.to_owned(), problem };
        let text = std::fs::read_to_string(path).map_err(|error| file_error(error.to_string()))?;
        let table: toml::Table = text
            .parse()
            .map_err(|error: toml::de::Error| file_error(error.message().to_owned()))?;
        for (key, value) in table {
            let spec = SETTINGS
                .iter()
                .find(|spec| spec.key == key)
                .ok_or_else(|| file_error(format!("{key} is not a known setting")))?;
            let value = match value {
                toml::Value::String(text) => text,
                toml::Value::Integer(number) => number.to_string(),
                toml::Value::Boolean(flag) => flag.to_string(),
                other => {
                    return Err(file_error(format!(
                        "{key} must be a string, a number or true/false, not a {}",
                        other.type_str()
                    )));
                }
            };
            self.values.insert(spec.key, (value, Source::File(path.to_owned())));
        }
        Ok(())
    }

    fn get(&self, key: &'static str) -> Option<(&str, &Source)> {
        self.values.get(key).map(|(value, source)| (value.as_str(), source))
    }

    /// Validates every setting; the first problem found is returned.
    pub fn validate(&self) -> Result<Settings, ConfigError> {
        let database_url =
            self.parse("database_url", |v| DatabaseUrl::parse(v).map_err(|e| e.to_string()))?;
        let listen = self.parse("listen", parse_listen)?;
        let public_url = match self.get("public_url") {
            Some(_) => self.parse("public_url", parse_public_url)?,
            None => default_public_url(listen),
        };
        let operator_name = self.parse("operator_name", |value| {
            let value = value.trim();
            match value.chars().count() {
                0 => Err("is empty".to_owned()),
                1..=100 => Ok(value.to_owned()),
                _ => Err("is longer than 100 characters".to_owned()),
            }
        })?;
        let contact_email =
            self.parse("contact_email", |v| EmailAddress::parse(v).map_err(|e| e.to_string()))?;
        let log = self.parse("log", |value| {
            tracing_subscriber::EnvFilter::builder()
                .parse(value)
                .map(|_| value.to_owned())
                .map_err(|error| format!("{value:?} is not a log level or directive list: {error}"))
        })?;
        let log_format = self.parse("log_format", |value| match value {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("{other:?} is not text or json")),
        })?;
        let max_connections = self.parse("db_max_connections", |v| parse_number(v, 1, 1000))?;
        let workers = self.parse("workers", |v| parse_number(v, 0, 64))?;
        let transport = self.parse("smtp_url", parse_mail_transport)?;
        let from = self.parse("mail_from", |value| {
            value.parse::<lettre::message::Mailbox>().map_err(|_| {
                format!(
                    "{value:?} is not a sender such as \"Cyber 4 Healthcare <noreply@example.org>\""
                )
            })
        })?;
        let idle = self.parse("session_idle_minutes", |v| parse_number(v, 5, 1440))?;
        let absolute = self.parse("session_absolute_hours", |v| parse_number(v, 1, 168))?;
        let password_hash_concurrency =
            self.parse("password_hash_concurrency", |v| parse_number(v, 1, 64))?;
        let migrate_on_start = self.parse("migrate_on_start", |value| match value {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" => Ok(false),
            other => Err(format!("{other:?} is not true or false")),
        })?;
        let matching = MatchingSettings {
            deadlines: self.parse("offer_deadlines", matching::parse_deadlines)?,
            auto_offer: self.parse("auto_offer", matching::parse_auto_offer)?,
            escalate_critical_after: self
                .parse("escalate_critical_after", matching::parse_duration)?,
            weights: self.parse("matching_weights", matching::parse_weights)?,
        };
        let hour_budget_hours = self.parse("hour_budget_hours", |v| parse_number(v, 1, 10_000))?;
        let data_key = self.parse("data_key", crate::crypto::KeySource::parse)?;
        let max_mb = self.parse("upload_max_mb", |v| parse_number(v, 1, 1024))?;
        let max_files = self.parse("upload_max_files", |v| parse_number(v, 1, 1000))?;
        let uploads = UploadLimits { max_bytes: u64::from(max_mb) * 1024 * 1024, max_files };
        let retention = c4h_domain::retention::RetentionPolicy {
            ended_cases: self.parse("retain_ended_cases", Keep::parse)?,
            audit_events: self.parse("retain_audit_events", Keep::parse)?,
            unverified_accounts: self.parse("retain_unverified_accounts", Keep::parse)?,
            drafts: self.parse("retain_drafts", Keep::parse)?,
        };
        let metrics_listen = self.parse("metrics_listen", |value| match value.trim() {
            "off" | "" => Ok(None),
            address => parse_listen(address).map(Some),
        })?;
        Ok(Settings {
            metrics_listen,
            retention,
            data_key,
            uploads,
            matching,
            hour_budget_hours,
            database_url,
            listen,
            public_url,
            operator_name,
            contact_email,
            log,
            log_format,
            pool: PoolSettings { max_connections, ..PoolSettings::default() },
            workers,
            migrate_on_start,
            mail: MailSettings { transport, from },
            session_idle: time::Duration::minutes(i64::from(idle)),
            session_absolute: time::Duration::hours(i64::from(absolute)),
            password_hash_concurrency,
        })
    }

    fn parse<T>(
        &self,
        key: &'static str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let spec = spec_for(key);
        let (value, source) = self.get(key).unwrap_or(("", &Source::Default));
        parse(value).map_err(|problem| ConfigError {
            key: spec.key,
            env: spec.env,
            origin: source.clone(),
            problem,
        })
    }

    /// The error for `key` with its current source, for problems found later (a port in use, a
    /// data folder that cannot be written).
    pub fn error(&self, key: &'static str, problem: impl Into<String>) -> ConfigError {
        let spec = spec_for(key);
        let source = self.get(key).map_or(Source::Default, |(_, source)| source.clone());
        ConfigError { key: spec.key, env: spec.env, origin: source, problem: problem.into() }
    }
}

fn spec_for(key: &str) -> &'static SettingSpec {
    SETTINGS
        .iter()
        .find(|spec| spec.key == key)
        .unwrap_or_else(|| panic!("{key} is not in SETTINGS"))
}

fn parse_number(value: &str, min: u32, max: u32) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(number) if (min..=max).contains(&number) => Ok(number),
        _ => Err(format!("{value:?} is not a whole number from {min} to {max}")),
    }
}

fn parse_mail_transport(value: &str) -> Result<MailTransport, String> {
    let value = value.trim();
    if let Some(folder) = value.strip_prefix("file:") {
        let folder = folder.strip_prefix("//").unwrap_or(folder);
        if folder.is_empty() {
            return Err("names no folder; use e.g. file:data/mail".to_owned());
        }
        return Ok(MailTransport::Folder(PathBuf::from(folder)));
    }
    let scheme = value.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("smtp" | "smtps") => Ok(MailTransport::Smtp(value.to_owned())),
        _ => Err(
            "is not an address such as smtp://mail.example.org:587?tls=required or file:data/mail"
                .to_owned(),
        ),
    }
}

fn parse_listen(value: &str) -> Result<SocketAddr, String> {
    let value = value.trim();
    if let Ok(address) = value.parse::<SocketAddr>() {
        return Ok(address);
    }
    match value.rsplit_once(':') {
        Some((host, port))
            if host.parse::<std::net::IpAddr>().is_ok()
                || host.trim_matches(['[', ']']).parse::<std::net::Ipv6Addr>().is_ok() =>
        {
            Err(format!("port {port:?} is not a port number (0-65535)"))
        }
        _ => Err(format!(
            "{value:?} is not an IP address and port such as 127.0.0.1:8080 or [::]:8080"
        )),
    }
}

fn parse_public_url(value: &str) -> Result<String, String> {
    let trimmed = value.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| format!("{value:?} does not start with https:// or http://"))?;
    let host_is_plain = !rest.is_empty()
        && rest.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '/' | '_')
        });
    if !host_is_plain {
        return Err(format!("{value:?} is not an address such as https://help.example.org"));
    }
    Ok(trimmed.to_owned())
}

fn default_public_url(listen: SocketAddr) -> String {
    if listen.ip().is_unspecified() {
        format!("http://localhost:{}", listen.port())
    } else {
        format!("http://{listen}")
    }
}

#[cfg(test)]
mod tests;
