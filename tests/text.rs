//! Text items in schedules, read aloud with the real espeak-ng (a
//! prerequisite of the tests, installed by CI): on simulated time
//! (`loaxa simulate`), and ahead of air time by the running daemon.

mod common;

use std::time::Duration;

use common::{
    Daemon, TestStation, aired_files, all_completed, assert_as_long_as_espeak, backdate,
    espeak_alone, events, is_speech, local_in, pattern, said, write_wav,
};
use sha2::{Digest, Sha256};

/// A daily 06:00 slot airing `program` (JSON items).
fn daily(st: &TestStation, program: &str) {
    st.schedule(
        "tb.json",
        &format!(
            r#"{{"slots": [{{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [{program}]}}]}}"#
        ),
    );
}

/// `loaxa simulate` of these days into `output`; its log's records.
fn simulate(st: &TestStation, from: &str, to: &str, output: &str) -> Vec<serde_json::Value> {
    let out = st
        .cmd()
        .args(["simulate", "--from", from, "--to", to, "--output", output])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    std::fs::read_to_string(st.path().join("data/simulation-log.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

const TEXT: &str = "Thông báo: UBND xã tổ chức tiêm phòng lúc 7h30 ngày 2/12 tại nhà văn hóa ấp 3.";

#[test]
fn a_text_item_airs_as_speech_made_once_and_the_log_shows_what_was_said() {
    let st = TestStation::with_counted_espeak();
    daily(&st, &format!(r#"{{"text": "{TEXT}", "topic": "mot-cua"}}"#));

    // A rehearsal with the null output needs only the length: estimated,
    // nothing made, nothing kept.
    let recs = simulate(&st, "30/11/2026", "30/11/2026", "null");
    assert_eq!(st.speech_runs(), 0, "the null output makes no speech");
    let start = events(&recs, "start")[0];
    let estimate = loaxa_core::speech::estimate_seconds(TEXT, 150);
    assert!(
        (start["duration"].as_f64().unwrap() - estimate).abs() < 0.01,
        "{start}"
    );
    assert_eq!(start["text_sha256"], hash(TEXT.as_bytes()));
    assert_eq!(start["engine"], "espeak-ng");
    assert!(start["sha256"].is_null(), "no audio was made: {start}");

    // Two days into WAV files: spoken the first day, from the cache the second.
    let out_dir = st.path().join("thu");
    let recs = simulate(
        &st,
        "30/11/2026",
        "01/12/2026",
        &format!("wav:{}", out_dir.display()),
    );
    assert_eq!(st.speech_runs(), 1, "the second airing came from the cache");
    let starts = events(&recs, "start");
    assert_eq!(starts.len(), 2, "{recs:#?}");
    let alone = espeak_alone(st.path(), TEXT, "vi");
    for s in &starts {
        // The evidence: what was asked to be said (the text as written),
        // by which engine and voice, next to the audio's own fingerprint.
        assert_eq!(s["text_sha256"], hash(TEXT.as_bytes()), "{s}");
        assert_eq!(s["engine"], "espeak-ng");
        assert_eq!(s["voice"], "vi");
        assert_eq!(s["topic"], "mot-cua");
        assert_eq!(s["title"], "Thông báo: UBND xã tổ chức tiêm phòng…");
        assert!(s["sha256"].as_str().is_some_and(|h| h.len() == 64), "{s}");
        assert!(
            s["file"].as_str().unwrap().starts_with("data/speech/"),
            "{s}"
        );
        assert_as_long_as_espeak(s["duration"].as_f64().unwrap(), alone);
    }
    assert_eq!(starts[0]["sha256"], starts[1]["sha256"]);
    assert!(all_completed(&recs), "{recs:#?}");
    let aired = aired_files(&out_dir);
    assert_eq!(aired.len(), 2, "{aired:?}");
    assert!(aired.iter().all(|p| is_speech(p)), "{aired:?}");
}

#[test]
fn a_typed_bulletin_file_airs_in_its_voice_and_is_listed() {
    let st = TestStation::with_counted_espeak();
    let written = "\u{feff}Thông báo số 5: điện lực cắt điện từ 7h đến 11h30 ngày 5/12 tại ấp Một.\r\nĐề nghị bà con chủ động.\r\n";
    let file = st.audio("thong-bao/bao-so-5.txt");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, written).unwrap();
    backdate(&file);
    daily(
        &st,
        r#"{"text_file": "thong-bao/bao-so-5.txt", "voice": "vi-vn-x-south", "topic": "van-ban-chi-dao"}"#,
    );

    // check, plan and library show it, with its first words and how long
    // it takes to say.
    let out = st.cmd().args(["check", "--days", "1"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    assert!(
        said.contains("thong-bao/bao-so-5.txt  \"Thông báo số 5: điện lực cắt điện…\"  ≈0:00:"),
        "{said}"
    );
    assert!(said.contains("(voice vi-vn-x-south)"), "{said}");
    let out = st
        .cmd()
        .args(["plan", "--from", "30/11/2026", "--days", "1"])
        .output()
        .unwrap();
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        plan.contains("thong-bao/bao-so-5.txt  \"Thông báo số 5: điện lực cắt điện…\"  ≈0:00:"),
        "{plan}"
    );
    let out = st.cmd().args(["library", "--json"]).output().unwrap();
    let listed: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(listed["file"], "thong-bao/bao-so-5.txt");
    assert_eq!(listed["kind"], "text");
    assert_eq!(listed["state"], "ready");
    assert_eq!(listed["sha256"], hash(written.as_bytes()));
    assert!(listed["estimated_seconds"].as_f64().unwrap() > 3.0);

    let out_dir = st.path().join("thu");
    let recs = simulate(
        &st,
        "30/11/2026",
        "30/11/2026",
        &format!("wav:{}", out_dir.display()),
    );
    let start = events(&recs, "start")[0];
    assert_eq!(start["file"], "thong-bao/bao-so-5.txt");
    // The file's bytes as written (its byte-order mark too).
    assert_eq!(start["text_sha256"], hash(written.as_bytes()));
    assert_eq!(start["voice"], "vi-vn-x-south");
    assert_eq!(start["engine"], "espeak-ng");
    assert_eq!(start["topic"], "van-ban-chi-dao");
    let alone = espeak_alone(
        st.path(),
        written.trim_start_matches('\u{feff}'),
        "vi-vn-x-south",
    );
    assert_as_long_as_espeak(start["duration"].as_f64().unwrap(), alone);
    assert!(is_speech(&aired_files(&out_dir)[0]));
    assert_eq!(st.speech_runs(), 1);
}

#[test]
fn without_the_engine_check_says_what_to_install_and_the_item_is_skipped_while_the_rest_airs() {
    let st = TestStation::new();
    st.add_settings("[voice]\ncommand = \"/nonexistent/espeak-ng\"\n");
    write_wav(&st.audio("nhac.wav"), 48_000, 1, &pattern(24_000, 1, 1));
    // No text item yet: nothing to say about the engine.
    daily(&st, r#""nhac.wav""#);
    let out = st.cmd().args(["check", "--days", "1"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");
    assert!(!said.contains("espeak"), "{said}");

    daily(&st, &format!(r#"{{"text": "{TEXT}"}}, "nhac.wav""#));
    let out = st.cmd().args(["check", "--days", "1"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let error = said
        .lines()
        .find(|l| l.contains("text items cannot be read aloud"))
        .unwrap_or_else(|| panic!("{said}"));
    assert!(error.contains("schedules/tb.json:1:"), "{error}");
    assert!(error.contains("sudo apt install espeak-ng"), "{error}");
    assert!(said.contains("1 error, 0 warnings"), "{said}");

    let recs = simulate(&st, "30/11/2026", "30/11/2026", "null");
    let skipped = events(&recs, "not_aired");
    assert_eq!(skipped.len(), 1, "{recs:#?}");
    assert_eq!(skipped[0]["index"], 0);
    assert_eq!(skipped[0]["status"], "skipped");
    assert_eq!(skipped[0]["reason"]["id"], "voice-espeak-missing");
    assert_eq!(skipped[0]["text_sha256"], hash(TEXT.as_bytes()));
    let starts = events(&recs, "start");
    assert_eq!(starts.len(), 1, "{recs:#?}");
    assert_eq!(starts[0]["file"], "nhac.wav");
    assert_eq!(events(&recs, "end")[0]["status"], "completed");
}

/// The running daemon reads the coming text items aloud as soon as it
/// knows them, so air time finds the speech made: the engine runs once,
/// before the airing.
#[test]
fn the_daemon_reads_text_items_aloud_ahead_and_airs_them_from_the_cache() {
    let st = TestStation::with_counted_espeak();
    let (_, date, at) = local_in(10);
    st.schedule(
        "tb.json",
        &format!(
            r#"{{"slots": [{{"id": "tb", "date": "{date}", "at": "{at}", "program": [{{"text": "{TEXT}"}}]}}]}}"#
        ),
    );
    let out_dir = st.path().join("thu");
    let spec = format!("wav:{}", out_dir.display());
    let mut d = Daemon::start(&st, &["--output", &spec]);
    d.wait_for(
        "read 1 text item(s) aloud ahead of air time",
        Duration::from_secs(30),
    );
    assert_eq!(st.speech_runs(), 1);
    d.wait_for("program ended", Duration::from_secs(60));
    d.terminate();
    assert_eq!(st.speech_runs(), 1, "air time found the speech made");
    let recs = st.airing_records();
    let start = events(&recs, "start")[0];
    assert_eq!(start["text_sha256"], hash(TEXT.as_bytes()));
    assert_eq!(start["engine"], "espeak-ng");
    assert_eq!(start["voice"], "vi");
    assert!(all_completed(&recs), "{recs:#?}");
}

/// A typed bulletin copied into the emergency folder is read aloud at once
/// and cuts in, like a recording there; `loaxa play` of a `.txt` reads it
/// too. The log shows what was said.
#[test]
fn a_typed_bulletin_in_the_emergency_folder_is_read_aloud_at_once() {
    let st = TestStation::new();
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(20 * 48_000, 1, 3));
    let (_, date, time) = local_in(3);
    st.schedule(
        "tin.json",
        &format!(r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#),
    );
    std::fs::create_dir_all(st.audio("khan-cap")).unwrap();
    std::fs::create_dir_all(st.audio("thong-bao")).unwrap();
    let warning = "Khẩn: nước lên nhanh ở ấp 3, bà con di dời ngay.";
    let mut d = Daemon::start_null(&st);
    d.wait_for("on air: \"tin.wav\"", Duration::from_secs(30));
    std::fs::write(st.audio("khan-cap/nuoc-len.txt"), warning).unwrap();
    d.wait_for(
        "program ended: slot \"khan-cap/nuoc-len.txt\"",
        Duration::from_secs(60),
    );

    // `loaxa play` of a typed bulletin: read aloud too.
    let notice = "Thông báo: chiều nay cắt điện từ 14h đến 16h.";
    let file = st.audio("thong-bao/cat-dien.txt");
    std::fs::write(&file, notice).unwrap();
    backdate(&file);
    let out = st
        .cmd()
        .args(["play", "thong-bao/cat-dien.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for(
        "program ended: slot \"thong-bao/cat-dien.txt\"",
        Duration::from_secs(60),
    );
    d.terminate();

    let recs = st.airing_records();
    let starts = events(&recs, "start");
    let warned = starts
        .iter()
        .find(|r| r["file"] == "khan-cap/nuoc-len.txt")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert_eq!(warned["schedule"], "audio/khan-cap");
    assert_eq!(warned["priority"], "khẩn cấp");
    assert_eq!(warned["text_sha256"], hash(warning.as_bytes()));
    assert_eq!(warned["engine"], "espeak-ng");
    // It cut in: the scheduled bulletin was interrupted for it.
    let tin = starts.iter().find(|r| r["file"] == "tin.wav").unwrap();
    let tin_end = events(&recs, "end")
        .into_iter()
        .find(|r| r["id"] == tin["id"])
        .unwrap();
    assert_ne!(tin_end["status"], "completed", "{tin_end}");
    let played = starts
        .iter()
        .find(|r| r["file"] == "thong-bao/cat-dien.txt")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert_eq!(played["text_sha256"], hash(notice.as_bytes()));
    assert_eq!(played["priority"], "ưu tiên");
}
