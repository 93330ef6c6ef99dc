//! What exactly airs: a slot's program turned into concrete items, each a
//! file of the drop folder (found however its name was typed, or picked from
//! a folder), with what the log and the report say about it (title, author,
//! topic: from the schedule, else a sidecar `NAME.json`, else the file's
//! tags, else its name) and the loudness it is brought to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::library::{Entry, Facts, Library, Lookup, State};
use crate::schedule::{Level, Pick, Segment};
use crate::topics::TopicList;

/// Where an item's audio stands when it is wanted.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Checked: here is what is known about it.
    Ready(Facts),
    /// Settled but not decoded yet: decode it now.
    Unchecked,
    /// Still being copied.
    Arriving,
    /// Cannot air, and why.
    Fail(String),
}

/// One item of a program, concrete.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Position in the program as aired (a folder with `all` gives several).
    pub index: usize,
    /// Relative to `audio/`: the name on disk, or as written if there is none.
    pub file: String,
    pub source: Source,
    pub title: Option<String>,
    pub topic: Option<String>,
    pub author: Option<String>,
    pub level: Level,
    /// The folder and rule it was picked by, if it was.
    pub picked: Option<(String, Pick)>,
}

/// What a sidecar `NAME.json` next to a recording may say.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sidecar {
    title: Option<String>,
    author: Option<String>,
    topic: Option<String>,
}

fn sidecar(audio: &Path, rel: &str) -> Sidecar {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let side = format!("{stem}.json");
    let path = audio.join(&side);
    if !path.exists() {
        return Sidecar::default();
    }
    // The same rule as for recordings: nothing from outside the folder
    // reaches the log or the report (no link out, no FIFO).
    if let Err(why) = crate::library::resolve(audio, &side) {
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

/// Which file each rotating folder item aired last, by
/// `schedule|slot|position`; kept in the data folder across restarts.
#[derive(Debug, Default, Clone)]
pub struct Rotation {
    path: Option<PathBuf>,
    last: BTreeMap<String, String>,
}

impl Rotation {
    /// Remembered in `path`; `None` keeps it in memory (a simulation).
    pub fn open(path: Option<&Path>, start_from: Option<&Path>) -> Rotation {
        let from = path.or(start_from);
        let last = from
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Rotation {
            path: path.map(Path::to_path_buf),
            last,
        }
    }

    /// A copy that advances in memory only: what the coming airings will
    /// pick, for the plan, without touching what the daemon remembers.
    pub fn preview(&self) -> Rotation {
        Rotation {
            path: None,
            last: self.last.clone(),
        }
    }

    /// The file after the last one aired (by name), wrapping round.
    fn next<'a>(&self, key: &str, files: &[&'a Entry]) -> Option<&'a Entry> {
        let last = self.last.get(key);
        files
            .iter()
            .find(|e| last.is_some_and(|l| e.rel.as_str() > l.as_str()))
            .or_else(|| files.first())
            .copied()
    }

    fn remember(&mut self, key: &str, rel: &str) {
        self.last.insert(key.to_string(), rel.to_string());
        if let Some(p) = &self.path {
            let text = serde_json::to_string_pretty(&self.last).unwrap_or_default();
            let tmp = p.with_extension("json.tmp");
            let saved = p
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&tmp, text))
                .and_then(|()| std::fs::rename(&tmp, p));
            if let Err(e) = saved {
                tracing::warn!(
                    "{}",
                    t!(
                        "cannot-save",
                        path = p.display().to_string(),
                        detail = e.to_string()
                    )
                );
            }
        }
    }
}

/// A date written in a file name: `2014-03-17`, `17-03-2014`, `17.03.2014`, `17_03_2014`.
pub fn date_in_name(name: &str) -> Option<chrono::NaiveDate> {
    let b = name.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let num = |s: &[u8]| std::str::from_utf8(s).ok()?.parse::<u32>().ok();
    let seps = |c: u8| matches!(c, b'-' | b'.' | b'_');
    for i in 0..b.len() {
        // yyyy-mm-dd
        if i + 10 <= b.len()
            && digits(&b[i..i + 4])
            && seps(b[i + 4])
            && digits(&b[i + 5..i + 7])
            && seps(b[i + 7])
            && digits(&b[i + 8..i + 10])
            && let (Some(y), Some(m), Some(d)) = (
                num(&b[i..i + 4]),
                num(&b[i + 5..i + 7]),
                num(&b[i + 8..i + 10]),
            )
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Some(date);
        }
        // dd-mm-yyyy
        if i + 10 <= b.len()
            && digits(&b[i..i + 2])
            && seps(b[i + 2])
            && digits(&b[i + 3..i + 5])
            && seps(b[i + 5])
            && digits(&b[i + 6..i + 10])
            && let (Some(d), Some(m), Some(y)) = (
                num(&b[i..i + 2]),
                num(&b[i + 3..i + 5]),
                num(&b[i + 6..i + 10]),
            )
            && let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        {
            return Some(date);
        }
    }
    None
}

/// The concrete items of one planned airing, as the daemon will air them.
/// `rotation` is advanced when given.
pub fn airing_items(
    library: &Library,
    settings: &crate::station::Settings,
    airing: &crate::plan::Airing,
    rotation: Option<&mut Rotation>,
) -> Vec<Item> {
    let slot = airing.slot();
    let expander = Expander {
        library,
        topics: &settings.topics,
        station_level: settings.level,
        slot_level: slot.level,
    };
    let key = format!("{}|{}", airing.schedule.name, slot.id);
    expander.expand(airing.program(), &key, rotation)
}

/// How an airing's items are chosen and described.
pub struct Expander<'a> {
    pub library: &'a Library,
    pub topics: &'a TopicList,
    /// The station's loudness target.
    pub station_level: Level,
    pub slot_level: Option<Level>,
}

impl Expander<'_> {
    /// Concrete items of `program`. `rotation` is advanced (and remembered)
    /// only when given: an airing, not a look at the plan.
    pub fn expand(
        &self,
        program: &[Segment],
        key: &str,
        mut rotation: Option<&mut Rotation>,
    ) -> Vec<Item> {
        let mut out = Vec::new();
        for (pos, seg) in program.iter().enumerate() {
            let level = seg.level.or(self.slot_level).unwrap_or(self.station_level);
            match seg.pick {
                None => {
                    let (file, source) = match self.library.lookup(&seg.file) {
                        Ok(e) => (e.rel.clone(), source_of(e)),
                        Err(Lookup::Missing) => (
                            seg.file.clone(),
                            Source::Fail(crate::audio::AudioError::Missing.to_string()),
                        ),
                        Err(e) => (seg.file.clone(), Source::Fail(e.to_string())),
                    };
                    out.push(self.item(out.len(), file, source, seg, level));
                }
                Some(pick) => {
                    let files = self.library.folder(&seg.file);
                    let chosen: Vec<&Entry> = match pick {
                        Pick::All => files.clone(),
                        Pick::Newest => files
                            .iter()
                            .max_by_key(|e| (date_in_name(&e.rel), e.mtime, e.rel.clone()))
                            .copied()
                            .into_iter()
                            .collect(),
                        Pick::Rotate => {
                            let k = format!("{key}|{pos}");
                            let next = match rotation.as_deref() {
                                Some(r) => r.next(&k, &files),
                                None => Rotation::default().next(&k, &files),
                            };
                            if let (Some(r), Some(e)) = (rotation.as_deref_mut(), next) {
                                r.remember(&k, &e.rel);
                            }
                            next.into_iter().collect()
                        }
                    };
                    if chosen.is_empty() {
                        let why = if self.library.root().join(&seg.file).is_dir() {
                            t!("check-folder-empty", folder = &seg.file)
                        } else {
                            t!("check-folder-missing", folder = &seg.file)
                        };
                        out.push(self.item(
                            out.len(),
                            format!("{}/", seg.file),
                            Source::Fail(why),
                            seg,
                            level,
                        ));
                    }
                    for e in chosen {
                        out.push(self.item(out.len(), e.rel.clone(), source_of(e), seg, level));
                    }
                }
            }
        }
        out
    }

    /// Title, author and topic: the schedule's, else the sidecar's, else
    /// the tags', else the file name.
    fn item(
        &self,
        index: usize,
        file: String,
        source: Source,
        seg: &Segment,
        level: Level,
    ) -> Item {
        let side = sidecar(self.library.root(), &file);
        let facts = match &source {
            Source::Ready(f) => Some(f),
            _ => None,
        };
        let known_topic =
            |t: Option<String>| t.and_then(|t| self.topics.find(&t).map(|t| t.code.clone()));
        let title = seg
            .title
            .clone()
            .or(side.title)
            .or_else(|| facts.and_then(|f| f.title.clone()))
            .or_else(|| Some(crate::daemon::title_from_file(&file)));
        let author = seg
            .author
            .clone()
            .or(side.author)
            .or_else(|| facts.and_then(|f| f.artist.clone()));
        let topic = seg
            .topic
            .clone()
            .or_else(|| known_topic(side.topic))
            .or_else(|| known_topic(facts.and_then(|f| f.genre.clone())));
        Item {
            index,
            file,
            source,
            title,
            topic,
            author,
            level,
            picked: seg.pick.map(|p| (seg.file.clone(), p)),
        }
    }
}

fn source_of(e: &Entry) -> Source {
    match &e.state {
        State::Ready(f) => Source::Ready(f.clone()),
        State::Unchecked => Source::Unchecked,
        State::Arriving => Source::Arriving,
        State::Unusable(why) => Source::Fail(why.clone()),
    }
}

/// How an item is shaped at playout: gain and silence skipped at the ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Gain applied, dB.
    pub gain_db: f64,
    /// By how much the loudest peak would pass the ceiling after the gain,
    /// dB: the limiter holds it down. Zero when nothing needs limiting.
    pub limit_db: f64,
    /// Seconds of leading and trailing silence skipped.
    pub trim_start: f64,
    pub trim_end: f64,
}

/// Silence at an end shorter than this is left as it is.
const TRIM_ABOVE: f64 = 0.5;
/// Silence left at an end when it is trimmed.
const TRIM_KEEP: f64 = 0.2;
/// The true-peak ceiling after gain.
pub const PEAK_CEILING: f64 = -1.0;
/// The limiter's sample-peak ceiling: half a dB under `PEAK_CEILING`, room
/// for the peaks between samples.
pub const LIMIT_CEILING: f64 = -1.5;
/// The most an item is brought up: beyond this a recording is mostly its
/// own background noise, and louder only makes that louder.
pub const MAX_GAIN: f64 = 24.0;

/// The gain that brings `facts` to `level` (as measured through the
/// limiter, when it was for this level), whether the limiter must hold its
/// peaks under −1 dBTP, and the silence to skip at its ends.
pub fn shape(facts: &Facts, level: Level) -> Shape {
    let gain_db = match (level, facts.loudness, facts.levelled) {
        (Level::Target(target), _, Some(m)) if (m.target - target).abs() < 0.01 => m.gain_db,
        (Level::Target(target), Some(loudness), _) => (target - loudness).min(MAX_GAIN),
        _ => 0.0,
    };
    let limit_db = match (level, facts.true_peak) {
        (Level::Target(_), Some(peak)) => (peak + gain_db - PEAK_CEILING).max(0.0),
        _ => 0.0,
    };
    let trim = |s: f64| if s > TRIM_ABOVE { s - TRIM_KEEP } else { 0.0 };
    // A file that is all silence is left whole.
    let (trim_start, trim_end) = if facts.lead_silence >= facts.duration {
        (0.0, 0.0)
    } else {
        (trim(facts.lead_silence), trim(facts.tail_silence))
    };
    Shape {
        gain_db,
        limit_db,
        trim_start,
        trim_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(loudness: f64, peak: f64, lead: f64, tail: f64) -> Facts {
        Facts {
            sha256: String::new(),
            duration: 10.0,
            rate: 48_000,
            channels: 1,
            frames: 480_000,
            damaged: 0,
            loudness: Some(loudness),
            true_peak: Some(peak),
            lead_silence: lead,
            tail_silence: tail,
            title: None,
            artist: None,
            genre: None,
            levelled: None,
        }
    }

    #[test]
    fn a_gain_measured_through_the_limiter_is_used_for_its_own_level_only() {
        let mut f = facts(-30.0, -12.0, 0.0, 0.0);
        f.levelled = Some(crate::library::Levelled {
            target: -16.0,
            gain_db: 15.2,
        });
        let s = shape(&f, Level::Target(-16.0));
        assert_eq!(s.gain_db, 15.2);
        assert!((s.limit_db - 4.2).abs() < 1e-9);
        let s = shape(&f, Level::Target(-20.0));
        assert_eq!(s.gain_db, 10.0);
    }

    #[test]
    fn gain_to_target_with_the_limiter_where_peaks_would_pass_the_ceiling() {
        let s = shape(&facts(-30.0, -12.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (14.0, 3.0));
        let s = shape(&facts(-30.0, -20.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (14.0, 0.0));
        let s = shape(&facts(-10.0, -0.5, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (-6.0, 0.0));
        let s = shape(&facts(-10.0, -0.5, 0.0, 0.0), Level::Off);
        assert_eq!((s.gain_db, s.limit_db), (0.0, 0.0));
        let s = shape(&facts(-60.0, -40.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!(s.gain_db, MAX_GAIN, "noise is not brought up without end");
    }

    #[test]
    fn long_silences_are_trimmed_short_ones_kept() {
        let s = shape(&facts(-20.0, -3.0, 1.5, 0.2), Level::Off);
        assert!((s.trim_start - (1.5 - TRIM_KEEP)).abs() < 1e-9);
        assert_eq!(s.trim_end, 0.0);
    }

    #[test]
    fn dates_in_names() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date_in_name("cchc/ban-tin_2014-03-17.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("Ban tin 17.03.2014.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("tin-17_03_2014-v2.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("ban-tin.mp3"), None);
        assert_eq!(date_in_name("ban-tin-2014-13-40.mp3"), None);
    }
}
