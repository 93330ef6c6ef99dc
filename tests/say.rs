//! `loaxa say`: text read aloud through the running daemon, with the real
//! espeak-ng (a prerequisite of the tests, installed by CI).

mod common;

use std::time::Duration;

use common::{
    Daemon, TestStation, aired_files, all_completed, assert_as_long_as_espeak, espeak_alone,
    events, is_speech, said,
};

const TEXT: &str = "Thông báo: UBND xã tổ chức tiêm phòng lúc 7h30 ngày 2/12 tại nhà văn hóa ấp 3.";

#[test]
fn say_reads_the_text_aloud_and_the_log_shows_what_was_said() {
    let st = TestStation::with_counted_espeak();
    let out_dir = st.path().join("thu");
    let spec = format!("wav:{}", out_dir.display());
    let mut d = Daemon::start(&st, &["--output", &spec]);
    d.wait_for("output: WAV files", Duration::from_secs(30));
    let out = st
        .cmd()
        .args(["say", TEXT, "--priority", "khẩn cấp"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("reading aloud"), "{stdout}");
    d.wait_for("program ended", Duration::from_secs(60));
    // Again: the same text is not synthesised twice.
    let out = st.cmd().args(["say", TEXT]).output().unwrap();
    assert!(out.status.success());
    d.wait_for("program ended", Duration::from_secs(60));
    d.terminate();
    assert_eq!(st.speech_runs(), 1, "the second time came from the cache");

    let recs = st.airing_records();
    let starts = events(&recs, "start");
    assert_eq!(starts.len(), 2, "{recs:#?}");
    let first = starts[0];
    // The evidence: what was asked to be said, by which engine and voice,
    // next to the audio's own fingerprint.
    assert_eq!(
        first["text_sha256"].as_str(),
        Some(loaxa::airlog::hash_hex(TEXT.as_bytes()).as_str())
    );
    assert_eq!(first["engine"], "espeak-ng");
    assert_eq!(first["voice"], "vi");
    assert_eq!(first["priority"], "khẩn cấp");
    assert!(first["sha256"].as_str().is_some_and(|h| h.len() == 64));
    assert!(all_completed(&recs), "{recs:#?}");
    // `loaxa log --json` shows the same.
    let out = st.cmd().args(["log", "--json"]).output().unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["text_sha256"], first["text_sha256"], "{rows:#?}");
    assert_eq!(rows[0]["engine"], "espeak-ng");
    assert_eq!(rows[0]["voice"], "vi");

    // What aired is speech: not silent, and as long as espeak-ng's own
    // reading of the same (normalised) text, within 20 %.
    let aired = aired_files(&out_dir);
    assert_eq!(aired.len(), 2, "{aired:?}");
    assert!(is_speech(&aired[0]), "speech, not silence: {aired:?}");
    assert_as_long_as_espeak(
        first["duration"].as_f64().unwrap_or(0.0),
        espeak_alone(st.path(), TEXT, "vi"),
    );
}

#[test]
fn say_refuses_at_once_when_the_engine_is_missing_and_airs_nothing() {
    let st = TestStation::new();
    st.add_settings("[voice]\ncommand = \"/nonexistent/espeak-ng\"\n");
    let d = Daemon::start_null(&st);
    let out = st.cmd().args(["say", "Thông báo."]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not turn the text into speech"), "{err}");
    assert!(err.contains("espeak-ng"), "{err}");
    // Refused before the daemon is asked.
    for (args, why) in [
        (vec!["say", " "], "there is no text to read"),
        (vec!["say", "x", "--repeat", "0"], "--repeat must be"),
        (vec!["say", "x", "--priority", "rất gấp"], "rất gấp"),
    ] {
        let out = st.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{args:?}: {err}");
    }
    d.terminate();
    assert!(st.airing_records().is_empty(), "{:#?}", st.airing_records());
}
