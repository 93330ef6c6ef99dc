//! Emergency warnings from OASIS CAP 1.2 alerts (issue 15): a storm, flood
//! or fire warning from the province's disaster office (Ban chỉ huy PCTT),
//! dropped in `audio/khan-cap/` or given to `loaxa alert FILE`.
//!
//! Three pure steps, no I/O and no clock (the binary reads the file, knows
//! the time, persists [`Seen`] and carries the verdict out):
//!
//! 1. [`parse`]: the file's bytes → an [`Alert`], or a [`CapError`] at its
//!    line and column saying what is wrong and what to do.
//! 2. [`CapSettings`]: the station's `[cap]` table of loaxa.toml.
//! 3. [`judge`]: an alert, the settings, now and what was aired → a
//!    [`Verdict`]: air it (how urgently, which audio, how often), cancel
//!    pending repeats, or ignore it, with a typed reason.
//!
//! Limits (hostile or broken files are refused, never read without bound):
//! [`MAX_ALERT_BYTES`] for the whole file, [`MAX_RESOURCE_BYTES`] for an
//! embedded recording, [`MAX_DEPTH`] nesting and [`MAX_ELEMENTS`] elements,
//! [`MAX_REFERENCES`] references, identifiers of [`MAX_NAME_CHARS`]; no
//! `<!DOCTYPE>` (so no entity can be defined, let alone expand), UTF-8
//! only, no control character (it would reach the operator's terminal).

mod judge;
mod read;
mod seen;
mod settings;
mod xml;

#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub use judge::{Airing, Audio, AudioRefused, Ignored, Verdict, beside, judge};
pub use read::{CapError, parse};
pub use seen::Seen;
pub use settings::CapSettings;

/// The namespace of a CAP 1.2 alert.
pub const CAP_1_2: &str = "urn:oasis:names:tc:emergency:cap:1.2";

/// The largest alert file read: room for one embedded recording of
/// [`MAX_RESOURCE_BYTES`] in base64 (4 characters per 3 bytes, with line
/// breaks) and the text around it. A text-only alert is a few kilobytes.
/// The binary should refuse a larger file before reading it.
pub const MAX_ALERT_BYTES: usize = 32 * 1024 * 1024;

/// The largest embedded recording (`<derefUri>`, decoded): 20 MB, about
/// 2 minutes of CD-quality WAV or 20 minutes of MP3 at 128 kbit/s. A larger
/// one is not decoded; the alert's text is read instead.
pub const MAX_RESOURCE_BYTES: usize = 20 * 1024 * 1024;

/// How deep elements may nest: a CAP alert is 4 deep
/// (alert/info/area/geocode/value); extensions get some room.
pub const MAX_DEPTH: usize = 16;

/// How many elements one file may hold (a provincial alert naming every
/// commune of a province is a few hundred).
pub const MAX_ELEMENTS: usize = 20_000;

/// The longest identifier or sender taken (real ones are a few dozen
/// characters; each is in every record and journal line about the alert).
pub const MAX_NAME_CHARS: usize = 200;

/// The most alerts one `<references>` may name: an Update or a Cancel
/// names the few it replaces, and each is remembered for weeks.
pub const MAX_REFERENCES: usize = 1000;

/// The most alerts [`Seen`] remembers (about 8 MB of the binary's state
/// file; a station meets a few a month).
pub const MAX_REMEMBERED: usize = 50_000;

/// One CAP 1.2 `<alert>`: what loaxa needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// The sender's id of this alert, unique for the sender.
    pub identifier: String,
    /// Who sent it, e.g. `pctt@bentre.gov.vn`.
    pub sender: String,
    pub sent: DateTime<FixedOffset>,
    pub status: Status,
    pub msg_type: MsgType,
    pub scope: Scope,
    /// Earlier alerts this one updates or cancels.
    pub references: Vec<Reference>,
    pub info: Vec<Info>,
}

impl Alert {
    /// The `<info>` the airing log describes an alert by: the first in a
    /// preferred language (`languages`, as `[cap]` lists them), else the
    /// first; none when the alert has no `<info>`.
    pub fn info_in(&self, languages: &[String]) -> Option<&Info> {
        languages
            .iter()
            .find_map(|lang| {
                self.info
                    .iter()
                    .find(|i| judge::language_is(&i.language, lang))
            })
            .or_else(|| self.info.first())
    }

    /// What names this alert across files and restarts.
    pub fn key(&self) -> AlertKey {
        AlertKey {
            sender: self.sender.clone(),
            identifier: self.identifier.clone(),
        }
    }
}

/// An alert's name: its sender and the sender's identifier. The same
/// identifier from two senders is two alerts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AlertKey {
    pub sender: String,
    pub identifier: String,
}

/// One `sender,identifier,sent` entry of `<references>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub sender: String,
    pub identifier: String,
    pub sent: DateTime<FixedOffset>,
}

impl Reference {
    pub fn key(&self) -> AlertKey {
        AlertKey {
            sender: self.sender.clone(),
            identifier: self.identifier.clone(),
        }
    }
}

/// One `<info>`: the warning in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// RFC 3066 language, `en-US` when the alert gives none (as CAP says).
    pub language: String,
    /// e.g. "Bão".
    pub event: String,
    pub urgency: Urgency,
    pub severity: Severity,
    pub certainty: Certainty,
    pub headline: Option<String>,
    pub description: Option<String>,
    pub instruction: Option<String>,
    pub onset: Option<DateTime<FixedOffset>>,
    pub expires: Option<DateTime<FixedOffset>>,
    pub resources: Vec<Resource>,
    pub areas: Vec<Area>,
}

/// One `<resource>`: a file that goes with the warning (a recording, a map).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub resource_desc: String,
    pub mime_type: String,
    /// Bytes, as the sender says.
    pub size: Option<u64>,
    pub uri: Option<String>,
    /// The embedded file (`<derefUri>`, base64), decoded; or why not.
    pub deref: Option<Result<Vec<u8>, DerefProblem>>,
}

impl Resource {
    /// A recording: `audio/mpeg`, `audio/x-wav`…
    pub fn is_audio(&self) -> bool {
        self.mime_type
            .trim()
            .get(..6)
            .is_some_and(|t| t.eq_ignore_ascii_case("audio/"))
    }
}

/// Why an embedded file was not decoded (the rest of the alert stands: its
/// text can still be read out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DerefProblem {
    /// Over [`MAX_RESOURCE_BYTES`] decoded (`bytes` is the decoded size, or
    /// the size its base64 would decode to).
    TooLarge { bytes: u64 },
    /// Not base64; where `<derefUri>`'s text starts.
    NotBase64 { line: usize, col: usize },
}

/// One `<area>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// e.g. "Xã Mỹ Thạnh, huyện Giồng Trôm, tỉnh Bến Tre".
    pub area_desc: String,
    pub geocodes: Vec<Geocode>,
}

/// One `<geocode>`: a code system's name and the area's code in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Geocode {
    pub value_name: String,
    pub value: String,
}

/// The closed vocabularies of CAP 1.2: the enum, the word in the file, and
/// the list of words for hints.
macro_rules! cap_words {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// The word as CAP writes it (case matters in CAP; surrounding
            /// spaces do not).
            pub fn parse(s: &str) -> Option<$name> {
                match s.trim() {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }
    };
}

cap_words!(
    /// `<status>`: only Actual warnings are real.
    Status { Actual = "Actual", Exercise = "Exercise", System = "System", Test = "Test", Draft = "Draft" }
);
cap_words!(
    /// `<msgType>`.
    MsgType { Alert = "Alert", Update = "Update", Cancel = "Cancel", Ack = "Ack", Error = "Error" }
);
cap_words!(
    /// `<scope>`.
    Scope { Public = "Public", Restricted = "Restricted", Private = "Private" }
);
cap_words!(
    /// `<urgency>`.
    Urgency { Immediate = "Immediate", Expected = "Expected", Future = "Future", Past = "Past", Unknown = "Unknown" }
);
cap_words!(
    /// `<severity>`: Extreme and Severe cut in (khẩn cấp).
    Severity { Extreme = "Extreme", Severe = "Severe", Moderate = "Moderate", Minor = "Minor", Unknown = "Unknown" }
);
cap_words!(
    /// `<certainty>` ("Very Likely", CAP 1.0's word, is read as Likely).
    Certainty { Observed = "Observed", Likely = "Likely", Possible = "Possible", Unlikely = "Unlikely", Unknown = "Unknown" }
);
