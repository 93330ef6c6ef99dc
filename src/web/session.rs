//! Who is logged in to the console, and who must wait before trying
//! again. Times are the daemon clock's monotonic time, passed in: nothing
//! here reads a clock, so the rules are tested without waiting.

use std::collections::HashMap;
use std::time::Duration;

use crate::users::Role;

/// A console session: which account, what it may do, the token its
/// state-changing requests must carry, and when it was last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    pub(crate) user: String,
    pub(crate) role: Role,
    pub(crate) csrf: String,
    last: Duration,
}

/// The open sessions, by their cookie's token.
#[derive(Debug)]
pub(crate) struct Sessions {
    open: HashMap<String, Session>,
    /// Unused this long, a session is closed.
    idle: Duration,
}

/// Sessions at once; the oldest is closed to make room (a script logging
/// in in a loop cannot fill the memory).
const MAX_SESSIONS: usize = 256;

impl Sessions {
    pub(crate) fn new(idle: Duration) -> Sessions {
        Sessions {
            open: HashMap::new(),
            idle,
        }
    }

    /// A new session for `user`; its cookie token and CSRF token.
    pub(crate) fn open(&mut self, user: &str, role: Role, now: Duration) -> (String, String) {
        self.open
            .retain(|_, s| now.saturating_sub(s.last) < self.idle);
        if self.open.len() >= MAX_SESSIONS
            && let Some(oldest) = self
                .open
                .iter()
                .min_by_key(|(_, s)| s.last)
                .map(|(k, _)| k.clone())
        {
            self.open.remove(&oldest);
        }
        let (token, csrf) = (random_token(), random_token());
        self.open.insert(
            token.clone(),
            Session {
                user: user.to_string(),
                role,
                csrf: csrf.clone(),
                last: now,
            },
        );
        (token, csrf)
    }

    /// The session of this token, still open at `now` (and used now).
    pub(crate) fn get(&mut self, token: &str, now: Duration) -> Option<Session> {
        let idle = self.idle;
        match self.open.get_mut(token) {
            Some(s) if now.saturating_sub(s.last) < idle => {
                s.last = now;
                Some(s.clone())
            }
            Some(_) => {
                self.open.remove(token);
                None
            }
            None => None,
        }
    }

    pub(crate) fn close(&mut self, token: &str) {
        self.open.remove(token);
    }

    /// Closes every session of an account (its password changed, or it
    /// was removed), but `keep` (the one that changed it).
    pub(crate) fn close_user(&mut self, user: &str, keep: Option<&str>) {
        let key = loaxa_core::account::name_key(user);
        self.open.retain(|token, s| {
            Some(token.as_str()) == keep || loaxa_core::account::name_key(&s.user) != key
        });
    }
}

/// 32 random bytes, in hex. The system's generator failing is not
/// expected; a constant token would be a hole, so it is an error then.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    match getrandom::fill(&mut bytes) {
        Ok(()) => hex::encode(bytes),
        // No randomness: a token nobody can guess cannot be made, so
        // none is made that anybody could (an empty token never matches).
        Err(_) => String::new(),
    }
}

/// Failed logins: by account and by address. After `FREE_TRIES` wrong
/// passwords in a row, each further try waits a minute, doubling with
/// every failure, at most an hour.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    failed: HashMap<String, (u32, Duration)>,
}

pub(crate) const FREE_TRIES: u32 = 5;
const FIRST_WAIT: Duration = Duration::from_secs(60);
const LONGEST_WAIT: Duration = Duration::from_secs(3600);
/// Keys remembered at once (addresses are many on a LAN scan).
const MAX_KEYS: usize = 4096;

impl Throttle {
    /// How long `key` must still wait before trying, if it must.
    pub(crate) fn wait(&self, key: &str, now: Duration) -> Option<Duration> {
        let (count, at) = self.failed.get(key)?;
        let wait = wait_after(*count)?;
        let until = at.saturating_add(wait);
        (now < until).then(|| until - now)
    }

    pub(crate) fn failed(&mut self, key: &str, now: Duration) {
        if self.failed.len() >= MAX_KEYS && !self.failed.contains_key(key) {
            // Forget those that may try again anyway.
            self.failed.retain(|_, (count, at)| {
                wait_after(*count).is_some_and(|w| now < at.saturating_add(w))
            });
            if self.failed.len() >= MAX_KEYS {
                return;
            }
        }
        let entry = self.failed.entry(key.to_string()).or_insert((0, now));
        entry.0 = entry.0.saturating_add(1);
        entry.1 = now;
    }

    pub(crate) fn succeeded(&mut self, key: &str) {
        self.failed.remove(key);
    }
}

/// The wait after `count` failures in a row.
fn wait_after(count: u32) -> Option<Duration> {
    let over = count.checked_sub(FREE_TRIES)?;
    let factor = 1u32.checked_shl(over.min(16)).unwrap_or(u32::MAX);
    Some(FIRST_WAIT.saturating_mul(factor).min(LONGEST_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn sessions_close_when_idle_and_when_asked() {
        let mut s = Sessions::new(S(1800));
        let (token, csrf) = s.open("lan", Role::Truc, S(0));
        assert_eq!(token.len(), 64);
        assert_ne!(token, csrf);
        let got = s.get(&token, S(1799)).unwrap();
        assert_eq!((got.user.as_str(), got.role), ("lan", Role::Truc));
        assert_eq!(got.csrf, csrf);
        // Used at 1799 s: open until 3599 s.
        assert!(s.get(&token, S(3598)).is_some());
        assert!(s.get(&token, S(3598 + 1800)).is_none());
        assert!(s.get(&token, S(3598)).is_none(), "closed for good");
        let (t3, _) = s.open("minh", Role::Xem, S(10));
        assert!(s.get(&t3, S(11)).is_some());
        s.close(&t3);
        assert!(s.get(&t3, S(11)).is_none());
        assert!(s.get("", S(11)).is_none());
    }

    #[test]
    fn the_oldest_session_makes_room() {
        let mut s = Sessions::new(S(1800));
        let (first, _) = s.open("a", Role::Xem, S(0));
        for i in 1..MAX_SESSIONS as u64 + 1 {
            s.open("a", Role::Xem, S(i));
        }
        assert_eq!(s.open.len(), MAX_SESSIONS);
        assert!(s.get(&first, S(300)).is_none());
    }

    #[test]
    fn five_wrong_passwords_then_a_minute_doubling() {
        let mut t = Throttle::default();
        for i in 0..FREE_TRIES as u64 {
            assert_eq!(t.wait("user:lan", S(i)), None, "try {i} is free");
            t.failed("user:lan", S(i));
        }
        // The fifth failure was at 4 s: wait until 64 s.
        assert_eq!(t.wait("user:lan", S(4)), Some(S(60)));
        assert_eq!(t.wait("user:lan", S(63)), Some(S(1)));
        assert_eq!(t.wait("user:lan", S(64)), None);
        t.failed("user:lan", S(64));
        assert_eq!(t.wait("user:lan", S(64)), Some(S(120)));
        // Others are not held up.
        assert_eq!(t.wait("user:minh", S(64)), None);
        for k in 0..20 {
            t.failed("user:lan", S(1000 + k));
        }
        assert_eq!(
            t.wait("user:lan", S(1019)),
            Some(S(3600)),
            "at most an hour"
        );
        t.succeeded("user:lan");
        assert_eq!(t.wait("user:lan", S(1019)), None);
    }

    #[test]
    fn a_flood_of_addresses_cannot_grow_without_end() {
        let mut t = Throttle::default();
        for i in 0..(MAX_KEYS as u64 + 100) {
            t.failed(&format!("addr:10.0.{}.{}", i / 256, i % 256), S(i));
        }
        assert!(t.failed.len() <= MAX_KEYS);
    }
}
