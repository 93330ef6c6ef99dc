//! `loaxa status`: what the station is doing and what needs the operator.
//! The running daemon answers with what only it knows (on air, the output,
//! records waiting for the disk) on top of what the files say (the next
//! airings, the last ones, audio problems of the coming week, schedule
//! errors, the clock); without a daemon the files alone answer.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::library::Library;
use crate::plan::plan;
use crate::schedule::Schedule;
use crate::station::Station;
use crate::upcoming::{ItemProblem, airing_when, expand};

/// Days ahead in which missing or broken audio is a problem.
pub(crate) const LOOK_AHEAD_DAYS: i64 = 7;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
// pub: daemon::Input::Status carries it (Input is pub for tests/scheduling.rs)
pub struct Status {
    /// Whether a daemon answered.
    pub(crate) running: bool,
    pub(crate) station: String,
    pub(crate) now: String,
    /// What is on air, if anything (daemon only).
    pub(crate) on_air: Option<OnAir>,
    /// The output (daemon only).
    pub(crate) output: Option<String>,
    /// How the output last fared (daemon only).
    #[serde(default)]
    pub(crate) output_state: Option<OutputState>,
    pub(crate) next: Vec<NextAiring>,
    /// CAP warnings with repeats still to air.
    #[serde(default)]
    pub(crate) warnings: Vec<PendingWarning>,
    pub(crate) last: Vec<LastAiring>,
    /// Everything that needs the operator.
    pub(crate) problems: Vec<Problem>,
}

/// How the sound output last fared, as the daemon saw it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OutputState {
    /// "idle" (nothing aired since the start), "working" or "failed".
    pub(crate) state: String,
    /// When it last began an item or failed (RFC 3339).
    pub(crate) since: Option<String>,
    /// Why it failed.
    pub(crate) reason: Option<String>,
    /// The same, for the operator.
    pub(crate) text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OnAir {
    pub(crate) slot: String,
    pub(crate) schedule: String,
    pub(crate) item: usize,
    pub(crate) items: usize,
    pub(crate) title: String,
    pub(crate) file: String,
    /// Seconds since the item started, and left of it (when its length is known).
    pub(crate) elapsed: f64,
    pub(crate) remaining: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct NextAiring {
    /// `T2 17/03/2014 05:31:00`.
    pub(crate) when: String,
    pub(crate) at: String,
    pub(crate) slot: String,
    pub(crate) title: Option<String>,
    pub(crate) schedule: String,
    pub(crate) items: usize,
}

/// A CAP warning with airings still to come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PendingWarning {
    pub(crate) identifier: String,
    pub(crate) sender: String,
    pub(crate) title: String,
    /// "khẩn cấp" or "ưu tiên".
    pub(crate) priority: String,
    /// Airings still to come (after the one on air, if one is).
    pub(crate) left: u32,
    /// When the next one airs (RFC 3339); none while one is on air (the
    /// next follows it after the gap).
    pub(crate) due: Option<String>,
    /// The same for the operator: `T2 07/09/2026 06:01:00`.
    pub(crate) due_shown: Option<String>,
    /// No repeat after this (RFC 3339).
    pub(crate) expires: Option<String>,
}

impl PendingWarning {
    /// The warnings with airings still to come.
    pub(crate) fn all(cap: &crate::cap::CapState, tz: chrono_tz::Tz) -> Vec<PendingWarning> {
        cap.warnings
            .iter()
            .filter(|w| w.left > 0)
            .map(|w| PendingWarning::of(w, tz))
            .collect()
    }

    pub(crate) fn of(w: &crate::cap::Warning, tz: chrono_tz::Tz) -> PendingWarning {
        let due = w.due.map(|d| d.with_timezone(&tz));
        PendingWarning {
            identifier: w.key.identifier.clone(),
            sender: w.key.sender.clone(),
            title: w.title.clone(),
            priority: w.priority.clone(),
            left: w.left,
            due: due.map(|d| crate::timefmt::rfc3339_ms(&d)),
            due_shown: due.map(|d| {
                format!(
                    "{} {} {}",
                    crate::timefmt::weekday_short_vi(chrono::Datelike::weekday(&d)),
                    crate::timefmt::date_vi(d.date_naive()),
                    d.format("%H:%M:%S")
                )
            }),
            expires: w.expires.map(|e| e.to_rfc3339()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LastAiring {
    pub(crate) scheduled: String,
    pub(crate) slot: String,
    pub(crate) file: String,
    pub(crate) title: Option<String>,
    pub(crate) status: String,
    pub(crate) reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Problem {
    /// `audio`, `schedule`, `log`, `output`, `clock`.
    pub(crate) kind: String,
    pub(crate) what: String,
    pub(crate) todo: String,
}

/// What the files say, as of `now`, with the schedules and library given
/// (the daemon's own, or freshly read).
pub(crate) fn from_files(
    station: &Station,
    schedules: &[Arc<Schedule>],
    diags: &[Diagnostic],
    lib: &Library,
    now: DateTime<Utc>,
) -> Status {
    let tz = station.settings.timezone;
    let upcoming = plan(
        schedules,
        &station.calendar(),
        now,
        now + Duration::days(LOOK_AHEAD_DAYS),
    );
    let next = upcoming
        .iter()
        .take(5)
        .map(|a| NextAiring {
            when: airing_when(a),
            at: crate::timefmt::rfc3339_ms(&a.at),
            slot: a.slot().id.clone(),
            title: a.slot().title.clone(),
            schedule: a.schedule.name.clone(),
            items: a.program().len(),
        })
        .collect();
    let mut problems = Vec::new();
    // A station that airs nothing says so: a new station, a folder emptied
    // by mistake, or schedules whose dates are over.
    if schedules.is_empty() {
        problems.push(Problem {
            kind: "schedule".into(),
            what: t!(
                "status-no-schedules",
                folder = station.shown(&station.schedules_dir)
            ),
            todo: t!("status-no-schedules-todo"),
        });
    } else if upcoming.is_empty() {
        problems.push(Problem {
            kind: "schedule".into(),
            what: t!("status-nothing-planned", days = LOOK_AHEAD_DAYS),
            todo: t!("status-nothing-planned-todo"),
        });
    }
    for d in diags.iter().filter(|d| d.is_error()) {
        problems.push(Problem {
            kind: "schedule".into(),
            what: crate::i18n::diagnostic(d),
            todo: t!("status-fix-schedule"),
        });
    }
    for (a, items) in expand(station, lib, &upcoming) {
        for item in &items {
            // Settled and waiting for the daemon's background check: not
            // a problem (it is decoded at air time at the latest).
            if item.source == crate::program::Source::Unchecked {
                continue;
            }
            if let Some(why) = ItemProblem::of(item).map(|p| p.text()) {
                problems.push(Problem {
                    kind: "audio".into(),
                    what: format!(
                        "{} {}: {} — {why}",
                        airing_when(a),
                        t!("check-slot", slot = &a.slot().id),
                        crate::upcoming::item_name(item)
                    ),
                    todo: t!(
                        "status-copy-before",
                        file = &item.file,
                        when = airing_when(a)
                    ),
                });
            }
        }
    }
    if let Some(p) = clock_problem() {
        problems.push(p);
    }
    let last = last_airings(station, 10);
    // The repeats the daemon keeps in the data folder (it answers with
    // its own, newer, list when it runs).
    let warnings = PendingWarning::all(&crate::cap::CapState::peek(&station.data_dir), tz);
    Status {
        running: false,
        station: station.settings.station.clone(),
        now: crate::timefmt::rfc3339_ms(&now.with_timezone(&tz)),
        on_air: None,
        output: None,
        output_state: None,
        next,
        warnings,
        last,
        problems,
    }
}

/// The last `n` item airings in the log, newest last. Reads only the end
/// of the file: a log of years is not read whole for this.
fn last_airings(station: &Station, n: usize) -> Vec<LastAiring> {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(station.airing_log_path()) else {
        return Vec::new();
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let from = len.saturating_sub(256 * 1024);
    let mut bytes = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    if from > 0 {
        // Start at a whole line.
        let cut = bytes.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
        bytes.drain(..cut);
    }
    let (records, _) = crate::airlog::parse(&bytes);
    let mut rows = crate::airlog::rows(&records);
    rows.sort_by_key(|r| r.started.unwrap_or(r.scheduled));
    let skip = rows.len().saturating_sub(n);
    rows.into_iter()
        .skip(skip)
        .map(|r| LastAiring {
            scheduled: crate::timefmt::rfc3339_ms(&r.scheduled),
            slot: r.slot,
            file: r.file,
            title: r.title,
            status: r.status.map(|s| s.en()).unwrap_or("on_air").to_string(),
            reason: r.reason.as_ref().map(crate::i18n::render),
        })
        .collect()
}

/// The kernel says whether the clock is synchronised (NTP): without a
/// battery-backed clock, an unsynchronised PC airs at the wrong times.
fn clock_problem() -> Option<Problem> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: adjtimex with modes = 0 only reads the kernel's clock state.
        let state = unsafe {
            let mut tx: libc::timex = std::mem::zeroed();
            libc::adjtimex(&mut tx)
        };
        if state == libc::TIME_ERROR {
            return Some(Problem {
                kind: "clock".into(),
                what: t!("status-clock"),
                todo: t!("status-clock-todo"),
            });
        }
    }
    None
}

impl Status {
    /// The CAP warnings still to repeat, when there are any.
    fn warnings_text(&self, s: &mut String) {
        if !self.warnings.is_empty() {
            s.push_str(&format!("\n{}\n", t!("status-warnings")));
        }
        for w in &self.warnings {
            let next = match &w.due_shown {
                Some(due) => t!("status-warning-due", count = w.left, due = due),
                None => t!("status-warning-after", count = w.left),
            };
            s.push_str(&format!(
                "  {} — {} ({}): {next}\n",
                w.identifier, w.title, w.priority
            ));
        }
    }

    /// For the operator.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        let head = if self.running {
            t!("status-running")
        } else {
            t!("status-not-running")
        };
        s.push_str(&format!("{} — {}\n", self.station, head));
        if let Some(o) = &self.output {
            let state = self
                .output_state
                .as_ref()
                .map(|st| format!(" — {}", st.text))
                .unwrap_or_default();
            s.push_str(&format!("{}{state}\n", t!("status-output", output = o)));
        }
        match &self.on_air {
            Some(a) => s.push_str(&format!(
                "{}\n",
                t!(
                    "status-on-air",
                    title = &a.title,
                    file = &a.file,
                    item = a.item + 1,
                    items = a.items,
                    slot = &a.slot,
                    elapsed = crate::timefmt::span(a.elapsed.round()),
                    remaining = a.remaining.map_or(loaxa_i18n::Arg::from("none"), |r| {
                        crate::timefmt::span(r.round()).into()
                    })
                )
            )),
            None if self.running => s.push_str(&format!("{}\n", t!("status-on-air-nothing"))),
            None => {}
        }
        s.push_str(&format!("\n{}\n", t!("status-next")));
        if self.next.is_empty() {
            s.push_str(&format!(
                "  {}\n",
                t!("status-next-none", days = LOOK_AHEAD_DAYS)
            ));
        }
        for n in &self.next {
            s.push_str(&format!(
                "  {}  {}{} ({}), {}\n",
                n.when,
                t!("check-slot", slot = &n.slot),
                n.title
                    .as_deref()
                    .map(|t| format!(" — {t}"))
                    .unwrap_or_default(),
                n.schedule,
                t!("status-items", count = n.items)
            ));
        }
        self.warnings_text(&mut s);
        s.push_str(&format!("\n{}\n", t!("status-last")));
        if self.last.is_empty() {
            s.push_str(&format!("  {}\n", t!("status-last-none")));
        }
        for l in &self.last {
            s.push_str(&format!(
                "  {}  {}: {} — {}{}\n",
                when_text(&l.scheduled),
                t!("check-slot", slot = &l.slot),
                l.title.as_deref().unwrap_or(&l.file),
                t!("status-result", status = &l.status),
                l.reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ));
        }
        if self.problems.is_empty() {
            s.push_str(&format!("\n{}\n", t!("status-no-problems")));
        } else {
            s.push_str(&format!(
                "\n{}\n",
                t!("status-problems", count = self.problems.len())
            ));
            for p in &self.problems {
                s.push_str(&format!(
                    "  [{}] {} — {}\n",
                    t!("status-kind", kind = &p.kind),
                    p.what,
                    p.todo
                ));
            }
        }
        s
    }
}

/// `T2 30/11/2026 16:12:08`: a time `status --json` gives in RFC 3339, as
/// the text says the coming airings (as given when it is not one).
fn when_text(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => format!(
            "{} {} {}",
            crate::timefmt::weekday_short_vi(chrono::Datelike::weekday(&t)),
            crate::timefmt::date_vi(t.date_naive()),
            t.format("%H:%M:%S")
        ),
        Err(_) => rfc3339.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_airings_are_dated_as_people_read_them() {
        assert_eq!(
            when_text("2026-11-30T16:12:08.986+07:00"),
            "T2 30/11/2026 16:12:08"
        );
        assert_eq!(when_text("không phải giờ"), "không phải giờ");
    }
}
