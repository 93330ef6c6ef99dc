//! Decoding a live stream (a relay: Icecast MP3, AAC/ADTS, Ogg) as it
//! arrives. The network side hands the bytes over a bounded channel
//! (`ChannelReader`); symphonia reads them through a `ReadOnlySource`,
//! since a live stream cannot seek. Whatever the stream does (stops, sends
//! garbage, trips the decoder) ends as a `StreamError`, a reason the relay
//! logs before it reconnects: never a panic.

use std::io::Read;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSourceStream, ReadOnlySource};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use crate::decode::{AudioError, guarded};

/// Damaged packets in a row after which the stream counts as garbage: a
/// few are a glitch on the line (skipped, as a radio would), a run of them
/// is not audio.
const MAX_DAMAGED_IN_A_ROW: u32 = 32;

/// Why a live stream gives no more audio.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StreamError {
    /// No audio format loaxa reads was found in the first bytes.
    #[error("not audio")]
    NotAudio,
    /// The bytes stopped coming (the connection closed).
    #[error("the stream ended")]
    Ended,
    /// The decoder cannot go on: damaged data, a codec not supported.
    #[error("undecodable: {0}")]
    Undecodable(String),
    /// The rate or the channels changed midway: decoded again from a new
    /// connection rather than played at the wrong speed.
    #[error("the format changed to {rate} Hz, {channels} channels")]
    FormatChanged { rate: u32, channels: u16 },
}

impl StreamError {
    /// The reason as the relay's log keeps it.
    pub fn msg(&self) -> loaxa_i18n::Msg {
        match self {
            StreamError::NotAudio => msg!("relay-not-audio"),
            StreamError::Ended => msg!("relay-ended"),
            StreamError::Undecodable(detail) => msg!("relay-undecodable", detail = detail),
            StreamError::FormatChanged { rate, channels } => {
                msg!("relay-format-changed", rate = *rate, channels = *channels)
            }
        }
    }
}

/// What the stream turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamInfo {
    /// The codec's short name: "mp3", "aac", "vorbis"…
    pub codec: String,
    pub rate: u32,
    pub channels: u16,
}

/// The file-name extension symphonia is hinted with, from the response's
/// Content-Type, else the URL path's extension. A hint only: the probe
/// still reads the bytes.
pub fn hint_for(content_type: Option<&str>, path: &str) -> Option<&'static str> {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase());
    let by_type = match mime.as_deref() {
        Some("audio/mpeg" | "audio/mp3" | "audio/mpeg3") => Some("mp3"),
        Some("audio/aac" | "audio/aacp" | "audio/x-aac") => Some("aac"),
        Some("application/ogg" | "audio/ogg" | "audio/vorbis" | "audio/opus") => Some("ogg"),
        _ => None,
    };
    by_type.or_else(|| {
        let ext = path
            .rsplit('/')
            .next()?
            .rsplit_once('.')?
            .1
            .to_ascii_lowercase();
        match ext.as_str() {
            "mp3" => Some("mp3"),
            "aac" | "adts" => Some("aac"),
            "ogg" | "oga" | "opus" => Some("ogg"),
            _ => None,
        }
    })
}

/// The receiving end of the bounded byte channel, read as a byte stream:
/// blocks until the network side sends; the end of the stream when it is
/// gone.
pub struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
    piece: Vec<u8>,
    pos: usize,
}

impl ChannelReader {
    pub fn new(rx: tokio::sync::mpsc::Receiver<Vec<u8>>) -> ChannelReader {
        ChannelReader {
            rx,
            piece: Vec::new(),
            pos: 0,
        }
    }
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.piece.len() {
            match self.rx.blocking_recv() {
                Some(piece) => {
                    self.piece = piece;
                    self.pos = 0;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.piece.len() - self.pos);
        buf[..n].copy_from_slice(&self.piece[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A live stream being decoded, as interleaved `f32` at its own rate and
/// channels.
pub struct StreamDecoder {
    format: Box<dyn FormatReader>,
    decoder: Box<dyn symphonia::core::codecs::Decoder>,
    track_id: u32,
    info: StreamInfo,
    /// The first packet's samples, decoded while opening (some streams
    /// only tell their rate there).
    first: Option<Vec<f32>>,
}

/// Runs decoder work with its panics as a stream error.
fn shielded<T>(f: impl FnOnce() -> Result<T, StreamError>) -> Result<T, StreamError> {
    match guarded(|| Ok::<_, AudioError>(f())) {
        Ok(result) => result,
        Err(e) => Err(StreamError::Undecodable(e.to_string())),
    }
}

impl StreamDecoder {
    /// Probes the stream (reading as much as the probe needs, up to 1 MiB)
    /// and decodes its first packet.
    pub fn open(
        source: impl Read + Send + Sync + 'static,
        hint: Option<&str>,
    ) -> Result<StreamDecoder, StreamError> {
        let mss = MediaSourceStream::new(Box::new(ReadOnlySource::new(source)), Default::default());
        let mut h = Hint::new();
        if let Some(ext) = hint {
            h.with_extension(ext);
        }
        let probed = shielded(|| {
            symphonia::default::get_probe()
                .format(
                    &h,
                    mss,
                    &FormatOptions::default(),
                    &MetadataOptions::default(),
                )
                .map_err(|e| match e {
                    SymError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                        StreamError::Ended
                    }
                    SymError::Unsupported(_) | SymError::IoError(_) => StreamError::NotAudio,
                    other => StreamError::Undecodable(other.to_string()),
                })
        })?;
        let format = probed.format;
        let track = format
            .tracks()
            .iter()
            .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
            .ok_or(StreamError::NotAudio)?;
        let params = track.codec_params.clone();
        let track_id = track.id;
        let decoder = shielded(|| {
            symphonia::default::get_codecs()
                .make(&params, &DecoderOptions::default())
                .map_err(|e| StreamError::Undecodable(e.to_string()))
        })?;
        let codec = symphonia::default::get_codecs()
            .get_codec(params.codec)
            .map_or_else(|| "?".to_string(), |d| d.short_name.to_string());
        let mut dec = StreamDecoder {
            format,
            decoder,
            track_id,
            info: StreamInfo {
                codec,
                rate: 0,
                channels: 0,
            },
            first: None,
        };
        let first = dec.decode_next()?;
        dec.first = Some(first);
        crate::decode::check_format(dec.info.rate, u32::from(dec.info.channels))
            .map_err(|e| StreamError::Undecodable(e.to_string()))?;
        Ok(dec)
    }

    pub fn info(&self) -> &StreamInfo {
        &self.info
    }

    /// The next packet's samples (interleaved, at `info()`'s rate and
    /// channels); an error when the stream cannot go on.
    pub fn next_chunk(&mut self) -> Result<Vec<f32>, StreamError> {
        if let Some(first) = self.first.take() {
            return Ok(first);
        }
        self.decode_next()
    }

    fn decode_next(&mut self) -> Result<Vec<f32>, StreamError> {
        let mut damaged = 0;
        loop {
            let packet = match shielded(|| Ok(self.format.next_packet())) {
                Ok(Ok(p)) => p,
                Ok(Err(SymError::IoError(_))) => return Err(StreamError::Ended),
                Ok(Err(SymError::DecodeError(_))) => {
                    damaged += 1;
                    if damaged >= MAX_DAMAGED_IN_A_ROW {
                        return Err(StreamError::NotAudio);
                    }
                    continue;
                }
                Ok(Err(e)) => return Err(StreamError::Undecodable(e.to_string())),
                Err(e) => return Err(e),
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            let decoder = &mut self.decoder;
            let decoded = shielded(|| match decoder.decode(&packet) {
                Ok(d) => {
                    let spec = *d.spec();
                    let mut sb = SampleBuffer::<f32>::new(d.capacity() as u64, spec);
                    sb.copy_interleaved_ref(d);
                    Ok(Some((spec, sb)))
                }
                Err(SymError::DecodeError(_)) => Ok(None),
                Err(e) => Err(StreamError::Undecodable(e.to_string())),
            })?;
            let Some((spec, sb)) = decoded else {
                damaged += 1;
                if damaged >= MAX_DAMAGED_IN_A_ROW {
                    return Err(StreamError::NotAudio);
                }
                continue;
            };
            damaged = 0;
            let channels = spec.channels.count() as u16;
            if sb.samples().is_empty() || channels == 0 {
                continue;
            }
            if self.info.rate == 0 {
                self.info.rate = spec.rate;
                self.info.channels = channels;
            } else if (spec.rate, channels) != (self.info.rate, self.info.channels) {
                return Err(StreamError::FormatChanged {
                    rate: spec.rate,
                    channels,
                });
            }
            return Ok(sb.samples().to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_from_type_then_extension() {
        let table = [
            (Some("audio/mpeg"), "/vov1", Some("mp3")),
            (Some("audio/aacp; charset=x"), "/x.mp3", Some("aac")),
            (Some("audio/aac"), "/", Some("aac")),
            (Some("application/ogg"), "/", Some("ogg")),
            (Some("text/html"), "/live.MP3", Some("mp3")),
            (None, "/a/b.aac", Some("aac")),
            (None, "/a.b/stream", None),
            (None, "/", None),
        ];
        for (ct, path, want) in table {
            assert_eq!(hint_for(ct, path), want, "{ct:?} {path}");
        }
    }

    fn channel_of(bytes: Vec<u8>) -> ChannelReader {
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        for piece in bytes.chunks(1000) {
            tx.try_send(piece.to_vec()).unwrap();
        }
        ChannelReader::new(rx)
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        // A fixed pseudo-random run of bytes.
        let mut x: u32 = 12345;
        let bytes: Vec<u8> = (0..60_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        let result = StreamDecoder::open(channel_of(bytes), Some("mp3"));
        let err = result.err().expect("garbage decoded");
        assert!(
            matches!(
                err,
                StreamError::NotAudio | StreamError::Ended | StreamError::Undecodable(_)
            ),
            "{err:?}"
        );
    }

    #[test]
    fn nothing_at_all_is_an_ended_stream() {
        let result = StreamDecoder::open(channel_of(Vec::new()), None);
        assert!(matches!(
            result.err(),
            Some(StreamError::Ended | StreamError::NotAudio)
        ));
    }

    #[test]
    fn reasons_are_catalog_messages() {
        assert_eq!(StreamError::Ended.msg(), msg!("relay-ended"));
        assert_eq!(StreamError::NotAudio.msg(), msg!("relay-not-audio"));
    }
}
