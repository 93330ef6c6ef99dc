//! `loaxa stop-airing`: the running daemon stops what is on air.

use std::process::ExitCode;

use super::{CliError, Ctx};

pub fn main(ctx: &Ctx) -> Result<ExitCode, CliError> {
    super::ask_daemon(&ctx.station, &crate::control::Request::StopAiring)
}
