//! The reader that walks a line once, left to right: digits go to
//! `read.rs`, written forms in the table become their words, signs and
//! dashes between numbers become "âm" and "đến", and everything else is
//! copied. Then the line is tidied (spaces, repeated marks) and closed
//! with a full stop, so the engine pauses where a person would.

use unicode_normalization::UnicodeNormalization;

use super::read::{digits_at, ends_with_words, year_after_slash};
use super::roman;
use super::rules::{MINUS, PER, PLUS, Place, RANGE, ROMAN_AFTER, RULES, Rule, SCALE_WORDS};

/// See [`super::normalize`].
pub(crate) fn normalize(text: &str) -> String {
    let text: String = text.nfc().collect();
    let mut lines = Vec::new();
    for raw in text.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let line = clean_line(raw);
        let spoken = tidy(&Line::new(&line).read());
        if spoken.chars().any(char::is_alphanumeric) {
            lines.push(close(spoken));
        }
    }
    lines.join("\n")
}

/// Odd spaces (tab, no-break: "1 500 000" typed in a word processor) and
/// control characters made plain spaces (an engine may take a NUL for the
/// end of the text and never read the rest), invisible characters and
/// marks of writing direction dropped, and a list's bullet taken off.
fn clean_line(raw: &str) -> String {
    let line: String = raw
        .chars()
        .filter(|c| {
            !matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{ad}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
        })
        .map(|c| if c.is_whitespace() || c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    for bullet in ["- ", "+ ", "* ", "• ", "– ", "— ", "· ", "•"] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start().to_string();
        }
    }
    line.to_string()
}

/// What was read last, for what may follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Text,
    /// A number, date or time: a unit, "-" (range) or "/" may follow.
    Number,
    /// A unit or a word counted ("5 người"): "/" after it is "trên".
    Unit,
    /// "/" after a unit: another unit may follow ("m3/h").
    Per,
}

/// Closing marks: a space goes after them, never before.
const CLOSING: &[char] = &[',', '.', ';', ':', '!', '?', '…', ')', ']', '}', '”', '»'];
/// Opening marks: no space after them.
const OPENING: &[char] = &['(', '[', '{', '“', '«', '"', '\''];

struct Line {
    src: Vec<char>,
    i: usize,
    out: String,
    last: Last,
    /// Words were just put out: the next letter or digit copied needs a
    /// space before it ("QL1A" → "quốc lộ một A").
    glue: bool,
}

impl Line {
    fn new(line: &str) -> Line {
        Line {
            src: line.chars().collect(),
            i: 0,
            out: String::new(),
            last: Last::Text,
            glue: false,
        }
    }

    fn read(mut self) -> String {
        while let Some(&c) = self.src.get(self.i) {
            if c.is_ascii_digit() {
                let (words, end) = digits_at(&self.src, self.i, &self.out);
                self.say(&words, Last::Number, end);
            } else if let Some((rule, len)) = self.rule_here() {
                let last = match rule.place {
                    Place::Unit | Place::AfterNumber => Last::Unit,
                    Place::Word | Place::NotInCapitals => Last::Text,
                };
                self.say(rule.spoken, last, self.i + len);
            } else if !self.sign_or_slash(c) {
                if c.is_alphabetic() {
                    self.word();
                } else {
                    self.other(c);
                }
            }
        }
        self.out
    }

    /// Puts out words read from the text up to `end`.
    fn say(&mut self, words: &str, last: Last, end: usize) {
        if self
            .out
            .chars()
            .last()
            .is_some_and(|c| !c.is_whitespace() && !OPENING.contains(&c))
        {
            self.out.push(' ');
        }
        self.out.push_str(words);
        (self.glue, self.last, self.i) = (true, last, end);
    }

    fn copy(&mut self, c: char) {
        if self.glue && (c.is_alphanumeric() || OPENING.contains(&c)) {
            self.out.push(' ');
        }
        self.glue = false;
        self.out.push(c);
    }

    fn at(&self, i: usize) -> Option<char> {
        self.src.get(i).copied()
    }

    /// The next character after `i` past at most one space.
    fn next_past_space(&self, i: usize) -> (Option<char>, usize) {
        match self.at(i) {
            Some(' ') => (self.at(i + 1), i + 1),
            c => (c, i),
        }
    }

    /// "-5" (minus), "5-7" and "5 - 7" (a range), "km/h"-like "/" after a
    /// number or unit ("trên"), and dashes and slashes between words.
    fn sign_or_slash(&mut self, c: char) -> bool {
        let i = self.i;
        let before = i.checked_sub(1).and_then(|b| self.at(b));
        let next = self.at(i + 1);
        let next_is_digit = next.is_some_and(|n| n.is_ascii_digit());
        match c {
            '-' | '–' | '−' if self.last == Last::Number => {
                let (after, at) = self.next_past_space(i + 1);
                if after.is_some_and(|n| n.is_ascii_digit()) {
                    self.say(RANGE, Last::Text, at);
                    return true;
                }
                self.dash(before, next)
            }
            '-' | '−' if next_is_digit && !before.is_some_and(char::is_alphanumeric) => {
                self.say(MINUS, Last::Text, i + 1);
                true
            }
            '-' | '–' | '—' => self.dash(before, next),
            '+' if next_is_digit && !before.is_some_and(char::is_alphanumeric) => {
                self.say(PLUS, Last::Text, i + 1);
                true
            }
            '/' if matches!(self.last, Last::Number | Last::Unit) => {
                self.say(PER, Last::Per, i + 1);
                true
            }
            '/' => {
                // "và/hoặc": a pause, not a word.
                self.copy(' ');
                self.i += 1;
                true
            }
            _ => false,
        }
    }

    /// A dash between words joins them ("Covid-19", "Bà Rịa-Vũng Tàu": a
    /// space); with spaces around it is a pause (a comma).
    fn dash(&mut self, before: Option<char>, next: Option<char>) -> bool {
        let spaced = before == Some(' ') && matches!(next, Some(' ') | None);
        self.copy(if spaced { ',' } else { ' ' });
        self.last = Last::Text;
        self.i += 1;
        true
    }

    /// A word not in the table: copied as typed (unknown capitals too), or
    /// a Roman numeral after "Quý"/"khóa" read as a number.
    fn word(&mut self) {
        let start = self.i;
        let end = self.word_end(start);
        let word: String = self.src[start..end].iter().collect();
        if let Some(n) = roman::value(&word)
            && ROMAN_AFTER.iter().any(|w| ends_with_words(&self.out, w))
        {
            let mut words = super::number::amount(&n.to_string());
            let mut end = end;
            // "Quý III/2024": the third quarter of 2024.
            if let Some((year, e)) = year_after_slash(&self.src, end) {
                words = format!("{words} {year}");
                end = e;
            }
            self.say(&words, Last::Number, end);
            return;
        }
        for c in word.chars() {
            self.copy(c);
        }
        // A word right after a number is what it counts: "5 người/hộ";
        // "triệu" in "2 triệu đồng" still belongs to the number.
        self.last = match self.last {
            Last::Number if SCALE_WORDS.contains(&word.as_str()) => Last::Number,
            Last::Number => Last::Unit,
            _ => Last::Text,
        };
        self.i = end;
    }

    fn word_end(&self, start: usize) -> usize {
        let mut end = start;
        while self
            .at(end)
            .is_some_and(|c| c.is_alphabetic() || ('\u{300}'..='\u{36f}').contains(&c))
        {
            end += 1;
        }
        end
    }

    /// Anything else: spaces keep what came before (so "5 km" is a unit);
    /// marks that only decorate are dropped.
    fn other(&mut self, c: char) {
        if !c.is_whitespace() {
            self.last = Last::Text;
        }
        let decoration = matches!(c, '*' | '_' | '~' | '`' | '|' | '^' | '#' | '=');
        self.copy(if decoration { ' ' } else { c });
        self.i += 1;
    }

    /// The longest rule whose written form starts here, as a whole word,
    /// where its [`Place`] allows.
    fn rule_here(&self) -> Option<(&'static Rule, usize)> {
        let rest = &self.src[self.i..];
        let mut best: Option<(&'static Rule, usize)> = None;
        for rule in RULES {
            let len = rule.written.chars().count();
            let matches = rest.len() >= len && rule.written.chars().zip(rest).all(|(a, b)| a == *b);
            if matches
                && best.is_none_or(|(_, l)| len > l)
                && self.whole_word(rule.written, len)
                && self.allowed(rule, len)
            {
                best = Some((rule, len));
            }
        }
        best
    }

    /// No letter glued before a form that starts with one, none after a
    /// form that ends with one (a digit may follow: "QL1A"), and no digit
    /// after a form ending in one ("m2").
    fn whole_word(&self, written: &str, len: usize) -> bool {
        let before = self.i.checked_sub(1).and_then(|b| self.at(b));
        let after = self.at(self.i + len);
        let first = written.chars().next();
        let last = written.chars().last();
        let glued_before =
            first.is_some_and(char::is_alphabetic) && before.is_some_and(char::is_alphabetic);
        let glued_after = match last {
            Some(l) if l.is_alphabetic() => after.is_some_and(char::is_alphabetic),
            Some(l) if l.is_ascii_digit() => after.is_some_and(char::is_alphanumeric),
            _ => false,
        };
        !glued_before && !glued_after
    }

    fn allowed(&self, rule: &Rule, len: usize) -> bool {
        match rule.place {
            Place::Word | Place::Unit => true,
            Place::AfterNumber => matches!(self.last, Last::Number | Last::Per),
            Place::NotInCapitals => {
                let next_word = self.src[self.i + len..]
                    .iter()
                    .skip_while(|c| !c.is_alphabetic())
                    .take_while(|c| c.is_alphabetic())
                    .collect::<String>();
                let prev_word: String = self
                    .out
                    .rsplit(char::is_whitespace)
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .collect();
                !is_capitals(&next_word) && !is_capitals(&prev_word)
            }
        }
    }
}

/// A word of two capitals or more that the table does not know: a
/// heading's word ("XÃ", "NHẠC").
fn is_capitals(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().all(|c| !c.is_lowercase())
        && !RULES.iter().any(|r| r.written == word)
}

/// Spaces: single, none before a closing mark or after an opening one, one
/// after a comma, semicolon, colon, "!" or "?" (and after a full stop before
/// a capital: "xã.Sáng" → "xã. Sáng"); "!!!" and ",," once.
fn tidy(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (k, &c) in chars.iter().enumerate() {
        let prev = out.chars().last();
        let next = chars.get(k + 1).copied();
        if c == ' ' {
            let skip = prev
                .is_none_or(|p| p == ' ' || OPENING.contains(&p) && p != '"' && p != '\'')
                || next.is_none_or(|n| n == ' ' || CLOSING.contains(&n));
            if !skip {
                out.push(' ');
            }
            continue;
        }
        if matches!(c, '!' | '?' | ',' | ';') && prev == Some(c) {
            continue;
        }
        out.push(c);
        let spaced_after = matches!(c, ',' | ';' | ':' | '!' | '?' | '…')
            && next.is_some_and(char::is_alphanumeric)
            || c == '.' && next.is_some_and(char::is_uppercase);
        if spaced_after {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// A line that ends without a mark gets a full stop: a heading or a line
/// of a list is a sentence to the engine.
fn close(mut line: String) -> String {
    if line
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ')' | ']' | '"' | '”' | '»'))
    {
        line.push('.');
    }
    line
}
