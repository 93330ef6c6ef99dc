//! The drop folder (`audio/`): which recordings are ready, which are still
//! arriving, which cannot be used and why; what each one is (duration,
//! loudness, silence at the ends, fingerprint, tags); and finding the file a
//! schedule names however its name was typed (NFC or NFD, extension case).
//!
//! Every file is decoded whole once; the results are kept in the data folder
//! (`library.json`), keyed by path, size and modification time, so a restart
//! with thousands of files decodes nothing again. The operator's files are
//! only ever read.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audio::AudioError;
use crate::audio::decode::{FileDecoder, probe_with};
use crate::audio::limiter::Limiter;
use crate::audio::resample::To48k;
use crate::i18n::Msg;
use crate::schedule::Level;
use loaxa_core::loudness::{LIMIT_CEILING, MAX_GAIN, PEAK_CEILING};

pub(crate) use loaxa_core::library::{
    Entry, Facts, Levelled, Lookup, Sidecar, State, TextFacts, View, name_key,
};

/// How long a file must be left unchanged before it counts as copied.
pub(crate) const SETTLE: Duration = Duration::from_secs(3);
/// Below this level (−60 dBFS) a sample counts as silence: low enough that
/// the decay of a note or a breath is not taken for it.
const SILENCE: f32 = 0.001;

/// The file `rel` (as cleaned by the schedule reader) inside `audio_dir`.
/// A symbolic link that points outside the folder is refused.
// pub for benches/airing.rs
pub fn resolve(audio_dir: &Path, rel: &str) -> Result<PathBuf, AudioError> {
    let path = audio_dir.join(rel);
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(AudioError::Missing),
        Err(e) => return Err(AudioError::from_io(&e)),
    };
    let root = audio_dir
        .canonicalize()
        .map_err(|e| AudioError::FolderUnreadable(e.to_string()))?;
    if !real.starts_with(&root) {
        return Err(AudioError::LinkOutside);
    }
    let meta = std::fs::metadata(&real).map_err(|e| AudioError::from_io(&e))?;
    if meta.is_dir() {
        return Err(AudioError::IsFolder);
    }
    // A FIFO would block the reader for ever, a device would never end.
    if !meta.is_file() {
        return Err(AudioError::NotRegular);
    }
    Ok(path)
}

/// What the walk makes of one entry of the drop folder.
enum Found {
    /// A folder of the tree itself: looked into.
    Folder(PathBuf),
    /// A recording (or a link to one inside the folder): its metadata,
    /// and why it is refused, if it is.
    File(std::fs::Metadata, Option<Msg>),
    /// Nothing to list: a link to a folder (not followed: links out of the
    /// tree or back into it would make the walk leave or loop).
    Skip,
}

/// Looks at `path` (relative `rel`) without following it blindly.
fn classify(root: &Path, path: &Path, rel: &str) -> Option<Found> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Some(Found::Folder(path.to_path_buf()));
    }
    if kind.is_symlink() {
        return Some(match resolve(root, rel) {
            Ok(target) => match std::fs::metadata(&target) {
                Ok(m) => Found::File(m, None),
                Err(e) => Found::File(meta, Some(AudioError::Unreadable(e.to_string()).msg())),
            },
            Err(AudioError::IsFolder) => Found::Skip,
            Err(AudioError::Missing) => Found::File(meta, Some(msg!("audio-link-broken"))),
            Err(e) => Found::File(meta, Some(e.msg())),
        });
    }
    if !kind.is_file() {
        return Some(Found::File(meta, Some(msg!("audio-not-regular"))));
    }
    Some(Found::File(meta, None))
}

/// SHA-256 of a file's bytes, as lowercase hex: what exactly aired.
// pub for tests/cli.rs
pub fn sha256_file(path: &Path) -> Result<String, AudioError> {
    let mut f = File::open(path).map_err(|e| AudioError::from_io(&e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| AudioError::from_io(&e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// What checking one file of the drop folder found: a recording's facts,
/// or a typed bulletin's text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Checked {
    Audio(Facts),
    Text(TextFacts),
}

/// Checks one file of the drop folder: a `.txt` is read as a typed
/// bulletin (never decoded as audio), anything else decoded whole.
pub(crate) fn check_file(path: &Path, level: Level) -> Result<Checked, AudioError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if loaxa_core::bulletin::is_text_file(&name) {
        read_text(path).map(Checked::Text)
    } else {
        analyze_for(path, level).map(Checked::Audio)
    }
}

/// Reads a typed bulletin: UTF-8, with words, within the length a text
/// item may have (a bigger file is refused by its size, unread).
pub(crate) fn read_text(path: &Path) -> Result<TextFacts, AudioError> {
    let f = File::open(path).map_err(|e| AudioError::from_io(&e))?;
    let size = f.metadata().map_err(|e| AudioError::from_io(&e))?.len();
    let max = loaxa_core::bulletin::MAX_TEXT_BYTES;
    let too_big = |bytes: u64| {
        AudioError::NotText(msg!(
            "text-file-too-big",
            bytes = bytes,
            max = loaxa_core::bulletin::MAX_TEXT_CHARS
        ))
    };
    if size > max {
        return Err(too_big(size));
    }
    let mut bytes = Vec::new();
    // Bounded: the file may grow while it is read.
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AudioError::from_io(&e))?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    loaxa_core::bulletin::read(&bytes).map_err(AudioError::NotText)
}

/// Decodes a whole file once, and once or twice more when it must be
/// limited to reach `level` (see `levelled_gain`).
// pub for tests/fuzz.rs
pub fn analyze_for(path: &Path, level: Level) -> Result<Facts, AudioError> {
    crate::audio::decode::guarded(|| {
        let mut facts = analyze(path)?;
        if let Level::Target(target) = level {
            facts.levelled =
                levelled_gain(path, &facts, target)?.map(|gain_db| Levelled { target, gain_db });
        }
        Ok(facts)
    })
}

/// Limiting a peaky recording takes loudness off it, more the more it is
/// limited: its gain is found by rendering it as it airs (48 kHz, gain,
/// limiter) and measuring, until it lands within 0.2 LU. `None` when the
/// limiter is not needed (the plain gain is exact then).
pub(crate) fn levelled_gain(
    path: &Path,
    facts: &Facts,
    target: f64,
) -> Result<Option<f64>, AudioError> {
    let (Some(loudness), Some(peak)) = (facts.loudness, facts.true_peak) else {
        return Ok(None);
    };
    let mut gain = (target - loudness).min(MAX_GAIN);
    if peak + gain <= PEAK_CEILING {
        return Ok(None);
    }
    let ceiling = 10f64.powf(LIMIT_CEILING / 20.0) as f32;
    for _ in 0..3 {
        let decoder = FileDecoder::open(path)?;
        let samples = To48k::new(decoder).map_err(|e| AudioError::Unsupported(e.to_string()))?;
        let g = 10f64.powf(gain / 20.0) as f32;
        let mut meter = ebur128::EbuR128::new(2, 48_000, ebur128::Mode::I)
            .map_err(|e| AudioError::Unsupported(e.to_string()))?;
        let mut block = Vec::with_capacity(9_600);
        for s in Limiter::new(samples.map(move |s| s * g), ceiling) {
            block.push(s);
            if block.len() == block.capacity() {
                let _ = meter.add_frames_f32(&block);
                block.clear();
            }
        }
        let _ = meter.add_frames_f32(&block);
        let Some(measured) = meter.loudness_global().ok().filter(|l| l.is_finite()) else {
            break;
        };
        let off = target - measured;
        if off.abs() < 0.2 || gain >= MAX_GAIN {
            break;
        }
        gain = (gain + off).min(MAX_GAIN);
    }
    Ok(Some(gain))
}

/// Decodes a whole file once: checks it, measures it, fingerprints it.
// pub for benches/airing.rs
pub fn analyze(path: &Path) -> Result<Facts, AudioError> {
    let sha256 = sha256_file(path)?;
    let mut meter: Option<ebur128::EbuR128> = None;
    let mut frame = 0u64;
    let mut first_loud: Option<u64> = None;
    let mut last_loud: Option<u64> = None;
    let (info, tags) = probe_with(path, |chunk, channels, rate| {
        let ch = channels.max(1) as usize;
        if meter.is_none() {
            meter = ebur128::EbuR128::new(
                ch as u32,
                rate.max(1),
                ebur128::Mode::I | ebur128::Mode::TRUE_PEAK,
            )
            .ok();
            // A mono recording airs on both channels: measured as it sounds.
            if ch == 1
                && let Some(m) = meter.as_mut()
            {
                let _ = m.set_channel(0, ebur128::Channel::DualMono);
            }
        }
        if let Some(m) = meter.as_mut() {
            let _ = m.add_frames_f32(chunk);
        }
        for f in chunk.chunks_exact(ch) {
            if f.iter().any(|s| s.abs() > SILENCE) {
                first_loud.get_or_insert(frame);
                last_loud = Some(frame);
            }
            frame += 1;
        }
    })?;
    let (loudness, true_peak) = match &meter {
        Some(m) => {
            let l = m.loudness_global().ok().filter(|l| l.is_finite());
            let peak = (0..info.channels as u32)
                .filter_map(|c| m.true_peak(c).ok())
                .fold(0.0f64, f64::max);
            (l, (peak > 0.0).then(|| 20.0 * peak.log10()))
        }
        None => (None, None),
    };
    let secs = |frames: u64| frames as f64 / info.rate.max(1) as f64;
    let (lead, tail) = match (first_loud, last_loud) {
        (Some(a), Some(b)) => (secs(a), secs(info.frames.saturating_sub(b + 1))),
        _ => (info.duration, 0.0),
    };
    Ok(Facts {
        sha256,
        duration: info.duration,
        rate: info.rate,
        channels: info.channels,
        frames: info.frames,
        damaged: info.damaged,
        loudness,
        true_peak,
        lead_silence: lead,
        tail_silence: tail,
        title: tags.title,
        artist: tags.artist,
        genre: tags.genre,
        levelled: None,
    })
}

pub use crate::audio::AUDIO_EXTENSIONS;

/// Files being written by common copy tools and editors, hidden files, and
/// files that are not recordings by their extension.
pub(crate) fn is_ignored(name: &str) -> bool {
    let lower = name.to_lowercase();
    let audio = lower
        .rsplit_once('.')
        .is_some_and(|(_, ext)| AUDIO_EXTENSIONS.contains(&ext));
    name.starts_with('.') || name.starts_with("~$") || !audio
}

/// What the library keeps track of: recordings, and typed bulletins
/// (`.txt`, read aloud by text items; never decoded as audio).
pub(crate) fn is_listed(name: &str) -> bool {
    let hidden = name.starts_with('.') || name.starts_with("~$");
    !is_ignored(name) || (!hidden && loaxa_core::bulletin::is_text_file(name))
}

fn mtime_ns(m: &std::fs::Metadata) -> i128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// Raised when what is cached changes meaning: older caches are decoded
/// again. 3: reasons are message codes (`{id, args}`); a version 2 cache
/// (sentences) is still read, and an older loaxa reading a version 3 one
/// says it is old and decodes again instead of failing on it.
const CACHE_VERSION: u32 = 3;

/// What the cache file holds for one file.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    rel: String,
    size: u64,
    mtime: i128,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    facts: Option<Facts>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    unusable: Option<Reason>,
}

/// Why a file cannot air, as the cache keeps it: a message code and its
/// values. Caches written before kept the sentence itself, in the language
/// of the day; those are still read and shown as they are.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Reason {
    Code(Msg),
    Text(String),
}

impl Reason {
    fn msg(self) -> Msg {
        match self {
            Reason::Code(m) => m,
            Reason::Text(t) => Msg::verbatim(t),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    files: Vec<Cached>,
}

/// The drop folder as loaxa knows it.
#[derive(Debug, Clone)]
pub(crate) struct Library {
    root: PathBuf,
    cache_path: Option<PathBuf>,
    entries: BTreeMap<String, Entry>,
    /// `name_key` → the names on disk that have it.
    index: HashMap<String, Vec<String>>,
    dirty: bool,
    /// The station's loudness, which files are measured against.
    level: Level,
}

/// What a scan did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct ScanReport {
    pub(crate) files: usize,
    pub(crate) decoded: usize,
    pub(crate) from_cache: usize,
    pub(crate) arriving: usize,
    pub(crate) unchecked: usize,
}

impl Library {
    /// A library of `root`, with what the cache (if any) remembers; files
    /// are measured against the station's `level`.
    pub(crate) fn open(root: &Path, cache_path: Option<&Path>, level: Level) -> Library {
        let mut lib = Library {
            root: root.to_path_buf(),
            cache_path: cache_path.map(Path::to_path_buf),
            entries: BTreeMap::new(),
            index: HashMap::new(),
            dirty: false,
            level,
        };
        if let Some(p) = cache_path
            && let Ok(text) = std::fs::read_to_string(p)
        {
            match serde_json::from_str::<CacheFile>(&text) {
                Ok(c) if c.version == CACHE_VERSION || c.version == 2 => {
                    for f in c.files {
                        let state = match (f.facts, f.unusable) {
                            // Measured for another loudness: measure again.
                            (Some(facts), _)
                                if !loaxa_core::loudness::measured_for(&facts, level) =>
                            {
                                State::Unchecked
                            }
                            (Some(facts), _) => State::Ready(facts),
                            (None, Some(why)) => State::Unusable(why.msg()),
                            (None, None) => continue,
                        };
                        lib.entries.insert(
                            f.rel.clone(),
                            Entry {
                                rel: f.rel,
                                size: f.size,
                                mtime: f.mtime,
                                state,
                            },
                        );
                    }
                }
                // An old or damaged cache only costs decoding again.
                Ok(_) => tracing::info!("{}: {}", p.display(), t!("lib-cache-old")),
                Err(e) => tracing::warn!(
                    "{}: {}",
                    p.display(),
                    t!("lib-cache-unreadable", detail = e.to_string())
                ),
            }
        }
        lib.reindex();
        lib
    }

    fn reindex(&mut self) {
        self.index.clear();
        for rel in self.entries.keys() {
            self.index
                .entry(name_key(rel))
                .or_default()
                .push(rel.clone());
        }
    }

    /// Every file under the root, relative, sorted, with why it is refused
    /// if it is (a link out of the folder, a FIFO or device, a name that is
    /// not text). Links to folders are not followed.
    fn walk(&self) -> Vec<(String, std::fs::Metadata, Option<Msg>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.filter_map(|e| e.ok()) {
                let os_name = e.file_name();
                let name = os_name.to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let path = e.path();
                let rel = path
                    .strip_prefix(&self.root)
                    .map(|r| r.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| name.clone());
                match classify(&self.root, &path, &rel) {
                    Some(Found::Folder(p)) => stack.push(p),
                    Some(Found::File(meta, refused)) if is_listed(&name) => {
                        let refused = match os_name.to_str() {
                            None => Some(msg!("audio-name-not-text")),
                            Some(_) => refused,
                        };
                        out.push((rel, meta, refused));
                    }
                    _ => {}
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Looks at every file: new and changed ones are marked (arriving while
    /// they change, unchecked once settled), gone ones forgotten. Decodes
    /// nothing: see `check_pending`.
    pub(crate) fn scan(&mut self, now: SystemTime) -> ScanReport {
        let found = self.walk();
        let mut report = ScanReport {
            files: found.len(),
            ..ScanReport::default()
        };
        let mut keep: BTreeMap<String, Entry> = BTreeMap::new();
        // The name index is rebuilt only when names came or went: a rescan
        // that finds the folder as it was (most of them) costs the walk only.
        let mut renamed = false;
        for (rel, meta, refused) in found {
            let (size, mtime) = (meta.len(), mtime_ns(&meta));
            let old = self.entries.remove(&rel);
            renamed |= old.is_none();
            let state = match old {
                _ if refused.is_some() => {
                    self.dirty = true;
                    State::Unusable(refused.unwrap_or_default())
                }
                Some(e) if e.size == size && e.mtime == mtime && e.state != State::Arriving => {
                    if matches!(e.state, State::Ready(_) | State::Unusable(_)) {
                        report.from_cache += 1;
                    }
                    e.state
                }
                _ => {
                    self.dirty = true;
                    settled_state(&meta, now)
                }
            };
            match state {
                State::Arriving => report.arriving += 1,
                State::Unchecked => report.unchecked += 1,
                _ => {}
            }
            keep.insert(
                rel.clone(),
                Entry {
                    rel,
                    size,
                    mtime,
                    state,
                },
            );
        }
        if !self.entries.is_empty() {
            self.dirty = true;
            renamed = true;
        }
        self.entries = keep;
        if renamed {
            self.reindex();
        }
        report
    }

    /// Re-reads one file (a watch event): arriving, unchecked, or gone.
    pub(crate) fn touch(&mut self, rel: &str, now: SystemTime) {
        let path = self.root.join(rel);
        let name = rel.rsplit('/').next().unwrap_or(rel);
        match classify(&self.root, &path, rel) {
            Some(Found::File(meta, refused)) if is_listed(name) => {
                let (size, mtime) = (meta.len(), mtime_ns(&meta));
                let same = self.entries.get(rel).is_some_and(|e| {
                    e.size == size && e.mtime == mtime && e.state != State::Arriving
                });
                if !same || refused.is_some() {
                    let state = match refused {
                        Some(why) => State::Unusable(why),
                        None => settled_state(&meta, now),
                    };
                    self.entries.insert(
                        rel.to_string(),
                        Entry {
                            rel: rel.to_string(),
                            size,
                            mtime,
                            state,
                        },
                    );
                    self.dirty = true;
                    self.reindex();
                }
            }
            _ => {
                if self.entries.remove(rel).is_some() {
                    self.dirty = true;
                    self.reindex();
                }
            }
        }
    }

    /// Files waiting to be decoded (settled, unchecked), and arriving ones
    /// that have now settled.
    pub(crate) fn pending(&mut self, now: SystemTime) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.entries.values_mut() {
            if e.state == State::Arriving {
                let mtime = UNIX_EPOCH + Duration::from_nanos(e.mtime.max(0) as u64);
                if settled(mtime, now) {
                    e.state = State::Unchecked;
                }
            }
            if e.state == State::Unchecked {
                out.push(e.rel.clone());
            }
        }
        out
    }

    /// Decodes every settled, unchecked file (a CLI command, a simulation,
    /// a test). The daemon does it one file at a time in the background.
    pub(crate) fn check_pending(&mut self, now: SystemTime) -> usize {
        let todo = self.pending(now);
        // Decoding is CPU-bound and files are independent: one worker per
        // core makes a cold scan of a big library that much shorter.
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(todo.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let (root, level) = (&self.root, self.level);
        let results: Vec<(usize, Result<Checked, AudioError>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    s.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(rel) = todo.get(i) else { break };
                            done.push((i, check_file(&root.join(rel), level)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (i, result) in results {
            self.set_checked(&todo[i], result);
        }
        todo.len()
    }

    /// Records what checking `rel` found.
    pub(crate) fn set_checked(&mut self, rel: &str, result: Result<Checked, AudioError>) {
        if let Some(e) = self.entries.get_mut(rel) {
            e.state = match result {
                Ok(Checked::Audio(f)) => State::Ready(f),
                Ok(Checked::Text(t)) => State::Text(t),
                // The machine's trouble for a moment: looked at again later.
                Err(why) if why.is_passing() => State::Unchecked,
                Err(why) => State::Unusable(why.msg()),
            };
            self.dirty = true;
        }
    }

    /// Writes what is known to the cache (atomically: a crash leaves the old one).
    pub(crate) fn save(&mut self) {
        let Some(path) = self.cache_path.clone() else {
            return;
        };
        if !self.dirty {
            return;
        }
        let files = self
            .entries
            .values()
            .filter_map(|e| {
                let (facts, unusable) = match &e.state {
                    State::Ready(f) => (Some(f.clone()), None),
                    // A typed bulletin is read again at the next start (it
                    // costs nothing): the cache keeps no texts.
                    State::Unusable(w) if !loaxa_core::bulletin::is_text_file(&e.rel) => {
                        (None, Some(Reason::Code(w.clone())))
                    }
                    _ => return None,
                };
                Some(Cached {
                    rel: e.rel.clone(),
                    size: e.size,
                    mtime: e.mtime,
                    facts,
                    unusable,
                })
            })
            .collect();
        let text = match serde_json::to_string(&CacheFile {
            version: CACHE_VERSION,
            files,
        }) {
            Ok(t) => t,
            Err(_) => return,
        };
        let tmp = path.with_extension("json.tmp");
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, text))
            .and_then(|()| std::fs::rename(&tmp, &path));
        match written {
            Ok(()) => self.dirty = false,
            // An operator's command on an installed station: the data
            // folder is the daemon's, which keeps the cache itself.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                self.dirty = false;
                tracing::debug!("{}: {e}", path.display());
            }
            Err(e) => tracing::warn!(
                "{}",
                t!(
                    "cannot-save",
                    path = path.display().to_string(),
                    detail = crate::i18n::os_detail(&e)
                )
            ),
        }
    }

    /// Recordings whose names are close to `name`: the same but for
    /// diacritics, case or extension, the same name in another folder, or a
    /// slip of a letter or two. The closest first, at most three.
    pub(crate) fn close_matches(&self, name: &str) -> Vec<String> {
        let folded = crate::timefmt::fold_vi(name);
        let stem = |s: &str| -> String {
            match s.rsplit_once('.') {
                Some((stem, ext)) if !ext.contains('/') => stem.to_string(),
                _ => s.to_string(),
            }
        };
        let base = |s: &str| -> String { s.rsplit('/').next().unwrap_or(s).to_string() };
        let (want_stem, want_base) = (stem(&folded), base(&stem(&folded)));
        let mut scored: Vec<(usize, &str)> = self
            .entries
            .values()
            .filter_map(|e| {
                let f = crate::timefmt::fold_vi(&e.rel);
                let score = if f == folded {
                    0
                } else if stem(&f) == want_stem {
                    1
                } else if base(&stem(&f)) == want_base {
                    2
                } else {
                    let d = strsim::damerau_levenshtein(&stem(&f), &want_stem);
                    if d > 2.max(want_stem.chars().count() / 4) {
                        return None;
                    }
                    3 + d
                };
                Some((score, e.rel.as_str()))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, r)| r.to_string())
            .collect()
    }

    /// Whether any file is still being copied.
    pub(crate) fn has_arriving(&self) -> bool {
        self.entries.values().any(|e| e.state == State::Arriving)
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// Names that two or more files share once normalised.
    pub(crate) fn ambiguous(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = self
            .index
            .values()
            .filter(|v| v.len() > 1)
            .cloned()
            .collect();
        out.sort();
        out
    }
}

impl View for Library {
    /// The file a schedule names, however its name was typed.
    fn lookup(&self, name: &str) -> Result<&Entry, Lookup> {
        if let Some(e) = self.entries.get(name) {
            return Ok(e);
        }
        match self.index.get(&name_key(name)).map(Vec::as_slice) {
            Some([one]) => self.entries.get(one).ok_or(Lookup::Missing),
            Some(many) if !many.is_empty() => Err(Lookup::Ambiguous(many.to_vec())),
            _ => Err(Lookup::Missing),
        }
    }

    /// The ready files directly in `dir` (relative to `audio/`), by name.
    fn folder(&self, dir: &str) -> Vec<&Entry> {
        let key = name_key(dir.trim_end_matches('/'));
        self.entries
            .values()
            .filter(|e| {
                let parent = e.rel.rsplit_once('/').map_or("", |(p, _)| p);
                name_key(parent) == key && matches!(e.state, State::Ready(_) | State::Text(_))
            })
            .collect()
    }

    fn has_folder(&self, dir: &str) -> bool {
        self.root.join(dir).is_dir()
    }

    fn sidecar(&self, rel: &str) -> Sidecar {
        sidecar(&self.root, rel)
    }
}

/// The settle rule: a file modified at `mtime` has settled at `now` (the
/// present on the files' clock, `Clock::files_now`) once it was modified
/// at least `SETTLE` before. A time after `now` has not settled: a copy
/// from a machine whose clock is ahead goes on arriving until this clock
/// passes it (a simulation's `files_now` starts at the moment it began, so
/// recordings made before it are settled on any simulated day).
pub(crate) fn settled(mtime: SystemTime, now: SystemTime) -> bool {
    now.duration_since(mtime).is_ok_and(|age| age >= SETTLE)
}

/// What a sidecar `NAME.json` beside a recording says; nothing when there
/// is none, or it cannot be read (the log says why).
fn sidecar(audio: &Path, rel: &str) -> Sidecar {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let side = format!("{stem}.json");
    let path = audio.join(&side);
    if !path.exists() {
        return Sidecar::default();
    }
    // The same rule as for recordings: nothing from outside the folder
    // reaches the log or the report (no link out, no FIFO).
    if let Err(why) = resolve(audio, &side) {
        tracing::warn!("{}: {why}", path.display());
        return Sidecar::default();
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap_or_else(|e| {
            tracing::warn!(
                "{}: {e} — write {{ \"title\": …, \"author\": …, \"topic\": … }}",
                path.display()
            );
            Sidecar::default()
        }),
        Err(_) => Sidecar::default(),
    }
}

/// A file just seen: still arriving if it changed within `SETTLE`.
fn settled_state(meta: &std::fs::Metadata, now: SystemTime) -> State {
    let young = !meta.modified().is_ok_and(|m| settled(m, now));
    if young {
        State::Arriving
    } else if meta.len() == 0 {
        // Empty and settled: a copy that never started.
        State::Unusable(AudioError::Empty.msg())
    } else {
        State::Unchecked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_of_0_1_is_read_and_rewritten_with_codes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("library.json");
        std::fs::write(
            &cache,
            r#"{"version":2,"files":[{"rel":"x.mp3","size":3,"mtime":1,"unusable":"không có tệp này"}]}"#,
        )
        .unwrap();
        let lib = Library::open(dir.path(), Some(&cache), Level::Off);
        let states: Vec<_> = lib.entries().map(|e| e.state.clone()).collect();
        assert_eq!(
            states,
            vec![State::Unusable(Msg::verbatim("không có tệp này"))]
        );
        // Written again, the reason is a code (and the version says so, so an
        // older loaxa decodes again instead of failing on the new form).
        let mut lib = lib;
        lib.set_checked("x.mp3", Err(AudioError::LinkOutside));
        lib.save();
        let text = std::fs::read_to_string(&cache).unwrap();
        assert!(text.starts_with(r#"{"version":3,"#), "{text}");
        assert!(
            text.contains(r#""unusable":{"id":"audio-unreadable","args":{"detail":{"id":"audio-link-outside"}}}"#),
            "{text}"
        );
    }

    #[test]
    fn the_cache_keeps_reasons_as_codes_and_still_reads_old_sentences() {
        let new = serde_json::to_string(&Reason::Code(AudioError::NotAudio.msg())).unwrap();
        assert_eq!(new, r#"{"id":"audio-not-audio"}"#);
        let back: Reason = serde_json::from_str(&new).unwrap();
        assert_eq!(back.msg(), AudioError::NotAudio.msg());
        // library.json of 0.1: the sentence, in the language of the day.
        let old: Reason = serde_json::from_str(r#""không có tệp này""#).unwrap();
        assert_eq!(old.msg(), Msg::verbatim("không có tệp này"));
        let with_detail =
            serde_json::to_string(&Reason::Code(AudioError::Unsupported("x".into()).msg()))
                .unwrap();
        assert_eq!(
            with_detail,
            r#"{"id":"audio-unsupported","args":{"detail":"x"}}"#
        );
    }

    #[test]
    fn the_settle_rule_takes_its_present_from_the_caller() {
        let t0 = UNIX_EPOCH + Duration::from_secs(1_795_000_000);
        let s = Duration::from_secs;
        // (modified, now, settled)
        let table = [
            (t0, t0, false),
            (t0, t0 + s(2), false),
            (t0, t0 + SETTLE, true),
            (t0, t0 + s(3600), true),
            // Stamped ahead of this clock (a copier's clock ahead): still arriving.
            (t0 + s(3600), t0, false),
            (t0 + s(1), t0, false),
        ];
        for (m, now, want) in table {
            assert_eq!(settled(m, now), want, "{m:?} at {now:?}");
        }
    }

    #[test]
    fn resolves_inside_and_refuses_links_out() {
        let dir = tempfile::tempdir().unwrap();
        let audio = dir.path().join("audio");
        std::fs::create_dir_all(audio.join("cchc")).unwrap();
        std::fs::write(audio.join("cchc/a.mp3"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.mp3"), b"y").unwrap();
        assert!(resolve(&audio, "cchc/a.mp3").is_ok());
        assert_eq!(resolve(&audio, "cchc/b.mp3"), Err(AudioError::Missing));
        assert!(resolve(&audio, "cchc").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.mp3"), audio.join("link.mp3"))
                .unwrap();
            let e = resolve(&audio, "link.mp3").unwrap_err();
            assert!(e.to_string().contains("outside the audio folder"), "{e}");
            std::os::unix::fs::symlink(audio.join("cchc/a.mp3"), audio.join("ok.mp3")).unwrap();
            assert!(resolve(&audio, "ok.mp3").is_ok());
        }
    }

    #[test]
    fn typed_bulletins_are_read_never_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("bao.TXT");
        std::fs::write(&ok, "Thông báo: mất điện.").unwrap();
        match check_file(&ok, Level::Off) {
            Ok(Checked::Text(t)) => assert_eq!(t.text, "Thông báo: mất điện."),
            other => panic!("{other:?}"),
        }
        // Audio bytes under a .txt name: a bulletin that is not UTF-8.
        let wav = dir.path().join("ghi-am.txt");
        std::fs::write(&wav, b"RIFF\xff\xff\xff\xffWAVEfmt ").unwrap();
        assert_eq!(
            check_file(&wav, Level::Off),
            Err(AudioError::NotText(msg!("text-not-utf8", at = 4)))
        );
        // Too big to be one text item: refused by its size.
        let big = dir.path().join("big.txt");
        let size = loaxa_core::bulletin::MAX_TEXT_BYTES + 1;
        std::fs::write(&big, vec![b'a'; size as usize]).unwrap();
        assert_eq!(
            check_file(&big, Level::Off),
            Err(AudioError::NotText(msg!(
                "text-file-too-big",
                bytes = size,
                max = loaxa_core::bulletin::MAX_TEXT_CHARS
            )))
        );
        assert!(check_file(&dir.path().join("none.txt"), Level::Off).is_err());
    }

    #[test]
    fn sha256_of_known_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_match_however_they_were_typed() {
        let nfc = "cchc/Bản tin một cửa.mp3";
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = nfc.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(name_key(nfc), name_key(&nfd));
        assert_eq!(name_key("cchc/Tin.MP3"), name_key("cchc/Tin.mp3"));
        assert_ne!(
            name_key("cchc/TIN.mp3"),
            name_key("cchc/tin.mp3"),
            "only the extension's case"
        );
    }

    #[test]
    fn ignored_names() {
        for n in [
            ".ban-tin.mp3",
            "ban-tin.mp3.part",
            "x.TMP",
            "a.crdownload",
            "~$doc.mp3",
            "a.mp3~",
            "a.json",
        ] {
            assert!(is_ignored(n), "{n}");
        }
        assert!(!is_ignored("bao-lu.mp3"));
        // Typed bulletins are listed, not taken for recordings.
        assert!(is_ignored("thong-bao-so-5.TXT"));
        assert!(is_listed("thong-bao-so-5.TXT"));
        assert!(is_listed("bao-lu.mp3"));
        for n in [".bao.txt", "~$bao.txt", "bao.txt.part", "bao.docx"] {
            assert!(!is_listed(n), "{n}");
        }
    }
}
