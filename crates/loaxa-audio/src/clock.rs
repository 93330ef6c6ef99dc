//! What the player needs of a clock: the wall clock (the instant a program
//! is due), the monotonic clock (pacing inside a program) and waiting for
//! either. The binary's clock module implements it for the system's time
//! and for simulations; nothing in this crate reads the time itself.

use std::time::Duration;

use chrono::{DateTime, Utc};

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
}
