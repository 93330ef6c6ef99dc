//! Inputs other than time and the output: reloads, `loaxa play`,
//! emergency files, `stop-airing`, `status`, changed files.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::DateTime;
use chrono_tz::Tz;

use crate::airlog::SegmentInfo;
use crate::audio::FileDecoder;
use crate::library;
use crate::library::View as _;
use crate::plan::Airing;
use crate::program::{Expander, Item, Source};
use crate::schedule::{Priority, Schedule, Segment, TextSource};
use crate::timefmt::rfc3339_ms;

use super::{Daemon, Input, MAX_PLAY_FILES, PlayerLink, stopped_by_operator};

impl Daemon {
    pub(super) async fn on_input(&mut self, input: Input, link: &PlayerLink) {
        match input {
            Input::Reload => {
                self.reload_settings();
                self.reload();
            }
            Input::SchedulesSaved => {
                // Saved unchanged (an editor's save, a copy of the same file):
                // nothing to read again, nothing to say.
                if self.station.schedules_fingerprint() != self.schedules_seen {
                    self.reload_settings();
                    self.reload();
                }
            }
            Input::ReloadAsked { reply } => {
                let settings = self.reload_settings();
                let (schedules, slots, errors) = self.reload();
                let mut text = t!("reload-answer", schedules = schedules, slots = slots);
                if errors > 0 {
                    text.push_str(&format!("; {}", t!("reload-errors", errors = errors)));
                }
                if let Some(said) = settings {
                    text.push_str(&format!("; {said}"));
                }
                let _ = reply.send(Ok(text));
            }
            Input::Status { reply } => {
                let _ = reply.send(self.status());
            }
            Input::Operator { act, reply } => {
                self.record(crate::airlog::Record::Operator {
                    act,
                    logged: self.stamp(),
                });
                let _ = reply.send(());
            }
            Input::StopAiring { reply } => {
                let _ = reply.send(self.stop_airing(link));
            }
            Input::Say {
                text,
                priority,
                repeat,
                reply,
            } => {
                self.say(text, priority, repeat, reply);
            }
            Input::FileChanged { file } => {
                self.library.touch(&file, self.clock.files_now());
            }
            Input::Play {
                files,
                priority,
                reply,
            } => {
                // Waited in the queue longer than the asker would: they
                // were told there was no answer, so nothing airs.
                if reply.is_closed() {
                    tracing::warn!("{}", t!("play-gave-up"));
                    return;
                }
                let result = self
                    .play_now(link, files, priority, "loaxa play", true)
                    .await;
                let _ = reply.send(result);
            }
            Input::Alert { source, reply } => self.alert(source, reply),
            Input::AlertRecording { path } => self.alert_recording(&path),
            Input::Emergency { file } => {
                let _ = self
                    .play_now(
                        link,
                        vec![file],
                        Priority::Emergency,
                        "audio/khan-cap",
                        false,
                    )
                    .await;
            }
        }
    }

    /// `loaxa stop-airing`: cuts what is on air (and what waits behind it).
    fn stop_airing(&mut self, link: &PlayerLink) -> Result<String, String> {
        match self.on_air.and_then(|p| self.programs.get(&p)) {
            None if self.programs.is_empty() => Err(t!("stop-nothing")),
            found => {
                let what = found.map(|p| t!("check-slot", slot = &p.slot));
                let reason = stopped_by_operator();
                link.port.stop(&reason);
                tracing::warn!("{}", crate::i18n::render(&reason));
                // Said as the log will say it: cut while on air is
                // "interrupted"; stopped before its first sample
                // (in its preparation) the program is "missed".
                let mut said = match &what {
                    Some(what) => t!("stop-done", what = what),
                    None => t!("stop-before-start"),
                };
                // Programs waiting behind it go too: say so, as
                // the log does (missed, stopped by the operator).
                let waiting = self.programs.len().saturating_sub(1);
                if waiting > 0 {
                    said.push_str(&format!("; {}", t!("stop-queued-too", count = waiting)));
                }
                Ok(said)
            }
        }
    }

    /// Airs files at once as one program (operator's command, emergency
    /// folder). Asked by an operator (`ask`), a file that cannot air is
    /// refused before anything is queued; a file dropped in the emergency
    /// folder has nobody to answer, so it goes to the log as skipped, with
    /// the reason.
    async fn play_now(
        &mut self,
        link: &PlayerLink,
        files: Vec<String>,
        priority: Priority,
        source: &str,
        ask: bool,
    ) -> Result<String, String> {
        if files.len() > MAX_PLAY_FILES {
            return Err(t!(
                "play-too-many",
                count = files.len(),
                max = MAX_PLAY_FILES
            ));
        }
        let mut segments = Vec::new();
        for f in &files {
            let file = crate::schedule::clean_audio_path(f)
                .map_err(|why| crate::i18n::render(&crate::diag::in_field(f, why)))?;
            // The library may not have heard of it yet.
            self.library.touch(&file, self.clock.files_now());
            segments.push(Segment::named(&file));
        }
        if segments.is_empty() {
            return Err(t!("play-nothing"));
        }
        let expander = Expander {
            library: &self.library,
            topics: &self.station.settings.topics,
            station_level: self.station.settings.level,
            relay_fallback: self.station.settings.relay.fallback.as_deref(),
            slot_level: None,
        };
        let items = expander.expand(&segments, source, None);
        // Refused before anything is queued: an operator in a hurry must
        // hear "no" now, not find out from the silence.
        if ask {
            self.refuse(&items)?;
        }
        let slot = segments.first().map(|s| s.file.clone()).unwrap_or_default();
        tracing::info!(
            "{source}: {}",
            t!(
                "play-log",
                files = files.join(", "),
                priority = priority.vi()
            )
        );
        self.air_now(link, items, priority, source, &slot).await;
        Ok(t!(
            "play-sent",
            count = files.len(),
            priority = priority.vi()
        ))
    }

    /// Airs these items now, as one program of `source` (`loaxa play`,
    /// the emergency folder, `loaxa say`) named `slot` in the log.
    pub(super) async fn air_now(
        &mut self,
        link: &PlayerLink,
        items: Vec<Item>,
        priority: Priority,
        source: &str,
        slot: &str,
    ) {
        let now = self.clock.now();
        let local = now.with_timezone(&self.tz());
        let stamp = local.format("%Y%m%dT%H%M%S%.3f").to_string();
        let items: Vec<(SegmentInfo, Item)> = items
            .into_iter()
            .map(|item| {
                let info = self.segment_info(source, slot, &local, &stamp, &item, priority);
                (info, item)
            })
            .collect();
        let grace = self.station.settings.grace;
        self.start(link, now, items, priority, grace, slot).await;
    }

    /// Why `loaxa play` cannot air these items, if it cannot.
    fn refuse(&self, items: &[Item]) -> Result<(), String> {
        for item in items {
            match &item.source {
                Source::Arriving => return Err(t!("play-arriving", file = &item.file)),
                Source::Fail(why) => {
                    let close = match self.library.lookup(&item.file) {
                        Ok(_) => Vec::new(),
                        Err(_) => self.library.close_matches(&item.file),
                    };
                    return Err(match close.is_empty() {
                        true => t!("play-refused", file = &item.file, why = why),
                        false => t!(
                            "play-refused-close",
                            file = &item.file,
                            why = why,
                            close = close.join(", ")
                        ),
                    });
                }
                // Not decoded yet: at least it must open as audio (the
                // whole file is decoded while it is prepared), or read as
                // a typed bulletin.
                Source::Unchecked => {
                    let opened =
                        library::resolve(&self.station.audio_dir, &item.file).and_then(|p| {
                            match item.text.is_some() {
                                true => library::read_text(&p).map(drop),
                                false => FileDecoder::open(&p).map(drop),
                            }
                        });
                    if let Err(why) = opened {
                        return Err(t!("play-refused", file = &item.file, why = why.to_string()));
                    }
                }
                Source::Ready(_) | Source::Text(_) | Source::Relay => {}
            }
        }
        Ok(())
    }

    /// Reads loaxa.toml again. What may change while loaxa runs takes
    /// effect at once (the station's name, topics, grace, holidays, report
    /// windows, `[voice]`, `[cap]`); what was set up at start (the output,
    /// time zone, loudness, language, watching, folders) is said to need a
    /// restart. A broken file changes nothing. What there is to say, said
    /// in the journal and returned for `loaxa reload`.
    pub(crate) fn reload_settings(&mut self) -> Option<String> {
        if !matches!(self.mode, super::Mode::Station) {
            return None;
        }
        let fresh = match crate::station::Station::open(&self.station.dir) {
            Ok(st) => st,
            Err(e) => {
                let said = t!("reload-settings-broken", detail = e.to_string());
                tracing::error!("{said}");
                return Some(said);
            }
        };
        let (old, new) = (&self.station, &fresh);
        let later: Vec<&str> = [
            ("output", old.settings.output != new.settings.output),
            ("timezone", old.settings.timezone != new.settings.timezone),
            ("level", old.settings.level != new.settings.level),
            ("lang", old.settings.lang != new.settings.lang),
            ("watch", old.settings.watch != new.settings.watch),
            ("[web]", old.settings.web != new.settings.web),
            // The silence monitor is set up with the output.
            ("[monitor]", old.settings.monitor != new.settings.monitor),
            (
                "[paths]",
                (&old.schedules_dir, &old.audio_dir, &old.data_dir)
                    != (&new.schedules_dir, &new.audio_dir, &new.data_dir),
            ),
        ]
        .into_iter()
        .filter_map(|(key, changed)| changed.then_some(key))
        .collect();
        let s = &mut self.station.settings;
        let n = fresh.settings;
        s.station = n.station;
        s.topics = n.topics;
        s.grace = n.grace;
        s.skip = n.skip;
        s.periods = n.periods;
        s.voice = n.voice;
        s.cap = n.cap;
        s.relay = n.relay;
        if later.is_empty() {
            return None;
        }
        let said = t!("reload-settings-restart", keys = later.join(", "));
        tracing::warn!("{said}");
        Some(said)
    }

    /// Reads the schedules again. A file with errors keeps its last good
    /// version in force (its errors are logged); a removed file is dropped.
    /// Reads the schedules again; returns the schedules and slots now in
    /// force and the number of errors found.
    pub(crate) fn reload(&mut self) -> (usize, usize, usize) {
        self.schedules_seen = self.station.schedules_fingerprint();
        let (fresh, diags) = self.station.load_schedules();
        let mut bad_files: HashSet<String> = HashSet::new();
        for d in &diags {
            if d.is_error() {
                tracing::error!("{}", crate::i18n::diagnostic(d));
                bad_files.insert(d.file.clone());
            } else {
                tracing::warn!("{}", crate::i18n::diagnostic(d));
            }
        }
        let present: HashSet<String> = self
            .station
            .schedule_files()
            .iter()
            .map(|p| self.station.relative(p))
            .collect();
        let mut next: Vec<Arc<Schedule>> = Vec::new();
        for name in &present {
            let shown = self.station.shown(&self.station.dir.join(name));
            let old = self.schedules.iter().find(|s| &s.name == name);
            let new = fresh.iter().find(|s| &s.name == name);
            if bad_files.contains(&shown) {
                if let Some(old) = old {
                    tracing::warn!("{name}: {}", t!("reload-keeps-last"));
                    next.push(Arc::clone(old));
                } else if let Some(new) = new {
                    next.push(Arc::clone(new));
                }
            } else if let Some(new) = new {
                next.push(Arc::clone(new));
            }
        }
        next.sort_by(|a, b| a.name.cmp(&b.name));
        let slots = next.iter().map(|s| s.slots.len()).sum::<usize>();
        tracing::info!(
            "{}",
            t!("reload-done", schedules = next.len(), slots = slots)
        );
        let counts = (
            next.len(),
            slots,
            diags.iter().filter(|d| d.is_error()).count(),
        );
        self.schedules = next;
        self.diags = diags;
        counts
    }

    /// The airing's program as concrete items, and what the log will say
    /// about each. `commit` advances rotating folders (an airing, not a look).
    pub(super) fn items(&mut self, airing: &Airing, commit: bool) -> Vec<(SegmentInfo, Item)> {
        let slot = airing.slot();
        let rotation = if commit {
            Some(&mut self.rotation)
        } else {
            None
        };
        let items =
            crate::program::airing_items(&self.library, &self.station.settings, airing, rotation);
        let stamp = airing.at.format("%Y%m%dT%H%M%S").to_string();
        items
            .into_iter()
            .map(|item| {
                let info = self.segment_info(
                    &airing.schedule.name,
                    &slot.id,
                    &airing.at,
                    &stamp,
                    &item,
                    slot.priority,
                );
                (info, item)
            })
            .collect()
    }

    /// What the log says about an item of a program of `schedule`/`slot`
    /// due at `at` (`stamp`: `at` as it goes into the item's id).
    pub(super) fn segment_info(
        &self,
        schedule: &str,
        slot: &str,
        at: &DateTime<Tz>,
        stamp: &str,
        item: &Item,
        priority: Priority,
    ) -> SegmentInfo {
        SegmentInfo {
            id: format!("{stamp}/{schedule}/{slot}/{}", item.index),
            schedule: schedule.to_string(),
            slot: slot.to_string(),
            scheduled: rfc3339_ms(at),
            index: item.index,
            file: item.file.clone(),
            sha256: None,
            title: item.title.clone(),
            topic: item.topic.clone(),
            author: item.author.clone(),
            // A relay's planned length is known before it airs.
            duration: item
                .relay
                .as_ref()
                .map(|r| crate::decide::round_ms(r.relay.duration.num_milliseconds() as f64 / 1e3)),
            output: self.output.to_string(),
            priority: (priority != Priority::Normal).then(|| priority.vi().to_string()),
            gain_db: None,
            limited_db: None,
            trimmed: None,
            // Words typed in the schedule are known before they are
            // spoken: a missed item names them too.
            text_sha256: match (&item.speech, &item.text) {
                (Some(s), _) => Some(s.text_sha256.clone()),
                (None, Some(TextSource::Typed(t))) => Some(crate::airlog::hash_hex(t.as_bytes())),
                _ => None,
            },
            engine: item.speech.as_ref().map(|s| s.engine.clone()),
            voice: item.speech.as_ref().map(|s| s.voice.clone()),
            simulated: self.simulated(),
            relay: item.relay.as_ref().map(|r| r.relay.source.shown()),
        }
    }

    pub(super) fn segment_infos(&mut self, airing: &Airing) -> Vec<SegmentInfo> {
        self.items(airing, false)
            .into_iter()
            .map(|(i, _)| i)
            .collect()
    }
}
