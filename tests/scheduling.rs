//! Scheduling a station can trust, on simulated time: priorities and
//! emergencies, holidays, missed and late airings, restarts and outages,
//! clock steps, reloads. Each test runs the real daemon on a virtual clock
//! (hours pass in milliseconds) against a station folder in a temp dir, and
//! checks the airing log it writes.

mod common;

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use loaxa::airlog::{self, AiringRow, Status};
use loaxa::audio::OutputSpec;
use loaxa::daemon::{Input, Mode};
use loaxa::sim::Run;
use loaxa::station::Station;

use common::{TestStation, pattern, write_wav};

const VN: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// 17/03/2014 (a Monday), station time.
fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    on(17, h, m, s)
}

fn on(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    VN.from_local_datetime(
        &NaiveDate::from_ymd_opt(2014, 3, day)
            .unwrap()
            .and_hms_opt(h, m, s)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

/// A station with WAV files of the given lengths (seconds) in audio/.
fn station_with(files: &[(&str, u32)], schedule: &str) -> TestStation {
    let st = TestStation::new();
    for (name, secs) in files {
        // 1 kHz sample rate keeps the files small; lengths are what matter.
        write_wav(
            &st.audio(name),
            8_000,
            1,
            &pattern(*secs as usize * 8_000, 1, 1),
        );
    }
    st.schedule("s.json", schedule);
    st
}

fn open(st: &TestStation) -> Station {
    Station::open(st.path()).unwrap()
}

fn start(st: &TestStation, t: DateTime<Utc>) -> Run {
    Run::start(open(st), OutputSpec::Null, Mode::Station, t).unwrap()
}

fn rows(st: &TestStation) -> Vec<AiringRow> {
    let (records, bad) = airlog::read(&st.log_path()).unwrap();
    assert!(bad.is_empty());
    airlog::rows(&records)
}

fn hms(t: Option<DateTime<chrono::FixedOffset>>) -> String {
    t.map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_else(|| "-".into())
}

/// Each row as "slot file status start-end".
fn brief(rows: &[AiringRow]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            format!(
                "{} {} {} {}-{}",
                r.slot,
                r.file,
                r.status.map(Status::en).unwrap_or("on_air"),
                hms(r.started),
                hms(r.ended)
            )
        })
        .collect()
}

fn find<'a>(rows: &'a [AiringRow], slot: &str, file: &str) -> &'a AiringRow {
    rows.iter()
        .find(|r| r.slot == slot && r.file == file)
        .unwrap_or_else(|| panic!("no row {slot} {file} in {:#?}", brief(rows)))
}

#[test]
fn an_emergency_cuts_the_item_on_air_and_the_program_resumes() {
    let st = station_with(
        &[("a.wav", 10), ("b.wav", 5), ("bao.wav", 3)],
        r#"{"slots": [
            {"id": "sang", "date": "17/03/2014", "at": "06:00:00", "program": ["a.wav", "b.wav"]},
            {"id": "bao", "date": "17/03/2014", "at": "06:00:04", "priority": "khẩn cấp", "program": ["bao.wav"]}
        ]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 1, 0));
    run.stop();
    let rows = rows(&st);
    assert_eq!(
        brief(&rows),
        [
            "sang a.wav interrupted 06:00:00-06:00:04",
            "sang b.wav completed 06:00:07-06:00:12",
            "bao bao.wav completed 06:00:04-06:00:07",
        ]
    );
    let a = find(&rows, "sang", "a.wav");
    assert_eq!(
        a.reason.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("cut by the emergency program \"bao\" (schedules/s.json)")
    );
    assert_eq!(a.played, Some(4.0));
    let b = find(&rows, "sang", "b.wav");
    assert_eq!(
        b.note.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("resumed after the emergency program \"bao\" (schedules/s.json)")
    );
    assert_eq!(
        find(&rows, "bao", "bao.wav").priority.as_deref(),
        Some("khẩn cấp")
    );
}

#[test]
fn a_long_emergency_leaves_the_rest_of_the_program_missed() {
    let st = station_with(
        &[("a.wav", 10), ("b.wav", 5), ("bao.wav", 120)],
        r#"{"slots": [
            {"id": "sang", "date": "17/03/2014", "at": "06:00:00", "grace": "1m", "program": ["a.wav", "b.wav"]},
            {"id": "bao", "date": "17/03/2014", "at": "06:00:04", "priority": "emergency", "program": ["bao.wav"]}
        ]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 5, 0));
    run.stop();
    let rows = rows(&st);
    let b = find(&rows, "sang", "b.wav");
    assert_eq!(b.status, Some(Status::Missed));
    assert_eq!(
        b.reason.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("not resumed: the emergency lasted longer than its grace window")
    );
}

#[test]
fn two_priority_programs_go_ahead_in_turn_after_the_item_on_air() {
    let st = station_with(
        &[("a.wav", 10), ("b.wav", 10), ("x.wav", 2), ("y.wav", 2)],
        r#"{"slots": [
            {"id": "thuong", "date": "17/03/2014", "at": "06:00:00", "program": ["a.wav", "b.wav"]},
            {"id": "p1", "date": "17/03/2014", "at": "06:00:02", "priority": "ưu tiên", "program": ["x.wav"]},
            {"id": "p2", "date": "17/03/2014", "at": "06:00:03", "priority": "ưu tiên", "program": ["y.wav"]}
        ]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 1, 0));
    run.stop();
    let rows = rows(&st);
    assert_eq!(
        brief(&rows),
        [
            "thuong a.wav completed 06:00:00-06:00:10",
            "thuong b.wav completed 06:00:14-06:00:24",
            "p1 x.wav completed 06:00:10-06:00:12",
            "p2 y.wav completed 06:00:12-06:00:14",
        ]
    );
    let x = find(&rows, "p1", "x.wav");
    assert_eq!(
        x.note.as_ref().map(loaxa::i18n::render).as_deref(),
        Some(
            "went ahead of slot \"thuong\" (schedules/s.json), whose remaining items follow (ưu tiên)"
        )
    );
}

#[test]
fn holidays_are_skipped() {
    let st = station_with(
        &[("a.wav", 2)],
        r#"{"skip": ["30/04"], "slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": ["a.wav"]}]}"#,
    );
    std::fs::write(
        st.path().join("loaxa.toml"),
        "timezone = \"Asia/Ho_Chi_Minh\"\nskip = [\"02/05\"]\n",
    )
    .unwrap();
    let run = Run::start(
        open(&st),
        OutputSpec::Null,
        Mode::Station,
        VN.with_ymd_and_hms(2014, 4, 29, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    )
    .unwrap();
    run.run_until(
        VN.with_ymd_and_hms(2014, 5, 4, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
    );
    run.stop();
    let days: Vec<String> = rows(&st)
        .iter()
        .map(|r| r.scheduled.format("%d/%m").to_string())
        .collect();
    // 30/04 skipped by the schedule, 02/05 by the station.
    assert_eq!(days, ["29/04", "01/05", "03/05"]);
}

#[test]
fn a_restart_in_the_middle_of_a_program_closes_it_and_repeats_nothing() {
    let st = station_with(
        &[("a.wav", 60), ("b.wav", 30)],
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": ["a.wav", "b.wav"]}]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 0, 30));
    // The PC loses power in the middle of a.wav…
    run.kill();
    // …and is back a minute later.
    let run = start(&st, at(6, 1, 30));
    run.run_until(at(6, 10, 0));
    run.stop();
    let rows = rows(&st);
    assert_eq!(
        brief(&rows),
        ["sang a.wav interrupted 06:00:00--", "sang b.wav missed ---",]
    );
    assert!(
        find(&rows, "sang", "a.wav")
            .reason
            .as_ref()
            .map(loaxa::i18n::render)
            .as_deref()
            .unwrap()
            .starts_with("daemon stopped while this segment was on air")
    );
    assert_eq!(
        find(&rows, "sang", "b.wav")
            .reason
            .as_ref()
            .map(loaxa::i18n::render)
            .as_deref(),
        Some("loaxa stopped during this program")
    );
}

#[test]
fn after_a_two_hour_outage_what_was_missed_is_logged_and_the_due_airing_plays_late() {
    let st = station_with(
        &[("a.wav", 5)],
        r#"{"slots": [
            {"id": "t", "cron": "0 0/30 * * * *", "program": ["a.wav"]},
            {"id": "sat-gio", "date": "17/03/2014", "at": "09:57:00", "program": ["a.wav"]}
        ]}"#,
    );
    let run = start(&st, at(7, 55, 0));
    run.run_until(at(8, 10, 0));
    run.kill();
    let run = start(&st, at(10, 0, 0));
    run.run_until(at(10, 40, 0));
    run.stop();
    let rows = rows(&st);
    let line: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r.scheduled.format("%H:%M"),
                r.status.map(Status::en).unwrap_or("on_air"),
                hms(r.started)
            )
        })
        .collect();
    assert_eq!(
        line,
        [
            "08:00 completed 08:00:00",
            "08:30 missed -",
            "09:00 missed -",
            "09:30 missed -",
            "09:57 completed 10:00:00",
            "10:00 completed 10:00:05",
            "10:30 completed 10:30:00",
        ]
    );
    let missed = rows
        .iter()
        .find(|r| r.status == Some(Status::Missed))
        .unwrap();
    assert!(
        // The last sign of life in the log: the end of the 08:00 airing.
        missed.reason.as_ref().map(loaxa::i18n::render).as_deref().unwrap().starts_with(
            "loaxa was not running (or the PC was off) from 2014-03-17T08:00:05.001+07:00 to 2014-03-17T10:00:00.000+07:00"
        ),
        "{:?}",
        missed.reason
    );
    // The one within its grace window plays late, and says so.
    let late = rows.iter().find(|r| r.slot == "sat-gio").unwrap();
    assert_eq!(
        late.note.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("started 180.0 s late")
    );
}

#[test]
fn a_clock_stepped_forward_an_hour_misses_the_stale_airings_without_a_burst() {
    let st = station_with(
        &[("a.wav", 5)],
        r#"{"slots": [{"id": "q", "cron": "0 0/15 * * * *", "program": ["a.wav"]}]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 5, 0));
    run.step_clock(chrono::Duration::hours(1));
    run.run_until(at(7, 20, 0));
    run.stop();
    let rows = rows(&st);
    let line: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.scheduled.format("%H:%M"),
                r.status.map(Status::en).unwrap_or("on_air")
            )
        })
        .collect();
    assert_eq!(
        line,
        [
            "06:00 completed",
            "06:15 missed",
            "06:30 missed",
            "06:45 missed",
            "07:00 completed",
            "07:15 completed",
        ]
    );
    let missed = rows
        .iter()
        .find(|r| r.status == Some(Status::Missed))
        .unwrap();
    assert!(
        missed
            .reason
            .as_ref()
            .map(loaxa::i18n::render)
            .as_deref()
            .unwrap()
            .starts_with("the clock jumped forward from 2014-03-17T06:05:00"),
        "{:?}",
        missed.reason
    );
    // Only the airing within its grace window played, once, late.
    let seven = rows
        .iter()
        .find(|r| r.scheduled.format("%H:%M").to_string() == "07:00")
        .unwrap();
    assert_eq!(hms(seven.started), "07:05:00");
}

#[test]
fn a_clock_stepped_back_ten_minutes_repeats_nothing() {
    let st = station_with(
        &[("a.wav", 5)],
        r#"{"slots": [{"id": "q", "cron": "0 0/15 * * * *", "program": ["a.wav"]}]}"#,
    );
    let run = start(&st, at(6, 10, 0));
    run.run_until(at(6, 20, 0));
    run.step_clock(chrono::Duration::minutes(-10));
    // The wall clock now reads 06:10 again: 06:15 must not air a second time.
    run.run_until(at(6, 40, 0));
    run.stop();
    let line: Vec<String> = rows(&st)
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r.scheduled.format("%H:%M"),
                r.status.map(Status::en).unwrap_or("on_air")
            )
        })
        .collect();
    assert_eq!(line, ["06:15 completed", "06:30 completed"]);
}

#[test]
fn a_normal_program_held_off_the_air_past_its_grace_is_missed() {
    let st = station_with(
        &[("dai.wav", 600), ("a.wav", 5)],
        r#"{"slots": [
            {"id": "dai", "date": "17/03/2014", "at": "06:00", "program": ["dai.wav"]},
            {"id": "sau", "date": "17/03/2014", "at": "06:01", "program": ["a.wav"]}
        ]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 15, 0));
    run.stop();
    let rows = rows(&st);
    let sau = find(&rows, "sau", "a.wav");
    assert_eq!(sau.status, Some(Status::Missed));
    assert_eq!(
        sau.reason.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("another program was on air past its grace window")
    );
}

#[test]
fn a_schedule_saved_broken_keeps_the_last_good_one_and_a_fixed_one_takes_over() {
    let good =
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": ["a.wav"]}]}"#;
    let st = station_with(&[("a.wav", 5), ("b.wav", 5)], good);
    let run = start(&st, at(5, 50, 0));
    run.run_until(at(5, 55, 0));
    // The operator saves the file half-edited: invalid JSON.
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:30" "#,
    );
    run.input(Input::Reload);
    run.run_until(at(6, 10, 0));
    // Fixed: from now on 06:30 with b.wav.
    st.schedule(
        "s.json",
        r#"{"slots": [{"id": "chieu", "days": "hằng ngày", "at": "06:30", "program": ["b.wav"]}]}"#,
    );
    run.input(Input::Reload);
    run.run_until(at(6, 40, 0));
    run.stop();
    assert_eq!(
        brief(&rows(&st)),
        [
            "sang a.wav completed 06:00:00-06:00:05",
            "chieu b.wav completed 06:30:00-06:30:05",
        ]
    );
}

#[test]
fn an_emergency_file_and_a_play_command_air_at_once() {
    let st = station_with(
        &[
            ("a.wav", 30),
            ("khan-cap/bao-lu.wav", 4),
            ("thong-bao.wav", 3),
        ],
        r#"{"slots": [{"id": "sang", "date": "17/03/2014", "at": "06:00:00", "program": ["a.wav"]}]}"#,
    );
    let run = start(&st, at(5, 59, 0));
    run.run_until(at(6, 0, 10));
    run.input(Input::Emergency {
        file: "khan-cap/bao-lu.wav".into(),
    });
    run.run_until(at(6, 2, 0));
    let (tx, rx) = tokio::sync::oneshot::channel();
    run.input(Input::Play {
        files: vec!["thong-bao.wav".into()],
        priority: loaxa::schedule::Priority::Priority,
        reply: tx,
    });
    run.run_until(at(6, 3, 0));
    let reply = rx.blocking_recv().unwrap();
    assert_eq!(reply, Ok("1 file(s) sent to air now (ưu tiên)".to_string()));
    // Outside audio/: refused with the reason.
    let (tx, rx) = tokio::sync::oneshot::channel();
    run.input(Input::Play {
        files: vec!["../etc/passwd".into()],
        priority: loaxa::schedule::Priority::Emergency,
        reply: tx,
    });
    run.run_until(at(6, 3, 1));
    assert!(
        rx.blocking_recv()
            .unwrap()
            .unwrap_err()
            .contains("would leave the audio/ folder")
    );
    run.stop();
    let rows = rows(&st);
    assert_eq!(
        brief(&rows),
        [
            "sang a.wav interrupted 06:00:00-06:00:10",
            "khan-cap/bao-lu.wav khan-cap/bao-lu.wav completed 06:00:10-06:00:14",
            "thong-bao.wav thong-bao.wav completed 06:02:00-06:02:03",
        ]
    );
    let a = find(&rows, "sang", "a.wav");
    assert_eq!(
        a.reason.as_ref().map(loaxa::i18n::render).as_deref(),
        Some("cut by the emergency program \"khan-cap/bao-lu.wav\" (audio/khan-cap)")
    );
    assert!(Path::new(&st.log_path()).exists());
}

/// loaxa installed at 06:05:01, just past the 06:00 program's 5-minute
/// grace: that program was never expected of it — neither at this first
/// start nor at the next one, whose look back reaches 06:00 again.
#[test]
fn programs_from_before_the_log_existed_are_never_missed() {
    let st = station_with(
        &[("a.wav", 10)],
        r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": ["a.wav"]},
                      {"id": "sau", "days": "hằng ngày", "at": "06:10", "program": ["a.wav"]}]}"#,
    );
    let run = start(&st, at(6, 5, 1));
    run.run_until(at(6, 5, 2));
    run.stop();
    let run = start(&st, at(6, 5, 10));
    run.run_until(at(6, 11, 0));
    run.stop();
    let rows = rows(&st);
    assert_eq!(brief(&rows), ["sau a.wav completed 06:10:00-06:10:10"]);
}

/// Settling runs on the simulation's clock: a recording copied a moment
/// before a simulation began (of a day years before it was made) is still
/// arriving for its first seconds, so a program due at once waits for it,
/// then airs all of it (analysed on simulated time), late, with no
/// "missed"; one copied long before airs at once.
#[test]
fn a_simulation_settles_files_on_its_own_clock() {
    let st = TestStation::new();
    let (rate, secs) = (8_000u32, 2usize);
    write_wav(&st.audio("cu.wav"), rate, 1, &pattern(secs * 8_000, 1, 1));
    // Written just now: not backdated.
    let path = st.audio("moi.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    for s in pattern(secs * 8_000, 1, 2) {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
    st.schedule(
        "s.json",
        r#"{"slots": [
            {"id": "cu", "date": "17/03/2014", "at": "06:00:00", "program": ["cu.wav"]},
            {"id": "moi", "date": "17/03/2014", "at": "06:00:10", "program": ["moi.wav"]}
        ]}"#,
    );
    let run = start(&st, at(6, 0, 9));
    run.run_until(at(6, 1, 0));
    run.stop();
    let rows = rows(&st);
    let find = |slot: &str| rows.iter().find(|r| r.slot == slot).unwrap();
    let moi = find("moi");
    assert_eq!(moi.status, Some(Status::Completed), "{rows:#?}");
    assert_eq!(moi.played, Some(2.0));
    assert!(moi.sha256.is_some(), "analysed on simulated time");
    let late = moi.started.unwrap().with_timezone(&Utc) - at(6, 0, 10);
    assert!(
        late > chrono::Duration::zero(),
        "waited for the copy: {moi:?}"
    );
    assert!(
        moi.note
            .as_ref()
            .map(loaxa::i18n::render)
            .as_deref()
            .is_some_and(|n| n.contains("late")),
        "{moi:?}"
    );
    let cu = find("cu");
    assert_eq!(cu.status, Some(Status::Completed), "{rows:#?}");
    assert_eq!(
        hms(cu.started),
        "06:00:09",
        "an old recording airs at once (late, in its grace)"
    );
    assert!(
        rows.iter().all(|r| r.status != Some(Status::Missed)),
        "{rows:#?}"
    );
}
