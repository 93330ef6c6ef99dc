//! The player thread: the only thread that touches the output. The daemon
//! sends it commands (play this program at this instant, stop) and hears back
//! events with wall-clock times computed from sample counts. Nothing here
//! blocks the scheduler: a sound card that hangs hangs this thread only.
//!
//! The output is opened for a *session*: from one second before a program's
//! start until nothing is on air or due any more. Programs the daemon sends
//! meanwhile join the session's bus at their own frame, with their rank
//! (normal, priority, emergency), so they follow, precede or cut in sample
//! exactly.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use super::bus::{Bus, BusEvent, BusHandle, Cue, DropKind, Program, RATE};
use super::output::{NullSink, OutputSpec, PacedSink, RawSink, WavSink, to_i16};
use crate::clock::Clock;

/// Frames per block written by paced outputs: 10 ms.
const BLOCK: u64 = 480;
/// How long before its start a program's output is opened and fed silence:
/// the stream is flowing (and a sound card awake: some USB cards clip the
/// first half second after they open) when the first sample comes.
pub const OUTPUT_PREROLL: chrono::Duration = chrono::Duration::seconds(1);
/// How far ahead of real time paced outputs may write once a program has
/// started (the first block always leaves at the instant itself).
const LEAD: Duration = Duration::from_millis(50);

/// A program to air.
pub struct PlayRequest {
    pub airing: u64,
    /// The instant the first sample is due.
    pub start: DateTime<Utc>,
    pub cues: Vec<Cue>,
    /// Names the program in file names (WAV output).
    pub label: String,
    /// 0 normal, 1 priority, 2 emergency.
    pub rank: u8,
    /// How late it may still begin, and how long after an emergency cut it
    /// may still go on.
    pub grace: chrono::Duration,
}

/// What happened on the output, in wall-clock time.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    SegmentStarted {
        airing: u64,
        index: usize,
        at: DateTime<Utc>,
    },
    SegmentEnded {
        airing: u64,
        index: usize,
        at: DateTime<Utc>,
        /// Seconds of this segment that went out.
        played: f64,
        /// Why it was cut, if it did not play to its end.
        cut: Option<String>,
        /// The emergency program (airing id) that cut it.
        cut_by: Option<u64>,
        /// Something worth knowing about an item that did play (dropouts).
        note: Option<String>,
    },
    /// A segment that will not air, and why.
    SegmentDropped {
        airing: u64,
        index: usize,
        at: DateTime<Utc>,
        reason: String,
        kind: DropKind,
    },
    ProgramEnded {
        airing: u64,
        at: DateTime<Utc>,
    },
    /// The output failed. A segment on air was cut there; the rest of the
    /// program did not air.
    ProgramFailed {
        airing: u64,
        at: DateTime<Utc>,
        reason: String,
    },
}

enum Msg {
    Play(PlayRequest),
    Stop(String),
    Shutdown,
    /// From the sound card's error callback. Not fatal: a dropout (xrun)
    /// the card recovers from by itself.
    DeviceError {
        fatal: bool,
        what: String,
    },
    Probe(tokio::sync::oneshot::Sender<Result<String, String>>),
}

/// Handle to the player thread.
pub struct Player {
    tx: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl Player {
    pub fn spawn(
        spec: OutputSpec,
        clock: Arc<dyn Clock>,
        events: UnboundedSender<PlayerEvent>,
    ) -> Player {
        let (tx, rx) = channel();
        let errors = tx.clone();
        let thread = std::thread::Builder::new()
            .name("loaxa-player".into())
            .spawn(move || {
                quiet_alsa();
                let mut worker = Worker {
                    spec,
                    clock,
                    events,
                    rx,
                    errors,
                    waiting: Vec::new(),
                    shutting_down: false,
                    raw: None,
                };
                worker.run();
            })
            .ok();
        Player { tx, thread }
    }

    /// Sends a program; call it ahead of the start (pre-roll) so the output
    /// is open and the first block decoded before the instant.
    pub fn play(&self, req: PlayRequest) {
        let _ = self.tx.send(Msg::Play(req));
    }

    /// Cuts what is on air and drops what waits (logged with `reason`).
    pub fn stop(&self, reason: &str) {
        let _ = self.tx.send(Msg::Stop(reason.to_string()));
    }

    /// Tries the output (opens and closes the sound card) and says what it is.
    pub async fn check_output(&self) -> Result<String, String> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let _ = self.tx.send(Msg::Probe(tx));
        match tokio::time::timeout(Duration::from_secs(10), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(t!("out-player-gone")),
            Err(_) => Err(t!("out-no-answer")),
        }
    }

    /// Cuts what is on air and ends the thread.
    pub fn shutdown(mut self) {
        let _ = self.tx.send(Msg::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn frames_of(d: chrono::Duration) -> i64 {
    d.num_microseconds().unwrap_or(i64::MAX / 4) * RATE as i64 / 1_000_000
}

fn duration_of(frames: i64) -> chrono::Duration {
    chrono::Duration::microseconds(frames * 1_000_000 / RATE as i64)
}

fn seconds(frames: u64) -> f64 {
    frames as f64 / RATE as f64
}

/// A program's due time and grace, in a session's frames.
fn program_for(req: PlayRequest, at_frame: u64) -> (Program, u64) {
    let grace = frames_of(req.grace).max(0) as u64;
    (
        Program {
            id: req.airing,
            cues: req.cues,
            rank: req.rank,
            grace,
        },
        at_frame,
    )
}

/// When a paced session's next block is due.
pub(crate) enum Due {
    /// As soon as possible (pre-roll for a sink that does not want it).
    Now,
    /// By the wall clock (pre-roll silence, and the first sample's instant).
    Wall(DateTime<Utc>),
    /// By the monotonic clock, once the first sample is out.
    Mono(Duration),
}

/// One stretch of paced output (WAV, raw, null): the bus, the frame ↔ time
/// mapping, and what each block becomes. It never sleeps: whoever drives it
/// (the player thread on the real clock, a simulation on a simulated one)
/// waits until `due()` and calls `step()`.
pub(crate) struct PacedSession {
    bus: Bus,
    handle: BusHandle,
    bus_events: Receiver<BusEvent>,
    /// First frame of the next block.
    k: u64,
    /// The first program's frame (on a block boundary) and its planned instant.
    start_frame: u64,
    planned: DateTime<Utc>,
    /// When `start_frame` actually left: wall clock and monotonic clock.
    anchor: Option<(DateTime<Utc>, Duration)>,
    /// Airings in this session that have not ended.
    outstanding: HashSet<u64>,
    labels: HashMap<u64, String>,
    /// The segment on air, as the events tell.
    on_air: Option<(u64, usize)>,
    /// A file-per-airing sink has a file open.
    stretch_open: bool,
    block: Vec<f32>,
    pcm: Vec<i16>,
}

impl PacedSession {
    /// Opens a session for `first`, due `lead` after now.
    pub(crate) fn new(first: PlayRequest, now: DateTime<Utc>) -> PacedSession {
        let (bus, handle, bus_events) = Bus::new();
        // The first program starts on a block boundary, so the block holding
        // its first sample is released exactly at the instant.
        let lead = frames_of(first.start - now).max(0) as u64;
        let start_frame = lead.div_ceil(BLOCK) * BLOCK;
        let mut s = PacedSession {
            bus,
            handle,
            bus_events,
            k: 0,
            start_frame,
            planned: first.start,
            anchor: None,
            outstanding: HashSet::new(),
            labels: HashMap::new(),
            on_air: None,
            stretch_open: false,
            block: vec![0.0; (BLOCK * 2) as usize],
            pcm: Vec::with_capacity((BLOCK * 2) as usize),
        };
        s.add(first, Some(start_frame));
        s
    }

    fn add(&mut self, req: PlayRequest, at_frame: Option<u64>) {
        let frame = at_frame.unwrap_or_else(|| self.frame_of(req.start).max(self.k));
        self.outstanding.insert(req.airing);
        self.labels.insert(req.airing, req.label.clone());
        let (program, frame) = program_for(req, frame);
        self.handle.start(program, frame);
    }

    /// A program joining the session.
    pub(crate) fn queue(&mut self, req: PlayRequest) {
        self.add(req, None);
    }

    pub(crate) fn stop(&self, reason: &str, kind: DropKind) {
        self.handle.stop(reason, kind);
    }

    fn origin(&self) -> DateTime<Utc> {
        self.anchor.map_or(self.planned, |(w, _)| w)
    }

    pub(crate) fn frame_of(&self, t: DateTime<Utc>) -> u64 {
        (self.start_frame as i64 + frames_of(t - self.origin())).max(0) as u64
    }

    pub(crate) fn time_of(&self, frame: u64) -> DateTime<Utc> {
        self.origin() + duration_of(frame as i64 - self.start_frame as i64)
    }

    /// Whether every program of the session has ended.
    pub(crate) fn done(&self) -> bool {
        self.outstanding.is_empty() && !self.bus.busy()
    }

    pub(crate) fn due(&self, sink: &dyn PacedSink) -> Due {
        if self.k + BLOCK <= self.start_frame {
            if sink.wants_silence() {
                Due::Wall(self.time_of(self.k))
            } else {
                Due::Now
            }
        } else if self.anchor.is_none() {
            Due::Wall(self.planned)
        } else {
            let (_, mono) = self.anchor.unwrap_or_default();
            let ahead =
                Duration::from_micros((self.k - self.start_frame) * 1_000_000 / RATE as u64);
            Due::Mono((mono + ahead).saturating_sub(LEAD))
        }
    }

    /// Renders the next block and writes it as the sink wants it. Returns
    /// the events, in wall-clock time; an output error stops the session.
    pub(crate) fn step(
        &mut self,
        sink: &mut dyn PacedSink,
        now: DateTime<Utc>,
        mono: Duration,
    ) -> Vec<PlayerEvent> {
        if self.k == self.start_frame && self.anchor.is_none() {
            self.anchor = Some((now, mono));
        }
        let (k, end) = (self.k, self.k + BLOCK);
        self.bus.render(&mut self.block);
        let news: Vec<BusEvent> = self.bus_events.try_iter().collect();
        let mut out = Vec::new();
        let mut cursor = k;
        let mut failure = None;
        for (i, e) in news.iter().enumerate() {
            let f = event_frame(e).clamp(cursor, end);
            if f > cursor && failure.is_none() {
                failure = self.write(sink, cursor, f).err();
            }
            cursor = f;
            match e {
                BusEvent::SegmentStarted { program, index, .. } => {
                    if !self.stretch_open && failure.is_none() {
                        let label = self.labels.get(program).cloned().unwrap_or_default();
                        failure = sink.begin(&label).err();
                        self.stretch_open = true;
                    }
                    self.on_air = Some((*program, *index));
                }
                BusEvent::SegmentEnded { .. } => self.on_air = None,
                BusEvent::ProgramEnded { program, frame } => {
                    self.outstanding.remove(program);
                    // The stretch ends here unless the next item starts on
                    // this very frame (a program following without a gap).
                    let follows = news[i + 1..].iter().any(
                        |n| matches!(n, BusEvent::SegmentStarted { frame: g, .. } if g == frame),
                    );
                    if self.on_air.is_none() && !follows && self.stretch_open {
                        self.stretch_open = false;
                        if let Err(e) = sink.end() {
                            failure = failure.or(Some(e));
                        }
                    }
                }
                BusEvent::SegmentDropped { .. } => {}
            }
            out.push(self.player_event(e.clone()));
        }
        if cursor < end && failure.is_none() {
            failure = self.write(sink, cursor, end).err();
        }
        self.k = end;
        if let Some(reason) = failure {
            out.extend(self.fail(&reason));
        }
        out
    }

    /// Writes frames `[a, b)` of the current block if the sink wants them.
    fn write(&mut self, sink: &mut dyn PacedSink, a: u64, b: u64) -> Result<(), String> {
        if !(self.stretch_open || sink.wants_silence()) {
            return Ok(());
        }
        let (i, j) = (((a - self.k) * 2) as usize, ((b - self.k) * 2) as usize);
        self.pcm.clear();
        self.pcm.extend(self.block[i..j].iter().map(|s| to_i16(*s)));
        sink.write(&self.pcm)
    }

    /// The output failed: cut and drop everything, report it.
    fn fail(&mut self, reason: &str) -> Vec<PlayerEvent> {
        self.handle.stop(reason, DropKind::OutputFailed);
        let mut scratch = vec![0.0f32; (BLOCK * 2) as usize];
        self.bus.render(&mut scratch);
        self.k += BLOCK;
        let news: Vec<BusEvent> = self.bus_events.try_iter().collect();
        let mut out: Vec<PlayerEvent> = news.into_iter().map(|e| self.player_event(e)).collect();
        let at = self.time_of(self.k);
        for airing in self.outstanding.drain() {
            out.push(PlayerEvent::ProgramFailed {
                airing,
                at,
                reason: reason.to_string(),
            });
        }
        self.stretch_open = false;
        out
    }

    fn player_event(&self, e: BusEvent) -> PlayerEvent {
        to_player_event(e, |f| self.time_of(f), 0)
    }

    /// Ends the session's sink (the last WAV file).
    pub(crate) fn close(&mut self, sink: &mut dyn PacedSink) {
        if self.stretch_open {
            self.stretch_open = false;
            if let Err(e) = sink.end() {
                tracing::error!("{e}");
            }
        }
    }

    /// For a simulation with the null output: moves ahead up to `max`
    /// frames without rendering, stopping at the next boundary.
    pub(crate) fn skip(&mut self, max: u64) -> Vec<PlayerEvent> {
        if self.anchor.is_none() && self.k >= self.start_frame {
            self.anchor = Some((self.planned, Duration::ZERO));
        }
        let moved = self.bus.advance(max);
        self.k += moved;
        let news: Vec<BusEvent> = self.bus_events.try_iter().collect();
        news.into_iter()
            .map(|e| {
                if let BusEvent::ProgramEnded { program, .. } = &e {
                    self.outstanding.remove(program);
                }
                self.player_event(e)
            })
            .collect()
    }

    /// The next frame at which something happens, as far as the bus knows.
    pub(crate) fn horizon(&self) -> Option<u64> {
        self.bus.horizon()
    }

    pub(crate) fn frame(&self) -> u64 {
        self.k
    }
}

fn event_frame(e: &BusEvent) -> u64 {
    match e {
        BusEvent::SegmentStarted { frame, .. }
        | BusEvent::SegmentEnded { frame, .. }
        | BusEvent::SegmentDropped { frame, .. }
        | BusEvent::ProgramEnded { frame, .. } => *frame,
    }
}

fn to_player_event(e: BusEvent, at: impl Fn(u64) -> DateTime<Utc>, dropouts: u32) -> PlayerEvent {
    match e {
        BusEvent::SegmentStarted {
            program,
            index,
            frame,
        } => PlayerEvent::SegmentStarted {
            airing: program,
            index,
            at: at(frame),
        },
        BusEvent::SegmentEnded {
            program,
            index,
            frame,
            frames,
            cut,
            cut_by,
        } => PlayerEvent::SegmentEnded {
            airing: program,
            index,
            at: at(frame),
            played: seconds(frames),
            cut,
            cut_by,
            note: (dropouts > 0).then(|| t!("out-dropouts", count = dropouts)),
        },
        BusEvent::SegmentDropped {
            program,
            index,
            frame,
            reason,
            kind,
        } => PlayerEvent::SegmentDropped {
            airing: program,
            index,
            at: at(frame),
            reason,
            kind,
        },
        BusEvent::ProgramEnded { program, frame } => PlayerEvent::ProgramEnded {
            airing: program,
            at: at(frame),
        },
    }
}

struct Worker {
    spec: OutputSpec,
    clock: Arc<dyn Clock>,
    events: UnboundedSender<PlayerEvent>,
    rx: Receiver<Msg>,
    /// Given to the sound card's error callback.
    errors: Sender<Msg>,
    /// Programs received before their session opened.
    waiting: Vec<PlayRequest>,
    shutting_down: bool,
    /// The raw output, kept open between sessions.
    raw: Option<RawSink>,
}

/// What a session's message loop should do next.
enum Control {
    Go,
    Stop(String),
}

impl Worker {
    fn run(&mut self) {
        loop {
            if self.waiting.is_empty() {
                match self.rx.recv() {
                    Ok(Msg::Play(r)) => self.waiting.push(r),
                    Ok(Msg::Probe(reply)) => {
                        let _ = reply.send(self.probe());
                        continue;
                    }
                    Ok(Msg::Stop(_)) | Ok(Msg::DeviceError { .. }) => continue,
                    Ok(Msg::Shutdown) | Err(_) => return,
                }
            }
            self.waiting.sort_by_key(|r| r.start);
            let first = self.waiting.remove(0);
            match self.spec.clone() {
                OutputSpec::Device(name) => self.device_session(name.as_deref(), first),
                OutputSpec::Wav(dir) => self.paced_session(&mut WavSink::new(&dir), first),
                OutputSpec::Raw(path) => {
                    // One sink for the thread's life: the FIFO stays open.
                    let mut sink = self.raw.take().unwrap_or_else(|| RawSink::new(&path));
                    self.paced_session(&mut sink, first);
                    self.raw = Some(sink);
                }
                OutputSpec::Null => self.paced_session(&mut NullSink, first),
            }
            if self.shutting_down {
                return;
            }
        }
    }

    fn probe(&self) -> Result<String, String> {
        match &self.spec {
            OutputSpec::Device(name) => {
                let mut sink = open_device(name.as_deref(), self.errors.clone())?;
                sink.log_on_drop(false);
                let c = sink.config();
                Ok(t!(
                    "out-device-ready",
                    name = name.as_deref().unwrap_or("default"),
                    rate = c.sample_rate().get(),
                    channels = c.channel_count().get()
                ))
            }
            OutputSpec::Wav(dir) => std::fs::create_dir_all(dir)
                .map(|()| t!("out-wav-ready", folder = dir.display().to_string()))
                .map_err(|e| {
                    t!(
                        "out-cannot-create",
                        path = dir.display().to_string(),
                        detail = e.to_string()
                    )
                }),
            OutputSpec::Raw(path) => {
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                match dir {
                    Some(d) if !d.is_dir() => {
                        Err(t!("out-no-folder", folder = d.display().to_string()))
                    }
                    _ => Ok(t!("out-raw-ready", path = path.display().to_string())),
                }
            }
            OutputSpec::Null => Ok(t!("out-null-ready")),
        }
    }

    fn send(&self, e: PlayerEvent) {
        let _ = self.events.send(e);
    }

    /// Handles one message during a session (or while waiting to open one).
    fn handle(&mut self, msg: Msg, join: &mut dyn FnMut(PlayRequest)) -> Control {
        match msg {
            Msg::Play(r) => {
                join(r);
                Control::Go
            }
            Msg::Stop(reason) => Control::Stop(reason),
            Msg::Shutdown => {
                self.shutting_down = true;
                Control::Stop(t!("reason-daemon-stopped"))
            }
            Msg::Probe(reply) => {
                let _ = reply.send(Ok(t!("out-on-air", output = self.spec.to_string())));
                Control::Go
            }
            Msg::DeviceError { fatal: _, what } => {
                tracing::warn!("{}", t!("out-error-idle", detail = what.to_string()));
                Control::Go
            }
        }
    }

    /// Waits until `t` by the wall clock, waking at once for messages; the
    /// last stretch is a plain sleep that lands on the instant. Returns a
    /// stop if one came.
    fn wait_until(&mut self, t: DateTime<Utc>, join: &mut dyn FnMut(PlayRequest)) -> Control {
        const FINAL: chrono::Duration = chrono::Duration::milliseconds(3);
        loop {
            let now = self.clock.now();
            if now >= t {
                return Control::Go;
            }
            if !self.clock.is_real() || t - now <= FINAL {
                while let Ok(msg) = self.rx.try_recv() {
                    if let Control::Stop(r) = self.handle(msg, join) {
                        return Control::Stop(r);
                    }
                }
                self.clock.sleep_until(t);
                continue;
            }
            let wait = (t - now - FINAL).to_std().unwrap_or_default();
            match self.rx.recv_timeout(wait) {
                Ok(msg) => {
                    if let Control::Stop(r) = self.handle(msg, join) {
                        return Control::Stop(r);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    self.shutting_down = true;
                    return Control::Stop(t!("reason-daemon-stopped"));
                }
            }
        }
    }

    /// Waits until the output should open (one second ahead of the first
    /// start). A stop meanwhile ends these programs before anything airs.
    fn wait_to_open(&mut self, first: &PlayRequest) -> bool {
        let mut joined = Vec::new();
        let control = self.wait_until(first.start - OUTPUT_PREROLL, &mut |r| joined.push(r));
        self.waiting.extend(joined);
        if let Control::Stop(reason) = control {
            let now = self.clock.now();
            let all = std::iter::once(first).chain(self.waiting.iter());
            let events: Vec<PlayerEvent> = all
                .flat_map(|r| {
                    r.cues
                        .iter()
                        .map(|c| PlayerEvent::SegmentDropped {
                            airing: r.airing,
                            index: c.index,
                            at: now,
                            reason: reason.clone(),
                            kind: DropKind::Stopped,
                        })
                        .chain(std::iter::once(PlayerEvent::ProgramEnded {
                            airing: r.airing,
                            at: now,
                        }))
                        .collect::<Vec<_>>()
                })
                .collect();
            self.waiting.clear();
            events.into_iter().for_each(|e| self.send(e));
            return false;
        }
        true
    }

    fn paced_session(&mut self, sink: &mut dyn PacedSink, first: PlayRequest) {
        if !self.wait_to_open(&first) {
            return;
        }
        // This thread paces the output itself: worth real-time priority
        // while it does. (Not for the sound card: its own thread, which
        // would inherit the policy, must never spin at real-time priority
        // on a device that does not block.)
        let rt = self.clock.is_real() && set_realtime(true);
        self.run_paced(sink, first);
        if rt {
            set_realtime(false);
        }
    }

    fn run_paced(&mut self, sink: &mut dyn PacedSink, first: PlayRequest) {
        let now = self.clock.now();
        let mut session = PacedSession::new(first, now);
        for r in std::mem::take(&mut self.waiting) {
            session.queue(r);
        }
        if let Err(reason) = sink.begin_session() {
            for e in session.fail(&reason) {
                self.send(e);
            }
            return;
        }
        let mut logged_start = false;
        while !session.done() {
            // Messages: programs joining, stops.
            let mut joined = Vec::new();
            while let Ok(msg) = self.rx.try_recv() {
                if let Control::Stop(reason) = self.handle(msg, &mut |r| joined.push(r)) {
                    session.stop(&reason, DropKind::Stopped);
                }
            }
            for r in joined {
                session.queue(r);
            }
            match session.due(sink) {
                Due::Now => {}
                Due::Wall(t) => {
                    let mut joined = Vec::new();
                    if let Control::Stop(reason) = self.wait_until(t, &mut |r| joined.push(r)) {
                        session.stop(&reason, DropKind::Stopped);
                    }
                    for r in joined {
                        session.queue(r);
                    }
                }
                Due::Mono(d) => self.clock.sleep_until_mono(d),
            }
            let events = session.step(sink, self.clock.now(), self.clock.mono());
            if !logged_start && session.anchor.is_some() {
                logged_start = true;
                if let Some((wall, _)) = session.anchor {
                    tracing::debug!(
                        "first block out {} µs after the instant",
                        (wall - session.planned).num_microseconds().unwrap_or(0)
                    );
                }
            }
            events.into_iter().for_each(|e| self.send(e));
        }
        session.close(sink);
    }

    fn device_session(&mut self, name: Option<&str>, first: PlayRequest) {
        if !self.wait_to_open(&first) {
            return;
        }
        let mut requests: Vec<PlayRequest> = std::iter::once(first)
            .chain(std::mem::take(&mut self.waiting))
            .collect();
        // A card that is missing at pre-roll gets one more chance at the
        // instant itself (a USB card plugged in at the last moment).
        let opened = open_device(name, self.errors.clone()).or_else(|_| {
            let mut joined = Vec::new();
            let _ = self.wait_until(requests[0].start, &mut |r| joined.push(r));
            requests.extend(joined);
            open_device(name, self.errors.clone())
        });
        let mut sink = match opened {
            Ok(s) => s,
            Err(reason) => {
                let at = self.clock.now();
                for r in requests {
                    self.send(PlayerEvent::ProgramFailed {
                        airing: r.airing,
                        at,
                        reason: reason.clone(),
                    });
                }
                return;
            }
        };
        sink.log_on_drop(false);
        let (bus, handle, bus_events) = Bus::new();
        sink.mixer().add(DeviceFeed { bus, first: true });
        // The card pulls the bus from now on: frame `frame0` is now.
        let wall0 = self.clock.now();
        let frame0 = handle.frame();
        let frame_of =
            |t: DateTime<Utc>| (frame0 as i64 + frames_of(t - wall0)).max(frame0 as i64) as u64;
        let time_of = |f: u64| wall0 + duration_of(f as i64 - frame0 as i64);
        let mut outstanding: HashSet<u64> = HashSet::new();
        let add = |r: PlayRequest, outstanding: &mut HashSet<u64>| {
            outstanding.insert(r.airing);
            let at = frame_of(r.start);
            let (program, at) = program_for(r, at);
            handle.start(program, at);
        };
        for r in requests {
            add(r, &mut outstanding);
        }
        let mut dropouts = 0u32;
        let mut last_frame = handle.frame();
        let mut stalled_since = self.clock.mono();
        let mut ended_at: Option<u64> = None;
        loop {
            let msg = match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Msg::Shutdown),
            };
            let mut failure = None;
            match msg {
                Some(Msg::DeviceError { fatal: true, what }) => {
                    failure = Some(t!("out-device-error", detail = what.to_string()));
                }
                Some(Msg::DeviceError { fatal: false, what }) => {
                    // The card recovers by itself; the gap is noted, the program goes on.
                    dropouts += 1;
                    tracing::warn!("{}", t!("out-dropout", detail = what.to_string()));
                }
                Some(m) => {
                    let mut joined = Vec::new();
                    if let Control::Stop(reason) = self.handle(m, &mut |r| joined.push(r)) {
                        handle.stop(&reason, DropKind::Stopped);
                    }
                    for r in joined {
                        ended_at = None;
                        add(r, &mut outstanding);
                    }
                }
                None => {}
            }
            for e in bus_events.try_iter() {
                match &e {
                    BusEvent::SegmentStarted { .. } => dropouts = 0,
                    BusEvent::ProgramEnded { program, .. } => {
                        outstanding.remove(program);
                    }
                    _ => {}
                }
                let ev = to_player_event(e, time_of, dropouts);
                self.send(ev);
            }
            let frame = handle.frame();
            if frame != last_frame {
                last_frame = frame;
                stalled_since = self.clock.mono();
            }
            if failure.is_none() && self.clock.mono() - stalled_since > Duration::from_secs(3) {
                failure = Some(t!("out-device-stalled"));
            }
            if let Some(reason) = failure {
                let at = time_of(frame);
                for airing in outstanding.drain() {
                    self.send(PlayerEvent::ProgramFailed {
                        airing,
                        at,
                        reason: reason.clone(),
                    });
                }
                break;
            }
            if outstanding.is_empty() {
                // Let the card play out what it holds before closing it.
                let end = *ended_at.get_or_insert(frame);
                if frame >= end + RATE as u64 / 2 {
                    break;
                }
            }
        }
        drop(sink);
    }
}

/// The bus as the sound card's callback thread sees it: on its first pull it
/// routes alsa-lib's messages on that thread to tracing too.
struct DeviceFeed {
    bus: Bus,
    first: bool,
}

impl Iterator for DeviceFeed {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.first {
            self.first = false;
            quiet_alsa();
        }
        self.bus.next()
    }
}

impl rodio::Source for DeviceFeed {
    fn current_span_len(&self) -> Option<usize> {
        self.bus.current_span_len()
    }
    fn channels(&self) -> rodio::ChannelCount {
        self.bus.channels()
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        self.bus.sample_rate()
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        self.bus.try_seek(pos)
    }
}

/// A sound output as `device:NAME` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceEntry {
    /// What `device:NAME` accepts (the ALSA name, e.g. `hw:CARD=USB,DEV=0`).
    pub name: String,
    /// How the system describes it.
    pub description: String,
}

/// The sound outputs the system offers, in its order.
pub fn list_devices() -> Result<Vec<DeviceEntry>, String> {
    use rodio::cpal::traits::{DeviceTrait, HostTrait};
    let host = rodio::cpal::default_host();
    let devices = host
        .output_devices()
        .map_err(|e| t!("out-cannot-list", detail = e.to_string()))?;
    Ok(devices
        .map(|d| {
            let id = d.id().map(|i| i.to_string()).unwrap_or_default();
            let name = id.split_once(':').map(|(_, s)| s.to_string()).unwrap_or(id);
            let description = d.description().map(|x| x.to_string()).unwrap_or_default();
            DeviceEntry { name, description }
        })
        .collect())
}

fn open_device(name: Option<&str>, errors: Sender<Msg>) -> Result<rodio::MixerDeviceSink, String> {
    use rodio::DeviceSinkBuilder;
    use rodio::cpal::traits::{DeviceTrait, HostTrait};

    let explain = |e: rodio::DeviceSinkError| {
        let cause = std::error::Error::source(&e)
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        t!("out-cannot-open-device", detail = format!("{e}{cause}"))
    };
    let builder = match name {
        None => DeviceSinkBuilder::from_default_device().map_err(explain)?,
        Some(n) => {
            let host = rodio::cpal::default_host();
            let devices = host
                .output_devices()
                .map_err(|e| t!("out-cannot-list", detail = e.to_string()))?;
            let mut found = None;
            let mut names = Vec::new();
            for d in devices {
                // Same naming as `list_devices`.
                let id = d.id().map(|i| i.to_string()).unwrap_or_default();
                let short = id
                    .split_once(':')
                    .map(|(_, s)| s.to_string())
                    .unwrap_or_default();
                let desc = d.description().map(|x| x.to_string()).unwrap_or_default();
                if short == n || id == n || desc == n {
                    found = Some(d);
                    break;
                }
                names.push(short);
            }
            let dev = found.ok_or_else(|| {
                t!(
                    "out-no-such-device",
                    name = n,
                    found = if names.is_empty() {
                        t!("out-none")
                    } else {
                        names.join(", ")
                    }
                )
            })?;
            DeviceSinkBuilder::from_device(dev).map_err(explain)?
        }
    };
    builder
        .with_error_callback(move |e| {
            use rodio::cpal::ErrorKind;
            let fatal = !matches!(e.kind(), ErrorKind::Xrun | ErrorKind::DeviceChanged);
            let _ = errors.send(Msg::DeviceError {
                fatal,
                what: e.to_string(),
            });
        })
        .open_stream()
        .map_err(explain)
}

/// Switches this thread to real-time scheduling (SCHED_FIFO, low priority)
/// or back to normal, so a busy PC does not delay the first sample. Without
/// the permission (an ordinary user with no RLIMIT_RTPRIO) it stays normal;
/// nothing else changes. Returns whether the switch happened.
#[cfg(target_os = "linux")]
fn set_realtime(on: bool) -> bool {
    let (policy, priority) = if on {
        (libc::SCHED_FIFO, 10)
    } else {
        (libc::SCHED_OTHER, 0)
    };
    let param = libc::sched_param {
        sched_priority: priority,
    };
    // SAFETY: changes this thread's own scheduling; no pointers kept.
    let ok = unsafe { libc::sched_setscheduler(0, policy, &param) } == 0;
    if on && !ok {
        tracing::debug!(
            "the player keeps normal priority ({})",
            std::io::Error::last_os_error()
        );
    }
    ok
}

#[cfg(not(target_os = "linux"))]
fn set_realtime(_: bool) -> bool {
    false
}

/// alsa-lib prints its own errors to stderr ("ALSA lib confmisc.c:855:
/// cannot find card '0'") on top of the error it returns, which loaxa
/// already reports in plain words. Route them to tracing at debug level.
/// The handler is per thread: it is set on the player thread and on the
/// sound card's thread (see `DeviceFeed`).
#[cfg(target_os = "linux")]
fn quiet_alsa() {
    use std::ffi::{CStr, c_char, c_int};

    unsafe extern "C" fn handler(
        _file: *const c_char,
        _line: c_int,
        func: *const c_char,
        err: c_int,
        fmt: *const c_char,
        _args: *mut alsa_sys::__va_list_tag,
    ) {
        let text = |p: *const c_char| {
            if p.is_null() {
                String::new()
            } else {
                // SAFETY: alsa-lib passes NUL-terminated strings (or null).
                unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
            }
        };
        tracing::debug!("alsa-lib: {}: {} (error {err})", text(func), text(fmt));
    }
    // SAFETY: sets a thread-local function pointer inside alsa-lib.
    unsafe {
        alsa_sys::snd_lib_error_set_local(Some(handler));
    }
}

#[cfg(not(target_os = "linux"))]
fn quiet_alsa() {}
