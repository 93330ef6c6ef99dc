//! Airing records the log's disk refused, kept aside where they can be
//! kept, so that a stop or a crash while the disk is full does not lose
//! them — and so that the next start does not take the hours they cover
//! for hours loaxa was not running ("missed") when it was airing.
//!
//! Where: `LOAXA_SPILL_DIR`, else systemd's runtime directory (a RAM disk,
//! kept across restarts of the service with `RuntimeDirectoryPreserve=`),
//! else the data folder, else the temporary folder; the first that takes
//! the file. Each station's file is named after its log's path. A file is
//! read back only if this user owns it and it is a regular file.

use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::airlog::Record;

/// The places a station's records may be kept aside, best first.
pub(crate) fn places(log: &Path, data_dir: &Path) -> Vec<PathBuf> {
    let abs = std::path::absolute(log).unwrap_or_else(|_| log.to_path_buf());
    let key = hex::encode(&Sha256::digest(abs.as_os_str().as_encoded_bytes())[..6]);
    let name = format!("airing-log.unwritten-{key}.jsonl");
    let runtime = std::env::var_os("RUNTIME_DIRECTORY").and_then(|v| {
        // systemd lists several with ':'; the first is this service's.
        let s = v.to_string_lossy().into_owned();
        s.split(':')
            .next()
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    });
    let dirs = [
        std::env::var_os("LOAXA_SPILL_DIR").map(PathBuf::from),
        runtime,
        Some(data_dir.to_path_buf()),
        Some(std::env::temp_dir()),
    ];
    dirs.into_iter().flatten().map(|d| d.join(&name)).collect()
}

/// Keeps `records` in the first place that takes them (the whole list,
/// replacing what was kept before); returns where, or why nowhere.
pub(crate) fn keep(places: &[PathBuf], records: &[Record]) -> Result<PathBuf, String> {
    let mut text = String::new();
    for r in records {
        text.push_str(&serde_json::to_string(r).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    let mut why = String::new();
    for path in places {
        match write(path, text.as_bytes()) {
            Ok(()) => {
                // Only one place holds them: an older copy elsewhere would
                // be read back a second time.
                for other in places.iter().filter(|p| *p != path) {
                    let _ = remove(other);
                }
                return Ok(path.clone());
            }
            Err(e) => why = format!("{}: {e}", path.display()),
        }
    }
    Err(why)
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir).and_then(|d| d.sync_all())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Removes what was kept aside (all of it is in the log now).
pub(crate) fn clear(places: &[PathBuf]) {
    for p in places {
        let _ = remove(p);
    }
}

fn remove(path: &Path) -> std::io::Result<()> {
    // Only our own regular file, never through a link.
    let m = std::fs::symlink_metadata(path)?;
    if m.is_file() && owned(&m) {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

fn owned(m: &std::fs::Metadata) -> bool {
    // SAFETY: getuid cannot fail.
    m.uid() == unsafe { libc::getuid() }
}

/// What was kept aside by an earlier run, with where it was; files that
/// are not this user's own regular files are left alone.
pub(crate) fn take(places: &[PathBuf]) -> Vec<(PathBuf, Vec<Record>)> {
    let mut out = Vec::new();
    for path in places {
        let Ok(m) = std::fs::symlink_metadata(path) else {
            continue;
        };
        if !m.is_file() || !owned(&m) {
            tracing::warn!(
                "{}",
                t!("spill-not-ours", path = path.display().to_string())
            );
            continue;
        }
        let Ok(bytes) = crate::airlog::read_bytes(path) else {
            continue;
        };
        let records: Vec<Record> = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .filter_map(|l| serde_json::from_slice(l).ok())
            .collect();
        if !records.is_empty() {
            out.push((path.clone(), records));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(n: u32) -> Record {
        Record::Daemon {
            what: format!("x{n}"),
            version: "0".into(),
            logged: "2026-11-29T06:00:00.000+07:00".into(),
            simulated: false,
        }
    }

    #[test]
    fn kept_in_the_first_place_that_takes_them_and_read_back_once() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("khong-ghi-duoc");
        std::fs::write(&blocked, "a file where a folder should be").unwrap();
        let places = vec![
            blocked.join("x.jsonl"),
            dir.path().join("a/x.jsonl"),
            dir.path().join("b/x.jsonl"),
        ];
        let at = keep(&places, &[rec(1), rec(2)]).unwrap();
        assert_eq!(at, places[1]);
        let back = take(&places);
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].1.len(), 2);
        // Kept again (fewer now): the list is replaced, not appended to.
        keep(&places, &[rec(2)]).unwrap();
        assert_eq!(take(&places)[0].1.len(), 1);
        clear(&places);
        assert!(take(&places).is_empty());
    }

    #[test]
    fn each_station_has_its_own_file() {
        let a = places(
            Path::new("/st/a/data/airing-log.jsonl"),
            Path::new("/st/a/data"),
        );
        let b = places(
            Path::new("/st/b/data/airing-log.jsonl"),
            Path::new("/st/b/data"),
        );
        assert_ne!(a.last(), b.last());
    }
}
