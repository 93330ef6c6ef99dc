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

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::airlog::{self, AiringLog, Record, SegmentInfo, Status};
use crate::audio::bus::Cue;
use crate::audio::{AudioError, OutputSpec, PlayRequest, Player, PlayerEvent};
use crate::clock::Clock;
use crate::decide::{self, Decision, Jump, Memory, Missed, Program, Restart, Terms};
use crate::i18n::Msg;
use crate::library::{self, Checked, Library};
use crate::plan::{Airing, AiringKey, plan};
use crate::program::{Item, Rotation, Source};
use crate::schedule::{Priority, Schedule};
use crate::station::Station;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_short_vi};

mod alert;
mod events;
mod inputs;
mod later;
mod log;
mod prepare;
mod relaying;
mod say;
mod silence;
mod status;
mod voicing;

pub(crate) use say::{MAX_SAY_CHARS, MAX_SAY_REPEAT};

use events::missed_text;
use log::{LOG_RETRY, LogWriter};
use prepare::{FileStamp, Prepared, prepare};
// pub for benches/airing.rs
pub use prepare::{cue_for, prepare_cue};

/// How far ahead of an airing its files are prepared (the player opens the
/// output one second before the start).
pub(crate) const PREROLL: Duration = Duration::from_secs(2);
use decide::HORIZON_DAYS;
/// How often the whole drop folder is looked at again.
const RESCAN: Duration = Duration::from_secs(5 * 60);
/// How often files still being copied are looked at again.
const SETTLE_LOOK: Duration = Duration::from_secs(1);

pub(crate) type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<Msg, Msg>> + Send + 'a>>;

/// How the daemon reaches the output: the player thread, or a simulation.
pub(crate) trait OutputPort: Send + Sync {
    fn play(&self, req: PlayRequest);
    fn stop(&self, reason: &Msg);
    /// Tries the output and says what it is.
    fn check(&self) -> CheckFuture<'_>;
    fn shutdown(self: Box<Self>);
    /// Whether it airs the sound: an output that only needs the items'
    /// lengths (a simulation's null output) gets silent cues.
    fn wants_audio(&self) -> bool {
        true
    }
}

impl OutputPort for Player {
    fn play(&self, req: PlayRequest) {
        Player::play(self, req)
    }
    fn stop(&self, reason: &Msg) {
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
pub(crate) struct PlayerLink {
    pub(crate) port: Box<dyn OutputPort>,
    pub(crate) events: UnboundedReceiver<PlayerEvent>,
}

/// Makes a fresh output (at start, and after one stopped answering).
pub(crate) type Spawner = Box<dyn Fn() -> PlayerLink + Send>;

/// The real player thread for `output`, its output watched for silence
/// (and the loudspeaker line, when `[monitor] input` names it).
pub(crate) fn player_spawner(
    output: OutputSpec,
    clock: Arc<dyn Clock>,
    monitor: crate::station::MonitorSettings,
) -> Spawner {
    Box::new(move || {
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
        let clock = clock.clone() as Arc<dyn loaxa_audio::Clock>;
        let player = Player::spawn(output.clone(), Arc::clone(&clock), tx.clone());
        let setup = loaxa_audio::player::MonitorSetup {
            limits: monitor.limits,
            level: Arc::default(),
        };
        player.monitor(Some(setup.clone()));
        let line = monitor.input.clone().map(|name| {
            loaxa_audio::line_monitor::start_line_monitor(
                name,
                setup.limits,
                setup.level,
                clock,
                tx,
            )
        });
        PlayerLink {
            port: Box::new(silence::Monitored { player, line }),
            events,
        }
    })
}

/// Inputs other than time and the output's events.
// pub for tests/scheduling.rs (sim::Run::input)
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
    /// A CAP alert: dropped in `audio/khan-cap/` (no one to answer), or
    /// sent by `loaxa alert`.
    Alert {
        source: crate::cap::AlertSource,
        reply: Option<tokio::sync::oneshot::Sender<Result<String, String>>>,
    },
    /// A recording an alert file in `audio/khan-cap/` names finished
    /// arriving (absolute path).
    AlertRecording { path: PathBuf },
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
    /// `loaxa say`: read this text aloud now, `repeat` times.
    Say {
        text: String,
        priority: Priority,
        repeat: u32,
        reply: tokio::sync::oneshot::Sender<Result<String, String>>,
    },
    /// Something an account did from the console: into the airing log,
    /// answered once written.
    Operator {
        act: crate::airlog::OperatorAct,
        reply: tokio::sync::oneshot::Sender<()>,
    },
}

/// Files one `loaxa play` may name (one program).
pub(crate) const MAX_PLAY_FILES: usize = 100;

/// The reason logged for what `loaxa stop-airing` cuts.
// pub for tests/control.rs
pub fn stopped_by_operator() -> Msg {
    msg!("reason-stopped-by-operator")
}

/// Where the daemon writes, and whether it is the station or a rehearsal.
#[derive(Debug, Clone)]
// pub for tests/ (library.rs, report.rs, scheduling.rs start sim::Run)
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

/// What opening the log found.
struct Opening {
    path: PathBuf,
    records: Vec<Record>,
    opened: Option<AiringLog>,
    restored: Vec<Record>,
    spill: Vec<PathBuf>,
}

pub(crate) struct Daemon {
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
    /// What the decisions go by: handled, waiting, when loaxa ran, jumps.
    mem: Memory,
    programs: HashMap<u64, Program>,
    /// Each program's files as they were opened for air, by item.
    opened: HashMap<u64, HashMap<usize, (PathBuf, FileStamp)>>,
    /// Relay items sent to the output, by program and item: what to log
    /// of each when it ends.
    relays: HashMap<(u64, usize), relaying::RelayWatch>,
    /// The program whose item is on air, as the events tell.
    on_air: Option<u64>,
    /// How the sound output last fared: an item began to air (when), or the
    /// output failed (when, why). For `status`.
    output_state: Option<(DateTime<Utc>, Result<(), crate::i18n::Msg>)>,
    /// Deadline (the Clock's monotonic time) for the output's next word
    /// while it holds programs: past it, the output is taken for stuck.
    watchdog: Option<Duration>,
    /// The drop folder as far as it has been checked.
    library: Library,
    /// Which file each rotating folder item aired last.
    rotation: Rotation,
    next_program: u64,
    /// The CAP alerts met, and the warnings still to repeat.
    cap: crate::cap::CapState,
    /// Work that takes a while (text turned into speech for `loaxa say`),
    /// done off the loop; the loop carries on with what it finds.
    later: tokio::task::JoinSet<Later>,
    /// Warnings whose audio is being made ready (the same alert given
    /// again meanwhile does not air twice).
    preparing: Vec<loaxa_core::cap::AlertKey>,
    /// Silences on air going on (`status` shows them as problems).
    silences: Vec<silence::Open>,
}

/// What the loop finds when work done off it is over (`later.rs`).
pub(crate) enum Later {
    /// The text of a `loaxa say` turned into speech (or why not).
    Spoken(Box<say::Spoken>),
    /// A CAP warning's audio made ready (or why not), and who asked.
    Alert(Box<(alert::AlertReady, Option<alert::Reply>)>),
}

/// The loop's own state between turns: timers on the Clock's monotonic
/// time, the file being analysed, what was last said.
struct Turn {
    announced: Option<AiringKey>,
    shown_status: String,
    analysis: Option<tokio::task::JoinHandle<Result<Checked, AudioError>>>,
    analysing: String,
    /// When to try analysing again after the machine (not the file)
    /// failed: out of descriptors or memory.
    analysis_pause: Option<Duration>,
    rescan_at: Duration,
    ping_every: Option<Duration>,
    ping_at: Duration,
    /// Text items being read aloud ahead of air time.
    ahead: voicing::Ahead,
}

impl Daemon {
    /// Opens the airing log (closing segments a crash left open) and loads
    /// the schedules. Neither a bad schedule nor an unwritable log stops the
    /// daemon: both are reported, and airing goes on.
    pub(crate) fn open(
        station: Station,
        output: OutputSpec,
        clock: Arc<dyn Clock>,
        mode: Mode,
    ) -> Daemon {
        let now = clock.now();
        let station_name = station.settings.station.clone();
        let stamp = rfc3339_ms(&now.with_timezone(&station.settings.timezone));
        let o = match &mode {
            Mode::Station => read_station_log(&station, &station_name, &stamp),
            Mode::Simulation { log, .. } => {
                fresh_simulation_log(log);
                Opening {
                    path: log.clone(),
                    records: Vec::new(),
                    opened: None,
                    restored: Vec::new(),
                    spill: Vec::new(),
                }
            }
        };
        let rows = airlog::rows(&o.records);
        let handled = rows
            .iter()
            .map(|r| AiringKey {
                schedule: r.schedule.clone(),
                slot: r.slot.clone(),
                at: r.scheduled.with_timezone(&Utc),
            })
            .collect();
        let last_alive = airlog::last_alive(&o.records).map(|t| t.with_timezone(&Utc));
        let (born, window) = match &mode {
            Mode::Simulation { from, to, .. } => (Some(*from), Some((*from, *to))),
            Mode::Station => (
                airlog::born(&o.records).map(|t| t.with_timezone(&Utc)),
                None,
            ),
        };
        let mem = Memory::new(handled, now, clock.mono(), last_alive, born, window);
        let schedules_seen = station.schedules_fingerprint();
        let (schedules, diags) = load_schedules(&station, &o.path);
        let durable = matches!(mode, Mode::Station);
        let library = open_library(&station, clock.files_now(), durable);
        let rotation_file = station.rotation_path();
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
                path: o.path,
                log: o.opened,
                kept: !o.restored.is_empty(),
                unwritten: o.restored,
                complained: None,
                spill: o.spill,
            },
            schedules,
            schedules_seen,
            diags,
            mem,
            clock,
            programs: HashMap::new(),
            opened: HashMap::new(),
            relays: HashMap::new(),
            on_air: None,
            output_state: None,
            watchdog: None,
            library,
            rotation,
            next_program: 1,
            cap: crate::cap::CapState::default(),
            later: tokio::task::JoinSet::new(),
            preparing: Vec::new(),
            silences: Vec::new(),
        };
        daemon.recover(&o.records, &rows);
        daemon.open_alerts();
        daemon
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
        self.log.record(r, &now, self.clock.mono());
    }

    fn terms(&self) -> Terms {
        Terms {
            preroll: chrono::Duration::from_std(PREROLL).unwrap_or_default(),
            grace: self.station.settings.grace,
        }
    }

    /// Items a crash left on air are closed as interrupted, and the rest of
    /// their programs logged as missed.
    fn recover(&mut self, records: &[Record], rows: &[airlog::AiringRow]) {
        let logged = self.stamp();
        let found = decide::restart(records, rows);
        for id in found.close {
            tracing::warn!("{}", t!("daemon-recover-open", id = &id));
            self.record(Record::End {
                id: id.clone(),
                ended: None,
                played: None,
                status: Status::Interrupted,
                reason: Some(msg!("reason-closed-at-start")),
                logged: logged.clone(),
                simulated: self.simulated(),
                relay: None,
            });
        }
        // The programs the last run started: an item with no record at all
        // (a stop during an item, or between two) is logged as missed, so
        // every item of a program that began is accounted for.
        for (key, have) in found.unfinished {
            let airing = plan(
                &self.schedules,
                &self.station.calendar(),
                key.at,
                key.at + chrono::Duration::milliseconds(1),
            )
            .into_iter()
            .find(|a| a.schedule.name == key.schedule && a.slot().id == key.slot);
            let Some(airing) = airing else {
                continue;
            };
            let infos = self.segment_infos(&airing);
            for info in Restart::missing(&have, infos) {
                self.record(Record::NotAired {
                    segment: info,
                    status: Status::Missed,
                    reason: msg!("reason-stopped-during"),
                    logged: logged.clone(),
                });
            }
        }
    }

    /// Runs until `shutdown` completes; what is on air is then cut and
    /// logged as interrupted.
    pub(crate) async fn run(
        mut self,
        spawn: Spawner,
        mut inputs: UnboundedReceiver<Input>,
        shutdown: impl Future<Output = ()>,
    ) {
        let mut link = spawn();
        let mut turn = self.begin(&link).await;
        let mut shutdown = std::pin::pin!(shutdown);
        let clock = Arc::clone(&self.clock);
        loop {
            self.process_due(&link).await;
            self.warnings_due(&link).await;
            let wake = self.between_turns(&mut turn);
            let wake = self.next_warning().map_or(wake, |w| w.min(wake));
            let housekeeping = self.housekeeping(&turn);
            let watchdog = self.watchdog.filter(|_| !self.programs.is_empty());
            let analysing = turn.analysis.is_some();
            let voicing = turn.ahead.task.is_some();
            let waiting = !self.later.is_empty();
            tokio::select! {
                Some(done) = self.later.join_next(), if waiting => match done {
                    Ok(later) => self.carry_on(later, &link).await,
                    // The work panicked: its asker was answered already
                    // (the reply dropped: "no answer"); nothing aired.
                    Err(e) => tracing::error!("{}", t!("daemon-task-failed", detail = e.to_string())),
                },
                _ = clock.wait_until(wake) => {}
                done = async { match turn.analysis.as_mut() {
                    Some(task) => task.await,
                    None => std::future::pending().await,
                } }, if analysing => self.analysed(&mut turn, done),
                done = async { match turn.ahead.task.as_mut() {
                    Some(task) => task.await,
                    None => std::future::pending().await,
                } }, if voicing => self.voiced_ahead(&mut turn.ahead, done),
                _ = clock.wait_mono(housekeeping.unwrap_or(Duration::MAX)), if housekeeping.is_some() => {
                    self.housekeep(&mut turn);
                }
                ev = link.events.recv() => match ev {
                    Some(e) => self.on_event(e),
                    None => {
                        self.lose_player(&msg!("reason-output-gone"));
                        link = spawn();
                    }
                },
                input = inputs.recv() => match input {
                    Some(i) => self.on_input(i, &link).await,
                    // Nobody can send inputs any more; carry on without.
                    None => inputs = tokio::sync::mpsc::unbounded_channel().1,
                },
                _ = clock.wait_mono(watchdog.unwrap_or(Duration::MAX)), if watchdog.is_some() => {
                    let reason = msg!("reason-output-hung");
                    self.lose_player(&reason);
                    link.port.stop(&reason);
                    link = spawn();
                }
                _ = clock.wait_mono(turn.ping_at), if turn.ping_every.is_some() => {
                    crate::service::ping();
                    turn.ping_at = clock.mono() + turn.ping_every.unwrap_or_default();
                }
                _ = &mut shutdown => break,
            }
        }
        self.end(link).await;
    }

    /// Start-up: the output tried, `started` logged, systemd told.
    async fn begin(&mut self, link: &PlayerLink) -> Turn {
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
        let stamp = self.stamp();
        self.record(Record::Daemon {
            what: "started".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            logged: stamp,
            simulated: self.simulated(),
        });
        // systemd (nothing outside it): ready now; pings come from the
        // loop, so a loop that hangs stops them and systemd restarts it.
        crate::service::ready(&t!("daemon-ready"));
        let mono = self.clock.mono();
        Turn {
            announced: None,
            shown_status: String::new(),
            analysis: None,
            analysing: String::new(),
            analysis_pause: None,
            rescan_at: mono + RESCAN,
            ping_every: crate::service::ping_every(),
            ping_at: mono,
            ahead: voicing::Ahead::default(),
        }
    }

    /// Between two turns: the status line, the next airing announced, a
    /// settled file sent to be analysed. Returns when the next airing is due.
    fn between_turns(&mut self, turn: &mut Turn) -> DateTime<Utc> {
        let now = self.clock.now();
        let (wake, next) = decide::next(
            &self.schedules,
            &self.station.calendar(),
            &self.mem,
            self.terms().preroll,
            now,
        );
        let line = self.status_line(next.as_ref());
        if line != turn.shown_status {
            crate::service::status(&line);
            turn.shown_status = line;
        }
        if let Some(a) = next
            && turn.announced.as_ref() != Some(&a.key())
        {
            turn.announced = Some(a.key());
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
        self.analyse_next(turn);
        self.voice_ahead(&mut turn.ahead);
        wake
    }

    /// The drop folder: one settled file at a time is decoded on the
    /// blocking pool (simulated time stands still meanwhile).
    fn analyse_next(&mut self, turn: &mut Turn) {
        let paused = turn.analysis_pause.is_some_and(|t| self.clock.mono() < t);
        if turn.analysis.is_some() || paused {
            return;
        }
        let Some(rel) = self
            .library
            .pending(self.clock.files_now())
            .into_iter()
            .next()
        else {
            return;
        };
        let path = self.station.audio_dir.join(&rel);
        let level = self.station.settings.level;
        turn.analysing = rel;
        turn.analysis = Some(tokio::task::spawn_blocking(move || {
            library::check_file(&path, level)
        }));
    }

    /// What the library learnt from analysing a file.
    fn analysed(
        &mut self,
        turn: &mut Turn,
        done: Result<Result<Checked, AudioError>, tokio::task::JoinError>,
    ) {
        turn.analysis = None;
        turn.analysis_pause = None;
        let rel = std::mem::take(&mut turn.analysing);
        // A task that could not finish is that file's verdict, not a
        // reason to try it again at once, for ever.
        let found = done.unwrap_or_else(|e| {
            Err(AudioError::Undecodable(t!(
                "audio-internal",
                detail = e.to_string()
            )))
        });
        match &found {
            Err(e) if e.is_passing() => {
                turn.analysis_pause = Some(self.clock.mono() + LOG_RETRY);
            }
            Err(e) => tracing::warn!(
                "audio/{rel}: {}",
                t!("daemon-cannot-air", detail = e.to_string())
            ),
            Ok(_) => {}
        }
        if matches!(found, Ok(Checked::Text(_))) {
            // A typed bulletin read: what it says may be due soon.
            turn.ahead.look_again();
        }
        self.library.set_checked(&rel, found);
        self.library.save();
        if self.library.pending(self.clock.files_now()).is_empty() {
            release_freed_memory();
        }
    }

    /// The next housekeeping moment: files settling, the rescan, records
    /// waiting for the disk, analysis paused.
    fn housekeeping(&self, turn: &Turn) -> Option<Duration> {
        let mono = self.clock.mono();
        let settle = self.library.has_arriving().then(|| mono + SETTLE_LOOK);
        let log_retry = (!self.log.unwritten.is_empty()).then(|| mono + LOG_RETRY);
        [settle, Some(turn.rescan_at), log_retry, turn.analysis_pause]
            .into_iter()
            .flatten()
            .min()
    }

    fn housekeep(&mut self, turn: &mut Turn) {
        if !self.log.unwritten.is_empty() {
            let now = self.stamp();
            self.log.flush(&now, self.clock.mono());
        }
        let mono = self.clock.mono();
        if mono >= turn.rescan_at {
            turn.rescan_at = mono + RESCAN;
            self.library.scan(self.clock.files_now());
            self.library.save();
            turn.ahead.look_again();
        }
    }

    /// Stopping: what is on air cut, `stopped` logged, what the disk
    /// refused said.
    async fn end(&mut self, mut link: PlayerLink) {
        tracing::info!("{}", t!("daemon-stopping"));
        crate::service::stopping();
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
        if !self.log.flush(&now, self.clock.mono()) {
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
        link.port.stop(&msg!("reason-signal"));
        let limit = self.clock.mono() + Duration::from_secs(5);
        let clock = Arc::clone(&self.clock);
        let mut limit = clock.wait_mono(limit);
        while !self.programs.is_empty() {
            tokio::select! {
                ev = link.events.recv() => match ev {
                    Some(e) => self.on_event(e),
                    None => break,
                },
                _ = &mut limit => break,
            }
        }
        self.lose_player(&msg!("reason-signal"));
    }

    /// The output is gone or stuck: every program it held ends here.
    fn lose_player(&mut self, reason: &Msg) {
        let logged = self.stamp();
        let now = self.clock.now();
        for id in self.programs.keys().copied().collect::<Vec<_>>() {
            self.close_failed(id, reason, &logged, Some(now));
        }
        self.on_air = None;
    }

    /// Decides every airing whose preparation time has come, and carries
    /// the decisions out.
    async fn process_due(&mut self, link: &PlayerLink) {
        let now = self.clock.now();
        if let Some(j) = self.mem.clock_read(now, self.clock.mono()) {
            self.say_jump(j);
        }
        let terms = self.terms();
        let due = decide::due(
            &self.schedules,
            &self.station.calendar(),
            &self.mem,
            &terms,
            now,
        );
        for (a, d) in due {
            let d = match d {
                Decision::Air { .. } => self.look(&a, &terms, now),
                d => d,
            };
            self.mem.apply(&a.key(), &d);
            match d {
                Decision::Missed(why) => self.log_missed(&a, &why),
                Decision::Wait { announce: true } => {
                    let files = self.arriving(&a);
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-waiting-copy",
                            slot = &a.slot().id,
                            files = files.join(", ")
                        )
                    );
                }
                Decision::Start { from } => {
                    let items = self.items(&a, true);
                    let grace = terms.grace(&a);
                    self.start(link, from, items, a.priority(), grace, &a.slot().id)
                        .await;
                }
                Decision::BeforeLog | Decision::Wait { .. } | Decision::Air { .. } => {}
            }
        }
        self.mem.turned(now);
    }

    /// An airing to air: its files are looked at now, not trusted from the
    /// last event (some filesystems drop events; a copy may have just
    /// begun), and it waits for a copy within its grace.
    fn look(&mut self, a: &Airing, terms: &Terms, now: DateTime<Utc>) -> Decision {
        let files_now = self.clock.files_now();
        for (_, item) in self.items(a, false) {
            // Words typed in the schedule have no file to look at.
            if !item.file.is_empty() {
                self.library.touch(&item.file, files_now);
            }
        }
        self.library.pending(files_now);
        let copying = !self.arriving(a).is_empty();
        decide::look(a, &self.mem, terms, copying, now)
    }

    /// The airing's files still being copied.
    fn arriving(&mut self, a: &Airing) -> Vec<String> {
        self.items(a, false)
            .into_iter()
            .filter(|(_, item)| item.source == Source::Arriving)
            .map(|(_, item)| item.file)
            .collect()
    }

    fn say_jump(&self, j: Jump) {
        let tz = self.tz();
        let t = |x: DateTime<Utc>| rfc3339_ms(&x.with_timezone(&tz));
        match j {
            Jump::Forward { from, to } => {
                tracing::warn!("{}", t!("daemon-jump-forward", from = t(from), to = t(to)))
            }
            Jump::Back { from, to } => {
                tracing::warn!("{}", t!("daemon-jump-back", from = t(from), to = t(to)))
            }
        }
    }

    fn log_missed(&mut self, a: &Airing, why: &Missed) {
        let reason = missed_text(why, self.tz());
        tracing::warn!(
            "{}",
            t!(
                "daemon-missed",
                slot = &a.slot().id,
                schedule = &a.schedule.name,
                at = a.at.format("%d/%m/%Y %H:%M:%S").to_string(),
                reason = reason.clone()
            )
        );
        let logged = self.stamp();
        for info in self.segment_infos(a) {
            self.record(Record::NotAired {
                segment: info,
                status: Status::Missed,
                reason: reason.clone(),
                logged: logged.clone(),
            });
        }
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
        if items.is_empty() {
            return;
        }
        let audio_dir = self.station.audio_dir.clone();
        // An output that only needs the lengths (a simulation's null
        // output) gets silent cues of the files' exact lengths.
        let silent = !link.port.wants_audio();
        let voicing = self.voicing();
        let prepared =
            match tokio::task::spawn_blocking(move || prepare(&audio_dir, &voicing, items, silent))
                .await
            {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!("{}", t!("daemon-prepare-failed", detail = e.to_string()));
                    return;
                }
            };
        self.send(link, at, prepared, priority, grace, slot);
    }

    /// Hands a prepared program to the output (items that cannot air are
    /// logged as skipped); returns its number, or none when nothing of it
    /// can air.
    fn send(
        &mut self,
        link: &PlayerLink,
        at: DateTime<Utc>,
        prepared: Vec<Prepared>,
        priority: Priority,
        grace: chrono::Duration,
        slot: &str,
    ) -> Option<u64> {
        let first = prepared.first().map(|p| p.info.clone())?;
        let mut relays = Vec::new();
        let prepared = prepared
            .into_iter()
            .map(|mut p| {
                if let (Some(w), true) = (p.relay.take(), p.cue.is_ok()) {
                    relays.push((p.info.index, w));
                }
                p
            })
            .collect();
        let (cues, ready, opened) = self.sort_prepared(prepared, slot)?;
        let id = self.next_program;
        self.next_program += 1;
        for (index, w) in relays {
            self.relays.insert((id, index), w);
        }
        let rank = decide::rank(priority);
        let scheduled = DateTime::parse_from_rfc3339(&first.scheduled)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(at);
        if let Some(p) = Program::new(ready, scheduled, rank) {
            self.programs.insert(id, p);
        }
        self.opened.insert(id, opened);
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
        Some(id)
    }

    /// The prepared items: what the library learnt kept, items that cannot
    /// air logged as skipped; the cues, their log entries and files for
    /// the rest (none: nothing can air).
    #[allow(clippy::type_complexity)]
    fn sort_prepared(
        &mut self,
        prepared: Vec<Prepared>,
        slot: &str,
    ) -> Option<(
        Vec<Cue>,
        Vec<SegmentInfo>,
        HashMap<usize, (PathBuf, FileStamp)>,
    )> {
        for p in &prepared {
            if let Some((rel, found)) = &p.checked {
                self.library
                    .set_checked(rel, found.clone().map(library::Checked::Audio));
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
                    // Words typed in a schedule that could not be spoken
                    // have no file: their first words stand for them.
                    let file = match (p.info.file.as_str(), &p.info.title) {
                        ("", Some(title)) => title.as_str(),
                        (file, _) => file,
                    };
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-skipping",
                            file = file,
                            slot = &p.info.slot,
                            detail = e.clone()
                        )
                    );
                    self.record(Record::NotAired {
                        segment: p.info,
                        status: Status::Skipped,
                        reason: e,
                        logged: logged.clone(),
                    });
                }
            }
        }
        if cues.is_empty() {
            tracing::warn!("{}", t!("daemon-nothing-can-air", slot = slot));
            return None;
        }
        Some((cues, ready, opened))
    }

    /// The output speaks at least at every item boundary: it is stuck if it
    /// stays silent longer than the longest item it holds (plus a margin,
    /// and the wait until `start` for a program not yet begun). On the
    /// monotonic clock, not the wall clock: this is about a stuck thread.
    fn rearm_watchdog(&mut self, start: Option<DateTime<Utc>>) {
        let longest = self
            .programs
            .values()
            .flat_map(|p| p.infos.iter().map(|i| i.duration.unwrap_or(4.0 * 3600.0)))
            .fold(0.0, f64::max);
        let lead = start
            .and_then(|s| (s - self.clock.now()).to_std().ok())
            .unwrap_or_default();
        let limit = self.clock.mono()
            + lead
            + Duration::from_secs_f64((longest * 1.1 + 60.0).min(86_400.0));
        self.watchdog = Some(match self.watchdog {
            Some(w) if start.is_some() => w.max(limit),
            _ => limit,
        });
    }
}

/// Reads the schedules and says what is in force.
fn load_schedules(
    station: &Station,
    log: &Path,
) -> (Vec<Arc<Schedule>>, Vec<crate::diag::Diagnostic>) {
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
            path = log.display().to_string()
        )
    );
    (schedules, diags)
}

/// The drop folder: what the cache remembers, new files noted (decoded in
/// the background by the loop, on any clock).
fn open_library(station: &Station, files_now: std::time::SystemTime, durable: bool) -> Library {
    let mut library = Library::open(
        &station.audio_dir,
        Some(&station.library_cache_path()),
        station.settings.level,
    );
    let scan = library.scan(files_now);
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
    library
}

/// The station's log: opened (an unfinished last line set aside), read,
/// and what an earlier run kept aside written into it.
fn read_station_log(station: &Station, name: &str, stamp: &str) -> Opening {
    let mut opened = None;
    let path = station.airing_log_path();
    // Opened first: an unfinished last line is set aside before reading.
    match AiringLog::open(&path, name, stamp) {
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
    let restored = restore_spilled(&places, &mut records, stamp);
    Opening {
        path,
        records,
        opened,
        restored,
        spill: places,
    }
}

/// Records kept aside by an earlier run, not in the log yet: returned
/// behind a `restored` record, and added to `records`.
fn restore_spilled(places: &[PathBuf], records: &mut Vec<Record>, stamp: &str) -> Vec<Record> {
    let mut restored = Vec::new();
    for (from, kept) in crate::spill::take(places) {
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
                logged: stamp.to_string(),
            });
            restored.extend(fresh.iter().cloned());
            records.extend(fresh);
        }
    }
    restored
}

/// A simulation's log: it starts from a clean slate every time.
fn fresh_simulation_log(log: &Path) {
    if let Err(e) = std::fs::remove_file(log)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(
            "{}",
            t!(
                "sim-cannot-remove",
                path = log.display().to_string(),
                detail = crate::i18n::os_detail(&e)
            )
        );
    }
}

/// A sender for inputs, and the receiver the daemon takes.
pub(crate) fn inputs() -> (UnboundedSender<Input>, UnboundedReceiver<Input>) {
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
