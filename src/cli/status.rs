//! `loaxa status`: the running daemon's answer, or what the files say
//! when none runs.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};

use super::{CliError, Ctx};
use crate::control::{self, ControlError, Request};
use crate::station::Station;
use crate::status::Status;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub(crate) json: bool,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let status = compute(&ctx.station, ctx.now)?;
    let mut out = std::io::stdout().lock();
    print(&status, args.json, &mut out)?;
    Ok(super::exit(ok(&status)))
}

/// The daemon's status, or (none running) the files' as of `now`.
pub(crate) fn compute(station: &Station, now: DateTime<Utc>) -> Result<Status, CliError> {
    match control::request(&control::socket_path(station), &Request::Status) {
        Ok(answer) if answer.ok => serde_json::from_str(&answer.message)
            .map_err(|e| CliError::while_(t!("cli-bad-answer"), e)),
        Ok(answer) => Err(CliError::Refused(answer.message)),
        Err(ControlError::NotRunning(_)) => Ok(from_files(station, now)),
        Err(e) => Err(e.into()),
    }
}

/// What the files say, read afresh.
pub(crate) fn from_files(station: &Station, now: DateTime<Utc>) -> Status {
    let (schedules, diags) = station.load_schedules();
    let lib = station.library(now.into());
    crate::status::from_files(station, &schedules, &diags, &lib, now)
}

/// All is well: a daemon runs and nothing needs the operator.
pub(crate) fn ok(status: &Status) -> bool {
    status.running && status.problems.is_empty()
}

pub(crate) fn print(status: &Status, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        let text = serde_json::to_string_pretty(status).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")
    } else {
        write!(out, "{}", status.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::{TempStation, daily, monday_5am};

    #[test]
    fn without_a_daemon_the_files_answer_and_missing_audio_is_a_problem() {
        let st = TempStation::new(&[("xa.json", &daily(&["khong-co.wav"]))]);
        let status = compute(&st.open(), monday_5am()).unwrap();
        assert!(!status.running);
        assert_eq!(status.now, "2025-03-03T05:00:00.000+07:00");
        assert_eq!(status.next.len(), 5);
        assert!(status.problems.iter().any(|p| p.kind == "audio"));
        assert!(!ok(&status));
        let mut out = Vec::new();
        print(&status, true, &mut out).unwrap();
        let back: Status = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, status);
    }
}
