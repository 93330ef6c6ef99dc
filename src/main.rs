//! The `loaxa` binary: parses arguments, sets up logging, and hands over to
//! the library. Everything else lives in the library crate.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use loaxa::audio::OutputSpec;
use loaxa::clock::{Clock, RealClock};
use loaxa::cmd::{self, ExportFormat};
use loaxa::daemon::{Daemon, Mode, player_spawner};
use loaxa::i18n::{self, Lang};
use loaxa::report::Period;
use loaxa::station::{self, Located, Station, StationError};
use loaxa::{t, timefmt};

/// loaxa — phát thanh tự động cho đài truyền thanh xã: broadcast daemon for
/// commune loudspeaker stations.
// The help texts of commands and options are in locales/*.ftl (see
// `localized_command`), so that --help speaks the station's language.
#[derive(Parser)]
#[command(name = "loaxa", version, about, long_about = None)]
struct Cli {
    #[arg(long, global = true, value_name = "DIR")]
    dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Init {
        #[arg(long)]
        example: bool,
        #[arg(long, value_name = "NAME")]
        station: Option<String>,
    },
    Check {
        #[arg(long, default_value_t = 7, value_name = "N", value_parser = parse_days)]
        days: u32,
    },
    Library {
        #[arg(long)]
        problems: bool,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 7, value_name = "N", value_parser = parse_days)]
        days: u32,
    },
    Plan {
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        from: Option<NaiveDate>,
        #[arg(long, default_value_t = 7, value_name = "N", value_parser = parse_days)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    Run {
        #[arg(long, value_parser = parse_output, value_name = "SPEC")]
        output: Option<OutputSpec>,
    },
    Play {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[arg(long, value_name = "PRIORITY")]
        priority: Option<String>,
    },
    Status {
        #[arg(long)]
        json: bool,
    },
    Devices,
    StopAiring,
    Reload,
    Simulate {
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        from: NaiveDate,
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        to: NaiveDate,
        #[arg(long, value_parser = parse_output, value_name = "SPEC", default_value = "null")]
        output: OutputSpec,
    },
    Log {
        #[command(subcommand)]
        action: Option<LogAction>,
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        to: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        simulated: bool,
    },
    Export {
        #[arg(long, conflicts_with_all = ["from", "to", "month", "period"], value_name = "YYYY-QN")]
        quarter: Option<String>,
        #[arg(long, conflicts_with_all = ["from", "to", "period"], value_name = "YYYY-MM")]
        month: Option<String>,
        #[arg(long, conflicts_with_all = ["from", "to"], value_name = "NAME")]
        period: Option<String>,
        #[arg(long, conflicts_with_all = ["from", "to", "quarter", "month"], value_name = "YYYY")]
        year: Option<i32>,
        #[arg(long, value_parser = parse_date, requires = "to", value_name = "DATE")]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = parse_date, requires = "from", value_name = "DATE")]
        to: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        #[arg(long, value_enum)]
        lang: Option<ReportLang>,
        #[arg(long = "log", value_name = "FILE", num_args = 1..)]
        logs: Vec<PathBuf>,
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum LogAction {
    Verify {
        #[arg(long, value_name = "SHA256")]
        head: Option<String>,
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportLang {
    Vi,
    En,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    timefmt::parse_date(s).map_err(|p| loaxa::i18n::problem(&p))
}

/// The days `check`, `library` and `plan` look ahead: up to ten years.
const MAX_DAYS: u32 = 3_660;

fn parse_days(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= MAX_DAYS)
        .ok_or_else(|| t!("cli-days-range", text = s, max = MAX_DAYS))
}

fn parse_output(s: &str) -> Result<OutputSpec, String> {
    s.parse::<OutputSpec>()
        .map_err(|e| format!("{e} — {}", OutputSpec::hint()))
}

/// The language before the arguments are parsed (for --help):
/// LOAXA_LANG, else `lang` in the station's loaxa.toml, else the locale.
fn early_lang() -> Lang {
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

fn choose_lang(station: Option<Lang>) -> Lang {
    std::env::var("LOAXA_LANG")
        .ok()
        .and_then(|v| Lang::from_code(&v))
        .or(station)
        .unwrap_or_else(|| Lang::from_locale(|k| std::env::var(k).ok()))
}

/// The command-line help in the station's language: the summary of every
/// command and of the options most used.
fn localized_command() -> clap::Command {
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
        ("status", t!("help-status")),
        ("devices", t!("help-devices")),
        ("stop-airing", t!("help-stop-airing")),
        ("reload", t!("help-reload")),
        ("simulate", t!("help-simulate")),
        ("log", t!("help-log")),
        ("export", t!("help-export")),
    ];
    for (name, about) in summaries {
        cmd = cmd.mut_subcommand(name, |c| {
            c.about(about)
                .mut_args(|a| localize_arg(name, a))
                .help_template(help_template())
        });
    }
    cmd.mut_subcommand("log", |c| {
        c.mut_subcommand("verify", |v| {
            v.about(t!("help-log-verify"))
                .mut_args(|a| localize_arg("verify", a))
                .help_template(help_template())
        })
    })
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
        ("status", "json") => t!("arg-json-one"),
        (_, "json") => t!("arg-json-lines"),
        (_, "from") => t!("arg-from"),
        (_, "to") => t!("arg-to"),
        ("run", "output") => t!("arg-run-output"),
        ("simulate", "output") => t!("arg-sim-output"),
        ("export", "output") => t!("arg-export-output"),
        ("play", "files") => t!("arg-play-files"),
        ("play", "priority") => t!("arg-play-priority"),
        ("log", "simulated") => t!("arg-simulated"),
        ("export", "quarter") => t!("arg-quarter"),
        ("export", "month") => t!("arg-month"),
        ("export", "period") => t!("arg-period"),
        ("export", "year") => t!("arg-year"),
        ("export", "format") => t!("arg-format"),
        ("export", "lang") => t!("arg-lang"),
        ("export", "logs") => t!("arg-logs"),
        ("verify", "head") => t!("arg-head"),
        ("verify", "file") => t!("arg-file"),
        _ => return None,
    })
}

fn main() -> ExitCode {
    use clap::FromArgMatches;
    i18n::set_lang(early_lang());
    loaxa::audio::decode::install_panic_hook();
    let cli = match Cli::from_arg_matches(&localized_command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let verbose = matches!(cli.command, Command::Run { .. });
    // A simulation is quiet: its story is in its log.
    init_tracing(verbose);
    match run(cli) {
        Ok(code) => code,
        // `loaxa log | head`: the reader has what it wanted.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Diagnostics already read "FILE:LINE:COL: error: …".
            // Each cause once: many of our errors already name their cause.
            let mut text = String::new();
            for cause in e.chain() {
                let c = cause.to_string();
                if !text.contains(&c) {
                    if !text.is_empty() {
                        text.push_str(": ");
                    }
                    text.push_str(&c);
                }
            }
            if text.contains(&format!(": {}: ", t!("diag-error"))) {
                eprintln!("{text}");
            } else {
                eprintln!("{}: {text}", t!("diag-error"));
            }
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(daemon: bool) {
    use tracing_subscriber::EnvFilter;
    // The decoders' own messages (symphonia) are not for the operator:
    // loaxa says what is wrong with a file in its own words.
    let quiet = "symphonia=off,symphonia_core=off,symphonia_bundle_mp3=off,symphonia_bundle_flac=off,symphonia_format_ogg=off,symphonia_format_riff=off,symphonia_format_isomp4=off,symphonia_codec_vorbis=off,symphonia_codec_aac=off,symphonia_codec_pcm=off";
    let default = if daemon {
        format!("info,{quiet}")
    } else {
        format!("warn,{quiet}")
    };
    let filter = EnvFilter::try_from_env("LOAXA_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    // Under systemd the journal stamps each line (in local time) and keeps
    // its priority; a terminal gets the local time and colour.
    let journal = std::env::var_os("JOURNAL_STREAM").is_some();
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .event_format(loaxa::service::LineFormat {
            journal,
            colour: !journal && std::io::stderr().is_terminal(),
        })
        .init();
}

/// A file named on the command line, as the audio folder knows it: an
/// existing path inside the folder is made relative to it; anything else is
/// taken as already relative (the daemon checks it).
fn audio_relative(station: &Station, f: &str) -> String {
    let p = std::path::Path::new(f);
    if let (Ok(real), Ok(audio)) = (p.canonicalize(), station.audio_dir.canonicalize())
        && let Ok(rel) = real.strip_prefix(&audio)
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    f.to_string()
}

/// The station the command works on (see `station::locate`), saying which
/// when it is not the one named or the current folder.
fn open_station(given: Option<&std::path::Path>) -> Result<Station> {
    let found = station::locate(given, env_dir().as_deref())?;
    if let Located::Found(dir) = &found {
        eprintln!(
            "{}",
            t!("cli-using-station", path = dir.display().to_string())
        );
    }
    match Station::open(found.dir()) {
        Ok(s) => Ok(s),
        // A settings problem is already worded as FILE:LINE:COL: error: … — …
        Err(StationError::Settings(d)) => bail!("{}", loaxa::i18n::diagnostic(&d)),
        Err(e) => Err(e.into()),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Init { example, station } = &cli.command {
        // A new station: where asked, or here; never one found elsewhere.
        let dir = cli.dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let done = loaxa::init::init(&dir, *example, station.as_deref())?;
        i18n::set_lang(choose_lang(Station::peek_lang(&dir)));
        let stdout = std::io::stdout();
        cmd::init_summary(&dir, &done, &mut stdout.lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    let station = open_station(cli.dir.as_deref())?;
    i18n::set_lang(choose_lang(station.settings.lang));
    if let Ok(v) = std::env::var("LOAXA_LANG")
        && Lang::from_code(&v).is_none()
    {
        tracing::warn!("{}", t!("cli-bad-loaxa-lang", value = v));
    }
    let clock = RealClock::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Init { .. } => Ok(ExitCode::SUCCESS),
        Command::Check { days } => {
            let ok = cmd::check(&station, clock.now(), days, &mut out)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Library {
            problems,
            json,
            days,
        } => {
            let ok = cmd::library_cmd(&station, clock.now(), days, problems, json, &mut out)?;
            Ok(if ok || !problems {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Plan { from, days, json } => {
            let from = from.unwrap_or_else(|| {
                clock
                    .now()
                    .with_timezone(&station.settings.timezone)
                    .date_naive()
            });
            cmd::plan_cmd(&station, from, days, json, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Log {
            action: Some(LogAction::Verify { head, file }),
            simulated,
            ..
        } => {
            let given = file.is_some();
            let path = match file {
                Some(f) => f,
                None if simulated => station.simulation_log_path(),
                None => station.airing_log_path(),
            };
            let ok = cmd::verify_cmd(&station, &path, head.as_deref(), given, &mut out)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Log {
            action: None,
            from,
            to,
            json,
            simulated,
        } => {
            let path = if simulated {
                station.simulation_log_path()
            } else {
                station.airing_log_path()
            };
            cmd::log_cmd(
                &station,
                &path,
                from,
                to,
                json,
                &mut out,
                &mut std::io::stderr(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { json } => {
            let socket = loaxa::control::socket_path(&station);
            let status = match loaxa::control::request(&socket, &loaxa::control::Request::Status) {
                Ok(answer) if answer.ok => {
                    serde_json::from_str(&answer.message).context(t!("cli-bad-answer"))?
                }
                Ok(answer) => bail!("{}", answer.message),
                // No daemon: what the files say.
                Err(loaxa::control::ControlError::NotRunning(_)) => {
                    let (schedules, diags) = station.load_schedules();
                    let lib = station.library(std::time::SystemTime::now());
                    loaxa::status::from_files(&station, &schedules, &diags, &lib, clock.now())
                }
                Err(e) => return Err(e.into()),
            };
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&status)?)?;
            } else {
                write!(out, "{}", status.text())?;
            }
            Ok(if status.running && status.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Devices => {
            let list = loaxa::audio::player::list_devices().map_err(anyhow::Error::msg)?;
            if list.is_empty() {
                writeln!(out, "{}", t!("devices-none"))?;
                return Ok(ExitCode::FAILURE);
            }
            let width = list.iter().map(|d| d.name.len()).max().unwrap_or(0) + 7;
            for d in &list {
                let name = format!("device:{}", d.name);
                writeln!(
                    out,
                    "{name:<width$}  {}",
                    d.description.replace('\n', " — ")
                )?;
            }
            writeln!(out, "\n{}", t!("devices-use"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::StopAiring | Command::Reload => {
            let request = match cli.command {
                Command::Reload => loaxa::control::Request::Reload,
                _ => loaxa::control::Request::StopAiring,
            };
            let answer = loaxa::control::request(&loaxa::control::socket_path(&station), &request)?;
            if answer.ok {
                writeln!(out, "{}", answer.message)?;
                Ok(ExitCode::SUCCESS)
            } else {
                bail!("{}", answer.message)
            }
        }
        Command::Play { files, priority } => {
            let max = loaxa::daemon::MAX_PLAY_FILES;
            if files.len() > max {
                bail!("{}", t!("play-too-many", count = files.len(), max = max));
            }
            let files = files.iter().map(|f| audio_relative(&station, f)).collect();
            let answer = loaxa::control::request(
                &loaxa::control::socket_path(&station),
                &loaxa::control::Request::Play { files, priority },
            )?;
            if answer.ok {
                writeln!(out, "{}", answer.message)?;
                Ok(ExitCode::SUCCESS)
            } else {
                bail!("{}", answer.message)
            }
        }
        Command::Simulate { from, to, output } => {
            if from > to {
                bail!(
                    "{}",
                    t!(
                        "cli-from-after-to",
                        from = timefmt::date_vi(from),
                        to = timefmt::date_vi(to)
                    )
                );
            }
            if matches!(output, OutputSpec::Device(_) | OutputSpec::Raw(_)) {
                bail!("{}", t!("cli-sim-output", output = output.to_string()));
            }
            let began = std::time::Instant::now();
            let start = cmd::day_start(&station, from);
            let end = cmd::day_start(&station, to + chrono::Duration::days(1));
            let log = loaxa::sim::simulate(station.clone(), output, start, end)
                .context(t!("cli-sim-failed"))?;
            cmd::simulation_summary(&station, &log, from, to, began.elapsed(), &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            quarter,
            month,
            period,
            year,
            from,
            to,
            format,
            lang,
            logs,
            output,
        } => {
            let today = clock
                .now()
                .with_timezone(&station.settings.timezone)
                .date_naive();
            let period = within_years(report_period(
                &station, quarter, month, period, year, from, to, today,
            )?)?;
            let lang = match lang {
                Some(ReportLang::Vi) => Lang::Vi,
                Some(ReportLang::En) => Lang::En,
                None => i18n::lang(),
            };
            let (format, ext) = match format {
                Format::Csv => (ExportFormat::Csv, "csv"),
                Format::Json => (ExportFormat::Json, "json"),
                Format::Xlsx => (ExportFormat::Xlsx, "xlsx"),
            };
            let dest = output
                .unwrap_or_else(|| PathBuf::from(format!("bao-cao-cchc_{}.{ext}", period.slug())));
            if dest.as_os_str() == "-" {
                let summary = cmd::export(&station, period, format, lang, &logs, &mut out)?;
                eprint!("{summary}");
            } else {
                // Written aside and renamed: a failed export leaves no half
                // file, and what the name was (a link, a mode) is kept.
                let summary = loaxa::outfile::replace(&dest, |file| {
                    cmd::export(&station, period, format, lang, &logs, file)
                })??;
                writeln!(
                    out,
                    "{}\n",
                    loaxa::t_in!(lang, "export-wrote", path = dest.display().to_string())
                )?;
                write!(out, "{summary}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { output } => {
            let output = output.unwrap_or_else(|| station.settings.output.clone());
            let clock: Arc<dyn Clock> = Arc::new(clock);
            // A file-size limit reached is a full disk: the write fails and
            // the records wait in memory, instead of the signal killing us.
            // SAFETY: ignoring a signal before any thread is started.
            unsafe {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            // One daemon per station, for as long as this one lives.
            let _instance = loaxa::instance::claim(&station.data_dir)?;
            loaxa::control::raise_fd_limit();
            let socket = loaxa::control::socket_path(&station);
            let listener = loaxa::control::bind(&socket)
                .with_context(|| t!("cli-socket", path = socket.display().to_string()))?;
            let (inputs_tx, inputs) = loaxa::daemon::inputs();
            let watch_station = station.clone();
            let daemon = Daemon::open(station, output.clone(), Arc::clone(&clock), Mode::Station);
            let spawner = player_spawner(output, clock);
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context(t!("cli-runtime"))?;
            // Handlers are in place before the daemon starts, so an early
            // SIGTERM is a clean stop, not the default kill.
            let shutdown = rt.block_on(async { shutdown_signal() })?;
            rt.block_on(async {
                let _watching = match loaxa::watch::start(&watch_station, inputs_tx.clone()) {
                    Ok(w) => Some(w),
                    Err(e) => {
                        tracing::error!("{}", t!("daemon-no-watch", detail = e.to_string()));
                        None
                    }
                };
                tokio::spawn(loaxa::control::serve(listener, inputs_tx.clone()));
                tokio::spawn(reload_on_sighup(inputs_tx));
                daemon.run(spawner, inputs, shutdown).await;
            });
            let _ = std::fs::remove_file(&socket);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// SIGHUP (`systemctl reload loaxa`, `kill -HUP`): read the schedules again.
async fn reload_on_sighup(inputs: tokio::sync::mpsc::UnboundedSender<loaxa::daemon::Input>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hup) = signal(SignalKind::hangup()) else {
        return;
    };
    while hup.recv().await.is_some() {
        tracing::info!("{}", t!("daemon-sighup"));
        if inputs.send(loaxa::daemon::Input::Reload).is_err() {
            return;
        }
    }
}

/// A future that completes on SIGINT (Ctrl-C) or SIGTERM (systemd stop).
/// The handlers are installed when this is called, not when first polled.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term =
        signal(SignalKind::terminate()).context(t!("cli-no-signal", signal = "SIGTERM"))?;
    let mut int =
        signal(SignalKind::interrupt()).context(t!("cli-no-signal", signal = "SIGINT"))?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("{}", t!("daemon-sigterm")),
            _ = int.recv() => tracing::info!("{}", t!("daemon-sigint")),
        }
    })
}

/// A report period lies in the years a station's log can hold: a year of
/// five digits would name files `+99999-…` and mean nothing.
fn within_years(p: Period) -> Result<Period> {
    use chrono::Datelike;
    let years = 1970..=9999;
    if !years.contains(&p.from.year()) || !years.contains(&p.to.year()) {
        bail!(
            "{}",
            t!("cli-year-range", from = p.from.year(), to = p.to.year())
        );
    }
    Ok(p)
}

/// The period an export asks for, from whichever options were given.
#[allow(clippy::too_many_arguments)]
fn report_period(
    station: &Station,
    quarter: Option<String>,
    month: Option<String>,
    period: Option<String>,
    year: Option<i32>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Period> {
    use chrono::Datelike;
    if let Some(q) = quarter {
        let (y, n) =
            timefmt::parse_quarter(&q).map_err(|p| anyhow::Error::msg(loaxa::i18n::problem(&p)))?;
        return Period::quarter(y, n).context(t!("cli-out-of-range"));
    }
    if let Some(m) = month {
        let bad = || {
            anyhow::anyhow!(
                "{} — {}",
                t!("cal-not-month", text = &m),
                t!("cal-not-month-hint")
            )
        };
        let (y, n) = match (m.split_once('-'), m.split_once('/')) {
            (Some((y, n)), _) => (y, n),
            (None, Some((n, y))) => (y, n),
            _ => return Err(bad()),
        };
        let (y, n): (i32, u32) = (
            y.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        return Period::month(y, n).ok_or_else(bad);
    }
    if let Some(name) = period {
        let key = timefmt::fold_vi(&name);
        let found = station
            .settings
            .periods
            .iter()
            .find(|p| timefmt::fold_vi(&p.name) == key || timefmt::fold_vi(&p.label) == key);
        let Some(p) = found else {
            let known: Vec<&str> = station
                .settings
                .periods
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            if known.is_empty() {
                bail!("{}", t!("cli-no-periods", name = &name));
            }
            bail!(
                "{}",
                t!("cli-no-such-period", name = &name, known = known.join(", "))
            );
        };
        let y = year.unwrap_or(today.year());
        return p.of_year(y).context(t!("cli-out-of-range"));
    }
    if let Some(y) = year {
        return Period::year(y).context(t!("cli-out-of-range"));
    }
    match (from, to) {
        (Some(f), Some(t)) => {
            if f > t {
                bail!(
                    "{}",
                    t!(
                        "cli-from-after-to",
                        from = timefmt::date_vi(f),
                        to = timefmt::date_vi(t)
                    )
                );
            }
            Ok(Period::dates(f, t))
        }
        _ => bail!("{}", t!("cli-which-period")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
