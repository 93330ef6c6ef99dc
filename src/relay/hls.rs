//! A live HLS stream (`.m3u8`): the playlist is reloaded every target
//! duration and its new segments fetched in order of their media sequence
//! numbers; their audio (ADTS AAC or MP3, taken out of MPEG-TS when the
//! segments are TS) is handed on as one continuous stream, so the decoder
//! sees what an Icecast stream would give it.

use std::time::Duration;

use loaxa_core::playlist::{self, Hls, MediaPlaylist, Segment};
use loaxa_i18n::Msg;
use reqwest::{Client, Url};

use super::http::{self, Head, Pipe};

/// Segments played at the start: the live edge, as players do (the newest
/// three, so a slow segment fetch does not leave the decoder dry).
const LIVE_EDGE: usize = 3;
/// A segment is seconds of low-rate audio: far below this.
const MAX_SEGMENT: usize = 16 * 1024 * 1024;
/// Reload bounds, whatever the playlist says.
const MIN_RELOAD: Duration = Duration::from_millis(500);
const MAX_RELOAD: Duration = Duration::from_secs(30);
/// Reloads in a row without a new segment before the stream counts as
/// stopped (a live playlist grows every target duration).
const MAX_STALE_RELOADS: u32 = 6;

/// Relays the HLS stream whose playlist (at `url`) reads `text`.
pub(crate) async fn relay(
    client: &Client,
    url: Url,
    text: &str,
    pipe: &mut Pipe,
) -> Result<(), Msg> {
    let (url, mut media) = match parse(text)? {
        Hls::Media(m) => (url, m),
        Hls::Master(variants) => {
            let Some(v) = Hls::pick(&variants) else {
                return Err(msg!("relay-hls-no-segments"));
            };
            let url = http::join(&url, &v.uri)?;
            let m = load(client, &url).await?;
            (url, m)
        }
    };
    let mut last: Option<u64> = None;
    let mut stale = 0;
    loop {
        let new: Vec<_> = to_fetch(&media, last).to_vec();
        for seg in &new {
            let seg_url = http::join(&url, &seg.uri)?;
            let resp = http::get(client, &seg_url).await?;
            let ct = http::content_type(&resp);
            let bytes = http::body_bytes(resp, MAX_SEGMENT).await?;
            let audio = if is_ts(ct.as_deref(), seg_url.path(), &bytes) {
                super::ts::audio_of(&bytes)?
            } else {
                without_id3(bytes)
            };
            pipe.start(Head {
                shown: http::shown(&url),
                hint: hint_of(&audio),
            });
            if !pipe.send(audio).await {
                return Ok(());
            }
            last = Some(seg.sequence);
        }
        stale = if new.is_empty() { stale + 1 } else { 0 };
        if media.ended && new.is_empty() {
            return Err(msg!("relay-ended"));
        }
        if stale > MAX_STALE_RELOADS {
            return Err(msg!("relay-ended"));
        }
        tokio::time::sleep(reload_after(&media, new.is_empty())).await;
        media = load(client, &url).await?;
    }
}

/// More new segments than this at one reload: the relay is far behind
/// (or the numbers jumped); it goes back to the live edge rather than
/// airing minutes-old audio.
const MAX_BEHIND: usize = 12;

/// The segments to fetch after `last`: the new ones in order; the live
/// edge at the start, when far behind, or when the numbering went back
/// (the server restarted its stream), where waiting for numbers above
/// `last` would leave the relay silent until it counts as stopped.
fn to_fetch(media: &MediaPlaylist, last: Option<u64>) -> &[Segment] {
    let restarted = last.is_some_and(|l| media.segments.last().is_some_and(|s| s.sequence < l));
    let new = media.after(last.filter(|_| !restarted), LIVE_EDGE);
    if new.len() > MAX_BEHIND {
        &new[new.len() - LIVE_EDGE..]
    } else {
        new
    }
}

/// How long to wait before reloading: a target duration after new
/// segments, half of one when none came (RFC 8216, 6.3.4).
fn reload_after(media: &MediaPlaylist, nothing_new: bool) -> Duration {
    let target = Duration::from_secs(media.target_duration.max(1));
    let wait = if nothing_new { target / 2 } else { target };
    wait.clamp(MIN_RELOAD, MAX_RELOAD)
}

async fn load(client: &Client, url: &Url) -> Result<MediaPlaylist, Msg> {
    let resp = http::get(client, url).await?;
    let text = http::body_text(resp, http::MAX_PLAYLIST).await?;
    match parse(&text)? {
        Hls::Media(m) => Ok(m),
        Hls::Master(_) => Err(msg!("relay-hls-no-segments")),
    }
}

fn parse(text: &str) -> Result<Hls, Msg> {
    playlist::parse_hls(text).map_err(|_| msg!("relay-hls-no-segments"))
}

/// MPEG-TS: by its type, its extension, or its sync byte every 188.
fn is_ts(content_type: Option<&str>, path: &str, bytes: &[u8]) -> bool {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    ct.starts_with("video/mp2t")
        || path.to_ascii_lowercase().ends_with(".ts")
        || (bytes.len() >= 377 && bytes[0] == 0x47 && bytes[188] == 0x47 && bytes[376] == 0x47)
}

/// A packed-audio segment (AAC or MP3) without the ID3 tag HLS puts at
/// its start (its timestamp): in the middle of a stream the decoder would
/// take it for damaged audio.
fn without_id3(mut bytes: Vec<u8>) -> Vec<u8> {
    if let [b'I', b'D', b'3', _, _, flags, s0, s1, s2, s3, ..] = bytes[..] {
        // The size is "syncsafe": seven bits a byte.
        let size = [s0, s1, s2, s3]
            .iter()
            .fold(0usize, |acc, b| (acc << 7) | usize::from(b & 0x7f));
        let footer = if flags & 0x10 != 0 { 10 } else { 0 };
        let end = (10 + size + footer).min(bytes.len());
        bytes.drain(..end);
    }
    bytes
}

/// ADTS AAC (sync 0xFFF, layer 00) or MP3, from the first bytes.
fn hint_of(audio: &[u8]) -> Option<&'static str> {
    match audio {
        [0xff, b, ..] if b & 0xf6 == 0xf0 => Some("aac"),
        [0xff, b, ..] if b & 0xe0 == 0xe0 => Some("mp3"),
        [b'I', b'D', b'3', ..] => Some("mp3"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_kinds() {
        assert!(is_ts(Some("video/MP2T"), "/a", &[]));
        assert!(is_ts(None, "/a/seg1.ts", &[]));
        let mut ts = vec![0u8; 400];
        ts[0] = 0x47;
        ts[188] = 0x47;
        ts[376] = 0x47;
        assert!(is_ts(None, "/a/seg", &ts));
        assert!(!is_ts(Some("audio/aac"), "/a/seg1.aac", &[0xff, 0xf1]));
        assert_eq!(hint_of(&[0xff, 0xf1, 0]), Some("aac"));
        assert_eq!(hint_of(&[0xff, 0xf9, 0]), Some("aac"));
        assert_eq!(hint_of(&[0xff, 0xfb, 0]), Some("mp3"));
        assert_eq!(hint_of(b"ID3\x04"), Some("mp3"));
        assert_eq!(hint_of(&[0, 1]), None);
    }

    #[test]
    fn the_id3_tag_of_a_packed_audio_segment_is_left_out() {
        let mut seg = b"ID3\x04\x00\x00\x00\x00\x00\x03abc".to_vec();
        seg.extend_from_slice(&[0xff, 0xf1, 1, 2]);
        assert_eq!(without_id3(seg), [0xff, 0xf1, 1, 2]);
        assert_eq!(without_id3(vec![0xff, 0xf1]), [0xff, 0xf1]);
        // A tag that claims more than there is: nothing left, no panic.
        assert!(without_id3(b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f".to_vec()).is_empty());
    }

    fn playlist(first: u64, count: u64) -> MediaPlaylist {
        MediaPlaylist {
            target_duration: 2,
            media_sequence: first,
            segments: (0..count)
                .map(|i| Segment {
                    sequence: first.saturating_add(i),
                    uri: format!("s{i}.aac"),
                    duration: 2.0,
                })
                .collect(),
            ended: false,
        }
    }

    #[test]
    fn what_is_fetched_stays_near_the_live_edge() {
        let seqs = |s: &[Segment]| s.iter().map(|s| s.sequence).collect::<Vec<_>>();
        // The start: the live edge.
        assert_eq!(seqs(to_fetch(&playlist(100, 6), None)), [103, 104, 105]);
        // Steady: what came since.
        assert_eq!(seqs(to_fetch(&playlist(100, 6), Some(103))), [104, 105]);
        assert!(to_fetch(&playlist(100, 6), Some(105)).is_empty());
        // Thousands new at once: the live edge, not an hour behind.
        assert_eq!(
            seqs(to_fetch(&playlist(100, 3000), Some(100))),
            [3097, 3098, 3099]
        );
        // The numbers went back (the server restarted): the live edge.
        assert_eq!(seqs(to_fetch(&playlist(0, 5), Some(900))), [2, 3, 4]);
        // Numbers at the very top: nothing overflows.
        let top = playlist(u64::MAX - 1, 4);
        assert_eq!(to_fetch(&top, None).len(), 3);
        assert!(to_fetch(&top, Some(u64::MAX)).is_empty());
    }

    #[test]
    fn reloads_follow_the_target_duration() {
        let m = MediaPlaylist {
            target_duration: 4,
            media_sequence: 0,
            segments: Vec::new(),
            ended: false,
        };
        assert_eq!(reload_after(&m, false), Duration::from_secs(4));
        assert_eq!(reload_after(&m, true), Duration::from_secs(2));
        let huge = MediaPlaylist {
            target_duration: 3600,
            ..m
        };
        assert_eq!(reload_after(&huge, false), MAX_RELOAD);
    }
}
