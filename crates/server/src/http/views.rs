//! Small pieces of presentation that several pages share: instants, histories, pagers.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::i18n::Tr;
use crate::services::directory::HistoryEntry;

/// An instant to the minute, in UTC: `2026-11-29 09:00 UTC`.
pub fn minute(at: OffsetDateTime) -> String {
    let text = at.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_default();
    format!("{} UTC", text.chars().take(16).collect::<String>().replace('T', " "))
}

/// A day: `2026-11-29`.
pub fn day(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC).date().to_string()
}

/// One line of an object's history as a page shows it.
pub struct HistoryRow {
    pub at: String,
    pub who: String,
    pub what: String,
}

impl HistoryRow {
    /// `audit-<action with dots as dashes>` names the action; unknown actions show their code.
    pub fn rows(tr: &Tr, entries: Vec<HistoryEntry>) -> Vec<Self> {
        entries
            .into_iter()
            .map(|entry| Self {
                at: minute(entry.at),
                who: entry.who.unwrap_or_else(|| tr.label("audit-actor", &entry.actor_label)),
                what: tr.label("audit", &entry.action.replace('.', "-")),
            })
            .collect()
    }
}

/// Links to the neighbouring pages of a paged list.
pub struct Pager {
    /// Whether there is more than one page (otherwise nothing is shown).
    pub several: bool,
    /// "Page 2 of 5".
    pub position: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `link(n)` is the address of page `n`.
    pub fn new(tr: &Tr, page: u32, total: u64, size: u32, link: impl Fn(u32) -> String) -> Self {
        let pages = u32::try_from(total.div_ceil(u64::from(size))).unwrap_or(u32::MAX).max(1);
        let page = page.clamp(1, pages);
        Self {
            several: pages > 1,
            position: tr.with(
                "pager-position",
                &[("page", page.to_string()), ("pages", pages.to_string())],
            ),
            previous: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}
