//! CAP 1.2 emergency alerts through the real binary: dropped in
//! `audio/khan-cap/` or given to `loaxa alert`, read aloud with the real
//! espeak-ng (a prerequisite of the tests, installed by CI) or aired from
//! their own recording, repeated, cancelled, replaced, refused, and all of
//! it in the airing log. Fixtures are the core's (`crates/loaxa-core/tests/
//! cap/`), their expiry moved into the future where they must be valid.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::{Daemon, TestStation, local_in, pattern, said, write_wav};

const STORM: &str = include_str!("../crates/loaxa-core/tests/cap/bao-so-5.xml");
const FLOOD: &str = include_str!("../crates/loaxa-core/tests/cap/lu-co-am-thanh.xml");
const FIRE: &str = include_str!("../crates/loaxa-core/tests/cap/chay-rung-tep-ben-canh.xml");
const CANCEL: &str = include_str!("../crates/loaxa-core/tests/cap/huy-bao-so-5.xml");
const UPDATE: &str = include_str!("../crates/loaxa-core/tests/cap/cap-nhat-bao-so-5.xml");

const STORM_ID: &str = "BT-PCTT-2025-0905-01";
const UPDATE_ID: &str = "BT-PCTT-2025-0905-03";
const CANCEL_ID: &str = "BT-PCTT-2025-0905-02";

const LONG: Duration = Duration::from_secs(60);

/// A station of Mỹ Thạnh commune (by its code and its name) with these
/// `[cap]` settings besides.
fn station(cap: &str) -> TestStation {
    let st = TestStation::new();
    st.add_settings(&format!(
        "[cap]\nareas = [\"28912\", \"Xã Mỹ Thạnh\"]\n{cap}"
    ));
    std::fs::create_dir_all(st.audio("khan-cap")).unwrap();
    st
}

/// `xml` with each `(from, to)` replaced in turn (`from` must be there).
fn edit(xml: &str, changes: &[(&str, &str)]) -> String {
    changes.iter().fold(xml.to_string(), |xml, (from, to)| {
        assert!(xml.contains(from), "fixture has no {from:?}");
        xml.replace(from, to)
    })
}

/// An alert still valid today: its expiry moved to 2099.
fn valid(xml: &str) -> String {
    edit(xml, &[("expires>2025", "expires>2099")])
}

/// Writes an alert outside the station, as an operator would have it.
fn alert_file(dir: &Path, name: &str, xml: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, xml).unwrap();
    path
}

/// `loaxa alert FILE`, as a user runs it.
fn alert(st: &TestStation, file: &Path) -> Output {
    st.cmd().arg("alert").arg(file).output().unwrap()
}

/// `loaxa alert FILE` for an alert that airs: taken, and its airing
/// over (the program of slot `id` ended).
fn alert_aired(st: &TestStation, d: &mut Daemon, file: &Path, id: &str) -> Output {
    let out = alert(st, file);
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for(&ended(id), LONG);
    out
}

/// What the daemon says when the program of slot `id` has ended.
fn ended(id: &str) -> String {
    format!("program ended: slot \"{id}\"")
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Start and not-aired records of the airings of alert `id`.
fn airings(st: &TestStation, id: &str, event: &str) -> Vec<serde_json::Value> {
    st.airing_records()
        .into_iter()
        .filter(|r| r["event"] == event && r["schedule"] == "cap" && r["slot"] == id)
        .collect()
}

fn end_of(st: &TestStation, id: &serde_json::Value) -> serde_json::Value {
    st.airing_records()
        .into_iter()
        .find(|r| r["event"] == "end" && r["id"] == *id)
        .unwrap_or_else(|| panic!("no end for {id}"))
}

#[test]
fn a_severe_storm_warning_dropped_in_the_folder_cuts_in_read_aloud_and_repeats() {
    let st = station("max_duration = 3\nrepeat = 2\ngap = 1\n");
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(15 * 48_000, 1, 3));
    write_wav(&st.audio("nhac.wav"), 48_000, 1, &pattern(24_000, 1, 4));
    let (_, date, time) = local_in(4);
    st.schedule(
        "tin.json",
        &format!(r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "program": ["tin.wav", "nhac.wav"]}}]}}"#),
    );
    let mut d = Daemon::start_null(&st);
    d.wait_for("on air: \"tin.wav\"", LONG);
    std::fs::write(st.audio("khan-cap/bao-so-5.xml"), valid(STORM)).unwrap();
    d.wait_for("CAP alert file", LONG);
    d.wait_for(
        &format!("CAP alert {STORM_ID} (Bão): airing now (khẩn cấp), 2 time(s) in all"),
        LONG,
    );
    // The bulletin on air is cut; the program goes on with its next item
    // once the warning has aired.
    d.wait_for("on air: \"data/speech/", LONG);
    d.wait_for(&ended(STORM_ID), LONG);
    d.wait_for("on air: \"nhac.wav\"", LONG);
    d.wait_for(&ended("tin"), LONG);
    d.wait_for(&format!("CAP alert {STORM_ID}: airing it again"), LONG);
    d.wait_for(&ended(STORM_ID), LONG);
    d.terminate();

    let alerts = st.records_of("alert");
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    let a = &alerts[0];
    assert_eq!(a["identifier"], STORM_ID);
    assert_eq!(a["sender"], "pctt@bentre.gov.vn");
    assert_eq!(a["sent"], "2025-09-10T05:00:00+07:00");
    assert_eq!(a["status"], "Actual");
    assert_eq!(a["msg_type"], "Alert");
    assert_eq!(a["severity"], "Severe");
    assert_eq!(a["alert_event"], "Bão");
    assert_eq!(a["action"], "aired");
    assert_eq!(a["priority"], "khẩn cấp");
    assert_eq!(a["repeat"], 2);
    assert_eq!(a["file"], "audio/khan-cap/bao-so-5.xml");

    let starts = airings(&st, STORM_ID, "start");
    assert_eq!(starts.len(), 2, "aired twice: {starts:#?}");
    for s in &starts {
        assert_eq!(s["priority"], "khẩn cấp");
        assert_eq!(s["engine"], "espeak-ng");
        assert!(s["text_sha256"].as_str().is_some_and(|h| h.len() == 64));
        assert!(s["file"].as_str().unwrap().starts_with("data/speech/"));
        // The storm bulletin is far longer than 3 s: cut there.
        let end = end_of(&st, &s["id"]);
        let played = end["played"].as_f64().unwrap();
        assert!((played - 3.0).abs() < 0.01, "{end}");
        assert!(s["duration"].as_f64().unwrap() > 10.0, "{s}");
    }
    // It cut into the bulletin on air, which resumed afterwards.
    let recs = st.airing_records();
    assert!(
        recs.iter().any(|r| r["event"] == "end"
            && r["reason"]
                .as_str()
                .is_some_and(|why| why.contains(&format!(
                    "cut by the emergency program \"{STORM_ID}\" (cap)"
                )))),
        "{recs:#?}"
    );
    assert!(
        recs.iter().any(|r| r["event"] == "start"
            && r["file"] == "nhac.wav"
            && r["note"].as_str().is_some_and(|n| n.contains(&format!(
                "resumed after the emergency program \"{STORM_ID}\""
            )))),
        "{recs:#?}"
    );

    // The operator reads it back: the warning, and when it reached the
    // loudspeakers; the chain holds.
    let out = st.cmd().arg("log").output().unwrap();
    let log = said(&out);
    assert!(
        log.contains(&format!(
            "CAP alert {STORM_ID} (Bão, Severe) from pctt@bentre.gov.vn: aired (khẩn cấp), on the loudspeakers at"
        )),
        "{log}"
    );
    let out = st.cmd().args(["log", "--json"]).output().unwrap();
    let json = String::from_utf8_lossy(&out.stdout);
    let alert_line = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["event"] == "alert")
        .unwrap();
    assert_eq!(alert_line["aired_at"].as_array().unwrap().len(), 2);
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", said(&out));

    // The clerk's report shows the warning and when it reached the
    // loudspeakers: in the JSON export, and on its own sheet of the XLSX.
    let (from, to) = ("01/01/2000", "31/12/2099");
    let json = st.path().join("bao-cao.json");
    let out = st
        .cmd()
        .args([
            "export", "--from", from, "--to", to, "--format", "json", "-o",
        ])
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let alerts = report["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:#?}");
    assert_eq!(alerts[0]["identifier"], STORM_ID);
    assert_eq!(alerts[0]["action"], "aired");
    assert_eq!(alerts[0]["aired_at"].as_array().unwrap().len(), 2);
    let xlsx = st.path().join("bao-cao.xlsx");
    let out = st
        .cmd()
        .args([
            "export", "--from", from, "--to", to, "--format", "xlsx", "--lang", "vi", "-o",
        ])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Cảnh báo (CAP)").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0][2], "Bản tin", "{cells:?}");
    assert_eq!(cells.len(), 2, "{cells:?}");
    assert_eq!(cells[1][2], STORM_ID);
    assert_eq!(cells[1][6], "đã phát");
    assert_eq!(
        cells[1][7].matches(", ").count(),
        1,
        "two airings: {cells:?}"
    );
    // And in the CSV, after the airings, as a table of its own.
    let csv = st.path().join("bao-cao.csv");
    let out = st
        .cmd()
        .args(["export", "--from", from, "--to", to, "--lang", "vi", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let title = lines
        .iter()
        .position(|l| *l == "Cảnh báo (CAP)")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        lines[title + 1].starts_with("Ngày nhận,Giờ nhận,Bản tin,"),
        "{text}"
    );
    let row = lines[title + 2];
    assert!(
        row.contains(&format!(
            ",{STORM_ID},pctt@bentre.gov.vn,Bão,Severe,đã phát,"
        )),
        "{row}"
    );
    assert!(
        lines[title + 3].is_empty() || lines[title + 3] == "\"\"",
        "{text}"
    );
}

#[test]
fn loaxa_alert_airs_the_recording_embedded_in_the_alert() {
    let st = station("repeat = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let wav = outside.path().join("lu.wav");
    write_wav(&wav, 48_000, 1, &pattern(48_000, 1, 5));
    let bytes = std::fs::read(&wav).unwrap();
    let size = format!("<cap:size>{}</cap:size>", bytes.len());
    let xml = edit(
        &valid(FLOOD),
        &[
            ("SUQzBAAAAAAA\n        AAAA", &base64(&bytes)),
            ("<cap:size>12</cap:size>", &size),
            ("audio/mpeg", "audio/x-wav"),
        ],
    );
    let file = alert_file(outside.path(), "lu.xml", &xml);

    let mut d = Daemon::start_null(&st);
    let out = alert_aired(&st, &mut d, &file, "BT-PCTT-2025-1012-03");
    assert!(
        said(&out).contains(
            "CAP alert BT-PCTT-2025-1012-03 (Triều cường): airing now (khẩn cấp), 1 time(s) in all"
        ),
        "{}",
        said(&out)
    );
    d.terminate();

    let starts = airings(&st, "BT-PCTT-2025-1012-03", "start");
    assert_eq!(starts.len(), 1, "{starts:#?}");
    let s = &starts[0];
    let sha = loaxa::airlog::hash_hex(&bytes);
    // The recording as the alert carried it: kept by its hash, aired whole.
    assert_eq!(s["sha256"], sha.as_str());
    assert_eq!(s["file"], format!("data/cap/{sha}.wav"));
    assert!(s.get("engine").is_none(), "no speech: {s}");
    assert_eq!(
        std::fs::read(st.path().join(format!("data/cap/{sha}.wav"))).unwrap(),
        bytes
    );
    let end = end_of(&st, &s["id"]);
    assert_eq!(end["status"], "completed");
    assert_eq!(end["played"], 1.0);
    let a = &st.records_of("alert")[0];
    assert_eq!(a["file"], file.display().to_string());
    assert_eq!(a["severity"], "Extreme");
}

#[test]
fn alerts_that_are_not_the_stations_are_logged_not_aired_with_why() {
    let st = station("repeat = 1\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start_null(&st);
    let refused = |name: &str, xml: &str, why: &str| {
        let out = alert(&st, &alert_file(outside.path(), name, xml));
        assert!(!out.status.success(), "{name}: {}", said(&out));
        assert!(said(&out).contains(why), "{name}: {}", said(&out));
    };
    // As the fixture is: it expired in 2025.
    refused(
        "het-han.xml",
        STORM,
        &format!("CAP alert {STORM_ID}: not aired: the alert expired at 2025-09-11T05:00:00+07:00"),
    );
    // For other communes.
    let elsewhere = edit(
        &valid(STORM),
        &[
            ("<value>28912</value>", "<value>28999</value>"),
            ("Xã Mỹ Thạnh, ", "Xã Châu Hòa, "),
            (STORM_ID, "BT-KHAC-1"),
        ],
    );
    refused(
        "xa-khac.xml",
        &elsewhere,
        "not aired: a warning for another area: ",
    );
    // A drill, with exercises off.
    let drill = edit(
        &valid(STORM),
        &[
            ("<status>Actual</status>", "<status>Test</status>"),
            (STORM_ID, "BT-DIEN-TAP-1"),
        ],
    );
    refused("dien-tap.xml", &drill, "exercises are off");
    // The same alert twice: aired once.
    let fresh = alert_file(outside.path(), "bao.xml", &valid(STORM));
    let out = alert(&st, &fresh);
    assert!(out.status.success(), "{}", said(&out));
    refused(
        "bao-lai.xml",
        &valid(STORM),
        &format!("already aired (alert {STORM_ID} from pctt@bentre.gov.vn)"),
    );
    d.wait_for(&ended(STORM_ID), LONG);
    d.terminate();

    let alerts = st.records_of("alert");
    let actions: Vec<(&str, &str)> = alerts
        .iter()
        .map(|a| {
            (
                a["identifier"].as_str().unwrap(),
                a["action"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            (STORM_ID, "not_aired"),
            ("BT-KHAC-1", "not_aired"),
            ("BT-DIEN-TAP-1", "not_aired"),
            (STORM_ID, "aired"),
            (STORM_ID, "not_aired"),
        ]
    );
    let reasons: Vec<&str> = alerts.iter().filter_map(|a| a["reason"].as_str()).collect();
    assert!(
        reasons[0].starts_with("the alert expired at"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].starts_with("a warning for another area: ")
            && reasons[1].contains("Xã Châu Hòa"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("exercises are off"), "{reasons:?}");
    assert!(reasons[3].starts_with("already aired"), "{reasons:?}");
    // The log keeps the reasons as codes, worded when read.
    let raw = std::fs::read_to_string(st.log_path()).unwrap();
    assert!(
        raw.contains(r#""reason":{"id":"cap-ignored-expired""#),
        "{raw}"
    );
    assert_eq!(airings(&st, STORM_ID, "start").len(), 1);
    let log = said(&st.cmd().arg("log").output().unwrap());
    assert!(
        log.contains("CAP alert BT-DIEN-TAP-1 from pctt@bentre.gov.vn: not aired — "),
        "{log}"
    );
}

#[test]
fn an_update_replaces_the_pending_repeat_and_a_cancel_stops_its_own() {
    let st = station("repeat = 2\ngap = 600\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start_null(&st);
    let storm = alert_file(outside.path(), "bao.xml", &valid(STORM));
    alert_aired(&st, &mut d, &storm, STORM_ID);

    // The storm changed course: the update replaces the warning's repeat
    // and airs itself (Extreme: khẩn cấp).
    let update = alert_file(outside.path(), "cap-nhat.xml", &valid(UPDATE));
    let out = alert_aired(&st, &mut d, &update, UPDATE_ID);
    assert!(said(&out).contains(&format!(
        "CAP alert {UPDATE_ID} (Bão): airing now (khẩn cấp)"
    )));
    // `loaxa status` shows the repeat still due: the update's, not the
    // storm's it replaced.
    let status = st.cmd().arg("status").output().unwrap();
    let shown = said(&status);
    assert!(shown.contains("CAP warnings still to repeat:"), "{shown}");
    assert!(
        shown.contains(&format!("{UPDATE_ID} — ")) && shown.contains("1 more, the next at "),
        "{shown}"
    );
    assert!(!shown.contains(&format!("{STORM_ID} — ")), "{shown}");

    // Then the all-clear cancels the update: its repeat stops.
    let cancel = edit(
        CANCEL,
        &[(
            "BT-PCTT-2025-0905-01,2025-09-10T05:00:00+07:00",
            &format!("{UPDATE_ID},2025-09-10T10:00:00+07:00"),
        )],
    );
    let out = alert(&st, &alert_file(outside.path(), "huy.xml", &cancel));
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(&format!(
            "CAP alert {CANCEL_ID} cancels {UPDATE_ID}: 1 repeat(s) still due stopped"
        )),
        "{}",
        said(&out)
    );
    d.terminate();

    let not_aired = airings(&st, STORM_ID, "not_aired");
    assert_eq!(not_aired.len(), 1, "{not_aired:#?}");
    assert_eq!(
        not_aired[0]["reason"],
        format!("replaced by the Update {UPDATE_ID}")
    );
    let not_aired = airings(&st, UPDATE_ID, "not_aired");
    assert_eq!(not_aired.len(), 1, "{not_aired:#?}");
    assert_eq!(
        not_aired[0]["reason"],
        format!("stopped by the Cancel {CANCEL_ID}")
    );
    assert_eq!(airings(&st, STORM_ID, "start").len(), 1);
    assert_eq!(airings(&st, UPDATE_ID, "start").len(), 1);
    let alerts = st.records_of("alert");
    assert_eq!(alerts.len(), 3);
    assert_eq!(alerts[1]["cancels"][0], STORM_ID);
    assert_eq!(alerts[2]["action"], "cancelled");
    assert_eq!(alerts[2]["msg_type"], "Cancel");
    assert_eq!(alerts[2]["cancels"][0], UPDATE_ID);

    // What the station met is remembered across a restart: the storm
    // warning given again does not air again.
    let d = Daemon::start_null(&st);
    let out = alert(
        &st,
        &alert_file(outside.path(), "bao-lai.xml", &valid(STORM)),
    );
    assert!(!out.status.success());
    assert!(said(&out).contains("already aired"), "{}", said(&out));
    d.terminate();
}

#[test]
fn a_malformed_alert_is_reported_at_its_line_and_nothing_else_stops() {
    let st = station("repeat = 1\n");
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(24_000, 1, 7));
    let (_, date, time) = local_in(9);
    st.schedule(
        "tin.json",
        &format!(r#"{{"slots": [{{"id": "sau", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#),
    );
    let broken = edit(
        &valid(STORM),
        &[("pctt@bentre.gov.vn</sender>", "pctt@bentre.gov.vn</sendr>")],
    );
    let mut d = Daemon::start_null(&st);
    std::fs::write(st.audio("khan-cap/hong.xml"), &broken).unwrap();
    let line = d.wait_for("audio/khan-cap/hong.xml:6:", LONG);
    assert!(
        line.contains("hong.xml:6:29: error: </sendr> closes <sender>"),
        "{line}"
    );
    // Given by hand: the same answer, at once.
    let outside = tempfile::tempdir().unwrap();
    let file = alert_file(outside.path(), "hong.xml", &broken);
    let out = alert(&st, &file);
    assert!(!out.status.success());
    assert!(
        said(&out).contains(&format!(
            "{}:6:29: error: </sendr> closes <sender>",
            file.display()
        )),
        "{}",
        said(&out)
    );
    // Not even a file: said before the daemon is asked.
    let out = alert(&st, &outside.path().join("khong-co.xml"));
    assert!(!out.status.success());
    assert!(said(&out).contains("there is no file"), "{}", said(&out));
    let out = alert(&st, outside.path());
    assert!(said(&out).contains("is not a file"), "{}", said(&out));
    // The daemon went on: the next program airs.
    d.wait_for(&ended("sau"), LONG);
    d.terminate();
    let alerts = st.records_of("alert");
    assert_eq!(alerts.len(), 1, "the folder's file only: {alerts:#?}");
    assert_eq!(alerts[0]["action"], "not_aired");
    assert!(alerts[0].get("identifier").is_none());
    assert!(
        alerts[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("audio/khan-cap/hong.xml:6:29: </sendr> closes <sender>"),
        "{alerts:#?}"
    );
    let starts = st.records_of("start");
    assert_eq!(starts.len(), 1);
    assert_eq!(starts[0]["slot"], "sau");
}

#[test]
fn a_recording_beside_its_alert_airs_with_it_and_not_on_its_own() {
    let st = station("repeat = 1\n");
    let fire = edit(
        FIRE,
        &[
            ("canh-bao-chay-rung.mp3", "canh-bao-chay-rung.wav"),
            ("audio/mpeg", "audio/x-wav"),
        ],
    );
    let mut d = Daemon::start_null(&st);
    // Copied together, the recording first.
    let wav = st.path().join("chay.wav");
    write_wav(&wav, 48_000, 1, &pattern(24_000, 1, 9));
    std::fs::copy(&wav, st.audio("khan-cap/canh-bao-chay-rung.wav")).unwrap();
    std::fs::write(st.audio("khan-cap/chay-rung.xml"), &fire).unwrap();
    d.wait_for("is named by an alert file in the folder", LONG);
    d.wait_for(&ended("KL-BT-2025-0412-07"), LONG);
    d.terminate();
    let starts = st.records_of("start");
    assert_eq!(starts.len(), 1, "aired once, as the alert: {starts:#?}");
    let s = &starts[0];
    assert_eq!(s["schedule"], "cap");
    assert_eq!(s["file"], "audio/khan-cap/canh-bao-chay-rung.wav");
    // Moderate: ahead of the programme, not cutting in.
    assert_eq!(s["priority"], "ưu tiên");
    assert_eq!(end_of(&st, &s["id"])["played"], 0.5);
}

#[test]
fn a_repeat_still_due_when_loaxa_stops_airs_after_the_restart() {
    let st = station("repeat = 2\ngap = 6\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let mut d = Daemon::start_null(&st);
    let storm = alert_file(outside.path(), "bao.xml", &valid(STORM));
    alert_aired(&st, &mut d, &storm, STORM_ID);
    // Stopped before the repeat is due (6 s after the first airing ended).
    d.terminate();
    assert_eq!(airings(&st, STORM_ID, "start").len(), 1);
    // Without a daemon, `loaxa status` still shows the repeat to come.
    let status = st.cmd().args(["status", "--json"]).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let w = &status["warnings"][0];
    assert_eq!(w["identifier"], STORM_ID, "{status:#}");
    assert_eq!(w["left"], 1);
    assert_eq!(w["priority"], "khẩn cấp");
    assert!(w["due"].as_str().unwrap().ends_with("+07:00"), "{w}");
    let kept = std::fs::read_to_string(st.path().join("data/cap-seen.json")).unwrap();
    assert!(kept.contains(STORM_ID), "{kept}");
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for(
        &format!("CAP alert {STORM_ID}: airing it again (0 more to come)"),
        LONG,
    );
    d.wait_for(&ended(STORM_ID), LONG);
    d.terminate();
    assert_eq!(airings(&st, STORM_ID, "start").len(), 2);
    assert!(airings(&st, STORM_ID, "not_aired").is_empty());
}

#[test]
fn no_repeat_airs_after_the_warning_expires() {
    let st = station("repeat = 3\ngap = 10\nmax_duration = 1\n");
    let outside = tempfile::tempdir().unwrap();
    // Valid for the first airing, expired before the second is due.
    let expires = (chrono::Utc::now() + chrono::Duration::seconds(10))
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let xml = edit(STORM, &[("2025-09-11T05:00:00+07:00", &expires)]);
    let mut d = Daemon::start_null(&st);
    alert_aired(
        &st,
        &mut d,
        &alert_file(outside.path(), "bao.xml", &xml),
        STORM_ID,
    );
    d.wait_for("the warning expired at", LONG);
    d.terminate();
    assert_eq!(airings(&st, STORM_ID, "start").len(), 1);
    let not_aired = airings(&st, STORM_ID, "not_aired");
    assert_eq!(not_aired.len(), 2, "both repeats left: {not_aired:#?}");
    for r in &not_aired {
        assert_eq!(r["status"], "skipped");
        assert_eq!(
            r["reason"],
            format!("the warning expired at {expires}: no more repeats")
        );
    }
    assert_ne!(not_aired[0]["id"], not_aired[1]["id"]);
}

/// `loaxa alert` reads the file as the operator and sends it: the daemon
/// (under systemd it cannot see `/home` or `/tmp`) never reads it, nor the
/// recording beside it, which is kept in `data/cap/` by its hash.
#[test]
fn loaxa_alert_sends_the_file_and_its_recording_so_the_daemon_need_not_see_them() {
    let st = station("repeat = 1\n");
    let outside = tempfile::tempdir().unwrap();
    let fire = edit(
        FIRE,
        &[
            ("canh-bao-chay-rung.mp3", "canh-bao-chay-rung.wav"),
            ("audio/mpeg", "audio/x-wav"),
        ],
    );
    let wav = outside.path().join("canh-bao-chay-rung.wav");
    write_wav(&wav, 48_000, 1, &pattern(24_000, 1, 9));
    let bytes = std::fs::read(&wav).unwrap();
    let file = alert_file(outside.path(), "chay-rung.xml", &fire);
    let mut d = Daemon::start_null(&st);
    alert_aired(&st, &mut d, &file, "KL-BT-2025-0412-07");

    // What the operator's `loaxa alert` sends, for a file the daemon has
    // no way to read (it is not there at all): read from what was sent.
    let sent = serde_json::json!({
        "cmd": "alert",
        "file": "/home/op/khong-doc-duoc/bao.xml",
        "content": base64(valid(STORM).as_bytes()),
    });
    let socket = st.path().join("data/loaxa.sock");
    let mut stream = std::os::unix::net::UnixStream::connect(&socket).unwrap();
    use std::io::{BufRead, Write};
    writeln!(stream, "{sent}").unwrap();
    let mut answer = String::new();
    std::io::BufReader::new(&stream)
        .read_line(&mut answer)
        .unwrap();
    assert!(answer.contains("\"ok\":true"), "{answer}");
    d.wait_for(&ended(STORM_ID), LONG);
    d.terminate();

    let s = &airings(&st, "KL-BT-2025-0412-07", "start")[0];
    let sha = loaxa::airlog::hash_hex(&bytes);
    assert_eq!(s["sha256"], sha.as_str());
    assert_eq!(s["file"], format!("data/cap/{sha}.wav"));
    assert_eq!(
        std::fs::read(st.path().join(format!("data/cap/{sha}.wav"))).unwrap(),
        bytes
    );
    let storm = airings(&st, STORM_ID, "start");
    assert_eq!(storm.len(), 1, "{storm:#?}");
    assert_eq!(storm[0]["engine"], "espeak-ng");
    let logged: Vec<_> = st
        .records_of("alert")
        .into_iter()
        .map(|a| (a["file"].as_str().unwrap().to_string(), a["action"].clone()))
        .collect();
    assert_eq!(
        logged,
        [
            (file.display().to_string(), serde_json::json!("aired")),
            (
                "/home/op/khong-doc-duoc/bao.xml".to_string(),
                serde_json::json!("aired")
            )
        ]
    );
}

/// The areas written into loaxa.toml while loaxa runs are in force once
/// the file is saved: no restart (which an operator may not do). A change
/// that needs one is said by `loaxa reload`.
#[test]
fn cap_settings_saved_while_loaxa_runs_are_in_force_without_a_restart() {
    let st = TestStation::new();
    std::fs::create_dir_all(st.audio("khan-cap")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let storm = alert_file(outside.path(), "bao.xml", &valid(STORM));
    let mut d = Daemon::start_null(&st);
    let out = alert(&st, &storm);
    assert!(!out.status.success());
    assert!(
        said(&out).contains("the station's areas are not set"),
        "{}",
        said(&out)
    );
    st.add_settings("\n[cap]\nareas = [\"28912\"]\nrepeat = 1\nmax_duration = 1\n");
    d.wait_for("schedules reloaded", LONG);
    alert_aired(&st, &mut d, &storm, STORM_ID);

    // The time zone is set up at start: a change waits for a restart.
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    let toml = if toml.contains("timezone") {
        toml.replace("Asia/Ho_Chi_Minh", "Asia/Bangkok")
    } else {
        format!("timezone = \"Asia/Bangkok\"\n{toml}")
    };
    std::fs::write(st.path().join("loaxa.toml"), toml).unwrap();
    let out = st.cmd().arg("reload").output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("a change to timezone takes effect only when loaxa restarts"),
        "{}",
        said(&out)
    );
    // A broken loaxa.toml changes nothing, and says so: `loaxa reload`
    // where it is broken, the daemon in the journal.
    std::fs::write(st.path().join("loaxa.toml"), "[cap\nareas = ").unwrap();
    let out = st.cmd().arg("reload").output().unwrap();
    assert!(!out.status.success());
    assert!(
        said(&out).contains("loaxa.toml:1:5: error:"),
        "{}",
        said(&out)
    );
    d.wait_for(
        "loaxa.toml has errors, so the settings in force stay as they were",
        LONG,
    );
    d.terminate();
    let aired = airings(&st, STORM_ID, "start");
    assert_eq!(aired.len(), 1, "{aired:#?}");
}
