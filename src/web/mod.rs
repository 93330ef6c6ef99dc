//! The operator's console over HTTP, served by the daemon on its own
//! runtime: a JSON API under `/api/` (the page uses it; the district's
//! monitoring can too). What it asks of the daemon goes the way `loaxa
//! play`, `say`, `status` and `stop-airing` go (`control::answer`), so the
//! console can do nothing the station's commands cannot.
//!
//! Accounts are `data/users.json` (`loaxa user`); a session is a random
//! token in an HttpOnly, SameSite=Strict cookie, closed after
//! `IDLE` unused; a request that changes anything must carry the
//! session's CSRF token and, when the browser says where it comes from
//! (`Origin`), come from the console's own address.

pub(crate) mod api;
mod library;
mod log;
mod names;
pub(crate) mod page;
mod plan;
mod report;
mod schedules;
pub(crate) mod serve;
pub(crate) mod session;
mod upload;
pub(crate) mod users;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::clock::Clock;
use crate::daemon::Input;
use crate::station::WebSettings;
use crate::users::{Role, Users};

/// Unused this long, a session is closed.
pub(crate) const IDLE: Duration = Duration::from_secs(30 * 60);

/// What the handlers share.
pub(crate) struct Web {
    /// The station as the daemon opened it (read again for each request
    /// that reads its files, as a command would: see `station`).
    opened: crate::station::Station,
    /// The most one upload may carry (`[web] max_upload`), in bytes.
    pub(crate) max_upload: u64,
    /// Served over TLS: the session cookie is never sent over plain HTTP.
    pub(crate) secure: bool,
    pub(crate) data_dir: PathBuf,
    pub(crate) audio_dir: PathBuf,
    pub(crate) inputs: UnboundedSender<Input>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) sessions: Mutex<session::Sessions>,
    pub(crate) throttle: Mutex<session::Throttle>,
    /// The accounts as last read, and the file's stamp then (read again
    /// when `loaxa user` changed it).
    users: Mutex<(Option<crate::users::Stamp>, Arc<Users>)>,
    /// What `loaxa check` says of programs running into each other were a
    /// schedule saved (`cli::check::overlaps_if_saved`, handed in by
    /// `run`: the console does not reach into the commands).
    pub(crate) overlaps: Overlaps,
}

/// See [`Web::overlaps`].
pub(crate) type Overlaps = fn(
    &crate::station::Station,
    chrono::DateTime<chrono::Utc>,
    crate::schedule::Schedule,
) -> Vec<crate::diag::Diagnostic>;

impl Web {
    pub(crate) fn new(
        station: &crate::station::Station,
        inputs: UnboundedSender<Input>,
        clock: Arc<dyn Clock>,
        overlaps: Overlaps,
    ) -> Web {
        Web {
            opened: station.clone(),
            max_upload: station.settings.web.max_upload,
            secure: station.settings.web.tls.is_some(),
            data_dir: station.data_dir.clone(),
            audio_dir: station.audio_dir.clone(),
            inputs,
            clock,
            sessions: Mutex::new(session::Sessions::new(IDLE)),
            throttle: Mutex::new(session::Throttle::default()),
            users: Mutex::new((None, Arc::new(Users::default()))),
            overlaps,
        }
    }

    /// The accounts now: read again when the file changed; an unreadable
    /// file is no accounts (said in the journal), so nobody gets in.
    pub(crate) fn users(&self) -> Arc<Users> {
        let stamp = Users::stamp(&self.data_dir);
        let Ok(mut kept) = self.users.lock() else {
            return Arc::new(Users::default());
        };
        if kept.0.is_none() || kept.0 != stamp {
            let users = match Users::open(&self.data_dir) {
                Ok(u) => u,
                Err(e) => {
                    tracing::error!("{}", t!("web-users-unreadable", detail = e.to_string()));
                    Users::default()
                }
            };
            *kept = (stamp, Arc::new(users));
        }
        Arc::clone(&kept.1)
    }

    /// Writes what an account did into the airing log's chain (the
    /// evidence of who did what), and waits until it is written.
    pub(crate) async fn acted(&self, act: crate::airlog::OperatorAct) {
        let (reply, written) = tokio::sync::oneshot::channel();
        if self.inputs.send(Input::Operator { act, reply }).is_ok() {
            let _ = written.await;
        }
    }

    /// The station as a command run now would find it (its settings read
    /// again: topics, periods, the voice may have changed); as the daemon
    /// opened it when loaxa.toml cannot be read now. Reads files: call it
    /// off the loop (`blocking`).
    pub(crate) fn station(&self) -> crate::station::Station {
        crate::station::Station::open(&self.opened.dir).unwrap_or_else(|_| self.opened.clone())
    }

    /// The schedules folder.
    pub(crate) fn schedules_dir(&self) -> &std::path::Path {
        &self.opened.schedules_dir
    }

    /// The current role of an account (it may have been removed or
    /// changed since its session opened).
    pub(crate) fn role_of(&self, user: &str) -> Option<Role> {
        self.users().role_of(user)
    }
}

/// The console's address, bound now (before the runtime starts, like the
/// control socket), with its TLS when the station has a certificate, so a
/// port already taken or a bad certificate is said at start.
pub(crate) struct Console {
    listener: std::net::TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
}

/// Why the console cannot start (the station airs on without it).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConsoleError {
    #[error("{}", t!("web-cannot-listen", addr = .0.to_string(), detail = .1.to_string()))]
    Listen(SocketAddr, std::io::Error),
    #[error("{}", t!("web-tls-off", detail = .0.to_string()))]
    Tls(serve::TlsError),
}

impl Console {
    /// Where the operator opens it, as the journal says at start.
    pub(crate) fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        let addr = self
            .listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        format!("{scheme}://{addr}/")
    }
}

pub(crate) fn bind(settings: &WebSettings, station_dir: &Path) -> Result<Console, ConsoleError> {
    let tls = match &settings.tls {
        // Relative files are the station folder's.
        Some((cert, key)) => Some(
            serve::tls(&station_dir.join(cert), &station_dir.join(key))
                .map_err(ConsoleError::Tls)?,
        ),
        None => None,
    };
    let listen = |e| ConsoleError::Listen(settings.listen, e);
    let listener = std::net::TcpListener::bind(settings.listen).map_err(listen)?;
    listener.set_nonblocking(true).map_err(listen)?;
    Ok(Console { listener, tls })
}

/// Serves the console until `stop` turns true (the daemon stopping), then
/// lets open requests finish for a moment. A failure is said in the
/// journal; airing goes on without the console.
pub(crate) async fn serve(
    console: Console,
    web: Arc<Web>,
    stop: tokio::sync::watch::Receiver<bool>,
) {
    let listener = match tokio::net::TcpListener::from_std(console.listener) {
        Ok(l) => l,
        Err(e) => {
            tracing::error!("{}", t!("web-failed", detail = crate::i18n::os_detail(&e)));
            return;
        }
    };
    serve::run(listener, api::router(web), console.tls, serve::LIMITS, stop).await;
}
