//! Spoken text: a program item may be typed text, which loaxa reads aloud
//! ahead of air time with a text-to-speech engine run as a program, and
//! keeps as a WAV file in the station's `data/speech/`.
//!
//! The engines are a table (`ENGINES`), looked up by the name loaxa.toml
//! gives them (`[voice] engine`), in the manner of librespot's audio
//! backends; each has its module for its command line and its checks:
//! `espeak` (espeak-ng, the Debian package) and `piper` (a neural engine
//! with a model the station installs by hand). `run` runs either one,
//! bounded in time; `cache` keeps what they said.

mod cache;
mod espeak;
mod piper;
mod run;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::time::Duration;

use crate::i18n::Msg;

pub use cache::SPEECH_DIR;

/// A text-to-speech engine loaxa can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// espeak-ng: `sudo apt install espeak-ng`.
    EspeakNg,
    /// piper, with a voice model (.onnx and its .onnx.json).
    Piper,
}

/// The engines, by the name `[voice] engine` gives them; the first is the
/// default.
pub const ENGINES: &[(&str, Engine)] = &[("espeak-ng", Engine::EspeakNg), ("piper", Engine::Piper)];

impl Engine {
    /// The engine named in loaxa.toml (any case).
    pub fn find(name: &str) -> Option<Engine> {
        ENGINES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(_, e)| *e)
    }

    /// Its name in loaxa.toml, the cache's key and what is logged.
    pub fn name(self) -> &'static str {
        ENGINES
            .iter()
            .find(|(_, e)| *e == self)
            .map_or("", |(n, _)| n)
    }

    /// The program looked for on PATH when `[voice] command` names none.
    fn program(self) -> &'static str {
        match self {
            Engine::EspeakNg => "espeak-ng",
            Engine::Piper => "piper",
        }
    }

    /// Every engine's name, for messages: `"espeak-ng", "piper"`.
    pub fn names() -> String {
        ENGINES
            .iter()
            .map(|(n, _)| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// espeak-ng's northern Vietnamese voice.
pub const DEFAULT_VOICE: &str = "vi";
/// Words a minute: a little slower than espeak-ng's own 175, for
/// loudspeakers in the open air.
pub const DEFAULT_SPEED: u32 = 150;
/// The speeds loaxa accepts, in words a minute (espeak-ng's own limits).
pub const MIN_SPEED: u32 = 80;
pub const MAX_SPEED: u32 = 450;

/// `[voice]` in loaxa.toml, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSettings {
    pub engine: Engine,
    /// espeak-ng's voice: "vi" (northern), "vi-vn-x-central" (central),
    /// "vi-vn-x-south" (southern). piper's voice is its model.
    pub voice: String,
    /// Words a minute, `MIN_SPEED..=MAX_SPEED`.
    pub speed: u32,
    /// piper's model (.onnx): relative to the station folder as written,
    /// resolved when the station is opened.
    pub model: Option<PathBuf>,
    /// The engine's program when it is not the one on PATH: a name looked
    /// for on PATH, or a path (relative to the station folder).
    pub command: Option<PathBuf>,
}

impl Default for VoiceSettings {
    fn default() -> Self {
        VoiceSettings {
            engine: Engine::EspeakNg,
            voice: DEFAULT_VOICE.to_string(),
            speed: DEFAULT_SPEED,
            model: None,
            command: None,
        }
    }
}

impl VoiceSettings {
    /// Paths written relative to the station folder made whole (a bare
    /// command name stays a name, looked for on PATH).
    pub(crate) fn resolve_in(&mut self, station_dir: &Path) {
        let whole = |p: &Path| {
            let joined = station_dir.join(p);
            std::path::absolute(&joined).unwrap_or(joined)
        };
        if let Some(m) = &self.model
            && m.is_relative()
        {
            self.model = Some(whole(m));
        }
        if let Some(c) = &self.command
            && c.is_relative()
            && c.components().count() > 1
        {
            self.command = Some(whole(c));
        }
    }

    /// The settings an item is read with: the station's, in the item's own
    /// `voice`. For espeak-ng that is a voice name; for piper, whose voice
    /// is its model, a model file (`.onnx`, from the station folder, its
    /// `.onnx.json` beside it). An espeak-ng voice name given to piper
    /// cannot be honoured and is refused rather than read in another voice.
    pub(crate) fn for_item(
        &self,
        voice: Option<&str>,
        station_dir: &Path,
    ) -> Result<VoiceSettings, VoiceError> {
        let mut settings = self.clone();
        let Some(v) = voice else {
            return Ok(settings);
        };
        match self.engine {
            Engine::EspeakNg => settings.voice = v.to_string(),
            Engine::Piper if v.to_lowercase().ends_with(".onnx") => {
                settings.model = Some(PathBuf::from(v));
                settings.resolve_in(station_dir);
            }
            Engine::Piper => return Err(VoiceError::NotAModel(v.to_string())),
        }
        Ok(settings)
    }

    /// The voice as it is named in what is kept: espeak-ng's voice, or
    /// piper's model's name (`vi_VN-vais1000-medium`).
    pub(crate) fn voice_name(&self) -> String {
        match self.engine {
            Engine::EspeakNg => self.voice.clone(),
            Engine::Piper => self
                .model
                .as_deref()
                .and_then(Path::file_stem)
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// What `ready` found: the engine can be run as set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    pub engine: Engine,
    /// The program that will be run.
    pub program: PathBuf,
    /// The voice, as `Spoken::voice` will name it.
    pub voice: String,
    /// piper's model.
    pub model: Option<PathBuf>,
}

/// A text read aloud: the WAV file to air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    /// `data/speech/<key>.wav`.
    pub path: PathBuf,
    /// SHA-256 of the UTF-8 text as given, in hex.
    pub text_sha256: String,
    pub engine: Engine,
    pub voice: String,
    /// Found in the cache: the engine did not run.
    pub cached: bool,
}

/// Why a text could not be read aloud, or an engine is not ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceError {
    /// The engine's program is not installed (or not where `command` says).
    EngineMissing {
        engine: Engine,
        program: PathBuf,
    },
    /// espeak-ng has no such voice; the Vietnamese ones it has.
    VoiceMissing {
        voice: String,
        available: Vec<String>,
    },
    /// piper without `[voice] model`.
    ModelNotSet,
    /// An item asks piper for a voice by a name, not a model file.
    NotAModel(String),
    ModelMissing {
        model: PathBuf,
        detail: String,
    },
    /// The model's settings (`.onnx.json`) are not beside it.
    ModelConfigMissing {
        config: PathBuf,
        detail: String,
    },
    /// Nothing to read.
    EmptyText,
    /// The program could not be started.
    Start {
        program: PathBuf,
        detail: String,
    },
    /// The engine did not finish in time and was stopped.
    TimedOut {
        program: PathBuf,
        seconds: u64,
    },
    /// The engine ended with an error; what it said.
    Failed {
        program: PathBuf,
        status: ExitStatus,
        stderr: String,
    },
    /// It ended well but left no sound: no file, an empty one, not a WAV.
    NoSound {
        program: PathBuf,
        detail: String,
    },
    /// `data/speech/` cannot be written.
    Cache {
        path: PathBuf,
        detail: String,
    },
}

impl std::fmt::Display for VoiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::render(&self.msg()))
    }
}

impl std::error::Error for VoiceError {}

impl VoiceError {
    /// What to tell the operator: what is wrong and what to do.
    pub fn msg(&self) -> Msg {
        let shown = |p: &Path| p.display().to_string();
        match self {
            VoiceError::EngineMissing {
                engine: Engine::EspeakNg,
                program,
            } => msg!("voice-espeak-missing", program = shown(program)),
            VoiceError::EngineMissing {
                engine: Engine::Piper,
                program,
            } => msg!("voice-piper-missing", program = shown(program)),
            VoiceError::VoiceMissing { voice, available } => msg!(
                "voice-voice-missing",
                voice = voice,
                available = if available.is_empty() {
                    msg!("voice-no-vietnamese")
                } else {
                    Msg::verbatim(available.join(", "))
                }
            ),
            VoiceError::ModelNotSet => msg!("voice-model-not-set"),
            VoiceError::NotAModel(voice) => msg!("voice-not-a-model", voice = voice),
            VoiceError::ModelMissing { model, detail } => {
                msg!("voice-model-missing", model = shown(model), detail = detail)
            }
            VoiceError::ModelConfigMissing { config, detail } => msg!(
                "voice-model-config-missing",
                config = shown(config),
                detail = detail
            ),
            VoiceError::EmptyText => msg!("voice-empty-text"),
            VoiceError::Start { program, detail } => {
                msg!(
                    "voice-start-failed",
                    program = shown(program),
                    detail = detail
                )
            }
            VoiceError::TimedOut { program, seconds } => {
                msg!(
                    "voice-timed-out",
                    program = shown(program),
                    seconds = seconds
                )
            }
            VoiceError::Failed {
                program,
                status,
                stderr,
            } => msg!(
                "voice-engine-failed",
                program = shown(program),
                exit = exit_msg(status),
                stderr = if stderr.is_empty() {
                    msg!("voice-no-stderr")
                } else {
                    Msg::verbatim(stderr.clone())
                }
            ),
            VoiceError::NoSound { program, detail } => {
                msg!("voice-no-sound", program = shown(program), detail = detail)
            }
            VoiceError::Cache { path, detail } => {
                msg!("voice-cache-failed", path = shown(path), detail = detail)
            }
        }
    }

    /// The engine ended with an error: its status and what it said.
    fn failed(program: &Path, ran: &run::Ran) -> VoiceError {
        VoiceError::Failed {
            program: program.to_path_buf(),
            status: ran.status,
            stderr: tidy(&ran.stderr),
        }
    }
}

/// "exit code 3", or the signal that ended it.
fn exit_msg(status: &ExitStatus) -> Msg {
    match (status.code(), status.signal()) {
        (Some(code), _) => msg!("voice-exit-code", code = code),
        (None, Some(signal)) => msg!("voice-exit-signal", signal = signal),
        (None, None) => Msg::verbatim(status.to_string()),
    }
}

/// What an engine said on standard error, on one line, its last 800
/// characters (where the error usually is).
fn tidy(stderr: &[u8]) -> String {
    const KEPT: usize = 800;
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" | ");
    let count = line.chars().count();
    if count <= KEPT {
        return line;
    }
    let tail: String = line.chars().skip(count - KEPT).collect();
    format!("…{tail}")
}

/// The detail for a path that is there but is not a file.
fn not_a_file() -> String {
    t!("voice-not-a-file")
}

/// Where the engine's program is: `[voice] command` (a path, or a name
/// looked for on PATH), else the engine's usual name on PATH.
fn find_program(settings: &VoiceSettings) -> Result<PathBuf, VoiceError> {
    let wanted = settings
        .command
        .clone()
        .unwrap_or_else(|| PathBuf::from(settings.engine.program()));
    let found = if wanted.components().count() > 1 || wanted.is_absolute() {
        executable(&wanted).then(|| wanted.clone())
    } else {
        search_path(&wanted, std::env::var_os("PATH"))
    };
    found.ok_or(VoiceError::EngineMissing {
        engine: settings.engine,
        program: wanted,
    })
}

/// `name` in the folders of `path` (the PATH variable; a service without
/// one gets the usual folders).
fn search_path(name: &Path, path: Option<std::ffi::OsString>) -> Option<PathBuf> {
    let path = path
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
    std::env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|p| executable(p))
}

/// A regular file someone may run.
fn executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Checks that speech can be made as set up: the engine's program is
/// there, and espeak-ng has the voice (`espeak-ng --voices` lists it), or
/// piper's model and its settings are there and readable. For `check`
/// and the daemon's start.
pub fn ready(settings: &VoiceSettings) -> Result<EngineInfo, VoiceError> {
    let program = find_program(settings)?;
    match settings.engine {
        Engine::EspeakNg => espeak::check_voice(&program, &settings.voice)?,
        Engine::Piper => {
            piper::check_model(settings.model.as_deref().ok_or(VoiceError::ModelNotSet)?)?;
        }
    }
    Ok(EngineInfo {
        engine: settings.engine,
        program,
        voice: settings.voice_name(),
        model: settings.model.clone(),
    })
}

/// How long an engine may take for `text`: 20 seconds, and a tenth of a
/// second a character (piper on an old PC reads about as fast as it
/// speaks, ~15 characters a second; espeak-ng a hundred times faster).
pub(crate) fn time_limit(text: &str) -> Duration {
    let chars = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    Duration::from_millis(20_000u64.saturating_add(chars.saturating_mul(100)))
}

/// Reads `text` aloud into `data/speech/<key>.wav` under the station's
/// data folder `data_dir`, or finds it there from an earlier time: the
/// key is the SHA-256 of the engine, voice, speed, model (its path, size
/// and time) and the text, so the engine runs once per text as set up.
///
/// Callers normalise the text first (`loaxa_core::speech::normalize`):
/// what is given here is what the engine reads, and what `text_sha256`
/// is of.
///
/// It blocks while the engine runs (up to `time_limit(text)`): call it on
/// a thread that may block (tokio's `spawn_blocking`), ahead of air time,
/// never on the daemon's event loop.
pub fn synthesize(
    settings: &VoiceSettings,
    data_dir: &Path,
    text: &str,
) -> Result<Spoken, VoiceError> {
    synthesize_within(settings, data_dir, text, time_limit(text))
}

/// `synthesize`, the engine stopped at `limit`.
fn synthesize_within(
    settings: &VoiceSettings,
    data_dir: &Path,
    text: &str,
    limit: Duration,
) -> Result<Spoken, VoiceError> {
    let (key, path) = place(settings, data_dir, text)?;
    let voice = settings.voice_name();
    let spoken = |path: PathBuf, cached| Spoken {
        path,
        text_sha256: cache::text_sha256(text),
        engine: settings.engine,
        voice: voice.clone(),
        cached,
    };
    if cache::usable(&path) {
        return Ok(spoken(path, true));
    }
    let program = find_program(settings)?;
    let dir = cache::folder(data_dir)?;
    let scratch = cache::scratch(&dir, &key);
    let made = speak(settings, &program, text, &scratch, limit)
        .and_then(|()| cache::keep(&scratch, &path));
    // Whatever the engine left (an engine may even make a folder there).
    let _ = std::fs::remove_file(&scratch).or_else(|_| std::fs::remove_dir(&scratch));
    made.map(|()| spoken(path, false))
}

/// The cache key of `text` as set up, and where its speech is kept.
fn place(
    settings: &VoiceSettings,
    data_dir: &Path,
    text: &str,
) -> Result<(String, PathBuf), VoiceError> {
    if text.trim().is_empty() {
        return Err(VoiceError::EmptyText);
    }
    let model = match settings.engine {
        Engine::EspeakNg => Vec::new(),
        Engine::Piper => {
            piper::check_model(settings.model.as_deref().ok_or(VoiceError::ModelNotSet)?)?
        }
    };
    let key = cache::key(&cache::Inputs {
        engine: settings.engine,
        voice: &settings.voice_name(),
        speed: settings.speed,
        model: &model,
        text,
    });
    let path = cache::path(data_dir, &key);
    Ok((key, path))
}

/// Where the speech of `text` (normalised, as for `synthesize`) is kept
/// as set up, and whether it is there already; no engine is run and
/// nothing is written. For a simulation, which needs only the length of
/// what it would air, and for naming the speech before it is made.
pub fn speech_path(
    settings: &VoiceSettings,
    data_dir: &Path,
    text: &str,
) -> Result<(PathBuf, bool), VoiceError> {
    let (_, path) = place(settings, data_dir, text)?;
    let made = cache::usable(&path);
    Ok((path, made))
}

/// Runs the engine on `text`, writing `out`; checks it made sound.
fn speak(
    settings: &VoiceSettings,
    program: &Path,
    text: &str,
    out: &Path,
    limit: Duration,
) -> Result<(), VoiceError> {
    let args = match (settings.engine, &settings.model) {
        (Engine::EspeakNg, _) => espeak::args(&settings.voice, settings.speed, out),
        (Engine::Piper, Some(model)) => piper::args(model, settings.speed, out),
        (Engine::Piper, None) => return Err(VoiceError::ModelNotSet),
    };
    let mut input = text.as_bytes().to_vec();
    if !text.ends_with('\n') {
        // piper reads lines.
        input.push(b'\n');
    }
    let ran = run::run(program, &args, &input, limit).map_err(|e| match e {
        run::RunError::Start(e) => VoiceError::Start {
            program: program.to_path_buf(),
            detail: crate::i18n::os_detail(&e),
        },
        run::RunError::TimedOut => VoiceError::TimedOut {
            program: program.to_path_buf(),
            seconds: limit.as_secs_f64().ceil() as u64,
        },
    })?;
    if !ran.status.success() {
        return Err(VoiceError::failed(program, &ran));
    }
    let no_sound = |detail: String| VoiceError::NoSound {
        program: program.to_path_buf(),
        detail,
    };
    match std::fs::symlink_metadata(out) {
        Err(e) => return Err(no_sound(e.to_string())),
        Ok(m) if !m.is_file() => return Err(no_sound(not_a_file())),
        Ok(m) if m.len() == 0 => return Err(no_sound(t!("voice-empty-file"))),
        Ok(_) => {}
    }
    match cache::wav_frames(out) {
        Ok(0) => Err(no_sound(t!("voice-empty-file"))),
        Ok(_) => Ok(()),
        Err(e) => Err(no_sound(e)),
    }
}

#[cfg(test)]
mod tests;
