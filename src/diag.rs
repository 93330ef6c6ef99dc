//! Problems found in the station's files, reported the way compilers do:
//! `FILE:LINE:COL: error: what is wrong — what to do`.
//!
//! Every check (settings, schedules, audio) produces `Diagnostic`s instead of
//! printing, so the same findings feed `check`, the daemon's log and tests.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the operator knows it (relative to the station folder when possible).
    pub file: String,
    /// 1-based line and column; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Diagnostic {
    pub fn error(
        file: &str,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            severity: Severity::Error,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn warning(
        file: &str,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message, hint)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => t!("diag-error"),
            Severity::Warning => t!("diag-warning"),
        };
        // One line, whatever a file put into the message (a key with a
        // newline in it, a control character): FILE:LINE:COL stays parseable.
        let (file, message, hint) = (
            one_line(&self.file),
            one_line(&self.message),
            one_line(&self.hint),
        );
        if self.line > 0 {
            write!(f, "{file}:{}:{}: {sev}: {message}", self.line, self.col)?;
        } else {
            write!(f, "{file}: {sev}: {message}")?;
        }
        if !hint.is_empty() {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

/// Control characters written as escapes (`\n`, `\u{1b}`), so that text
/// from a file can never break a line or drive a terminal.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                c if c.is_control() => c.escape_default().to_string(),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// A 1-based line and column (in characters, as editors count them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The whole file, no particular place.
    pub const FILE: Pos = Pos { line: 0, col: 0 };
}

/// Maps byte offsets of a text to line and column.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        // Count characters, not bytes: Vietnamese letters are 2–3 bytes in UTF-8.
        let col = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Pos {
            line: line + 1,
            col: col + 1,
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `slot "sang-t2": …` / `khung giờ "sang-t2": …`.
pub fn in_slot(slot: &str, message: String) -> String {
    t!("sched-in-slot", label = slot, message = message)
}

/// "did you mean `x`?" or a list of what is allowed.
pub fn suggest(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates) {
        Some(c) => t!("diag-did-you-mean", word = c),
        None => t!(
            "diag-allowed",
            list = candidates
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_diagnostic_is_one_line_whatever_the_file_put_in_it() {
        let d = Diagnostic::error(
            "s.json",
            Pos { line: 2, col: 3 },
            "key \"\nx\u{1b}[31m\"",
            "hint\r",
        );
        let line = d.to_string();
        assert!(
            !line.contains('\n') && !line.contains('\r') && !line.contains('\u{1b}'),
            "{line:?}"
        );
        assert!(
            line.starts_with("s.json:2:3: error: key \"\\nx\\u{1b}[31m\""),
            "{line}"
        );
    }
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "{\n  \"tiêu đề\": 1,\n  x\n}";
        let idx = LineIndex::new(text);
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.pos(x), Pos { line: 3, col: 3 });
        let one = text.find('1').unwrap();
        assert_eq!(idx.pos(one), Pos { line: 2, col: 14 });
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("dayz", &["days", "at", "cron"]), Some("days"));
        assert_eq!(
            did_you_mean("programme", &["program", "id"]),
            Some("program")
        );
        assert_eq!(did_you_mean("zzzzzz", &["days", "at"]), None);
    }

    #[test]
    fn display_has_place_and_hint() {
        let d = Diagnostic::error("schedules/a.json", Pos { line: 3, col: 7 }, "bad", "fix it");
        assert_eq!(d.to_string(), "schedules/a.json:3:7: error: bad — fix it");
        let d = Diagnostic::warning("x.json", Pos::FILE, "meh", "");
        assert_eq!(d.to_string(), "x.json: warning: meh");
    }
}
