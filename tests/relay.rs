//! Relay items from the network, on loopback only: a small HTTP server in
//! the test serves an Icecast-style MP3 stream paced at real time (or at
//! 90 % of it), live HLS playlists of AAC and of TS segments, playlists,
//! a 404, garbage, and a stream dropped midway. The producer relays into a
//! feed the test reads; `loaxa relay-test` runs against the same server.
//!
//! The fixtures (tests/fixtures/relay/) were made once: tone.mp3 with
//! sox and lame (4 s of 440 Hz, 44.1 kHz mono, 48 kb/s); seg0-2.aac and
//! seg0-2.ts with ffmpeg (440 Hz, 48 kHz mono AAC 32 kb/s, 2 s each).

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use loaxa::relay::{self, NetRuntime};
use loaxa_audio::live::{FeedReader, Link, feed};
use loaxa_core::relay::{RelaySource, RelayUrl, parse_source};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relay");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// What the server did, for the test to wait on.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Request(String),
    /// A paced piece of a stream went out.
    Sent,
    /// The server closed a stream on purpose.
    Dropped,
}

/// MP3 at 48 kb/s: bytes per second of audio.
const MP3_RATE: usize = 6_000;
/// Pacing step: a tenth of a second.
const STEP: Duration = Duration::from_millis(100);

struct Server {
    addr: SocketAddr,
    events: Receiver<Event>,
    /// Stream bytes sent in all (paced streams).
    sent: Arc<AtomicUsize>,
}

fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, events) = channel();
    let sent = Arc::new(AtomicUsize::new(0));
    let counts = Arc::new(AtomicUsize::new(0));
    let s = sent.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let (tx, sent, counts) = (tx.clone(), s.clone(), counts.clone());
            std::thread::spawn(move || answer(conn, &tx, &sent, &counts));
        }
    });
    Server { addr, events, sent }
}

fn head(conn: &mut TcpStream, status: &str, ct: &str, len: Option<usize>) -> std::io::Result<()> {
    let len = len.map_or(String::new(), |n| format!("Content-Length: {n}\r\n"));
    write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: {ct}\r\n{len}Connection: close\r\n\r\n"
    )
}

fn answer(mut conn: TcpStream, tx: &Sender<Event>, sent: &AtomicUsize, counts: &AtomicUsize) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        // The relay asks for no ICY metadata.
        assert!(!h.to_ascii_lowercase().starts_with("icy-metadata"), "{h}");
    }
    let nth = counts.fetch_add(1, Ordering::SeqCst);
    let _ = tx.send(Event::Request(path.clone()));
    let _ = route(&mut conn, &path, nth, tx, sent);
}

fn whole(conn: &mut TcpStream, ct: &str, body: &[u8]) -> std::io::Result<()> {
    head(conn, "200 OK", ct, Some(body.len()))?;
    conn.write_all(body)
}

/// A live playlist whose window moves on by one segment at each request
/// (no clock: the relay's reloads drive it).
fn live_playlist(ext: &str, nth: usize) -> String {
    let mut text = format!(
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{}\n",
        100 + nth
    );
    for i in 0..4 {
        text.push_str(&format!("#EXTINF:2.0,\nseg{}.{ext}\n", (nth + i) % 3));
    }
    text
}

fn route(
    conn: &mut TcpStream,
    path: &str,
    nth: usize,
    tx: &Sender<Event>,
    sent: &AtomicUsize,
) -> std::io::Result<()> {
    let mpegurl = "application/vnd.apple.mpegurl";
    match path {
        "/live.mp3" => paced(conn, 1.0, None, tx, sent),
        "/slow.mp3" => paced(conn, 0.9, None, tx, sent),
        // The first connection breaks after two seconds of audio.
        "/drop.mp3" => {
            let limit = (DROPPED.fetch_add(1, Ordering::SeqCst) == 0).then_some(2 * MP3_RATE);
            paced(conn, 1.0, limit, tx, sent)
        }
        "/garbage" => {
            let mut x: u32 = 7;
            let bytes: Vec<u8> = (0..40_000)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (x >> 16) as u8
                })
                .collect();
            whole(conn, "audio/mpeg", &bytes)
        }
        "/listen.pls" => whole(
            conn,
            "audio/x-scpls",
            b"[playlist]\nFile1=/live.mp3\nTitle1=VOV\n",
        ),
        "/listen.m3u" => whole(
            conn,
            "audio/x-mpegurl",
            b"#EXTM3U\n#EXTINF:-1,VOV\n/live.mp3\n",
        ),
        "/hls/master.m3u8" => whole(
            conn,
            mpegurl,
            b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"\naac.m3u8\n\
              #EXT-X-STREAM-INF:BANDWIDTH=32000,CODECS=\"mp4a.40.2\"\nts.m3u8\n",
        ),
        "/hls/aac.m3u8" => whole(conn, mpegurl, live_playlist("aac", nth).as_bytes()),
        "/hls/ts.m3u8" => whole(conn, mpegurl, live_playlist("ts", nth).as_bytes()),
        p if p.starts_with("/hls/seg") => {
            let name = &p["/hls/".len()..];
            let ct = if name.ends_with(".ts") {
                "video/mp2t"
            } else {
                "audio/aac"
            };
            whole(conn, ct, &fixture(name))
        }
        _ => {
            head(conn, "404 Not Found", "text/plain", Some(9))?;
            conn.write_all(b"not found")
        }
    }
}

static DROPPED: AtomicUsize = AtomicUsize::new(0);

/// tone.mp3 looped, a tenth of a second at a time at `speed` × real time;
/// closed after `limit` bytes when given.
fn paced(
    conn: &mut TcpStream,
    speed: f64,
    limit: Option<usize>,
    tx: &Sender<Event>,
    sent: &AtomicUsize,
) -> std::io::Result<()> {
    head(conn, "200 OK", "audio/mpeg", None)?;
    let mp3 = fixture("tone.mp3");
    let step = (MP3_RATE as f64 * speed / 10.0) as usize;
    let mut at = 0;
    let mut total = 0;
    loop {
        let mut piece = Vec::with_capacity(step);
        while piece.len() < step {
            let n = (step - piece.len()).min(mp3.len() - at);
            piece.extend_from_slice(&mp3[at..at + n]);
            at = (at + n) % mp3.len();
        }
        conn.write_all(&piece)?;
        total += piece.len();
        sent.fetch_add(piece.len(), Ordering::SeqCst);
        let _ = tx.send(Event::Sent);
        if limit.is_some_and(|l| total >= l) {
            let _ = tx.send(Event::Dropped);
            return Ok(());
        }
        std::thread::sleep(STEP);
    }
}

fn url(server: &Server, path: &str) -> RelayUrl {
    match parse_source(&format!("http://{}{path}", server.addr)).unwrap() {
        RelaySource::Url(u) => u,
        other => panic!("{other:?}"),
    }
}

/// Takes what the feed holds each time the server does something, until
/// `done` says so (or the server has been quiet for long: a failure).
fn pull_until(
    server: &Server,
    reader: &mut FeedReader,
    got: &mut Vec<f32>,
    mut done: impl FnMut(&[f32], &Link, &Event) -> bool,
) {
    let mut buf = vec![0.0; 48_000];
    loop {
        let event = server
            .events
            .recv_timeout(Duration::from_secs(20))
            .expect("the server went quiet");
        let taken = reader.take(&mut buf);
        got.extend_from_slice(&buf[..taken.samples]);
        if done(got, &taken.link, &event) {
            return;
        }
    }
}

fn zero_crossings_per_second(stereo: &[f32]) -> f64 {
    let left: Vec<f32> = stereo.chunks_exact(2).map(|f| f[0]).collect();
    let n = left
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    n as f64 / (left.len() as f64 / 48_000.0)
}

#[test]
fn an_icecast_mp3_stream_is_relayed_into_the_feed() {
    let server = server();
    let net = NetRuntime::new().unwrap();
    let (writer, mut reader) = feed(48_000 * 10, 48_000 * 2);
    reader.set_airing(true);
    let task = relay::start(url(&server, "/live.mp3"), writer, net.handle());
    // Left to fill past its target (2 s): below half of it the producer
    // stretches (the first second), above it the ratio is exact.
    while reader.peek().0 < 48_000 * 5 / 2 {
        server
            .events
            .recv_timeout(Duration::from_secs(20))
            .expect("quiet");
    }
    assert_eq!(reader.peek().1, Link::Up);
    let mut got = vec![0.0; 48_000 * 5];
    let taken = reader.take(&mut got);
    got.truncate(taken.samples);
    // A 440 Hz tone: 880 sign changes a second at the exact ratio, from
    // the first second (a feed not on air is never stretched).
    let exact = zero_crossings_per_second(&got[2 * 62_400..]);
    assert!((exact - 880.0).abs() < 6.0, "{exact} crossings a second");
    let first = zero_crossings_per_second(&got[2 * 4_800..2 * 36_000]);
    assert!((first - 880.0).abs() < 6.0, "{first} crossings a second");
    let audio = &got[..];
    let left_right_same = audio.chunks_exact(2).all(|f| f[0] == f[1]);
    assert!(left_right_same, "mono is doubled");
    drop(reader);
    task.join();
}

#[test]
fn a_stream_dropped_midway_is_reconnected() {
    let server = server();
    let net = NetRuntime::new().unwrap();
    let (writer, mut reader) = feed(48_000 * 10, 48_000 * 2);
    reader.set_airing(true);
    let task = relay::start(url(&server, "/drop.mp3"), writer, net.handle());
    let mut got = Vec::new();
    let mut requests = 0;
    let mut down_seen = None;
    pull_until(&server, &mut reader, &mut got, |got, link, event| {
        if let Event::Request(_) = event {
            requests += 1;
            if requests == 2 {
                // The back-off came after the reason was given.
                down_seen = Some(link.clone());
            }
            false
        } else {
            requests >= 2 && *link == Link::Up && got.len() > 3 * 48_000 * 2
        }
    });
    assert_eq!(down_seen, Some(Link::Down(loaxa_i18n::msg!("relay-ended"))));
    drop(reader);
    task.join();
}

#[test]
fn a_slow_server_is_stretched_not_starved() {
    let server = server();
    let net = NetRuntime::new().unwrap();
    let (writer, mut reader) = feed(48_000 * 10, 48_000 * 2);
    reader.set_airing(true);
    let task = relay::start(url(&server, "/slow.mp3"), writer, net.handle());
    let mut got = Vec::new();
    // The test keeps the feed empty: far below its target, so the
    // producer stretches by the full 2 %.
    pull_until(&server, &mut reader, &mut got, |_, _, _| {
        server.sent.load(Ordering::SeqCst) >= 5 * MP3_RATE
    });
    let (pushed, dropped) = reader.counts();
    assert_eq!(dropped, 0);
    let sent_seconds = server.sent.load(Ordering::SeqCst) as f64 / MP3_RATE as f64;
    let ratio = pushed as f64 / (sent_seconds * 48_000.0);
    // Stretched (more than the 1.0 of a plain resample), never beyond 2 %;
    // what is still in the pipe and the decoder counts against it.
    assert!(ratio > 0.95 && ratio < 1.021, "{ratio}");
    drop(reader);
    task.join();
}

#[test]
fn garbage_and_a_404_are_reasons_and_retried() {
    for (path, want) in [
        ("/garbage", None),
        ("/missing.mp3", Some("relay-http-status")),
    ] {
        let server = server();
        let net = NetRuntime::new().unwrap();
        let (writer, mut reader) = feed(48_000, 4_800);
        let task = relay::start(url(&server, path), writer, net.handle());
        let mut got = Vec::new();
        let mut requests = 0;
        let mut seen = None;
        pull_until(&server, &mut reader, &mut got, |_, link, event| {
            if matches!(event, Event::Request(_)) {
                requests += 1;
            }
            seen = Some(link.clone());
            requests >= 2
        });
        // At the retry, the reason of the first attempt is up.
        let Some(Link::Down(why)) = seen else {
            panic!("{path}: {seen:?}");
        };
        if let Some(id) = want {
            assert_eq!(
                why,
                loaxa_i18n::msg!("relay-http-status", status = 404u16),
                "{id}"
            );
        }
        assert_eq!(reader.counts().0, 0, "{path}: no audio from it");
        drop(reader);
        task.join();
    }
}

fn probe(u: &RelayUrl, seconds: u32) -> Result<relay::Probe, loaxa_i18n::Msg> {
    let net = NetRuntime::new().unwrap();
    let zero = || Duration::ZERO;
    relay::probe(u, seconds, net.handle(), &zero)
}

#[test]
fn hls_live_playlists_of_aac_and_ts_and_a_master() {
    let server = server();
    for path in ["/hls/aac.m3u8", "/hls/ts.m3u8", "/hls/master.m3u8"] {
        // 5 s: more than the live edge's three segments, so a reload and a
        // new segment are needed.
        let p = probe(&url(&server, path), 7).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(p.info.codec, "aac", "{path}");
        assert_eq!((p.info.rate, p.info.channels), (48_000, 1), "{path}");
        assert!(p.seconds >= 7.0, "{path}: {}", p.seconds);
    }
}

#[test]
fn playlists_lead_to_their_stream() {
    let server = server();
    for path in ["/listen.pls", "/listen.m3u"] {
        let p = probe(&url(&server, path), 1).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(p.resolved, format!("http://{}/live.mp3", server.addr));
        assert_eq!((p.info.codec.as_str(), p.info.rate), ("mp3", 44_100));
    }
}

#[test]
fn a_refused_connection_is_said_so() {
    // A port nobody listens on: bound, then let go.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let RelaySource::Url(u) = parse_source(&format!("http://127.0.0.1:{port}/vov1.mp3")).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        probe(&u, 1).unwrap_err(),
        loaxa_i18n::msg!("relay-refused", host = format!("127.0.0.1:{port}"))
    );
}

#[test]
fn relay_test_reports_and_fails_with_a_reason() {
    let server = server();
    let ok = assert_cmd::Command::cargo_bin("loaxa")
        .unwrap()
        .env("LOAXA_LANG", "en")
        .args([
            "relay-test",
            &format!("http://ops:secret@{}/hls/aac.m3u8", server.addr),
        ])
        .args(["--seconds", "2", "--json"])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{ok:?}");
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(v["codec"], "aac");
    assert_eq!(v["rate"], 48_000);
    assert_eq!(v["channels"], 1);
    assert!(v["delay_seconds"].as_f64().unwrap() >= 0.0);
    assert!(!String::from_utf8_lossy(&ok.stdout).contains("secret"));
    let missing = assert_cmd::Command::cargo_bin("loaxa")
        .unwrap()
        .env("LOAXA_LANG", "vi")
        .args([
            "relay-test",
            &format!("http://{}/khong-co.mp3", server.addr),
        ])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    let text = String::from_utf8_lossy(&missing.stdout);
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("kiểm tra"), "{text}");
}
