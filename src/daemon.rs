//! The daemon: waits for the next airing, prepares its files, hands the
//! program to the player thread ahead of time, and writes what happened to
//! the airing log.
//!
//! Concurrency: one async task (this loop) owns the schedules and the log;
//! the player thread owns the output. They talk through two channels:
//! commands down, events (with wall-clock times from sample counts) up. File
//! preparation (hashing, opening decoders) runs on the blocking pool so the
//! loop never stalls on a slow disk.

use std::collections::HashSet;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::airlog::{self, AiringLog, Record, SegmentInfo, Status};
use crate::audio::bus::Cue;
use crate::audio::{AudioError, FileDecoder, OutputSpec, PlayRequest, Player, PlayerEvent};
use crate::clock::Clock;
use crate::library;
use crate::plan::{Airing, AiringKey, plan};
use crate::schedule::{Schedule, Segment};
use crate::station::Station;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_short_vi};

/// How far ahead of an airing its files are prepared (the player opens the
/// output one second before the start).
pub const PREROLL: Duration = Duration::from_secs(2);
/// How far ahead the daemon looks for the next airing.
const HORIZON_DAYS: i64 = 8;

pub struct Daemon {
    station: Station,
    output: OutputSpec,
    clock: Arc<dyn Clock>,
    /// `None` until the log could be opened (a read-only or full disk).
    log: Option<AiringLog>,
    /// Records not yet on disk (the disk was full or failing), oldest first.
    unwritten: Vec<Record>,
    schedules: Vec<Arc<Schedule>>,
    /// Airings that already started: the log is the daemon's memory.
    aired: HashSet<AiringKey>,
    next_program: u64,
}

/// The player thread and the events it sends.
struct PlayerLink {
    player: Player,
    events: UnboundedReceiver<PlayerEvent>,
}

/// How an airing ended, for the loop.
enum Outcome {
    Done,
    Shutdown,
    /// The player stopped answering and must be replaced.
    PlayerLost,
}

/// One segment after preparation: ready to play, or why not.
struct Prepared {
    info: SegmentInfo,
    cue: Result<Cue, AudioError>,
}

impl Daemon {
    /// Opens the airing log (closing segments a crash left open) and loads
    /// the schedules. Neither a bad schedule nor an unwritable log stops the
    /// daemon: both are reported, and airing goes on.
    pub fn open(station: Station, output: OutputSpec, clock: Arc<dyn Clock>) -> Daemon {
        let path = station.airing_log_path();
        let records = match airlog::read(&path) {
            Ok((records, bad)) => {
                for b in &bad {
                    tracing::warn!(
                        "{}: line {} cannot be read ({}); it is kept as it is",
                        path.display(),
                        b.line,
                        b.problem
                    );
                }
                records
            }
            Err(e) => {
                tracing::error!(
                    "{e} — loaxa cannot tell what already aired; check the file's permissions"
                );
                Vec::new()
            }
        };
        let tz = station.settings.timezone;
        let aired = airlog::rows(&records)
            .into_iter()
            .map(|r| AiringKey {
                schedule: r.schedule,
                slot: r.slot,
                at: r.scheduled.with_timezone(&Utc),
            })
            .collect();
        let (schedules, diags) = station.load_schedules();
        for d in &diags {
            if d.is_error() {
                tracing::error!("{d}");
            } else {
                tracing::warn!("{d}");
            }
        }
        tracing::info!(
            "{}: {} schedule(s), {} slot(s) in force; airing log {}",
            station.settings.station,
            schedules.len(),
            schedules.iter().map(|s| s.slots.len()).sum::<usize>(),
            path.display()
        );
        let mut daemon = Daemon {
            station,
            output,
            clock,
            log: None,
            unwritten: Vec::new(),
            schedules,
            aired,
            next_program: 1,
        };
        let now = rfc3339_ms(&daemon.clock.now().with_timezone(&tz));
        for id in airlog::open_segments(&records) {
            tracing::warn!("segment {id} was on air when loaxa stopped; logging it as interrupted");
            daemon.record(Record::End {
                id,
                ended: None,
                played: None,
                status: Status::Interrupted,
                reason: Some(
                    "daemon stopped while this segment was on air (closed at the next start)"
                        .into(),
                ),
                logged: now.clone(),
            });
        }
        daemon
    }

    fn tz(&self) -> Tz {
        self.station.settings.timezone
    }

    /// Writes a record, keeping it (and any before it) in memory if the disk
    /// refuses, to be written in order at the next chance. Airing goes on.
    fn record(&mut self, r: Record) {
        self.unwritten.push(r);
        self.flush();
    }

    /// Writes the records kept in memory, oldest first. Returns whether all
    /// are on disk.
    fn flush(&mut self) -> bool {
        if self.unwritten.is_empty() {
            return true;
        }
        let log = match &mut self.log {
            Some(log) => log,
            None => match AiringLog::open(&self.station.airing_log_path()) {
                Ok(log) => self.log.insert(log),
                Err(e) => {
                    tracing::error!(
                        "{e} — {} record(s) kept in memory and retried; free space on the disk or fix the folder's permissions",
                        self.unwritten.len()
                    );
                    return false;
                }
            },
        };
        let mut written = 0;
        for r in &self.unwritten {
            if let Err(e) = log.append(r) {
                tracing::error!(
                    "{e} — {} record(s) kept in memory and retried; free space on the disk or fix its permissions",
                    self.unwritten.len() - written
                );
                // Reopen next time: the file may have been replaced or remounted.
                self.log = None;
                break;
            }
            written += 1;
        }
        self.unwritten.drain(..written);
        self.unwritten.is_empty()
    }

    /// The first airing at or after `from` that has not aired yet.
    fn next_airing(&self, from: DateTime<Utc>) -> Option<Airing> {
        plan(
            &self.schedules,
            &self.station.calendar(),
            from,
            from + chrono::Duration::days(HORIZON_DAYS),
        )
        .into_iter()
        .find(|a| !self.aired.contains(&a.key()))
    }

    /// Runs until `shutdown` completes; the program on air is then cut and
    /// logged as interrupted.
    pub async fn run(mut self, shutdown: impl Future<Output = ()>) {
        let mut out = self.spawn_player();
        match out.player.check_output().await {
            Ok(what) => tracing::info!("output: {what}"),
            Err(why) => tracing::error!(
                "output {}: {why}. loaxa keeps running and logs each airing it cannot play as failed",
                self.output
            ),
        }
        let mut shutdown = std::pin::pin!(shutdown);
        let mut cursor = self.clock.now();
        loop {
            let Some(next) = self.next_airing(cursor) else {
                tracing::info!("nothing to air in the next {HORIZON_DAYS} days");
                let later = cursor + chrono::Duration::days(1);
                tokio::select! {
                    _ = self.clock.wait_until(later) => { cursor = later; continue; }
                    _ = &mut shutdown => break,
                }
            };
            let at = next.at.with_timezone(&Utc);
            tracing::info!(
                "next airing: {} {} {} — slot \"{}\" ({}), {} item(s)",
                weekday_short_vi(chrono::Datelike::weekday(&next.at)),
                date_vi(next.at.date_naive()),
                next.at.format("%H:%M:%S"),
                next.slot().id,
                next.schedule.name,
                next.program().len()
            );
            let wake = at - chrono::Duration::from_std(PREROLL).unwrap_or_default();
            tokio::select! {
                _ = self.clock.wait_until(wake) => {}
                _ = &mut shutdown => break,
            }
            let outcome = self.air(&mut out, &next, &mut shutdown).await;
            cursor = at;
            // Older keys can no longer come up: keep the set small.
            let horizon = cursor - chrono::Duration::days(1);
            self.aired.retain(|k| k.at >= horizon);
            match outcome {
                Outcome::Done => {}
                Outcome::Shutdown => break,
                Outcome::PlayerLost => {
                    // Leave the stuck thread behind; the next airing gets a fresh one.
                    out = self.spawn_player();
                }
            }
        }
        tracing::info!("stopping");
        out.player.shutdown();
        if !self.flush() {
            tracing::error!(
                "{} airing record(s) could not be written to {} and are lost with this stop:",
                self.unwritten.len(),
                self.station.airing_log_path().display()
            );
            for r in &self.unwritten {
                tracing::error!("{}", serde_json::to_string(r).unwrap_or_default());
            }
        }
    }

    fn spawn_player(&self) -> PlayerLink {
        let (tx, events) = tokio::sync::mpsc::unbounded_channel();
        PlayerLink {
            player: Player::spawn(self.output.clone(), Arc::clone(&self.clock), tx),
            events,
        }
    }

    /// Airs one program.
    async fn air(
        &mut self,
        out: &mut PlayerLink,
        airing: &Airing,
        shutdown: &mut Pin<&mut impl Future<Output = ()>>,
    ) -> Outcome {
        let PlayerLink { player, events } = out;
        self.aired.insert(airing.key());
        let tz = self.tz();
        let program_id = self.next_program;
        self.next_program += 1;
        let infos = self.segment_infos(airing);
        let audio_dir = self.station.audio_dir.clone();
        let program: Vec<Segment> = airing.program().to_vec();
        let prepared =
            tokio::task::spawn_blocking(move || prepare(&audio_dir, &program, infos)).await;
        let prepared = match prepared {
            Ok(p) => p,
            Err(e) => {
                tracing::error!("preparing the program failed: {e}");
                return Outcome::Done;
            }
        };
        let now = rfc3339_ms(&self.clock.now().with_timezone(&tz));
        let mut cues = Vec::new();
        let mut infos: Vec<SegmentInfo> = Vec::new();
        for p in prepared {
            match p.cue {
                Ok(cue) => {
                    cues.push(cue);
                    infos.push(p.info);
                }
                Err(e) => {
                    tracing::warn!(
                        "skipping \"{}\" in slot \"{}\": {e}",
                        p.info.file,
                        p.info.slot
                    );
                    self.record(Record::NotAired {
                        segment: p.info,
                        status: Status::Skipped,
                        reason: e.to_string(),
                        logged: now.clone(),
                    });
                }
            }
        }
        if cues.is_empty() {
            tracing::warn!(
                "slot \"{}\": nothing in its program can air",
                airing.slot().id
            );
            return Outcome::Done;
        }
        // However the output behaves, the daemon does not wait for it longer
        // than the program could last, plus a margin (real time, not the
        // station clock: this is about a stuck thread).
        let length: f64 = if infos.iter().all(|i| i.duration.is_some()) {
            infos.iter().filter_map(|i| i.duration).sum()
        } else {
            4.0 * 3600.0
        };
        let lead = (airing.at.with_timezone(&Utc) - self.clock.now())
            .to_std()
            .unwrap_or_default();
        let watchdog = tokio::time::sleep(lead + Duration::from_secs_f64(length * 1.1 + 60.0));
        let mut watchdog = std::pin::pin!(watchdog);
        player.play(PlayRequest {
            airing: program_id,
            start: airing.at.with_timezone(&Utc),
            cues,
            label: format!(
                "{}_{}",
                airing.at.format("%Y-%m-%d_%H-%M-%S"),
                airing.slot().id
            ),
        });

        let mut started: HashSet<usize> = HashSet::new();
        // The item on air and when it started.
        let mut on_air: Option<(usize, DateTime<Utc>)> = None;
        let mut stopping = false;
        loop {
            let ev = tokio::select! {
                ev = events.recv() => ev,
                _ = shutdown.as_mut(), if !stopping => {
                    stopping = true;
                    player.stop("daemon stopped (signal)");
                    continue;
                }
                _ = &mut watchdog => None,
            };
            let Some(ev) = ev else {
                let reason = "the sound output stopped answering (a hung or vanished device?); it is reopened for the next airing";
                tracing::error!("slot \"{}\": {reason}", airing.slot().id);
                let logged = rfc3339_ms(&self.clock.now().with_timezone(&tz));
                self.close_failed(&infos, &started, on_air, reason, &logged, None);
                return if stopping {
                    Outcome::Shutdown
                } else {
                    Outcome::PlayerLost
                };
            };
            let logged = rfc3339_ms(&self.clock.now().with_timezone(&tz));
            match ev {
                PlayerEvent::SegmentStarted {
                    airing: a,
                    index,
                    at,
                } if a == program_id => {
                    let Some(info) = infos.iter().find(|i| i.index == index).cloned() else {
                        continue;
                    };
                    let at = at.with_timezone(&tz);
                    tracing::info!(
                        "on air: \"{}\" (slot \"{}\", item {}), started {} for {}",
                        info.file,
                        info.slot,
                        index + 1,
                        at.format("%H:%M:%S%.3f"),
                        airing.at.format("%H:%M:%S%.3f"),
                    );
                    started.insert(index);
                    on_air = Some((index, at.with_timezone(&Utc)));
                    self.record(Record::Start {
                        segment: info,
                        started: rfc3339_ms(&at),
                        logged,
                    });
                }
                PlayerEvent::SegmentEnded {
                    airing: a,
                    index,
                    at,
                    played,
                    cut,
                    note,
                } if a == program_id => {
                    let Some(info) = infos.iter().find(|i| i.index == index) else {
                        continue;
                    };
                    let status = if cut.is_some() {
                        Status::Interrupted
                    } else {
                        Status::Completed
                    };
                    on_air = None;
                    let id = info.id.clone();
                    self.record(Record::End {
                        id,
                        ended: Some(rfc3339_ms(&at.with_timezone(&tz))),
                        played: Some(round_ms(played)),
                        status,
                        reason: cut.or(note),
                        logged,
                    });
                }
                PlayerEvent::ProgramEnded { airing: a, at } if a == program_id => {
                    tracing::info!(
                        "program ended: slot \"{}\" at {}",
                        airing.slot().id,
                        at.with_timezone(&tz).format("%H:%M:%S%.3f")
                    );
                    break;
                }
                PlayerEvent::ProgramFailed {
                    airing: a,
                    at,
                    reason,
                } if a == program_id => {
                    tracing::error!("slot \"{}\": {reason}", airing.slot().id);
                    self.close_failed(&infos, &started, on_air, &reason, &logged, Some(at));
                    break;
                }
                // Events of an earlier program (cannot happen; ignore safely).
                _ => {}
            }
        }
        if stopping {
            Outcome::Shutdown
        } else {
            Outcome::Done
        }
    }

    /// The output failed: the item on air is cut there, the items that had
    /// not started did not air.
    fn close_failed(
        &mut self,
        infos: &[SegmentInfo],
        started: &HashSet<usize>,
        on_air: Option<(usize, DateTime<Utc>)>,
        reason: &str,
        logged: &str,
        ended: Option<DateTime<Utc>>,
    ) {
        if let Some((index, since)) = on_air
            && let Some(info) = infos.iter().find(|i| i.index == index)
        {
            let played = ended
                .and_then(|e| (e - since).to_std().ok())
                .map(|d| round_ms(d.as_secs_f64()));
            self.record(Record::End {
                id: info.id.clone(),
                ended: ended.map(|e| rfc3339_ms(&e.with_timezone(&self.tz()))),
                played,
                status: Status::Interrupted,
                reason: Some(reason.to_string()),
                logged: logged.to_string(),
            });
        }
        for info in infos.iter().filter(|i| !started.contains(&i.index)) {
            self.record(Record::NotAired {
                segment: info.clone(),
                status: Status::Failed,
                reason: reason.to_string(),
                logged: logged.to_string(),
            });
        }
    }

    /// What the log will say about each item of the airing's program.
    fn segment_infos(&self, airing: &Airing) -> Vec<SegmentInfo> {
        let slot = airing.slot();
        let stamp = airing.at.format("%Y%m%dT%H%M%S");
        airing
            .program()
            .iter()
            .enumerate()
            .map(|(index, seg)| SegmentInfo {
                id: format!("{stamp}/{}/{}/{index}", airing.schedule.name, slot.id),
                schedule: airing.schedule.name.clone(),
                slot: slot.id.clone(),
                scheduled: rfc3339_ms(&airing.at),
                index,
                file: seg.file.clone(),
                sha256: None,
                title: seg
                    .title
                    .clone()
                    .or_else(|| Some(title_from_file(&seg.file))),
                topic: seg.topic.clone(),
                author: seg.author.clone(),
                duration: None,
                output: self.output.to_string(),
            })
            .collect()
    }
}

/// Opens every file of a program, in order. Runs on the blocking pool.
fn prepare(audio_dir: &Path, program: &[Segment], infos: Vec<SegmentInfo>) -> Vec<Prepared> {
    program
        .iter()
        .zip(infos)
        .map(|(seg, mut info)| {
            let cue = prepare_cue(audio_dir, &seg.file, info.index).map(|p| {
                info.sha256 = Some(p.sha256);
                info.duration = p.duration.map(round_ms);
                p.cue
            });
            Prepared { info, cue }
        })
        .collect()
}

/// One item of a program, ready for the bus.
pub struct PreparedCue {
    pub cue: Cue,
    pub sha256: String,
    /// The file's duration as its header gives it.
    pub duration: Option<f64>,
}

/// Everything that happens to an item before air time: find the file,
/// fingerprint it, open its decoder and resampler, and decode its first
/// 100 ms, so nothing of this is left for the instant.
pub fn prepare_cue(audio_dir: &Path, file: &str, index: usize) -> Result<PreparedCue, AudioError> {
    let path = library::resolve(audio_dir, file)?;
    let sha256 = library::sha256_file(&path)?;
    let d = FileDecoder::open(&path)?;
    let duration = d.header_duration();
    let mut cue = Cue::new(index, d).map_err(|e| AudioError::Unsupported(e.to_string()))?;
    cue.prime(4_800);
    Ok(PreparedCue {
        cue,
        sha256,
        duration,
    })
}

/// "cchc/ban-tin-mot-cua.mp3" → "ban-tin-mot-cua".
pub fn title_from_file(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

fn round_ms(s: f64) -> f64 {
    (s * 1000.0).round() / 1000.0
}
