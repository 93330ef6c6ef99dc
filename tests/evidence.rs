//! The airing log as evidence under stress: the real daemon killed at
//! random moments, and a disk that stops taking writes. Afterwards the
//! chain must verify, nothing may be counted twice and nothing may be lost.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use common::{Daemon, TestStation, pattern, write_wav};

/// A station airing a two-item program every two seconds, all day.
fn busy_station() -> TestStation {
    let st = TestStation::new();
    write_wav(&st.audio("mot.wav"), 48_000, 1, &pattern(19_200, 1, 1));
    write_wav(&st.audio("hai.wav"), 48_000, 1, &pattern(19_200, 1, 2));
    for f in ["mot.wav", "hai.wav"] {
        common::backdate(&st.audio(f));
    }
    st.schedule(
        "ban-tin.json",
        r#"{"slots": [{"id": "ban-tin", "cron": "*/2 * * * * *", "grace": "1s",
            "program": [{"file": "mot.wav", "topic": "mot-cua"}, "hai.wav"]}]}"#,
    );
    st
}

/// A small random number generator: the moments vary from run to run,
/// and the seed is printed so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn verify(st: &TestStation) -> String {
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "the chain must verify:\n{said}");
    said
}

/// (slot, scheduled, index) of every record about an airing, by event.
fn keys(st: &TestStation, event: &str) -> Vec<(String, String, u64)> {
    st.airing_records()
        .iter()
        .filter(|r| r["event"] == event)
        .map(|r| {
            (
                r["slot"].as_str().unwrap().to_string(),
                r["scheduled"].as_str().unwrap().to_string(),
                r["index"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn killed_fifty_times_while_airing_the_log_still_holds_every_airing_once() {
    let st = busy_station();
    let seed = std::env::var("LOAXA_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    println!("kill moments from seed {seed} (LOAXA_KILL_SEED={seed} to replay)");
    let mut rng = Lcg(seed);
    let first_start = chrono::Utc::now();
    for round in 0..50 {
        let mut d = Daemon::start(&st, &["--output", "null"]);
        // Up and reading its log: from here any moment is fair.
        d.wait_for("airing log", Duration::from_secs(30));
        if round % 10 == 5 {
            // Now and then, between kills: its socket removed and a second
            // daemon started (refused by the lock), and a flood of idle
            // connections on the socket.
            d.wait_for("output: null", Duration::from_secs(30));
            let socket = st.path().join("data/loaxa.sock");
            let idle: Vec<_> = (0..64)
                .filter_map(|_| std::os::unix::net::UnixStream::connect(&socket).ok())
                .collect();
            drop(idle);
            let _ = std::fs::remove_file(&socket);
            let second = st.cmd().args(["run", "--output", "null"]).output().unwrap();
            assert_eq!(second.status.code(), Some(1), "a second daemon ran");
        }
        let moment = Duration::from_millis(50 + rng.next() % 1_500);
        let until = Instant::now() + moment;
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        d.child.kill().unwrap(); // SIGKILL
        d.child.wait().unwrap();
    }
    // A last, clean run: it closes what the last kill left open.
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("program ended", Duration::from_secs(30));
    let last_stop = chrono::Utc::now();
    d.terminate();

    let said = verify(&st);
    println!("{said}");
    let recovered = st
        .log_records()
        .iter()
        .filter(|r| r["event"] == "recovered")
        .count();
    println!("torn last lines set aside: {recovered}");

    // Nothing aired twice, nothing counted twice.
    let starts = keys(&st, "start");
    let distinct: BTreeSet<_> = starts.iter().cloned().collect();
    assert_eq!(starts.len(), distinct.len(), "an item started twice");
    let out = st.cmd().args(["log", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut per_key: BTreeMap<(String, u64), Vec<&str>> = BTreeMap::new();
    for r in &rows {
        per_key
            .entry((
                r["scheduled"].as_str().unwrap().to_string(),
                r["index"].as_u64().unwrap(),
            ))
            .or_default()
            .push(r["status"].as_str().unwrap());
    }
    for (k, statuses) in &per_key {
        assert_eq!(statuses.len(), 1, "{k:?} has {statuses:?}");
        assert_ne!(statuses[0], "on_air", "{k:?} left open after a clean stop");
    }
    // Every airing that started ended in the log (completed or interrupted).
    let ends: BTreeSet<String> = st
        .airing_records()
        .iter()
        .filter(|r| r["event"] == "end")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    for r in st.airing_records().iter().filter(|r| r["event"] == "start") {
        assert!(ends.contains(r["id"].as_str().unwrap()), "{r}");
    }
    // And no airing due while this went on is missing: each program time
    // (every two seconds, a little inside the run) has both its items in
    // the log: aired, interrupted or missed, with the reason.
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let mut t = first_start + chrono::Duration::seconds(4);
    t -= chrono::Duration::nanoseconds(t.timestamp_subsec_nanos() as i64);
    let mut checked = 0;
    while t < last_stop - chrono::Duration::seconds(4) {
        if t.timestamp() % 2 == 0 {
            let at = loaxa::timefmt::rfc3339_ms(&t.with_timezone(&tz));
            for index in [0, 1] {
                assert!(
                    per_key.contains_key(&(at.clone(), index)),
                    "the airing of {at}, item {index}, is not in the log"
                );
            }
            checked += 1;
        }
        t += chrono::Duration::seconds(1);
    }
    let completed = rows.iter().filter(|r| r["status"] == "completed").count();
    println!(
        "{checked} program times checked; {} rows, {completed} items completed",
        rows.len()
    );
    assert!(checked >= 10, "the run was long enough to mean something");
    assert!(completed > 0, "some items aired whole between the kills");
}

/// Sets the daemon's file-size limit (RLIMIT_FSIZE): past it every write
/// fails (EFBIG), as on a full disk.
fn limit_file_size(pid: u32, bytes: Option<u64>) {
    let lim = libc::rlimit {
        rlim_cur: bytes.unwrap_or(libc::RLIM_INFINITY),
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: setting a resource limit of our own child process.
    let r = unsafe {
        libc::prlimit(
            pid as libc::pid_t,
            libc::RLIMIT_FSIZE,
            &lim,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(r, 0, "prlimit: {}", std::io::Error::last_os_error());
}

#[test]
fn a_full_disk_loses_nothing_once_space_returns() {
    let st = busy_station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("program ended", Duration::from_secs(30));
    // The disk is full: not one more byte fits in the log.
    let size = std::fs::metadata(st.log_path()).unwrap().len();
    limit_file_size(d.child.id(), Some(size));
    let complaint = d.wait_for("kept in memory", Duration::from_secs(30));
    assert!(
        complaint.contains("cannot write the airing log") && complaint.contains("Airing goes on"),
        "{complaint}"
    );
    // Airing goes on meanwhile; the log does not grow (no torn bytes either).
    d.wait_for("program ended", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    assert_eq!(std::fs::metadata(st.log_path()).unwrap().len(), size);
    let during = d.seen.iter().filter(|l| l.contains("on air:")).count();
    // Space returns: the records kept in memory are written, in order.
    limit_file_size(d.child.id(), None);
    d.wait_for("takes records again", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    let said = d.terminate();
    let on_air = said.iter().filter(|l| l.contains("on air:")).count();
    assert!(on_air > during && during >= 4, "{on_air} {during}");

    verify(&st);
    // Every item the daemon said went on air is in the log, once.
    let starts = keys(&st, "start");
    assert_eq!(starts.len(), on_air, "{said:#?}");
    let distinct: BTreeSet<_> = starts.iter().cloned().collect();
    assert_eq!(distinct.len(), starts.len());
    // In order: the log's times never go backwards.
    let logged: Vec<String> = st
        .log_records()
        .iter()
        .map(|r| r["logged"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = logged.clone();
    sorted.sort();
    assert_eq!(logged, sorted);
}

/// Stopped while the disk is full: the records it could not write are kept
/// aside, and the next start writes them into the log — nothing lost, and
/// the minutes they cover are not taken for minutes loaxa was not running.
#[test]
fn records_waiting_for_a_full_disk_survive_a_stop_and_are_not_turned_into_missed() {
    let st = busy_station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    for _ in 0..3 {
        d.wait_for("program ended", Duration::from_secs(30));
    }
    let size = std::fs::metadata(st.log_path()).unwrap().len();
    limit_file_size(d.child.id(), Some(size));
    d.wait_for("kept aside in", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    assert_eq!(std::fs::metadata(st.log_path()).unwrap().len(), size);
    let first = d.terminate();
    let on_air_first = first.iter().filter(|l| l.contains("on air:")).count();

    // The disk has room again; loaxa starts.
    let mut d = Daemon::start(&st, &["--output", "null"]);
    let restoring = d.wait_for("kept aside in", Duration::from_secs(30));
    assert!(restoring.contains("writing into the log"), "{restoring}");
    d.wait_for("program ended", Duration::from_secs(30));
    let second = d.terminate();
    let on_air = on_air_first + second.iter().filter(|l| l.contains("on air:")).count();

    verify(&st);
    let starts = keys(&st, "start");
    assert_eq!(starts.len(), on_air, "every item that went on air, once");
    let distinct: BTreeSet<_> = starts.iter().cloned().collect();
    assert_eq!(distinct.len(), starts.len());
    // No airing is called missed for the time the daemon was in fact up.
    let recs = st.airing_records();
    let not_running = recs
        .iter()
        .filter(|r| r["status"] == "missed")
        .filter(|r| r["reason"].as_str().unwrap_or("").contains("not running"))
        .count();
    let restarts = 1;
    assert!(
        not_running <= 2 * restarts,
        "only the moment between the stop and the start may be missed: {recs:#?}"
    );
    let restored: Vec<_> = st
        .log_records()
        .into_iter()
        .filter(|r| r["event"] == "restored")
        .collect();
    assert_eq!(restored.len(), 1, "one marker before what was kept aside");
    assert!(restored[0]["records"].as_u64().unwrap() > 0);
}
