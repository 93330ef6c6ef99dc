//! An alert file's bytes → [`Alert`]: UTF-8 checked, XML read into a tree
//! ([`super::xml`]), then the CAP 1.2 elements loaxa uses, each required
//! one present and each value in CAP's vocabulary, or an error at its line
//! and column.

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, FixedOffset};

use super::xml::{Bad, Element, read_tree, xml_char};
use super::{
    Alert, Area, CAP_1_2, Certainty, DerefProblem, Geocode, Info, MAX_ALERT_BYTES, MAX_NAME_CHARS,
    MAX_REFERENCES, MAX_RESOURCE_BYTES, MsgType, Reference, Resource, Scope, Severity, Status,
    Urgency,
};
use crate::Msg;
use crate::diag::{Diagnostic, LineIndex, Pos, suggest};

/// Why an alert file cannot be read: where, what is wrong, what to do.
/// Its `Display` is only the place; the binary says the words through
/// [`CapError::diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{}", .pos.line, .pos.col)]
pub struct CapError {
    /// 1-based line and column (in characters); 0:0 for the file as a whole.
    pub pos: Pos,
    pub what: Msg,
    pub hint: Msg,
}

impl CapError {
    /// The error as `check` and the daemon's log report problems:
    /// `FILE:LINE:COL: error: what is wrong — what to do`.
    pub fn diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::error(file, self.pos, self.what.clone(), self.hint.clone())
    }
}

/// Reads one CAP 1.2 alert. `bytes` is the whole file (at most
/// [`MAX_ALERT_BYTES`]); nothing is read from anywhere else.
pub fn parse(bytes: &[u8]) -> Result<Alert, CapError> {
    if bytes.len() > MAX_ALERT_BYTES {
        return Err(CapError {
            pos: Pos::FILE,
            what: msg!(
                "cap-too-big",
                size = bytes.len(),
                limit = MAX_ALERT_BYTES / (1024 * 1024)
            ),
            hint: msg!("cap-too-big-hint"),
        });
    }
    let text = utf8(bytes)?;
    let doc = Doc {
        lines: LineIndex::new(text),
    };
    let root = read_tree(text).map_err(|b| doc.error(b))?;
    doc.alert(&root).map_err(|b| doc.error(b))
}

/// The text of the file: UTF-8 (a byte-order mark is allowed), no NUL.
fn utf8(bytes: &[u8]) -> Result<&str, CapError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(CapError {
            pos: Pos::FILE,
            what: msg!("cap-utf16"),
            hint: msg!("cap-utf8-hint"),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, bad_at) = match std::str::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            (
                std::str::from_utf8(valid).unwrap_or_default(),
                Some(e.valid_up_to()),
            )
        }
    };
    // A character XML does not allow (a NUL: UTF-16 read as bytes; an
    // escape code that would rewrite the operator's terminal) is reported
    // where it is, before anything after it.
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !xml_char(*c)) {
        let what = if c == '\0' {
            msg!("cap-not-utf8", byte = "0x00")
        } else {
            msg!("cap-control-char", code = format!("U+{:04X}", u32::from(c)))
        };
        return Err(CapError {
            pos: LineIndex::new(text).pos(at),
            what,
            hint: if c == '\0' {
                msg!("cap-utf8-hint")
            } else {
                msg!("cap-control-char-hint")
            },
        });
    }
    match bad_at {
        None => Ok(text),
        Some(at) => {
            let byte = bytes.get(at).copied().unwrap_or(0);
            Err(CapError {
                pos: LineIndex::new(text).pos(at),
                what: msg!("cap-not-utf8", byte = format!("0x{byte:02X}")),
                hint: msg!("cap-utf8-hint"),
            })
        }
    }
}

/// base64 as senders write it: padded or not (line breaks are taken out first).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// At most this much of a value from the file goes into a message.
const SHOWN_CHARS: usize = 60;

fn shown(s: &str) -> String {
    let s = s.trim();
    let cut = match s.char_indices().nth(SHOWN_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    };
    // On one line, and no mark that reorders what is shown.
    cut.chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !bidi_control(*c))
        .collect()
}

/// The marks that make text run right to left or reorder it: no
/// Vietnamese text needs them, and they make a name read as another.
pub(super) fn bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// One line of text from the file: line breaks and runs of spaces made
/// one space, control characters XML lets through (DEL, C1) and marks
/// that reorder text dropped (it goes into the log and the journal, one
/// line each).
fn one_line(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words
        .join(" ")
        .chars()
        .filter(|c| !c.is_control() && !bidi_control(*c))
        .collect()
}

/// An identifier or sender names the alert in every record and journal
/// line: no line break, tab or other control character, no mark that
/// reorders text, not too long. (CAP 1.2 also bars spaces, commas, < and
/// &; a warning is not refused for those: they harm nothing here.)
fn name_ok(s: &str) -> Result<(), Msg> {
    let count = s.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(msg!(
            "cap-name-too-long",
            count = count,
            max = MAX_NAME_CHARS
        ));
    }
    match s
        .chars()
        .find(|c| c.is_control() || bidi_control(*c) || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        Some(c) => Err(msg!(
            "cap-name-char",
            code = format!("U+{:04X}", u32::from(c))
        )),
        None => Ok(()),
    }
}

/// The CAP elements of `el` named `name` (an element without a namespace
/// inside a CAP alert counts as CAP's: some senders forget the prefix).
fn children<'e>(el: &'e Element, name: &'static str) -> impl Iterator<Item = &'e Element> {
    el.children
        .iter()
        .filter(move |c| c.name == name && (c.ns == CAP_1_2 || c.ns.is_empty()))
}

fn child<'e>(el: &'e Element, name: &'static str) -> Option<&'e Element> {
    children(el, name).next()
}

struct Doc<'a> {
    lines: LineIndex<'a>,
}

impl Doc<'_> {
    fn error(&self, b: Bad) -> CapError {
        CapError {
            pos: self.lines.pos(b.at),
            what: b.what,
            hint: b.hint,
        }
    }

    fn alert(&self, root: &Element) -> Result<Alert, Bad> {
        if root.name != "alert" {
            let what = msg!("cap-not-alert", element = root.name.as_str());
            return Err(Bad::new(root.at, what, msg!("cap-root-hint")));
        }
        if root.ns != CAP_1_2 {
            let what = match root.ns.as_str() {
                "" => msg!("cap-no-namespace"),
                ns => msg!("cap-namespace", found = shown(ns)),
            };
            return Err(Bad::new(root.at, what, msg!("cap-namespace-hint")));
        }
        Ok(Alert {
            identifier: self.name(root, "identifier")?,
            sender: self.name(root, "sender")?,
            sent: self.time(root, "sent")?,
            status: self.word(root, "status", Status::parse, Status::WORDS)?,
            msg_type: self.word(root, "msgType", MsgType::parse, MsgType::WORDS)?,
            scope: self.word(root, "scope", Scope::parse, Scope::WORDS)?,
            references: match child(root, "references") {
                Some(el) => references(el)?,
                None => Vec::new(),
            },
            info: children(root, "info")
                .map(|i| self.info(i))
                .collect::<Result<_, _>>()?,
        })
    }

    fn info(&self, el: &Element) -> Result<Info, Bad> {
        Ok(Info {
            language: optional(el, "language")
                .map(|l| one_line(&l))
                .unwrap_or_else(|| "en-US".to_string()),
            event: self.line(el, "event")?,
            urgency: self.word(el, "urgency", Urgency::parse, Urgency::WORDS)?,
            severity: self.word(el, "severity", Severity::parse, Severity::WORDS)?,
            certainty: self.word(el, "certainty", certainty, Certainty::WORDS)?,
            headline: optional(el, "headline").map(|h| one_line(&h)),
            description: optional(el, "description"),
            instruction: optional(el, "instruction"),
            onset: child(el, "onset").map(time).transpose()?,
            expires: child(el, "expires").map(time).transpose()?,
            resources: children(el, "resource")
                .map(|r| self.resource(r))
                .collect::<Result<_, _>>()?,
            areas: children(el, "area")
                .map(|a| self.area(a))
                .collect::<Result<_, _>>()?,
        })
    }

    fn resource(&self, el: &Element) -> Result<Resource, Bad> {
        let size = match child(el, "size") {
            None => None,
            Some(s) => Some(s.text.trim().parse::<u64>().map_err(|_| {
                let what = msg!("cap-bad-size", value = shown(&s.text));
                Bad::new(s.text_at, what, msg!("cap-bad-size-hint"))
            })?),
        };
        Ok(Resource {
            resource_desc: self.line(el, "resourceDesc")?,
            mime_type: self.line(el, "mimeType")?,
            size,
            uri: optional(el, "uri"),
            deref: child(el, "derefUri").map(|d| self.deref(d)),
        })
    }

    /// The embedded file, decoded, unless it is too large or not base64.
    /// Its size is known before decoding: nothing over the limit is decoded.
    fn deref(&self, el: &Element) -> Result<Vec<u8>, DerefProblem> {
        let chars = el.text.bytes().filter(|b| !b.is_ascii_whitespace()).count();
        let too_large = |bytes: usize| DerefProblem::TooLarge {
            bytes: u64::try_from(bytes).unwrap_or(u64::MAX),
        };
        let estimate = chars / 4 * 3;
        if estimate > MAX_RESOURCE_BYTES {
            return Err(too_large(estimate));
        }
        let compact: Vec<u8> = el
            .text
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        let bytes = BASE64.decode(compact).map_err(|_| {
            let pos = self.lines.pos(el.text_at);
            DerefProblem::NotBase64 {
                line: pos.line,
                col: pos.col,
            }
        })?;
        if bytes.len() > MAX_RESOURCE_BYTES {
            return Err(too_large(bytes.len()));
        }
        Ok(bytes)
    }

    fn area(&self, el: &Element) -> Result<Area, Bad> {
        Ok(Area {
            area_desc: self.line(el, "areaDesc")?,
            geocodes: children(el, "geocode")
                .map(|g| {
                    Ok(Geocode {
                        value_name: self.line(g, "valueName")?,
                        value: self.line(g, "value")?,
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }

    /// A required element, present and not blank.
    fn required<'e>(&self, el: &'e Element, name: &'static str) -> Result<&'e Element, Bad> {
        let Some(c) = child(el, name) else {
            let what = msg!("cap-missing", element = name, parent = el.name.as_str());
            return Err(Bad::new(
                el.at,
                what,
                msg!("cap-missing-hint", element = name),
            ));
        };
        if c.text.trim().is_empty() {
            let what = msg!("cap-empty", element = name);
            return Err(Bad::new(c.at, what, msg!("cap-empty-hint")));
        }
        Ok(c)
    }

    /// A required element's text on one line (it is shown and logged).
    fn line(&self, el: &Element, name: &'static str) -> Result<String, Bad> {
        Ok(one_line(&self.required(el, name)?.text))
    }

    /// `<identifier>` or `<sender>`: on one line, as [`name_ok`] says.
    fn name(&self, el: &Element, name: &'static str) -> Result<String, Bad> {
        let c = self.required(el, name)?;
        let value = c.text.trim();
        name_ok(value).map_err(|what| {
            let what = msg!(
                "cap-bad-name",
                element = name,
                value = shown(value),
                why = what
            );
            Bad::new(c.text_at, what, msg!("cap-bad-name-hint"))
        })?;
        Ok(value.to_string())
    }

    /// A required word of one of CAP's vocabularies.
    fn word<T>(
        &self,
        el: &Element,
        name: &'static str,
        parse: fn(&str) -> Option<T>,
        words: &[&str],
    ) -> Result<T, Bad> {
        let c = self.required(el, name)?;
        parse(&c.text).ok_or_else(|| {
            let what = msg!("cap-bad-word", element = name, value = shown(&c.text));
            Bad::new(c.text_at, what, suggest(c.text.trim(), words))
        })
    }

    fn time(&self, el: &Element, name: &'static str) -> Result<DateTime<FixedOffset>, Bad> {
        time(self.required(el, name)?)
    }
}

/// An optional element's text, trimmed; `None` when absent or blank.
fn optional(el: &Element, name: &'static str) -> Option<String> {
    child(el, name)
        .map(|c| c.text.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// CAP's date and time: `2025-09-10T08:00:00+07:00` (RFC 3339; `-00:00`
/// and `Z` are UTC).
fn time(el: &Element) -> Result<DateTime<FixedOffset>, Bad> {
    DateTime::parse_from_rfc3339(el.text.trim()).map_err(|_| {
        let what = msg!(
            "cap-bad-time",
            element = el.name.as_str(),
            value = shown(&el.text)
        );
        Bad::new(el.text_at, what, msg!("cap-bad-time-hint"))
    })
}

/// CAP 1.0's "Very Likely" is CAP 1.2's Likely.
fn certainty(s: &str) -> Option<Certainty> {
    match s.trim() {
        "Very Likely" => Some(Certainty::Likely),
        s => Certainty::parse(s),
    }
}

/// `sender,identifier,sent sender,identifier,sent …`.
fn references(el: &Element) -> Result<Vec<Reference>, Bad> {
    let count = el.text.split_whitespace().count();
    if count > MAX_REFERENCES {
        let what = msg!(
            "cap-too-many-references",
            count = count,
            max = MAX_REFERENCES
        );
        return Err(Bad::new(el.text_at, what, msg!("cap-not-cap-hint")));
    }
    el.text
        .split_whitespace()
        .map(|entry| {
            let bad = || {
                let what = msg!("cap-bad-reference", value = shown(entry));
                Bad::new(el.text_at, what, msg!("cap-bad-reference-hint"))
            };
            let mut parts = entry.split(',');
            let (Some(sender), Some(identifier), Some(sent), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad());
            };
            if sender.is_empty()
                || identifier.is_empty()
                || name_ok(sender).is_err()
                || name_ok(identifier).is_err()
            {
                return Err(bad());
            }
            Ok(Reference {
                sender: sender.to_string(),
                identifier: identifier.to_string(),
                sent: DateTime::parse_from_rfc3339(sent).map_err(|_| bad())?,
            })
        })
        .collect()
}
