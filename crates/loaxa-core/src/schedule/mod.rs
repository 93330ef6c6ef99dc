//! The broadcast schedule (lịch phát sóng): what the information team writes,
//! as loaxa understands it after checking.
//!
//! `parse` turns the text of one JSON file into a [`Schedule`] plus the
//! problems found in it. It does no I/O: reading files and checking audio
//! happen elsewhere.

mod calendar;
pub mod format;
mod parse;

pub use calendar::{MonthDay, Months, Priority, Skip, parse_grace, parse_length};
pub use parse::{FORMAT_VERSION, clean_audio_path, parse};

use chrono::{NaiveDate, NaiveTime, Weekday};

use crate::diag::{Diagnostic, Pos};

/// One schedule file.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The file as shown to people, e.g. `schedules/cchc-tuan.json`.
    pub name: String,
    pub title: Option<String>,
    /// Validity window, inclusive; `None` is open-ended.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Days none of this schedule's slots air (holidays).
    pub skip: Vec<Skip>,
    pub slots: Vec<Slot>,
}

impl Schedule {
    /// Whether the schedule is in force on this local date.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f)
            && self.to.is_none_or(|t| date <= t)
            && !self.skip.iter().any(|s| s.covers(date))
    }
}

/// A slot: when a program airs and what it is.
#[derive(Debug, Clone)]
pub struct Slot {
    pub id: String,
    /// e.g. "Buổi sáng"; shown in the plan and the status.
    pub title: Option<String>,
    pub timing: Timing,
    pub program: Vec<Segment>,
    pub priority: Priority,
    /// How late the program may still start; `None`: the station's default.
    pub grace: Option<chrono::Duration>,
    /// The slot's own date range, inclusive, within the schedule's.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Months it airs in (weekly and monthly slots).
    pub months: Months,
    /// Loudness for the slot's items, over the station's.
    pub level: Option<Level>,
    /// Where the slot starts in its file, for messages.
    pub pos: Pos,
}

impl Slot {
    /// Whether the slot's own date range and months allow this date.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        self.from.is_none_or(|f| date >= f)
            && self.to.is_none_or(|t| date <= t)
            && self.months.contains(date.month())
    }
}

#[derive(Debug, Clone)]
pub enum Timing {
    /// `days` + `at`.
    Weekly { days: Weekdays, at: NaiveTime },
    /// A `cron` expression (with seconds), as rewritten for the cron crate.
    Cron {
        expr: String,
        schedule: Box<cron::Schedule>,
    },
    /// `date` + `at`: a one-off airing.
    Once { date: NaiveDate, at: NaiveTime },
    /// `monthly` + `at`: e.g. the 15th, or the first Monday, of each month.
    Monthly { day: MonthDay, at: NaiveTime },
}

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weekdays(u8);

impl Weekdays {
    pub const ALL: Weekdays = Weekdays(0x7f);

    pub fn insert(&mut self, d: Weekday) {
        self.0 |= 1 << d.num_days_from_monday();
    }

    pub fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d.num_days_from_monday()) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        (0..7u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(weekday_from_monday)
    }
}

fn weekday_from_monday(i: u8) -> Weekday {
    match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// One item of a program: a recording in the drop folder, or a text read
/// aloud, with what the report needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Path relative to `audio/`, with `/` separators; never leaves `audio/`.
    /// With `pick`, a folder; for a text item, its text file (`text_file`),
    /// or empty for words typed in the schedule.
    pub file: String,
    /// A text item: what is read aloud.
    pub text: Option<TextSource>,
    /// The voice a text item is read in, over the station's `[voice] voice`.
    pub voice: Option<String>,
    /// A relay item (tiếp sóng): a stream or the line input aired for a
    /// set time (`file` is then its fallback recording, or empty).
    pub relay: Option<Relay>,
    /// Choose the file(s) from the folder `file` when the program airs.
    pub pick: Option<Pick>,
    pub title: Option<String>,
    /// A topic code from the station's topic list.
    pub topic: Option<String>,
    pub author: Option<String>,
    /// Loudness for this item, over the slot's and the station's.
    pub level: Option<Level>,
    /// Where the item is written in its schedule file, for messages.
    pub pos: Pos,
}

impl Segment {
    /// A plain file item.
    pub fn file(file: &str) -> Segment {
        Segment {
            file: file.to_string(),
            text: None,
            voice: None,
            relay: None,
            pick: None,
            title: None,
            topic: None,
            author: None,
            level: None,
            pos: Pos::default(),
        }
    }

    /// An item named by its file alone (`loaxa play`, the emergency
    /// folder): a typed bulletin (`.txt`) is read aloud, anything else
    /// airs as a recording.
    pub fn named(file: &str) -> Segment {
        let mut seg = Segment::file(file);
        if crate::bulletin::is_text_file(file) {
            seg.text = Some(TextSource::File(file.to_string()));
        }
        seg
    }
}

/// A relay item: what is relayed and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    pub source: crate::relay::RelaySource,
    /// How long it airs (at most: a program due after it cuts it short).
    pub duration: chrono::Duration,
}

/// What a text item reads aloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextSource {
    /// Words typed in the schedule (`"text"`).
    Typed(String),
    /// A UTF-8 `.txt` file of the drop folder (`"text_file"`), relative to
    /// `audio/` like a recording's name; read when the item is prepared.
    File(String),
}

/// How a folder item chooses its file(s) among the folder's ready files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The newest: by a date in the name (2014-03-17, 17-03-2014), else by time.
    Newest,
    /// Every file, in name order.
    All,
    /// The next one each airing, remembered across restarts.
    Rotate,
}

impl Pick {
    pub fn word(self) -> &'static str {
        match self {
            Pick::Newest => "newest",
            Pick::All => "all",
            Pick::Rotate => "rotate",
        }
    }
}

/// The loudness an item is brought to at playout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Level {
    /// As recorded (a jingle mastered on purpose).
    Off,
    /// Integrated loudness, LUFS.
    Target(f64),
}

/// The result of reading one schedule file: the schedule (absent when the
/// file cannot be used at all) and every problem found. Slots with errors are
/// left out of the schedule; the rest of the file stays in force.
#[derive(Debug)]
pub struct Parsed {
    pub schedule: Option<Schedule>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

#[cfg(test)]
mod tests;
