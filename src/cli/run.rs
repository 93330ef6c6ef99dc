//! `loaxa run`: the daemon, wired to the real clock, the output, the
//! control socket, the folder watch and the signals.

use std::future::Future;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::{CliError, Ctx};
use crate::audio::OutputSpec;
use crate::daemon::{Daemon, Input, Mode, player_spawner};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_parser = super::args::parse_output, value_name = "SPEC")]
    pub(crate) output: Option<OutputSpec>,
}

pub fn main(ctx: Ctx, args: Args) -> Result<ExitCode, CliError> {
    let Ctx { station, clock, .. } = ctx;
    let output = args
        .output
        .unwrap_or_else(|| station.settings.output.clone());
    // A file-size limit reached is a full disk: the write fails and the
    // records wait in memory, instead of the signal killing us.
    // SAFETY: ignoring a signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // Large blocks (a password check's 19 MiB) straight from mmap and back
    // on free: glibc's moving threshold otherwise keeps every one freed
    // (200 logins left the daemon at 870 MB; with this, 56 MB at the peak).
    // SAFETY: mallopt before any thread is started; a refusal changes nothing.
    #[cfg(target_env = "gnu")]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
    // One daemon per station, for as long as this one lives.
    let _instance = crate::instance::claim(&station.data_dir)?;
    crate::control::raise_fd_limit();
    let socket = crate::control::socket_path(&station);
    let listener = crate::control::bind(&socket)
        .map_err(|e| CliError::while_(t!("cli-socket", path = socket.display().to_string()), e))?;
    let (inputs_tx, inputs) = crate::daemon::inputs();
    // The console: a port already taken or a bad certificate is said, and
    // airing goes on.
    let web = &station.settings.web;
    let console = web
        .enabled
        .then(|| match crate::web::bind(web, &station.dir) {
            Ok(c) => {
                // Said before the daemon's own lines, always in this order.
                tracing::info!("{}", t!("web-listening", url = c.url()));
                Some(c)
            }
            Err(e) => {
                tracing::warn!("{e}");
                None
            }
        })
        .flatten();
    let watch_station = station.clone();
    let monitor = station.settings.monitor.clone();
    let daemon = Daemon::open(station, output.clone(), Arc::clone(&clock), Mode::Station);
    let edges_clock = Arc::clone(&clock);
    let spawner = player_spawner(output, clock, monitor);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::while_(t!("cli-runtime"), e))?;
    // Handlers are in place before the daemon starts, so an early SIGTERM
    // is a clean stop, not the default kill.
    let shutdown = rt.block_on(async { shutdown_signal() })?;
    rt.block_on(async {
        let _watching = match crate::watch::start(
            &watch_station,
            inputs_tx.clone(),
            Arc::clone(&edges_clock),
        ) {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::error!("{}", t!("daemon-no-watch", detail = e.to_string()));
                None
            }
        };
        // The watcher's settling and the socket's complaints run on the
        // daemon's clock, like everything else that waits.
        tokio::spawn(crate::control::serve(
            listener,
            inputs_tx.clone(),
            Arc::clone(&edges_clock),
            super::user::for_operators(&watch_station, Arc::clone(&edges_clock)),
        ));
        let (stop_console, stop) = tokio::sync::watch::channel(false);
        let served = console.map(|console| {
            let state = crate::web::Web::new(
                &watch_station,
                inputs_tx.clone(),
                Arc::clone(&edges_clock),
                super::check::overlaps_if_saved,
            );
            tokio::spawn(crate::web::serve(console, Arc::new(state), stop))
        });
        tokio::spawn(reload_on_sighup(inputs_tx));
        daemon.run(spawner, inputs, shutdown).await;
        // Open requests finish (briefly) before the runtime goes.
        let _ = stop_console.send(true);
        if let Some(served) = served {
            let _ = served.await;
        }
    });
    let _ = std::fs::remove_file(&socket);
    Ok(ExitCode::SUCCESS)
}

/// SIGHUP (`systemctl reload loaxa`, `kill -HUP`): read the schedules again.
async fn reload_on_sighup(inputs: UnboundedSender<Input>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hup) = signal(SignalKind::hangup()) else {
        return;
    };
    while hup.recv().await.is_some() {
        tracing::info!("{}", t!("daemon-sighup"));
        if inputs.send(Input::Reload).is_err() {
            return;
        }
    }
}

/// A future that completes on SIGINT (Ctrl-C) or SIGTERM (systemd stop).
/// The handlers are installed when this is called, not when first polled.
fn shutdown_signal() -> Result<impl Future<Output = ()>, CliError> {
    use tokio::signal::unix::{SignalKind, signal};
    let no = |name: &'static str| move |e| CliError::while_(t!("cli-no-signal", signal = name), e);
    let mut term = signal(SignalKind::terminate()).map_err(no("SIGTERM"))?;
    let mut int = signal(SignalKind::interrupt()).map_err(no("SIGINT"))?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("{}", t!("daemon-sigterm")),
            _ = int.recv() => tracing::info!("{}", t!("daemon-sigint")),
        }
    })
}
