//! The clock seam. The daemon and the outputs read time only through
//! [`Clock`], so tests and simulations can run a week of airings in
//! milliseconds on a [`SimClock`].
//!
//! Two kinds of time: the wall clock (what the schedule means; it can be
//! stepped by NTP) and a monotonic clock (what pacing uses inside a program,
//! so a clock step cannot stretch or squeeze audio).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub type BoxFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

pub trait Clock: Send + Sync + 'static {
    /// Wall-clock time now.
    fn now(&self) -> DateTime<Utc>;
    /// Monotonic time since an arbitrary origin.
    fn mono(&self) -> Duration;
    /// Blocks this thread until the wall clock reads `t`. The wall clock is
    /// read again as `t` nears, so a clock correction during the wait is
    /// followed.
    fn sleep_until(&self, t: DateTime<Utc>);
    /// Blocks this thread until `mono()` reaches `t`.
    fn sleep_until_mono(&self, t: Duration);
    /// Waits (async) until the wall clock reads `t`.
    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_>;
}

/// Longest single sleep before the wall clock is read again: bounds how late
/// a clock step is noticed, at a cost of one wake-up per interval.
const RECHECK: Duration = Duration::from_secs(30);
/// Within this distance of the target, sleep in short steps re-reading the
/// wall clock, so the final wake-up lands on the instant.
const APPROACH: Duration = Duration::from_millis(200);

/// The system clock.
pub struct RealClock {
    origin: Instant,
}

impl RealClock {
    pub fn new() -> RealClock {
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

impl Clock for RealClock {
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

    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_> {
        Box::pin(async move {
            while let Some(d) = until(t, Utc::now()) {
                tokio::time::sleep(d.min(RECHECK)).await;
            }
        })
    }
}

/// A clock that only moves when someone waits: every sleep jumps straight
/// to its target. Runs programs as fast as the machine decodes them.
pub struct SimClock {
    state: Mutex<DateTime<Utc>>,
    origin: DateTime<Utc>,
}

impl SimClock {
    pub fn new(start: DateTime<Utc>) -> SimClock {
        SimClock {
            state: Mutex::new(start),
            origin: start,
        }
    }

    /// Moves the clock to `t` (forward or back, as an NTP step would).
    pub fn set(&self, t: DateTime<Utc>) {
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

impl Clock for SimClock {
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

    fn wait_until(&self, t: DateTime<Utc>) -> BoxFuture<'_> {
        self.advance_to(t);
        Box::pin(std::future::ready(()))
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
    fn real_clock_wakes_at_the_instant() {
        // Not a timing assertion: only that it does not return early.
        let c = RealClock::new();
        let t = Utc::now() + chrono::Duration::milliseconds(30);
        c.sleep_until(t);
        assert!(Utc::now() >= t);
    }
}
