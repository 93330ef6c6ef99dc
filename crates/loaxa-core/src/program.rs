//! What exactly airs: a slot's program turned into concrete items, each a
//! file of the drop folder (found however its name was typed, or picked from
//! a folder), with what the log and the report say about it (title, author,
//! topic: from the schedule, else a sidecar `NAME.json`, else the file's
//! tags, else its name) and the loudness it is brought to.

use std::collections::BTreeMap;

use crate::Msg;
use crate::library::{Entry, Facts, State, View};
use crate::schedule::{Level, Pick, Relay, Segment, TextSource};
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
    /// A text to read aloud, as known now (a text file is read again when
    /// the item is prepared): the speech is made then, or found made.
    Text(String),
    /// A relay: live sound for a set time (see `Item::relay`).
    Relay,
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
    /// A text item of a schedule: what it reads aloud (its `file` is the
    /// text file's, or empty for typed words until they are spoken).
    pub text: Option<TextSource>,
    /// The voice a text item is read in, over the station's.
    pub voice: Option<String>,
    /// A relay item: what it relays, for how long, and its fallback
    /// recording (`file` is then the source as shown).
    pub relay: Option<RelayItem>,
}

/// A relay item, concrete.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayItem {
    pub relay: Relay,
    /// The recording that fills an interruption: the schedule's, else the
    /// station's `[relay] fallback`; found in the library, or why not.
    pub fallback: Option<(String, Source)>,
}

impl Item {
    /// The words a text item reads, as known now.
    pub fn words(&self) -> Option<&str> {
        match &self.source {
            Source::Text(t) => Some(t),
            _ => match &self.text {
                Some(TextSource::Typed(t)) => Some(t),
                _ => None,
            },
        }
    }
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
    /// The station's `[relay] fallback`, relative to `audio/`.
    pub relay_fallback: Option<&'a str>,
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
            if let Some(text) = &seg.text {
                out.push(self.text_item(out.len(), text, seg, level));
                continue;
            }
            if let Some(relay) = &seg.relay {
                out.push(self.relay_item(out.len(), relay, seg, level));
                continue;
            }
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
                        // A typed bulletin in the folder airs read aloud.
                        let item = if matches!(e.state, State::Text(_)) {
                            let text = TextSource::File(e.rel.clone());
                            self.text_item(out.len(), &text, seg, level)
                        } else {
                            self.item(out.len(), e.rel.clone(), source_of(e), seg, level)
                        };
                        out.push(item);
                    }
                }
            }
        }
        out
    }

    /// A relay item, with its fallback recording found in the library.
    fn relay_item(&self, index: usize, relay: &Relay, seg: &Segment, level: Level) -> Item {
        let name = (!seg.file.is_empty())
            .then_some(seg.file.as_str())
            .or(self.relay_fallback);
        let fallback = name.map(|name| match self.library.lookup(name) {
            Ok(e) => (e.rel.clone(), source_of(e)),
            Err(e) => (name.to_string(), Source::Fail(e.msg())),
        });
        Item {
            index,
            file: relay.source.shown(),
            source: Source::Relay,
            title: seg.title.clone(),
            topic: seg.topic.clone(),
            author: seg.author.clone(),
            level,
            picked: None,
            speech: None,
            text: None,
            voice: None,
            relay: Some(RelayItem {
                relay: relay.clone(),
                fallback,
            }),
        }
    }

    /// A text item: typed words are ready as they are; a text file is
    /// where the library has it (arriving, missing, not UTF-8…). Its
    /// title is the schedule's, else the sidecar's, else its first words.
    fn text_item(&self, index: usize, text: &TextSource, seg: &Segment, level: Level) -> Item {
        let (file, source, side) = match text {
            TextSource::Typed(words) => (String::new(), Source::Text(words.clone()), None),
            TextSource::File(name) => match self.library.lookup(name) {
                Ok(e) => (
                    e.rel.clone(),
                    text_source_of(e),
                    Some(self.library.sidecar(&e.rel)),
                ),
                Err(e) => (name.clone(), Source::Fail(e.msg()), None),
            },
        };
        let side = side.unwrap_or_default();
        let text = match text {
            TextSource::File(_) => TextSource::File(file.clone()),
            typed => typed.clone(),
        };
        let words = match &source {
            Source::Text(w) => Some(crate::bulletin::title(w)),
            _ => None,
        };
        let known_topic =
            |t: Option<String>| t.and_then(|t| self.topics.find(&t).map(|t| t.code.clone()));
        Item {
            index,
            title: seg
                .title
                .clone()
                .or(side.title)
                .or(words)
                .or_else(|| (!file.is_empty()).then(|| title_from_file(&file))),
            topic: seg.topic.clone().or_else(|| known_topic(side.topic)),
            author: seg.author.clone().or(side.author),
            file,
            source,
            level,
            picked: None,
            speech: None,
            text: Some(text),
            voice: seg.voice.clone(),
            relay: None,
        }
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
            text: None,
            voice: None,
            relay: None,
        }
    }
}

fn source_of(e: &Entry) -> Source {
    match &e.state {
        State::Ready(f) => Source::Ready(f.clone()),
        State::Unchecked => Source::Unchecked,
        State::Arriving => Source::Arriving,
        State::Unusable(why) => Source::Fail(why.clone()),
        // A typed bulletin named as a recording (`loaxa play x.txt`).
        State::Text(_) => Source::Fail(msg!("lib-text-not-audio")),
    }
}

/// Where a text file named by a text item stands.
fn text_source_of(e: &Entry) -> Source {
    match &e.state {
        State::Text(t) => Source::Text(t.text.clone()),
        State::Unchecked => Source::Unchecked,
        State::Arriving => Source::Arriving,
        State::Unusable(why) => Source::Fail(why.clone()),
        State::Ready(_) => Source::Fail(msg!("lib-audio-not-text")),
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

    /// A drop folder of a few entries, as the library would have them.
    struct Folder(Vec<Entry>);

    impl View for Folder {
        fn lookup(&self, name: &str) -> Result<&Entry, crate::library::Lookup> {
            self.0
                .iter()
                .find(|e| e.rel == name)
                .ok_or(crate::library::Lookup::Missing)
        }
        fn folder(&self, dir: &str) -> Vec<&Entry> {
            self.0
                .iter()
                .filter(|e| e.rel.rsplit_once('/').is_some_and(|(p, _)| p == dir))
                .filter(|e| matches!(e.state, State::Ready(_) | State::Text(_)))
                .collect()
        }
        fn has_folder(&self, dir: &str) -> bool {
            !self.folder(dir).is_empty()
        }
        fn sidecar(&self, _: &str) -> crate::library::Sidecar {
            crate::library::Sidecar::default()
        }
    }

    fn entry(rel: &str, state: State) -> Entry {
        Entry {
            rel: rel.into(),
            size: 1,
            mtime: 0,
            state,
        }
    }

    fn text_segment(text: TextSource, title: Option<&str>) -> Segment {
        let file = match &text {
            TextSource::File(f) => f.clone(),
            TextSource::Typed(_) => String::new(),
        };
        Segment {
            text: Some(text),
            voice: Some("vi-vn-x-south".into()),
            title: title.map(str::to_string),
            topic: Some("mot-cua".into()),
            ..Segment::file(&file)
        }
    }

    #[test]
    fn a_typed_bulletin_picked_from_a_folder_is_read_aloud() {
        let text = crate::library::TextFacts {
            sha256: "ab".into(),
            text: "Thông báo lịch tiếp công dân tuần này.".into(),
        };
        let facts = Facts {
            sha256: "cd".into(),
            duration: 60.0,
            rate: 48_000,
            channels: 1,
            frames: 2_880_000,
            damaged: 0,
            loudness: Some(-16.0),
            true_peak: Some(-1.0),
            lead_silence: 0.0,
            tail_silence: 0.0,
            title: None,
            artist: None,
            genre: None,
            levelled: None,
        };
        let mut recording = entry("tin/ban-tin_2026-11-20.mp3", State::Ready(facts));
        recording.mtime = 20;
        let mut typed = entry("tin/thong-bao_2026-11-27.txt", State::Text(text.clone()));
        typed.mtime = 10;
        let folder = Folder(vec![recording, typed]);
        let topics = TopicList::default();
        let x = Expander {
            library: &folder,
            topics: &topics,
            station_level: Level::Target(-16.0),
            relay_fallback: None,
            slot_level: None,
        };
        let pick = |p| Segment {
            pick: Some(p),
            ..Segment::file("tin")
        };
        // The newest by the date in its name: the typed one, read aloud.
        let newest = x.expand(&[pick(Pick::Newest)], "k", None);
        assert_eq!(newest.len(), 1);
        assert_eq!(newest[0].file, "tin/thong-bao_2026-11-27.txt");
        assert_eq!(newest[0].source, Source::Text(text.text.clone()));
        assert_eq!(
            newest[0].text,
            Some(TextSource::File("tin/thong-bao_2026-11-27.txt".into()))
        );
        let all = x.expand(&[pick(Pick::All)], "k", None);
        let mut kinds: Vec<(&str, bool)> = all
            .iter()
            .map(|i| (i.file.as_str(), i.text.is_some()))
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("tin/ban-tin_2026-11-20.mp3", false),
                ("tin/thong-bao_2026-11-27.txt", true)
            ]
        );
        // Named alone (`loaxa play`, the emergency folder): the same.
        let named = x.expand(&[Segment::named("tin/thong-bao_2026-11-27.txt")], "k", None);
        assert_eq!(named[0].source, Source::Text(text.text));
        let named = x.expand(&[Segment::named("tin/ban-tin_2026-11-20.mp3")], "k", None);
        assert!(named[0].text.is_none());
    }

    #[test]
    fn text_items_carry_their_words_voice_and_a_title() {
        let text = crate::library::TextFacts {
            sha256: "ab".into(),
            text: "Thông báo số 5: lịch cắt điện tuần này tại các ấp Một, Hai.".into(),
        };
        let folder = Folder(vec![
            entry("thong-bao/bao-5.txt", State::Text(text.clone())),
            entry("thong-bao/dang-chep.txt", State::Arriving),
            entry(
                "thong-bao/hong.txt",
                State::Unusable(msg!("text-not-utf8", at = 3)),
            ),
            entry("nhac.mp3", State::Unchecked),
        ]);
        let topics = TopicList::default();
        let x = Expander {
            library: &folder,
            topics: &topics,
            station_level: Level::Target(-16.0),
            relay_fallback: None,
            slot_level: None,
        };
        let typed = "Thông báo: UBND xã tổ chức tiêm phòng dại cho chó mèo.";
        let program = [
            text_segment(TextSource::Typed(typed.into()), None),
            text_segment(
                TextSource::File("thong-bao/bao-5.txt".into()),
                Some("Bão số 5"),
            ),
            text_segment(TextSource::File("thong-bao/dang-chep.txt".into()), None),
            text_segment(TextSource::File("thong-bao/hong.txt".into()), None),
            text_segment(TextSource::File("thong-bao/khong-co.txt".into()), None),
            Segment::file("thong-bao/bao-5.txt"),
        ];
        let items = x.expand(&program, "k", None);
        let got: Vec<(&str, &Source, Option<&str>)> = items
            .iter()
            .map(|i| (i.file.as_str(), &i.source, i.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "",
                    &Source::Text(typed.into()),
                    Some("Thông báo: UBND xã tổ chức tiêm phòng…")
                ),
                (
                    "thong-bao/bao-5.txt",
                    &Source::Text(text.text.clone()),
                    Some("Bão số 5")
                ),
                (
                    "thong-bao/dang-chep.txt",
                    &Source::Arriving,
                    Some("dang-chep")
                ),
                (
                    "thong-bao/hong.txt",
                    &Source::Fail(msg!("text-not-utf8", at = 3)),
                    Some("hong")
                ),
                (
                    "thong-bao/khong-co.txt",
                    &Source::Fail(msg!("audio-missing")),
                    Some("khong-co")
                ),
                (
                    "thong-bao/bao-5.txt",
                    &Source::Fail(msg!("lib-text-not-audio")),
                    Some("bao-5")
                ),
            ]
        );
        assert_eq!(items[0].text, Some(TextSource::Typed(typed.into())));
        assert_eq!(items[0].voice.as_deref(), Some("vi-vn-x-south"));
        assert_eq!(items[0].topic.as_deref(), Some("mot-cua"));
        assert_eq!(items[0].words(), Some(typed));
        assert_eq!(items[1].words(), Some(text.text.as_str()));
        assert_eq!(items[2].words(), None);
        assert_eq!(items[5].text, None);
        assert!(items.iter().all(|i| i.speech.is_none()));
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_file("cchc/ban-tin.mp3"), "ban-tin");
        assert_eq!(title_from_file(".mp3"), ".mp3");
        assert_eq!(title_from_file("x"), "x");
    }
}
