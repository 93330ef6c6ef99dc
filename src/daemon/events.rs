//! The output's events, carried into the log through the decision core's
//! rules (`decide`): reasons and notes are said here (as messages: the log keeps
//! their codes and values, and is read in any language).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::airlog::{Record, Status};
use crate::audio::PlayerEvent;
use crate::audio::bus::DropKind;
use crate::decide::{self, Closing, Dropped, EndReason, Missed, StartNote, round_ms};
use crate::i18n::Msg;
use crate::timefmt::rfc3339_ms;

use super::Daemon;
use super::prepare::file_stamp;
use super::relaying::RelayWatch;

/// The log's words for why an airing was missed.
pub(super) fn missed_text(m: &Missed, tz: chrono_tz::Tz) -> Msg {
    let t = |x: &DateTime<Utc>| rfc3339_ms(&x.with_timezone(&tz));
    match m {
        Missed::NotRunning {
            from: Some(from),
            to,
        } => {
            msg!("missed-not-running-from", from = t(from), to = t(to))
        }
        Missed::NotRunning { from: None, .. } => msg!("missed-not-running"),
        Missed::ClockJump { from, to } => msg!("missed-clock-jump", from = t(from), to = t(to)),
        Missed::Grace => msg!("missed-grace"),
    }
}

fn note_text(n: &StartNote) -> Msg {
    let seconds = |ms: i64| crate::timefmt::decimal_arg(ms as f64 / 1000.0, 1);
    match n {
        StartNote::Resumed { slot, schedule } => {
            msg!("note-resumed", slot = slot, schedule = schedule)
        }
        StartNote::WentAhead {
            slot,
            schedule,
            emergency,
        } => msg!(
            "note-went-ahead",
            slot = slot,
            schedule = schedule,
            priority = if *emergency {
                "khẩn cấp"
            } else {
                "ưu tiên"
            }
        ),
        StartNote::LateBehind { ms, slot, schedule } => msg!(
            "note-late-behind",
            seconds = seconds(*ms),
            slot = slot,
            schedule = schedule
        ),
        StartNote::Late { ms } => msg!("note-late", seconds = seconds(*ms)),
    }
}

fn end_text(r: EndReason) -> Msg {
    match r {
        EndReason::CutByEmergency { slot, schedule } => {
            msg!("reason-cut-by-emergency", slot = slot, schedule = schedule)
        }
        EndReason::Cut(why) => why,
        EndReason::Noted { note, changed } => match (changed, note) {
            (false, note) => note.unwrap_or_default(),
            (true, None) => msg!("note-changed-on-air"),
            (true, Some(n)) => msg!("note-and-changed", note = n),
        },
    }
}

fn drop_text(d: Dropped) -> Msg {
    match d {
        // The bus says these in its own words; the log in the station's.
        Dropped::Late => msg!("reason-late"),
        Dropped::NotResumed => msg!("reason-not-resumed"),
        Dropped::Stopped(reason) => msg!("reason-not-aired", reason = reason),
        Dropped::OutputFailed(reason) => reason,
    }
}

impl Daemon {
    pub(super) fn on_event(&mut self, ev: PlayerEvent) {
        self.rearm_watchdog(None);
        match ev {
            PlayerEvent::SegmentStarted { airing, index, at } => {
                self.item_started(airing, index, at)
            }
            PlayerEvent::SegmentEnded {
                airing,
                index,
                at,
                played,
                cut,
                cut_by,
                note,
            } => self.item_ended(airing, index, at, played, cut, cut_by, note),
            PlayerEvent::SegmentDropped {
                airing,
                index,
                reason,
                kind,
                at,
            } => {
                let why = match kind {
                    DropKind::Late => Dropped::Late,
                    DropKind::NotResumed => Dropped::NotResumed,
                    DropKind::Stopped => Dropped::Stopped(reason),
                    DropKind::OutputFailed => {
                        self.output_state = Some((at, Err(reason.clone())));
                        Dropped::OutputFailed(reason)
                    }
                };
                self.item_dropped(airing, index, why);
            }
            PlayerEvent::Silence {
                airing,
                index,
                began,
                ended,
                source,
            } => self.on_silence(airing, index, began, ended, source),
            PlayerEvent::ProgramEnded { airing, at } => {
                self.close_silences(airing, at);
                if let Some(p) = self.programs.remove(&airing) {
                    tracing::info!(
                        "{}",
                        t!(
                            "daemon-program-ended",
                            slot = &p.slot,
                            at = at
                                .with_timezone(&self.tz())
                                .format("%H:%M:%S%.3f")
                                .to_string()
                        )
                    );
                }
                self.opened.remove(&airing);
                // A relay whose end never came (none should be left): its
                // line-in capture stops here, not never.
                self.relays.retain(|k, _| k.0 != airing);
                if self.on_air == Some(airing) {
                    self.on_air = None;
                }
                self.warning_ended(airing, at);
            }
            PlayerEvent::ProgramFailed { airing, at, reason } => {
                self.close_silences(airing, at);
                self.output_state = Some((at, Err(reason.clone())));
                if let Some(p) = self.programs.get(&airing) {
                    tracing::error!(
                        "{}",
                        crate::i18n::render(&crate::diag::in_slot(&p.slot, reason.clone()))
                    );
                }
                let logged = self.stamp();
                self.close_failed(airing, &reason, &logged, Some(at));
                if self.on_air == Some(airing) {
                    self.on_air = None;
                }
            }
        }
    }

    fn item_started(&mut self, airing: u64, index: usize, at: DateTime<Utc>) {
        let tz = self.tz();
        let logged = self.stamp();
        self.output_state = Some((at, Ok(())));
        let note = decide::start_note(&self.programs, airing, index, at).map(|n| note_text(&n));
        self.on_air = Some(airing);
        let Some(p) = self.programs.get_mut(&airing) else {
            return;
        };
        let Some(info) = p.info(index).cloned() else {
            return;
        };
        p.began(index, at);
        let at_local = at.with_timezone(&tz);
        tracing::info!(
            "{}",
            t!(
                "daemon-on-air",
                file = &info.file,
                slot = &info.slot,
                item = index + 1,
                started = at_local.format("%H:%M:%S%.3f").to_string(),
                scheduled = p
                    .scheduled
                    .with_timezone(&tz)
                    .format("%H:%M:%S%.3f")
                    .to_string()
            )
        );
        self.record(Record::Start {
            segment: info,
            started: rfc3339_ms(&at_local),
            note,
            logged,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn item_ended(
        &mut self,
        airing: u64,
        index: usize,
        at: DateTime<Utc>,
        played: f64,
        cut: Option<Msg>,
        cut_by: Option<u64>,
        note: Option<Msg>,
    ) {
        let logged = self.stamp();
        if self.on_air == Some(airing) {
            self.on_air = None;
        }
        let by = cut_by
            .and_then(|e| self.programs.get(&e))
            .map(|e| (e.slot.clone(), e.schedule.clone()));
        // Overwritten in place while on air: the fingerprint names the
        // file as it was when it began, and the log says so.
        let changed = self
            .opened
            .get(&airing)
            .and_then(|o| o.get(&index))
            .is_some_and(|(path, before)| file_stamp(path).as_ref() != Some(before));
        let Some(p) = self.programs.get_mut(&airing) else {
            return;
        };
        let Some(id) = p.info(index).map(|i| i.id.clone()) else {
            return;
        };
        p.finished(index, by.clone());
        let (status, reason) = decide::ended(cut, by, note, changed);
        let reason = reason.map(end_text);
        let relay = self
            .relays
            .remove(&(airing, index))
            .map(|w| super::relaying::relay_end(&w, at, played, self.tz()));
        self.record(Record::End {
            id,
            ended: Some(rfc3339_ms(&at.with_timezone(&self.tz()))),
            played: Some(round_ms(played)),
            status,
            reason,
            logged,
            simulated: self.simulated(),
            relay,
        });
    }

    fn item_dropped(&mut self, airing: u64, index: usize, why: Dropped) {
        let logged = self.stamp();
        self.relays.remove(&(airing, index));
        let Some(p) = self.programs.get_mut(&airing) else {
            return;
        };
        let Some(info) = p.info(index).cloned() else {
            return;
        };
        p.closed.insert(index);
        let status = decide::dropped(&why);
        self.record(Record::NotAired {
            segment: info,
            status,
            reason: drop_text(why),
            logged,
        });
    }

    /// The output failed for this program: the item on air is cut there,
    /// the items that had not started did not air.
    pub(super) fn close_failed(
        &mut self,
        airing: u64,
        reason: &Msg,
        logged: &str,
        ended: Option<DateTime<Utc>>,
    ) {
        let Some(p) = self.programs.remove(&airing) else {
            return;
        };
        self.opened.remove(&airing);
        self.warning_ended(airing, ended.unwrap_or_else(|| self.clock.now()));
        let tz = self.tz();
        // Its relays end here too (a line input's capture stops when its
        // watch is dropped), the one on air logged with what it relayed.
        let keys: Vec<_> = self
            .relays
            .keys()
            .filter(|k| k.0 == airing)
            .copied()
            .collect();
        let mut relays: HashMap<usize, RelayWatch> = keys
            .into_iter()
            .filter_map(|k| self.relays.remove(&k).map(|w| (k.1, w)))
            .collect();
        for c in p.fail(ended) {
            let r = match c {
                Closing::Interrupted {
                    info,
                    ended,
                    played,
                } => Record::End {
                    relay: relays
                        .remove(&info.index)
                        .and_then(|w| Some(super::relaying::relay_end(&w, ended?, played?, tz))),
                    id: info.id,
                    ended: ended.map(|e| rfc3339_ms(&e.with_timezone(&tz))),
                    played,
                    status: Status::Interrupted,
                    reason: Some(reason.clone()),
                    logged: logged.to_string(),
                    simulated: self.simulated(),
                },
                Closing::NotAired { info } => Record::NotAired {
                    segment: info,
                    status: Status::Failed,
                    reason: reason.clone(),
                    logged: logged.to_string(),
                },
            };
            self.record(r);
        }
    }
}
