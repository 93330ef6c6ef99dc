//! Planning: which programs air when. Pure: the caller passes the window and
//! the time zone; nothing here reads the clock.

use std::sync::Arc;

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::schedule::{Schedule, Segment, Slot, Timing};

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
    tz: Tz,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Airing> {
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
                if utc >= from && utc < to && schedule.active_on(at.date_naive()) {
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
                        if days.contains(chrono::Datelike::weekday(&day))
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
                Timing::Cron { schedule: cron, .. } => {
                    // `after` is exclusive; step back one millisecond to include `from`.
                    let start = (from - Duration::milliseconds(1)).with_timezone(&tz);
                    for t in cron.after(&start) {
                        if t.with_timezone(&Utc) >= to {
                            break;
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
    use crate::schedule::parse;
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
    fn weekdays_in_vietnamese_and_english() {
        // 17/03/2014 is a Monday.
        let s = sched(
            "s.json",
            r#"{"slots": [
                {"id": "vi", "days": ["T2", "Thứ Tư", "CN"], "at": "6h30", "program": ["a.mp3"]},
                {"id": "en", "days": "Tue, fri", "at": "17:00", "program": ["a.mp3"]}
            ]}"#,
        );
        let p = plan(&[s], VN, local(2014, 3, 17, 0, 0), local(2014, 3, 24, 0, 0));
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
        let p = plan(&[s], VN, local(2014, 3, 18, 0, 0), local(2014, 3, 20, 0, 0));
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
        let p = plan(&[s], VN, local(2014, 3, 16, 0, 0), local(2014, 3, 22, 0, 0));
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
            VN,
            local(2014, 3, 17, 6, 0),
            local(2014, 3, 18, 6, 0),
        );
        assert_eq!(show(&p), ["Mon 17/03 06:00:00 x", "Mon 17/03 06:00:00 y"]);
        assert_eq!(p[0].schedule.name, "a.json");
    }

    #[test]
    fn other_time_zones() {
        let s = sched(
            "s.json",
            r#"{"slots": [{"id": "x", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
        );
        let utc = chrono_tz::UTC;
        let from = local(2014, 3, 17, 0, 0);
        let p = plan(&[s], utc, from, from + Duration::days(7));
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
        let p = plan(&[s], tz, from, from + Duration::days(2));
        assert_eq!(p[0].at.to_rfc3339(), "2014-03-30T03:30:00+02:00");
    }
}
