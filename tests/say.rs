//! `loaxa say`: text read aloud through the running daemon, with the real
//! espeak-ng (a prerequisite of the tests, installed by CI).

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Daemon, TestStation, read_wav};

/// A station whose `[voice]` runs espeak-ng through a wrapper that counts
/// its runs in `runs.txt`, so a test can tell a cached text from a new one.
fn station() -> TestStation {
    let st = TestStation::new();
    let wrapper = st.path().join("espeak-dem.sh");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho run >> '{}'\nexec espeak-ng \"$@\"\n",
            st.path().join("runs.txt").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{toml}\n[voice]\ncommand = \"./espeak-dem.sh\"\n"),
    )
    .unwrap();
    st
}

fn runs(st: &TestStation) -> usize {
    std::fs::read_to_string(st.path().join("runs.txt"))
        .unwrap_or_default()
        .lines()
        .count()
}

fn seconds_of(path: &Path) -> f64 {
    let (spec, samples) = read_wav(path);
    samples.len() as f64 / f64::from(spec.channels) / f64::from(spec.sample_rate)
}

const TEXT: &str = "Thông báo: UBND xã tổ chức tiêm phòng lúc 7h30 ngày 2/12 tại nhà văn hóa ấp 3.";

#[test]
fn say_reads_the_text_aloud_and_the_log_shows_what_was_said() {
    let st = station();
    let out_dir = st.path().join("thu");
    let spec = format!("wav:{}", out_dir.display());
    let mut d = Daemon::start(&st, &["--output", &spec]);
    d.wait_for("output: WAV files", Duration::from_secs(30));
    let out = st
        .cmd()
        .args(["say", TEXT, "--priority", "khẩn cấp"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("reading aloud"), "{said}");
    d.wait_for("program ended", Duration::from_secs(60));
    // Again: the same text is not synthesised twice.
    let out = st.cmd().args(["say", TEXT]).output().unwrap();
    assert!(out.status.success());
    d.wait_for("program ended", Duration::from_secs(60));
    d.terminate();
    assert_eq!(runs(&st), 1, "the second time came from the cache");

    let recs = st.airing_records();
    let starts: Vec<_> = recs.iter().filter(|r| r["event"] == "start").collect();
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
    assert!(
        recs.iter()
            .filter(|r| r["event"] == "end")
            .all(|r| r["status"] == "completed"),
        "{recs:#?}"
    );

    // What aired is speech: not silent, and as long as espeak-ng's own
    // reading of the same (normalised) text, within 20 %.
    let aired: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(aired.len(), 2, "{aired:?}");
    let (_, samples) = read_wav(&aired[0]);
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    assert!(loud > samples.len() / 20, "speech, not silence: {loud}");
    let own = st.path().join("own.wav");
    let spoken = loaxa_core::speech::normalize(TEXT);
    let status = std::process::Command::new("espeak-ng")
        .args(["-v", "vi", "-s", "150", "-w"])
        .arg(&own)
        .arg(&spoken)
        .status()
        .unwrap();
    assert!(status.success());
    let (ours, theirs) = (first["duration"].as_f64().unwrap_or(0.0), seconds_of(&own));
    assert!(
        (ours - theirs).abs() <= 0.2 * theirs,
        "aired {ours:.2} s, espeak-ng alone {theirs:.2} s"
    );
}

#[test]
fn say_refuses_at_once_when_the_engine_is_missing_and_airs_nothing() {
    let st = TestStation::new();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{toml}\n[voice]\ncommand = \"/nonexistent/espeak-ng\"\n"),
    )
    .unwrap();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
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
