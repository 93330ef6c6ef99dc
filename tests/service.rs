//! The daemon under systemd (`Type=notify`): it says when it is ready,
//! keeps a status line, and pings the watchdog from its scheduler loop, so
//! pings stop when the loop stops. A socket stands in for systemd.

mod common;

use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Daemon, TestStation, local_in, pattern, write_wav};

/// Messages received within `window`.
fn collect(sock: &UnixDatagram, window: Duration) -> Vec<String> {
    let end = Instant::now() + window;
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        sock.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match sock.recv(&mut buf) {
            Ok(n) => out.push(String::from_utf8_lossy(&buf[..n]).into_owned()),
            Err(_) => break,
        }
    }
    out
}

fn signal(d: &Daemon, sig: libc::c_int) {
    // SAFETY: signalling our own child process.
    unsafe {
        libc::kill(d.child.id() as libc::pid_t, sig);
    }
}

#[test]
fn ready_status_and_watchdog_pings_that_stop_when_the_loop_stops() {
    let st = TestStation::new();
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(4_800, 1, 1));
    common::backdate(&st.audio("tin.wav"));
    let (_, date, time) = local_in(3600);
    st.schedule(
        "a.json",
        &format!(
            r#"{{"slots": [{{"id": "chieu", "title": "Tin buổi chiều", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&path).unwrap();
    let mut d = Daemon::start_env(
        &st,
        &["--output", "null"],
        &[
            ("NOTIFY_SOCKET", path.as_path()),
            ("WATCHDOG_USEC", Path::new("200000")),
            // The station's language: systemd's status line is for the operator.
            ("LOAXA_LANG", Path::new("vi")),
        ],
    );
    d.wait_for("lượt phát tiếp theo", Duration::from_secs(30));
    let first = collect(&sock, Duration::from_millis(1_000));
    assert!(first.iter().any(|m| m.contains("READY=1")), "{first:#?}");
    let hhmm = &time[..5];
    assert!(
        first
            .iter()
            .any(|m| m.contains(&format!("STATUS=chờ {hhmm}"))
                && m.contains("\"Tin buổi chiều\", 1 mục")),
        "{first:#?}"
    );
    let pings = |msgs: &[String]| msgs.iter().filter(|m| m.contains("WATCHDOG=1")).count();
    // Every 100 ms (half of the 200 ms watchdog): several in a second.
    assert!(pings(&first) >= 4, "{first:#?}");

    // The process stands still: no pings, so systemd would restart it.
    signal(&d, libc::SIGSTOP);
    let _ = collect(&sock, Duration::from_millis(50)); // anything already sent
    let stalled = collect(&sock, Duration::from_millis(600));
    assert_eq!(pings(&stalled), 0, "{stalled:#?}");
    signal(&d, libc::SIGCONT);
    let again = collect(&sock, Duration::from_millis(600));
    assert!(pings(&again) >= 2, "{again:#?}");

    d.terminate();
    let last = collect(&sock, Duration::from_millis(300));
    assert!(last.iter().any(|m| m.contains("STOPPING=1")), "{last:#?}");
}
