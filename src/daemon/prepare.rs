//! Preparing a program's items for air: resolve, fingerprint, open the
//! decoder and resampler, prime. Runs on the blocking pool.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::airlog::SegmentInfo;
use crate::audio::bus::Cue;
use crate::audio::{AudioError, FileDecoder};
use crate::decide::round_ms;
use crate::i18n::Msg;
use crate::library::{self, Facts};
use crate::program::{Item, Shape, Source, shape};
use crate::schedule::{Level, TextSource};
use crate::voice::{self, EngineInfo, VoiceSettings};

use loaxa_core::loudness::DEFAULT_LEVEL;

/// Which file, and which version of it: device, inode, size, modification.
pub(super) type FileStamp = (u64, u64, u64, i128);

pub(super) fn file_stamp(path: &Path) -> Option<FileStamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    let mtime = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    Some((m.dev(), m.ino(), m.len(), mtime))
}

/// One segment after preparation: ready to play, or why not.
pub(super) struct Prepared {
    pub(crate) info: SegmentInfo,
    pub(crate) cue: Result<Cue, Msg>,
    /// The file as it was when opened for air, to notice it changing on air.
    pub(crate) opened: Option<(PathBuf, FileStamp)>,
    /// A file decoded for the first time here, for the library.
    pub(crate) checked: Option<(String, Result<Facts, AudioError>)>,
    /// A relay item: what to log of it when it ends.
    pub(crate) relay: Option<super::relaying::RelayWatch>,
}

/// What preparing text items needs: the station's `[voice]`, where the
/// speech is kept, and the station folder (the log names the speech of
/// typed words by its path from there, as `loaxa say` does).
#[derive(Debug, Clone)]
pub(crate) struct Voicing {
    pub(crate) settings: VoiceSettings,
    pub(crate) data_dir: PathBuf,
    pub(crate) station_dir: PathBuf,
    /// `[relay] fallback_after`: how long a relay may be silent before
    /// its fallback airs.
    pub(crate) fallback_after: chrono::Duration,
}

impl Voicing {
    /// The station's `[voice]`, in the item's own voice if it has one
    /// (see `VoiceSettings::for_item`).
    pub(crate) fn settings_for(&self, voice: Option<&str>) -> Result<VoiceSettings, Msg> {
        self.settings
            .for_item(voice, &self.station_dir)
            .map_err(|e| e.msg())
    }
}

/// Opens every item of a program, in order. Runs on the blocking pool.
/// With `silent`, an item is only measured (a simulation with the null
/// output does not need the sound). Files the library had not decoded yet
/// are decoded here; what is found goes back to the library. Text items
/// are read aloud here (or found read, in the speech cache).
pub(super) fn prepare(
    audio_dir: &Path,
    voicing: &Voicing,
    items: Vec<(SegmentInfo, Item)>,
    silent: bool,
) -> Vec<Prepared> {
    // Whether each voice can speak, asked once a program (a simulation).
    let mut ready: HashMap<String, Result<EngineInfo, Msg>> = HashMap::new();
    items
        .into_iter()
        .map(|(mut info, item)| {
            if item.relay.is_some() {
                let made = super::relaying::relay_cue(
                    audio_dir,
                    &mut info,
                    &item,
                    silent,
                    voicing.fallback_after,
                );
                let (cue, relay) = match made {
                    Ok((cue, watch)) => (Ok(cue), watch),
                    Err(why) => (Err(why), None),
                };
                return Prepared {
                    info,
                    cue,
                    opened: None,
                    checked: None,
                    relay,
                };
            }
            if item.text.is_none() {
                return prepare_file(audio_dir, info, item, silent);
            }
            let level = item.level;
            let cue = match voice_item(audio_dir, voicing, &mut info, &item, silent, &mut ready) {
                Err(why) => Err(why),
                Ok(Voiced::Estimated(seconds)) => {
                    info.duration = Some(round_ms(seconds));
                    Ok(Cue::silent(info.index, (seconds * 48_000.0).round() as u64))
                }
                Ok(Voiced::Spoken(path)) => {
                    let facts = library::analyze_for(&path, level).map_err(|e| e.msg());
                    let (cue, opened) = cue_from(&mut info, facts, Ok(path), level, silent);
                    return Prepared {
                        info,
                        cue,
                        opened,
                        checked: None,
                        relay: None,
                    };
                }
            };
            Prepared {
                info,
                cue,
                opened: None,
                checked: None,
                relay: None,
            }
        })
        .collect()
}

/// A recording of the drop folder (or speech made by `loaxa say`).
fn prepare_file(audio_dir: &Path, mut info: SegmentInfo, item: Item, silent: bool) -> Prepared {
    let mut checked = None;
    // Speech lives in the data folder's cache, not the drop folder.
    let path = match &item.speech {
        Some(s) => Ok(PathBuf::from(&s.path)),
        None => library::resolve(audio_dir, &item.file),
    };
    let facts = match item.source {
        Source::Ready(f) => Ok(f),
        Source::Fail(why) => Err(why),
        Source::Arriving => Err(msg!("daemon-still-copying")),
        // Only a text item has words; this one has none.
        Source::Text(_) => Err(msg!("lib-text-not-audio")),
        Source::Relay => Err(msg!("lib-relay-not-file")),
        Source::Unchecked => {
            let found = path
                .clone()
                .and_then(|p| library::analyze_for(&p, item.level));
            if item.speech.is_none() {
                checked = Some((item.file.clone(), found.clone()));
            }
            found.map_err(|e| e.msg())
        }
    };
    let (cue, opened) = cue_from(&mut info, facts, path, item.level, silent);
    Prepared {
        info,
        cue,
        opened,
        checked,
        relay: None,
    }
}

/// The cue of an item whose facts are known (what the log says about it
/// filled in), and the file as it was opened.
fn cue_from(
    info: &mut SegmentInfo,
    facts: Result<Facts, Msg>,
    path: Result<PathBuf, AudioError>,
    level: Level,
    silent: bool,
) -> (Result<Cue, Msg>, Option<(PathBuf, FileStamp)>) {
    let mut opened = None;
    let cue = facts.and_then(|f| {
        let shape = shape(&f, level);
        note_shape(info, &f, &shape);
        if silent {
            return Ok(silent_cue(info.index, &f, &shape));
        }
        let path = path.map_err(|e| e.msg())?;
        opened = file_stamp(&path).map(|s| (path.clone(), s));
        crate::audio::decode::guarded(|| cue_for(&path, info.index, &f, &shape))
            .map_err(|e| e.msg())
    });
    (cue, opened)
}

/// Where a text item's speech stands once prepared.
enum Voiced {
    /// Read aloud (now, or found in the cache): the speech to air.
    Spoken(PathBuf),
    /// Not made (a simulation with the null output, which needs only the
    /// length): how long it would take to say.
    Estimated(f64),
}

/// A text item read aloud: its words (a text file is read again now, as
/// it is at air time), the speech made or found made, and the evidence
/// in the log's entry: the SHA-256 of the text as written (a file's
/// bytes), the engine and the voice.
fn voice_item(
    audio_dir: &Path,
    voicing: &Voicing,
    info: &mut SegmentInfo,
    item: &Item,
    silent: bool,
    ready: &mut HashMap<String, Result<EngineInfo, Msg>>,
) -> Result<Voiced, Msg> {
    match &item.source {
        Source::Fail(why) => return Err(why.clone()),
        Source::Arriving => return Err(msg!("daemon-still-copying")),
        Source::Ready(_) | Source::Relay => return Err(msg!("lib-audio-not-text")),
        Source::Text(_) | Source::Unchecked => {}
    }
    let (written, sha256) = match &item.text {
        Some(TextSource::Typed(t)) => (t.clone(), crate::airlog::hash_hex(t.as_bytes())),
        Some(TextSource::File(rel)) => {
            let path = library::resolve(audio_dir, rel).map_err(|e| e.msg())?;
            let facts = library::read_text(&path).map_err(|e| e.msg())?;
            (facts.text, facts.sha256)
        }
        None => return Err(msg!("text-empty")),
    };
    info.text_sha256 = Some(sha256);
    let settings = voicing.settings_for(item.voice.as_deref())?;
    let spoken_text = loaxa_core::speech::normalize(&written);
    // Typed words have no file of their own: the log names their speech.
    let typed = matches!(item.text, Some(TextSource::Typed(_)));
    if silent {
        let (path, made) =
            voice::speech_path(&settings, &voicing.data_dir, &spoken_text).map_err(|e| e.msg())?;
        if made {
            if typed {
                info.file = relative(&voicing.station_dir, &path);
            }
            // Aired from the cache, whatever became of the engine since.
            info.engine = Some(settings.engine.name().to_string());
            info.voice = Some(settings.voice_name());
            return Ok(Voiced::Spoken(path));
        }
        let engine = ready
            .entry(settings.voice.clone())
            .or_insert_with(|| voice::ready(&settings).map_err(|e| e.msg()))
            .clone()?;
        info.engine = Some(engine.engine.name().to_string());
        info.voice = Some(engine.voice);
        let seconds = loaxa_core::speech::estimate_seconds(&written, settings.speed);
        return Ok(Voiced::Estimated(seconds));
    }
    let spoken =
        voice::synthesize(&settings, &voicing.data_dir, &spoken_text).map_err(|e| e.msg())?;
    if typed {
        info.file = relative(&voicing.station_dir, &spoken.path);
    }
    info.engine = Some(spoken.engine.name().to_string());
    info.voice = Some(spoken.voice.clone());
    Ok(Voiced::Spoken(spoken.path))
}

/// `path` from the station folder, as the log names files outside `audio/`.
fn relative(station_dir: &Path, path: &Path) -> String {
    path.strip_prefix(station_dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Frames skipped at the start and kept, at 48 kHz, for a shaped file.
/// What shaping an item does (its audio's hash and length, the gain, the
/// limiter, the silence trimmed), noted in its record.
pub(super) fn note_shape(info: &mut SegmentInfo, f: &Facts, shape: &Shape) {
    info.sha256 = Some(f.sha256.clone());
    info.duration = Some(round_ms(f.duration));
    info.gain_db = (shape.gain_db != 0.0).then(|| round_ms(shape.gain_db));
    info.limited_db = (shape.limit_db > 0.0).then(|| round_ms(shape.limit_db));
    info.trimmed = (shape.trim_start + shape.trim_end > 0.0)
        .then(|| [round_ms(shape.trim_start), round_ms(shape.trim_end)]);
}

/// The cue of an item on an output that needs only its length.
pub(super) fn silent_cue(index: usize, f: &Facts, shape: &Shape) -> Cue {
    Cue::silent(index, frames_kept(f, shape).1)
}

fn frames_kept(f: &Facts, shape: &Shape) -> (u64, u64) {
    let total = crate::audio::resample::frames_at_48k(f.frames, f.rate);
    let skip = (shape.trim_start * 48_000.0).round() as u64;
    let end = (shape.trim_end * 48_000.0).round() as u64;
    (skip, total.saturating_sub(skip + end))
}

/// The airing path's work for one item whose facts are known: open its
/// decoder and resampler, shape it (silence, gain), decode its first
/// 100 ms, so nothing of this is left for the instant.
// pub for benches/airing.rs
pub fn cue_for(path: &Path, index: usize, facts: &Facts, shape: &Shape) -> Result<Cue, AudioError> {
    let d = FileDecoder::open(path)?;
    let (skip, keep) = frames_kept(facts, shape);
    let gain = 10f64.powf(shape.gain_db / 20.0) as f32;
    let limit =
        (shape.limit_db > 0.0).then(|| 10f64.powf(crate::program::LIMIT_CEILING / 20.0) as f32);
    let mut cue = Cue::shaped(index, d, skip, keep, gain, limit)
        .map_err(|e| AudioError::Unsupported(e.to_string()))?;
    cue.prime(4_800);
    Ok(cue)
}

/// Everything that happens to a file before air time, from nothing: decode
/// it whole (check, loudness, fingerprint), then `cue_for` at the station's
/// default level. For benchmarks and tests; the daemon keeps the facts.
// pub for benches/airing.rs
pub fn prepare_cue(audio_dir: &Path, file: &str, index: usize) -> Result<(Cue, Facts), AudioError> {
    let path = library::resolve(audio_dir, file)?;
    let level = Level::Target(DEFAULT_LEVEL);
    let facts = library::analyze_for(&path, level)?;
    let shape = shape(&facts, level);
    Ok((cue_for(&path, index, &facts, &shape)?, facts))
}
