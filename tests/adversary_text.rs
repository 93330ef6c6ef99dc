//! Text read aloud, attacked: what a careless copy and paste, a damaged
//! file or a misbehaving speech engine does to `loaxa say` and to text
//! items, through the real binary and the real espeak-ng.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::Duration;

use common::{Daemon, TestStation, backdate, local_in, pattern, write_wav};

const LONG: Duration = Duration::from_secs(60);

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A station whose speech engine is `script` (a shell script's body;
/// `--voices`, the check at start, is espeak-ng's own).
fn station_with_engine(script: &str) -> TestStation {
    let st = TestStation::new();
    let engine = st.path().join("engine.sh");
    std::fs::write(
        &engine,
        format!(
            "#!/bin/sh\ncase \"$1\" in --voices) exec espeak-ng \"$@\";; esac\n\
             out=''\nfor a in \"$@\"; do [ \"$prev\" = -w ] && out=\"$a\"; prev=\"$a\"; done\n{script}\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&engine, std::fs::Permissions::from_mode(0o755)).unwrap();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{toml}\n[voice]\ncommand = \"./engine.sh\"\n"),
    )
    .unwrap();
    st
}

/// `loaxa say -` with these bytes on standard input.
fn say_stdin(st: &TestStation, bytes: &[u8]) -> Output {
    let mut child = st
        .cmd()
        .args(["say", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap()
}

fn starts(st: &TestStation) -> Vec<serde_json::Value> {
    st.airing_records()
        .into_iter()
        .filter(|r| r["event"] == "start")
        .collect()
}

#[test]
fn a_nul_in_the_text_is_not_where_the_reading_stops() {
    // espeak-ng takes a NUL for the end of the text: "Xin chào" aired,
    // and the log's text_sha256 named the whole bulletin.
    let st = TestStation::new();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let clean = "Xin chào bà con. Chiều nay mất điện từ 13h đến 17h.";
    let out = say_stdin(&st, clean.as_bytes());
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended", LONG);
    let pasted = "Xin chào\0 bà con.\u{1b} Chiều nay mất điện\u{7} từ 13h đến 17h.";
    let out = say_stdin(&st, pasted.as_bytes());
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains(['\0', '\u{1b}']), "{:?}", said(&out));
    d.wait_for("program ended", LONG);
    d.terminate();
    let s = starts(&st);
    assert_eq!(s.len(), 2, "{s:#?}");
    // The same words, the same speech: nothing after the NUL was lost.
    assert_eq!(s[0]["sha256"], s[1]["sha256"], "{s:#?}");
    assert!(s[1]["duration"].as_f64().unwrap() > 2.0, "{s:#?}");
}

#[test]
fn a_text_file_with_nul_bytes_is_refused_before_air() {
    // Notepad's "Unicode" without its mark, or a damaged copy: read as
    // it is, only what comes before the first NUL would be said.
    let st = TestStation::new();
    let txt = st.audio("thong-bao/mat-dien.txt");
    std::fs::create_dir_all(txt.parent().unwrap()).unwrap();
    std::fs::write(&txt, "Mất điện\0 từ 13h đến 17h.".as_bytes()).unwrap();
    backdate(&txt);
    st.schedule(
        "tin.json",
        r#"{"slots": [{"id": "tin", "date": "01/01/2099", "at": "06:00", "program": [{"text_file": "thong-bao/mat-dien.txt"}]}]}"#,
    );
    let out = st.cmd().arg("check").output().unwrap();
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("\"thong-bao/mat-dien.txt\": the text is not UTF-8 (from byte 13)"),
        "{}",
        said(&out)
    );
    assert!(!said(&out).contains('\0'));
}

#[test]
fn an_engine_that_leaves_its_file_cut_short_is_answered_with_why() {
    // The header says more sound than the file holds (a full disk, an
    // engine killed while writing): the answer said "reading aloud", then
    // nothing aired, and the damaged file was kept for the next time.
    let st = station_with_engine(
        "espeak-ng \"$@\" || exit 1\nsize=$(stat -c %s \"$out\")\ntruncate -s $((size / 3)) \"$out\"",
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let out = st
        .cmd()
        .args(["say", "Thông báo: chiều nay họp tổ dân phố."])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains("made no usable sound file: the sound file is cut short"),
        "{}",
        said(&out)
    );
    d.terminate();
    let recs = st.airing_records();
    assert!(
        !recs.iter().any(|r| r["schedule"] == "loaxa say"),
        "nothing was sent to air: {recs:#?}"
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(st.path().join("data/speech"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(kept.is_empty(), "{kept:?}");
}

#[test]
fn a_slow_engine_does_not_hold_up_the_schedule() {
    let st = station_with_engine(
        // Until released, or the station folder is gone (a failed test).
        "while [ ! -e \"${0%/*}/release\" ] && [ -d \"${0%/*}\" ]; do sleep 0.05; done\n\
         exec espeak-ng \"$@\"",
    );
    struct Release(PathBuf);
    impl Drop for Release {
        fn drop(&mut self) {
            let _ = std::fs::write(&self.0, "");
        }
    }
    let guard = Release(st.path().join("release"));
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(24_000, 1, 3));
    let (_, date, time) = local_in(6);
    st.schedule(
        "tin.json",
        &format!(r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "program": ["tin.wav"]}}]}}"#),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", LONG);
    let mut cmd = st.cmd();
    cmd.args(["say", "Thông báo khẩn: mất điện toàn xã."]);
    let asked = std::thread::spawn(move || cmd.output());
    d.wait_for("on air: \"tin.wav\"", Duration::from_secs(15));
    drop(guard);
    let out = asked.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", said(&out));
    d.wait_for("program ended: slot \"doc-van-ban\"", LONG);
    d.terminate();
    let tin = starts(&st)
        .into_iter()
        .find(|s| s["slot"] == "tin")
        .unwrap();
    assert!(tin.get("note").is_none(), "started late: {tin}");
}
