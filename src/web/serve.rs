//! Serving the console within bounds, so a flood of clients (or a few
//! slow ones) costs the daemon a known amount and never its airing: at
//! most `connections` open at once (beyond that, new ones wait in the
//! kernel's queue), headers complete within `header_timeout` (a client
//! dribbling them is cut; the same wait closes an idle kept-alive
//! connection), headers of at most `header_bytes` (431 beyond), and every
//! request answered within its timeout (503). HTTP/1.1 by hyper, one task
//! per connection, optionally inside TLS (rustls).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tower_service::Service;

/// How much the console may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections open at once.
    pub(crate) connections: usize,
    /// From a connection's first byte (or the end of its last answer) to
    /// the end of a request's headers; also the TLS handshake's limit.
    pub(crate) header_timeout: Duration,
    /// A request's line and headers (hyper's read buffer; at least 8 KiB).
    pub(crate) header_bytes: usize,
    /// A request, its body included, to its answer.
    pub(crate) request_timeout: Duration,
    /// An upload's (a 200 MB recording over a slow LAN).
    pub(crate) upload_timeout: Duration,
    /// How long open requests may finish when the daemon stops.
    pub(crate) drain: Duration,
}

pub(crate) const LIMITS: Limits = Limits {
    connections: 256,
    header_timeout: Duration::from_secs(10),
    header_bytes: 16 * 1024,
    request_timeout: Duration::from_secs(60),
    upload_timeout: Duration::from_secs(30 * 60),
    drain: Duration::from_secs(3),
};

/// The path whose requests get `upload_timeout`.
const UPLOAD: &str = "/api/upload";

/// Why the console's TLS cannot be set up; each names its file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TlsError {
    #[error("{}", t!("web-tls-unreadable", file = .0.display().to_string(), detail = .1.to_string()))]
    Unreadable(std::path::PathBuf, std::io::Error),
    #[error("{}", t!("web-tls-no-cert", file = .0.display().to_string()))]
    NoCert(std::path::PathBuf),
    #[error("{}", t!("web-tls-no-key", file = .0.display().to_string()))]
    NoKey(std::path::PathBuf),
    #[error("{}", t!("web-tls-refused", cert = .cert.display().to_string(), key = .key.display().to_string(), detail = .detail))]
    Refused {
        cert: std::path::PathBuf,
        key: std::path::PathBuf,
        detail: String,
    },
}

/// The station's certificate chain and key (PEM) as a TLS acceptor.
pub(crate) fn tls(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let read = |p: &Path| std::fs::read(p).map_err(|e| TlsError::Unreadable(p.to_path_buf(), e));
    let cert_pem = read(cert)?;
    let key_pem = read(key)?;
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&cert_pem)
        .filter_map(Result::ok)
        .collect();
    if chain.is_empty() {
        return Err(TlsError::NoCert(cert.to_path_buf()));
    }
    let private =
        PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| TlsError::NoKey(key.to_path_buf()))?;
    let refused = |e: rustls::Error| TlsError::Refused {
        cert: cert.to_path_buf(),
        key: key.to_path_buf(),
        detail: e.to_string(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(refused)?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(refused)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Whether the daemon is stopping (or gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// Serves `app` on `listener` until `stop` turns true, then lets open
/// requests finish (at most `limits.drain`).
pub(crate) async fn run(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Semaphore::new(limits.connections));
    let mut busy_said = false;
    loop {
        // A free slot before accepting: beyond the cap, new connections
        // wait in the kernel's queue, not as tasks here.
        let permit = match Arc::clone(&slots).try_acquire_owned() {
            Ok(p) => {
                busy_said = false;
                p
            }
            Err(_) => {
                if !busy_said {
                    tracing::warn!("{}", t!("web-busy", count = limits.connections));
                    busy_said = true;
                }
                tokio::select! {
                    p = Arc::clone(&slots).acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    _ = stopped(&mut stop) => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors and the like: said, and a short
                    // pause so the loop does not spin.
                    tracing::debug!("{}", t!("web-accept-failed", detail = crate::i18n::os_detail(&e)));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        let _ = stream.set_nodelay(true);
        let (app, tls, stop) = (app.clone(), tls.clone(), stop.clone());
        tokio::spawn(async move {
            let _slot = permit;
            match tls {
                None => connection(stream, peer, app, limits, stop).await,
                Some(tls) => {
                    let shake = tokio::time::timeout(limits.header_timeout, tls.accept(stream));
                    if let Ok(Ok(stream)) = shake.await {
                        connection(stream, peer, app, limits, stop).await;
                    }
                }
            }
        });
    }
    // Every slot back: every connection finished (or the drain ran out).
    let all = u32::try_from(limits.connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.drain, slots.acquire_many(all)).await;
}

/// One connection, its requests one after the other (HTTP/1.1 keep-alive).
async fn connection<I>(
    io: I,
    peer: SocketAddr,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |req| answer(app.clone(), peer, limits, req));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.header_bytes.max(8 * 1024));
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    tokio::select! {
        // A client gone, cut or timed out is nothing to say.
        _ = conn.as_mut() => {}
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(limits.drain, conn).await;
        }
    }
}

/// One request through the router, within its time.
async fn answer(
    mut app: Router,
    peer: SocketAddr,
    limits: Limits,
    mut req: Request<Incoming>,
) -> Result<Response, Infallible> {
    req.extensions_mut().insert(ConnectInfo(peer));
    let limit = match req.uri().path() {
        UPLOAD => limits.upload_timeout,
        _ => limits.request_timeout,
    };
    match tokio::time::timeout(limit, app.call(req)).await {
        Ok(answered) => answered,
        Err(_) => Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({ "ok": false, "message": t!("web-too-slow") })),
        )
            .into_response()),
    }
}

#[cfg(test)]
mod tests {
    //! On tokio's paused clock: every wait below is virtual, so a
    //! ten-second timeout passes at once.
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    const DEADLINE: Duration = Duration::from_secs(600);

    fn app() -> Router {
        Router::new()
            .route("/api/status", get(|| async { "dang-phat" }))
            .route(
                "/api/cham",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    "muon"
                }),
            )
            .route(
                "/api/ai",
                get(|ConnectInfo(peer): ConnectInfo<SocketAddr>| async move {
                    peer.ip().to_string()
                }),
            )
    }

    /// A console with `limits` on a loopback port: its address and the
    /// switch that stops it.
    async fn console(
        limits: Limits,
    ) -> (SocketAddr, watch::Sender<bool>, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, stop) = watch::channel(false);
        let served = tokio::spawn(run(listener, app(), None, limits, stop));
        (addr, stop_tx, served)
    }

    /// Everything the server sends until it closes (or the deadline).
    async fn until_closed(stream: &mut TcpStream) -> Option<String> {
        let mut got = Vec::new();
        tokio::time::timeout(DEADLINE, stream.read_to_end(&mut got))
            .await
            .ok()?
            .ok()?;
        Some(String::from_utf8_lossy(&got).into_owned())
    }

    async fn get_once(addr: SocketAddr, path: &str) -> Option<String> {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        until_closed(&mut s).await
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_dribbling_its_headers_is_cut() {
        let (addr, _stop, _served) = console(LIMITS).await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\nX-Cham: mot")
            .await
            .unwrap();
        let said = until_closed(&mut slow).await.expect("closed by the server");
        assert!(!said.contains("dang-phat"), "{said}");
        // An idle kept-alive connection is closed the same way.
        let mut idle = TcpStream::connect(addr).await.unwrap();
        idle.write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let said = until_closed(&mut idle).await.expect("closed when idle");
        assert!(
            said.starts_with("HTTP/1.1 200") && said.contains("dang-phat"),
            "{said}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn beyond_the_cap_new_connections_wait_and_are_answered_once_freed() {
        let limits = Limits {
            connections: 3,
            ..LIMITS
        };
        let (addr, _stop, _served) = console(limits).await;
        let mut held = Vec::new();
        for _ in 0..5 {
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(b"GET /api/status HTTP/1.1\r\n").await.unwrap();
            held.push(s);
        }
        let mut waiting = TcpStream::connect(addr).await.unwrap();
        waiting
            .write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut first = [0u8; 1];
        let early = tokio::time::timeout(Duration::from_secs(1), waiting.read(&mut first)).await;
        assert!(early.is_err(), "answered while every slot was taken");
        drop(held);
        let said = until_closed(&mut waiting)
            .await
            .expect("answered once freed");
        assert!(said.starts_with("HTTP/1.1 200"), "{said}");
        let said = get_once(addr, "/api/status").await.unwrap();
        assert!(said.contains("dang-phat"), "{said}");
    }

    #[tokio::test(start_paused = true)]
    async fn oversized_headers_are_refused_431() {
        let (addr, _stop, _served) = console(LIMITS).await;
        let mut s = TcpStream::connect(addr).await.unwrap();
        let big = "a".repeat(64 * 1024);
        let req = format!("GET /api/status HTTP/1.1\r\nHost: x\r\nX-Lon: {big}\r\n\r\n");
        // The server may close before it has read it all.
        let _ = s.write_all(req.as_bytes()).await;
        let said = until_closed(&mut s).await.unwrap_or_default();
        assert!(said.starts_with("HTTP/1.1 431"), "{said}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_request_too_slow_to_answer_gets_503_and_the_peer_is_known() {
        let (addr, _stop, _served) = console(LIMITS).await;
        let said = get_once(addr, "/api/cham").await.unwrap();
        assert!(said.starts_with("HTTP/1.1 503"), "{said}");
        let said = get_once(addr, "/api/ai").await.unwrap();
        assert!(said.ends_with("127.0.0.1"), "{said}");
    }

    #[tokio::test(start_paused = true)]
    async fn stopping_closes_idle_connections_and_ends() {
        let (addr, stop, served) = console(LIMITS).await;
        let mut idle = TcpStream::connect(addr).await.unwrap();
        idle.write_all(b"GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0u8; 12];
        idle.read_exact(&mut head).await.unwrap();
        stop.send(true).unwrap();
        tokio::time::timeout(Duration::from_secs(5), served)
            .await
            .expect("ended within its drain")
            .unwrap();
        assert!(
            TcpStream::connect(addr).await.is_err(),
            "no longer listening"
        );
    }

    #[test]
    fn a_missing_or_wrong_certificate_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        let e = tls(&cert, &key).err().unwrap();
        assert!(e.to_string().contains("cert.pem"), "{e}");
        std::fs::write(&cert, "khong phai PEM").unwrap();
        std::fs::write(&key, "").unwrap();
        let e = tls(&cert, &key).err().unwrap();
        assert!(
            matches!(e, TlsError::NoCert(_)) && e.to_string().contains("cert.pem"),
            "{e}"
        );
        let made = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
        std::fs::write(&cert, made.cert.pem()).unwrap();
        let e = tls(&cert, &key).err().unwrap();
        assert!(
            matches!(e, TlsError::NoKey(_)) && e.to_string().contains("key.pem"),
            "{e}"
        );
        let other = rcgen::generate_simple_self_signed(vec!["x".into()]).unwrap();
        std::fs::write(&key, other.signing_key.serialize_pem()).unwrap();
        let e = tls(&cert, &key).err().unwrap();
        assert!(matches!(e, TlsError::Refused { .. }), "{e}");
        std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
        assert!(tls(&cert, &key).is_ok());
    }
}
