//! What a run of digits is, read where it starts: a time ("5h30",
//! "17:30"), a date ("30/4", "2/9/1945", "4/2025"), a telephone number
//! ("0912 345 678", "gọi 114"), or an amount ("1.500.000", "3,5"). Each
//! reader returns the words and where the written form ends, or `None`
//! when the text there is not its kind.

use chrono::NaiveDate;

use super::number::{MAX_AMOUNT_DIGITS, amount, fraction, spell};
use super::rules::{
    AFTER_WORD, APRIL, COUNTRY_CODE, DAY, DAY_PREFIX, DAY_PREFIX_UNTIL, DECIMAL_COMMA, DECIMAL_DOT,
    HOUR, MINUTE, MONTH, PHONE_CUES, SECOND, YEAR,
};

/// Words read, and the index just past the written form.
pub(super) type Read = (String, usize);

/// The first of the readers that recognises the text at `at`; an amount
/// always does. `before`: what was read so far on the line (the context:
/// "tháng 4", "gọi 114").
pub(super) fn digits_at(src: &[char], at: usize, before: &str) -> Read {
    time(src, at)
        .or_else(|| date(src, at, before))
        .or_else(|| phone(src, at, before))
        .unwrap_or_else(|| amount_at(src, at, before))
}

/// The run of ASCII digits at `at` and where it ends (empty when none).
fn run(src: &[char], at: usize) -> (String, usize) {
    let digits: String = src
        .iter()
        .skip(at)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let end = at + digits.len();
    (digits, end)
}

/// A short run's value (callers check the length first, so this never
/// meets more than four digits).
fn value(digits: &str) -> u32 {
    digits.parse().unwrap_or(u32::MAX)
}

fn small(n: u32) -> String {
    amount(&n.to_string())
}

/// Does what was read so far end with the words `phrase` (lower-case;
/// "Tháng" counts as "tháng", and a colon after them is ignored)?
pub(super) fn ends_with_words(before: &str, phrase: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',');
    // Only the end is compared: a long line stays one pass.
    let keep = phrase.chars().count() + 1;
    let start = trimmed
        .char_indices()
        .rev()
        .nth(keep - 1)
        .map_or(0, |(k, _)| k);
    let tail = trimmed[start..].to_lowercase();
    tail.strip_suffix(phrase)
        .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
}

/// "5h", "5h30", "7h05", "5h30'", "17:30", "17:30:15": hours to 23 (24:00
/// too), minutes and seconds to 59 with two digits. Zero minutes are not
/// said: "7h00" is "bảy giờ".
fn time(src: &[char], at: usize) -> Option<Read> {
    let (h, j) = run(src, at);
    if h.len() > 2 {
        return None;
    }
    let (m, s, end) = match src.get(j)? {
        'h' | 'H' => after_h(src, j + 1)?,
        ':' => after_colon(src, j + 1)?,
        _ => return None,
    };
    if src
        .get(end)
        .is_some_and(|c| c.is_alphanumeric() || *c == ':')
    {
        return None;
    }
    let h = value(&h);
    if m > 59 || s > 59 || h > 24 || (h == 24 && m + s > 0) {
        return None;
    }
    let mut words = format!("{} {HOUR}", small(h));
    if m > 0 {
        words = format!("{words} {} {MINUTE}", small(m));
    }
    if s > 0 {
        words = format!("{words} {} {SECOND}", small(s));
    }
    Some((words, end))
}

/// After the "h" of "5h30": nothing, or two digits of minutes and perhaps
/// a minute mark ("5h30'").
fn after_h(src: &[char], at: usize) -> Option<(u32, u32, usize)> {
    let (m, mut end) = run(src, at);
    match m.len() {
        0 => Some((0, 0, at)),
        2 => {
            // A minute mark: "5h30'", "5h30p".
            if matches!(src.get(end), Some('\'' | '’'))
                || src.get(end) == Some(&'p')
                    && !src.get(end + 1).is_some_and(|c| c.is_alphanumeric())
            {
                end += 1;
            }
            Some((value(&m), 0, end))
        }
        _ => None,
    }
}

/// After the colon of "17:30": two digits, and perhaps ":15".
fn after_colon(src: &[char], at: usize) -> Option<(u32, u32, usize)> {
    let (m, end) = run(src, at);
    if m.len() != 2 {
        return None;
    }
    if src.get(end) != Some(&':') {
        return Some((value(&m), 0, end));
    }
    let (s, end) = run(src, end + 1);
    (s.len() == 2).then(|| (value(&m), value(&s), end))
}

/// "30/4" (day and month), "2/9/1945" (a real date: not 31/4 or
/// 29/2/2023), "4/2025" (month and year). Followed by another "/" it is a
/// document's number ("15/2020/NĐ-CP"), not a date.
fn date(src: &[char], at: usize, before: &str) -> Option<Read> {
    // "29/2/2023" is not a date, and its "2/2023" is not one either.
    if at.checked_sub(1).and_then(|b| src.get(b)) == Some(&'/') {
        return None;
    }
    let (a, j) = run(src, at);
    if a.is_empty() || a.len() > 2 || src.get(j) != Some(&'/') {
        return None;
    }
    let (b, k) = run(src, j + 1);
    let slash_after = src.get(k) == Some(&'/');
    match b.len() {
        1 | 2 if slash_after => {
            let (y, end) = run(src, k + 1);
            if y.len() != 4 || src.get(end) == Some(&'/') {
                return None;
            }
            let (d, m, y) = (value(&a), value(&b), value(&y));
            NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
            let words = format!("{} {MONTH} {} {YEAR} {}", day(d), month(m), small(y));
            Some((words, end))
        }
        1 | 2 => {
            let (d, m) = (value(&a), value(&b));
            let last_day = *DAYS_IN_MONTH.get(usize::try_from(m).ok()?.checked_sub(1)?)?;
            if d == 0 || d > last_day {
                return None;
            }
            Some((format!("{} {MONTH} {}", day(d), month(m)), k))
        }
        4 if !slash_after => {
            let m = value(&a);
            if !(1..=12).contains(&m) {
                return None;
            }
            // "tháng 4/2025": the "tháng" is already said.
            let month_words = if ends_with_words(before, MONTH) {
                month(m)
            } else {
                format!("{MONTH} {}", month(m))
            };
            Some((format!("{month_words} {YEAR} {}", small(value(&b))), k))
        }
        _ => None,
    }
}

/// The most days a month can have (any year: 29/2 without a year is a date).
const DAYS_IN_MONTH: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Days 1 to 10 take "mồng": "mồng hai".
fn day(d: u32) -> String {
    if d <= DAY_PREFIX_UNTIL {
        format!("{DAY_PREFIX} {}", small(d))
    } else {
        small(d)
    }
}

fn month(m: u32) -> String {
    if m == 4 { APRIL.to_string() } else { small(m) }
}

/// "/2024" after "Quý III": the year, said "năm hai nghìn…", and its end.
pub(super) fn year_after_slash(src: &[char], at: usize) -> Option<Read> {
    if src.get(at) != Some(&'/') {
        return None;
    }
    let (y, end) = run(src, at + 1);
    (y.len() == 4 && src.get(end) != Some(&'/')).then(|| (format!("{YEAR} {}", amount(&y)), end))
}

/// A number of four or more digits starting with 0 ("0912345678",
/// "028.3822.1234"), "+84 912 345 678", or three digits or more after a
/// cue ("gọi 114", "tổng đài 1022"), read digit by digit; groups typed with
/// ".", " " or "-" get a short pause.
fn phone(src: &[char], at: usize, before: &str) -> Option<Read> {
    let (first, mut end) = run(src, at);
    let cued = PHONE_CUES.iter().any(|cue| ends_with_words(before, cue));
    let looks_like = first.starts_with('0') && first.len() >= 4;
    let abroad = at.checked_sub(1).and_then(|b| src.get(b)) == Some(&'+') && first == COUNTRY_CODE;
    if !(looks_like || abroad || (cued && first.len() >= 3)) {
        return None;
    }
    let mut total = first.len();
    let mut groups = vec![first];
    while matches!(src.get(end), Some('.' | ' ' | '-')) {
        let (group, e) = run(src, end + 1);
        if group.len() < 3 || total + group.len() > 12 {
            break;
        }
        total += group.len();
        groups.push(group);
        end = e;
    }
    let words: Vec<String> = groups.iter().map(|g| spell(g)).collect();
    Some((words.join(", "), end))
}

/// An amount: "1.500.000" or "1 500 000" (groups of three after a dot or
/// a space), "1,500,000" (with commas only when there are two groups or
/// more: "1,5" is a decimal), decimals ("3,5" "ba phẩy năm"; "2.5" typed
/// the English way "hai chấm năm"), and "tháng 4" → "tháng tư".
fn amount_at(src: &[char], at: usize, before: &str) -> Read {
    let (mut digits, mut end) = run(src, at);
    let mut grouped_by = None;
    if digits.len() <= 3
        && !digits.starts_with('0')
        && let Some((more, e, sep)) = thousands(src, end)
    {
        digits.push_str(&more);
        end = e;
        grouped_by = Some(sep);
    }
    let mut words = if digits.len() > MAX_AMOUNT_DIGITS {
        spell(&digits)
    } else {
        amount(&digits)
    };
    let decimal = if grouped_by == Some(',') { '.' } else { ',' };
    let (f, e) = match src.get(end) {
        Some(c) if *c == decimal => run(src, end + 1),
        _ => (String::new(), end),
    };
    if !f.is_empty() {
        return (format!("{words} {DECIMAL_COMMA} {}", fraction(&f)), e);
    }
    if grouped_by.is_none() {
        // "Điều 5.2", "2.5": each part after a dot.
        let mut dotted = false;
        while src.get(end) == Some(&'.') {
            let (f, e) = run(src, end + 1);
            if f.is_empty() {
                break;
            }
            words = format!("{words} {DECIMAL_DOT} {}", fraction(&f));
            (end, dotted) = (e, true);
        }
        if !dotted && let Some(w) = after_word(&digits, before) {
            words = w.to_string();
        }
        if !dotted && day_of_month(src, end, &digits, before) {
            words = format!("{DAY_PREFIX} {words}");
        }
    }
    (words, end)
}

/// The groups of three digits after the first ones of "1.500.000", their
/// end, and the separator.
fn thousands(src: &[char], at: usize) -> Option<(String, usize, char)> {
    let sep = *src.get(at)?;
    if !matches!(sep, '.' | ' ' | ',') {
        return None;
    }
    let (mut digits, mut end, mut groups) = (String::new(), at, 0);
    while src.get(end) == Some(&sep) {
        let (group, e) = run(src, end + 1);
        if group.len() != 3 {
            break;
        }
        digits.push_str(&group);
        (end, groups) = (e, groups + 1);
    }
    let needed = if sep == ',' { 2 } else { 1 };
    (groups >= needed).then_some((digits, end, sep))
}

/// "ngày 5 tháng 4": a day from 1 to 10 between "ngày" and "tháng" takes
/// "mồng" ("ngày 5 người" does not).
fn day_of_month(src: &[char], end: usize, digits: &str, before: &str) -> bool {
    let n = digits.trim_start_matches('0');
    let after: String = src
        .iter()
        .skip(end)
        .take(MONTH.chars().count() + 1)
        .collect();
    digits.len() <= 2
        && !n.is_empty()
        && value(n) <= DAY_PREFIX_UNTIL
        && ends_with_words(before, DAY)
        && after.trim_start().to_lowercase().starts_with(MONTH)
}

/// "tháng 4" → "tư", "thứ 1" → "nhất": the table's numbers read
/// differently after a word.
fn after_word(digits: &str, before: &str) -> Option<&'static str> {
    let n = digits.trim_start_matches('0');
    AFTER_WORD
        .iter()
        .find(|(word, number, _)| *number == n && ends_with_words(before, word))
        .map(|(_, _, words)| *words)
}
