//! The station folder: `loaxa.toml`, `schedules/`, `audio/` and the data
//! folder. This is the I/O edge that reads the operator's files and hands pure
//! values (settings, schedules, diagnostics) to the rest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::audio::OutputSpec;
use crate::diag::{Diagnostic, LineIndex, Pos, did_you_mean};
use crate::i18n::{Lang, Msg};
use crate::plan::Calendar;
use crate::schedule::{self, Level, Schedule, Skip, parse_grace};
use crate::topics::{Topic, TopicList};
use crate::voice::{Engine, MAX_SPEED, MIN_SPEED, VoiceSettings};
use loaxa_core::cap::CapSettings;

pub(crate) const SETTINGS_FILE: &str = "loaxa.toml";

/// The largest settings or schedule file read (a week's schedule is a few
/// kilobytes): anything larger is refused unread.
pub(crate) const MAX_TEXT_FILE: u64 = 4 * 1024 * 1024;

/// Where the package keeps the station.
pub(crate) const INSTALLED_DIR: &str = "/var/lib/loaxa";

/// The station's name when its settings give none.
pub(crate) const DEFAULT_STATION: &str = "Đài truyền thanh xã";
pub(crate) const AIRING_LOG_FILE: &str = "airing-log.jsonl";
pub(crate) const SIMULATION_LOG_FILE: &str = "simulation-log.jsonl";
pub(crate) const LIBRARY_CACHE_FILE: &str = "library.json";

/// `loaxa.toml` as written. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    station: Option<String>,
    /// "vi" or "en": the language of loaxa's messages and reports.
    lang: Option<String>,
    timezone: Option<String>,
    output: Option<String>,
    grace: Option<String>,
    /// Loudness, LUFS (a number), or "off".
    level: Option<toml::Value>,
    /// "events" or "poll".
    watch: Option<String>,
    #[serde(default)]
    skip: Vec<SkipFile>,
    paths: Option<PathsFile>,
    #[serde(default)]
    topics: Vec<Topic>,
    #[serde(default)]
    periods: Vec<PeriodFile>,
    voice: Option<VoiceFile>,
    /// `[cap]`: CAP emergency alerts (the core checks it).
    cap: Option<CapSettings>,
    /// `[web]`: the operator's console.
    web: Option<WebFile>,
    /// `[monitor]`: silence on air.
    monitor: Option<MonitorFile>,
    /// `[relay]`: what fills a relay's interruptions.
    relay: Option<RelayFile>,
    /// `[report]`: who the report is from and who signs it.
    report: Option<ReportFile>,
}

/// `[monitor]`: the silence monitor. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MonitorFile {
    /// dBFS (a number, e.g. -45).
    silence_db: Option<toml::Value>,
    /// `"15 s"`, `"1 phút"`, or seconds.
    silence_after: Option<toml::Value>,
    /// A command run (without a shell) when silence is found and when it ends.
    on_silence: Option<String>,
    /// `"line-in"` or `"line-in:NAME"`: the loudspeaker line, captured.
    input: Option<String>,
}

/// The silence monitor's settings, checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonitorSettings {
    pub(crate) limits: crate::audio::monitor::SilenceLimits,
    /// The program and its arguments, split on spaces (no shell).
    pub(crate) on_silence: Vec<String>,
    /// The loudspeaker line to monitor: `Some(None)` the default capture
    /// input, `Some(Some(name))` a named one.
    pub(crate) input: Option<Option<String>>,
}

/// `line-in` → the default input; `line-in:NAME` → that one.
pub(crate) fn line_in_name(s: &str) -> Option<Option<String>> {
    let s = s.trim();
    if s == "line-in" {
        return Some(None);
    }
    let name = s.strip_prefix("line-in:")?;
    (!name.is_empty() && !name.chars().any(|c| c.is_control() || c.is_whitespace()))
        .then(|| Some(name.to_string()))
}

/// `[relay]`: every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelayFile {
    /// The recording (in `audio/`) aired when a relay has no sound and
    /// its item names no fallback of its own.
    fallback: Option<String>,
    /// How long a relay may be silent before the fallback airs: "10 s".
    fallback_after: Option<toml::Value>,
}

/// Relay items' station-wide settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelaySettings {
    /// Relative to `audio/`.
    pub(crate) fallback: Option<String>,
    pub(crate) fallback_after: chrono::Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        RelaySettings {
            fallback: None,
            fallback_after: chrono::Duration::seconds(10),
        }
    }
}

/// `[report]`: the words on the printed report (`export --format xlsx`).
/// Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    /// "Mỹ Thạnh", or "phường Hòa Bình": the ỦY BAN NHÂN DÂN line.
    commune: Option<String>,
    /// The place on the date line ("Mỹ Thạnh, ngày …").
    place: Option<String>,
    /// The names under "Người lập biểu" and "Thủ trưởng đơn vị".
    preparer: Option<String>,
    head: Option<String>,
    /// In place of "Thủ trưởng đơn vị" ("Chủ tịch", "KT. Chủ tịch…").
    head_title: Option<String>,
}

/// The report's heading and signatures, as the station writes them; what
/// is not given is taken from the station's name or left for the pen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSettings {
    pub(crate) commune: Option<String>,
    pub(crate) place: Option<String>,
    pub(crate) preparer: Option<String>,
    pub(crate) head: Option<String>,
    pub(crate) head_title: Option<String>,
}

/// `[web]`: the console. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WebFile {
    enabled: Option<bool>,
    /// `"127.0.0.1:8080"`; `"0.0.0.0:8080"` for the LAN.
    listen: Option<String>,
    /// The most one upload may carry: `"200 MB"`, `"1.5 GB"`, or bytes.
    max_upload: Option<toml::Value>,
    /// The station's certificate and its key (PEM files, in the station
    /// folder or absolute): the console is then served over HTTPS.
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
}

/// The console's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSettings {
    pub(crate) enabled: bool,
    pub(crate) listen: std::net::SocketAddr,
    /// The most one upload (`POST /api/upload`) may carry, in bytes.
    pub(crate) max_upload: u64,
    /// The certificate and key files as written (relative ones are the
    /// station folder's); both or neither.
    pub(crate) tls: Option<(PathBuf, PathBuf)>,
}

/// Only the station PC itself, unless the station opens it to the LAN.
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// An upload may carry this much unless `[web] max_upload` says otherwise:
/// a two-hour MP3 at 192 kbit/s, or twenty minutes of CD-quality WAV.
pub(crate) const DEFAULT_MAX_UPLOAD: u64 = 200 * 1000 * 1000;

/// A size as people write it: `200 MB`, `200MB`, `1.5 GB`, `512 KiB`, or a
/// number of bytes. Units of 1000 (kB, MB, GB) and of 1024 (KiB, MiB,
/// GiB); none or `B`: bytes.
pub(crate) fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let unit: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "m" | "mb" => 1000 * 1000,
        "g" | "gb" => 1000 * 1000 * 1000,
        "kib" => 1024,
        "mib" => 1024 * 1024,
        "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    if let Ok(whole) = number.parse::<u64>() {
        return whole.checked_mul(unit);
    }
    // A fraction (1.5 GB): whole bytes, within what a u64 holds.
    let n: f64 = number.parse().ok().filter(|n: &f64| n.is_finite())?;
    let bytes = (n * unit as f64).floor();
    (bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            // On, for the station PC only: the operator opens the page
            // there; the LAN is the station's choice (`listen`).
            enabled: true,
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            max_upload: DEFAULT_MAX_UPLOAD,
            tls: None,
        }
    }
}

/// `[voice]`: how typed text is read aloud. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VoiceFile {
    /// "espeak-ng" (the default) or "piper".
    engine: Option<String>,
    /// espeak-ng's voice: "vi", "vi-vn-x-central", "vi-vn-x-south".
    voice: Option<String>,
    /// Words a minute (a number).
    speed: Option<toml::Value>,
    /// piper's model (.onnx), from the station folder or absolute.
    model: Option<PathBuf>,
    /// The engine's program, when not the one on PATH.
    command: Option<PathBuf>,
}

/// `[[periods]]`: a report window named by the office, e.g. CV 581's
/// `{ name = "quy-1", label = "Quý I", from = "15/12", to = "14/03" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    name: String,
    label: Option<String>,
    from: String,
    to: String,
}

/// A report window: day/month to day/month, ending in the year asked for
/// (starting the year before when it crosses New Year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NamedPeriod {
    pub(crate) name: String,
    pub(crate) label: String,
    pub(crate) from: (u32, u32),
    pub(crate) to: (u32, u32),
}

impl NamedPeriod {
    pub(crate) fn of_year(&self, year: i32) -> Option<crate::report::Period> {
        crate::report::Period::window(&self.label, self.from, self.to, year)
    }

    /// `15/12–14/03`.
    pub(crate) fn window(&self) -> String {
        let ((fd, fm), (td, tm)) = (self.from, self.to);
        format!("{fd:02}/{fm:02}–{td:02}/{tm:02}")
    }
}

/// `15/12` → (15, 12).
fn day_month(s: &str) -> Option<(u32, u32)> {
    let (d, m) = s.trim().split_once('/')?;
    let (d, m) = (d.trim().parse().ok()?, m.trim().parse().ok()?);
    // Any leap year will do to check the day exists.
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (d, m))
}

/// `"30/04"` or `{ from = "28/01/2025", to = "02/02/2025" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SkipFile {
    Day(String),
    Range { from: String, to: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathsFile {
    schedules: Option<PathBuf>,
    audio: Option<PathBuf>,
    data: Option<PathBuf>,
}

const SETTINGS_KEYS: &[&str] = &[
    "station",
    "lang",
    "timezone",
    "output",
    "grace",
    "level",
    "watch",
    "skip",
    "paths",
    "topics",
    "schedules",
    "audio",
    "data",
    "code",
    "label",
    "label_en",
    "cchc",
    "periods",
    "name",
    "from",
    "to",
    "voice",
    "engine",
    "speed",
    "model",
    "command",
    "cap",
    "areas",
    "exercises",
    "max_duration",
    "repeat",
    "gap",
    "languages",
    "web",
    "relay",
    "fallback",
    "fallback_after",
    "enabled",
    "listen",
    "monitor",
    "silence_db",
    "silence_after",
    "on_silence",
    "input",
    "report",
    "commune",
    "place",
    "preparer",
    "head",
    "head_title",
];

/// The station's settings, checked.
#[derive(Debug, Clone)]
// pub for tests/fuzz.rs (Station::settings)
pub struct Settings {
    /// e.g. "Đài truyền thanh xã Mỹ Thạnh".
    pub(crate) station: String,
    /// The language of messages and reports, when the station sets one
    /// (else the locale decides).
    pub(crate) lang: Option<Lang>,
    pub(crate) timezone: Tz,
    pub(crate) output: OutputSpec,
    pub(crate) topics: TopicList,
    /// How late a program may still start (default 5 minutes).
    pub grace: chrono::Duration,
    /// Station-wide holidays.
    pub(crate) skip: Vec<Skip>,
    /// The loudness items are brought to (default −16 LUFS).
    pub(crate) level: Level,
    /// How changes in the station folder are noticed.
    pub(crate) watch: WatchMode,
    /// Report windows named in the settings (`export --period NAME`).
    pub(crate) periods: Vec<NamedPeriod>,
    /// How typed text is read aloud (`[voice]`).
    pub voice: VoiceSettings,
    /// Which CAP alerts are the station's and how they air (`[cap]`).
    pub cap: CapSettings,
    /// The operator's console (`[web]`).
    pub web: WebSettings,
    /// Silence on air (`[monitor]`).
    pub monitor: MonitorSettings,
    /// Relay items' fallback (`[relay]`).
    pub relay: RelaySettings,
    /// The report's heading and signatures (`[report]`).
    pub report: ReportSettings,
}

/// How changes in the station folder are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WatchMode {
    /// The kernel tells (inotify): immediate, costs nothing while idle.
    Events,
    /// Look every few seconds: for network shares and other filesystems
    /// whose changes the kernel does not report.
    Poll,
}

/// The grace window when neither the slot nor the station says.
pub(crate) const DEFAULT_GRACE: chrono::Duration = chrono::Duration::minutes(5);

/// An opened station folder.
#[derive(Debug, Clone)]
// pub for tests/ and benches/plan.rs, with open, calendar, load_schedules
pub struct Station {
    pub(crate) dir: PathBuf,
    pub settings: Settings,
    pub(crate) schedules_dir: PathBuf,
    pub(crate) audio_dir: PathBuf,
    pub(crate) data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StationError {
    #[error("{}", t!("set-no-folder", folder = .0.display().to_string()))]
    NoFolder(PathBuf),
    #[error("{}", t!("set-cannot-read", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", crate::i18n::diagnostic(.0))]
    Settings(Box<Diagnostic>),
    #[error("{}", t!("set-not-a-station", folder = .0.display().to_string()))]
    NotAStation(PathBuf),
    #[error("{}", t!("set-no-station", installed = INSTALLED_DIR))]
    NoStation,
}

/// `grace: what is wrong`, as loaxa.toml names its keys.
fn in_setting(key: &str, what: Msg) -> Msg {
    msg!("setting-said", key = key, message = what)
}

/// Whether a folder is a station: it has settings or a schedules folder.
/// Anything else is refused rather than quietly made into an empty station.
pub(crate) fn is_station(dir: &Path) -> bool {
    dir.join(SETTINGS_FILE).is_file() || dir.join("schedules").is_dir()
}

/// Which station folder a command works on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Located {
    /// `--dir`, or the current folder: said by the operator.
    Here(PathBuf),
    /// `LOAXA_DIR`, or the installed station: worth saying.
    Found(PathBuf),
}

impl Located {
    pub(crate) fn dir(&self) -> &Path {
        match self {
            Located::Here(d) | Located::Found(d) => d,
        }
    }
}

/// `--dir` when given; else the current folder when it is a station; else
/// `LOAXA_DIR`; else the installed station, when there is one.
pub(crate) fn locate(
    given: Option<&Path>,
    env_dir: Option<&Path>,
) -> Result<Located, StationError> {
    if let Some(d) = given {
        return Ok(Located::Here(d.to_path_buf()));
    }
    if is_station(Path::new(".")) {
        return Ok(Located::Here(PathBuf::from(".")));
    }
    if let Some(d) = env_dir.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(Located::Found(d.to_path_buf()));
    }
    if is_station(Path::new(INSTALLED_DIR)) {
        return Ok(Located::Found(PathBuf::from(INSTALLED_DIR)));
    }
    Err(StationError::NoStation)
}

impl Station {
    /// The `lang` a station folder's loaxa.toml sets, read before anything
    /// else (the command-line help needs it); nothing if it cannot tell.
    pub(crate) fn peek_lang(dir: &Path) -> Option<Lang> {
        let bytes = crate::airlog::read_regular(&dir.join(SETTINGS_FILE), MAX_TEXT_FILE).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        Lang::from_code(table.get("lang")?.as_str()?)
    }

    /// Opens the station folder and reads its settings. A missing
    /// `loaxa.toml` means all defaults; a broken one is an error naming the
    /// place, because guessing the output or time zone would air wrongly.
    pub fn open(dir: &Path) -> Result<Station, StationError> {
        if dir.exists() && !dir.is_dir() {
            return Err(StationError::NotAStation(dir.to_path_buf()));
        }
        if !dir.is_dir() {
            return Err(StationError::NoFolder(dir.to_path_buf()));
        }
        // A folder this user may not look into is not "not a station".
        if let Err(source) = std::fs::read_dir(dir) {
            return Err(StationError::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
        if !is_station(dir) {
            return Err(StationError::NotAStation(dir.to_path_buf()));
        }
        let path = dir.join(SETTINGS_FILE);
        let text = match crate::airlog::read_regular(&path, MAX_TEXT_FILE)
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(StationError::Read { path, source }),
        };
        let shown = display_path(dir, SETTINGS_FILE);
        let (mut settings, paths) = match text {
            Some(t) => {
                parse_settings(&shown, &t).map_err(|d| StationError::Settings(Box::new(d)))?
            }
            None => parse_settings(&shown, "").map_err(|d| StationError::Settings(Box::new(d)))?,
        };
        settings.voice.resolve_in(dir);
        // `wav:thu` in loaxa.toml is the station's `thu/`, wherever loaxa
        // was started from (`--output` on the command line stays relative
        // to where it is typed).
        if let OutputSpec::Wav(p) | OutputSpec::Raw(p) = &mut settings.output
            && p.is_relative()
        {
            *p = dir.join(&*p);
        }
        // The environment overrides the file (a package or a service may
        // keep the data elsewhere), the file the defaults.
        let resolve = |var: &str, p: Option<PathBuf>, default: &str| {
            let p = std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or(p)
                .unwrap_or_else(|| PathBuf::from(default));
            if p.is_absolute() { p } else { dir.join(p) }
        };
        Ok(Station {
            dir: dir.to_path_buf(),
            schedules_dir: resolve("LOAXA_SCHEDULES_DIR", paths.schedules, "schedules"),
            audio_dir: resolve("LOAXA_AUDIO_DIR", paths.audio, "audio"),
            data_dir: resolve("LOAXA_DATA_DIR", paths.data, "data"),
            settings,
        })
    }

    /// What the planner needs besides the schedules.
    pub fn calendar(&self) -> Calendar {
        Calendar {
            tz: self.settings.timezone,
            skip: self.settings.skip.clone(),
        }
    }

    /// The drop folder as of `now`: what the cache remembers, every new or
    /// changed file decoded, the cache saved.
    pub(crate) fn library(&self, now: std::time::SystemTime) -> crate::library::Library {
        let mut lib = crate::library::Library::open(
            &self.audio_dir,
            Some(&self.library_cache_path()),
            self.settings.level,
        );
        lib.scan(now);
        lib.check_pending(now);
        lib.save();
        lib
    }

    /// Where rotating folders remember what aired last.
    pub(crate) fn rotation_path(&self) -> PathBuf {
        self.data_dir.join("rotation.json")
    }

    pub(crate) fn library_cache_path(&self) -> PathBuf {
        self.data_dir.join(LIBRARY_CACHE_FILE)
    }

    /// Where `loaxa simulate` writes: apart from the evidence.
    pub(crate) fn simulation_log_path(&self) -> PathBuf {
        self.data_dir.join(SIMULATION_LOG_FILE)
    }

    pub(crate) fn airing_log_path(&self) -> PathBuf {
        self.data_dir.join(AIRING_LOG_FILE)
    }

    /// The schedule files in the schedules folder, in name order.
    pub(crate) fn schedule_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.schedules_dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| is_schedule_file(p))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// What the schedule files and loaxa.toml hold, as one hash of their
    /// names and bytes: equal as long as no schedule was added, removed or
    /// changed, and the settings were not changed.
    pub(crate) fn schedules_fingerprint(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        // loaxa.toml too: saving it reads it again like a schedule.
        for path in std::iter::once(self.dir.join(SETTINGS_FILE)).chain(self.schedule_files()) {
            let name = path.file_name().unwrap_or_default().as_encoded_bytes();
            h.update((name.len() as u64).to_le_bytes());
            h.update(name);
            match crate::airlog::read_regular(&path, MAX_TEXT_FILE) {
                Ok(bytes) => {
                    h.update([1]);
                    h.update((bytes.len() as u64).to_le_bytes());
                    h.update(&bytes);
                }
                Err(e) => h.update(format!("\0{:?}", e.kind())),
            }
        }
        h.finalize().into()
    }

    /// Reads every `*.json` in the schedules folder, in name order. Files with
    /// errors are reported; the usable part of each file is returned.
    pub fn load_schedules(&self) -> (Vec<Arc<Schedule>>, Vec<Diagnostic>) {
        let mut schedules = Vec::new();
        let mut diags = Vec::new();
        let shown_dir = self.shown(&self.schedules_dir);
        let entries = match std::fs::read_dir(&self.schedules_dir) {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    &shown_dir,
                    Pos::FILE,
                    msg!(
                        "set-schedules-unreadable",
                        detail = crate::i18n::os_detail(&e)
                    ),
                    msg!("set-schedules-unreadable-hint"),
                ));
                return (schedules, diags);
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| is_schedule_file(p))
            .collect();
        files.sort();
        if files.is_empty() {
            diags.push(Diagnostic::warning(
                &shown_dir,
                Pos::FILE,
                msg!("set-no-schedules"),
                msg!("set-no-schedules-hint"),
            ));
        }
        for path in files {
            let shown = self.shown(&path);
            let text = match read_text(&path) {
                Ok(t) => t,
                Err((at, msg)) => {
                    diags.push(Diagnostic::error(
                        &shown,
                        at,
                        msg,
                        msg!("set-not-utf8-hint"),
                    ));
                    continue;
                }
            };
            let parsed = schedule::parse(&shown, &text, &self.settings.topics);
            diags.extend(parsed.diagnostics);
            if let Some(mut s) = parsed.schedule {
                s.name = self.relative(&path);
                schedules.push(Arc::new(s));
            }
        }
        (schedules, diags)
    }

    /// What `load_schedules` (and so `loaxa check` and the daemon) would
    /// say of these bytes as the schedule file `path`, before they are
    /// saved there (the console's editor).
    /// The file is named from the station folder (`schedules/xa.json`).
    /// The schedule as the daemon would hold it (named as it would be)
    /// when it has no error.
    pub(crate) fn check_schedule(
        &self,
        path: &Path,
        bytes: Vec<u8>,
    ) -> (Option<Schedule>, Vec<Diagnostic>) {
        let shown = self.relative(path);
        match text_of(bytes) {
            Ok(text) => {
                let parsed = schedule::parse(&shown, &text, &self.settings.topics);
                let schedule = parsed.schedule.map(|mut s| {
                    s.name = self.relative(path);
                    s
                });
                (schedule, parsed.diagnostics)
            }
            Err((at, msg)) => (
                None,
                vec![Diagnostic::error(
                    &shown,
                    at,
                    msg,
                    msg!("set-not-utf8-hint"),
                )],
            ),
        }
    }

    /// A path inside the station as people should see it: relative to the
    /// station folder, prefixed with it unless it is the current folder.
    pub(crate) fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.dir) {
            Ok(rel) => display_path(&self.dir, &rel.to_string_lossy()),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }

    /// A path relative to the station folder (for the log), or as is.
    pub(crate) fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

/// `*.json` in the schedules folder, except hidden files and the JSON
/// Schema that editors use (`*.schema.json`).
pub(crate) fn is_schedule_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".json") && !name.starts_with('.') && !name.ends_with(".schema.json")
}

fn display_path(dir: &Path, rel: &str) -> String {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        rel.to_string()
    } else {
        dir.join(rel).to_string_lossy().into_owned()
    }
}

fn read_text(path: &Path) -> Result<String, (Pos, Msg)> {
    let bytes = crate::airlog::read_regular(path, MAX_TEXT_FILE).map_err(|e| {
        (
            Pos::FILE,
            msg!("set-file-unreadable", detail = crate::i18n::os_detail(&e)),
        )
    })?;
    text_of(bytes)
}

/// A file's bytes as text: UTF-8, a byte-order mark dropped.
fn text_of(bytes: Vec<u8>) -> Result<String, (Pos, Msg)> {
    let text = String::from_utf8(bytes).map_err(|e| {
        // The place as an editor shows it: line and column of the bad byte.
        let good = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
        let at = LineIndex::new(&before).pos(before.len());
        (at, msg!("set-not-utf8"))
    })?;
    // Notepad on Windows saves a byte-order mark; JSON does not allow one.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Checks the text of `loaxa.toml`. Pure, so it can be tested on strings.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn parse_settings(shown: &str, text: &str) -> Result<(Settings, PathsFile), Diagnostic> {
    let file: SettingsFile = toml::from_str(text).map_err(|e| toml_problem(shown, text, &e))?;
    let locate = |key: &str| {
        text.find(&format!("{key} "))
            .or_else(|| text.find(&format!("{key}=")))
            .map(|o| LineIndex::new(text).pos(o))
            .unwrap_or(Pos::FILE)
    };
    let timezone = match file.timezone.as_deref() {
        None => chrono_tz::Asia::Ho_Chi_Minh,
        Some(name) => name.parse::<Tz>().map_err(|_| {
            Diagnostic::error(
                shown,
                locate("timezone"),
                msg!("set-not-timezone", name = name),
                msg!("set-not-timezone-hint"),
            )
        })?,
    };
    let output = match file.output.as_deref() {
        None => OutputSpec::Device(None),
        Some(spec) => spec.parse::<OutputSpec>().map_err(|msg| {
            // The output's words are still rendered by the audio module.
            Diagnostic::error(
                shown,
                locate("output"),
                Msg::verbatim(msg),
                Msg::verbatim(OutputSpec::hint()),
            )
        })?,
    };
    let grace = match file.grace.as_deref() {
        None => DEFAULT_GRACE,
        Some(g) => parse_grace(g).map_err(|msg| {
            Diagnostic::error(
                shown,
                locate("grace"),
                in_setting("grace", msg.what),
                msg.hint,
            )
        })?,
    };
    let level = level_setting(shown, file.level.as_ref(), &locate)?;
    let watch = match file.watch.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("events") => WatchMode::Events,
        Some("poll") => WatchMode::Poll,
        Some(other) => {
            return Err(Diagnostic::error(
                shown,
                locate("watch"),
                msg!("set-watch-bad", word = other),
                msg!("set-watch-bad-hint"),
            ));
        }
    };
    let skip = skip_setting(shown, &file.skip, &locate)?;
    let lang = match file.lang.as_deref() {
        None => None,
        Some(code) => Some(Lang::from_code(code).ok_or_else(|| {
            Diagnostic::error(
                shown,
                locate("lang"),
                msg!("set-lang-bad", word = code),
                msg!("set-lang-bad-hint"),
            )
        })?),
    };
    let periods = named_periods(shown, &file.periods, &locate);
    let voice = voice_setting(shown, text, file.voice.as_ref(), &locate)?;
    let cap = cap_setting(shown, text, file.cap.as_ref())?;
    let web = web_setting(shown, text, file.web.as_ref())?;
    let monitor = monitor_setting(shown, text, file.monitor.as_ref())?;
    let relay = relay_setting(shown, text, file.relay.as_ref())?;
    let report = report_setting(shown, text, file.report.as_ref())?;
    check_names(shown, &file, &locate)?;
    Ok((
        Settings {
            station: file.station.unwrap_or_else(|| DEFAULT_STATION.to_string()),
            lang,
            timezone,
            output,
            topics: TopicList::with_station_topics(file.topics),
            grace,
            skip,
            level,
            watch,
            periods,
            voice,
            cap,
            web,
            monitor,
            relay,
            report,
        },
        file.paths.unwrap_or_default(),
    ))
}

/// `level`: a loudness in LUFS between −40 and −5, or off.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn level_setting(
    shown: &str,
    level: Option<&toml::Value>,
    locate: &dyn Fn(&str) -> Pos,
) -> Result<Level, Diagnostic> {
    Ok(match level {
        None => Level::Target(loaxa_core::loudness::DEFAULT_LEVEL),
        Some(toml::Value::Integer(n)) if (-40..=-5).contains(n) => Level::Target(*n as f64),
        Some(toml::Value::Float(f)) if (-40.0..=-5.0).contains(f) => Level::Target(*f),
        Some(toml::Value::Boolean(false)) => Level::Off,
        Some(toml::Value::String(s)) if s.eq_ignore_ascii_case("off") => Level::Off,
        Some(_) => {
            return Err(Diagnostic::error(
                shown,
                locate("level"),
                msg!("set-level-bad"),
                msg!("set-level-bad-hint"),
            ));
        }
    })
}

/// `[voice]`: the engine (from the engine table), the voice, the speed in
/// words a minute, piper's model and the program. Each mistake is placed
/// at its key inside the `[voice]` table.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn voice_setting(
    shown: &str,
    text: &str,
    voice: Option<&VoiceFile>,
    locate: &dyn Fn(&str) -> Pos,
) -> Result<VoiceSettings, Diagnostic> {
    let mut settings = VoiceSettings::default();
    let Some(file) = voice else {
        return Ok(settings);
    };
    // The key's place after `[voice]`, else wherever it is first written.
    let at = |key: &str| {
        let start = text.find("[voice]").unwrap_or(0);
        let rest = &text[start..];
        rest.find(&format!("{key} "))
            .or_else(|| rest.find(&format!("{key}=")))
            .map(|o| LineIndex::new(text).pos(start + o))
            .unwrap_or_else(|| locate(key))
    };
    let bad = |key: &str, what: Msg, hint: Msg| Diagnostic::error(shown, at(key), what, hint);
    if let Some(name) = &file.engine {
        settings.engine = Engine::find(name).ok_or_else(|| {
            bad(
                "engine",
                msg!("voice-set-engine-bad", word = name),
                msg!("voice-set-engine-bad-hint", engines = Engine::names()),
            )
        })?;
    }
    if let Some(v) = &file.voice {
        if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad(
                "voice",
                msg!("voice-set-voice-bad"),
                msg!("voice-set-voice-bad-hint"),
            ));
        }
        settings.voice = v.clone();
    }
    if let Some(value) = &file.speed {
        settings.speed = value
            .as_integer()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (MIN_SPEED..=MAX_SPEED).contains(n))
            .ok_or_else(|| {
                bad(
                    "speed",
                    msg!(
                        "voice-set-speed-bad",
                        value = value.to_string(),
                        min = MIN_SPEED,
                        max = MAX_SPEED
                    ),
                    msg!(
                        "voice-set-speed-bad-hint",
                        default = crate::voice::DEFAULT_SPEED
                    ),
                )
            })?;
    }
    settings.model = file.model.clone().filter(|m| !m.as_os_str().is_empty());
    if settings.engine == Engine::Piper && settings.model.is_none() {
        let key = if file.model.is_some() {
            "model"
        } else {
            "engine"
        };
        return Err(bad(
            key,
            msg!("voice-set-model-needed"),
            msg!("voice-set-model-needed-hint"),
        ));
    }
    if let Some(c) = &file.command {
        if c.as_os_str().is_empty() {
            return Err(bad(
                "command",
                msg!("voice-set-command-bad"),
                msg!("voice-set-command-bad-hint"),
            ));
        }
        settings.command = Some(c.clone());
    }
    Ok(settings)
}

/// The place of `key` inside the `[table]` of `text` (else of the table,
/// else the file as a whole).
fn in_table(text: &str, table: &str, key: &str) -> Pos {
    let lines = LineIndex::new(text);
    let Some(start) = text.find(&format!("[{table}]")) else {
        return Pos::FILE;
    };
    let rest = &text[start..];
    // The table ends where the next one begins.
    let end = rest[1..].find("\n[").map_or(rest.len(), |e| e + 1);
    let body = &rest[..end];
    let found = body.lines().scan(0usize, |offset, line| {
        let at = *offset;
        *offset += line.len() + 1;
        Some((at, line))
    });
    found
        .filter(|(_, line)| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|after| after.trim_start().starts_with('='))
        })
        .map(|(at, line)| lines.pos(start + at + (line.len() - line.trim_start().len())))
        .next()
        .unwrap_or_else(|| lines.pos(start))
}

/// `[cap]`: the core's `CapSettings`. A number out of range is an error at
/// its key (as the other tables' mistakes are); no `areas` only a warning:
/// alerts are then not aired, and everything else goes on.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn cap_setting(
    shown: &str,
    text: &str,
    cap: Option<&CapSettings>,
) -> Result<CapSettings, Diagnostic> {
    let Some(cap) = cap else {
        return Ok(CapSettings::default());
    };
    for (key, problem) in cap.problems() {
        let at = in_table(text, "cap", key);
        let what = msg!("set-cap-said", key = key, message = problem.what);
        if key == "areas" {
            let d = Diagnostic::warning(shown, at, what, problem.hint);
            tracing::warn!("{}", crate::i18n::diagnostic(&d));
        } else {
            let d = CapSettings::default();
            let default = match key {
                "max_duration" => d.max_duration,
                "repeat" => d.repeat,
                _ => d.gap,
            };
            return Err(Diagnostic::error(
                shown,
                at,
                what,
                msg!("set-cap-range-hint", key = key, default = default),
            ));
        }
    }
    Ok(cap.clone())
}

/// `[relay]`: the station's fallback recording, and how long a relay may
/// be silent before it airs (1 to 600 seconds). A mistake is placed at its key.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn relay_setting(
    shown: &str,
    text: &str,
    relay: Option<&RelayFile>,
) -> Result<RelaySettings, Diagnostic> {
    let mut settings = RelaySettings::default();
    let Some(file) = relay else {
        return Ok(settings);
    };
    let bad = |key: &str, what: Msg, hint: Msg| {
        Diagnostic::error(shown, in_table(text, "relay", key), what, hint)
    };
    if let Some(name) = &file.fallback {
        let clean = crate::schedule::clean_audio_path(name).map_err(|why| {
            bad(
                "fallback",
                crate::diag::in_field(name, why),
                msg!("sched-bad-path-hint"),
            )
        })?;
        settings.fallback = Some(clean);
    }
    if let Some(value) = &file.fallback_after {
        let secs = match value {
            toml::Value::Integer(n) => Some(*n),
            // "10" is seconds, as 10 is (a relay item's bare "30" is
            // minutes; here that would be 10 minutes of silence on air).
            toml::Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            toml::Value::String(s) => loaxa_core::schedule::parse_length(s)
                .ok()
                .map(|d| d.num_seconds()),
            _ => None,
        };
        let secs = secs.filter(|n| (1..=600).contains(n)).ok_or_else(|| {
            bad(
                "fallback_after",
                msg!("relay-set-after-bad", value = value.to_string()),
                msg!("relay-set-after-hint"),
            )
        })?;
        settings.fallback_after = chrono::Duration::seconds(secs);
    }
    Ok(settings)
}

/// `[report]`: each a line of text (a name, a place) printed on the
/// report; a mistake is placed at its key.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn report_setting(
    shown: &str,
    text: &str,
    report: Option<&ReportFile>,
) -> Result<ReportSettings, Diagnostic> {
    let Some(file) = report else {
        return Ok(ReportSettings::default());
    };
    let line = |key: &str, value: &Option<String>| -> Result<Option<String>, Diagnostic> {
        let Some(v) = value else {
            return Ok(None);
        };
        let v = v.trim();
        // One line each: a line break or tab would tear the printed block.
        if v.is_empty() || v.chars().any(char::is_control) || v.chars().count() > 80 {
            return Err(Diagnostic::error(
                shown,
                in_table(text, "report", key),
                msg!("report-set-bad", key = key),
                msg!("report-set-bad-hint", key = key),
            ));
        }
        Ok(Some(v.to_string()))
    };
    Ok(ReportSettings {
        commune: line("commune", &file.commune)?,
        place: line("place", &file.place)?,
        preparer: line("preparer", &file.preparer)?,
        head: line("head", &file.head)?,
        head_title: line("head_title", &file.head_title)?,
    })
}

/// `[web]`: whether the console runs and where it listens (an address
/// and a port). A mistake is placed at its key.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn web_setting(shown: &str, text: &str, web: Option<&WebFile>) -> Result<WebSettings, Diagnostic> {
    let mut settings = WebSettings::default();
    let Some(file) = web else {
        return Ok(settings);
    };
    let bad = |key: &str, what: Msg, hint: Msg| {
        Diagnostic::error(shown, in_table(text, "web", key), what, hint)
    };
    if let Some(on) = file.enabled {
        settings.enabled = on;
    }
    if let Some(listen) = &file.listen {
        settings.listen = listen.trim().parse().map_err(|_| {
            bad(
                "listen",
                msg!("web-set-listen-bad", value = listen),
                msg!("web-set-listen-hint", default = DEFAULT_LISTEN),
            )
        })?;
    }
    if let Some(value) = &file.max_upload {
        let size = match value {
            toml::Value::Integer(n) => u64::try_from(*n).ok(),
            toml::Value::String(s) => parse_size(s),
            _ => None,
        };
        settings.max_upload = size.filter(|n| *n > 0).ok_or_else(|| {
            bad(
                "max_upload",
                msg!("web-set-max-upload-bad", value = value.to_string()),
                msg!("web-set-max-upload-hint"),
            )
        })?;
    }
    settings.tls = match (&file.tls_cert, &file.tls_key) {
        (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
        (None, None) => None,
        (Some(_), None) => {
            return Err(bad(
                "tls_cert",
                msg!("web-set-tls-half", given = "tls_cert", missing = "tls_key"),
                msg!("web-set-tls-hint"),
            ));
        }
        (None, Some(_)) => {
            return Err(bad(
                "tls_key",
                msg!("web-set-tls-half", given = "tls_key", missing = "tls_cert"),
                msg!("web-set-tls-hint"),
            ));
        }
    };
    Ok(settings)
}

/// `[monitor]`: the silence threshold (−90…−10 dBFS), how long a silence
/// must last (1 s … 10 min), the command, the monitored line.
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn monitor_setting(
    shown: &str,
    text: &str,
    monitor: Option<&MonitorFile>,
) -> Result<MonitorSettings, Diagnostic> {
    let mut settings = MonitorSettings::default();
    let Some(file) = monitor else {
        return Ok(settings);
    };
    let bad = |key: &str, what: Msg, hint: Msg| {
        Diagnostic::error(shown, in_table(text, "monitor", key), what, hint)
    };
    if let Some(value) = &file.silence_db {
        let db = match value {
            toml::Value::Integer(n) => Some(*n as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        settings.limits.threshold_db =
            db.filter(|d| (-90.0..=-10.0).contains(d)).ok_or_else(|| {
                bad(
                    "silence_db",
                    msg!("monitor-set-db-bad", value = value.to_string()),
                    msg!("monitor-set-db-hint"),
                )
            })? as f32;
    }
    if let Some(value) = &file.silence_after {
        let seconds = match value {
            toml::Value::Integer(n) => Some(*n),
            toml::Value::String(s) => parse_grace(s).ok().map(|d| d.num_seconds()),
            _ => None,
        };
        let seconds = seconds.filter(|n| (1..=600).contains(n)).ok_or_else(|| {
            bad(
                "silence_after",
                msg!("monitor-set-after-bad", value = value.to_string()),
                msg!("monitor-set-after-hint"),
            )
        })?;
        settings.limits.after = seconds as u64 * 48_000;
    }
    if let Some(cmd) = &file.on_silence {
        settings.on_silence = cmd.split_whitespace().map(str::to_string).collect();
        if settings.on_silence.is_empty() {
            return Err(bad(
                "on_silence",
                msg!("monitor-set-command-bad"),
                msg!("monitor-set-command-hint"),
            ));
        }
    }
    if let Some(input) = &file.input {
        settings.input = Some(line_in_name(input).ok_or_else(|| {
            bad(
                "input",
                msg!("monitor-set-input-bad", value = input),
                msg!("monitor-set-input-hint"),
            )
        })?);
    }
    Ok(settings)
}

/// `skip`: days and ranges of days nothing airs (holidays).
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn skip_setting(
    shown: &str,
    entries: &[SkipFile],
    locate: &dyn Fn(&str) -> Pos,
) -> Result<Vec<Skip>, Diagnostic> {
    let mut skip = Vec::new();
    for entry in entries {
        let parsed = match entry {
            SkipFile::Day(d) => Skip::parse(d),
            SkipFile::Range { from, to } => Skip::range(from, to),
        };
        skip.push(parsed.map_err(|msg| {
            Diagnostic::error(
                shown,
                locate("skip"),
                in_setting("skip", msg.what),
                msg!("set-skip-hint"),
            )
        })?);
    }
    Ok(skip)
}

/// loaxa.toml is not TOML, or has a key loaxa does not know (with the
/// closest it does).
fn toml_problem(shown: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let at = e
        .span()
        .map(|s| LineIndex::new(text).pos(s.start))
        .unwrap_or(Pos::FILE);
    let detail = e.message().trim().to_string();
    let hint = unknown_key(&detail)
        .and_then(|k| did_you_mean(k, SETTINGS_KEYS))
        .map(|k| msg!("diag-did-you-mean", word = k))
        .unwrap_or_else(|| msg!("set-see-readme"));
    let msg = match unknown_key(&detail) {
        Some(key) => msg!("set-unknown-key", key = key),
        None => msg!("set-not-toml", detail = &detail),
    };
    Diagnostic::error(shown, at, msg, hint)
}

/// A day of the year: (day, month).
type DayMonth = (u32, u32);

/// CV 581's report windows, known to every station: the name `export
/// --period` takes, the label the report writes, from and to.
const CV581_PERIODS: [(&str, &str, DayMonth, DayMonth); 4] = [
    ("quy-1", "Quý I", (15, 12), (14, 3)),
    ("6-thang", "6 tháng đầu năm", (15, 12), (14, 6)),
    ("quy-3", "Quý III", (15, 6), (14, 9)),
    ("nam", "Năm", (15, 12), (14, 12)),
];

/// The report periods: loaxa.toml's `[[periods]]` first, then the CV 581
/// windows it does not name again (a station's `quy-1` replaces the
/// built-in one; other names are added). One written wrongly is left out
/// with a warning (only reports need it: airing goes on).
fn named_periods(
    shown: &str,
    periods: &[PeriodFile],
    locate: &dyn Fn(&str) -> Pos,
) -> Vec<NamedPeriod> {
    let mut periods_out = Vec::new();
    for p in periods {
        let (Some(from), Some(to)) = (day_month(&p.from), day_month(&p.to)) else {
            // Only reports need it: airing goes on without this period.
            let d = Diagnostic::warning(
                shown,
                locate("from"),
                msg!("set-period-bad", name = &p.name),
                msg!("set-period-bad-hint"),
            );
            tracing::warn!("{}", crate::i18n::diagnostic(&d));
            continue;
        };
        periods_out.push(NamedPeriod {
            name: p.name.clone(),
            label: p.label.clone().unwrap_or_else(|| p.name.clone()),
            from,
            to,
        });
    }
    // A station's window of a built-in name replaces it, even when written
    // wrongly (then the name is refused rather than silently CV 581's).
    let named: Vec<String> = periods
        .iter()
        .map(|p| crate::timefmt::fold_vi(&p.name))
        .collect();
    for (name, label, from, to) in CV581_PERIODS {
        if !named.contains(&crate::timefmt::fold_vi(name)) {
            periods_out.push(NamedPeriod {
                name: name.to_string(),
                label: label.to_string(),
                from,
                to,
            });
        }
    }
    periods_out
}

/// The station's name (one line) and the topic codes (unique, not empty).
#[allow(clippy::result_large_err)] // one diagnostic, once per start
fn check_names(
    shown: &str,
    file: &SettingsFile,
    locate: &dyn Fn(&str) -> Pos,
) -> Result<(), Diagnostic> {
    // The station's name is on every journal line and report: one line.
    if let Some(name) = &file.station
        && (name.trim().is_empty() || name.chars().any(char::is_control))
    {
        return Err(Diagnostic::error(
            shown,
            locate("station"),
            msg!("set-station-bad"),
            msg!("set-station-bad-hint"),
        ));
    }
    let mut codes = std::collections::HashSet::new();
    for t in &file.topics {
        if t.code.trim().is_empty() || !codes.insert(t.code.clone()) {
            return Err(Diagnostic::error(
                shown,
                locate("code"),
                msg!("set-topic-code", code = &t.code),
                msg!("set-topic-code-hint"),
            ));
        }
    }
    Ok(())
}

/// The key named in serde's "unknown field `x`, expected …" message.
fn unknown_key(msg: &str) -> Option<&str> {
    let rest = msg.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_settings_as_the_example_writes_them() {
        // The example's commented [report], its comments taken away.
        let example = include_str!("../loaxa.toml");
        let start = example.find("# [report]").unwrap();
        let block: Vec<&str> = example[start..]
            .lines()
            .take_while(|l| l.starts_with("# "))
            .map(|l| l.trim_start_matches("# "))
            .collect();
        let (s, _) = parse_settings("loaxa.toml", &block.join("\n")).unwrap();
        let r = s.report;
        assert_eq!(r.commune.as_deref(), Some("Mỹ Thạnh"));
        assert_eq!(r.place.as_deref(), Some("Mỹ Thạnh"));
        assert_eq!(r.preparer.as_deref(), Some("Nguyễn Thị Lan"));
        assert_eq!(r.head.as_deref(), Some("Trần Văn Minh"));
        assert_eq!(r.head_title.as_deref(), Some("Chủ tịch"));
        let (s, _) = parse_settings("loaxa.toml", "").unwrap();
        assert_eq!(s.report, ReportSettings::default());
    }

    #[test]
    fn a_report_setting_that_cannot_be_printed_is_placed() {
        let long = "x".repeat(81);
        for (text, key) in [
            ("[report]\nhead = \"\"\n", "head"),
            ("[report]\npreparer = \"  \"\n", "preparer"),
            ("[report]\ncommune = \"Mỹ\\nThạnh\"\n", "commune"),
            (
                &format!("[report]\nhead_title = \"{long}\"\n"),
                "head_title",
            ),
        ] {
            let e = parse_settings("loaxa.toml", text).unwrap_err();
            assert_eq!((e.line, e.col), (2, 1), "{text}");
            let said = crate::i18n::diagnostic(&e);
            assert!(said.contains(&format!("[report] {key}:")), "{said}");
        }
        let e = parse_settings("loaxa.toml", "[report]\nhaed = \"A\"\n").unwrap_err();
        assert!(crate::i18n::diagnostic(&e).ends_with("did you mean \"head\"?"));
    }

    #[test]
    fn relay_fallback_after_is_seconds_and_bounded() {
        let after = |v: &str| {
            parse_settings("loaxa.toml", &format!("[relay]\nfallback_after = {v}\n"))
                .map(|(s, _)| s.relay.fallback_after.num_seconds())
                .ok()
        };
        assert_eq!(after("10"), Some(10));
        assert_eq!(after("\"10\""), Some(10));
        assert_eq!(after("\"10 s\""), Some(10));
        assert_eq!(after("\"1 phút\""), Some(60));
        for bad in [
            "0",
            "-5",
            "601",
            "\"99999999999 giờ\"",
            "1.5",
            "[1]",
            "\"\"",
            "true",
        ] {
            assert_eq!(after(bad), None, "{bad}");
        }
    }

    #[test]
    fn defaults_without_a_file() {
        let (s, _) = parse_settings("loaxa.toml", "").unwrap();
        assert_eq!(s.timezone, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(s.output, OutputSpec::Device(None));
        assert_eq!(s.topics.codes().len(), 9);
    }

    #[test]
    fn a_full_file() {
        let text = r#"
station = "Đài truyền thanh xã Mỹ Thạnh"
timezone = "Asia/Ho_Chi_Minh"
output = "wav:ghi-am"

[paths]
data = "/var/lib/loaxa/data"

[[topics]]
code = "an-ninh"
label = "An ninh trật tự"
cchc = false
"#;
        let (s, p) = parse_settings("loaxa.toml", text).unwrap();
        assert_eq!(s.station, "Đài truyền thanh xã Mỹ Thạnh");
        assert_eq!(s.output, OutputSpec::Wav(PathBuf::from("ghi-am")));
        assert_eq!(p.data, Some(PathBuf::from("/var/lib/loaxa/data")));
        assert!(!s.topics.is_cchc("an-ninh"));
    }

    #[test]
    fn mistakes_name_the_place() {
        let e = parse_settings("loaxa.toml", "statoin = \"x\"\n").unwrap_err();
        let line = crate::i18n::diagnostic(&e);
        assert_eq!(e.line, 1);
        assert!(line.contains("unknown setting \"statoin\""), "{line}");
        assert!(line.ends_with("did you mean \"station\"?"), "{line}");

        let e = parse_settings("loaxa.toml", "station = \"x\"\ntimezone = \"Asia/Hanoi\"\n")
            .unwrap_err();
        assert_eq!(
            crate::i18n::diagnostic(&e),
            "loaxa.toml:2:1: error: \"Asia/Hanoi\" is not a time zone — write an IANA time zone such as \"Asia/Ho_Chi_Minh\" (the default)"
        );

        let e = parse_settings("loaxa.toml", "output = \"speaker\"\n").unwrap_err();
        assert!(
            crate::i18n::diagnostic(&e)
                .starts_with("loaxa.toml:1:1: error: unknown output \"speaker\""),
            "{e:?}"
        );

        let e = parse_settings("loaxa.toml", "station = \n").unwrap_err();
        assert_eq!(e.line, 1);

        let e = parse_settings("loaxa.toml", "skip = [\"31/02\"]\n").unwrap_err();
        assert!(
            crate::i18n::diagnostic(&e)
                .starts_with("loaxa.toml:1:1: error: skip: \"31/02\" is not a day of the year"),
            "{e:?}"
        );
        let e = parse_settings("loaxa.toml", "grace = \"soon\"\n").unwrap_err();
        assert!(
            crate::i18n::diagnostic(&e)
                .starts_with("loaxa.toml:1:1: error: grace: \"soon\" is not a length of time"),
            "{e:?}"
        );
    }

    #[test]
    fn the_station_name_is_one_line() {
        for text in [
            "station = \"Xã A\\nFAKE LINE\"\n",
            "station = \"Xã \\u001b[31mA\"\n",
            "station = \"  \"\n",
        ] {
            let e = parse_settings("loaxa.toml", text).unwrap_err();
            assert!(
                crate::i18n::diagnostic(&e).contains("station's name"),
                "{text}: {e:?}"
            );
        }
    }

    #[test]
    fn the_voice_settings() {
        let (s, _) = parse_settings("loaxa.toml", "").unwrap();
        assert_eq!(s.voice, VoiceSettings::default());
        let text = "station = \"Xã A\"\n\n[voice]\nengine = \"piper\"\nvoice = \"vi-vn-x-south\"\nspeed = 180\nmodel = \"giong/vi_VN-vais1000-medium.onnx\"\ncommand = \"/opt/piper/piper\"\n";
        let (s, _) = parse_settings("loaxa.toml", text).unwrap();
        assert_eq!(
            s.voice,
            VoiceSettings {
                engine: Engine::Piper,
                voice: "vi-vn-x-south".into(),
                speed: 180,
                model: Some("giong/vi_VN-vais1000-medium.onnx".into()),
                command: Some("/opt/piper/piper".into()),
            }
        );
        let (s, _) =
            parse_settings("loaxa.toml", "[voice]\nvoice = \"vi-vn-x-central\"\n").unwrap();
        assert_eq!((s.voice.engine, s.voice.speed), (Engine::EspeakNg, 150));
    }

    #[test]
    fn the_voice_model_is_found_from_the_station_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("schedules")).unwrap();
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "[voice]\nengine = \"piper\"\nmodel = \"giong/vi.onnx\"\n",
        )
        .unwrap();
        let st = Station::open(dir.path()).unwrap();
        assert_eq!(
            st.settings.voice.model,
            Some(
                std::path::absolute(dir.path())
                    .unwrap()
                    .join("giong/vi.onnx")
            )
        );
    }

    #[test]
    fn the_cap_settings() {
        let (s, _) = parse_settings("loaxa.toml", "station = \"x\"\n").unwrap();
        assert_eq!(s.cap, CapSettings::default());
        let text = "station = \"Xã Mỹ Thạnh\"\n\n[cap]\nareas = [\"28912\", \"Xã Mỹ Thạnh\"]\nexercises = true\nmax_duration = 90\nrepeat = 3\ngap = 30\nlanguages = [\"vi\", \"en\"]\n";
        let (s, _) = parse_settings("loaxa.toml", text).unwrap();
        assert_eq!(
            s.cap,
            CapSettings {
                areas: vec!["28912".into(), "Xã Mỹ Thạnh".into()],
                exercises: true,
                max_duration: 90,
                repeat: 3,
                gap: 30,
                languages: vec!["vi".into(), "en".into()],
            }
        );
        // No areas: only a warning (no alert airs; everything else does).
        let (s, _) = parse_settings("loaxa.toml", "[cap]\nrepeat = 1\n").unwrap();
        assert_eq!((s.cap.repeat, s.cap.areas.len()), (1, 0));
    }

    #[test]
    fn the_web_settings() {
        let (s, _) = parse_settings("loaxa.toml", "station = \"x\"\n").unwrap();
        assert_eq!(s.web, WebSettings::default());
        assert!(s.web.enabled, "on, for the station PC only");
        assert_eq!(s.web.tls, None);
        assert_eq!(s.web.listen.to_string(), DEFAULT_LISTEN);
        let text = "station = \"x\"\n[web]\nenabled = true\nlisten = \"0.0.0.0:8081\"\n";
        let (s, _) = parse_settings("loaxa.toml", text).unwrap();
        assert!(s.web.enabled);
        assert_eq!(s.web.listen.to_string(), "0.0.0.0:8081");
        for (bad, line) in [
            ("[web]\nlisten = \"localhost\"\n", 2),
            ("[web]\nenabled = true\nlisten = \"127.0.0.1:99999\"\n", 3),
        ] {
            let d = parse_settings("loaxa.toml", bad).unwrap_err();
            assert_eq!(d.line, line, "{bad}");
            assert!(
                crate::i18n::render_in(Lang::En, &d.message)
                    .contains("is not an address to listen on"),
                "{bad}"
            );
        }
        let d = parse_settings("loaxa.toml", "[web]\nport = 80\n").unwrap_err();
        assert!(d.is_error());
        assert_eq!(s.web.max_upload, DEFAULT_MAX_UPLOAD);
        for (written, bytes) in [
            ("\"200 MB\"", 200_000_000),
            ("\"200MB\"", 200_000_000),
            ("\"1.5 GB\"", 1_500_000_000),
            ("\"64 KiB\"", 65_536),
            ("\"4096\"", 4096),
            ("4096", 4096),
        ] {
            let text = format!("[web]\nmax_upload = {written}\n");
            let (s, _) = parse_settings("loaxa.toml", &text).unwrap();
            assert_eq!(s.web.max_upload, bytes, "{written}");
        }
        for bad in ["\"200 parsecs\"", "0", "-1", "\"\"", "true", "\"1e999 MB\""] {
            let text = format!("[web]\nmax_upload = {bad}\n");
            let d = parse_settings("loaxa.toml", &text).unwrap_err();
            assert_eq!(d.line, 2, "{bad}");
        }
        let text =
            "[web]\nenabled = false\ntls_cert = \"tls/cert.pem\"\ntls_key = \"/etc/k.pem\"\n";
        let (s, _) = parse_settings("loaxa.toml", text).unwrap();
        assert!(!s.web.enabled);
        assert_eq!(
            s.web.tls,
            Some(("tls/cert.pem".into(), "/etc/k.pem".into()))
        );
        let d = parse_settings("loaxa.toml", "[web]\ntls_key = \"k.pem\"\n").unwrap_err();
        assert_eq!(d.line, 2);
        assert!(crate::i18n::render_in(Lang::En, &d.message).contains("tls_cert"));
    }

    #[test]
    fn cap_mistakes_name_the_place_and_what_to_write() {
        let areas = "areas = [\"28912\"]\n";
        let cases: &[(String, usize, &str)] = &[
            (
                format!("station = \"x\"\n\n[cap]\n{areas}repeat = 0\n"),
                5,
                "[cap] repeat: 0 is outside 1…10 — write repeat = 2 (the default)",
            ),
            (
                format!("[cap]\n{areas}max_duration = 7200\n"),
                3,
                "[cap] max_duration: 7200 is outside 1…3600 — write max_duration = 120",
            ),
            (
                // A `gap` elsewhere in the file is not the one meant.
                format!("# gap = 5\n[cap]\n{areas}  gap = 99999\n"),
                4,
                "[cap] gap: 99999 is outside 0…3600",
            ),
            (
                format!("[cap]\n{areas}repaet = 2\n"),
                3,
                "unknown setting \"repaet\" — did you mean \"repeat\"?",
            ),
            (format!("[cap]\n{areas}repeat = \"hai\"\n"), 3, "error: "),
            (format!("[cap]\n{areas}exercises = \"yes\"\n"), 3, "error: "),
        ];
        for (text, line, says) in cases {
            let e = parse_settings("loaxa.toml", text).unwrap_err();
            let shown = crate::i18n::diagnostic(&e);
            assert!(shown.starts_with("loaxa.toml:"), "{text}: {shown}");
            assert_eq!(e.line, *line, "{text}: {shown}");
            assert!(shown.contains(says), "{text}: {shown}");
        }
    }

    #[test]
    fn voice_mistakes_name_the_place_and_what_to_write() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "[voice]\nengine = \"espeak\"\n",
                2,
                "[voice] engine: \"espeak\" is not a speech engine loaxa knows — write engine = one of \"espeak-ng\", \"piper\"",
            ),
            (
                "station = \"x\"\n\n[voice]\nspeed = 500\n",
                4,
                "[voice] speed: 500 is not a speed loaxa can use (words a minute, 80 to 450) — write speed = 150 (the default)",
            ),
            ("[voice]\nspeed = 79\n", 2, "speed: 79 is not"),
            ("[voice]\nspeed = -5\n", 2, "speed: -5 is not"),
            ("[voice]\nspeed = 1.5\n", 2, "speed: 1.5 is not"),
            ("[voice]\nspeed = \"nhanh\"\n", 2, "speed: \"nhanh\" is not"),
            ("[voice]\nvoice = \"\"\n", 2, "voice = \"vi\" (northern"),
            ("[voice]\nvoice = \"vi south\"\n", 2, "[voice] voice:"),
            (
                "[voice]\nengine = \"piper\"\n",
                2,
                "needs a voice model (model) — write model = \"vi_VN-vais1000-medium.onnx\"",
            ),
            (
                "[voice]\nengine = \"piper\"\nmodel = \"\"\n",
                3,
                "needs a voice model",
            ),
            ("[voice]\ncommand = \"\"\n", 2, "[voice] command:"),
            (
                "[voice]\nspeeed = 150\n",
                2,
                "unknown setting \"speeed\" — did you mean \"speed\"?",
            ),
            ("voice = \"vi\"\n", 1, "error: "),
        ];
        for (text, line, says) in cases {
            let e = parse_settings("loaxa.toml", text).unwrap_err();
            let shown = crate::i18n::diagnostic(&e);
            assert!(shown.starts_with("loaxa.toml:"), "{text}: {shown}");
            assert_eq!(e.line, *line, "{text}: {shown}");
            assert!(shown.contains(says), "{text}: {shown}");
        }
    }

    #[test]
    fn holidays_and_grace() {
        let text = "grace = \"10 phút\"\nskip = [\"30/04\", \"01/05\", { from = \"28/01/2025\", to = \"02/02/2025\" }]\n";
        let (s, _) = parse_settings("loaxa.toml", text).unwrap();
        assert_eq!(s.grace, chrono::Duration::minutes(10));
        assert_eq!(s.skip.len(), 3);
        assert!(s.skip[2].covers(chrono::NaiveDate::from_ymd_opt(2025, 1, 29).unwrap()));
    }
}
