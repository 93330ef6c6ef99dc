//! Relay items from the network (tiếp sóng): a producer that connects to a
//! stream, decodes it, resamples it to the bus format and pushes it into
//! the relay cue's feed, reconnecting with back-off for as long as the
//! cue reads. Nothing else in loaxa is a network client (the console is a
//! server).
//!
//! Two sides per connection: the fetch, async on the daemon's runtime
//! (`http`, `hls`, `ts`), and the decoding, blocking on the producer's own
//! thread (symphonia), joined by a bounded byte channel, so a fast server
//! cannot fill memory and a slow one only makes the decoder wait.

mod hls;
mod http;
mod ts;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loaxa_audio::live::FeedWriter;
use loaxa_audio::live_resample::LiveResampler;
use loaxa_audio::stream::{ChannelReader, StreamDecoder, StreamInfo};
use loaxa_core::relay::RelayUrl;
use loaxa_i18n::Msg;
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

/// Byte pieces in flight between the fetch and the decoder (a piece is
/// what one network read gave, or a part of an HLS segment: at most
/// 64 KiB, so at most 2 MiB in flight).
const PIPE_PIECES: usize = 32;
/// Back-off between reconnections: from half a second, doubling, up to 8 s.
const BACKOFF_FIRST: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(8);
/// How often a connection looks whether it is still wanted: a server
/// that keeps sending what is not audio (or trickles its headers) never
/// lets the decoder return, so the network side is cut from outside.
const WATCH_EVERY: Duration = Duration::from_millis(200);
/// A connection whose bytes give no audio for this long (a server sending
/// zeros, a web page, headers a byte at a time) is cut and tried again:
/// longer than the connect and read-stall timeouts, so those say why
/// first when they can. A server that is merely quiet between HLS
/// segments sends no bytes and is not cut.
const NO_AUDIO: Duration = Duration::from_secs(15);
/// `relay-test`: beyond its seconds, this long for the stream to give
/// them before it counts as not audio.
const PROBE_GRACE: Duration = Duration::from_secs(30);

/// When a connection is given up, whatever the server does.
pub(crate) struct Watch {
    /// True once the relay is no longer wanted (the item's feed closed).
    pub gone: Box<dyn Fn() -> bool + Send + Sync>,
    /// Given up after this long (`relay-test`), as not audio.
    pub limit: Option<Duration>,
}

/// The producer of one relay item: runs until the feed's reader is gone
/// (dropping this does not stop it; dropping the reader does): within a
/// fifth of a second, whatever the server is doing then.
pub struct RelayTask {
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RelayTask {
    /// Waits for the producer to stop (after the feed's reader is gone).
    pub fn join(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts relaying `url` into `writer` on a thread of its own (the
/// fetching runs on `rt`). Failures go to the feed as reasons
/// (`set_down`); it reconnects with back-off until the reader is gone.
pub fn start(url: RelayUrl, writer: FeedWriter, rt: &Handle) -> RelayTask {
    let rt = rt.clone();
    let shown = url.shown();
    let spawned = std::thread::Builder::new()
        .name("relay".into())
        .spawn(move || produce(&url, writer, &rt));
    match spawned {
        Ok(t) => RelayTask { thread: Some(t) },
        Err(e) => {
            // The writer went with the closure: the cue finds the link
            // never up and airs the fallback.
            tracing::error!("{}", t!("relay-network", detail = format!("{shown}: {e}")));
            RelayTask { thread: None }
        }
    }
}

/// Connects, relays, and on a failure says why and tries again after a
/// back-off, until the reader is gone.
fn produce(url: &RelayUrl, mut writer: FeedWriter, rt: &Handle) {
    let client = match http::client() {
        Ok(c) => c,
        Err(why) => {
            writer.set_down(why);
            return;
        }
    };
    let mut backoff = BACKOFF_FIRST;
    while !writer.closed() {
        let mut resampler: Option<LiveResampler> = None;
        let mut flowed = false;
        let watch = Watch {
            gone: Box::new(writer.watch()),
            limit: None,
        };
        let outcome = attempt(&client, url, rt, watch, &mut |info, samples| {
            let rs = match &mut resampler {
                Some(rs) => rs,
                None => match LiveResampler::new(info.rate, info.channels) {
                    Ok(rs) => resampler.insert(rs),
                    Err(e) => {
                        tracing::warn!("{e}");
                        return Flow::Failed(msg!("relay-undecodable", detail = e.to_string()));
                    }
                },
            };
            let (fill, target) = (writer.fill(), writer.target());
            let out = rs.process(samples, fill, target);
            if out.is_empty() {
                return Flow::More;
            }
            flowed = true;
            if writer.push(out) {
                Flow::More
            } else {
                Flow::Stop
            }
        });
        let why = match outcome {
            Ok(_) => break,
            // Cut because the item ended: nothing to report.
            Err(_) if writer.closed() => break,
            Err(why) => why,
        };
        tracing::warn!(
            "{}",
            t!(
                "relay-test-failed",
                url = url.shown(),
                why = crate::i18n::render(&why)
            )
        );
        writer.set_down(why);
        if flowed {
            backoff = BACKOFF_FIRST;
        }
        if writer.wait_closed(backoff) {
            break;
        }
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

/// What the sink says after each decoded piece.
pub(crate) enum Flow {
    More,
    /// Enough (the reader is gone, the test has its seconds).
    Stop,
    Failed(Msg),
}

/// One connection: fetch, decode, hand each decoded piece to `sink`
/// (interleaved, at the stream's own rate and channels). Ends with the
/// stream's address (playlists followed) when the sink stops it; with the
/// reason when the stream fails.
pub(crate) fn attempt(
    client: &reqwest::Client,
    url: &RelayUrl,
    rt: &Handle,
    watch: Watch,
    sink: &mut dyn FnMut(&StreamInfo, &[f32]) -> Flow,
) -> Result<String, Msg> {
    let (tx, rx) = mpsc::channel(PIPE_PIECES);
    let (head_tx, head_rx) = oneshot::channel();
    let why: Arc<Mutex<Option<Msg>>> = Arc::default();
    let pipe = http::Pipe {
        tx,
        head: Some(head_tx),
        why: why.clone(),
        bytes: Arc::default(),
    };
    let bytes = pipe.bytes.clone();
    let task = rt.spawn(http::fetch(client.clone(), url.as_str().to_string(), pipe));
    // The fetch stops with this connection, whichever way it ends.
    let _stop = AbortOnDrop(task.abort_handle());
    let decoded = Arc::new(AtomicU64::new(0));
    let watchdog = rt.spawn(watchdog(
        watch,
        (decoded.clone(), bytes),
        task.abort_handle(),
        why.clone(),
    ));
    let _stop_watching = AbortOnDrop(watchdog.abort_handle());
    let fetch_why = |fallback: Msg| {
        why.lock()
            .ok()
            .and_then(|mut w| w.take())
            .unwrap_or(fallback)
    };
    let head = head_rx
        .blocking_recv()
        .map_err(|_| fetch_why(msg!("relay-ended")))?;
    let mut decoder =
        StreamDecoder::open(ChannelReader::new(rx), head.hint).map_err(|e| fetch_why(e.msg()))?;
    loop {
        let samples = decoder.next_chunk().map_err(|e| fetch_why(e.msg()))?;
        decoded.fetch_add(1, Ordering::Relaxed);
        match sink(decoder.info(), &samples) {
            Flow::More => {}
            Flow::Stop => return Ok(head.shown),
            Flow::Failed(why) => return Err(why),
        }
    }
}

/// Cuts the fetch once the relay is no longer wanted, its time is up or
/// it has waited `NO_AUDIO` for audio (from the start, or from bytes that
/// gave none): its end closes the byte channel, so a decoder waiting on it
/// (or hunting through garbage for a frame) returns. `counts`: pieces
/// decoded and bytes received.
async fn watchdog(
    watch: Watch,
    counts: (Arc<AtomicU64>, Arc<AtomicU64>),
    fetch: tokio::task::AbortHandle,
    why: Arc<Mutex<Option<Msg>>>,
) {
    // Counted in ticks of its own sleep (no clock read: an extra tick
    // under load only waits a little longer).
    let ticks = |d: Duration| (d.as_millis() / WATCH_EVERY.as_millis()).max(1);
    let limit = watch.limit.map(ticks);
    let no_audio = ticks(NO_AUDIO);
    let (mut audio, mut bytes) = (0, 0);
    // Since which tick audio is awaited: none while the server is quiet.
    let mut waiting = Some(0);
    for tick in 1u128.. {
        tokio::time::sleep(WATCH_EVERY).await;
        let (a, b) = (
            counts.0.load(Ordering::Relaxed),
            counts.1.load(Ordering::Relaxed),
        );
        if a != audio {
            waiting = None;
        } else if b != bytes && waiting.is_none() {
            waiting = Some(tick);
        }
        (audio, bytes) = (a, b);
        let over = limit.is_some_and(|l| tick >= l)
            || waiting.is_some_and(|w| tick.saturating_sub(w) >= no_audio);
        if over && let Ok(mut slot) = why.lock() {
            *slot = Some(msg!("relay-not-audio"));
        }
        if over || (watch.gone)() {
            fetch.abort();
            return;
        }
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What `loaxa relay-test` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// The stream's own address (playlists followed), without a password.
    pub resolved: String,
    pub info: StreamInfo,
    /// From the start to the first decoded audio.
    pub delay: Duration,
    /// Seconds of audio decoded.
    pub seconds: f64,
}

/// Connects once (no retry), decodes `seconds` of audio as fast as the
/// stream gives it, and says what it is. `mono` reads a monotonic clock
/// (the caller's; this module reads none). Blocks while it decodes: call it
/// from a plain thread, not from a task on `rt` (tokio refuses to block
/// there).
pub fn probe(
    url: &RelayUrl,
    seconds: u32,
    rt: &Handle,
    mono: &dyn Fn() -> Duration,
) -> Result<Probe, Msg> {
    let client = http::client()?;
    let started = mono();
    let mut first: Option<(Duration, StreamInfo)> = None;
    let mut frames: u64 = 0;
    let watch = Watch {
        gone: Box::new(|| false),
        limit: Some(Duration::from_secs(u64::from(seconds)) + PROBE_GRACE),
    };
    let resolved = attempt(&client, url, rt, watch, &mut |info, samples| {
        if first.is_none() {
            first = Some((mono().saturating_sub(started), info.clone()));
        }
        frames += (samples.len() / usize::from(info.channels.max(1))) as u64;
        if frames >= u64::from(seconds) * u64::from(info.rate) {
            Flow::Stop
        } else {
            Flow::More
        }
    })?;
    let Some((delay, info)) = first else {
        return Err(msg!("relay-ended"));
    };
    Ok(Probe {
        resolved,
        seconds: frames as f64 / f64::from(info.rate.max(1)),
        info,
        delay,
    })
}

/// A runtime of its own on a thread, for what has none to lend (`loaxa
/// relay-test`, tests): the fetch runs there while the caller decodes.
pub struct NetRuntime {
    handle: Handle,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl NetRuntime {
    pub fn new() -> std::io::Result<NetRuntime> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = rt.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("relay-net".into())
            .spawn(move || {
                let _ = rt.block_on(stopped);
            })?;
        Ok(NetRuntime {
            handle,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn handle(&self) -> &Handle {
        &self.handle
    }
}

impl Drop for NetRuntime {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
