//! The playlists a relay address may lead to, read as text: `.m3u` and
//! `.pls` (a radio's "listen" link, which names the stream itself) and HLS
//! `.m3u8` (a master playlist naming variants, or a media playlist of
//! segments that a live stream keeps growing). Only the parsing: fetching,
//! resolving relative addresses and polling are the binary's.

/// What kind of playlist a response is, from its Content-Type and the
/// address's path; `None`: not a playlist (a stream, as far as we know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaylistKind {
    M3u,
    Pls,
    Hls,
}

impl PlaylistKind {
    pub fn detect(content_type: Option<&str>, path: &str) -> Option<PlaylistKind> {
        let mime = content_type
            .and_then(|c| c.split(';').next())
            .map(|c| c.trim().to_ascii_lowercase());
        match mime.as_deref() {
            Some("application/vnd.apple.mpegurl" | "application/x-mpegurl") => {
                return Some(PlaylistKind::Hls);
            }
            Some("audio/x-mpegurl" | "audio/mpegurl") => return Some(PlaylistKind::M3u),
            Some("audio/x-scpls" | "application/pls+xml") => return Some(PlaylistKind::Pls),
            _ => {}
        }
        let ext = path
            .rsplit('/')
            .next()?
            .rsplit_once('.')?
            .1
            .to_ascii_lowercase();
        match ext.as_str() {
            "m3u8" => Some(PlaylistKind::Hls),
            "m3u" => Some(PlaylistKind::M3u),
            "pls" => Some(PlaylistKind::Pls),
            _ => None,
        }
    }
}

/// The first stream an `.m3u` names: its first line that is neither blank
/// nor a comment. (An `.m3u` that is really HLS is told by `is_hls`.)
pub fn m3u_first(text: &str) -> Option<String> {
    lines(text)
        .find(|l| !l.starts_with('#'))
        .map(str::to_string)
}

/// Whether an `.m3u` is in fact an HLS playlist (some servers send HLS
/// as audio/x-mpegurl).
pub fn is_hls(text: &str) -> bool {
    lines(text).any(|l| l.starts_with("#EXT-X-"))
}

/// The first stream a `.pls` names: `File1=` (or the lowest `FileN=`).
pub fn pls_first(text: &str) -> Option<String> {
    lines(text)
        .filter_map(|l| {
            let (key, value) = l.split_once('=')?;
            let n: u32 = key.trim().strip_prefix("File")?.parse().ok()?;
            let value = value.trim();
            (!value.is_empty()).then(|| (n, value.to_string()))
        })
        .min_by_key(|(n, _)| *n)
        .map(|(_, v)| v)
}

/// An HLS playlist: the variants of a master, or a media playlist.
#[derive(Debug, Clone, PartialEq)]
pub enum Hls {
    Master(Vec<Variant>),
    Media(MediaPlaylist),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub uri: String,
    pub bandwidth: Option<u64>,
    /// The CODECS attribute, when given: an audio-only variant has no
    /// video codec (avc1, hvc1…) in it.
    pub codecs: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MediaPlaylist {
    /// `#EXT-X-TARGETDURATION`, seconds: how often a live playlist is
    /// reloaded.
    pub target_duration: u64,
    /// `#EXT-X-MEDIA-SEQUENCE`: the number of the first segment.
    pub media_sequence: u64,
    pub segments: Vec<Segment>,
    /// `#EXT-X-ENDLIST`: the playlist will not grow (not live).
    pub ended: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// The segment's number: media sequence + its place.
    pub sequence: u64,
    pub uri: String,
    pub duration: f64,
}

impl MediaPlaylist {
    /// The segments to play after `last` (the last one played), in
    /// order; at the start (`None`), the live edge: the last `edge` ones.
    pub fn after(&self, last: Option<u64>, edge: usize) -> &[Segment] {
        match last {
            None => {
                let from = self.segments.len().saturating_sub(edge);
                &self.segments[from..]
            }
            Some(last) => {
                let from = self
                    .segments
                    .iter()
                    .position(|s| s.sequence > last)
                    .unwrap_or(self.segments.len());
                &self.segments[from..]
            }
        }
    }
}

impl Hls {
    /// The variant to relay: the lowest bandwidth among the audio-only
    /// ones if any say so, else among all (a loudspeaker needs no more).
    pub fn pick(variants: &[Variant]) -> Option<&Variant> {
        let audio_only: Vec<&Variant> = variants
            .iter()
            .filter(|v| v.codecs.as_deref().is_some_and(|c| !has_video(c)))
            .collect();
        let pool: Vec<&Variant> = if audio_only.is_empty() {
            variants.iter().collect()
        } else {
            audio_only
        };
        pool.into_iter()
            .min_by_key(|v| v.bandwidth.unwrap_or(u64::MAX))
    }
}

fn has_video(codecs: &str) -> bool {
    codecs.split(',').any(|c| {
        let c = c.trim().to_ascii_lowercase();
        ["avc", "hvc", "hev", "vp0", "vp9", "av01"]
            .iter()
            .any(|v| c.starts_with(v))
    })
}

/// Why an HLS playlist cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HlsError {
    #[error("no #EXTM3U header")]
    NotHls,
    #[error("no segments and no variants")]
    Empty,
}

/// Reads an HLS playlist (master or media).
pub fn parse_hls(text: &str) -> Result<Hls, HlsError> {
    let mut all = lines(text);
    if all.next() != Some("#EXTM3U") {
        return Err(HlsError::NotHls);
    }
    let mut variants = Vec::new();
    let mut media = MediaPlaylist {
        target_duration: 0,
        media_sequence: 0,
        segments: Vec::new(),
        ended: false,
    };
    let mut pending_variant: Option<(Option<u64>, Option<String>)> = None;
    let mut pending_duration: Option<f64> = None;
    for line in all {
        if let Some(attrs) = line.strip_prefix("#EXT-X-STREAM-INF:") {
            let bandwidth = attribute(attrs, "BANDWIDTH").and_then(|b| b.parse().ok());
            pending_variant = Some((bandwidth, attribute(attrs, "CODECS")));
        } else if let Some(v) = line.strip_prefix("#EXT-X-TARGETDURATION:") {
            media.target_duration = v.trim().parse().unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("#EXT-X-MEDIA-SEQUENCE:") {
            media.media_sequence = v.trim().parse().unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("#EXTINF:") {
            let number = v.split(',').next().unwrap_or("").trim();
            pending_duration = Some(number.parse().unwrap_or(0.0));
        } else if line == "#EXT-X-ENDLIST" {
            media.ended = true;
        } else if line.starts_with('#') {
            continue;
        } else if let Some((bandwidth, codecs)) = pending_variant.take() {
            variants.push(Variant {
                uri: line.to_string(),
                bandwidth,
                codecs,
            });
        } else {
            let place = media.segments.len() as u64;
            media.segments.push(Segment {
                sequence: media.media_sequence.saturating_add(place),
                uri: line.to_string(),
                duration: pending_duration.take().unwrap_or(0.0),
            });
        }
    }
    if !variants.is_empty() {
        Ok(Hls::Master(variants))
    } else if !media.segments.is_empty() || media.target_duration > 0 {
        Ok(Hls::Media(media))
    } else {
        Err(HlsError::Empty)
    }
}

/// An attribute of an HLS tag: `NAME=value` or `NAME="value, with commas"`.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], quoted[end + 1..].trim_start_matches(','))
        } else {
            match after.split_once(',') {
                Some((v, n)) => (v, n),
                None => (after, ""),
            }
        };
        if key.trim() == name {
            return Some(value.to_string());
        }
        rest = next;
    }
    None
}

/// The lines of a playlist, trimmed (a BOM, CR LF), blank ones left out.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_type_then_extension() {
        let table = [
            (
                Some("application/vnd.apple.mpegurl"),
                "/live",
                Some(PlaylistKind::Hls),
            ),
            (Some("audio/x-mpegurl"), "/x", Some(PlaylistKind::M3u)),
            (Some("audio/x-scpls"), "/x", Some(PlaylistKind::Pls)),
            (Some("audio/mpeg"), "/x.m3u", Some(PlaylistKind::M3u)),
            (None, "/a/index.M3U8", Some(PlaylistKind::Hls)),
            (None, "/listen.pls", Some(PlaylistKind::Pls)),
            (Some("audio/mpeg"), "/vov1", None),
            (None, "/", None),
        ];
        for (ct, path, want) in table {
            assert_eq!(PlaylistKind::detect(ct, path), want, "{ct:?} {path}");
        }
    }

    #[test]
    fn m3u_and_pls_give_their_first_stream() {
        let m3u = "\u{feff}#EXTM3U\r\n#EXTINF:-1,VOV1\r\n\r\nhttp://a/vov1.mp3\r\nhttp://b/x\r\n";
        assert_eq!(m3u_first(m3u).as_deref(), Some("http://a/vov1.mp3"));
        assert_eq!(m3u_first("#EXTM3U\n# nothing\n"), None);
        let pls = "[playlist]\nNumberOfEntries=2\nFile2=http://b/2\nTitle1=VOV\nFile1=http://a/1\n";
        assert_eq!(pls_first(pls).as_deref(), Some("http://a/1"));
        assert_eq!(pls_first("[playlist]\nFile1=\n"), None);
        assert!(is_hls("#EXTM3U\n#EXT-X-TARGETDURATION:4\na.ts\n"));
        assert!(!is_hls(m3u));
    }

    #[test]
    fn a_master_playlist_picks_the_lowest_audio_variant() {
        let text = "#EXTM3U\n\
            #EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS=\"avc1.4d401e,mp4a.40.2\"\nvideo.m3u8\n\
            #EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\nhi.m3u8\n\
            #EXT-X-STREAM-INF:CODECS=\"mp4a.40.5\",BANDWIDTH=48000\nlo.m3u8\n";
        let Ok(Hls::Master(variants)) = parse_hls(text) else {
            panic!("not a master");
        };
        assert_eq!(variants.len(), 3);
        assert_eq!(
            Hls::pick(&variants).map(|v| v.uri.as_str()),
            Some("lo.m3u8")
        );
        // Without CODECS: the lowest bandwidth of all.
        let plain = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=9\nb.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=3\na.m3u8\n";
        let Ok(Hls::Master(variants)) = parse_hls(plain) else {
            panic!("not a master");
        };
        assert_eq!(Hls::pick(&variants).map(|v| v.uri.as_str()), Some("a.m3u8"));
    }

    #[test]
    fn a_media_playlist_numbers_its_segments() {
        let text = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:17\n\
            #EXTINF:4.000,\nseg17.aac\n#EXTINF:3.98,\nseg18.aac\n#EXTINF:4,\nseg19.aac\n#EXTINF:4,\nseg20.aac\n";
        let Ok(Hls::Media(m)) = parse_hls(text) else {
            panic!("not media");
        };
        assert_eq!(m.target_duration, 4);
        assert!(!m.ended);
        let numbers: Vec<u64> = m.segments.iter().map(|s| s.sequence).collect();
        assert_eq!(numbers, [17, 18, 19, 20]);
        assert_eq!(m.segments[1].duration, 3.98);
        // The live edge at the start, then only what is new.
        let uris = |s: &[Segment]| s.iter().map(|s| s.uri.clone()).collect::<Vec<_>>();
        assert_eq!(
            uris(m.after(None, 3)),
            ["seg18.aac", "seg19.aac", "seg20.aac"]
        );
        assert_eq!(uris(m.after(Some(19), 3)), ["seg20.aac"]);
        assert!(m.after(Some(20), 3).is_empty());
        assert_eq!(m.after(Some(3), 3).len(), 4);
    }

    #[test]
    fn not_hls_or_empty_is_an_error() {
        assert_eq!(parse_hls("http://a/b.mp3\n"), Err(HlsError::NotHls));
        assert_eq!(
            parse_hls("#EXTM3U\n#EXT-X-VERSION:3\n"),
            Err(HlsError::Empty)
        );
        assert!(
            matches!(parse_hls("#EXTM3U\n#EXT-X-ENDLIST\n#EXTINF:x\na.ts\n"), Ok(Hls::Media(m)) if m.ended && m.segments[0].duration == 0.0)
        );
    }

    #[test]
    fn attributes_quoted_or_not() {
        assert_eq!(attribute("A=1,B=\"x,y\",C=3", "B").as_deref(), Some("x,y"));
        assert_eq!(attribute("A=1,B=\"x,y\",C=3", "C").as_deref(), Some("3"));
        assert_eq!(attribute("A=1", "Z"), None);
        assert_eq!(attribute("garbage", "A"), None);
    }
}
