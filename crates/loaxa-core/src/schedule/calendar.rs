//! The calendar words of a schedule: holidays to skip, monthly days,
//! priorities and grace windows, each read from the forms people write.

use crate::diag::Problem;
use chrono::{Datelike, NaiveDate, Weekday};

use crate::timefmt::{date_vi, fold_vi, parse_date, parse_weekday};

/// Dates a schedule (or the whole station) does not air on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The same day every year: `30/04`.
    Yearly { month: u32, day: u32 },
    /// One day: `02/09/2014`.
    Date(NaiveDate),
    /// Inclusive: Tết, `{ "from": "28/01/2025", "to": "02/02/2025" }`.
    Range(NaiveDate, NaiveDate),
}

impl Skip {
    pub fn covers(&self, d: NaiveDate) -> bool {
        match self {
            Skip::Yearly { month, day } => d.month() == *month && d.day() == *day,
            Skip::Date(x) => d == *x,
            Skip::Range(a, b) => d >= *a && d <= *b,
        }
    }

    /// `30/04` (every year), `17/03/2014` or `2014-03-17`.
    pub fn parse(s: &str) -> Result<Skip, Problem> {
        let t = s.trim();
        let parts: Vec<&str> = t.split('/').collect();
        if parts.len() == 2 {
            let num = |x: &str| x.trim().parse::<u32>().ok();
            if let (Some(day), Some(month)) = (num(parts[0]), num(parts[1]))
                // 2000 is a leap year: 29/02 is a valid yearly day.
                && NaiveDate::from_ymd_opt(2000, month, day).is_some()
            {
                return Ok(Skip::Yearly { month, day });
            }
            return Err(Problem::new(
                msg!("cal-not-yearly-day", text = s),
                msg!("cal-not-yearly-day-hint"),
            ));
        }
        parse_date(t).map(Skip::Date)
    }

    pub fn range(from: &str, to: &str) -> Result<Skip, Problem> {
        let (a, b) = (parse_date(from)?, parse_date(to)?);
        if a > b {
            return Err(Problem::new(
                msg!("cal-range-reversed", to = date_vi(b), from = date_vi(a)),
                msg!("cal-range-reversed-hint"),
            ));
        }
        Ok(Skip::Range(a, b))
    }
}

/// How urgent a program is (Thông tư 39/2020/TT-BTTTT), lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Priority {
    /// thông thường: aired in its slot.
    #[default]
    Normal,
    /// ưu tiên: goes ahead of normal programs, after the item on air.
    Priority,
    /// khẩn cấp: cuts in at once.
    Emergency,
}

impl Priority {
    pub fn parse(s: &str) -> Option<Priority> {
        match fold_vi(s).as_str() {
            "thong thuong" | "normal" | "binh thuong" => Some(Priority::Normal),
            "uu tien" | "priority" | "high" => Some(Priority::Priority),
            "khan cap" | "emergency" | "urgent" => Some(Priority::Emergency),
            _ => None,
        }
    }

    pub fn vi(self) -> &'static str {
        match self {
            Priority::Normal => "thông thường",
            Priority::Priority => "ưu tiên",
            Priority::Emergency => "khẩn cấp",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Priority::Normal => "normal",
            Priority::Priority => "priority",
            Priority::Emergency => "emergency",
        }
    }
}

/// Which day of a month a monthly slot airs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthDay {
    /// The 1st…31st; months without that day are skipped.
    Day(u32),
    /// The last day of the month.
    Last,
    /// The n-th (1…5) given weekday, or the last one (`n` = -1).
    Nth(i8, Weekday),
}

impl MonthDay {
    /// The date this rule gives in a month, if any.
    pub fn in_month(self, year: i32, month: u32) -> Option<NaiveDate> {
        match self {
            MonthDay::Day(d) => NaiveDate::from_ymd_opt(year, month, d),
            MonthDay::Last => last_day(year, month),
            MonthDay::Nth(n, wd) if n > 0 => {
                NaiveDate::from_weekday_of_month_opt(year, month, wd, n as u8)
            }
            MonthDay::Nth(_, wd) => {
                let mut d = last_day(year, month)?;
                while d.weekday() != wd {
                    d = d.pred_opt()?;
                }
                Some(d)
            }
        }
    }

    /// `15`, `ngày 15`, `cuối tháng` / `last`, `T2 đầu tiên` / `first Mon`,
    /// `T6 cuối` / `last Fri`, `second Tue`, `T3 #2`.
    pub fn parse(s: &str) -> Result<MonthDay, Problem> {
        let bad = || {
            Problem::new(
                msg!("cal-not-month-day", text = s),
                msg!("cal-not-month-day-hint"),
            )
        };
        let f = fold_vi(s);
        let f = f.trim_start_matches("ngay ").trim();
        if let Ok(d) = f.parse::<u32>() {
            return if (1..=31).contains(&d) {
                Ok(MonthDay::Day(d))
            } else {
                Err(bad())
            };
        }
        if matches!(f, "cuoi thang" | "last" | "last day" | "ngay cuoi thang") {
            return Ok(MonthDay::Last);
        }
        let ordinals: &[(&str, i8)] = &[
            ("dau tien", 1),
            ("dau thang", 1),
            ("first", 1),
            ("1st", 1),
            ("#1", 1),
            ("second", 2),
            ("2nd", 2),
            ("#2", 2),
            ("third", 3),
            ("3rd", 3),
            ("#3", 3),
            ("fourth", 4),
            ("4th", 4),
            ("#4", 4),
            ("fifth", 5),
            ("5th", 5),
            ("#5", 5),
            ("cuoi cung", -1),
            ("cuoi thang", -1),
            ("cuoi", -1),
            ("last", -1),
        ];
        for (word, n) in ordinals {
            let rest = f
                .strip_suffix(word)
                .or_else(|| f.strip_prefix(word))
                .map(str::trim);
            if let Some(day) = rest.and_then(parse_weekday) {
                return Ok(MonthDay::Nth(*n, day));
            }
        }
        Err(bad())
    }
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    next.pred_opt()
}

/// A set of months (1…12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months(u16);

impl Months {
    pub const ALL: Months = Months(0x1ffe);

    pub fn none() -> Months {
        Months(0)
    }

    pub fn insert(&mut self, m: u32) {
        if (1..=12).contains(&m) {
            self.0 |= 1 << m;
        }
    }

    pub fn contains(self, m: u32) -> bool {
        (1..=12).contains(&m) && self.0 & (1 << m) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// `3`, `"3"` or `"tháng 3"`.
    pub fn parse_month(s: &str) -> Option<u32> {
        let f = fold_vi(s);
        let n = f.trim_start_matches("thang").trim().parse::<u32>().ok()?;
        (1..=12).contains(&n).then_some(n)
    }
}

/// A grace window: `"5m"`, `"5 phút"`, `"90s"`, `"1h"`, or a number of minutes.
pub fn parse_grace(s: &str) -> Result<chrono::Duration, Problem> {
    let bad = || {
        Problem::new(
            msg!("cal-not-duration", text = s),
            msg!("cal-not-duration-hint"),
        )
    };
    let f = fold_vi(s).replace(' ', "");
    let split = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
    let (num, unit) = f.split_at(split);
    let n: i64 = num.parse().map_err(|_| bad())?;
    let unit_secs: i64 = match unit {
        "" | "m" | "min" | "phut" | "p" => 60,
        "s" | "sec" | "giay" => 1,
        "h" | "gio" => 3600,
        _ => return Err(bad()),
    };
    // Any number may be written: one too large for the arithmetic is out
    // of range like any other, never wrapped round to a small one.
    let secs = n.checked_mul(unit_secs).unwrap_or(i64::MAX);
    if !(0..=24 * 3600).contains(&secs) {
        return Err(Problem::new(
            msg!("cal-grace-range", text = s),
            msg!("cal-grace-range-hint"),
        ));
    }
    Ok(chrono::Duration::seconds(secs))
}

/// A relay item's length: `30 phút`, `1 giờ 30 phút`, `90 s`, `29 phút 40
/// giây`; a bare number is minutes. From one second to 24 hours.
pub fn parse_length(s: &str) -> Result<chrono::Duration, Problem> {
    let bad = || {
        Problem::new(
            msg!("cal-not-length", text = s),
            msg!("cal-not-length-hint"),
        )
    };
    // "1 30" is not 130 minutes.
    let words: Vec<&str> = s.split_whitespace().collect();
    let digits = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    if words
        .windows(2)
        .any(|w| digits(w[0]) && w[1].starts_with(|c: char| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let f = fold_vi(s).replace(' ', "");
    if f.is_empty() {
        return Err(bad());
    }
    let mut rest = f.as_str();
    let mut secs: i64 = 0;
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(split);
        let n: i64 = num.parse().map_err(|_| bad())?;
        let unit_end = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, next) = tail.split_at(unit_end);
        let unit_secs: i64 = match unit {
            "" if next.is_empty() && secs == 0 => 60,
            "m" | "min" | "phut" | "p" => 60,
            "s" | "sec" | "giay" => 1,
            "h" | "gio" => 3600,
            _ => return Err(bad()),
        };
        secs = n
            .checked_mul(unit_secs)
            .and_then(|v| secs.checked_add(v))
            .unwrap_or(i64::MAX);
        rest = next;
    }
    if !(1..=24 * 3600).contains(&secs) {
        return Err(Problem::new(
            msg!("cal-length-range", text = s),
            msg!("cal-length-range-hint"),
        ));
    }
    Ok(chrono::Duration::seconds(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn relay_lengths() {
        let min = chrono::Duration::minutes;
        let sec = chrono::Duration::seconds;
        assert_eq!(parse_length("30 phút"), Ok(min(30)));
        assert_eq!(parse_length("30"), Ok(min(30)));
        assert_eq!(parse_length("1 giờ 30 phút"), Ok(min(90)));
        assert_eq!(parse_length("29 phút 40 giây"), Ok(min(29) + sec(40)));
        assert_eq!(parse_length("90s"), Ok(sec(90)));
        assert_eq!(parse_length("1h"), Ok(min(60)));
        for bad in ["", "phút", "30 ngày", "1 30", "-5 phút", "1.5 giờ"] {
            assert!(parse_length(bad).is_err(), "{bad}");
        }
        for out in [
            "0 s",
            "25 giờ",
            "99999999999999999999 giờ",
            "9223372036854775807 h",
        ] {
            assert!(parse_length(out).is_err(), "{out}");
        }
    }

    #[test]
    fn grace_of_any_size_is_in_range_or_refused() {
        assert_eq!(parse_grace("10 phút"), Ok(chrono::Duration::minutes(10)));
        assert_eq!(parse_grace("90s"), Ok(chrono::Duration::seconds(90)));
        for text in [
            "307445734561825861 phút",
            "9223372036854775807 giờ",
            "99999999999999999999999 phút",
            "25 giờ",
            "1441 phút",
        ] {
            assert!(parse_grace(text).is_err(), "{text}");
        }
    }

    #[test]
    fn skips() {
        let s = Skip::parse("30/04").unwrap();
        assert!(s.covers(d(2014, 4, 30)) && s.covers(d(2031, 4, 30)));
        assert!(!s.covers(d(2014, 4, 29)));
        assert_eq!(Skip::parse("02/09/2014"), Ok(Skip::Date(d(2014, 9, 2))));
        assert_eq!(Skip::parse("2014-09-02"), Ok(Skip::Date(d(2014, 9, 2))));
        assert!(Skip::parse("31/02").is_err());
        assert!(Skip::parse("29/02").is_ok());
        let tet = Skip::range("28/01/2025", "02/02/2025").unwrap();
        assert!(tet.covers(d(2025, 1, 30)) && !tet.covers(d(2025, 2, 3)));
        assert!(Skip::range("02/02/2025", "28/01/2025").is_err());
    }

    #[test]
    fn priorities() {
        assert_eq!(Priority::parse("thông thường"), Some(Priority::Normal));
        assert_eq!(Priority::parse("Ưu tiên"), Some(Priority::Priority));
        assert_eq!(Priority::parse("khan cap"), Some(Priority::Emergency));
        assert_eq!(Priority::parse("emergency"), Some(Priority::Emergency));
        assert_eq!(Priority::parse("3"), None);
        assert!(Priority::Emergency > Priority::Priority && Priority::Priority > Priority::Normal);
    }

    #[test]
    fn month_days() {
        use Weekday::*;
        assert_eq!(MonthDay::parse("15"), Ok(MonthDay::Day(15)));
        assert_eq!(MonthDay::parse("ngày 15"), Ok(MonthDay::Day(15)));
        assert_eq!(MonthDay::parse("cuối tháng"), Ok(MonthDay::Last));
        assert_eq!(MonthDay::parse("T2 đầu tiên"), Ok(MonthDay::Nth(1, Mon)));
        assert_eq!(
            MonthDay::parse("Thứ Hai đầu tiên"),
            Ok(MonthDay::Nth(1, Mon))
        );
        assert_eq!(MonthDay::parse("first Mon"), Ok(MonthDay::Nth(1, Mon)));
        assert_eq!(MonthDay::parse("T6 cuối"), Ok(MonthDay::Nth(-1, Fri)));
        assert_eq!(MonthDay::parse("last friday"), Ok(MonthDay::Nth(-1, Fri)));
        assert_eq!(MonthDay::parse("second Tue"), Ok(MonthDay::Nth(2, Tue)));
        assert_eq!(MonthDay::parse("T3 #2"), Ok(MonthDay::Nth(2, Tue)));
        assert!(MonthDay::parse("32").is_err());
        assert!(MonthDay::parse("sometimes").is_err());
        // March 2014: Monday 3rd is the first Monday, Friday 28th the last Friday.
        assert_eq!(MonthDay::Nth(1, Mon).in_month(2014, 3), Some(d(2014, 3, 3)));
        assert_eq!(
            MonthDay::Nth(-1, Fri).in_month(2014, 3),
            Some(d(2014, 3, 28))
        );
        assert_eq!(
            MonthDay::Nth(5, Mon).in_month(2014, 3),
            Some(d(2014, 3, 31))
        );
        assert_eq!(MonthDay::Nth(5, Tue).in_month(2014, 3), None);
        assert_eq!(MonthDay::Last.in_month(2014, 2), Some(d(2014, 2, 28)));
        assert_eq!(MonthDay::Day(31).in_month(2014, 4), None);
    }

    #[test]
    fn graces() {
        assert_eq!(parse_grace("5m"), Ok(chrono::Duration::minutes(5)));
        assert_eq!(parse_grace("5 phút"), Ok(chrono::Duration::minutes(5)));
        assert_eq!(parse_grace("90s"), Ok(chrono::Duration::seconds(90)));
        assert_eq!(parse_grace("90 giây"), Ok(chrono::Duration::seconds(90)));
        assert_eq!(parse_grace("1h"), Ok(chrono::Duration::hours(1)));
        assert_eq!(parse_grace("10"), Ok(chrono::Duration::minutes(10)));
        assert!(parse_grace("soon").is_err());
        assert!(parse_grace("25h").is_err());
    }

    #[test]
    fn months() {
        let mut m = Months::none();
        m.insert(Months::parse_month("tháng 3").unwrap());
        m.insert(Months::parse_month("12").unwrap());
        assert!(m.contains(3) && m.contains(12) && !m.contains(4));
        assert_eq!(Months::parse_month("13"), None);
        assert!(Months::ALL.contains(1) && Months::ALL.contains(12));
    }
}
