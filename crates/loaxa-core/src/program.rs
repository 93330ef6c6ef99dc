//! What exactly airs: a slot's program turned into concrete items, each a
//! file of the drop folder (found however its name was typed, or picked from
//! a folder), with what the log and the report say about it (title, author,
//! topic: from the schedule, else a sidecar `NAME.json`, else the file's
//! tags, else its name) and the loudness it is brought to.

use std::collections::BTreeMap;

use crate::Msg;
use crate::library::{Entry, Facts, State, View};
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
    Fail(Msg),
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
    /// Text read aloud: the speech's audio (outside the drop folder) and
    /// what the log says about what was said.
    pub speech: Option<Speech>,
}

/// Audio made from text, and the evidence of what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The speech's audio file (in the data folder's speech cache).
    pub path: String,
    /// SHA-256 of the text as written (UTF-8), hex.
    pub text_sha256: String,
    pub engine: String,
    pub voice: String,
}

/// Which file each rotating folder item aired last, by
/// `schedule|slot|position`. The binary keeps it in the data folder across
/// restarts; `changed` says when it needs saving.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rotation {
    pub last: BTreeMap<String, String>,
    pub changed: bool,
}

impl Rotation {
    pub fn new(last: BTreeMap<String, String>) -> Rotation {
        Rotation {
            last,
            changed: false,
        }
    }

    /// The file after the last one aired (by name), wrapping round.
    pub fn next<'a>(&self, key: &str, files: &[&'a Entry]) -> Option<&'a Entry> {
        let last = self.last.get(key);
        files
            .iter()
            .find(|e| last.is_some_and(|l| e.rel.as_str() > l.as_str()))
            .or_else(|| files.first())
            .copied()
    }

    pub fn remember(&mut self, key: &str, rel: &str) {
        self.last.insert(key.to_string(), rel.to_string());
        self.changed = true;
    }
}

/// The title of a recording nobody named: its file name without folder
/// and extension.
pub fn title_from_file(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
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

/// How an airing's items are chosen and described.
pub struct Expander<'a> {
    pub library: &'a dyn View,
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
                        Err(e) => (seg.file.clone(), Source::Fail(e.msg())),
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
                        let why = if self.library.has_folder(&seg.file) {
                            msg!("check-folder-empty", folder = &seg.file)
                        } else {
                            msg!("check-folder-missing", folder = &seg.file)
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
        let side = self.library.sidecar(&file);
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
            .or_else(|| Some(title_from_file(&file)));
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
            speech: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_names() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(date_in_name("cchc/ban-tin_2014-03-17.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("Ban tin 17.03.2014.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("tin-17_03_2014-v2.mp3"), d(2014, 3, 17));
        assert_eq!(date_in_name("ban-tin.mp3"), None);
        assert_eq!(date_in_name("ban-tin-2014-13-40.mp3"), None);
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_file("cchc/ban-tin.mp3"), "ban-tin");
        assert_eq!(title_from_file(".mp3"), ".mp3");
        assert_eq!(title_from_file("x"), "x");
    }
}
