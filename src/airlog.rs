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
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

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
            | Record::Restored { logged, .. } => logged,
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

/// When the log began (its first genesis): nothing scheduled before it was
/// ever expected of this station's loaxa.
pub fn born(records: &[Record]) -> Option<DateTime<FixedOffset>> {
    records.iter().find_map(|r| match r {
        Record::Genesis { logged, .. } => time(logged),
        _ => None,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{}", t!("airlog-cannot-open", path = .path.display().to_string(), detail = .source.to_string()))]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("airlog-cannot-write", path = .path.display().to_string(), detail = .source.to_string()))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("airlog-cannot-read", path = .path.display().to_string(), detail = .source.to_string()))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The log opened for appending, at the head of its chain.
pub struct AiringLog {
    path: PathBuf,
    file: File,
    /// Wait for the disk after each record (always, for the evidence).
    durable: bool,
    /// Bytes known to be whole records: a failed write is cut back to it.
    len: u64,
    /// The last line's number in the chain and its hash.
    seq: u64,
    head: String,
    /// The unfinished line found at the end when opening, if any.
    pub recovered: Option<Torn>,
}

/// An unfinished last line, set aside when the log was opened.
#[derive(Debug, Clone, PartialEq)]
pub struct Torn {
    pub kept_in: PathBuf,
    pub bytes: u64,
}

/// The hex SHA-256 of some bytes: how lines are chained.
pub fn hash_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The chain fields every chained line starts with.
#[derive(Debug, Deserialize)]
struct Chain {
    seq: Option<u64>,
    prev: Option<String>,
}

impl AiringLog {
    /// Opens (creating it and its folder if needed) for appending, waiting
    /// for the disk after every record. See `open_with`.
    pub fn open(path: &Path, station: &str, now: &str) -> Result<AiringLog, LogError> {
        AiringLog::open_with(path, true, station, now)
    }

    /// Opens for appending. An unfinished last line (a crash mid-write) is
    /// copied to `NAME.torn-TIME` beside the log, cut off, and a `recovered`
    /// record says so; a log without a chain gets its `genesis` record
    /// (naming `station`). `now` stamps those records.
    pub fn open_with(
        path: &Path,
        durable: bool,
        station: &str,
        now: &str,
    ) -> Result<AiringLog, LogError> {
        let open_err = |source| LogError::Open {
            path: path.to_path_buf(),
            source,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(open_err)?;
        // The log is a regular file: a link to a device or a FIFO in its
        // place would never end or never answer.
        if let Ok(m) = std::fs::metadata(path)
            && !m.is_file()
        {
            return Err(open_err(std::io::Error::other(t!("airlog-not-regular"))));
        }
        let existed = path.exists();
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(open_err)?;
        if !existed {
            // A new file is only durable once its directory entry is.
            sync_dir(dir).map_err(open_err)?;
        }
        let read_err = |source| LogError::Read {
            path: path.to_path_buf(),
            source,
        };
        // The end of the file is enough to find the head; the whole file
        // is read only to seal a log that has no chain yet.
        let (base, bytes) = read_tail(path, TAIL).map_err(read_err)?;
        let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let torn = bytes[whole..].to_vec();
        let mut log = AiringLog {
            path: path.to_path_buf(),
            file,
            durable,
            len: base + whole as u64,
            seq: 0,
            head: String::new(),
            recovered: None,
        };
        if !torn.is_empty() {
            log.set_aside(&torn, now)?;
        }
        let body = &bytes[..whole.saturating_sub(1)];
        let last = match body.iter().rposition(|&b| b == b'\n') {
            Some(i) => Some(&body[i + 1..]),
            // The whole last line, unless it starts before what was read.
            None if base == 0 => Some(body),
            None => None,
        }
        .filter(|l| !l.is_empty());
        let chained = last.and_then(|l| {
            let c = serde_json::from_slice::<Chain>(l).ok()?;
            Some((c.seq?, hash_hex(l)))
        });
        match chained {
            Some((seq, head)) => {
                log.seq = seq;
                log.head = head;
            }
            None => {
                // Nothing chained yet: the genesis seals what is there.
                let all = read_bytes(path).map_err(read_err)?;
                let all = &all[..(log.len as usize).min(all.len())];
                let sealed_lines = all.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
                log.head = hash_hex(all);
                log.append(&Record::Genesis {
                    station: station.to_string(),
                    version: env!("CARGO_PKG_VERSION").to_string(),
                    logged: now.to_string(),
                    sealed_lines,
                })?;
            }
        }
        if let Some(t) = &log.recovered {
            let record = Record::Recovered {
                kept_in: t
                    .kept_in
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                torn_bytes: t.bytes,
                torn_sha256: hash_hex(&torn),
                logged: now.to_string(),
            };
            log.append(&record)?;
        }
        Ok(log)
    }

    /// Copies an unfinished last line aside (durably), then cuts it off.
    fn set_aside(&mut self, torn: &[u8], now: &str) -> Result<(), LogError> {
        let err = |source| LogError::Write {
            path: self.path.clone(),
            source,
        };
        let stamp: String = now.chars().filter(char::is_ascii_digit).take(14).collect();
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "airing-log".into());
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut kept = dir.join(format!("{name}.torn-{stamp}"));
        let mut n = 1;
        while kept.exists() {
            n += 1;
            kept = dir.join(format!("{name}.torn-{stamp}-{n}"));
        }
        let mut f = OpenOptions::new()
            .create_new(true)
            .write(true)
            .open(&kept)
            .map_err(err)?;
        f.write_all(torn).and_then(|()| f.sync_all()).map_err(err)?;
        sync_dir(dir).map_err(err)?;
        self.file.set_len(self.len).map_err(err)?;
        self.file.sync_all().map_err(err)?;
        tracing::warn!(
            "{}: {}",
            self.path.display(),
            t!(
                "airlog-torn",
                bytes = torn.len(),
                kept = kept.display().to_string()
            )
        );
        self.recovered = Some(Torn {
            kept_in: kept,
            bytes: torn.len() as u64,
        });
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The chain's head: how many records it holds and the last one's hash.
    pub fn head(&self) -> (u64, &str) {
        (self.seq, &self.head)
    }

    /// Appends one record, chained to the last, and waits until it is on
    /// disk. A write that fails part-way is cut back, so the file only
    /// ever holds whole records and the record can be written again later.
    pub fn append(&mut self, record: &Record) -> Result<(), LogError> {
        let write_err = |source| LogError::Write {
            path: self.path.clone(),
            source,
        };
        let body =
            serde_json::to_string(record).map_err(|e| write_err(std::io::Error::other(e)))?;
        let seq = if matches!(record, Record::Genesis { .. }) {
            1
        } else {
            self.seq + 1
        };
        let line = chained_line(seq, &self.head, &body);
        let mut bytes = line.clone().into_bytes();
        bytes.push(b'\n');
        // One write call per record, so a crash tears at most the last line.
        let written = self.file.write_all(&bytes).and_then(|()| {
            if self.durable {
                self.file.sync_data()
            } else {
                Ok(())
            }
        });
        if let Err(e) = written {
            // Whatever part of the line reached the file goes: it is written
            // again, whole, when the disk takes it.
            let _ = self.file.set_len(self.len);
            return Err(write_err(e));
        }
        self.len += bytes.len() as u64;
        self.seq = seq;
        self.head = hash_hex(line.as_bytes());
        Ok(())
    }
}

/// `{"seq":N,"prev":"…",` followed by the record's own fields.
fn chained_line(seq: u64, prev: &str, body: &str) -> String {
    let rest = body.strip_prefix('{').unwrap_or(body);
    format!("{{\"seq\":{seq},\"prev\":\"{prev}\",{rest}")
}

/// Where the whole lines of `bytes` end.
fn log_len_before(bytes: &[u8]) -> usize {
    bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// How much of the log's end `open` reads to find the head: far more than a line.
const TAIL: u64 = 1 << 20;

/// The last `n` bytes of a file, and where they start in it.
fn read_tail(path: &Path, n: u64) -> std::io::Result<(u64, Vec<u8>)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = File::open(path)?;
    let len = f.metadata()?.len();
    let base = len.saturating_sub(n);
    f.seek(SeekFrom::Start(base))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok((base, bytes))
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir).and_then(|d| d.sync_all())
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
    pub what: String,
}

/// Checks a log's bytes: every line a well-formed record, every record
/// chained to the one before it. Stops at the first break and says what
/// it looks like: an edited, deleted, inserted (copied) or moved line.
pub fn verify(bytes: &[u8]) -> Verification {
    let whole = log_len_before(bytes);
    let mut v = Verification {
        records: 0,
        sealed: 0,
        head: None,
        broken: None,
        unfinished: None,
        hashes: Vec::new(),
    };
    // (line number, start offset, bytes) of every non-empty whole line.
    let mut lines: Vec<(usize, usize, &[u8])> = Vec::new();
    let mut offset = 0;
    for (i, l) in bytes[..whole].split(|&b| b == b'\n').enumerate() {
        if !l.is_empty() {
            lines.push((i + 1, offset, l));
        }
        offset += l.len() + 1;
    }
    if whole < bytes.len() {
        v.unfinished = Some(bytes[..whole].iter().filter(|&&b| b == b'\n').count() + 1);
    }
    let seqs: Vec<Option<u64>> = lines
        .iter()
        .map(|(_, _, l)| serde_json::from_slice::<Chain>(l).ok().and_then(|c| c.seq))
        .collect();
    let mut seen_hash: HashMap<[u8; 32], usize> = HashMap::new();
    let mut seen_seq: HashMap<u64, usize> = HashMap::new();
    // The previous chained line: (line number, seq, hash).
    let mut last: Option<(usize, u64, String)> = None;
    let fail = |v: &mut Verification, line: usize, what: String| {
        v.broken = Some(Broken { line, what });
    };
    for (k, &(n, start, l)) in lines.iter().enumerate() {
        let record = serde_json::from_slice::<Record>(l);
        let chain = serde_json::from_slice::<Chain>(l);
        let (record, chain) = match (record, chain) {
            (Ok(r), Ok(c)) => (r, c),
            (Err(e), _) | (_, Err(e)) => {
                fail(
                    &mut v,
                    n,
                    t!("chain-not-record", line = n, detail = e.to_string()),
                );
                return v;
            }
        };
        let (Some(seq), Some(prev)) = (chain.seq, chain.prev) else {
            if last.is_some() {
                fail(&mut v, n, t!("chain-no-place", line = n));
                return v;
            }
            // Written before the chain began.
            v.sealed += 1;
            continue;
        };
        let digest: [u8; 32] = Sha256::digest(l).into();
        let hash = hex::encode(digest);
        if let Record::Genesis { .. } = record {
            if seq != 1 || prev != hash_hex(&bytes[..start]) {
                let what = if last.is_none() && v.sealed == 0 && start == 0 {
                    t!("chain-genesis-edited", line = n)
                } else {
                    t!("chain-before-genesis", line = n)
                };
                fail(&mut v, n, what);
                return v;
            }
            seen_seq.clear();
        } else {
            let Some((pn, pseq, phash)) = &last else {
                fail(&mut v, n, t!("chain-no-genesis", line = n));
                return v;
            };
            let expected = pseq + 1;
            if seq < expected {
                let what = match seen_seq.get(&seq) {
                    Some(first) => t!("chain-repeats", line = n, record = seq, first = *first),
                    None => t!(
                        "chain-cannot-follow",
                        line = n,
                        record = seq,
                        previous = *pseq,
                        previous_line = *pn
                    ),
                };
                fail(&mut v, n, what);
                return v;
            }
            if seq > expected {
                let later = lines[k + 1..]
                    .iter()
                    .zip(&seqs[k + 1..])
                    .find(|(_, s)| **s == Some(expected))
                    .map(|((m, _, _), _)| *m);
                let what = match later {
                    Some(m) => t!("chain-reordered", line = n, record = expected, at = m),
                    None if seq == expected + 1 => t!(
                        "chain-deleted-one",
                        record = expected,
                        previous_line = *pn,
                        line = n
                    ),
                    None => t!(
                        "chain-deleted-many",
                        record = expected,
                        last = seq - 1,
                        previous_line = *pn,
                        line = n
                    ),
                };
                fail(&mut v, n, what);
                return v;
            }
            if &prev != phash {
                let earlier = raw_hash(&prev).and_then(|raw| seen_hash.get(&raw));
                let what = match earlier {
                    Some(m) => t!("chain-moved", line = n, follows = *m, previous_line = *pn),
                    None => t!("chain-changed", previous_line = *pn, line = n),
                };
                let at = if earlier.is_some() { n } else { *pn };
                fail(&mut v, at, what);
                return v;
            }
        }
        seen_seq.insert(seq, n);
        seen_hash.insert(digest, n);
        v.hashes.push(digest);
        v.records += 1;
        last = Some((n, seq, hash));
    }
    v.head = last.map(|(_, _, h)| h);
    v
}

/// A hex SHA-256 as its 32 bytes.
pub fn raw_hash(hex_text: &str) -> Option<[u8; 32]> {
    hex::decode(hex_text.trim()).ok()?.try_into().ok()
}

/// Where a head given by hand (`--head`) stands in the chain: the whole
/// hash, or a prefix of at least 8 hex digits as reports print it short
/// (`37f9636d…`). `None` if no record has it; an error if what was given
/// is not a hash, too short, or names more than one record.
pub fn find_head(hashes: &[[u8; 32]], given: &str) -> Result<Option<usize>, String> {
    const SHORTEST: usize = 8;
    if given.is_empty() || !given.chars().all(|c| c.is_ascii_hexdigit()) || given.len() > 64 {
        return Err(t!("verify-head-not-hex", head = given));
    }
    if given.len() < SHORTEST {
        return Err(t!("verify-head-short", head = given, digits = SHORTEST));
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
        (Some(_), Some(_)) => Err(t!("verify-head-ambiguous", head = &given)),
    }
}

/// A line of the log that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub line: usize,
    pub problem: String,
}

/// A log file's bytes. Only a regular file is read: `/dev/zero` would never
/// end and a FIFO would wait for ever (it is opened without waiting, then
/// refused).
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    read_regular(path, u64::MAX)
}

/// The bytes of a file people or programs put in the station (a schedule,
/// the settings, a log), if it is a regular file of at most `max` bytes.
/// A FIFO, a device or a folder is refused without waiting or reading for
/// ever; a file larger than any such file can be is refused unread.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let meta = f.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other(t!("file-is-folder")));
    }
    if !meta.is_file() {
        return Err(std::io::Error::other(t!("airlog-not-regular")));
    }
    if meta.len() > max {
        return Err(std::io::Error::other(t!(
            "file-too-large",
            mib = max / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::new();
    // Never more than it said it holds, plus a little (a file growing).
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut f, max.saturating_add(1)),
        &mut bytes,
    )?;
    Ok(bytes)
}

/// Reads every record. A missing file is an empty log.
pub fn read(path: &Path) -> Result<(Vec<Record>, Vec<BadLine>), LogError> {
    match read_bytes(path) {
        Ok(bytes) => Ok(parse(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Vec::new(), Vec::new())),
        Err(source) => Err(LogError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
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
    pub reason: Option<String>,
    /// A decision noted when it started (late, ahead of another, resumed).
    pub note: Option<String>,
    pub priority: Option<String>,
    pub simulated: bool,
    /// The station whose log it comes from, in a roll-up of several.
    pub station: Option<String>,
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
            Record::Daemon { .. }
            | Record::Genesis { .. }
            | Record::Recovered { .. }
            | Record::Restored { .. } => {}
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
        station: None,
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

    #[test]
    fn only_regular_files_are_read_as_logs() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("ong");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        // Neither waits for a writer nor reads for ever.
        for p in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            assert!(read_bytes(p).is_err(), "{}", p.display());
            assert!(read(p).is_err(), "{}", p.display());
        }
    }

    #[test]
    fn a_head_by_its_first_digits() {
        let a = [0x37u8; 32];
        let mut b = [0x37u8; 32];
        b[31] = 0;
        let c = [0xabu8; 32];
        let hashes = [a, b, c];
        assert_eq!(find_head(&hashes, &hex::encode(c)), Ok(Some(2)));
        assert_eq!(find_head(&hashes, "abababab"), Ok(Some(2)));
        assert_eq!(find_head(&hashes, "ABABABAB"), Ok(Some(2)));
        assert_eq!(find_head(&hashes, &hex::encode(a)), Ok(Some(0)));
        assert_eq!(find_head(&hashes, "12345678"), Ok(None));
        // Too short, not hex, or more than one record: said, not "rewritten".
        assert!(find_head(&hashes, "abab").is_err());
        assert!(find_head(&hashes, "3737373x").is_err());
        assert!(find_head(&hashes, "").is_err());
        assert!(find_head(&hashes, "37373737").is_err());
        assert!(find_head(&hashes, &"a".repeat(65)).is_err());
    }
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
        let mut log =
            AiringLog::open(&path, "Đài xã Mỹ Thạnh", "2014-03-17T06:00:00.000+07:00").unwrap();
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
        assert_eq!(text.lines().count(), 5, "genesis and four records");
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with(&format!(
            "{{\"seq\":1,\"prev\":\"{}\",\"event\":\"genesis\",\"station\":\"Đài xã Mỹ Thạnh\"",
            hash_hex(b"")
        )));
        assert!(lines.next().unwrap().starts_with("{\"seq\":2,\"prev\":\""));
        let (back, bad) = read(&path).unwrap();
        assert!(bad.is_empty());
        assert_eq!(back[1..], recs[..]);
        assert!(matches!(back[0], Record::Genesis { .. }));
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

    const NOW: &str = "2014-03-17T06:00:00.000+07:00";

    /// A chained log of `n` records (and its genesis) in a temp folder.
    fn chained(n: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airing-log.jsonl");
        let mut log = AiringLog::open_with(&path, false, "Đài xã", NOW).unwrap();
        for i in 0..n {
            log.append(&Record::NotAired {
                segment: info(&format!("s{i}")),
                status: Status::Missed,
                reason: "loaxa was not running".into(),
                logged: NOW.into(),
            })
            .unwrap();
        }
        (dir, path)
    }

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    fn broken(lines: &[String]) -> Broken {
        let text = lines.join("\n") + "\n";
        verify(text.as_bytes())
            .broken
            .expect("the change is caught")
    }

    #[test]
    fn an_untouched_chain_verifies_and_reopening_continues_it() {
        let (_dir, path) = chained(3);
        let v = verify(&std::fs::read(&path).unwrap());
        assert_eq!(
            (v.records, v.sealed, v.broken, v.unfinished),
            (4, 0, None, None)
        );
        let last = lines(&path).pop().unwrap();
        assert_eq!(v.head.as_deref(), Some(hash_hex(last.as_bytes()).as_str()));
        // A restart goes on with the same chain: no second genesis.
        let log = AiringLog::open(&path, "Đài xã", NOW).unwrap();
        assert_eq!(log.head(), (4, hash_hex(last.as_bytes()).as_str()));
        drop(log);
        assert_eq!(lines(&path).len(), 4);
    }

    #[test]
    fn a_log_longer_than_what_open_reads_is_continued_not_sealed_again() {
        let (_dir, path) = chained(4_000);
        assert!(std::fs::metadata(&path).unwrap().len() > TAIL);
        let mut log = AiringLog::open(&path, "Đài xã", NOW).unwrap();
        assert_eq!(log.head().0, 4_001);
        log.append(&Record::Daemon {
            what: "stopped".into(),
            version: "0.1.0".into(),
            logged: NOW.into(),
            simulated: false,
        })
        .unwrap();
        let v = verify(&std::fs::read(&path).unwrap());
        assert_eq!((v.records, v.sealed, v.broken), (4_002, 0, None));
    }

    #[test]
    fn every_kind_of_tampering_is_caught_at_its_line() {
        let (_dir, path) = chained(5);
        let orig = lines(&path);
        // An edited byte (a reason changed, still valid JSON).
        let mut l = orig.clone();
        l[2] = l[2].replace("loaxa was not running", "loaxa was not runnin.");
        let b = broken(&l);
        assert_eq!(b.line, 3, "{b:?}");
        assert!(
            b.what.contains("line 3 was changed after it was written"),
            "{b:?}"
        );
        // An edit that breaks the JSON.
        let mut l = orig.clone();
        l[3].truncate(40);
        let b = broken(&l);
        assert_eq!(b.line, 4);
        assert!(b.what.contains("not a valid record"), "{b:?}");
        // A deleted line.
        let mut l = orig.clone();
        l.remove(3);
        let b = broken(&l);
        assert_eq!(b.line, 4);
        assert!(
            b.what
                .contains("record 4 is missing between line 3 and line 4"),
            "{b:?}"
        );
        // Two lines swapped.
        let mut l = orig.clone();
        l.swap(2, 3);
        let b = broken(&l);
        assert_eq!(b.line, 3);
        assert!(
            b.what
                .contains("out of order: record 3 should come here and is at line 4"),
            "{b:?}"
        );
        // A forged line appended: a copy of a real one, changed.
        let mut l = orig.clone();
        l.push(orig[2].replace("s1", "s9"));
        let b = broken(&l);
        assert_eq!(b.line, 7);
        assert!(
            b.what.contains("line 7 repeats record 3 of line 3"),
            "{b:?}"
        );
        // A line written by hand without chain fields.
        let mut l = orig.clone();
        l.insert(
            4,
            r#"{"event":"daemon","what":"started","version":"0.1.0","logged":"x"}"#.into(),
        );
        let b = broken(&l);
        assert_eq!(b.line, 5);
        assert!(b.what.contains("no place in the chain"), "{b:?}");
        // The genesis replaced (another station's name).
        let mut l = orig.clone();
        l[0] = l[0].replace("Đài xã", "Đài khác");
        let b = broken(&l);
        assert_eq!(b.line, 1);
    }

    #[test]
    fn a_torn_last_line_is_set_aside_cut_off_and_recorded() {
        let (dir, path) = chained(2);
        let before = std::fs::read(&path).unwrap();
        let torn = br#"{"seq":4,"prev":"abc","event":"sta"#;
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(torn).unwrap();
        drop(f);
        let v = verify(&std::fs::read(&path).unwrap());
        assert_eq!((v.broken, v.unfinished), (None, Some(4)));

        let log = AiringLog::open(&path, "Đài xã", "2014-03-17T07:08:09.000+07:00").unwrap();
        let t = log.recovered.clone().unwrap();
        assert_eq!(t.bytes, torn.len() as u64);
        assert_eq!(
            t.kept_in,
            dir.path().join("airing-log.jsonl.torn-20140317070809")
        );
        assert_eq!(std::fs::read(&t.kept_in).unwrap(), torn);
        drop(log);
        let after = std::fs::read(&path).unwrap();
        assert!(after.starts_with(&before), "nothing before it is touched");
        let v = verify(&after);
        assert_eq!((v.records, v.broken, v.unfinished), (4, None, None));
        let (records, bad) = read(&path).unwrap();
        assert!(bad.is_empty());
        assert!(matches!(
            records.last(),
            Some(Record::Recovered { kept_in, torn_bytes, .. })
                if kept_in == "airing-log.jsonl.torn-20140317070809" && *torn_bytes == torn.len() as u64
        ));
    }

    #[test]
    fn a_log_written_before_the_chain_is_sealed_by_the_genesis() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airing-log.jsonl");
        let old = serde_json::to_string(&Record::Daemon {
            what: "started".into(),
            version: "0.1.0".into(),
            logged: NOW.into(),
            simulated: false,
        })
        .unwrap();
        std::fs::write(&path, format!("{old}\n{old}\n")).unwrap();
        let mut log = AiringLog::open(&path, "Đài xã", NOW).unwrap();
        log.append(&Record::Daemon {
            what: "stopped".into(),
            version: "0.2.0".into(),
            logged: NOW.into(),
            simulated: false,
        })
        .unwrap();
        let v = verify(&std::fs::read(&path).unwrap());
        assert_eq!((v.sealed, v.records, v.broken), (2, 2, None));
        // Changing a sealed line is caught at the genesis.
        let mut l = lines(&path);
        l[0] = l[0].replace("started", "stopped");
        assert_eq!(broken(&l).line, 3);
    }
}
