//! Silence on air (`[monitor]`): what the output's monitor (and the
//! loudspeaker line's) reports becomes a `status` problem as soon as it is
//! found, a journal warning, the station's command if it has one, and a
//! `silence` record in the airing log once it is over (so the record has
//! both times).

use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::airlog::{self, Record};
use crate::audio::capture::CaptureHandle;
use crate::audio::monitor::SilenceSource;
use crate::audio::{PlayRequest, Player};
use crate::i18n::Msg;
use crate::timefmt::rfc3339_ms;

use super::{CheckFuture, Daemon, OutputPort};

/// How long the station's `on_silence` command may run before it is stopped.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
const COMMAND_POLL: Duration = Duration::from_millis(100);

/// The player and, when the station monitors its loudspeaker line, the
/// capture of that line: both end with the output.
pub(crate) struct Monitored {
    pub(crate) player: Player,
    pub(crate) line: Option<CaptureHandle>,
}

impl OutputPort for Monitored {
    fn play(&self, req: PlayRequest) {
        self.player.play(req)
    }
    fn stop(&self, reason: &Msg) {
        self.player.stop(reason)
    }
    fn check(&self) -> CheckFuture<'_> {
        Box::pin(self.player.check_output())
    }
    fn shutdown(self: Box<Self>) {
        let Monitored { player, line } = *self;
        drop(line);
        player.shutdown()
    }
}

/// A silence found and not over yet.
#[derive(Debug, Clone)]
pub(crate) struct Open {
    airing: u64,
    index: usize,
    source: SilenceSource,
    began: DateTime<Utc>,
    id: String,
    file: String,
}

fn log_source(s: SilenceSource) -> airlog::SilenceSource {
    match s {
        SilenceSource::Output => airlog::SilenceSource::Output,
        SilenceSource::Input => airlog::SilenceSource::Input,
    }
}

impl Daemon {
    /// A silence found (`ended` None) or over.
    pub(super) fn on_silence(
        &mut self,
        airing: u64,
        index: usize,
        began: DateTime<Utc>,
        ended: Option<DateTime<Utc>>,
        source: SilenceSource,
    ) {
        match ended {
            None => self.silence_found(airing, index, began, source),
            Some(at) => {
                let pos = self
                    .silences
                    .iter()
                    .position(|s| s.airing == airing && s.index == index && s.source == source);
                if let Some(pos) = pos {
                    let open = self.silences.remove(pos);
                    self.silence_over(open, at);
                }
            }
        }
    }

    fn silence_found(
        &mut self,
        airing: u64,
        index: usize,
        began: DateTime<Utc>,
        source: SilenceSource,
    ) {
        let (id, file) = self
            .programs
            .get(&airing)
            .and_then(|p| p.info(index))
            .map(|i| (i.id.clone(), i.file.clone()))
            .unwrap_or_default();
        let open = Open {
            airing,
            index,
            source,
            began,
            id,
            file,
        };
        tracing::warn!("{}", self.silence_what(&open));
        self.run_on_silence(&open, None);
        self.silences.push(open);
    }

    fn silence_over(&mut self, open: Open, ended: DateTime<Utc>) {
        let tz = self.tz();
        let logged = self.stamp();
        tracing::info!(
            "{}",
            t!(
                "silence-over",
                file = open.file.clone(),
                at = ended.with_timezone(&tz).format("%H:%M:%S").to_string()
            )
        );
        self.run_on_silence(&open, Some(ended));
        self.record(Record::Silence {
            id: open.id,
            file: open.file,
            began: rfc3339_ms(&open.began.with_timezone(&tz)),
            ended: rfc3339_ms(&ended.with_timezone(&tz)),
            source: log_source(open.source),
            logged,
            simulated: self.simulated(),
        });
    }

    /// The program ended (or failed) at `at`: its silences are over there.
    pub(super) fn close_silences(&mut self, airing: u64, at: DateTime<Utc>) {
        let (ours, rest) = std::mem::take(&mut self.silences)
            .into_iter()
            .partition(|s| s.airing == airing);
        self.silences = rest;
        for open in ours {
            let ended = at.max(open.began);
            self.silence_over(open, ended);
        }
    }

    fn silence_what(&self, s: &Open) -> String {
        let since = s
            .began
            .with_timezone(&self.tz())
            .format("%H:%M:%S")
            .to_string();
        let limit = self.station.settings.monitor.limits;
        match s.source {
            SilenceSource::Output => t!(
                "silence-found",
                file = s.file.clone(),
                since = since,
                db = format!("{:.0}", limit.threshold_db)
            ),
            SilenceSource::Input => t!("silence-line-found", file = s.file.clone(), since = since),
        }
    }

    /// The silences going on, as `status` problems.
    pub(super) fn silence_problems(&self) -> Vec<crate::status::Problem> {
        self.silences
            .iter()
            .map(|s| crate::status::Problem {
                kind: "silence".into(),
                what: self.silence_what(s),
                todo: match s.source {
                    SilenceSource::Output => t!("silence-todo"),
                    SilenceSource::Input => t!("silence-line-todo"),
                },
            })
            .collect()
    }

    /// Runs `[monitor] on_silence` (not on simulated time), with what
    /// happened in its environment: no shell, nothing of the data in its
    /// command line.
    fn run_on_silence(&self, s: &Open, ended: Option<DateTime<Utc>>) {
        let cmd = &self.station.settings.monitor.on_silence;
        let Some((program, args)) = cmd.split_first() else {
            return;
        };
        if self.simulated() {
            return;
        }
        let tz = self.tz();
        let t = |x: DateTime<Utc>| rfc3339_ms(&x.with_timezone(&tz));
        let mut c = Command::new(program);
        c.args(args)
            .env("LOAXA_SILENCE_BEGAN", t(s.began))
            .env("LOAXA_SILENCE_ENDED", ended.map(t).unwrap_or_default())
            .env("LOAXA_SILENCE_ITEM", &s.file)
            .env("LOAXA_SILENCE_ID", &s.id)
            .env("LOAXA_SILENCE_SOURCE", log_source(s.source).en())
            .env("LOAXA_STATION", &self.station.settings.station)
            .current_dir(&self.station.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let shown = program.clone();
        match c.spawn() {
            Ok(child) => {
                let _ = std::thread::Builder::new()
                    .name("loaxa-on-silence".into())
                    .spawn(move || watch_command(child, &shown));
            }
            Err(e) => tracing::warn!(
                "{}",
                t!(
                    "silence-command-failed",
                    command = shown,
                    detail = crate::i18n::os_detail(&e)
                )
            ),
        }
    }
}

/// Waits for the command (at most `COMMAND_TIMEOUT`), then puts what it
/// said in the journal.
fn watch_command(mut child: std::process::Child, shown: &str) {
    use std::io::Read;
    let mut waited = Duration::ZERO;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if waited < COMMAND_TIMEOUT => {
                std::thread::sleep(COMMAND_POLL);
                waited += COMMAND_POLL;
            }
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let mut said = String::new();
    for pipe in [
        child.stdout.take().map(|p| Box::new(p) as Box<dyn Read>),
        child.stderr.take().map(|p| Box::new(p) as Box<dyn Read>),
    ]
    .into_iter()
    .flatten()
    {
        let _ = pipe.take(16 * 1024).read_to_string(&mut said);
    }
    for line in said.lines().filter(|l| !l.trim().is_empty()) {
        tracing::info!("{shown}: {}", loaxa_core::diag::one_line(line));
    }
    match status {
        Some(s) if s.success() => {}
        Some(s) => tracing::warn!(
            "{}",
            t!(
                "silence-command-failed",
                command = shown,
                detail = s.to_string()
            )
        ),
        None => tracing::warn!("{}", t!("silence-command-timeout", command = shown)),
    }
}
