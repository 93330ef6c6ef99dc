//! `loaxa simulate`: the daemon over a period on virtual time, into a log
//! of its own, and what it did, per day.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};

use super::{CliError, Ctx, Invalid, day_start};
use crate::airlog::{self, AiringRow, LogError, Status};
use crate::audio::OutputSpec;
use crate::timefmt::{date_vi, weekday_short_vi};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_parser = super::args::parse_date, value_name = "DATE")]
    pub(crate) from: NaiveDate,
    #[arg(long, value_parser = super::args::parse_date, value_name = "DATE")]
    pub(crate) to: NaiveDate,
    #[arg(long, value_parser = super::args::parse_output, value_name = "SPEC", default_value = "null")]
    pub(crate) output: OutputSpec,
}

/// The local days to simulate, both included, and an output that writes
/// files or nothing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) output: OutputSpec,
}

impl TryFrom<Args> for Request {
    type Error = Invalid;
    fn try_from(a: Args) -> Result<Request, Invalid> {
        if a.from > a.to {
            return Err(Invalid::FromAfterTo {
                from: a.from,
                to: a.to,
            });
        }
        if matches!(a.output, OutputSpec::Device(_) | OutputSpec::Raw(_)) {
            return Err(Invalid::SimOutput(a.output));
        }
        Ok(Request {
            from: a.from,
            to: a.to,
            output: a.output,
        })
    }
}

/// What a simulation did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Summary {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    /// How long it took, in seconds of real time.
    pub(crate) took: f64,
    /// Programs (slot airings) in the log.
    pub(crate) programs: usize,
    pub(crate) days: Vec<(NaiveDate, Day)>,
    /// The simulation's log, as shown.
    pub(crate) log: String,
}

/// One day's items: aired (and for how long), not aired, anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Day {
    pub(crate) aired: usize,
    pub(crate) seconds: f64,
    pub(crate) not_aired: usize,
    pub(crate) other: usize,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let req = Request::try_from(args)?;
    let station = &ctx.station;
    let began = ctx.clock.mono();
    let start = day_start(station, req.from);
    let end = day_start(station, req.to + chrono::Duration::days(1));
    let log = crate::sim::simulate(station.clone(), req.output.clone(), start, end)
        .map_err(|e| CliError::while_(t!("cli-sim-failed"), e))?;
    let took = ctx.clock.mono().saturating_sub(began).as_secs_f64();
    let summary = summarize(&req, &log, took, station.shown(&log))?;
    print(&summary, &mut std::io::stdout().lock()).map_err(|source| LogError::Write {
        path: log.clone(),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The simulation's log, folded into a summary.
pub(crate) fn summarize(
    req: &Request,
    log: &Path,
    took: f64,
    shown: String,
) -> Result<Summary, LogError> {
    let (records, _) = airlog::read(log)?;
    let rows = airlog::rows(&records);
    Ok(summary_of(req, &rows, took, shown))
}

fn summary_of(req: &Request, rows: &[AiringRow], took: f64, log: String) -> Summary {
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut programs = HashSet::new();
    for r in rows {
        let d = days.entry(r.date()).or_default();
        programs.insert((r.schedule.clone(), r.slot.clone(), r.scheduled));
        match r.status {
            Some(Status::Completed) => {
                d.aired += 1;
                d.seconds += r.played.unwrap_or(0.0);
            }
            Some(Status::Skipped | Status::Missed | Status::Failed) => d.not_aired += 1,
            _ => d.other += 1,
        }
    }
    Summary {
        from: req.from,
        to: req.to,
        took,
        programs: programs.len(),
        days: days.into_iter().collect(),
        log,
    }
}

pub(crate) fn print(s: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        t!(
            "sim-summary",
            from = date_vi(s.from),
            to = date_vi(s.to),
            seconds = crate::timefmt::decimal_arg(s.took, 2),
            programs = s.programs
        )
    )?;
    for (d, day) in &s.days {
        writeln!(
            out,
            "  {} {}  {}",
            weekday_short_vi(d.weekday()),
            date_vi(*d),
            t!(
                "sim-day",
                aired = day.aired,
                duration = crate::timefmt::span(day.seconds),
                not_aired = day.not_aired,
                other = day.other
            )
        )?;
    }
    writeln!(out, "{}", t!("sim-log", path = &s.log))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(from: u32, to: u32, output: &str) -> Args {
        Args {
            from: NaiveDate::from_ymd_opt(2025, 3, from).unwrap(),
            to: NaiveDate::from_ymd_opt(2025, 3, to).unwrap(),
            output: output.parse().unwrap(),
        }
    }

    #[test]
    fn a_simulation_runs_forwards_into_files_or_nothing() {
        assert!(Request::try_from(args(3, 4, "null")).is_ok());
        assert!(Request::try_from(args(3, 3, "wav:/tmp/x")).is_ok());
        assert!(matches!(
            Request::try_from(args(4, 3, "null")),
            Err(Invalid::FromAfterTo { .. })
        ));
        assert!(matches!(
            Request::try_from(args(3, 4, "device")),
            Err(Invalid::SimOutput(_))
        ));
    }

    #[test]
    fn an_empty_log_sums_to_nothing() {
        let req = Request::try_from(args(3, 4, "null")).unwrap();
        let s = summarize(&req, Path::new("/nonexistent/sim.jsonl"), 0.5, "x".into()).unwrap();
        assert_eq!((s.programs, s.days.len()), (0, 0));
        let mut out = Vec::new();
        print(&s, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(&format!("{}\n", t!("sim-log", path = "x"))));
        assert!(text.contains("0.50"));
    }
}
