//! The clock seam. The daemon and the outputs read time only through
//! [`Clock`], so tests and simulations can run a week of airings in
//! milliseconds on a [`SimClock`].
//!
//! Two kinds of time: the wall clock (what the schedule means; it can be
//! stepped by NTP) and a monotonic clock (what pacing uses inside a program,
//! so a clock step cannot stretch or squeeze audio).

use loaxa_audio::Clock as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};

pub(crate) type BoxFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// The daemon's clock: the player's (now, mono, sleeping: see
/// `loaxa_audio::Clock`) and waiting on it from async code.
pub trait Clock: loaxa_audio::Clock {
    /// Waits (async) until the wall clock reads `t`.
    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_>;
    /// Waits (async) until `mono()` reaches `t` (the daemon's timers:
    /// rescans, settling, retries, the watchdog, pings, debouncing). A `t`
    /// too far to represent never comes.
    fn wait_mono(&self, t: Duration) -> BoxFuture<'_>;
    /// The present on the files' clock: what a file written now would have
    /// as its modification time, as this clock runs. For the system's
    /// clock, `now()`. A simulation begins at the moment it was started
    /// (so a recording keeps the age it had then, and one copied a moment
    /// before is still settling) and runs on simulated time from there:
    /// the library's settle rule ("arriving while modified less than
    /// `SETTLE` ago") then works on simulated days before the files were
    /// made, and settling runs on simulated time.
    fn files_now(&self) -> SystemTime {
        SystemTime::from(self.now())
    }
}

/// Longest single sleep before the wall clock is read again: bounds how late
/// a clock step is noticed, at a cost of one wake-up per interval.
const RECHECK: Duration = Duration::from_secs(30);
/// Within this distance of the target, sleep in short steps re-reading the
/// wall clock, so the final wake-up lands on the instant.
const APPROACH: Duration = Duration::from_millis(200);

/// The machine's local time, for log lines written to a terminal.
pub(crate) fn local_now() -> chrono::DateTime<chrono::Local> {
    chrono::Local::now()
}

/// The system clock.
pub(crate) struct RealClock {
    origin: Instant,
}

impl RealClock {
    pub(crate) fn new() -> RealClock {
        RealClock {
            origin: Instant::now(),
        }
    }
}

impl Default for RealClock {
    fn default() -> Self {
        RealClock::new()
    }
}

fn until(t: DateTime<Utc>, now: DateTime<Utc>) -> Option<Duration> {
    (t - now).to_std().ok().filter(|d| !d.is_zero())
}

impl loaxa_audio::Clock for RealClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn mono(&self) -> Duration {
        self.origin.elapsed()
    }

    fn sleep_until(&self, t: DateTime<Utc>) {
        while let Some(d) = until(t, Utc::now()) {
            let step = if d > APPROACH {
                (d - APPROACH / 2).min(RECHECK)
            } else {
                d
            };
            std::thread::sleep(step);
        }
    }

    fn sleep_until_mono(&self, t: Duration) {
        let now = self.mono();
        if t > now {
            std::thread::sleep(t - now);
        }
    }
}

impl Clock for RealClock {
    fn wait_mono(&self, t: Duration) -> BoxFuture<'_> {
        Box::pin(async move {
            match self.origin.checked_add(t) {
                Some(at) => tokio::time::sleep_until(tokio::time::Instant::from_std(at)).await,
                None => std::future::pending().await,
            }
        })
    }

    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_> {
        Box::pin(async move {
            #[cfg(target_os = "linux")]
            if wall_timer::wait_until(t).await.is_ok() {
                return;
            }
            // Without a wall-clock timer: sleep, re-reading the clock now and then.
            while let Some(d) = until(t, Utc::now()) {
                tokio::time::sleep(d.min(RECHECK)).await;
            }
        })
    }
}

/// Waiting for a wall-clock instant with a Linux timerfd on CLOCK_REALTIME:
/// the kernel wakes us exactly at the instant, or at once if the clock is
/// set (NTP step, operator), so a long wait costs no wake-ups at all and a
/// clock step is seen immediately.
#[cfg(target_os = "linux")]
mod wall_timer {
    use std::io;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

    use chrono::{DateTime, Utc};
    use tokio::io::Interest;
    use tokio::io::unix::AsyncFd;

    struct TimerFd(OwnedFd);

    impl AsRawFd for TimerFd {
        fn as_raw_fd(&self) -> std::os::fd::RawFd {
            self.0.as_raw_fd()
        }
    }

    impl TimerFd {
        fn new() -> io::Result<TimerFd> {
            // SAFETY: plain syscall; the fd is owned right away.
            let fd = unsafe {
                libc::timerfd_create(libc::CLOCK_REALTIME, libc::TFD_NONBLOCK | libc::TFD_CLOEXEC)
            };
            if fd < 0 {
                return Err(io::Error::last_os_error());
            }
            // SAFETY: `fd` is a fresh descriptor nobody else owns.
            Ok(TimerFd(unsafe { OwnedFd::from_raw_fd(fd) }))
        }

        /// Fires at `t` (absolute), or with ECANCELED when the clock is set.
        fn arm(&self, t: DateTime<Utc>) -> io::Result<()> {
            let spec = libc::itimerspec {
                it_interval: libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                },
                it_value: libc::timespec {
                    tv_sec: t.timestamp() as libc::time_t,
                    // At least 1 ns: an all-zero value would disarm the timer.
                    tv_nsec: t.timestamp_subsec_nanos().max(1) as libc::c_long,
                },
            };
            let flags = libc::TFD_TIMER_ABSTIME | libc::TFD_TIMER_CANCEL_ON_SET;
            // SAFETY: valid fd and pointers to initialised structs.
            let r = unsafe {
                libc::timerfd_settime(self.0.as_raw_fd(), flags, &spec, std::ptr::null_mut())
            };
            if r < 0 {
                Err(io::Error::last_os_error())
            } else {
                Ok(())
            }
        }

        fn read(&self) -> io::Result<u64> {
            let mut buf = [0u8; 8];
            // SAFETY: reading 8 bytes into an 8-byte buffer.
            let n = unsafe { libc::read(self.0.as_raw_fd(), buf.as_mut_ptr().cast(), 8) };
            if n < 0 {
                Err(io::Error::last_os_error())
            } else {
                Ok(u64::from_ne_bytes(buf))
            }
        }
    }

    pub(crate) async fn wait_until(t: DateTime<Utc>) -> io::Result<()> {
        // SAFETY: `TimerFd` owns its descriptor for its whole life and
        // always returns that same one from `as_raw_fd`.
        let timer = unsafe { AsyncFd::register_with_interest(TimerFd::new()?, Interest::READABLE) }
            .map_err(|e| io::Error::other(e.to_string()))?;
        loop {
            if Utc::now() >= t {
                return Ok(());
            }
            timer.get_ref().arm(t)?;
            loop {
                let mut guard = timer.readable().await?;
                match guard.try_io(|fd| fd.get_ref().read()) {
                    Ok(Ok(_)) => break,
                    // The wall clock was set: look at it again and re-arm.
                    Ok(Err(e)) if e.raw_os_error() == Some(libc::ECANCELED) => break,
                    Ok(Err(e)) if e.kind() == io::ErrorKind::WouldBlock => continue,
                    Ok(Err(e)) => return Err(e),
                    Err(_would_block) => continue,
                }
            }
        }
    }
}

/// A clock that only moves when someone waits: every sleep jumps straight
/// to its target. Runs programs as fast as the machine decodes them.
// pub for tests/render.rs
pub struct SimClock {
    state: Mutex<DateTime<Utc>>,
    origin: DateTime<Utc>,
}

impl SimClock {
    // pub for tests/render.rs
    pub fn new(start: DateTime<Utc>) -> SimClock {
        SimClock {
            state: Mutex::new(start),
            origin: start,
        }
    }

    /// Moves the clock to `t` (forward or back, as an NTP step would).
    #[cfg(test)]
    pub(crate) fn set(&self, t: DateTime<Utc>) {
        if let Ok(mut s) = self.state.lock() {
            *s = t;
        }
    }

    fn advance_to(&self, t: DateTime<Utc>) {
        if let Ok(mut s) = self.state.lock()
            && t > *s
        {
            *s = t;
        }
    }
}

impl loaxa_audio::Clock for SimClock {
    fn now(&self) -> DateTime<Utc> {
        self.state.lock().map(|s| *s).unwrap_or(self.origin)
    }

    fn mono(&self) -> Duration {
        (self.now() - self.origin).to_std().unwrap_or_default()
    }

    fn sleep_until(&self, t: DateTime<Utc>) {
        self.advance_to(t);
    }

    fn sleep_until_mono(&self, t: Duration) {
        if let Ok(d) = chrono::Duration::from_std(t) {
            self.advance_to(self.origin + d);
        }
    }
}

impl Clock for SimClock {
    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_> {
        self.advance_to(t);
        Box::pin(std::future::ready(()))
    }

    fn wait_mono(&self, t: Duration) -> BoxFuture<'_> {
        self.sleep_until_mono(t);
        Box::pin(std::future::ready(()))
    }
}

/// Simulated time for a whole daemon: tokio's paused clock, which jumps to
/// the next timer whenever every task is waiting. The daemon's waits, the
/// simulated player's pacing and the watchdogs all run on it, in the order
/// real time would give them, as fast as the machine allows. `step` moves
/// the wall clock alone (an NTP correction), the monotonic one goes on.
///
/// Create it inside a tokio runtime started with paused time.
pub(crate) struct VirtualClock {
    base_wall: DateTime<Utc>,
    /// The files' clock when the simulation began (see `files_now`).
    base_files: SystemTime,
    base: tokio::time::Instant,
    offset: Mutex<chrono::Duration>,
    stepped: tokio::sync::Notify,
}

impl VirtualClock {
    pub(crate) fn new(start: DateTime<Utc>) -> VirtualClock {
        VirtualClock {
            base_wall: start,
            base_files: SystemTime::now(),
            base: tokio::time::Instant::now(),
            offset: Mutex::new(chrono::Duration::zero()),
            stepped: tokio::sync::Notify::new(),
        }
    }

    /// Steps the wall clock by `by` (forward or back).
    pub(crate) fn step(&self, by: chrono::Duration) {
        if let Ok(mut o) = self.offset.lock() {
            *o += by;
        }
        self.stepped.notify_waiters();
    }
}

impl loaxa_audio::Clock for VirtualClock {
    fn now(&self) -> DateTime<Utc> {
        let offset = self.offset.lock().map(|o| *o).unwrap_or_default();
        let elapsed = chrono::Duration::from_std(self.mono()).unwrap_or_default();
        self.base_wall + elapsed + offset
    }

    fn mono(&self) -> Duration {
        tokio::time::Instant::now().saturating_duration_since(self.base)
    }

    /// Not for threads outside the simulation: nothing blocks there.
    fn sleep_until(&self, _: DateTime<Utc>) {}

    fn sleep_until_mono(&self, _: Duration) {}
}

impl Clock for VirtualClock {
    fn wait_mono(&self, t: Duration) -> BoxFuture<'_> {
        Box::pin(async move {
            match self.base.checked_add(t) {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        })
    }

    /// The moment the simulation began on the files' clock, moved on by
    /// the simulated time since (clock steps included).
    fn files_now(&self) -> SystemTime {
        let since = self.now() - self.base_wall;
        match since.to_std() {
            Ok(d) => self.base_files.checked_add(d),
            Err(_) => (-since)
                .to_std()
                .ok()
                .and_then(|d| self.base_files.checked_sub(d)),
        }
        .unwrap_or(self.base_files)
    }

    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_> {
        Box::pin(async move {
            loop {
                let stepped = self.stepped.notified();
                let Some(d) = until(t, self.now()) else {
                    return;
                };
                tokio::select! {
                    _ = tokio::time::sleep(d) => {}
                    _ = stepped => {}
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sim_clock_jumps_and_never_runs_back_by_itself() {
        let t0 = Utc.with_ymd_and_hms(2014, 3, 17, 6, 0, 0).unwrap();
        let c = SimClock::new(t0);
        c.sleep_until(t0 + chrono::Duration::seconds(5));
        assert_eq!(c.now(), t0 + chrono::Duration::seconds(5));
        c.sleep_until(t0);
        assert_eq!(c.now(), t0 + chrono::Duration::seconds(5));
        assert_eq!(c.mono(), Duration::from_secs(5));
        c.sleep_until_mono(Duration::from_secs(7));
        assert_eq!(c.now(), t0 + chrono::Duration::seconds(7));
        c.set(t0);
        assert_eq!(c.now(), t0);
    }

    #[test]
    fn virtual_clock_runs_timers_in_order_and_steps() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let t0 = Utc.with_ymd_and_hms(2014, 3, 17, 6, 0, 0).unwrap();
            let c = VirtualClock::new(t0);
            // An hour passes in no time at all.
            c.wait_until(t0 + chrono::Duration::hours(1)).await;
            assert_eq!(c.now(), t0 + chrono::Duration::hours(1));
            assert_eq!(c.mono(), Duration::from_secs(3600));
            // A step forward is seen by a waiter at once.
            c.step(chrono::Duration::minutes(30));
            assert_eq!(c.now(), t0 + chrono::Duration::minutes(90));
            c.wait_until(t0 + chrono::Duration::minutes(80)).await;
            assert_eq!(c.mono(), Duration::from_secs(3600), "already past: no wait");
            c.step(chrono::Duration::minutes(-60));
            assert_eq!(c.now(), t0 + chrono::Duration::minutes(30));
        });
    }

    #[test]
    fn a_simulation_keeps_the_files_clock_from_when_it_began() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let before = SystemTime::now();
            // Simulated 2014, years before any file it will look at.
            let t0 = Utc.with_ymd_and_hms(2014, 3, 17, 6, 0, 0).unwrap();
            let c = VirtualClock::new(t0);
            let began = c.files_now();
            assert!(began >= before && began <= SystemTime::now());
            // A recording made a minute before the simulation began has
            // settled on its first simulated day; one made as it began has
            // not, until simulated time has run the settle time.
            let settle = crate::library::SETTLE;
            let old = began - Duration::from_secs(60);
            assert!(crate::library::settled(old, c.files_now()));
            assert!(!crate::library::settled(began, c.files_now()));
            c.wait_until(t0 + chrono::Duration::from_std(settle).unwrap())
                .await;
            assert!(crate::library::settled(began, c.files_now()));
            // Files' time runs with simulated time, steps included.
            c.wait_until(t0 + chrono::Duration::hours(1)).await;
            assert_eq!(c.files_now(), began + Duration::from_secs(3600));
            c.step(chrono::Duration::hours(-2));
            assert_eq!(c.files_now(), began - Duration::from_secs(3600));
        });
    }

    #[test]
    fn waits_on_the_monotonic_clock() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        rt.block_on(async {
            let t0 = Utc.with_ymd_and_hms(2014, 3, 17, 6, 0, 0).unwrap();
            let c = VirtualClock::new(t0);
            c.wait_mono(Duration::from_secs(300)).await;
            assert_eq!(c.mono(), Duration::from_secs(300));
            // Too far to represent: never comes (a disabled timer).
            let never = tokio::time::timeout(Duration::from_secs(5), c.wait_mono(Duration::MAX));
            assert!(never.await.is_err());
        });
        let s = SimClock::new(Utc.with_ymd_and_hms(2014, 3, 17, 6, 0, 0).unwrap());
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(s.wait_mono(Duration::from_secs(7)));
        assert_eq!(s.mono(), Duration::from_secs(7));
    }

    #[test]
    fn real_clock_waits_async_until_the_instant() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let c = RealClock::new();
        let t = Utc::now() + chrono::Duration::milliseconds(30);
        rt.block_on(c.wait_until(t));
        assert!(Utc::now() >= t);
        // An instant already passed returns at once.
        rt.block_on(c.wait_until(Utc::now() - chrono::Duration::seconds(1)));
    }

    #[test]
    fn real_clock_wakes_at_the_instant() {
        // Not a timing assertion: only that it does not return early.
        let c = RealClock::new();
        let t = Utc::now() + chrono::Duration::milliseconds(30);
        c.sleep_until(t);
        assert!(Utc::now() >= t);
    }
}
