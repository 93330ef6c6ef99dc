//! A live source (a network stream, the line input) converted to the bus
//! format, 48 kHz stereo, with its drift corrected.
//!
//! A live source runs on its own clock: a server that sends a little slower
//! than real time, a capture card whose 48 kHz is 47.99 kHz. Files are read
//! as fast as wanted; a live source cannot be, so the feed between it and
//! the bus would slowly empty and the relay would stutter. While the feed
//! is at least half its target, the ratio is exactly `48000 / rate` (the
//! audio is sample-for-sample a plain resample); below that, each input
//! frame is stretched into slightly more output, at most 2 %, in proportion
//! to how far below the fill is. rubato's asynchronous sinc resampler ramps
//! from one ratio to the next within a chunk, so the change is a smooth
//! glide in pitch (2 % is a third of a semitone at the most), never a click.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{
    Adjustable, Async, FixedAsync, Resampler, SincInterpolationParameters, SincInterpolationType,
    WindowFunction,
};

use crate::RATE;

/// Input frames per resampler call: at 48 kHz about 21 ms, so a change of
/// ratio follows the fill closely.
const CHUNK: usize = 1024;
/// The most the stream is stretched: 2 % more output frames per input frame.
const MAX_STRETCH: f64 = 0.02;

/// Why a live resampler cannot be made (a rate rubato refuses).
#[derive(Debug, thiserror::Error)]
#[error("cannot resample a live source from {rate} Hz: {why}")]
pub struct LiveResampleError {
    rate: u32,
    why: String,
}

/// Converts interleaved samples at a source's rate and channels to
/// interleaved stereo 48 kHz, stretching slightly when the feed runs low.
pub struct LiveResampler {
    rs: Async<f32>,
    in_channels: usize,
    /// Channels resampled: 1 for mono (doubled afterwards: half the work),
    /// else 2.
    channels: usize,
    /// Input frames waiting for a full chunk, `channels` interleaved.
    pending: Vec<f32>,
    outbuf: Vec<f32>,
    out: Vec<f32>,
    /// The relative ratio now in force (1.0: exact).
    stretch: f64,
}

impl LiveResampler {
    pub fn new(in_rate: u32, in_channels: u16) -> Result<LiveResampler, LiveResampleError> {
        let ratio = f64::from(RATE) / f64::from(in_rate.max(1));
        let params = SincInterpolationParameters {
            // Shorter than a file's FFT resampler: a 30-minute relay must
            // cost little CPU; 128 taps keep the passband flat to ~20 kHz.
            sinc_len: 128,
            f_cutoff: None,
            oversampling_factor: 128,
            interpolation: SincInterpolationType::Linear,
            window: WindowFunction::BlackmanHarris2,
        };
        let channels = if in_channels == 1 { 1 } else { 2 };
        let rs = Async::<f32>::new_sinc(
            ratio,
            1.0 + MAX_STRETCH,
            &params,
            CHUNK,
            channels,
            FixedAsync::Input,
        )
        .map_err(|e| LiveResampleError {
            rate: in_rate,
            why: e.to_string(),
        })?;
        Ok(LiveResampler {
            outbuf: vec![0.0; rs.output_frames_max() * channels],
            rs,
            in_channels: usize::from(in_channels.max(1)),
            channels,
            pending: Vec::with_capacity(CHUNK * channels),
            out: Vec::with_capacity(8192),
            stretch: 1.0,
        })
    }

    /// Frames of delay the resampler adds at its start (its filter's half
    /// length): the first output frames are its silence before the stream.
    pub fn delay(&self) -> usize {
        self.rs.output_delay()
    }

    /// The relative ratio now in force (1.0 exact, up to 1.02).
    pub fn stretch(&self) -> f64 {
        self.stretch
    }

    /// Takes interleaved samples at the source's rate and channels (a
    /// partial last frame is dropped) and returns what is ready at 48 kHz
    /// stereo, given the feed's `fill` and its `target` (both in frames).
    pub fn process(&mut self, input: &[f32], fill: usize, target: usize) -> &[f32] {
        self.out.clear();
        let wanted = stretch_for(fill, target);
        if (wanted - self.stretch).abs() > 1e-6
            && self.rs.set_resample_ratio_relative(wanted, true).is_ok()
        {
            self.stretch = wanted;
        }
        for frame in input.chunks_exact(self.in_channels) {
            if self.channels == 1 {
                self.pending.push(frame[0]);
            } else {
                let (l, r) = to_stereo(frame);
                self.pending.extend_from_slice(&[l, r]);
            }
            if self.pending.len() == CHUNK * self.channels {
                self.run_chunk();
            }
        }
        &self.out
    }

    fn run_chunk(&mut self) {
        let ch = self.channels;
        let frames_out_max = self.outbuf.len() / ch;
        let result = match (
            InterleavedSlice::new(&self.pending[..], ch, CHUNK),
            InterleavedSlice::new_mut(&mut self.outbuf[..], ch, frames_out_max),
        ) {
            (Ok(input), Ok(mut output)) => self
                .rs
                .process_into_buffer(&input, &mut output, None)
                .map_err(|e| e.to_string()),
            (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
        };
        self.pending.clear();
        match result {
            Ok((_, n)) if ch == 1 => {
                let mono = &self.outbuf[..n];
                self.out.extend(mono.iter().flat_map(|&m| [m, m]));
            }
            Ok((_, n)) => self.out.extend_from_slice(&self.outbuf[..n * 2]),
            // Cannot happen with the buffers sized as rubato asks; said once
            // and the chunk is lost rather than the relay.
            Err(why) => tracing::warn!("{}", t!("audio-resample-stopped", detail = why)),
        }
    }
}

/// The relative ratio for a fill: exact at half the target or more, then
/// up to 2 % more output as the feed empties.
fn stretch_for(fill: usize, target: usize) -> f64 {
    let half = target / 2;
    if half == 0 || fill >= half {
        return 1.0;
    }
    let short = (half - fill) as f64 / half as f64;
    // In steps of 0.1 %: a new ratio (and its ramp) only when it matters.
    let stepped = (short * MAX_STRETCH * 1000.0).round() / 1000.0;
    1.0 + stepped.clamp(0.0, MAX_STRETCH)
}

/// One frame as left and right: mono doubled, more channels mixed down
/// (front left and right as they are, the rest shared between them).
fn to_stereo(frame: &[f32]) -> (f32, f32) {
    match frame {
        [m] => (*m, *m),
        [l, r] => (*l, *r),
        [l, r, rest @ ..] => {
            let centre = rest.iter().sum::<f32>() / rest.len() as f32;
            (0.7 * l + 0.3 * centre, 0.7 * r + 0.3 * centre)
        }
        [] => (0.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, freq: f64, frames: usize) -> Vec<f32> {
        (0..frames)
            .map(|i| {
                (0.5 * (2.0 * std::f64::consts::PI * freq * i as f64 / rate as f64).sin()) as f32
            })
            .collect()
    }

    fn left(stereo: &[f32]) -> Vec<f32> {
        stereo.chunks_exact(2).map(|f| f[0]).collect()
    }

    fn correlation(a: &[f32], b: &[f32]) -> f64 {
        let n = a.len().min(b.len());
        let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let (x, y) = (f64::from(a[i]), f64::from(b[i]));
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        ab / (aa.sqrt() * bb.sqrt())
    }

    /// Feeds `input` (mono) in uneven pieces, as a network stream comes.
    fn run(rs: &mut LiveResampler, input: &[f32], fill: usize, target: usize) -> Vec<f32> {
        let mut out = Vec::new();
        for piece in input.chunks(777) {
            out.extend_from_slice(rs.process(piece, fill, target));
        }
        out
    }

    #[test]
    fn at_full_fill_a_sine_is_a_plain_resample() {
        let input = sine(44_100, 440.0, 44_100 * 2);
        let mut rs = LiveResampler::new(44_100, 1).unwrap();
        let out = left(&run(&mut rs, &input, 48_000, 48_000));
        let delay = rs.delay();
        // The same sine at 48 kHz, the resampler's delay trimmed.
        let expected = sine(48_000, 440.0, out.len() - delay);
        let c = correlation(&out[delay..], &expected);
        assert!(c > 0.999, "correlation {c}");
        // And exactly 48000/44100 frames per input frame, give or take a chunk.
        let want = input.len() as f64 * 48_000.0 / 44_100.0;
        assert!(
            (out.len() as f64 - want).abs() < 1200.0,
            "{} vs {want}",
            out.len()
        );
    }

    #[test]
    fn at_low_fill_at_most_two_percent_more_and_no_click() {
        let input = sine(44_100, 440.0, 44_100 * 3);
        let mut exact = LiveResampler::new(44_100, 1).unwrap();
        let plain = run(&mut exact, &input, 48_000, 48_000).len() / 2;
        let mut low = LiveResampler::new(44_100, 1).unwrap();
        let out = left(&run(&mut low, &input, 0, 48_000));
        let more = out.len() as f64 / plain as f64;
        assert!(more > 1.01 && more <= 1.0201, "ratio {more}");
        // The largest step of the signal itself: 2π·440/48000 × 0.5.
        let own = 0.5 * 2.0 * std::f64::consts::PI * 440.0 / 48_000.0;
        let jump = out[low.delay()..]
            .windows(2)
            .map(|w| f64::from((w[1] - w[0]).abs()))
            .fold(0.0, f64::max);
        assert!(jump <= own * 1.05, "jump {jump} > {own}");
    }

    #[test]
    fn stretch_is_proportional_below_half_the_target() {
        let table = [
            (48_000, 48_000, 1.0),
            (24_000, 48_000, 1.0),
            (12_000, 48_000, 1.01),
            (0, 48_000, 1.02),
            (0, 0, 1.0),
        ];
        for (fill, target, want) in table {
            assert!(
                (stretch_for(fill, target) - want).abs() < 1e-9,
                "{fill}/{target}"
            );
        }
    }

    #[test]
    fn channels_become_stereo() {
        assert_eq!(to_stereo(&[0.5]), (0.5, 0.5));
        assert_eq!(to_stereo(&[0.1, 0.2]), (0.1, 0.2));
        let (l, r) = to_stereo(&[1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert!(l > 0.5 && r.abs() < 1e-6);
        let mut rs = LiveResampler::new(48_000, 6).unwrap();
        let out = rs.process(&[0.1; 6 * 4096], 1, 1).to_vec();
        assert_eq!(out.len() % 2, 0);
        assert!(out.len() >= 2 * 3 * 1024);
    }
}
