//! A case's conversation and files as its pages show them: one list, oldest first, each entry
//! with who, when, for whom and its TLP marking; message text with its web addresses as links.
//!
//! Guarantees: text is never HTML. It is split into plain parts and links, which the templates
//! escape; only `http` and `https` addresses become links, shown in full (the reader sees where a
//! link goes), opened without a referrer. Staff appear as "a coordinator" to requesters.

use c4h_domain::RequestState;
use c4h_domain::Tlp;
use c4h_storage::model::{CaseEngagement, CaseFile, RequestMessage};

use super::views::minute;
use crate::i18n::Tr;

/// A run of a message's text: plain, or a web address to link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    pub text: String,
    /// The address, when this part is one.
    pub href: Option<String>,
}

/// Splits `text` into plain parts and `http`/`https` links.
pub fn linkify(text: &str) -> Vec<TextPart> {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder
        .spans(text)
        .map(|span| {
            let part = span.as_str().to_owned();
            let web = span.kind().is_some()
                && (part.starts_with("https://") || part.starts_with("http://"));
            TextPart { href: web.then(|| part.clone()), text: part }
        })
        .collect()
}

/// A file as listed: its name links to the download.
#[derive(Debug, Clone)]
pub struct FileView {
    pub name: String,
    pub size: String,
    pub sha256: String,
    pub href: String,
}

/// One entry of a case's conversation: a message or a file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: String,
    pub who: String,
    /// A `Visibility` code, for its label.
    pub visibility: &'static str,
    /// `TLP:AMBER`.
    pub tlp: String,
    /// TLP:RED, shown prominently.
    pub red: bool,
    pub body: Vec<TextPart>,
    pub file: Option<FileView>,
}

/// Who the reader is, which decides how authors are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Requesters do not learn coordinators' names.
    Requester,
    Staff,
    Provider,
}

/// The conversation and files, oldest first; files link under `base` (`…/files/{id}`).
pub fn entries(
    tr: &Tr,
    reader: Reader,
    messages: Vec<RequestMessage>,
    files: Vec<CaseFile>,
    base: &str,
) -> Vec<Entry> {
    let name = |from_staff: bool, name: String| {
        if from_staff && reader == Reader::Requester {
            tr.t("history-by-coordinator")
        } else {
            name
        }
    };
    let mut timed: Vec<(time::OffsetDateTime, Entry)> = Vec::new();
    for m in messages {
        let entry = Entry {
            at: minute(m.created_at),
            who: name(m.from_staff, m.author_name.unwrap_or_default()),
            visibility: m.visibility.as_str(),
            tlp: m.tlp.label(),
            red: m.tlp == Tlp::Red,
            body: linkify(&m.body),
            file: None,
        };
        timed.push((m.created_at, entry));
    }
    for f in files {
        let entry = Entry {
            at: minute(f.created_at),
            who: name(f.from_staff, f.uploaded_by_name),
            visibility: f.visibility.as_str(),
            tlp: f.tlp.label(),
            red: f.tlp == Tlp::Red,
            body: Vec::new(),
            file: Some(FileView {
                href: format!("{base}/files/{}", f.id),
                name: f.name,
                size: size(tr, f.size_bytes),
                sha256: f.sha256,
            }),
        };
        timed.push((f.created_at, entry));
    }
    // Stable: at the same instant, messages stay before files, each in their stored order.
    timed.sort_by_key(|(at, _)| *at);
    timed.into_iter().map(|(_, entry)| entry).collect()
}

/// A size as people read it: `812 bytes`, `14.2 KB`, `3.1 MB`.
pub fn size(tr: &Tr, bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let value = bytes as f64;
    let (amount, unit) = if value < KB {
        (bytes.to_string(), "size-bytes")
    } else if value < KB * KB {
        (format!("{:.1}", value / KB), "size-kb")
    } else {
        (format!("{:.1}", value / (KB * KB)), "size-mb")
    };
    tr.ts(unit, "amount", &amount)
}

/// One side's feedback as shown.
#[derive(Debug, Clone)]
pub struct FeedbackView {
    /// `case-feedback-from-requester` or `case-feedback-from-provider`.
    pub side: &'static str,
    /// "4 of 5".
    pub stars: Option<String>,
    pub comment: Option<String>,
    pub who: String,
    pub at: String,
}

/// How the case is being seen through: the provider's next steps and resolution, the feedback
/// the reader may read, and whether the reader's side may still give its own.
#[derive(Debug, Clone, Default)]
pub struct Closure {
    pub next_steps: Option<String>,
    pub resolution: Option<String>,
    pub feedback: Vec<FeedbackView>,
    pub feedback_open: bool,
}

pub fn closure(
    tr: &Tr,
    reader: Reader,
    engagement: Option<CaseEngagement>,
    state: RequestState,
) -> Closure {
    let Some(engagement) = engagement else { return Closure::default() };
    let feedback: Vec<FeedbackView> = engagement
        .feedback
        .into_iter()
        .map(|f| FeedbackView {
            side: if f.from_requester {
                "case-feedback-from-requester"
            } else {
                "case-feedback-from-provider"
            },
            stars: f.rating.map(|r| tr.ts("case-feedback-stars", "stars", r.to_string())),
            comment: f.comment,
            who: f.author_name,
            at: minute(f.created_at),
        })
        .collect();
    // Each side reads only its own feedback, so an empty list means "not given yet".
    let over = matches!(state, RequestState::Resolved | RequestState::Closed);
    let feedback_open = over && reader != Reader::Staff && feedback.is_empty();
    Closure {
        next_steps: engagement.next_steps,
        resolution: engagement.resolution_summary,
        feedback,
        feedback_open,
    }
}

/// Where the beneficiary of `request` stands against its hour budget, as shown: the sentence,
/// `warning` or `spent` when called for, and the budget in hours.
pub async fn hours(
    state: &crate::state::AppState,
    tr: &Tr,
    request: c4h_domain::ids::RequestId,
) -> Result<(String, Option<&'static str>, u32), super::errors::AppError> {
    use c4h_domain::case::{BudgetLevel, budget_level};
    let used = state.store.beneficiary_minutes(request).await?;
    let budget_hours = crate::services::case::budget_hours(state, request).await?;
    let budget = match budget_level(used, u64::from(budget_hours) * 60) {
        BudgetLevel::Within => None,
        BudgetLevel::Warning => Some("warning"),
        BudgetLevel::Spent => Some("spent"),
    };
    let sentence = tr.with(
        "case-hours-used",
        &[("used", format!("{:.1}", used as f64 / 60.0)), ("budget", budget_hours.to_string())],
    );
    Ok((sentence, budget, budget_hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links_and_the_rest_stays_text() {
        let parts = linkify("See https://example.org/ioc?id=1 and <b>javascript:alert(1)</b>.");
        let links: Vec<_> = parts.iter().filter_map(|p| p.href.as_deref()).collect();
        assert_eq!(links, ["https://example.org/ioc?id=1"]);
        let text: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "See https://example.org/ioc?id=1 and <b>javascript:alert(1)</b>.");
        assert!(
            linkify("ftp://files.example/x mailto:a@b.example").iter().all(|p| p.href.is_none())
        );
    }
}
