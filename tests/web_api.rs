//! The console's API beyond logging in (plan, log, library, schedules,
//! report, upload) through real HTTP on a loopback port, against the real
//! daemon: the shapes the page reads, who may do what, names that would
//! leave their folder, uploads too large or not audio (nothing left
//! behind), replacing a file that airs soon, saving a schedule (refused
//! whole when broken; read again by the daemon when good).

mod common;

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use common::web::{Client, LONG, Part, add_user, enable, login, start};
use common::{TestStation, local_in, pattern, write_wav};
use serde_json::Value;

const PASSWORD: &str = "mat-khau-dai";

/// A station with `tin.wav` (3 s) aired every day at 06:00 by `xa.json`,
/// and the accounts `minh` (xem), `lan` (truc), `an` (quan-tri).
fn station(extra_web: &str) -> TestStation {
    let st = TestStation::new();
    enable(&st, extra_web);
    for (name, role) in [("minh", "xem"), ("lan", "truc"), ("an", "quan-tri")] {
        add_user(&st, name, role, PASSWORD);
    }
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(3 * 48_000, 1, 3));
    st.schedule("xa.json", &daily("06:00"));
    st
}

fn daily(at: &str) -> String {
    format!(
        r#"{{"slots": [{{"id": "sang", "days": "hằng ngày", "at": "{at}", "program": ["tin.wav"]}}]}}"#
    )
}

/// A WAV file's bytes: `seconds` of a pattern at 48 kHz mono.
fn wav_bytes(dir: &Path, seconds: usize, seed: i32) -> Vec<u8> {
    let path = dir.join(format!("tam-{seed}.wav"));
    write_wav(&path, 48_000, 1, &pattern(seconds * 48_000, 1, seed));
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    bytes
}

/// The names a folder holds, sorted (hidden ones too).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asks until `good` holds of the answer, for at most `limit`.
fn poll(client: &Client, path: &str, limit: Duration, good: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + limit;
    loop {
        let (code, v) = client.get_json(path);
        assert_eq!(code, 200, "{path}: {v}");
        if good(&v) {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never became as wanted: {v:#}"
        );
        std::thread::yield_now();
    }
}

fn file_entry<'a>(library: &'a Value, rel: &str) -> Option<&'a Value> {
    library.as_array()?.iter().find(|f| f["file"] == rel)
}

#[test]
fn what_the_page_reads_and_who_may_read_it() {
    let st = station("");
    let (mut d, url) = start(&st);
    let nobody = Client::nobody(&url);
    for path in [
        "/api/plan",
        "/api/log",
        "/api/library",
        "/api/schedules",
        "/api/schedules/xa.json",
        "/api/report?period=2026-Q4",
    ] {
        assert_eq!(nobody.get(path).code, 401, "{path}");
    }
    let minh = login(&url, "minh", PASSWORD);

    // The plan: one object an airing, as `loaxa plan --json` prints them.
    let (code, plan) = minh.get_json("/api/plan?days=2");
    assert_eq!(code, 200, "{plan}");
    let plan = plan.as_array().unwrap();
    assert_eq!(plan.len(), 2, "{plan:#?}");
    assert_eq!(plan[0]["slot"], "sang");
    assert_eq!(plan[0]["schedule"], "schedules/xa.json");
    assert!(plan[0]["at"].as_str().unwrap().contains("T06:00:00"));
    assert_eq!(plan[0]["items"][0]["file"], "tin.wav");
    assert_eq!(plan[0]["items"][0]["problem"], Value::Null);
    let cli = st
        .cmd()
        .args(["plan", "--days", "2", "--json"])
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, plan, "the same objects as the command");
    for bad in [
        "/api/plan?days=0",
        "/api/plan?days=32",
        "/api/plan?from=31/02/2026",
    ] {
        let a = minh.get(bad);
        assert_eq!(a.code, 400, "{bad}");
        assert!(!a.json()["message"].as_str().unwrap().is_empty());
    }

    // The library: each file's state, length, loudness and users.
    let lib = poll(&minh, "/api/library", LONG, |v| {
        file_entry(v, "tin.wav").is_some_and(|f| f["state"] == "ready")
    });
    let tin = file_entry(&lib, "tin.wav").unwrap();
    assert!(
        (tin["duration"].as_f64().unwrap() - 3.0).abs() < 0.01,
        "{tin}"
    );
    assert!(tin["loudness"].is_number(), "{tin}");
    assert!(
        tin["used_by"][0].as_str().unwrap().starts_with("sang "),
        "{tin}"
    );
    assert_eq!(tin["reason"], Value::Null);

    // The log: what aired today.
    let lan = login(&url, "lan", PASSWORD);
    let (code, body) = lan.post_json("/api/play", serde_json::json!({"file": "tin.wav"}));
    assert_eq!(code, 200, "{body}");
    d.wait_for("program ended", LONG);
    let log = poll(&minh, "/api/log", LONG, |v| {
        v.as_array()
            .is_some_and(|rows| rows.iter().any(|r| r["status"] == "completed"))
    });
    assert_eq!(log[0]["file"], "tin.wav", "{log:#}");
    let (code, _) = minh.get_json("/api/log?from=02/01/2026&to=01/01/2026");
    assert_eq!(code, 400, "from after to");

    // Schedules: the list and a file's text as it is.
    let (code, list) = minh.get_json("/api/schedules");
    assert_eq!(code, 200);
    assert_eq!(list, serde_json::json!([{"name": "xa.json"}]));
    let a = minh.get("/api/schedules/xa.json");
    assert_eq!(a.code, 200);
    assert!(
        a.content_type.starts_with("application/json"),
        "{}",
        a.content_type
    );
    assert_eq!(a.text(), daily("06:00"));
    assert_eq!(minh.get("/api/schedules/khong-co.json").code, 404);

    // Reports: the same export as `loaxa export`, as a download.
    let (_, year, _) = local_in(0);
    let year = &year[6..];
    let xlsx = minh.get(&format!("/api/report?period={year}&format=xlsx"));
    assert_eq!(xlsx.code, 200, "{}", xlsx.text());
    assert!(xlsx.bytes.starts_with(b"PK"), "a zip");
    assert!(
        xlsx.disposition
            .starts_with("attachment; filename=\"bao-cao-cchc_")
            && xlsx.disposition.ends_with(".xlsx\""),
        "{}",
        xlsx.disposition
    );
    use calamine::{DataType as _, Reader as _};
    let mut book = calamine::Xlsx::new(Cursor::new(xlsx.bytes.clone())).unwrap();
    let first = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&first).unwrap();
    let found = sheet
        .rows()
        .any(|r| r.iter().any(|c| c.get_string() == Some("tin.wav")));
    assert!(found, "the airing is in the XLSX's log sheet");
    let csv = minh.get(&format!("/api/report?period={year}&format=csv"));
    assert_eq!(csv.code, 200);
    assert!(
        csv.bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM for Excel"
    );
    assert!(csv.text().contains("tin.wav"));
    let json = minh.get(&format!("/api/report?period={year}-Q1&format=json&lang=en"));
    assert_eq!(json.code, 200, "{}", json.text());
    // The same document `export --format json` writes: schema loaxa-report/1.
    let report = json.json();
    assert_eq!(report["schema"], "loaxa-report/1", "{report:#}");
    assert_eq!(report["stations"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["rows_listed"], true);
    for bad in [
        "period=hom-qua",
        "period=2026-13",
        "period=2026-Q4&format=pdf",
        "format=csv",
    ] {
        let a = minh.get(&format!("/api/report?{bad}"));
        assert_eq!(a.code, 400, "{bad}: {}", a.text());
        assert!(!a.json()["message"].as_str().unwrap().is_empty(), "{bad}");
    }
    d.terminate();
}

#[test]
fn uploads_land_whole_in_audio_or_not_at_all() {
    let st = station("max_upload = \"200 kB\"\n");
    // Airs in half an hour: replacing its file needs confirmation.
    let (_, date, time) = local_in(1800);
    st.schedule(
        "sap.json",
        &format!(
            r#"{{"slots": [{{"id": "sap", "date": "{date}", "at": "{time}", "program": ["sap-phat.wav"]}}]}}"#
        ),
    );
    write_wav(&st.audio("sap-phat.wav"), 48_000, 1, &pattern(48_000, 1, 5));
    let (d, url) = start(&st);
    let tmp = tempfile::tempdir().unwrap();
    let one_second = wav_bytes(tmp.path(), 1, 7);
    let audio = st.path().join("audio");

    // Roles: a viewer may not upload.
    let minh = login(&url, "minh", PASSWORD);
    let (code, _) = minh.upload("", &[Part::File("moi.wav", &one_second)]);
    assert_eq!(code, 403);
    let lan = login(&url, "lan", PASSWORD);

    // A recording: saved under its name, nothing else in the folder, and
    // the library finds it ready.
    let (code, body) = lan.upload("", &[Part::File("moi.wav", &one_second)]);
    assert_eq!(code, 201, "{body}");
    assert_eq!(body["ok"], true);
    assert_eq!(body["path"], "moi.wav");
    assert_eq!(std::fs::read(audio.join("moi.wav")).unwrap(), one_second);
    assert_eq!(
        names_in(&audio),
        ["khan-cap", "moi.wav", "sap-phat.wav", "tin.wav"],
        "no temporary name left"
    );
    poll(&lan, "/api/library", LONG, |v| {
        file_entry(v, "moi.wav").is_some_and(|f| f["state"] == "ready")
    });
    // Into a folder (made when missing), given as a field.
    let (code, body) = lan.upload(
        "",
        &[
            Part::Field("folder", "tin-tuc/2026"),
            Part::File("sang.wav", &one_second),
        ],
    );
    assert_eq!(code, 201, "{body}");
    assert_eq!(body["path"], "tin-tuc/2026/sang.wav");
    assert_eq!(names_in(&audio.join("tin-tuc/2026")), ["sang.wav"]);

    // Names and folders that would leave audio/.
    for (query, name) in [
        ("", "../x.wav"),
        ("", "/etc/x.wav"),
        ("", ".an.wav"),
        ("?folder=../..", "x.wav"),
        ("?folder=/etc", "x.wav"),
        ("?folder=tin-tuc/../../..", "x.wav"),
    ] {
        let (code, body) = lan.upload(query, &[Part::File(name, &one_second)]);
        assert_eq!(code, 400, "{query} {name}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("audio/"),
            "{body}"
        );
    }
    assert!(!st.path().join("x.wav").exists() && !Path::new("/etc/x.wav").exists());
    // A folder field as long as an upload is not kept whole in memory.
    let long = "a/".repeat(3000);
    let (code, body) = lan.upload(
        "",
        &[
            Part::Field("folder", &long),
            Part::File("x.wav", &one_second),
        ],
    );
    assert_eq!(code, 400, "{body}");
    assert!(body["message"].as_str().unwrap().contains("4096"), "{body}");

    // Too large (the limit is 200 kB; 3 s of WAV is 288 kB): nothing kept.
    let three = wav_bytes(tmp.path(), 3, 8);
    let (code, body) = lan.upload("", &[Part::File("dai.wav", &three)]);
    assert_eq!(code, 413, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("200 kB"),
        "{body}"
    );
    // Not audio, under an audio name or not: nothing kept.
    let (code, body) = lan.upload("", &[Part::File("gia.wav", b"day khong phai am thanh")]);
    assert_eq!(code, 415, "{body}");
    let (code, _) = lan.upload("", &[Part::File("ghi-chu.pdf", b"%PDF-1.4")]);
    assert_eq!(code, 415);
    assert_eq!(
        names_in(&audio),
        ["khan-cap", "moi.wav", "sap-phat.wav", "tin-tuc", "tin.wav"],
        "nothing left behind"
    );

    // A file there already: replaced only when confirmed, and the answer
    // says when one airs within the hour.
    let newer = wav_bytes(tmp.path(), 1, 9);
    let (code, body) = lan.upload("", &[Part::File("sap-phat.wav", &newer)]);
    assert_eq!(code, 409, "{body}");
    assert_eq!(body["confirm"], true);
    assert!(
        body["message"].as_str().unwrap().contains("airs in sap at"),
        "{body}"
    );
    assert_ne!(std::fs::read(st.audio("sap-phat.wav")).unwrap(), newer);
    let (code, body) = lan.upload("?confirm=1", &[Part::File("sap-phat.wav", &newer)]);
    assert_eq!(code, 201, "{body}");
    assert_eq!(std::fs::read(st.audio("sap-phat.wav")).unwrap(), newer);
    let (code, body) = lan.upload("", &[Part::File("moi.wav", &newer)]);
    assert_eq!(code, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("already there"),
        "{body}"
    );
    let (code, _) = lan.upload(
        "",
        &[Part::Field("confirm", "1"), Part::File("moi.wav", &newer)],
    );
    assert_eq!(code, 201);
    assert_eq!(std::fs::read(audio.join("moi.wav")).unwrap(), newer);
    assert_eq!(
        names_in(&audio)
            .iter()
            .filter(|n| n.starts_with('.'))
            .count(),
        0
    );
    // Other requests keep their small limit.
    let big = serde_json::json!({"text": "a".repeat(70 * 1024)});
    let (code, _) = lan.post_json("/api/say", big);
    assert_eq!(code, 413);
    d.terminate();
    // Each upload that reached the station is in the airing log, kept or
    // refused; a kept one with its content's SHA-256. One refused for its
    // size before a byte of it was read (dai.wav) is no act of the
    // station, like one refused for the account's role.
    let acts = operator_acts(&st);
    let sha = |b: &[u8]| hex_sha256(b);
    let want: Vec<(String, String, bool, Option<String>)> = [
        ("moi.wav", true, Some(sha(&one_second))),
        ("tin-tuc/2026/sang.wav", true, Some(sha(&one_second))),
        ("../x.wav", false, None),
        ("/etc/x.wav", false, None),
        (".an.wav", false, None),
        ("x.wav", false, None),
        ("x.wav", false, None),
        ("x.wav", false, None),
        ("gia.wav", false, None),
        ("ghi-chu.pdf", false, None),
        ("sap-phat.wav", false, None),
        ("sap-phat.wav", true, Some(sha(&newer))),
        ("moi.wav", false, None),
        ("moi.wav", true, Some(sha(&newer))),
    ]
    .into_iter()
    .map(|(t, done, sha)| ("upload".to_string(), t.to_string(), done, sha))
    .collect();
    assert_eq!(acts, want);
}

/// The console's actions in the airing log: (action, target, done, sha256).
fn operator_acts(st: &TestStation) -> Vec<(String, String, bool, Option<String>)> {
    st.airing_records()
        .into_iter()
        .filter(|r| r["event"] == "operator")
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_string(),
                r["target"].as_str().unwrap().to_string(),
                r["done"].as_bool().unwrap(),
                r["sha256"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn schedules_are_saved_whole_and_read_again_or_not_at_all() {
    let st = station("");
    let (mut d, url) = start(&st);
    let lan = login(&url, "lan", PASSWORD);
    let an = login(&url, "an", PASSWORD);
    let on_disk = || std::fs::read_to_string(st.path().join("schedules/xa.json")).unwrap();

    // Only the admin may save.
    let (code, _) = lan.put_schedule("xa.json", &daily("07:00"));
    assert_eq!(code, 403);

    // Broken: refused with each problem at its place, the file unchanged.
    let broken = "{\"slots\": [\n  {\"id\": \"sang\", \"days\": \"hằng ngày\", \"at\": \"25:00\", \"program\": [\"tin.wav\"]}\n]}";
    let (code, body) = an.put_schedule("xa.json", broken);
    assert_eq!(code, 422, "{body}");
    assert_eq!(body["ok"], false);
    let first = &body["diagnostics"][0];
    assert_eq!(first["file"], "schedules/xa.json", "{body}");
    assert_eq!(first["line"], 2, "{body}");
    assert!(first["col"].as_u64().unwrap() > 1, "{body}");
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .starts_with("schedules/xa.json:2:"),
        "{body}"
    );
    assert_eq!(on_disk(), daily("06:00"));
    let (code, _) = an.put_schedule("xa.json", "{\"slots\": [");
    assert_eq!(code, 422);
    assert_eq!(on_disk(), daily("06:00"));

    // Names that would leave schedules/ or are no schedule.
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), st.path().join("schedules/ra.json")).unwrap();
    for name in [
        "..%2Fx.json",
        "%2Fetc%2Fx.json",
        ".an.json",
        "xa.txt",
        "schedule.schema.json",
        "ra.json",
    ] {
        let (code, body) = an.put_schedule(name, &daily("07:00"));
        assert_eq!(code, 400, "{name}: {body}");
    }
    assert_eq!(an.get("/api/schedules/ra.json").code, 400);
    assert_eq!(std::fs::read_to_string(outside.path()).unwrap(), "");

    // Good: saved, and the daemon reads it again as a file saved by hand.
    let (_, date, time) = local_in(600);
    let good = format!(
        r#"{{"slots": [{{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": ["tin.wav"]}},
  {{"id": "moi", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#
    );
    let (code, body) = an.put_schedule("xa.json", &good);
    assert_eq!(code, 200, "{body}");
    assert_eq!(on_disk(), good);
    assert_eq!(
        names_in(&st.path().join("schedules")),
        ["ra.json", "xa.json"],
        "no temporary name left"
    );
    d.wait_for("schedules reloaded: 1 schedule(s), 2 slot(s)", LONG);
    poll(&an, "/api/status", LONG, |v| {
        v["next"]
            .as_array()
            .is_some_and(|n| n.iter().any(|a| a["slot"] == "moi"))
    });
    let (_, plan) = an.get_json("/api/plan?days=2");
    assert!(
        plan.as_array().unwrap().iter().any(|a| a["slot"] == "moi"),
        "{plan:#}"
    );
    // A new file too.
    let (code, body) = an.put_schedule("chieu.json", &daily("17:00"));
    assert_eq!(code, 200, "{body}");
    d.wait_for("schedules reloaded: 2 schedule(s)", LONG);
    // Sound on its own, a copy of a schedule under another name would air
    // every program twice at once: `check` calls that an error, so the
    // console does not save it.
    let (code, body) = an.put_schedule("con.json", &good);
    assert_eq!(code, 422, "{body}");
    let first = &body["diagnostics"][0];
    assert_eq!(first["severity"], "error", "{body}");
    assert!(
        body["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["text"].as_str().unwrap().contains("con.json")
                || d["message"].as_str().unwrap().contains("con.json")),
        "{body}"
    );
    assert!(!st.path().join("schedules/con.json").exists());
    // Larger than other requests may be (64 KiB), as large as the
    // station reads a schedule.
    let large = format!("{}{}", daily("17:30"), " ".repeat(100 * 1024));
    let (code, body) = an.put_schedule("chieu.json", &large);
    assert_eq!(code, 200, "{body}");
    d.terminate();
    // Who saved what, refused or not, is in the airing log.
    let acts: Vec<(String, bool, Option<String>)> = operator_acts(&st)
        .into_iter()
        .map(|(action, target, done, sha)| {
            assert_eq!(action, "schedule_saved");
            (target, done, sha)
        })
        .collect();
    let sha = |t: &str| Some(hex_sha256(t.as_bytes()));
    let mut want = vec![
        ("xa.json".to_string(), false, sha(broken)),
        ("xa.json".to_string(), false, sha("{\"slots\": [")),
    ];
    for name in [
        "../x.json",
        "/etc/x.json",
        ".an.json",
        "xa.txt",
        "schedule.schema.json",
        "ra.json",
    ] {
        want.push((name.to_string(), false, sha(&daily("07:00"))));
    }
    want.push(("xa.json".to_string(), true, sha(&good)));
    want.push(("chieu.json".to_string(), true, sha(&daily("17:00"))));
    want.push(("con.json".to_string(), false, sha(&good)));
    want.push(("chieu.json".to_string(), true, sha(&large)));
    assert_eq!(acts, want);
}
