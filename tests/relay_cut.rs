//! A relay cut before its end (the operator's `stop-airing`, an
//! emergency, the daemon stopped): its airing-log record never claims
//! seconds that did not air: what it relayed and its interruptions add up
//! to what played, not to what was planned.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Daemon, TestStation, local_in};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relay");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// The chirp, looped at real time.
fn server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            std::thread::spawn(move || {
                let _ = paced(conn);
            });
        }
    });
    addr
}

fn paced(mut conn: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
    }
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nConnection: close\r\n\r\n"
    )?;
    let mp3 = fixture("chirp.mp3");
    let step = mp3.len() / 40;
    let started = Instant::now();
    let mut at = 0;
    for tick in 1u32.. {
        let n = step.min(mp3.len() - at);
        conn.write_all(&mp3[at..at + n])?;
        at = (at + n) % mp3.len();
        let due = started + Duration::from_millis(100) * tick;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
    Ok(())
}

fn station(item: &str) -> TestStation {
    let st = TestStation::new();
    std::fs::write(st.audio("xin-loi.mp3"), fixture("sorry.mp3")).unwrap();
    common::backdate(&st.audio("xin-loi.mp3"));
    st.add_settings("[relay]\nfallback_after = \"1 s\"\n");
    let (_, date, time) = local_in(4);
    st.schedule(
        "tiep-song.json",
        &format!(
            r#"{{"slots": [{{"id": "vov", "date": "{date}", "at": "{time}", "program": [{item}]}}]}}"#
        ),
    );
    st
}

/// Starts the daemon into `wav:` and waits until `secs` of the relay have
/// been written (the WAV's own length, not a sleep).
fn on_air_for(st: &TestStation, secs: f64) -> (Daemon, PathBuf) {
    let out = st.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut d = Daemon::start(st, &["--output", &format!("wav:{}", out.display())]);
    d.wait_for("on air: \"http://", Duration::from_secs(60));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let len = wav_bytes(&out);
        if len as f64 >= secs * 48_000.0 * 4.0 {
            break;
        }
        assert!(Instant::now() < deadline, "the WAV does not grow");
        std::thread::sleep(Duration::from_millis(50));
    }
    (d, out)
}

fn wav_bytes(out: &Path) -> u64 {
    std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn seconds(rfc: &serde_json::Value) -> f64 {
    let t = chrono::DateTime::parse_from_rfc3339(rfc.as_str().unwrap()).unwrap();
    t.timestamp_millis() as f64 / 1_000.0
}

/// Every relay's End record: relayed + interruptions ≤ played (to the
/// millisecond), and each interruption within the item's time on air.
fn relay_ends_add_up(st: &TestStation) -> Vec<serde_json::Value> {
    let ends: Vec<_> = st
        .records_of("end")
        .into_iter()
        .filter(|e| e.get("relay").is_some())
        .collect();
    assert!(!ends.is_empty(), "{:?}", st.log_records());
    for end in &ends {
        let played = end["played"].as_f64().unwrap();
        let relay = &end["relay"];
        let relayed = relay["relayed"].as_f64().unwrap();
        let away: f64 = relay["interruptions"]
            .as_array()
            .map(|cuts| {
                cuts.iter()
                    .map(|c| seconds(&c["to"]) - seconds(&c["from"]))
                    .sum()
            })
            .unwrap_or(0.0);
        assert!(relayed + away <= played + 0.002, "{end}");
        assert!(relayed >= 0.0 && away >= 0.0, "{end}");
    }
    ends
}

#[test]
fn a_relay_stopped_by_the_operator_logs_only_what_aired() {
    let addr = server();
    let st = station(&format!(
        r#"{{"relay": "http://{addr}/vov1.mp3", "duration": "30 s", "fallback": "xin-loi.mp3"}}"#
    ));
    let (mut d, _) = on_air_for(&st, 2.0);
    let out = st.cmd().arg("stop-airing").output().unwrap();
    assert!(out.status.success(), "{}", common::said(&out));
    d.wait_for("program ended", Duration::from_secs(20));
    d.terminate();
    let ends = relay_ends_add_up(&st);
    assert_eq!(ends[0]["status"], "interrupted", "{}", ends[0]);
    let played = ends[0]["played"].as_f64().unwrap();
    assert!((2.0..29.0).contains(&played), "{}", ends[0]);
}

#[test]
fn a_relay_cut_by_an_emergency_logs_only_what_aired() {
    let addr = server();
    let st = station(&format!(
        r#"{{"relay": "http://{addr}/vov1.mp3", "duration": "8 s"}}"#
    ));
    let (mut d, _) = on_air_for(&st, 2.0);
    let out = st
        .cmd()
        .args(["play", "--priority", "khẩn cấp", "xin-loi.mp3"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::said(&out));
    d.wait_for("program ended: slot \"vov\"", Duration::from_secs(60));
    d.terminate();
    let ends = relay_ends_add_up(&st);
    // The warning that cut it is named, not "the next program was due".
    let reason = ends[0]["reason"].as_str().unwrap_or("");
    assert!(
        reason.contains("cut by the emergency program"),
        "{}",
        ends[0]
    );
}

#[test]
fn a_relay_on_air_when_the_daemon_stops_logs_only_what_aired() {
    // Refused: the fallback fills from the start; the interruption is cut
    // where the air stopped.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let st = station(&format!(
        r#"{{"relay": "http://127.0.0.1:{port}/vov1.mp3", "duration": "30 s", "fallback": "xin-loi.mp3"}}"#
    ));
    let (d, _) = on_air_for(&st, 2.0);
    d.terminate();
    let ends = relay_ends_add_up(&st);
    assert_eq!(ends[0]["relay"]["relayed"], 0.0, "{}", ends[0]);
    let played = ends[0]["played"].as_f64().unwrap();
    assert!((2.0..29.0).contains(&played), "{}", ends[0]);
}

#[test]
fn check_never_shows_a_relay_password() {
    let st = TestStation::new();
    let (_, date, time) = local_in(3600);
    st.schedule(
        "tiep-song.json",
        &format!(
            r#"{{"slots": [
                {{"id": "a", "date": "{date}", "at": "{time}", "program": [{{"relay": "http://ops:p#ss1@radio.example/a.mp3", "duration": "5 phút"}}]}},
                {{"id": "b", "date": "{date}", "at": "{time}", "program": [{{"relay": "ops:pass2@radio.example/a.mp3", "duration": "5 phút"}}]}},
                {{"id": "c", "date": "{date}", "at": "{time}", "program": [{{"relay": "https://ops:pass3@radio.example/a.mp3", "duration": "5 phút"}}]}}
            ]}}"#
        ),
    );
    let out = st
        .cmd()
        .env("LOAXA_LANG", "en")
        .arg("check")
        .output()
        .unwrap();
    let said = common::said(&out);
    for pw in ["p#ss1", "pass2", "pass3"] {
        assert!(!said.contains(pw), "check shows {pw}:\n{said}");
    }
    // Warned of the two bad addresses, named without their passwords.
    assert!(said.contains("http://radio.example/a.mp3"), "{said}");
    // A relay without a fallback names no file: nothing is "missing".
    assert!(!said.contains("does not exist"), "{said}");
    assert!(said.contains("0 errors, 2 warnings"), "{said}");
}

#[test]
fn check_finds_a_relay_fallback_that_is_missing() {
    let st = TestStation::new();
    let (_, date, time) = local_in(3600);
    st.schedule(
        "tiep-song.json",
        &format!(
            r#"{{"slots": [{{"id": "a", "date": "{date}", "at": "{time}", "program": [{{"relay": "http://radio.example/a.mp3", "duration": "5 phút", "fallback": "khong-co.mp3"}}]}}]}}"#
        ),
    );
    let out = st
        .cmd()
        .env("LOAXA_LANG", "en")
        .arg("check")
        .output()
        .unwrap();
    let said = common::said(&out);
    assert!(
        said.contains("\"khong-co.mp3\": the file does not exist"),
        "{said}"
    );
}

#[test]
fn odd_relay_values_are_each_said_at_their_place() {
    let st = TestStation::new();
    std::fs::create_dir_all(st.audio("tin-tuc")).unwrap();
    std::fs::write(st.audio("ghi-chu.txt"), "xin chào").unwrap();
    let (_, date, time) = local_in(3600);
    let items = [
        r#"{"relay": 5, "duration": "5 phút"}"#,
        r#"{"relay": ["http://a.vn/x"], "duration": "5 phút"}"#,
        r#"{"relay": "", "duration": "5 phút"}"#,
        r#"{"relay": "http://a.vn/x", "duration": 0}"#,
        r#"{"relay": "http://a.vn/x", "duration": -5}"#,
        r#"{"relay": "http://a.vn/x", "duration": "99999999999 giờ"}"#,
        r#"{"relay": "http://a.vn/x", "duration": [1]}"#,
        r#"{"relay": "http://a.vn/x"}"#,
        r#"{"relay": "http://a.vn/x", "file": "a.mp3", "duration": "5 phút"}"#,
        r#"{"relay": "http://a.vn/x", "duration": "5 phút", "fallback": "../../etc/passwd"}"#,
        r#"{"relay": "http://a.vn/x", "duration": "5 phút", "fallback": "tin-tuc"}"#,
        r#"{"relay": "http://a.vn/x", "duration": "5 phút", "fallback": "ghi-chu.txt"}"#,
        r#"{"relay": "line-in:\u0001", "duration": "5 phút"}"#,
    ];
    let slots: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            format!(r#"{{"id": "s{i}", "date": "{date}", "at": "{time}", "program": [{item}]}}"#)
        })
        .collect();
    st.schedule(
        "tiep-song.json",
        &format!(r#"{{"slots": [{}]}}"#, slots.join(",\n")),
    );
    let out = st
        .cmd()
        .env("LOAXA_LANG", "en")
        .arg("check")
        .output()
        .unwrap();
    let said = common::said(&out);
    assert!(!out.status.success(), "{said}");
    assert!(!said.contains("panicked"), "{said}");
    // Each slot (one a line) has its say, at its line.
    for (i, item) in items.iter().enumerate() {
        let at = format!("tiep-song.json:{}:", i + 1);
        assert!(said.contains(&at), "{item} not said:\n{said}");
    }
    assert!(
        said.contains("a path with \"..\" would leave the audio/ folder"),
        "{said}"
    );
}

/// A quarter of the chirp, then zeros until the client goes away.
fn zeros_after_audio(conn: &mut TcpStream) -> std::io::Result<()> {
    let mp3 = fixture("chirp.mp3");
    write!(conn, "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n")?;
    conn.write_all(&mp3[..mp3.len() / 4])?;
    loop {
        conn.write_all(&[0u8; 4096])?;
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The daemon's threads named `name` now.
fn threads_named(pid: u32, name: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks
                .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
                .filter(|c| c.trim() == name)
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn after_a_relay_of_endless_garbage_the_daemon_keeps_no_thread_or_connection() {
    // Audio, then zeros for ever: the decoder hunts for a frame that never
    // comes, and the server never stops sending.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let open = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let o = open.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let open = o.clone();
            open.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut h = String::new();
                while reader.read_line(&mut h).unwrap_or(0) > 0 && h != "\r\n" {
                    h.clear();
                }
                let _ = zeros_after_audio(&mut conn);
                open.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            });
        }
    });
    let st = station(&format!(
        r#"{{"relay": "http://{addr}/vov1.mp3", "duration": "3 s", "fallback": "xin-loi.mp3"}}"#
    ));
    let out = st.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut d = Daemon::start(&st, &["--output", &format!("wav:{}", out.display())]);
    d.wait_for("program ended", Duration::from_secs(60));
    let pid = d.child.id();
    let mut left = (usize::MAX, usize::MAX);
    for _ in 0..50 {
        left = (
            threads_named(pid, "relay"),
            open.load(std::sync::atomic::Ordering::SeqCst),
        );
        if left == (0, 0) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(left, (0, 0), "relay threads, open connections");
    d.terminate();
    relay_ends_add_up(&st);
}
