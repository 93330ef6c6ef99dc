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
//!
//! All decoding, resampling and mixing happens on this thread. For a sound
//! card it renders the bus up to 50 ms ahead into a lock-free ring
//! (`ring`); the card's callback only copies samples out of it
//! (`CardSession`, `DeviceFeed`).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::{JoinHandle, Thread};
use std::time::Duration;

use chrono::{DateTime, Utc};
use loaxa_i18n::{Msg, msg};
use tokio::sync::mpsc::UnboundedSender;

use super::bus::{Bus, BusEvent, BusHandle, CHANNELS, Cue, DropKind, Program, RATE};
use super::monitor::{Change, OutputLevel, OutputWatch, SilenceLimits, SilenceSource};
use super::output::{NullSink, OutputSpec, PacedSink, RawSink, WavSink, to_i16};
use super::ring::{Consumer, Producer, ring};
use crate::clock::Clock;
use crate::quiet::quiet_alsa;

/// Frames per block written by paced outputs: 10 ms.
const BLOCK: u64 = 480;
/// How long before its start a program's output is opened and fed silence:
/// the stream is flowing (and a sound card awake: some USB cards clip the
/// first half second after they open) when the first sample comes.
pub const OUTPUT_PREROLL: chrono::Duration = chrono::Duration::seconds(1);
/// How far ahead of real time paced outputs may write once a program has
/// started. The block holding a program's first sample always leaves at its
/// own instant, not ahead (see `PacedSession::due`).
const LEAD: Duration = Duration::from_millis(50);
/// How far, at least, the player renders ahead of a sound card (see
/// `CardSession`): 50 ms, or one of the card's periods and a block if that
/// is more (`card_lead`). The card's callback takes a period at a time
/// (rodio asks cpal for the power of two nearest 50 ms: 2,048 frames, 43 ms
/// at 48 kHz), so the ring must hold a whole period whenever the callback
/// comes; the card's side wakes the player as soon as it has taken one, and
/// the player then has a whole period (43 ms) to render the next.
/// Measured (`cargo bench --bench card_lead`, 2 vCPUs shared with builds,
/// load 5 to 7): a 10 ms block of the example files renders in 10 to 12 µs
/// (median); the worst period's blocks took 16 ms (the thread preempted)
/// and the worst wake-up came 5.6 ms late: 22 ms, half a period.
const CARD_LEAD: u64 = 2_400;
/// The player looks at the card at least this often (messages, events,
/// the watchdog), even when nothing wakes it.
const CARD_TICK: Duration = Duration::from_millis(10);
/// While waiting for an instant, the player looks for messages at least
/// this often.
const WAIT_POLL: chrono::Duration = chrono::Duration::milliseconds(10);

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
        cut: Option<Msg>,
        /// The emergency program (airing id) that cut it.
        cut_by: Option<u64>,
        /// Something worth knowing about an item that did play (dropouts).
        note: Option<Msg>,
    },
    /// A segment that will not air, and why.
    SegmentDropped {
        airing: u64,
        index: usize,
        at: DateTime<Utc>,
        reason: Msg,
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
        reason: Msg,
    },
    /// Silence on air during an item, longer than the monitor allows:
    /// first when it is noticed (`ended` None; `began` is where the quiet
    /// began), then when sound returns or the item ends.
    Silence {
        airing: u64,
        index: usize,
        began: DateTime<Utc>,
        ended: Option<DateTime<Utc>>,
        source: SilenceSource,
    },
}

impl PlayerEvent {
    /// A silence change of `source`, in wall-clock time.
    pub fn silence<T: Copy>(
        change: Change<T>,
        source: SilenceSource,
        at: impl Fn(T) -> DateTime<Utc>,
    ) -> PlayerEvent {
        match change.map(at) {
            Change::Began {
                airing,
                index,
                began,
            } => PlayerEvent::Silence {
                airing,
                index,
                began,
                ended: None,
                source,
            },
            Change::Ended {
                airing,
                index,
                began,
                ended,
            } => PlayerEvent::Silence {
                airing,
                index,
                began,
                ended: Some(ended),
                source,
            },
        }
    }
}

/// What the silence monitor of the output needs: its limits, and where it
/// tells its level (for the line monitor).
#[derive(Clone)]
pub struct MonitorSetup {
    pub limits: SilenceLimits,
    pub level: Arc<OutputLevel>,
}

enum Order {
    Play(PlayRequest),
    Stop(Msg),
    Shutdown,
    /// From the sound card's error callback. Not fatal: a dropout (xrun)
    /// the card recovers from by itself.
    DeviceError {
        fatal: bool,
        what: String,
    },
    Probe(tokio::sync::oneshot::Sender<Result<Msg, Msg>>),
    /// Watch the output for silence from the next session on (None: not).
    Monitor(Option<MonitorSetup>),
}

/// Handle to the player thread.
pub struct Player {
    tx: Sender<Order>,
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
                let errors = Mailbox {
                    tx: errors,
                    thread: std::thread::current(),
                };
                let mut worker = Worker {
                    spec,
                    clock,
                    events,
                    rx,
                    errors,
                    waiting: Vec::new(),
                    shutting_down: false,
                    raw: None,
                    monitor: None,
                };
                worker.run();
            })
            .ok();
        Player { tx, thread }
    }

    /// Watches the output for silence (from its next session), or stops
    /// watching.
    pub fn monitor(&self, setup: Option<MonitorSetup>) {
        self.send(Order::Monitor(setup));
    }

    /// Sends a message and wakes the thread (a sound card session waits
    /// on its ring, not on the channel).
    fn send(&self, msg: Order) {
        let _ = self.tx.send(msg);
        if let Some(t) = &self.thread {
            t.thread().unpark();
        }
    }

    /// Sends a program; call it ahead of the start (pre-roll) so the output
    /// is open and the first block decoded before the instant.
    pub fn play(&self, req: PlayRequest) {
        self.send(Order::Play(req));
    }

    /// Cuts what is on air and drops what waits (logged with `reason`).
    pub fn stop(&self, reason: &Msg) {
        self.send(Order::Stop(reason.clone()));
    }

    /// Tries the output (opens and closes the sound card) and says what it is.
    pub async fn check_output(&self) -> Result<Msg, Msg> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(Order::Probe(tx));
        match tokio::time::timeout(Duration::from_secs(10), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(msg!("out-player-gone")),
            Err(_) => Err(msg!("out-no-answer")),
        }
    }

    /// Cuts what is on air and ends the thread.
    pub fn shutdown(mut self) {
        self.send(Order::Shutdown);
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
pub enum Due {
    /// As soon as possible (pre-roll for a sink that does not want it).
    Now,
    /// By the wall clock (pre-roll silence, and the first sample's instant).
    Wall(DateTime<Utc>),
    /// By the monotonic clock, once the first sample is out.
    Mono(Duration),
}

/// Where a session's frames meet the clocks: the block starting at `frame`
/// left at `wall` (wall clock) and `mono` (monotonic clock).
#[derive(Clone, Copy)]
struct Anchor {
    frame: u64,
    wall: DateTime<Utc>,
    mono: Duration,
}

/// One stretch of paced output (WAV, raw, null): the bus, the frame ↔ time
/// mapping, and what each block becomes. It never sleeps: whoever drives it
/// (the player thread on the real clock, a simulation on a simulated one)
/// waits until `due()` and calls `step()`.
///
/// Once a program is on air, blocks go out up to `LEAD` ahead of real time
/// (a reader of a FIFO gets a cushion against the writer's wake-up jitter).
/// What arrives early must not be a program's first sample, though: a
/// reader that plays what it gets as it gets it would hear that program up
/// to `LEAD` early. So a program's first frame always begins a block (the
/// block before it is cut short), and that block is held back until the
/// frame's instant: for the session's first program by the wall clock
/// (after the pre-roll); for one joining the open session (the next
/// program of a busy hour, an emergency cutting in) by the monotonic clock
/// counted from the anchor. Then the frame ↔ time mapping is taken again
/// from the moment that block actually left, so the times reported are the
/// times the samples went out.
pub struct PacedSession {
    bus: Bus,
    handle: BusHandle,
    bus_events: Receiver<BusEvent>,
    /// First frame of the next block.
    k: u64,
    /// The first program's frame (on a block boundary) and its planned instant.
    start_frame: u64,
    planned: DateTime<Utc>,
    /// When a block actually left: the first program's, then the latest
    /// one holding a program's first frame.
    anchor: Option<Anchor>,
    /// Programs joining the session, not yet rendered: the frame each is
    /// due at (cue-in) and the instant its first sample must leave.
    cue_ins: BTreeMap<u64, DateTime<Utc>>,
    /// Airings in this session that have not ended.
    outstanding: HashSet<u64>,
    labels: HashMap<u64, String>,
    /// The segment on air, as the events tell.
    on_air: Option<(u64, usize)>,
    /// A file-per-airing sink has a file open.
    stretch_open: bool,
    block: Vec<f32>,
    pcm: Vec<i16>,
    /// The silence monitor, if the station has one.
    watch: Option<OutputWatch>,
    silences: Vec<Change<u64>>,
}

impl PacedSession {
    /// Opens a session for `first`, due `lead` after now.
    pub fn new(first: PlayRequest, now: DateTime<Utc>) -> PacedSession {
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
            cue_ins: BTreeMap::new(),
            outstanding: HashSet::new(),
            labels: HashMap::new(),
            on_air: None,
            stretch_open: false,
            block: vec![0.0; (BLOCK * 2) as usize],
            pcm: Vec::with_capacity((BLOCK * 2) as usize),
            watch: None,
            silences: Vec::new(),
        };
        s.add(first, Some(start_frame));
        s
    }

    /// Watches what this session sends for silence.
    pub fn watch_silence(&mut self, setup: Option<&MonitorSetup>) {
        self.watch = setup.map(|m| OutputWatch::new(m.limits, Some(Arc::clone(&m.level))));
    }

    /// Measures frames `[a, b)` of the current block.
    fn measure(&mut self, a: u64, b: u64) {
        if let Some(w) = &mut self.watch {
            let (i, j) = (((a - self.k) * 2) as usize, ((b - self.k) * 2) as usize);
            w.feed(&self.block[i..j], a, &mut self.silences);
        }
    }

    /// The item on air changed at `frame`, for the silence monitor.
    fn watch_item(&mut self, frame: u64) {
        if let Some(w) = &mut self.watch {
            w.item(self.on_air, frame, &mut self.silences);
        }
    }

    /// What the monitor found since the last call, as events.
    fn take_silences(&mut self, out: &mut Vec<PlayerEvent>) {
        for c in std::mem::take(&mut self.silences) {
            out.push(PlayerEvent::silence(c, SilenceSource::Output, |f| {
                self.time_of(f)
            }));
        }
    }

    fn add(&mut self, req: PlayRequest, at_frame: Option<u64>) {
        let frame = at_frame.unwrap_or_else(|| {
            let due = self.frame_of(req.start);
            // Already rendered (a program to play at once while blocks have
            // gone out ahead): it starts with the next block, when that is due.
            let (f, at) = if due >= self.k {
                (due, req.start)
            } else {
                (self.k, self.time_of(self.k))
            };
            let first = self.cue_ins.get(&f).map_or(at, |t| (*t).min(at));
            self.cue_ins.insert(f, first);
            f
        });
        self.outstanding.insert(req.airing);
        self.labels.insert(req.airing, req.label.clone());
        let (program, frame) = program_for(req, frame);
        self.handle.start(program, frame);
    }

    /// A program joining the session.
    pub fn queue(&mut self, req: PlayRequest) {
        self.add(req, None);
    }

    pub fn stop(&self, reason: &Msg, kind: DropKind) {
        self.handle.stop(reason, kind);
    }

    /// A frame and the wall-clock instant it goes with.
    fn origin(&self) -> (u64, DateTime<Utc>) {
        self.anchor
            .map_or((self.start_frame, self.planned), |a| (a.frame, a.wall))
    }

    pub fn frame_of(&self, t: DateTime<Utc>) -> u64 {
        let (frame, wall) = self.origin();
        (frame as i64 + frames_of(t - wall)).max(0) as u64
    }

    pub fn time_of(&self, frame: u64) -> DateTime<Utc> {
        let (f0, wall) = self.origin();
        wall + duration_of(frame as i64 - f0 as i64)
    }

    /// When the next block must leave if it begins with the first frame of
    /// a program joining the session: that frame's instant.
    fn cue_in(&self) -> Option<DateTime<Utc>> {
        self.cue_ins.get(&self.k).copied()
    }

    /// Frames in the next block: a block ends where a program begins (the
    /// first program's frame, a cue-in), so a program's first frame is the
    /// first of a block, written when it is due and not before.
    fn block_len(&self) -> u64 {
        let next_cue = self.cue_ins.range(self.k + 1..).next().map(|(f, _)| *f);
        let first = (self.start_frame > self.k).then_some(self.start_frame);
        [next_cue, first]
            .into_iter()
            .flatten()
            .fold(BLOCK, |n, f| n.min(f - self.k))
    }

    /// Whether every program of the session has ended.
    pub fn done(&self) -> bool {
        self.outstanding.is_empty() && !self.bus.busy()
    }

    pub fn due(&self, sink: &dyn PacedSink) -> Due {
        match self.anchor {
            None if self.k < self.start_frame => {
                if sink.wants_silence() || self.cue_in().is_some() {
                    Due::Wall(self.time_of(self.k))
                } else {
                    Due::Now
                }
            }
            None => Due::Wall(self.planned),
            Some(a) => {
                // A program's first frame leaves at its instant, not ahead.
                // (By the monotonic clock, counted from the anchor: a wall
                // clock stepped back must not hold a program on air.)
                if let Some(t) = self.cue_in() {
                    return Due::Mono(a.mono + (t - a.wall).to_std().unwrap_or_default());
                }
                let ahead = Duration::from_micros((self.k - a.frame) * 1_000_000 / RATE as u64);
                Due::Mono((a.mono + ahead).saturating_sub(LEAD))
            }
        }
    }

    /// Renders the next block and writes it as the sink wants it. Returns
    /// the events, in wall-clock time; an output error stops the session.
    pub fn step(
        &mut self,
        sink: &mut dyn PacedSink,
        now: DateTime<Utc>,
        mono: Duration,
    ) -> Vec<PlayerEvent> {
        let n = self.block_len();
        let (k, end) = (self.k, self.k + n);
        let anchored = self.anchor.is_some();
        let cue_in = self.cue_in().filter(|_| anchored);
        if (!anchored && k == self.start_frame) || cue_in.is_some() {
            if let Some(t) = cue_in {
                tracing::debug!(
                    "block of a joining program out {} µs after its instant",
                    (now - t).num_microseconds().unwrap_or(0)
                );
            }
            self.anchor = Some(Anchor {
                frame: k,
                wall: now,
                mono,
            });
        }
        self.cue_ins = self.cue_ins.split_off(&end);
        self.bus.render(&mut self.block[..(n * 2) as usize]);
        let news: Vec<BusEvent> = self.bus_events.try_iter().collect();
        let mut out = Vec::new();
        let mut cursor = k;
        let mut failure = None;
        for (i, e) in news.iter().enumerate() {
            let f = event_frame(e).clamp(cursor, end);
            if f > cursor && failure.is_none() {
                failure = self.write(sink, cursor, f).err();
            }
            if f > cursor {
                self.measure(cursor, f);
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
                    self.watch_item(f);
                }
                BusEvent::SegmentEnded { .. } => {
                    self.on_air = None;
                    self.watch_item(f);
                    self.take_silences(&mut out);
                }
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
        if cursor < end {
            self.measure(cursor, end);
        }
        self.take_silences(&mut out);
        self.k = end;
        if let Some(reason) = failure {
            out.extend(self.fail(&reason));
        }
        out
    }

    /// Writes frames `[a, b)` of the current block if the sink wants them.
    fn write(&mut self, sink: &mut dyn PacedSink, a: u64, b: u64) -> Result<(), Msg> {
        if !(self.stretch_open || sink.wants_silence()) {
            return Ok(());
        }
        let (i, j) = (((a - self.k) * 2) as usize, ((b - self.k) * 2) as usize);
        self.pcm.clear();
        self.pcm.extend(self.block[i..j].iter().map(|s| to_i16(*s)));
        sink.write(&self.pcm)
    }

    /// The output failed: cut and drop everything, report it.
    fn fail(&mut self, reason: &Msg) -> Vec<PlayerEvent> {
        self.handle.stop(reason, DropKind::OutputFailed);
        let mut scratch = vec![0.0f32; (BLOCK * 2) as usize];
        self.bus.render(&mut scratch);
        let mut out = Vec::new();
        self.on_air = None;
        self.watch_item(self.k);
        self.take_silences(&mut out);
        self.k += BLOCK;
        let news: Vec<BusEvent> = self.bus_events.try_iter().collect();
        out.extend(news.into_iter().map(|e| self.player_event(e)));
        let at = self.time_of(self.k);
        for airing in self.outstanding.drain() {
            out.push(PlayerEvent::ProgramFailed {
                airing,
                at,
                reason: reason.clone(),
            });
        }
        self.stretch_open = false;
        out
    }

    fn player_event(&self, e: BusEvent) -> PlayerEvent {
        to_player_event(e, |f| self.time_of(f), 0)
    }

    /// Ends the session's sink (the last WAV file).
    pub fn close(&mut self, sink: &mut dyn PacedSink) {
        if self.stretch_open {
            self.stretch_open = false;
            if let Err(e) = sink.end() {
                tracing::error!("{}", loaxa_i18n::render(&e));
            }
        }
    }

    /// For a simulation with the null output: moves ahead up to `max`
    /// frames without rendering, stopping at the next boundary.
    pub fn skip(&mut self, max: u64) -> Vec<PlayerEvent> {
        if self.anchor.is_none() && self.k >= self.start_frame {
            self.anchor = Some(Anchor {
                frame: self.start_frame,
                wall: self.planned,
                mono: Duration::ZERO,
            });
        }
        let moved = self.bus.advance(max);
        self.k += moved;
        self.cue_ins = self.cue_ins.split_off(&self.k);
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
    pub fn horizon(&self) -> Option<u64> {
        self.bus.horizon()
    }

    pub fn frame(&self) -> u64 {
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
            note: (dropouts > 0).then(|| msg!("out-dropouts", count = dropouts)),
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
    rx: Receiver<Order>,
    /// Given to the sound card's error callback.
    errors: Mailbox,
    /// Programs received before their session opened.
    waiting: Vec<PlayRequest>,
    shutting_down: bool,
    /// The raw output, kept open between sessions.
    raw: Option<RawSink>,
    /// The silence monitor's setup, for each session.
    monitor: Option<MonitorSetup>,
}

/// What a session's message loop should do next.
enum Control {
    Go,
    Stop(Msg),
}

impl Worker {
    fn run(&mut self) {
        loop {
            if self.waiting.is_empty() {
                match self.rx.recv() {
                    Ok(Order::Play(r)) => self.waiting.push(r),
                    Ok(Order::Probe(reply)) => {
                        let _ = reply.send(self.probe());
                        continue;
                    }
                    Ok(Order::Monitor(m)) => {
                        self.monitor = m;
                        continue;
                    }
                    Ok(Order::Stop(_)) | Ok(Order::DeviceError { .. }) => continue,
                    Ok(Order::Shutdown) | Err(_) => return,
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

    fn probe(&self) -> Result<Msg, Msg> {
        match &self.spec {
            OutputSpec::Device(name) => {
                let mut sink = open_device(name.as_deref(), self.errors.clone())?;
                sink.log_on_drop(false);
                let c = sink.config();
                Ok(msg!(
                    "out-device-ready",
                    name = name.as_deref().unwrap_or("default"),
                    rate = c.sample_rate().get(),
                    channels = c.channel_count().get()
                ))
            }
            OutputSpec::Wav(dir) => std::fs::create_dir_all(dir)
                .map(|()| msg!("out-wav-ready", folder = dir.display().to_string()))
                .map_err(|e| {
                    msg!(
                        "out-cannot-create",
                        path = dir.display().to_string(),
                        detail = e.to_string()
                    )
                }),
            OutputSpec::Raw(path) => {
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                match dir {
                    Some(d) if !d.is_dir() => {
                        Err(msg!("out-no-folder", folder = d.display().to_string()))
                    }
                    _ => Ok(msg!("out-raw-ready", path = path.display().to_string())),
                }
            }
            OutputSpec::Null => Ok(msg!("out-null-ready")),
        }
    }

    fn send(&self, e: PlayerEvent) {
        let _ = self.events.send(e);
    }

    /// Handles one message during a session (or while waiting to open one).
    fn handle(&mut self, msg: Order, join: &mut dyn FnMut(PlayRequest)) -> Control {
        match msg {
            Order::Play(r) => {
                join(r);
                Control::Go
            }
            Order::Stop(reason) => Control::Stop(reason),
            Order::Shutdown => {
                self.shutting_down = true;
                Control::Stop(msg!("reason-daemon-stopped"))
            }
            Order::Probe(reply) => {
                let _ = reply.send(Ok(msg!("out-on-air", output = self.spec.to_string())));
                Control::Go
            }
            Order::DeviceError { fatal: _, what } => {
                tracing::warn!("{}", t!("out-error-idle", detail = what.to_string()));
                Control::Go
            }
            Order::Monitor(m) => {
                self.monitor = m;
                Control::Go
            }
        }
    }

    /// Waits until `t` by the wall clock, looking for messages at least
    /// every `WAIT_POLL`; the last step is a sleep that lands on the
    /// instant. All the waiting is the clock's (`sleep_until`), so a
    /// simulated clock jumps instead of sleeping. Returns a stop if one came.
    fn wait_until(&mut self, t: DateTime<Utc>, join: &mut dyn FnMut(PlayRequest)) -> Control {
        loop {
            loop {
                match self.rx.try_recv() {
                    Ok(msg) => {
                        if let Control::Stop(r) = self.handle(msg, join) {
                            return Control::Stop(r);
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.shutting_down = true;
                        return Control::Stop(msg!("reason-daemon-stopped"));
                    }
                }
            }
            let now = self.clock.now();
            if now >= t {
                return Control::Go;
            }
            self.clock.sleep_until(t.min(now + WAIT_POLL));
        }
    }

    /// Waits until the output should open (one second ahead of the first
    /// start). A stop meanwhile ends these programs before anything airs.
    fn wait_to_open(&mut self, first: &PlayRequest) -> bool {
        let mut joined = Vec::new();
        let control = self.wait_until(first.start - OUTPUT_PREROLL, &mut |r| joined.push(r));
        self.waiting.extend(joined);
        if let Control::Stop(reason) = control {
            let waiting = std::mem::take(&mut self.waiting);
            let all: Vec<&PlayRequest> = std::iter::once(first).chain(&waiting).collect();
            self.drop_unopened(&all, &reason);
            return false;
        }
        true
    }

    /// Programs stopped before their session opened: every item dropped
    /// (logged as missed, with the reason) and each program ended.
    fn drop_unopened(&self, requests: &[&PlayRequest], reason: &Msg) {
        let now = self.clock.now();
        let events: Vec<PlayerEvent> = requests
            .iter()
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
        events.into_iter().for_each(|e| self.send(e));
    }

    fn paced_session(&mut self, sink: &mut dyn PacedSink, first: PlayRequest) {
        if !self.wait_to_open(&first) {
            return;
        }
        // This thread paces the output itself: worth real-time priority
        // while it does, if the output plays in real time.
        let rt = self.spec.realtime() && set_realtime(true);
        self.run_paced(sink, first);
        if rt {
            set_realtime(false);
        }
    }

    fn run_paced(&mut self, sink: &mut dyn PacedSink, first: PlayRequest) {
        let now = self.clock.now();
        let mut session = PacedSession::new(first, now);
        session.watch_silence(self.monitor.as_ref());
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
            // Messages: programs joining, stops. In the order they were
            // sent: a program sent before a stop is stopped with the rest.
            while let Ok(msg) = self.rx.try_recv() {
                let mut joined = Vec::new();
                let control = self.handle(msg, &mut |r| joined.push(r));
                for r in joined {
                    session.queue(r);
                }
                if let Control::Stop(reason) = control {
                    session.stop(&reason, DropKind::Stopped);
                }
            }
            match session.due(sink) {
                Due::Now => {}
                Due::Wall(t) => {
                    // Every program joined here was sent before the stop
                    // (the wait returns at a stop): queued first, then stopped.
                    let mut joined = Vec::new();
                    let control = self.wait_until(t, &mut |r| joined.push(r));
                    for r in joined {
                        session.queue(r);
                    }
                    if let Control::Stop(reason) = control {
                        session.stop(&reason, DropKind::Stopped);
                    }
                }
                Due::Mono(d) => self.clock.sleep_until_mono(d),
            }
            let events = session.step(sink, self.clock.now(), self.clock.mono());
            if !logged_start && session.anchor.is_some() {
                logged_start = true;
                if let Some(a) = session.anchor {
                    tracing::debug!(
                        "first block out {} µs after the instant",
                        (a.wall - session.planned).num_microseconds().unwrap_or(0)
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
        let opened = match open_device(name, self.errors.clone()) {
            Ok(s) => Ok(s),
            Err(_) => {
                let mut joined = Vec::new();
                let control = self.wait_until(requests[0].start, &mut |r| joined.push(r));
                requests.extend(joined);
                if let Control::Stop(reason) = control {
                    self.drop_unopened(&requests.iter().collect::<Vec<_>>(), &reason);
                    return;
                }
                open_device(name, self.errors.clone())
            }
        };
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
        // The card's thread exists now (at normal priority): this one,
        // which renders for it, may take real-time priority.
        let rt = self.spec.realtime() && set_realtime(true);
        let lead = match sink.config().buffer_size() {
            rodio::cpal::BufferSize::Fixed(n) => {
                card_lead(Some(*n), sink.config().sample_rate().get())
            }
            rodio::cpal::BufferSize::Default => card_lead(None, RATE),
        };
        tracing::debug!("rendering {lead} frames ahead of the sound card");
        let (mut card, consumer) = CardSession::new(lead);
        card.watch = self
            .monitor
            .as_ref()
            .map(|m| OutputWatch::new(m.limits, Some(Arc::clone(&m.level))));
        sink.mixer().add(DeviceFeed {
            consumer,
            first: true,
        });
        // The card takes the ring's frames from now on: frame 0 is now.
        card.started(self.clock.now());
        for r in requests {
            card.add(r);
        }
        self.run_card(&mut card);
        drop(sink);
        if rt {
            set_realtime(false);
        }
    }

    /// Keeps the card's ring filled and reports what the card has played,
    /// until every program has ended and the card has played half a second
    /// of silence after it, or the card fails.
    fn run_card(&mut self, card: &mut CardSession) {
        let mut progress = card.position();
        let mut stalled_since = self.clock.mono();
        let mut ended_at: Option<u64> = None;
        loop {
            card.refilling();
            let mut failure = None;
            loop {
                let msg = match self.rx.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) if self.shutting_down => break,
                    Err(TryRecvError::Disconnected) => Order::Shutdown,
                };
                match msg {
                    Order::DeviceError { fatal: true, what } => {
                        failure = Some(msg!("out-device-error", detail = what.to_string()));
                    }
                    Order::DeviceError { fatal: false, what } => {
                        // The card recovers by itself; the gap is noted, the program goes on.
                        card.dropouts += 1;
                        tracing::warn!("{}", t!("out-dropout", detail = what.to_string()));
                    }
                    m => {
                        let mut joined = Vec::new();
                        if let Control::Stop(reason) = self.handle(m, &mut |r| joined.push(r)) {
                            card.stop(&reason);
                        }
                        for r in joined {
                            ended_at = None;
                            card.add(r);
                        }
                    }
                }
            }
            card.top_up();
            for e in card.poll() {
                self.send(e);
            }
            let position = card.position();
            if position != progress {
                progress = position;
                stalled_since = self.clock.mono();
            }
            if failure.is_none() && self.clock.mono() - stalled_since > Duration::from_secs(3) {
                failure = Some(msg!("out-device-stalled"));
            }
            if let Some(reason) = failure {
                for e in card.fail(&reason) {
                    self.send(e);
                }
                return;
            }
            if card.outstanding.is_empty() {
                // Let the card play out what it holds before closing it.
                let end = *ended_at.get_or_insert(position);
                if position >= end + RATE as u64 / 2 {
                    return;
                }
            }
            std::thread::park_timeout(CARD_TICK);
        }
    }
}

/// Frames (at 48 kHz) to keep rendered ahead of a card whose callback
/// takes `period` frames at `rate` Hz: `CARD_LEAD`, or one period and a
/// 10 ms block if that is more. A period left to the driver (`None`) is
/// taken as the longest rodio asks for (67 ms).
fn card_lead(period: Option<u32>, rate: u32) -> u64 {
    let period = match period {
        Some(n) => (u64::from(n) * RATE as u64).div_ceil(u64::from(rate.max(1))),
        None => RATE as u64 * 67 / 1000,
    };
    // (Never more than a second, whatever a driver says.)
    CARD_LEAD.max(period + BLOCK).min(RATE as u64)
}

/// The sound card's error callback's way back to the player thread: the
/// message, and a wake-up (a card session waits on its ring, not on the
/// channel).
#[derive(Clone)]
struct Mailbox {
    tx: Sender<Order>,
    thread: Thread,
}

impl Mailbox {
    fn send(&self, msg: Order) {
        let _ = self.tx.send(msg);
        self.thread.unpark();
    }
}

/// A sound card session, on the player thread: the bus, rendered ahead
/// into the ring the card's callback copies from, and the events the bus
/// reports, held until the card has taken their frame.
///
/// Frame `f` of the bus is position `f` of the ring: every rendered frame
/// goes into it, in order. The card takes position 0 at `wall0`, so frame
/// `f` reaches it at `wall0 + (f + shift) / 48 kHz`, where `shift` is the
/// silence the card's side had to play because the ring was empty
/// (underruns, each one noted on the item like a dropout of the card). The
/// frames rendered ahead do not move these times: an event is converted,
/// and sent, only when the card has taken its frame.
///
/// A stop cuts what is on air at the bus's next frame, which is up to
/// the lead ahead of the card; the ring is asked to play what it holds
/// as silence, so the program stops within a copy chunk, and the cut is
/// logged where the card's side began muting (`mutes`), with the seconds
/// that were heard.
struct CardSession {
    bus: Bus,
    handle: BusHandle,
    bus_events: Receiver<BusEvent>,
    producer: Producer,
    /// Frames kept rendered ahead (at least; up to a block more).
    lead: u64,
    block: Vec<f32>,
    wall0: DateTime<Utc>,
    /// Underrun frames seen so far (see above).
    shift: u64,
    underruns: u64,
    /// Events of frames the card has not taken yet, in order.
    held: VecDeque<BusEvent>,
    /// Muted stretches `[from, to]` of ring positions: an event inside one
    /// happened, as far as the card is concerned, at `from`.
    mutes: Vec<(u64, u64)>,
    /// A mute asked for (up to this position) and not yet seen by the card.
    mute_pending: Option<u64>,
    /// Airings in this session that have not ended (as the card played them).
    outstanding: HashSet<u64>,
    /// Dropouts (card xruns, ring underruns) since the item on air began.
    dropouts: u32,
    /// The silence monitor (on what is rendered), the frames rendered, the
    /// item on air as rendered, and what it found, held like the events
    /// (by the frame it was found at) until the card has taken that frame.
    watch: Option<OutputWatch>,
    rendered: u64,
    on_air: Option<(u64, usize)>,
    silences: Vec<Change<u64>>,
    silence_held: VecDeque<(u64, Change<u64>)>,
}

impl CardSession {
    /// A session rendering `lead` frames ahead and the consumer end of its
    /// ring, for the card's callback (the ring is primed with the lead's
    /// worth of silence). The ring has room for the lead and a block; the
    /// card's side wakes the player when it holds less than half the lead.
    fn new(lead: u64) -> (CardSession, Consumer) {
        let (bus, handle, bus_events) = Bus::new();
        let (producer, consumer) = ring((lead + BLOCK) as usize, (lead / 2) as usize);
        let mut card = CardSession {
            bus,
            handle,
            bus_events,
            producer,
            lead,
            block: vec![0.0; (BLOCK * 2) as usize],
            wall0: DateTime::<Utc>::MIN_UTC,
            shift: 0,
            underruns: 0,
            held: VecDeque::new(),
            mutes: Vec::new(),
            mute_pending: None,
            outstanding: HashSet::new(),
            dropouts: 0,
            watch: None,
            rendered: 0,
            on_air: None,
            silences: Vec::new(),
            silence_held: VecDeque::new(),
        };
        card.top_up();
        (card, consumer)
    }

    /// The card began taking the ring at `wall0`.
    fn started(&mut self, wall0: DateTime<Utc>) {
        self.wall0 = wall0;
    }

    fn frame_of(&self, t: DateTime<Utc>) -> u64 {
        (frames_of(t - self.wall0) - self.shift as i64).max(0) as u64
    }

    fn time_of(&self, frame: u64) -> DateTime<Utc> {
        self.wall0 + duration_of((frame + self.shift) as i64)
    }

    fn add(&mut self, r: PlayRequest) {
        self.outstanding.insert(r.airing);
        let at = self.frame_of(r.start);
        let (program, at) = program_for(r, at);
        self.handle.start(program, at);
    }

    fn stop(&mut self, reason: &Msg) {
        self.mute_pending = Some(self.producer.mute_buffered());
        self.handle.stop(reason, DropKind::Stopped);
    }

    /// The next time the ring runs low, the card's side wakes this thread.
    fn refilling(&self) {
        self.producer.refilling();
    }

    /// Renders whole blocks until the ring holds the lead (at most the
    /// lead's worth at a time: a card that takes samples faster than real
    /// time must not keep this thread from its messages).
    fn top_up(&mut self) {
        for _ in 0..self.lead.div_ceil(BLOCK) {
            if self.producer.buffered() >= self.lead {
                break;
            }
            self.bus.render(&mut self.block);
            let pushed = self.producer.push(&self.block);
            debug_assert_eq!(pushed as u64, BLOCK);
            let first = self.held.len();
            self.held.extend(self.bus_events.try_iter());
            if self.watch.is_some() {
                self.measure(first);
            }
            self.rendered += BLOCK;
        }
    }

    /// Measures the block just rendered, whose events are `held[first..]`.
    fn measure(&mut self, first: usize) {
        let Some(w) = self.watch.as_mut() else {
            return;
        };
        let (k, end) = (self.rendered, self.rendered + BLOCK);
        let mut cursor = k;
        for e in self.held.range(first..) {
            let f = event_frame(e).clamp(cursor, end);
            let slice = &self.block[((cursor - k) * 2) as usize..((f - k) * 2) as usize];
            w.feed(slice, cursor, &mut self.silences);
            cursor = f;
            let item = match e {
                BusEvent::SegmentStarted { program, index, .. } => Some((*program, *index)),
                BusEvent::SegmentEnded { .. } => None,
                _ => continue,
            };
            self.on_air = item;
            w.item(item, f, &mut self.silences);
            self.silence_held
                .extend(self.silences.drain(..).map(|c| (f, c)));
        }
        w.feed(
            &self.block[((cursor - k) * 2) as usize..],
            cursor,
            &mut self.silences,
        );
        self.silence_held
            .extend(self.silences.drain(..).map(|c| (end, c)));
    }

    /// Silence changes found at or before `frame`, as events.
    fn silences_to(&mut self, frame: u64, out: &mut Vec<PlayerEvent>) {
        while self.silence_held.front().is_some_and(|(f, _)| *f <= frame) {
            if let Some((_, c)) = self.silence_held.pop_front() {
                out.push(PlayerEvent::silence(c, SilenceSource::Output, |f| {
                    self.time_of(f)
                }));
            }
        }
    }

    /// How far the card has got, silence of underruns included: the
    /// watchdog's measure of progress.
    fn position(&self) -> u64 {
        let p = self.producer.played();
        p.read + p.underrun_frames
    }

    /// Where the card was at ring position `f`, for an event of `kind`: in
    /// a muted stretch, everything happened where the muting began, except
    /// an item starting right after it.
    fn heard(&self, f: u64, starts: bool) -> u64 {
        self.mutes
            .iter()
            .find(|(from, to)| *from <= f && f <= *to && !(starts && f == *to && f > *from))
            .map_or(f, |(from, _)| *from)
    }

    /// Frames of `[a, b)` the card played (not muted).
    fn audible(&self, a: u64, b: u64) -> u64 {
        let muted: u64 = self
            .mutes
            .iter()
            .map(|(from, to)| b.min(*to).saturating_sub(a.max(*from)))
            .sum();
        (b - a).saturating_sub(muted)
    }

    /// What the card has played since the last call, as player events.
    fn poll(&mut self) -> Vec<PlayerEvent> {
        let played = self.producer.played();
        if let Some(to) = self.mute_pending
            && let Some(from) = self.producer.muted_from(to)
        {
            self.mute_pending = None;
            if from < to {
                self.mutes.push((from, to));
            }
        }
        if played.underruns > self.underruns {
            let frames = played.underrun_frames - self.shift;
            self.dropouts += (played.underruns - self.underruns) as u32;
            tracing::warn!(
                "{}",
                t!(
                    "out-underrun",
                    ms = (frames * 1000).div_ceil(RATE as u64) as i64
                )
            );
        }
        self.underruns = played.underruns;
        self.shift = played.underrun_frames;
        let mut out = Vec::new();
        // Until the card has seen a pending mute, nothing at or past the
        // position it has reached can be placed yet.
        while self
            .held
            .front()
            .is_some_and(|e| event_frame(e) <= played.read)
        {
            let Some(mut e) = self.held.pop_front() else {
                break;
            };
            let starts = matches!(e, BusEvent::SegmentStarted { .. });
            let frame = event_frame(&e);
            self.silences_to(frame, &mut out);
            if let BusEvent::SegmentEnded { frames, .. } = &mut e {
                *frames = self.audible(frame - *frames, frame);
            }
            match &e {
                BusEvent::SegmentStarted { .. } => self.dropouts = 0,
                BusEvent::ProgramEnded { program, .. } => {
                    self.outstanding.remove(program);
                }
                _ => {}
            }
            let at = self.time_of(self.heard(frame, starts));
            out.push(to_player_event(e, |_| at, self.dropouts));
        }
        self.silences_to(played.read, &mut out);
        out
    }

    /// The card failed: what it had not played never aired.
    fn fail(&mut self, reason: &Msg) -> Vec<PlayerEvent> {
        self.held.clear();
        let at = self.time_of(self.producer.played().read);
        self.outstanding
            .drain()
            .map(|airing| PlayerEvent::ProgramFailed {
                airing,
                at,
                reason: reason.clone(),
            })
            .collect()
    }
}

/// What the sound card's callback pulls: samples copied out of the ring,
/// nothing else (no decoding, no file, no lock). On its first pull it
/// routes alsa-lib's messages on that thread to tracing too.
struct DeviceFeed {
    consumer: Consumer,
    first: bool,
}

impl Iterator for DeviceFeed {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.first {
            self.first = false;
            quiet_alsa();
        }
        Some(self.consumer.next_sample())
    }
}

impl rodio::Source for DeviceFeed {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> rodio::ChannelCount {
        std::num::NonZero::new(CHANNELS).unwrap_or(std::num::NonZero::<u16>::MIN)
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        std::num::NonZero::new(RATE).unwrap_or(std::num::NonZero::<u32>::MIN)
    }
    fn total_duration(&self) -> Option<Duration> {
        None
    }
    fn try_seek(&mut self, _: Duration) -> Result<(), rodio::source::SeekError> {
        Err(rodio::source::SeekError::NotSupported {
            underlying_source: std::any::type_name::<Self>(),
        })
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
pub fn list_devices() -> Result<Vec<DeviceEntry>, Msg> {
    use rodio::cpal::traits::{DeviceTrait, HostTrait};
    let host = rodio::cpal::default_host();
    let devices = host
        .output_devices()
        .map_err(|e| msg!("out-cannot-list", detail = e.to_string()))?;
    Ok(devices
        .map(|d| {
            let id = d.id().map(|i| i.to_string()).unwrap_or_default();
            let name = id.split_once(':').map(|(_, s)| s.to_string()).unwrap_or(id);
            let description = d.description().map(|x| x.to_string()).unwrap_or_default();
            DeviceEntry { name, description }
        })
        .collect())
}

fn open_device(name: Option<&str>, errors: Mailbox) -> Result<rodio::MixerDeviceSink, Msg> {
    use rodio::DeviceSinkBuilder;
    use rodio::cpal::traits::HostTrait;

    let explain = |e: rodio::DeviceSinkError| {
        let cause = std::error::Error::source(&e)
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        msg!("out-cannot-open-device", detail = format!("{e}{cause}"))
    };
    let builder = match name {
        None => DeviceSinkBuilder::from_default_device().map_err(explain)?,
        Some(n) => {
            let host = rodio::cpal::default_host();
            let devices = host
                .output_devices()
                .map_err(|e| msg!("out-cannot-list", detail = e.to_string()))?;
            let dev = crate::device_name::pick(devices, n)
                .map_err(|found| msg!("out-no-such-device", name = n, found = found))?;
            DeviceSinkBuilder::from_device(dev).map_err(explain)?
        }
    };
    builder
        .with_error_callback(move |e| {
            use rodio::cpal::ErrorKind;
            let fatal = !matches!(e.kind(), ErrorKind::Xrun | ErrorKind::DeviceChanged);
            errors.send(Order::DeviceError {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::RANK_EMERGENCY;
    use chrono::TimeZone;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// One frame, in nanoseconds (20.8 µs): the tolerance of an instant
    /// converted to a frame number.
    const FRAME_NS: i64 = 1_000_000_000 / RATE as i64 + 1;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 5, 0, 0).unwrap()
    }

    fn ms(n: i64) -> chrono::Duration {
        chrono::Duration::microseconds(n * 1000)
    }

    /// A program of one constant tone (`level` in 16-bit steps), so each
    /// program's samples are recognisable in the output.
    fn request(airing: u64, start: DateTime<Utc>, secs: f64, level: i16, rank: u8) -> PlayRequest {
        let frames = (secs * RATE as f64) as usize;
        PlayRequest {
            airing,
            start,
            cues: vec![Cue::from_samples(
                0,
                vec![level as f32 / 32768.0; frames * 2],
            )],
            label: format!("p{airing}"),
            rank,
            grace: chrono::Duration::minutes(5),
        }
    }

    /// A paced sink standing for a FIFO and a reader that plays what it
    /// gets as it gets it: notes when each write arrived (the test clock)
    /// and what it held.
    struct Recorder {
        now_ns: Arc<AtomicU64>,
        writes: Vec<(u64, Vec<i16>)>,
    }

    impl PacedSink for Recorder {
        fn begin(&mut self, _: &str) -> Result<(), Msg> {
            Ok(())
        }
        fn write(&mut self, samples: &[i16]) -> Result<(), Msg> {
            let now = self.now_ns.load(Ordering::SeqCst);
            self.writes.push((now, samples.to_vec()));
            Ok(())
        }
        fn end(&mut self) -> Result<(), Msg> {
            Ok(())
        }
        fn wants_silence(&self) -> bool {
            true
        }
    }

    impl Recorder {
        /// When the first frame at `level` arrived, as an instant: the
        /// time of the write that held it plus its offset in that write (a
        /// reader that wakes for every write; the harness's "read time +
        /// offset inside that read" at its strictest).
        fn arrival(&self, level: i16) -> Option<DateTime<Utc>> {
            self.writes.iter().find_map(|(at, pcm)| {
                let i = pcm.chunks(2).position(|f| f[0] == level)?;
                let ns = *at as i64 + i as i64 * 1_000_000_000 / RATE as i64;
                Some(t0() + chrono::Duration::nanoseconds(ns))
            })
        }

        /// The levels heard, in order, each once per stretch.
        fn sequence(&self) -> Vec<i16> {
            let mut out: Vec<i16> = Vec::new();
            for (_, pcm) in &self.writes {
                for f in pcm.chunks(2) {
                    if out.last() != Some(&f[0]) {
                        out.push(f[0]);
                    }
                }
            }
            out
        }
    }

    /// Runs a session as the player thread does, on a test clock (wall
    /// and monotonic time move together, from `t0()`), without sleeping:
    /// each wait lands `late` after its target, as a thread's wake-up does.
    /// `joins` are sent to the session at their time (after `t0()`), as
    /// the daemon sends programs ahead of their start. Returns the events.
    fn drive(
        first: PlayRequest,
        mut joins: Vec<(chrono::Duration, PlayRequest)>,
        late: Duration,
    ) -> (Recorder, Vec<PlayerEvent>) {
        let now_ns = Arc::new(AtomicU64::new(0));
        let mut sink = Recorder {
            now_ns: Arc::clone(&now_ns),
            writes: Vec::new(),
        };
        let mut elapsed = Duration::ZERO;
        let mut session = PacedSession::new(first, t0());
        let mut events = Vec::new();
        let mut blocks = 0;
        while !session.done() {
            blocks += 1;
            assert!(blocks < 100_000, "the session does not end");
            let now = t0() + chrono::Duration::from_std(elapsed).unwrap();
            for (_, r) in joins.extract_if(.., |(at, _)| t0() + *at <= now) {
                session.queue(r);
            }
            let target = match session.due(&sink) {
                Due::Now => elapsed,
                Due::Wall(t) => (t - t0()).to_std().unwrap_or_default(),
                Due::Mono(d) => d,
            };
            if target > elapsed {
                elapsed = target + late;
            }
            now_ns.store(elapsed.as_nanos() as u64, Ordering::SeqCst);
            let now = t0() + chrono::Duration::from_std(elapsed).unwrap();
            events.extend(session.step(&mut sink, now, elapsed));
        }
        assert!(
            joins.is_empty(),
            "the session ended before every program joined"
        );
        (sink, events)
    }

    fn started_at(events: &[PlayerEvent], airing: u64) -> DateTime<Utc> {
        events
            .iter()
            .find_map(|e| match e {
                PlayerEvent::SegmentStarted { airing: a, at, .. } if *a == airing => Some(*at),
                _ => None,
            })
            .unwrap()
    }

    fn off_ns(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        (a - b).num_nanoseconds().unwrap()
    }

    #[test]
    fn a_program_joining_an_open_session_starts_at_its_instant() {
        for late_us in [0, 80] {
            let late = Duration::from_micros(late_us);
            // A airs 1.0 s from 1 s after now; B, 1.3457 s after A ends (in
            // the middle of a block), is sent while A is on air: the
            // session is still open and B joins it.
            let a_at = t0() + ms(1000);
            let b_at = t0() + ms(3345) + chrono::Duration::microseconds(700);
            let (sink, events) = drive(
                request(1, a_at, 1.0, 8000, 0),
                vec![(ms(1500), request(2, b_at, 0.5, 16000, 0))],
                late,
            );
            assert_eq!(sink.sequence(), [0, 8000, 0, 16000, 0]);
            for (level, airing, at) in [(8000, 1, a_at), (16000, 2, b_at)] {
                let heard = sink.arrival(level).unwrap();
                // Late only by the wake-up, never early (it was 50 ms early).
                let off = off_ns(heard, at);
                assert!(
                    (-FRAME_NS..=late.as_nanos() as i64 + FRAME_NS).contains(&off),
                    "program {airing} (late {late_us} µs) heard {off} ns from its instant"
                );
                // And the log says when it was heard.
                let logged = off_ns(started_at(&events, airing), heard);
                assert!(
                    logged.abs() <= FRAME_NS,
                    "program {airing} logged {logged} ns off"
                );
            }
        }
    }

    #[test]
    fn a_program_sent_before_the_session_opens_starts_at_its_instant_too() {
        // Both are known before the output opens; the first block leaves
        // 300 µs late, which must not shift the second.
        let a_at = t0() + ms(1000);
        let b_at = t0() + ms(2517);
        let (sink, events) = drive(
            request(1, a_at, 1.0, 8000, 0),
            vec![(ms(0), request(2, b_at, 0.3, 16000, 0))],
            Duration::from_micros(300),
        );
        let heard = sink.arrival(16000).unwrap();
        let off = off_ns(heard, b_at);
        assert!(
            (-FRAME_NS..=300_000 + FRAME_NS).contains(&off),
            "B heard {off} ns off"
        );
        assert!(off_ns(started_at(&events, 2), heard).abs() <= FRAME_NS);
    }

    #[test]
    fn an_emergency_cuts_in_at_its_instant() {
        // A normal program of 3 s from 1 s after now; an emergency due at
        // 2.2345 s cuts into it; A's program then goes on (its grace).
        let a_at = t0() + ms(1000);
        let e_at = t0() + ms(2234) + chrono::Duration::microseconds(500);
        let mut a = request(1, a_at, 3.0, 8000, 0);
        a.cues
            .push(Cue::from_samples(1, vec![4000.0 / 32768.0; 4800 * 2]));
        let (sink, events) = drive(
            a,
            vec![(ms(1200), request(2, e_at, 0.5, 16000, RANK_EMERGENCY))],
            Duration::from_micros(80),
        );
        assert_eq!(sink.sequence(), [0, 8000, 16000, 4000, 0]);
        let heard = sink.arrival(16000).unwrap();
        let off = off_ns(heard, e_at);
        assert!(
            (-FRAME_NS..=80_000 + FRAME_NS).contains(&off),
            "emergency heard {off} ns from its instant"
        );
        assert!(off_ns(started_at(&events, 2), heard).abs() <= FRAME_NS);
        let cut = events
            .iter()
            .find_map(|e| match e {
                PlayerEvent::SegmentEnded {
                    airing: 1,
                    index: 0,
                    at,
                    cut: Some(_),
                    ..
                } => Some(*at),
                _ => None,
            })
            .unwrap();
        assert!(
            off_ns(cut, heard).abs() <= FRAME_NS,
            "the cut is logged where it was heard"
        );
    }

    #[test]
    fn a_program_played_at_once_during_a_session_is_logged_when_it_is_heard() {
        // `loaxa play --priority "khẩn cấp"` while a program is on air: its
        // instant is now, and the blocks up to 50 ms ahead have gone out.
        let a_at = t0() + ms(1000);
        let sent = ms(1723);
        let (sink, events) = drive(
            request(1, a_at, 2.0, 8000, 0),
            vec![(sent, request(2, t0() + sent, 0.5, 16000, RANK_EMERGENCY))],
            Duration::ZERO,
        );
        assert_eq!(sink.sequence(), [0, 8000, 16000, 0]);
        let heard = sink.arrival(16000).unwrap();
        let after = off_ns(heard, t0() + sent);
        // Not before the command, and within the blocks already written.
        assert!(
            (0..=(LEAD.as_nanos() as i64 + 2 * BLOCK as i64 * FRAME_NS)).contains(&after),
            "heard {after} ns after the command"
        );
        let logged = off_ns(started_at(&events, 2), heard);
        assert!(
            logged.abs() <= FRAME_NS,
            "logged {logged} ns from when it was heard"
        );
    }

    /// The sound card's side of a card session, played by the test: takes
    /// `frames` frames as a callback would (into `out`), then the player's
    /// side runs once (refill, events). Returns the events, each with the
    /// frames the card had taken when it was sent.
    fn card_step(
        card: &mut CardSession,
        c: &mut Consumer,
        frames: usize,
        refill: bool,
        out: &mut Vec<f32>,
    ) -> Vec<(usize, PlayerEvent)> {
        out.extend((0..frames * 2).map(|_| c.next_sample()));
        if refill {
            card.top_up();
        }
        let taken = out.len() / 2;
        card.poll().into_iter().map(|e| (taken, e)).collect()
    }

    fn first_frame_at(out: &[f32], level: i16) -> Option<usize> {
        out.chunks(2).position(|f| to_i16(f[0]) == level)
    }

    fn ended(
        events: &[(usize, PlayerEvent)],
        airing: u64,
    ) -> (DateTime<Utc>, f64, Option<Msg>, Option<Msg>) {
        events
            .iter()
            .find_map(|(_, e)| match e {
                PlayerEvent::SegmentEnded {
                    airing: a,
                    at,
                    played,
                    cut,
                    note,
                    ..
                } if *a == airing => Some((*at, *played, cut.clone(), note.clone())),
                _ => None,
            })
            .unwrap()
    }

    fn card_started(events: &[(usize, PlayerEvent)], airing: u64) -> (usize, DateTime<Utc>) {
        events
            .iter()
            .find_map(|(taken, e)| match e {
                PlayerEvent::SegmentStarted { airing: a, at, .. } if *a == airing => {
                    Some((*taken, *at))
                }
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn a_card_session_logs_a_program_when_the_card_takes_it_not_when_it_is_rendered() {
        let (mut card, c) = CardSession::new(CARD_LEAD);
        let mut c = c.with_wait_steps(0);
        card.started(t0());
        card.add(request(1, t0() + ms(100), 0.5, 8000, 0));
        let (mut out, mut events) = (Vec::new(), Vec::new());
        while !card.outstanding.is_empty() {
            assert!(
                out.len() < 2 * RATE as usize * 2,
                "the program does not end"
            );
            events.extend(card_step(&mut card, &mut c, 480, true, &mut out));
        }
        // Its first frame reached the card at its instant, sample exact,
        // although the player had rendered it 50 ms before.
        assert_eq!(first_frame_at(&out, 8000), Some(4_800));
        let (taken, at) = card_started(&events, 1);
        assert_eq!(at, t0() + ms(100));
        assert!(
            (4_800..4_800 + 480 + 64).contains(&taken),
            "sent when the card took it ({taken} frames taken), not ahead"
        );
        let (end, played, cut, note) = ended(&events, 1);
        assert_eq!((end, played, cut, note), (t0() + ms(600), 0.5, None, None));
    }

    #[test]
    fn a_stop_silences_what_was_rendered_ahead_and_logs_the_cut_where_it_was_heard() {
        let (mut card, c) = CardSession::new(CARD_LEAD);
        let mut c = c.with_wait_steps(0);
        card.started(t0());
        card.add(request(1, t0() + ms(100), 1.0, 8000, 0));
        let (mut out, mut events) = (Vec::new(), Vec::new());
        // 200 ms taken by the card: 100 ms of the program heard, and the
        // player has rendered 50 ms more.
        while out.len() / 2 < 9_600 {
            events.extend(card_step(&mut card, &mut c, 480, true, &mut out));
        }
        assert!(card.producer.buffered() >= CARD_LEAD);
        card.stop(&Msg::verbatim("dừng"));
        while !card.outstanding.is_empty() {
            assert!(out.len() < 4 * RATE as usize * 2, "the stop never ends it");
            events.extend(card_step(&mut card, &mut c, 480, true, &mut out));
        }
        // Not one sample of the program after the stop reached the card.
        let heard = out.chunks(2).filter(|f| f[0] != 0.0).count();
        assert_eq!(heard, 4_800);
        let (at, played, cut, _) = ended(&events, 1);
        assert_eq!(
            at,
            t0() + ms(200),
            "the cut is logged where the card went quiet"
        );
        assert_eq!(played, 0.1, "what was heard, not what was rendered");
        assert_eq!(cut, Some(Msg::verbatim("dừng")));
    }

    #[test]
    fn an_underrun_is_noted_as_a_dropout_and_later_programs_still_start_at_their_instant() {
        let (mut card, c) = CardSession::new(CARD_LEAD);
        let mut c = c.with_wait_steps(0);
        card.started(t0());
        card.add(request(1, t0() + ms(200), 0.2, 8000, 0));
        let (mut out, mut events) = (Vec::new(), Vec::new());
        while out.len() / 2 < 12_000 {
            events.extend(card_step(&mut card, &mut c, 480, true, &mut out));
        }
        // The player falls behind: the card takes 3,000 frames with no
        // refill, more than the ring holds.
        events.extend(card_step(&mut card, &mut c, 3_000, false, &mut out));
        card.top_up();
        let silence = card.producer.played().underrun_frames;
        assert!(silence > 0);
        assert_eq!(card.producer.played().underruns, 1);
        // B is sent now, due at 1 s.
        card.add(request(2, t0() + ms(1000), 0.1, 16000, 0));
        while !card.outstanding.is_empty() {
            assert!(out.len() < 4 * RATE as usize * 2, "the programs do not end");
            events.extend(card_step(&mut card, &mut c, 480, true, &mut out));
        }
        // A played whole, with the silence inside it, and the item says so.
        assert_eq!(
            out.chunks(2).filter(|f| to_i16(f[0]) == 8000).count(),
            9_600
        );
        let (end, played, _, note) = ended(&events, 1);
        assert_eq!(played, 0.2);
        assert!(
            note.is_some_and(|n| n == msg!("out-dropouts", count = 1)),
            "a dropout noted"
        );
        assert_eq!(
            end,
            t0() + ms(400) + duration_of(silence as i64),
            "the end is when the card played the last sample"
        );
        // B reached the card at its instant: the silence is accounted for.
        assert_eq!(first_frame_at(&out, 16000), Some(48_000));
        assert_eq!(card_started(&events, 2).1, t0() + ms(1000));
        let (_, _, _, note) = ended(&events, 2);
        assert_eq!(note, None, "the dropout was A's");
    }

    /// A test clock that moves only when the player waits, and posts the
    /// messages scripted for an instant to the player once it is reached,
    /// all at once, as a thread that wakes late finds them.
    struct Scripted {
        now_ns: AtomicU64,
        tx: Sender<Order>,
        script: std::sync::Mutex<Vec<(chrono::Duration, Order)>>,
    }

    impl Scripted {
        fn advance(&self, ns: u64) {
            let ns = ns.max(self.now_ns.load(Ordering::SeqCst));
            self.now_ns.store(ns, Ordering::SeqCst);
            let now = self.now();
            let mut script = self.script.lock().unwrap();
            for (_, msg) in script.extract_if(.., |(at, _)| t0() + *at <= now) {
                self.tx.send(msg).unwrap();
            }
        }
    }

    impl Clock for Scripted {
        fn now(&self) -> DateTime<Utc> {
            t0() + chrono::Duration::nanoseconds(self.now_ns.load(Ordering::SeqCst) as i64)
        }
        fn mono(&self) -> Duration {
            Duration::from_nanos(self.now_ns.load(Ordering::SeqCst))
        }
        fn sleep_until(&self, t: DateTime<Utc>) {
            self.advance((t - t0()).num_nanoseconds().unwrap_or(0).max(0) as u64);
        }
        fn sleep_until_mono(&self, t: Duration) {
            self.advance(t.as_nanos() as u64);
        }
    }

    /// Runs the player's worker on the null output, on its own thread as
    /// the daemon does, with `first` sent before it starts and `script`
    /// posted at its instants; once every program in `airings` has ended,
    /// shuts it down. Returns what the worker told the daemon.
    fn run_worker(
        first: PlayRequest,
        script: Vec<(chrono::Duration, Order)>,
        airings: &[u64],
    ) -> Vec<PlayerEvent> {
        let (tx, rx) = channel();
        tx.send(Order::Play(first)).unwrap();
        let (events_tx, mut events_rx) = tokio::sync::mpsc::unbounded_channel();
        let clock = Arc::new(Scripted {
            now_ns: AtomicU64::new(0),
            tx: tx.clone(),
            script: std::sync::Mutex::new(script),
        });
        let errors = tx.clone();
        let worker = std::thread::spawn(move || {
            let mut worker = Worker {
                spec: OutputSpec::Null,
                clock,
                events: events_tx,
                rx,
                errors: Mailbox {
                    tx: errors,
                    thread: std::thread::current(),
                },
                waiting: Vec::new(),
                shutting_down: false,
                raw: None,
                monitor: None,
            };
            worker.run();
        });
        let mut events = Vec::new();
        let mut open: Vec<u64> = airings.to_vec();
        // Ends if the worker dies too (its sender goes with it).
        while !open.is_empty() {
            let Some(e) = events_rx.blocking_recv() else {
                break;
            };
            if let PlayerEvent::ProgramEnded { airing, .. } = &e {
                open.retain(|a| a != airing);
            }
            events.push(e);
        }
        tx.send(Order::Shutdown).unwrap();
        worker.join().unwrap();
        while let Ok(e) = events_rx.try_recv() {
            events.push(e);
        }
        events
    }

    #[test]
    fn a_program_sent_just_before_a_stop_is_stopped_with_the_rest() {
        // `loaxa play B` then `loaxa stop-airing` while A is on air: the
        // player finds both messages at once. B was queued before the stop,
        // so the stop drops it; it must not air after the cut.
        let script = vec![
            (
                ms(1500),
                Order::Play(request(2, t0() + ms(1500), 1.0, 16000, 0)),
            ),
            (ms(1500), Order::Stop(Msg::verbatim("dừng"))),
        ];
        let events = run_worker(request(1, t0() + ms(1000), 5.0, 8000, 0), script, &[1, 2]);
        let started: Vec<u64> = events
            .iter()
            .filter_map(|e| match e {
                PlayerEvent::SegmentStarted { airing, .. } => Some(*airing),
                _ => None,
            })
            .collect();
        assert_eq!(started, [1], "{events:?}");
        assert!(
            events.iter().any(|e| matches!(
                e,
                PlayerEvent::SegmentDropped {
                    airing: 2,
                    kind: DropKind::Stopped,
                    ..
                }
            )),
            "{events:?}"
        );
        let (_, _, cut, _) = ended(
            &events.iter().map(|e| (0, e.clone())).collect::<Vec<_>>(),
            1,
        );
        assert_eq!(cut, Some(Msg::verbatim("dừng")));
    }

    #[test]
    fn a_stop_before_the_output_opens_drops_every_program_sent() {
        let script = vec![
            (
                ms(100),
                Order::Play(request(2, t0() + ms(9000), 1.0, 16000, 0)),
            ),
            (ms(200), Order::Stop(Msg::verbatim("dừng"))),
        ];
        let events = run_worker(request(1, t0() + ms(5000), 1.0, 8000, 0), script, &[1, 2]);
        assert!(
            !events
                .iter()
                .any(|e| matches!(e, PlayerEvent::SegmentStarted { .. })),
            "{events:?}"
        );
        for airing in [1, 2] {
            assert!(events.iter().any(|e| matches!(
                e,
                PlayerEvent::SegmentDropped { airing: a, kind: DropKind::Stopped, .. } if *a == airing
            )));
            assert!(
                events.iter().any(
                    |e| matches!(e, PlayerEvent::ProgramEnded { airing: a, .. } if *a == airing)
                )
            );
        }
    }

    #[test]
    fn the_lead_covers_a_period_of_the_card_and_a_block() {
        // rodio's 2,048-frame period: 43 ms at 48 kHz, 46 ms at 44.1 kHz,
        // 64 ms at 32 kHz (in 48 kHz frames: 2,048, 2,230, 3,072).
        assert_eq!(card_lead(Some(2_048), 48_000), 2_528);
        assert_eq!(card_lead(Some(2_048), 44_100), 2_230 + 480);
        assert_eq!(card_lead(Some(2_048), 32_000), 3_072 + 480);
        assert_eq!(card_lead(Some(256), 48_000), CARD_LEAD);
        assert_eq!(card_lead(None, 48_000), 3_216 + 480);
        assert_eq!(card_lead(Some(2_048), 0), 48_000);
    }
}
