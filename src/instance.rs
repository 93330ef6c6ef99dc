//! One daemon per station. Two would air everything twice and write two
//! chains into one log, so the daemon holds an exclusive lock on
//! `data/loaxa.lock` for its whole life (the kernel drops it when the
//! process ends, however it ends). It does not depend on the control
//! socket, which can be removed or stop answering while its daemon goes on.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub(crate) const LOCK_FILE: &str = "loaxa.lock";

/// Held while the daemon runs; dropping it lets another start.
#[derive(Debug)]
pub(crate) struct Instance {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("{}", t!("instance-running", pid = .pid.clone(), path = .path.display().to_string()))]
    Running { pid: String, path: PathBuf },
    #[error("{}", t!("instance-cannot", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Takes the station's lock, or says which process holds it.
pub(crate) fn claim(data_dir: &Path) -> Result<Instance, InstanceError> {
    let path = data_dir.join(LOCK_FILE);
    let io = |source| InstanceError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    // Not through a link: the lock is this station's own file.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o640)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&path)
        .map_err(io)?;
    // SAFETY: flock on a descriptor we own.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
            let mut pid = String::new();
            // A PID is a few digits; read no more than that.
            let _ = (&mut file).take(32).read_to_string(&mut pid);
            let pid = pid.trim().to_string();
            let pid = if pid.is_empty() { "?".to_string() } else { pid };
            return Err(InstanceError::Running { pid, path });
        }
        return Err(io(err));
    }
    file.set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| writeln!(file, "{}", std::process::id()))
        .and_then(|()| file.sync_all())
        .map_err(io)?;
    Ok(Instance { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_is_refused_with_the_first_ones_pid_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let first = claim(dir.path()).unwrap();
        // flock locks belong to the open file: a second open in this same
        // process conflicts just as another process's would.
        match claim(dir.path()) {
            Err(InstanceError::Running { pid, .. }) => {
                assert_eq!(pid, std::process::id().to_string())
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        claim(dir.path()).unwrap();
    }

    #[test]
    fn the_lock_is_not_taken_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, "x").unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::os::unix::fs::symlink(&elsewhere, data.join(LOCK_FILE)).unwrap();
        assert!(matches!(claim(&data), Err(InstanceError::Io { .. })));
        assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "x");
    }
}
