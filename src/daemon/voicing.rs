//! Text items read aloud ahead of air time: when the schedules are read,
//! when a typed bulletin has been read from the drop folder, and at each
//! housekeeping turn, the text items due in the coming hours are turned
//! into speech on the blocking pool, one batch at a time, so that air time
//! finds them in the speech cache. The engine never runs on the loop.
//!
//! A text that cannot be read aloud (no engine, no model) is said in the
//! journal once, and tried again at the next turn: at air time it is
//! logged as skipped with the same reason, and the program goes on.

use std::collections::{HashMap, HashSet};

use crate::i18n::Msg;
use crate::plan::plan;
use crate::program::airing_items;
use crate::voice::{self, VoiceSettings};

use super::prepare::Voicing;
use super::{Daemon, Mode};

/// How far ahead text items are read aloud: the morning's bulletins when
/// they are typed the evening before.
const VOICE_AHEAD_HOURS: i64 = 12;

/// One text to read aloud ahead: its key (voice and words as the engine
/// gets them), its title for the journal, and how it is read.
struct Text {
    key: String,
    title: String,
    settings: VoiceSettings,
    spoken: String,
}

/// What reading one text aloud ahead did: its key, title, and whether
/// the engine ran (`Ok(true)`), the speech was there (`Ok(false)`), or why not.
type Done = Vec<(String, String, Result<bool, Msg>)>;

/// Reading ahead between the loop's turns.
#[derive(Default)]
pub(super) struct Ahead {
    /// The batch being read on the blocking pool.
    pub(super) task: Option<tokio::task::JoinHandle<Done>>,
    /// Look again at the next turn.
    due: bool,
    /// The schedules as last looked at (a reload changes them).
    seen: Option<[u8; 32]>,
    /// Texts in the cache, by key.
    done: HashSet<String>,
    /// Texts that could not be read, and why (said once).
    failed: HashMap<String, Msg>,
}

impl Ahead {
    /// Look again at the next turn (housekeeping, a bulletin read).
    pub(super) fn look_again(&mut self) {
        self.due = true;
    }
}

impl Daemon {
    /// What preparing text items needs from the station.
    pub(super) fn voicing(&self) -> Voicing {
        Voicing {
            settings: self.station.settings.voice.clone(),
            data_dir: self.station.data_dir.clone(),
            station_dir: self.station.dir.clone(),
            fallback_after: self.station.settings.relay.fallback_after,
        }
    }

    /// Starts reading the coming text items aloud, when there is reason to
    /// look and nothing is being read. A simulation reads nothing ahead:
    /// it airs (or measures) each text when it comes.
    pub(super) fn voice_ahead(&mut self, ahead: &mut Ahead) {
        if ahead.task.is_some() || matches!(self.mode, Mode::Simulation { .. }) {
            return;
        }
        if !ahead.due && ahead.seen == Some(self.schedules_seen) {
            return;
        }
        ahead.due = false;
        ahead.seen = Some(self.schedules_seen);
        let texts = self.texts_ahead();
        let keys: HashSet<&String> = texts.iter().map(|t| &t.key).collect();
        ahead.done.retain(|k| keys.contains(k));
        ahead.failed.retain(|k, _| keys.contains(k));
        let todo: Vec<Text> = texts
            .into_iter()
            .filter(|t| !ahead.done.contains(&t.key))
            .collect();
        if todo.is_empty() {
            return;
        }
        let data_dir = self.station.data_dir.clone();
        ahead.task = Some(tokio::task::spawn_blocking(move || {
            todo.into_iter()
                .map(|t| {
                    let made = voice::synthesize(&t.settings, &data_dir, &t.spoken)
                        .map(|s| !s.cached)
                        .map_err(|e| e.msg());
                    (t.key, t.title, made)
                })
                .collect()
        }));
    }

    /// The text items of the airings due within the coming hours, each
    /// text once.
    fn texts_ahead(&self) -> Vec<Text> {
        let now = self.clock.now();
        let until = now + chrono::Duration::hours(VOICE_AHEAD_HOURS);
        let airings = plan(&self.schedules, &self.station.calendar(), now, until);
        let voicing = self.voicing();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in &airings {
            for item in airing_items(&self.library, &self.station.settings, a, None) {
                let (Some(_), Some(words)) = (&item.text, item.words()) else {
                    continue;
                };
                // A voice that cannot be had is said when the item airs.
                let Ok(settings) = voicing.settings_for(item.voice.as_deref()) else {
                    continue;
                };
                let spoken = loaxa_core::speech::normalize(words);
                let key = format!("{}\u{1}{spoken}", settings.voice_name());
                if seen.insert(key.clone()) {
                    out.push(Text {
                        key,
                        title: item.title.clone().unwrap_or_default(),
                        settings,
                        spoken,
                    });
                }
            }
        }
        out
    }

    /// What reading ahead did: texts read are remembered, a text that
    /// cannot be read is said (once for the same reason).
    pub(super) fn voiced_ahead(
        &mut self,
        ahead: &mut Ahead,
        done: Result<Done, tokio::task::JoinError>,
    ) {
        ahead.task = None;
        let done = match done {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!("{}", t!("daemon-prepare-failed", detail = e.to_string()));
                return;
            }
        };
        let mut made = 0;
        for (key, title, result) in done {
            match result {
                Ok(ran) => {
                    made += usize::from(ran);
                    ahead.failed.remove(&key);
                    ahead.done.insert(key);
                }
                Err(why) => {
                    if ahead.failed.get(&key) != Some(&why) {
                        tracing::warn!(
                            "{}",
                            t!(
                                "daemon-voice-ahead-failed",
                                title = title,
                                why = why.clone()
                            )
                        );
                    }
                    ahead.failed.insert(key, why);
                }
            }
        }
        if made > 0 {
            tracing::info!("{}", t!("daemon-voiced-ahead", count = made));
        }
    }
}
