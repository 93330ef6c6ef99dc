//! The station folder: `loaxa.toml`, `schedules/`, `audio/` and the data
//! folder. This is the I/O edge that reads the operator's files and hands pure
//! values (settings, schedules, diagnostics) to the rest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::audio::OutputSpec;
use crate::diag::{Diagnostic, LineIndex, Pos, did_you_mean};
use crate::plan::Calendar;
use crate::schedule::{self, Level, Schedule, Skip, parse_grace};
use crate::topics::{Topic, TopicList};

pub const SETTINGS_FILE: &str = "loaxa.toml";
pub const AIRING_LOG_FILE: &str = "airing-log.jsonl";
pub const SIMULATION_LOG_FILE: &str = "simulation-log.jsonl";
pub const LIBRARY_CACHE_FILE: &str = "library.json";

/// `loaxa.toml` as written. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    station: Option<String>,
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
pub struct NamedPeriod {
    pub name: String,
    pub label: String,
    pub from: (u32, u32),
    pub to: (u32, u32),
}

impl NamedPeriod {
    pub fn of_year(&self, year: i32) -> Option<crate::report::Period> {
        crate::report::Period::window(&self.label, self.from, self.to, year)
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
];

/// The station's settings, checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// e.g. "Đài truyền thanh xã Mỹ Thạnh".
    pub station: String,
    pub timezone: Tz,
    pub output: OutputSpec,
    pub topics: TopicList,
    /// How late a program may still start (default 5 minutes).
    pub grace: chrono::Duration,
    /// Station-wide holidays.
    pub skip: Vec<Skip>,
    /// The loudness items are brought to (default −16 LUFS).
    pub level: Level,
    /// How changes in the station folder are noticed.
    pub watch: WatchMode,
    /// Report windows named in the settings (`export --period NAME`).
    pub periods: Vec<NamedPeriod>,
}

/// How changes in the station folder are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// The kernel tells (inotify): immediate, costs nothing while idle.
    Events,
    /// Look every few seconds: for network shares and other filesystems
    /// whose changes the kernel does not report.
    Poll,
}

/// The grace window when neither the slot nor the station says.
pub const DEFAULT_GRACE: chrono::Duration = chrono::Duration::minutes(5);

/// An opened station folder.
#[derive(Debug, Clone)]
pub struct Station {
    pub dir: PathBuf,
    pub settings: Settings,
    pub schedules_dir: PathBuf,
    pub audio_dir: PathBuf,
    pub data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StationError {
    #[error("the station folder {0} does not exist — give the right folder with --dir")]
    NoFolder(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Settings(Diagnostic),
}

impl Station {
    /// Opens the station folder and reads its settings. A missing
    /// `loaxa.toml` means all defaults; a broken one is an error naming the
    /// place, because guessing the output or time zone would air wrongly.
    pub fn open(dir: &Path) -> Result<Station, StationError> {
        if !dir.is_dir() {
            return Err(StationError::NoFolder(dir.to_path_buf()));
        }
        let path = dir.join(SETTINGS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(StationError::Read { path, source }),
        };
        let shown = display_path(dir, SETTINGS_FILE);
        let (settings, paths) = match text {
            Some(t) => parse_settings(&shown, &t).map_err(StationError::Settings)?,
            None => parse_settings(&shown, "").map_err(StationError::Settings)?,
        };
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
    pub fn library(&self, now: std::time::SystemTime) -> crate::library::Library {
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

    pub fn library_cache_path(&self) -> PathBuf {
        self.data_dir.join(LIBRARY_CACHE_FILE)
    }

    /// Where `loaxa simulate` writes: apart from the evidence.
    pub fn simulation_log_path(&self) -> PathBuf {
        self.data_dir.join(SIMULATION_LOG_FILE)
    }

    pub fn airing_log_path(&self) -> PathBuf {
        self.data_dir.join(AIRING_LOG_FILE)
    }

    /// The schedule files in the schedules folder, in name order.
    pub fn schedule_files(&self) -> Vec<PathBuf> {
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
                    format!("cannot read the schedules folder: {e}"),
                    "create it and put the weekly schedules (*.json) in it",
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
                "there are no schedules (*.json) in this folder, so nothing will air",
                "put the weekly schedule here",
            ));
        }
        for path in files {
            let shown = self.shown(&path);
            let text = match read_text(&path) {
                Ok(t) => t,
                Err(msg) => {
                    diags.push(Diagnostic::error(
                        &shown,
                        Pos::FILE,
                        msg,
                        "save the file again as UTF-8 text",
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

    /// A path inside the station as people should see it: relative to the
    /// station folder, prefixed with it unless it is the current folder.
    pub fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.dir) {
            Ok(rel) => display_path(&self.dir, &rel.to_string_lossy()),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }

    /// A path relative to the station folder (for the log), or as is.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

/// `*.json` in the schedules folder, except hidden files and the JSON
/// Schema that editors use (`*.schema.json`).
pub fn is_schedule_file(p: &Path) -> bool {
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

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (bad byte at position {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    // Notepad on Windows saves a byte-order mark; JSON does not allow one.
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Checks the text of `loaxa.toml`. Pure, so it can be tested on strings.
fn parse_settings(shown: &str, text: &str) -> Result<(Settings, PathsFile), Diagnostic> {
    let file: SettingsFile = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| LineIndex::new(text).pos(s.start))
            .unwrap_or(Pos::FILE);
        let msg = e.message().trim().to_string();
        let hint = unknown_key(&msg)
            .and_then(|k| did_you_mean(k, SETTINGS_KEYS))
            .map(|k| format!("did you mean \"{k}\"?"))
            .unwrap_or_else(|| "see the settings section of the README".to_string());
        Diagnostic::error(shown, at, msg, hint)
    })?;
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
                format!("\"{name}\" is not a time zone"),
                "write an IANA time zone such as \"Asia/Ho_Chi_Minh\" (the default)",
            )
        })?,
    };
    let output = match file.output.as_deref() {
        None => OutputSpec::Device(None),
        Some(spec) => spec
            .parse::<OutputSpec>()
            .map_err(|msg| Diagnostic::error(shown, locate("output"), msg, OutputSpec::HINT))?,
    };
    let grace = match file.grace.as_deref() {
        None => DEFAULT_GRACE,
        Some(g) => parse_grace(g).map_err(|msg| {
            let (what, hint) = msg.split_once(" — ").unwrap_or((msg.as_str(), ""));
            Diagnostic::error(shown, locate("grace"), format!("grace: {what}"), hint)
        })?,
    };
    let level = match &file.level {
        None => Level::Target(crate::daemon::DEFAULT_LEVEL),
        Some(toml::Value::Integer(n)) if (-40..=-5).contains(n) => Level::Target(*n as f64),
        Some(toml::Value::Float(f)) if (-40.0..=-5.0).contains(f) => Level::Target(*f),
        Some(toml::Value::Boolean(false)) => Level::Off,
        Some(toml::Value::String(s)) if s.eq_ignore_ascii_case("off") => Level::Off,
        Some(_) => {
            return Err(Diagnostic::error(
                shown,
                locate("level"),
                "level: must be a loudness in LUFS between −40 and −5, or \"off\"",
                "write level = -16 (the default), or level = \"off\" to air files as recorded",
            ));
        }
    };
    let watch = match file.watch.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("events") => WatchMode::Events,
        Some("poll") => WatchMode::Poll,
        Some(other) => {
            return Err(Diagnostic::error(
                shown,
                locate("watch"),
                format!("watch: \"{other}\" is not a way of watching"),
                "write watch = \"events\" (the default) or watch = \"poll\" when audio/ is on a network share",
            ));
        }
    };
    let mut skip = Vec::new();
    for entry in &file.skip {
        let parsed = match entry {
            SkipFile::Day(d) => Skip::parse(d),
            SkipFile::Range { from, to } => Skip::range(from, to),
        };
        skip.push(parsed.map_err(|msg| {
            let (what, _) = msg.split_once(" — ").unwrap_or((msg.as_str(), ""));
            Diagnostic::error(
                shown,
                locate("skip"),
                format!("skip: {what}"),
                "write \"30/04\" (every year), \"02/09/2014\", or { from = \"28/01/2025\", to = \"02/02/2025\" }",
            )
        })?);
    }
    let mut periods = Vec::new();
    for p in &file.periods {
        let (Some(from), Some(to)) = (day_month(&p.from), day_month(&p.to)) else {
            // Only reports need it: airing goes on without this period.
            let d = Diagnostic::warning(
                shown,
                locate("from"),
                format!(
                    "period \"{}\": from/to must be days of the year written dd/mm; it is left out",
                    p.name
                ),
                "write e.g. { name = \"quy-1\", label = \"Quý I\", from = \"15/12\", to = \"14/03\" }",
            );
            tracing::warn!("{d}");
            continue;
        };
        periods.push(NamedPeriod {
            name: p.name.clone(),
            label: p.label.clone().unwrap_or_else(|| p.name.clone()),
            from,
            to,
        });
    }
    let mut codes = std::collections::HashSet::new();
    for t in &file.topics {
        if t.code.trim().is_empty() || !codes.insert(t.code.clone()) {
            return Err(Diagnostic::error(
                shown,
                locate("code"),
                format!("topic code \"{}\" is empty or given twice", t.code),
                "give each [[topics]] entry its own short code",
            ));
        }
    }
    Ok((
        Settings {
            station: file
                .station
                .unwrap_or_else(|| "Đài truyền thanh xã".to_string()),
            timezone,
            output,
            topics: TopicList::with_station_topics(file.topics),
            grace,
            skip,
            level,
            watch,
            periods,
        },
        file.paths.unwrap_or_default(),
    ))
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
        assert_eq!(e.line, 1);
        assert!(e.to_string().contains("unknown field `statoin`"), "{e}");
        assert!(e.to_string().ends_with("did you mean \"station\"?"), "{e}");

        let e = parse_settings("loaxa.toml", "station = \"x\"\ntimezone = \"Asia/Hanoi\"\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "loaxa.toml:2:1: error: \"Asia/Hanoi\" is not a time zone — write an IANA time zone such as \"Asia/Ho_Chi_Minh\" (the default)"
        );

        let e = parse_settings("loaxa.toml", "output = \"speaker\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("loaxa.toml:1:1: error: unknown output \"speaker\""),
            "{e}"
        );

        let e = parse_settings("loaxa.toml", "station = \n").unwrap_err();
        assert_eq!(e.line, 1);

        let e = parse_settings("loaxa.toml", "skip = [\"31/02\"]\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("loaxa.toml:1:1: error: skip: \"31/02\" is not a day of the year"),
            "{e}"
        );
        let e = parse_settings("loaxa.toml", "grace = \"soon\"\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("loaxa.toml:1:1: error: grace: \"soon\" is not a length of time"),
            "{e}"
        );
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
