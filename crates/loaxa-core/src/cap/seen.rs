//! What the station has done with alerts: which aired, how many repeats are
//! still due, which were cancelled or replaced. The binary keeps it in a
//! file (it serializes to JSON) and gives it to [`super::judge`].

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::judge::Verdict;
use super::{AlertKey, MAX_REMEMBERED};

/// The alerts the station has met, one entry each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    alerts: Vec<SeenAlert>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct SeenAlert {
    key: AlertKey,
    /// When it aired first, or was stopped (Unix seconds).
    at: i64,
    /// False when it was cancelled or replaced before it ever aired here:
    /// it must not air if it comes later.
    aired: bool,
    /// Repeats still to air.
    pending: u32,
}

impl Seen {
    pub fn new() -> Seen {
        Seen::default()
    }

    fn get(&self, key: &AlertKey) -> Option<&SeenAlert> {
        self.alerts.iter().find(|a| &a.key == key)
    }

    fn get_mut(&mut self, key: &AlertKey) -> Option<&mut SeenAlert> {
        self.alerts.iter_mut().find(|a| &a.key == key)
    }

    /// Has this alert aired here?
    pub fn already_aired(&self, key: &AlertKey) -> bool {
        self.get(key).is_some_and(|a| a.aired)
    }

    /// Was it cancelled or replaced before it aired here?
    pub fn withdrawn(&self, key: &AlertKey) -> bool {
        self.get(key).is_some_and(|a| !a.aired)
    }

    /// Repeats of it still to air.
    pub fn pending(&self, key: &AlertKey) -> u32 {
        self.get(key).map_or(0, |a| a.pending)
    }

    /// The alerts with repeats still to air.
    pub fn with_pending(&self) -> Vec<AlertKey> {
        self.alerts
            .iter()
            .filter(|a| a.pending > 0)
            .map(|a| a.key.clone())
            .collect()
    }

    /// It aired (its first airing) at `at`, with `pending` repeats to come.
    pub fn record_airing(&mut self, key: &AlertKey, at: DateTime<Utc>, pending: u32) {
        match self.get_mut(key) {
            Some(a) => {
                a.aired = true;
                a.pending = pending;
            }
            None => self.alerts.push(SeenAlert {
                key: key.clone(),
                at: at.timestamp(),
                aired: true,
                pending,
            }),
        }
    }

    /// One of its repeats aired.
    pub fn repeat_aired(&mut self, key: &AlertKey) {
        if let Some(a) = self.get_mut(key) {
            a.pending = a.pending.saturating_sub(1);
        }
    }

    /// Stop these alerts (a Cancel, or an Update that replaces them): no
    /// more repeats, and one that has not aired yet never will.
    pub fn stop(&mut self, keys: &[AlertKey], at: DateTime<Utc>) {
        // One pass over what is remembered, however many keys a Cancel
        // names.
        let mut unmet: std::collections::HashSet<&AlertKey> = keys.iter().collect();
        for a in &mut self.alerts {
            if unmet.remove(&a.key) {
                a.pending = 0;
            }
        }
        for key in keys {
            if unmet.remove(key) {
                self.alerts.push(SeenAlert {
                    key: key.clone(),
                    at: at.timestamp(),
                    aired: false,
                    pending: 0,
                });
            }
        }
    }

    /// Records what a verdict does, once the binary has carried it out at
    /// `at`: an airing (its first; `repeat - 1` to come) and what it
    /// replaces, or a cancellation.
    pub fn apply(&mut self, verdict: &Verdict, at: DateTime<Utc>) {
        match verdict {
            Verdict::Air(a) => {
                self.stop(&a.cancels, at);
                self.record_airing(&a.key, at, a.repeat.saturating_sub(1));
            }
            Verdict::Cancel { keys } => self.stop(keys, at),
            Verdict::Ignore(_) => {}
        }
    }

    /// Forgets alerts met before `cutoff` that have nothing left to air,
    /// so the file stays small (an alert identifier is not reused within
    /// weeks; the binary chooses the cutoff).
    pub fn forget_before(&mut self, cutoff: DateTime<Utc>) {
        let cutoff = cutoff.timestamp();
        self.alerts.retain(|a| a.at >= cutoff || a.pending > 0);
        // However many alerts senders name (each Cancel may name
        // `MAX_REFERENCES`), the file stays readable: past the bound the
        // oldest with nothing left to air go first.
        let over = self.alerts.len().saturating_sub(MAX_REMEMBERED);
        if over > 0 {
            let mut done: Vec<i64> = self
                .alerts
                .iter()
                .filter(|a| a.pending == 0)
                .map(|a| a.at)
                .collect();
            done.sort_unstable();
            if let Some(&newest_dropped) = done.get(over.saturating_sub(1)) {
                let mut left = over;
                self.alerts.retain(|a| {
                    let drop = left > 0 && a.pending == 0 && a.at <= newest_dropped;
                    left -= usize::from(drop);
                    !drop
                });
            }
        }
    }

    /// How many alerts it remembers.
    pub fn len(&self) -> usize {
        self.alerts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.alerts.is_empty()
    }

    /// When an alert aired first or was stopped.
    pub fn met_at(&self, key: &AlertKey) -> Option<DateTime<Utc>> {
        self.get(key)
            .and_then(|a| Utc.timestamp_opt(a.at, 0).single())
    }
}
