//! `loaxa log`: one row per item airing; `loaxa log verify`: the hash
//! chain, checked from the genesis to the head.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use clap::Subcommand;

use super::{CliError, Ctx};
use crate::airlog::{self, AiringRow, BadLine, LogError};
use crate::timefmt::{date_vi, weekday_short_vi};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub(crate) action: Option<Action>,
    #[arg(long, value_parser = super::args::parse_date, value_name = "DATE")]
    pub(crate) from: Option<NaiveDate>,
    #[arg(long, value_parser = super::args::parse_date, value_name = "DATE")]
    pub(crate) to: Option<NaiveDate>,
    #[arg(long)]
    pub(crate) json: bool,
    #[arg(long)]
    pub(crate) simulated: bool,
}

#[derive(Subcommand)]
pub(crate) enum Action {
    Verify {
        #[arg(long, value_name = "SHA256")]
        head: Option<String>,
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let station = &ctx.station;
    let own = if args.simulated {
        station.simulation_log_path()
    } else {
        station.airing_log_path()
    };
    let mut out = std::io::stdout().lock();
    if let Some(Action::Verify { head, file }) = args.action {
        // A copy handed over to be checked must be there.
        let must_exist = file.is_some();
        let path = file.unwrap_or(own);
        let v = verify(&path, head.as_deref(), must_exist)?;
        print_verdict(&v, &station.shown(&path), &mut out)
            .map_err(|source| LogError::Read { path, source })?;
        return Ok(super::exit(v.ok()));
    }
    let (rows, bad) = rows(&own, args.from, args.to)?;
    let io = |source| LogError::Read {
        path: own.clone(),
        source,
    };
    print_bad_lines(&bad, &station.shown(&own), &mut std::io::stderr()).map_err(io)?;
    if args.json {
        for r in &rows {
            writeln!(out, "{}", r.to_json(&crate::i18n::render)).map_err(io)?;
        }
    } else {
        print_rows(&rows, &mut out).map_err(io)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The log's rows whose day is within `from..=to`, and the lines that
/// could not be read.
pub(crate) fn rows(
    path: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(Vec<AiringRow>, Vec<BadLine>), LogError> {
    let (records, bad) = airlog::read(path)?;
    let rows = airlog::rows(&records)
        .into_iter()
        .filter(|r| from.is_none_or(|f| r.date() >= f) && to.is_none_or(|t| r.date() <= t))
        .collect();
    Ok((rows, bad))
}

pub(crate) fn print_bad_lines(
    bad: &[BadLine],
    shown: &str,
    warn: &mut dyn Write,
) -> std::io::Result<()> {
    for b in bad {
        writeln!(
            warn,
            "{shown}: {}",
            t!("log-bad-line", line = b.line, detail = &b.problem)
        )?;
    }
    Ok(())
}

/// One line a row, for the operator.
pub(crate) fn print_rows(rows: &[AiringRow], out: &mut dyn Write) -> std::io::Result<()> {
    let t = |d: &Option<DateTime<FixedOffset>>| {
        d.map(|t| t.format("%H:%M:%S%.3f").to_string())
            .unwrap_or_else(|| "—".to_string())
    };
    for r in rows {
        let day = r.started.unwrap_or(r.scheduled);
        let status = t!(
            "status-result",
            status = r.status.map_or("on_air", |s| s.en())
        );
        writeln!(
            out,
            "{} {} {}  {} → {}  {:<11} {}  {}{}",
            date_vi(day.date_naive()),
            weekday_short_vi(day.weekday()),
            r.scheduled.format("%H:%M:%S"),
            t(&r.started),
            t(&r.ended),
            status,
            r.slot,
            r.file,
            r.reason
                .as_ref()
                .map(|x| format!("  ({})", crate::i18n::render(x)))
                .unwrap_or_default()
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "{}", t!("log-empty-period"))?;
    }
    Ok(())
}

/// What checking a log's chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// No log yet (and none was named).
    NoLog,
    /// A file named to be checked that holds no record.
    NotALog,
    /// The chain breaks at `line`; `records` before it hold.
    Broken {
        line: usize,
        what: String,
        records: usize,
    },
    /// Lines sealed (written) but no record whole.
    Unsealed {
        sealed: usize,
    },
    Empty,
    /// The whole chain holds.
    Whole {
        records: usize,
        sealed: usize,
        unfinished: Option<usize>,
        head: String,
        asked: Option<Head>,
    },
}

/// Whether a head someone noted down is in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Head {
    Found {
        head: String,
        record: usize,
        records: usize,
    },
    Missing {
        head: String,
    },
    /// Not a head (already worded).
    Bad(String),
}

impl Verdict {
    pub(crate) fn ok(&self) -> bool {
        match self {
            Verdict::NoLog | Verdict::Empty => true,
            Verdict::NotALog | Verdict::Broken { .. } | Verdict::Unsealed { .. } => false,
            Verdict::Whole { asked, .. } => matches!(asked, None | Some(Head::Found { .. })),
        }
    }
}

/// Reads the log at `path` and checks its chain (and, when given, that
/// `head` is one of its records).
pub(crate) fn verify(
    path: &Path,
    head: Option<&str>,
    must_exist: bool,
) -> Result<Verdict, LogError> {
    let bytes = match airlog::read_bytes(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
            return Ok(Verdict::NoLog);
        }
        Err(source) => {
            return Err(LogError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
        Ok(b) => b,
    };
    let v = airlog::verify(&bytes);
    // An empty file proves nothing.
    if must_exist && v.records == 0 {
        return Ok(Verdict::NotALog);
    }
    if let Some(b) = &v.broken {
        return Ok(Verdict::Broken {
            line: b.line,
            what: crate::i18n::render(&b.what),
            records: v.records,
        });
    }
    if v.records == 0 {
        return Ok(match v.sealed {
            0 => Verdict::Empty,
            sealed => Verdict::Unsealed { sealed },
        });
    }
    let asked = head.map(|h| {
        let h = h.trim().trim_end_matches(['…', '.']).trim().to_lowercase();
        match airlog::find_head(&v.hashes, &h) {
            Err(problem) => Head::Bad(crate::i18n::render(&problem)),
            Ok(Some(i)) => Head::Found {
                head: h,
                record: i + 1,
                records: v.records,
            },
            Ok(None) => Head::Missing { head: h },
        }
    });
    Ok(Verdict::Whole {
        records: v.records,
        sealed: v.sealed,
        unfinished: v.unfinished,
        head: v.head.unwrap_or_default(),
        asked,
    })
}

/// The verdict for the operator; `shown` names the log.
pub(crate) fn print_verdict(v: &Verdict, shown: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let error = t!("diag-error");
    match v {
        Verdict::NoLog => writeln!(out, "{shown}: {}", t!("verify-no-log")),
        Verdict::NotALog => writeln!(out, "{shown}: {error}: {}", t!("export-not-a-log")),
        Verdict::Broken {
            line,
            what,
            records,
        } => {
            writeln!(
                out,
                "{shown}:{line}: {error}: {what} — {}",
                t!("verify-broken-hint")
            )?;
            writeln!(
                out,
                "{}",
                t!("verify-verified-before", records = *records, line = *line)
            )
        }
        Verdict::Unsealed { sealed } => writeln!(
            out,
            "{shown}: {error}: {}",
            t!("verify-unsealed", records = *sealed)
        ),
        Verdict::Empty => writeln!(out, "{shown}: {}", t!("verify-empty")),
        Verdict::Whole {
            records,
            sealed,
            unfinished,
            head,
            asked,
        } => {
            writeln!(out, "{shown}: {}", t!("verify-whole", records = *records))?;
            if *sealed > 0 {
                writeln!(out, "{}", t!("verify-sealed", lines = *sealed))?;
            }
            if let Some(line) = unfinished {
                writeln!(out, "{}", t!("verify-unfinished", line = *line))?;
            }
            writeln!(out, "head: {head}")?;
            match asked {
                None => Ok(()),
                Some(Head::Bad(problem)) => writeln!(out, "{shown}: {error}: {problem}"),
                Some(Head::Found {
                    head,
                    record,
                    records,
                }) => writeln!(
                    out,
                    "{}",
                    t!(
                        "verify-head-found",
                        head = head,
                        record = *record,
                        records = *records
                    )
                ),
                Some(Head::Missing { head }) => writeln!(
                    out,
                    "{shown}: {error}: {}",
                    t!("verify-head-missing", head = head)
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_log_yet_is_fine_unless_one_was_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airing-log.jsonl");
        assert_eq!(verify(&path, None, false).unwrap(), Verdict::NoLog);
        assert!(verify(&path, None, true).is_err());
        std::fs::write(&path, "").unwrap();
        assert_eq!(verify(&path, None, false).unwrap(), Verdict::Empty);
        assert_eq!(verify(&path, None, true).unwrap(), Verdict::NotALog);
        assert!(!Verdict::NotALog.ok());
    }

    #[test]
    fn a_whole_chain_and_the_heads_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("airing-log.jsonl");
        airlog::AiringLog::open(&path, "Xã Thử", "2025-03-03T06:00:00.000+07:00").unwrap();
        let Verdict::Whole { records, head, .. } = verify(&path, None, false).unwrap() else {
            panic!("not whole");
        };
        assert_eq!(records, 1);
        let short = &head[..12];
        let v = verify(&path, Some(&format!(" {}… ", short.to_uppercase())), false).unwrap();
        assert!(v.ok());
        assert!(matches!(
            v,
            Verdict::Whole {
                asked: Some(Head::Found { record: 1, .. }),
                ..
            }
        ));
        let v = verify(&path, Some("zz"), false).unwrap();
        assert!(matches!(
            v,
            Verdict::Whole {
                asked: Some(Head::Bad(_)),
                ..
            }
        ));
        assert!(!v.ok());
        std::fs::write(&path, "{not json}\n").unwrap();
        assert!(!verify(&path, None, false).unwrap().ok());
    }

    #[test]
    fn rows_of_a_missing_log_are_none() {
        let (rows, bad) = rows(Path::new("/nonexistent/log.jsonl"), None, None).unwrap();
        assert!(rows.is_empty() && bad.is_empty());
        let mut out = Vec::new();
        print_rows(&rows, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}\n", t!("log-empty-period"))
        );
    }
}
