//! The station folder as people run it: `cd station && loaxa run` (no
//! `--dir`) as well as `--dir /abs`, a folder that is not a station, the
//! installed station found by itself, `loaxa init`, watching that reacts to
//! changes and to nothing else, `play` that answers the truth, WAV files
//! for any item, and the journal's lines.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{Daemon, TestStation, local_in, pattern, write_wav};

fn loaxa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
    c.env("LOAXA_LANG", "en").env_remove("LOAXA_DIR");
    c
}

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn station() -> TestStation {
    TestStation::with_notice()
}

fn count(lines: &[String], text: &str) -> usize {
    lines.iter().filter(|l| l.contains(text)).count()
}

/// The README's way: `cd station && loaxa run`. A saved schedule is read,
/// a recording dropped into the emergency folder airs.
#[test]
fn run_in_the_station_folder_notices_saved_schedules_and_emergency_files() {
    let st = station();
    let mut cmd = st.cmd_here();
    cmd.args(["run", "--output", "null"]);
    let mut d = Daemon::spawn(cmd);
    d.wait_for("output: null", Duration::from_secs(30));
    let (_, date, time) = local_in(3);
    st.schedule(
        "moi.json",
        &format!(r#"{{"slots": [{{"id": "moi", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#),
    );
    d.wait_for("schedules reloaded: 2 schedule(s)", Duration::from_secs(10));
    d.wait_for("program ended: slot \"moi\"", Duration::from_secs(30));

    let bytes = std::fs::read(st.audio("thong-bao.wav")).unwrap();
    std::fs::write(st.audio("khan-cap/bao.wav"), &bytes).unwrap();
    d.wait_for("emergency file", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let starts: Vec<_> = recs.iter().filter(|r| r["event"] == "start").collect();
    assert_eq!(starts.len(), 2, "{recs:#?}");
    assert_eq!(starts[0]["slot"], "moi");
    assert_eq!(starts[1]["file"], "khan-cap/bao.wav");
}

/// Reading a schedule (cat, `loaxa check`, an editor opening it) or saving
/// it unchanged reads nothing again and says nothing; a save that changes
/// it is read once. The airings are the clock of this test: each comes
/// after the watcher's quiet time.
#[test]
fn reads_and_unchanged_saves_are_not_changes() {
    let st = station();
    let (_, date, time) = local_in(3);
    let first = format!(
        r#"{{"slots": [{{"id": "a", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#
    );
    st.schedule("a.json", &first);
    // Absolute --dir, the way the unit runs it.
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let path = st.path().join("schedules/a.json");
    for _ in 0..5 {
        std::fs::read_to_string(&path).unwrap();
    }
    let out = st.cmd().arg("check").output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    std::fs::write(&path, &first).unwrap();
    d.wait_for("program ended: slot \"a\"", Duration::from_secs(30));

    let (_, date, time) = local_in(3);
    st.schedule(
        "b.json",
        &format!(r#"{{"slots": [{{"id": "b", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#),
    );
    d.wait_for("program ended: slot \"b\"", Duration::from_secs(30));
    let seen = d.terminate();
    assert_eq!(count(&seen, "schedules reloaded"), 1, "{seen:#?}");
    assert_eq!(count(&seen, "schedules reloaded: 3 schedule(s)"), 1);
}

#[test]
fn a_folder_that_is_not_a_station_is_refused_and_left_as_it_was() {
    let empty = tempfile::tempdir().unwrap();
    for args in [&["status"][..], &["run", "--output", "null"], &["check"]] {
        let out = loaxa()
            .arg("--dir")
            .arg(empty.path())
            .args(args)
            .output()
            .unwrap();
        let (o, e) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {o}{e}");
        assert!(e.contains("is not a station folder"), "{e}");
        assert!(e.contains("loaxa init --dir"), "{e}");
        assert!(!o.contains("NOT running"), "{o}");
    }
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);

    // No --dir, in a folder that is not a station, LOAXA_DIR pointing at
    // another such folder: that one is named.
    let other = tempfile::tempdir().unwrap();
    let out = loaxa()
        .current_dir(empty.path())
        .env("LOAXA_DIR", other.path())
        .arg("status")
        .output()
        .unwrap();
    let (_, e) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(e.contains(&other.path().display().to_string()), "{e}");
    assert!(e.contains("is not a station folder"), "{e}");
}

#[test]
fn without_dir_the_station_is_found_and_named() {
    let st = station();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = loaxa()
        .current_dir(elsewhere.path())
        .env("LOAXA_DIR", st.path())
        .arg("plan")
        .output()
        .unwrap();
    let (o, e) = text(&out);
    assert!(out.status.success(), "{o}{e}");
    assert!(
        e.contains(&format!("(station: {})", st.path().display())),
        "{e}"
    );
    // In the station folder itself nothing needs saying.
    let out = st
        .cmd_here()
        .env("LOAXA_DIR", "/nonexistent")
        .arg("plan")
        .output()
        .unwrap();
    let (o, e) = text(&out);
    assert!(out.status.success(), "{o}{e}");
    assert!(!e.contains("(station:"), "{e}");
}

#[test]
fn init_makes_a_station_that_airs_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tan-loi");
    let out = loaxa()
        .args(["init", "--station", "Đài truyền thanh xã Tân Lợi", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let (o, e) = text(&out);
    assert!(out.status.success(), "{o}{e}");
    assert!(o.contains("+ audio/khan-cap/"), "{o}");
    assert!(dir.join("audio/khan-cap").is_dir());
    assert!(
        !dir.join("data").exists(),
        "the data folder is the daemon's"
    );

    // The station speaks Vietnamese: status says there is no schedule yet.
    let out = Command::new(env!("CARGO_BIN_EXE_loaxa"))
        .env_remove("LOAXA_LANG")
        .arg("--dir")
        .arg(&dir)
        .args(["status", "--json"])
        .output()
        .unwrap();
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    let status: serde_json::Value = serde_json::from_str(&o).unwrap();
    assert_eq!(status["station"], "Đài truyền thanh xã Tân Lợi");
    assert!(status["next"].as_array().unwrap().is_empty());
    let problems = status["problems"].as_array().unwrap();
    assert!(
        problems[0]["what"]
            .as_str()
            .unwrap()
            .starts_with("chưa có lịch phát"),
        "{problems:#?}"
    );

    // The example goes into an empty station only, and then checks clean.
    let out = loaxa()
        .args(["init", "--example", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    let out = loaxa()
        .arg("--dir")
        .arg(&dir)
        .arg("check")
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    let out = loaxa()
        .args(["init", "--example", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let (_, e) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(e.contains("already has the station's schedules"), "{e}");
}

/// `play` checks every file before it answers; a wrong one is refused with
/// what was probably meant, and nothing is queued or logged.
#[test]
fn play_refuses_what_it_cannot_air_and_names_what_was_meant() {
    let st = station();
    write_wav(
        &st.audio("cchc/thông-báo-lũ.wav"),
        48_000,
        1,
        &pattern(4_800, 1, 2),
    );
    std::fs::write(st.audio("hong.mp3"), b"not audio at all, just text").unwrap();
    common::backdate(&st.audio("hong.mp3"));
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    for (asked, meant) in [
        ("khong-co.mp3", None),
        ("Thong-Bao.wav", Some("thong-bao.wav")),
        ("thong-bao.mp3", Some("thong-bao.wav")),
        ("cchc/thong-bao-lu.wav", Some("cchc/thông-báo-lũ.wav")),
        ("thông-báo-lũ.wav", Some("cchc/thông-báo-lũ.wav")),
    ] {
        let out = st
            .cmd()
            .args(["play", "thong-bao.wav", asked])
            .output()
            .unwrap();
        let (o, e) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{asked}: {o}{e}");
        assert!(e.contains(&format!("not airing \"{asked}\"")), "{e}");
        assert!(e.to_lowercase().contains("nothing was sent to air"), "{e}");
        match meant {
            Some(m) => assert!(e.contains(&format!("did you mean {m}")), "{asked}: {e}"),
            None => assert!(!e.contains("did you mean"), "{e}"),
        }
    }
    let out = st.cmd().args(["play", "hong.mp3"]).output().unwrap();
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    assert!(e.contains("not airing \"hong.mp3\""), "{e}");

    // A good one still airs.
    let out = st.cmd().args(["play", "thong-bao.wav"]).output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    assert_eq!(
        recs.iter().filter(|r| r["event"] == "start").count(),
        1,
        "{recs:#?}"
    );
    assert!(recs.iter().all(|r| r["event"] != "not_aired"), "{recs:#?}");
}

/// The emergency path rehearsed into WAV files: an item in a sub-folder, a
/// dropped emergency file and a `play` each leave one WAV file, named once.
#[test]
fn wav_output_writes_items_from_sub_folders() {
    let st = station();
    write_wav(
        &st.audio("cchc/tin/ban-tin.wav"),
        48_000,
        1,
        &pattern(4_800, 1, 3),
    );
    let rec = st.path().join("ghi-am");
    let mut d = Daemon::start(&st, &["--output", &format!("wav:{}", rec.display())]);
    d.wait_for("output: WAV files", Duration::from_secs(30));
    let out = st
        .cmd()
        .args(["play", "cchc/tin/ban-tin.wav"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    d.wait_for("program ended", Duration::from_secs(30));
    let bytes = std::fs::read(st.audio("thong-bao.wav")).unwrap();
    std::fs::write(st.audio("khan-cap/bão số 9.wav"), &bytes).unwrap();
    d.wait_for("emergency file", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let ends: Vec<_> = st
        .airing_records()
        .into_iter()
        .filter(|r| r["event"] == "end")
        .collect();
    assert_eq!(ends.len(), 2, "{ends:#?}");
    assert!(ends.iter().all(|r| r["status"] == "completed"), "{ends:#?}");
    let mut names: Vec<String> = std::fs::read_dir(&rec)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].ends_with("_cchc_tin_ban-tin.wav"), "{names:?}");
    assert!(names[1].ends_with("_khan-cap_bão số 9.wav"), "{names:?}");
}

/// `output = "wav:thu"` in loaxa.toml means the station's `thu/`, whatever
/// folder loaxa was started from (an operator's shell, a script).
#[test]
fn a_relative_output_folder_in_the_settings_is_the_stations() {
    let st = station();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("output = \"wav:thu\"\n{toml}"),
    )
    .unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let mut cmd = st.cmd();
    cmd.current_dir(elsewhere.path()).arg("run");
    let mut d = Daemon::spawn(cmd);
    d.wait_for("output: WAV files", Duration::from_secs(30));
    let out = st.cmd().args(["play", "thong-bao.wav"]).output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let written: Vec<_> = std::fs::read_dir(st.path().join("thu"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(!elsewhere.path().join("thu").exists());
}

/// Under systemd the journal stamps lines itself: loaxa's lines carry only
/// their priority, and say everything in the station's language.
#[test]
fn journal_lines_have_no_timestamp_of_their_own_and_speak_the_station_language() {
    let st = station();
    std::fs::write(
        st.path().join("loaxa.toml"),
        "station = \"Đài truyền thanh xã Thử Nghiệm\"\nlang = \"vi\"\n",
    )
    .unwrap();
    let mut cmd = st.cmd_vi();
    cmd.args(["run", "--output", "null"])
        .env("JOURNAL_STREAM", "8:12345");
    let mut d = Daemon::spawn(cmd);
    let ready = d.wait_for("đầu ra: null", Duration::from_secs(30));
    assert!(ready.starts_with("<6>"), "{ready}");
    let seen = d.terminate();
    for line in &seen {
        assert!(
            line.starts_with("<3>")
                || line.starts_with("<4>")
                || line.starts_with("<6>")
                || line.starts_with("<7>"),
            "{line}"
        );
        assert!(!line.contains("Z "), "a timestamp of its own: {line}");
        assert!(!line.contains("INFO") && !line.contains("WARN"), "{line}");
    }
    assert!(
        seen.iter()
            .any(|l| l.contains("nhận tín hiệu dừng (SIGTERM)")),
        "{seen:#?}"
    );
    assert!(!seen.iter().any(|l| l.contains("received")), "{seen:#?}");
}

/// A recording overwritten in place while it is on air: the log does not
/// pretend the fingerprint it took at the start names what went out.
#[test]
fn a_file_changed_while_on_air_is_said_so_in_the_log() {
    let st = station();
    write_wav(&st.audio("dai.wav"), 48_000, 1, &pattern(48_000 * 3, 1, 5));
    common::backdate(&st.audio("dai.wav"));
    let (_, date, time) = local_in(3);
    st.schedule(
        "dai.json",
        &format!(r#"{{"slots": [{{"id": "dai", "date": "{date}", "at": "{time}", "program": ["dai.wav"]}}]}}"#),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("on air: \"dai.wav\"", Duration::from_secs(30));
    // The same file, its samples rewritten where they are.
    let mut bytes = std::fs::read(st.audio("dai.wav")).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 2..] {
        *b = b.wrapping_add(7);
    }
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(st.audio("dai.wav"))
            .unwrap();
        f.seek(SeekFrom::Start((n / 2) as u64)).unwrap();
        f.write_all(&bytes[n / 2..]).unwrap();
    }
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let end = recs
        .iter()
        .find(|r| r["event"] == "end")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert!(
        end["reason"]
            .as_str()
            .unwrap_or("")
            .contains("changed while on air"),
        "{end}"
    );
}

/// An empty file dropped into the emergency folder (a copy that never
/// started) is not lost silently: the log says it was skipped, and why.
/// And one `play` cannot name thousands of files.
#[test]
fn an_empty_emergency_file_is_logged_skipped_and_play_is_bounded() {
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    std::fs::write(st.audio("khan-cap/bao-lu.mp3"), b"").unwrap();
    d.wait_for("emergency file", Duration::from_secs(30));
    d.wait_for("skipping \"khan-cap/bao-lu.mp3\"", Duration::from_secs(30));
    let many: Vec<String> = (0..5_000).map(|i| format!("khong-co-{i}.mp3")).collect();
    let out = st.cmd().arg("play").args(&many).output().unwrap();
    let (_, e) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(e.contains("at most 100 files"), "{e}");
    d.terminate();
    let recs = st.airing_records();
    assert_eq!(recs.len(), 1, "{recs:#?}");
    assert_eq!(recs[0]["event"], "not_aired");
    assert_eq!(recs[0]["status"], "skipped");
    assert_eq!(recs[0]["priority"], "khẩn cấp");
    assert!(
        recs[0]["reason"].as_str().unwrap().contains("empty"),
        "{recs:#?}"
    );
}

/// `stop-airing` while a program is being prepared (before its first
/// sample) says what the log will say: missed, not interrupted.
#[test]
fn stop_airing_before_the_first_sample_says_missed_as_the_log_does() {
    let st = station();
    let (_, date, time) = local_in(3);
    st.schedule(
        "s.json",
        &format!(r#"{{"slots": [{{"id": "sap", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    // The program is handed to the output 2 s before its time: ask until
    // the daemon holds it (each ask is a round trip, not a sleep).
    let mut said = String::new();
    for _ in 0..5_000 {
        let out = st.cmd().arg("stop-airing").output().unwrap();
        if out.status.success() {
            said = text(&out).0;
            break;
        }
    }
    assert!(said.contains("logged as missed"), "{said:?}");
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    assert!(recs.iter().all(|r| r["event"] != "start"), "{recs:#?}");
    let missed = recs
        .iter()
        .find(|r| r["event"] == "not_aired")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert_eq!(missed["status"], "missed");
}

/// Files in the station can be FIFOs or links to devices: a FIFO saved in
/// schedules/ (or a link to /dev/zero there, as loaxa.toml or as the log)
/// is refused as what it is — the daemon does not freeze waiting on it nor
/// read for ever; the next airing still airs and a stop still stops.
#[test]
fn fifos_and_devices_in_the_station_are_refused_without_waiting() {
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let fifo = std::ffi::CString::new(
        st.path()
            .join("schedules/ong.json")
            .to_str()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("/dev/zero", st.path().join("schedules/zero.json")).unwrap();
    let (_, date, time) = local_in(3);
    st.schedule(
        "moi.json",
        &format!(r#"{{"slots": [{{"id": "moi", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#),
    );
    d.wait_for("program ended: slot \"moi\"", Duration::from_secs(30));
    let seen = d.terminate();
    assert!(
        seen.iter()
            .any(|l| l.contains("ong.json") && l.contains("not a regular")),
        "{seen:#?}"
    );
    let out = st.cmd().arg("check").output().unwrap();
    let said = text(&out).0;
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("zero.json") && said.contains("not a regular"),
        "{said}"
    );

    // loaxa.toml and the log as links to a device: said, not read for ever.
    std::fs::remove_file(st.path().join("schedules/zero.json")).unwrap();
    std::fs::remove_file(st.path().join("data/airing-log.jsonl")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", st.path().join("data/airing-log.jsonl")).unwrap();
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    std::fs::remove_file(st.path().join("loaxa.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", st.path().join("loaxa.toml")).unwrap();
    let out = st.cmd().arg("check").output().unwrap();
    let (o, e) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{o}{e}");
    assert!(e.contains("not a regular"), "{e}");
}

/// `stop-airing` stops the programs waiting behind the one on air too; the
/// answer says so, as the log does.
#[test]
fn stop_airing_says_what_it_stopped_behind_the_item_on_air() {
    let st = station();
    write_wav(&st.audio("dai.wav"), 48_000, 1, &pattern(48_000 * 20, 1, 5));
    common::backdate(&st.audio("dai.wav"));
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let out = st.cmd().args(["play", "dai.wav"]).output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    d.wait_for("on air: \"dai.wav\"", Duration::from_secs(30));
    let out = st.cmd().args(["play", "thong-bao.wav"]).output().unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    let out = st.cmd().arg("stop-airing").output().unwrap();
    let said = text(&out).0;
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("1 program(s) waiting behind it stopped too"),
        "{said}"
    );
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let missed = recs
        .iter()
        .filter(|r| r["status"] == "missed" && r["file"] == "thong-bao.wav")
        .count();
    assert_eq!(missed, 1, "{recs:#?}");
}
