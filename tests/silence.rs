//! Silence on air (`[monitor]`): the real daemon airs into `wav:`, a
//! recording whose middle is nearly silent (below −45 dBFS, above the
//! library's −60 dBFS trim) for longer than `silence_after`: `status` shows
//! the problem while it lasts, and the log has a `silence` record with
//! both times once it is over.

mod common;

use std::time::Duration;

use common::{Daemon, TestStation, local_in, write_wav};

/// `secs` of a 440 Hz tone at `amplitude` (of full scale), stereo.
fn tone(secs: f64, amplitude: f64) -> Vec<i16> {
    let frames = (secs * 48_000.0) as usize;
    (0..frames)
        .flat_map(|i| {
            let s = amplitude * (i as f64 * 2.0 * std::f64::consts::PI * 440.0 / 48_000.0).sin();
            let s = (s * 32767.0) as i16;
            [s, s]
        })
        .collect()
}

#[test]
fn silence_on_air_is_a_problem_while_it_lasts_and_a_record_after() {
    let st = TestStation::new();
    let samples: Vec<i16> = [tone(1.0, 0.5), tone(6.0, 0.004), tone(1.0, 0.5)].concat();
    write_wav(&st.audio("lang.wav"), 48_000, 2, &samples);
    st.add_settings("[monitor]\nsilence_after = \"2 s\"\n");
    let (_, date, time) = local_in(4);
    st.schedule(
        "s.json",
        &format!(r#"{{"slots": [{{"id": "p", "date": "{date}", "at": "{time}", "level": false, "program": ["lang.wav"]}}]}}"#),
    );
    let out = st.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut d = Daemon::start(&st, &["--output", &format!("wav:{}", out.display())]);
    d.wait_for("silence on air since", Duration::from_secs(60));
    let status = st.cmd().args(["status", "--json"]).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let problems = status["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["kind"] == "silence"),
        "{status:#}"
    );
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let silences = st.records_of("silence");
    assert_eq!(silences.len(), 1, "{silences:?}");
    let s = &silences[0];
    assert_eq!(s["file"], "lang.wav");
    assert_eq!(s["source"], "output");
    let start = &st.records_of("start")[0];
    assert_eq!(s["id"], start["id"]);
    let t =
        |v: &serde_json::Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let from_start = |v| (t(v) - t(&start["started"])).num_milliseconds();
    // The quiet stretch: from 1 s to 7 s of the item, to the 100 ms window.
    assert!((from_start(&s["began"]) - 1_000).abs() <= 100, "{s}");
    assert!((from_start(&s["ended"]) - 7_000).abs() <= 100, "{s}");
    // `loaxa log` tells it, in words and in JSON.
    let log = st.cmd().args(["log", "--json"]).output().unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(
        log.lines().any(|l| l.contains(r#""event":"silence""#)),
        "{log}"
    );
    let text = st.cmd().args(["log"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("silence on air in lang.wav: 6 s"),
        "{}",
        String::from_utf8_lossy(&text.stdout)
    );
}
