//! Problems found in the station's files, reported the way compilers do:
//! `FILE:LINE:COL: error: what is wrong — what to do`.
//!
//! Every check (settings, schedules, audio) produces `Diagnostic`s instead of
//! printing, so the same findings feed `check`, the daemon's log and tests.

use crate::{Arg, Msg};

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
    pub message: Msg,
    /// What to do about it (may be empty).
    pub hint: Msg,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Pos, message: Msg, hint: Msg) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            severity: Severity::Error,
            message,
            hint,
        }
    }

    pub fn warning(file: &str, pos: Pos, message: Msg, hint: Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message, hint)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// `FILE:LINE:COL: error: what is wrong — what to do`, on one line
    /// whatever a file put into the message (a key with a newline in it, a
    /// control character), so FILE:LINE:COL stays parseable. The words come
    /// from `render`: the binary's, in the language of the moment.
    pub fn display_with(&self, render: &dyn Fn(&Msg) -> String) -> String {
        let sev = render(&match self.severity {
            Severity::Error => msg!("diag-error"),
            Severity::Warning => msg!("diag-warning"),
        });
        let file = one_line(&self.file);
        let message = render(&self.message);
        let message = one_line(&message);
        let mut out = if self.line > 0 {
            format!("{file}:{}:{}: {sev}: {message}", self.line, self.col)
        } else {
            format!("{file}: {sev}: {message}")
        };
        let hint = render(&self.hint);
        if !hint.is_empty() {
            out.push_str(" — ");
            out.push_str(&one_line(&hint));
        }
        out
    }
}

/// English, for the tests of this crate (the binary renders in the
/// station's language).
#[cfg(test)]
#[allow(clippy::disallowed_methods)]
pub(crate) fn english(m: &Msg) -> String {
    loaxa_i18n::render_in(loaxa_i18n::Lang::En, m)
}

/// What is wrong with a value and what to do about it, as the readers of
/// dates, times and durations say it; the caller puts it in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub what: Msg,
    pub hint: Msg,
}

impl Problem {
    pub fn new(what: Msg, hint: Msg) -> Problem {
        Problem { what, hint }
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
pub fn in_slot(slot: impl Into<Arg>, message: Msg) -> Msg {
    msg!("sched-in-slot", label = slot.into(), message = message)
}

/// `"field": what is wrong` (a field of a schedule, a file of a program).
pub fn in_field(field: &str, what: Msg) -> Msg {
    msg!("field-said", field = field, message = what)
}

/// "did you mean `x`?" or a list of what is allowed.
pub fn suggest(word: &str, candidates: &[&str]) -> Msg {
    match did_you_mean(word, candidates) {
        Some(c) => msg!("diag-did-you-mean", word = c),
        None => msg!(
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
    fn a_diagnostic_is_one_line_whatever_the_file_put_in_it() {
        let d = Diagnostic::error(
            "s.json",
            Pos { line: 2, col: 3 },
            Msg::verbatim("key \"\nx\u{1b}[31m\""),
            Msg::verbatim("hint\r"),
        );
        let line = d.display_with(&english);
        assert!(
            !line.contains('\n') && !line.contains('\r') && !line.contains('\u{1b}'),
            "{line:?}"
        );
        assert!(
            line.starts_with("s.json:2:3: error: key \"\\nx\\u{1b}[31m\""),
            "{line}"
        );
    }

    #[test]
    fn display_has_place_and_hint() {
        let d = Diagnostic::error(
            "schedules/a.json",
            Pos { line: 3, col: 7 },
            Msg::verbatim("bad"),
            Msg::verbatim("fix it"),
        );
        assert_eq!(
            d.display_with(&english),
            "schedules/a.json:3:7: error: bad — fix it"
        );
        let d = Diagnostic::warning("x.json", Pos::FILE, Msg::verbatim("meh"), Msg::none());
        assert_eq!(d.display_with(&english), "x.json: warning: meh");
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
}
