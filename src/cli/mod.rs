//! The commands people run, one file each. Every command goes the same
//! way: its `Args` (clap) become a validated request, a *compute* step
//! turns the request and what it reads into a typed result (no printing,
//! no wording), and a *printer* renders that as text (in the catalogs'
//! words) or JSON. The binary only parses, sets up logging and calls the
//! command's `main`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::{Clock, RealClock};
use crate::i18n::{self, Lang};
use crate::station::{self, Located, Station};

pub mod alert;
pub(crate) use crate::answers::day_start;

pub(crate) mod args;
pub mod check;
pub mod devices;
pub(crate) mod error;
pub mod export;
pub mod init;
pub mod library;
pub mod log;
pub mod plan;
pub mod play;
pub mod relay_test;
pub mod reload;
pub mod run;
pub mod say;
pub mod simulate;
pub mod status;
pub mod stop_airing;
pub mod user;

pub use args::{Cli, Command, localized_command};
pub use error::{CliError, Invalid};

/// What every command but `init` works with: the station, and the time,
/// read once when the command starts.
pub struct Ctx {
    pub(crate) station: Station,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) now: DateTime<Utc>,
}

impl Ctx {
    /// The station the command works on (see `station::locate`), saying
    /// which when it is not the one named or the current folder; the
    /// language becomes the station's.
    pub fn open(given: Option<&Path>) -> Result<Ctx, CliError> {
        let found = station::locate(given, env_dir().as_deref())?;
        if let Located::Found(dir) = &found {
            eprintln!(
                "{}",
                t!("cli-using-station", path = dir.display().to_string())
            );
        }
        let station = Station::open(found.dir())?;
        i18n::set_lang(choose_lang(station.settings.lang));
        if let Ok(v) = std::env::var("LOAXA_LANG")
            && Lang::from_code(&v).is_none()
        {
            tracing::warn!("{}", t!("cli-bad-loaxa-lang", value = v));
        }
        let clock: Arc<dyn Clock> = Arc::new(RealClock::new());
        let now = clock.now();
        Ok(Ctx {
            station,
            clock,
            now,
        })
    }

    /// Today at the station.
    pub(crate) fn today(&self) -> NaiveDate {
        self.now
            .with_timezone(&self.station.settings.timezone)
            .date_naive()
    }
}

/// A command's answer as an exit code: success, or failure when it found
/// problems.
pub(crate) fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// An error and its causes as one line, each said once: a cause already
/// in the text (many of our errors name theirs), or a system error already
/// said in the station's words (`i18n::os_detail`), is left out.
pub fn error_text<'a>(
    chain: impl Iterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> String {
    let mut text = String::new();
    for cause in chain {
        let c = cause.to_string();
        let said = cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| text.contains(&crate::i18n::os_detail(io)));
        if !said && !text.contains(&c) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&c);
        }
    }
    text
}

/// The language before the arguments are parsed (for --help):
/// LOAXA_LANG, else `lang` in the station's loaxa.toml, else the locale.
pub fn early_lang() -> Lang {
    let mut args = std::env::args_os().skip(1);
    let mut dir = None;
    while let Some(a) = args.next() {
        let a = a.to_string_lossy().into_owned();
        if a == "--dir" {
            dir = args.next().map(PathBuf::from);
        } else if let Some(d) = a.strip_prefix("--dir=") {
            dir = Some(PathBuf::from(d));
        }
    }
    let station = station::locate(dir.as_deref(), env_dir().as_deref())
        .ok()
        .and_then(|found| Station::peek_lang(found.dir()));
    choose_lang(station)
}

fn env_dir() -> Option<PathBuf> {
    std::env::var_os("LOAXA_DIR").map(PathBuf::from)
}

/// LOAXA_LANG, else the station's language, else the locale.
pub(crate) fn choose_lang(station: Option<Lang>) -> Lang {
    std::env::var("LOAXA_LANG")
        .ok()
        .and_then(|v| Lang::from_code(&v))
        .or(station)
        .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()))
}

/// Asks the running daemon and prints its answer (`play`, `stop-airing`,
/// `reload`); its refusal is the command's error.
pub(crate) fn ask_daemon(
    station: &Station,
    request: &crate::control::Request,
) -> Result<ExitCode, CliError> {
    use std::io::Write;
    let answer = crate::control::request(&crate::control::socket_path(station), request)?;
    if !answer.ok {
        return Err(CliError::Refused(answer.message));
    }
    writeln!(std::io::stdout().lock(), "{}", answer.message)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
pub(crate) mod testing;
