//! Decoding the operator's files with symphonia, streamed packet by packet
//! (never a whole file in memory). The same decoder serves `check` (decode
//! everything, count what is wrong) and playout (feed the bus), so both reach
//! the same verdict on a file.

use std::fs::File;

use loaxa_i18n::decimal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// Why a file cannot be aired. The texts are for the operator.
#[derive(Debug, Clone, PartialEq)]
pub enum AudioError {
    Missing,
    Unreadable(String),
    /// The machine, not the file: out of file descriptors or memory, a
    /// call interrupted. Tried again later; never cached as the file's fault.
    Busy(String),
    Empty,
    IsFolder,
    NotAudio,
    NoAudioTrack,
    Unsupported(String),
    Undecodable(String),
    NoSamples,
    /// The header declares what no recording has (a rate of 0 or of four
    /// billion, no channels, days of sound): refused before anything is
    /// allocated for it.
    BadHeader(String),
    /// The stream stops short of its own end (an Ogg file without its
    /// last page, an MP3 whose last frame runs past the end of the file).
    CutAtEnd(f64),
    Truncated {
        decoded: f64,
        expected: f64,
    },
    /// A link that leads out of the drop folder: refused.
    LinkOutside,
    /// A FIFO or a device under a recording's name: refused.
    NotRegular,
    /// The drop folder itself cannot be read.
    FolderUnreadable(String),
    /// A typed bulletin (`.txt`) that cannot be read aloud: not UTF-8,
    /// too long, nothing in it. The reason is the bulletin rules' own.
    NotText(loaxa_i18n::Msg),
}

impl std::fmt::Display for AudioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&loaxa_i18n::render(&self.msg()))
    }
}

impl std::error::Error for AudioError {}

impl AudioError {
    /// What to tell the operator, as a message value (what the library
    /// keeps for an unusable file).
    pub fn msg(&self) -> loaxa_i18n::Msg {
        match self {
            AudioError::Missing => msg!("audio-missing"),
            AudioError::Unreadable(v0) => msg!("audio-unreadable", detail = v0),
            AudioError::Busy(v0) => msg!("audio-unreadable", detail = v0),
            AudioError::Empty => msg!("audio-empty"),
            AudioError::IsFolder => msg!("audio-is-folder"),
            AudioError::NotAudio => msg!("audio-not-audio"),
            AudioError::NoAudioTrack => msg!("audio-no-track"),
            AudioError::Unsupported(v0) => msg!("audio-unsupported", detail = v0),
            AudioError::Undecodable(v0) => msg!("audio-undecodable", detail = v0),
            AudioError::NoSamples => msg!("audio-no-samples"),
            AudioError::BadHeader(v0) => msg!("audio-bad-header", detail = v0),
            AudioError::CutAtEnd(v0) => msg!("audio-cut-end", decoded = decimal(*v0, 1)),
            AudioError::LinkOutside => {
                msg!("audio-unreadable", detail = msg!("audio-link-outside"))
            }
            AudioError::NotRegular => msg!("audio-unreadable", detail = msg!("audio-not-regular")),
            AudioError::FolderUnreadable(v0) => msg!(
                "audio-unreadable",
                detail = msg!("audio-folder-unreadable", detail = v0)
            ),
            AudioError::NotText(why) => why.clone(),
            AudioError::Truncated { decoded, expected } => msg!(
                "audio-truncated",
                decoded = decimal(*decoded, 1),
                expected = decimal(*expected, 1)
            ),
        }
    }

    /// An I/O error on a recording: the file's fault, or the machine's for
    /// a moment.
    pub fn from_io(e: &std::io::Error) -> AudioError {
        let passing = [
            libc::EMFILE,
            libc::ENFILE,
            libc::ENOMEM,
            libc::EAGAIN,
            libc::EINTR,
            libc::ENOBUFS,
        ];
        match e.raw_os_error() {
            Some(code) if passing.contains(&code) => AudioError::Busy(e.to_string()),
            _ => AudioError::Unreadable(e.to_string()),
        }
    }

    /// Whether it may go away by itself (see `Busy`).
    pub fn is_passing(&self) -> bool {
        matches!(self, AudioError::Busy(_))
    }
}

/// What happened while decoding, shared with whoever plays the file.
#[derive(Debug, Default)]
pub(crate) struct DecodeStats {
    frames: AtomicU64,
    damaged: AtomicU64,
    stopped: Mutex<Option<String>>,
}

impl DecodeStats {
    /// Frames (samples per channel) decoded so far.
    pub(crate) fn frames(&self) -> u64 {
        self.frames.load(Ordering::Relaxed)
    }

    /// Packets that could not be decoded and were skipped.
    pub(crate) fn damaged(&self) -> u64 {
        self.damaged.load(Ordering::Relaxed)
    }

    /// Why decoding ended before the end of the file, if it did.
    pub(crate) fn stopped(&self) -> Option<String> {
        self.stopped.lock().ok().and_then(|s| s.clone())
    }

    fn stop(&self, why: String) {
        if let Ok(mut s) = self.stopped.lock() {
            *s = Some(why);
        }
    }
}

/// What a file's own tags say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tags {
    pub title: Option<String>,
    pub artist: Option<String>,
    pub genre: Option<String>,
}

impl Tags {
    fn take(&mut self, rev: &symphonia::core::meta::MetadataRevision) {
        use symphonia::core::meta::StandardTagKey;
        for tag in rev.tags() {
            let value = tag.value.to_string().trim().to_string();
            if value.is_empty() {
                continue;
            }
            let slot = match tag.std_key {
                Some(StandardTagKey::TrackTitle) => &mut self.title,
                Some(StandardTagKey::Artist) => &mut self.artist,
                Some(StandardTagKey::Genre) => &mut self.genre,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
    }
}

/// Bounds on what a header may declare: beyond them no real recording lies.
const MAX_RATE: u32 = 768_000;
const MIN_RATE: u32 = 1_000;
const MAX_CHANNELS: u32 = 32;
/// Two days of sound is more than any program holds.
const MAX_SECONDS: u64 = 2 * 86_400;

/// The stream's format, as the container or the first packet declares it.
pub(crate) fn check_format(rate: u32, channels: u32) -> Result<(), AudioError> {
    if !(MIN_RATE..=MAX_RATE).contains(&rate) {
        return Err(AudioError::BadHeader(t!("audio-bad-rate", rate = rate)));
    }
    if !(1..=MAX_CHANNELS).contains(&channels) {
        return Err(AudioError::BadHeader(t!(
            "audio-bad-channels",
            channels = channels
        )));
    }
    Ok(())
}

/// What the header declares, before a decoder is made for it.
fn check_header(params: &symphonia::core::codecs::CodecParameters) -> Result<(), AudioError> {
    if let Some(rate) = params.sample_rate {
        let channels = params.channels.map_or(1, |c| c.count() as u32);
        check_format(rate, channels)?;
        if let Some(frames) = params.n_frames
            && frames / u64::from(rate) > MAX_SECONDS
        {
            return Err(AudioError::BadHeader(t!(
                "audio-bad-length",
                hours = frames / u64::from(rate) / 3600
            )));
        }
    }
    if let Some(bits) = params.bits_per_sample.or(params.bits_per_coded_sample)
        && !(1..=64).contains(&bits)
    {
        return Err(AudioError::BadHeader(t!("audio-bad-bits", bits = bits)));
    }
    Ok(())
}

thread_local! {
    /// Set while a decoder runs under `guarded`: its panics are expected
    /// (hostile files) and reported as the file's problem, not on stderr.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with its panics marked as a file's problem (see the hook).
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let before = GUARDED.with(|g| g.replace(true));
    let out = f();
    GUARDED.with(|g| g.set(before));
    out
}

/// The text of a panic's payload.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Work on one file's audio (probing, decoding, measuring) whose panic —
/// a decoder library tripping over a hostile file — becomes that file's
/// error, never a crash of the command or the daemon, nor a retry loop.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, AudioError>) -> Result<T, AudioError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| quietly(f))) {
        Ok(result) => result,
        Err(panic) => {
            // `quietly` did not get to reset the flag.
            GUARDED.with(|g| g.set(false));
            Err(AudioError::Undecodable(t!(
                "audio-internal",
                detail = panic_text(&*panic)
            )))
        }
    }
}

/// Panics inside `guarded` work are said at debug level (the file's error
/// carries them); any other panic is reported as before.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(|g| g.get()) {
            tracing::debug!("{info}");
        } else {
            previous(info);
        }
    }));
}

/// A file being decoded, as interleaved `f32` samples at the file's own rate
/// and channel count.
pub struct FileDecoder {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn symphonia::core::codecs::Decoder>,
    track_id: u32,
    channels: u16,
    rate: u32,
    /// Frames announced by the file's header, when it says.
    expected_frames: Option<u64>,
    buf: Vec<f32>,
    pos: usize,
    sample_buf: Option<SampleBuffer<f32>>,
    stats: Arc<DecodeStats>,
    done: bool,
    tags: Tags,
}

impl FileDecoder {
    pub fn open(path: &Path) -> Result<FileDecoder, AudioError> {
        let file = File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => AudioError::Missing,
            _ => AudioError::from_io(&e),
        })?;
        let len = file.metadata().map_err(|e| AudioError::from_io(&e))?.len();
        if len == 0 {
            return Err(AudioError::Empty);
        }
        let mss = MediaSourceStream::new(Box::new(file), Default::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(&ext.to_lowercase());
        }
        let opts = FormatOptions {
            // Honour encoder delay and padding (LAME/iTunes tags): no added silence.
            enable_gapless: true,
            ..Default::default()
        };
        let probed = guarded(|| {
            symphonia::default::get_probe()
                .format(&hint, mss, &opts, &MetadataOptions::default())
                .map_err(|e| match e {
                    SymError::Unsupported(_) => AudioError::NotAudio,
                    SymError::IoError(_) => AudioError::NotAudio,
                    other => AudioError::Undecodable(other.to_string()),
                })
        })?;
        let mut tags = Tags::default();
        let mut probed = probed;
        if let Some(rev) = probed.metadata.get().as_ref().and_then(|m| m.current()) {
            tags.take(rev);
        }
        let mut format = probed.format;
        if let Some(rev) = format.metadata().current() {
            tags.take(rev);
        }
        let track = format
            .tracks()
            .iter()
            .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or(AudioError::NoAudioTrack)?;
        let params = track.codec_params.clone();
        check_header(&params)?;
        let decoder = guarded(|| {
            symphonia::default::get_codecs()
                .make(&params, &DecoderOptions::default())
                .map_err(|e| match e {
                    SymError::Unsupported(what) => AudioError::Unsupported(what.to_string()),
                    other => AudioError::Undecodable(other.to_string()),
                })
        })?;
        let mut dec = FileDecoder {
            track_id: track.id,
            format,
            decoder,
            channels: params.channels.map(|c| c.count() as u16).unwrap_or(0),
            rate: params.sample_rate.unwrap_or(0),
            expected_frames: params.n_frames,
            buf: Vec::new(),
            pos: 0,
            sample_buf: None,
            stats: Arc::new(DecodeStats::default()),
            done: false,
            tags,
        };
        // Some containers only reveal the format in the first packet.
        if dec.channels == 0 || dec.rate == 0 {
            dec.refill();
            if dec.channels == 0 || dec.rate == 0 {
                return Err(match dec.stats.stopped() {
                    Some(why) => AudioError::Undecodable(why),
                    None => AudioError::NoSamples,
                });
            }
        }
        check_format(dec.rate, u32::from(dec.channels))?;
        Ok(dec)
    }

    pub(crate) fn stats(&self) -> Arc<DecodeStats> {
        Arc::clone(&self.stats)
    }

    pub(crate) fn tags(&self) -> &Tags {
        &self.tags
    }

    /// The next decoded samples, as many as one packet gives (interleaved);
    /// `None` at the end. Faster than sample by sample for whole-file work.
    pub(crate) fn next_chunk(&mut self) -> Option<&[f32]> {
        if self.pos >= self.buf.len() {
            if self.done {
                return None;
            }
            self.refill();
            if self.buf.is_empty() {
                return None;
            }
        }
        let start = self.pos;
        self.pos = self.buf.len();
        Some(&self.buf[start..])
    }

    pub(crate) fn channels(&self) -> u16 {
        self.channels
    }

    pub(crate) fn rate(&self) -> u32 {
        self.rate
    }

    /// Duration announced by the header, if any.
    pub(crate) fn header_duration(&self) -> Option<f64> {
        self.expected_frames
            .filter(|_| self.rate > 0)
            .map(|f| f as f64 / self.rate as f64)
    }

    /// Decodes the next packet into `buf`. Damaged packets are counted and
    /// skipped, as a player would; any other error ends the stream.
    fn refill(&mut self) {
        self.buf.clear();
        self.pos = 0;
        while !self.done {
            let packet = match self.format.next_packet() {
                Ok(p) => p,
                Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    self.done = true;
                    return;
                }
                Err(SymError::ResetRequired) => {
                    // A chained stream (e.g. concatenated OGG): play what came before.
                    self.stats.stop(t!("audio-format-changes"));
                    self.done = true;
                    return;
                }
                Err(e) => {
                    self.stats.stop(e.to_string());
                    self.done = true;
                    return;
                }
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            // A decoder that panics on a hostile packet ends this file's
            // stream, not the program or the daemon.
            let decoder = &mut self.decoder;
            let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                quietly(move || decoder.decode(&packet))
            }));
            let decoded = match attempt {
                Err(panic) => {
                    GUARDED.with(|g| g.set(false));
                    self.stats
                        .stop(t!("audio-internal", detail = panic_text(&*panic)));
                    self.done = true;
                    return;
                }
                Ok(d) => d,
            };
            let decoded = match decoded {
                Ok(d) => d,
                Err(SymError::DecodeError(_)) => {
                    self.stats.damaged.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    self.done = true;
                    return;
                }
                Err(e) => {
                    self.stats.stop(e.to_string());
                    self.done = true;
                    return;
                }
            };
            if decoded.frames() == 0 {
                continue;
            }
            let spec = *decoded.spec();
            let n_ch = spec.channels.count() as u16;
            if self.channels == 0 {
                self.channels = n_ch;
            }
            if self.rate == 0 {
                self.rate = spec.rate;
            }
            let cap = decoded.capacity() as u64;
            let sb = match &mut self.sample_buf {
                Some(sb) if sb.capacity() as u64 >= cap && sb.len() % n_ch as usize == 0 => sb,
                _ => self.sample_buf.insert(SampleBuffer::<f32>::new(cap, spec)),
            };
            sb.copy_interleaved_ref(decoded);
            let frames = sb.samples().len() / n_ch.max(1) as usize;
            if n_ch == self.channels {
                self.buf.extend_from_slice(sb.samples());
            } else {
                // The channel count changed midway: keep the first layout.
                for f in sb.samples().chunks(n_ch as usize) {
                    for c in 0..self.channels as usize {
                        self.buf.push(f[c.min(f.len() - 1)]);
                    }
                }
            }
            self.stats
                .frames
                .fetch_add(frames as u64, Ordering::Relaxed);
            return;
        }
    }
}

impl Iterator for FileDecoder {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.buf.len() {
            if self.done {
                return None;
            }
            self.refill();
            if self.buf.is_empty() {
                return None;
            }
        }
        let s = self.buf[self.pos];
        self.pos += 1;
        Some(s)
    }
}

/// What a full decode of a file found.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioInfo {
    pub duration: f64,
    pub rate: u32,
    pub channels: u16,
    pub frames: u64,
    /// Damaged packets skipped; the file still plays.
    pub damaged: u64,
}

/// Frames a decoded stream may fall short of its container's count: one
/// packet (FLAC's largest common block).
const PACKET_SLACK: u64 = 4_608;

/// Whether an Ogg file's last page lacks the end-of-stream mark. Only the
/// last 64 KiB are looked at (a page is at most 65,307 bytes).
fn ogg_cut(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = File::open(path) else {
        return false;
    };
    let mut head = [0u8; 4];
    if f.read_exact(&mut head).is_err() || &head != b"OggS" {
        return false;
    }
    let Ok(len) = f.seek(SeekFrom::End(0)) else {
        return false;
    };
    let from = len.saturating_sub(65_536);
    let mut tail = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut tail).is_err() {
        return false;
    }
    // The last page: "OggS", version 0, its header type, …, its segment
    // table; it must end exactly where the file ends, and say so.
    let Some(i) = tail
        .windows(5)
        .enumerate()
        .filter(|(_, w)| w == b"OggS\0")
        .map(|(i, _)| i)
        .next_back()
    else {
        return true;
    };
    let Some(&segments) = tail.get(i + 26) else {
        return true;
    };
    let table = i + 27;
    let Some(lacing) = tail.get(table..table + usize::from(segments)) else {
        return true;
    };
    let end = table + usize::from(segments) + lacing.iter().map(|&b| usize::from(b)).sum::<usize>();
    match end.cmp(&tail.len()) {
        // Cut in the middle of its last page.
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => tail[i + 5] & 0x04 == 0,
        // Something after the last page (or "OggS" inside the sound):
        // nothing to tell from here.
        std::cmp::Ordering::Less => false,
    }
}

/// Whether an MP3 file's frames run past its end. ID3v2 (front) and ID3v1
/// (last 128 bytes) tags are stepped over; anything that is not a chain of
/// MPEG audio frames is not judged here (the decoder judges it).
fn mp3_cut(path: &Path) -> bool {
    use std::io::{BufReader, Read, Seek, SeekFrom};
    let Ok(f) = File::open(path) else {
        return false;
    };
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return false;
    };
    let mut r = BufReader::new(f);
    let mut head = [0u8; 10];
    if r.read_exact(&mut head).is_err() {
        return false;
    }
    let mut pos: u64 = 0;
    if &head[..3] == b"ID3" {
        let size = head[6..10]
            .iter()
            .fold(0u64, |acc, b| (acc << 7) | u64::from(b & 0x7f));
        pos = 10 + size + if head[5] & 0x10 != 0 { 10 } else { 0 };
    }
    let mut end = len;
    let mut tag = [0u8; 3];
    if len >= 128
        && r.seek(SeekFrom::Start(len - 128)).is_ok()
        && r.read_exact(&mut tag).is_ok()
        && &tag == b"TAG"
    {
        end = len - 128;
    }
    let mut frames = 0u64;
    while pos < end {
        let mut h = [0u8; 4];
        if r.seek(SeekFrom::Start(pos)).is_err() || r.read_exact(&mut h).is_err() {
            // Fewer than 4 bytes left: a header cut in two.
            return frames > 0;
        }
        let Some(size) = mp3_frame_len(h) else {
            // Not a frame here: padding, a tag, something else; not judged.
            return false;
        };
        pos += size;
        frames += 1;
    }
    frames > 0 && pos > end
}

/// The length in bytes of the MPEG audio frame this header starts.
fn mp3_frame_len(h: [u8; 4]) -> Option<u64> {
    if h[0] != 0xff || h[1] & 0xe0 != 0xe0 {
        return None;
    }
    let version = (h[1] >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    let layer = (h[1] >> 1) & 3; // 1: III, 2: II, 3: I
    let bitrate_i = usize::from(h[2] >> 4);
    let rate_i = usize::from((h[2] >> 2) & 3);
    let padding = u64::from((h[2] >> 1) & 1);
    if version == 1 || layer == 0 || bitrate_i == 0 || bitrate_i == 15 || rate_i == 3 {
        return None;
    }
    const RATES: [[u64; 3]; 4] = [
        [11_025, 12_000, 8_000],
        [0, 0, 0],
        [22_050, 24_000, 16_000],
        [44_100, 48_000, 32_000],
    ];
    const KBPS_V1: [[u64; 15]; 3] = [
        [
            0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
        ],
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
        ],
        [
            0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
        ],
    ];
    const KBPS_V2: [[u64; 15]; 3] = [
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
        [
            0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
        ],
    ];
    let rate = RATES[usize::from(version)][rate_i];
    // The tables' rows are by layer: III, II, I (layer bits 1, 2, 3).
    let li = usize::from(layer - 1);
    let kbps = if version == 3 {
        KBPS_V1[li][bitrate_i]
    } else {
        KBPS_V2[li][bitrate_i]
    };
    let bits = kbps * 1000;
    Some(match (layer, version) {
        (3, _) => (12 * bits / rate + padding) * 4,
        (1, 3) | (2, _) => 144 * bits / rate + padding,
        (1, _) => 72 * bits / rate + padding,
        _ => return None,
    })
}

/// Decodes a whole file, so that broken and half-copied files are found
/// before air time rather than during it.
pub fn probe(path: &Path) -> Result<AudioInfo, AudioError> {
    probe_with(path, |_, _, _| {}).map(|(info, _)| info)
}

/// Decodes a whole file, handing every chunk of samples (interleaved, with
/// the channel count and rate) to `visit`: one pass for checking, measuring
/// loudness and finding silence.
pub fn probe_with(
    path: &Path,
    mut visit: impl FnMut(&[f32], u16, u32),
) -> Result<(AudioInfo, Tags), AudioError> {
    let mut dec = FileDecoder::open(path)?;
    let expected = dec.header_duration();
    let expected_frames = dec.expected_frames;
    let stats = dec.stats();
    let (channels, rate) = (dec.channels(), dec.rate());
    while let Some(chunk) = dec.next_chunk() {
        visit(chunk, channels, rate);
    }
    let rate = dec.rate();
    let frames = stats.frames();
    if frames == 0 {
        return Err(match stats.stopped() {
            Some(why) => AudioError::Undecodable(why),
            None => AudioError::NoSamples,
        });
    }
    let duration = frames as f64 / rate.max(1) as f64;
    if let Some(why) = stats.stopped() {
        return Err(AudioError::Undecodable(t!(
            "audio-stopped-after",
            seconds = decimal(duration, 1),
            detail = why
        )));
    }
    // A container that says how long it is (WAV, FLAC, MP3 with its
    // LAME/Xing frame count, M4A) and holds less: a copy cut short. The
    // slack is one packet at most (a FLAC block, an MP3 frame).
    if let (Some(exp), Some(want)) = (expected, expected_frames)
        && frames.saturating_add(PACKET_SLACK) < want
    {
        return Err(AudioError::Truncated {
            decoded: duration,
            expected: exp,
        });
    }
    // Ogg says nothing of its length up front, but its last page is marked
    // "end of stream": a file without that mark was cut. An MP3 is walked
    // frame by frame (its count, when it has none, is only guessed from the
    // file's size): a last frame that runs past the end of the file was cut
    // (one cut exactly between two frames cannot be told from a whole file).
    if ogg_cut(path) || mp3_cut(path) {
        return Err(AudioError::CutAtEnd(duration));
    }
    Ok((
        AudioInfo {
            duration,
            rate,
            channels: dec.channels(),
            frames,
            damaged: stats.damaged(),
        },
        dec.tags().clone(),
    ))
}
