//! The bus: the one mixing point every output reads from (sound card, WAV,
//! raw, null). It is a rodio `Source` at 48 kHz stereo. Programs are handed
//! to it with the frame they are due at and their rank (normal, priority,
//! emergency); it plays silence until something is due, then the due
//! programs' items back to back, sample after sample, and reports each
//! boundary as a frame number.
//!
//! The running order, by rank:
//! - a normal program due while another plays waits for it to end;
//! - a priority program goes ahead of every normal item still waiting, so
//!   it starts when the item on air ends;
//! - an emergency program cuts the item on air at its own first frame; the
//!   cut program then goes on with its next item if it can still do so
//!   within its grace window.
//!
//! A program that cannot begin within its grace window after its due frame
//! is dropped, item by item, with the reason.
//!
//! Frame numbers, not clock readings, are the bus's time: the output that
//! pulls the samples knows when each frame leaves and turns them into
//! wall-clock times. The bus does no I/O and reads no clock, which is what
//! lets the player render it ahead of a sound card, and a simulation skip
//! ahead.

use std::collections::{HashMap, VecDeque};
use std::num::NonZero;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use loaxa_i18n::{Msg, msg};

use super::decode::FileDecoder;
use super::limiter::Limiter;
use super::resample::{ResampleSetupError, To48k};

pub(crate) use crate::RATE;
pub(crate) const CHANNELS: u16 = 2;

/// How often (in frames) the bus looks for commands while it is pulled
/// sample by sample (as a rodio `Source`). Starts are exact to the frame as long as the command comes
/// before its frame (they carry their frame number); this bounds how late a
/// stop, or a start sent for a frame about to be pulled, takes effect
/// (about 1.3 ms). Paced outputs also read them at each `render`.
const COMMAND_POLL_FRAMES: u64 = 64;

enum Source {
    Audio(Box<dyn Iterator<Item = f32> + Send>),
    /// Known length and no sound: a simulation's stand-in for a file.
    Silent {
        left: u64,
    },
}

/// One segment ready to play, already in the bus format.
pub struct Cue {
    /// Position of this segment in the slot's program.
    pub index: usize,
    source: Source,
    /// Gives way to the next program (a relay ends where the next program
    /// starts, whatever its rank).
    yields: bool,
}

impl Cue {
    /// Converts a decoder to 48 kHz stereo (tests: the daemon shapes its
    /// cues with `shaped`).
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn new(index: usize, decoder: FileDecoder) -> Result<Cue, ResampleSetupError> {
        Ok(Cue {
            index,
            source: Source::Audio(Box::new(To48k::new(decoder)?)),
            yields: false,
        })
    }

    /// A decoder converted to 48 kHz stereo, with `skip` frames dropped at
    /// the start, at most `keep` frames kept, every sample multiplied by
    /// `gain`, and peaks held under `limit`: silence trimmed and loudness
    /// levelled.
    pub fn shaped(
        index: usize,
        decoder: FileDecoder,
        skip: u64,
        keep: u64,
        gain: f32,
        limit: Option<f32>,
    ) -> Result<Cue, ResampleSetupError> {
        let src = To48k::new(decoder)?;
        let samples = src.skip((skip * 2) as usize).take((keep * 2) as usize);
        let source: Box<dyn Iterator<Item = f32> + Send> = if (gain - 1.0).abs() > f32::EPSILON {
            Box::new(samples.map(move |s| s * gain))
        } else {
            Box::new(samples)
        };
        let source = match limit {
            Some(ceiling) => Box::new(Limiter::new(source, ceiling)),
            None => source,
        };
        Ok(Cue {
            index,
            source: Source::Audio(source),
            yields: false,
        })
    }

    /// A cue from raw bus-format samples (tests, generated tones).
    #[cfg(test)]
    pub(crate) fn from_samples(index: usize, samples: Vec<f32>) -> Cue {
        Cue {
            index,
            source: Source::Audio(Box::new(samples.into_iter())),
            yields: false,
        }
    }

    /// A cue of known length without sound: what a simulation with the
    /// null output plays, so a year can be run without decoding it.
    pub fn silent(index: usize, frames: u64) -> Cue {
        Cue {
            index,
            source: Source::Silent { left: frames },
            yields: false,
        }
    }

    /// Ends the cue after at most `frames` (an emergency warning's longest
    /// airing), fading out over the last `fade` frames before the cut so
    /// it does not end in a click. A cue that ends sooner is unchanged
    /// until it ends.
    pub fn cut_after(self, frames: u64, fade: u64) -> Cue {
        let source = match self.source {
            Source::Silent { left } => Source::Silent {
                left: left.min(frames),
            },
            Source::Audio(src) => {
                let fade = fade.clamp(1, frames.max(1));
                let samples = usize::try_from(frames.saturating_mul(2)).unwrap_or(usize::MAX);
                Source::Audio(Box::new(src.take(samples).enumerate().map(
                    move |(i, s)| {
                        let left = frames.saturating_sub(i as u64 / 2);
                        if left <= fade {
                            s * (left as f32 / fade as f32)
                        } else {
                            s
                        }
                    },
                )))
            }
        };
        Cue {
            index: self.index,
            source,
            yields: self.yields,
        }
    }

    /// Decodes the first `frames` ahead of time, so the first block of a
    /// program costs nothing at its instant.
    pub fn prime(&mut self, frames: usize) {
        if let Source::Audio(src) = &mut self.source {
            let head: Vec<f32> = src.by_ref().take(frames * 2).collect();
            let rest = std::mem::replace(src, Box::new(std::iter::empty()));
            *src = Box::new(head.into_iter().chain(rest));
        }
    }

    /// A cue from any bus-format source (the relay cue).
    pub(crate) fn from_source(index: usize, src: Box<dyn Iterator<Item = f32> + Send>) -> Cue {
        Cue {
            index,
            source: Source::Audio(src),
            yields: false,
        }
    }

    /// The cue's samples, to be aired inside another cue (a relay's
    /// fallback).
    pub fn into_samples(self) -> Box<dyn Iterator<Item = f32> + Send> {
        match self.source {
            Source::Audio(src) => src,
            Source::Silent { left } => Box::new(std::iter::repeat_n(
                0.0,
                usize::try_from(left.saturating_mul(2)).unwrap_or(usize::MAX),
            )),
        }
    }

    /// This cue gives way to the next program due while it airs (a relay).
    pub(crate) fn yielding(mut self) -> Cue {
        self.yields = true;
        self
    }

    pub(crate) fn next_frame(&mut self) -> Option<(f32, f32)> {
        match &mut self.source {
            Source::Audio(src) => {
                let l = src.next()?;
                // A source ending mid-frame (odd sample count) gets a silent right.
                Some((l, src.next().unwrap_or(0.0)))
            }
            Source::Silent { left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                Some((0.0, 0.0))
            }
        }
    }

    /// Moves up to `n` frames ahead without producing them; returns how
    /// many there were (fewer when the cue ends).
    fn skip(&mut self, n: u64) -> u64 {
        match &mut self.source {
            Source::Silent { left } => {
                let k = n.min(*left);
                *left -= k;
                k
            }
            Source::Audio(_) => {
                let mut k = 0;
                while k < n && self.next_frame().is_some() {
                    k += 1;
                }
                k
            }
        }
    }
}

/// How a program goes on the bus.
// pub for the root crate's benches (card_lead.rs, airing.rs), with Bus, BusHandle, BusEvent
pub struct Program {
    pub id: u64,
    pub cues: Vec<Cue>,
    /// 0 normal, 1 priority, 2 emergency: higher goes first.
    pub rank: u8,
    /// Frames after its due frame within which it may still begin, and
    /// after being cut within which it may go on.
    pub grace: u64,
}

pub(crate) const RANK_EMERGENCY: u8 = 2;

/// A relay giving way to the next program fades out over this many frames
/// (100 ms) before it.
const YIELD_FADE: u64 = 4_800;

#[derive(Debug, Clone, PartialEq)]
pub enum BusEvent {
    SegmentStarted {
        program: u64,
        index: usize,
        frame: u64,
    },
    SegmentEnded {
        program: u64,
        index: usize,
        /// First frame after the segment.
        frame: u64,
        /// Frames of this segment that went out.
        frames: u64,
        /// `None` when it played to its end; else why it was cut.
        cut: Option<Msg>,
        /// The emergency program that cut it, if one did.
        cut_by: Option<u64>,
    },
    /// A segment that will not air.
    SegmentDropped {
        program: u64,
        index: usize,
        frame: u64,
        reason: Msg,
        kind: DropKind,
    },
    ProgramEnded {
        program: u64,
        frame: u64,
    },
}

/// Why a segment never aired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropKind {
    /// Its program could not begin within its grace window.
    Late,
    /// Cut by an emergency, and the emergency outlasted its grace window.
    NotResumed,
    /// Stopped (daemon stopping, operator's stop).
    Stopped,
    /// The output failed.
    OutputFailed,
}

enum BusCommand {
    Queue { program: Program, at_frame: u64 },
    Stop { reason: Msg, kind: DropKind },
}

/// Controls a bus that may live on another thread.
#[derive(Clone)]
pub struct BusHandle {
    commands: Sender<BusCommand>,
}

impl BusHandle {
    /// Queues a program due exactly at `at_frame` (at once if that frame
    /// has passed).
    pub fn start(&self, program: Program, at_frame: u64) {
        let _ = self.commands.send(BusCommand::Queue { program, at_frame });
    }

    /// Cuts what is on air and drops everything waiting.
    pub(crate) fn stop(&self, reason: &Msg, kind: DropKind) {
        let _ = self.commands.send(BusCommand::Stop {
            reason: reason.clone(),
            kind,
        });
    }
}

struct Queued {
    program: u64,
    rank: u8,
    cue: Cue,
}

struct ProgramState {
    at_frame: u64,
    grace: u64,
    started: bool,
    /// When an emergency cut it.
    cut_at: Option<u64>,
    remaining: usize,
}

pub struct Bus {
    commands: Receiver<BusCommand>,
    events: Sender<BusEvent>,
    frame: u64,
    /// Second sample of the current frame, when the first has gone out.
    right: Option<f32>,
    /// Programs not yet due, in the order they are due.
    pending: Vec<(u64, Program)>,
    /// Due items in running order.
    queue: VecDeque<Queued>,
    current: Option<(Queued, u64)>,
    programs: HashMap<u64, ProgramState>,
}

impl Bus {
    pub fn new() -> (Bus, BusHandle, Receiver<BusEvent>) {
        let (ctx, crx) = channel();
        let (etx, erx) = channel();
        let bus = Bus {
            commands: crx,
            events: etx,
            frame: 0,
            right: None,
            pending: Vec::new(),
            queue: VecDeque::new(),
            current: None,
            programs: HashMap::new(),
        };
        (bus, BusHandle { commands: ctx }, erx)
    }

    fn emit(&self, e: BusEvent) {
        let _ = self.events.send(e);
    }

    /// Whether anything is on air, waiting or due later.
    pub fn busy(&self) -> bool {
        self.current.is_some() || !self.queue.is_empty() || !self.pending.is_empty()
    }

    /// The frame the next program is due at, if one is waiting to be due.
    pub(crate) fn next_due(&self) -> Option<u64> {
        self.pending.first().map(|(at, _)| *at)
    }

    /// The next frame at which something happens (an item ends, one is
    /// due), as far as the bus can tell without playing: exact for silent
    /// cues, a short step for real ones.
    pub(crate) fn horizon(&self) -> Option<u64> {
        let current = match &self.current {
            Some((q, _)) => match &q.cue.source {
                Source::Silent { left } => Some(self.frame + left),
                Source::Audio(_) => Some(self.frame + 4_800),
            },
            None if !self.queue.is_empty() => Some(self.frame),
            None => None,
        };
        match (current, self.next_due()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn poll_commands(&mut self) {
        loop {
            match self.commands.try_recv() {
                Ok(BusCommand::Queue { program, at_frame }) => {
                    self.programs.insert(
                        program.id,
                        ProgramState {
                            at_frame,
                            grace: program.grace,
                            started: false,
                            cut_at: None,
                            remaining: program.cues.len(),
                        },
                    );
                    if program.cues.is_empty() {
                        self.end_program(program.id);
                        continue;
                    }
                    let pos = self.pending.partition_point(|(at, _)| *at <= at_frame);
                    self.pending.insert(pos, (at_frame, program));
                    self.fade_yielding(at_frame);
                }
                Ok(BusCommand::Stop { reason, kind }) => self.stop_all(&reason, kind),
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return,
            }
        }
    }

    /// A relay on air fades out so that it ends on the frame the next
    /// program is due (where `admit_due` cuts it).
    fn fade_yielding(&mut self, due: u64) {
        let Some((q, _)) = self.current.as_mut().filter(|(q, _)| q.cue.yields) else {
            return;
        };
        let left = due.saturating_sub(self.frame);
        if left == 0 {
            return;
        }
        let index = q.cue.index;
        let cue = std::mem::replace(&mut q.cue, Cue::silent(index, 0));
        q.cue = cue.cut_after(left, YIELD_FADE.min(left));
    }

    fn end_program(&mut self, id: u64) {
        self.programs.remove(&id);
        self.emit(BusEvent::ProgramEnded {
            program: id,
            frame: self.frame,
        });
    }

    /// One item of `id` is done (played or dropped).
    fn item_done(&mut self, id: u64) {
        let done = match self.programs.get_mut(&id) {
            Some(p) => {
                p.remaining = p.remaining.saturating_sub(1);
                p.remaining == 0
            }
            None => false,
        };
        if done {
            self.end_program(id);
        }
    }

    fn drop_item(&mut self, q: Queued, reason: &Msg, kind: DropKind) {
        self.emit(BusEvent::SegmentDropped {
            program: q.program,
            index: q.cue.index,
            frame: self.frame,
            reason: reason.clone(),
            kind,
        });
        self.item_done(q.program);
    }

    fn cut_current(&mut self, reason: &Msg, by: Option<u64>) {
        if let Some((q, frames)) = self.current.take() {
            self.emit(BusEvent::SegmentEnded {
                program: q.program,
                index: q.cue.index,
                frame: self.frame,
                frames,
                cut: Some(reason.clone()),
                cut_by: by,
            });
            if let Some(p) = self.programs.get_mut(&q.program) {
                p.cut_at = Some(self.frame);
            }
            self.item_done(q.program);
        }
    }

    fn stop_all(&mut self, reason: &Msg, kind: DropKind) {
        self.cut_current(reason, None);
        while let Some(q) = self.queue.pop_front() {
            self.drop_item(q, reason, kind);
        }
        for (_, p) in std::mem::take(&mut self.pending) {
            for cue in p.cues {
                self.drop_item(
                    Queued {
                        program: p.id,
                        rank: p.rank,
                        cue,
                    },
                    reason,
                    kind,
                );
            }
        }
    }

    /// Moves programs whose frame has come into the running order.
    fn admit_due(&mut self) {
        while self
            .pending
            .first()
            .is_some_and(|(at, _)| *at <= self.frame)
        {
            let (_, p) = self.pending.remove(0);
            // An emergency names itself as what cut the item, a relay too
            // (the log says which warning it gave way to).
            if p.rank >= RANK_EMERGENCY
                && self
                    .current
                    .as_ref()
                    .is_some_and(|(q, _)| q.rank < RANK_EMERGENCY)
            {
                self.cut_current(&msg!("reason-cut-by-emergency-program"), Some(p.id));
            }
            if self.current.as_ref().is_some_and(|(q, _)| q.cue.yields) {
                self.cut_current(&msg!("reason-relay-next-program"), None);
            }
            let pos = self
                .queue
                .iter()
                .position(|q| q.rank < p.rank)
                .unwrap_or(self.queue.len());
            for (i, cue) in p.cues.into_iter().enumerate() {
                self.queue.insert(
                    pos + i,
                    Queued {
                        program: p.id,
                        rank: p.rank,
                        cue,
                    },
                );
            }
        }
    }

    /// Starts the next item that may still start; drops the ones that may not.
    fn start_next(&mut self) {
        while self.current.is_none() {
            let Some(q) = self.queue.pop_front() else {
                return;
            };
            let late = self.programs.get(&q.program).and_then(|p| {
                if !p.started && self.frame > p.at_frame + p.grace {
                    Some((msg!("reason-late"), DropKind::Late))
                } else if p.cut_at.is_some_and(|c| self.frame > c + p.grace) {
                    Some((msg!("reason-not-resumed"), DropKind::NotResumed))
                } else {
                    None
                }
            });
            if let Some((reason, kind)) = late {
                self.drop_item(q, &reason, kind);
                continue;
            }
            if let Some(p) = self.programs.get_mut(&q.program) {
                p.started = true;
            }
            self.emit(BusEvent::SegmentStarted {
                program: q.program,
                index: q.cue.index,
                frame: self.frame,
            });
            self.current = Some((q, 0));
        }
    }

    /// The next frame of whatever is on air, moving across boundaries
    /// without losing or adding a sample.
    fn next_program_frame(&mut self) -> Option<(f32, f32)> {
        loop {
            self.start_next();
            let (q, frames) = self.current.as_mut()?;
            if let Some(f) = q.cue.next_frame() {
                *frames += 1;
                return Some(f);
            }
            self.finish_current();
        }
    }

    fn finish_current(&mut self) {
        if let Some((q, frames)) = self.current.take() {
            self.emit(BusEvent::SegmentEnded {
                program: q.program,
                index: q.cue.index,
                frame: self.frame,
                frames,
                cut: None,
                cut_by: None,
            });
            self.item_done(q.program);
        }
    }

    fn before_frame(&mut self) {
        if self.frame.is_multiple_of(COMMAND_POLL_FRAMES) {
            self.poll_commands();
        }
        if self
            .pending
            .first()
            .is_some_and(|(at, _)| *at <= self.frame)
        {
            self.admit_due();
        }
    }

    fn next_frame(&mut self) -> (f32, f32) {
        self.before_frame();
        let out = self.next_program_frame().unwrap_or((0.0, 0.0));
        self.frame += 1;
        out
    }

    /// Fills `out` with interleaved stereo frames (for paced outputs). The
    /// commands sent since the last call are read first, so a program queued
    /// for the very next frame starts on it (not at the next poll).
    pub fn render(&mut self, out: &mut [f32]) {
        self.poll_commands();
        for frame in out.chunks_exact_mut(2) {
            let (l, r) = self.next_frame();
            frame[0] = l;
            frame[1] = r;
        }
    }

    /// Moves up to `max` frames ahead without producing samples, stopping
    /// early at the next boundary (an item ending, a program falling due).
    /// Silent cues are skipped in one step, so a simulation with the null
    /// output runs a year in seconds. Returns the frames moved.
    pub(crate) fn advance(&mut self, max: u64) -> u64 {
        self.poll_commands();
        self.before_frame();
        self.start_next();
        let limit = match self.next_due() {
            Some(due) => max.min(due.saturating_sub(self.frame).max(1)),
            None => max,
        };
        let moved = match self.current.as_mut() {
            Some((q, frames)) => {
                let k = q.cue.skip(limit);
                *frames += k;
                if k < limit {
                    // The item ended inside the step.
                    self.frame += k;
                    self.finish_current();
                    return k;
                }
                k
            }
            None => limit,
        };
        self.frame += moved;
        moved
    }
}

impl Iterator for Bus {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if let Some(r) = self.right.take() {
            return Some(r);
        }
        let (l, r) = self.next_frame();
        self.right = Some(r);
        Some(l)
    }
}

impl rodio::Source for Bus {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> rodio::ChannelCount {
        NonZero::new(CHANNELS).unwrap_or(NonZero::<u16>::MIN)
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        NonZero::new(RATE).unwrap_or(NonZero::<u32>::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }

    fn try_seek(&mut self, _: Duration) -> Result<(), rodio::source::SeekError> {
        Err(rodio::source::SeekError::NotSupported {
            underlying_source: "loaxa::Bus",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(frames: usize, value: f32) -> Vec<f32> {
        vec![value; frames * 2]
    }

    #[test]
    fn a_cue_cut_after_some_frames_ends_there_faded_out() {
        let mut cut = Cue::from_samples(0, tone(1_000, 0.5)).cut_after(100, 10);
        let frames: Vec<(f32, f32)> = std::iter::from_fn(|| cut.next_frame()).collect();
        assert_eq!(frames.len(), 100);
        // Untouched up to the fade, then down towards silence.
        assert!(frames[..90].iter().all(|&(l, r)| l == 0.5 && r == 0.5));
        assert_eq!(frames[90].0, 0.5);
        assert!(frames[95].0 < 0.5 && frames[95].0 > 0.0);
        assert!(frames[99].0 <= 0.05 + f32::EPSILON);
        // Shorter than the cut: as it was.
        let mut short = Cue::from_samples(0, tone(50, 0.5)).cut_after(100, 10);
        let n = std::iter::from_fn(|| short.next_frame()).count();
        assert_eq!(n, 50);
        // A simulation's silent cue is cut too.
        let mut silent = Cue::silent(0, 1_000).cut_after(100, 10);
        assert_eq!(std::iter::from_fn(|| silent.next_frame()).count(), 100);
    }

    fn drain(events: &Receiver<BusEvent>) -> Vec<BusEvent> {
        events.try_iter().collect()
    }

    fn program(id: u64, rank: u8, grace: u64, cues: Vec<Cue>) -> Program {
        Program {
            id,
            cues,
            rank,
            grace,
        }
    }

    fn ended(program: u64, index: usize, frame: u64, frames: u64) -> BusEvent {
        BusEvent::SegmentEnded {
            program,
            index,
            frame,
            frames,
            cut: None,
            cut_by: None,
        }
    }

    fn started(program: u64, index: usize, frame: u64) -> BusEvent {
        BusEvent::SegmentStarted {
            program,
            index,
            frame,
        }
    }

    #[test]
    fn starts_on_the_frame_and_joins_segments_without_a_gap() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(
                7,
                0,
                1000,
                vec![
                    Cue::from_samples(0, tone(100, 0.25)),
                    Cue::from_samples(2, tone(50, -0.5)),
                ],
            ),
            10,
        );
        let mut out = vec![0.0; 2 * 200];
        bus.render(&mut out);
        let frames: Vec<f32> = out.chunks(2).map(|f| f[0]).collect();
        assert!(frames[..10].iter().all(|s| *s == 0.0));
        assert!(frames[10..110].iter().all(|s| *s == 0.25));
        assert!(frames[110..160].iter().all(|s| *s == -0.5));
        assert!(frames[160..].iter().all(|s| *s == 0.0));
        assert_eq!(
            drain(&events),
            vec![
                started(7, 0, 10),
                ended(7, 0, 110, 100),
                started(7, 2, 110),
                ended(7, 2, 160, 50),
                BusEvent::ProgramEnded {
                    program: 7,
                    frame: 160
                },
            ]
        );
        assert!(!bus.busy());
    }

    #[test]
    fn a_stop_cuts_the_segment_on_air_and_drops_the_rest() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(
                1,
                0,
                1000,
                vec![
                    Cue::from_samples(0, tone(10_000, 0.1)),
                    Cue::from_samples(1, tone(10, 0.2)),
                ],
            ),
            0,
        );
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        handle.stop(&Msg::verbatim("emergency"), DropKind::Stopped);
        bus.render(&mut out);
        let ev = drain(&events);
        assert_eq!(
            ev,
            vec![
                started(1, 0, 0),
                BusEvent::SegmentEnded {
                    program: 1,
                    index: 0,
                    frame: 1000,
                    frames: 1000,
                    cut: Some(Msg::verbatim("emergency")),
                    cut_by: None
                },
                BusEvent::SegmentDropped {
                    program: 1,
                    index: 1,
                    frame: 1000,
                    reason: Msg::verbatim("emergency"),
                    kind: DropKind::Stopped
                },
                BusEvent::ProgramEnded {
                    program: 1,
                    frame: 1000
                },
            ]
        );
        // The stop is read before the next frame is rendered: nothing more
        // of the program goes out.
        assert!(out.iter().all(|s| *s == 0.0));
    }

    #[test]
    fn a_late_start_begins_at_once() {
        let (mut bus, handle, events) = Bus::new();
        let mut out = vec![0.0; 2 * 128];
        bus.render(&mut out);
        handle.start(
            program(3, 0, 1000, vec![Cue::from_samples(0, tone(5, 1.0))]),
            10,
        );
        bus.render(&mut out);
        assert_eq!(drain(&events)[0], started(3, 0, 128));
        assert_eq!(out[0], 1.0);
    }

    #[test]
    fn a_normal_program_due_during_another_waits_for_its_end() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(1, 0, 10_000, vec![Cue::silent(0, 300), Cue::silent(1, 300)]),
            0,
        );
        handle.start(program(2, 0, 10_000, vec![Cue::silent(0, 100)]), 100);
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        let ev = drain(&events);
        assert_eq!(ev[2], started(1, 1, 300));
        assert_eq!(ev[5], started(2, 0, 600), "{ev:?}");
    }

    #[test]
    fn a_priority_program_goes_after_the_item_on_air() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(1, 0, 10_000, vec![Cue::silent(0, 300), Cue::silent(1, 300)]),
            0,
        );
        handle.start(program(2, 1, 10_000, vec![Cue::silent(0, 100)]), 100);
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        assert_eq!(
            drain(&events),
            vec![
                started(1, 0, 0),
                ended(1, 0, 300, 300),
                started(2, 0, 300),
                ended(2, 0, 400, 100),
                BusEvent::ProgramEnded {
                    program: 2,
                    frame: 400
                },
                started(1, 1, 400),
                ended(1, 1, 700, 300),
                BusEvent::ProgramEnded {
                    program: 1,
                    frame: 700
                },
            ]
        );
    }

    #[test]
    fn two_priority_programs_go_in_the_order_they_fell_due() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(1, 0, 10_000, vec![Cue::silent(0, 300), Cue::silent(1, 300)]),
            0,
        );
        handle.start(program(2, 1, 10_000, vec![Cue::silent(0, 100)]), 100);
        handle.start(program(3, 1, 10_000, vec![Cue::silent(0, 100)]), 150);
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        let starts: Vec<(u64, u64)> = drain(&events)
            .into_iter()
            .filter_map(|e| match e {
                BusEvent::SegmentStarted { program, frame, .. } => Some((program, frame)),
                _ => None,
            })
            .collect();
        assert_eq!(starts, vec![(1, 0), (2, 300), (3, 400), (1, 500)]);
    }

    #[test]
    fn an_emergency_cuts_in_and_the_program_resumes_within_its_grace() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(1, 0, 1_000, vec![Cue::silent(0, 300), Cue::silent(1, 300)]),
            0,
        );
        handle.start(program(9, 2, 0, vec![Cue::silent(0, 200)]), 100);
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        assert_eq!(
            drain(&events),
            vec![
                started(1, 0, 0),
                BusEvent::SegmentEnded {
                    program: 1,
                    index: 0,
                    frame: 100,
                    frames: 100,
                    cut: Some(msg!("reason-cut-by-emergency-program")),
                    cut_by: Some(9)
                },
                started(9, 0, 100),
                ended(9, 0, 300, 200),
                BusEvent::ProgramEnded {
                    program: 9,
                    frame: 300
                },
                started(1, 1, 300),
                ended(1, 1, 600, 300),
                BusEvent::ProgramEnded {
                    program: 1,
                    frame: 600
                },
            ]
        );
    }

    /// A relay cut at frame 100 by program 9 of `rank`: why, and by whom.
    fn relay_cut_by(rank: u8) -> BusEvent {
        let (mut bus, handle, events) = Bus::new();
        let relay = Cue::silent(0, 1_000).yielding();
        handle.start(program(1, 0, 1_000, vec![relay]), 0);
        handle.start(program(9, rank, 0, vec![Cue::silent(0, 50)]), 100);
        let mut out = vec![0.0; 2 * 400];
        bus.render(&mut out);
        drain(&events)
            .into_iter()
            .find(|e| matches!(e, BusEvent::SegmentEnded { program: 1, .. }))
            .unwrap()
    }

    #[test]
    fn a_relay_gives_way_to_the_next_program_and_names_an_emergency() {
        let cut = |reason: Msg, by: Option<u64>| BusEvent::SegmentEnded {
            program: 1,
            index: 0,
            frame: 100,
            frames: 100,
            cut: Some(reason),
            cut_by: by,
        };
        assert_eq!(
            relay_cut_by(0),
            cut(msg!("reason-relay-next-program"), None)
        );
        assert_eq!(
            relay_cut_by(1),
            cut(msg!("reason-relay-next-program"), None)
        );
        assert_eq!(
            relay_cut_by(2),
            cut(msg!("reason-cut-by-emergency-program"), Some(9))
        );
    }

    #[test]
    fn after_a_long_emergency_the_cut_program_is_not_resumed() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(1, 0, 50, vec![Cue::silent(0, 300), Cue::silent(1, 300)]),
            0,
        );
        handle.start(program(9, 2, 0, vec![Cue::silent(0, 200)]), 100);
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        let ev = drain(&events);
        assert_eq!(
            ev[5],
            BusEvent::SegmentDropped {
                program: 1,
                index: 1,
                frame: 300,
                reason: msg!("reason-not-resumed"),
                kind: DropKind::NotResumed
            }
        );
        assert_eq!(
            ev[6],
            BusEvent::ProgramEnded {
                program: 1,
                frame: 300
            }
        );
    }

    #[test]
    fn a_program_that_cannot_start_within_its_grace_is_dropped() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(program(1, 0, 0, vec![Cue::silent(0, 500)]), 0);
        handle.start(
            program(2, 0, 100, vec![Cue::silent(0, 10), Cue::silent(1, 10)]),
            100,
        );
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        let ev = drain(&events);
        let reason = msg!("reason-late");
        let dropped = |index| BusEvent::SegmentDropped {
            program: 2,
            index,
            frame: 500,
            reason: reason.clone(),
            kind: DropKind::Late,
        };
        assert!(ev.contains(&dropped(0)));
        assert!(ev.contains(&dropped(1)));
        assert!(ev.contains(&BusEvent::ProgramEnded {
            program: 2,
            frame: 500
        }));
    }

    #[test]
    fn advance_skips_silent_cues_in_steps_and_stops_at_boundaries() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            program(
                1,
                0,
                0,
                vec![Cue::silent(0, 48_000 * 3600), Cue::silent(1, 10)],
            ),
            1_000,
        );
        assert_eq!(bus.advance(u64::MAX), 1_000, "up to the due frame");
        assert_eq!(
            bus.advance(u64::MAX),
            48_000 * 3600,
            "a whole hour in one step"
        );
        assert_eq!(bus.advance(u64::MAX), 10);
        let ev = drain(&events);
        assert_eq!(
            ev.last(),
            Some(&BusEvent::ProgramEnded {
                program: 1,
                frame: 1_000 + 48_000 * 3600 + 10
            })
        );
        assert!(!bus.busy());
    }
}
