//! CAP alerts (issue 15): a file dropped in `audio/khan-cap/` or given to
//! `loaxa alert FILE`, read and judged by the core's rules
//! (`loaxa_core::cap`) with the daemon's clock and what the station has
//! already aired, then carried out: aired as khẩn cấp or ưu tiên (its
//! recording, or its words read out in the station's voice), cut at
//! `[cap] max_duration`, repeated `[cap] repeat` times with `gap` seconds
//! between, each repeat cancelled by a Cancel or replaced by an Update.
//! Every alert met goes into the airing log (`Record::Alert`), and so does
//! every repeat that does not air, with why.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use loaxa_core::cap::{self as rules, Airing, Alert, AlertKey, Audio, Verdict};

use crate::airlog::{ALERT_SCHEDULE, AlertAction, AlertInfo, Record, SegmentInfo, Status};
use crate::audio::FileDecoder;
use crate::cap::{AlertSource, CapState, Warning};
use crate::i18n::Msg;
use crate::library::{self, Facts};
use crate::program::{Item, Source, Speech, shape};
use crate::schedule::Level;

use super::prepare::{Prepared, cue_for, file_stamp, note_shape, silent_cue};
use super::{Daemon, Later, Mode, PlayerLink};

/// How long a warning cut at `max_duration` fades out before the cut.
const CUT_FADE_FRAMES: u64 = 24_000;

/// The audio of a warning, ready to air.
pub(super) struct Made {
    path: PathBuf,
    /// For speech: the text's SHA-256, the engine, the voice.
    speech: Option<(String, String, String)>,
    /// Why the alert's own recording is not what airs.
    note: Option<Msg>,
}

/// The answer `loaxa alert` waits for.
pub(super) type Reply = tokio::sync::oneshot::Sender<Result<String, String>>;

/// An alert judged to air, with its audio (once it is made) or why not.
pub(crate) struct AlertReady {
    alert: Alert,
    airing: Airing,
    info: AlertInfo,
    file: String,
    made: Result<Made, Msg>,
}

/// What judging an alert came to.
enum Judged {
    /// The answer now (not aired, cancelled, unreadable).
    Said(Result<String, String>),
    /// To air, once its audio is ready (the alert's source is needed to
    /// find it).
    Air(Box<(AlertReady, AlertSource)>),
}

impl Daemon {
    /// The alerts remembered from earlier runs: a repeat that was on air
    /// when loaxa stopped is due now; alerts whose repeats were lost are
    /// not waited for. A simulation starts with nothing.
    pub(super) fn open_alerts(&mut self) {
        if !matches!(self.mode, Mode::Station) {
            return;
        }
        let now = self.clock.now();
        let mut state = CapState::open(&self.station.data_dir);
        for w in &mut state.warnings {
            w.due.get_or_insert(now);
            // Kept relative to where an earlier run was started: found
            // again from the station folder, as the log names it.
            let named = Path::new(&w.file);
            if w.audio.is_relative() && named.is_relative() {
                let whole = self.station.dir.join(named);
                w.audio = std::path::absolute(&whole).unwrap_or(whole);
            }
        }
        let lost: Vec<AlertKey> = state
            .seen
            .with_pending()
            .into_iter()
            .filter(|k| !state.warnings.iter().any(|w| &w.key == k))
            .collect();
        state.seen.stop(&lost, now);
        self.cap = state;
    }

    fn save_alerts(&mut self) {
        if matches!(self.mode, Mode::Station) {
            let now = self.clock.now();
            self.cap.save(&self.station.data_dir, now);
        }
    }

    /// An alert file: read, judged and carried out. The answer is for
    /// `loaxa alert` (`asked`); a file from the folder has no one to
    /// answer, so what is wrong with it goes to the journal and the log.
    pub(super) fn alert(&mut self, source: AlertSource, reply: Option<Reply>) {
        let asked = reply.is_some();
        let answer = self.judge_alert(source, asked);
        let answer = match answer {
            Judged::Said(answer) => answer,
            Judged::Air(fetching) => {
                // Its audio is made off the loop; it airs from there.
                let fetch = self.fetch();
                self.later.spawn(async move {
                    let (ready, source) = *fetching;
                    let made = fetch.warning_audio(&ready.airing, &source).await;
                    Later::Alert(Box::new((AlertReady { made, ..ready }, reply)))
                });
                return;
            }
        };
        if let Some(reply) = reply {
            let _ = reply.send(answer);
        }
    }

    /// A recording named by alert files in its folder has arrived: the
    /// repeats still to come of those alerts air it (instead of their
    /// words read out, or an earlier copy). When none is to come, it is
    /// said that it arrived too late to air.
    pub(super) fn alert_recording(&mut self, path: &Path) {
        let Some(dir) = path.parent() else {
            return;
        };
        let name = path
            .file_name()
            .map(|n| library::name_key(&n.to_string_lossy()))
            .unwrap_or_default();
        let keys: Vec<AlertKey> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|p| crate::cap::is_alert_file(p) && crate::cap::names_in(p).contains(&name))
            .filter_map(|p| crate::cap::read_alert(&p).ok())
            .filter_map(|bytes| rules::parse(&bytes).ok())
            .map(|a| AlertKey {
                sender: a.sender,
                identifier: a.identifier,
            })
            .collect();
        let file = self.alert_file_name(path);
        let whole = std::path::absolute(path).unwrap_or(path.to_path_buf());
        let mut took = Vec::new();
        for w in self
            .cap
            .warnings
            .iter_mut()
            .filter(|w| keys.contains(&w.key) && w.left > 0)
        {
            w.audio = whole.clone();
            w.file = file.clone();
            w.speech = None;
            w.facts = None;
            took.push(w.key.identifier.clone());
        }
        if took.is_empty() {
            tracing::warn!("{}", t!("cap-recording-too-late", path = &file));
            return;
        }
        tracing::warn!(
            "{}",
            t!(
                "cap-recording-taken",
                path = &file,
                identifiers = took.join(", ")
            )
        );
        self.save_alerts();
    }

    fn fetch(&self) -> Fetch {
        Fetch {
            data_dir: self.station.data_dir.clone(),
            audio_dir: self.station.audio_dir.clone(),
            voice: self.station.settings.voice.clone(),
        }
    }

    /// An alert read and judged: what to answer, or the warning to make
    /// ready and air.
    fn judge_alert(&mut self, source: AlertSource, asked: bool) -> Judged {
        let file = self.alert_file_name(&source.path);
        // Unreadable or not a CAP alert: said where and why (a malformed
        // file as `FILE:LINE:COL: error: …`); nothing else stops.
        let read = source
            .bytes()
            .map_err(|why| (crate::i18n::render(&why), why))
            .and_then(|bytes| {
                rules::parse(&bytes).map_err(|e| {
                    let said = crate::i18n::diagnostic(&e.diagnostic(&file));
                    let place = format!("{file}:{}:{}", e.pos.line, e.pos.col);
                    (
                        said,
                        msg!("cap-malformed", place = place, what = e.what, hint = e.hint),
                    )
                })
            });
        let alert = match read {
            Ok(a) => a,
            Err((said, why)) => {
                tracing::error!("{said}");
                if !asked {
                    self.log_alert(
                        AlertInfo::default(),
                        AlertAction::NotAired,
                        Some(why),
                        &file,
                    );
                }
                return Judged::Said(Err(said));
            }
        };
        let settings = &self.station.settings.cap;
        let mut verdict = rules::judge(&alert, settings, self.clock.now(), &self.cap.seen);
        // The same warning already being made ready: one airing of it.
        if let Verdict::Air(airing) = &verdict
            && self.preparing.contains(&airing.key)
        {
            verdict = Verdict::Ignore(rules::Ignored::AlreadyAired {
                key: airing.key.clone(),
            });
        }
        let info = crate::cap::describe(&alert, &settings.languages);
        match verdict {
            Verdict::Ignore(why) => {
                let why = why.msg();
                let said = t!(
                    "alert-not-aired",
                    identifier = &alert.identifier,
                    why = why.clone()
                );
                tracing::warn!("{said}");
                self.log_alert(info, AlertAction::NotAired, Some(why), &file);
                Judged::Said(Err(said))
            }
            Verdict::Cancel { keys } => {
                Judged::Said(Ok(self.cancel_alerts(&alert, keys, info, &file)))
            }
            Verdict::Air(airing) => {
                self.preparing.push(airing.key.clone());
                let ready = AlertReady {
                    alert,
                    airing,
                    info,
                    file,
                    made: Err(Msg::verbatim(String::new())),
                };
                Judged::Air(Box::new((ready, source)))
            }
        }
    }

    /// The alert file as the log and the journal name it: relative to the
    /// station folder when it is inside it.
    fn alert_file_name(&self, path: &Path) -> String {
        let station = std::path::absolute(&self.station.dir).unwrap_or(self.station.dir.clone());
        let path = std::path::absolute(path).unwrap_or(path.to_path_buf());
        match path.strip_prefix(&station) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => path.display().to_string(),
        }
    }

    fn log_alert(
        &mut self,
        alert: AlertInfo,
        action: AlertAction,
        reason: Option<Msg>,
        file: &str,
    ) {
        let logged = self.stamp();
        self.record(Record::Alert {
            alert,
            action,
            reason,
            file: file.to_string(),
            logged,
        });
    }

    /// A Cancel (or an Update that does not air here): the repeats still
    /// due of the alerts it names stop, each logged as not aired.
    fn cancel_alerts(
        &mut self,
        alert: &Alert,
        keys: Vec<AlertKey>,
        mut info: AlertInfo,
        file: &str,
    ) -> String {
        let why = msg!("cap-repeat-cancelled", identifier = &alert.identifier);
        let stopped = self.stop_warnings(&keys, Status::Skipped, &why);
        info.cancels = keys.iter().map(|k| k.identifier.clone()).collect();
        let now = self.clock.now();
        self.cap.seen.stop(&keys, now);
        self.save_alerts();
        self.log_alert(info, AlertAction::Cancelled, None, file);
        let said = t!(
            "alert-cancelled",
            identifier = &alert.identifier,
            cancels = keys
                .iter()
                .map(|k| k.identifier.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            count = stopped
        );
        tracing::warn!("{said}");
        said
    }

    /// The repeats still due of these alerts, stopped: logged as not
    /// aired with `why`. Returns how many.
    fn stop_warnings(&mut self, keys: &[AlertKey], status: Status, why: &Msg) -> u32 {
        let now = self.clock.now();
        let mut stopped = 0;
        for w in self.cap.take_warnings(keys) {
            self.cap.seen.stop(std::slice::from_ref(&w.key), now);
            for k in 0..w.left {
                let info = self.repeat_info(&w, w.due.unwrap_or(now), k);
                let logged = self.stamp();
                self.record(Record::NotAired {
                    segment: info,
                    status,
                    reason: why.clone(),
                    logged,
                });
                stopped += 1;
            }
        }
        stopped
    }

    /// What the log says of the `k`th repeat still due of a warning (due
    /// at `at`), one that will not air.
    fn repeat_info(&self, w: &Warning, at: DateTime<Utc>, k: u32) -> SegmentInfo {
        let mut info = self.warning_info(w, at);
        if k > 0 {
            info.id = format!("{}+{k}", info.id);
        }
        info
    }

    fn warning_item(&self, w: &Warning) -> Item {
        Item {
            index: 0,
            file: w.file.clone(),
            source: Source::Unchecked,
            title: Some(w.title.clone()),
            topic: None,
            author: None,
            level: self.station.settings.level,
            picked: None,
            speech: w.speech.as_ref().map(|(sha, engine, voice)| Speech {
                path: w.audio.to_string_lossy().into_owned(),
                text_sha256: sha.clone(),
                engine: engine.clone(),
                voice: voice.clone(),
            }),
            text: None,
            voice: None,
            relay: None,
        }
    }

    /// The log's entry for an airing of a warning due at `at`: schedule
    /// `cap`, slot the alert's identifier.
    fn warning_info(&self, w: &Warning, at: DateTime<Utc>) -> SegmentInfo {
        let local = at.with_timezone(&self.tz());
        let stamp = local.format("%Y%m%dT%H%M%S%.3f").to_string();
        let item = self.warning_item(w);
        self.segment_info(
            ALERT_SCHEDULE,
            &w.key.identifier,
            &local,
            &stamp,
            &item,
            w.priority(),
        )
    }

    /// An alert to air, its audio made ready (or why not): what it
    /// replaces stopped, the alert logged, its first airing sent.
    pub(super) async fn air_alert(
        &mut self,
        link: &PlayerLink,
        ready: AlertReady,
    ) -> Result<String, String> {
        let AlertReady {
            alert,
            airing,
            mut info,
            file,
            made,
        } = ready;
        self.preparing.retain(|k| *k != airing.key);
        let file = file.as_str();
        // Cancelled or replaced while its audio was being made.
        let made = match made {
            Ok(_) if self.cap.seen.withdrawn(&airing.key) => Err(rules::Ignored::Withdrawn {
                key: airing.key.clone(),
            }
            .msg()),
            made => made,
        };
        let made = match made {
            Ok(m) => m,
            Err(why) => {
                let said = t!(
                    "alert-not-aired",
                    identifier = &alert.identifier,
                    why = why.clone()
                );
                tracing::error!("{said}");
                self.log_alert(info, AlertAction::NotAired, Some(why), file);
                return Err(said);
            }
        };
        if let Some(note) = &made.note {
            tracing::warn!("{}: {}", alert.identifier, crate::i18n::render(note));
        }
        let replaced = msg!("cap-repeat-replaced", identifier = &alert.identifier);
        self.stop_warnings(&airing.cancels, Status::Skipped, &replaced);
        let now = self.clock.now();
        self.cap.seen.apply(&Verdict::Air(airing.clone()), now);
        info.priority = Some(airing.priority.vi().to_string());
        info.repeat = Some(airing.repeat);
        info.cancels = airing
            .cancels
            .iter()
            .map(|k| k.identifier.clone())
            .collect();
        self.log_alert(info, AlertAction::Aired, made.note.clone(), file);
        let mut w = Warning {
            key: airing.key.clone(),
            file: self.alert_file_name(&made.path),
            // Whole: the next run may start in another working folder.
            audio: std::path::absolute(&made.path).unwrap_or(made.path),
            title: airing.title.clone(),
            speech: made.speech,
            priority: airing.priority.vi().to_string(),
            max_duration: u32::try_from(airing.max_duration.num_seconds()).unwrap_or(u32::MAX),
            gap: u32::try_from(airing.gap.num_seconds()).unwrap_or(0),
            expires: airing.expires,
            left: airing.repeat.saturating_sub(1),
            due: None,
            program: None,
            facts: None,
        };
        w.program = self.air_warning(link, &mut w, now).await;
        if w.program.is_none() {
            w.due = Some(now + chrono::Duration::seconds(i64::from(w.gap)));
        }
        if w.left > 0 {
            self.cap.warnings.push(w);
        }
        self.save_alerts();
        let said = t!(
            "alert-aired",
            identifier = &alert.identifier,
            event = &airing.event,
            priority = airing.priority.vi(),
            count = airing.repeat
        );
        tracing::warn!("{said}");
        Ok(said)
    }

    /// One airing of a warning due at `at`, sent to the output (cut at its
    /// longest); its program's number, or none when it cannot air (it is
    /// then logged as skipped, with why).
    async fn air_warning(
        &mut self,
        link: &PlayerLink,
        w: &mut Warning,
        at: DateTime<Utc>,
    ) -> Option<u64> {
        let info = self.warning_info(w, at);
        let level = self.station.settings.level;
        let audio = w.audio.clone();
        let max_frames = u64::from(w.max_duration).saturating_mul(48_000);
        let silent = !link.port.wants_audio();
        let known = w.facts.take();
        let (prepared, facts) = tokio::task::spawn_blocking(move || {
            prepare_warning(&audio, info, level, max_frames, silent, known)
        })
        .await
        .ok()?;
        w.facts = facts;
        let grace = self.station.settings.grace;
        self.send(
            link,
            at,
            vec![prepared],
            w.priority(),
            grace,
            &w.key.identifier,
        )
    }

    /// A warning's program ended (or failed): its next repeat is due a
    /// gap later.
    pub(super) fn warning_ended(&mut self, program: u64, at: DateTime<Utc>) {
        let Some(w) = self
            .cap
            .warnings
            .iter_mut()
            .find(|w| w.program == Some(program))
        else {
            return;
        };
        w.program = None;
        w.due = Some(at + chrono::Duration::seconds(i64::from(w.gap)));
        self.save_alerts();
    }

    /// When the next repeat of a warning is due.
    pub(super) fn next_warning(&self) -> Option<DateTime<Utc>> {
        self.cap
            .warnings
            .iter()
            .filter(|w| w.program.is_none())
            .filter_map(|w| w.due)
            .min()
    }

    /// The repeats whose time has come: aired, or, expired or too late
    /// (loaxa was not running), logged as not aired.
    pub(super) async fn warnings_due(&mut self, link: &PlayerLink) {
        let now = self.clock.now();
        let due: Vec<AlertKey> = self
            .cap
            .warnings
            .iter()
            .filter(|w| w.program.is_none() && w.due.is_some_and(|d| d <= now))
            .map(|w| w.key.clone())
            .collect();
        if due.is_empty() {
            return;
        }
        for mut w in self.cap.take_warnings(&due) {
            let at = w.due.unwrap_or(now);
            let why = if !w.valid_at(now) {
                let expires = w.expires.map(|e| e.to_rfc3339()).unwrap_or_default();
                Some((
                    Status::Skipped,
                    msg!("cap-repeat-expired", expires = expires),
                ))
            } else if now - at > self.station.settings.grace {
                Some((Status::Missed, msg!("cap-repeat-missed")))
            } else {
                None
            };
            if let Some((status, why)) = why {
                tracing::warn!("{}: {}", w.key.identifier, crate::i18n::render(&why));
                self.cap.warnings.push(w.clone());
                self.stop_warnings(std::slice::from_ref(&w.key), status, &why);
                continue;
            }
            tracing::warn!(
                "{}",
                t!(
                    "alert-repeat",
                    identifier = &w.key.identifier,
                    left = w.left.saturating_sub(1)
                )
            );
            w.left = w.left.saturating_sub(1);
            self.cap.seen.repeat_aired(&w.key);
            w.due = None;
            w.program = self.air_warning(link, &mut w, at.max(now)).await;
            if w.program.is_none() {
                w.due = Some(now + chrono::Duration::seconds(i64::from(w.gap)));
            }
            if w.left > 0 {
                self.cap.warnings.push(w);
            }
        }
        self.save_alerts();
    }
}

/// A warning's file made ready for air (on the blocking pool), as
/// `prepare` does for a program's items, then cut at `max_frames`; with
/// what decoding it found (`known`: from an earlier airing of this run,
/// when the file has not changed since).
/// What making a warning's audio ready needs from the station: done off
/// the daemon's loop (an engine may take seconds, or hang until stopped).
#[derive(Clone)]
pub(super) struct Fetch {
    data_dir: PathBuf,
    audio_dir: PathBuf,
    voice: crate::voice::VoiceSettings,
}

impl Fetch {
    /// The file that airs for a warning: its embedded recording (kept in
    /// `data/cap/`), the recording beside the alert, or its words read
    /// out (also when that recording is not there).
    async fn warning_audio(&self, airing: &Airing, source: &AlertSource) -> Result<Made, Msg> {
        let made = self.recording_or_speech(airing, source).await?;
        if made.speech.is_some() {
            return Ok(made);
        }
        // The alert's own recording must be audio loaxa can play (an
        // embedded file that is not, a name beside it that is something
        // else): otherwise its words are read, and the log says why.
        let path = made.path.clone();
        let opened = tokio::task::spawn_blocking(move || FileDecoder::open(&path).map(drop))
            .await
            .map_err(|e| Msg::verbatim(e.to_string()))?;
        match (opened, &airing.text) {
            (Ok(()), _) => Ok(made),
            (Err(e), Some(text)) => {
                let why = msg!("cap-audio-unusable", why = e.msg());
                let mut spoken = self.speech(text).await?;
                spoken.note = Some(msg!("cap-file-missing-read", why = why));
                Ok(spoken)
            }
            (Err(e), None) => Err(msg!("cap-audio-unusable", why = e.msg())),
        }
    }

    /// The alert's recording (embedded, beside it) or its words read out.
    async fn recording_or_speech(
        &self,
        airing: &Airing,
        source: &AlertSource,
    ) -> Result<Made, Msg> {
        let refused = airing.audio_refused.as_ref().map(|r| r.msg());
        match &airing.audio {
            Audio::Embedded { bytes, mime } => {
                let (data, bytes, mime) = (self.data_dir.clone(), bytes.clone(), mime.clone());
                let kept = tokio::task::spawn_blocking(move || {
                    crate::cap::keep_embedded(&data, &bytes, &mime)
                })
                .await
                .map_err(|e| Msg::verbatim(e.to_string()))??;
                Ok(Made {
                    path: kept,
                    speech: None,
                    note: refused,
                })
            }
            Audio::File(name) => match self.beside(source, name).await {
                Ok(path) => Ok(Made {
                    path,
                    speech: None,
                    note: refused,
                }),
                Err(why) => match &airing.text {
                    Some(text) => {
                        let mut made = self.speech(text).await?;
                        made.note = Some(msg!("cap-file-missing-read", why = why));
                        Ok(made)
                    }
                    None => Err(why),
                },
            },
            Audio::Speech(text) => {
                let mut made = self.speech(text).await?;
                made.note = refused;
                Ok(made)
            }
        }
    }

    /// The recording `name` beside the alert file (its name in either
    /// Unicode form); in the drop folder, by the drop folder's rules (no
    /// link out of it); sent with it by `loaxa alert`, kept in `data/cap/`.
    async fn beside(&self, source: &AlertSource, name: &str) -> Result<PathBuf, Msg> {
        let missing = || msg!("cap-file-missing", file = name);
        if source.sent() {
            // Sent with it by `loaxa alert`: kept like an embedded one.
            let bytes = source.recording(name).ok_or_else(missing)?.to_vec();
            let (data, name) = (self.data_dir.clone(), name.to_string());
            return tokio::task::spawn_blocking(move || {
                crate::cap::keep_sent(&data, &bytes, &name)
            })
            .await
            .map_err(|e| Msg::verbatim(e.to_string()))?;
        }
        let dir = source.path.parent().ok_or_else(missing)?;
        let wanted = library::name_key(name);
        let found = std::fs::read_dir(dir)
            .map_err(|_| missing())?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| library::name_key(&n.to_string_lossy()) == wanted)
            })
            .ok_or_else(missing)?;
        let audio = std::path::absolute(&self.audio_dir).unwrap_or_default();
        match found.strip_prefix(&audio) {
            Ok(rel) => library::resolve(&audio, &rel.to_string_lossy()).map_err(|e| e.msg()),
            Err(_) if found.is_file() => Ok(found),
            Err(_) => Err(missing()),
        }
    }

    /// The words of a warning read out in the station's voice.
    async fn speech(&self, text: &str) -> Result<Made, Msg> {
        let settings = self.voice.clone();
        let data_dir = self.data_dir.clone();
        let spoken_text = loaxa_core::speech::normalize(text);
        let spoken = tokio::task::spawn_blocking(move || {
            crate::voice::synthesize(&settings, &data_dir, &spoken_text)
        })
        .await
        .map_err(|e| Msg::verbatim(e.to_string()))?
        .map_err(|e| msg!("cap-speech-failed", why = e.msg()))?;
        Ok(Made {
            path: spoken.path,
            speech: Some((
                crate::airlog::hash_hex(text.as_bytes()),
                spoken.engine.name().to_string(),
                spoken.voice,
            )),
            note: None,
        })
    }
}

fn prepare_warning(
    path: &Path,
    mut info: SegmentInfo,
    level: Level,
    max_frames: u64,
    silent: bool,
    known: Option<Facts>,
) -> (Prepared, Option<Facts>) {
    let unchanged = |f: &Facts| crate::library::sha256_file(path).is_ok_and(|h| h == f.sha256);
    let facts = match known.filter(unchanged) {
        Some(f) => Ok(f),
        None => library::analyze_for(path, level).map_err(|e| e.msg()),
    };
    let kept = facts.as_ref().ok().cloned();
    let cue = facts.and_then(|f| {
        let shape = shape(&f, level);
        note_shape(&mut info, &f, &shape);
        let cue = if silent {
            silent_cue(info.index, &f, &shape)
        } else {
            crate::audio::decode::guarded(|| cue_for(path, info.index, &f, &shape))
                .map_err(|e| e.msg())?
        };
        Ok(cue.cut_after(max_frames, CUT_FADE_FRAMES))
    });
    let prepared = Prepared {
        info,
        cue,
        opened: file_stamp(path).map(|s| (path.to_path_buf(), s)),
        checked: None,
        relay: None,
    };
    (prepared, kept)
}
