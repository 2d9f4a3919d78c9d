//! Logging with `tracing`: human-readable text or JSON lines, filtered by the `log` setting.
//!
//! Rules: field names are dotted (`request.id`, `job.kind`); a failure is logged once, where it is
//! handled; user-supplied text is never logged as a message (only as a field, which the formatter
//! escapes), and nothing sensitive is logged at all (no descriptions, messages, contacts,
//! passwords, tokens or query strings).

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::config::{LogFormat, Settings};

/// Installs the global subscriber; later calls (tests starting several servers) are no-ops.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::builder().parse_lossy(&settings.log);
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::NONE);
    let result = match settings.log_format {
        LogFormat::Text => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    // An error only means a subscriber is already installed.
    drop(result);
}
