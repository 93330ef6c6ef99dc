//! Watching the station folder (inotify, through `notify`): a saved
//! schedule is reloaded within a second, and a recording dropped into
//! `audio/khan-cap/` is aired at once as an emergency program, once it has
//! finished copying. Nothing here polls while nothing happens.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::daemon::Input;
use crate::station::{Station, is_schedule_file};

/// The emergency drop folder, inside `audio/`.
pub const EMERGENCY_DIR: &str = "khan-cap";

/// How long a file must stay the same size and time before it counts as
/// copied.
const SETTLE: Duration = Duration::from_secs(2);
/// Quiet time after the last schedule change before reloading (editors save
/// in several writes).
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Names of files still being written by common copy tools and editors.
pub fn is_partial(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || [".part", ".tmp", ".crdownload", ".partial", ".swp", "~"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// Keeps the watchers alive; dropping it stops watching.
pub struct Watching {
    _watcher: notify::RecommendedWatcher,
}

/// Starts watching the schedules folder and the emergency folder; reloads
/// and emergency files go to `inputs`.
pub fn start(station: &Station, inputs: UnboundedSender<Input>) -> notify::Result<Watching> {
    let (tx, rx) = unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            for p in ev.paths {
                let _ = tx.send(p);
            }
        }
    })?;
    watcher.watch(&station.schedules_dir, RecursiveMode::NonRecursive)?;
    let emergency = station.audio_dir.join(EMERGENCY_DIR);
    if let Err(e) = std::fs::create_dir_all(&emergency) {
        tracing::warn!("cannot create {}: {e}", emergency.display());
    }
    for f in list(&emergency) {
        tracing::warn!(
            "{} was already there when loaxa started; it is not aired (copy it in again to air it)",
            f.display()
        );
    }
    if let Err(e) = watcher.watch(&emergency, RecursiveMode::NonRecursive) {
        tracing::warn!(
            "cannot watch {}: {e}; emergency files will not be noticed",
            emergency.display()
        );
    }
    tokio::spawn(route(
        rx,
        station.schedules_dir.clone(),
        station.audio_dir.clone(),
        inputs,
    ));
    Ok(Watching { _watcher: watcher })
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

/// Turns file events into inputs: debounced reloads, settled emergency files.
async fn route(
    mut events: UnboundedReceiver<PathBuf>,
    schedules: PathBuf,
    audio: PathBuf,
    inputs: UnboundedSender<Input>,
) {
    let emergency = audio.join(EMERGENCY_DIR);
    let mut reload_at: Option<tokio::time::Instant> = None;
    // Files arriving: last size and time seen, and since when unchanged.
    let mut arriving: HashMap<PathBuf, ((u64, SystemTime), tokio::time::Instant)> = HashMap::new();
    // Files already sent to air, as they were then.
    let mut aired: HashMap<PathBuf, (u64, SystemTime)> = HashMap::new();
    loop {
        let next_check = (!arriving.is_empty())
            .then(|| tokio::time::Instant::now() + Duration::from_millis(500));
        let wake = [reload_at, next_check].into_iter().flatten().min();
        tokio::select! {
            ev = events.recv() => {
                let Some(path) = ev else { return };
                if path.parent() == Some(schedules.as_path()) && is_schedule_file(&path) {
                    reload_at = Some(tokio::time::Instant::now() + DEBOUNCE);
                } else if path.parent() == Some(emergency.as_path()) {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    if !is_partial(&name)
                        && let Some(s) = stamp(&path)
                        && aired.get(&path) != Some(&s)
                    {
                        if !arriving.contains_key(&path) {
                            tracing::info!(
                                "emergency file {}: arriving; it airs once it stops changing",
                                path.display()
                            );
                        }
                        arriving.insert(path, (s, tokio::time::Instant::now()));
                    }
                }
            }
            _ = tokio::time::sleep_until(wake.unwrap_or_else(far)), if wake.is_some() => {
                let now = tokio::time::Instant::now();
                if reload_at.is_some_and(|t| t <= now) {
                    reload_at = None;
                    let _ = inputs.send(Input::Reload);
                }
                let mut ready = Vec::new();
                arriving.retain(|path, (seen, since)| match stamp(path) {
                    None => false,
                    Some(s) if s != *seen => {
                        *seen = s;
                        *since = now;
                        true
                    }
                    Some(s) if now.duration_since(*since) >= SETTLE && s.0 > 0 => {
                        ready.push((path.clone(), s));
                        false
                    }
                    Some(_) => true,
                });
                for (path, s) in ready {
                    aired.insert(path.clone(), s);
                    let rel = path
                        .strip_prefix(&audio)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    tracing::warn!("emergency file {}: airing it now", path.display());
                    let _ = inputs.send(Input::Emergency { file: rel });
                }
            }
        }
    }
}

fn far() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_names() {
        for n in [
            ".ban-tin.mp3",
            "ban-tin.mp3.part",
            "x.TMP",
            "a.crdownload",
            "~$doc.mp3",
            "a.mp3~",
        ] {
            assert!(is_partial(n), "{n}");
        }
        assert!(!is_partial("bao-lu.mp3"));
    }
}
