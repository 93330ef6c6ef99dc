//! Relay producers against hostile servers on loopback: whatever a server
//! does, once the item ends (the feed's reader is gone) the producer's
//! thread and its connection end too, within a few seconds.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use loaxa::relay::{self, NetRuntime};
use loaxa_audio::live::feed;
use loaxa_core::relay::{RelaySource, parse_source};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relay");

/// A server answering every request with `script`; counts the connections
/// still open (a connection is open until the script's writes fail).
struct Server {
    addr: SocketAddr,
    open: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

fn server(script: fn(&mut TcpStream, &str) -> std::io::Result<()>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let open = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (o, r) = (open.clone(), requests.clone());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let (open, requests) = (o.clone(), r.clone());
            open.fetch_add(1, Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                        break;
                    }
                }
                requests.fetch_add(1, Ordering::SeqCst);
                let _ = script(&mut conn, &path);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    Server {
        addr,
        open,
        requests,
    }
}

/// Writes `piece` every 100 ms until the client goes away.
fn forever(conn: &mut TcpStream, piece: &[u8]) -> std::io::Result<()> {
    loop {
        conn.write_all(piece)?;
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Relays `path` for a while, drops the reader, and says whether the
/// producer and its connections ended within `within`.
fn ends_after_the_item(server: &Server, path: &str, within: Duration) -> bool {
    let net = NetRuntime::new().unwrap();
    let RelaySource::Url(u) = parse_source(&format!("http://{}{path}", server.addr)).unwrap()
    else {
        panic!()
    };
    let (writer, reader) = feed(48_000, 4_800);
    let task = relay::start(u, writer, net.handle());
    // Let it connect and get into the stream.
    let mut waited = 0;
    while server.requests.load(Ordering::SeqCst) == 0 && waited < 100 {
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    }
    std::thread::sleep(Duration::from_millis(1500));
    drop(reader);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        task.join();
        let _ = tx.send(());
    });
    let joined = rx.recv_timeout(within).is_ok();
    // The connection is let go as well (the server's next write fails).
    let mut closed = false;
    for _ in 0..40 {
        if server.open.load(Ordering::SeqCst) == 0 {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(net);
    joined && closed
}

#[test]
fn a_stream_turning_to_endless_zeros_is_let_go_when_the_item_ends() {
    // Valid MP3 first, then zeros forever: the decoder hunts for a frame
    // sync that never comes, while bytes keep coming (no read stall).
    let s = server(|conn, _| {
        write!(conn, "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n")?;
        let mp3 = std::fs::read(format!("{FIXTURES}/tone.mp3")).unwrap();
        conn.write_all(&mp3[..mp3.len() / 2])?;
        forever(conn, &[0u8; 4096])
    });
    assert!(ends_after_the_item(
        &s,
        "/zeros.mp3",
        Duration::from_secs(4)
    ));
}

#[test]
fn a_server_trickling_its_headers_is_let_go_when_the_item_ends() {
    // One byte of an endless header every 100 ms: each read succeeds, so
    // no read timeout ever fires.
    let s = server(|conn, _| {
        conn.write_all(b"HTTP/1.1 200 OK\r\nX-Slow: ")?;
        forever(conn, b"a")
    });
    assert!(ends_after_the_item(
        &s,
        "/slow-headers.mp3",
        Duration::from_secs(4)
    ));
}

#[test]
fn an_endless_html_page_is_let_go_when_the_item_ends() {
    let s = server(|conn, _| {
        write!(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")?;
        forever(conn, b"<p>xin chao</p>\n")
    });
    assert!(ends_after_the_item(&s, "/portal", Duration::from_secs(4)));
}

#[test]
fn a_stream_turning_to_zeros_is_cut_and_tried_again_while_the_item_runs() {
    let s = server(|conn, _| {
        write!(conn, "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n")?;
        let mp3 = std::fs::read(format!("{FIXTURES}/tone.mp3")).unwrap();
        conn.write_all(&mp3[..mp3.len() / 2])?;
        forever(conn, &[0u8; 4096])
    });
    let net = NetRuntime::new().unwrap();
    let RelaySource::Url(u) = parse_source(&format!("http://{}/zeros.mp3", s.addr)).unwrap() else {
        panic!()
    };
    let (writer, reader) = feed(48_000, 4_800);
    let task = relay::start(u, writer, net.handle());
    // Cut after 15 s without audio, then connected again.
    let mut waited = 0;
    while s.requests.load(Ordering::SeqCst) < 2 {
        assert!(waited < 300, "never tried again");
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    }
    drop(reader);
    task.join();
}

#[test]
fn a_server_trickling_its_headers_is_cut_and_tried_again_while_the_item_runs() {
    let s = server(|conn, _| {
        conn.write_all(b"HTTP/1.1 200 OK\r\nX-Slow: ")?;
        forever(conn, b"a")
    });
    let net = NetRuntime::new().unwrap();
    let RelaySource::Url(u) = parse_source(&format!("http://{}/slow.mp3", s.addr)).unwrap() else {
        panic!()
    };
    let (writer, reader) = feed(48_000, 4_800);
    let task = relay::start(u, writer, net.handle());
    let mut waited = 0;
    while s.requests.load(Ordering::SeqCst) < 2 {
        assert!(waited < 300, "never tried again");
        std::thread::sleep(Duration::from_millis(100));
        waited += 1;
    }
    // Said as a stall (reqwest's read timeout) or as no audio (ours).
    assert!(
        matches!(reader.peek().1, loaxa_audio::live::Link::Down(_)),
        "{:?}",
        reader.peek()
    );
    drop(reader);
    task.join();
}

/// Whether a reason is the catalog's `id` (whatever its values).
fn is(why: &loaxa_i18n::Msg, id: &str) -> bool {
    format!("{why:?}").starts_with(&format!("Msg {{ id: \"{id}\""))
}

fn probe_of(addr: SocketAddr, path: &str) -> Result<relay::Probe, loaxa_i18n::Msg> {
    let net = NetRuntime::new().unwrap();
    let RelaySource::Url(u) = parse_source(&format!("http://ops:secret@{addr}{path}")).unwrap()
    else {
        panic!()
    };
    let zero = || Duration::ZERO;
    relay::probe(&u, 1, net.handle(), &zero)
}

#[test]
fn hostile_answers_are_reasons_without_the_password() {
    let s = server(|conn, path| match path {
        "/loop" => write!(
            conn,
            "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        "/to-file" => write!(
            conn,
            "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n"
        ),
        "/page" => {
            let body = "<html><body>Xin chào</body></html>".repeat(50);
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
        }
        "/huge-length" => {
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 99999999999999999\r\n\r\n"
            )?;
            conn.write_all(&[0xff; 1000])
        }
        "/bad-chunks" => write!(
            conn,
            "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"
        ),
        "/self.m3u" => {
            let body = "#EXTM3U\n/self.m3u\n";
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: audio/x-mpegurl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        "/huge.m3u" => {
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: audio/x-mpegurl\r\n\r\n#EXTM3U\n"
            )?;
            forever(conn, &[b'#'; 65_536])
        }
        "/odd.m3u8" => {
            let mut body = format!(
                "#EXTM3U\n#EXT-X-TARGETDURATION:99999999999999999999\n#EXT-X-MEDIA-SEQUENCE:{}\n",
                u64::MAX
            );
            for i in 0..3000 {
                body.push_str(&format!("#EXTINF:-{i}e308,\nseg{i}.ts\n"));
            }
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.apple.mpegurl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        }
        // The segments: garbage.
        _ => {
            write!(
                conn,
                "HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nContent-Length: 1880\r\nConnection: close\r\n\r\n"
            )?;
            conn.write_all(&[0x47; 1880])
        }
    });
    let not_audio = loaxa_i18n::msg!("relay-not-audio");
    let ended = loaxa_i18n::msg!("relay-ended");
    let not_decoded = |why: &loaxa_i18n::Msg| is(why, "relay-undecodable");
    let too_large = |why: &loaxa_i18n::Msg| is(why, "relay-playlist-too-large");
    let network = |why: &loaxa_i18n::Msg| is(why, "relay-network");
    #[allow(clippy::type_complexity)]
    let table: [(&str, Box<dyn Fn(&loaxa_i18n::Msg) -> bool>); 8] = [
        ("/loop", Box::new(network)),
        (
            "/to-file",
            Box::new(|w: &loaxa_i18n::Msg| is(w, "relay-http-status") || network(w)),
        ),
        (
            "/page",
            Box::new(move |w: &loaxa_i18n::Msg| *w == not_audio),
        ),
        ("/huge-length", Box::new(network)),
        ("/bad-chunks", Box::new(network)),
        (
            "/self.m3u",
            Box::new(move |w: &loaxa_i18n::Msg| is(w, "relay-playlist-empty")),
        ),
        ("/huge.m3u", Box::new(too_large)),
        (
            "/odd.m3u8",
            Box::new(move |w: &loaxa_i18n::Msg| not_decoded(w) || *w == ended),
        ),
    ];
    for (path, expected) in table {
        let (tx, rx) = std::sync::mpsc::channel();
        let addr = s.addr;
        std::thread::spawn(move || {
            let _ = tx.send(probe_of(addr, path));
        });
        let got = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{path}: no answer"));
        let why = got.expect_err(path);
        assert!(expected(&why), "{path}: {why:?}");
        let said = format!("{why:?} {}", loaxa::i18n::render(&why));
        assert!(
            !said.contains("secret") && !said.contains("ops:"),
            "{path}: {said}"
        );
        // One line, not a backtrace, whatever RUST_BACKTRACE says.
        assert!(said.len() < 400 && !said.contains('\n'), "{path}: {said}");
    }
}
