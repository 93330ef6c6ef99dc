//! `loaxa export`: the CCHC report of a period, from the station's own log
//! or (a roll-up) from the logs given, as CSV, JSON or XLSX.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;

use super::{CliError, Ctx, Invalid};
use crate::airlog;
use crate::i18n::{self, Lang};
use crate::report::{self, Period, ReportText as _};
use crate::station::Station;
use crate::timefmt;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, conflicts_with_all = ["from", "to", "month", "period"], value_name = "YYYY-QN")]
    pub(crate) quarter: Option<String>,
    #[arg(long, conflicts_with_all = ["from", "to", "period"], value_name = "YYYY-MM")]
    pub(crate) month: Option<String>,
    #[arg(long, conflicts_with_all = ["from", "to"], value_name = "NAME")]
    pub(crate) period: Option<String>,
    #[arg(long, conflicts_with_all = ["from", "to", "quarter", "month"], value_name = "YYYY")]
    pub(crate) year: Option<i32>,
    #[arg(long, value_parser = super::args::parse_date, requires = "to", value_name = "DATE")]
    pub(crate) from: Option<NaiveDate>,
    #[arg(long, value_parser = super::args::parse_date, requires = "from", value_name = "DATE")]
    pub(crate) to: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub(crate) format: Format,
    #[arg(long, value_enum)]
    pub(crate) lang: Option<ReportLang>,
    #[arg(long = "log", value_name = "FILE", num_args = 1..)]
    pub(crate) logs: Vec<PathBuf>,
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Csv,
    Json,
    Xlsx,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportLang {
    Vi,
    En,
}

/// An export as asked, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub(crate) period: Period,
    pub(crate) format: Format,
    pub(crate) lang: Lang,
    /// Other stations' logs (a roll-up); none: the station's own.
    pub(crate) logs: Vec<PathBuf>,
    /// `-`: standard output.
    pub(crate) dest: PathBuf,
}

impl Request {
    /// `today` at the station (for `--period` without `--year`); `lang`
    /// the language of the session, for a report without `--lang`.
    pub(crate) fn new(
        args: Args,
        station: &Station,
        today: NaiveDate,
        lang: Lang,
    ) -> Result<Request, Invalid> {
        let period = within_years(period(station, &args, today)?)?;
        let lang = match args.lang {
            Some(ReportLang::Vi) => Lang::Vi,
            Some(ReportLang::En) => Lang::En,
            None => lang,
        };
        let dest = args.output.unwrap_or_else(|| {
            PathBuf::from(format!(
                "bao-cao-cchc_{}.{}",
                period.slug(),
                args.format.ext()
            ))
        });
        Ok(Request {
            period,
            format: args.format,
            lang,
            logs: args.logs,
            dest,
        })
    }
}

/// A report period lies in the years a station's log can hold: a year of
/// five digits would name files `+99999-…` and mean nothing.
fn within_years(p: Period) -> Result<Period, Invalid> {
    let years = 1970..=9999;
    if !years.contains(&p.from.year()) || !years.contains(&p.to.year()) {
        return Err(Invalid::YearRange {
            from: p.from.year(),
            to: p.to.year(),
        });
    }
    Ok(p)
}

/// The period an export asks for, from whichever options were given.
fn period(station: &Station, args: &Args, today: NaiveDate) -> Result<Period, Invalid> {
    if let Some(q) = &args.quarter {
        let (y, n) = timefmt::parse_quarter(q).map_err(Invalid::Quarter)?;
        return Period::quarter(y, n).ok_or(Invalid::OutOfRange);
    }
    if let Some(m) = &args.month {
        return month(m);
    }
    if let Some(name) = &args.period {
        let key = timefmt::fold_vi(name);
        let periods = &station.settings.periods;
        let found = periods
            .iter()
            .find(|p| timefmt::fold_vi(&p.name) == key || timefmt::fold_vi(&p.label) == key);
        let Some(p) = found else {
            let known: Vec<String> = periods.iter().map(|p| p.name.clone()).collect();
            if known.is_empty() {
                return Err(Invalid::NoPeriods(name.clone()));
            }
            return Err(Invalid::NoSuchPeriod {
                name: name.clone(),
                known,
            });
        };
        return p
            .of_year(args.year.unwrap_or(today.year()))
            .ok_or(Invalid::OutOfRange);
    }
    if let Some(y) = args.year {
        return Period::year(y).ok_or(Invalid::OutOfRange);
    }
    match (args.from, args.to) {
        (Some(from), Some(to)) if from > to => Err(Invalid::FromAfterTo { from, to }),
        (Some(f), Some(t)) => Ok(Period::dates(f, t)),
        _ => Err(Invalid::WhichPeriod),
    }
}

/// `YYYY-MM` or `MM/YYYY`.
fn month(m: &str) -> Result<Period, Invalid> {
    let bad = || Invalid::Month(m.to_string());
    let (y, n) = match (m.split_once('-'), m.split_once('/')) {
        (Some((y, n)), _) => (y, n),
        (None, Some((n, y))) => (y, n),
        _ => return Err(bad()),
    };
    let y: i32 = y.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    Period::month(y, n).ok_or_else(bad)
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let station = &ctx.station;
    let req = Request::new(args, station, ctx.today(), i18n::lang())?;
    let mut out = io::stdout().lock();
    if req.dest.as_os_str() == "-" {
        let built = compute(station, &req)?;
        let summary = write(&built, station, &req, &mut out)?;
        eprint!("{summary}");
        return Ok(ExitCode::SUCCESS);
    }
    // Written aside and renamed: a failed export leaves no half file, and
    // what the name was (a link, a mode) is kept.
    let summary = crate::outfile::replace(&req.dest, |file| {
        write(&compute(station, &req)?, station, &req, file)
    })??;
    writeln!(
        out,
        "{}\n",
        t_in!(
            req.lang,
            "export-wrote",
            path = req.dest.display().to_string()
        )
    )?;
    write!(out, "{summary}")?;
    Ok(ExitCode::SUCCESS)
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Log(#[from] crate::airlog::LogError),
    #[error("{file}:{line}: {}", t!("export-broken", detail = .what))]
    Broken {
        file: String,
        line: usize,
        what: String,
    },
    #[error("{file}: {}", t!("export-not-a-log"))]
    NotALog { file: String },
    #[error("{}", t!("export-same-log", first = .first, again = .again, station = .station))]
    SameLog {
        first: String,
        again: String,
        station: String,
    },
    #[error("{}", t!("export-cannot-write", detail = .0))]
    Write(String),
}

/// The report, and where the station's own chain breaks, if it does
/// (its report is still made, with the break on it).
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) report: report::Report,
    pub(crate) own_broken: Option<(String, airlog::Broken)>,
}

/// One log read for a report: its rows, and where its chain stands.
struct Loaded {
    rows: Vec<airlog::AiringRow>,
    alerts: Vec<airlog::AlertRow>,
    info: report::LogInfo,
    broken: Option<airlog::Broken>,
}

/// Reads and verifies the logs and builds the report; a roll-up refuses a
/// log whose chain is broken, and the same log twice.
pub(crate) fn compute(station: &Station, req: &Request) -> Result<Built, ExportError> {
    let mut rows = Vec::new();
    let mut alerts = Vec::new();
    let mut infos: Vec<report::LogInfo> = Vec::new();
    let mut own_broken = None;
    if req.logs.is_empty() {
        let path = station.airing_log_path();
        // As the station knows it, wherever the command was run from.
        let shown = path
            .strip_prefix(&station.dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| station.shown(&path));
        let l = load_log(&path, &shown, Some(&station.settings.station), false)?;
        own_broken = l.broken.map(|b| (shown, b));
        rows = l.rows;
        alerts = l.alerts;
        infos.push(l.info);
    } else {
        for path in &req.logs {
            let l = load_log(path, &path.display().to_string(), None, true)?;
            // The same log twice (the same file, or a copy at any point of
            // its life) would count a commune's airings twice.
            if let Some(twin) = infos.iter().find(|i| i.genesis == l.info.genesis) {
                return Err(ExportError::SameLog {
                    first: twin.file.clone(),
                    again: l.info.file,
                    station: l.info.station,
                });
            }
            rows.extend(l.rows);
            alerts.extend(l.alerts);
            infos.push(l.info);
        }
    }
    let name = if req.logs.is_empty() {
        station.settings.station.clone()
    } else {
        let names: Vec<&str> = infos.iter().map(|i| i.station.as_str()).collect();
        t_in!(
            req.lang,
            "export-stations",
            count = names.len(),
            names = names.join(", ")
        )
    };
    let mut report = report::build(&name, req.period.clone(), &rows, &station.settings.topics);
    report.logs = infos;
    report.alerts = report::alerts_in(&req.period, alerts);
    Ok(Built { report, own_broken })
}

fn load_log(
    path: &Path,
    shown: &str,
    station: Option<&str>,
    strict: bool,
) -> Result<Loaded, ExportError> {
    let bytes = match airlog::read_bytes(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !strict => Vec::new(),
        Err(source) => {
            let path = path.to_path_buf();
            return Err(airlog::LogError::Read { path, source }.into());
        }
    };
    let v = airlog::verify(&bytes);
    if strict {
        if let Some(b) = &v.broken {
            return Err(ExportError::Broken {
                file: shown.to_string(),
                line: b.line,
                what: crate::i18n::render(&b.what),
            });
        }
        if v.records == 0 {
            let file = shown.to_string();
            return Err(ExportError::NotALog { file });
        }
    }
    let (records, _) = airlog::parse(&bytes);
    drop(bytes);
    // Whose log: the genesis says, for a log sent from elsewhere.
    let named = records.iter().rev().find_map(|r| match r {
        airlog::Record::Genesis { station, .. } => Some(station.clone()),
        _ => None,
    });
    let name = station
        .map(str::to_string)
        .or(named)
        .unwrap_or_else(|| shown.to_string());
    let mut rows = airlog::rows(&records);
    let mut alerts = airlog::alerts(&records);
    drop(records);
    if strict {
        for r in &mut rows {
            r.station = Some(name.clone());
        }
        for a in &mut alerts {
            a.station = Some(name.clone());
        }
    }
    let info = report::LogInfo {
        station: name,
        file: shown.to_string(),
        records: v.records,
        head: v.head.unwrap_or_default(),
        genesis: v.hashes.first().map(hex::encode).unwrap_or_default(),
    };
    Ok(Loaded {
        rows,
        alerts,
        info,
        broken: v.broken,
    })
}

/// Writes the report to `dest` in the format asked and returns the
/// summary for the operator.
pub(crate) fn write(
    built: &Built,
    station: &Station,
    req: &Request,
    dest: &mut dyn Write,
) -> Result<String, ExportError> {
    let (topics, lang, rep) = (&station.settings.topics, req.lang, &built.report);
    let io = |e: io::Error| ExportError::Write(e.to_string());
    match req.format {
        Format::Csv => rep.write_csv(topics, lang, dest).map_err(io)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *dest, &rep.to_json(topics, lang))
                .map_err(|e| io(io::Error::other(e)))?;
            writeln!(dest).map_err(io)?;
        }
        Format::Xlsx => crate::xlsx::write(rep, topics, lang, dest)
            .map_err(|e| ExportError::Write(e.to_string()))?,
    }
    dest.flush().map_err(io)?;
    let warning = match &built.own_broken {
        Some((shown, b)) => format!(
            "{}: {shown}:{}: {}\n",
            t!("export-warning"),
            b.line,
            t!("export-own-broken", detail = &b.what)
        ),
        None => String::new(),
    };
    Ok(warning + &rep.summary(topics, lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::TempStation;

    fn args() -> Args {
        Args {
            quarter: None,
            month: None,
            period: None,
            year: None,
            from: None,
            to: None,
            format: Format::Csv,
            lang: None,
            logs: Vec::new(),
            output: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
    }

    fn request(a: Args) -> Result<Request, Invalid> {
        let st = TempStation::new(&[]);
        Request::new(a, &st.open(), today(), Lang::Vi)
    }

    #[test]
    fn the_period_from_whichever_option_was_given() {
        let r = request(Args {
            quarter: Some("2025-Q1".into()),
            format: Format::Xlsx,
            lang: Some(ReportLang::En),
            ..args()
        })
        .unwrap();
        assert_eq!(r.period, Period::quarter(2025, 1).unwrap());
        assert_eq!(r.lang, Lang::En);
        assert_eq!(
            r.dest,
            PathBuf::from(format!("bao-cao-cchc_{}.xlsx", r.period.slug()))
        );
        for m in ["2025-03", "03/2025"] {
            let r = request(Args {
                month: Some(m.into()),
                ..args()
            })
            .unwrap();
            assert_eq!(r.period, Period::month(2025, 3).unwrap());
        }
        let r = request(Args {
            year: Some(2024),
            output: Some("-".into()),
            ..args()
        })
        .unwrap();
        assert_eq!(r.period, Period::year(2024).unwrap());
        assert_eq!(r.dest, PathBuf::from("-"));
    }

    #[test]
    fn requests_that_cannot_be_made_say_why() {
        let (from, to) = (today(), today() - chrono::Duration::days(1));
        let cases = [
            (
                Args {
                    from: Some(from),
                    to: Some(to),
                    ..args()
                },
                Invalid::FromAfterTo { from, to },
            ),
            (
                Args {
                    month: Some("13/2025".into()),
                    ..args()
                },
                Invalid::Month("13/2025".into()),
            ),
            (
                Args {
                    period: Some("quy-1".into()),
                    ..args()
                },
                Invalid::NoPeriods("quy-1".into()),
            ),
            (
                Args {
                    year: Some(99_999),
                    ..args()
                },
                Invalid::YearRange {
                    from: 99_999,
                    to: 99_999,
                },
            ),
            (args(), Invalid::WhichPeriod),
        ];
        for (a, want) in cases {
            assert_eq!(request(a).unwrap_err(), want);
        }
    }

    #[test]
    fn a_station_without_a_log_reports_nothing_aired() {
        let st = TempStation::new(&[]);
        let station = st.open();
        let mut req = request(Args {
            quarter: Some("2025-Q1".into()),
            format: Format::Json,
            ..args()
        })
        .unwrap();
        req.lang = Lang::En;
        let built = compute(&station, &req).unwrap();
        assert!(built.own_broken.is_none());
        assert_eq!(built.report.total.airings, 0);
        assert_eq!(built.report.station, "Xã Thử");
        let mut out = Vec::new();
        let summary = write(&built, &station, &req, &mut out).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert!(json.is_object());
        assert_eq!(
            summary,
            built.report.summary(&station.settings.topics, Lang::En)
        );
    }

    #[test]
    fn a_roll_up_refuses_a_file_that_is_no_log() {
        let st = TempStation::new(&[]);
        let empty = st.path().join("empty.jsonl");
        std::fs::write(&empty, "").unwrap();
        let req = request(Args {
            year: Some(2025),
            logs: vec![empty],
            ..args()
        })
        .unwrap();
        assert!(matches!(
            compute(&st.open(), &req),
            Err(ExportError::NotALog { .. })
        ));
    }
}
