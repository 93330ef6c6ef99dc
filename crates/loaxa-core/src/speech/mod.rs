//! Spoken text: a typed Vietnamese bulletin made ready for a speech engine
//! (espeak-ng, piper), which reads letters, not what a person would say.
//! "UBND xã thông báo: từ 5-7/10, mưa 200mm" must come out as "ủy ban
//! nhân dân xã thông báo: từ năm đến mồng bảy tháng mười, mưa hai trăm mi
//! li mét"; the engines either skip such forms or spell them.
//!
//! - [`normalize`]: the text as it will be spoken.
//! - [`sentences`]: the text cut into pieces, so the first can air while
//!   the rest is synthesised.
//! - [`estimate_seconds`]: how long the text takes to say, for `check` and
//!   `plan`.
//! - [`first_words`]: a text item shown in one line.
//!
//! **The table.** What loaxa says for a written form is data, in
//! `rules.rs`: `RULES` lists each abbreviation, unit, currency and symbol
//! with its words and where it counts as one (anywhere as a whole word,
//! not inside a heading in capitals, or only after a number: "m" is metres
//! in "5m", a letter elsewhere); the constants after it are the number
//! reader's words ("mười"/"mươi", "mốt", "tư", "lăm", "linh", "nghìn",
//! "triệu", "tỷ", "mồng") and the few readings that depend on the word
//! before ("tháng 4" → "tháng tư", "gọi 114" digit by digit). The grammar
//! (which digits are a date, a time, a telephone number or an amount, and
//! how an amount is said) is in `read.rs` and `number.rs`; the walk over a
//! line in `normalize.rs`. The table tests in `tests.rs` show every rule
//! on a sentence.
//!
//! Everything is pure and total: any input gives an answer, numbers are
//! read from their digits (no integer to overflow), and the text is put
//! in Unicode NFC first, as typed text comes in both forms.

mod normalize;
mod number;
mod read;
mod roman;
mod rules;
mod split;

#[cfg(test)]
mod tests;

/// The text as a person would say it: numbers, dates, times, money,
/// units and the administration's abbreviations in words, spacing and
/// marks tidied, one line per line of the text, each ending with a mark
/// (the engine pauses there). Unknown words in capitals are left as
/// they are.
///
/// "UBND xã: 2/9, 5h30 tại KP 3" → "ủy ban nhân dân xã: mồng hai tháng
/// chín, năm giờ ba mươi phút tại khu phố ba."
pub fn normalize(text: &str) -> String {
    normalize::normalize(text)
}

/// The text cut into sentences to synthesise one by one: after ".", "!",
/// "?", ";" and "…" followed by a space, at each line's end, and a
/// sentence longer than 200 characters again at its commas. Never inside
/// "1.500.000", "30/4", "3,5" or after the "TP." of "TP. Hà Nội"; no empty
/// pieces, and none made only of marks. Works on the typed text or on
/// [`normalize`]'s.
pub fn sentences(text: &str) -> Vec<String> {
    split::sentences(text)
}

/// The speaking rate loaxa assumes when none is given: espeak-ng's default
/// speed (`-s 175`), whose "words" are syllables in Vietnamese.
pub const DEFAULT_WORDS_PER_MINUTE: u32 = 175;

/// What espeak-ng's Vietnamese voices take, in "words" of its speed
/// (`-s`, words a minute; 60 / speed seconds each): a syllable, the pause
/// at a sentence's end (".", "!", "?", ";", "…", a line's end), and the
/// shorter one at a comma or colon. Fitted to espeak-ng 1.51's readings
/// (the table in `tests.rs`): at the default 150, a syllable is 0.25 s,
/// a sentence's end 0.4 s, a comma 0.2 s.
const SYLLABLE_WORDS: f64 = 0.62;
const SENTENCE_END_WORDS: f64 = 1.0;
const COMMA_WORDS: f64 = 0.5;

/// How long the text takes to say, in seconds: an estimate to show, not
/// a measure. Vietnamese is written one syllable to a space-separated
/// word, so it counts the syllables of the [`normalize`]d text
/// ("1.500.000" is its five spoken syllables), the sentences' ends and the
/// commas and colons, each for a share of a "word" at `words_per_minute`
/// (the `[voice] speed`).
///
/// Calibrated against espeak-ng 1.51 (Debian 12), as loaxa runs it
/// (`espeak-ng --stdin -b 1 -v vi -s SPEED -w FILE`): within 20 % of the
/// WAV it writes for every text of the table in `tests.rs` (notices,
/// dates, amounts, telephone numbers, a long bulletin): at 150 words a
/// minute (loaxa's default) in its three Vietnamese voices, and at 80,
/// 300 and 450 in `vi`.
/// Piper reads at its own pace: for it this is only a guide. A rate of 0
/// means [`DEFAULT_WORDS_PER_MINUTE`] (a settings reader refuses 0; this
/// only keeps the division whole).
pub fn estimate_seconds(text: &str, words_per_minute: u32) -> f64 {
    let rate = if words_per_minute == 0 {
        DEFAULT_WORDS_PER_MINUTE
    } else {
        words_per_minute
    };
    let spoken = normalize(text);
    let syllables = spoken
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    // A long sentence is cut at a comma too: that piece's end is the
    // comma's pause, counted below, not a sentence's.
    let ends = sentences(&spoken)
        .iter()
        .filter(|p| !p.ends_with([',', ':']))
        .count();
    let commas = spoken.matches([',', ':']).count();
    let words = syllables as f64 * SYLLABLE_WORDS
        + ends as f64 * SENTENCE_END_WORDS
        + commas as f64 * COMMA_WORDS;
    words * 60.0 / f64::from(rate)
}

/// The first `n` words of the text on one line, with "…" when there is
/// more (and without the comma or colon the cut left at the end).
pub fn first_words(text: &str, n: usize) -> String {
    // Shown on a terminal: a control character (an escape code in a
    // pasted text) separates words and is not shown.
    let words: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut words = words.split_whitespace();
    let shown: Vec<&str> = words.by_ref().take(n).collect();
    let more = words.next().is_some();
    let shown = shown.join(" ");
    // A "word" can be anything typed (a run of letters with no space, a
    // pasted link): a line stays a line.
    let long = shown.chars().count() > FIRST_WORDS_MAX_CHARS;
    if !more && !long {
        return shown;
    }
    let shown: String = shown.chars().take(FIRST_WORDS_MAX_CHARS).collect();
    let shown = shown.trim_end_matches([',', ';', ':', '-', '–', ' ']);
    format!("{shown}…")
}

/// The most characters `first_words` shows.
pub const FIRST_WORDS_MAX_CHARS: usize = 80;
