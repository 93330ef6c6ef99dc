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

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// How a segment airing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The word on the report.
    pub fn vi(self) -> &'static str {
        match self {
            Status::Completed => "Đã phát",
            Status::Interrupted => "Bị ngắt",
            Status::Failed => "Lỗi phát",
            Status::Skipped => "Bỏ qua",
            Status::Missed => "Lỡ giờ",
        }
    }

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
    /// Written by `loaxa simulate`, not by the station: never evidence.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub simulated: bool,
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
        note: Option<String>,
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
        reason: Option<String>,
        logged: String,
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        simulated: bool,
    },
    /// A segment that did not air at all.
    NotAired {
        #[serde(flatten)]
        segment: SegmentInfo,
        status: Status,
        reason: String,
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
}

impl Record {
    pub fn logged(&self) -> &str {
        match self {
            Record::Start { logged, .. }
            | Record::End { logged, .. }
            | Record::NotAired { logged, .. }
            | Record::Daemon { logged, .. } => logged,
        }
    }
}

/// The last moment the log shows loaxa was running.
pub fn last_alive(records: &[Record]) -> Option<DateTime<FixedOffset>> {
    records.iter().filter_map(|r| time(r.logged())).max()
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot open the airing log {path}: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the airing log {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read the airing log {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The log opened for appending.
pub struct AiringLog {
    path: PathBuf,
    file: File,
    /// Wait for the disk after each record (always, for the evidence).
    durable: bool,
}

impl AiringLog {
    /// Opens (creating it and its folder if needed) for appending.
    pub fn open(path: &Path) -> Result<AiringLog, LogError> {
        AiringLog::open_with(path, true)
    }

    /// As `open`; a simulation's log need not wait for the disk.
    pub fn open_with(path: &Path, durable: bool) -> Result<AiringLog, LogError> {
        let open_err = |source| LogError::Open {
            path: path.to_path_buf(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(open_err)?;
        let existed = path.exists();
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(open_err)?;
        if !existed {
            // A new file is only durable once its directory entry is.
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(open_err)?;
        }
        Ok(AiringLog {
            path: path.to_path_buf(),
            file,
            durable,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record and waits until it is on disk.
    pub fn append(&mut self, record: &Record) -> Result<(), LogError> {
        let write_err = |source| LogError::Write {
            path: self.path.clone(),
            source,
        };
        let mut line =
            serde_json::to_vec(record).map_err(|e| write_err(std::io::Error::other(e)))?;
        line.push(b'\n');
        // One write call per record, so a crash tears at most the last line.
        self.file.write_all(&line).map_err(write_err)?;
        if self.durable {
            self.file.sync_data().map_err(write_err)?;
        }
        Ok(())
    }
}

/// A line of the log that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// Reads every record. A missing file is an empty log.
pub fn read(path: &Path) -> Result<(Vec<Record>, Vec<BadLine>), LogError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(source) => {
            return Err(LogError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in BufReader::new(file).split(b'\n').enumerate() {
        let line = line.map_err(|source| LogError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(&line) {
            Ok(r) => records.push(r),
            Err(e) => bad.push(BadLine {
                line: i + 1,
                problem: e.to_string(),
            }),
        }
    }
    Ok((records, bad))
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
    pub reason: Option<String>,
    /// A decision noted when it started (late, ahead of another, resumed).
    pub note: Option<String>,
    pub priority: Option<String>,
    pub simulated: bool,
}

impl AiringRow {
    /// One JSON object for `log --json`: times as RFC 3339 with milliseconds.
    pub fn to_json(&self) -> serde_json::Value {
        let t = |d: &Option<DateTime<FixedOffset>>| d.as_ref().map(crate::timefmt::rfc3339_ms);
        serde_json::json!({
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
            "reason": self.reason,
            "note": self.note,
            "priority": self.priority,
        })
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

fn fold(records: &[Record]) -> Vec<AiringRow> {
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
            Record::Daemon { .. } => {}
        }
    }
    out
}

fn row(
    s: &SegmentInfo,
    scheduled: DateTime<FixedOffset>,
    started: Option<DateTime<FixedOffset>>,
    status: Option<Status>,
    reason: Option<String>,
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

    fn info(id: &str) -> SegmentInfo {
        SegmentInfo {
            id: id.into(),
            schedule: "schedules/cchc.json".into(),
            slot: "sang-t2".into(),
            scheduled: "2014-03-17T06:30:00.000+07:00".into(),
            index: 1,
            file: "cchc/mot-cua.mp3".into(),
            sha256: Some("ab".repeat(32)),
            title: Some("Một cửa".into()),
            topic: Some("mot-cua".into()),
            author: None,
            duration: Some(12.5),
            output: "device".into(),
            priority: None,
            gain_db: None,
            limited_db: None,
            trimmed: None,
            simulated: false,
        }
    }

    #[test]
    fn records_round_trip_and_fold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data/airing-log.jsonl");
        let mut log = AiringLog::open(&path).unwrap();
        let recs = vec![
            Record::Start {
                segment: info("a"),
                started: "2014-03-17T06:30:00.004+07:00".into(),
                note: None,
                logged: "2014-03-17T06:30:00.010+07:00".into(),
            },
            Record::NotAired {
                segment: info("b"),
                status: Status::Skipped,
                reason: "the file does not exist".into(),
                logged: "2014-03-17T06:29:58.000+07:00".into(),
            },
            Record::End {
                id: "a".into(),
                ended: Some("2014-03-17T06:30:12.504+07:00".into()),
                played: Some(12.5),
                status: Status::Completed,
                reason: None,
                logged: "2014-03-17T06:30:12.510+07:00".into(),
                simulated: false,
            },
            Record::Start {
                segment: info("c"),
                started: "2014-03-17T06:31:00.000+07:00".into(),
                note: None,
                logged: "2014-03-17T06:31:00.000+07:00".into(),
            },
        ];
        for r in &recs {
            log.append(r).unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 4);
        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with("{\"event\":\"start\",\"id\":\"a\"")
        );
        let (back, bad) = read(&path).unwrap();
        assert!(bad.is_empty());
        assert_eq!(back, recs);
        let rows = fold(&back);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].status, Some(Status::Completed));
        assert_eq!(rows[0].played, Some(12.5));
        assert_eq!(rows[1].status, Some(Status::Skipped));
        assert_eq!(rows[1].reason.as_deref(), Some("the file does not exist"));
        assert_eq!(rows[2].status, None);
        assert_eq!(open_segments(&back), vec!["c".to_string()]);
    }

    #[test]
    fn a_torn_line_is_reported_and_the_rest_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let good = serde_json::to_string(&Record::End {
            id: "x".into(),
            ended: None,
            played: None,
            status: Status::Interrupted,
            reason: Some("daemon stopped".into()),
            logged: "2014-03-17T06:30:00.000+07:00".into(),
            simulated: false,
        })
        .unwrap();
        std::fs::write(&path, format!("{good}\n{{\"event\":\"sta")).unwrap();
        let (recs, bad) = read(&path).unwrap();
        assert_eq!(recs.len(), 1);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 2);
    }
}
