//! `loaxa log`: one row per item airing; `loaxa log verify`: the hash
//! chain, checked from the genesis to the head.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use clap::Subcommand;

use super::{CliError, Ctx};
use crate::airlog::{
    self, AiringRow, AlertAction, AlertRow, BadLine, LogError, OperatorAct, OperatorAction,
};
pub(crate) use crate::answers::log::{Period, json_objects, read};
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
    let (period, bad) = read(&own, args.from, args.to)?;
    let io = |source| LogError::Read {
        path: own.clone(),
        source,
    };
    print_bad_lines(&bad, &station.shown(&own), &mut std::io::stderr()).map_err(io)?;
    if args.json {
        for v in json_objects(&period) {
            writeln!(out, "{v}").map_err(io)?;
        }
    } else {
        print_period(&period, &mut out).map_err(io)?;
    }
    Ok(ExitCode::SUCCESS)
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

/// One line a row, an alert or a console action, in the order of time,
/// for the operator.
fn print_period(period: &Period, out: &mut dyn Write) -> std::io::Result<()> {
    let mut notes: Vec<(DateTime<FixedOffset>, String)> = period
        .alerts
        .iter()
        .map(|a| (a.logged, alert_line(a)))
        .chain(
            period
                .acts
                .iter()
                .map(|a| (a.logged, operator_line(&a.act))),
        )
        .chain(period.silences.iter().map(|a| (a.began, silence_line(a))))
        .collect();
    // Stable: what was logged at the same millisecond keeps its order.
    notes.sort_by_key(|(at, _)| *at);
    let mut rest = period.rows.as_slice();
    for (day, line) in &notes {
        let before = rest.partition_point(|r| r.started.unwrap_or(r.scheduled) < *day);
        let (now, later) = rest.split_at(before);
        print_some_rows(now, out)?;
        rest = later;
        writeln!(
            out,
            "{} {} {}  {line}",
            date_vi(day.date_naive()),
            weekday_short_vi(day.weekday()),
            day.format("%H:%M:%S"),
        )?;
    }
    print_some_rows(rest, out)?;
    if notes.is_empty() && period.rows.is_empty() {
        writeln!(out, "{}", t!("log-empty-period"))?;
    }
    Ok(())
}

/// A silence on air, in words.
fn silence_line(a: &airlog::SilenceRow) -> String {
    let file = &*loaxa_core::diag::one_line(&a.file);
    let until = a.ended.format("%H:%M:%S").to_string();
    match a.source {
        airlog::SilenceSource::Output => {
            t!(
                "log-silence",
                file = file,
                seconds = crate::timefmt::span(a.seconds()),
                until = until
            )
        }
        airlog::SilenceSource::Input => {
            t!(
                "log-silence-line",
                file = file,
                seconds = crate::timefmt::span(a.seconds()),
                until = until
            )
        }
    }
}

/// What an account did from the console, in words.
fn operator_line(a: &OperatorAct) -> String {
    // Names the console was sent, as sent: one line, no terminal codes.
    let target = &*loaxa_core::diag::one_line(&a.target);
    let user = &*loaxa_core::diag::one_line(&a.user);
    let what = match a.action {
        OperatorAction::Upload => t!("log-op-upload", target = target),
        OperatorAction::Play => t!("log-op-play", target = target),
        OperatorAction::Say => t!("log-op-say"),
        OperatorAction::StopAiring => t!("log-op-stop-airing"),
        OperatorAction::ScheduleSaved => t!("log-op-schedule-saved", target = target),
        OperatorAction::UserAdded => t!("log-op-user-added", target = target),
        OperatorAction::UserChanged => t!("log-op-user-changed", target = target),
        OperatorAction::UserRemoved => t!("log-op-user-removed", target = target),
    };
    match a.done {
        true => t!("log-operator", user = user, what = what),
        false => t!("log-operator-refused", user = user, what = what),
    }
}

/// What loaxa did with an alert, in words.
fn alert_line(a: &AlertRow) -> String {
    let info = &a.alert;
    let word = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
    let why = a
        .reason
        .as_ref()
        .map(crate::i18n::render)
        .unwrap_or_default();
    let Some(identifier) = info.identifier.clone() else {
        return t!("log-alert-unread", file = &a.file, why = why);
    };
    let line = match a.action {
        AlertAction::Aired if a.aired_at.is_empty() => t!(
            "log-alert-not-on-air",
            identifier = identifier,
            event = word(&info.event),
            severity = word(&info.severity),
            sender = word(&info.sender),
            priority = word(&info.priority)
        ),
        AlertAction::Aired => t!(
            "log-alert-aired",
            identifier = identifier,
            event = word(&info.event),
            severity = word(&info.severity),
            sender = word(&info.sender),
            priority = word(&info.priority),
            times = a
                .aired_at
                .iter()
                .map(|t| t.format("%H:%M:%S%.3f").to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AlertAction::NotAired => t!(
            "log-alert-not-aired",
            identifier = identifier,
            sender = word(&info.sender),
            why = why.clone()
        ),
        AlertAction::Cancelled => t!(
            "log-alert-cancelled",
            identifier = identifier,
            msg_type = word(&info.msg_type),
            sender = word(&info.sender),
            cancels = info.cancels.join(", ")
        ),
    };
    match (a.action, why.is_empty()) {
        (AlertAction::NotAired, _) | (_, true) => line,
        (_, false) => format!("{line}  ({why})"),
    }
}

/// One line a row, for the operator.
fn print_some_rows(rows: &[AiringRow], out: &mut dyn Write) -> std::io::Result<()> {
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
        if let Some(end) = &r.relayed {
            let name = r.title.as_deref().unwrap_or(&r.file);
            writeln!(out, "    {}", crate::i18n::render(&end.summary(name)))?;
            for i in &end.interruptions {
                writeln!(out, "    {}", crate::i18n::render(&i.line()))?;
            }
        }
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
            writeln!(out, "{}", t!("verify-head", head = head.as_str()))?;
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
        let (period, bad) = read(Path::new("/nonexistent/log.jsonl"), None, None).unwrap();
        assert!(period.rows.is_empty() && period.alerts.is_empty() && bad.is_empty());
        assert!(period.acts.is_empty());
        let mut out = Vec::new();
        print_period(&period, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}\n", t!("log-empty-period"))
        );
    }

    /// Alerts are shown among the airings, when they were met: what they
    /// were, what loaxa did and when they reached the loudspeakers.
    #[test]
    fn alerts_are_shown_in_words_among_the_airings() {
        use crate::airlog::{AlertInfo, Record, SegmentInfo, Status};
        let seg = |id: &str, schedule: &str, slot: &str, at: &str| SegmentInfo {
            id: id.into(),
            schedule: schedule.into(),
            slot: slot.into(),
            scheduled: at.into(),
            index: 0,
            file: "a.wav".into(),
            sha256: None,
            title: None,
            topic: None,
            author: None,
            duration: None,
            output: "null".into(),
            priority: None,
            gain_db: None,
            limited_db: None,
            trimmed: None,
            text_sha256: None,
            engine: None,
            voice: None,
            simulated: false,
            relay: None,
        };
        let storm = AlertInfo {
            identifier: Some("BT-1".into()),
            sender: Some("pctt@bentre.gov.vn".into()),
            severity: Some("Severe".into()),
            event: Some("Bão".into()),
            priority: Some("khẩn cấp".into()),
            ..AlertInfo::default()
        };
        let records = vec![
            Record::Start {
                segment: seg("x", "xa.json", "sang", "2026-11-30T05:00:00.000+07:00"),
                started: "2026-11-30T05:00:00.000+07:00".into(),
                note: None,
                logged: "2026-11-30T05:00:00.000+07:00".into(),
            },
            Record::Alert {
                alert: storm.clone(),
                action: AlertAction::Aired,
                reason: None,
                file: "audio/khan-cap/bao.xml".into(),
                logged: "2026-11-30T05:01:00.000+07:00".into(),
            },
            Record::Start {
                segment: seg("y", "cap", "BT-1", "2026-11-30T05:01:00.000+07:00"),
                started: "2026-11-30T05:01:00.250+07:00".into(),
                note: None,
                logged: "2026-11-30T05:01:00.250+07:00".into(),
            },
            Record::End {
                id: "y".into(),
                ended: Some("2026-11-30T05:01:10.000+07:00".into()),
                played: Some(9.75),
                status: Status::Completed,
                reason: None,
                logged: "2026-11-30T05:01:10.000+07:00".into(),
                simulated: false,
                relay: None,
            },
            Record::Alert {
                alert: AlertInfo {
                    identifier: Some("BT-2".into()),
                    ..storm
                },
                action: AlertAction::NotAired,
                reason: Some(msg!(
                    "cap-ignored-expired",
                    expires = "2026-11-29T00:00:00+07:00"
                )),
                file: "audio/khan-cap/cu.xml".into(),
                logged: "2026-11-30T05:02:00.000+07:00".into(),
            },
            Record::Alert {
                alert: AlertInfo::default(),
                action: AlertAction::NotAired,
                reason: Some(msg!("cap-no-element")),
                file: "audio/khan-cap/hong.xml".into(),
                logged: "2026-11-30T05:03:00.000+07:00".into(),
            },
            Record::Operator {
                act: airlog::OperatorAct {
                    user: "lan".into(),
                    action: OperatorAction::StopAiring,
                    target: String::new(),
                    sha256: None,
                    done: false,
                    from: "127.0.0.1".into(),
                },
                logged: "2026-11-30T05:04:00.000+07:00".into(),
            },
        ];
        let period = Period {
            rows: airlog::rows(&records),
            alerts: airlog::alerts(&records),
            acts: airlog::operator_acts(&records),
            silences: airlog::silences(&records),
        };
        let mut out = Vec::new();
        print_period(&period, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text}");
        assert!(
            lines[5].ends_with(
                "05:04:00  console: lan asked to stop what was on air (refused: nothing changed)"
            ),
            "{text}"
        );
        assert!(lines[0].contains("sang"), "{text}");
        assert!(
            lines[1].contains("CAP alert BT-1 (Bão, Severe) from pctt@bentre.gov.vn: aired (khẩn cấp), on the loudspeakers at 05:01:00.250"),
            "{text}"
        );
        assert!(lines[2].contains("BT-1"), "the airing itself: {text}");
        assert!(
            lines[3].contains("BT-2") && lines[3].contains("not aired — the alert expired at"),
            "{text}"
        );
        assert!(
            lines[4].contains("audio/khan-cap/hong.xml: not read as a CAP alert"),
            "{text}"
        );
    }

    #[test]
    fn what_the_console_was_sent_stays_on_one_line() {
        let act = OperatorAct {
            user: "lan".to_string(),
            action: OperatorAction::Play,
            target: "a.wav\n30/11/2026 giả\u{1b}[2J".to_string(),
            sha256: None,
            done: false,
            from: "10.0.0.9".to_string(),
        };
        let line = operator_line(&act);
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(line.contains("a.wav\\n30/11/2026"), "{line:?}");
    }
}
