//! What the daemon tells `loaxa status` and systemd.

use chrono::{DateTime, Utc};

use crate::plan::Airing;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_short_vi};

use super::{Daemon, HORIZON_DAYS};

impl Daemon {
    /// The item on air, as the output's events tell, at `now`.
    pub(super) fn now_on_air(&self, now: DateTime<Utc>) -> Option<crate::status::OnAir> {
        let prog = self.programs.get(&self.on_air?)?;
        let (index, started) = prog.open?;
        let info = prog.infos.get(index)?;
        let elapsed = (now - started).num_milliseconds().max(0) as f64 / 1000.0;
        Some(crate::status::OnAir {
            slot: prog.slot.clone(),
            schedule: prog.schedule.clone(),
            item: index,
            items: prog.infos.len(),
            title: info.title.clone().unwrap_or_else(|| info.file.clone()),
            file: info.file.clone(),
            elapsed,
            remaining: info.duration.map(|d| (d - elapsed).max(0.0)),
        })
    }

    /// `loaxa status`: the files' view, plus what only the daemon knows.
    pub(super) fn status(&self) -> crate::status::Status {
        use crate::status::Problem;
        let now = self.clock.now();
        let mut st = crate::status::from_files(
            &self.station,
            &self.schedules,
            &self.diags,
            &self.library,
            now,
        );
        st.running = true;
        let tz = self.tz();
        let hm = |t: &DateTime<Utc>| {
            format!(
                "{} {}",
                crate::timefmt::date_vi(t.with_timezone(&tz).date_naive()),
                t.with_timezone(&tz).format("%H:%M:%S")
            )
        };
        let (state, trouble) = match &self.output_state {
            None => (
                crate::status::OutputState {
                    state: "idle".into(),
                    since: None,
                    reason: None,
                    text: t!("status-output-unused"),
                },
                None,
            ),
            Some((at, Ok(()))) => (
                crate::status::OutputState {
                    state: "working".into(),
                    since: Some(rfc3339_ms(&at.with_timezone(&tz))),
                    reason: None,
                    text: t!("status-output-ok", at = hm(at)),
                },
                None,
            ),
            Some((at, Err(why))) => (
                crate::status::OutputState {
                    state: "failed".into(),
                    since: Some(rfc3339_ms(&at.with_timezone(&tz))),
                    reason: Some(crate::i18n::render(why)),
                    text: t!("status-output-failed", at = hm(at)),
                },
                Some(t!(
                    "status-output-failed-what",
                    at = hm(at),
                    detail = why.clone()
                )),
            ),
        };
        st.output = Some(self.output.to_string());
        st.output_state = Some(state);
        if let Some(what) = trouble {
            st.problems.push(Problem {
                kind: "output".into(),
                what,
                todo: t!("status-output-todo"),
            });
        }
        st.problems.extend(self.silence_problems());
        st.on_air = self.now_on_air(now);
        st.warnings = crate::status::PendingWarning::all(&self.cap, tz);
        if !self.log.unwritten.is_empty() {
            st.problems.push(Problem {
                kind: "log".into(),
                what: t!(
                    "status-log-unwritten",
                    count = self.log.unwritten.len(),
                    path = self.log.path.display().to_string()
                ),
                todo: t!("status-log-todo"),
            });
        }
        st
    }

    /// One line for `systemctl status`: what is on air, else what comes next.
    pub(super) fn status_line(&self, next: Option<&Airing>) -> String {
        let on_air = self.now_on_air(self.clock.now()).map(|a| {
            t!(
                "systemd-on-air",
                title = &a.title,
                slot = &a.slot,
                item = a.item + 1,
                items = a.items
            )
        });
        let unwritten = match self.log.unwritten.len() {
            0 => String::new(),
            n => format!(" — {}", t!("systemd-log-trouble", count = n)),
        };
        let main = on_air.unwrap_or_else(|| match next {
            Some(a) => t!(
                "systemd-waiting",
                time = a.at.format("%H:%M").to_string(),
                day = format!(
                    "{} {}",
                    weekday_short_vi(chrono::Datelike::weekday(&a.at)),
                    date_vi(a.at.date_naive())
                ),
                title = a.slot().title.as_deref().unwrap_or(&a.slot().id),
                count = a.program().len()
            ),
            None => t!("systemd-nothing", days = HORIZON_DAYS),
        });
        main + &unwritten
    }
}
