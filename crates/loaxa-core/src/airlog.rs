//! The airing log (nhật ký phát sóng): the station's evidence of what aired.
//!
//! An append-only file of JSON lines. A segment that starts airing gets a
//! `start` record the moment it starts and an `end` record when it ends; a
//! segment that could not air gets one `not_aired` record. Every record is
//! on disk (`fsync`) before the daemon moves on, so a crash loses nothing
//! that aired, and the file is never rewritten: a segment found open at the
//! next start is closed by a further `end` record.
//!
//! Reading folds the records into one [`AiringRow`] per segment airing.
//!
//! Tamper evidence: every line carries `seq` (its number in the chain) and
//! `prev`, the SHA-256 of the previous line's exact bytes; the chain starts
//! at a `genesis` record naming the station, whose `prev` is the SHA-256 of
//! everything before it in the file (nothing, or lines written before the
//! log was chained). Editing, deleting, inserting or reordering a line
//! breaks the chain at that place ([`verify`]); the hash of the last line
//! (the head), printed in every export, pins the whole log as it was then.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Msg;
use crate::timefmt::span;

/// How a segment airing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Played to its end.
    Completed,
    /// Cut while on air (stop, shutdown, crash).
    Interrupted,
    /// The output failed (no sound card, card error).
    Failed,
    /// Not aired: its file was missing or unusable.
    Skipped,
    /// Not aired: its time passed (loaxa not running, clock jump, another
    /// program on air past its grace window).
    Missed,
}

impl Status {
    /// The word in the log and in JSON (the report's words are in locales/).
    pub fn en(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Interrupted => "interrupted",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
            Status::Missed => "missed",
        }
    }
}

/// What the log says about the segment itself (shared by `start` and
/// `not_aired` records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentInfo {
    /// Identifies this segment airing; an `end` record refers to it.
    pub id: String,
    /// The schedule file (relative to the station folder) and slot.
    pub schedule: String,
    pub slot: String,
    /// Scheduled start of the program.
    pub scheduled: String,
    /// Position in the program, from 0.
    pub index: usize,
    /// Relative to `audio/`.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub topic: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub author: Option<String>,
    /// The file's duration in seconds, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duration: Option<f64>,
    pub output: String,
    /// "ưu tiên" or "khẩn cấp"; absent for normal programs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<String>,
    /// Gain applied to bring it to the station's loudness, dB.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gain_db: Option<f64>,
    /// How far the limiter held the loudest peak down, dB.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub limited_db: Option<f64>,
    /// Seconds of silence skipped at the start and at the end.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trimmed: Option<[f64; 2]>,
    /// Text read aloud: SHA-256 of the text as written, and the engine and
    /// voice that read it (`sha256` is then the speech audio's).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub engine: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub voice: Option<String>,
    /// Written by `loaxa simulate`, not by the station: never evidence.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub simulated: bool,
    /// A relay item: what it relays (a URL without its password,
    /// `line-in`); `file` then names the same, and `duration` is the
    /// planned length.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub relay: Option<String>,
}

/// How a relay item went: what of it was the stream, and each time the
/// stream was away, why and what filled it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelayEnd {
    /// Seconds of the stream that aired.
    pub relayed: f64,
    /// The item's planned length, seconds.
    pub planned: f64,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub interruptions: Vec<Interruption>,
}

/// One interruption of a relay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interruption {
    pub from: String,
    pub to: String,
    pub why: Msg,
    /// The fallback recording that aired in it (relative to `audio/`),
    /// and for how many seconds; silence filled the rest.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub filled: Option<String>,
    #[serde(skip_serializing_if = "is_zero_f64", default)]
    pub fallback: f64,
}

impl RelayEnd {
    /// "tiếp sóng Thời sự VOV1 29 phút 40 giây / 30 phút": `name` is the
    /// item's title, else its source.
    pub fn summary(&self, name: &str) -> Msg {
        msg!(
            "relay-summary",
            name = name,
            relayed = span(self.relayed),
            planned = span(self.planned)
        )
    }
}

impl Interruption {
    /// "mất tiếp sóng 06:10:02–06:10:22 (…why…), phát xin-loi.mp3 12 giây".
    pub fn line(&self) -> Msg {
        let hms = |t: &str| {
            DateTime::parse_from_rfc3339(t)
                .map(|d| d.format("%H:%M:%S").to_string())
                .unwrap_or_else(|_| t.to_string())
        };
        match &self.filled {
            Some(file) => msg!(
                "relay-interruption-filled",
                from = hms(&self.from),
                to = hms(&self.to),
                why = self.why.clone(),
                file = file.as_str(),
                seconds = span(self.fallback)
            ),
            None => msg!(
                "relay-interruption",
                from = hms(&self.from),
                to = hms(&self.to),
                why = self.why.clone()
            ),
        }
    }
}

fn is_zero_f64(n: &f64) -> bool {
    *n == 0.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Record {
    /// A segment started airing.
    Start {
        #[serde(flatten)]
        segment: SegmentInfo,
        started: String,
        /// A decision worth knowing: started late, went ahead, resumed.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        note: Option<Msg>,
        logged: String,
    },
    /// A started segment ended.
    End {
        id: String,
        /// When it ended; absent when unknown (closed after a crash).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        ended: Option<String>,
        /// Seconds actually played; absent when unknown.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        played: Option<f64>,
        status: Status,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        reason: Option<Msg>,
        logged: String,
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        simulated: bool,
        /// A relay item: what was relayed, and its interruptions.
        #[serde(skip_serializing_if = "Option::is_none", default)]
        relay: Option<RelayEnd>,
    },
    /// A segment that did not air at all.
    NotAired {
        #[serde(flatten)]
        segment: SegmentInfo,
        status: Status,
        reason: Msg,
        logged: String,
    },
    /// The daemon started or stopped: when the station was unattended.
    Daemon {
        what: String,
        version: String,
        logged: String,
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        simulated: bool,
    },
    /// The start of the hash chain: whose log this is.
    Genesis {
        station: String,
        version: String,
        logged: String,
        /// Lines written before the chain began (by loaxa 0.1), sealed by
        /// this record's `prev`.
        #[serde(skip_serializing_if = "is_zero", default)]
        sealed_lines: usize,
    },
    /// An unfinished line (a crash or power loss in the middle of a
    /// write) was found at the end of the log and set aside.
    Recovered {
        /// The file it was copied to, in the log's folder.
        kept_in: String,
        torn_bytes: u64,
        torn_sha256: String,
        logged: String,
    },
    /// The records that follow could not be written when they happened (a
    /// full or read-only disk) and were kept aside in `from`; they are
    /// written now, each with the time it was first logged.
    Restored {
        from: String,
        records: usize,
        logged: String,
    },
    /// A CAP alert met (dropped in `audio/khan-cap/` or given to `loaxa
    /// alert`) and what loaxa did with it. Its airings are the segments of
    /// schedule [`ALERT_SCHEDULE`] whose slot is its identifier.
    Alert {
        #[serde(flatten)]
        alert: AlertInfo,
        action: AlertAction,
        /// Why it did not air; for one that aired, a note (its own
        /// recording was not used, and why).
        #[serde(skip_serializing_if = "Option::is_none", default)]
        reason: Option<Msg>,
        /// The alert file, as the station shows it.
        file: String,
        logged: String,
    },
    /// Something an account did from the console: the evidence of who
    /// asked for an airing, a stop, a new recording or a schedule.
    Operator {
        #[serde(flatten)]
        act: OperatorAct,
        logged: String,
    },
    /// Silence on air during an item, longer than `[monitor] silence_after`:
    /// written once it is over (sound came back, or the item ended).
    Silence {
        /// The segment's id (its `start` record's).
        id: String,
        /// The item's file, as the station shows it.
        file: String,
        began: String,
        ended: String,
        /// Where: the station's own output, or the loudspeaker line it
        /// monitors (the output was sounding; the line was not).
        source: SilenceSource,
        logged: String,
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        simulated: bool,
    },
}

/// Where silence was heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SilenceSource {
    Output,
    Input,
}

impl SilenceSource {
    /// The word in the log and in JSON.
    pub fn en(self) -> &'static str {
        match self {
            SilenceSource::Output => "output",
            SilenceSource::Input => "input",
        }
    }
}

/// A silence of the log, as `loaxa log` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SilenceRow {
    pub logged: DateTime<FixedOffset>,
    pub began: DateTime<FixedOffset>,
    pub ended: DateTime<FixedOffset>,
    pub id: String,
    pub file: String,
    pub source: SilenceSource,
}

impl SilenceRow {
    /// One JSON object for `log --json` (`"event": "silence"`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "event": "silence",
            "logged": crate::timefmt::rfc3339_ms(&self.logged),
            "began": crate::timefmt::rfc3339_ms(&self.began),
            "ended": crate::timefmt::rfc3339_ms(&self.ended),
            "seconds": self.seconds(),
            "id": self.id,
            "file": self.file,
            "source": self.source.en(),
        })
    }

    /// How long it lasted, to the tenth of a second.
    pub fn seconds(&self) -> f64 {
        ((self.ended - self.began).num_milliseconds().max(0) as f64 / 100.0).round() / 10.0
    }
}

/// The silences of the log, in order.
pub fn silences(records: &[Record]) -> Vec<SilenceRow> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Silence {
                id,
                file,
                began,
                ended,
                source,
                logged,
                ..
            } => Some(SilenceRow {
                logged: time(logged)?,
                began: time(began)?,
                ended: time(ended)?,
                id: id.clone(),
                file: file.clone(),
                source: *source,
            }),
            _ => None,
        })
        .collect()
}

/// What an account did from the console, and whether it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorAct {
    /// The account (`loaxa user`).
    pub user: String,
    pub action: OperatorAction,
    /// What it named: a file of `audio/`, a schedule, an account.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub target: String,
    /// SHA-256 of what it wrote (a recording, a schedule) or gave to be
    /// read aloud.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
    /// False when the station refused it (the reason went back to the
    /// console; nothing changed).
    pub done: bool,
    /// The address it came from.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub from: String,
}

/// What can be done from the console that changes the station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatorAction {
    Upload,
    Play,
    Say,
    StopAiring,
    ScheduleSaved,
    UserAdded,
    UserChanged,
    UserRemoved,
}

impl OperatorAction {
    /// The word in the log and in JSON.
    pub fn en(self) -> &'static str {
        match self {
            OperatorAction::Upload => "upload",
            OperatorAction::Play => "play",
            OperatorAction::Say => "say",
            OperatorAction::StopAiring => "stop_airing",
            OperatorAction::ScheduleSaved => "schedule_saved",
            OperatorAction::UserAdded => "user_added",
            OperatorAction::UserChanged => "user_changed",
            OperatorAction::UserRemoved => "user_removed",
        }
    }
}

/// One console action as `loaxa log` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorRow {
    pub logged: DateTime<FixedOffset>,
    pub act: OperatorAct,
}

impl OperatorRow {
    /// One JSON object for `log --json` (`"event": "operator"`).
    pub fn to_json(&self) -> serde_json::Value {
        let a = &self.act;
        serde_json::json!({
            "event": "operator",
            "logged": crate::timefmt::rfc3339_ms(&self.logged),
            "user": a.user,
            "action": a.action.en(),
            "target": a.target,
            "sha256": a.sha256,
            "done": a.done,
            "from": a.from,
        })
    }
}

/// The console's actions of the log, in order.
pub fn operator_acts(records: &[Record]) -> Vec<OperatorRow> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Operator { act, logged } => Some(OperatorRow {
                logged: time(logged)?,
                act: act.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// The `schedule` of the segments that air a CAP alert (their `slot` is
/// the alert's identifier).
pub const ALERT_SCHEDULE: &str = "cap";

/// What the log says about a CAP alert: as much as could be read (nothing
/// of a file that is not a CAP alert).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertInfo {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sender: Option<String>,
    /// `<sent>` as the alert writes it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sent: Option<String>,
    /// CAP's words: `Actual`, `Alert`, `Severe`…
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub msg_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub severity: Option<String>,
    /// `<event>`: "Bão" (`alert_event` in the log: `event` is the
    /// record's kind).
    #[serde(
        rename = "alert_event",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub event: Option<String>,
    /// "ưu tiên" or "khẩn cấp", for one that aired.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub priority: Option<String>,
    /// Airings in all, for one that aired.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub repeat: Option<u32>,
    /// The identifiers of the alerts it cancels or replaces.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cancels: Vec<String>,
}

/// What loaxa did with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertAction {
    /// Sent to air (its airings are segments of its own).
    Aired,
    /// Not aired, for `reason`.
    NotAired,
    /// A Cancel (or an Update that does not air here): the repeats still
    /// due of the alerts it names were stopped.
    Cancelled,
}

impl AlertAction {
    /// The word in the log and in JSON.
    pub fn en(self) -> &'static str {
        match self {
            AlertAction::Aired => "aired",
            AlertAction::NotAired => "not_aired",
            AlertAction::Cancelled => "cancelled",
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Record {
    pub fn logged(&self) -> &str {
        match self {
            Record::Start { logged, .. }
            | Record::End { logged, .. }
            | Record::NotAired { logged, .. }
            | Record::Daemon { logged, .. }
            | Record::Genesis { logged, .. }
            | Record::Recovered { logged, .. }
            | Record::Restored { logged, .. }
            | Record::Alert { logged, .. }
            | Record::Operator { logged, .. }
            | Record::Silence { logged, .. } => logged,
        }
    }
}

/// The last moment the log shows loaxa was running.
pub fn last_alive(records: &[Record]) -> Option<DateTime<FixedOffset>> {
    records
        .iter()
        // Written when the log is opened, before anything airs.
        .filter(|r| {
            !matches!(
                r,
                Record::Genesis { .. } | Record::Recovered { .. } | Record::Restored { .. }
            )
        })
        .filter_map(|r| time(r.logged()))
        .max()
}

/// Whether these are a simulation's records (`loaxa simulate` writes its
/// own log, `data/simulation-log.jsonl`): something in them is marked
/// simulated and nothing the station itself did is unmarked.
pub fn is_simulation(records: &[Record]) -> bool {
    let marks = records.iter().filter_map(|r| match r {
        Record::Start { segment, .. } | Record::NotAired { segment, .. } => Some(segment.simulated),
        Record::End { simulated, .. }
        | Record::Daemon { simulated, .. }
        | Record::Silence { simulated, .. } => Some(*simulated),
        _ => None,
    });
    let (mut marked, mut unmarked) = (false, false);
    for m in marks {
        marked |= m;
        unmarked |= !m;
    }
    marked && !unmarked
}

/// When the log began (its first genesis): nothing scheduled before it was
/// ever expected of this station's loaxa.
pub fn born(records: &[Record]) -> Option<DateTime<FixedOffset>> {
    records.iter().find_map(|r| match r {
        Record::Genesis { logged, .. } => time(logged),
        _ => None,
    })
}

/// The hex SHA-256 of some bytes: how lines are chained.
pub fn hash_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The chain fields every chained line starts with.
#[derive(Debug, Deserialize)]
pub struct Chain {
    pub seq: Option<u64>,
    pub prev: Option<String>,
}

/// `{"seq":N,"prev":"…",` followed by the record's own fields.
pub fn chained_line(seq: u64, prev: &str, body: &str) -> String {
    let rest = body.strip_prefix('{').unwrap_or(body);
    format!("{{\"seq\":{seq},\"prev\":\"{prev}\",{rest}")
}

/// Where the whole lines of `bytes` end.
pub fn log_len_before(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    /// Lines in the chain (the genesis included).
    pub records: usize,
    /// Lines before the chain began (sealed by the genesis).
    pub sealed: usize,
    /// The hash of the last chained line.
    pub head: Option<String>,
    /// The first thing wrong, if anything is.
    pub broken: Option<Broken>,
    /// An unfinished last line (being written now, or torn by a crash).
    pub unfinished: Option<usize>,
    /// SHA-256 of every chained line, in order (to find an earlier head).
    pub hashes: Vec<[u8; 32]>,
}

/// Where the chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// 1-based line number.
    pub line: usize,
    pub what: Msg,
}

/// Checks a log's bytes: every line a well-formed record, every record
/// chained to the one before it. Stops at the first break and says what
/// it looks like: an edited, deleted, inserted (copied) or moved line.
pub fn verify(bytes: &[u8]) -> Verification {
    verify_records(bytes).0
}

/// Why line `n` is not a record. A record of a kind this version does not
/// know, on a line that is otherwise sound, was most likely written by a
/// newer loaxa: saying "edited by hand" would accuse a commune falsely.
fn not_a_record(n: usize, line: &[u8], e: &serde_json::Error) -> Msg {
    #[derive(Deserialize)]
    struct Tag {
        event: String,
    }
    match serde_json::from_slice::<Tag>(line) {
        Ok(t) if e.to_string().starts_with("unknown variant") => {
            msg!("chain-unknown-event", line = n, event = t.event)
        }
        _ => msg!("chain-not-record", line = n, detail = e.to_string()),
    }
}

/// `verify`, keeping the records it read on the way: when the chain is
/// whole, every record of the log (what `parse` gives), each line read
/// once instead of twice.
pub fn verify_records(bytes: &[u8]) -> (Verification, Vec<Record>) {
    let mut records = Vec::new();
    let whole = log_len_before(bytes);
    let mut v = Verification {
        records: 0,
        sealed: 0,
        head: None,
        broken: None,
        unfinished: None,
        hashes: Vec::new(),
    };
    let lines = whole_lines(&bytes[..whole]);
    if whole < bytes.len() {
        v.unfinished = Some(bytes[..whole].iter().filter(|&&b| b == b'\n').count() + 1);
    }
    let mut seen_hash: HashMap<[u8; 32], usize> = HashMap::new();
    let mut seen_seq: HashMap<u64, usize> = HashMap::new();
    // The previous chained line: (line number, seq, hash).
    let mut last: Option<(usize, u64, String)> = None;
    let fail = |v: &mut Verification, line: usize, what: Msg| {
        v.broken = Some(Broken { line, what });
    };
    for (k, &(n, start, l)) in lines.iter().enumerate() {
        let record = serde_json::from_slice::<Record>(l);
        let chain = serde_json::from_slice::<Chain>(l);
        let (record, chain) = match (record, chain) {
            (Ok(r), Ok(c)) => (r, c),
            (Err(e), _) | (_, Err(e)) => {
                fail(&mut v, n, not_a_record(n, l, &e));
                return (v, records);
            }
        };
        let (Some(seq), Some(prev)) = (chain.seq, chain.prev) else {
            if last.is_some() {
                fail(&mut v, n, msg!("chain-no-place", line = n));
                return (v, records);
            }
            // Written before the chain began.
            v.sealed += 1;
            records.push(record);
            continue;
        };
        let digest: [u8; 32] = Sha256::digest(l).into();
        let hash = hex::encode(digest);
        if let Record::Genesis { .. } = record {
            if seq != 1 || prev != hash_hex(&bytes[..start]) {
                let what = if last.is_none() && v.sealed == 0 && start == 0 {
                    msg!("chain-genesis-edited", line = n)
                } else {
                    msg!("chain-before-genesis", line = n)
                };
                fail(&mut v, n, what);
                return (v, records);
            }
            seen_seq.clear();
        } else {
            let link = Link {
                line: n,
                seq,
                prev: &prev,
            };
            if let Err((at, what)) =
                link.check(last.as_ref(), &seen_seq, &seen_hash, &lines[k + 1..])
            {
                fail(&mut v, at, what);
                return (v, records);
            }
        }
        seen_seq.insert(seq, n);
        seen_hash.insert(digest, n);
        v.hashes.push(digest);
        v.records += 1;
        records.push(record);
        last = Some((n, seq, hash));
    }
    v.head = last.map(|(_, _, h)| h);
    (v, records)
}

/// A chained line, checked against the one before it.
struct Link<'a> {
    line: usize,
    seq: u64,
    prev: &'a str,
}

impl Link<'_> {
    /// Whether this line follows the previous chained line `last` (line,
    /// seq, hash); if not, where the break is and what it looks like (a
    /// repeat, a deletion, a reordering, a moved or changed line). `rest`
    /// are the lines after it, to tell a move from a loss.
    fn check(
        &self,
        last: Option<&(usize, u64, String)>,
        seen_seq: &HashMap<u64, usize>,
        seen_hash: &HashMap<[u8; 32], usize>,
        rest: &[(usize, usize, &[u8])],
    ) -> Result<(), (usize, Msg)> {
        let (n, seq) = (self.line, self.seq);
        let Some((pn, pseq, phash)) = last else {
            return Err((n, msg!("chain-no-genesis", line = n)));
        };
        let expected = pseq.saturating_add(1);
        if seq < expected {
            let what = match seen_seq.get(&seq) {
                Some(first) => msg!("chain-repeats", line = n, record = seq, first = *first),
                None => msg!(
                    "chain-cannot-follow",
                    line = n,
                    record = seq,
                    previous = *pseq,
                    previous_line = *pn
                ),
            };
            return Err((n, what));
        }
        if seq > expected {
            // Read only now, at a break: the seqs of the lines after it.
            let seq_of = |l: &[u8]| serde_json::from_slice::<Chain>(l).ok().and_then(|c| c.seq);
            let later = rest
                .iter()
                .find(|(_, _, l)| seq_of(l) == Some(expected))
                .map(|(m, _, _)| *m);
            let what = match later {
                Some(m) => msg!("chain-reordered", line = n, record = expected, at = m),
                None if seq == expected.saturating_add(1) => msg!(
                    "chain-deleted-one",
                    record = expected,
                    previous_line = *pn,
                    line = n
                ),
                None => msg!(
                    "chain-deleted-many",
                    record = expected,
                    last = seq - 1,
                    previous_line = *pn,
                    line = n
                ),
            };
            return Err((n, what));
        }
        if self.prev != phash {
            let earlier = raw_hash(self.prev).and_then(|raw| seen_hash.get(&raw));
            let what = match earlier {
                Some(m) => msg!("chain-moved", line = n, follows = *m, previous_line = *pn),
                None => msg!("chain-changed", previous_line = *pn, line = n),
            };
            let at = if earlier.is_some() { n } else { *pn };
            return Err((at, what));
        }
        Ok(())
    }
}

/// (line number, start offset, bytes) of every non-empty line.
fn whole_lines(bytes: &[u8]) -> Vec<(usize, usize, &[u8])> {
    let mut lines = Vec::new();
    let mut offset = 0;
    for (i, l) in bytes.split(|&b| b == b'\n').enumerate() {
        if !l.is_empty() {
            lines.push((i + 1, offset, l));
        }
        offset += l.len() + 1;
    }
    lines
}

/// A hex SHA-256 as its 32 bytes.
pub fn raw_hash(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text.trim()).ok()?.try_into().ok()
}

/// Where a head given by hand (`--head`) stands in the chain: the whole
/// hash, or a prefix of at least 8 hex digits as reports print it short
/// (`37f9636d…`). `None` if no record has it; an error if what was given
/// is not a hash, too short, or names more than one record.
pub fn find_head(hashes: &[[u8; 32]], given: &str) -> Result<Option<usize>, Msg> {
    const SHORTEST: usize = 8;
    if given.is_empty() || !given.chars().all(|c| c.is_ascii_hexdigit()) || given.len() > 64 {
        return Err(msg!("verify-head-not-hex", head = given));
    }
    if given.len() < SHORTEST {
        return Err(msg!("verify-head-short", head = given, digits = SHORTEST));
    }
    let given = given.to_ascii_lowercase();
    let mut found = hashes
        .iter()
        .enumerate()
        .filter(|(_, h)| hex::encode(h).starts_with(&given))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(i), None) => Ok(Some(i)),
        (Some(_), Some(_)) => Err(msg!("verify-head-ambiguous", head = &given)),
    }
}

/// A line of the log that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// The records of a log's bytes, and the lines that are not records.
pub fn parse(bytes: &[u8]) -> (Vec<Record>, Vec<BadLine>) {
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(r) => records.push(r),
            Err(e) => bad.push(BadLine {
                line: i + 1,
                problem: e.to_string(),
            }),
        }
    }
    (records, bad)
}

/// One segment airing, as the log and the report show it.
#[derive(Debug, Clone, PartialEq)]
pub struct AiringRow {
    pub id: String,
    pub schedule: String,
    pub slot: String,
    pub scheduled: DateTime<FixedOffset>,
    pub index: usize,
    pub started: Option<DateTime<FixedOffset>>,
    pub ended: Option<DateTime<FixedOffset>>,
    pub file: String,
    pub sha256: Option<String>,
    pub title: Option<String>,
    pub topic: Option<String>,
    pub author: Option<String>,
    pub duration: Option<f64>,
    pub played: Option<f64>,
    pub output: String,
    /// `None` while the segment is on air (or was when the log was read).
    pub status: Option<Status>,
    pub reason: Option<Msg>,
    /// A decision noted when it started (late, ahead of another, resumed).
    pub note: Option<Msg>,
    pub priority: Option<String>,
    pub simulated: bool,
    /// The station whose log it comes from, in a roll-up of several.
    pub station: Option<String>,
    /// Text read aloud: SHA-256 of the text as written, the engine and the
    /// voice (as the start record has them).
    pub text_sha256: Option<String>,
    pub engine: Option<String>,
    pub voice: Option<String>,
    /// A relay item's source, and how it went once ended.
    pub relay: Option<String>,
    pub relayed: Option<RelayEnd>,
}

impl AiringRow {
    /// One JSON object for `log --json`: times as RFC 3339 with milliseconds,
    /// reasons and notes in words (`render`: the caller's language).
    pub fn to_json(&self, render: &dyn Fn(&Msg) -> String) -> serde_json::Value {
        let t = |d: &Option<DateTime<FixedOffset>>| d.as_ref().map(crate::timefmt::rfc3339_ms);
        let mut v = serde_json::json!({
            "id": self.id,
            "schedule": self.schedule,
            "slot": self.slot,
            "scheduled": crate::timefmt::rfc3339_ms(&self.scheduled),
            "index": self.index,
            "started": t(&self.started),
            "ended": t(&self.ended),
            "file": self.file,
            "sha256": self.sha256,
            "title": self.title,
            "topic": self.topic,
            "author": self.author,
            "duration": self.duration,
            "played": self.played,
            "output": self.output,
            "status": self.status.map(Status::en).unwrap_or("on_air"),
            "reason": self.reason.as_ref().map(render),
            "note": self.note.as_ref().map(render),
            "priority": self.priority,
        });
        if let Some(relay) = &self.relay {
            v["relay"] = relay.clone().into();
        }
        if let Some(end) = &self.relayed {
            v["relayed"] = end.relayed.into();
            v["planned"] = end.planned.into();
            v["interruptions"] = end
                .interruptions
                .iter()
                .map(|i| {
                    serde_json::json!({
                        "from": i.from,
                        "to": i.to,
                        "why": render(&i.why),
                        "filled": i.filled,
                        "fallback": i.fallback,
                    })
                })
                .collect::<Vec<_>>()
                .into();
        }
        // What was said, for text read aloud (as in the record).
        for (key, value) in [
            ("text_sha256", &self.text_sha256),
            ("engine", &self.engine),
            ("voice", &self.voice),
        ] {
            if let Some(value) = value {
                v[key] = value.clone().into();
            }
        }
        v
    }

    /// The local date the airing belongs to: when it started, else when it was due.
    pub fn date(&self) -> chrono::NaiveDate {
        self.started.unwrap_or(self.scheduled).date_naive()
    }
}

fn time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// Folds records into rows, in airing order: by scheduled program start,
/// then position in the program (a skipped item sits where it would have aired).
pub fn rows(records: &[Record]) -> Vec<AiringRow> {
    let mut out = fold(records);
    out.sort_by(|a, b| {
        (a.scheduled, &a.schedule, &a.slot, a.index).cmp(&(
            b.scheduled,
            &b.schedule,
            &b.slot,
            b.index,
        ))
    });
    out
}

pub fn fold(records: &[Record]) -> Vec<AiringRow> {
    let mut out: Vec<AiringRow> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for r in records {
        match r {
            Record::Start {
                segment,
                started,
                note,
                ..
            } => {
                let Some(scheduled) = time(&segment.scheduled) else {
                    continue;
                };
                by_id.insert(&segment.id, out.len());
                let mut r = row(segment, scheduled, time(started), None, None);
                r.note = note.clone();
                out.push(r);
            }
            Record::End {
                id,
                ended,
                played,
                status,
                reason,
                relay,
                ..
            } => {
                if let Some(&i) = by_id.get(id.as_str()) {
                    let row = &mut out[i];
                    // The first end wins: a later one can only be a duplicate.
                    if row.status.is_none() {
                        row.ended = ended.as_deref().and_then(time);
                        row.played = *played;
                        row.status = Some(*status);
                        row.reason = reason.clone();
                        row.relayed = relay.clone();
                    }
                }
            }
            Record::NotAired {
                segment,
                status,
                reason,
                ..
            } => {
                let Some(scheduled) = time(&segment.scheduled) else {
                    continue;
                };
                out.push(row(
                    segment,
                    scheduled,
                    None,
                    Some(*status),
                    Some(reason.clone()),
                ));
            }
            Record::Daemon { .. }
            | Record::Genesis { .. }
            | Record::Recovered { .. }
            | Record::Restored { .. }
            | Record::Alert { .. }
            | Record::Operator { .. }
            | Record::Silence { .. } => {}
        }
    }
    out
}

/// One CAP alert as `loaxa log` and a report show it: what it was, what
/// loaxa did, and when its airings began.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    pub logged: DateTime<FixedOffset>,
    pub alert: AlertInfo,
    pub action: AlertAction,
    pub reason: Option<Msg>,
    pub file: String,
    /// When each of its airings reached the loudspeakers (the first item
    /// of each), in order.
    pub aired_at: Vec<DateTime<FixedOffset>>,
    /// The station whose log it comes from, in a roll-up of several.
    pub station: Option<String>,
}

impl AlertRow {
    /// One JSON object for `log --json` (`"event": "alert"`), the reason
    /// in words (`render`: the caller's language).
    pub fn to_json(&self, render: &dyn Fn(&Msg) -> String) -> serde_json::Value {
        let a = &self.alert;
        serde_json::json!({
            "event": "alert",
            "logged": crate::timefmt::rfc3339_ms(&self.logged),
            "identifier": a.identifier,
            "sender": a.sender,
            "sent": a.sent,
            "status": a.status,
            "msg_type": a.msg_type,
            "severity": a.severity,
            "alert_event": a.event,
            "priority": a.priority,
            "repeat": a.repeat,
            "cancels": a.cancels,
            "action": self.action.en(),
            "reason": self.reason.as_ref().map(render),
            "file": self.file,
            "aired_at": self.aired_at.iter().map(crate::timefmt::rfc3339_ms).collect::<Vec<_>>(),
        })
    }
}

/// The alerts of the log, in the order they were met, each with the
/// starts of its airings: the segments of [`ALERT_SCHEDULE`] named by its
/// identifier that began after it was met (and before the same identifier
/// was met again).
pub fn alerts(records: &[Record]) -> Vec<AlertRow> {
    let mut out: Vec<AlertRow> = Vec::new();
    for r in records {
        match r {
            Record::Alert {
                alert,
                action,
                reason,
                file,
                logged,
            } => {
                let Some(logged) = time(logged) else {
                    continue;
                };
                out.push(AlertRow {
                    logged,
                    alert: alert.clone(),
                    action: *action,
                    reason: reason.clone(),
                    file: file.clone(),
                    aired_at: Vec::new(),
                    station: None,
                });
            }
            Record::Start {
                segment, started, ..
            } if segment.schedule == ALERT_SCHEDULE && segment.index == 0 => {
                let row = out.iter_mut().rev().find(|a| {
                    a.action == AlertAction::Aired
                        && a.alert.identifier.as_deref() == Some(segment.slot.as_str())
                });
                if let (Some(row), Some(at)) = (row, time(started)) {
                    row.aired_at.push(at);
                }
            }
            _ => {}
        }
    }
    out
}

fn row(
    s: &SegmentInfo,
    scheduled: DateTime<FixedOffset>,
    started: Option<DateTime<FixedOffset>>,
    status: Option<Status>,
    reason: Option<Msg>,
) -> AiringRow {
    AiringRow {
        id: s.id.clone(),
        schedule: s.schedule.clone(),
        slot: s.slot.clone(),
        scheduled,
        index: s.index,
        started,
        ended: None,
        file: s.file.clone(),
        sha256: s.sha256.clone(),
        title: s.title.clone(),
        topic: s.topic.clone(),
        author: s.author.clone(),
        duration: s.duration,
        played: None,
        output: s.output.clone(),
        status,
        reason,
        note: None,
        priority: s.priority.clone(),
        simulated: s.simulated,
        station: None,
        text_sha256: s.text_sha256.clone(),
        engine: s.engine.clone(),
        voice: s.voice.clone(),
        relay: s.relay.clone(),
        relayed: None,
    }
}

/// Ids of segments that started and never ended.
pub fn open_segments(records: &[Record]) -> Vec<String> {
    rows(records)
        .into_iter()
        .filter(|r| r.status.is_none() && r.started.is_some())
        .map(|r| r.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulations_log_is_told_from_a_stations() {
        let daemon = |simulated| Record::Daemon {
            what: "started".into(),
            version: "0.1.0".into(),
            logged: "2026-03-02T00:00:00.000+07:00".into(),
            simulated,
        };
        let genesis = Record::Genesis {
            station: "Xã Thử".into(),
            version: "0.1.0".into(),
            logged: "2026-03-02T00:00:00.000+07:00".into(),
            sealed_lines: 0,
        };
        let cases = [
            (vec![genesis.clone(), daemon(true), daemon(true)], true),
            (vec![genesis.clone(), daemon(false), daemon(true)], false),
            (vec![genesis.clone(), daemon(false)], false),
            // Nothing marked either way: a station's (a new log).
            (vec![genesis.clone()], false),
            (Vec::new(), false),
        ];
        for (records, want) in cases {
            assert_eq!(is_simulation(&records), want, "{records:?}");
        }
    }

    /// A sound line of a kind this version does not know is said to come
    /// from a newer loaxa, not to be edited by hand; a line that is not a
    /// record at all still is.
    #[test]
    fn a_record_from_a_newer_loaxa_is_not_called_an_edit() {
        let genesis = r#"{"event":"genesis","station":"Xã Thử","version":"0.1.0","logged":"2026-03-02T00:00:00.000+07:00"}"#;
        let cases = [
            (
                r#"{"event":"weather","logged":"2026-03-02T00:00:01.000+07:00"}"#,
                "chain-unknown-event",
            ),
            (r#"{"event":"daemon","what":7}"#, "chain-not-record"),
            (r#"{"event":7}"#, "chain-not-record"),
        ];
        for (body, want) in cases {
            let first = chained_line(1, &hash_hex(b""), genesis);
            let head = format!("{first}\n");
            let second = chained_line(2, &hash_hex(head.as_bytes()), body);
            let v = verify(format!("{head}{second}\n").as_bytes());
            let broken = v.broken.expect("line 2 is not read");
            let what = serde_json::to_value(&broken.what).unwrap();
            assert_eq!(
                (broken.line, what["id"].as_str()),
                (2, Some(want)),
                "{body}"
            );
            if want == "chain-unknown-event" {
                assert!(what.to_string().contains("weather"), "{what}");
            }
        }
    }

    /// A record as loaxa wrote it before reasons were codes (the daemon's
    /// words), and one written since: both fold into rows, the first as
    /// verbatim text, the second as its code.
    #[test]
    fn reasons_read_as_codes_and_old_text_reads_as_it_was() {
        let seg = r#""id":"x/0","schedule":"s.json","slot":"a","scheduled":"2026-11-30T05:30:00.000+07:00","index":0,"file":"a.wav","output":"null""#;
        let log = format!(
            "{{\"event\":\"not_aired\",{seg},\"status\":\"skipped\",\"reason\":\"không có tệp này\",\"logged\":\"2026-11-30T05:30:00.000+07:00\"}}\n\
             {{\"event\":\"not_aired\",{},\"status\":\"skipped\",\"reason\":{{\"id\":\"audio-missing\"}},\"logged\":\"2026-11-30T05:30:00.000+07:00\"}}\n",
            seg.replace("x/0", "y/0")
        );
        let (records, bad) = parse(log.as_bytes());
        assert!(bad.is_empty(), "{bad:?}");
        let rows = fold(&records);
        assert_eq!(rows[0].reason, Some(Msg::verbatim("không có tệp này")));
        assert_eq!(rows[1].reason, Some(msg!("audio-missing")));
        // Written back, each keeps its form.
        let again = serde_json::to_string(&records[1]).unwrap_or_default();
        assert!(
            again.contains(r#""reason":{"id":"audio-missing"}"#),
            "{again}"
        );
        let old = serde_json::to_string(&records[0]).unwrap_or_default();
        assert!(old.contains(r#""reason":"không có tệp này""#), "{old}");
    }

    /// An alert record reads back as written, counts for nothing in the
    /// airing rows, and `alerts` links it to the airings of its identifier
    /// (first items only, each airing once).
    #[test]
    fn alert_records_are_read_and_linked_to_their_airings() {
        let alert = Record::Alert {
            alert: AlertInfo {
                identifier: Some("BT-1".into()),
                sender: Some("pctt@bentre.gov.vn".into()),
                sent: Some("2026-11-30T05:00:00+07:00".into()),
                status: Some("Actual".into()),
                msg_type: Some("Alert".into()),
                severity: Some("Severe".into()),
                event: Some("Bão".into()),
                priority: Some("khẩn cấp".into()),
                repeat: Some(2),
                cancels: Vec::new(),
            },
            action: AlertAction::Aired,
            reason: None,
            file: "audio/khan-cap/bao.xml".into(),
            logged: "2026-11-30T05:01:00.000+07:00".into(),
        };
        let json = serde_json::to_string(&alert).unwrap();
        assert!(
            json.starts_with(r#"{"event":"alert","identifier":"BT-1""#),
            "{json}"
        );
        assert!(json.contains(r#""action":"aired""#), "{json}");
        assert!(!json.contains("cancels"), "{json}");
        // A file that was no alert at all: only what is known.
        let broken = Record::Alert {
            alert: AlertInfo::default(),
            action: AlertAction::NotAired,
            reason: Some(msg!("cap-no-element")),
            file: "audio/khan-cap/hong.xml".into(),
            logged: "2026-11-30T05:02:00.000+07:00".into(),
        };
        let seg = |id: &str, slot: &str, index: usize| SegmentInfo {
            id: id.into(),
            schedule: ALERT_SCHEDULE.into(),
            slot: slot.into(),
            scheduled: "2026-11-30T05:01:00.000+07:00".into(),
            index,
            file: "data/speech/x.wav".into(),
            sha256: None,
            title: None,
            topic: None,
            author: None,
            duration: None,
            output: "null".into(),
            priority: Some("khẩn cấp".into()),
            gain_db: None,
            limited_db: None,
            trimmed: None,
            text_sha256: None,
            engine: None,
            voice: None,
            simulated: false,
            relay: None,
        };
        let start = |id: &str, slot: &str, index: usize, at: &str| Record::Start {
            segment: seg(id, slot, index),
            started: at.into(),
            note: None,
            logged: at.into(),
        };
        let records = vec![
            alert.clone(),
            broken.clone(),
            start("a/0", "BT-1", 0, "2026-11-30T05:01:00.500+07:00"),
            start("a/1", "BT-1", 1, "2026-11-30T05:01:10.000+07:00"),
            start("b/0", "OTHER", 0, "2026-11-30T05:01:20.000+07:00"),
            start("c/0", "BT-1", 0, "2026-11-30T05:02:30.000+07:00"),
        ];
        let lines: String = records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect();
        let (back, bad) = parse(lines.as_bytes());
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(back, records);
        assert_eq!(fold(&back).len(), 4, "only the segments are rows");
        let rows = alerts(&back);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].alert.event.as_deref(), Some("Bão"));
        let aired: Vec<String> = rows[0]
            .aired_at
            .iter()
            .map(crate::timefmt::rfc3339_ms)
            .collect();
        assert_eq!(
            aired,
            [
                "2026-11-30T05:01:00.500+07:00",
                "2026-11-30T05:02:30.000+07:00"
            ]
        );
        assert_eq!(rows[1].action, AlertAction::NotAired);
        assert!(rows[1].aired_at.is_empty());
        let json = rows[0].to_json(&|m| format!("{m:?}"));
        assert_eq!(json["event"], "alert");
        assert_eq!(json["action"], "aired");
        assert_eq!(json["aired_at"][1], "2026-11-30T05:02:30.000+07:00");
    }

    /// A console action reads back as written, as its own kind of line,
    /// and is no airing.
    #[test]
    fn operator_acts_read_back_and_air_nothing() {
        let line = r#"{"event":"operator","user":"lan","action":"upload","target":"tin/a.mp3","sha256":"ab","done":true,"from":"192.168.1.9","logged":"2026-11-30T08:00:00.000+07:00"}"#;
        let r: Record = serde_json::from_str(line).unwrap();
        let Record::Operator { act, .. } = &r else {
            panic!("{r:?}")
        };
        assert_eq!(act.action, OperatorAction::Upload);
        assert_eq!(serde_json::to_string(&r).unwrap(), line);
        let records = vec![r];
        assert!(rows(&records).is_empty());
        let acts = operator_acts(&records);
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].to_json()["action"], "upload");
        // A refusal keeps no empty fields.
        let refused = Record::Operator {
            act: OperatorAct {
                user: "lan".into(),
                action: OperatorAction::StopAiring,
                target: String::new(),
                sha256: None,
                done: false,
                from: String::new(),
            },
            logged: "2026-11-30T08:00:00.000+07:00".into(),
        };
        assert_eq!(
            serde_json::to_string(&refused).unwrap(),
            r#"{"event":"operator","user":"lan","action":"stop_airing","done":false,"logged":"2026-11-30T08:00:00.000+07:00"}"#
        );
    }
}
