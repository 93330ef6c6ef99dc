//! Line-in: the sound card's capture input (an FM/AM receiver, the
//! district's wired line, or the loudspeaker line being monitored), read
//! through cpal as interleaved stereo f32 at 48 kHz and handed to a sink (a
//! relay's feed, or the line monitor's meter).
//!
//! The device is asked for 48 kHz directly: ALSA's `plug` layer (the
//! `default` device, `plughw:…`) converts whatever the card does, so no
//! resampler is needed here. A device that cannot give 48 kHz is reported
//! as down, not resampled.
//!
//! cpal's callback must not hold the card up: it gathers the samples in
//! one of a few buffers it takes from a pool and hands each on when full
//! (`try_send`); with no free buffer within 20 ms the samples are dropped
//! (the pushing thread is far behind, and the relay must stay live). The
//! short wait paces a device that has no pace of its own (alsa-lib's file
//! plugin in tests); a card's capture thread is never that far behind. The capture thread
//! turns them into stereo and pushes them into the sink, which may block.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::Duration;

use loaxa_i18n::{Msg, msg};

use crate::RATE;

/// Where captured audio goes. The relay's `FeedWriter` is one; the line
/// monitor's meter another.
pub trait CaptureSink: Send + 'static {
    /// Interleaved stereo at 48 kHz. False: stop capturing.
    fn push(&mut self, samples: &[f32]) -> bool;
    /// The input failed, and why.
    fn set_down(&self, why: Msg);
    /// Audio flows again.
    fn set_up(&self);
    /// Nobody wants the audio any more.
    fn closed(&self) -> bool;
}

impl CaptureSink for crate::live::FeedWriter {
    fn push(&mut self, samples: &[f32]) -> bool {
        crate::live::FeedWriter::push(self, samples)
    }
    fn set_down(&self, why: Msg) {
        crate::live::FeedWriter::set_down(self, why)
    }
    fn set_up(&self) {
        crate::live::FeedWriter::set_up(self)
    }
    fn closed(&self) -> bool {
        crate::live::FeedWriter::closed(self)
    }
}

/// Samples per buffer handed from the callback to the capture thread
/// (interleaved; 4,096 stereo frames, 85 ms).
const BUFFER: usize = 8_192;
/// How long the capture callback waits for a free buffer before the
/// moment is dropped.
const FREE_WAIT: Duration = Duration::from_millis(20);
/// Buffers in the pool: about 0.7 s of audio in flight at most.
const BUFFERS: usize = 8;
/// First wait before opening the device again after it failed; doubles up
/// to `RETRY_MAX`.
const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_MAX: Duration = Duration::from_secs(10);
/// How often the capture thread looks at the stop flag and the sink.
const POLL: Duration = Duration::from_millis(100);

/// The running capture. Dropping it stops the capture (the thread ends
/// within `POLL`).
pub struct CaptureHandle {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl CaptureHandle {
    /// Stops the capture and waits for its thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for CaptureHandle {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Starts capturing `line-in` (`name` None: the default capture device) or
/// `line-in:NAME` (an ALSA PCM as `loaxa devices` names it) into `sink`,
/// until the sink is closed or the handle dropped. A device that is missing
/// or fails is reported to the sink (`set_down`) and opened again with
/// back-off.
pub fn start_line_in<S: CaptureSink>(name: Option<String>, sink: S) -> CaptureHandle {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name("loaxa-line-in".into())
        .spawn(move || run(name.as_deref(), sink, &flag));
    match thread {
        Ok(t) => CaptureHandle {
            stop,
            thread: Some(t),
        },
        Err(e) => {
            tracing::error!("line-in: cannot start its thread: {e}");
            CaptureHandle { stop, thread: None }
        }
    }
}

/// How a capture stretch ended.
enum Ended {
    /// Stop asked, or the sink closed.
    Done,
    /// The device failed (or could not be opened): try again later.
    Failed(Msg),
}

fn run<S: CaptureSink>(name: Option<&str>, mut sink: S, stop: &AtomicBool) {
    quiet_alsa();
    let mut wait = RETRY_FIRST;
    let stopped = |sink: &S| stop.load(Ordering::Acquire) || sink.closed();
    while !stopped(&sink) {
        match capture(name, &mut sink, stop) {
            Ended::Done => return,
            Ended::Failed(why) => {
                tracing::warn!("line-in: {}", loaxa_i18n::render(&why));
                sink.set_down(why);
            }
        }
        // Back off, still watching for the end.
        let mut left = wait;
        while !left.is_zero() && !stopped(&sink) {
            let step = left.min(POLL);
            std::thread::sleep(step);
            left -= step;
        }
        wait = (wait * 2).min(RETRY_MAX);
    }
}

/// Opens the device and pushes what it captures until the end or a failure.
fn capture<S: CaptureSink>(name: Option<&str>, sink: &mut S, stop: &AtomicBool) -> Ended {
    use rodio::cpal::traits::StreamTrait;

    let device = match find_input(name) {
        Ok(d) => d,
        Err(why) => return Ended::Failed(why),
    };
    let (full_tx, full_rx) = sync_channel::<Block>(BUFFERS);
    let (free_tx, free_rx) = sync_channel::<Vec<f32>>(BUFFERS);
    for _ in 0..BUFFERS {
        let _ = free_tx.try_send(Vec::with_capacity(BUFFER));
    }
    let (stream, channels) = match open_stream(&device, full_tx, free_rx) {
        Ok(s) => s,
        Err(why) => return Ended::Failed(why),
    };
    if let Err(e) = stream.play() {
        return Ended::Failed(msg!("in-cannot-open", detail = e.to_string()));
    }
    let mut stereo: Vec<f32> = Vec::with_capacity(BUFFER * 2);
    let mut up = false;
    loop {
        if stop.load(Ordering::Acquire) || sink.closed() {
            return Ended::Done;
        }
        let block = match full_rx.recv_timeout(POLL) {
            Ok(b) => b,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                return Ended::Failed(msg!("in-stopped"));
            }
        };
        let samples = match block {
            Block::Samples(s) => s,
            Block::Failed(detail) => {
                return Ended::Failed(msg!("in-device-error", detail = detail));
            }
        };
        to_stereo(&samples, channels, &mut stereo);
        let _ = free_tx.try_send(samples);
        if !up {
            sink.set_up();
            up = true;
        }
        if !sink.push(&stereo) {
            return Ended::Done;
        }
    }
}

/// What the callbacks hand to the capture thread.
enum Block {
    Samples(Vec<f32>),
    /// The error callback: the stream is broken.
    Failed(String),
}

/// Interleaved samples of `channels` channels as stereo: mono doubled,
/// more than two channels' first two kept.
fn to_stereo(samples: &[f32], channels: u16, out: &mut Vec<f32>) {
    out.clear();
    match channels {
        2 => out.extend_from_slice(samples),
        1 => out.extend(samples.iter().flat_map(|s| [*s, *s])),
        n => {
            let n = usize::from(n.max(1));
            out.extend(samples.chunks_exact(n).flat_map(|f| [f[0], f[1]]));
        }
    }
}

type Device = rodio::cpal::Device;

/// The capture device `line-in` (the default) or `line-in:NAME` names.
fn find_input(name: Option<&str>) -> Result<Device, Msg> {
    use rodio::cpal::traits::HostTrait;
    let host = rodio::cpal::default_host();
    let Some(n) = name else {
        return host
            .default_input_device()
            .ok_or_else(|| msg!("in-no-default"));
    };
    let devices = host
        .input_devices()
        .map_err(|e| msg!("out-cannot-list", detail = e.to_string()))?;
    crate::device_name::pick(devices, n)
        .map_err(|found| msg!("in-no-such-device", name = n, found = found))
}

type Opened = (rodio::cpal::Stream, u16);

/// Opens a 48 kHz capture stream: stereo if the device gives it, else mono;
/// f32 samples, else 16-bit.
fn open_stream(
    device: &Device,
    full: SyncSender<Block>,
    free: Receiver<Vec<f32>>,
) -> Result<Opened, Msg> {
    let free = Arc::new(std::sync::Mutex::new(free));
    let mut last = String::new();
    for channels in [2u16, 1] {
        let config = rodio::cpal::StreamConfig {
            channels,
            sample_rate: RATE,
            buffer_size: rodio::cpal::BufferSize::Default,
        };
        match build::<f32>(device, &config, &full, &free) {
            Ok(s) => return Ok((s, channels)),
            Err(e) if last.is_empty() => last = e,
            Err(_) => {}
        }
        if let Ok(s) = build::<i16>(device, &config, &full, &free) {
            return Ok((s, channels));
        }
    }
    Err(msg!("in-cannot-open", detail = last))
}

fn build<T>(
    device: &Device,
    config: &rodio::cpal::StreamConfig,
    full: &SyncSender<Block>,
    free: &Arc<std::sync::Mutex<Receiver<Vec<f32>>>>,
) -> Result<rodio::cpal::Stream, String>
where
    T: rodio::cpal::SizedSample + Copy + Send + 'static,
    f32: rodio::cpal::FromSample<T>,
{
    use rodio::cpal::traits::DeviceTrait;
    let (data_tx, error_tx) = (full.clone(), full.clone());
    // Taken once by the callback's thread: the lock is never contended.
    let pool = Arc::clone(free);
    // Samples gather in one buffer until it is full (a card's periods may
    // be a few frames long: a buffer each would empty the pool at once).
    let mut current: Option<Vec<f32>> = None;
    let on_data = move |data: &[T], _: &rodio::cpal::InputCallbackInfo| {
        quiet_alsa_once();
        let Ok(pool) = pool.try_lock() else {
            return;
        };
        let mut rest = data;
        while !rest.is_empty() {
            let buf = match current.as_mut() {
                Some(b) => b,
                // A free buffer, or a short wait for one: a device that is
                // not paced (a file) goes at the capture thread's pace; a
                // card's thread is never that far behind.
                None => match pool.recv_timeout(FREE_WAIT) {
                    Ok(mut b) => {
                        b.clear();
                        current.insert(b)
                    }
                    // The capture thread is far behind: this moment is lost.
                    Err(_) => return,
                },
            };
            let n = (BUFFER - buf.len()).min(rest.len());
            buf.extend(
                rest[..n]
                    .iter()
                    .map(|s| rodio::cpal::Sample::to_sample::<f32>(*s)),
            );
            rest = &rest[n..];
            if buf.len() >= BUFFER
                && let Some(full) = current.take()
            {
                let _ = data_tx.try_send(Block::Samples(full));
            }
        }
    };
    let on_error = move |e: rodio::cpal::Error| {
        use rodio::cpal::ErrorKind;
        // An overrun loses a moment of sound; the stream goes on.
        if !matches!(e.kind(), ErrorKind::Xrun) {
            let _ = error_tx.try_send(Block::Failed(e.to_string()));
        }
    };
    device
        .build_input_stream::<T, _, _>(*config, on_data, on_error, None)
        .map_err(|e| e.to_string())
}

/// alsa-lib's own stderr messages go to tracing (see the player), on the
/// capture thread and on cpal's.
fn quiet_alsa() {
    crate::quiet::quiet_alsa();
}

fn quiet_alsa_once() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    DONE.with(|d| {
        if !d.replace(true) {
            quiet_alsa();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_become_stereo() {
        let mut out = Vec::new();
        let cases: [(&[f32], u16, &[f32]); 3] = [
            (&[0.1, 0.2, 0.3, 0.4], 2, &[0.1, 0.2, 0.3, 0.4]),
            (&[0.1, 0.2], 1, &[0.1, 0.1, 0.2, 0.2]),
            (&[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3, &[0.1, 0.2, 0.4, 0.5]),
        ];
        for (input, channels, expected) in cases {
            to_stereo(input, channels, &mut out);
            assert_eq!(out, expected, "{channels} channels");
        }
    }
}
