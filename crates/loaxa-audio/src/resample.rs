//! A decoded file converted to the bus format: 48 kHz stereo.
//!
//! Resampling uses rubato's FFT resampler (a fixed ratio, full quality),
//! streamed chunk by chunk. Its start-up delay is trimmed and its tail
//! flushed, so a file of `n` frames at rate `r` comes out as exactly
//! `ceil(n × 48000 / r)` frames: nothing lost at either edge, nothing added.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

use super::decode::FileDecoder;
use crate::RATE;

/// Input frames per resampler call: small enough to keep memory and the
/// first-sample cost low, large enough to be efficient.
const CHUNK: usize = 1024;

/// How many frames a file of `frames` at `rate` becomes at 48 kHz.
pub fn frames_at_48k(frames: u64, rate: u32) -> u64 {
    if rate == RATE {
        frames
    } else {
        (frames * RATE as u64).div_ceil(rate.max(1) as u64)
    }
}

struct FftState {
    rs: Fft<f32>,
    outbuf: Vec<f32>,
    /// Start-up delay frames still to drop.
    trim: usize,
    /// Input frames read so far.
    frames_in: u64,
    /// Output frames delivered so far.
    frames_out: u64,
    /// The input has ended; the resampler is being flushed.
    ended: bool,
}

/// Interleaved stereo `f32` at 48 kHz from a decoder.
pub struct To48k {
    input: FileDecoder,
    in_channels: usize,
    /// 1 (mono, doubled on output) or 2.
    channels: usize,
    rate: u32,
    fft: Option<FftState>,
    frame: Vec<f32>,
    /// One input chunk, `channels` interleaved.
    chunk: Vec<f32>,
    out: Vec<f32>,
    pos: usize,
    done: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot resample from {rate} Hz: {why}")]
pub struct ResampleSetupError {
    rate: u32,
    why: String,
}

impl To48k {
    pub fn new(input: FileDecoder) -> Result<To48k, ResampleSetupError> {
        let in_channels = input.channels().max(1) as usize;
        let channels = in_channels.min(2);
        let rate = input.rate();
        let fft = if rate == RATE {
            None
        } else {
            let rs = Fft::<f32>::new(
                rate as usize,
                RATE as usize,
                CHUNK,
                channels,
                FixedSync::Input,
            )
            .map_err(|e| ResampleSetupError {
                rate,
                why: e.to_string(),
            })?;
            Some(FftState {
                trim: rs.output_delay(),
                outbuf: vec![0.0; rs.output_frames_max() * channels],
                rs,
                frames_in: 0,
                frames_out: 0,
                ended: false,
            })
        };
        let chunk = vec![0.0; fft.as_ref().map_or(0, |f| f.rs.input_frames_max()) * channels];
        Ok(To48k {
            chunk,
            input,
            in_channels,
            channels,
            rate,
            fft,
            frame: vec![0.0; in_channels],
            out: Vec::with_capacity(4096),
            pos: 0,
            done: false,
        })
    }

    /// Reads one input frame into `self.frame`; false at the end (a partial
    /// last frame is dropped).
    fn read_frame(&mut self) -> bool {
        for c in 0..self.in_channels {
            match self.input.next() {
                Some(s) => self.frame[c] = s,
                None => return false,
            }
        }
        true
    }

    fn push_stereo(out: &mut Vec<f32>, channels: usize, frame: &[f32]) {
        if channels == 1 {
            out.extend_from_slice(&[frame[0], frame[0]]);
        } else {
            out.extend_from_slice(&frame[..2]);
        }
    }

    /// Refills `out` with at least one frame, or sets `done`.
    fn fill(&mut self) {
        self.out.clear();
        self.pos = 0;
        if self.fft.is_none() {
            // 48 kHz already: copy, mapping channels.
            while self.out.len() < 2 * CHUNK && self.read_frame() {
                Self::push_stereo(&mut self.out, self.channels, &self.frame);
            }
            self.done = self.out.is_empty();
            return;
        }
        while self.out.is_empty() && !self.done {
            self.resample_chunk();
        }
    }

    fn resample_chunk(&mut self) {
        let (channels, rate) = (self.channels, self.rate);
        let Some((need, ended_before)) = self
            .fft
            .as_ref()
            .map(|f| (f.rs.input_frames_next(), f.ended))
        else {
            self.done = true;
            return;
        };
        let mut got = 0;
        if !ended_before {
            while got < need && self.read_frame() {
                self.chunk[got * channels..(got + 1) * channels]
                    .copy_from_slice(&self.frame[..channels]);
                got += 1;
            }
        }
        let Some(f) = self.fft.as_mut() else {
            return;
        };
        f.frames_in += got as u64;
        let mut indexing = Indexing::default();
        if got < need {
            // The last, partial chunk; then zeros until the tail is out.
            f.ended = true;
            indexing.partial_len = Some(got);
        }
        let frames_out_max = f.outbuf.len() / channels;
        let result = match (
            InterleavedSlice::new(&self.chunk[..], channels, need),
            InterleavedSlice::new_mut(&mut f.outbuf[..], channels, frames_out_max),
        ) {
            (Ok(input), Ok(mut output)) => {
                f.rs.process_into_buffer(&input, &mut output, Some(&indexing))
                    .map_err(|e| e.to_string())
            }
            (Err(e), _) | (_, Err(e)) => Err(e.to_string()),
        };
        let n_out = match result {
            Ok((_, n)) => n,
            Err(why) => {
                tracing::error!("{}", t!("audio-resample-stopped", detail = why));
                self.done = true;
                return;
            }
        };
        let start = f.trim.min(n_out);
        f.trim -= start;
        let mut end = n_out;
        if f.ended {
            let left = frames_at_48k(f.frames_in, rate).saturating_sub(f.frames_out) as usize;
            end = end.min(start + left);
        }
        for fr in f.outbuf[start * channels..end * channels].chunks_exact(channels) {
            Self::push_stereo(&mut self.out, channels, fr);
        }
        f.frames_out += (end - start) as u64;
        if f.ended && f.frames_out >= frames_at_48k(f.frames_in, rate) {
            self.done = true;
        }
    }
}

impl Iterator for To48k {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.out.len() {
            if self.done {
                return None;
            }
            self.fill();
            if self.out.is_empty() {
                return None;
            }
        }
        let s = self.out[self.pos];
        self.pos += 1;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_at_48k() {
        assert_eq!(frames_at_48k(48_000, 48_000), 48_000);
        assert_eq!(frames_at_48k(44_100, 44_100), 48_000);
        assert_eq!(frames_at_48k(1, 44_100), 2);
        assert_eq!(frames_at_48k(22_050, 22_050), 48_000);
        assert_eq!(frames_at_48k(70_251, 44_100), 76_464);
        assert_eq!(frames_at_48k(0, 16_000), 0);
    }
}
