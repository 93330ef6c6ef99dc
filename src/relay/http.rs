//! Fetching a relay's stream over HTTP(S): the one place loaxa is a
//! network client. An Icecast/SHOUTcast stream is passed on as it comes; a
//! `.m3u`/`.pls` is followed to its first stream; an HLS playlist goes to
//! `hls`. Every failure becomes a catalog reason, worded without the
//! address's user or password.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use loaxa_core::playlist::{self, PlaylistKind};
use loaxa_i18n::Msg;
use reqwest::{Client, Response, Url};
use tokio::sync::{mpsc, oneshot};

/// Giving up on a server that does not answer: long enough for a slow
/// rural link, short enough that back-off tries again within the item.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A stream that sends nothing for this long is treated as stopped (a
/// live radio sends several times a second).
pub(crate) const STALL: Duration = Duration::from_secs(10);
/// A playlist is a few lines (an HLS one with a long window, a few
/// thousand): anything larger is not one. The same as HLS reloads allow,
/// so a playlist read at the start is not refused where a reload is not.
pub(crate) const MAX_PLAYLIST: usize = 256 * 1024;
/// Playlists leading to playlists: a loop is cut here.
const MAX_HOPS: u32 = 4;

/// What the decoder is told before the bytes: where they come from in
/// the end (playlists followed, no password) and the format's hint.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub shown: String,
    pub hint: Option<&'static str>,
}

/// The network side of one connection, handing the decoder its bytes.
pub(crate) struct Pipe {
    pub tx: mpsc::Sender<Vec<u8>>,
    pub head: Option<oneshot::Sender<Head>>,
    /// Why the fetch stopped, set before the sender is dropped (so the
    /// decoder, seeing the end, finds the reason there).
    pub why: Arc<Mutex<Option<Msg>>>,
    /// Bytes handed over in all (the watchdog tells bytes that give no
    /// audio from a server that is merely quiet).
    pub bytes: Arc<AtomicU64>,
}

impl Pipe {
    /// Tells the decoder what comes (once).
    pub fn start(&mut self, head: Head) {
        if let Some(tx) = self.head.take() {
            let _ = tx.send(head);
        }
    }

    /// Hands bytes over, waiting for room; false when the decoder is gone.
    /// In pieces of at most `PIECE`: the channel counts pieces, and a whole
    /// HLS segment (up to 16 MiB) as one would let it hold 32 of them.
    pub async fn send(&self, bytes: Vec<u8>) -> bool {
        for piece in pieces(bytes) {
            self.bytes.fetch_add(piece.len() as u64, Ordering::Relaxed);
            if self.tx.send(piece).await.is_err() {
                return false;
            }
        }
        true
    }
}

/// The most bytes one piece in the channel holds.
pub(crate) const PIECE: usize = 64 * 1024;

/// `bytes` cut into pieces of at most `PIECE` (a small one as it is).
fn pieces(bytes: Vec<u8>) -> Vec<Vec<u8>> {
    if bytes.len() <= PIECE {
        return vec![bytes];
    }
    bytes.chunks(PIECE).map(<[u8]>::to_vec).collect()
}

/// The HTTP client relays share: rustls (ring, as the console's TLS) with
/// the system's certificates; a connect timeout and a read-stall timeout;
/// "loaxa/VERSION" as User-Agent. No `Icy-MetaData` header is sent, so the
/// server sends plain audio without song titles interleaved.
pub(crate) fn client() -> Result<Client, Msg> {
    // The process-wide provider reqwest's rustls uses; already installed
    // is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let builder = || {
        Client::builder()
            .user_agent(concat!("loaxa/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(STALL)
    };
    match builder().build() {
        Ok(client) => Ok(client),
        // No system certificates (ca-certificates not installed): plain
        // http:// streams still relay; https:// ones are refused, their
        // certificate trusted by nothing.
        Err(first) => {
            tracing::warn!("{}", t!("relay-no-certificates"));
            builder()
                .tls_certs_only(Vec::new())
                .build()
                .map_err(|_| msg!("relay-network", detail = first.without_url().to_string()))
        }
    }
}

/// Fetches `url` into the pipe until the decoder is gone or the stream
/// fails; the failure is left in `pipe.why`.
pub(crate) async fn fetch(client: Client, url: String, mut pipe: Pipe) {
    let result = follow(&client, &url, &mut pipe).await;
    if let Err(why) = result
        && let Ok(mut slot) = pipe.why.lock()
    {
        *slot = Some(why);
    }
    drop(pipe);
}

async fn follow(client: &Client, url: &str, pipe: &mut Pipe) -> Result<(), Msg> {
    let mut url = Url::parse(url).map_err(|e| msg!("relay-bad-address", why = e.to_string()))?;
    for _ in 0..MAX_HOPS {
        let resp = get(client, &url).await?;
        let content_type = content_type(&resp);
        // An audio type is a stream, whatever the mount point is called
        // (an Icecast mount may well be "/live.m3u").
        let audio_type = loaxa_audio::stream::hint_for(content_type.as_deref(), "").is_some();
        let kind =
            PlaylistKind::detect(content_type.as_deref(), url.path()).filter(|_| !audio_type);
        let Some(kind) = kind else {
            let hint = loaxa_audio::stream::hint_for(content_type.as_deref(), url.path());
            // A web page (a login page, "this stream has moved") is not
            // a stream: said so now, not as a stream that "stopped".
            if hint.is_none() && is_web_page(content_type.as_deref()) {
                return Err(msg!("relay-not-audio"));
            }
            pipe.start(Head {
                shown: shown(&url),
                hint,
            });
            return stream(resp, pipe).await;
        };
        let text = body_text(resp, MAX_PLAYLIST).await?;
        let next = match kind {
            PlaylistKind::Hls => None,
            _ if playlist::is_hls(&text) => None,
            PlaylistKind::M3u => Some(playlist::m3u_first(&text)),
            PlaylistKind::Pls => Some(playlist::pls_first(&text)),
        };
        match next {
            None => return super::hls::relay(client, url, &text, pipe).await,
            Some(None) => return Err(msg!("relay-playlist-empty")),
            Some(Some(first)) => url = join(&url, &first)?,
        }
    }
    Err(msg!("relay-playlist-empty"))
}

/// A response's bytes passed on as they come; the stream's end is a
/// failure (a live relay does not end).
async fn stream(mut resp: Response, pipe: &Pipe) -> Result<(), Msg> {
    loop {
        match resp.chunk().await {
            Ok(Some(bytes)) => {
                if !pipe.send(bytes.to_vec()).await {
                    return Ok(());
                }
            }
            Ok(None) => return Err(msg!("relay-ended")),
            Err(e) => return Err(reason(e, &host_of(resp.url()))),
        }
    }
}

/// A GET, its address's host resolved first (so "not found" is told
/// apart from "refused"), a status other than success refused.
pub(crate) async fn get(client: &Client, url: &Url) -> Result<Response, Msg> {
    let host = host_of(url);
    let port = url.port_or_known_default().unwrap_or(80);
    let name = url
        .host_str()
        .unwrap_or("")
        .trim_matches(['[', ']'])
        .to_string();
    let found = tokio::net::lookup_host((name.as_str(), port))
        .await
        .is_ok_and(|mut addrs| addrs.next().is_some());
    if !found {
        return Err(msg!("relay-dns", host = host));
    }
    let resp = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| reason(e, &host))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(msg!("relay-http-status", status = status.as_u16()));
    }
    Ok(resp)
}

/// A whole (small) body as text: a playlist.
pub(crate) async fn body_text(resp: Response, max: usize) -> Result<String, Msg> {
    let bytes = body_bytes(resp, max).await?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A whole body, refused past `max` bytes.
pub(crate) async fn body_bytes(mut resp: Response, max: usize) -> Result<Vec<u8>, Msg> {
    let host = host_of(resp.url());
    let mut all = Vec::new();
    while let Some(bytes) = resp.chunk().await.map_err(|e| reason(e, &host))? {
        if all.len() + bytes.len() > max {
            return Err(msg!("relay-playlist-too-large", kib = max / 1024));
        }
        all.extend_from_slice(&bytes);
    }
    Ok(all)
}

fn is_web_page(content_type: Option<&str>) -> bool {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase());
    matches!(
        mime.as_deref(),
        Some("text/html" | "application/xhtml+xml" | "text/plain" | "application/json")
    )
}

pub(crate) fn content_type(resp: &Response) -> Option<String> {
    resp.headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// An address named inside a playlist, relative to the playlist's own;
/// only http and https are followed.
pub(crate) fn join(base: &Url, entry: &str) -> Result<Url, Msg> {
    let url = base
        .join(entry.trim())
        .map_err(|e| msg!("relay-bad-address", why = e.to_string()))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(msg!("relay-bad-address", why = format!("{other}://"))),
    }
}

/// An address as messages show it: no user, no password.
pub(crate) fn shown(url: &Url) -> String {
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    clean.to_string()
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}

/// A request's failure as the relay's reason (reqwest's text names the
/// address, password and all: it is left out).
fn reason(e: reqwest::Error, host: &str) -> Msg {
    if e.is_timeout() {
        return if e.is_connect() {
            msg!("relay-timeout", host = host)
        } else {
            msg!("relay-stalled", seconds = STALL.as_secs())
        };
    }
    if e.is_connect() {
        let refused = std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |c| {
            c.source()
        })
        .any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
        });
        if refused {
            return msg!("relay-refused", host = host);
        }
    }
    if let Some(status) = e.status() {
        return msg!("relay-http-status", status = status.as_u16());
    }
    msg!("relay-network", detail = e.without_url().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_addresses_keep_no_password() {
        let url = Url::parse("http://ops:secret@radio.example:8000/vov1.mp3?x=1").unwrap();
        assert_eq!(shown(&url), "http://radio.example:8000/vov1.mp3?x=1");
        assert_eq!(host_of(&url), "radio.example:8000");
    }

    #[test]
    fn web_pages_are_not_streams() {
        assert!(is_web_page(Some("text/html; charset=utf-8")));
        assert!(is_web_page(Some("TEXT/PLAIN")));
        assert!(!is_web_page(Some("audio/mpeg")));
        assert!(!is_web_page(Some("application/octet-stream")));
        assert!(!is_web_page(None));
    }

    #[test]
    fn big_bodies_go_through_the_channel_in_bounded_pieces() {
        let big = pieces(vec![7u8; 3 * PIECE + 5]);
        assert_eq!(big.len(), 4);
        assert!(big.iter().all(|p| p.len() <= PIECE));
        assert_eq!(big.iter().map(Vec::len).sum::<usize>(), 3 * PIECE + 5);
        assert_eq!(pieces(vec![1, 2, 3]), vec![vec![1, 2, 3]]);
    }

    #[test]
    fn playlist_entries_join_relative_and_refuse_other_schemes() {
        let base = Url::parse("http://a.example/live/index.m3u8").unwrap();
        assert_eq!(
            join(&base, "seg1.ts").unwrap().as_str(),
            "http://a.example/live/seg1.ts"
        );
        assert_eq!(
            join(&base, "https://b.example/x.mp3").unwrap().as_str(),
            "https://b.example/x.mp3"
        );
        assert!(join(&base, "file:///etc/passwd").is_err());
        assert!(join(&base, "rtsp://c/x").is_err());
    }
}
