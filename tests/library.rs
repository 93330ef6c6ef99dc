//! The drop folder as the operator fills it: files copied slowly, broken,
//! named on any system, picked from folders, levelled. Real files, the real
//! binary (or the real daemon on a virtual clock), temp folders.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use loaxa::audio::OutputSpec;
use loaxa::daemon::Mode;
use loaxa::sim::Run;
use loaxa::station::Station;
use unicode_normalization::UnicodeNormalization;

use common::{Daemon, TestStation, backdate, local_in, pattern, read_wav, write_wav};

/// `loaxa library --json`, one value per file.
fn library(st: &TestStation, args: &[&str]) -> (bool, Vec<serde_json::Value>) {
    let out = st
        .cmd()
        .arg("library")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let values = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.success(), values)
}

fn entry<'a>(list: &'a [serde_json::Value], file: &str) -> &'a serde_json::Value {
    list.iter()
        .find(|v| v["file"] == file)
        .unwrap_or_else(|| panic!("{file} not listed in {list:#?}"))
}

fn wav_bytes(frames: usize) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.wav");
    write_wav(&p, 48_000, 1, &pattern(frames, 1, 3));
    std::fs::read(p).unwrap()
}

#[test]
fn a_file_copied_in_chunks_is_ready_only_once_complete() {
    let st = TestStation::new();
    let bytes = wav_bytes(96_000);
    let path = st.audio("cchc/ban-tin.wav");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // A slow USB stick: the file grows, and its time keeps moving.
    for end in [4_096, 100_000, bytes.len()] {
        std::fs::write(&path, &bytes[..end]).unwrap();
        let (_, list) = library(&st, &[]);
        let e = entry(&list, "cchc/ban-tin.wav");
        assert_eq!(e["state"], "arriving", "after {end} bytes");
        assert_eq!(e["reason"], "the file is still being copied");
    }
    // Nothing changed for a while (its time says so): it is checked whole.
    backdate(&path);
    let (ok, list) = library(&st, &[]);
    assert!(ok);
    let e = entry(&list, "cchc/ban-tin.wav");
    assert_eq!(e["state"], "ready");
    assert_eq!(e["duration"], 2.0);
}

#[test]
fn a_program_waits_for_a_recording_still_being_copied_and_airs_all_of_it() {
    let st = TestStation::new();
    let bytes = wav_bytes(48_000);
    let (_, date, time) = local_in(4);
    st.schedule(
        "s.json",
        &format!(
            r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "grace": "1 phút", "program": ["bai.wav"]}}]}}"#
        ),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    // The copy starts just before air time and is not done by then.
    std::fs::write(st.audio("bai.wav"), &bytes[..bytes.len() / 3]).unwrap();
    d.wait_for(
        "slot \"tin\": waiting for bai.wav to finish copying",
        Duration::from_secs(30),
    );
    std::fs::write(st.audio("bai.wav"), &bytes).unwrap();
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let end = recs.iter().find(|r| r["event"] == "end").unwrap();
    assert_eq!(end["status"], "completed");
    assert_eq!(
        end["played"], 1.0,
        "the whole file, not the part first seen"
    );
}

#[test]
fn each_unusable_file_is_listed_with_its_reason_and_left_as_it_was() {
    let st = TestStation::new();
    // An MP3 cut short (the LAME header says how long it should be).
    let jingle = std::fs::read(Path::new(common::REPO).join("audio/nhac-hieu.mp3")).unwrap();
    std::fs::write(st.audio("cut.mp3"), &jingle[..jingle.len() / 2]).unwrap();
    std::fs::write(st.audio("empty.mp3"), b"").unwrap();
    std::fs::write(st.audio("notes.mp3"), "Biên bản họp tổ thông tin").unwrap();
    // A WAV whose RIFF header was overwritten.
    let mut wav = wav_bytes(4_800);
    wav[..12].copy_from_slice(b"JUNKJUNKJUNK");
    std::fs::write(st.audio("bad-header.wav"), &wav).unwrap();
    write_wav(&st.audio("good.wav"), 48_000, 1, &pattern(4_800, 1, 1));
    for f in ["cut.mp3", "empty.mp3", "notes.mp3", "bad-header.wav"] {
        backdate(&st.audio(f));
    }
    // Files that are not recordings (nor typed bulletins, .txt), or not
    // finished, are none of its business.
    std::fs::write(st.audio("ghi-chu.docx"), "x").unwrap();
    std::fs::write(st.audio("ban-tin.mp3.part"), "x").unwrap();
    std::fs::write(st.audio(".ban-tin.mp3"), "x").unwrap();
    let before: Vec<(String, Vec<u8>)> = std::fs::read_dir(st.path().join("audio"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();

    let (ok, list) = library(&st, &["--problems"]);
    assert!(!ok, "problems make the command fail");
    let reason = |f: &str| {
        let e = entry(&list, f);
        assert_eq!(e["state"], "unusable", "{f}");
        e["reason"].as_str().unwrap().to_string()
    };
    assert!(reason("cut.mp3").starts_with("the file is cut short: only 0.8 s of its 1.6 s"));
    assert_eq!(
        reason("empty.mp3"),
        "the file is empty (0 bytes), probably an unfinished copy"
    );
    let not_audio =
        "this is not an audio file loaxa can read (MP3, WAV, FLAC, OGG Vorbis, M4A/AAC)";
    assert_eq!(reason("notes.mp3"), not_audio);
    assert_eq!(reason("bad-header.wav"), not_audio);
    assert_eq!(list.len(), 4, "only the problems: {list:#?}");

    // Never modified, moved or deleted.
    for (name, bytes) in before {
        assert_eq!(std::fs::read(st.audio(&name)).unwrap(), bytes, "{name}");
    }
    // A file copied again, whole, is checked again.
    std::fs::write(st.audio("cut.mp3"), &jingle).unwrap();
    backdate(&st.audio("cut.mp3"));
    let (_, list) = library(&st, &[]);
    assert_eq!(entry(&list, "cut.mp3")["state"], "ready");
}

#[test]
fn check_warns_of_broken_files_a_folder_pick_would_pass_over() {
    let st = TestStation::new();
    st.schedule(
        "tuan.json",
        r#"{"slots": [{"id": "tin-tuan", "days": "hằng ngày", "at": "06:00",
            "program": [{"folder": "tuan-nay", "pick": "all"}]}]}"#,
    );
    std::fs::create_dir_all(st.audio("tuan-nay")).unwrap();
    write_wav(
        &st.audio("tuan-nay/01-tin.wav"),
        48_000,
        1,
        &pattern(4_800, 1, 1),
    );
    std::fs::write(st.audio("tuan-nay/02-tin.mp3"), "<html>404</html>").unwrap();
    std::fs::write(st.audio("le-cu.mp3"), "").unwrap();
    for f in ["tuan-nay/01-tin.wav", "tuan-nay/02-tin.mp3", "le-cu.mp3"] {
        backdate(&st.audio(f));
    }
    let out = st.cmd().arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "warnings only: {text}");
    assert!(
        text.contains(
            "audio/tuan-nay/02-tin.mp3: warning: this is not an audio file loaxa can read \
             (MP3, WAV, FLAC, OGG Vorbis, M4A/AAC) — slot \"tin-tuan\" passes over it when \
             picking from audio/tuan-nay/; record or copy it again"
        ),
        "{text}"
    );
    assert!(
        text.contains("audio/le-cu.mp3: warning: the file is empty (0 bytes), probably an unfinished copy — no schedule names it"),
        "{text}"
    );
    assert!(text.contains("0 errors, 2 warnings"), "{text}");
}

#[test]
fn names_match_however_they_were_normalised_and_twins_are_ambiguous() {
    let st = TestStation::new();
    // A phone or a Mac wrote the name decomposed (NFD), with an upper-case
    // extension; the schedule was typed composed (NFC), lower-case.
    let typed = "Bản tin một cửa.mp3";
    let on_disk: String = "Bản tin một cửa.MP3".nfd().collect();
    assert_ne!(typed.nfc().collect::<String>(), on_disk);
    std::fs::copy(
        Path::new(common::REPO).join("audio/cchc/ban-tin-mot-cua.mp3"),
        st.audio(&on_disk),
    )
    .unwrap();
    backdate(&st.audio(&on_disk));
    let (_, date, _) = local_in(86_400);
    st.schedule(
        "s.json",
        &format!(
            r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "06:00", "program": ["{typed}"]}}]}}"#
        ),
    );
    let out = st.cmd().arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let (_, list) = library(&st, &[]);
    assert_eq!(
        entry(&list, &on_disk)["used_by"].as_array().unwrap().len(),
        1
    );

    // The same name written both ways: which one is meant cannot be known.
    let twin: String = on_disk.nfc().collect();
    std::fs::copy(st.audio(&on_disk), st.audio(&twin)).unwrap();
    backdate(&st.audio(&twin));
    let out = st.cmd().arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains("files have this name written differently"),
        "{text}"
    );
    let (_, list) = library(&st, &["--problems"]);
    assert!(
        list.iter()
            .any(|v| v["ambiguous"].as_array().is_some_and(|a| a.len() == 2)),
        "{list:#?}"
    );
}

const VN: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// 06:00 station time on a day of March 2014.
fn morning(day: u32) -> DateTime<Utc> {
    VN.from_local_datetime(
        &NaiveDate::from_ymd_opt(2014, 3, day)
            .unwrap()
            .and_hms_opt(6, 0, 0)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

fn start(st: &TestStation, t: DateTime<Utc>) -> Run {
    Run::start(
        Station::open(st.path()).unwrap(),
        OutputSpec::Null,
        Mode::Station,
        t,
    )
    .unwrap()
}

/// The files that aired, in order, per the airing log.
fn aired(st: &TestStation) -> Vec<String> {
    let (records, bad) = loaxa::airlog::read(&st.log_path()).unwrap();
    assert!(bad.is_empty());
    loaxa::airlog::rows(&records)
        .into_iter()
        .filter(|r| r.status == Some(loaxa::airlog::Status::Completed))
        .map(|r| r.file)
        .collect()
}

#[test]
fn rotate_takes_the_next_file_each_airing_and_remembers_across_a_restart() {
    let st = TestStation::new();
    for (i, f) in ["tuan/a.wav", "tuan/b.wav", "tuan/c.wav"]
        .iter()
        .enumerate()
    {
        write_wav(&st.audio(f), 8_000, 1, &pattern(8_000, 1, i as i32));
    }
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00",
            "program": [{"folder": "tuan", "pick": "rotate"}]}]}"#,
    );
    let run = start(&st, morning(17) - chrono::Duration::minutes(1));
    run.run_until(morning(18) + chrono::Duration::minutes(1));
    // The PC loses power overnight…
    run.kill();
    let run = start(&st, morning(19) - chrono::Duration::minutes(1));
    run.run_until(morning(20) + chrono::Duration::minutes(1));
    run.stop();
    assert_eq!(
        aired(&st),
        ["tuan/a.wav", "tuan/b.wav", "tuan/c.wav", "tuan/a.wav"]
    );
}

#[test]
fn newest_goes_by_the_date_in_the_name_and_takes_a_file_dropped_later() {
    let st = TestStation::new();
    write_wav(
        &st.audio("cchc/ban-tin_2014-03-10.wav"),
        8_000,
        1,
        &pattern(8_000, 1, 1),
    );
    write_wav(
        &st.audio("cchc/ban-tin_2014-03-14.wav"),
        8_000,
        1,
        &pattern(8_000, 1, 2),
    );
    // Touched last (copied again, say), but dated older by its name.
    write_wav(
        &st.audio("cchc/ban-tin_07-03-2014.wav"),
        8_000,
        1,
        &pattern(8_000, 1, 3),
    );
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "cchc", "days": "hằng ngày", "at": "06:00",
            "program": [{"folder": "cchc", "pick": "newest"}]}]}"#,
    );
    let run = start(&st, morning(17) - chrono::Duration::minutes(1));
    run.run_until(morning(17) + chrono::Duration::minutes(1));
    run.stop();
    // The operator drops next week's bulletin; the schedule does not change.
    write_wav(
        &st.audio("cchc/ban-tin_2014-03-17.wav"),
        8_000,
        1,
        &pattern(8_000, 1, 4),
    );
    let run = start(&st, morning(18) - chrono::Duration::minutes(1));
    run.run_until(morning(18) + chrono::Duration::minutes(1));
    run.stop();
    assert_eq!(
        aired(&st),
        ["cchc/ban-tin_2014-03-14.wav", "cchc/ban-tin_2014-03-17.wav"]
    );
    // `plan` shows the pick it will make, in the operator's words.
    for (lang, word) in [("vi", "(mới nhất)"), ("en", "(newest)")] {
        let out = st
            .cmd()
            .env("LOAXA_LANG", lang)
            .args(["plan", "--from", "2014-03-18", "--days", "1"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("cchc/ban-tin_2014-03-17.wav")
                && said.contains(&format!("← cchc/ {word}\n")),
            "{said}"
        );
    }
}

/// Integrated loudness (LUFS) and true peak (dBTP) of a rendered WAV.
fn measure(path: &Path) -> (f64, f64) {
    let (spec, samples) = read_wav(path);
    let ch = spec.channels as u32;
    let mut m = ebur128::EbuR128::new(
        ch,
        spec.sample_rate,
        ebur128::Mode::I | ebur128::Mode::TRUE_PEAK,
    )
    .unwrap();
    m.add_frames_i16(&samples).unwrap();
    let peak = (0..ch)
        .map(|c| m.true_peak(c).unwrap())
        .fold(0f64, f64::max);
    (m.loudness_global().unwrap(), 20.0 * peak.log10())
}

#[test]
fn a_quiet_phone_recording_and_a_loud_advert_air_at_the_same_loudness() {
    let st = TestStation::new();
    // −29.7 LUFS, AAC in M4A, with two seconds of room noise first.
    st.copy_sample("cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a");
    // −10 LUFS, its true peak over 0 dBTP.
    let loud = st.audio("thong-bao-to.mp3");
    std::fs::copy(
        Path::new(common::REPO).join("tests/fixtures/thong-bao-to.mp3"),
        &loud,
    )
    .unwrap();
    backdate(&loud);
    st.schedule(
        "s.json",
        r#"{"slots": [
            {"id": "nho", "date": "17/03/2014", "at": "06:00", "program": ["cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a"]},
            {"id": "to", "date": "17/03/2014", "at": "07:00", "program": ["thong-bao-to.mp3"]}
        ]}"#,
    );
    let wav = st.path().join("ra");
    let out = st
        .cmd()
        .args([
            "simulate",
            "--from",
            "17/03/2014",
            "--to",
            "17/03/2014",
            "--output",
        ])
        .arg(format!("wav:{}", wav.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, list) = library(&st, &[]);
    let loudness = |f: &str| entry(&list, f)["loudness"].as_f64().unwrap();
    let quiet = loudness("cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a");
    let loud = loudness("thong-bao-to.mp3");
    assert!(
        (quiet - -30.0).abs() < 0.5 && (loud - -10.0).abs() < 0.5,
        "{quiet} {loud}"
    );
    let sim = std::fs::read_to_string(st.path().join("data/simulation-log.jsonl")).unwrap();
    let start = |slot: &str| {
        sim.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|r| r["event"] == "start" && r["slot"] == slot)
            .unwrap()
    };
    for file in ["2014-03-17_06-00-00_nho.wav", "2014-03-17_07-00-00_to.wav"] {
        let (lufs, peak) = measure(&wav.join(file));
        assert!((lufs - -16.0).abs() <= 1.0, "{file}: {lufs:.2} LUFS");
        assert!(peak <= -1.0 + 0.05, "{file}: true peak {peak:.2} dBTP");
    }
    // The log says what was done to each; the evidence stays the file as
    // dropped (its hash). The quiet one needed the limiter, and a little
    // more gain for what the limiter took.
    let nho = start("nho");
    let gain = nho["gain_db"].as_f64().unwrap();
    assert!(gain > -16.0 - quiet && gain < -16.0 - quiet + 2.0, "{gain}");
    assert!(nho["limited_db"].as_f64().unwrap() > 0.0);
    let to = start("to");
    assert!((to["gain_db"].as_f64().unwrap() - (-16.0 - loud)).abs() < 0.01);
    assert!(to.get("limited_db").is_none());
    assert_eq!(to["sha256"], entry(&list, "thong-bao-to.mp3")["sha256"],);
    // The phone's leading room noise is skipped, all but 0.2 s.
    let (_, samples) = read_wav(&wav.join("2014-03-17_06-00-00_nho.wav"));
    let info =
        loaxa::audio::probe(&st.audio("cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a")).unwrap();
    let skipped = info.duration - samples.len() as f64 / 2.0 / 48_000.0;
    assert!((1.5..2.1).contains(&skipped), "skipped {skipped:.2} s");
}

#[test]
fn titles_come_from_the_schedule_else_a_sidecar_else_the_tags() {
    let st = TestStation::example();
    // The example's Saturday summary airs every file of audio/cchc/.
    let out = st
        .cmd()
        .args(["simulate", "--from", "28/11/2026", "--to", "28/11/2026"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let sim = std::fs::read_to_string(st.path().join("data/simulation-log.jsonl")).unwrap();
    let starts: Vec<serde_json::Value> = sim
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["event"] == "start" && r["slot"] == "cchc-thu-bay")
        .collect();
    let said = |file: &str| {
        let r = starts.iter().find(|r| r["file"] == file).unwrap();
        (
            r["title"].as_str().unwrap_or("").to_string(),
            r["author"].as_str().unwrap_or("").to_string(),
            r["topic"].as_str().unwrap_or("").to_string(),
        )
    };
    // MP3 tags (ID3v2: title, artist, genre as the topic code).
    assert_eq!(
        said("cchc/ban-tin-mot-cua.mp3"),
        (
            "Bộ phận một cửa nhận hồ sơ cả sáng thứ Bảy".into(),
            "Tổ thông tin xã".into(),
            "mot-cua".into()
        )
    );
    // Vorbis comments, the genre written as the topic's words.
    assert_eq!(
        said("cchc/ban-tin-khai-sinh.ogg"),
        (
            "Đăng ký khai sinh giải quyết trong ngày".into(),
            "Tổ thông tin xã".into(),
            "thu-tuc-hanh-chinh".into()
        )
    );
    // A sidecar khao-sat-hai-long.json next to the FLAC.
    assert_eq!(
        said("cchc/khao-sat-hai-long.flac"),
        (
            "Mời bà con góp ý mức độ hài lòng".into(),
            "Văn phòng – Thống kê".into(),
            "chi-so-hai-long".into()
        )
    );
    // The schedule's own title wins (the jingle), else the file's name.
    assert_eq!(said("nhac-hieu.mp3").0, "Nhạc hiệu");
}

/// A WAV file whose `fmt ` and `data` chunks say whatever we like.
fn hostile_wav(path: &Path, rate: u32, channels: u16, bits: u16, data_len: u32) {
    let block = u32::from(channels) * u32::from(bits) / 8;
    let mut b = Vec::new();
    b.extend_from_slice(b"RIFF");
    b.extend_from_slice(&(36u32 + 9_600).to_le_bytes());
    b.extend_from_slice(b"WAVEfmt ");
    b.extend_from_slice(&16u32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&channels.to_le_bytes());
    b.extend_from_slice(&rate.to_le_bytes());
    b.extend_from_slice(&rate.wrapping_mul(block).to_le_bytes());
    b.extend_from_slice(&(block as u16).to_le_bytes());
    b.extend_from_slice(&bits.to_le_bytes());
    b.extend_from_slice(b"data");
    b.extend_from_slice(&data_len.to_le_bytes());
    b.extend(std::iter::repeat_n(0x11u8, 9_600));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, b).unwrap();
    backdate(path);
}

/// Every field a WAV header declares can hold any value: a rate of 0 or
/// of four billion, no channels or two hundred, 0 or 64 bits, a data chunk
/// of 4 GiB in a 10 kB file. Each is unusable with its reason; the good
/// file next to them is ready; nothing panics, hangs or allocates what
/// the header claims; and a program naming one airs the rest.
#[test]
fn a_header_may_declare_anything_and_is_checked_before_it_is_believed() {
    let st = TestStation::new();
    let hostile: &[(&str, u32, u16, u16, u32)] = &[
        ("rate-0.wav", 0, 1, 16, 9_600),
        ("rate-1.wav", 1, 1, 16, 9_600),
        ("rate-max.wav", u32::MAX, 1, 16, 9_600),
        ("rate-2g.wav", 2_000_000_000, 2, 16, 9_600),
        ("channels-0.wav", 48_000, 0, 16, 9_600),
        ("channels-200.wav", 48_000, 200, 16, 9_600),
        ("bits-0.wav", 48_000, 1, 0, 9_600),
        ("bits-64.wav", 48_000, 1, 64, 9_600),
        ("data-4g.wav", 48_000, 1, 16, u32::MAX),
    ];
    for (name, rate, channels, bits, data) in hostile {
        hostile_wav(&st.audio(name), *rate, *channels, *bits, *data);
    }
    write_wav(&st.audio("tot.wav"), 48_000, 1, &pattern(4_800, 1, 1));
    let out = st.cmd().args(["library", "--json"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let list: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entry(&list, "tot.wav")["state"], "ready", "{list:#?}");
    for (name, ..) in hostile {
        let e = entry(&list, name);
        // The oversized data chunk is only cut short: what is there airs.
        if *name == "data-4g.wav" {
            assert_ne!(e["state"], "arriving", "{e}");
            continue;
        }
        assert_eq!(e["state"], "unusable", "{name}: {e}");
        assert!(!e["reason"].as_str().unwrap_or("").is_empty(), "{e}");
    }

    // At air time: the item is logged with its reason, the program goes on.
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "sang", "date": "17/03/2014", "at": "06:00",
            "program": ["rate-0.wav", "rate-max.wav", "tot.wav"]}]}"#,
    );
    let run = start(&st, morning(17) - chrono::Duration::minutes(1));
    run.run_until(morning(17) + chrono::Duration::minutes(1));
    run.stop();
    assert_eq!(aired(&st), ["tot.wav"]);
    let (records, _) = loaxa::airlog::read(&st.log_path()).unwrap();
    let rows = loaxa::airlog::rows(&records);
    for name in ["rate-0.wav", "rate-max.wav"] {
        let row = rows.iter().find(|r| r.file == name).unwrap();
        assert_ne!(row.status, Some(loaxa::airlog::Status::Completed));
        assert!(
            row.reason
                .as_ref()
                .is_some_and(|r| !loaxa::i18n::render(r).is_empty()),
            "{row:?}"
        );
    }
}

/// A path in the drop folder can be anything: a link out of the folder (to
/// a recording, to a sidecar), a link loop, a link back up the tree, a
/// FIFO, a name that is not UTF-8. `library` and `check` finish, refuse
/// each with its reason, read nothing outside the folder, and agree with
/// the daemon, which does not air them.
#[test]
fn links_fifos_loops_and_odd_names_are_refused_everywhere_with_the_reason() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;
    let st = TestStation::new();
    let outside = tempfile::tempdir().unwrap();
    write_wav(
        &outside.path().join("mat.wav"),
        48_000,
        1,
        &pattern(4_800, 1, 9),
    );
    std::fs::write(
        outside.path().join("mat.json"),
        r#"{"title": "Tài liệu mật", "topic": "mot-cua"}"#,
    )
    .unwrap();
    write_wav(&st.audio("tot.wav"), 48_000, 1, &pattern(4_800, 1, 1));
    symlink(outside.path().join("mat.wav"), st.audio("ra-ngoai.wav")).unwrap();
    // A good recording whose sidecar is a link out.
    symlink(outside.path().join("mat.json"), st.audio("tot.json")).unwrap();
    // Links to folders: back up the tree, to itself, out of the tree.
    std::fs::create_dir_all(st.audio("cchc")).unwrap();
    symlink(st.audio(""), st.audio("cchc/vong")).unwrap();
    symlink("tu-no", st.audio("tu-no")).unwrap();
    symlink(outside.path(), st.audio("ngoai")).unwrap();
    symlink(st.audio("khong-co.wav"), st.audio("gay.wav")).unwrap();
    // A link inside the folder is fine.
    symlink(st.audio("tot.wav"), st.audio("cchc/ban-sao.wav")).unwrap();
    let fifo = std::ffi::CString::new(st.audio("ong.wav").as_os_str().as_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let odd = std::ffi::OsStr::from_bytes(b"ten-l\xff.wav");
    write_wav(&st.audio("").join(odd), 48_000, 1, &pattern(4_800, 1, 2));

    let out = st.cmd().args(["library", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entry(&list, "tot.wav")["state"], "ready");
    assert_eq!(entry(&list, "cchc/ban-sao.wav")["state"], "ready");
    for (file, why) in [
        ("ra-ngoai.wav", "outside the audio folder"),
        ("gay.wav", "no longer exists"),
        ("ong.wav", "not a regular file"),
        ("ten-l\u{fffd}.wav", "not readable text"),
    ] {
        let e = entry(&list, file);
        assert_eq!(e["state"], "unusable", "{e}");
        assert!(e["reason"].as_str().unwrap().contains(why), "{e}");
    }
    // Nothing was listed through the folder links (no loop, no phantoms).
    assert!(
        list.iter().all(|e| {
            let f = e["file"].as_str().unwrap();
            !f.starts_with("cchc/vong") && !f.starts_with("ngoai/") && !f.starts_with("tu-no/")
        }),
        "{list:#?}"
    );

    // check: the link out is an error for the slot that names it.
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "sang", "date": "17/03/2014", "at": "06:00",
            "program": ["ra-ngoai.wav", "tot.wav"]}]}"#,
    );
    let out = st.cmd().args(["check", "--days", "0"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("outside the audio folder"), "{said}");
    assert_eq!(out.status.code(), Some(1), "an error, not 0 errors: {said}");

    // The daemon airs the good file, titled by the schedule or its own
    // name, never by the sidecar from outside.
    let run = start(&st, morning(17) - chrono::Duration::minutes(1));
    run.run_until(morning(17) + chrono::Duration::minutes(1));
    run.stop();
    assert_eq!(aired(&st), ["tot.wav"]);
    let log = std::fs::read_to_string(st.log_path()).unwrap();
    assert!(!log.contains("Tài liệu mật"), "{log}");
    assert!(!log.contains(&outside.path().display().to_string()));
}

/// A copy that is not done when the grace window ends: that item is
/// skipped ("still being copied"), the ready items of the program air, and
/// nothing is logged missed.
#[test]
fn a_copy_unfinished_past_the_grace_window_skips_its_item_and_the_rest_airs() {
    let st = TestStation::new();
    write_wav(&st.audio("nhac-hieu.wav"), 48_000, 1, &pattern(4_800, 1, 1));
    let bytes = wav_bytes(48_000);
    let (_, date, time) = local_in(3);
    st.schedule(
        "s.json",
        &format!(
            r#"{{"slots": [{{"id": "tin", "date": "{date}", "at": "{time}", "grace": "2s", "program": ["nhac-hieu.wav", "bai.wav"]}}]}}"#
        ),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    // A copy stuck half-way: its time says it is still being written (a
    // clock an hour ahead on the machine that copies it).
    std::fs::write(st.audio("bai.wav"), &bytes[..bytes.len() / 3]).unwrap();
    let f = std::fs::File::options()
        .append(true)
        .open(st.audio("bai.wav"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
    d.wait_for(
        "waiting for bai.wav to finish copying",
        Duration::from_secs(30),
    );
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let start = recs
        .iter()
        .find(|r| r["event"] == "start" && r["file"] == "nhac-hieu.wav")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    let end = recs
        .iter()
        .find(|r| r["event"] == "end" && r["id"] == start["id"])
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert_eq!(end["status"], "completed");
    let skipped = recs
        .iter()
        .find(|r| r["event"] == "not_aired" && r["file"] == "bai.wav")
        .unwrap_or_else(|| panic!("{recs:#?}"));
    assert_eq!(skipped["status"], "skipped");
    assert!(
        skipped["reason"]
            .as_str()
            .unwrap()
            .contains("still being copied"),
        "{skipped}"
    );
    assert!(recs.iter().all(|r| r["status"] != "missed"), "{recs:#?}");
}

/// A minute of digital silence and a whisper far below what levelling can
/// raise both play, so they are "ready" — with a warning each in `library`
/// and `check`, saying what the loudspeakers would air and what to do.
#[test]
fn silent_and_far_too_quiet_recordings_are_warned_of() {
    let st = TestStation::new();
    write_wav(&st.audio("im-lang.wav"), 8_000, 1, &vec![0; 8_000 * 60]);
    // About −50 dBFS: some 35 LU under −16 LUFS, past the +24 dB cap.
    let whisper: Vec<i16> = pattern(8_000 * 5, 1, 4).iter().map(|s| s / 100).collect();
    write_wav(&st.audio("thi-tham.wav"), 8_000, 1, &whisper);
    write_wav(&st.audio("tot.wav"), 8_000, 1, &pattern(8_000 * 5, 1, 1));
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00",
            "program": ["im-lang.wav", "thi-tham.wav", "tot.wav"]}]}"#,
    );
    let (_, list) = library(&st, &[]);
    let silent = entry(&list, "im-lang.wav");
    assert_eq!(silent["state"], "ready");
    assert!(
        silent["reason"]
            .as_str()
            .unwrap()
            .contains("mostly silence"),
        "{silent}"
    );
    let quiet = entry(&list, "thi-tham.wav");
    assert!(
        quiet["reason"].as_str().unwrap().contains("too quiet"),
        "{quiet}"
    );
    assert!(entry(&list, "tot.wav")["reason"].is_null());
    let out = st.cmd().arg("check").output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("\"im-lang.wav\": mostly silence"), "{said}");
    assert!(said.contains("\"thi-tham.wav\": too quiet"), "{said}");
    assert!(said.contains("0 errors, 2 warnings"), "{said}");
}

/// Copies cut short, by the container's own length where it has one (WAV's
/// data size, FLAC's sample count, an MP3's LAME/Xing frame count) and by
/// the stream's end where it has not (an Ogg file's last page lacks its
/// end-of-stream mark): unusable, "cut short", whatever the format — and
/// the whole files next to them ready.
#[test]
fn copies_cut_short_are_found_in_every_format() {
    let st = TestStation::new();
    let repo = Path::new(common::REPO);
    let whole = [
        ("ogg", repo.join("audio/cchc/ban-tin-khai-sinh.ogg")),
        ("flac", repo.join("audio/cchc/khao-sat-hai-long.flac")),
        ("mp3", repo.join("audio/cchc/ban-tin-mot-cua.mp3")),
    ];
    for (ext, path) in &whole {
        let bytes = std::fs::read(path).unwrap();
        std::fs::write(st.audio(&format!("nguyen.{ext}")), &bytes).unwrap();
        // Cut at 90 %: a copy stopped near its end.
        std::fs::write(
            st.audio(&format!("cat.{ext}")),
            &bytes[..bytes.len() * 9 / 10],
        )
        .unwrap();
        backdate(&st.audio(&format!("nguyen.{ext}")));
        backdate(&st.audio(&format!("cat.{ext}")));
    }
    // An MP3 with no frame count of its own, cut to a third.
    let bytes = std::fs::read(repo.join("tests/fixtures/khong-xing.mp3")).unwrap();
    std::fs::write(st.audio("khong-xing.mp3"), &bytes).unwrap();
    // (A third, plus a few bytes: a cut between two frames is undetectable.)
    std::fs::write(
        st.audio("cat-khong-xing.mp3"),
        &bytes[..bytes.len() / 3 + 7],
    )
    .unwrap();
    backdate(&st.audio("khong-xing.mp3"));
    backdate(&st.audio("cat-khong-xing.mp3"));
    // A WAV short by a tenth of a second of its declared 2 s.
    let wav = wav_bytes(96_000);
    std::fs::write(st.audio("cat.wav"), &wav[..wav.len() - 2 * 4_800]).unwrap();
    backdate(&st.audio("cat.wav"));
    let (_, list) = library(&st, &[]);
    assert_eq!(entry(&list, "khong-xing.mp3")["state"], "ready");
    for name in [
        "cat.ogg",
        "cat.flac",
        "cat.mp3",
        "cat.wav",
        "cat-khong-xing.mp3",
    ] {
        let cut = entry(&list, name);
        assert_eq!(cut["state"], "unusable", "{cut}");
        assert!(
            cut["reason"].as_str().unwrap().contains("cut short"),
            "{cut}"
        );
    }
    for ext in ["ogg", "flac", "mp3"] {
        assert_eq!(entry(&list, &format!("nguyen.{ext}"))["state"], "ready");
    }
}
