//! The real sound-card path (rodio → cpal → alsa-lib) without hardware:
//! alsa-lib reads a config of our own (`ALSA_CONFIG_PATH`) whose PCMs are
//! `type file` over `type null`. Such a device is not paced in real time: a
//! program goes through as fast as the null device takes it, so the times
//! in the log are the sample-count times, not the wall clock's.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Daemon, TestStation, local_in, pattern, write_wav};

/// Writes the ALSA config and returns its path.
fn alsa_config(dir: &Path) -> PathBuf {
    let conf = dir.join("asound.conf");
    let text = format!(
        r#"
pcm.loaxa_ok {{
    type file
    slave.pcm {{ type null }}
    file "{out}"
    format "raw"
    hint {{ show on description "loaxa test: a card that records to a file" }}
}}
pcm.loaxa_dies {{
    type file
    slave.pcm {{ type null }}
    file "|head -c 3000000 > /dev/null"
    format "raw"
    hint {{ show on description "loaxa test: a card that fails after 3 MB" }}
}}
pcm.loaxa_flaky {{
    type file
    slave.pcm {{ type null }}
    file "{later}/out.raw"
    format "raw"
    hint {{ show on description "loaxa test: a card that works once its folder exists" }}
}}
"#,
        out = dir.join("card.raw").display(),
        later = dir.join("later").display(),
    );
    std::fs::write(&conf, text).unwrap();
    conf
}

fn start_with_card(st: &TestStation, conf: &Path, card: &str) -> Daemon {
    Daemon::start_env(
        st,
        &["--output", &format!("device:{card}")],
        &[("ALSA_CONFIG_PATH", conf)],
    )
}

fn status_json(st: &TestStation) -> serde_json::Value {
    let out = st.cmd().args(["status", "--json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn statuses(st: &TestStation) -> Vec<(String, String, String)> {
    let out = st.cmd().args(["log", "--json"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["slot"].as_str().unwrap().to_string(),
                v["file"].as_str().unwrap().to_string(),
                v["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_sound_card_path_delivers_every_sample() {
    let st = TestStation::new();
    let a = pattern(24_001, 2, 5);
    let b_mono = pattern(10_007, 1, 6);
    write_wav(&st.audio("a.wav"), 48_000, 2, &a);
    write_wav(&st.audio("b.wav"), 48_000, 1, &b_mono);
    let conf = alsa_config(st.path());
    let (_, date, time) = local_in(3);
    st.schedule(
        "s.json",
        &format!(r#"{{"slots": [{{"id": "p", "date": "{date}", "at": "{time}", "level": false, "program": ["a.wav", "b.wav"]}}]}}"#),
    );
    let mut d = start_with_card(&st, &conf, "loaxa_ok");
    d.wait_for("output: sound card loaxa_ok", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(60));
    d.terminate();
    assert_eq!(
        statuses(&st),
        [
            ("p".into(), "a.wav".into(), "completed".into()),
            ("p".into(), "b.wav".into(), "completed".into())
        ]
    );
    // What reached the card: silence (the pre-roll), the program, silence.
    let bytes = std::fs::read(st.path().join("card.raw")).unwrap();
    let card: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let expected: Vec<f32> = a
        .iter()
        .copied()
        .chain(b_mono.iter().flat_map(|s| [*s, *s]))
        .map(|s| s as f32 / 32768.0)
        .collect();
    let first = card
        .iter()
        .position(|s| *s != 0.0)
        .expect("the program reached the card");
    assert_eq!(first % 2, 0, "starts on a frame");
    assert_eq!(
        &card[first..first + expected.len()],
        &expected[..],
        "every sample, in order"
    );
    assert!(card[first + expected.len()..].iter().all(|s| *s == 0.0));
}

#[test]
fn a_card_error_mid_airing_is_logged_interrupted_and_the_next_airing_plays() {
    let st = TestStation::new();
    write_wav(&st.audio("dai.wav"), 48_000, 2, &pattern(48_000 * 30, 2, 7));
    write_wav(&st.audio("ngan.wav"), 48_000, 2, &pattern(48_000, 2, 8));
    let conf = alsa_config(st.path());
    let (_, d1, t1) = local_in(3);
    let (_, d2, t2) = local_in(7);
    st.schedule(
        "s.json",
        &format!(
            r#"{{"slots": [
                {{"id": "a", "date": "{d1}", "at": "{t1}", "program": ["dai.wav", "ngan.wav"]}},
                {{"id": "b", "date": "{d2}", "at": "{t2}", "program": ["ngan.wav"]}}
            ]}}"#
        ),
    );
    let mut d = start_with_card(&st, &conf, "loaxa_dies");
    d.wait_for("slot \"a\": sound card error", Duration::from_secs(30));
    d.wait_for("program ended: slot \"b\"", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let cut = recs
        .iter()
        .find(|r| r["event"] == "end" && r["status"] == "interrupted")
        .expect("the item on air is closed as interrupted");
    assert!(cut["id"].as_str().unwrap().ends_with("/a/0"));
    assert!(
        cut["reason"]
            .as_str()
            .unwrap()
            .starts_with("sound card error"),
        "{cut}"
    );
    assert!(cut["played"].as_f64().unwrap() > 0.0);
    assert_eq!(
        statuses(&st),
        [
            ("a".into(), "dai.wav".into(), "interrupted".into()),
            ("a".into(), "ngan.wav".into(), "failed".into()),
            ("b".into(), "ngan.wav".into(), "completed".into())
        ]
    );
}

#[test]
fn a_card_that_fails_at_an_airing_is_reopened_for_the_next() {
    let st = TestStation::new();
    write_wav(&st.audio("ngan.wav"), 48_000, 2, &pattern(4_800, 2, 9));
    let conf = alsa_config(st.path());
    let (_, d1, t1) = local_in(3);
    let (_, d2, t2) = local_in(8);
    st.schedule(
        "s.json",
        &format!(
            r#"{{"slots": [
                {{"id": "a", "date": "{d1}", "at": "{t1}", "program": ["ngan.wav"]}},
                {{"id": "b", "date": "{d2}", "at": "{t2}", "program": ["ngan.wav"]}}
            ]}}"#
        ),
    );
    let mut d = start_with_card(&st, &conf, "loaxa_flaky");
    d.wait_for("slot \"a\": sound card error", Duration::from_secs(30));
    // `status` tells the operator the output failed, when and why.
    let v = status_json(&st);
    assert_eq!(v["output_state"]["state"], "failed", "{v:#}");
    assert!(
        v["output_state"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("sound card error"),
        "{v:#}"
    );
    assert!(
        v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "output"),
        "{v:#}"
    );
    // The card "comes back" (its folder appears) before the next airing.
    std::fs::create_dir_all(st.path().join("later")).unwrap();
    d.wait_for("program ended: slot \"b\"", Duration::from_secs(30));
    let v = status_json(&st);
    assert_eq!(v["output_state"]["state"], "working", "{v:#}");
    assert!(
        !v["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "output"),
        "{v:#}"
    );
    d.terminate();
    let got = statuses(&st);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[1],
        ("b".into(), "ngan.wav".into(), "completed".into()),
        "{got:?}"
    );
    // Known race (see the closing note of 29/11/2026): when the card's
    // error arrives after the player released the first block, the item
    // is logged interrupted at once instead of failed. Either way it is
    // never "completed", and its reason is the card's error.
    assert!(
        got[0] == ("a".into(), "ngan.wav".into(), "failed".into())
            || got[0] == ("a".into(), "ngan.wav".into(), "interrupted".into()),
        "{got:?}"
    );
    let log = std::fs::read_to_string(st.log_path()).unwrap();
    let first_a: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["event"] == "end" || r["event"] == "not_aired")
        .take(1)
        .collect();
    assert_eq!(
        first_a[0]["reason"]["id"], "out-device-error",
        "{first_a:?}"
    );
    let mut said = first_a[0].clone();
    common::said_in_english(&mut said);
    assert!(
        said["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("sound card error")),
        "{first_a:?}"
    );
    assert!(
        first_a[0]["played"].as_f64().unwrap_or(0.0) < 0.2,
        "{first_a:?}"
    );
    assert!(
        std::fs::metadata(st.path().join("later/out.raw"))
            .unwrap()
            .len()
            > 0
    );
}

#[test]
fn devices_lists_the_outputs_by_the_names_device_accepts() {
    let st = TestStation::new();
    let conf = alsa_config(st.path());
    let out = st
        .cmd()
        .arg("devices")
        .env("ALSA_CONFIG_PATH", &conf)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    for (name, what) in [
        ("loaxa_ok", "a card that records to a file"),
        ("loaxa_dies", "a card that fails after 3 MB"),
    ] {
        let line = said
            .lines()
            .find(|l| l.starts_with(&format!("device:{name} ")))
            .unwrap_or_else(|| panic!("{name} not listed:\n{said}"));
        assert!(line.contains(what), "{line}");
    }
    // A name that is not there: the daemon says which exist.
    let mut d = start_with_card(&st, &conf, "loaxa_khong_co");
    let line = d.wait_for("there is no sound card named", Duration::from_secs(30));
    assert!(
        line.contains("loaxa_ok") && line.contains("loaxa devices"),
        "{line}"
    );
    d.terminate();
}
