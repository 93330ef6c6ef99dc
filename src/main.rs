//! The `loaxa` binary: parses arguments, sets up logging, chooses the
//! language, then calls the command. Everything else lives in the library
//! crate (`loaxa::cli`, one file per command).

use std::process::ExitCode;

use clap::FromArgMatches;
use loaxa::cli::{self, Cli, CliError, Command, Ctx};
use loaxa::{i18n, t};

fn main() -> ExitCode {
    i18n::set_lang(cli::early_lang());
    loaxa::audio::decode::install_panic_hook();
    let cli = match Cli::from_arg_matches(&cli::localized_command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // The daemon tells its story on stderr; a command only warns.
    init_tracing(matches!(cli.command, Command::Run(_)));
    match run(cli) {
        Ok(code) => code,
        // `loaxa log | head`: the reader has what it wanted.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => report(anyhow::Error::from(e)),
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let dir = cli.dir.as_deref();
    let ctx = || Ctx::open(dir);
    match cli.command {
        Command::Init(a) => cli::init::main(dir, a),
        Command::Check(a) => cli::check::main(&ctx()?, a),
        Command::Library(a) => cli::library::main(&ctx()?, a),
        Command::Plan(a) => cli::plan::main(&ctx()?, a),
        Command::Run(a) => cli::run::main(ctx()?, a),
        Command::Play(a) => cli::play::main(&ctx()?, a),
        Command::Say(a) => cli::say::main(&ctx()?, a),
        Command::Alert(a) => cli::alert::main(&ctx()?, a),
        Command::Status(a) => cli::status::main(&ctx()?, a),
        Command::Devices => ctx().and_then(|_| cli::devices::main()),
        Command::StopAiring => cli::stop_airing::main(&ctx()?),
        Command::Reload => cli::reload::main(&ctx()?),
        Command::RelayTest(a) => cli::relay_test::main(a),
        Command::Simulate(a) => cli::simulate::main(&ctx()?, a),
        Command::Log(a) => cli::log::main(&ctx()?, a),
        Command::Export(a) => cli::export::main(&ctx()?, a),
        Command::User(a) => cli::user::main(&ctx()?, a),
    }
}

/// The error on stderr, each cause once (many of our errors already name
/// their cause), as a diagnostic unless it already reads like one
/// ("FILE:LINE:COL: error: …").
fn report(e: anyhow::Error) -> ExitCode {
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return ExitCode::SUCCESS;
    }
    let text = cli::error_text(e.chain());
    if text.contains(&format!(": {}: ", t!("diag-error"))) {
        eprintln!("{text}");
    } else {
        eprintln!("{}: {text}", t!("diag-error"));
    }
    ExitCode::FAILURE
}

fn init_tracing(daemon: bool) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    // The decoders' own messages (symphonia) are not for the operator:
    // loaxa says what is wrong with a file in its own words.
    let quiet = "symphonia=off,symphonia_core=off,symphonia_bundle_mp3=off,symphonia_bundle_flac=off,symphonia_format_ogg=off,symphonia_format_riff=off,symphonia_format_isomp4=off,symphonia_codec_vorbis=off,symphonia_codec_aac=off,symphonia_codec_pcm=off";
    let default = format!("{},{quiet}", if daemon { "info" } else { "warn" });
    let filter = EnvFilter::try_from_env("LOAXA_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    // Under systemd the journal stamps each line (in local time) and keeps
    // its priority; a terminal gets the local time and colour.
    let journal = std::env::var_os("JOURNAL_STREAM").is_some();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .event_format(loaxa::service::LineFormat {
            journal,
            colour: !journal && std::io::stderr().is_terminal(),
        })
        .init();
}
