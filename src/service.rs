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
pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// What `systemctl status loaxa` shows on its "Status:" line.
pub fn status(text: &str) {
    send(&[NotifyState::Status(text)]);
}

/// The scheduler is alive.
pub fn ping() {
    send(&[NotifyState::Watchdog]);
}

/// Stopping (a clean stop, not a crash).
pub fn stopping() {
    send(&[NotifyState::Stopping]);
}

/// How often to ping: half of `WatchdogSec=`, or never without a watchdog.
pub fn ping_every() -> Option<Duration> {
    sd_notify::watchdog_enabled().map(|d| (d / 2).max(Duration::from_millis(50)))
}
