//! CAP alerts as a hostile or careless world sends them, through the real
//! binary: what the station's operator must get is a clear answer naming
//! the file and the place, an airing log that never lies, and nothing
//! else stopping.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc::channel;
use std::time::Duration;

use common::{Daemon, TestStation, local_in, pattern, write_wav};

const STORM: &str = include_str!("../crates/loaxa-core/tests/cap/bao-so-5.xml");
const FLOOD: &str = include_str!("../crates/loaxa-core/tests/cap/lu-co-am-thanh.xml");
const FIRE: &str = include_str!("../crates/loaxa-core/tests/cap/chay-rung-tep-ben-canh.xml");
const CANCEL: &str = include_str!("../crates/loaxa-core/tests/cap/huy-bao-so-5.xml");

const STORM_ID: &str = "BT-PCTT-2025-0905-01";
const LONG: Duration = Duration::from_secs(60);

/// A station of Mỹ Thạnh commune with these `[cap]` settings besides.
fn station(cap: &str) -> TestStation {
    let st = TestStation::new();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{toml}\n[cap]\nareas = [\"28912\", \"Xã Mỹ Thạnh\"]\n{cap}"),
    )
    .unwrap();
    std::fs::create_dir_all(st.audio("khan-cap")).unwrap();
    st
}

fn edit(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "fixture has no {from:?}");
    xml.replace(from, to)
}

/// An alert still valid today, under another identifier.
fn storm(id: &str) -> String {
    edit(&edit(STORM, "expires>2025", "expires>2099"), STORM_ID, id)
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `cmd` to its end, or panics after `limit`: a daemon that hangs on
/// a hostile file must fail the test, not hang it.
fn within(mut cmd: Command, limit: Duration) -> Output {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(cmd.output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => panic!("no answer within {limit:?}"),
    }
}

/// `loaxa alert FILE` for `xml` written outside the station; the answer
/// within `limit`.
fn alert_within(st: &TestStation, dir: &Path, name: &str, xml: &str, limit: Duration) -> Output {
    let path = dir.join(name);
    std::fs::write(&path, xml).unwrap();
    let mut cmd = st.cmd();
    cmd.arg("alert").arg(&path);
    within(cmd, limit)
}

fn records(st: &TestStation, event: &str, slot: &str) -> Vec<serde_json::Value> {
    st.airing_records()
        .into_iter()
        .filter(|r| r["event"] == event && r["slot"] == slot)
        .collect()
}

#[test]
fn a_huge_description_is_cut_to_what_can_air_and_answered_at_once() {
    // 3 MB of words: read whole, the speech engine would run for hours
    // (and be allowed to: 0.1 s a character) while the daemon waited.
    let st = station("max_duration = 2\nrepeat = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let words = "Bão rất mạnh, bà con ở yên trong nhà. ".repeat(80_000);
    let xml = edit(
        &storm("BT-DAI"),
        "<description>",
        &format!("<description>{words}"),
    );
    let out = alert_within(&st, outside.path(), "dai.xml", &xml, LONG);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("CAP alert BT-DAI (Bão): airing now"));
    d.wait_for("program ended: slot \"BT-DAI\"", LONG);
    d.terminate();
    let starts = records(&st, "start", "BT-DAI");
    assert_eq!(starts.len(), 1, "{starts:#?}");
    // What was read is what fits in 2 s at the fastest voice (80
    // characters), not 3 MB.
    let spoken = starts[0]["duration"].as_f64().unwrap();
    assert!(spoken < 20.0, "{spoken} s of speech made");
}

#[test]
fn escape_codes_and_line_breaks_never_reach_the_journal_or_the_log() {
    let st = station("max_duration = 1\nrepeat = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);

    // A line break in the identifier would forge a journal line; an
    // escape code would clear the screen of whoever reads `loaxa log`.
    let forged = storm("BT-1\n29/11/2026 06:00:00.000 CAP alert BT-GIA: aired");
    let out = alert_within(&st, outside.path(), "gia.xml", &forged, LONG);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("gia.xml:5:15: error: <identifier> \"BT-1 29/11/2026"),
        "{}",
        said(&out)
    );
    assert!(
        said(&out).contains("cannot name an alert"),
        "{}",
        said(&out)
    );
    let escape = edit(
        &storm("BT-2"),
        "Tin bão khẩn cấp",
        "Tin bão &#x1B;[2J&#x1B;[H khẩn cấp",
    );
    let out = alert_within(&st, outside.path(), "xoa.xml", &escape, LONG);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("xoa.xml:33:23: error: the file holds the control character U+001B"),
        "{}",
        said(&out)
    );
    // A headline on several lines is shown on one.
    let lines = edit(
        &storm("BT-3"),
        "Tin bão khẩn cấp: ",
        "Tin bão khẩn cấp:\n      ",
    );
    let out = alert_within(&st, outside.path(), "dong.xml", &lines, LONG);
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended: slot \"BT-3\"", LONG);
    let journal = d.terminate();
    for line in &journal {
        assert!(!line.contains('\u{1b}'), "{line:?}");
        // The forged record stays inside the line that reports it.
        assert!(!line.starts_with("29/11/2026 06:00:00.000"), "{line:?}");
    }
    assert!(
        journal
            .iter()
            .any(|l| l.contains("on air: ") && l.contains("slot \"BT-3\"")),
        "{journal:#?}"
    );
    let starts = records(&st, "start", "BT-3");
    assert_eq!(
        starts[0]["title"],
        "Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre"
    );
    let log = said(&st.cmd().arg("log").output().unwrap());
    assert!(!log.contains('\u{1b}'), "{log:?}");
}

#[test]
fn a_cancel_naming_a_hundred_thousand_alerts_is_answered_at_once() {
    // Each name cost a pass over all the others (and a place in
    // data/cap-seen.json, past its 16 MB): the daemon was busy for hours.
    let st = station("repeat = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let refs = |n: usize| {
        (0..n)
            .map(|i| format!("pctt@bentre.gov.vn,GIA-{i},2025-09-10T05:00:00+07:00"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let entry = "pctt@bentre.gov.vn,BT-PCTT-2025-0905-01,2025-09-10T05:00:00+07:00";
    let flood = edit(CANCEL, entry, &refs(100_000));
    let out = alert_within(&st, outside.path(), "lu-lut.xml", &flood, LONG);
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(
            "lu-lut.xml:10:15: error: <references> names 100000 alerts; loaxa takes at most 1000"
        ),
        "{}",
        said(&out)
    );
    // The most it takes is judged at once, and the daemon goes on.
    let most = edit(CANCEL, entry, &refs(1000));
    let out = alert_within(&st, outside.path(), "huy.xml", &most, LONG);
    assert!(out.status.success(), "{}", said(&out));
    let out = alert_within(&st, outside.path(), "bao.xml", &storm("BT-SAU"), LONG);
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended: slot \"BT-SAU\"", LONG);
    d.terminate();
    let kept = std::fs::read(st.path().join("data/cap-seen.json")).unwrap();
    assert!(kept.len() < 1024 * 1024, "{} bytes", kept.len());
}

#[test]
fn an_embedded_recording_that_is_not_audio_is_read_out_instead() {
    let st = station("repeat = 1\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    // As the fixture is: 12 bytes standing for an MP3, which no decoder
    // takes; the sender's <size> agrees with them.
    let xml = edit(FLOOD, "expires>2025", "expires>2099");
    let out = alert_within(&st, outside.path(), "lu.xml", &xml, LONG);
    assert!(out.status.success(), "{}", said(&out));
    let id = "BT-PCTT-2025-1012-03";
    // On air, or skipped: either names the slot.
    d.wait_for(&format!("slot \"{id}\""), LONG);
    d.terminate();
    assert!(
        records(&st, "not_aired", id).is_empty(),
        "{:#?}",
        records(&st, "not_aired", id)
    );
    let starts = records(&st, "start", id);
    assert_eq!(starts.len(), 1, "the warning reached the loudspeakers");
    assert_eq!(starts[0]["engine"], "espeak-ng", "{:#?}", starts[0]);
}

#[test]
fn a_repeat_airs_after_a_restart_from_another_working_folder() {
    let st = station("repeat = 2\ngap = 4\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    // By hand, from the folder above the station: `loaxa --dir STATION run`.
    let parent = st.path().parent().unwrap().to_path_buf();
    let name = st.path().file_name().unwrap().to_os_string();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loaxa"));
    cmd.current_dir(&parent)
        .env("LOAXA_LANG", "en")
        .arg("--dir")
        .arg(&name)
        .args(["run", "--output", "null"]);
    let mut d = Daemon::spawn(cmd);
    d.wait_for("output: null", LONG);
    let out = alert_within(&st, outside.path(), "bao.xml", &storm("BT-LAP"), LONG);
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended: slot \"BT-LAP\"", LONG);
    d.terminate();
    // Then as the service runs it: another working folder.
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("CAP alert BT-LAP: airing it again", LONG);
    // On air, or skipped: either names the slot.
    d.wait_for("slot \"BT-LAP\"", LONG);
    d.terminate();
    assert!(
        records(&st, "not_aired", "BT-LAP").is_empty(),
        "{:#?}",
        records(&st, "not_aired", "BT-LAP")
    );
    assert_eq!(records(&st, "start", "BT-LAP").len(), 2);
}

/// A speech engine that waits, before reading, until `release` exists
/// (`--voices`, the check at start, answers at once); the guard makes the
/// file when dropped, and the engine gives up when the station is gone, so
/// a failed test leaves no engine waiting.
struct HeldEngine {
    release: PathBuf,
}

impl HeldEngine {
    fn install(st: &TestStation) -> HeldEngine {
        let release = st.path().join("release");
        let engine = st.path().join("held-engine.sh");
        std::fs::write(
            &engine,
            format!(
                "#!/bin/sh\ncase \"$1\" in --voices) exec espeak-ng \"$@\";; esac\n\
                 while [ ! -e '{}' ] && [ -d '{}' ]; do sleep 0.05; done\nexec espeak-ng \"$@\"\n",
                release.display(),
                st.path().display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&engine, std::fs::Permissions::from_mode(0o755)).unwrap();
        let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
        std::fs::write(
            st.path().join("loaxa.toml"),
            format!("{toml}\n[voice]\ncommand = \"./held-engine.sh\"\n"),
        )
        .unwrap();
        HeldEngine { release }
    }
}

impl Drop for HeldEngine {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.release, "");
    }
}

#[test]
fn a_scheduled_program_starts_on_time_while_an_alert_is_read_aloud() {
    let st = station("repeat = 1\nmax_duration = 1\n");
    let engine = HeldEngine::install(&st);
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(24_000, 1, 3));
    let (_, date, time) = local_in(6);
    st.schedule(
        "tin.json",
        &format!(r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#),
    );
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let path = outside.path().join("bao.xml");
    std::fs::write(&path, storm("BT-CHO")).unwrap();
    let mut cmd = st.cmd();
    cmd.arg("alert").arg(&path);
    let asked = std::thread::spawn(move || cmd.output());
    // The bulletin airs at its time although the warning's words are
    // still being made (a Moderate one would wait for it anyway).
    d.wait_for("on air: \"tin.wav\"", Duration::from_secs(15));
    drop(engine);
    let out = asked.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended: slot \"BT-CHO\"", LONG);
    d.terminate();
    let start = &records(&st, "start", "tin")[0];
    assert!(start.get("note").is_none(), "started late: {start}");
}

#[test]
fn an_alert_file_that_cannot_be_read_is_named() {
    let st = station("repeat = 1\n");
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let fifo = st.audio("khan-cap/ong.xml");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let line = d.wait_for("cannot read the alert file", LONG);
    d.terminate();
    assert!(line.contains("audio/khan-cap/ong.xml"), "{line}");
    assert!(!line.contains("log file"), "{line}");
}

#[test]
fn a_recording_copied_just_after_its_alert_is_not_lost() {
    let st = station("repeat = 2\ngap = 3\nmax_duration = 1\n");
    let fire = edit(FIRE, "canh-bao-chay-rung.mp3", "chay.wav");
    let fire = edit(&fire, "audio/mpeg", "audio/x-wav");
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    std::fs::write(st.audio("khan-cap/chay.xml"), &fire).unwrap();
    d.wait_for("its words are read out instead", LONG);
    // The recording, copied a moment later (a slow USB stick).
    let wav = st.path().join("chay.wav");
    write_wav(&wav, 48_000, 1, &pattern(24_000, 1, 9));
    std::fs::copy(&wav, st.audio("khan-cap/chay.wav")).unwrap();
    d.wait_for("is named by an alert file in the folder", LONG);
    d.wait_for("CAP alert KL-BT-2025-0412-07: airing it again", LONG);
    d.wait_for("program ended: slot \"KL-BT-2025-0412-07\"", LONG);
    d.terminate();
    let starts = records(&st, "start", "KL-BT-2025-0412-07");
    assert!(
        starts
            .iter()
            .any(|s| s["file"] == "audio/khan-cap/chay.wav"),
        "the recording never aired: {starts:#?}"
    );
}
