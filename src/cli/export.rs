//! `loaxa export`: the CCHC report of a period, from the station's own log
//! or (a roll-up) from the logs given, as CSV (UTF-8, or UTF-16 with tabs
//! for Excel), JSON or XLSX.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{CliError, Ctx, Invalid};
#[cfg(test)]
pub(crate) use crate::answers::export::ExportError;
pub(crate) use crate::answers::export::{
    Format, ReportLang, Request, Which, compute, file_name, lang_of, period_of, write,
};
use crate::i18n::{self, Lang};
#[cfg(test)]
use crate::report::{Period, ReportText as _};
use crate::station::Station;

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
    #[arg(long = "log-dir", value_name = "DIR")]
    pub(crate) log_dirs: Vec<PathBuf>,
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
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
        let which = Which {
            quarter: args.quarter,
            month: args.month,
            period: args.period,
            year: args.year,
            from: args.from,
            to: args.to,
        };
        let period = period_of(station, &which, today)?;
        let dest = args
            .output
            .unwrap_or_else(|| file_name(&period, args.format));
        Ok(Request {
            period,
            format: args.format,
            lang: lang_of(args.lang, lang),
            logs: args.logs,
            log_dirs: args.log_dirs,
            dest,
            made: today,
        })
    }
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
            log_dirs: Vec::new(),
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
        // The CSV for Excel is named beside the plain one, not over it.
        let r = request(Args {
            quarter: Some("Q4/2026".into()),
            format: Format::CsvExcel,
            ..args()
        })
        .unwrap();
        assert_eq!(
            r.dest,
            PathBuf::from("bao-cao-cchc_2026-10-01_2026-12-31_excel.csv")
        );
    }

    #[test]
    fn a_new_station_knows_cv_581_periods_and_quarters_as_written() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (name, year, from, to) in [
            ("quy-1", None, d(2024, 12, 15), d(2025, 3, 14)),
            ("Quý I", Some(2027), d(2026, 12, 15), d(2027, 3, 14)),
            ("6-thang", None, d(2024, 12, 15), d(2025, 6, 14)),
            ("quy-3", Some(2026), d(2026, 6, 15), d(2026, 9, 14)),
            ("nam", Some(2026), d(2025, 12, 15), d(2026, 12, 14)),
        ] {
            let r = request(Args {
                period: Some(name.into()),
                year,
                ..args()
            })
            .unwrap();
            assert_eq!((r.period.from, r.period.to), (from, to), "{name}");
        }
        for q in [
            "2026-Q4",
            "Q4/2026",
            "Q4-2026",
            "Quý 4/2026",
            "Quý IV/2026",
            "quy iv/2026",
        ] {
            let r = request(Args {
                quarter: Some(q.into()),
                ..args()
            })
            .unwrap();
            assert_eq!(r.period, Period::quarter(2026, 4).unwrap(), "{q}");
        }
    }

    #[test]
    fn a_station_window_of_a_built_in_name_replaces_it() {
        let st = TempStation::new(&[]);
        std::fs::write(
            st.path().join("loaxa.toml"),
            "station = \"Xã Thử\"\n[[periods]]\nname = \"quy-1\"\nlabel = \"Quý I\"\nfrom = \"01/01\"\nto = \"31/03\"\n[[periods]]\nname = \"quy-4\"\nlabel = \"Quý IV\"\nfrom = \"15/09\"\nto = \"14/12\"\n",
        )
        .unwrap();
        let station = st.open();
        let names: Vec<&str> = station
            .settings
            .periods
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(names, ["quy-1", "quy-4", "6-thang", "quy-3", "nam"]);
        let ask = |name: &str| {
            let a = Args {
                period: Some(name.into()),
                year: Some(2026),
                ..args()
            };
            Request::new(a, &station, today(), Lang::Vi).unwrap().period
        };
        let q1 = ask("quy-1");
        assert_eq!(q1.from, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let q4 = ask("Quý IV");
        assert_eq!(q4.to, NaiveDate::from_ymd_opt(2026, 12, 14).unwrap());
        assert_eq!(
            ask("nam").from,
            NaiveDate::from_ymd_opt(2025, 12, 15).unwrap()
        );
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
                    period: Some("quy-9".into()),
                    ..args()
                },
                Invalid::NoSuchPeriod {
                    name: "quy-9".into(),
                    known: ["quy-1", "6-thang", "quy-3", "nam"]
                        .map(String::from)
                        .to_vec(),
                },
            ),
            (
                Args {
                    quarter: Some("Quý 5/2025".into()),
                    ..args()
                },
                Invalid::Quarter(crate::timefmt::parse_quarter("Quý 5/2025").unwrap_err()),
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
