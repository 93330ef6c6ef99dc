//! The daemon's rules as data: from what it knows (the plan, what was
//! already handled, what is on air, the time) to decisions. Pure: no
//! tokio, no files, no environment, no clock (`now` is always passed in),
//! no words (reasons are enums; the daemon renders them when it logs).
//!
//! - [`due`]: which airings' time has come, and for each whether it is
//!   before the log (nothing was expected), missed (and why), or to air;
//!   [`look`]: an airing to air whose files are still being copied waits
//!   within its grace, else it starts (late, when it waited past it).
//! - [`Memory`]: what was handled or is waiting, when loaxa ran, the clock
//!   jumps seen; [`Memory::apply`] carries a decision into it.
//! - [`Program`]: a program handed to the output, item by item;
//!   [`start_note`], [`ended`], [`dropped`] and [`Program::fail`] say how
//!   the output's events go into the log (pre-empted, resumed, went ahead,
//!   late behind another, not resumed, failed).
//! - [`restart`]: what a start finds in the log: items left on air, and
//!   programs a stop cut short whose other items have no record.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::Msg;
use crate::airlog::{self, AiringRow, Record, SegmentInfo, Status};
use crate::plan::{Airing, AiringKey, Calendar, plan};
use crate::schedule::{Priority, Schedule};

/// How far ahead the daemon looks for the next airing.
pub const HORIZON_DAYS: i64 = 8;
/// How far back a restart looks for airings it missed.
pub const LOOKBACK_DAYS: i64 = 7;
/// A wall-clock step larger than this is a clock jump, not drift.
pub const JUMP: Duration = Duration::seconds(2);

/// The station's standing terms for decisions.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    /// How far ahead of an airing it is prepared and handed to the output.
    pub preroll: Duration,
    /// The station's grace window (a slot may have its own).
    pub grace: Duration,
}

impl Terms {
    pub fn grace(&self, a: &Airing) -> Duration {
        a.slot().grace.unwrap_or(self.grace)
    }
}

/// Why an airing is logged as missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missed {
    /// loaxa was not running: since its last sign of life (`from`, when the
    /// log shows one before the airing) until it started (`to`).
    NotRunning {
        from: Option<DateTime<Utc>>,
        to: DateTime<Utc>,
    },
    /// The wall clock jumped over it.
    ClockJump {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    /// Its grace window passed while loaxa ran (another program held the air).
    Grace,
}

/// What to do with an airing whose preparation time has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Scheduled before loaxa ever ran here: nothing was expected of it.
    BeforeLog,
    /// Past its grace window: every item is logged missed.
    Missed(Missed),
    /// To air: its files are looked at now (see [`look`]). `waited`: it has
    /// been waiting for a copy to finish.
    Air { waited: bool },
    /// A file is still being copied: wait for it within the grace window.
    /// `announce`: the first time it waits.
    Wait { announce: bool },
    /// Hand it to the output, to start at `from` (its time; or now, when
    /// it waited for a copy past its grace window).
    Start { from: DateTime<Utc> },
}

/// A wall-clock step noticed by comparing the wall and monotonic clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    Forward {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    Back {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// What the daemon knows between turns of its loop.
#[derive(Debug, Clone)]
pub struct Memory {
    /// Airings decided (aired, skipped, missed): the log is the memory.
    pub handled: HashSet<AiringKey>,
    /// Airings waiting for a file that is still being copied.
    pub waiting: HashSet<AiringKey>,
    /// Airings up to this instant have been looked at.
    pub last_check: DateTime<Utc>,
    /// When this run started.
    pub started_at: DateTime<Utc>,
    /// The last moment the log shows loaxa running before this start.
    pub last_alive: Option<DateTime<Utc>>,
    /// When the log began: nothing scheduled before was expected of it.
    pub born: Option<DateTime<Utc>>,
    /// Forward clock jumps seen: (from, to).
    pub jumps: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Wall and monotonic clock read together, to notice jumps.
    pub reference: (DateTime<Utc>, std::time::Duration),
    /// Only airings due within this window are this run's business (a
    /// simulation's), when set.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

impl Memory {
    /// A run starting at `now` (`mono` on the monotonic clock), with what
    /// the log says.
    pub fn new(
        handled: HashSet<AiringKey>,
        now: DateTime<Utc>,
        mono: std::time::Duration,
        last_alive: Option<DateTime<Utc>>,
        born: Option<DateTime<Utc>>,
        window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> Memory {
        let lookback = now - Duration::days(LOOKBACK_DAYS);
        Memory {
            handled,
            waiting: HashSet::new(),
            // Catch up from the last sign of life (nothing before a first start).
            last_check: last_alive.map_or(now, |t| t.clamp(lookback, now)),
            started_at: now,
            last_alive,
            born,
            jumps: Vec::new(),
            reference: (now, mono),
            window,
        }
    }

    /// Whether an airing is this run's business.
    pub fn in_window(&self, a: &Airing) -> bool {
        match self.window {
            Some((from, to)) => (from..to).contains(&a.at.with_timezone(&Utc)),
            None => true,
        }
    }

    /// Reads the clocks together: a step of the wall clock against the
    /// monotonic one is a jump (a forward one is remembered, for reasons).
    pub fn clock_read(&mut self, now: DateTime<Utc>, mono: std::time::Duration) -> Option<Jump> {
        let (wall0, mono0) = self.reference;
        let expected = wall0 + Duration::from_std(mono.saturating_sub(mono0)).unwrap_or_default();
        let step = now - expected;
        self.reference = (now, mono);
        if step > JUMP {
            self.jumps.push((expected, now));
            Some(Jump::Forward {
                from: expected,
                to: now,
            })
        } else if step < -JUMP {
            Some(Jump::Back {
                from: expected,
                to: now,
            })
        } else {
            None
        }
    }

    /// Why an airing due at `at` and past its grace was missed.
    pub fn missed(&self, at: DateTime<Utc>) -> Missed {
        if at < self.started_at {
            let from = self.last_alive.filter(|l| at >= *l);
            Missed::NotRunning {
                from,
                to: self.started_at,
            }
        } else if let Some((from, to)) = self.jumps.iter().find(|(f, t)| at > *f && at <= *t) {
            Missed::ClockJump {
                from: *from,
                to: *to,
            }
        } else {
            Missed::Grace
        }
    }

    /// Carries a decision about `key` into memory.
    pub fn apply(&mut self, key: &AiringKey, d: &Decision) {
        match d {
            Decision::Wait { .. } => {
                self.handled.remove(key);
                self.waiting.insert(key.clone());
            }
            Decision::Start { .. } => {
                self.handled.insert(key.clone());
                self.waiting.remove(key);
            }
            _ => {
                self.handled.insert(key.clone());
            }
        }
    }

    /// The turn at `now` is done: older keys can no longer come up.
    pub fn turned(&mut self, now: DateTime<Utc>) {
        self.last_check = self.last_check.max(now);
        let horizon = now.min(self.last_check) - Duration::days(LOOKBACK_DAYS + 1);
        self.handled.retain(|k| k.at >= horizon);
    }

    fn open(&self, a: &Airing) -> bool {
        let k = a.key();
        !self.handled.contains(&k) && self.in_window(a)
    }
}

/// Every airing whose preparation time has come at `now` and that is not
/// decided yet, with what to do about it, in time order.
pub fn due(
    schedules: &[Arc<Schedule>],
    cal: &Calendar,
    mem: &Memory,
    terms: &Terms,
    now: DateTime<Utc>,
) -> Vec<(Airing, Decision)> {
    let max_grace = schedules
        .iter()
        .flat_map(|s| s.slots.iter().filter_map(|sl| sl.grace))
        .chain(std::iter::once(terms.grace))
        .max()
        .unwrap_or_default();
    let floor = now - Duration::days(LOOKBACK_DAYS);
    let from = (mem.last_check.min(now) - max_grace - terms.preroll).max(floor);
    let to = now + terms.preroll + Duration::milliseconds(1);
    plan(schedules, cal, from, to)
        .into_iter()
        .filter(|a| mem.open(a))
        .map(|a| {
            let d = decide(&a, mem, terms, now);
            (a, d)
        })
        .collect()
}

fn decide(a: &Airing, mem: &Memory, terms: &Terms, now: DateTime<Utc>) -> Decision {
    let at = a.at.with_timezone(&Utc);
    // A program that waited for a copy to finish is not missed when its
    // grace ends: it airs what is ready, the rest is skipped.
    let waited = mem.waiting.contains(&a.key());
    if now > at + terms.grace(a) && !waited {
        let before_log = match mem.born {
            Some(born) => at < born,
            None => mem.last_alive.is_none() && at < mem.started_at,
        };
        if before_log {
            return Decision::BeforeLog;
        }
        return Decision::Missed(mem.missed(at));
    }
    Decision::Air { waited }
}

/// An airing to air, its files looked at: `copying` says whether one is
/// still arriving.
pub fn look(
    a: &Airing,
    mem: &Memory,
    terms: &Terms,
    copying: bool,
    now: DateTime<Utc>,
) -> Decision {
    let at = a.at.with_timezone(&Utc);
    let key = a.key();
    let past = now > at + terms.grace(a);
    if copying && !past {
        return Decision::Wait {
            announce: !mem.waiting.contains(&key),
        };
    }
    // Past its grace after waiting: it starts now (the log keeps the
    // scheduled time and says how late).
    let from = if mem.waiting.contains(&key) && past {
        now
    } else {
        at
    };
    Decision::Start { from }
}

/// The earliest instant anything can be due, and the airing it is for.
pub fn next(
    schedules: &[Arc<Schedule>],
    cal: &Calendar,
    mem: &Memory,
    preroll: Duration,
    now: DateTime<Utc>,
) -> (DateTime<Utc>, Option<Airing>) {
    // Near first: a dense schedule (a cron every few seconds) would
    // otherwise be planned days ahead at every turn of the loop.
    let next = [
        Duration::hours(1),
        Duration::days(1),
        Duration::days(HORIZON_DAYS),
    ]
    .into_iter()
    .find_map(|ahead| {
        plan(schedules, cal, now, now + ahead)
            .into_iter()
            .find(|a| mem.open(a) && !mem.waiting.contains(&a.key()))
    });
    let mut wake = next
        .as_ref()
        .map(|a| a.at.with_timezone(&Utc) - preroll)
        .unwrap_or(now + Duration::days(1));
    if !mem.waiting.is_empty() {
        // Look again soon at the files being copied.
        wake = wake.min(now + Duration::seconds(1));
    }
    (wake, next)
}

/// How a program ranks on the bus: normal 0, priority 1, emergency 2.
pub fn rank(p: Priority) -> u8 {
    match p {
        Priority::Normal => 0,
        Priority::Priority => 1,
        Priority::Emergency => 2,
    }
}

/// A program handed to the output and not yet ended.
#[derive(Debug, Clone)]
pub struct Program {
    pub schedule: String,
    pub slot: String,
    pub scheduled: DateTime<Utc>,
    pub rank: u8,
    /// What the log says about each of its items.
    pub infos: Vec<SegmentInfo>,
    pub started: HashSet<usize>,
    /// Items with their last record written (ended, dropped).
    pub closed: HashSet<usize>,
    /// The item on air, and since when.
    pub open: Option<(usize, DateTime<Utc>)>,
    /// The emergency program (slot, schedule) that cut it, until it goes on.
    pub cut_by: Option<(String, String)>,
}

impl Program {
    pub fn new(infos: Vec<SegmentInfo>, scheduled: DateTime<Utc>, rank: u8) -> Option<Program> {
        let first = infos.first()?;
        Some(Program {
            schedule: first.schedule.clone(),
            slot: first.slot.clone(),
            scheduled,
            rank,
            started: HashSet::new(),
            closed: HashSet::new(),
            open: None,
            cut_by: None,
            infos,
        })
    }

    pub fn info(&self, index: usize) -> Option<&SegmentInfo> {
        self.infos.iter().find(|i| i.index == index)
    }

    /// An item began to air at `at`.
    pub fn began(&mut self, index: usize, at: DateTime<Utc>) {
        self.started.insert(index);
        self.open = Some((index, at));
        self.cut_by = None;
    }

    /// An item ended (`by`: the emergency that cut it).
    pub fn finished(&mut self, index: usize, by: Option<(String, String)>) {
        self.open = None;
        self.closed.insert(index);
        if by.is_some() {
            self.cut_by = by;
        }
    }

    /// The output failed (or is gone) with this program: the item on air is
    /// cut at `ended`, the items that had not started did not air.
    pub fn fail(&self, ended: Option<DateTime<Utc>>) -> Vec<Closing> {
        let mut out = Vec::new();
        if let Some((index, since)) = self.open
            && let Some(info) = self.info(index)
        {
            let played = ended
                .and_then(|e| (e - since).to_std().ok())
                .map(|d| round_ms(d.as_secs_f64()));
            out.push(Closing::Interrupted {
                info: info.clone(),
                ended,
                played,
            });
        }
        for info in self
            .infos
            .iter()
            .filter(|i| !self.started.contains(&i.index) && !self.closed.contains(&i.index))
        {
            out.push(Closing::NotAired { info: info.clone() });
        }
        out
    }
}

/// What a failed program leaves in the log.
#[derive(Debug, Clone, PartialEq)]
pub enum Closing {
    /// The item on air, cut.
    Interrupted {
        info: SegmentInfo,
        ended: Option<DateTime<Utc>>,
        played: Option<f64>,
    },
    /// An item that never began: failed.
    NotAired { info: SegmentInfo },
}

/// Why an item starts other than plainly on time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartNote {
    /// It goes on after the emergency (slot, schedule) that cut it.
    Resumed { slot: String, schedule: String },
    /// A priority or emergency program went ahead of the normal one on air.
    WentAhead {
        slot: String,
        schedule: String,
        emergency: bool,
    },
    /// Late (milliseconds) behind another program.
    LateBehind {
        ms: i64,
        slot: String,
        schedule: String,
    },
    /// Late (milliseconds).
    Late { ms: i64 },
}

/// The note for item `index` of program `airing` beginning at `at`.
pub fn start_note(
    programs: &HashMap<u64, Program>,
    airing: u64,
    index: usize,
    at: DateTime<Utc>,
) -> Option<StartNote> {
    let p = programs.get(&airing)?;
    if let Some((slot, schedule)) = &p.cut_by {
        return Some(StartNote::Resumed {
            slot: slot.clone(),
            schedule: schedule.clone(),
        });
    }
    if !p.started.is_empty() {
        return None;
    }
    let other = programs
        .iter()
        .filter(|(id, o)| **id != airing && !o.started.is_empty())
        .min_by_key(|(_, o)| o.scheduled)
        .map(|(_, o)| o);
    if p.rank >= 1
        && let Some(o) = other.filter(|o| o.rank < p.rank && o.started.len() < o.infos.len())
    {
        return Some(StartNote::WentAhead {
            slot: o.slot.clone(),
            schedule: o.schedule.clone(),
            emergency: p.rank >= 2,
        });
    }
    let ms = (at - p.scheduled).num_milliseconds();
    if index == p.infos.first().map_or(0, |i| i.index) && ms > 1000 {
        return Some(match other {
            Some(o) => StartNote::LateBehind {
                ms,
                slot: o.slot.clone(),
                schedule: o.schedule.clone(),
            },
            None => StartNote::Late { ms },
        });
    }
    None
}

/// Why an item ended, for the `end` record's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndReason {
    /// Cut by an emergency program (slot, schedule).
    CutByEmergency { slot: String, schedule: String },
    /// Cut, in the output's words (a stop, a signal).
    Cut(Msg),
    /// Played to its end; the output's note, and whether its file was
    /// overwritten while on air.
    Noted { note: Option<Msg>, changed: bool },
}

/// How an item that ended goes into the log.
pub fn ended(
    cut: Option<Msg>,
    cut_by: Option<(String, String)>,
    note: Option<Msg>,
    changed: bool,
) -> (Status, Option<EndReason>) {
    let status = if cut.is_some() {
        Status::Interrupted
    } else {
        Status::Completed
    };
    let reason = match (cut_by, cut) {
        (Some((slot, schedule)), _) => Some(EndReason::CutByEmergency { slot, schedule }),
        (None, Some(why)) => Some(EndReason::Cut(why)),
        (None, None) if note.is_some() || changed => Some(EndReason::Noted { note, changed }),
        (None, None) => None,
    };
    (status, reason)
}

/// Why the output dropped an item before it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// It could no longer start within its grace window.
    Late,
    /// Cut by an emergency that lasted past its grace window.
    NotResumed,
    /// Stopped (operator, signal), in the output's words.
    Stopped(Msg),
    /// The output failed, in its words.
    OutputFailed(Msg),
}

/// The status a dropped item is logged with.
pub fn dropped(why: &Dropped) -> Status {
    match why {
        Dropped::OutputFailed(_) => Status::Failed,
        _ => Status::Missed,
    }
}

/// What a start finds in the log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Restart {
    /// Items left on air (by id): closed as interrupted.
    pub close: Vec<String>,
    /// Programs the last run began, with the items that have a record:
    /// the others are logged missed (a stop during an item, or between two).
    pub unfinished: Vec<(AiringKey, HashSet<usize>)>,
}

impl Restart {
    /// The items of an unfinished program (`infos`) that have no record.
    pub fn missing(have: &HashSet<usize>, infos: Vec<SegmentInfo>) -> Vec<SegmentInfo> {
        infos
            .into_iter()
            .filter(|i| !have.contains(&i.index))
            .collect()
    }
}

/// Reads the log's records (and their rows) for what a start must settle.
pub fn restart(records: &[Record], rows: &[AiringRow]) -> Restart {
    let close = airlog::open_segments(records);
    let last_run = records
        .iter()
        .filter_map(|r| match r {
            Record::Daemon { what, logged, .. } if what == "started" => {
                DateTime::parse_from_rfc3339(logged).ok()
            }
            _ => None,
        })
        .max();
    let Some(last_run) = last_run else {
        return Restart {
            close,
            unfinished: Vec::new(),
        };
    };
    let key = |r: &AiringRow| AiringKey {
        schedule: r.schedule.clone(),
        slot: r.slot.clone(),
        at: r.scheduled.with_timezone(&Utc),
    };
    let programs: BTreeSet<AiringKey> = rows
        .iter()
        .filter(|r| r.started.is_some_and(|t| t >= last_run))
        .map(key)
        .collect();
    let unfinished = programs
        .into_iter()
        .map(|k| {
            let have = rows
                .iter()
                .filter(|r| key(r) == k)
                .map(|r| r.index)
                .collect();
            (k, have)
        })
        .collect();
    Restart { close, unfinished }
}

pub fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
