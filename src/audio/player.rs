//! The player thread: the only thread that touches the output. The daemon
//! sends it commands (play this program at this instant, stop) and hears back
//! events with wall-clock times computed from sample counts. Nothing here
//! blocks the scheduler: a sound card that hangs hangs this thread only.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::UnboundedSender;

use super::bus::{Bus, BusEvent, BusHandle, Cue, Program, RATE};
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
        /// Something worth knowing about an item that did play (dropouts).
        note: Option<String>,
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
                    queued: None,
                    shutting_down: false,
                    stop_sent: false,
                    raw: None,
                    dropouts: 0,
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

    /// Cuts the program on air (logged as interrupted with `reason`).
    pub fn stop(&self, reason: &str) {
        let _ = self.tx.send(Msg::Stop(reason.to_string()));
    }

    /// Tries the output (opens and closes the sound card) and says what it is.
    pub async fn check_output(&self) -> Result<String, String> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let _ = self.tx.send(Msg::Probe(tx));
        match tokio::time::timeout(Duration::from_secs(10), rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err("the player thread is not running".to_string()),
            Err(_) => Err("the output did not answer within 10 s (a hung sound card?)".to_string()),
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

struct Worker {
    spec: OutputSpec,
    clock: Arc<dyn Clock>,
    events: UnboundedSender<PlayerEvent>,
    rx: Receiver<Msg>,
    /// Given to the sound card's error callback.
    errors: Sender<Msg>,
    /// A program that arrived while another was on air.
    queued: Option<PlayRequest>,
    shutting_down: bool,
    /// A stop was passed to the bus for the current program.
    stop_sent: bool,
    /// The raw output, kept open between programs.
    raw: Option<RawSink>,
    /// Dropouts (xruns) since the segment on air started.
    dropouts: u32,
}

/// Maps bus frames to wall-clock time: frame `frame0` left at `wall0`.
struct Timeline {
    wall0: DateTime<Utc>,
    frame0: u64,
}

impl Timeline {
    fn at(&self, frame: u64) -> DateTime<Utc> {
        let frames = frame as i64 - self.frame0 as i64;
        self.wall0 + chrono::Duration::microseconds(frames * 1_000_000 / RATE as i64)
    }
}

fn seconds(frames: u64) -> f64 {
    frames as f64 / RATE as f64
}

impl Worker {
    fn run(&mut self) {
        loop {
            let req = match self.queued.take() {
                Some(r) => r,
                None => match self.rx.recv() {
                    Ok(Msg::Play(r)) => r,
                    Ok(Msg::Probe(reply)) => {
                        let _ = reply.send(self.probe());
                        continue;
                    }
                    Ok(Msg::Stop(_)) | Ok(Msg::DeviceError { .. }) => continue,
                    Ok(Msg::Shutdown) | Err(_) => return,
                },
            };
            self.stop_sent = false;
            match self.spec.clone() {
                OutputSpec::Device(name) => self.play_device(name.as_deref(), req),
                OutputSpec::Wav(dir) => self.play_paced(&mut WavSink::new(&dir), req),
                OutputSpec::Raw(path) => {
                    // One sink for the thread's life: the FIFO stays open.
                    let mut sink = self.raw.take().unwrap_or_else(|| RawSink::new(&path));
                    self.play_paced(&mut sink, req);
                    self.raw = Some(sink);
                }
                OutputSpec::Null => self.play_paced(&mut NullSink, req),
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
                Ok(format!(
                    "sound card {} ({} Hz, {} channels)",
                    name.as_deref().unwrap_or("default"),
                    c.sample_rate(),
                    c.channel_count()
                ))
            }
            OutputSpec::Wav(dir) => std::fs::create_dir_all(dir)
                .map(|()| format!("WAV files in {}", dir.display()))
                .map_err(|e| format!("cannot create {}: {e}", dir.display())),
            OutputSpec::Raw(path) => {
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                match dir {
                    Some(d) if !d.is_dir() => {
                        Err(format!("the folder {} does not exist", d.display()))
                    }
                    _ => Ok(format!(
                        "raw PCM (s16le, 48 kHz, stereo) to {}",
                        path.display()
                    )),
                }
            }
            OutputSpec::Null => Ok("null (paced in real time, discarded)".to_string()),
        }
    }

    fn send(&self, e: PlayerEvent) {
        let _ = self.events.send(e);
    }

    /// Turns bus events into player events. Returns the end frame once the
    /// program is over.
    fn forward(
        &mut self,
        airing: u64,
        events: &Receiver<BusEvent>,
        line: &Timeline,
    ) -> Option<u64> {
        let events: Vec<BusEvent> = events.try_iter().collect();
        self.forward_all(airing, events.into_iter(), line)
    }

    fn forward_all(
        &mut self,
        airing: u64,
        events: impl Iterator<Item = BusEvent>,
        line: &Timeline,
    ) -> Option<u64> {
        let mut end = None;
        for e in events {
            match e {
                BusEvent::SegmentStarted { index, frame, .. } => {
                    self.dropouts = 0;
                    self.send(PlayerEvent::SegmentStarted {
                        airing,
                        index,
                        at: line.at(frame),
                    })
                }
                BusEvent::SegmentEnded {
                    index,
                    frame,
                    frames,
                    cut,
                    ..
                } => self.send(PlayerEvent::SegmentEnded {
                    airing,
                    index,
                    at: line.at(frame),
                    played: seconds(frames),
                    cut,
                    note: (self.dropouts > 0).then(|| {
                        format!(
                            "{} dropout(s) on the sound card (xrun) while it aired",
                            self.dropouts
                        )
                    }),
                }),
                BusEvent::ProgramEnded { frame, .. } => {
                    self.send(PlayerEvent::ProgramEnded {
                        airing,
                        at: line.at(frame),
                    });
                    end = Some(frame);
                }
            }
        }
        end
    }

    /// Commands that arrive while a program is on air.
    fn poll(&mut self, bus: &BusHandle) -> Option<String> {
        loop {
            match self.rx.try_recv() {
                Ok(Msg::Stop(reason)) => {
                    self.stop_sent = true;
                    bus.stop(&reason);
                }
                Ok(Msg::Shutdown) | Err(TryRecvError::Disconnected) => {
                    self.shutting_down = true;
                    self.stop_sent = true;
                    bus.stop("daemon stopped");
                }
                Ok(Msg::Play(r)) => self.queued = Some(r),
                Ok(Msg::Probe(reply)) => {
                    let _ = reply.send(Ok(format!("{} (on air)", self.spec)));
                }
                Ok(Msg::DeviceError { what, .. }) => return Some(what),
                Err(TryRecvError::Empty) => return None,
            }
        }
    }

    /// Sleeps until `t` by the wall clock, but wakes at once for a stop, so
    /// a stop before the start cancels the program before any of it airs.
    /// The last stretch is a plain sleep that lands on the instant.
    fn wait_until(&mut self, t: DateTime<Utc>, bus: Option<&BusHandle>) {
        const FINAL: chrono::Duration = chrono::Duration::milliseconds(3);
        loop {
            let now = self.clock.now();
            if self.stop_sent || now >= t {
                return;
            }
            if !self.clock.is_real() || t - now <= FINAL {
                if let Some(bus) = bus {
                    self.poll(bus);
                }
                self.clock.sleep_until(t);
                continue;
            }
            let wait = (t - now - FINAL).to_std().unwrap_or_default();
            match self.rx.recv_timeout(wait) {
                Ok(Msg::Stop(reason)) => {
                    self.stop_sent = true;
                    if let Some(bus) = bus {
                        bus.stop(&reason);
                    }
                }
                Ok(Msg::Shutdown) | Err(RecvTimeoutError::Disconnected) => {
                    self.shutting_down = true;
                    self.stop_sent = true;
                    if let Some(bus) = bus {
                        bus.stop("daemon stopped");
                    }
                }
                Ok(Msg::Play(r)) => self.queued = Some(r),
                Ok(Msg::Probe(reply)) => {
                    let _ = reply.send(Ok(format!("{} (starting a program)", self.spec)));
                }
                Ok(Msg::DeviceError { .. }) | Err(RecvTimeoutError::Timeout) => {}
            }
        }
    }

    /// Waits until the output should open (one second ahead of the start).
    /// Returns false if the program was stopped before.
    fn wait_to_open(&mut self, req: &PlayRequest) -> bool {
        self.wait_until(req.start - OUTPUT_PREROLL, None);
        if self.stop_sent {
            self.send(PlayerEvent::ProgramEnded {
                airing: req.airing,
                at: self.clock.now(),
            });
            return false;
        }
        true
    }

    fn play_paced(&mut self, sink: &mut dyn PacedSink, req: PlayRequest) {
        if !self.wait_to_open(&req) {
            return;
        }
        // This thread paces the output itself: worth real-time priority
        // while it does. (Not for the sound card: its own thread, which
        // would inherit the policy, must never spin at real-time priority
        // on a device that does not block.)
        let rt = self.clock.is_real() && set_realtime(true);
        self.play_paced_program(sink, req);
        if rt {
            set_realtime(false);
        }
    }

    fn play_paced_program(&mut self, sink: &mut dyn PacedSink, req: PlayRequest) {
        let airing = req.airing;
        let now = self.clock.now();
        // Start on a block boundary: the block holding the first sample is
        // released exactly at the instant.
        let lead = (req.start - now).num_microseconds().unwrap_or(0).max(0) as u64;
        let lead_frames = lead * RATE as u64 / 1_000_000;
        let at_frame = lead_frames.div_ceil(BLOCK) * BLOCK;
        if let Err(reason) = sink.begin(&req.label) {
            self.send(PlayerEvent::ProgramFailed {
                airing,
                at: now,
                reason,
            });
            return;
        }
        let (mut bus, handle, bus_events) = Bus::new();
        handle.start(
            Program {
                id: airing,
                cues: req.cues,
            },
            at_frame,
        );
        let mut block = vec![0.0f32; (BLOCK * 2) as usize];
        let mut pcm: Vec<i16> = Vec::with_capacity(block.len());
        let mut k: u64 = 0;
        let mut line: Option<Timeline> = None;
        let mut mono_start = Duration::ZERO;
        let mut end_frame: Option<u64> = None;
        loop {
            if let Some(e) = self.poll(&handle) {
                tracing::warn!("unexpected device error on a paced output: {e}");
            }
            // Pre-roll: the bus plays silence until `at_frame`. A sink that
            // wants it gets it paced by the wall clock, so the stream is
            // flowing (and a card awake) when the first sample comes.
            if k + BLOCK <= at_frame {
                bus.render(&mut block);
                let provisional = Timeline {
                    wall0: req.start,
                    frame0: at_frame,
                };
                if self.forward(airing, &bus_events, &provisional).is_some() {
                    // Stopped before it began.
                    let _ = sink.end();
                    return;
                }
                if sink.wants_preroll() {
                    let due = provisional.at(k);
                    if self.clock.now() < due {
                        self.clock.sleep_until(due);
                    }
                    pcm.clear();
                    pcm.extend(block.iter().map(|s| to_i16(*s)));
                    if let Err(reason) = sink.write(&pcm) {
                        tracing::warn!("{reason}");
                    }
                }
                k += BLOCK;
                continue;
            }
            if line.is_none() {
                // The first block: wait for the instant (a stop meanwhile
                // cancels the program before any of it airs), then decode the
                // block (tens of microseconds) and release it at once.
                self.wait_until(req.start, Some(&handle));
                bus.render(&mut block);
                line = Some(Timeline {
                    wall0: self.clock.now(),
                    frame0: at_frame,
                });
                mono_start = self.clock.mono();
            } else {
                // Later blocks: decode ahead and release them up to LEAD
                // before they are due, like a sound card's buffer: a late
                // wake-up of the thread is then not a gap in the stream.
                bus.render(&mut block);
                let offset = Duration::from_micros((k - at_frame) * 1_000_000 / RATE as u64);
                self.clock
                    .sleep_until_mono(mono_start + offset.saturating_sub(LEAD));
            }
            let Some(tl) = line.as_ref() else { break };
            // Samples first, then the news about them.
            let news: Vec<BusEvent> = bus_events.try_iter().collect();
            let ended = news.iter().find_map(|e| match e {
                BusEvent::ProgramEnded { frame, .. } => Some(*frame),
                _ => None,
            });
            end_frame = end_frame.or(ended);
            let last = end_frame.map_or(k + BLOCK, |e| e.clamp(k, k + BLOCK));
            pcm.clear();
            pcm.extend(
                block[..((last - k) * 2) as usize]
                    .iter()
                    .map(|s| to_i16(*s)),
            );
            let written = sink.write(&pcm);
            if k == at_frame {
                let late = self.clock.now() - tl.wall0;
                tracing::debug!(
                    "first block out {} µs after the instant (+{} µs to write)",
                    (tl.wall0 - req.start).num_microseconds().unwrap_or(0),
                    late.num_microseconds().unwrap_or(0)
                );
            }
            self.forward_all(airing, news.into_iter(), tl);
            if let Err(reason) = written {
                handle.stop(&reason);
                bus.render(&mut block);
                let at = tl.at(k);
                self.forward(airing, &bus_events, tl);
                let _ = sink.end();
                self.send(PlayerEvent::ProgramFailed { airing, at, reason });
                return;
            }
            k += BLOCK;
            if end_frame.is_some() {
                break;
            }
        }
        if let Err(reason) = sink.end() {
            tracing::error!("{reason}");
        }
    }

    fn play_device(&mut self, name: Option<&str>, req: PlayRequest) {
        let airing = req.airing;
        if !self.wait_to_open(&req) {
            return;
        }
        // A card that is missing at pre-roll gets one more chance at the
        // instant itself (a USB card plugged in at the last moment).
        let opened = open_device(name, self.errors.clone()).or_else(|_| {
            self.clock.sleep_until(req.start);
            open_device(name, self.errors.clone())
        });
        let mut sink = match opened {
            Ok(s) => s,
            Err(reason) => {
                self.send(PlayerEvent::ProgramFailed {
                    airing,
                    at: self.clock.now(),
                    reason,
                });
                return;
            }
        };
        sink.log_on_drop(false);
        let (bus, handle, bus_events) = Bus::new();
        sink.mixer().add(DeviceFeed { bus, first: true });
        // The card pulls the bus from now on; place the start by the clock.
        let now = self.clock.now();
        let cur = handle.frame();
        let lead = (req.start - now).num_microseconds().unwrap_or(0).max(0) as u64;
        let at_frame = cur + lead * RATE as u64 / 1_000_000;
        handle.start(
            Program {
                id: airing,
                cues: req.cues,
            },
            at_frame,
        );
        let line = Timeline {
            wall0: req.start.max(now),
            frame0: at_frame,
        };
        let mut last_frame = cur;
        let mut stalled_since = self.clock.mono();
        let mut end_frame = None;
        loop {
            let msg = match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Msg::Shutdown),
            };
            let failure = match msg {
                Some(Msg::Stop(reason)) => {
                    handle.stop(&reason);
                    None
                }
                Some(Msg::Shutdown) => {
                    self.shutting_down = true;
                    handle.stop("daemon stopped");
                    None
                }
                Some(Msg::Play(r)) => {
                    self.queued = Some(r);
                    None
                }
                Some(Msg::DeviceError { fatal: true, what }) => {
                    Some(format!("sound card error: {what}"))
                }
                Some(Msg::DeviceError { fatal: false, what }) => {
                    // The card recovers by itself; the gap is noted, the program goes on.
                    self.dropouts += 1;
                    tracing::warn!("sound card: {what} (a short dropout)");
                    None
                }
                Some(Msg::Probe(reply)) => {
                    let _ = reply.send(Ok(format!("{} (on air)", self.spec)));
                    None
                }
                None => None,
            };
            if end_frame.is_none() {
                end_frame = self.forward(airing, &bus_events, &line);
            }
            let frame = handle.frame();
            if frame != last_frame {
                last_frame = frame;
                stalled_since = self.clock.mono();
            }
            let failure = failure.or_else(|| {
                (self.clock.mono() - stalled_since > Duration::from_secs(3))
                    .then(|| "the sound card stopped taking audio (unplugged or hung?)".to_string())
            });
            if let Some(reason) = failure {
                let at = line.at(frame.max(at_frame));
                self.send(PlayerEvent::ProgramFailed { airing, at, reason });
                break;
            }
            if let Some(end) = end_frame {
                // Let the card play out what it holds before closing it.
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

fn open_device(name: Option<&str>, errors: Sender<Msg>) -> Result<rodio::MixerDeviceSink, String> {
    use rodio::DeviceSinkBuilder;
    use rodio::cpal::traits::{DeviceTrait, HostTrait};

    let explain = |e: rodio::DeviceSinkError| {
        let cause = std::error::Error::source(&e)
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        format!(
            "cannot open the sound card ({e}{cause}) — connect it, or choose another with --output device:NAME (`aplay -L` lists them)"
        )
    };
    let builder = match name {
        None => DeviceSinkBuilder::from_default_device().map_err(explain)?,
        Some(n) => {
            let host = rodio::cpal::default_host();
            let devices = host
                .output_devices()
                .map_err(|e| format!("cannot list sound cards: {e}"))?;
            let mut found = None;
            let mut names = Vec::new();
            for d in devices {
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
                format!(
                    "there is no sound card named \"{n}\" (found: {})",
                    if names.is_empty() {
                        "none".to_string()
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
/// The handler is per thread: this thread is the only one that opens cards.
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
