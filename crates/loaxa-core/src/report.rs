//! The CCHC report (báo cáo CCHC): the airing log of a period, as the
//! office files it, built from rows (rows in, report out). The binary
//! words it (CSV, JSON, XLSX, the sentence) in the report's language.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, Datelike, NaiveDate};

use crate::airlog::{AiringRow, AlertRow, Record, Status};
use crate::schedule::Priority;
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

impl TopicTotals {
    /// Another station's: bulletins are counted per station, so they add up.
    fn add(&mut self, other: &TopicTotals) {
        self.bulletins += other.bulletins;
        self.airings += other.airings;
        self.seconds += other.seconds;
    }
}

/// Which log a report was built from, and where its chain stood.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogInfo {
    pub station: String,
    pub file: String,
    pub records: usize,
    pub head: String,
    /// The hash of its first line: the same for every copy of one log.
    pub genesis: String,
}

/// One station of a report, from its log (a commune that sends two logs,
/// say after its PC was replaced, is two entries), and how its schedule
/// went in the period.
///
/// Everything is counted from the log's rows of the period (an item
/// belongs to the day it started, else the day it was due); a
/// simulation's rows never count. An item is one recording, text or relay
/// of a program.
/// - `scheduled()`: every item the log says was due in the period — from
///   a schedule, a warning, an emergency or played by hand — whatever
///   became of it (every status, and items with no end record yet);
/// - `aired()`: those that played to their end (`completed`);
/// - `missed()`: those whose time passed without them (`missed`: loaxa was
///   not running, the clock jumped, another program held the air past the
///   grace window). The rest of `scheduled` are interrupted, failed (the
///   output), skipped (the file) or still on air: `statuses` has each.
/// - `emergency_airings`, `relays`: items of emergency priority (khẩn
///   cấp), and relay items, that went on air (in full or cut short);
/// - `silence_problems`: silences on air the station heard (`silence`
///   records that began in the period);
/// - `total` and `topics`: the CCHC counts of the report (completed items
///   with a CCHC topic), for this station alone.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StationTotals {
    pub station: String,
    pub log: LogInfo,
    pub total: TopicTotals,
    /// Every CCHC topic in list order, with this station's totals.
    pub topics: Vec<(String, TopicTotals)>,
    /// Items of the period by status (`None`: no end record yet).
    pub statuses: BTreeMap<Option<Status>, usize>,
    pub emergency_airings: usize,
    pub relays: usize,
    pub silence_problems: usize,
}

impl StationTotals {
    /// Items of the period with this status.
    pub fn with_status(&self, s: Option<Status>) -> usize {
        self.statuses.get(&s).copied().unwrap_or(0)
    }

    /// Every item due in the period, whatever became of it.
    pub fn scheduled(&self) -> usize {
        self.statuses.values().sum()
    }

    /// Items that played to their end.
    pub fn aired(&self) -> usize {
        self.with_status(Some(Status::Completed))
    }

    /// Items whose time passed without them.
    pub fn missed(&self) -> usize {
        self.with_status(Some(Status::Missed))
    }

    /// `aired / scheduled`, from 0 to 1; none when nothing was due.
    pub fn success_ratio(&self) -> Option<f64> {
        let scheduled = self.scheduled();
        (scheduled > 0).then(|| self.aired() as f64 / scheduled as f64)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub station: String,
    pub period: Period,
    /// The rows of the period, when listed (`rows_listed`).
    pub rows: Vec<AiringRow>,
    /// Per row: `Some(true)` for a recording's first completed airing in
    /// the log (phát mới), `Some(false)` for later ones (phát lại).
    pub first_airing: Vec<Option<bool>>,
    /// Rows of the period in all, listed or not.
    pub row_count: usize,
    /// Whether `rows` lists them: always for one station; for a roll-up,
    /// while they fit the limit it was built with.
    pub rows_listed: bool,
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
    /// Per station (per log), in the order the logs were read.
    pub stations: Vec<StationTotals>,
    /// Several stations: rows name theirs.
    pub rollup: bool,
    /// The warnings (CAP alerts) met in the period (`alerts_in`).
    pub alerts: Vec<AlertRow>,
}

impl Report {
    /// All stations together: the report's CCHC totals, and the sums of
    /// the stations' items, emergencies, relays and silences.
    pub fn all_stations(&self) -> StationTotals {
        let mut all = StationTotals {
            station: self.station.clone(),
            total: self.total.clone(),
            topics: self.topics.clone(),
            ..StationTotals::default()
        };
        for s in &self.stations {
            for (k, n) in &s.statuses {
                *all.statuses.entry(*k).or_insert(0) += n;
            }
            all.emergency_airings += s.emergency_airings;
            all.relays += s.relays;
            all.silence_problems += s.silence_problems;
        }
        all
    }
}

fn recording(r: &AiringRow) -> &str {
    r.sha256.as_deref().unwrap_or(&r.file)
}

/// The rows of `period` (never a simulation's) out of all of one log's,
/// each with whether it is a recording's first completed airing in the
/// log, even before the period (phát mới); `None` for rows that did not
/// air in full.
fn of_period(period: &Period, all: Vec<AiringRow>) -> (Vec<AiringRow>, Vec<Option<bool>>) {
    let mut seen: HashSet<String> = HashSet::new();
    let mut rows = Vec::new();
    let mut first = Vec::new();
    for r in all.into_iter().filter(|r| !r.simulated) {
        let fresh = (r.status == Some(Status::Completed))
            .then(|| !seen.contains(recording(&r)) && seen.insert(recording(&r).to_string()));
        if period.contains(r.date()) {
            rows.push(r);
            first.push(fresh);
        }
    }
    (rows, first)
}

/// What one station's rows of the period add up to.
#[derive(Default)]
struct Tally {
    total: TopicTotals,
    topics: BTreeMap<String, TopicTotals>,
    months: BTreeMap<(i32, u32), TopicTotals>,
    weeks: BTreeMap<NaiveDate, usize>,
    statuses: BTreeMap<Option<Status>, usize>,
    emergency_airings: usize,
    relays: usize,
}

fn is_emergency(r: &AiringRow) -> bool {
    r.priority.as_deref().and_then(Priority::parse) == Some(Priority::Emergency)
}

/// Counts one station's rows of the period: a recording aired again is
/// the same bulletin (distinct by SHA-256, else by file).
fn tally(rows: &[AiringRow], topics: &TopicList) -> Tally {
    let mut t = Tally::default();
    let mut all_bulletins = BTreeSet::new();
    let mut per_topic: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut per_month: BTreeMap<(i32, u32), BTreeSet<&str>> = BTreeMap::new();
    for r in rows {
        *t.statuses.entry(r.status).or_insert(0) += 1;
        let on_air = matches!(r.status, Some(Status::Completed | Status::Interrupted));
        t.relays += usize::from(on_air && r.relay.is_some());
        t.emergency_airings += usize::from(on_air && is_emergency(r));
        if r.status != Some(Status::Completed) {
            continue;
        }
        let Some(topic) = r.topic.as_deref().filter(|t| topics.is_cchc(t)) else {
            continue;
        };
        let (key, secs, d) = (recording(r), played(r).unwrap_or(0.0), r.date());
        per_topic.entry(topic).or_default().insert(key);
        let tt = t.topics.entry(topic.to_string()).or_default();
        tt.airings += 1;
        tt.seconds += secs;
        per_month
            .entry((d.year(), d.month()))
            .or_default()
            .insert(key);
        let m = t.months.entry((d.year(), d.month())).or_default();
        m.airings += 1;
        m.seconds += secs;
        let monday = d - chrono::Duration::days(d.weekday().num_days_from_monday().into());
        *t.weeks.entry(monday).or_insert(0) += 1;
        all_bulletins.insert(key);
        t.total.airings += 1;
        t.total.seconds += secs;
    }
    t.total.bulletins = all_bulletins.len();
    for (code, set) in per_topic {
        t.topics.entry(code.to_string()).or_default().bulletins = set.len();
    }
    for (k, set) in per_month {
        t.months.entry(k).or_default().bulletins = set.len();
    }
    t
}

/// Every CCHC topic in list order, with its totals out of `per`.
fn in_list_order(
    topics: &TopicList,
    per: &BTreeMap<String, TopicTotals>,
) -> Vec<(String, TopicTotals)> {
    topics
        .iter()
        .filter(|t| t.cchc)
        .map(|t| {
            (
                t.code.clone(),
                per.get(&t.code).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

/// Builds a report one log at a time: each log's rows are added up into
/// its station's totals and the report's, then let go, so a province's
/// logs are never held at once. The rows of the period are kept, to be
/// listed, while there are at most `list_at_most` in all; past that none
/// are (`rows_listed` false), only the totals.
pub struct Builder<'t> {
    topics: &'t TopicList,
    list_at_most: usize,
    per_topic: BTreeMap<String, TopicTotals>,
    report: Report,
}

impl<'t> Builder<'t> {
    pub fn new(period: Period, topics: &'t TopicList, list_at_most: usize) -> Builder<'t> {
        Builder {
            topics,
            list_at_most,
            per_topic: BTreeMap::new(),
            report: Report {
                station: String::new(),
                period,
                rows: Vec::new(),
                first_airing: Vec::new(),
                row_count: 0,
                rows_listed: true,
                topics: Vec::new(),
                total: TopicTotals::default(),
                months: BTreeMap::new(),
                weeks: BTreeMap::new(),
                not_counted: BTreeMap::new(),
                logs: Vec::new(),
                stations: Vec::new(),
                rollup: false,
                alerts: Vec::new(),
            },
        }
    }

    /// The logs added so far.
    pub fn logs(&self) -> impl Iterator<Item = &LogInfo> {
        self.report.stations.iter().map(|s| &s.log)
    }

    /// Adds one station's log: all its rows (the period's are taken out),
    /// its warnings (those of the period are kept) and its silences on air
    /// in the period (`silence_problems`).
    pub fn add_log(
        &mut self,
        log: LogInfo,
        all: Vec<AiringRow>,
        alerts: Vec<AlertRow>,
        silence_problems: usize,
    ) {
        let rep = &mut self.report;
        let (rows, first) = of_period(&rep.period, all);
        let t = tally(&rows, self.topics);
        for (code, tt) in &t.topics {
            self.per_topic.entry(code.clone()).or_default().add(tt);
        }
        for (k, m) in &t.months {
            rep.months.entry(*k).or_default().add(m);
        }
        for (k, n) in &t.weeks {
            *rep.weeks.entry(*k).or_insert(0) += n;
        }
        for (k, n) in t
            .statuses
            .iter()
            .filter(|(k, _)| **k != Some(Status::Completed))
        {
            *rep.not_counted.entry(*k).or_insert(0) += n;
        }
        rep.total.add(&t.total);
        rep.alerts.extend(alerts_in(&rep.period, alerts));
        rep.row_count += rows.len();
        if rep.rows_listed && rep.rows.len().saturating_add(rows.len()) <= self.list_at_most {
            rep.rows.extend(rows);
            rep.first_airing.extend(first);
        } else if rep.rows_listed {
            // Past the limit: none listed, and the memory let go.
            rep.rows_listed = false;
            rep.rows = Vec::new();
            rep.first_airing = Vec::new();
        }
        rep.stations.push(StationTotals {
            station: log.station.clone(),
            log,
            topics: in_list_order(self.topics, &t.topics),
            total: t.total,
            statuses: t.statuses,
            emergency_airings: t.emergency_airings,
            relays: t.relays,
            silence_problems,
        });
    }

    /// The report, named `station` (the station, or the roll-up's stations).
    pub fn finish(self, station: &str) -> Report {
        let mut rep = self.report;
        rep.station = station.to_string();
        rep.topics = in_list_order(self.topics, &self.per_topic);
        rep.logs = rep.stations.iter().map(|s| s.log.clone()).collect();
        rep.rollup = rep.stations.len() > 1;
        rep
    }
}

/// Builds the report of `period` from all rows of one station's log.
pub fn build(station: &str, period: Period, all: &[AiringRow], topics: &TopicList) -> Report {
    let mut b = Builder::new(period, topics, usize::MAX);
    let log = LogInfo {
        station: station.to_string(),
        ..LogInfo::default()
    };
    b.add_log(log, all.to_vec(), Vec::new(), 0);
    let mut rep = b.finish(station);
    // No log file was named: rows alone.
    rep.logs.clear();
    rep
}

/// Silences on air that `records` (one log) hold in the period, never a
/// simulation's: a station's "sự cố mất tiếng", by the day each began.
pub fn silence_problems(period: &Period, records: &[Record]) -> usize {
    records
        .iter()
        .filter(|r| match r {
            Record::Silence {
                began,
                simulated: false,
                ..
            } => DateTime::parse_from_rfc3339(began).is_ok_and(|t| period.contains(t.date_naive())),
            _ => false,
        })
        .count()
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
        Some(Status::Completed | Status::Interrupted) => played(r),
        _ => None,
    }
}

/// The longest an item can play: a day. Nothing a station airs as one
/// item is longer, so a `played` past it was not written by loaxa.
pub const LONGEST_ITEM_SECONDS: f64 = 86_400.0;

/// The seconds a row says it played, when they are a length: a number a
/// hand-made or damaged log gives that is negative, not finite or longer
/// than a day counts no minutes (a report never takes minutes away, nor
/// adds up to infinity, from one line).
pub fn played(r: &AiringRow) -> Option<f64> {
    r.played
        .filter(|s| s.is_finite() && (0.0..=LONGEST_ITEM_SECONDS).contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row of `station`'s log on March `day` 2014 (local time).
    fn row(day: u32, topic: Option<&str>, sha: &str, status: Option<Status>) -> AiringRow {
        let t =
            DateTime::parse_from_rfc3339(&format!("2014-03-{day:02}T06:30:00.000+07:00")).unwrap();
        AiringRow {
            id: format!("{day}-{sha}-{status:?}"),
            schedule: "schedules/cchc.json".into(),
            slot: "sang".into(),
            scheduled: t,
            index: 0,
            started: status
                .is_some_and(|s| s != Status::Missed && s != Status::Skipped)
                .then_some(t),
            ended: None,
            file: format!("{sha}.mp3"),
            sha256: Some(sha.into()),
            title: None,
            topic: topic.map(str::to_string),
            author: None,
            duration: Some(60.0),
            played: Some(60.0),
            output: "device".into(),
            status,
            reason: None,
            note: None,
            priority: None,
            simulated: false,
            station: None,
            text_sha256: None,
            engine: None,
            voice: None,
            relay: None,
            relayed: None,
        }
    }

    fn march() -> Period {
        Period::dates(
            NaiveDate::from_ymd_opt(2014, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2014, 3, 31).unwrap(),
        )
    }

    fn log(station: &str) -> LogInfo {
        LogInfo {
            station: station.into(),
            file: format!("{station}.jsonl"),
            records: 10,
            head: "ab".repeat(32),
            genesis: station.into(),
        }
    }

    use Status::*;

    /// One station's rows: what is scheduled, aired, missed, and what
    /// went on air as an emergency or a relay.
    fn a_station() -> Vec<AiringRow> {
        let emergency = |status| AiringRow {
            priority: Some("khẩn cấp".into()),
            ..row(5, None, "bao", Some(status))
        };
        let relay = |status| AiringRow {
            relay: Some("http://vov1/live".into()),
            ..row(6, None, "vov1", Some(status))
        };
        vec![
            row(1, Some("mot-cua"), "a", Some(Completed)),
            row(2, Some("mot-cua"), "a", Some(Completed)),
            row(3, None, "nhac", Some(Completed)),
            row(3, Some("dan-van"), "b", Some(Interrupted)),
            row(4, Some("dan-van"), "c", Some(Missed)),
            row(4, Some("dan-van"), "d", Some(Skipped)),
            row(4, Some("dan-van"), "e", Some(Failed)),
            row(7, Some("dan-van"), "f", None),
            emergency(Interrupted),
            emergency(Completed),
            relay(Completed),
            relay(Missed),
            // A simulation and another month are never counted.
            AiringRow {
                simulated: true,
                ..row(8, Some("mot-cua"), "sim", Some(Completed))
            },
            AiringRow {
                scheduled: DateTime::parse_from_rfc3339("2014-04-01T06:30:00+07:00").unwrap(),
                started: None,
                ..row(9, Some("mot-cua"), "april", Some(Missed))
            },
        ]
    }

    #[test]
    fn a_station_counts_items_by_status_and_what_went_on_air() {
        let topics = TopicList::default();
        let mut b = Builder::new(march(), &topics, usize::MAX);
        b.add_log(log("Mỹ Thạnh"), a_station(), Vec::new(), 2);
        let r = b.finish("Mỹ Thạnh");
        assert_eq!(r.stations.len(), 1);
        assert!(!r.rollup && r.rows_listed);
        let s = &r.stations[0];
        let cases: [(&str, usize, usize); 11] = [
            ("scheduled", s.scheduled(), 12),
            ("aired", s.aired(), 5),
            ("missed", s.missed(), 2),
            ("interrupted", s.with_status(Some(Interrupted)), 2),
            ("skipped", s.with_status(Some(Skipped)), 1),
            ("failed", s.with_status(Some(Failed)), 1),
            ("on air", s.with_status(None), 1),
            ("emergency airings (in full or cut)", s.emergency_airings, 2),
            ("relays that went on air", s.relays, 1),
            ("silence problems", s.silence_problems, 2),
            ("CCHC airings", s.total.airings, 2),
        ];
        for (what, got, want) in cases {
            assert_eq!(got, want, "{what}");
        }
        assert_eq!(s.success_ratio(), Some(5.0 / 12.0));
        assert_eq!(s.total.bulletins, 1, "one recording aired twice");
        assert_eq!((r.row_count, r.rows.len()), (12, 12));
        // The report's totals are the station's.
        assert_eq!(r.total, s.total);
        assert_eq!(r.topics, s.topics);
        let all = r.all_stations();
        assert_eq!((all.scheduled(), all.aired(), all.missed()), (12, 5, 2));
        assert_eq!(
            r.not_counted.values().sum::<usize>(),
            s.scheduled() - s.aired()
        );
    }

    #[test]
    fn nothing_due_has_no_success_ratio() {
        let topics = TopicList::default();
        let mut b = Builder::new(march(), &topics, usize::MAX);
        b.add_log(log("Trống"), Vec::new(), Vec::new(), 0);
        let r = b.finish("Trống");
        assert_eq!(r.stations[0].scheduled(), 0);
        assert_eq!(r.stations[0].success_ratio(), None);
        assert_eq!(r.all_stations().success_ratio(), None);
    }

    #[test]
    fn a_roll_up_adds_up_its_stations_and_counts_bulletins_per_station() {
        let topics = TopicList::default();
        let mut b = Builder::new(march(), &topics, usize::MAX);
        b.add_log(log("Mỹ Thạnh"), a_station(), Vec::new(), 2);
        // The same recording at another commune is another bulletin aired.
        let other = vec![
            row(1, Some("mot-cua"), "a", Some(Completed)),
            row(2, Some("mot-cua"), "z", Some(Missed)),
        ];
        b.add_log(log("Mỹ Hòa"), other, Vec::new(), 0);
        let names: Vec<&str> = b.logs().map(|l| l.station.as_str()).collect();
        assert_eq!(names, ["Mỹ Thạnh", "Mỹ Hòa"]);
        let r = b.finish("2 đài");
        assert!(r.rollup);
        assert_eq!(r.logs.len(), 2);
        let hoa = &r.stations[1];
        assert_eq!(
            (
                hoa.scheduled(),
                hoa.aired(),
                hoa.missed(),
                hoa.success_ratio()
            ),
            (2, 1, 1, Some(0.5))
        );
        assert_eq!(
            (r.total.bulletins, r.total.airings),
            (2, 3),
            "a: once per station"
        );
        let mot_cua = r.topics.iter().find(|t| t.0 == "mot-cua").unwrap();
        assert_eq!((mot_cua.1.bulletins, mot_cua.1.airings), (2, 3));
        assert_eq!(r.months.get(&(2014, 3)).map(|m| m.bulletins), Some(2));
        let all = r.all_stations();
        assert_eq!(
            (
                all.scheduled(),
                all.aired(),
                all.missed(),
                all.silence_problems
            ),
            (14, 6, 3, 2)
        );
        // Each row's first airing is in its own log.
        assert_eq!(r.first_airing[0], Some(true));
        assert_eq!(r.first_airing[1], Some(false));
        assert_eq!(r.first_airing[12], Some(true), "Mỹ Hòa's own first");
    }

    #[test]
    fn past_the_limit_no_row_is_listed_but_every_one_counts() {
        let topics = TopicList::default();
        let mut b = Builder::new(march(), &topics, 13);
        b.add_log(log("Mỹ Thạnh"), a_station(), Vec::new(), 0);
        b.add_log(log("Mỹ Hòa"), a_station(), Vec::new(), 0);
        // A third log after the limit was passed lists nothing either.
        b.add_log(
            log("Mỹ Lợi"),
            vec![row(1, None, "x", Some(Completed))],
            Vec::new(),
            0,
        );
        let r = b.finish("3 đài");
        assert!(!r.rows_listed);
        assert!(r.rows.is_empty() && r.first_airing.is_empty());
        assert_eq!(r.row_count, 25);
        assert_eq!(r.all_stations().scheduled(), 25);
        assert_eq!(r.total.airings, 4);
    }

    #[test]
    fn a_played_that_is_no_length_counts_no_minutes() {
        let topics = TopicList::default();
        let cases: [(f64, Option<f64>); 8] = [
            (60.0, Some(60.0)),
            (0.0, Some(0.0)),
            (LONGEST_ITEM_SECONDS, Some(LONGEST_ITEM_SECONDS)),
            (-1e9, None),
            (-0.5, None),
            (1.7e308, None),
            (f64::INFINITY, None),
            (f64::NAN, None),
        ];
        for (given, want) in cases {
            let r = AiringRow {
                played: Some(given),
                ..row(1, Some("mot-cua"), "a", Some(Completed))
            };
            assert_eq!(played(&r), want, "{given}");
            assert_eq!(aired_seconds(&r), want, "{given}");
        }
        // Two lines of 1.7e308 seconds and one of -1e9: the airings
        // count, the minutes are the real line's only.
        let rows: Vec<AiringRow> = [1.7e308, 1.7e308, -1e9, 90.0]
            .iter()
            .enumerate()
            .map(|(i, s)| AiringRow {
                played: Some(*s),
                ..row(i as u32 + 1, Some("mot-cua"), "a", Some(Completed))
            })
            .collect();
        let r = build("Xã Thử", march(), &rows, &topics);
        assert_eq!((r.total.airings, r.total.seconds), (4, 90.0));
        assert_eq!(r.months.get(&(2014, 3)).map(|m| m.seconds), Some(90.0));
    }

    #[test]
    fn silences_of_the_period_count_never_a_simulations() {
        let silence = |began: &str, simulated| Record::Silence {
            id: "x".into(),
            file: "tin.mp3".into(),
            began: began.into(),
            ended: began.into(),
            source: crate::airlog::SilenceSource::Output,
            logged: began.into(),
            simulated,
        };
        let records = [
            silence("2014-03-01T00:10:00.000+07:00", false),
            silence("2014-03-31T23:59:00.000+07:00", false),
            silence("2014-03-15T10:00:00.000+07:00", true),
            silence("2014-02-28T23:59:00.000+07:00", false),
            silence("not a time", false),
        ];
        assert_eq!(silence_problems(&march(), &records), 2);
    }
}
