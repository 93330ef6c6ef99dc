//! MPEG-TS segments (HLS): the audio elementary stream taken out of them
//! (ADTS AAC or MP3 frames, as the PES packets carry them), so the same
//! stream decoder reads it. Video and data streams are left out.

use loaxa_i18n::Msg;
use mpeg2ts::pes::{PesPacketReader, ReadPesPacket};
use mpeg2ts::ts::TsPacketReader;

/// The audio of one segment, in order. The first audio stream is kept
/// (an HLS audio rendition has one).
pub(crate) fn audio_of(segment: &[u8]) -> Result<Vec<u8>, Msg> {
    // The demuxer is a library reading hostile bytes: a panic in it is
    // this segment's fault, never the daemon's.
    let result = std::panic::catch_unwind(|| demux(segment));
    match result {
        Ok(Ok(audio)) if !audio.is_empty() => Ok(audio),
        Ok(Ok(_)) => Err(msg!("relay-not-audio")),
        Ok(Err(detail)) => Err(msg!("relay-undecodable", detail = detail)),
        Err(_) => Err(msg!("relay-undecodable", detail = "MPEG-TS")),
    }
}

fn demux(segment: &[u8]) -> Result<Vec<u8>, String> {
    let mut reader = PesPacketReader::new(TsPacketReader::new(segment));
    let mut audio = Vec::with_capacity(segment.len());
    let mut stream = None;
    loop {
        match reader.read_pes_packet() {
            Ok(Some(pes)) => {
                let id = pes.header.stream_id;
                if !id.is_audio() || *stream.get_or_insert(id.as_u8()) != id.as_u8() {
                    continue;
                }
                audio.extend_from_slice(&pes.data);
            }
            Ok(None) => return Ok(audio),
            // A damaged tail: what came before is still good audio.
            Err(e) if !audio.is_empty() => {
                tracing::debug!("MPEG-TS: {e}");
                return Ok(audio);
            }
            Err(e) => return Err(short(&e.to_string())),
        }
    }
}

/// The demuxer's error as the log keeps it: its first line without the
/// source location (its text can carry a whole backtrace, with the build
/// machine's paths, when RUST_BACKTRACE is set).
fn short(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    first
        .split(" (at ")
        .next()
        .unwrap_or(first)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ts_segment_gives_its_adts_audio() {
        let seg = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/relay/seg0.ts"
        ))
        .unwrap();
        let audio = audio_of(&seg).unwrap();
        assert_eq!(&audio[..2], &[0xff, 0xf1]);
        assert!(audio.len() > 4000 && audio.len() < seg.len());
    }

    #[test]
    fn a_demuxer_error_is_one_short_line() {
        let text = "InvalidInput: Reserved for future use (at /root/.cargo/x.rs:257)\n\nBacktrace:\n   0: a";
        assert_eq!(short(text), "InvalidInput: Reserved for future use");
        assert_eq!(short(""), "");
        // Whatever the environment, a garbage segment's reason is short.
        let Err(why) = audio_of(&[0x47; 1880]) else {
            panic!("garbage gave audio")
        };
        assert!(!format!("{why:?}").contains("Backtrace"), "{why:?}");
    }

    #[test]
    fn garbage_is_a_reason() {
        assert!(audio_of(&[0x47; 1000]).is_err());
        assert!(audio_of(b"hello").is_err());
        assert!(audio_of(&[]).is_err());
    }
}
