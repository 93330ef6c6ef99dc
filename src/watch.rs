//! Watching the station folder (inotify, through `notify`): a saved
//! schedule is reloaded within a second, a file dropped anywhere in
//! `audio/` is told to the library (which checks it once it has settled),
//! and a recording dropped into `audio/khan-cap/` is aired at once as an
//! emergency program, once it has finished copying. Nothing here polls
//! while nothing happens; the daemon's periodic rescan covers filesystems
//! that lose events (network shares).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::cap::is_alert_file;
use crate::clock::Clock;
use crate::daemon::Input;
use crate::library::{SETTLE, is_listed, settled};
use crate::station::{Station, WatchMode, is_schedule_file};

/// The emergency drop folder, inside `audio/`.
pub(crate) const EMERGENCY_DIR: &str = "khan-cap";

/// Quiet time after the last schedule change before reloading (editors save
/// in several writes); audio changes are passed on in batches as often.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// A stream of changes that never pauses is still read this often.
const DEBOUNCE_MAX: Duration = Duration::from_secs(2);

/// How often the folder is looked at in polling mode.
pub(crate) const POLL_EVERY: Duration = Duration::from_secs(5);

/// Keeps the watchers alive; dropping it stops watching.
pub(crate) struct Watching {
    _watcher: Box<dyn Watcher + Send>,
}

/// Starts watching the schedules folder and the drop folder; reloads,
/// changed files and emergency files go to `inputs`. Debouncing and
/// settling run on `clock` (the daemon's).
pub(crate) fn start(
    station: &Station,
    inputs: UnboundedSender<Input>,
    clock: Arc<dyn Clock>,
) -> notify::Result<Watching> {
    let (tx, rx) = unbounded_channel::<PathBuf>();
    let handler = move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && is_change(&ev.kind)
        {
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    };
    // notify reports events under the absolute path of what was watched
    // (a relative one is joined to the current folder): compare in that form.
    let schedules_dir = absolute(&station.schedules_dir);
    let audio_dir = absolute(&station.audio_dir);
    let mut watcher: Box<dyn Watcher + Send> = match station.settings.watch {
        WatchMode::Events => Box::new(notify::recommended_watcher(handler)?),
        WatchMode::Poll => Box::new(notify::PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(POLL_EVERY),
        )?),
    };
    watcher.watch(&schedules_dir, RecursiveMode::NonRecursive)?;
    // loaxa.toml, saved, is read again like a schedule (the station folder
    // itself, not what is under it).
    let settings = absolute(&station.dir.join(crate::station::SETTINGS_FILE));
    if let Some(dir) = settings.parent()
        && let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive)
    {
        tracing::warn!(
            "{}",
            t!(
                "watch-cannot",
                path = dir.display().to_string(),
                detail = e.to_string()
            )
        );
    }
    let emergency = audio_dir.join(EMERGENCY_DIR);
    if !emergency.is_dir() {
        // `loaxa init` and the package make it; an older station gets it
        // here when the daemon may write in audio/.
        if let Err(e) = std::fs::create_dir_all(&emergency) {
            tracing::warn!(
                "{}",
                t!(
                    "watch-no-emergency-dir",
                    path = station.shown(&station.audio_dir.join(EMERGENCY_DIR)),
                    detail = crate::i18n::os_detail(&e)
                )
            );
        }
    }
    for f in list(&emergency) {
        tracing::warn!(
            "{}",
            t!("watch-emergency-was-there", path = f.display().to_string())
        );
    }
    if let Err(e) = watcher.watch(&audio_dir, RecursiveMode::Recursive) {
        tracing::warn!(
            "{}",
            t!(
                "watch-cannot",
                path = station.audio_dir.display().to_string(),
                detail = e.to_string()
            )
        );
    }
    let watched = Watched {
        schedules: schedules_dir,
        settings,
        audio: audio_dir,
    };
    tokio::spawn(route(rx, watched, inputs, clock));
    Ok(Watching { _watcher: watcher })
}

/// A relative path joined to the current folder, without resolving links
/// (the watcher reports paths the same way).
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Whether an event can mean new content: reads (opening, closing a file
/// read) are not changes. Without this, the daemon reading a schedule
/// would make it read the schedule again, for ever.
fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

fn list(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

fn stamp(p: &Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.len(), m.modified().ok()?))
}

fn rel_name(audio: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(audio).ok()?.to_str()?.replace('\\', "/");
    let name = rel.rsplit('/').next()?;
    // Recordings and typed bulletins (`.txt`) are the library's.
    (!rel.is_empty() && is_listed(name)).then_some(rel)
}

/// What is watched, as the watcher reports paths (absolute).
struct Watched {
    schedules: PathBuf,
    /// loaxa.toml.
    settings: PathBuf,
    audio: PathBuf,
}

/// What `route` keeps between events; times on the Clock's monotonic time.
#[derive(Default)]
struct Routing {
    reload_at: Option<Duration>,
    first_change: Option<Duration>,
    changed: Vec<String>,
    changed_at: Option<Duration>,
    /// Files arriving: last size and time seen, and since when unchanged.
    arriving: HashMap<PathBuf, ((u64, SystemTime), Duration)>,
    /// Files already sent to air, as they were then.
    aired: HashMap<PathBuf, (u64, SystemTime)>,
}

/// Turns file events into inputs: debounced reloads and audio changes,
/// settled emergency files.
async fn route(
    mut events: UnboundedReceiver<PathBuf>,
    watched: Watched,
    inputs: UnboundedSender<Input>,
    clock: Arc<dyn Clock>,
) {
    let Watched {
        schedules,
        settings,
        audio,
    } = watched;
    let emergency = audio.join(EMERGENCY_DIR);
    let mut r = Routing::default();
    loop {
        let next_check = (!r.arriving.is_empty()).then(|| clock.mono() + ARRIVING_LOOK);
        let wake = [r.reload_at, r.changed_at, next_check]
            .into_iter()
            .flatten()
            .min();
        tokio::select! {
            ev = events.recv() => {
                let Some(path) = ev else { return };
                let now = clock.mono();
                if (path.parent() == Some(schedules.as_path()) && is_schedule_file(&path))
                    || path == settings
                {
                    let first = *r.first_change.get_or_insert(now);
                    r.reload_at = Some((now + DEBOUNCE).min(first + DEBOUNCE_MAX));
                } else if path.parent() == Some(emergency.as_path()) && is_alert_file(&path) {
                    if let Some(s) = stamp(&path)
                        && r.aired.get(&path) != Some(&s)
                    {
                        if !r.arriving.contains_key(&path) {
                            tracing::info!(
                                "{}",
                                t!("watch-alert-arriving", path = path.display().to_string())
                            );
                        }
                        r.arriving.insert(path, (s, now));
                    }
                } else if let Some(rel) = rel_name(&audio, &path) {
                    if !r.changed.contains(&rel) {
                        r.changed.push(rel);
                    }
                    r.changed_at.get_or_insert(now + DEBOUNCE);
                    // A recording, or a typed bulletin (read aloud at once).
                    if path.parent() == Some(emergency.as_path())
                        && let Some(s) = stamp(&path)
                        && r.aired.get(&path) != Some(&s)
                    {
                        if !r.arriving.contains_key(&path) {
                            tracing::info!(
                                "{}",
                                t!("watch-emergency-arriving", path = path.display().to_string())
                            );
                        }
                        r.arriving.insert(path, (s, now));
                    }
                }
            }
            _ = clock.wait_mono(wake.unwrap_or(Duration::MAX)), if wake.is_some() => {
                r.due(&inputs, clock.mono());
                let ready = r.settled(clock.mono(), clock.files_now());
                for released in r.release(ready, &emergency, clock.mono()) {
                    send_released(released, &audio, &inputs);
                }
            }
        }
    }
}

/// What the emergency folder hands on once a file has settled.
#[derive(Debug, PartialEq, Eq)]
enum Released {
    /// A CAP alert: read and judged by the daemon.
    Alert(PathBuf),
    /// A recording: aired at once.
    Recording(PathBuf),
    /// A recording an alert in the folder names: it airs with its alert.
    WithAlert(PathBuf),
}

fn send_released(released: Released, audio: &Path, inputs: &UnboundedSender<Input>) {
    match released {
        Released::Alert(path) => {
            tracing::warn!("{}", t!("watch-alert", path = path.display().to_string()));
            let source = crate::cap::AlertSource::file(path);
            let _ = inputs.send(Input::Alert {
                source,
                reply: None,
            });
        }
        Released::Recording(path) => {
            let rel = path
                .strip_prefix(audio)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            tracing::warn!(
                "{}",
                t!("watch-emergency", path = path.display().to_string())
            );
            let _ = inputs.send(Input::Emergency { file: rel });
        }
        Released::WithAlert(path) => {
            tracing::info!(
                "{}",
                t!("watch-with-alert", path = path.display().to_string())
            );
            // Its alert may have been read already (the recording was
            // copied after it): its repeats still to come take it.
            let _ = inputs.send(Input::AlertRecording { path });
        }
    }
}

/// How often files arriving in the emergency folder are looked at.
const ARRIVING_LOOK: Duration = Duration::from_millis(500);

impl Routing {
    /// A reload and changed files whose quiet time has passed, sent.
    fn due(&mut self, inputs: &UnboundedSender<Input>, now: Duration) {
        if self.reload_at.is_some_and(|t| t <= now) {
            self.reload_at = None;
            self.first_change = None;
            let _ = inputs.send(Input::SchedulesSaved);
        }
        if self.changed_at.is_some_and(|t| t <= now) {
            self.changed_at = None;
            for file in self.changed.drain(..) {
                let _ = inputs.send(Input::FileChanged { file });
            }
        }
    }

    /// What settled files may go now. An alert waits while a recording it
    /// names is still being copied (it airs that recording); a recording
    /// waits while an alert is being copied (which may name it), and one
    /// that an alert in the folder names airs with it, never on its own
    /// (whichever of the two was copied first). What waits is looked at
    /// again with the files still arriving.
    fn release(
        &mut self,
        ready: Vec<(PathBuf, (u64, SystemTime))>,
        folder: &Path,
        now: Duration,
    ) -> Vec<Released> {
        let copying: Vec<&PathBuf> = self.arriving.keys().collect();
        let alert_copying = copying.iter().any(|p| is_alert_file(p));
        let copying_names: Vec<String> = copying
            .iter()
            .filter(|p| !is_alert_file(p))
            .filter_map(|p| p.file_name())
            .map(|n| crate::library::name_key(&n.to_string_lossy()))
            .collect();
        let mut out = Vec::new();
        let mut held = Vec::new();
        let mut named: Option<Vec<String>> = None;
        for (path, s) in ready {
            let release = if is_alert_file(&path) {
                let waits = crate::cap::names_in(&path)
                    .iter()
                    .any(|n| copying_names.contains(n));
                (!waits).then(|| Released::Alert(path.clone()))
            } else if alert_copying {
                None
            } else {
                let name = path
                    .file_name()
                    .map(|n| crate::library::name_key(&n.to_string_lossy()))
                    .unwrap_or_default();
                let named = named.get_or_insert_with(|| crate::cap::named_recordings(folder));
                Some(match named.contains(&name) {
                    true => Released::WithAlert(path.clone()),
                    false => Released::Recording(path.clone()),
                })
            };
            match release {
                Some(r) => {
                    self.aired.insert(path, s);
                    out.push(r);
                }
                None => held.push((path, s)),
            }
        }
        // Settled already: looked at again at the next look.
        for (path, s) in held {
            self.arriving.insert(path, (s, now.saturating_sub(SETTLE)));
        }
        // Alerts first: a recording released with them is theirs.
        out.sort_by_key(|r| !matches!(r, Released::Alert(_)));
        out
    }

    /// Emergency files that have settled: unchanged for the settle time,
    /// seen and by their own time, as the library judges it. An empty
    /// file too: it goes to the log as skipped (empty), not silently
    /// nowhere.
    fn settled(
        &mut self,
        now: Duration,
        files_now: SystemTime,
    ) -> Vec<(PathBuf, (u64, SystemTime))> {
        let mut ready = Vec::new();
        self.arriving
            .retain(|path, (seen, since)| match stamp(path) {
                None => false,
                Some(s) if s != *seen => {
                    *seen = s;
                    *since = now;
                    true
                }
                Some(s) if now.saturating_sub(*since) >= SETTLE && settled(s.1, files_now) => {
                    ready.push((path.clone(), s));
                    false
                }
                Some(_) => true,
            });
        ready
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRE: &str = include_str!("../crates/loaxa-core/tests/cap/chay-rung-tep-ben-canh.xml");

    fn stamped(path: &Path) -> (PathBuf, (u64, SystemTime)) {
        (path.to_path_buf(), stamp(path).unwrap())
    }

    /// A recording an alert names airs with the alert, never on its own,
    /// whichever comes first; an alert waits for the recording it names;
    /// other recordings air as before.
    #[test]
    fn a_recording_named_by_an_alert_waits_for_it_and_never_airs_alone() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path();
        let now = Duration::from_secs(100);
        let alert = folder.join("chay-rung.xml");
        let named = folder.join("canh-bao-chay-rung.mp3");
        let other = folder.join("bao-lu.wav");
        for p in [&alert, &named, &other] {
            std::fs::write(p, if *p == alert { FIRE } else { "audio" }).unwrap();
        }
        // The alert settled while the recording it names is still copying:
        // it waits (looked at again with the files arriving).
        let mut r = Routing::default();
        r.arriving
            .insert(named.clone(), (stamp(&named).unwrap(), now));
        assert_eq!(r.release(vec![stamped(&alert)], folder, now), vec![]);
        assert!(r.arriving.contains_key(&alert));
        // A recording settled while an alert is copying waits too.
        let mut r = Routing::default();
        r.arriving
            .insert(alert.clone(), (stamp(&alert).unwrap(), now));
        assert_eq!(r.release(vec![stamped(&other)], folder, now), vec![]);
        // Both settled: the alert goes, its recording with it.
        let mut r = Routing::default();
        let out = r.release(
            vec![stamped(&named), stamped(&other), stamped(&alert)],
            folder,
            now,
        );
        assert_eq!(
            out,
            vec![
                Released::Alert(alert.clone()),
                Released::WithAlert(named.clone()),
                Released::Recording(other.clone()),
            ]
        );
        assert!(r.arriving.is_empty());
        assert_eq!(r.aired.len(), 3);
        // Copied long after its alert was read: still not on its own.
        let mut r = Routing::default();
        assert_eq!(
            r.release(vec![stamped(&named)], folder, now),
            vec![Released::WithAlert(named.clone())]
        );
    }

    #[test]
    fn only_recordings_and_bulletins_under_the_drop_folder_are_passed_on() {
        let audio = Path::new("/st/audio");
        let rel = |p: &str| rel_name(audio, Path::new(p));
        assert_eq!(
            rel("/st/audio/cchc/ban-tin.mp3"),
            Some("cchc/ban-tin.mp3".into())
        );
        // A typed bulletin changed: the library reads it again.
        assert_eq!(
            rel("/st/audio/thong-bao/bao-so-5.txt"),
            Some("thong-bao/bao-so-5.txt".into())
        );
        assert_eq!(
            rel("/st/audio/khan-cap/bao-lu.WAV"),
            Some("khan-cap/bao-lu.WAV".into())
        );
        for p in [
            "/st/audio/.ban-tin.mp3",
            "/st/audio/ban-tin.mp3.part",
            "/st/audio/x.TMP",
            "/st/audio/a.crdownload",
            "/st/audio/~$doc.mp3",
            "/st/audio/a.mp3~",
            "/st/audio/.notes.txt",
            "/st/audio/~$notes.txt",
            "/st/audio",
            "/st/schedules/tuan.json",
        ] {
            assert_eq!(rel(p), None, "{p}");
        }
    }
}
