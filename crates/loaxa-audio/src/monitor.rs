//! The silence monitor: the output measures its own signal (RMS over each
//! 100 ms, 4,800 frames) and reports an item on air that has been quieter
//! than the threshold for longer than the station allows. The line monitor
//! does the same for the loudspeaker line captured on line-in, while the
//! output itself is not silent: the amplifier or the line is down.
//!
//! Measuring costs a multiply-add per sample and a logarithm per 100 ms;
//! nothing is allocated per block. Only real audio is measured: a
//! simulation's silent cues go through `PacedSession::skip`, which renders
//! nothing, so they are never taken for silence.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use crate::RATE;

/// Frames measured together: 100 ms.
pub const WINDOW: u64 = RATE as u64 / 10;

/// When quiet is silence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SilenceLimits {
    /// Below this RMS level (dBFS) a window is quiet.
    pub threshold_db: f32,
    /// Quiet for longer than this (frames at 48 kHz) is silence.
    pub after: u64,
}

impl SilenceLimits {
    pub const DEFAULT_DB: f32 = -45.0;
    pub const DEFAULT_AFTER_SECONDS: u64 = 15;
}

impl Default for SilenceLimits {
    fn default() -> Self {
        SilenceLimits {
            threshold_db: Self::DEFAULT_DB,
            after: Self::DEFAULT_AFTER_SECONDS * RATE as u64,
        }
    }
}

/// Where silence was heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SilenceSource {
    /// The station's own output.
    Output,
    /// The loudspeaker line, monitored on line-in, while the output was not silent.
    Input,
}

/// A stretch of silence begins (reported once it has lasted the limit) or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<T> {
    Began {
        airing: u64,
        index: usize,
        began: T,
    },
    Ended {
        airing: u64,
        index: usize,
        began: T,
        ended: T,
    },
}

impl<T: Copy> Change<T> {
    pub fn map<U>(self, f: impl Fn(T) -> U) -> Change<U> {
        match self {
            Change::Began {
                airing,
                index,
                began,
            } => Change::Began {
                airing,
                index,
                began: f(began),
            },
            Change::Ended {
                airing,
                index,
                began,
                ended,
            } => Change::Ended {
                airing,
                index,
                began: f(began),
                ended: f(ended),
            },
        }
    }
}

/// The RMS level of `sum_sq` over `samples` samples, in dBFS (−∞ as −200).
fn db(sum_sq: f64, samples: u64) -> f32 {
    if samples == 0 || sum_sq <= 0.0 {
        return -200.0;
    }
    (10.0 * (sum_sq / samples as f64).log10()) as f32
}

/// The item on air and its level, as the output last measured it: what
/// the line monitor compares the line with. Written by the player every
/// 100 ms, read by the line monitor's thread.
pub struct OutputLevel {
    db_bits: AtomicU32,
    /// Airing on air plus one (0: nothing measured on air).
    airing: AtomicU64,
    index: AtomicU64,
}

impl Default for OutputLevel {
    fn default() -> Self {
        OutputLevel {
            db_bits: AtomicU32::new((-200.0f32).to_bits()),
            airing: AtomicU64::new(0),
            index: AtomicU64::new(0),
        }
    }
}

impl OutputLevel {
    fn set(&self, item: Option<(u64, usize)>, level: f32) {
        let (a, i) = item.map_or((0, 0), |(a, i)| (a.saturating_add(1), i as u64));
        self.index.store(i, Ordering::Relaxed);
        self.db_bits.store(level.to_bits(), Ordering::Relaxed);
        self.airing.store(a, Ordering::Release);
    }

    /// The item on air and the output's last level, if something is on air.
    pub fn now(&self) -> Option<(u64, usize, f32)> {
        let a = self.airing.load(Ordering::Acquire);
        let i = self.index.load(Ordering::Relaxed);
        let level = f32::from_bits(self.db_bits.load(Ordering::Relaxed));
        (a > 0).then(|| (a - 1, i as usize, level))
    }
}

/// The output's meter and silence detector, in frames of the session.
pub struct OutputWatch {
    limits: SilenceLimits,
    level: Option<Arc<OutputLevel>>,
    item: Option<(u64, usize)>,
    sum: f64,
    n: u64,
    /// First frame of the quiet stretch going on.
    quiet_since: Option<u64>,
    /// The stretch has been reported for the item on air.
    reported: bool,
}

impl OutputWatch {
    pub fn new(limits: SilenceLimits, level: Option<Arc<OutputLevel>>) -> OutputWatch {
        OutputWatch {
            limits,
            level,
            item: None,
            sum: 0.0,
            n: 0,
            quiet_since: None,
            reported: false,
        }
    }

    /// The item on air changes at `frame` (None: nothing on air). A silence
    /// reported for the item ending ends there; one going on goes on for
    /// the next item of the airing (reported for it at once).
    pub fn item(&mut self, item: Option<(u64, usize)>, frame: u64, out: &mut Vec<Change<u64>>) {
        if item == self.item {
            return;
        }
        if let (Some((airing, index)), Some(began), true) =
            (self.item, self.quiet_since, self.reported)
        {
            out.push(Change::Ended {
                airing,
                index,
                began,
                ended: frame,
            });
        }
        self.reported = false;
        self.sum = 0.0;
        self.n = 0;
        let same_airing = matches!((self.item, item), (Some((a, _)), Some((b, _))) if a == b);
        if !same_airing {
            // Between programs the air is quiet by design.
            self.quiet_since = None;
        }
        self.item = item;
        if let (Some((airing, index)), Some(began)) = (item, self.quiet_since)
            && frame.saturating_sub(began) > self.limits.after
        {
            self.reported = true;
            self.quiet_since = Some(frame);
            out.push(Change::Began {
                airing,
                index,
                began: frame,
            });
        }
        if item.is_none()
            && let Some(l) = &self.level
        {
            l.set(None, -200.0);
        }
    }

    /// Measures `samples` (interleaved stereo) whose first frame is `first`.
    pub fn feed(&mut self, samples: &[f32], first: u64, out: &mut Vec<Change<u64>>) {
        let Some((airing, index)) = self.item else {
            return;
        };
        let mut frame = first;
        for pair in samples.chunks_exact(2) {
            self.sum += f64::from(pair[0] * pair[0] + pair[1] * pair[1]);
            self.n += 1;
            frame += 1;
            if self.n == WINDOW {
                let level = db(self.sum, self.n * 2);
                self.window(level, frame, (airing, index), out);
                self.sum = 0.0;
                self.n = 0;
            }
        }
    }

    /// A window ending before `end` measured `level`.
    fn window(&mut self, level: f32, end: u64, item: (u64, usize), out: &mut Vec<Change<u64>>) {
        if let Some(l) = &self.level {
            l.set(Some(item), level);
        }
        let start = end - WINDOW;
        if level < self.limits.threshold_db {
            let began = *self.quiet_since.get_or_insert(start);
            if !self.reported && end - began > self.limits.after {
                self.reported = true;
                out.push(Change::Began {
                    airing: item.0,
                    index: item.1,
                    began,
                });
            }
            return;
        }
        if let (Some(began), true) = (self.quiet_since, self.reported) {
            out.push(Change::Ended {
                airing: item.0,
                index: item.1,
                began,
                ended: start,
            });
        }
        self.quiet_since = None;
        self.reported = false;
    }
}

/// The line monitor's detector: the line is silent while the output is not.
/// Works in wall-clock time (the line has no frames of the session).
pub struct LineWatch {
    limits: SilenceLimits,
    sum: f64,
    n: u64,
    /// When the line went quiet while the output was sounding, and the item.
    quiet: Option<(DateTime<Utc>, (u64, usize))>,
    reported: bool,
}

impl LineWatch {
    pub fn new(limits: SilenceLimits) -> LineWatch {
        LineWatch {
            limits,
            sum: 0.0,
            n: 0,
            quiet: None,
            reported: false,
        }
    }

    /// Measures the line's `samples`; at each full window compares it with
    /// the output (`output`: the item on air and its level) at `now()`.
    pub fn feed(
        &mut self,
        samples: &[f32],
        output: impl Fn() -> Option<(u64, usize, f32)>,
        now: impl Fn() -> DateTime<Utc>,
        out: &mut Vec<Change<DateTime<Utc>>>,
    ) {
        for pair in samples.chunks_exact(2) {
            self.sum += f64::from(pair[0] * pair[0] + pair[1] * pair[1]);
            self.n += 1;
            if self.n == WINDOW {
                let line = db(self.sum, self.n * 2);
                self.sum = 0.0;
                self.n = 0;
                self.window(line, output(), now(), out);
            }
        }
    }

    fn window(
        &mut self,
        line: f32,
        output: Option<(u64, usize, f32)>,
        now: DateTime<Utc>,
        out: &mut Vec<Change<DateTime<Utc>>>,
    ) {
        let window = chrono::Duration::milliseconds(100);
        let threshold = self.limits.threshold_db;
        let sounding = output.filter(|(_, _, level)| *level >= threshold);
        let item = sounding.map(|(a, i, _)| (a, i));
        let line_quiet = line < threshold;
        let same_item = matches!((self.quiet, item), (Some((_, q)), Some(i)) if q == i);
        match (line_quiet, item) {
            // Only a line quiet while the output sounds, for the same item, counts.
            (true, Some(i)) if same_item || self.quiet.is_none() => {
                let (began, _) = *self.quiet.get_or_insert((now - window, i));
                let after = chrono::Duration::milliseconds(
                    i64::try_from(self.limits.after * 1_000 / RATE as u64).unwrap_or(i64::MAX),
                );
                if !self.reported && now - began > after {
                    self.reported = true;
                    out.push(Change::Began {
                        airing: i.0,
                        index: i.1,
                        began,
                    });
                }
            }
            // The output itself went quiet: the line cannot be judged.
            (true, None) if self.quiet.is_some() && !self.reported => self.quiet = None,
            (true, None) => {}
            _ => {
                if let (Some((began, (airing, index))), true) = (self.quiet, self.reported) {
                    out.push(Change::Ended {
                        airing,
                        index,
                        began,
                        ended: now - window,
                    });
                }
                self.quiet = None;
                self.reported = false;
                if let (true, Some(i)) = (line_quiet, item) {
                    self.quiet = Some((now - window, i));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: u64 = RATE as u64;

    /// The item on air (or none), frames, the tone's amplitude.
    type Part = (Option<(u64, usize)>, u64, f32);
    /// The line's amplitude, the output's level (none: nothing on air), seconds.
    type LinePart = (f32, Option<f32>, u64);
    /// A case: its name, what plays, what the watch must report.
    type Case = (&'static str, Vec<Part>, Vec<Change<u64>>);

    fn tone(frames: u64, amplitude: f32) -> Vec<f32> {
        (0..frames)
            .flat_map(|i| {
                let s =
                    amplitude * (i as f32 * 2.0 * std::f32::consts::PI * 440.0 / 48_000.0).sin();
                [s, s]
            })
            .collect()
    }

    /// Plays `parts` (item, frames, amplitude) through a watch, in 480-frame
    /// blocks, and returns what it reported.
    fn run(parts: &[Part]) -> Vec<Change<u64>> {
        let limits = SilenceLimits {
            threshold_db: -45.0,
            after: 2 * S,
        };
        let level = Arc::new(OutputLevel::default());
        let mut w = OutputWatch::new(limits, Some(level));
        let mut out = Vec::new();
        let mut frame = 0;
        for (item, frames, amplitude) in parts {
            w.item(*item, frame, &mut out);
            let samples = tone(*frames, *amplitude);
            for block in samples.chunks(960) {
                w.feed(block, frame, &mut out);
                frame += block.len() as u64 / 2;
            }
        }
        w.item(None, frame, &mut out);
        out
    }

    #[test]
    fn silence_is_reported_after_the_limit_and_ends_where_sound_returns() {
        let a = Some((7, 0));
        let b = Some((7, 1));
        let began = |index, began| Change::Began {
            airing: 7,
            index,
            began,
        };
        let ended = |index, began, ended| Change::Ended {
            airing: 7,
            index,
            began,
            ended,
        };
        let cases: Vec<Case> = vec![
            ("a tone", vec![(a, 5 * S, 0.5)], vec![]),
            (
                "silence for the whole item",
                vec![(a, 5 * S, 0.0)],
                vec![began(0, 0), ended(0, 0, 5 * S)],
            ),
            (
                // −60 dBFS RMS: quiet.
                "a tone below the threshold",
                vec![(a, 5 * S, 0.0014)],
                vec![began(0, 0), ended(0, 0, 5 * S)],
            ),
            (
                "a gap shorter than the limit",
                vec![(a, S, 0.5), (a, S, 0.0), (a, S, 0.5)],
                vec![],
            ),
            (
                "sound returns",
                vec![(a, S, 0.5), (a, 3 * S, 0.0), (a, S, 0.5)],
                vec![began(0, S), ended(0, S, 4 * S)],
            ),
            (
                "silence spanning the end of an item",
                vec![(a, S, 0.5), (a, 3 * S, 0.0), (b, 2 * S, 0.0), (b, S, 0.5)],
                vec![
                    began(0, S),
                    ended(0, S, 4 * S),
                    began(1, 4 * S),
                    ended(1, 4 * S, 6 * S),
                ],
            ),
            (
                "quiet before and after an item boundary, under the limit in all",
                vec![(a, S, 0.0), (None, 5 * S, 0.0), (Some((8, 0)), S, 0.0)],
                vec![],
            ),
        ];
        for (name, parts, expected) in cases {
            assert_eq!(run(&parts), expected, "{name}");
        }
    }

    #[test]
    fn the_line_is_down_when_it_is_quiet_while_the_output_sounds() {
        let limits = SilenceLimits {
            threshold_db: -45.0,
            after: 2 * S,
        };
        let t0 = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap();
        let at = |ms: i64| t0 + chrono::Duration::milliseconds(ms);
        // (the line's amplitude, the output's level or nothing on air, seconds)
        let cases: Vec<(&str, Vec<LinePart>, usize)> = vec![
            ("line and output sound", vec![(0.5, Some(-10.0), 5)], 0),
            ("line quiet, output quiet", vec![(0.0, Some(-80.0), 5)], 0),
            ("line quiet, nothing on air", vec![(0.0, None, 5)], 0),
            ("line quiet, output sounds", vec![(0.0, Some(-10.0), 5)], 2),
            (
                "line quiet a moment",
                vec![(0.0, Some(-10.0), 1), (0.5, Some(-10.0), 3)],
                0,
            ),
        ];
        for (name, parts, expected) in cases {
            let mut w = LineWatch::new(limits);
            let mut out = Vec::new();
            let mut ms = 0;
            for (amp, output, secs) in parts {
                for _ in 0..secs * 10 {
                    ms += 100;
                    let now = at(ms);
                    let samples = tone(WINDOW, amp);
                    w.feed(&samples, || output.map(|l| (3, 0, l)), || now, &mut out);
                }
            }
            // The line comes back: a reported silence ends.
            for _ in 0..2 {
                ms += 100;
                let now = at(ms);
                w.feed(&tone(WINDOW, 0.5), || Some((3, 0, -10.0)), || now, &mut out);
            }
            assert_eq!(out.len(), expected, "{name}: {out:?}");
            if expected == 2 {
                assert_eq!(
                    out[0],
                    Change::Began {
                        airing: 3,
                        index: 0,
                        began: at(0)
                    }
                );
            }
        }
    }
}
