//! The drop folder as data: what is known about each recording (its
//! `Facts`), where each file stands (`State`), and how a name written in a
//! schedule finds its file. The binary's `library` keeps these up to date
//! from the disk; the rules here only read them, through a [`View`].

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::Msg;

/// What decoding a whole file found out about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub sha256: String,
    /// Seconds.
    pub duration: f64,
    pub rate: u32,
    pub channels: u16,
    pub frames: u64,
    /// Damaged packets skipped when decoding (the file still plays).
    pub damaged: u64,
    /// Integrated loudness, LUFS (EBU R128); `None` for a silent file.
    pub loudness: Option<f64>,
    /// True peak, dBTP.
    pub true_peak: Option<f64>,
    /// Silence at the start and at the end, seconds.
    pub lead_silence: f64,
    pub tail_silence: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub artist: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub genre: Option<String>,
    /// The gain that brings it to the station's loudness once the limiter
    /// has held its peaks, measured by rendering it as it airs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub levelled: Option<Levelled>,
}

/// A gain found by measuring the file as it airs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Levelled {
    /// LUFS.
    pub target: f64,
    /// dB.
    pub gain_db: f64,
}

/// What reading a text bulletin (a `.txt` of the drop folder) found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextFacts {
    /// SHA-256 of the file's bytes, hex: the evidence of what was written.
    pub sha256: String,
    /// The text, as written (without a byte-order mark).
    pub text: String,
}

/// Where a file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Checked and usable.
    Ready(Facts),
    /// A text bulletin, read and usable: it airs read aloud (`text_file`).
    Text(TextFacts),
    /// Still changing (being copied): never aired in this state.
    Arriving,
    /// Settled, not yet decoded.
    Unchecked,
    /// Cannot be aired, and why.
    Unusable(Msg),
}

impl State {
    pub fn word(&self) -> &'static str {
        match self {
            State::Ready(_) | State::Text(_) => "ready",
            State::Arriving => "arriving",
            State::Unchecked => "unchecked",
            State::Unusable(_) => "unusable",
        }
    }
}

/// One file of the drop folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Relative to `audio/`, with `/`, as on disk.
    pub rel: String,
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i128,
    pub state: State,
}

/// A file a schedule names could not be found as one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Missing,
    Ambiguous(Vec<String>),
}

impl Lookup {
    /// What to tell the operator.
    pub fn msg(&self) -> Msg {
        match self {
            Lookup::Missing => msg!("audio-missing"),
            Lookup::Ambiguous(names) => msg!("audio-ambiguous", names = names.join(", ")),
        }
    }
}

/// Names compare equal however they were typed: NFC, extension lower-case.
pub fn name_key(rel: &str) -> String {
    let nfc: String = rel.nfc().collect();
    match nfc.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}.{}", ext.to_lowercase()),
        _ => nfc,
    }
}

/// What the rules need to know of the drop folder: the binary's library
/// answers from what it has scanned and decoded.
pub trait View: Sync {
    /// The file a schedule names, however its name was typed.
    fn lookup(&self, name: &str) -> Result<&Entry, Lookup>;
    /// The ready files directly in `dir` (relative to `audio/`), by name:
    /// recordings and typed bulletins.
    fn folder(&self, dir: &str) -> Vec<&Entry>;
    /// Whether `dir` is a folder of the drop folder at all (empty or not).
    fn has_folder(&self, dir: &str) -> bool;
    /// What a sidecar `NAME.json` beside a recording says, if there is one.
    fn sidecar(&self, rel: &str) -> Sidecar;
}

/// What a sidecar `NAME.json` next to a recording may say.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub author: Option<String>,
    pub topic: Option<String>,
}
