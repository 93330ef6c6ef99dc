//! The control socket (`data/loaxa.sock`): how `loaxa play` (and later
//! `status`, `stop-airing`, `reload`) talk to the running daemon. One JSON
//! request line, one JSON answer line. The socket is for the station's
//! users only: it is created with mode 0660, and a peer whose user is not
//! the daemon's (nor root) and whose group is not the daemon's is refused.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::mpsc::UnboundedSender;

use crate::clock::Clock;
use crate::daemon::Input;
use crate::schedule::Priority;
use crate::station::Station;

pub(crate) const SOCKET_FILE: &str = "loaxa.sock";

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "kebab-case")]
pub(crate) enum Request {
    /// Air these files (relative to `audio/`) now, as one program.
    Play {
        files: Vec<String>,
        #[serde(default)]
        priority: Option<String>,
    },
    /// What is going on (the answer's message is the status as JSON).
    Status,
    /// Read the schedules again.
    Reload,
    /// Cut what is on air.
    StopAiring,
    /// This CAP alert: do what it says. `file` is its absolute path (how
    /// the log names it); `content` its bytes (base64), read by `loaxa
    /// alert` as the operator, with the recordings it names beside it;
    /// without them the daemon reads the file itself.
    Alert {
        file: PathBuf,
        #[serde(default)]
        content: Option<String>,
        #[serde(default)]
        beside: Vec<crate::cap::Attached>,
    },
    /// Read this text aloud now, `repeat` times, as one program.
    Say {
        text: String,
        #[serde(default)]
        priority: Option<String>,
        #[serde(default = "one")]
        repeat: u32,
    },
    /// `loaxa user …` from an operator who cannot write `data/` (the
    /// daemon's): what was asked (`cli::user`'s words, opaque here) and
    /// the password typed. Only over the socket, never from the console.
    User {
        ask: serde_json::Value,
        #[serde(default)]
        password: Option<String>,
    },
}

/// Carries out a `Request::User` with the daemon's rights on `data/`
/// (given by `loaxa run`, so this module needs no command's code).
pub(crate) type Accounts =
    std::sync::Arc<dyn Fn(serde_json::Value, Option<String>) -> Answer + Send + Sync>;

fn one() -> u32 {
    1
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub(crate) struct Answer {
    pub(crate) ok: bool,
    pub(crate) message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error("{}", t!("ctl-not-running", path = .0.display().to_string()))]
    NotRunning(PathBuf),
    #[error("{}", t!("ctl-io", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", t!("ctl-garbled", detail = .0))]
    Garbled(String),
}

pub(crate) fn socket_path(station: &Station) -> PathBuf {
    station.data_dir.join(SOCKET_FILE)
}

/// Sends one request to the running daemon and returns its answer.
pub(crate) fn request(path: &Path, req: &Request) -> Result<Answer, ControlError> {
    let io = |source| ControlError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut stream = match std::os::unix::net::UnixStream::connect(path) {
        Ok(s) => s,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            return Err(ControlError::NotRunning(path.to_path_buf()));
        }
        Err(e) => return Err(io(e)),
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(io)?;
    let mut line = serde_json::to_string(req).map_err(|e| ControlError::Garbled(e.to_string()))?;
    line.push('\n');
    stream.write_all(line.as_bytes()).map_err(io)?;
    let mut answer = String::new();
    BufReader::new(&stream).read_line(&mut answer).map_err(io)?;
    serde_json::from_str(&answer).map_err(|e| ControlError::Garbled(format!("{e}: {answer:?}")))
}

/// Who may use the socket: the daemon's own user, root, or a member of its
/// group — by the peer's primary group or by the group database
/// (supplementary groups: `usermod -aG loaxa OPERATOR`).
fn allowed(uid: u32, gid: u32) -> bool {
    // SAFETY: getuid/getgid cannot fail.
    let (me, my_group) = unsafe { (libc::getuid(), libc::getgid()) };
    uid == me || uid == 0 || gid == my_group || groups_of(uid).contains(&my_group)
}

/// The groups a user belongs to, from the user and group databases
/// (empty when the user is unknown).
fn groups_of(uid: u32) -> Vec<u32> {
    use std::ffi::CStr;
    // getpwuid_r: the user's name and primary group.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    loop {
        // SAFETY: the buffers outlive the call; `found` is set by it.
        let rc =
            unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if rc != 0 || found.is_null() {
            return Vec::new();
        }
        break;
    }
    // SAFETY: pw_name points into `buf`, NUL-terminated by getpwuid_r.
    let name = unsafe { CStr::from_ptr(pwd.pw_name) };
    let mut groups: Vec<libc::gid_t> = vec![0; 64];
    loop {
        let mut n = groups.len() as libc::c_int;
        // SAFETY: `groups` holds `n` entries; getgrouplist writes at most
        // that many and says how many there are.
        let rc =
            unsafe { libc::getgrouplist(name.as_ptr(), pwd.pw_gid, groups.as_mut_ptr(), &mut n) };
        let n = usize::try_from(n).unwrap_or(0);
        if rc >= 0 {
            groups.truncate(n);
            return groups;
        }
        if n <= groups.len() || n > 65_536 {
            return Vec::new();
        }
        groups.resize(n, 0);
    }
}

/// Creates the socket (mode 0660). Fails if another daemon answers on it:
/// two daemons on one station would air everything twice.
pub(crate) fn bind(path: &Path) -> std::io::Result<std::os::unix::net::UnixListener> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if path.exists() {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(std::io::Error::other(t!(
                "ctl-already-running",
                path = path.display().to_string()
            )));
        }
        // Left behind by a daemon that did not stop cleanly.
        std::fs::remove_file(path)?;
    }
    let listener = std::os::unix::net::UnixListener::bind(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Answers requests until the task is dropped, with its complaints spaced
/// on `clock` (the daemon's).
pub(crate) async fn serve(
    listener: std::os::unix::net::UnixListener,
    inputs: UnboundedSender<Input>,
    clock: std::sync::Arc<dyn Clock>,
    accounts: Accounts,
) -> std::io::Result<()> {
    let listener = tokio::net::UnixListener::from_std(listener)?;
    // A flood of connections (a script gone wrong, a hostile user of the
    // group) waits its turn; it never takes the listener down, which would
    // leave the daemon deaf to `status` and `play` for the rest of its life.
    let slots = std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_CLIENTS));
    let mut complained: Option<Duration> = None;
    loop {
        let permit = match std::sync::Arc::clone(&slots).acquire_owned().await {
            Ok(p) => p,
            Err(_) => return Ok(()),
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors or memory for a moment: said once a
                // minute at most, and tried again shortly.
                let now = clock.mono();
                if complained.is_none_or(|t| now.saturating_sub(t) >= Duration::from_secs(60)) {
                    tracing::warn!("{}", t!("ctl-error", detail = crate::i18n::os_detail(&e)));
                    complained = Some(now);
                }
                drop(permit);
                clock.wait_mono(now + Duration::from_millis(100)).await;
                continue;
            }
        };
        let (inputs, accounts) = (inputs.clone(), std::sync::Arc::clone(&accounts));
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(CLIENT_TIME, handle(stream, inputs, accounts)).await {
                Ok(Ok(())) => {}
                // Said nothing in time: nothing to tell anyone.
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::TimedOut => {}
                Ok(Err(e)) => {
                    tracing::warn!("{}", t!("ctl-error", detail = crate::i18n::os_detail(&e)))
                }
                Err(_) => {}
            }
        });
    }
}

/// How long a client may take to send its request line.
const REQUEST_TIME: Duration = Duration::from_secs(5);

/// Clients served at once; more wait to be accepted.
const MAX_CLIENTS: usize = 32;

/// How long one client may take, from connecting to its answer (the
/// daemon answers within 30 s, see `ask`).
const CLIENT_TIME: Duration = Duration::from_secs(40);

/// Raises the soft limit on open files to the hard one: a daemon holds the
/// log, the watcher, the socket and its clients, and decoders.
pub(crate) fn raise_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit with a valid struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

async fn handle(
    stream: tokio::net::UnixStream,
    inputs: UnboundedSender<Input>,
    accounts: Accounts,
) -> std::io::Result<()> {
    let cred = stream.peer_cred()?;
    let (read, mut write) = stream.into_split();
    // The request is read even from a refused user, so that the refusal
    // reaches them instead of a reset connection; only the station's users
    // may send an alert file with its recordings.
    let allowed = allowed(cred.uid(), cred.gid());
    let limit = if allowed {
        MAX_ALERT_REQUEST
    } else {
        MAX_REQUEST
    };
    let mut line = String::new();
    let mut reader = tokio::io::BufReader::new(tokio::io::AsyncReadExt::take(read, limit));
    // A client that connects and says nothing gives its place back soon.
    tokio::time::timeout(REQUEST_TIME, reader.read_line(&mut line))
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    if line.is_empty() {
        // Connected and closed without a word (a check that it is up).
        return Ok(());
    }
    let answer = if !allowed {
        tracing::warn!(
            "{}",
            t!("ctl-refused-log", uid = cred.uid(), gid = cred.gid())
        );
        Answer {
            ok: false,
            message: t!("ctl-refused"),
        }
    } else {
        match serde_json::from_str::<Request>(&line) {
            Err(e) => Answer {
                ok: false,
                message: t!("ctl-bad-request", detail = e.to_string()),
            },
            // Hashing a password takes a moment: off the loop.
            Ok(Request::User { ask, password }) => {
                tokio::task::spawn_blocking(move || accounts(ask, password))
                    .await
                    .unwrap_or_else(|_| Answer {
                        ok: false,
                        message: t!("ctl-no-answer"),
                    })
            }
            Ok(req) => answer(req, &inputs).await,
        }
    };
    let mut out = serde_json::to_vec(&answer).map_err(std::io::Error::other)?;
    out.push(b'\n');
    write.write_all(&out).await?;
    write.shutdown().await
}

/// Hands an input that carries a reply to the daemon and waits for it.
async fn ask<T>(
    inputs: &UnboundedSender<Input>,
    make: impl FnOnce(tokio::sync::oneshot::Sender<T>) -> Input,
    answer: impl FnOnce(T) -> Answer,
) -> Answer {
    let (reply, rx) = tokio::sync::oneshot::channel();
    if inputs.send(make(reply)).is_err() {
        return Answer {
            ok: false,
            message: t!("ctl-stopping"),
        };
    }
    match tokio::time::timeout(Duration::from_secs(30), rx).await {
        Ok(Ok(value)) => answer(value),
        _ => Answer {
            ok: false,
            message: t!("ctl-no-answer"),
        },
    }
}

/// A daemon's yes or no, with what it says.
fn said(result: Result<String, String>) -> Answer {
    match result {
        Ok(message) => Answer { ok: true, message },
        Err(message) => Answer { ok: false, message },
    }
}

/// What the daemon answers to a request (the socket's and the console's).
pub(crate) async fn answer(req: Request, inputs: &UnboundedSender<Input>) -> Answer {
    match req {
        Request::Reload => ask(inputs, |reply| Input::ReloadAsked { reply }, said).await,
        // Accounts are the socket's (`handle`), never the console's.
        Request::User { .. } => Answer {
            ok: false,
            message: t!("ctl-bad-request", detail = "user"),
        },
        Request::StopAiring => ask(inputs, |reply| Input::StopAiring { reply }, said).await,
        Request::Status => {
            ask(
                inputs,
                |reply| Input::Status { reply },
                |status| Answer {
                    ok: true,
                    message: serde_json::to_string(&status).unwrap_or_default(),
                },
            )
            .await
        }
        Request::Alert {
            file,
            content,
            beside,
        } => {
            let source = match crate::cap::AlertSource::given(file, content, beside) {
                Ok(s) => s,
                Err(message) => return Answer { ok: false, message },
            };
            ask(
                inputs,
                |reply| Input::Alert {
                    source,
                    reply: Some(reply),
                },
                said,
            )
            .await
        }
        Request::Say {
            text,
            priority,
            repeat,
        } => {
            let priority = match priority_of(priority.as_deref()) {
                Ok(p) => p,
                Err(refused) => return refused,
            };
            ask(
                inputs,
                |reply| Input::Say {
                    text,
                    priority,
                    repeat,
                    reply,
                },
                said,
            )
            .await
        }
        Request::Play { files, priority } => {
            let priority = match priority_of(priority.as_deref()) {
                Ok(p) => p,
                Err(refused) => return refused,
            };
            ask(
                inputs,
                |reply| Input::Play {
                    files,
                    priority,
                    reply,
                },
                said,
            )
            .await
        }
    }
}

/// The priority asked for (`ưu tiên` when none), or the refusal.
fn priority_of(word: Option<&str>) -> Result<Priority, Answer> {
    match word {
        None => Ok(Priority::Priority),
        Some(p) => Priority::parse(p).ok_or_else(|| Answer {
            ok: false,
            message: t!("ctl-bad-priority", word = p),
        }),
    }
}

/// A request line is a few hundred bytes; refuse to read megabytes.
const MAX_REQUEST: u64 = 64 * 1024;

/// An alert sent by `loaxa alert`: the file and its recordings, in base64
/// (a third more than their bytes).
const MAX_ALERT_REQUEST: u64 =
    (loaxa_core::cap::MAX_ALERT_BYTES as u64 + crate::cap::MAX_BESIDE_BYTES) / 3 * 4 + MAX_REQUEST;
