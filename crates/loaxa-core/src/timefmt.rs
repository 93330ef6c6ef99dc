//! How the station writes and reads dates and times: `17/03/2014`, `6h30`,
//! `T2`…`CN`, `Quý I`, and RFC 3339 with milliseconds for the log.
//!
//! Pure functions only: nothing here reads the clock.

use crate::diag::Problem;
use crate::{Arg, Msg};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};
use loaxa_i18n::Lang;
use unicode_normalization::UnicodeNormalization;

/// Lower-case, without Vietnamese diacritics, `đ` as `d`, single spaces:
/// "Thứ Hai" → "thu hai", "Chủ nhật" → "chu nhat". Lets operators type either way.
pub fn fold_vi(s: &str) -> String {
    let stripped: String = s
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `2014-03-17` or `17/03/2014` (also `17/3/2014`).
pub fn parse_date(s: &str) -> Result<NaiveDate, Problem> {
    let t = s.trim();
    let parsed = if t.contains('/') {
        NaiveDate::parse_from_str(t, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
    };
    let date = parsed
        .map_err(|_| Problem::new(msg!("cal-not-date", text = s), msg!("cal-not-date-hint")))?;
    // "17/03/14" is not the year 14: the year is written whole.
    let year = if t.contains('/') {
        t.rsplit('/').next()
    } else {
        t.split('-').next()
    };
    if year.is_none_or(|y| y.trim().len() != 4) {
        return Err(Problem::new(msg!("cal-year-digits", text = s), Msg::none()));
    }
    Ok(date)
}

/// `06:30`, `06:30:15`, or the Vietnamese `6h30`, `6h`, `17h05`.
pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, Problem> {
    let t = s.trim();
    let bad = || Problem::new(msg!("cal-not-time", text = s), msg!("cal-not-time-hint"));
    let lower = t.to_lowercase();
    let (h, m, sec) = if let Some((h, m)) = lower.split_once('h') {
        let m = if m.is_empty() { "0" } else { m };
        (h, m, "0")
    } else {
        let parts: Vec<&str> = t.split(':').collect();
        match parts.as_slice() {
            [h, m] if m.len() == 2 => (*h, *m, "0"),
            [h, m, s] if m.len() == 2 && s.len() == 2 => (*h, *m, *s),
            _ => return Err(bad()),
        }
    };
    let num = |x: &str| -> Result<u32, Problem> {
        if x.is_empty() || x.len() > 2 || !x.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        x.parse().map_err(|_| bad())
    };
    let (h, m, sec) = (num(h)?, num(m)?, num(sec)?);
    NaiveTime::from_hms_opt(h, m, sec)
        .ok_or_else(|| Problem::new(msg!("cal-time-range", text = s), Msg::none()))
}

/// Weekday names a schedule may use: `T2`…`T7`, `CN`, `Thứ Hai`…`Chủ nhật`
/// (with or without diacritics, `Thứ 2` too), `Mon`…`Sun`, `Monday`…`Sunday`.
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    use Weekday::*;
    let f = fold_vi(s);
    // "thu" is English Thursday only as typed in English: "Thứ" alone is a
    // Vietnamese weekday left unfinished, not Thursday.
    if f == "thu" && !s.trim().eq_ignore_ascii_case("thu") {
        return None;
    }
    let day = match f.as_str() {
        "t2" | "thu hai" | "thu 2" | "mon" | "monday" => Mon,
        "t3" | "thu ba" | "thu 3" | "tue" | "tuesday" => Tue,
        "t4" | "thu tu" | "thu 4" | "wed" | "wednesday" => Wed,
        "t5" | "thu nam" | "thu 5" | "thu" | "thursday" => Thu,
        "t6" | "thu sau" | "thu 6" | "fri" | "friday" => Fri,
        "t7" | "thu bay" | "thu 7" | "sat" | "saturday" => Sat,
        "cn" | "chu nhat" | "sun" | "sunday" => Sun,
        _ => return None,
    };
    Some(day)
}

/// `T2`…`T7`, `CN`.
pub fn weekday_short_vi(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "T2",
        Weekday::Tue => "T3",
        Weekday::Wed => "T4",
        Weekday::Thu => "T5",
        Weekday::Fri => "T6",
        Weekday::Sat => "T7",
        Weekday::Sun => "CN",
    }
}

/// `Thứ Hai`…`Chủ nhật`.
pub fn weekday_long_vi(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// `17/03/2014`.
pub fn date_vi(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// A time of day as the station writes it in text: `06h30`, `06h30m05s`
/// when the seconds count. No spreadsheet reads it as a time (`06:30:00`
/// becomes `06:30:00 AM`, or a fraction of a day, in one locale or another).
pub fn time_vi(t: NaiveTime) -> String {
    match t.second() {
        0 => format!("{:02}h{:02}", t.hour(), t.minute()),
        s => format!("{:02}h{:02}m{s:02}s", t.hour(), t.minute()),
    }
}

/// `x` with `places` digits after the decimal sign, for people: `279,6` in
/// Vietnamese, `279.6` in English. Every number with a fraction that loaxa
/// writes for a person goes through here (or `decimal_arg`, in a message).
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    loaxa_i18n::decimal_in(lang, x, places)
}

/// A number with a fraction as a message's value, written as `decimal`
/// writes it in the language the message is read in.
pub fn decimal_arg(x: f64, places: usize) -> Arg {
    loaxa_i18n::decimal(x, places)
}

/// A length as people say it, to the second: "4 phút 40 giây", "1 giờ 5
/// phút", "30 giây".
pub fn span(seconds: f64) -> Msg {
    let s = if seconds.is_finite() {
        seconds.max(0.0)
    } else {
        0.0
    };
    let whole = s.round() as u64;
    msg!(
        "span",
        hours = whole / 3600,
        minutes = whole / 60 % 60,
        seconds = whole % 60
    )
}

/// `06:30:00`.
pub fn time_hms(t: NaiveTime) -> String {
    format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

/// RFC 3339 with offset and milliseconds: `2014-03-17T06:30:00.000+07:00`.
pub fn rfc3339_ms<Tz: TimeZone>(t: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// Seconds as `h:mm:ss` (Excel reads it as a duration).
pub fn duration_hms(secs: f64) -> String {
    let total = if secs.is_finite() && secs > 0.0 {
        secs.round() as u64
    } else {
        0
    };
    format!(
        "{}:{:02}:{:02}",
        total / 3600,
        (total / 60) % 60,
        total % 60
    )
}

/// A calendar quarter as `Quý I`…`Quý IV`.
pub fn quarter_vi(q: u32) -> &'static str {
    match q {
        1 => "Quý I",
        2 => "Quý II",
        3 => "Quý III",
        _ => "Quý IV",
    }
}

/// A quarter as people write it → (year, quarter): `2026-Q4`, `Q4/2026`,
/// `Q4-2026`, `Quý 4/2026`, `Quý IV/2026`, `quy iv/2026` (with or without
/// diacritics, any case, spaces anywhere), and `IV/2026`. A bare number
/// (`4/2026`) is a month, not a quarter; the year is written whole.
pub fn parse_quarter(s: &str) -> Result<(i32, u32), Problem> {
    let bad = || {
        Problem::new(
            msg!("cal-not-quarter", text = s),
            msg!("cal-not-quarter-hint"),
        )
    };
    // "Quý IV / 2026" → "quyiv/2026".
    let t: String = fold_vi(s).chars().filter(|c| !c.is_whitespace()).collect();
    let (q, year) = if let Some((y, q)) = t.split_once("-q") {
        // "2026-Q4", also "2026-Quý 4".
        let q = q.strip_prefix("uy").unwrap_or(q);
        (quarter_number(q).ok_or_else(bad)?, y)
    } else {
        let (q, y) = t.split_once(['/', '-']).ok_or_else(bad)?;
        let slash = t.contains('/');
        let q = if let Some(n) = q.strip_prefix("quy").or_else(|| q.strip_prefix('q')) {
            quarter_number(n)
        } else if slash {
            // `IV/2026`; `4/2026` is April.
            quarter_roman(q)
        } else {
            None
        };
        (q.ok_or_else(bad)?, y)
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = year.parse().map_err(|_| bad())?;
    Ok((year, q))
}

/// `1`…`4` or `i`…`iv`.
fn quarter_number(s: &str) -> Option<u32> {
    match s {
        "1" => Some(1),
        "2" => Some(2),
        "3" => Some(3),
        "4" => Some(4),
        _ => quarter_roman(s),
    }
}

/// `i`…`iv` (folded to lower case).
fn quarter_roman(s: &str) -> Option<u32> {
    match s {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

/// First and last day of a calendar quarter.
pub fn quarter_dates(year: i32, q: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1)?;
    let next = if q == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_both_ways() {
        let d = NaiveDate::from_ymd_opt(2014, 3, 17).unwrap();
        assert_eq!(parse_date("2014-03-17"), Ok(d));
        assert_eq!(parse_date("17/03/2014"), Ok(d));
        assert_eq!(parse_date("17/3/2014"), Ok(d));
        assert!(parse_date("2014/03/17").is_err());
        assert!(parse_date("31/02/2014").is_err());
        // Two-digit (or five-digit) years are not guessed.
        for short in [
            "17/03/14",
            "17/3/14",
            "14-03-17",
            "0014-03-17x",
            "17/03/20140",
        ] {
            assert!(parse_date(short).is_err(), "{short}");
        }
        assert!(
            crate::diag::english(&parse_date("17/03/14").unwrap_err().what).contains("4 digits"),
            "{:?}",
            parse_date("17/03/14")
        );
        assert_eq!(date_vi(d), "17/03/2014");
    }

    #[test]
    fn times_of_day() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        assert_eq!(parse_time_of_day("06:30"), Ok(t(6, 30, 0)));
        assert_eq!(parse_time_of_day("6:30"), Ok(t(6, 30, 0)));
        assert_eq!(parse_time_of_day("17:05:09"), Ok(t(17, 5, 9)));
        assert_eq!(parse_time_of_day("6h30"), Ok(t(6, 30, 0)));
        assert_eq!(parse_time_of_day("6h"), Ok(t(6, 0, 0)));
        assert_eq!(parse_time_of_day("17H05"), Ok(t(17, 5, 0)));
        for bad in ["24:00", "6:3", "630", "6h60", "ab:cd", "", "6h30m", "-1:00"] {
            assert!(parse_time_of_day(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn an_unfinished_vietnamese_weekday_is_no_weekday() {
        for s in ["Thứ", "thứ", "THỨ", " Thứ ", "Thư", "Thừ"] {
            assert_eq!(parse_weekday(s), None, "{s}");
        }
        assert_eq!(parse_weekday("Thu"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("thu"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("Thứ Năm"), Some(Weekday::Thu));
    }

    #[test]
    fn weekdays_in_three_spellings() {
        use Weekday::*;
        for (s, d) in [
            ("T2", Mon),
            ("t7", Sat),
            ("CN", Sun),
            ("Thứ Hai", Mon),
            ("thứ tư", Wed),
            ("Thu Nam", Thu),
            ("Chủ nhật", Sun),
            ("Chủ Nhật", Sun),
            ("Thứ 6", Fri),
            ("Mon", Mon),
            ("sunday", Sun),
        ] {
            assert_eq!(parse_weekday(s), Some(d), "{s}");
        }
        assert_eq!(parse_weekday("1"), None);
        assert_eq!(parse_weekday("T8"), None);
        // NFD input (as a Mac writes it) folds the same.
        let nfd: String = "Thứ Bảy".nfd().collect();
        assert_eq!(parse_weekday(&nfd), Some(Sat));
    }

    #[test]
    fn quarters() {
        for (written, want) in [
            ("2014-Q1", (2014, 1)),
            ("2014-q4", (2014, 4)),
            ("2026 - Q4", (2026, 4)),
            ("Q2-2014", (2014, 2)),
            ("Q4/2026", (2026, 4)),
            ("q4 / 2026", (2026, 4)),
            ("Quý 4/2026", (2026, 4)),
            ("Quý IV/2026", (2026, 4)),
            ("quý iv/2026", (2026, 4)),
            ("QUÝ II/2026", (2026, 2)),
            ("Quy 4/2026", (2026, 4)),
            ("Quy IV-2026", (2026, 4)),
            ("2026-Quý 4", (2026, 4)),
            ("  Quý   III /2014 ", (2014, 3)),
            ("Quý I/2014", (2014, 1)),
            ("IV/2026", (2026, 4)),
            ("i/2014", (2014, 1)),
        ] {
            assert_eq!(parse_quarter(written), Ok(want), "{written}");
        }
        // NFD input (as a Mac writes it) reads the same.
        let nfd: String = "Quý IV/2026".nfd().collect();
        assert_eq!(parse_quarter(&nfd), Ok((2026, 4)));
        for refused in [
            "2014-Q5",
            "2014-Q0",
            "2014",
            "",
            "Q4",
            "4/2026",
            "04/2026",
            "2026-04",
            "IV-2026",
            "Quý 5/2026",
            "Quý V/2026",
            "Quý IIII/2026",
            "Q4/26",
            "Q4/20266",
            "2026-Q4-1",
            "Q4/2026/1",
            "Quý 4 năm 2026",
            "Quarter 4/2026",
            "Qúy 4/x026",
        ] {
            let e = parse_quarter(refused).expect_err(refused);
            // The refusal lists what is accepted.
            let hint = crate::diag::english(&e.hint);
            assert!(
                hint.contains("Q4/2026") && hint.contains("Quý IV/2026"),
                "{hint}"
            );
        }
        let (a, b) = quarter_dates(2014, 1).unwrap();
        assert_eq!(
            (date_vi(a), date_vi(b)),
            ("01/01/2014".into(), "31/03/2014".into())
        );
        let (a, b) = quarter_dates(2014, 4).unwrap();
        assert_eq!(
            (date_vi(a), date_vi(b)),
            ("01/10/2014".into(), "31/12/2014".into())
        );
    }

    #[test]
    fn times_and_lengths_in_words() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        assert_eq!(time_vi(t(6, 30, 0)), "06h30");
        assert_eq!(time_vi(t(17, 5, 9)), "17h05m09s");
        let en = |m: &Msg| crate::diag::english(m);
        for (secs, want) in [
            (0.0, "0 s"),
            (2.54, "3 s"),
            (9.96, "10 s"),
            (12.4, "12 s"),
            (60.0, "1 min"),
            (280.0, "4 min 40 s"),
            (3600.0, "1 h"),
            (3725.0, "1 h 2 min 5 s"),
            (3605.0, "1 h 5 s"),
            (-3.0, "0 s"),
            (f64::NAN, "0 s"),
        ] {
            assert_eq!(en(&span(secs)), want, "{secs}");
        }
        assert_eq!(decimal(279.6, 1, Lang::Vi), "279,6");
        assert_eq!(decimal(279.6, 1, Lang::En), "279.6");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_hms(0.0), "0:00:00");
        assert_eq!(duration_hms(125.4), "0:02:05");
        assert_eq!(duration_hms(3725.0), "1:02:05");
        assert_eq!(duration_hms(f64::NAN), "0:00:00");
    }
}
