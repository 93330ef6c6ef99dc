//! Whether and how an alert airs (issue 15's rules):
//!
//! - status: Actual airs; Exercise and Test only with `exercises = true`;
//!   System and Draft never.
//! - msgType: Alert and Update air (an Update stops the pending repeats of
//!   the alerts it references, and never lets them air later, even when it
//!   does not air here itself); Cancel stops them; Ack and Error are not
//!   for air. A sender withdraws only its own alerts.
//! - an alert already aired here (same sender and identifier) does not air
//!   again; one cancelled or replaced before it arrived never airs.
//! - the `<info>`: among those whose `<area>` is the station's (a geocode
//!   value equal to one of `areas`, or an `<areaDesc>` naming one), the
//!   first in the preferred language (`languages`, "vi" by default), else
//!   the first; none → not for this station. An expired one does not air.
//! - severity Extreme or Severe → khẩn cấp (cuts in), else ưu tiên.
//! - audio: the first usable audio `<resource>` (embedded, or a file beside
//!   the alert named by a bare `<uri>`), else the text read out (headline,
//!   description, instruction).

use chrono::{DateTime, Duration, FixedOffset, Utc};
use unicode_normalization::UnicodeNormalization;

use super::settings::{MAX_DURATION, MAX_GAP, MAX_REPEAT};
use super::{
    Alert, AlertKey, CapSettings, DerefProblem, Info, MsgType, Resource, Seen, Severity, Status,
};
use crate::Msg;
use crate::bulletin::MAX_TEXT_CHARS;
use crate::schedule::Priority;

/// What to do with an alert.
#[derive(Debug, Clone, PartialEq)]
// One verdict per alert met: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Verdict {
    Air(Airing),
    /// Stop the pending repeats of these alerts (a Cancel, or an Update
    /// that does not air here).
    Cancel {
        keys: Vec<AlertKey>,
    },
    Ignore(Ignored),
}

/// A warning to air.
#[derive(Debug, Clone, PartialEq)]
pub struct Airing {
    /// The alert, for [`Seen::apply`] and the airing log.
    pub key: AlertKey,
    /// Its `<event>`, for the airing log: "Bão".
    pub event: String,
    /// The chosen `<info>`'s severity, for the airing log.
    pub severity: Severity,
    /// What the item is called: the headline, else the event.
    pub title: String,
    /// The words to read out (headline, description, instruction), also
    /// when `audio` is a recording: the binary reads them instead when the
    /// recording cannot be had (a file beside the alert that never came).
    pub text: Option<String>,
    /// Emergency (cuts in) or priority.
    pub priority: Priority,
    pub audio: Audio,
    /// Why the alert's own recording is not used, when its text is read
    /// instead.
    pub audio_refused: Option<AudioRefused>,
    /// Airings in all (at least 1).
    pub repeat: u32,
    /// Between the end of one airing and the start of the next.
    pub gap: Duration,
    /// The longest one airing may last.
    pub max_duration: Duration,
    /// Alerts it replaces (an Update): their pending repeats stop.
    pub cancels: Vec<AlertKey>,
    /// When it stops being valid: no repeat after this.
    pub expires: Option<DateTime<FixedOffset>>,
}

/// What is aired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audio {
    /// The recording embedded in the alert (decoded `<derefUri>`) and its
    /// `<mimeType>` (for the extension it is kept under).
    Embedded { bytes: Vec<u8>, mime: String },
    /// A file beside the alert file: a bare name, no folder.
    File(String),
    /// Text to read out (speech synthesis or the operator).
    Speech(String),
}

/// Why an alert is not aired. The airing log keeps [`Ignored::msg`]: the
/// code and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// System or Draft.
    NotForAir {
        status: Status,
    },
    /// Exercise or Test while `exercises` is off.
    ExercisesOff {
        status: Status,
    },
    /// Ack or Error.
    NotAWarning {
        msg_type: MsgType,
    },
    /// A Cancel whose `<references>` name no alert.
    NothingToCancel,
    /// A Cancel whose `<references>` name only itself.
    CancelsItself,
    /// A Cancel naming only other senders' alerts: a sender can withdraw
    /// only its own.
    OtherSendersAlerts {
        sender: String,
    },
    AlreadyAired {
        key: AlertKey,
    },
    /// Cancelled or replaced before it arrived.
    Withdrawn {
        key: AlertKey,
    },
    /// No `<info>` at all.
    NoInfo,
    /// The station has no `areas` in `[cap]`.
    NoStationAreas,
    /// No `<info>` names any `<area>`.
    NoArea,
    /// Its areas (the `<areaDesc>`s, joined) are not the station's.
    OtherArea {
        areas: String,
    },
    /// Its `<expires>` has passed (as written in the alert).
    Expired {
        expires: String,
    },
    /// No recording and no text.
    NothingToAir,
}

impl Ignored {
    pub fn msg(&self) -> Msg {
        match self {
            Ignored::NotForAir { status } => msg!("cap-ignored-status", status = status.as_str()),
            Ignored::ExercisesOff { status } => {
                msg!("cap-ignored-exercise", status = status.as_str())
            }
            Ignored::NotAWarning { msg_type } => {
                msg!("cap-ignored-msg-type", msg_type = msg_type.as_str())
            }
            Ignored::NothingToCancel => msg!("cap-ignored-nothing-to-cancel"),
            Ignored::CancelsItself => msg!("cap-ignored-cancels-itself"),
            Ignored::OtherSendersAlerts { sender } => {
                msg!("cap-ignored-other-sender", sender = sender.as_str())
            }
            Ignored::AlreadyAired { key } => msg!(
                "cap-ignored-aired",
                identifier = key.identifier.as_str(),
                sender = key.sender.as_str()
            ),
            Ignored::Withdrawn { key } => msg!(
                "cap-ignored-withdrawn",
                identifier = key.identifier.as_str(),
                sender = key.sender.as_str()
            ),
            Ignored::NoInfo => msg!("cap-ignored-no-info"),
            Ignored::NoStationAreas => msg!("cap-ignored-no-station-areas"),
            Ignored::NoArea => msg!("cap-ignored-no-area"),
            Ignored::OtherArea { areas } => msg!("cap-ignored-other-area", areas = areas.as_str()),
            Ignored::Expired { expires } => msg!("cap-ignored-expired", expires = expires.as_str()),
            Ignored::NothingToAir => msg!("cap-ignored-nothing-to-air"),
        }
    }
}

/// Why an audio `<resource>` is not used (its text is read instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioRefused {
    /// `http://…`, `file:…`: loaxa fetches nothing.
    Url { uri: String, scheme: String },
    /// `/srv/…`, `C:\…`.
    Absolute { uri: String },
    /// `../…`: outside the alert's folder.
    Parent { uri: String },
    /// `sub/file.mp3`: not beside the alert.
    InFolder { uri: String },
    /// Empty, `.`, or with control characters.
    BadName { uri: String },
    /// Neither `<uri>` nor `<derefUri>`.
    NoAddress,
    /// Embedded, over [`super::MAX_RESOURCE_BYTES`].
    TooLarge { bytes: u64 },
    /// Embedded, not base64.
    NotBase64 { line: usize, col: usize },
    /// Embedded, but not as long as `<size>` says: cut short or damaged.
    SizeMismatch { size: u64, decoded: u64 },
}

impl AudioRefused {
    pub fn msg(&self) -> Msg {
        match self {
            AudioRefused::Url { uri, scheme } => {
                msg!(
                    "cap-audio-url",
                    uri = uri.as_str(),
                    scheme = scheme.as_str()
                )
            }
            AudioRefused::Absolute { uri } => msg!("cap-audio-absolute", uri = uri.as_str()),
            AudioRefused::Parent { uri } => msg!("cap-audio-parent", uri = uri.as_str()),
            AudioRefused::InFolder { uri } => msg!("cap-audio-folder", uri = uri.as_str()),
            AudioRefused::BadName { uri } => msg!("cap-audio-bad-name", uri = uri.as_str()),
            AudioRefused::NoAddress => msg!("cap-audio-no-address"),
            AudioRefused::TooLarge { bytes } => msg!(
                "cap-audio-too-big",
                size = *bytes,
                limit = super::MAX_RESOURCE_BYTES / (1024 * 1024)
            ),
            AudioRefused::NotBase64 { line, col } => {
                msg!("cap-audio-not-base64", line = *line, col = *col)
            }
            AudioRefused::SizeMismatch { size, decoded } => {
                msg!("cap-audio-size", size = *size, decoded = *decoded)
            }
        }
    }
}

/// The verdict on `alert` for this station at `now`, given what it has
/// already aired.
pub fn judge(alert: &Alert, settings: &CapSettings, now: DateTime<Utc>, seen: &Seen) -> Verdict {
    match status_and_type(alert, settings) {
        Err(why) => Verdict::Ignore(why),
        Ok(MsgType::Cancel) => cancel(alert),
        Ok(msg_type) => match warning(alert, settings, now, seen) {
            Ok(airing) => Verdict::Air(airing),
            // An Update that does not air here (another area now, already
            // expired) still supersedes what it references: no more repeats.
            Err(why @ (Ignored::AlreadyAired { .. } | Ignored::Withdrawn { .. })) => {
                Verdict::Ignore(why)
            }
            Err(why) => match withdrawn_by(alert) {
                keys if msg_type == MsgType::Update && !keys.is_empty() => Verdict::Cancel { keys },
                _ => Verdict::Ignore(why),
            },
        },
    }
}

fn status_and_type(alert: &Alert, settings: &CapSettings) -> Result<MsgType, Ignored> {
    match alert.status {
        Status::Actual => {}
        Status::Exercise | Status::Test if settings.exercises => {}
        status @ (Status::Exercise | Status::Test) => return Err(Ignored::ExercisesOff { status }),
        status @ (Status::System | Status::Draft) => return Err(Ignored::NotForAir { status }),
    }
    match alert.msg_type {
        msg_type @ (MsgType::Ack | MsgType::Error) => Err(Ignored::NotAWarning { msg_type }),
        t => Ok(t),
    }
}

/// The alerts a Cancel or an Update withdraws: its references from the same
/// sender (a sender withdraws only its own alerts).
fn withdrawn_by(alert: &Alert) -> Vec<AlertKey> {
    let mut met = std::collections::HashSet::new();
    alert
        .references
        .iter()
        .filter(|r| r.sender == alert.sender && r.identifier != alert.identifier)
        .map(|r| r.key())
        .filter(|k| met.insert(k.clone()))
        .collect()
}

fn cancel(alert: &Alert) -> Verdict {
    let keys = withdrawn_by(alert);
    if !keys.is_empty() {
        return Verdict::Cancel { keys };
    }
    let own = |r: &&super::Reference| r.sender == alert.sender;
    Verdict::Ignore(if alert.references.is_empty() {
        Ignored::NothingToCancel
    } else if alert.references.iter().any(|r| own(&r)) {
        Ignored::CancelsItself
    } else {
        Ignored::OtherSendersAlerts {
            sender: alert.sender.clone(),
        }
    })
}

/// An Alert or an Update.
fn warning(
    alert: &Alert,
    settings: &CapSettings,
    now: DateTime<Utc>,
    seen: &Seen,
) -> Result<Airing, Ignored> {
    let key = alert.key();
    if seen.already_aired(&key) {
        return Err(Ignored::AlreadyAired { key });
    }
    if seen.withdrawn(&key) {
        return Err(Ignored::Withdrawn { key });
    }
    let info = choose_info(alert, settings)?;
    if let Some(expires) = info.expires.filter(|e| e.with_timezone(&Utc) <= now) {
        return Err(Ignored::Expired {
            expires: expires.to_rfc3339(),
        });
    }
    let (audio, audio_refused) = choose_audio(info);
    let max_duration = settings.max_duration.clamp(1, MAX_DURATION);
    let text = speech(info).map(|t| fit(&t, max_duration));
    let audio = match audio {
        Some(a) => a,
        None => Audio::Speech(text.clone().ok_or(Ignored::NothingToAir)?),
    };
    let priority = match info.severity {
        Severity::Extreme | Severity::Severe => Priority::Emergency,
        _ => Priority::Priority,
    };
    Ok(Airing {
        key,
        event: info.event.clone(),
        severity: info.severity,
        title: info
            .headline
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(&info.event)
            .to_string(),
        text,
        priority,
        audio,
        audio_refused,
        repeat: settings.repeat.clamp(1, MAX_REPEAT),
        gap: Duration::seconds(i64::from(settings.gap.min(MAX_GAP))),
        max_duration: Duration::seconds(i64::from(max_duration)),
        cancels: match alert.msg_type {
            MsgType::Update => withdrawn_by(alert),
            _ => Vec::new(),
        },
        expires: info.expires,
    })
}

/// The `<info>` for this station: one whose area is the station's, in the
/// preferred language if there is one.
fn choose_info<'a>(alert: &'a Alert, settings: &CapSettings) -> Result<&'a Info, Ignored> {
    if alert.info.is_empty() {
        return Err(Ignored::NoInfo);
    }
    let station = StationAreas::new(&settings.areas);
    if station.is_empty() {
        return Err(Ignored::NoStationAreas);
    }
    let ours: Vec<&Info> = alert.info.iter().filter(|i| station.covers(i)).collect();
    if ours.is_empty() {
        let mut names: Vec<&str> = Vec::new();
        for a in alert.info.iter().flat_map(|i| &i.areas) {
            if !names.contains(&a.area_desc.as_str()) {
                names.push(&a.area_desc);
            }
        }
        if names.is_empty() {
            return Err(Ignored::NoArea);
        }
        return Err(Ignored::OtherArea {
            areas: names.join("; "),
        });
    }
    let preferred = settings
        .languages
        .iter()
        .find_map(|lang| ours.iter().find(|i| language_is(&i.language, lang)));
    Ok(preferred.copied().unwrap_or(ours[0]))
}

/// "vi" takes "vi", "vi-VN", "VI-vn"; "vi-VN" takes only "vi-VN".
pub(super) fn language_is(tag: &str, wanted: &str) -> bool {
    let (tag, wanted) = (tag.trim(), wanted.trim());
    if wanted.is_empty() {
        return false;
    }
    tag.eq_ignore_ascii_case(wanted)
        || tag
            .get(..wanted.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(wanted) && tag[wanted.len()..].starts_with('-'))
}

/// The station's `areas`, ready to compare: codes as written, names in one
/// form (NFC, lower case, single spaces).
struct StationAreas {
    codes: Vec<String>,
    names: Vec<String>,
}

impl StationAreas {
    fn new(areas: &[String]) -> StationAreas {
        let codes: Vec<String> = areas
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        let names = codes.iter().map(|a| name_form(a)).collect();
        StationAreas { codes, names }
    }

    fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn covers(&self, info: &Info) -> bool {
        info.areas.iter().any(|area| {
            area.geocodes
                .iter()
                .any(|g| self.codes.iter().any(|c| *c == g.value.trim()))
                || std::iter::once(area.area_desc.as_str())
                    .chain(area.area_desc.split([',', ';']))
                    .map(name_form)
                    .any(|n| !n.is_empty() && self.names.contains(&n))
        })
    }
}

/// A place name in one form: NFC (a phone's decomposed "Mỹ" equals a typed
/// one), lower case, single spaces. Accents stay: they tell places apart.
fn name_form(s: &str) -> String {
    let lower = s.nfc().collect::<String>().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.join(" ").nfc().collect()
}

/// The first usable audio resource, or why the first audio one is not
/// usable (when none is).
fn choose_audio(info: &Info) -> (Option<Audio>, Option<AudioRefused>) {
    let mut refused = None;
    for r in info.resources.iter().filter(|r| r.is_audio()) {
        match usable(r) {
            Ok(audio) => return (Some(audio), None),
            Err(why) => {
                refused.get_or_insert(why);
            }
        }
    }
    (None, refused)
}

fn usable(r: &Resource) -> Result<Audio, AudioRefused> {
    match &r.deref {
        Some(Ok(bytes)) => {
            let decoded = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
            match r.size {
                Some(size) if size != decoded => Err(AudioRefused::SizeMismatch { size, decoded }),
                _ => Ok(Audio::Embedded {
                    bytes: bytes.clone(),
                    mime: r.mime_type.trim().to_string(),
                }),
            }
        }
        Some(Err(DerefProblem::TooLarge { bytes })) => {
            Err(AudioRefused::TooLarge { bytes: *bytes })
        }
        Some(Err(DerefProblem::NotBase64 { line, col })) => Err(AudioRefused::NotBase64 {
            line: *line,
            col: *col,
        }),
        None => match &r.uri {
            Some(uri) => beside(uri).map(Audio::File),
            None => Err(AudioRefused::NoAddress),
        },
    }
}

/// A `<uri>` naming a file beside the alert: its bare name. Everything
/// that could reach elsewhere is refused, and says why.
pub fn beside(uri: &str) -> Result<String, AudioRefused> {
    let shown = uri.trim().to_string();
    let name = percent_decoded(uri.trim()).unwrap_or_else(|| shown.clone());
    let refuse = |f: fn(String) -> AudioRefused| Err(f(shown.clone()));
    if let Some(scheme) = scheme(&name) {
        return Err(AudioRefused::Url {
            uri: shown,
            scheme: scheme.to_string(),
        });
    }
    let b = name.as_bytes();
    if name.starts_with(['/', '\\']) || (b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic())
    {
        return refuse(|uri| AudioRefused::Absolute { uri });
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        return refuse(|uri| AudioRefused::Parent { uri });
    }
    if name.contains(['/', '\\']) {
        return refuse(|uri| AudioRefused::InFolder { uri });
    }
    if name.is_empty() || name == "." || name.chars().any(char::is_control) {
        return refuse(|uri| AudioRefused::BadName { uri });
    }
    Ok(name)
}

/// `http`, `file`, `ftp`…: a URI scheme (two letters or more, so `C:` is a
/// drive, not a scheme).
fn scheme(s: &str) -> Option<&str> {
    let (scheme, _) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (scheme.len() >= 2
        && first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// `B%C3%A3o%20s%E1%BB%91%205.mp3` → "Bão số 5.mp3"; `None` when it has no
/// escapes or they are not valid UTF-8 (the name is then taken as written).
fn percent_decoded(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Characters a voice says in a second at the fastest speed a station may
/// set (450 words a minute: 7.5 Vietnamese syllables of about five
/// characters, with their spaces).
const FASTEST_CHARS_PER_SECOND: usize = 40;

/// The words to read out, cut to what can air: an airing stops at
/// `max_duration` seconds, so more text than the fastest voice says in
/// that time would never be heard, and every character costs the speech
/// engine time while the warning waits (a 20 MB `<description>` would
/// keep it busy for hours). At most [`MAX_TEXT_CHARS`] in any case, the
/// bound of every text read aloud; cut at the end of a sentence, else of
/// a word.
fn fit(text: &str, max_duration: u32) -> String {
    let limit = usize::try_from(max_duration)
        .unwrap_or(usize::MAX)
        .saturating_mul(FASTEST_CHARS_PER_SECOND)
        .min(MAX_TEXT_CHARS);
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text.to_string();
    };
    let head = &text[..end];
    let sentence = head
        .rfind(['.', '!', '?', '\n'])
        .map(|i| i + 1)
        .filter(|i| *i >= end / 2);
    let word = head.rfind(char::is_whitespace).filter(|i| *i > 0);
    head[..sentence.or(word).unwrap_or(end)]
        .trim_end()
        .to_string()
}

/// The words to read out: headline (or the event), description,
/// instruction, one paragraph each.
fn speech(info: &Info) -> Option<String> {
    let head = info.headline.as_deref().unwrap_or(&info.event);
    let parts: Vec<&str> = [
        Some(head),
        info.description.as_deref(),
        info.instruction.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|p| !p.is_empty())
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
