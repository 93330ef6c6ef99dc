//! Running an engine as a child process, bounded: the text goes in on
//! standard input, what it says on standard error comes back, and a child
//! that does not finish in time is killed with everything it started (its
//! own process group), so a hung engine never hangs the daemon.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// What an engine says is kept up to this much (the rest is read and
/// dropped, so a chatty engine never blocks on a full pipe).
const KEPT_OUTPUT: usize = 64 * 1024;

/// How a run ended.
#[derive(Debug)]
pub(crate) struct Ran {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

#[derive(Debug)]
pub(crate) enum RunError {
    /// The program could not be started (or watched).
    Start(std::io::Error),
    /// It was still running at the limit, and was killed.
    TimedOut,
}

/// Runs `program args…` with `input` on its standard input; kills it (and
/// its children) at `limit`.
pub(crate) fn run(
    program: &Path,
    args: &[OsString],
    input: &[u8],
    limit: Duration,
) -> Result<Ran, RunError> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group: a wrapper script's children are killed with it.
        .process_group(0)
        .spawn()
        .map_err(RunError::Start)?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());
    let Ok(pid) = i32::try_from(child.id()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(RunError::Start(std::io::Error::other("pid out of range")));
    };
    let (ended, out, err) = std::thread::scope(|s| {
        let spawn = |name: &str| std::thread::Builder::new().name(name.to_string());
        // The engine may stop reading (or never start): the text is fed
        // from a thread of its own, which ends when the child is gone.
        let feeder = spawn("voice-stdin").spawn_scoped(s, move || {
            if let Some(mut pipe) = stdin {
                // A broken pipe means the engine stopped early: its exit
                // status says why.
                let _ = pipe.write_all(input);
            }
        });
        let out = spawn("voice-stdout").spawn_scoped(s, move || keep_some(stdout));
        let err = spawn("voice-stderr").spawn_scoped(s, move || keep_some(stderr));
        let ended = if feeder.is_err() || out.is_err() || err.is_err() {
            kill_group(pid);
            Err(RunError::Start(std::io::Error::other(
                "cannot start a thread",
            )))
        } else {
            watch(pid, limit)
        };
        // Whatever is left of its group (a wrapper's children that kept
        // the pipes open) goes with it. The leader is not reaped yet, so
        // the group's number still names these processes only.
        kill_group(pid);
        let join = |h: std::io::Result<std::thread::ScopedJoinHandle<'_, Vec<u8>>>| {
            h.ok().and_then(|h| h.join().ok()).unwrap_or_default()
        };
        (ended, join(out), join(err))
    });
    let status = child.wait().map_err(RunError::Start)?;
    ended?;
    Ok(Ran {
        status,
        stdout: out,
        stderr: err,
    })
}

/// Waits for the child to end, without reaping it; a watchdog kills its
/// group at `limit`. Err when it was killed.
fn watch(pid: i32, limit: Duration) -> Result<(), RunError> {
    let (done, done_rx) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let dog = std::thread::Builder::new()
            .name("voice-watchdog".to_string())
            .spawn_scoped(s, move || match done_rx.recv_timeout(limit) {
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    kill_group(pid);
                    true
                }
                _ => false,
            });
        let Ok(dog) = dog else {
            kill_group(pid);
            return Err(RunError::Start(std::io::Error::other(
                "cannot start a thread",
            )));
        };
        wait_exited(pid);
        drop(done);
        match dog.join() {
            Ok(false) => Ok(()),
            _ => Err(RunError::TimedOut),
        }
    })
}

/// Blocks until the child has ended, leaving it a zombie (WNOWAIT) so
/// that its process id cannot be given to another process while the
/// watchdog may still send it a signal.
fn wait_exited(pid: i32) {
    let Ok(id) = libc::id_t::try_from(pid) else {
        return;
    };
    loop {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: waits for our own child; `info` outlives the call.
        let rc = unsafe { libc::waitid(libc::P_PID, id, &mut info, libc::WEXITED | libc::WNOWAIT) };
        if rc == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return;
        }
    }
}

/// SIGKILL to the child's process group.
fn kill_group(pid: i32) {
    // SAFETY: a signal to a process group we created; at worst ESRCH.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
}

/// Reads a pipe to its end, keeping the first `KEPT_OUTPUT` bytes.
fn keep_some(pipe: Option<impl Read>) -> Vec<u8> {
    let mut kept = Vec::new();
    if let Some(mut pipe) = pipe {
        let _ = (&mut pipe).take(KEPT_OUTPUT as u64).read_to_end(&mut kept);
        let _ = std::io::copy(&mut pipe, &mut std::io::sink());
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, input: &[u8], limit: Duration) -> Result<Ran, RunError> {
        let args = vec![OsString::from("-c"), OsString::from(script)];
        run(Path::new("/bin/sh"), &args, input, limit)
    }

    #[test]
    fn input_in_output_and_status_back() {
        let ran = sh(
            "cat; echo 'trên stderr' >&2; exit 3",
            "-s 999 bản tin".as_bytes(),
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(ran.stdout, "-s 999 bản tin".as_bytes());
        assert_eq!(String::from_utf8_lossy(&ran.stderr), "trên stderr\n");
        assert_eq!(ran.status.code(), Some(3));
    }

    #[test]
    fn a_child_that_never_ends_is_killed_with_its_children() {
        // The shell's child (tail) holds stderr open: unless the whole
        // group is killed, reading stderr would never end.
        let r = sh(
            "echo started >&2; tail -f /dev/null; echo never",
            b"",
            Duration::from_millis(300),
        );
        assert!(matches!(r, Err(RunError::TimedOut)), "{r:?}");
    }

    #[test]
    fn a_child_that_does_not_read_its_input_is_not_waited_on_forever() {
        // A megabyte fills the pipe; the child exits without reading it.
        let big = vec![b'a'; 1 << 20];
        let ran = sh("exit 0", &big, Duration::from_secs(20)).unwrap();
        assert!(ran.status.success());
    }

    #[test]
    fn much_output_is_cut_not_blocking() {
        let ran = sh(
            "head -c 1000000 /dev/zero >&2",
            b"",
            Duration::from_secs(20),
        )
        .unwrap();
        assert_eq!(ran.stderr.len(), KEPT_OUTPUT);
    }

    #[test]
    fn a_missing_program_does_not_start() {
        let r = run(
            Path::new("/khong/co/chuong-trinh"),
            &[],
            b"",
            Duration::from_secs(1),
        );
        assert!(matches!(r, Err(RunError::Start(_))), "{r:?}");
    }
}
