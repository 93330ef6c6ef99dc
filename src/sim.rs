//! Simulation: the real daemon logic on simulated time, as fast as the
//! machine allows. The daemon is the same code; only its clock (a
//! [`VirtualClock`]) and its output (a player task instead of the player
//! thread) differ. `loaxa simulate` uses it to show a week before it airs;
//! the scheduling tests use it to run restarts, outages and clock steps.
//!
//! With the null output nothing is decoded: each item is a silent cue of
//! its file's exact length (measured once), so a year runs in seconds. With
//! `wav:` the audio is rendered for real, one file per stretch of airing.

use loaxa_audio::Clock as _;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::audio::bus::DropKind;
use crate::audio::output::{NullSink, PacedSink, WavSink};
use crate::audio::player::{Due, OUTPUT_PREROLL, PacedSession};
use crate::audio::{OutputSpec, PlayRequest, PlayerEvent};
use crate::clock::{Clock, VirtualClock};
use crate::daemon::{Daemon, Input, Mode, OutputPort, PlayerLink, Spawner};
use crate::i18n::Msg;
use crate::station::Station;

enum SimMsg {
    Play(PlayRequest),
    Stop(Msg),
    Shutdown,
}

struct SimPort {
    tx: UnboundedSender<SimMsg>,
    what: String,
    /// Whether the output takes the sound (`wav:`), or only the lengths.
    audio: bool,
}

impl OutputPort for SimPort {
    fn play(&self, req: PlayRequest) {
        let _ = self.tx.send(SimMsg::Play(req));
    }
    fn stop(&self, reason: &Msg) {
        let _ = self.tx.send(SimMsg::Stop(reason.clone()));
    }
    fn check(&self) -> crate::daemon::CheckFuture<'_> {
        let what = Msg::verbatim(self.what.clone());
        Box::pin(async move { Ok(what) })
    }
    fn shutdown(self: Box<Self>) {
        let _ = self.tx.send(SimMsg::Shutdown);
    }
    fn wants_audio(&self) -> bool {
        self.audio
    }
}

/// Simulated players for the daemon, on `clock`.
pub(crate) fn spawner(output: OutputSpec, clock: Arc<VirtualClock>) -> Spawner {
    Box::new(move || {
        let (tx, rx) = unbounded_channel();
        let (etx, events) = unbounded_channel();
        tokio::spawn(player(output.clone(), Arc::clone(&clock), rx, etx));
        PlayerLink {
            port: Box::new(SimPort {
                tx,
                what: format!("simulated {output}"),
                audio: output != OutputSpec::Null,
            }),
            events,
        }
    })
}

/// Everything `first` and the waiting programs would have aired, dropped.
fn drop_all(
    reqs: &[&PlayRequest],
    reason: &Msg,
    at: DateTime<Utc>,
    events: &UnboundedSender<PlayerEvent>,
) {
    for r in reqs {
        for c in &r.cues {
            let _ = events.send(PlayerEvent::SegmentDropped {
                airing: r.airing,
                index: c.index,
                at,
                reason: reason.clone(),
                kind: DropKind::Stopped,
            });
        }
        let _ = events.send(PlayerEvent::ProgramEnded {
            airing: r.airing,
            at,
        });
    }
}

/// The simulated player: sessions like the player thread's, paced by the
/// virtual clock.
async fn player(
    output: OutputSpec,
    clock: Arc<VirtualClock>,
    mut rx: UnboundedReceiver<SimMsg>,
    events: UnboundedSender<PlayerEvent>,
) {
    let mut waiting: Vec<PlayRequest> = Vec::new();
    loop {
        if waiting.is_empty() {
            match rx.recv().await {
                Some(SimMsg::Play(r)) => waiting.push(r),
                Some(SimMsg::Stop(_)) => continue,
                Some(SimMsg::Shutdown) | None => return,
            }
        }
        waiting.sort_by_key(|r| r.start);
        let first = waiting.remove(0);
        // Wait to open the output, one second ahead.
        if let Some((reason, end)) = wait_to_open(&clock, first.start, &mut rx, &mut waiting).await
        {
            let all: Vec<&PlayRequest> = std::iter::once(&first).chain(waiting.iter()).collect();
            drop_all(&all, &reason, clock.now(), &events);
            waiting.clear();
            if end {
                return;
            }
            continue;
        }
        let mut session = PacedSession::new(first, clock.now());
        for r in waiting.drain(..) {
            session.queue(r);
        }
        if run_session(&output, &clock, session, &mut rx, &events).await {
            return;
        }
    }
}

/// Waits until the output opens for a program starting at `start`,
/// taking more programs meanwhile. A stop or shutdown first: why, and
/// whether to end.
async fn wait_to_open(
    clock: &VirtualClock,
    start: DateTime<Utc>,
    rx: &mut UnboundedReceiver<SimMsg>,
    waiting: &mut Vec<PlayRequest>,
) -> Option<(Msg, bool)> {
    loop {
        tokio::select! {
            _ = clock.wait_until(start - OUTPUT_PREROLL) => return None,
            m = rx.recv() => match m {
                Some(SimMsg::Play(r)) => waiting.push(r),
                Some(SimMsg::Stop(reason)) => return Some((reason, false)),
                Some(SimMsg::Shutdown) | None => return Some((msg!("reason-daemon-stopped"), true)),
            },
        }
    }
}

/// A message to an open session; returns whether it was the shutdown.
fn take(session: &mut PacedSession, m: Option<SimMsg>) -> bool {
    match m {
        Some(SimMsg::Play(r)) => session.queue(r),
        Some(SimMsg::Stop(reason)) => session.stop(&reason, DropKind::Stopped),
        Some(SimMsg::Shutdown) | None => {
            session.stop(&msg!("reason-daemon-stopped"), DropKind::Stopped);
            return true;
        }
    }
    false
}

/// One session, until nothing is on air or due; returns whether the
/// player was shut down.
async fn run_session(
    output: &OutputSpec,
    clock: &VirtualClock,
    mut session: PacedSession,
    rx: &mut UnboundedReceiver<SimMsg>,
    events: &UnboundedSender<PlayerEvent>,
) -> bool {
    let send = |e: PlayerEvent| {
        let _ = events.send(e);
    };
    let (mut sink, null): (Box<dyn PacedSink>, bool) = match output {
        OutputSpec::Wav(dir) => (Box::new(WavSink::new(dir)), false),
        _ => (Box::new(NullSink), true),
    };
    let _ = sink.begin_session();
    let mut shutdown = false;
    while !session.done() {
        while let Ok(m) = rx.try_recv() {
            shutdown |= take(&mut session, Some(m));
        }
        if null {
            // Catch up with the present in big steps, then sleep until
            // the next boundary (or a message).
            let now_frame = session.frame_of(clock.now());
            if session.frame() < now_frame {
                for e in session.skip(now_frame - session.frame()) {
                    send(e);
                }
                continue;
            }
            let target = session.horizon().unwrap_or(now_frame + 48_000);
            let t = session.time_of(target.max(now_frame + 1));
            tokio::select! {
                _ = clock.wait_until(t) => {}
                m = rx.recv() => shutdown |= take(&mut session, m),
            }
            // A stop takes effect on the next frame; move one.
            for e in session.skip(1) {
                send(e);
            }
            continue;
        }
        match session.due(sink.as_ref()) {
            Due::Now => {}
            Due::Wall(t) => clock.wait_until(t).await,
            Due::Mono(d) => clock.wait_mono(d).await,
        }
        for e in session.step(sink.as_mut(), clock.now(), clock.mono()) {
            send(e);
        }
    }
    session.close(sink.as_mut());
    shutdown
}

/// A daemon running on simulated time, driven step by step (tests) or to
/// the end of a window (`loaxa simulate`).
// pub for tests/ (library.rs, report.rs, scheduling.rs), with its methods
pub struct Run {
    rt: tokio::runtime::Runtime,
    pub(crate) clock: Arc<VirtualClock>,
    inputs: UnboundedSender<Input>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Run {
    /// Starts the daemon at `at` (simulated), writing as `mode` says.
    pub fn start(
        station: Station,
        output: OutputSpec,
        mode: Mode,
        at: DateTime<Utc>,
    ) -> std::io::Result<Run> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()?;
        let clock = rt.block_on(async { Arc::new(VirtualClock::new(at)) });
        let (inputs, rx) = unbounded_channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let dyn_clock: Arc<dyn Clock> = clock.clone();
        let spawn = spawner(output.clone(), Arc::clone(&clock));
        let task = rt.spawn(async move {
            let daemon = Daemon::open(station, output, dyn_clock, mode);
            daemon
                .run(spawn, rx, async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Run {
            rt,
            clock,
            inputs,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Lets simulated time run until `t`.
    pub fn run_until(&self, t: DateTime<Utc>) {
        let clock = Arc::clone(&self.clock);
        self.rt.block_on(async move { clock.wait_until(t).await });
    }

    /// Hands the daemon an input (a reload, an emergency file, a play).
    pub fn input(&self, i: Input) {
        let _ = self.inputs.send(i);
    }

    /// Steps the wall clock, as an NTP correction would.
    pub fn step_clock(&self, by: chrono::Duration) {
        self.clock.step(by);
        // Let the daemon see it.
        self.rt.block_on(tokio::task::yield_now());
    }

    /// Stops the daemon as SIGTERM would.
    pub fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = self.rt.block_on(t);
        }
    }

    /// Ends the daemon as a power cut would: nothing more is written.
    pub fn kill(mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

/// `loaxa simulate`: runs the station from `from` to `to` (instants) and
/// returns where the simulation log is.
pub(crate) fn simulate(
    station: Station,
    output: OutputSpec,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> std::io::Result<std::path::PathBuf> {
    let log = station.simulation_log_path();
    let mode = Mode::Simulation {
        log: log.clone(),
        from,
        to,
    };
    let run = Run::start(station, output, mode, from)?;
    run.run_until(to);
    run.stop();
    Ok(log)
}
