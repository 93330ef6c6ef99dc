//! The bus: the one mixing point every output reads from (sound card, WAV,
//! null). It is a rodio `Source` at 48 kHz stereo that plays silence until a
//! program's start frame, then the program's segments back to back, sample
//! after sample, and reports each boundary as a frame number.
//!
//! Frame numbers, not clock readings, are the bus's notion of time: the
//! output that pulls the samples knows when each frame leaves, so it turns
//! them into wall-clock times. The bus itself does no I/O and reads no clock,
//! which is what lets it run inside a sound card's callback.

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use super::decode::{DecodeStats, FileDecoder};
use super::resample::{ResampleSetupError, To48k};

pub const RATE: u32 = 48_000;
pub const CHANNELS: u16 = 2;

/// How often (in frames) the bus looks for commands. A start is exact to the
/// frame regardless, because it carries its frame number; this only bounds
/// how late a stop takes effect (about 1.3 ms).
const COMMAND_POLL_FRAMES: u64 = 64;

/// One segment ready to play: the decoder, already converted to the bus format.
pub struct Cue {
    /// Position of this segment in the slot's program.
    pub index: usize,
    source: Box<dyn Iterator<Item = f32> + Send>,
    pub stats: Arc<DecodeStats>,
}

impl Cue {
    /// Converts a decoder to 48 kHz stereo.
    pub fn new(index: usize, decoder: FileDecoder) -> Result<Cue, ResampleSetupError> {
        let stats = decoder.stats();
        Ok(Cue {
            index,
            source: Box::new(To48k::new(decoder)?),
            stats,
        })
    }

    /// Decodes the first `frames` ahead of time, so the first block of a
    /// program costs nothing at its instant.
    pub fn prime(&mut self, frames: usize) {
        let head: Vec<f32> = self.source.by_ref().take(frames * 2).collect();
        let rest = std::mem::replace(&mut self.source, Box::new(std::iter::empty()));
        self.source = Box::new(head.into_iter().chain(rest));
    }

    /// A cue from raw bus-format samples (tests, generated tones).
    pub fn from_samples(index: usize, samples: Vec<f32>) -> Cue {
        Cue {
            index,
            source: Box::new(samples.into_iter()),
            stats: Arc::new(DecodeStats::default()),
        }
    }
}

/// A program handed to the bus.
pub struct Program {
    pub id: u64,
    pub cues: Vec<Cue>,
}

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
        cut: Option<String>,
    },
    ProgramEnded {
        program: u64,
        frame: u64,
    },
}

enum BusCommand {
    Start { program: Program, at_frame: u64 },
    Stop { reason: String },
}

/// Controls a bus that may live on another thread (a sound card callback).
#[derive(Clone)]
pub struct BusHandle {
    commands: Sender<BusCommand>,
    frame: Arc<AtomicU64>,
}

impl BusHandle {
    /// Queues a program to start exactly at `at_frame` (or at once if that
    /// frame has passed).
    pub fn start(&self, program: Program, at_frame: u64) {
        let _ = self.commands.send(BusCommand::Start { program, at_frame });
    }

    /// Cuts the program on air.
    pub fn stop(&self, reason: &str) {
        let _ = self.commands.send(BusCommand::Stop {
            reason: reason.to_string(),
        });
    }

    /// Frames the bus has produced so far.
    pub fn frame(&self) -> u64 {
        self.frame.load(Ordering::Acquire)
    }
}

struct OnAir {
    program: u64,
    cues: std::vec::IntoIter<Cue>,
    current: Option<Cue>,
    /// Frames of the current cue so far.
    cue_frames: u64,
}

pub struct Bus {
    commands: Receiver<BusCommand>,
    events: Sender<BusEvent>,
    shared_frame: Arc<AtomicU64>,
    frame: u64,
    /// Second sample of the current frame, when the first has gone out.
    right: Option<f32>,
    pending: Option<(Program, u64)>,
    on_air: Option<OnAir>,
}

impl Bus {
    pub fn new() -> (Bus, BusHandle, Receiver<BusEvent>) {
        let (ctx, crx) = channel();
        let (etx, erx) = channel();
        let frame = Arc::new(AtomicU64::new(0));
        let bus = Bus {
            commands: crx,
            events: etx,
            shared_frame: Arc::clone(&frame),
            frame: 0,
            right: None,
            pending: None,
            on_air: None,
        };
        (
            bus,
            BusHandle {
                commands: ctx,
                frame,
            },
            erx,
        )
    }

    fn emit(&self, e: BusEvent) {
        let _ = self.events.send(e);
    }

    fn poll_commands(&mut self) {
        loop {
            match self.commands.try_recv() {
                Ok(BusCommand::Start { program, at_frame }) => {
                    // A new program replaces one still waiting; one on air is
                    // cut first (the player never sends that, but be safe).
                    if self.on_air.is_some() {
                        self.cut("another program started");
                    }
                    self.pending = Some((program, at_frame));
                }
                Ok(BusCommand::Stop { reason }) => {
                    if self.on_air.is_some() {
                        self.cut(&reason);
                    } else if let Some((p, _)) = self.pending.take() {
                        self.emit(BusEvent::ProgramEnded {
                            program: p.id,
                            frame: self.frame,
                        });
                    }
                }
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return,
            }
        }
    }

    /// Ends the segment on air and the program, at the current frame.
    fn cut(&mut self, reason: &str) {
        if let Some(air) = self.on_air.take() {
            if let Some(cue) = air.current {
                self.emit(BusEvent::SegmentEnded {
                    program: air.program,
                    index: cue.index,
                    frame: self.frame,
                    frames: air.cue_frames,
                    cut: Some(reason.to_string()),
                });
            }
            self.emit(BusEvent::ProgramEnded {
                program: air.program,
                frame: self.frame,
            });
        }
    }

    /// The left sample of the next frame of the program, moving across
    /// segment boundaries without losing or adding a sample.
    fn next_program_frame(&mut self) -> Option<(f32, f32)> {
        loop {
            let air = self.on_air.as_mut()?;
            if let Some(cue) = air.current.as_mut() {
                if let Some(l) = cue.source.next() {
                    // A source ending mid-frame (odd sample count) gets a silent right.
                    let r = cue.source.next().unwrap_or(0.0);
                    air.cue_frames += 1;
                    return Some((l, r));
                }
                let (program, index, frames) = (air.program, cue.index, air.cue_frames);
                air.current = None;
                self.emit(BusEvent::SegmentEnded {
                    program,
                    index,
                    frame: self.frame,
                    frames,
                    cut: None,
                });
                continue;
            }
            let air = self.on_air.as_mut()?;
            match air.cues.next() {
                Some(cue) => {
                    let (program, index) = (air.program, cue.index);
                    air.current = Some(cue);
                    air.cue_frames = 0;
                    self.emit(BusEvent::SegmentStarted {
                        program,
                        index,
                        frame: self.frame,
                    });
                }
                None => {
                    let program = air.program;
                    self.on_air = None;
                    self.emit(BusEvent::ProgramEnded {
                        program,
                        frame: self.frame,
                    });
                    return None;
                }
            }
        }
    }

    fn next_frame(&mut self) -> (f32, f32) {
        if self.frame.is_multiple_of(COMMAND_POLL_FRAMES) {
            self.poll_commands();
        }
        if let Some((_, at)) = &self.pending
            && self.frame >= *at
            && let Some((program, _)) = self.pending.take()
        {
            self.on_air = Some(OnAir {
                program: program.id,
                cues: program.cues.into_iter(),
                current: None,
                cue_frames: 0,
            });
        }
        let out = self.next_program_frame().unwrap_or((0.0, 0.0));
        self.frame += 1;
        self.shared_frame.store(self.frame, Ordering::Release);
        out
    }

    /// Whether a program is on air or waiting to start.
    pub fn busy(&self) -> bool {
        self.on_air.is_some() || self.pending.is_some()
    }

    /// Fills `out` with interleaved stereo frames (for paced outputs).
    pub fn render(&mut self, out: &mut [f32]) {
        for frame in out.chunks_exact_mut(2) {
            let (l, r) = self.next_frame();
            frame[0] = l;
            frame[1] = r;
        }
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

    fn drain(events: &Receiver<BusEvent>) -> Vec<BusEvent> {
        events.try_iter().collect()
    }

    #[test]
    fn starts_on_the_frame_and_joins_segments_without_a_gap() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            Program {
                id: 7,
                cues: vec![
                    Cue::from_samples(0, tone(100, 0.25)),
                    Cue::from_samples(2, tone(50, -0.5)),
                ],
            },
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
                BusEvent::SegmentStarted {
                    program: 7,
                    index: 0,
                    frame: 10
                },
                BusEvent::SegmentEnded {
                    program: 7,
                    index: 0,
                    frame: 110,
                    frames: 100,
                    cut: None
                },
                BusEvent::SegmentStarted {
                    program: 7,
                    index: 2,
                    frame: 110
                },
                BusEvent::SegmentEnded {
                    program: 7,
                    index: 2,
                    frame: 160,
                    frames: 50,
                    cut: None
                },
                BusEvent::ProgramEnded {
                    program: 7,
                    frame: 160
                },
            ]
        );
        assert!(!bus.busy());
    }

    #[test]
    fn a_stop_cuts_the_segment_on_air() {
        let (mut bus, handle, events) = Bus::new();
        handle.start(
            Program {
                id: 1,
                cues: vec![
                    Cue::from_samples(0, tone(10_000, 0.1)),
                    Cue::from_samples(1, tone(10, 0.2)),
                ],
            },
            0,
        );
        let mut out = vec![0.0; 2 * 1000];
        bus.render(&mut out);
        handle.stop("emergency");
        bus.render(&mut out);
        let ev = drain(&events);
        assert_eq!(
            ev[0],
            BusEvent::SegmentStarted {
                program: 1,
                index: 0,
                frame: 0
            }
        );
        // The stop is seen at the next command poll after it was sent.
        assert_eq!(
            ev[1],
            BusEvent::SegmentEnded {
                program: 1,
                index: 0,
                frame: 1024,
                frames: 1024,
                cut: Some("emergency".into())
            }
        );
        assert_eq!(
            ev[2],
            BusEvent::ProgramEnded {
                program: 1,
                frame: 1024
            }
        );
        assert_eq!(ev.len(), 3);
        assert!(out[2 * 24..].iter().all(|s| *s == 0.0));
    }

    #[test]
    fn a_late_start_begins_at_once() {
        let (mut bus, handle, events) = Bus::new();
        let mut out = vec![0.0; 2 * 128];
        bus.render(&mut out);
        handle.start(
            Program {
                id: 3,
                cues: vec![Cue::from_samples(0, tone(5, 1.0))],
            },
            10,
        );
        bus.render(&mut out);
        assert_eq!(
            drain(&events)[0],
            BusEvent::SegmentStarted {
                program: 3,
                index: 0,
                frame: 128
            }
        );
        assert_eq!(out[0], 1.0);
    }
}
