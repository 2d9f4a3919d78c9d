//! A file's name as the uploader gave it, made safe to show and to put in a download header.
//!
//! Files on a case are evidence (logs, ransom notes, malware samples); their bytes are never
//! parsed, previewed or trusted. Their names are only ever displayed: they are never a path. Still,
//! a name travels into a page and a `Content-Disposition` header, so [`FileName::clean`] keeps
//! what a person would recognise and drops what could mislead or break either:
//!
//! - the directories of a path (`../../etc/passwd` is `passwd`; `C:\evil\x.exe` is `x.exe`);
//! - control characters (NUL, CR, LF, TAB, …), which could end a header or hide a suffix;
//! - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C),
//!   which make `invoice` U+202E `fdp.exe` read as `invoiceexe.pdf`;
//! - double quotes and backslashes, which end or escape a quoted header value;
//! - leading dots and spaces (no hidden names, no `..`), and any length beyond 255 characters.
//!
//! What remains is never empty: a name with nothing left is `file`.

use std::fmt;

/// The longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 255;

/// A cleaned file name (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileName(String);

impl FileName {
    pub fn clean(raw: &str) -> Self {
        let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
        let kept: String = last
            .chars()
            .filter(|c| !c.is_control() && !is_bidi_control(*c) && !matches!(c, '"' | '\\'))
            .collect();
        let trimmed = kept.trim().trim_start_matches(['.', ' ']);
        let short: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
        let short = short.trim_end();
        if short.is_empty() { Self("file".to_owned()) } else { Self(short.to_owned()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name in printable ASCII only (others become `_`), for clients that do not read the
    /// UTF-8 form of a header parameter.
    pub fn ascii_fallback(&self) -> String {
        self.0
            .chars()
            .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
            .filter(|c| !matches!(c, '"' | '\\' | '%' | ';'))
            .collect()
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Characters that change the direction text is shown in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(raw: &str) -> String {
        FileName::clean(raw).as_str().to_owned()
    }

    #[test]
    fn a_path_keeps_only_its_last_part() {
        assert_eq!(clean("../../etc/passwd"), "passwd");
        assert_eq!(clean("..\\..\\windows\\system32\\x.dll"), "x.dll");
        assert_eq!(clean("C:\\Users\\it\\ransom-note.txt"), "ransom-note.txt");
        assert_eq!(clean(".."), "file");
        assert_eq!(clean("../"), "file");
        assert_eq!(clean(".htaccess"), "htaccess");
    }

    #[test]
    fn control_and_direction_characters_are_dropped() {
        assert_eq!(clean("report\0.exe"), "report.exe");
        assert_eq!(clean("a\r\nX-Injected: 1.txt"), "aX-Injected: 1.txt");
        assert_eq!(clean("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(clean("\u{2067}x\u{2069}.txt"), "x.txt");
    }

    #[test]
    fn quotes_cannot_end_a_header_value() {
        assert_eq!(clean("say \"hi\".txt"), "say hi.txt");
        assert_eq!(FileName::clean("résumé é.pdf").ascii_fallback(), "r_sum_ _.pdf");
        assert_eq!(FileName::clean("50%; x.pdf").ascii_fallback(), "50 x.pdf");
    }

    #[test]
    fn names_are_never_empty_nor_too_long() {
        assert_eq!(clean(""), "file");
        assert_eq!(clean("   "), "file");
        assert_eq!(clean("\0\0"), "file");
        let long = format!("{}.log", "a".repeat(400));
        assert_eq!(clean(&long).chars().count(), MAX_NAME_CHARS);
        assert_eq!(clean("日本語のログ.txt"), "日本語のログ.txt");
    }
}
