//! The CCHC report (báo cáo CCHC): the airing log of a period, as the
//! office files it, built from rows (rows in, report out). The binary
//! words it (CSV, JSON, XLSX, the sentence) in the report's language.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::airlog::{AiringRow, AlertRow, Status};
use crate::topics::TopicList;

/// What kind of window a period is, for its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodKind {
    Quarter {
        year: i32,
        q: u32,
    },
    Month {
        year: i32,
        month: u32,
    },
    Year(i32),
    /// A window named in `loaxa.toml` (e.g. "Quý I" of CV 581, 15/12–14/03).
    Named {
        label: String,
        year: i32,
    },
    Dates,
}

/// A reporting period, inclusive, in local dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: PeriodKind,
}

impl Period {
    pub fn quarter(year: i32, q: u32) -> Option<Period> {
        let (from, to) = crate::timefmt::quarter_dates(year, q)?;
        Some(Period {
            from,
            to,
            kind: PeriodKind::Quarter { year, q },
        })
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period {
            from,
            to: next.pred_opt()?,
            kind: PeriodKind::Month { year, month },
        })
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
            kind: PeriodKind::Year(year),
        })
    }

    /// A named window of `year` from day/month `from` to day/month `to`:
    /// when `from` comes after `to` in the calendar, the window starts in
    /// the year before (Quý I of CV 581: 15/12 of last year to 14/03).
    pub fn window(label: &str, from: (u32, u32), to: (u32, u32), year: i32) -> Option<Period> {
        let start_year = if (from.1, from.0) > (to.1, to.0) {
            year - 1
        } else {
            year
        };
        // 29/02 in a year without it is that February's last day.
        let day = |y: i32, (d, m): (u32, u32)| {
            NaiveDate::from_ymd_opt(y, m, d).or_else(|| {
                (m == 2 && d == 29)
                    .then(|| NaiveDate::from_ymd_opt(y, 2, 28))
                    .flatten()
            })
        };
        Some(Period {
            from: day(start_year, from)?,
            to: day(year, to)?,
            kind: PeriodKind::Named {
                label: label.to_string(),
                year,
            },
        })
    }

    pub fn dates(from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            from,
            to,
            kind: PeriodKind::Dates,
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }

    /// For file names: `2014-01-01_2014-03-31`.
    pub fn slug(&self) -> String {
        format!("{}_{}", self.from, self.to)
    }
}

/// Per topic (or month): distinct bulletins, completed airings, minutes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicTotals {
    pub bulletins: usize,
    pub airings: usize,
    pub seconds: f64,
}

/// Which log a report was built from, and where its chain stood.
#[derive(Debug, Clone, PartialEq)]
pub struct LogInfo {
    pub station: String,
    pub file: String,
    pub records: usize,
    pub head: String,
    /// The hash of its first line: the same for every copy of one log.
    pub genesis: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub station: String,
    pub period: Period,
    pub rows: Vec<AiringRow>,
    /// Per row: `Some(true)` for a recording's first completed airing in
    /// the log (phát mới), `Some(false)` for later ones (phát lại).
    pub first_airing: Vec<Option<bool>>,
    /// CCHC topics in list order, with totals (topics with no airing included).
    pub topics: Vec<(String, TopicTotals)>,
    /// All CCHC topics together.
    pub total: TopicTotals,
    /// CCHC totals per month of the period: (year, month).
    pub months: BTreeMap<(i32, u32), TopicTotals>,
    /// Completed CCHC airings per week, by the week's Monday.
    pub weeks: BTreeMap<NaiveDate, usize>,
    /// Rows not counted because they did not air in full, by status.
    pub not_counted: BTreeMap<Option<Status>, usize>,
    /// The logs it was built from (one, or several for a roll-up).
    pub logs: Vec<LogInfo>,
    /// Several stations: rows name theirs.
    pub rollup: bool,
    /// The warnings (CAP alerts) met in the period (`alerts_in`).
    pub alerts: Vec<AlertRow>,
}

fn recording(r: &AiringRow) -> String {
    r.sha256.clone().unwrap_or_else(|| r.file.clone())
}

/// Per row of `rows`: whether it is a recording's first completed airing
/// anywhere in `all` (phát mới), even before the period; `None` for rows
/// that did not air in full.
fn first_airings(all: &[AiringRow], rows: &[AiringRow]) -> Vec<Option<bool>> {
    let mut first_seen: HashMap<(Option<&str>, String), &str> = HashMap::new();
    for r in all.iter().filter(|r| !r.simulated) {
        if r.status == Some(Status::Completed) {
            first_seen
                .entry((r.station.as_deref(), recording(r)))
                .or_insert(r.id.as_str());
        }
    }
    rows.iter()
        .map(|r| {
            (r.status == Some(Status::Completed)).then(|| {
                first_seen.get(&(r.station.as_deref(), recording(r))) == Some(&r.id.as_str())
            })
        })
        .collect()
}

/// Builds the report of `period` from all rows of the log(s).
pub fn build(station: &str, period: Period, all: &[AiringRow], topics: &TopicList) -> Report {
    let rows: Vec<AiringRow> = all
        .iter()
        // A simulation's records are never evidence.
        .filter(|r| !r.simulated && period.contains(r.date()))
        .cloned()
        .collect();
    let first_airing = first_airings(all, &rows);
    let mut per: BTreeMap<&str, (BTreeSet<String>, TopicTotals)> = BTreeMap::new();
    let mut per_month: BTreeMap<(i32, u32), (BTreeSet<String>, TopicTotals)> = BTreeMap::new();
    let mut weeks: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut all_bulletins = BTreeSet::new();
    let mut total = TopicTotals::default();
    let mut not_counted = BTreeMap::new();
    for r in &rows {
        if r.status != Some(Status::Completed) {
            *not_counted.entry(r.status).or_insert(0) += 1;
            continue;
        }
        let Some(topic) = r.topic.as_deref().filter(|t| topics.is_cchc(t)) else {
            continue;
        };
        // Per station in a roll-up: the same recording at two communes is
        // two bulletins aired.
        let key = format!("{}|{}", r.station.as_deref().unwrap_or(""), recording(r));
        let secs = r.played.unwrap_or(0.0);
        let (set, t) = per.entry(topic).or_default();
        set.insert(key.clone());
        t.airings += 1;
        t.seconds += secs;
        let d = r.date();
        let (mset, m) = per_month.entry((d.year(), d.month())).or_default();
        mset.insert(key.clone());
        m.airings += 1;
        m.seconds += secs;
        let monday = d - chrono::Duration::days(d.weekday().num_days_from_monday().into());
        *weeks.entry(monday).or_insert(0) += 1;
        all_bulletins.insert(key);
        total.airings += 1;
        total.seconds += secs;
    }
    total.bulletins = all_bulletins.len();
    let topic_rows = topics
        .iter()
        .filter(|t| t.cchc)
        .map(|t| {
            let totals = per
                .get(t.code.as_str())
                .map(|(set, tt)| TopicTotals {
                    bulletins: set.len(),
                    ..tt.clone()
                })
                .unwrap_or_default();
            (t.code.clone(), totals)
        })
        .collect();
    let months = per_month
        .into_iter()
        .map(|(k, (set, t))| {
            (
                k,
                TopicTotals {
                    bulletins: set.len(),
                    ..t
                },
            )
        })
        .collect();
    let rollup = rows
        .iter()
        .filter_map(|r| r.station.as_deref())
        .collect::<BTreeSet<_>>()
        .len()
        > 1;
    Report {
        station: station.to_string(),
        period,
        rows,
        first_airing,
        topics: topic_rows,
        total,
        months,
        weeks,
        not_counted,
        logs: Vec::new(),
        rollup,
        alerts: Vec::new(),
    }
}

/// The warnings (CAP alerts) met in the period, for the report: each with
/// what loaxa did and when it reached the loudspeakers.
pub fn alerts_in(period: &Period, alerts: Vec<AlertRow>) -> Vec<AlertRow> {
    alerts
        .into_iter()
        .filter(|a| period.contains(a.logged.date_naive()))
        .collect()
}

/// Seconds that went out, for rows that aired (in full or in part).
pub fn aired_seconds(r: &AiringRow) -> Option<f64> {
    match r.status {
        Some(Status::Completed | Status::Interrupted) => r.played,
        _ => None,
    }
}
