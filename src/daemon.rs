//! The daemon: decides what airs when, hands programs to the output ahead
//! of time, and writes what happened to the airing log.
//!
//! Concurrency: one async task (this loop) owns the schedules, the
//! decisions and the log. The output (the player thread, or a simulated
//! player) owns the audio. They talk through two channels: programs and
//! stops down, events with wall-clock times from sample counts up. Other
//! inputs (schedule reloads, `loaxa play`, emergency files) arrive on one
//! more channel. File preparation (hashing, opening decoders) runs on the
//! blocking pool, so the loop never stalls on a slow disk.
//!
//! The rules, all decided here or in the bus:
//! - an airing is prepared `PREROLL` ahead and starts at its instant;
//! - if its time has passed by more than its grace window (the slot's, else
//!   the station's, 5 minutes by default) it is logged `missed` with the
//!   reason: loaxa was not running, the clock jumped, or another program
//!   held the air;
//! - the log is the memory: an airing in it is never aired again, so a
//!   restart or a clock stepped back never repeats one;
//! - priority and emergency programs are ranked on the bus (see `bus.rs`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::airlog::{self, AiringLog, Record, SegmentInfo, Status};
use crate::audio::bus::{Cue, DropKind};
use crate::audio::{AudioError, FileDecoder, OutputSpec, PlayRequest, Player, PlayerEvent};
use crate::clock::Clock;
use crate::library::View as _;
use crate::library::{self, Facts, Library};
use crate::plan::{Airing, AiringKey, plan};
use crate::program::{Expander, Item, Rotation, Shape, Source, shape};
use crate::schedule::{Level, Priority, Schedule, Segment};
use crate::station::Station;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_short_vi};

/// How far ahead of an airing its files are prepared (the player opens the
/// output one second before the start).
pub const PREROLL: Duration = Duration::from_secs(2);
/// How far ahead the daemon looks for the next airing.
const HORIZON_DAYS: i64 = 8;
/// How far back a restart looks for airings it missed.
const LOOKBACK_DAYS: i64 = 7;
/// How often the whole drop folder is looked at again.
const RESCAN: Duration = Duration::from_secs(5 * 60);
/// Where rotating folders remember what aired last.
pub const ROTATION_FILE: &str = "rotation.json";
/// Loudness, LUFS, when the station does not say.
pub const DEFAULT_LEVEL: f64 = -16.0;
/// A wall-clock step larger than this is a clock jump, not drift.
const JUMP: chrono::Duration = chrono::Duration::seconds(2);

type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'a>>;

/// How the daemon reaches the output: the player thread, or a simulation.
pub trait OutputPort: Send + Sync {
    fn play(&self, req: PlayRequest);
    fn stop(&self, reason: &str);
    /// Tries the output and says what it is.
    fn check(&self) -> CheckFuture<'_>;
    fn shutdown(self: Box<Self>);
}

impl OutputPort for Player {
    fn play(&self, req: PlayRequest) {
        Player::play(self, req)
    }
    fn stop(&self, reason: &str) {
        Player::stop(self, reason)
    }
    fn check(&self) -> CheckFuture<'_> {
        Box::pin(self.check_output())
    }
    fn shutdown(self: Box<Self>) {
        Player::shutdown(*self)
    }
}

/// An output and the events it sends back.
pub struct PlayerLink {
    pub port: Box<dyn OutputPort>,
    pub events: UnboundedReceiver<PlayerEvent>,
}

/// Makes a fresh output (at start, and after one stopped answering).
pub type Spawner = Box<dyn Fn() -> PlayerLink + Send>;

/// The real player thread for `output`.
pub fn player_spawner(output: OutputSpec, clock: Arc<dyn Clock>) -> Spawner {
    Box::new(move || {
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
        PlayerLink {
            port: Box::new(Player::spawn(output.clone(), Arc::clone(&clock), tx)),
            events,
        }
    })
}

/// Inputs other than time and the output's events.
pub enum Input {
    /// Read the schedules again (SIGHUP).
    Reload,
    /// A schedule file was written: read them again if they changed.
    SchedulesSaved,
    /// Air these files now (`loaxa play`), as one program.
    Play {
        files: Vec<String>,
        priority: Priority,
        reply: tokio::sync::oneshot::Sender<Result<String, String>>,
    },
    /// A file finished arriving in `audio/khan-cap/`: air it at once.
    Emergency { file: String },
    /// A file of the drop folder changed (relative to `audio/`).
    FileChanged { file: String },
    /// `loaxa reload`: read the schedules again and say what is in force.
    ReloadAsked {
        reply: tokio::sync::oneshot::Sender<Result<String, String>>,
    },
    /// `loaxa status`: what is going on.
    Status {
        reply: tokio::sync::oneshot::Sender<crate::status::Status>,
    },
    /// `loaxa stop-airing`: cut what is on air.
    StopAiring {
        reply: tokio::sync::oneshot::Sender<Result<String, String>>,
    },
}

/// Files one `loaxa play` may name (one program).
pub const MAX_PLAY_FILES: usize = 100;

/// Why an item cut by `loaxa stop-airing` ended.
/// The reason logged for what `loaxa stop-airing` cuts.
pub fn stopped_by_operator() -> String {
    t!("reason-stopped-by-operator")
}

/// Where the daemon writes, and whether it is the station or a rehearsal.
#[derive(Debug, Clone)]
pub enum Mode {
    /// The station: the evidence log, history read at start.
    Station,
    /// `loaxa simulate`: its own log (started afresh), records marked
    /// simulated; only the programs due within `from`..`to` are its business
    /// (not the previous day's last one, not the next day's first).
    Simulation {
        log: PathBuf,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
}

/// Records on their way to disk. If the disk refuses (full, read-only,
/// gone), records wait in memory, in order, and are written at the next
/// chance (every record, and every `LOG_RETRY`); airing goes on.
struct LogWriter {
    path: PathBuf,
    station: String,
    log: Option<AiringLog>,
    unwritten: Vec<Record>,
    durable: bool,
    /// When the operator was last told records are waiting.
    complained: Option<std::time::Instant>,
    /// Where waiting records are kept aside (none for a simulation), and
    /// whether some are.
    spill: Vec<PathBuf>,
    kept: bool,
}

/// How often records kept in memory are tried again.
const LOG_RETRY: Duration = Duration::from_secs(5);
/// How often the journal is reminded that records are waiting.
const LOG_NAG: Duration = Duration::from_secs(60);

impl LogWriter {
    fn record(&mut self, r: Record, now: &str) {
        self.unwritten.push(r);
        self.flush(now);
    }

    fn open(&mut self, now: &str) -> Result<(), airlog::LogError> {
        if self.log.is_none() {
            let log = AiringLog::open_with(&self.path, self.durable, &self.station, now)?;
            let (records, head) = log.head();
            tracing::info!(
                "{}",
                t!(
                    "daemon-log-open",
                    path = self.path.display().to_string(),
                    records = records,
                    head = head
                )
            );
            self.log = Some(log);
        }
        Ok(())
    }

    /// Writes the records kept in memory, oldest first. Returns whether all
    /// are on disk.
    fn flush(&mut self, now: &str) -> bool {
        if self.unwritten.is_empty() {
            return true;
        }
        let waiting = self.unwritten.len();
        let mut written = 0;
        let mut failure = self.open(now).err();
        if let Some(log) = self.log.as_mut() {
            for r in &self.unwritten {
                if let Err(e) = log.append(r) {
                    failure = Some(e);
                    break;
                }
                written += 1;
            }
        }
        self.unwritten.drain(..written);
        if failure.is_some() && !self.spill.is_empty() {
            // Kept aside as they stand now, so a stop or a crash before the
            // disk comes back loses none of them.
            match crate::spill::keep(&self.spill, &self.unwritten) {
                Ok(at) => {
                    if !self.kept {
                        tracing::warn!(
                            "{}",
                            t!(
                                "daemon-log-kept-aside",
                                count = self.unwritten.len(),
                                path = at.display().to_string()
                            )
                        );
                    }
                    self.kept = true;
                }
                Err(why) => tracing::error!("{}", t!("daemon-log-cannot-keep", detail = why)),
            }
        }
        if failure.is_none() && self.kept {
            crate::spill::clear(&self.spill);
            self.kept = false;
        }
        match failure {
            None => {
                if self.complained.take().is_some() {
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-log-back",
                            path = self.path.display().to_string(),
                            count = waiting
                        )
                    );
                }
                true
            }
            Some(e) => {
                // Reopen next time: the file may have been replaced or remounted.
                self.log = None;
                let nag = self.complained.is_none_or(|t| t.elapsed() >= LOG_NAG);
                if nag {
                    self.complained = Some(std::time::Instant::now());
                    tracing::error!(
                        "{e} — {}",
                        t!(
                            "daemon-log-failing",
                            count = self.unwritten.len(),
                            seconds = LOG_RETRY.as_secs()
                        )
                    );
                }
                false
            }
        }
    }
}

/// A program handed to the output and not yet ended.
struct OnAir {
    schedule: String,
    slot: String,
    scheduled: DateTime<Utc>,
    rank: u8,
    /// What the log says about each of its items, by position.
    infos: Vec<SegmentInfo>,
    started: HashSet<usize>,
    /// Items with their last record written (ended, dropped).
    closed: HashSet<usize>,
    open: Option<(usize, DateTime<Utc>)>,
    /// The emergency program (slot, schedule) that cut it, until it goes on.
    cut_by: Option<(String, String)>,
    /// Each item's file as it was opened for air, by position.
    opened: HashMap<usize, (PathBuf, FileStamp)>,
}

/// Which file, and which version of it: device, inode, size, modification.
type FileStamp = (u64, u64, u64, i128);

fn file_stamp(path: &Path) -> Option<FileStamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    let mtime = i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec());
    Some((m.dev(), m.ino(), m.len(), mtime))
}

pub struct Daemon {
    station: Station,
    output: OutputSpec,
    clock: Arc<dyn Clock>,
    mode: Mode,
    log: LogWriter,
    schedules: Vec<Arc<Schedule>>,
    /// The schedule files as last read, to tell a save that changed them
    /// from one that did not.
    schedules_seen: [u8; 32],
    /// What the last reading of the schedules found wrong.
    diags: Vec<crate::diag::Diagnostic>,
    /// Airings decided (aired, skipped, missed): the log is the memory.
    handled: HashSet<AiringKey>,
    /// Airings up to this instant have been looked at.
    last_check: DateTime<Utc>,
    started_at: DateTime<Utc>,
    /// The last moment the log shows loaxa running before this start.
    last_alive: Option<DateTime<Utc>>,
    /// When the log began: nothing scheduled before was expected of it.
    born: Option<DateTime<Utc>>,
    /// Forward clock jumps seen: (from, to).
    jumps: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Wall and monotonic clock read together, to notice jumps.
    reference: (DateTime<Utc>, Duration),
    programs: HashMap<u64, OnAir>,
    /// The program whose item is on air, as the events tell.
    on_air: Option<u64>,
    /// How the sound output last fared: an item began to air (when), or the
    /// output failed (when, why). For `status`.
    output_state: Option<(DateTime<Utc>, Result<(), String>)>,
    /// Real-time deadline for the output's next word while it holds
    /// programs: past it, the output is taken for stuck.
    watchdog: Option<tokio::time::Instant>,
    /// The drop folder as far as it has been checked.
    library: Library,
    /// Airings waiting for a file that is still being copied.
    waiting: HashSet<AiringKey>,
    /// Which file each rotating folder item aired last.
    rotation: Rotation,
    next_program: u64,
}

/// One segment after preparation: ready to play, or why not.
struct Prepared {
    info: SegmentInfo,
    cue: Result<Cue, String>,
    /// The file as it was when opened for air, to notice it changing on air.
    opened: Option<(PathBuf, FileStamp)>,
    /// A file decoded for the first time here, for the library.
    checked: Option<(String, Result<Facts, AudioError>)>,
}

impl Daemon {
    /// Opens the airing log (closing segments a crash left open) and loads
    /// the schedules. Neither a bad schedule nor an unwritable log stops the
    /// daemon: both are reported, and airing goes on.
    pub fn open(station: Station, output: OutputSpec, clock: Arc<dyn Clock>, mode: Mode) -> Daemon {
        let now = clock.now();
        let station_name = station.settings.station.clone();
        let stamp = rfc3339_ms(&now.with_timezone(&station.settings.timezone));
        let mut opened = None;
        let mut restored: Vec<Record> = Vec::new();
        let mut spill: Vec<PathBuf> = Vec::new();
        let (path, records) = match &mode {
            Mode::Station => {
                let path = station.airing_log_path();
                // Opened first: an unfinished last line is set aside before reading.
                match AiringLog::open(&path, &station_name, &stamp) {
                    Ok(log) => {
                        let (n, head) = log.head();
                        tracing::info!(
                            "{}",
                            t!(
                                "daemon-log-open",
                                path = path.display().to_string(),
                                records = n,
                                head = head
                            )
                        );
                        opened = Some(log);
                    }
                    Err(e) => tracing::error!("{e} — {}", t!("daemon-log-cannot-open")),
                }
                let mut records = match airlog::read(&path) {
                    Ok((records, bad)) => {
                        for b in &bad {
                            tracing::warn!(
                                "{}: {}",
                                path.display(),
                                t!("daemon-log-bad-line", line = b.line, detail = &b.problem)
                            );
                        }
                        records
                    }
                    Err(e) => {
                        tracing::error!("{e} — {}", t!("daemon-log-unreadable"));
                        Vec::new()
                    }
                };
                // What an earlier run could not write: into the log now,
                // and counted as what happened (no false "missed").
                let places = crate::spill::places(&path, &station.data_dir);
                for (from, kept) in crate::spill::take(&places) {
                    let known: HashSet<String> = records
                        .iter()
                        .filter_map(|r| serde_json::to_string(r).ok())
                        .collect();
                    let fresh: Vec<Record> = kept
                        .into_iter()
                        .filter(|r| serde_json::to_string(r).is_ok_and(|j| !known.contains(&j)))
                        .collect();
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-log-restoring",
                            count = fresh.len(),
                            path = from.display().to_string()
                        )
                    );
                    if !fresh.is_empty() {
                        restored.push(Record::Restored {
                            from: from.display().to_string(),
                            records: fresh.len(),
                            logged: stamp.clone(),
                        });
                        restored.extend(fresh.iter().cloned());
                        records.extend(fresh);
                    }
                }
                spill = places;
                (path, records)
            }
            Mode::Simulation { log, .. } => {
                // A simulation starts from a clean slate every time.
                if let Err(e) = std::fs::remove_file(log)
                    && e.kind() != std::io::ErrorKind::NotFound
                {
                    tracing::warn!(
                        "{}",
                        t!(
                            "sim-cannot-remove",
                            path = log.display().to_string(),
                            detail = e.to_string()
                        )
                    );
                }
                (log.clone(), Vec::new())
            }
        };
        let rows = airlog::rows(&records);
        let handled = rows
            .iter()
            .map(|r| AiringKey {
                schedule: r.schedule.clone(),
                slot: r.slot.clone(),
                at: r.scheduled.with_timezone(&Utc),
            })
            .collect();
        let last_alive = airlog::last_alive(&records).map(|t| t.with_timezone(&Utc));
        let born = match &mode {
            Mode::Simulation { from, .. } => Some(*from),
            Mode::Station => airlog::born(&records).map(|t| t.with_timezone(&Utc)),
        };
        let schedules_seen = station.schedules_fingerprint();
        let (schedules, diags) = station.load_schedules();
        for d in &diags {
            if d.is_error() {
                tracing::error!("{}", crate::i18n::diagnostic(d));
            } else {
                tracing::warn!("{}", crate::i18n::diagnostic(d));
            }
        }
        tracing::info!(
            "{}: {}",
            station.settings.station,
            t!(
                "daemon-in-force",
                schedules = schedules.len(),
                slots = schedules.iter().map(|s| s.slots.len()).sum::<usize>(),
                path = path.display().to_string()
            )
        );
        let lookback = now - chrono::Duration::days(LOOKBACK_DAYS);
        let durable = matches!(mode, Mode::Station);
        // The drop folder: what the cache remembers, new files noted. A
        // simulation decodes what it needs now (its time does not wait).
        let mut library = Library::open(
            &station.audio_dir,
            Some(&station.library_cache_path()),
            station.settings.level,
        );
        let scan = library.scan(std::time::SystemTime::now());
        if !clock.is_real() {
            library.check_pending(std::time::SystemTime::now());
        }
        if durable {
            library.save();
        }
        tracing::info!(
            "{}",
            t!(
                "daemon-audio-scan",
                files = scan.files,
                known = scan.from_cache,
                unchecked = scan.unchecked,
                arriving = scan.arriving
            )
        );
        let rotation_file = station.data_dir.join(ROTATION_FILE);
        let rotation = if durable {
            Rotation::open(Some(&rotation_file), None)
        } else {
            // A simulation starts where the station is and remembers nothing.
            Rotation::open(None, Some(&rotation_file))
        };
        let mut daemon = Daemon {
            station,
            output,
            mode,
            log: LogWriter {
                durable,
                station: station_name,
                path,
                log: opened,
                kept: !restored.is_empty(),
                unwritten: restored,
                complained: None,
                spill,
            },
            schedules,
            schedules_seen,
            diags: diags.clone(),
            handled,
            // Catch up from the last sign of life (nothing before a first start).
            last_check: last_alive.map_or(now, |t| t.clamp(lookback, now)),
            started_at: now,
            last_alive,
            born,
            jumps: Vec::new(),
            reference: (now, clock.mono()),
            clock,
            programs: HashMap::new(),
            on_air: None,
            output_state: None,
            watchdog: None,
            library,
            rotation,
            waiting: HashSet::new(),
            next_program: 1,
        };
        daemon.recover(&records, &rows);
        daemon
    }

    /// Whether an airing is this run's business: a simulation's are due
    /// within `from`..`to` (the day before's last program is not its to air
    /// late, nor the next day's first its to miss).
    fn in_window(&self, a: &Airing) -> bool {
        match &self.mode {
            Mode::Simulation { from, to, .. } => (*from..*to).contains(&a.at.with_timezone(&Utc)),
            Mode::Station => true,
        }
    }

    fn simulated(&self) -> bool {
        matches!(self.mode, Mode::Simulation { .. })
    }

    fn tz(&self) -> Tz {
        self.station.settings.timezone
    }

    fn stamp(&self) -> String {
        rfc3339_ms(&self.clock.now().with_timezone(&self.tz()))
    }

    fn record(&mut self, r: Record) {
        let now = self.stamp();
        self.log.record(r, &now);
    }

    /// Items a crash left on air are closed as interrupted, and the rest of
    /// their programs logged as missed.
    fn recover(&mut self, records: &[Record], rows: &[airlog::AiringRow]) {
        let logged = self.stamp();
        for id in airlog::open_segments(records) {
            tracing::warn!("{}", t!("daemon-recover-open", id = &id));
            self.record(Record::End {
                id: id.clone(),
                ended: None,
                played: None,
                status: Status::Interrupted,
                reason: Some(t!("reason-closed-at-start")),
                logged: logged.clone(),
                simulated: self.simulated(),
            });
        }
        // The programs the last run started: an item with no record at all
        // (a stop during an item, or between two) is logged as missed, so
        // every item of a program that began is accounted for.
        let last_run = records
            .iter()
            .filter_map(|r| match r {
                Record::Daemon { what, logged, .. } if what == "started" => {
                    chrono::DateTime::parse_from_rfc3339(logged).ok()
                }
                _ => None,
            })
            .max();
        let Some(last_run) = last_run else {
            return;
        };
        let have: HashSet<(String, String, DateTime<Utc>, usize)> = rows
            .iter()
            .map(|r| {
                (
                    r.schedule.clone(),
                    r.slot.clone(),
                    r.scheduled.with_timezone(&Utc),
                    r.index,
                )
            })
            .collect();
        let programs: BTreeSet<(String, String, DateTime<Utc>)> = rows
            .iter()
            .filter(|r| r.started.is_some_and(|t| t >= last_run))
            .map(|r| {
                (
                    r.schedule.clone(),
                    r.slot.clone(),
                    r.scheduled.with_timezone(&Utc),
                )
            })
            .collect();
        for (schedule, slot, at) in programs {
            let airing = plan(
                &self.schedules,
                &self.station.calendar(),
                at,
                at + chrono::Duration::milliseconds(1),
            )
            .into_iter()
            .find(|a| a.schedule.name == schedule && a.slot().id == slot);
            let Some(airing) = airing else {
                continue;
            };
            for info in self.segment_infos(&airing) {
                let key = (info.schedule.clone(), info.slot.clone(), at, info.index);
                if !have.contains(&key) {
                    self.record(Record::NotAired {
                        segment: info,
                        status: Status::Missed,
                        reason: t!("reason-stopped-during"),
                        logged: logged.clone(),
                    });
                }
            }
        }
    }

    /// Runs until `shutdown` completes; what is on air is then cut and
    /// logged as interrupted.
    pub async fn run(
        mut self,
        spawn: Spawner,
        mut inputs: UnboundedReceiver<Input>,
        shutdown: impl Future<Output = ()>,
    ) {
        let mut link = spawn();
        if self.clock.is_real() {
            match link.port.check().await {
                Ok(what) => tracing::info!("{}", t!("status-output", output = what)),
                Err(why) => tracing::error!(
                    "{}",
                    t!(
                        "daemon-output-failed",
                        output = self.output.to_string(),
                        detail = why
                    )
                ),
            }
        }
        let stamp = self.stamp();
        self.record(Record::Daemon {
            what: "started".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            logged: stamp,
            simulated: self.simulated(),
        });
        let mut shutdown = std::pin::pin!(shutdown);
        let mut announced: Option<AiringKey> = None;
        let mut analysis: Option<tokio::task::JoinHandle<Result<Facts, AudioError>>> = None;
        // The file being analysed, and when to try again after the machine
        // (not the file) failed: out of descriptors or memory.
        let mut analysing = String::new();
        let mut analysis_pause: Option<tokio::time::Instant> = None;
        let mut rescan_at = tokio::time::Instant::now() + RESCAN;
        let clock = Arc::clone(&self.clock);
        // systemd: ready now; pings come from this loop, so a loop that
        // hangs stops them and systemd restarts the service.
        let ping_every = clock.is_real().then(crate::service::ping_every).flatten();
        let mut ping_at = tokio::time::Instant::now();
        let mut shown_status = String::new();
        if clock.is_real() {
            crate::service::ready(&t!("daemon-ready"));
        }
        loop {
            self.process_due(&link).await;
            let (wake, next) = self.next_wake();
            if clock.is_real() {
                let line = self.status_line(next.as_ref());
                if line != shown_status {
                    crate::service::status(&line);
                    shown_status = line;
                }
            }
            if let Some(a) = next
                && announced.as_ref() != Some(&a.key())
            {
                announced = Some(a.key());
                tracing::info!(
                    "{}",
                    t!(
                        "daemon-next",
                        when = format!(
                            "{} {} {}",
                            weekday_short_vi(chrono::Datelike::weekday(&a.at)),
                            date_vi(a.at.date_naive()),
                            a.at.format("%H:%M:%S")
                        ),
                        slot = &a.slot().id,
                        schedule = &a.schedule.name,
                        count = a.program().len()
                    )
                );
            }
            let watchdog = self.watchdog.filter(|_| !self.programs.is_empty());
            // The drop folder: decode one settled file at a time in the
            // background, look again at files still arriving, rescan now and
            // then (some filesystems lose events). Simulations decode at start.
            if clock.is_real() {
                let now = std::time::SystemTime::now();
                let paused = analysis_pause.is_some_and(|t| tokio::time::Instant::now() < t);
                if analysis.is_none()
                    && !paused
                    && let Some(rel) = self.library.pending(now).into_iter().next()
                {
                    let path = self.station.audio_dir.join(&rel);
                    let level = self.station.settings.level;
                    analysing = rel;
                    analysis = Some(tokio::task::spawn_blocking(move || {
                        library::analyze_for(&path, level)
                    }));
                }
            }
            let settle = (clock.is_real() && self.library.has_arriving())
                .then(|| tokio::time::Instant::now() + Duration::from_secs(1));
            let log_retry =
                (!self.log.unwritten.is_empty()).then(|| tokio::time::Instant::now() + LOG_RETRY);
            let housekeeping = [
                settle,
                clock.is_real().then_some(rescan_at),
                log_retry,
                analysis_pause,
            ]
            .into_iter()
            .flatten()
            .min();
            tokio::select! {
                _ = clock.wait_until(wake) => {}
                done = async { analysis.as_mut().expect("checked by the guard").await }, if analysis.is_some() => {
                    analysis = None;
                    analysis_pause = None;
                    let rel = std::mem::take(&mut analysing);
                    // A task that could not finish is that file's verdict,
                    // not a reason to try it again at once, for ever.
                    let found = done.unwrap_or_else(|e| {
                        Err(AudioError::Undecodable(t!("audio-internal", detail = e.to_string())))
                    });
                    match &found {
                        Err(e) if e.is_passing() => {
                            analysis_pause = Some(tokio::time::Instant::now() + LOG_RETRY);
                        }
                        Err(e) => tracing::warn!("audio/{rel}: {}", t!("daemon-cannot-air", detail = e.to_string())),
                        Ok(_) => {}
                    }
                    self.library.set_checked(&rel, found);
                    self.library.save();
                    if self.library.pending(std::time::SystemTime::now()).is_empty() {
                        release_freed_memory();
                    }
                }
                _ = tokio::time::sleep_until(housekeeping.unwrap_or_else(far_future)), if housekeeping.is_some() => {
                    if !self.log.unwritten.is_empty() {
                        let now = self.stamp();
                        self.log.flush(&now);
                    }
                    if tokio::time::Instant::now() >= rescan_at {
                        rescan_at = tokio::time::Instant::now() + RESCAN;
                        self.library.scan(std::time::SystemTime::now());
                        self.library.save();
                    }
                }
                ev = link.events.recv() => match ev {
                    Some(e) => self.on_event(e),
                    None => {
                        self.lose_player(&t!("reason-output-gone"));
                        link = spawn();
                    }
                },
                input = inputs.recv() => match input {
                    Some(i) => self.on_input(i, &link).await,
                    // Nobody can send inputs any more; carry on without.
                    None => inputs = tokio::sync::mpsc::unbounded_channel().1,
                },
                _ = tokio::time::sleep_until(watchdog.unwrap_or_else(far_future)), if watchdog.is_some() => {
                    let reason = t!("reason-output-hung");
                    self.lose_player(&reason);
                    link.port.stop(&reason);
                    link = spawn();
                }
                _ = tokio::time::sleep_until(ping_at), if ping_every.is_some() => {
                    crate::service::ping();
                    ping_at = tokio::time::Instant::now() + ping_every.unwrap_or_default();
                }
                _ = &mut shutdown => break,
            }
        }
        tracing::info!("{}", t!("daemon-stopping"));
        if clock.is_real() {
            crate::service::stopping();
        }
        self.stop_output(&mut link).await;
        link.port.shutdown();
        let stamp = self.stamp();
        self.record(Record::Daemon {
            what: "stopped".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            logged: stamp,
            simulated: self.simulated(),
        });
        let now = self.stamp();
        if !self.log.flush(&now) {
            // Kept aside by `flush` when anywhere would take them; the
            // journal has them too, whatever happens to the disks.
            tracing::error!(
                "{}",
                t!(
                    "daemon-log-unwritten-at-stop",
                    count = self.log.unwritten.len(),
                    path = self.log.path.display().to_string()
                )
            );
            for r in &self.log.unwritten {
                tracing::error!("{}", serde_json::to_string(r).unwrap_or_default());
            }
        }
    }

    /// Cuts what is on air and waits (briefly) for the output to say so.
    async fn stop_output(&mut self, link: &mut PlayerLink) {
        if self.programs.is_empty() {
            return;
        }
        link.port.stop(&t!("reason-signal"));
        let limit = tokio::time::sleep(Duration::from_secs(5));
        let mut limit = std::pin::pin!(limit);
        while !self.programs.is_empty() {
            tokio::select! {
                ev = link.events.recv() => match ev {
                    Some(e) => self.on_event(e),
                    None => break,
                },
                _ = &mut limit => break,
            }
        }
        self.lose_player(&t!("reason-signal"));
    }

    /// The output is gone or stuck: every program it held ends here.
    fn lose_player(&mut self, reason: &str) {
        let logged = self.stamp();
        let now = self.clock.now();
        for id in self.programs.keys().copied().collect::<Vec<_>>() {
            self.close_failed(id, reason, &logged, Some(now));
        }
        self.on_air = None;
    }

    /// The earliest instant anything can be due, and the airing it is for.
    fn next_wake(&self) -> (DateTime<Utc>, Option<Airing>) {
        let now = self.clock.now();
        // Near first: a dense schedule (a cron every few seconds) would
        // otherwise be planned days ahead at every turn of the loop.
        let cal = self.station.calendar();
        let next = [
            chrono::Duration::hours(1),
            chrono::Duration::days(1),
            chrono::Duration::days(HORIZON_DAYS),
        ]
        .into_iter()
        .find_map(|ahead| {
            plan(&self.schedules, &cal, now, now + ahead)
                .into_iter()
                .find(|a| {
                    !self.handled.contains(&a.key())
                        && !self.waiting.contains(&a.key())
                        && self.in_window(a)
                })
        });
        let preroll = chrono::Duration::from_std(PREROLL).unwrap_or_default();
        let mut wake = next
            .as_ref()
            .map(|a| a.at.with_timezone(&Utc) - preroll)
            .unwrap_or(now + chrono::Duration::days(1));
        if !self.waiting.is_empty() {
            // Look again soon at the files being copied.
            wake = wake.min(now + chrono::Duration::seconds(1));
        }
        (wake, next)
    }

    fn grace(&self, a: &Airing) -> chrono::Duration {
        a.slot().grace.unwrap_or(self.station.settings.grace)
    }

    /// Notices wall-clock steps (NTP corrections, an operator).
    fn note_jump(&mut self, now: DateTime<Utc>) {
        let mono = self.clock.mono();
        let (wall0, mono0) = self.reference;
        let expected =
            wall0 + chrono::Duration::from_std(mono.saturating_sub(mono0)).unwrap_or_default();
        let step = now - expected;
        let tz = self.tz();
        if step > JUMP {
            tracing::warn!(
                "{}",
                t!(
                    "daemon-jump-forward",
                    from = rfc3339_ms(&expected.with_timezone(&tz)),
                    to = rfc3339_ms(&now.with_timezone(&tz))
                )
            );
            self.jumps.push((expected, now));
        } else if step < -JUMP {
            tracing::warn!(
                "{}",
                t!(
                    "daemon-jump-back",
                    from = rfc3339_ms(&expected.with_timezone(&tz)),
                    to = rfc3339_ms(&now.with_timezone(&tz))
                )
            );
        }
        self.reference = (now, mono);
    }

    fn missed_reason(&self, at: DateTime<Utc>) -> String {
        let tz = self.tz();
        let t = |x: DateTime<Utc>| rfc3339_ms(&x.with_timezone(&tz));
        if at < self.started_at {
            match self.last_alive {
                Some(l) if at >= l => t!(
                    "missed-not-running-from",
                    from = t(l),
                    to = t(self.started_at)
                ),
                _ => t!("missed-not-running"),
            }
        } else if let Some((from, to)) = self.jumps.iter().find(|(f, t)| at > *f && at <= *t) {
            t!("missed-clock-jump", from = t(*from), to = t(*to))
        } else {
            t!("missed-grace")
        }
    }

    /// Decides every airing whose preparation time has come.
    async fn process_due(&mut self, link: &PlayerLink) {
        let now = self.clock.now();
        self.note_jump(now);
        let preroll = chrono::Duration::from_std(PREROLL).unwrap_or_default();
        let max_grace = self
            .schedules
            .iter()
            .flat_map(|s| s.slots.iter().filter_map(|sl| sl.grace))
            .chain(std::iter::once(self.station.settings.grace))
            .max()
            .unwrap_or_default();
        let floor = now - chrono::Duration::days(LOOKBACK_DAYS);
        let from = (self.last_check.min(now) - max_grace - preroll).max(floor);
        let due: Vec<Airing> = plan(
            &self.schedules,
            &self.station.calendar(),
            from,
            now + preroll + chrono::Duration::milliseconds(1),
        )
        .into_iter()
        .filter(|a| !self.handled.contains(&a.key()))
        .filter(|a| self.in_window(a))
        .collect();
        for a in due {
            let at = a.at.with_timezone(&Utc);
            self.handled.insert(a.key());
            // A program that waited for a copy to finish is not missed when
            // its grace ends: it airs what is ready, the rest is skipped.
            let waited = self.waiting.contains(&a.key());
            if now > at + self.grace(&a) && !waited {
                let before_log = match self.born {
                    Some(born) => at < born,
                    None => self.last_alive.is_none() && at < self.started_at,
                };
                if before_log {
                    // Before loaxa ever ran here: nothing was expected of it.
                    continue;
                }
                let reason = self.missed_reason(at);
                tracing::warn!(
                    "{}",
                    t!(
                        "daemon-missed",
                        slot = &a.slot().id,
                        schedule = &a.schedule.name,
                        at = a.at.format("%d/%m/%Y %H:%M:%S").to_string(),
                        reason = &reason
                    )
                );
                let logged = self.stamp();
                for info in self.segment_infos(&a) {
                    self.record(Record::NotAired {
                        segment: info,
                        status: Status::Missed,
                        reason: reason.clone(),
                        logged: logged.clone(),
                    });
                }
                continue;
            }
            // A file still being copied: wait for it within the grace window.
            // The files are looked at now, not trusted from the last event
            // (some filesystems drop events; a copy may have just begun).
            let wall = std::time::SystemTime::now();
            if self.clock.is_real() {
                for (_, item) in self.items(&a, false) {
                    self.library.touch(&item.file, wall);
                }
            }
            self.library.pending(wall);
            let arriving: Vec<String> = self
                .items(&a, false)
                .into_iter()
                .filter(|(_, item)| item.source == Source::Arriving)
                .map(|(_, item)| item.file)
                .collect();
            if !arriving.is_empty() && now <= at + self.grace(&a) {
                self.handled.remove(&a.key());
                if self.waiting.insert(a.key()) {
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-waiting-copy",
                            slot = &a.slot().id,
                            files = arriving.join(", ")
                        )
                    );
                }
                continue;
            }
            self.waiting.remove(&a.key());
            let items = self.items(&a, true);
            // Past its grace after waiting: it starts now (the log keeps
            // the scheduled time and says how late).
            let from = if waited && now > at + self.grace(&a) {
                now
            } else {
                at
            };
            self.start(
                link,
                from,
                items,
                a.priority(),
                self.grace(&a),
                &a.slot().id,
            )
            .await;
        }
        self.last_check = self.last_check.max(now);
        // Older keys can no longer come up: keep the set small.
        let horizon = now.min(self.last_check) - chrono::Duration::days(LOOKBACK_DAYS + 1);
        self.handled.retain(|k| k.at >= horizon);
    }

    /// Prepares a program and hands it to the output.
    #[allow(clippy::too_many_arguments)]
    async fn start(
        &mut self,
        link: &PlayerLink,
        at: DateTime<Utc>,
        items: Vec<(SegmentInfo, Item)>,
        priority: Priority,
        grace: chrono::Duration,
        slot: &str,
    ) {
        let Some(first) = items.first().map(|(i, _)| i.clone()) else {
            return;
        };
        let id = self.next_program;
        self.next_program += 1;
        let audio_dir = self.station.audio_dir.clone();
        let virtual_time = !self.clock.is_real();
        let null = self.output == OutputSpec::Null;
        let prepared = if virtual_time {
            // Simulated time must not run on while files are read; and a
            // simulation with the null output only needs the lengths.
            prepare(&audio_dir, items, null)
        } else {
            match tokio::task::spawn_blocking(move || prepare(&audio_dir, items, false)).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!("{}", t!("daemon-prepare-failed", detail = e.to_string()));
                    return;
                }
            }
        };
        for p in &prepared {
            if let Some((rel, found)) = &p.checked {
                self.library.set_checked(rel, found.clone());
            }
        }
        self.library.save();
        let logged = self.stamp();
        let mut cues = Vec::new();
        let mut ready = Vec::new();
        let mut opened = HashMap::new();
        for p in prepared {
            match p.cue {
                Ok(cue) => {
                    cues.push(cue);
                    if let Some(o) = p.opened {
                        opened.insert(p.info.index, o);
                    }
                    ready.push(p.info);
                }
                Err(e) => {
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-skipping",
                            file = &p.info.file,
                            slot = &p.info.slot,
                            detail = e.to_string()
                        )
                    );
                    self.record(Record::NotAired {
                        segment: p.info,
                        status: Status::Skipped,
                        reason: e.to_string(),
                        logged: logged.clone(),
                    });
                }
            }
        }
        if cues.is_empty() {
            tracing::warn!("{}", t!("daemon-nothing-can-air", slot = slot));
            return;
        }
        let rank = match priority {
            Priority::Normal => 0,
            Priority::Priority => 1,
            Priority::Emergency => 2,
        };
        let scheduled = DateTime::parse_from_rfc3339(&first.scheduled)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(at);
        self.programs.insert(
            id,
            OnAir {
                schedule: first.schedule.clone(),
                slot: first.slot.clone(),
                scheduled,
                rank,
                infos: ready,
                started: HashSet::new(),
                closed: HashSet::new(),
                open: None,
                cut_by: None,
                opened,
            },
        );
        self.rearm_watchdog(Some(at));
        let local = at.with_timezone(&self.tz());
        link.port.play(PlayRequest {
            airing: id,
            start: at.max(self.clock.now()),
            cues,
            label: format!("{}_{}", local.format("%Y-%m-%d_%H-%M-%S"), slot),
            rank,
            grace: grace.max(chrono::Duration::zero()),
        });
    }

    /// The output speaks at least at every item boundary: it is stuck if it
    /// stays silent longer than the longest item it holds (plus a margin,
    /// and the wait until `start` for a program not yet begun). Real time,
    /// not the station clock: this is about a stuck thread.
    fn rearm_watchdog(&mut self, start: Option<DateTime<Utc>>) {
        let longest = self
            .programs
            .values()
            .flat_map(|p| p.infos.iter().map(|i| i.duration.unwrap_or(4.0 * 3600.0)))
            .fold(0.0, f64::max);
        let lead = start
            .and_then(|s| (s - self.clock.now()).to_std().ok())
            .unwrap_or_default();
        let limit = tokio::time::Instant::now()
            + lead
            + Duration::from_secs_f64((longest * 1.1 + 60.0).min(86_400.0));
        self.watchdog = Some(match self.watchdog {
            Some(w) if start.is_some() => w.max(limit),
            _ => limit,
        });
    }

    /// The item on air, as the output's events tell, at `now`.
    fn now_on_air(&self, now: DateTime<Utc>) -> Option<crate::status::OnAir> {
        let prog = self.programs.get(&self.on_air?)?;
        let (index, started) = prog.open?;
        let info = prog.infos.get(index)?;
        let elapsed = (now - started).num_milliseconds().max(0) as f64 / 1000.0;
        Some(crate::status::OnAir {
            slot: prog.slot.clone(),
            schedule: prog.schedule.clone(),
            item: index,
            items: prog.infos.len(),
            title: info.title.clone().unwrap_or_else(|| info.file.clone()),
            file: info.file.clone(),
            elapsed,
            remaining: info.duration.map(|d| (d - elapsed).max(0.0)),
        })
    }

    /// `loaxa status`: the files' view, plus what only the daemon knows.
    fn status(&self) -> crate::status::Status {
        use crate::status::Problem;
        let now = self.clock.now();
        let mut st = crate::status::from_files(
            &self.station,
            &self.schedules,
            &self.diags,
            &self.library,
            now,
        );
        st.running = true;
        let tz = self.tz();
        let hm = |t: &DateTime<Utc>| {
            format!(
                "{} {}",
                crate::timefmt::date_vi(t.with_timezone(&tz).date_naive()),
                t.with_timezone(&tz).format("%H:%M:%S")
            )
        };
        let (state, trouble) = match &self.output_state {
            None => (
                crate::status::OutputState {
                    state: "idle".into(),
                    since: None,
                    reason: None,
                    text: t!("status-output-unused"),
                },
                None,
            ),
            Some((at, Ok(()))) => (
                crate::status::OutputState {
                    state: "working".into(),
                    since: Some(rfc3339_ms(&at.with_timezone(&tz))),
                    reason: None,
                    text: t!("status-output-ok", at = hm(at)),
                },
                None,
            ),
            Some((at, Err(why))) => (
                crate::status::OutputState {
                    state: "failed".into(),
                    since: Some(rfc3339_ms(&at.with_timezone(&tz))),
                    reason: Some(why.clone()),
                    text: t!("status-output-failed", at = hm(at)),
                },
                Some(t!("status-output-failed-what", at = hm(at), detail = why)),
            ),
        };
        st.output = Some(self.output.to_string());
        st.output_state = Some(state);
        if let Some(what) = trouble {
            st.problems.push(Problem {
                kind: "output".into(),
                what,
                todo: t!("status-output-todo"),
            });
        }
        st.on_air = self.now_on_air(now);
        if !self.log.unwritten.is_empty() {
            st.problems.push(Problem {
                kind: "log".into(),
                what: t!(
                    "status-log-unwritten",
                    count = self.log.unwritten.len(),
                    path = self.log.path.display().to_string()
                ),
                todo: t!("status-log-todo"),
            });
        }
        st
    }

    /// One line for `systemctl status`: what is on air, else what comes next.
    fn status_line(&self, next: Option<&Airing>) -> String {
        let on_air = self.now_on_air(self.clock.now()).map(|a| {
            t!(
                "systemd-on-air",
                title = &a.title,
                slot = &a.slot,
                item = a.item + 1,
                items = a.items
            )
        });
        let unwritten = match self.log.unwritten.len() {
            0 => String::new(),
            n => format!(" — {}", t!("systemd-log-trouble", count = n)),
        };
        let main = on_air.unwrap_or_else(|| match next {
            Some(a) => t!(
                "systemd-waiting",
                time = a.at.format("%H:%M").to_string(),
                day = format!(
                    "{} {}",
                    weekday_short_vi(chrono::Datelike::weekday(&a.at)),
                    date_vi(a.at.date_naive())
                ),
                title = a.slot().title.as_deref().unwrap_or(&a.slot().id),
                count = a.program().len()
            ),
            None => t!("systemd-nothing", days = HORIZON_DAYS),
        });
        main + &unwritten
    }

    fn on_event(&mut self, ev: PlayerEvent) {
        self.rearm_watchdog(None);
        let tz = self.tz();
        let logged = self.stamp();
        match ev {
            PlayerEvent::SegmentStarted { airing, index, at } => {
                self.output_state = Some((at, Ok(())));
                let note = self.start_note(airing, index, at);
                let on_air = self.on_air.replace(airing);
                let _ = on_air;
                let Some(p) = self.programs.get_mut(&airing) else {
                    return;
                };
                let Some(info) = p.infos.iter().find(|i| i.index == index).cloned() else {
                    return;
                };
                p.started.insert(index);
                p.open = Some((index, at));
                p.cut_by = None;
                let at_local = at.with_timezone(&tz);
                tracing::info!(
                    "{}",
                    t!(
                        "daemon-on-air",
                        file = &info.file,
                        slot = &info.slot,
                        item = index + 1,
                        started = at_local.format("%H:%M:%S%.3f").to_string(),
                        scheduled = p
                            .scheduled
                            .with_timezone(&tz)
                            .format("%H:%M:%S%.3f")
                            .to_string()
                    )
                );
                self.record(Record::Start {
                    segment: info,
                    started: rfc3339_ms(&at_local),
                    note,
                    logged,
                });
            }
            PlayerEvent::SegmentEnded {
                airing,
                index,
                at,
                played,
                cut,
                cut_by,
                note,
            } => {
                if self.on_air == Some(airing) {
                    self.on_air = None;
                }
                let by = cut_by
                    .and_then(|e| self.programs.get(&e))
                    .map(|e| (e.slot.clone(), e.schedule.clone()));
                let emergency = by.as_ref().map(|(slot, schedule)| {
                    t!("reason-cut-by-emergency", slot = slot, schedule = schedule)
                });
                let Some(p) = self.programs.get_mut(&airing) else {
                    return;
                };
                let Some(info) = p.infos.iter().find(|i| i.index == index) else {
                    return;
                };
                let id = info.id.clone();
                // Overwritten in place while on air: the fingerprint names
                // the file as it was when it began, and the log says so.
                let changed = p
                    .opened
                    .get(&index)
                    .is_some_and(|(path, before)| file_stamp(path).as_ref() != Some(before));
                let note = match (changed, note) {
                    (false, note) => note,
                    (true, None) => Some(t!("note-changed-on-air")),
                    (true, Some(n)) => Some(format!("{n}; {}", t!("note-changed-on-air"))),
                };
                p.open = None;
                p.closed.insert(index);
                if by.is_some() {
                    p.cut_by = by;
                }
                let status = if cut.is_some() {
                    Status::Interrupted
                } else {
                    Status::Completed
                };
                self.record(Record::End {
                    id,
                    ended: Some(rfc3339_ms(&at.with_timezone(&tz))),
                    played: Some(round_ms(played)),
                    status,
                    reason: emergency.or(cut).or(note),
                    logged,
                    simulated: self.simulated(),
                });
            }
            PlayerEvent::SegmentDropped {
                airing,
                index,
                reason,
                kind,
                at,
            } => {
                let Some(p) = self.programs.get_mut(&airing) else {
                    return;
                };
                let Some(info) = p.infos.iter().find(|i| i.index == index).cloned() else {
                    return;
                };
                p.closed.insert(index);
                let (status, reason) = match kind {
                    // The bus says these in its own words; the log in the station's.
                    DropKind::Late => (Status::Missed, t!("reason-late")),
                    DropKind::NotResumed => (Status::Missed, t!("reason-not-resumed")),
                    DropKind::Stopped => (Status::Missed, t!("reason-not-aired", reason = &reason)),
                    DropKind::OutputFailed => {
                        self.output_state = Some((at, Err(reason.clone())));
                        (Status::Failed, reason)
                    }
                };
                self.record(Record::NotAired {
                    segment: info,
                    status,
                    reason,
                    logged,
                });
            }
            PlayerEvent::ProgramEnded { airing, at } => {
                if let Some(p) = self.programs.remove(&airing) {
                    tracing::info!(
                        "{}",
                        t!(
                            "daemon-program-ended",
                            slot = &p.slot,
                            at = at.with_timezone(&tz).format("%H:%M:%S%.3f").to_string()
                        )
                    );
                }
                if self.on_air == Some(airing) {
                    self.on_air = None;
                }
            }
            PlayerEvent::ProgramFailed { airing, at, reason } => {
                self.output_state = Some((at, Err(reason.clone())));
                if let Some(p) = self.programs.get(&airing) {
                    tracing::error!(
                        "{}",
                        crate::i18n::render(&crate::diag::in_slot(
                            &p.slot,
                            crate::i18n::Msg::verbatim(reason.clone())
                        ))
                    );
                }
                self.close_failed(airing, &reason, &logged, Some(at));
                if self.on_air == Some(airing) {
                    self.on_air = None;
                }
            }
        }
    }

    /// A note for the log when an item starts other than plainly on time.
    fn start_note(&self, airing: u64, index: usize, at: DateTime<Utc>) -> Option<String> {
        let p = self.programs.get(&airing)?;
        if let Some((slot, schedule)) = &p.cut_by {
            return Some(t!("note-resumed", slot = slot, schedule = schedule));
        }
        if !p.started.is_empty() {
            return None;
        }
        let other = self
            .programs
            .iter()
            .filter(|(id, o)| **id != airing && !o.started.is_empty())
            .min_by_key(|(_, o)| o.scheduled)
            .map(|(_, o)| o);
        if p.rank >= 1
            && let Some(o) = other.filter(|o| o.rank < p.rank && o.started.len() < o.infos.len())
        {
            return Some(t!(
                "note-went-ahead",
                slot = &o.slot,
                schedule = &o.schedule,
                priority = if p.rank >= 2 {
                    "khẩn cấp"
                } else {
                    "ưu tiên"
                }
            ));
        }
        let late = (at - p.scheduled).num_milliseconds();
        if index == p.infos.first().map_or(0, |i| i.index) && late > 1000 {
            return Some(match other {
                Some(o) => t!(
                    "note-late-behind",
                    seconds = format!("{:.1}", late as f64 / 1000.0),
                    slot = &o.slot,
                    schedule = &o.schedule
                ),
                None => t!(
                    "note-late",
                    seconds = format!("{:.1}", late as f64 / 1000.0)
                ),
            });
        }
        None
    }

    /// The output failed for this program: the item on air is cut there,
    /// the items that had not started did not air.
    fn close_failed(
        &mut self,
        airing: u64,
        reason: &str,
        logged: &str,
        ended: Option<DateTime<Utc>>,
    ) {
        let Some(p) = self.programs.remove(&airing) else {
            return;
        };
        let tz = self.tz();
        if let Some((index, since)) = p.open
            && let Some(info) = p.infos.iter().find(|i| i.index == index)
        {
            let played = ended
                .and_then(|e| (e - since).to_std().ok())
                .map(|d| round_ms(d.as_secs_f64()));
            self.record(Record::End {
                id: info.id.clone(),
                ended: ended.map(|e| rfc3339_ms(&e.with_timezone(&tz))),
                played,
                status: Status::Interrupted,
                reason: Some(reason.to_string()),
                logged: logged.to_string(),
                simulated: self.simulated(),
            });
        }
        for info in p
            .infos
            .iter()
            .filter(|i| !p.started.contains(&i.index) && !p.closed.contains(&i.index))
        {
            self.record(Record::NotAired {
                segment: info.clone(),
                status: Status::Failed,
                reason: reason.to_string(),
                logged: logged.to_string(),
            });
        }
    }

    async fn on_input(&mut self, input: Input, link: &PlayerLink) {
        match input {
            Input::Reload => {
                self.reload();
            }
            Input::SchedulesSaved => {
                // Saved unchanged (an editor's save, a copy of the same file):
                // nothing to read again, nothing to say.
                if self.station.schedules_fingerprint() != self.schedules_seen {
                    self.reload();
                }
            }
            Input::ReloadAsked { reply } => {
                let (schedules, slots, errors) = self.reload();
                let mut text = t!("reload-answer", schedules = schedules, slots = slots);
                if errors > 0 {
                    text.push_str(&format!("; {}", t!("reload-errors", errors = errors)));
                }
                let _ = reply.send(Ok(text));
            }
            Input::Status { reply } => {
                let _ = reply.send(self.status());
            }
            Input::StopAiring { reply } => {
                let answer = match self.on_air.and_then(|p| self.programs.get(&p)) {
                    None if self.programs.is_empty() => Err(t!("stop-nothing")),
                    found => {
                        let what = found.map(|p| t!("check-slot", slot = &p.slot));
                        let reason = stopped_by_operator();
                        link.port.stop(&reason);
                        tracing::warn!("{reason}");
                        // Said as the log will say it: cut while on air is
                        // "interrupted"; stopped before its first sample
                        // (in its preparation) the program is "missed".
                        let mut said = match &what {
                            Some(what) => t!("stop-done", what = what),
                            None => t!("stop-before-start"),
                        };
                        // Programs waiting behind it go too: say so, as
                        // the log does (missed, stopped by the operator).
                        let waiting = self.programs.len().saturating_sub(1);
                        if waiting > 0 {
                            said.push_str(&format!("; {}", t!("stop-queued-too", count = waiting)));
                        }
                        Ok(said)
                    }
                };
                let _ = reply.send(answer);
            }
            Input::FileChanged { file } => {
                self.library.touch(&file, std::time::SystemTime::now());
            }
            Input::Play {
                files,
                priority,
                reply,
            } => {
                let result = self
                    .play_now(link, files, priority, "loaxa play", true)
                    .await;
                let _ = reply.send(result);
            }
            Input::Emergency { file } => {
                let _ = self
                    .play_now(
                        link,
                        vec![file],
                        Priority::Emergency,
                        "audio/khan-cap",
                        false,
                    )
                    .await;
            }
        }
    }

    /// Airs files at once as one program (operator's command, emergency
    /// folder). Asked by an operator (`ask`), a file that cannot air is
    /// refused before anything is queued; a file dropped in the emergency
    /// folder has nobody to answer, so it goes to the log as skipped, with
    /// the reason.
    async fn play_now(
        &mut self,
        link: &PlayerLink,
        files: Vec<String>,
        priority: Priority,
        source: &str,
        ask: bool,
    ) -> Result<String, String> {
        if files.len() > MAX_PLAY_FILES {
            return Err(t!(
                "play-too-many",
                count = files.len(),
                max = MAX_PLAY_FILES
            ));
        }
        let mut segments = Vec::new();
        for f in &files {
            let file = crate::schedule::clean_audio_path(f)
                .map_err(|why| crate::i18n::render(&crate::diag::in_field(f, why)))?;
            // The library may not have heard of it yet.
            self.library.touch(&file, std::time::SystemTime::now());
            segments.push(Segment::file(&file));
        }
        if segments.is_empty() {
            return Err(t!("play-nothing"));
        }
        let expander = Expander {
            library: &self.library,
            topics: &self.station.settings.topics,
            station_level: self.station.settings.level,
            slot_level: None,
        };
        let items = expander.expand(&segments, source, None);
        // Refused before anything is queued: an operator in a hurry must
        // hear "no" now, not find out from the silence.
        for item in items.iter().filter(|_| ask) {
            match &item.source {
                Source::Arriving => return Err(t!("play-arriving", file = &item.file)),
                Source::Fail(why) => {
                    let close = match self.library.lookup(&item.file) {
                        Ok(_) => Vec::new(),
                        Err(_) => self.library.close_matches(&item.file),
                    };
                    return Err(match close.is_empty() {
                        true => t!("play-refused", file = &item.file, why = why),
                        false => t!(
                            "play-refused-close",
                            file = &item.file,
                            why = why,
                            close = close.join(", ")
                        ),
                    });
                }
                // Not decoded yet: at least it must open as audio (the
                // whole file is decoded while it is prepared).
                Source::Unchecked => {
                    let opened = library::resolve(&self.station.audio_dir, &item.file)
                        .and_then(|p| FileDecoder::open(&p).map(drop));
                    if let Err(why) = opened {
                        return Err(t!("play-refused", file = &item.file, why = why.to_string()));
                    }
                }
                Source::Ready(_) => {}
            }
        }
        let now = self.clock.now();
        let local = now.with_timezone(&self.tz());
        let slot = segments.first().map(|s| s.file.clone()).unwrap_or_default();
        let stamp = local.format("%Y%m%dT%H%M%S%.3f").to_string();
        let items: Vec<(SegmentInfo, Item)> = items
            .into_iter()
            .map(|item| {
                let info = self.segment_info(source, &slot, &local, &stamp, &item, priority);
                (info, item)
            })
            .collect();
        tracing::info!(
            "{source}: {}",
            t!(
                "play-log",
                files = files.join(", "),
                priority = priority.vi()
            )
        );
        self.start(
            link,
            now,
            items,
            priority,
            self.station.settings.grace,
            &slot,
        )
        .await;
        Ok(t!(
            "play-sent",
            count = files.len(),
            priority = priority.vi()
        ))
    }

    /// Reads the schedules again. A file with errors keeps its last good
    /// version in force (its errors are logged); a removed file is dropped.
    /// Reads the schedules again; returns the schedules and slots now in
    /// force and the number of errors found.
    pub fn reload(&mut self) -> (usize, usize, usize) {
        self.schedules_seen = self.station.schedules_fingerprint();
        let (fresh, diags) = self.station.load_schedules();
        let mut bad_files: HashSet<String> = HashSet::new();
        for d in &diags {
            if d.is_error() {
                tracing::error!("{}", crate::i18n::diagnostic(d));
                bad_files.insert(d.file.clone());
            } else {
                tracing::warn!("{}", crate::i18n::diagnostic(d));
            }
        }
        let present: HashSet<String> = self
            .station
            .schedule_files()
            .iter()
            .map(|p| self.station.relative(p))
            .collect();
        let mut next: Vec<Arc<Schedule>> = Vec::new();
        for name in &present {
            let shown = self.station.shown(&self.station.dir.join(name));
            let old = self.schedules.iter().find(|s| &s.name == name);
            let new = fresh.iter().find(|s| &s.name == name);
            if bad_files.contains(&shown) {
                if let Some(old) = old {
                    tracing::warn!("{name}: {}", t!("reload-keeps-last"));
                    next.push(Arc::clone(old));
                } else if let Some(new) = new {
                    next.push(Arc::clone(new));
                }
            } else if let Some(new) = new {
                next.push(Arc::clone(new));
            }
        }
        next.sort_by(|a, b| a.name.cmp(&b.name));
        let slots = next.iter().map(|s| s.slots.len()).sum::<usize>();
        tracing::info!(
            "{}",
            t!("reload-done", schedules = next.len(), slots = slots)
        );
        let counts = (
            next.len(),
            slots,
            diags.iter().filter(|d| d.is_error()).count(),
        );
        self.schedules = next;
        self.diags = diags;
        counts
    }

    /// The airing's program as concrete items, and what the log will say
    /// about each. `commit` advances rotating folders (an airing, not a look).
    fn items(&mut self, airing: &Airing, commit: bool) -> Vec<(SegmentInfo, Item)> {
        let slot = airing.slot();
        let rotation = if commit {
            Some(&mut self.rotation)
        } else {
            None
        };
        let items =
            crate::program::airing_items(&self.library, &self.station.settings, airing, rotation);
        let stamp = airing.at.format("%Y%m%dT%H%M%S").to_string();
        items
            .into_iter()
            .map(|item| {
                let info = self.segment_info(
                    &airing.schedule.name,
                    &slot.id,
                    &airing.at,
                    &stamp,
                    &item,
                    slot.priority,
                );
                (info, item)
            })
            .collect()
    }

    /// What the log says about an item of a program of `schedule`/`slot`
    /// due at `at` (`stamp`: `at` as it goes into the item's id).
    fn segment_info(
        &self,
        schedule: &str,
        slot: &str,
        at: &DateTime<Tz>,
        stamp: &str,
        item: &Item,
        priority: Priority,
    ) -> SegmentInfo {
        SegmentInfo {
            id: format!("{stamp}/{schedule}/{slot}/{}", item.index),
            schedule: schedule.to_string(),
            slot: slot.to_string(),
            scheduled: rfc3339_ms(at),
            index: item.index,
            file: item.file.clone(),
            sha256: None,
            title: item.title.clone(),
            topic: item.topic.clone(),
            author: item.author.clone(),
            duration: None,
            output: self.output.to_string(),
            priority: (priority != Priority::Normal).then(|| priority.vi().to_string()),
            gain_db: None,
            limited_db: None,
            trimmed: None,
            simulated: self.simulated(),
        }
    }

    fn segment_infos(&mut self, airing: &Airing) -> Vec<SegmentInfo> {
        self.items(airing, false)
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }
}

fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400 * 365)
}

/// Opens every item of a program, in order. Runs on the blocking pool.
/// With `silent`, an item is only measured (a simulation with the null
/// output does not need the sound). Files the library had not decoded yet
/// are decoded here; what is found goes back to the library.
fn prepare(audio_dir: &Path, items: Vec<(SegmentInfo, Item)>, silent: bool) -> Vec<Prepared> {
    items
        .into_iter()
        .map(|(mut info, item)| {
            let mut checked = None;
            let mut opened = None;
            let facts = match item.source {
                Source::Ready(f) => Ok(f),
                Source::Fail(why) => Err(crate::i18n::render(&why)),
                Source::Arriving => Err(t!("daemon-still-copying")),
                Source::Unchecked => {
                    let found = library::resolve(audio_dir, &item.file)
                        .and_then(|p| library::analyze_for(&p, item.level));
                    checked = Some((item.file.clone(), found.clone()));
                    found.map_err(|e| e.to_string())
                }
            };
            let cue = facts.and_then(|f| {
                let shape = shape(&f, item.level);
                info.sha256 = Some(f.sha256.clone());
                info.duration = Some(round_ms(f.duration));
                info.gain_db = (shape.gain_db != 0.0).then(|| round_ms(shape.gain_db));
                info.limited_db = (shape.limit_db > 0.0).then(|| round_ms(shape.limit_db));
                info.trimmed = (shape.trim_start + shape.trim_end > 0.0)
                    .then(|| [round_ms(shape.trim_start), round_ms(shape.trim_end)]);
                if silent {
                    let (_, keep) = frames_kept(&f, &shape);
                    return Ok(Cue::silent(info.index, keep));
                }
                let path = library::resolve(audio_dir, &item.file).map_err(|e| e.to_string())?;
                opened = file_stamp(&path).map(|s| (path.clone(), s));
                crate::audio::decode::guarded(|| cue_for(&path, info.index, &f, &shape))
                    .map_err(|e| e.to_string())
            });
            Prepared {
                info,
                cue,
                opened,
                checked,
            }
        })
        .collect()
}

/// Frames skipped at the start and kept, at 48 kHz, for a shaped file.
fn frames_kept(f: &Facts, shape: &Shape) -> (u64, u64) {
    let total = crate::audio::resample::frames_at_48k(f.frames, f.rate);
    let skip = (shape.trim_start * 48_000.0).round() as u64;
    let end = (shape.trim_end * 48_000.0).round() as u64;
    (skip, total.saturating_sub(skip + end))
}

/// The airing path's work for one item whose facts are known: open its
/// decoder and resampler, shape it (silence, gain), decode its first
/// 100 ms, so nothing of this is left for the instant.
pub fn cue_for(path: &Path, index: usize, facts: &Facts, shape: &Shape) -> Result<Cue, AudioError> {
    let d = FileDecoder::open(path)?;
    let (skip, keep) = frames_kept(facts, shape);
    let gain = 10f64.powf(shape.gain_db / 20.0) as f32;
    let limit =
        (shape.limit_db > 0.0).then(|| 10f64.powf(crate::program::LIMIT_CEILING / 20.0) as f32);
    let mut cue = Cue::shaped(index, d, skip, keep, gain, limit)
        .map_err(|e| AudioError::Unsupported(e.to_string()))?;
    cue.prime(4_800);
    Ok(cue)
}

/// Everything that happens to a file before air time, from nothing: decode
/// it whole (check, loudness, fingerprint), then `cue_for` at the station's
/// default level. For benchmarks and tests; the daemon keeps the facts.
pub fn prepare_cue(audio_dir: &Path, file: &str, index: usize) -> Result<(Cue, Facts), AudioError> {
    let path = library::resolve(audio_dir, file)?;
    let level = Level::Target(DEFAULT_LEVEL);
    let facts = library::analyze_for(&path, level)?;
    let shape = shape(&facts, level);
    Ok((cue_for(&path, index, &facts, &shape)?, facts))
}

/// "cchc/ban-tin-mot-cua.mp3" → "ban-tin-mot-cua".
pub fn title_from_file(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}

/// A sender for inputs, and the receiver the daemon takes.
pub fn inputs() -> (UnboundedSender<Input>, UnboundedReceiver<Input>) {
    tokio::sync::mpsc::unbounded_channel()
}

/// Hands memory freed after decoding back to the system: a daemon that
/// waits for days should not keep the high-water mark of checking a
/// folder of recordings.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's heap.
    unsafe {
        libc::malloc_trim(0);
    }
}
