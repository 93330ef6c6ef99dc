//! The airing log's file: opening it (sealing a log written before the
//! chain, setting a torn last line aside), appending records with fsync,
//! and reading it back. What a record is, how the chain is checked and how
//! records fold into rows is the core's (`loaxa_core::airlog`).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

// pub for tests/ (library.rs, cli.rs, scheduling.rs read the airing log)
pub use loaxa_core::airlog::*;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("{}", t!("airlog-cannot-open", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("airlog-cannot-write", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("airlog-cannot-read", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The log opened for appending, at the head of its chain.
pub(crate) struct AiringLog {
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
    pub(crate) recovered: Option<Torn>,
}

/// An unfinished last line, set aside when the log was opened.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Torn {
    pub(crate) kept_in: PathBuf,
    pub(crate) bytes: u64,
}

impl AiringLog {
    /// Opens (creating it and its folder if needed) for appending, waiting
    /// for the disk after every record. See `open_with`.
    pub(crate) fn open(path: &Path, station: &str, now: &str) -> Result<AiringLog, LogError> {
        AiringLog::open_with(path, true, station, now)
    }

    /// Opens for appending. An unfinished last line (a crash mid-write) is
    /// copied to `NAME.torn-TIME` beside the log, cut off, and a `recovered`
    /// record says so; a log without a chain gets its `genesis` record
    /// (naming `station`). `now` stamps those records.
    pub(crate) fn open_with(
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

    /// The chain's head: how many records it holds and the last one's hash.
    pub(crate) fn head(&self) -> (u64, &str) {
        (self.seq, &self.head)
    }

    /// Appends one record, chained to the last, and waits until it is on
    /// disk. A write that fails part-way is cut back, so the file only
    /// ever holds whole records and the record can be written again later.
    pub(crate) fn append(&mut self, record: &Record) -> Result<(), LogError> {
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

/// A log file's bytes. Only a regular file is read: `/dev/zero` would never
/// end and a FIFO would wait for ever (it is opened without waiting, then
/// refused).
pub(crate) fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    read_regular(path, u64::MAX)
}

/// The bytes of a file people or programs put in the station (a schedule,
/// the settings, a log), if it is a regular file of at most `max` bytes.
/// A FIFO, a device or a folder is refused without waiting or reading for
/// ever; a file larger than any such file can be is refused unread.
pub(crate) fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
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
    // Room for all of it at once: a log of a year is megabytes.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(max)).unwrap_or(0) + 1);
    // Never more than it said it holds, plus a little (a file growing).
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut f, max.saturating_add(1)),
        &mut bytes,
    )?;
    Ok(bytes)
}

/// Reads every record. A missing file is an empty log.
// pub for tests/library.rs
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
            text_sha256: None,
            engine: None,
            voice: None,
            simulated: false,
            relay: None,
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
                reason: crate::i18n::Msg::verbatim("the file does not exist"),
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
                relay: None,
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
        assert_eq!(
            rows[1].reason,
            Some(crate::i18n::Msg::verbatim("the file does not exist"))
        );
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
            reason: Some(crate::i18n::Msg::verbatim("daemon stopped")),
            logged: "2014-03-17T06:30:00.000+07:00".into(),
            simulated: false,
            relay: None,
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
                reason: crate::i18n::Msg::verbatim("loaxa was not running"),
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

    /// A CAP alert's record chains like any other: verified, read back,
    /// and an edit to it is caught at its line.
    #[test]
    fn alert_records_are_chained_and_verified() {
        let (_dir, path) = chained(2);
        let mut log = AiringLog::open(&path, "Đài xã", NOW).unwrap();
        log.append(&Record::Alert {
            alert: AlertInfo {
                identifier: Some("BT-PCTT-2026-01".into()),
                sender: Some("pctt@bentre.gov.vn".into()),
                severity: Some("Severe".into()),
                event: Some("Bão".into()),
                ..AlertInfo::default()
            },
            action: AlertAction::NotAired,
            reason: Some(msg!(
                "cap-ignored-expired",
                expires = "2026-11-29T05:00:00+07:00"
            )),
            file: "audio/khan-cap/bao.xml".into(),
            logged: NOW.into(),
        })
        .unwrap();
        log.append(&Record::Alert {
            alert: AlertInfo::default(),
            action: AlertAction::NotAired,
            reason: Some(msg!("cap-no-element")),
            file: "audio/khan-cap/hong.xml".into(),
            logged: NOW.into(),
        })
        .unwrap();
        drop(log);
        let bytes = std::fs::read(&path).unwrap();
        let v = verify(&bytes);
        assert_eq!((v.records, v.broken), (5, None));
        let (records, bad) = read(&path).unwrap();
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(crate::airlog::alerts(&records).len(), 2);
        let mut l = lines(&path);
        l[3] = l[3].replace("Severe", "Minor");
        let b = broken(&l);
        assert_eq!(b.line, 4, "{b:?}");
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
            crate::i18n::render(&b.what).contains("line 3 was changed after it was written"),
            "{b:?}"
        );
        // An edit that breaks the JSON.
        let mut l = orig.clone();
        l[3].truncate(40);
        let b = broken(&l);
        assert_eq!(b.line, 4);
        assert!(
            crate::i18n::render(&b.what).contains("not a valid record"),
            "{b:?}"
        );
        // A deleted line.
        let mut l = orig.clone();
        l.remove(3);
        let b = broken(&l);
        assert_eq!(b.line, 4);
        assert!(
            crate::i18n::render(&b.what).contains("record 4 is missing between line 3 and line 4"),
            "{b:?}"
        );
        // Two lines swapped.
        let mut l = orig.clone();
        l.swap(2, 3);
        let b = broken(&l);
        assert_eq!(b.line, 3);
        assert!(
            crate::i18n::render(&b.what)
                .contains("out of order: record 3 should come here and is at line 4"),
            "{b:?}"
        );
        // A forged line appended: a copy of a real one, changed.
        let mut l = orig.clone();
        l.push(orig[2].replace("s1", "s9"));
        let b = broken(&l);
        assert_eq!(b.line, 7);
        assert!(
            crate::i18n::render(&b.what).contains("line 7 repeats record 3 of line 3"),
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
        assert!(
            crate::i18n::render(&b.what).contains("no place in the chain"),
            "{b:?}"
        );
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
