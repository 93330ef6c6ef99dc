//! Cutting a bulletin into sentences for piecewise synthesis.

use unicode_normalization::UnicodeNormalization;

use super::rules::RULES;

/// A piece longer than this (in characters) is cut again at its commas:
/// the first piece should be short enough to synthesise while the
/// station waits.
pub(super) const LONG_PIECE: usize = 200;

/// See [`super::sentences`].
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    let mut pieces = Vec::new();
    for line in text.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
        for sentence in split_line(line) {
            for piece in split_long(&sentence) {
                let piece = piece.split_whitespace().collect::<Vec<_>>().join(" ");
                if piece.chars().any(char::is_alphanumeric) {
                    pieces.push(piece);
                }
            }
        }
    }
    pieces
}

/// Marks that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | ';' | '…')
}

/// Cut after ". ", "! ", "? ", "; ", "…" (with any closing quote or bracket
/// after the mark), when a space or the end follows: the dots of
/// "1.500.000" and "TP.HCM" are not followed by one. A full stop that ends
/// an abbreviation of the table ("TP. Hà Nội") or a list's number at the
/// start ("1. Nội dung", "II. Kết quả") does not end the sentence.
fn split_line(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut k = 0;
    while k < chars.len() {
        if !ends_sentence(chars[k]) {
            k += 1;
            continue;
        }
        let mark = k;
        while chars
            .get(k)
            .is_some_and(|&c| ends_sentence(c) || "\"'”’)]»".contains(c))
        {
            k += 1;
        }
        let at_space = chars.get(k).is_none_or(|c| c.is_whitespace());
        let lone_dot = chars[mark] == '.' && k == mark + 1;
        if at_space && !(lone_dot && keeps_going(&chars[start..mark])) {
            pieces.push(chars[start..k].iter().collect());
            start = k;
        }
    }
    if start < chars.len() {
        pieces.push(chars[start..].iter().collect());
    }
    pieces
}

/// The text before a lone full stop: does it end with an abbreviation
/// from the table, or is it a list's number at the start of the line?
fn keeps_going(before: &[char]) -> bool {
    let text: String = before.iter().collect();
    let word = text.split_whitespace().last().unwrap_or("");
    let dotted = format!("{word}.");
    let abbreviation = RULES
        .iter()
        .any(|r| r.written.ends_with('.') && dotted.ends_with(r.written));
    let numbering = text.trim() == word
        && !word.is_empty()
        && (word.chars().all(|c| c.is_ascii_digit() || c == '.')
            || word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || word.chars().count() == 1);
    abbreviation || numbering
}

/// A piece over [`LONG_PIECE`] characters cut after commas (", ": never the
/// comma of "3,5"), each part as long as it can be within the limit. A part
/// without a comma stays whole however long.
fn split_long(piece: &str) -> Vec<String> {
    if piece.chars().count() <= LONG_PIECE {
        return vec![piece.to_string()];
    }
    let mut clauses = Vec::new();
    let mut rest = piece;
    while let Some(k) = rest.find(", ") {
        clauses.push(&rest[..k + 1]);
        rest = &rest[k + 1..];
    }
    clauses.push(rest);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for clause in clauses {
        let fits = current.chars().count() + clause.chars().count() <= LONG_PIECE;
        if !current.trim().is_empty() && !fits {
            parts.push(std::mem::take(&mut current));
        }
        current.push_str(clause);
    }
    parts.push(current);
    parts
}
