//! A look-ahead peak limiter for levelled items: a quiet, peaky phone
//! recording can be brought up to the station's loudness without its
//! loudest syllables clipping the loudspeakers' amplifier.
//!
//! The classic brick-wall design: for each frame the gain it needs to stay
//! under the ceiling; the minimum of that over the next `L` frames (a
//! sliding minimum); that minimum averaged over `L` frames (so the gain
//! glides down in `L` frames instead of jumping) and released slowly; the
//! audio delayed by `L` frames to meet it. Every frame that leaves is at
//! most the ceiling, and a stretch that never needs limiting leaves
//! untouched, bit for bit.

use std::collections::VecDeque;

/// Look-ahead and attack: 5 ms at 48 kHz.
const LOOKAHEAD: usize = 240;
/// The gain recovers by this fraction of the way each frame (50 ms).
const RELEASE: f32 = 1.0 / 2_400.0;
/// Closer to 1 than this (−0.001 dB) the gain is 1: the rest of the item
/// passes untouched.
const UNITY: f32 = 0.999_9;

/// Limits an interleaved stereo stream (48 kHz) to `ceiling` (linear).
pub struct Limiter<I> {
    inner: Option<I>,
    ceiling: f32,
    /// Frames waiting to leave, `LOOKAHEAD` behind the input.
    delay: VecDeque<[f32; 2]>,
    /// Sliding minimum of the needed gain: (frame number, gain), increasing.
    minima: VecDeque<(u64, f32)>,
    /// The last `LOOKAHEAD` held minima, and their sum.
    held: VecDeque<f32>,
    held_sum: f64,
    /// How many of `held` are below 1 (when none are, the gain is exactly 1).
    held_limiting: usize,
    frame: u64,
    gain: f32,
    /// The right sample of a frame already sent left.
    pending: Option<f32>,
    /// Input frames still owed after the source ended (the delay draining).
    drain: usize,
}

impl<I: Iterator<Item = f32>> Limiter<I> {
    pub fn new(inner: I, ceiling: f32) -> Limiter<I> {
        Limiter {
            inner: Some(inner),
            ceiling,
            delay: VecDeque::with_capacity(LOOKAHEAD + 1),
            minima: VecDeque::new(),
            held: VecDeque::with_capacity(LOOKAHEAD + 1),
            held_sum: 0.0,
            held_limiting: 0,
            frame: 0,
            gain: 1.0,
            pending: None,
            drain: LOOKAHEAD,
        }
    }

    /// Takes one frame in; gives the gain for the frame now leaving.
    fn push(&mut self, f: [f32; 2]) -> f32 {
        let peak = f[0].abs().max(f[1].abs());
        let need = if peak > self.ceiling {
            self.ceiling / peak
        } else {
            1.0
        };
        while self.minima.back().is_some_and(|&(_, g)| g >= need) {
            self.minima.pop_back();
        }
        self.minima.push_back((self.frame, need));
        while self
            .minima
            .front()
            .is_some_and(|&(n, _)| n + (LOOKAHEAD as u64) < self.frame)
        {
            self.minima.pop_front();
        }
        let hold = self.minima.front().map_or(1.0, |&(_, g)| g);
        self.held.push_back(hold);
        self.held_sum += f64::from(hold);
        self.held_limiting += usize::from(hold < 1.0);
        if self.held.len() > LOOKAHEAD
            && let Some(old) = self.held.pop_front()
        {
            self.held_sum -= f64::from(old);
            self.held_limiting -= usize::from(old < 1.0);
        }
        self.frame += 1;
        self.delay.push_back(f);
        let smooth = if self.held_limiting == 0 {
            1.0
        } else {
            (self.held_sum / LOOKAHEAD as f64).min(1.0) as f32
        };
        self.gain = if smooth <= self.gain {
            smooth
        } else {
            (self.gain + (smooth - self.gain) * RELEASE).min(smooth)
        };
        if self.held_limiting == 0 && self.gain > UNITY {
            self.gain = 1.0;
        }
        self.gain
    }

    fn next_frame(&mut self) -> Option<[f32; 2]> {
        loop {
            let input = match self.inner.as_mut() {
                Some(src) => match (src.next(), src.next()) {
                    (Some(l), Some(r)) => Some([l, r]),
                    _ => {
                        self.inner = None;
                        None
                    }
                },
                None => None,
            };
            let frame = match input {
                Some(f) => f,
                None if self.drain > 0 && !self.delay.is_empty() => {
                    self.drain -= 1;
                    [0.0, 0.0]
                }
                None => return None,
            };
            let g = self.push(frame);
            if self.delay.len() > LOOKAHEAD
                && let Some(out) = self.delay.pop_front()
            {
                return Some(if g == 1.0 {
                    out
                } else {
                    [out[0] * g, out[1] * g]
                });
            }
        }
    }
}

impl<I: Iterator<Item = f32>> Iterator for Limiter<I> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if let Some(r) = self.pending.take() {
            return Some(r);
        }
        let [l, r] = self.next_frame()?;
        self.pending = Some(r);
        Some(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(frames: usize, amp: f32) -> Vec<f32> {
        (0..frames)
            .flat_map(|i| {
                let s = amp * (i as f32 * 0.05).sin();
                [s, -s]
            })
            .collect()
    }

    #[test]
    fn nothing_over_the_ceiling_leaves_bit_for_bit_and_whole() {
        let input = tone(10_000, 0.5);
        let out: Vec<f32> = Limiter::new(input.clone().into_iter(), 0.8).collect();
        assert_eq!(out, input);
        let short = tone(7, 0.5);
        let out: Vec<f32> = Limiter::new(short.clone().into_iter(), 0.8).collect();
        assert_eq!(out, short);
    }

    #[test]
    fn peaks_are_held_under_the_ceiling_and_quiet_parts_recover() {
        // Quiet, then a loud burst, then quiet again.
        let mut input = tone(4_800, 0.1);
        input.extend(tone(2_400, 2.0));
        input.extend(tone(48_000, 0.1));
        let out: Vec<f32> = Limiter::new(input.clone().into_iter(), 0.9).collect();
        assert_eq!(out.len(), input.len(), "every frame, no more");
        assert!(out.iter().all(|s| s.abs() <= 0.9 + 1e-6));
        // Before the burst's look-ahead the quiet part is untouched…
        let before = 2 * (4_800 - LOOKAHEAD);
        assert_eq!(out[..before], input[..before]);
        // …and well after it the gain is back to 1.
        let tail = out.len() - 2 * 4_800;
        assert_eq!(out[tail..], input[tail..]);
        // The burst itself is still loud, just not over.
        let burst_peak = out[2 * 4_800..2 * 7_200]
            .iter()
            .fold(0f32, |m, s| m.max(s.abs()));
        assert!(burst_peak > 0.85, "{burst_peak}");
    }
}
