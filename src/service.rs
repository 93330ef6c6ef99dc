//! Telling systemd how the daemon is (`Type=notify`): ready once the log
//! is open and the schedules read, a one-line status (the next airing, or
//! what is on air), and watchdog pings sent from the scheduler's own loop,
//! so a loop that hangs stops pinging and systemd restarts the service.
//! Outside systemd (`NOTIFY_SOCKET` unset) every call does nothing.

use std::time::Duration;

use sd_notify::NotifyState;

fn send(state: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(state) {
        tracing::debug!("cannot notify systemd: {e}");
    }
}

/// Start-up is done.
pub(crate) fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// What `systemctl status loaxa` shows on its "Status:" line.
pub(crate) fn status(text: &str) {
    send(&[NotifyState::Status(text)]);
}

/// The scheduler is alive.
pub(crate) fn ping() {
    send(&[NotifyState::Watchdog]);
}

/// Stopping (a clean stop, not a crash).
pub(crate) fn stopping() {
    send(&[NotifyState::Stopping]);
}

/// How often to ping: half of `WatchdogSec=`, or never without a watchdog.
pub(crate) fn ping_every() -> Option<Duration> {
    sd_notify::watchdog_enabled().map(|d| (d / 2).max(Duration::from_millis(50)))
}

/// How a log line is written. Under systemd (`journal`): the message alone,
/// behind its syslog priority (`<3>` error … `<7>` debug), which journald
/// keeps as the line's priority; journald adds the time, in local time.
/// On a terminal or in a file: the local date and time first.
pub struct LineFormat {
    pub journal: bool,
    pub colour: bool,
}

impl<S, N> tracing_subscriber::fmt::FormatEvent<S, N> for LineFormat
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    N: for<'a> tracing_subscriber::fmt::FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &tracing_subscriber::fmt::FmtContext<'_, S, N>,
        mut writer: tracing_subscriber::fmt::format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        use tracing::Level;
        let level = *event.metadata().level();
        if self.journal {
            let priority = match level {
                Level::ERROR => 3,
                Level::WARN => 4,
                Level::INFO => 6,
                Level::DEBUG | Level::TRACE => 7,
            };
            write!(writer, "<{priority}>")?;
        } else {
            let now = crate::clock::local_now();
            write!(writer, "{} ", now.format("%d/%m/%Y %H:%M:%S%.3f"))?;
        }
        let colour = match level {
            Level::ERROR if self.colour => Some("\x1b[31m"),
            Level::WARN if self.colour => Some("\x1b[33m"),
            _ => None,
        };
        if let Some(c) = colour {
            write!(writer, "{c}")?;
        }
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        if colour.is_some() {
            write!(writer, "\x1b[0m")?;
        }
        writeln!(writer)
    }
}
