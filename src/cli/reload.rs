//! `loaxa reload`: the running daemon reads the schedules again.

use std::process::ExitCode;

use super::{CliError, Ctx};

pub fn main(ctx: &Ctx) -> Result<ExitCode, CliError> {
    super::ask_daemon(&ctx.station, &crate::control::Request::Reload)
}
