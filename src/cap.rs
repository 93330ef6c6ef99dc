//! CAP emergency alerts on the station's side (the rules are the core's
//! `loaxa_core::cap`): which files are alerts, reading one, what the
//! station remembers of the alerts it met (`data/cap-seen.json`: the core's
//! `Seen` and the repeats still due, so a restart neither airs a warning
//! twice nor forgets its repeats), and the recordings alerts carry inside
//! them, kept in `data/cap/` by their SHA-256.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use loaxa_core::cap::{self, Alert, AlertKey, Seen};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;
use crate::schedule::Priority;

/// What the station remembers of alerts, in the data folder.
pub(crate) const STATE_FILE: &str = "cap-seen.json";

/// Recordings embedded in alerts, in the data folder.
pub(crate) const AUDIO_DIR: &str = "cap";

/// Alerts met longer ago than this, with nothing left to air, are
/// forgotten (a sender does not reuse an identifier within months).
const FORGET_AFTER: chrono::Duration = chrono::Duration::days(90);

/// The extensions of alert files in `audio/khan-cap/`.
const ALERT_EXTENSIONS: &[&str] = &["xml", "cap"];

/// Whether a file (by its name) is a CAP alert rather than a recording.
pub(crate) fn is_alert_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') {
        return false;
    }
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| ALERT_EXTENSIONS.contains(&e.as_str()))
}

/// The bytes of an alert file: a regular file of at most
/// [`cap::MAX_ALERT_BYTES`]; or why it cannot be read.
pub(crate) fn read_alert(path: &Path) -> Result<Vec<u8>, Msg> {
    let file = path.display().to_string();
    crate::airlog::read_regular(path, cap::MAX_ALERT_BYTES as u64).map_err(|e| {
        // Said in the alert's own terms (not the log's), naming it; the
        // service's own user is the likely cause only of a refusal.
        let detail = match std::fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => t!("file-is-folder"),
            Ok(m) if !m.is_file() && !m.file_type().is_symlink() => t!("cap-not-a-file"),
            _ => e.to_string(),
        };
        match e.kind() {
            std::io::ErrorKind::PermissionDenied => {
                msg!("cap-unreadable-denied", file = file, detail = detail)
            }
            _ => msg!("cap-unreadable", file = file, detail = detail),
        }
    })
}

/// A recording sent with an alert by `loaxa alert`: the name the alert
/// gives it, and its bytes (base64).
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Attached {
    pub(crate) name: String,
    pub(crate) data: String,
}

/// The recordings sent with one alert, together: two minutes of WAV is
/// about 23 MB.
pub(crate) const MAX_BESIDE_BYTES: u64 = 64 * 1024 * 1024;

/// An alert to read: a file in `audio/khan-cap/` (read here), or one sent
/// by `loaxa alert`, which read it as the operator (under systemd the
/// daemon cannot see `/home` or `/tmp`) with the recordings it names.
#[derive(Debug)]
pub struct AlertSource {
    /// Where it is, as the log names it.
    pub(crate) path: PathBuf,
    given: Option<Given>,
}

#[derive(Debug)]
struct Given {
    bytes: Vec<u8>,
    /// The recordings beside it: (name, bytes).
    beside: Vec<(String, Vec<u8>)>,
}

impl AlertSource {
    /// A file the daemon reads itself.
    pub(crate) fn file(path: PathBuf) -> AlertSource {
        AlertSource { path, given: None }
    }

    /// What `loaxa alert` sent (base64); without content, the file is read
    /// here. Or what is wrong with the request, said.
    pub(crate) fn given(
        path: PathBuf,
        content: Option<String>,
        beside: Vec<Attached>,
    ) -> Result<AlertSource, String> {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD;
        let bad = |e: base64::DecodeError| t!("ctl-bad-request", detail = e.to_string());
        let Some(content) = content else {
            return Ok(AlertSource::file(path));
        };
        let bytes = b64.decode(content).map_err(bad)?;
        let beside = beside
            .into_iter()
            .map(|a| Ok((a.name, b64.decode(a.data).map_err(bad)?)))
            .collect::<Result<_, String>>()?;
        Ok(AlertSource {
            path,
            given: Some(Given { bytes, beside }),
        })
    }

    /// The alert's bytes: a regular file of at most
    /// [`cap::MAX_ALERT_BYTES`]; or why they cannot be had.
    pub(crate) fn bytes(&self) -> Result<Vec<u8>, Msg> {
        match &self.given {
            None => read_alert(&self.path),
            Some(g) if g.bytes.len() > cap::MAX_ALERT_BYTES => Err(msg!(
                "cap-unreadable",
                file = self.path.display().to_string(),
                detail = t!("file-too-large", mib = cap::MAX_ALERT_BYTES / (1024 * 1024))
            )),
            Some(g) => Ok(g.bytes.clone()),
        }
    }

    /// Whether the recordings beside it came with it (and are not to be
    /// looked for in its folder).
    pub(crate) fn sent(&self) -> bool {
        self.given.is_some()
    }

    /// A recording sent with it, by its name in either Unicode form.
    pub(crate) fn recording(&self, name: &str) -> Option<&[u8]> {
        let wanted = crate::library::name_key(name);
        self.given
            .as_ref()?
            .beside
            .iter()
            .find(|(n, _)| crate::library::name_key(n) == wanted)
            .map(|(_, b)| b.as_slice())
    }
}

/// The recordings named (by a bare `<uri>`) by the alert files in `dir`:
/// they air with their alert, not on their own. Names in one form
/// (`library::name_key`), so a decomposed name still matches.
pub(crate) fn named_recordings(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| is_alert_file(p))
        .flat_map(|p| names_in(&p))
        .collect()
}

/// The recordings one alert file names by a bare `<uri>` (none when it
/// cannot be read as an alert), as `library::name_key` writes names.
pub(crate) fn names_in(alert_file: &Path) -> Vec<String> {
    let Ok(alert) = read_alert(alert_file).and_then(|b| cap::parse(&b).map_err(|e| e.what)) else {
        return Vec::new();
    };
    alert
        .info
        .iter()
        .flat_map(|i| &i.resources)
        .filter_map(|r| r.uri.as_deref().and_then(|u| cap::beside(u).ok()))
        .map(|name| crate::library::name_key(&name))
        .collect()
}

/// The warnings of an alert that are still to air, as the daemon keeps
/// them between airings (and across restarts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Warning {
    pub(crate) key: AlertKey,
    /// The file that airs: in `audio/khan-cap/`, beside the alert, in
    /// `data/cap/` (embedded) or `data/speech/` (read out).
    pub(crate) audio: PathBuf,
    /// As the airing log names it (relative to the station folder).
    pub(crate) file: String,
    pub(crate) title: String,
    /// For speech: SHA-256 of the text as the alert writes it, the engine
    /// and the voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) speech: Option<(String, String, String)>,
    /// "khẩn cấp" or "ưu tiên".
    pub(crate) priority: String,
    /// Seconds: the longest one airing, and the pause between airings.
    pub(crate) max_duration: u32,
    pub(crate) gap: u32,
    /// No repeat after this.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "as_text")]
    pub(crate) expires: Option<DateTime<FixedOffset>>,
    /// Airings still to come (after the one on air, if one is).
    pub(crate) left: u32,
    /// When the next one airs; none while one is on air (the gap counts
    /// from its end).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "as_text")]
    pub(crate) due: Option<DateTime<Utc>>,
    /// The program on air now (this run's number).
    #[serde(skip)]
    pub(crate) program: Option<u64>,
    /// What decoding the file found, once it has aired in this run: a
    /// repeat goes to air without decoding it whole again.
    #[serde(skip)]
    pub(crate) facts: Option<crate::library::Facts>,
}

impl Warning {
    pub(crate) fn priority(&self) -> Priority {
        Priority::parse(&self.priority).unwrap_or(Priority::Emergency)
    }

    /// Whether it is still valid at `at`.
    pub(crate) fn valid_at(&self, at: DateTime<Utc>) -> bool {
        self.expires.is_none_or(|e| at < e.with_timezone(&Utc))
    }
}

/// What the station remembers of alerts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CapState {
    pub(crate) seen: Seen,
    #[serde(default)]
    pub(crate) warnings: Vec<Warning>,
}

impl CapState {
    /// What `data/cap-seen.json` holds; nothing when it is missing, and
    /// nothing (said in the journal) when it cannot be read: an alert may
    /// then air again, which is better than a warning that never airs.
    pub(crate) fn open(data_dir: &Path) -> CapState {
        let path = data_dir.join(STATE_FILE);
        let bytes = match crate::airlog::read_regular(&path, 16 * 1024 * 1024) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return CapState::default(),
            Err(e) => {
                let shown = path.display().to_string();
                tracing::warn!(
                    "{}",
                    t!(
                        "cap-state-unreadable",
                        path = shown,
                        detail = crate::i18n::os_detail(&e)
                    )
                );
                return CapState::default();
            }
        };
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            let shown = path.display().to_string();
            tracing::warn!(
                "{}",
                t!("cap-state-unreadable", path = shown, detail = e.to_string())
            );
            CapState::default()
        })
    }

    /// What `data/cap-seen.json` holds, for a look (`loaxa status` without
    /// a daemon): nothing, silently, when it cannot be read.
    pub(crate) fn peek(data_dir: &Path) -> CapState {
        crate::airlog::read_regular(&data_dir.join(STATE_FILE), 16 * 1024 * 1024)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes it (atomically), forgetting alerts long done.
    pub(crate) fn save(&mut self, data_dir: &Path, now: DateTime<Utc>) {
        self.seen.forget_before(now - FORGET_AFTER);
        let path = data_dir.join(STATE_FILE);
        let written = std::fs::create_dir_all(data_dir)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                crate::outfile::replace(&path, |w| serde_json::to_writer_pretty(w, &*self))
                    .map_err(|e| e.to_string())?
                    .map_err(|e| e.to_string())
            });
        if let Err(detail) = written {
            let shown = path.display().to_string();
            tracing::error!(
                "{}",
                t!("cap-state-unwritten", path = shown, detail = detail)
            );
        }
    }

    /// The repeats of these alerts still to come, taken out.
    pub(crate) fn take_warnings(&mut self, keys: &[AlertKey]) -> Vec<Warning> {
        let (taken, kept) = std::mem::take(&mut self.warnings)
            .into_iter()
            .partition(|w| keys.contains(&w.key));
        self.warnings = kept;
        taken
    }
}

/// The extension a recording of this MIME type is kept under (the decoder
/// goes by its content; the extension helps people and the probe).
fn extension_of(mime: &str) -> &'static str {
    let mime = mime.trim().to_ascii_lowercase();
    let sub = mime.split(';').next().unwrap_or("").trim();
    match sub {
        "audio/mpeg" | "audio/mp3" | "audio/mpeg3" | "audio/x-mpeg" => "mp3",
        "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => "wav",
        "audio/ogg" | "audio/vorbis" | "audio/opus" => "ogg",
        "audio/flac" | "audio/x-flac" => "flac",
        "audio/mp4" | "audio/aac" | "audio/x-m4a" | "audio/m4a" => "m4a",
        _ => "bin",
    }
}

/// The extension a recording named `name` is kept under.
fn extension_of_name(name: &str) -> &'static str {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    [
        "mp3", "wav", "ogg", "oga", "opus", "flac", "m4a", "aac", "mp4",
    ]
    .into_iter()
    .find(|known| *known == ext)
    .unwrap_or("bin")
}

/// Keeps a recording embedded in an alert as `data/cap/<sha256>.<ext>`
/// (once: the same recording is not written again) and returns its path.
pub(crate) fn keep_embedded(data_dir: &Path, bytes: &[u8], mime: &str) -> Result<PathBuf, Msg> {
    keep(data_dir, bytes, extension_of(mime))
}

/// Keeps a recording sent with an alert by `loaxa alert`, as an embedded
/// one (the daemon may not be able to read where it came from again).
pub(crate) fn keep_sent(data_dir: &Path, bytes: &[u8], name: &str) -> Result<PathBuf, Msg> {
    keep(data_dir, bytes, extension_of_name(name))
}

fn keep(data_dir: &Path, bytes: &[u8], ext: &str) -> Result<PathBuf, Msg> {
    let dir = data_dir.join(AUDIO_DIR);
    let fail = |e: String| {
        msg!(
            "cap-embedded-unwritten",
            path = dir.display().to_string(),
            detail = e
        )
    };
    std::fs::create_dir_all(&dir).map_err(|e| fail(e.to_string()))?;
    let name = format!("{}.{ext}", crate::airlog::hash_hex(bytes));
    let path = dir.join(name);
    let same = std::fs::read(&path).is_ok_and(|old| old == bytes);
    if !same {
        crate::outfile::replace(&path, |w| w.write_all(bytes))
            .map_err(|e| fail(e.to_string()))?
            .map_err(|e| fail(e.to_string()))?;
    }
    Ok(path)
}

/// How the airing log describes an alert (from its `<info>` in the
/// station's languages).
pub(crate) fn describe(alert: &Alert, languages: &[String]) -> crate::airlog::AlertInfo {
    let info = alert.info_in(languages);
    crate::airlog::AlertInfo {
        identifier: Some(alert.identifier.clone()),
        sender: Some(alert.sender.clone()),
        sent: Some(alert.sent.to_rfc3339()),
        status: Some(alert.status.as_str().to_string()),
        msg_type: Some(alert.msg_type.as_str().to_string()),
        severity: info.map(|i| i.severity.as_str().to_string()),
        event: info.map(|i| i.event.clone()),
        ..Default::default()
    }
}

/// Times in the state file as RFC 3339 text (chrono's serde feature is
/// not on in this crate).
mod as_text {
    use chrono::{DateTime, FixedOffset, TimeZone};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer, Z: TimeZone>(
        t: &Option<DateTime<Z>>,
        s: S,
    ) -> Result<S::Ok, S::Error>
    where
        Z::Offset: std::fmt::Display,
    {
        match t {
            Some(t) => s.serialize_some(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>, Z: FromFixed>(
        d: D,
    ) -> Result<Option<DateTime<Z>>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| {
            DateTime::parse_from_rfc3339(&t)
                .map(Z::from_fixed)
                .map_err(serde::de::Error::custom)
        })
        .transpose()
    }

    /// The time zones kept: the alert's own offset, and UTC.
    pub(super) trait FromFixed: TimeZone + Sized {
        fn from_fixed(t: DateTime<FixedOffset>) -> DateTime<Self>;
    }

    impl FromFixed for FixedOffset {
        fn from_fixed(t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
            t
        }
    }

    impl FromFixed for chrono::Utc {
        fn from_fixed(t: DateTime<FixedOffset>) -> DateTime<chrono::Utc> {
            t.with_timezone(&chrono::Utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_files_are_told_from_recordings_by_their_extension() {
        for (name, alert) in [
            ("khan-cap/bao-so-5.xml", true),
            ("khan-cap/BAO.XML", true),
            ("khan-cap/lu.cap", true),
            ("khan-cap/bao.mp3", false),
            ("khan-cap/.bao.xml", false),
            ("khan-cap/bao.xml.part", false),
            ("khan-cap/xml", false),
        ] {
            assert_eq!(is_alert_file(Path::new(name)), alert, "{name}");
        }
    }

    #[test]
    fn embedded_recordings_are_kept_once_by_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let a = keep_embedded(dir.path(), b"ID3 tieng", "audio/mpeg").unwrap();
        assert!(a.starts_with(dir.path().join("cap")));
        assert!(a.to_string_lossy().ends_with(".mp3"));
        assert_eq!(std::fs::read(&a).unwrap(), b"ID3 tieng");
        let again = keep_embedded(dir.path(), b"ID3 tieng", "audio/mpeg").unwrap();
        assert_eq!(a, again);
        let wav = keep_embedded(dir.path(), b"RIFF", "Audio/X-WAV; codecs=1").unwrap();
        assert!(wav.to_string_lossy().ends_with(".wav"));
        assert!(
            keep_embedded(dir.path(), b"x", "audio/x-strange")
                .unwrap()
                .to_string_lossy()
                .ends_with(".bin")
        );
    }

    #[test]
    fn the_state_is_kept_across_restarts_and_a_damaged_one_is_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(CapState::open(dir.path()), CapState::default());
        let now = Utc::now();
        let key = AlertKey {
            sender: "pctt@bentre.gov.vn".into(),
            identifier: "BT-1".into(),
        };
        let mut st = CapState::default();
        st.seen.record_airing(&key, now, 1);
        st.warnings.push(Warning {
            key: key.clone(),
            audio: dir.path().join("a.wav"),
            file: "data/speech/a.wav".into(),
            title: "Bão số 5".into(),
            speech: Some(("abc".into(), "espeak-ng".into(), "vi".into())),
            priority: "khẩn cấp".into(),
            max_duration: 120,
            gap: 60,
            expires: None,
            left: 1,
            due: Some(now),
            program: Some(7),
            facts: None,
        });
        st.save(dir.path(), now);
        let back = CapState::open(dir.path());
        assert!(back.seen.already_aired(&key));
        assert_eq!(back.warnings.len(), 1);
        // Which program was on air belongs to the run that aired it.
        assert_eq!(back.warnings[0].program, None);
        assert_eq!(back.warnings[0].priority(), Priority::Emergency);
        std::fs::write(dir.path().join(STATE_FILE), "{ torn").unwrap();
        assert_eq!(CapState::open(dir.path()), CapState::default());
    }
}
