//! The decision rules as tables: a station, a memory, a time, and what
//! the rules must decide.

use super::*;
use crate::Msg;
use crate::schedule::parse;
use crate::topics::TopicList;
use chrono::{NaiveDate, TimeZone};
use chrono_tz::Tz;

const VN: Tz = chrono_tz::Asia::Ho_Chi_Minh;

fn sched(json: &str) -> Vec<Arc<Schedule>> {
    let p = parse("s.json", json, &TopicList::default());
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    vec![Arc::new(p.schedule.unwrap())]
}

/// 17/03/2014 at h:m:s, station time.
fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    VN.from_local_datetime(
        &NaiveDate::from_ymd_opt(2014, 3, 17)
            .unwrap()
            .and_hms_opt(h, m, s)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

const TERMS: Terms = Terms {
    preroll: Duration::seconds(2),
    grace: Duration::minutes(5),
};

/// Two programs: 06:00 (station grace, 5 min) and 07:00 (grace 1 min).
fn station() -> Vec<Arc<Schedule>> {
    sched(
        r#"{"slots": [
            {"id": "sang", "date": "17/03/2014", "at": "06:00", "program": ["a.wav", "b.wav"]},
            {"id": "bay", "date": "17/03/2014", "at": "07:00", "grace": "1m", "program": ["c.wav"]}
        ]}"#,
    )
}

fn mem(started: DateTime<Utc>, last_alive: Option<DateTime<Utc>>) -> Memory {
    // A log begun long before: everything since was expected.
    Memory::new(
        HashSet::new(),
        started,
        std::time::Duration::ZERO,
        last_alive,
        Some(t(0, 0, 0) - Duration::days(30)),
        None,
    )
}

fn decided(m: &Memory, now: DateTime<Utc>) -> Vec<(String, Decision)> {
    due(&station(), &Calendar::new(VN), m, &TERMS, now)
        .into_iter()
        .map(|(a, d)| (a.slot().id.clone(), d))
        .collect()
}

fn air() -> Decision {
    Decision::Air { waited: false }
}

/// What is decided, named, with the memory and the time.
type Case = (
    &'static str,
    Memory,
    DateTime<Utc>,
    Vec<(&'static str, Decision)>,
);

#[test]
fn due_table() {
    let cases: Vec<Case> = vec![
        ("nothing yet", mem(t(5, 0, 0), None), t(5, 59, 57), vec![]),
        (
            "on time (preroll)",
            mem(t(5, 0, 0), None),
            t(5, 59, 58),
            vec![("sang", air())],
        ),
        (
            "late within grace",
            mem(t(5, 0, 0), None),
            t(6, 4, 59),
            vec![("sang", air())],
        ),
        (
            "missed after grace, while running",
            mem(t(5, 0, 0), None),
            t(6, 5, 1),
            vec![("sang", Decision::Missed(Missed::Grace))],
        ),
        (
            "slot's own grace (1 min), within",
            mem(t(5, 0, 0), None),
            t(7, 0, 59),
            vec![("sang", Decision::Missed(Missed::Grace)), ("bay", air())],
        ),
        (
            "slot's own grace (1 min), past",
            mem(t(5, 0, 0), None),
            t(7, 1, 1),
            vec![
                ("sang", Decision::Missed(Missed::Grace)),
                ("bay", Decision::Missed(Missed::Grace)),
            ],
        ),
        (
            "started after both, last seen before",
            mem(t(8, 0, 0), Some(t(5, 30, 0))),
            t(8, 0, 0),
            vec![
                (
                    "sang",
                    Decision::Missed(Missed::NotRunning {
                        from: Some(t(5, 30, 0)),
                        to: t(8, 0, 0),
                    }),
                ),
                (
                    "bay",
                    Decision::Missed(Missed::NotRunning {
                        from: Some(t(5, 30, 0)),
                        to: t(8, 0, 0),
                    }),
                ),
            ],
        ),
        (
            "restart within the grace: airs late",
            mem(t(6, 3, 0), Some(t(5, 59, 0))),
            t(6, 3, 0),
            vec![("sang", air())],
        ),
    ];
    for (what, m, now, want) in cases {
        let want: Vec<(String, Decision)> =
            want.into_iter().map(|(s, d)| (s.to_string(), d)).collect();
        assert_eq!(decided(&m, now), want, "{what}");
    }
}

#[test]
fn before_the_log_began_nothing_was_expected() {
    // The log began at 06:01, loaxa ran until 06:02, and starts again at 08:00.
    let mut m = mem(t(8, 0, 0), Some(t(6, 2, 0)));
    m.born = Some(t(6, 1, 0));
    assert_eq!(
        decided(&m, t(8, 0, 0)),
        [
            ("sang".to_string(), Decision::BeforeLog),
            (
                "bay".to_string(),
                Decision::Missed(Missed::NotRunning {
                    from: Some(t(6, 2, 0)),
                    to: t(8, 0, 0)
                })
            )
        ]
    );
    // A first start ever (no log at all) looks back only the longest grace:
    // within its own, a program airs late; past it, nothing was expected.
    let mut m = mem(t(7, 2, 0), None);
    m.born = None;
    assert_eq!(
        decided(&m, t(7, 2, 0)),
        [("bay".to_string(), Decision::BeforeLog)]
    );
    let mut m = mem(t(6, 3, 0), None);
    m.born = None;
    assert_eq!(decided(&m, t(6, 3, 0)), [("sang".to_string(), air())]);
}

#[test]
fn on_time_and_late_start_at_their_time() {
    let m = mem(t(5, 0, 0), None);
    for now in [t(5, 59, 58), t(6, 0, 0), t(6, 4, 0)] {
        let (a, _) = due(&station(), &Calendar::new(VN), &m, &TERMS, now).remove(0);
        assert_eq!(
            look(&a, &m, &TERMS, false, now),
            Decision::Start { from: t(6, 0, 0) }
        );
    }
}

#[test]
fn a_clock_jumped_forward_misses_what_it_jumped_over() {
    let mut m = mem(t(5, 0, 0), None);
    assert_eq!(
        m.clock_read(t(5, 50, 0), std::time::Duration::from_secs(50 * 60)),
        None
    );
    // 5 minutes later by the monotonic clock, the wall clock reads 06:30.
    let jump = m.clock_read(t(6, 30, 0), std::time::Duration::from_secs(55 * 60));
    assert_eq!(
        jump,
        Some(Jump::Forward {
            from: t(5, 55, 0),
            to: t(6, 30, 0)
        })
    );
    assert_eq!(
        decided(&m, t(6, 30, 0)),
        [(
            "sang".to_string(),
            Decision::Missed(Missed::ClockJump {
                from: t(5, 55, 0),
                to: t(6, 30, 0)
            })
        )]
    );
    // Drift is not a jump.
    let small = m.clock_read(t(6, 30, 2), std::time::Duration::from_secs(55 * 60 + 1));
    assert_eq!(small, None);
}

#[test]
fn a_clock_jumped_back_never_airs_a_program_again() {
    let mut m = mem(t(5, 0, 0), None);
    let now = t(6, 0, 0);
    for (a, d) in due(&station(), &Calendar::new(VN), &m, &TERMS, now) {
        assert_eq!(d, air());
        let d = look(&a, &m, &TERMS, false, now);
        m.apply(&a.key(), &d);
    }
    m.turned(now);
    let _ = m.clock_read(now, std::time::Duration::from_secs(3600));
    // Back to 05:59:59: 06:00 comes again, and is not due again.
    let jump = m.clock_read(t(5, 59, 59), std::time::Duration::from_secs(3610));
    assert_eq!(
        jump,
        Some(Jump::Back {
            from: t(6, 0, 10),
            to: t(5, 59, 59)
        })
    );
    assert_eq!(decided(&m, t(5, 59, 59)), []);
    assert_eq!(decided(&m, t(6, 0, 0)), []);
    // The next one is what comes next.
    let (wake, next) = super::next(
        &station(),
        &Calendar::new(VN),
        &m,
        TERMS.preroll,
        t(5, 59, 59),
    );
    assert_eq!(next.map(|a| a.slot().id.clone()), Some("bay".to_string()));
    assert_eq!(wake, t(6, 59, 58));
}

#[test]
fn a_copy_is_waited_for_within_the_grace_then_the_program_airs_late() {
    let mut m = mem(t(5, 0, 0), None);
    let cal = Calendar::new(VN);
    let steps = [
        // (now, a file still copying, what is decided)
        (t(6, 0, 0), true, Decision::Wait { announce: true }),
        (t(6, 2, 0), true, Decision::Wait { announce: false }),
        // Past its grace: not missed, it waited; it starts now with what is ready.
        (t(6, 6, 0), true, Decision::Start { from: t(6, 6, 0) }),
    ];
    for (now, copying, want) in steps {
        let mut found = due(&station(), &cal, &m, &TERMS, now);
        assert_eq!(found.len(), 1, "{now}");
        let (a, d) = found.remove(0);
        let waited = m.waiting.contains(&a.key());
        assert_eq!(d, Decision::Air { waited }, "{now}");
        let d = look(&a, &m, &TERMS, copying, now);
        assert_eq!(d, want, "{now}");
        m.apply(&a.key(), &d);
        m.turned(now);
    }
    assert!(m.waiting.is_empty());
    assert_eq!(decided(&m, t(6, 7, 0)), []);
    // A copy that finishes in time: the program starts at its time.
    let mut m = mem(t(5, 0, 0), None);
    let (a, _) = due(&station(), &cal, &m, &TERMS, t(6, 0, 0)).remove(0);
    let d = look(&a, &m, &TERMS, true, t(6, 0, 0));
    m.apply(&a.key(), &d);
    assert_eq!(
        look(&a, &m, &TERMS, false, t(6, 0, 3)),
        Decision::Start { from: t(6, 0, 0) }
    );
}

#[test]
fn a_simulation_decides_only_within_its_window() {
    let mut m = mem(t(5, 0, 0), None);
    m.window = Some((t(6, 30, 0), t(8, 0, 0)));
    assert_eq!(decided(&m, t(6, 20, 0)), []);
    assert_eq!(decided(&m, t(7, 0, 0)), [("bay".to_string(), air())]);
}

fn info(slot: &str, index: usize) -> SegmentInfo {
    SegmentInfo {
        id: format!("x/s.json/{slot}/{index}"),
        schedule: "s.json".into(),
        slot: slot.into(),
        scheduled: String::new(),
        index,
        file: format!("{slot}-{index}.wav"),
        sha256: None,
        title: None,
        topic: None,
        author: None,
        duration: Some(10.0),
        output: "null".into(),
        priority: None,
        gain_db: None,
        limited_db: None,
        trimmed: None,
        text_sha256: None,
        engine: None,
        voice: None,
        simulated: false,
        relay: None,
    }
}

fn program(slot: &str, items: usize, at: DateTime<Utc>, rank: u8) -> Program {
    Program::new((0..items).map(|i| info(slot, i)).collect(), at, rank).unwrap()
}

#[test]
fn an_emergency_pre_empts_and_the_cut_program_resumes_or_is_missed() {
    let mut on_air = HashMap::new();
    on_air.insert(1, program("sang", 2, t(6, 0, 0), 0));
    on_air.insert(2, program("bao", 1, t(6, 0, 4), 2));
    let p = on_air.get_mut(&1).unwrap();
    assert_eq!(
        start_note(&HashMap::from([(1, p.clone())]), 1, 0, t(6, 0, 0)),
        None
    );
    p.began(0, t(6, 0, 0));
    // The emergency cuts in: it went ahead of the program on air.
    assert_eq!(
        start_note(&on_air, 2, 0, t(6, 0, 4)),
        Some(StartNote::WentAhead {
            slot: "sang".into(),
            schedule: "s.json".into(),
            emergency: true
        })
    );
    on_air.get_mut(&2).unwrap().began(0, t(6, 0, 4));
    // The cut item ends interrupted, cut by the emergency.
    let by = Some(("bao".to_string(), "s.json".to_string()));
    let (status, reason) = ended(Some(Msg::verbatim("cut")), by.clone(), None, false);
    assert_eq!(status, Status::Interrupted);
    assert_eq!(
        reason,
        Some(EndReason::CutByEmergency {
            slot: "bao".into(),
            schedule: "s.json".into()
        })
    );
    on_air.get_mut(&1).unwrap().finished(0, by);
    // It goes on after the emergency: resumed, said so.
    assert_eq!(
        start_note(&on_air, 1, 0, t(6, 0, 20)),
        Some(StartNote::Resumed {
            slot: "bao".into(),
            schedule: "s.json".into()
        })
    );
    on_air.get_mut(&1).unwrap().began(0, t(6, 0, 20));
    assert_eq!(start_note(&on_air, 1, 1, t(6, 0, 30)), None, "said once");
    // Or the emergency outlasted its grace: the rest is missed, not resumed.
    assert_eq!(dropped(&Dropped::NotResumed), Status::Missed);
    assert_eq!(dropped(&Dropped::Late), Status::Missed);
    assert_eq!(
        dropped(&Dropped::Stopped(Msg::verbatim("x"))),
        Status::Missed
    );
    assert_eq!(
        dropped(&Dropped::OutputFailed(Msg::verbatim("x"))),
        Status::Failed
    );
}

#[test]
fn two_priority_programs_go_ahead_of_the_normal_one_in_turn() {
    let mut on_air = HashMap::new();
    on_air.insert(1, program("sang", 3, t(6, 0, 0), 0));
    on_air.insert(2, program("p1", 1, t(6, 0, 2), 1));
    on_air.insert(3, program("p2", 1, t(6, 0, 3), 1));
    on_air.get_mut(&1).unwrap().began(0, t(6, 0, 0));
    on_air.get_mut(&1).unwrap().finished(0, None);
    assert_eq!(
        start_note(&on_air, 2, 0, t(6, 0, 10)),
        Some(StartNote::WentAhead {
            slot: "sang".into(),
            schedule: "s.json".into(),
            emergency: false
        })
    );
    on_air.get_mut(&2).unwrap().began(0, t(6, 0, 10));
    // The second goes after the first; still ahead of the normal one,
    // which is the earliest program begun.
    assert_eq!(
        start_note(&on_air, 3, 0, t(6, 0, 20)),
        Some(StartNote::WentAhead {
            slot: "sang".into(),
            schedule: "s.json".into(),
            emergency: false
        })
    );
    // Once the normal one is done, a priority program behind the first is late behind it.
    on_air.remove(&1);
    assert_eq!(
        start_note(&on_air, 3, 0, t(6, 0, 20)),
        Some(StartNote::LateBehind {
            ms: 17_000,
            slot: "p1".into(),
            schedule: "s.json".into()
        })
    );
    on_air.remove(&2);
    assert_eq!(
        start_note(&on_air, 3, 0, t(6, 0, 20)),
        Some(StartNote::Late { ms: 17_000 })
    );
    assert_eq!(
        start_note(&on_air, 3, 0, t(6, 0, 4)),
        None,
        "within a second is on time"
    );
}

#[test]
fn an_item_ends_with_the_reason_that_matters_most() {
    let by = || Some(("bao".to_string(), "k.json".to_string()));
    let cases = [
        (None, None, None, false, Status::Completed, None),
        (
            None,
            None,
            Some("xrun"),
            false,
            Status::Completed,
            Some(EndReason::Noted {
                note: Some(Msg::verbatim("xrun")),
                changed: false,
            }),
        ),
        (
            None,
            None,
            None,
            true,
            Status::Completed,
            Some(EndReason::Noted {
                note: None,
                changed: true,
            }),
        ),
        (
            Some("stop"),
            None,
            Some("xrun"),
            false,
            Status::Interrupted,
            Some(EndReason::Cut(Msg::verbatim("stop"))),
        ),
        (
            Some("stop"),
            by(),
            None,
            false,
            Status::Interrupted,
            Some(EndReason::CutByEmergency {
                slot: "bao".into(),
                schedule: "k.json".into(),
            }),
        ),
    ];
    for (cut, by, note, changed, status, reason) in cases {
        let got = ended(cut.map(Msg::verbatim), by, note.map(Msg::verbatim), changed);
        assert_eq!(got, (status, reason));
    }
}

#[test]
fn a_failed_program_closes_its_item_on_air_and_fails_the_rest() {
    let mut p = program("sang", 3, t(6, 0, 0), 0);
    p.began(0, t(6, 0, 0));
    p.finished(0, None);
    p.began(1, t(6, 0, 10));
    let closing = p.fail(Some(t(6, 0, 12)));
    assert_eq!(
        closing,
        [
            Closing::Interrupted {
                info: info("sang", 1),
                ended: Some(t(6, 0, 12)),
                played: Some(2.0)
            },
            Closing::NotAired {
                info: info("sang", 2)
            },
        ]
    );
    // Ended at an unknown time: played is unknown.
    assert!(matches!(
        &p.fail(None)[0],
        Closing::Interrupted { played: None, .. }
    ));
}

#[test]
fn a_restart_mid_program_closes_the_item_on_air_and_misses_the_rest() {
    let logged = |x: DateTime<Utc>| crate::timefmt::rfc3339_ms(&x.with_timezone(&VN));
    let scheduled = logged(t(6, 0, 0));
    let seg = |i: usize| SegmentInfo {
        scheduled: scheduled.clone(),
        ..info("sang", i)
    };
    let daemon = |at| Record::Daemon {
        what: "started".into(),
        version: "0".into(),
        logged: logged(at),
        simulated: false,
    };
    let start = |i: usize, at| Record::Start {
        segment: seg(i),
        started: logged(at),
        note: None,
        logged: logged(at),
    };
    let records = vec![
        daemon(t(5, 0, 0)),
        start(0, t(6, 0, 0)),
        Record::End {
            id: seg(0).id,
            ended: Some(logged(t(6, 0, 10))),
            played: Some(10.0),
            status: Status::Completed,
            reason: None,
            logged: logged(t(6, 0, 10)),
            simulated: false,
            relay: None,
        },
        start(1, t(6, 0, 10)),
        // Killed here: item 1 on air, item 2 never began.
    ];
    let rows = airlog::rows(&records);
    let r = restart(&records, &rows);
    assert_eq!(r.close, [seg(1).id]);
    let key = AiringKey {
        schedule: "s.json".into(),
        slot: "sang".into(),
        at: t(6, 0, 0),
    };
    assert_eq!(r.unfinished, [(key, HashSet::from([0, 1]))]);
    let missing = Restart::missing(&r.unfinished[0].1, (0..3).map(seg).collect());
    assert_eq!(missing, [seg(2)]);
    // A program of an earlier run is not this start's business.
    let mut later = records.clone();
    later.push(daemon(t(6, 30, 0)));
    let rows = airlog::rows(&later);
    assert_eq!(restart(&later, &rows).unfinished, []);
    // A log without a start: nothing to settle.
    assert_eq!(restart(&[], &[]), Restart::default());
}

#[test]
fn ranks_follow_priorities() {
    assert_eq!(
        [Priority::Normal, Priority::Priority, Priority::Emergency].map(rank),
        [0, 1, 2]
    );
}
