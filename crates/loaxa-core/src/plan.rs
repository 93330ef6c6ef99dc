//! Planning: which programs air when. Pure: the caller passes the window and
//! the time zone; nothing here reads the clock.

use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::schedule::{Schedule, Segment, Skip, Slot, Timing};

/// What the planner needs to know about the station besides its schedules.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub tz: Tz,
    /// Station-wide days without airings (holidays in `loaxa.toml`).
    pub skip: Vec<Skip>,
}

impl Calendar {
    pub fn new(tz: Tz) -> Calendar {
        Calendar {
            tz,
            skip: Vec::new(),
        }
    }
}

/// One planned airing of a slot's program.
#[derive(Debug, Clone)]
pub struct Airing {
    /// Scheduled start of the program, in station time.
    pub at: DateTime<Tz>,
    pub schedule: Arc<Schedule>,
    slot_index: usize,
}

impl Airing {
    pub fn slot(&self) -> &Slot {
        &self.schedule.slots[self.slot_index]
    }

    pub fn program(&self) -> &[Segment] {
        &self.slot().program
    }

    pub fn priority(&self) -> crate::schedule::Priority {
        self.slot().priority
    }

    /// What identifies this airing across restarts: schedule, slot, start.
    pub fn key(&self) -> AiringKey {
        AiringKey {
            schedule: self.schedule.name.clone(),
            slot: self.slot().id.clone(),
            at: self.at.with_timezone(&Utc),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AiringKey {
    pub schedule: String,
    pub slot: String,
    pub at: DateTime<Utc>,
}

/// Every airing with `from <= at < to`, in time order (ties by schedule file,
/// then slot id, so the order is stable).
pub fn plan(
    schedules: &[Arc<Schedule>],
    cal: &Calendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Airing> {
    let tz = cal.tz;
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    let first_day = from.with_timezone(&tz).date_naive();
    let last_day = to.with_timezone(&tz).date_naive();
    for schedule in schedules {
        for (slot_index, slot) in schedule.slots.iter().enumerate() {
            let mut push = |at: DateTime<Tz>| {
                let utc = at.with_timezone(&Utc);
                let day = at.date_naive();
                if utc >= from
                    && utc < to
                    && schedule.active_on(day)
                    && slot.active_on(day)
                    && !cal.skip.iter().any(|s| s.covers(day))
                {
                    out.push(Airing {
                        at,
                        schedule: Arc::clone(schedule),
                        slot_index,
                    });
                }
            };
            match &slot.timing {
                Timing::Weekly { days, at } => {
                    for day in first_day.iter_days().take_while(|d| *d <= last_day) {
                        if days.contains(day.weekday())
                            && let Some(t) = resolve_local(tz, day.and_time(*at))
                        {
                            push(t);
                        }
                    }
                }
                Timing::Once { date, at } => {
                    if let Some(t) = resolve_local(tz, date.and_time(*at)) {
                        push(t);
                    }
                }
                Timing::Monthly { day, at } => {
                    let (mut y, mut m) = (first_day.year(), first_day.month());
                    while (y, m) <= (last_day.year(), last_day.month()) {
                        if let Some(d) = day.in_month(y, m)
                            && let Some(t) = resolve_local(tz, d.and_time(*at))
                        {
                            push(t);
                        }
                        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                    }
                }
                Timing::Cron { schedule: cron, .. } => {
                    // `after` is exclusive; step back one millisecond to include `from`.
                    let start = (from - Duration::milliseconds(1)).with_timezone(&tz);
                    for t in cron.after(&start) {
                        if t.with_timezone(&Utc) >= to {
                            break;
                        }
                        // The hour a daylight-saving zone lives twice (clocks
                        // set back): cron would air it twice; it airs once,
                        // at the first, as dated slots do.
                        if let LocalResult::Ambiguous(first, _) =
                            tz.from_local_datetime(&t.naive_local())
                            && first != t
                        {
                            continue;
                        }
                        push(t);
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.schedule.name.cmp(&b.schedule.name))
            .then_with(|| a.slot().id.cmp(&b.slot().id))
    });
    out
}

/// Local station time to an instant. Zones with daylight saving have local
/// times that do not exist (skipped: the airing moves one hour later, as cron
/// does) or occur twice (the first is used). Asia/Ho_Chi_Minh has neither.
fn resolve_local(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Tz>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t),
        LocalResult::Ambiguous(a, _) => Some(a),
        LocalResult::None => tz
            .from_local_datetime(&(local + Duration::hours(1)))
            .earliest(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Skip, parse};
    use crate::topics::TopicList;
    use chrono::NaiveDate;

    const VN: Tz = chrono_tz::Asia::Ho_Chi_Minh;

    fn sched(name: &str, json: &str) -> Arc<Schedule> {
        let p = parse(name, json, &TopicList::default());
        assert!(!p.has_errors(), "{:?}", p.diagnostics);
        Arc::new(p.schedule.unwrap())
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        VN.from_local_datetime(
            &NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, min, 0)
                .unwrap(),
        )
        .unwrap()
        .with_timezone(&Utc)
    }

    fn show(airings: &[Airing]) -> Vec<String> {
        airings
            .iter()
            .map(|a| format!("{} {}", a.at.format("%a %d/%m %H:%M:%S"), a.slot().id))
            .collect()
    }

    #[test]
    fn the_hour_lived_twice_when_clocks_go_back_airs_once() {
        // Europe/Berlin, 27/10/2024: 03:00 CEST becomes 02:00 CET.
        let tz: Tz = chrono_tz::Europe::Berlin;
        let s = sched(
            "s.json",
            r#"{"slots": [
                {"id": "cron", "cron": "0 30 2 * * *", "program": ["a.mp3"]},
                {"id": "days", "days": "hằng ngày", "at": "02:45", "program": ["a.mp3"]}
            ]}"#,
        );
        let from = tz
            .with_ymd_and_hms(2024, 10, 27, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let p = plan(&[s], &Calendar::new(tz), from, from + Duration::hours(24));
        let times: Vec<String> = p
            .iter()
            .map(|a| format!("{} {}", a.at.to_rfc3339(), a.slot().id))
            .collect();
        assert_eq!(
            times,
            [
                "2024-10-27T02:30:00+02:00 cron",
                "2024-10-27T02:45:00+02:00 days"
            ]
        );
    }

    #[test]
    fn weekdays_in_vietnamese_and_english() {
        // 17/03/2014 is a Monday.
        let s = sched(
            "s.json",
            r#"{"slots": [
                {"id": "vi", "days": ["T2", "Thứ Tư", "CN"], "at": "6h30", "program": ["a.mp3"]},
                {"id": "en", "days": "Tue, fri", "at": "17:00", "program": ["a.mp3"]}
            ]}"#,
        );
        let p = plan(
            &[s],
            &Calendar::new(VN),
            local(2014, 3, 17, 0, 0),
            local(2014, 3, 24, 0, 0),
        );
        assert_eq!(
            show(&p),
            [
                "Mon 17/03 06:30:00 vi",
                "Tue 18/03 17:00:00 en",
                "Wed 19/03 06:30:00 vi",
                "Fri 21/03 17:00:00 en",
                "Sun 23/03 06:30:00 vi",
            ]
        );
        assert_eq!(p[0].at.to_rfc3339(), "2014-03-17T06:30:00+07:00");
    }

    #[test]
    fn daily_cron_and_one_off() {
        let s = sched(
            "s.json",
            r#"{"slots": [
                {"id": "daily", "days": "hằng ngày", "at": "05:30", "program": ["j.mp3"]},
                {"id": "cron", "cron": "0 0 17 * * T2-T6", "program": ["a.mp3"]},
                {"id": "once", "date": "19/03/2014", "at": "12:15:30", "program": ["b.mp3"]}
            ]}"#,
        );
        let p = plan(
            &[s],
            &Calendar::new(VN),
            local(2014, 3, 18, 0, 0),
            local(2014, 3, 20, 0, 0),
        );
        assert_eq!(
            show(&p),
            [
                "Tue 18/03 05:30:00 daily",
                "Tue 18/03 17:00:00 cron",
                "Wed 19/03 05:30:00 daily",
                "Wed 19/03 12:15:30 once",
                "Wed 19/03 17:00:00 cron",
            ]
        );
    }

    #[test]
    fn validity_window_is_inclusive_and_in_local_dates() {
        let s = sched(
            "w.json",
            r#"{"from": "18/03/2014", "to": "2014-03-19", "slots": [
                {"id": "x", "days": "daily", "at": "00:30", "program": ["a.mp3"]},
                {"id": "c", "cron": "0 0 23 * * *", "program": ["a.mp3"]}
            ]}"#,
        );
        let p = plan(
            &[s],
            &Calendar::new(VN),
            local(2014, 3, 16, 0, 0),
            local(2014, 3, 22, 0, 0),
        );
        // 00:30 local on the 18th is 17:30 UTC on the 17th: the local date decides.
        assert_eq!(
            show(&p),
            [
                "Tue 18/03 00:30:00 x",
                "Tue 18/03 23:00:00 c",
                "Wed 19/03 00:30:00 x",
                "Wed 19/03 23:00:00 c",
            ]
        );
    }

    #[test]
    fn window_bounds_and_union_of_schedules() {
        let a = sched(
            "a.json",
            r#"{"slots": [{"id": "x", "days": "daily", "at": "06:00", "program": ["a.mp3"]}]}"#,
        );
        let b = sched(
            "b.json",
            r#"{"slots": [{"id": "y", "days": "daily", "at": "06:00", "program": ["b.mp3"]}]}"#,
        );
        // from is inclusive, to exclusive.
        let p = plan(
            &[b, a],
            &Calendar::new(VN),
            local(2014, 3, 17, 6, 0),
            local(2014, 3, 18, 6, 0),
        );
        assert_eq!(show(&p), ["Mon 17/03 06:00:00 x", "Mon 17/03 06:00:00 y"]);
        assert_eq!(p[0].schedule.name, "a.json");
    }

    #[test]
    fn holidays_are_skipped_per_schedule_and_station_wide() {
        // 30/04 and 01/05/2014 are a Wednesday and a Thursday.
        let s = sched(
            "s.json",
            r#"{"skip": ["30/04"], "slots": [{"id": "x", "days": "daily", "at": "06:00", "program": ["a.mp3"]}]}"#,
        );
        let mut cal = Calendar::new(VN);
        let p = plan(
            &[Arc::clone(&s)],
            &cal,
            local(2014, 4, 29, 0, 0),
            local(2014, 5, 3, 0, 0),
        );
        assert_eq!(
            show(&p),
            [
                "Tue 29/04 06:00:00 x",
                "Thu 01/05 06:00:00 x",
                "Fri 02/05 06:00:00 x"
            ]
        );
        cal.skip = vec![
            Skip::parse("01/05").unwrap(),
            Skip::range("02/05/2014", "10/05/2014").unwrap(),
        ];
        let p = plan(
            &[s],
            &cal,
            local(2014, 4, 29, 0, 0),
            local(2014, 5, 3, 0, 0),
        );
        assert_eq!(show(&p), ["Tue 29/04 06:00:00 x"]);
    }

    #[test]
    fn monthly_slots() {
        let s = sched(
            "m.json",
            r#"{"slots": [
                {"id": "first-mon", "monthly": "T2 đầu tiên", "at": "07:00", "program": ["a.mp3"]},
                {"id": "the-15th", "monthly": 15, "at": "07:00", "months": [1, 4, 7, 10], "program": ["a.mp3"]},
                {"id": "last-day", "monthly": "cuối tháng", "at": "20:00", "program": ["a.mp3"]},
                {"id": "day-31", "monthly": 31, "at": "20:30", "program": ["a.mp3"]}
            ]}"#,
        );
        let p = plan(
            &[s],
            &Calendar::new(VN),
            local(2014, 3, 1, 0, 0),
            local(2014, 5, 1, 0, 0),
        );
        assert_eq!(
            show(&p),
            [
                "Mon 03/03 07:00:00 first-mon",
                "Mon 31/03 20:00:00 last-day",
                "Mon 31/03 20:30:00 day-31",
                "Mon 07/04 07:00:00 first-mon",
                "Tue 15/04 07:00:00 the-15th",
                "Wed 30/04 20:00:00 last-day",
            ]
        );
    }

    #[test]
    fn a_slot_has_its_own_date_range() {
        let s = sched(
            "r.json",
            r#"{"slots": [{"id": "x", "days": "daily", "at": "06:00", "from": "18/03/2014", "to": "19/03/2014", "program": ["a.mp3"]}]}"#,
        );
        let p = plan(
            &[s],
            &Calendar::new(VN),
            local(2014, 3, 17, 0, 0),
            local(2014, 3, 21, 0, 0),
        );
        assert_eq!(show(&p), ["Tue 18/03 06:00:00 x", "Wed 19/03 06:00:00 x"]);
    }

    #[test]
    fn other_time_zones() {
        let s = sched(
            "s.json",
            r#"{"slots": [{"id": "x", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
        );
        let utc = chrono_tz::UTC;
        let from = local(2014, 3, 17, 0, 0);
        let p = plan(&[s], &Calendar::new(utc), from, from + Duration::days(7));
        assert_eq!(
            p[0].at.with_timezone(&Utc).to_rfc3339(),
            "2014-03-17T06:00:00+00:00"
        );
    }

    #[test]
    fn daylight_saving_gap_moves_later() {
        // Europe/Berlin skips 02:00–03:00 on 30/03/2014.
        let s = sched(
            "s.json",
            r#"{"slots": [{"id": "x", "days": "CN", "at": "02:30", "program": ["a.mp3"]}]}"#,
        );
        let tz = chrono_tz::Europe::Berlin;
        let from = Utc.with_ymd_and_hms(2014, 3, 29, 0, 0, 0).unwrap();
        let p = plan(&[s], &Calendar::new(tz), from, from + Duration::days(2));
        assert_eq!(p[0].at.to_rfc3339(), "2014-03-30T03:30:00+02:00");
    }
}

/// Over random schedules and a whole year: the plan is sorted, has no
/// airing twice, and every airing is explained by a rule of a schedule in
/// force that day.
#[cfg(test)]
mod properties {
    use super::*;
    use crate::schedule::{MonthDay, Months, Schedule, Timing, Weekdays};
    use chrono::{NaiveDate, NaiveTime, Weekday};
    use proptest::prelude::*;

    const VN: Tz = chrono_tz::Asia::Ho_Chi_Minh;
    const WEEKDAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn date(doy: u32) -> NaiveDate {
        NaiveDate::from_yo_opt(2014, doy.clamp(1, 365)).unwrap_or_default()
    }

    fn timing() -> impl Strategy<Value = Timing> {
        let at = (0u32..24, 0u32..60)
            .prop_map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
        prop_oneof![
            (1u8..128, at.clone()).prop_map(|(bits, at)| {
                let mut days = Weekdays::default();
                for (i, d) in WEEKDAYS.iter().enumerate() {
                    if bits & (1 << i) != 0 {
                        days.insert(*d);
                    }
                }
                Timing::Weekly { days, at }
            }),
            (1u32..366, at.clone()).prop_map(|(d, at)| Timing::Once { date: date(d), at }),
            (1u32..32, at.clone()).prop_map(|(d, at)| Timing::Monthly {
                day: MonthDay::Day(d),
                at
            }),
            (1i8..6, 0usize..7, at).prop_map(|(n, w, at)| Timing::Monthly {
                day: MonthDay::Nth(if n == 5 { -1 } else { n }, WEEKDAYS[w]),
                at
            }),
        ]
    }

    fn slot() -> impl Strategy<Value = Slot> {
        (
            timing(),
            proptest::option::of((1u32..200, 0u32..200)),
            1u16..0x1fff,
        )
            .prop_map(|(timing, range, months)| {
                let mut m = Months::none();
                for i in 1..=12 {
                    if months & (1 << i) != 0 {
                        m.insert(i);
                    }
                }
                if m.is_empty() {
                    m = Months::ALL;
                }
                Slot {
                    id: String::new(),
                    title: None,
                    timing,
                    program: Vec::new(),
                    priority: Default::default(),
                    grace: None,
                    from: range.map(|(a, _)| date(a)),
                    to: range.map(|(a, len)| date(a + len)),
                    months: m,
                    level: None,
                    pos: Default::default(),
                }
            })
    }

    fn schedule() -> impl Strategy<Value = Schedule> {
        (
            proptest::collection::vec(slot(), 1..5),
            proptest::option::of(1u32..365),
            proptest::collection::vec(1u32..366, 0..4),
        )
            .prop_map(|(mut slots, from, skips)| {
                for (i, s) in slots.iter_mut().enumerate() {
                    s.id = format!("s{i}");
                }
                Schedule {
                    name: String::new(),
                    title: None,
                    from: from.map(date),
                    to: None,
                    skip: skips.into_iter().map(|d| Skip::Date(date(d))).collect(),
                    slots,
                }
            })
    }

    /// Whether a rule of the slot produces this local date and time.
    fn explained(slot: &Slot, at: chrono::NaiveDateTime) -> bool {
        let (d, t) = (at.date(), at.time());
        match &slot.timing {
            Timing::Weekly { days, at } => *at == t && days.contains(d.weekday()),
            Timing::Once { date, at } => *date == d && *at == t,
            Timing::Monthly { day, at } => *at == t && day.in_month(d.year(), d.month()) == Some(d),
            Timing::Cron { .. } => false,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn a_year_of_random_schedules(schedules in proptest::collection::vec(schedule(), 1..4)) {
            let schedules: Vec<Arc<Schedule>> = schedules
                .into_iter()
                .enumerate()
                .map(|(i, mut s)| { s.name = format!("f{i}.json"); Arc::new(s) })
                .collect();
            let from = VN.from_local_datetime(&date(1).and_time(NaiveTime::MIN)).unwrap().with_timezone(&Utc);
            let to = from + Duration::days(365);
            let p = plan(&schedules, &Calendar::new(VN), from, to);
            let mut seen = std::collections::HashSet::new();
            for w in p.windows(2) {
                prop_assert!(w[0].at <= w[1].at, "sorted");
            }
            for a in &p {
                prop_assert!(seen.insert(a.key()), "no airing twice");
                let local = a.at.naive_local();
                let day = local.date();
                prop_assert!(a.schedule.active_on(day), "schedule in force that day");
                prop_assert!(a.slot().active_on(day), "slot in force that day");
                prop_assert!(explained(a.slot(), local), "a rule says so");
                let utc = a.at.with_timezone(&Utc);
                prop_assert!(utc >= from && utc < to);
            }
        }
    }
}
