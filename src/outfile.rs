//! Writing a file the operator named (`export -o FILE`) so that a failed
//! write leaves the old file as it was, and so that what was there is
//! respected: permissions stay, a read-only file is not replaced, a link
//! is neither replaced nor written through, and anything that is not a
//! regular file (a folder, a FIFO, a device) is refused rather than turned
//! into one.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutError {
    #[error("{}", t!("out-file-folder", path = .0.display().to_string()))]
    Folder(PathBuf),
    #[error("{}", t!("out-file-special", path = .0.display().to_string()))]
    Special(PathBuf),
    #[error("{}", t!("out-file-read-only", path = .0.display().to_string()))]
    ReadOnly(PathBuf),
    #[error("{}", t!("out-file-link", path = .0.display().to_string(), target = .1.display().to_string()))]
    Link(PathBuf, PathBuf),
    #[error("{}", t!("out-file-io", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where the bytes must end up: the file itself, or a link's target.
fn target(dest: &Path) -> Result<(PathBuf, Option<std::fs::Metadata>), OutError> {
    let io = |source| OutError::Io {
        path: dest.to_path_buf(),
        source,
    };
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((dest.to_path_buf(), None)),
        Err(e) => Err(io(e)),
        // A link is not followed: one planted where reports are written
        // (a shared folder) would make whoever exports — root, perhaps —
        // overwrite the file it points to.
        Ok(m) if m.file_type().is_symlink() => {
            let to = std::fs::read_link(dest).map_err(io)?;
            Err(OutError::Link(dest.to_path_buf(), to))
        }
        Ok(m) => Ok((dest.to_path_buf(), Some(m))),
    }
}

/// Writes `dest` through `write`: into a temporary file beside the real
/// target, flushed to disk, then renamed over it. Nothing is left behind
/// on failure.
pub(crate) fn replace<T, E>(
    dest: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<Result<T, E>, OutError> {
    replace_as(dest, Private::default(), write)
}

/// What a file written by [`replace_as`] is given whatever was there: a
/// mode, and an owner (user and group ids; only root may give one).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Private {
    pub(crate) mode: Option<u32>,
    pub(crate) owner: Option<(u32, u32)>,
    /// A group to give the file when this user may (a member of it);
    /// otherwise it keeps the one it was made with.
    pub(crate) group: Option<u32>,
}

/// [`replace`], the new file made with `private`'s mode and owner before
/// it takes the old one's place, so it is never readable by others even
/// for a moment.
pub(crate) fn replace_as<T, E>(
    dest: &Path,
    private: Private,
    write: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<Result<T, E>, OutError> {
    let (real, existing) = target(dest)?;
    let mode = match &existing {
        Some(m) if m.is_dir() => return Err(OutError::Folder(dest.to_path_buf())),
        Some(m) if !m.is_file() => return Err(OutError::Special(dest.to_path_buf())),
        Some(m) => {
            // Read-only to its owner (and so to us): the operator's choice.
            if m.permissions().mode() & 0o200 == 0 || !writable(&real) {
                return Err(OutError::ReadOnly(dest.to_path_buf()));
            }
            m.permissions().mode() & 0o7777
        }
        None => 0o644,
    };
    let mode = private.mode.unwrap_or(mode);
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    // Unique per call: two threads of this process replacing the same
    // file (the same text voiced twice at once) must not share one.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.part", std::process::id()));
    let io = |source| OutError::Io {
        path: dest.to_path_buf(),
        source,
    };
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&tmp)
        .map_err(io)?;
    let mut buf = std::io::BufWriter::new(file);
    let made = write(&mut buf);
    let finished = match &made {
        Ok(_) => buf
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| {
                // The owner first: chown clears set-id bits a mode may carry.
                if let Some((uid, gid)) = private.owner {
                    std::os::unix::fs::fchown(&f, Some(uid), Some(gid))?;
                } else if let Some(gid) = private.group {
                    // Only a member of the group may give it: best effort.
                    let _ = std::os::unix::fs::fchown(&f, None, Some(gid));
                }
                // The umask may have narrowed the mode the file was made with.
                f.set_permissions(std::fs::Permissions::from_mode(mode))?;
                f.sync_all()
            })
            .and_then(|()| std::fs::rename(&tmp, &real)),
        Err(_) => Ok(()),
    };
    if made.is_err() || finished.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    finished.map_err(io)?;
    Ok(made)
}

/// Whether this process may write the file (root may write anything, but
/// a file its owner made read-only is still not replaced: see `replace`).
fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a NUL-terminated path.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_text(dest: &Path, text: &str) -> Result<(), OutError> {
        replace(dest, |w| w.write_all(text.as_bytes())).map(|r| r.unwrap())
    }

    #[test]
    fn a_new_file_and_a_replaced_one_keeping_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bao-cao.csv");
        write_text(&p, "a").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "a");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_text(&p, "b").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "b");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no .part"
        );
    }

    #[test]
    fn a_link_is_neither_replaced_nor_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("that.csv");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink(dir.path().join("nowhere.csv"), &dangling).unwrap();
        for l in [&link, &dangling] {
            assert!(matches!(write_text(l, "new"), Err(OutError::Link(..))));
            assert!(
                std::fs::symlink_metadata(l)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "old");
        assert!(!dir.path().join("nowhere.csv").exists());
    }

    #[test]
    fn folders_fifos_devices_and_read_only_files_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            write_text(dir.path(), "x"),
            Err(OutError::Folder(_))
        ));
        let fifo = dir.path().join("ong");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(write_text(&fifo, "x"), Err(OutError::Special(_))));
        {
            use std::os::unix::fs::FileTypeExt;
            assert!(
                std::fs::symlink_metadata(&fifo)
                    .unwrap()
                    .file_type()
                    .is_fifo()
            );
        }
        assert!(matches!(
            write_text(Path::new("/dev/full"), "x"),
            Err(OutError::Special(_))
        ));
        let ro = dir.path().join("ro.csv");
        std::fs::write(&ro, "keep").unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(write_text(&ro, "x"), Err(OutError::ReadOnly(_))));
        assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep");
        // Only the test's own files: nothing left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bao-cao.csv");
        std::fs::write(&p, "old").unwrap();
        let r = replace(&p, |w| {
            w.write_all(b"half")?;
            Err::<(), _>(std::io::Error::other("stopped"))
        })
        .unwrap();
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
