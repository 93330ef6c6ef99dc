//! Preparing a program's items for air: resolve, fingerprint, open the
//! decoder and resampler, prime. Runs on the blocking pool.

use std::path::{Path, PathBuf};

use crate::airlog::SegmentInfo;
use crate::audio::bus::Cue;
use crate::audio::{AudioError, FileDecoder};
use crate::decide::round_ms;
use crate::i18n::Msg;
use crate::library::{self, Facts};
use crate::program::{Item, Shape, Source, shape};
use crate::schedule::Level;

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
}

/// Opens every item of a program, in order. Runs on the blocking pool.
/// With `silent`, an item is only measured (a simulation with the null
/// output does not need the sound). Files the library had not decoded yet
/// are decoded here; what is found goes back to the library.
pub(super) fn prepare(
    audio_dir: &Path,
    items: Vec<(SegmentInfo, Item)>,
    silent: bool,
) -> Vec<Prepared> {
    items
        .into_iter()
        .map(|(mut info, item)| {
            let mut checked = None;
            let mut opened = None;
            // Speech lives in the data folder's cache, not the drop folder.
            let path = match &item.speech {
                Some(s) => Ok(PathBuf::from(&s.path)),
                None => library::resolve(audio_dir, &item.file),
            };
            let facts = match item.source {
                Source::Ready(f) => Ok(f),
                Source::Fail(why) => Err(why),
                Source::Arriving => Err(msg!("daemon-still-copying")),
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
            let cue = facts.and_then(|f| {
                let shape = shape(&f, item.level);
                info.sha256 = Some(f.sha256.clone());
                info.duration = Some(round_ms(f.duration));
                info.gain_db = (shape.gain_db != 0.0).then(|| round_ms(shape.gain_db));
                info.limited_db = (shape.limit_db > 0.0).then(|| round_ms(shape.limit_db));
                info.trimmed = (shape.trim_start + shape.trim_end > 0.0)
                    .then(|| [round_ms(shape.trim_start), round_ms(shape.trim_end)]);
                if silent {
                    let (_, keep) = frames_kept(&f, &shape);
                    return Ok(Cue::silent(info.index, keep));
                }
                let path = path.map_err(|e| e.msg())?;
                opened = file_stamp(&path).map(|s| (path.clone(), s));
                crate::audio::decode::guarded(|| cue_for(&path, info.index, &f, &shape))
                    .map_err(|e| e.msg())
            });
            Prepared {
                info,
                cue,
                opened,
                checked,
            }
        })
        .collect()
}

/// Frames skipped at the start and kept, at 48 kHz, for a shaped file.
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
