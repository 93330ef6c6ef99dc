//! The command line as clap reads it, and its help in the station's
//! language. Each command's own options are in its file (`Args`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::audio::OutputSpec;
use chrono::NaiveDate;

/// loaxa — phát thanh tự động cho đài truyền thanh xã: broadcast daemon for
/// commune loudspeaker stations.
// The help texts of commands and options are in locales/*.ftl (see
// `localized_command`), so that --help speaks the station's language.
#[derive(Parser)]
#[command(name = "loaxa", version, about, long_about = None)]
pub struct Cli {
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

// No doc comments on the variants and their options: clap would take
// them as help, which comes from the catalogs instead.
#[derive(Subcommand)]
pub enum Command {
    Init(super::init::Args),
    Check(super::check::Args),
    Library(super::library::Args),
    Plan(super::plan::Args),
    Run(super::run::Args),
    Play(super::play::Args),
    Say(super::say::Args),
    Alert(super::alert::Args),
    Status(super::status::Args),
    Devices,
    StopAiring,
    Reload,
    RelayTest(super::relay_test::Args),
    Simulate(super::simulate::Args),
    Log(super::log::Args),
    Export(super::export::Args),
    User(super::user::Args),
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::timefmt::parse_date(s).map_err(|p| crate::i18n::problem(&p))
}

/// The days `check`, `library` and `plan` look ahead: up to ten years.
const MAX_DAYS: u32 = 3_660;

pub(crate) fn parse_days(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_DAYS)
        .ok_or_else(|| t!("cli-days-range", text = s, max = MAX_DAYS))
}

pub(crate) fn parse_output(s: &str) -> Result<OutputSpec, String> {
    s.parse::<OutputSpec>()
        .map_err(|e| format!("{e} — {}", OutputSpec::hint()))
}

/// The command-line help in the station's language: the summary of every
/// command and of the options most used.
pub fn localized_command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command()
        .about(t!("help-about"))
        .subcommand_help_heading(t!("help-commands"))
        .help_template(help_template())
        .mut_arg("dir", |a| a.help(t!("help-dir")))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(clap::ArgAction::Help)
                .help(t!("help-help")),
        )
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(t!("help-version")),
        )
        .mut_args(|a| a.help_heading(t!("help-options")));
    let summaries = [
        ("init", t!("help-init")),
        ("check", t!("help-check")),
        ("library", t!("help-library")),
        ("plan", t!("help-plan")),
        ("run", t!("help-run")),
        ("play", t!("help-play")),
        ("say", t!("help-say")),
        ("alert", t!("help-alert")),
        ("status", t!("help-status")),
        ("devices", t!("help-devices")),
        ("stop-airing", t!("help-stop-airing")),
        ("reload", t!("help-reload")),
        ("relay-test", t!("help-relay-test")),
        ("simulate", t!("help-simulate")),
        ("log", t!("help-log")),
        ("export", t!("help-export")),
        ("user", t!("help-user")),
    ];
    for (name, about) in summaries {
        cmd = cmd.mut_subcommand(name, |c| {
            c.about(about)
                .mut_args(|a| localize_arg(name, a))
                .help_template(help_template())
        });
    }
    cmd = cmd.mut_subcommand("log", |c| {
        c.mut_subcommand("verify", |v| {
            v.about(t!("help-log-verify"))
                .mut_args(|a| localize_arg("verify", a))
                .help_template(help_template())
        })
    });
    let user = [
        ("add", t!("help-user-add")),
        ("passwd", t!("help-user-passwd")),
        ("remove", t!("help-user-remove")),
        ("list", t!("help-user-list")),
    ];
    for (name, about) in user {
        cmd = cmd.mut_subcommand("user", |c| {
            // No `help` subcommand: its line would be clap's English.
            c.subcommand_help_heading(t!("help-commands"))
                .disable_help_subcommand(true)
                .mut_subcommand(name, |v| {
                    v.about(about)
                        .mut_args(|a| localize_arg("user", a))
                        .help_template(help_template())
                })
        });
    }
    cmd
}

fn localize_arg(command: &str, a: clap::Arg) -> clap::Arg {
    let help = arg_help(command, a.get_id().as_str());
    let a = a.help_heading(t!("help-options"));
    match help {
        Some(h) => a.help(h),
        None => a,
    }
}

fn help_template() -> String {
    format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t!("help-usage")
    )
}

/// The help line of an option of a command.
fn arg_help(command: &str, arg: &str) -> Option<String> {
    Some(match (command, arg) {
        ("init", "example") => t!("arg-init-example"),
        ("init", "station") => t!("arg-init-station"),
        ("check", "days") => t!("arg-check-days"),
        ("library", "days") => t!("arg-library-days"),
        ("plan", "days") => t!("arg-plan-days"),
        ("plan", "from") => t!("arg-from-today"),
        ("library", "problems") => t!("arg-problems"),
        ("status", "json") | ("user", "json") | ("relay-test", "json") => t!("arg-json-one"),
        ("relay-test", "url") => t!("arg-relay-test-url"),
        ("relay-test", "seconds") => t!("arg-relay-test-seconds"),
        ("user", "name") => t!("arg-user-name"),
        ("user", "role") => t!("arg-user-role"),
        ("user", "password_stdin") => t!("arg-password-stdin"),
        (_, "json") => t!("arg-json-lines"),
        (_, "from") => t!("arg-from"),
        (_, "to") => t!("arg-to"),
        ("run", "output") => t!("arg-run-output"),
        ("simulate", "output") => t!("arg-sim-output"),
        ("export", "output") => t!("arg-export-output"),
        ("play", "files") => t!("arg-play-files"),
        ("play", "priority") => t!("arg-play-priority"),
        ("say", "text") => t!("arg-say-text"),
        ("say", "priority") => t!("arg-play-priority"),
        ("say", "repeat") => t!("arg-say-repeat"),
        ("alert", "file") => t!("arg-alert-file"),
        ("log", "simulated") => t!("arg-simulated"),
        ("export", "quarter") => t!("arg-quarter"),
        ("export", "month") => t!("arg-month"),
        ("export", "period") => t!("arg-period"),
        ("export", "year") => t!("arg-year"),
        ("export", "format") => t!("arg-format"),
        ("export", "lang") => t!("arg-lang"),
        ("export", "logs") => t!("arg-logs"),
        ("export", "log_dirs") => t!("arg-log-dirs"),
        ("verify", "head") => t!("arg-head"),
        ("verify", "file") => t!("arg-file"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{self, Lang};

    /// Every command and option has its help line in both languages (an
    /// option added without a catalog entry would show none).
    #[test]
    fn every_command_and_option_has_help_in_both_languages() {
        fn walk(c: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if c.get_about().is_none() {
                missing.push(path.to_string());
            }
            for a in c.get_arguments() {
                if a.get_help().is_none() {
                    missing.push(format!("{path} --{}", a.get_id()));
                }
            }
            for sub in c.get_subcommands().filter(|s| s.get_name() != "help") {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        for lang in Lang::ALL {
            i18n::set_lang(lang);
            let cmd = localized_command();
            cmd.clone().debug_assert();
            let mut missing = Vec::new();
            walk(&cmd, "loaxa", &mut missing);
            assert!(missing.is_empty(), "{lang:?}: no help for {missing:?}");
        }
    }
}
