//! The binary as the station uses it: check, plan, run, log, export, on real
//! files in temp folders.

mod common;

use std::time::Duration;

use assert_cmd::prelude::*;
use common::{Daemon, TestStation, local_in, pattern, read_wav, write_wav};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_passes_on_the_example_station() {
    let st = TestStation::example();
    let out = st.cmd().args(["check", "--days", "14"]).output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("checked 2 schedule(s), 7 slot(s), 7 audio file(s);"),
        "{text}"
    );
    assert!(text.ends_with("0 errors, 0 warnings\n"), "{text}");
}

#[test]
fn check_names_each_problem_with_its_place_and_fails() {
    let st = TestStation::new();
    write_wav(&st.audio("ok.wav"), 48_000, 1, &pattern(4800, 1, 1));
    // A copy cut short: the header promises 2 s, the file holds 0.1 s.
    write_wav(&st.audio("cut.wav"), 48_000, 1, &pattern(96_000, 1, 2));
    let bytes = std::fs::read(st.audio("cut.wav")).unwrap();
    std::fs::write(st.audio("cut.wav"), &bytes[..44 + 9600]).unwrap();
    std::fs::write(st.audio("notes.mp3"), "this is a text file, not audio").unwrap();
    std::fs::write(st.audio("empty.mp3"), "").unwrap();
    // Copied a while ago: they are what they are, not still arriving.
    for f in ["cut.wav", "notes.mp3", "empty.mp3"] {
        common::backdate(&st.audio(f));
    }
    let (_, date, _) = local_in(86_400);
    st.schedule(
        "a.json",
        &format!(
            r#"{{
  "slots": [
    {{"id": "s1", "date": "{date}", "at": "06:00",
      "program": ["ok.wav", "missing.mp3", "cut.wav", "notes.mp3", "empty.mp3"]}}
  ]
}}"#
        ),
    );
    st.schedule(
        "b.json",
        "{\n  \"slots\": [\n    {\"id\": \"x\" \"days\": \"T2\"}\n  ]\n}\n",
    );
    let out = st.cmd().arg("check").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let dir = st.path().display().to_string();
    let expect = [
        format!(
            "{dir}/schedules/a.json:4:29: error: slot \"s1\": \"missing.mp3\": the file does not exist — copy the recording to audio/missing.mp3 before"
        ),
        format!(
            "{dir}/schedules/a.json:4:44: error: slot \"s1\": \"cut.wav\": the file is cut short: only 0.1 s of its 2.0 s could be decoded (an unfinished copy?) — record or copy the file again before"
        ),
        format!(
            "{dir}/schedules/a.json:4:55: error: slot \"s1\": \"notes.mp3\": this is not an audio file loaxa can read"
        ),
        format!(
            "{dir}/schedules/a.json:4:68: error: slot \"s1\": \"empty.mp3\": the file is empty (0 bytes), probably an unfinished copy"
        ),
        format!(
            "{dir}/schedules/b.json:3:15: error: this is not valid JSON: a comma is missing here"
        ),
    ];
    let lines: Vec<&str> = text.lines().collect();
    for e in &expect {
        assert!(
            lines.iter().any(|l| l.starts_with(e.as_str())),
            "missing line {e:?} in:\n{text}"
        );
    }
    assert!(
        text.contains("Airings in the next 7 days with missing or broken audio:"),
        "{text}"
    );
    assert!(text.contains("5 errors, 0 warnings"), "{text}");
}

#[test]
fn bad_settings_stop_every_command_with_the_place() {
    let st = TestStation::new();
    std::fs::write(
        st.path().join("loaxa.toml"),
        "station = \"X\"\ntimezon = \"Asia/Ho_Chi_Minh\"\n",
    )
    .unwrap();
    let out = st.cmd().arg("plan").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("loaxa.toml:2:1: error: unknown setting \"timezon\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"timezone\"?"), "{err}");
}

#[test]
fn plan_lists_airings_as_json_lines() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loaxa"))
        .env("LOAXA_LANG", "en")
        .args([
            "--dir",
            common::REPO,
            "plan",
            "--from",
            "30/11/2026",
            "--days",
            "1",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Monday 30/11/2026: morning open, CCHC, close; afternoon open, close.
    let slots: Vec<&str> = rows.iter().map(|r| r["slot"].as_str().unwrap()).collect();
    assert_eq!(
        slots,
        [
            "mo-dau-sang",
            "cchc-sang",
            "ket-thuc-sang",
            "mo-dau-chieu",
            "ket-thuc-chieu"
        ]
    );
    assert_eq!(rows[1]["at"], "2026-11-30T05:31:00.000+07:00");
    assert_eq!(rows[1]["schedule"], "schedules/cchc-hang-tuan.json");
    assert_eq!(rows[1]["weekday"], "T2");
    assert_eq!(
        rows[1]["segments"],
        serde_json::json!(["cchc/ban-tin-mot-cua.mp3", "cchc/ban-tin-khai-sinh.ogg"])
    );
}

#[test]
fn the_daemon_airs_on_time_logs_every_segment_and_exports() {
    let st = TestStation::new();
    st.copy_sample("nhac-hieu.mp3");
    st.copy_sample("cchc/ban-tin-khai-sinh.ogg");
    let jingle_sha = loaxa::library::sha256_file(&st.audio("nhac-hieu.mp3")).unwrap();
    let (start, date, time) = local_in(3);
    st.schedule(
        "tuan.json",
        &format!(
            r#"{{"title": "Lịch thử", "slots": [{{"id": "thu-nghiem", "date": "{date}", "at": "{time}", "program": [
                {{"file": "nhac-hieu.mp3", "title": "Nhạc hiệu"}},
                "khong-co.mp3",
                {{"file": "cchc/ban-tin-khai-sinh.ogg", "title": "Khai sinh trong ngày", "topic": "thu-tuc-hanh-chinh", "author": "Tổ thông tin"}}
            ]}}]}}"#
        ),
    );
    let wav_dir = st.path().join("ghi-am");
    let mut d = Daemon::start(&st, &["--output", &format!("wav:{}", wav_dir.display())]);
    d.wait_for("program ended", Duration::from_secs(60));
    d.terminate();

    let all = st.log_records();
    assert_eq!(
        all[0]["event"], "genesis",
        "the chain starts with the station"
    );
    assert_eq!(all[1]["event"], "daemon");
    assert_eq!(all[1]["what"], "started");
    assert_eq!(all.last().unwrap()["what"], "stopped");
    let recs = st.airing_records();
    let events: Vec<&str> = recs.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        ["not_aired", "start", "end", "start", "end"],
        "{recs:#?}"
    );
    let scheduled = loaxa::timefmt::rfc3339_ms(&start.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh));
    for r in &recs {
        if r["event"] != "end" {
            assert_eq!(r["scheduled"], scheduled.as_str());
            assert_eq!(r["slot"], "thu-nghiem");
            assert_eq!(r["schedule"], "schedules/tuan.json");
            assert_eq!(r["output"], format!("wav:{}", wav_dir.display()));
        }
    }
    // The missing file is skipped with its reason, the program goes on.
    assert_eq!(recs[0]["file"], "khong-co.mp3");
    assert_eq!(recs[0]["status"], "skipped");
    assert_eq!(recs[0]["reason"], "the file does not exist");
    // The jingle: what exactly aired, when, how long.
    assert_eq!(recs[1]["file"], "nhac-hieu.mp3");
    assert_eq!(recs[1]["title"], "Nhạc hiệu");
    assert_eq!(recs[1]["sha256"], jingle_sha.as_str());
    assert_eq!(recs[1]["duration"], 1.56);
    let t =
        |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let started = t(&recs[1]["started"]);
    assert!(recs[1]["started"].as_str().unwrap().ends_with("+07:00"));
    assert!(started >= start, "never early");
    println!(
        "start precision: scheduled {scheduled}, first sample {}",
        recs[1]["started"]
    );
    assert_eq!(recs[2]["status"], "completed");
    assert_eq!(recs[2]["played"], 1.56);
    // The bulletin starts on the jingle's last sample (times from sample counts).
    assert_eq!(recs[3]["started"], recs[2]["ended"]);
    assert_eq!(recs[3]["topic"], "thu-tuc-hanh-chinh");
    assert_eq!(recs[3]["author"], "Tổ thông tin");
    assert_eq!(recs[4]["status"], "completed");
    let played = recs[4]["played"].as_f64().unwrap();
    assert!((played - 9.617).abs() < 0.002, "{played}");

    // The WAV holds exactly what the log says aired.
    let wavs: Vec<_> = std::fs::read_dir(&wav_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(wavs.len(), 1);
    let (_, samples) = read_wav(&wavs[0]);
    let secs = samples.len() as f64 / 2.0 / 48_000.0;
    assert!((secs - (1.56 + played)).abs() < 0.002, "{secs}");

    // The chain holds, and says where it ends.
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    let said = stdout(&out);
    assert!(out.status.success(), "{said}");
    let lines: Vec<String> = std::fs::read_to_string(st.log_path())
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert!(
        said.contains(&format!(
            "data/airing-log.jsonl: {} record(s), the chain is whole",
            lines.len()
        )),
        "{said}"
    );
    let head = loaxa::airlog::hash_hex(lines.last().unwrap().as_bytes());
    assert!(said.contains(&format!("head: {head}")), "{said}");
    // In Vietnamese, the head is named as the manual names it.
    let out = st
        .cmd()
        .env("LOAXA_LANG", "vi")
        .args(["log", "verify"])
        .output()
        .unwrap();
    let said = stdout(&out);
    assert!(
        said.contains(&format!("mã đầu chuỗi (head): {head}")),
        "{said}"
    );
    assert!(!said.contains("record(s)"), "{said}");
    // A line taken out is found, by its place.
    let mut cut = lines.clone();
    cut.remove(3);
    let tampered = st.path().join("copy.jsonl");
    std::fs::write(&tampered, cut.join("\n") + "\n").unwrap();
    let out = st
        .cmd()
        .args(["log", "verify", "--file"])
        .arg(&tampered)
        .output()
        .unwrap();
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            ":4: error: record 4 is missing between line 3 and line 4: a line was deleted"
        ),
        "{said}"
    );

    // `log --json`: one row per segment airing.
    let out = st.cmd().args(["log", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    // In program order: the skipped item sits between the two that aired.
    assert_eq!(rows[0]["status"], "completed");
    assert_eq!(rows[0]["started"], recs[1]["started"]);
    assert_eq!(rows[1]["status"], "skipped");
    assert_eq!(rows[1]["file"], "khong-co.mp3");

    // Export the day: CSV with BOM and Vietnamese headers, and the summary.
    let csv_path = st.path().join("bao-cao.csv");
    let out = st
        .cmd()
        .args([
            "export", "--lang", "vi", "--from", &date, "--to", &date, "-o",
        ])
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = stdout(&out);
    assert!(
        summary.contains(&format!(
            "Từ {date} đến {date}, Đài truyền thanh xã Thử Nghiệm đã phát sóng 1 tin, bài tuyên truyền về cải cách hành chính (CCHC) với 1 lượt phát, tổng thời lượng 0,2 phút."
        )),
        "{summary}"
    );
    assert!(
        summary.contains("Không tính (không phát trọn): Bỏ qua: 1"),
        "{summary}"
    );
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        &headers[..14],
        &[
            "STT",
            "Ngày",
            "Thứ",
            "Giờ theo lịch",
            "Giờ phát",
            "Giờ kết thúc",
            "Thời lượng",
            "Tiêu đề",
            "Chủ đề",
            "Tác giả",
            "Tệp",
            "SHA-256",
            "Trạng thái",
            "Ghi chú"
        ]
    );
    let all: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let rows: Vec<&csv::StringRecord> = all
        .iter()
        .take_while(|r| r.len() == headers.len())
        .collect();
    assert_eq!(rows.len(), 3);
    // Under the table: which state of the log it came from.
    let head = loaxa::airlog::hash_hex(lines.last().unwrap().as_bytes());
    let chain = all.last().unwrap();
    assert_eq!(
        &chain[0],
        format!(
            "Nhật ký data/airing-log.jsonl (Đài truyền thanh xã Thử Nghiệm): {} bản ghi, mã SHA-256 bản ghi cuối {head}",
            lines.len()
        )
    );
    assert!(summary.contains(&head), "{summary}");
    let bulletin = &rows[2];
    assert_eq!(&bulletin[0], "3");
    assert_eq!(&bulletin[1], date.as_str());
    // Times and lengths as text no spreadsheet turns into a time.
    let at = chrono::NaiveTime::parse_from_str(&time, "%H:%M:%S").unwrap();
    assert_eq!(&bulletin[3], loaxa::timefmt::time_vi(at));
    assert_eq!(
        &bulletin[4],
        loaxa::timefmt::time_vi(t(&recs[3]["started"]).time())
    );
    assert_eq!(&bulletin[6], "10 giây");
    assert_eq!(&bulletin[7], "Khai sinh trong ngày");
    assert!(bulletin[8].starts_with("Cải cách, đơn giản hóa thủ tục hành chính"));
    assert_eq!(&bulletin[9], "Tổ thông tin");
    assert_eq!(&bulletin[10], "cchc/ban-tin-khai-sinh.ogg");
    assert_eq!(&bulletin[11], recs[3]["sha256"].as_str().unwrap());
    assert_eq!(&bulletin[12], "Đã phát");
    assert_eq!(&rows[1][12], "Bỏ qua");
    // The log keeps the reason as a code: the report says it in the
    // report's language, whatever the daemon's was.
    assert_eq!(&rows[1][13], "không có tệp này");
}

#[test]
fn a_stop_signal_cuts_the_segment_on_air_and_logs_it_interrupted() {
    let st = TestStation::new();
    write_wav(&st.audio("dai.wav"), 48_000, 2, &pattern(48_000 * 60, 2, 5));
    write_wav(&st.audio("sau.wav"), 48_000, 2, &pattern(4_800, 2, 6));
    let (_, date, time) = local_in(2);
    st.schedule(
        "a.json",
        &format!(r#"{{"slots": [{{"id": "dai", "date": "{date}", "at": "{time}", "program": ["dai.wav", "sau.wav"]}}]}}"#),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("on air: \"dai.wav\"", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let events: Vec<&str> = recs.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["start", "end", "not_aired"], "{recs:#?}");
    assert_eq!(recs[1]["status"], "interrupted");
    assert_eq!(recs[1]["reason"], "daemon stopped (signal)");
    // The item that had not started yet is logged as not aired, with why.
    assert_eq!(recs[2]["file"], "sau.wav");
    assert_eq!(recs[2]["status"], "missed");
    assert_eq!(recs[2]["reason"], "not aired: daemon stopped (signal)");
    assert!(recs[1]["played"].as_f64().unwrap() < 60.0);
    assert_eq!(recs[0]["output"], "null");
}

#[test]
fn a_segment_left_open_by_a_crash_is_closed_at_the_next_start() {
    let st = TestStation::new();
    std::fs::create_dir_all(st.path().join("data")).unwrap();
    let open = r#"{"event":"start","id":"20140317T063000/schedules/a.json/s/0","schedule":"schedules/a.json","slot":"s","scheduled":"2014-03-17T06:30:00.000+07:00","index":0,"file":"a.mp3","output":"device","started":"2014-03-17T06:30:00.002+07:00","logged":"2014-03-17T06:30:00.003+07:00"}"#;
    std::fs::write(st.log_path(), format!("{open}\n")).unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let said = d.terminate();
    assert!(
        said.iter()
            .any(|l| l.contains("was on air when loaxa stopped")),
        "{said:#?}"
    );
    let recs = st.airing_records();
    assert_eq!(recs.len(), 2);
    assert_eq!(
        recs[0].to_string(),
        serde_json::from_str::<serde_json::Value>(open)
            .unwrap()
            .to_string(),
        "never rewritten"
    );
    assert_eq!(recs[1]["event"], "end");
    assert_eq!(recs[1]["id"], "20140317T063000/schedules/a.json/s/0");
    assert_eq!(recs[1]["status"], "interrupted");
    assert!(
        recs[1]["reason"]
            .as_str()
            .unwrap()
            .contains("daemon stopped")
    );
}

#[test]
fn without_the_sound_card_each_airing_is_logged_failed_and_the_daemon_stays_up() {
    let st = TestStation::new();
    write_wav(&st.audio("a.wav"), 48_000, 1, &pattern(4_800, 1, 7));
    let (_, date, time) = local_in(2);
    st.schedule(
        "a.json",
        &format!(r#"{{"slots": [{{"id": "s", "date": "{date}", "at": "{time}", "program": ["a.wav", "a.wav"]}}]}}"#),
    );
    let mut d = Daemon::start(&st, &["--output", "device:loaxa-test-no-such-card"]);
    d.wait_for(
        "there is no sound card named \"loaxa-test-no-such-card\"",
        Duration::from_secs(30),
    );
    // It said so at start; now the airing itself.
    d.wait_for(
        "slot \"s\": there is no sound card",
        Duration::from_secs(30),
    );
    d.terminate();
    let recs = st.airing_records();
    assert_eq!(recs.len(), 2, "{recs:#?}");
    for r in &recs {
        assert_eq!(r["event"], "not_aired");
        assert_eq!(r["status"], "failed");
        assert!(
            r["reason"]
                .as_str()
                .unwrap()
                .starts_with("there is no sound card named")
        );
    }
}

#[test]
fn log_and_export_on_an_empty_station_say_so() {
    let st = TestStation::new();
    st.cmd().arg("log").assert().success();
    let out = st
        .cmd()
        .args(["export", "--lang", "vi", "--quarter", "2014-Q1", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "đã phát sóng 0 tin, bài tuyên truyền về cải cách hành chính (CCHC) với 0 lượt phát"
    ));
    let bad = st
        .cmd()
        .args(["export", "--quarter", "2014-Q5"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a quarter"));
}

#[test]
fn check_refuses_two_normal_programs_that_overlap() {
    let st = TestStation::new();
    write_wav(
        &st.audio("ba-giay.wav"),
        48_000,
        1,
        &pattern(3 * 48_000, 1, 3),
    );
    let (_, date, _) = local_in(86_400);
    let schedule = |priority: &str| {
        format!(
            r#"{{"slots": [
  {{"id": "sang", "date": "{date}", "at": "06:00:00", "program": ["ba-giay.wav"]}},
  {{"id": "chen", "date": "{date}", "at": "06:00:02", {priority}"program": ["ba-giay.wav"]}}
]}}"#
        )
    };
    st.schedule("a.json", &schedule(""));
    let out = st.cmd().arg("check").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let dir = st.path().display().to_string();
    let weekday = |d: &str| {
        let d = chrono::NaiveDate::parse_from_str(d, "%d/%m/%Y").unwrap();
        loaxa::timefmt::weekday_short_vi(chrono::Datelike::weekday(&d))
    };
    let wd = weekday(&date);
    assert!(
        text.contains(&format!(
            "{dir}/schedules/a.json:3:3: error: slot \"chen\" (schedules/a.json, {wd} {date} 06:00:02) starts while slot \"sang\" (schedules/a.json, {wd} {date} 06:00:00) is still on air: it runs until 06:00:03"
        )),
        "{text}"
    );
    // A priority program may cut in: that is what priorities are for.
    st.schedule("a.json", &schedule(r#""priority": "ưu tiên", "#));
    let out = st.cmd().arg("check").output().unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn simulate_rehearses_a_week_apart_from_the_evidence() {
    let st = TestStation::example();
    let out = st
        .cmd()
        .args(["simulate", "--from", "30/11/2026", "--to", "06/12/2026"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.starts_with("Simulated 30/11/2026 – 06/12/2026 in "),
        "{text}"
    );
    assert!(text.contains(": 30 program airing(s)"), "{text}");
    assert!(
        text.contains("  T2 30/11/2026  10 item(s) aired (55 s), 0 not aired"),
        "{text}"
    );
    // The evidence log is untouched; the simulation has its own, marked.
    assert!(!st.log_path().exists());
    let sim = std::fs::read_to_string(st.path().join("data/simulation-log.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = sim
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        recs.iter()
            .filter(|r| r["event"] != "genesis")
            .all(|r| r["simulated"] == true),
        "every record is marked"
    );
    // With wav: one file per stretch of airing, exactly as long as the log says.
    let wav = st.path().join("mo-phong");
    let out = st
        .cmd()
        .args([
            "simulate",
            "--from",
            "30/11/2026",
            "--to",
            "30/11/2026",
            "--output",
        ])
        .arg(format!("wav:{}", wav.display()))
        .output()
        .unwrap();
    assert!(out.status.success());
    let first = wav.join("2026-11-30_05-30-00_mo-dau-sang.wav");
    let (_, samples) = read_wav(&first);
    let frames = |f: &str| {
        let info = loaxa::audio::probe(&st.audio(f)).unwrap();
        loaxa::audio::resample::frames_at_48k(info.frames, info.rate)
    };
    assert_eq!(
        samples.len() as u64,
        2 * (frames("nhac-hieu.mp3") + frames("loi-chao.mp3"))
    );
    assert_eq!(std::fs::read_dir(&wav).unwrap().count(), 5);
    // `export` never counts a simulation, even when it is handed one.
    std::fs::copy(st.path().join("data/simulation-log.jsonl"), st.log_path()).unwrap();
    let out = st
        .cmd()
        .args([
            "export",
            "--lang",
            "vi",
            "--from",
            "30/11/2026",
            "--to",
            "06/12/2026",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "đã phát sóng 0 tin, bài tuyên truyền về cải cách hành chính (CCHC) với 0 lượt phát"
    ));
    // `log --simulated` reads it.
    let out = st
        .cmd()
        .args([
            "log",
            "--simulated",
            "--from",
            "30/11/2026",
            "--to",
            "30/11/2026",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 10);
}

#[test]
fn the_environment_overrides_the_folders_of_the_settings() {
    let st = TestStation::new();
    std::fs::write(
        st.path().join("loaxa.toml"),
        "station = \"Đài xã\"\n[paths]\ndata = \"du-lieu\"\n",
    )
    .unwrap();
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(
        stdout(&out).contains("du-lieu/airing-log.jsonl: no airing log yet"),
        "{}",
        stdout(&out)
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let out = st
        .cmd()
        .args(["log", "verify"])
        .env("LOAXA_DATA_DIR", elsewhere.path())
        .output()
        .unwrap();
    let said = stdout(&out);
    assert!(
        said.contains(&format!(
            "{}/airing-log.jsonl: no airing log yet",
            elsewhere.path().display()
        )),
        "{said}"
    );
}

/// Numbers from the command line and the files can be anything: too large
/// for the arithmetic is out of range like any other, said as such, never
/// wrapped round, never a panic.
#[test]
fn numbers_of_any_size_are_refused_with_their_range() {
    let st = TestStation::new();
    std::fs::write(
        st.path().join("loaxa.toml"),
        "grace = \"307445734561825861 phút\"\n",
    )
    .unwrap();
    let out = st.cmd().arg("check").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("loaxa.toml:1:1: error: grace"), "{err}");
    std::fs::write(st.path().join("loaxa.toml"), "").unwrap();
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "a", "days": "hằng ngày", "at": "06:00", "grace": "9223372036854775807 giờ", "program": ["x.mp3"]}]}"#,
    );
    let out = st.cmd().arg("check").output().unwrap();
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("s.json:1:"), "{said}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));

    for cmd in ["check", "plan", "library"] {
        let out = st
            .cmd()
            .args([cmd, "--days", "4000000000"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("give a number of days from 0 to 3660"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    for year in ["99999", "0", "1969"] {
        let out = st
            .cmd()
            .args(["export", "--year", year, "-o", "-"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{year}: {err}");
        assert!(err.contains("only the years 1970–9999"), "{year}: {err}");
    }
    assert!(
        std::fs::read_dir(st.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("bao-cao")),
        "no report file written"
    );
}

/// `export -o` names anything: a folder, a FIFO, a device, a link, a
/// read-only file. The link's target gets the report, the rest are
/// refused as they are, and no `.part` file is left anywhere.
#[test]
fn export_respects_what_its_output_name_is() {
    let st = TestStation::new();
    let out_dir = tempfile::tempdir().unwrap();
    let export = |dest: &std::path::Path| {
        st.cmd()
            .args(["export", "--year", "2026", "-o"])
            .arg(dest)
            .output()
            .unwrap()
    };
    let o = export(out_dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a folder"));
    let fifo = out_dir.path().join("ong");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = export(&fifo);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
    let real = out_dir.path().join("that.csv");
    std::fs::write(&real, "old").unwrap();
    let link = out_dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    // A link (planted where reports are written) is not followed.
    let o = export(&link);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a link"));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "old");
    let report = out_dir.path().join("bao-cao.csv");
    let o = export(&report);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "the report, with its BOM: {text}"
    );
    let names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".part")), "{names:?}");
    assert_eq!(names.len(), 4, "{names:?}");
}

/// A slot every second overlaps itself all day: one error for the pair of
/// slots, with how often, not one per airing.
#[test]
fn an_overlap_is_reported_once_per_pair_of_slots_with_a_count() {
    let st = TestStation::new();
    write_wav(&st.audio("tin.wav"), 8_000, 1, &pattern(16_000, 1, 1));
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "moi-giay", "cron": "* * * * * *", "program": ["tin.wav"]}]}"#,
    );
    let out = st.cmd().args(["check", "--days", "1"]).output().unwrap();
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let errors: Vec<&str> = said.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{said}");
    assert!(
        errors[0].contains("(it happens 86399 times in the next 1 days)"),
        "{said}"
    );
}

/// A schedule saved in another encoding: the place is a line and column,
/// as an editor shows it, not a byte offset.
#[test]
fn a_schedule_not_in_utf8_is_pointed_at_by_line_and_column() {
    let st = TestStation::new();
    // "Thứ" in Windows-1258 on line 2: 0xDF is not UTF-8 there.
    std::fs::write(
        st.path().join("schedules/s.json"),
        b"{\"title\":\n  \"Th\xdf Hai\", \"slots\": []}",
    )
    .unwrap();
    let out = st.cmd().arg("check").output().unwrap();
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("schedules/s.json:2:6: error: the file is not UTF-8 text here"),
        "{said}"
    );
}

/// `simulate --from D --to D` is that day: its 00:00 and its 23:59, not the
/// day before's 23:59 aired late, not the next day's 00:00 logged missed.
#[test]
fn simulate_is_exactly_the_days_asked_for() {
    let st = TestStation::new();
    write_wav(&st.audio("tin.wav"), 8_000, 1, &pattern(8_000, 1, 1));
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "nua-dem", "days": "hằng ngày", "at": "00:00", "program": ["tin.wav"]},
                      {"id": "khuya", "days": "hằng ngày", "at": "23:59", "program": ["tin.wav"]}]}"#,
    );
    let out = st
        .cmd()
        .args(["simulate", "--from", "17/03/2014", "--to", "17/03/2014"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(st.path().join("data/simulation-log.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let scheduled: Vec<(&str, &str)> = recs
        .iter()
        .filter(|r| r["event"] == "start" || r["event"] == "not_aired")
        .map(|r| {
            (
                r["event"].as_str().unwrap(),
                r["scheduled"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        scheduled,
        [
            ("start", "2014-03-17T00:00:00.000+07:00"),
            ("start", "2014-03-17T23:59:00.000+07:00")
        ],
        "{log}"
    );
}

/// `log verify --file COPY` of an empty file (or anything without a chain)
/// proves nothing: it fails, saying why.
#[test]
fn verifying_an_empty_copy_fails() {
    let st = TestStation::new();
    let copy = st.path().join("ban-sao.jsonl");
    std::fs::write(&copy, "").unwrap();
    let out = st
        .cmd()
        .args(["log", "verify", "--file"])
        .arg(&copy)
        .output()
        .unwrap();
    let said = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("not an airing log"), "{said}");
}

/// A system error is said once, in the station's words, with its code.
#[test]
fn a_report_into_a_missing_folder_says_why_once() {
    let st = TestStation::new();
    let dest = st.path().join("khong-co").join("bao-cao.csv");
    for (lang, why) in [
        ("vi", "không có tệp hay thư mục này (os error 2)"),
        ("en", "no such file or folder (os error 2)"),
    ] {
        let out = st
            .cmd()
            .env("LOAXA_LANG", lang)
            .args(["export", "--quarter", "2026-Q4", "-o"])
            .arg(&dest)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{said}");
        assert!(said.contains(dest.to_str().unwrap()), "{said}");
        assert!(said.contains(why), "{said}");
        assert_eq!(said.matches("os error 2").count(), 1, "{said}");
    }
}
