//! `/api/`: the console's JSON API. One handler a request; who may ask
//! is checked first (`allowed`), then the request goes to the daemon the
//! way the station's commands go (`control::answer`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Web;
use super::session::Session;
use crate::airlog::{OperatorAct, OperatorAction};
use crate::control::{Answer, Request};
use crate::users::Role;
use loaxa_core::diag::one_line;

const COOKIE: &str = "loaxa_session";
const CSRF_HEADER: &str = "x-csrf-token";

/// A request's body: JSON of a few fields (a `say` text of 10,000
/// characters is 40 KB at most); uploads will have their own limit.
const MAX_BODY: usize = 64 * 1024;

/// Password checks (argon2) at once; more logins wait their turn.
pub(super) static PASSWORD_CHECKS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub(crate) fn router(web: Arc<Web>) -> Router {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .route("/api/status", get(status))
        .route("/api/play", post(play))
        .route("/api/say", post(say))
        .route("/api/stop", post(stop))
        .route(
            "/api/users",
            get(super::users::list).post(super::users::add),
        )
        .route(
            "/api/users/{name}",
            axum::routing::put(super::users::change).delete(super::users::remove),
        )
        .route("/api/plan", get(super::plan::plan))
        .route("/api/log", get(super::log::log))
        .route("/api/library", get(super::library::library))
        .route("/api/schedules", get(super::schedules::list))
        .route(
            "/api/schedules/{name}",
            get(super::schedules::read)
                .put(super::schedules::save)
                // A schedule may be as large as the station reads one.
                .layer(DefaultBodyLimit::max(
                    usize::try_from(crate::station::MAX_TEXT_FILE).unwrap_or(MAX_BODY),
                )),
        )
        .route("/api/report", get(super::report::report))
        .route("/api/upload", super::upload::route(web.max_upload))
        .merge(super::page::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(web)
}

/// Runs `work` (reading files, building a report, decoding) on the
/// blocking pool, never on the loop the daemon airs from.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        said(
            StatusCode::INTERNAL_SERVER_ERROR,
            t!("web-internal", detail = e.to_string()),
        )
    })
}

/// An answer: `{"ok": …, "message": …}` with its HTTP status.
pub(crate) fn said(code: StatusCode, message: String) -> Response {
    let ok = code.is_success();
    (
        code,
        Json(serde_json::json!({ "ok": ok, "message": message })),
    )
        .into_response()
}

/// Whether a request that changes something comes from the console's own
/// page: the `Origin` a browser sends must name the host it asked
/// (a page elsewhere cannot act with the operator's cookie). Tools that
/// send no `Origin` (curl, monitoring) are judged by the CSRF token.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

pub(crate) fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

/// The session of the request, when it may do what needs `need`;
/// `changes` when it changes something (then its origin and CSRF token
/// are checked too). Otherwise the answer that refuses it.
#[allow(clippy::result_large_err)] // the refusal is the response itself, made once
pub(crate) fn allowed(
    web: &Web,
    headers: &HeaderMap,
    need: Role,
    changes: bool,
) -> Result<Session, Response> {
    let now = web.clock.mono();
    let login_needed = || said(StatusCode::UNAUTHORIZED, t!("web-login-needed"));
    let token = cookie_token(headers).ok_or_else(login_needed)?;
    let Ok(mut sessions) = web.sessions.lock() else {
        return Err(login_needed());
    };
    let mut session = sessions.get(&token, now).ok_or_else(login_needed)?;
    // The account as it is now: removed, it is logged out; its role
    // changed, the new one counts.
    match web.role_of(&session.user) {
        Some(role) => session.role = role,
        None => {
            sessions.close(&token);
            return Err(login_needed());
        }
    }
    drop(sessions);
    if session.role < need {
        return Err(said(
            StatusCode::FORBIDDEN,
            t!(
                "web-role-refused",
                user = &session.user,
                role = session.role.word()
            ),
        ));
    }
    if changes {
        let csrf = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        if !same_origin(headers) || csrf != Some(session.csrf.as_str()) || session.csrf.is_empty() {
            return Err(said(StatusCode::FORBIDDEN, t!("web-forged")));
        }
    }
    Ok(session)
}

#[derive(Deserialize)]
struct Login {
    user: String,
    password: String,
}

/// `POST /api/login {user, password}`: 200 with the session cookie and
/// the CSRF token; 401 on a wrong name or password (the same answer for
/// both); 429 while the account or the address must wait.
async fn login(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<Login>,
) -> Response {
    if !same_origin(&headers) {
        return said(StatusCode::FORBIDDEN, t!("web-forged"));
    }
    let keys = [
        format!("user:{}", body.user.trim().to_lowercase()),
        format!("addr:{}", peer.ip()),
    ];
    let now = web.clock.mono();
    let wait = web
        .throttle
        .lock()
        .ok()
        .and_then(|t| keys.iter().filter_map(|k| t.wait(k, now)).max());
    if let Some(wait) = wait {
        return throttled(wait);
    }
    let users = web.users();
    let name = body.user.trim().to_string();
    let password = body.password;
    // A password check takes ~19 MiB and a core for a moment: a few at a
    // time, so a flood of logins waits instead of taking the PC's memory.
    let Ok(_turn) = PASSWORD_CHECKS.acquire().await else {
        return said(StatusCode::SERVICE_UNAVAILABLE, t!("ctl-stopping"));
    };
    let checked = tokio::task::spawn_blocking(move || users.verify(&name, &password)).await;
    let now = web.clock.mono();
    let Ok(Some(role)) = checked else {
        if let Ok(mut t) = web.throttle.lock() {
            keys.iter().for_each(|k| t.failed(k, now));
        }
        // Anybody may send any name: one line, and not a page of it.
        let tried: String = body.user.trim().chars().take(100).collect();
        tracing::warn!(
            "{}",
            t!(
                "web-login-failed",
                user = one_line(&tried).as_ref(),
                addr = peer.ip().to_string()
            )
        );
        return said(StatusCode::UNAUTHORIZED, t!("web-login-wrong"));
    };
    if let Ok(mut t) = web.throttle.lock() {
        keys.iter().for_each(|k| t.succeeded(k));
    }
    let user = body.user.trim().to_string();
    let Ok((token, csrf)) = web.sessions.lock().map(|mut s| s.open(&user, role, now)) else {
        return said(StatusCode::SERVICE_UNAVAILABLE, t!("ctl-stopping"));
    };
    if token.is_empty() {
        return said(StatusCode::SERVICE_UNAVAILABLE, t!("web-no-random"));
    }
    tracing::info!(
        "{}",
        t!("web-login", user = &user, addr = peer.ip().to_string())
    );
    let cookie = session_cookie(&token, web.secure);
    let mut response = Json(serde_json::json!({
        "ok": true,
        "user": user,
        "role": role.word(),
        "csrf": csrf,
    }))
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The session cookie: never read by a script, never sent by another
/// site's page, and over TLS never sent in clear (a LAN attacker luring
/// the browser to `http://` the same host would read it otherwise).
fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/{secure}")
}

pub(super) fn throttled(wait: Duration) -> Response {
    let secs = wait.as_secs().max(1);
    let mut r = said(
        StatusCode::TOO_MANY_REQUESTS,
        t!("web-throttled", seconds = secs),
    );
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// `POST /api/logout`: the session is closed and its cookie cleared.
async fn logout(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, true) {
        return refused;
    }
    if let (Some(token), Ok(mut s)) = (cookie_token(&headers), web.sessions.lock()) {
        s.close(&token);
    }
    let mut r = said(StatusCode::OK, t!("web-logged-out"));
    let gone = format!("{}; Max-Age=0", session_cookie("", web.secure));
    if let Ok(v) = HeaderValue::from_str(&gone) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// `GET /api/status`: what `loaxa status --json` says.
async fn status(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let answer = crate::control::answer(Request::Status, &web.inputs).await;
    match serde_json::from_str::<serde_json::Value>(&answer.message) {
        Ok(v) if answer.ok => Json(v).into_response(),
        _ => said(StatusCode::SERVICE_UNAVAILABLE, answer.message),
    }
}

#[derive(Deserialize)]
struct Play {
    file: String,
    #[serde(default)]
    priority: Option<String>,
}

/// `POST /api/play {file, priority}`: like `loaxa play`. 404 (naming what
/// was probably meant) when there is no such file.
async fn play(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<Play>,
) -> Response {
    let session = match allowed(&web, &headers, Role::Truc, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    tracing::info!(
        "{}",
        t!(
            "web-asked",
            user = &session.user,
            what = format!("play {}", one_line(&body.file))
        )
    );
    let missing = crate::library::resolve(&web.audio_dir, &body.file).is_err();
    let req = Request::Play {
        files: vec![body.file.clone()],
        priority: body.priority,
    };
    let answer = crate::control::answer(req, &web.inputs).await;
    web.acted(act(
        &session,
        peer,
        OperatorAction::Play,
        body.file,
        None,
        answer.ok,
    ))
    .await;
    let refused = if missing {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    answered(answer, refused)
}

#[derive(Deserialize)]
struct Say {
    text: String,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    repeat: Option<u32>,
}

/// `POST /api/say {text, priority, repeat}`: like `loaxa say`, answered
/// once the text is audio.
async fn say(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<Say>,
) -> Response {
    let session = match allowed(&web, &headers, Role::Truc, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    tracing::info!("{}", t!("web-asked", user = &session.user, what = "say"));
    let sha256 = crate::airlog::hash_hex(body.text.as_bytes());
    let req = Request::Say {
        text: body.text,
        priority: body.priority,
        repeat: body.repeat.unwrap_or(1),
    };
    let answer = crate::control::answer(req, &web.inputs).await;
    let done = answer.ok;
    web.acted(act(
        &session,
        peer,
        OperatorAction::Say,
        String::new(),
        Some(sha256),
        done,
    ))
    .await;
    answered(answer, StatusCode::UNPROCESSABLE_ENTITY)
}

/// `POST /api/stop`: like `loaxa stop-airing`; 409 when nothing is on air.
async fn stop(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let session = match allowed(&web, &headers, Role::Truc, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    tracing::info!(
        "{}",
        t!("web-asked", user = &session.user, what = "stop-airing")
    );
    let answer = crate::control::answer(Request::StopAiring, &web.inputs).await;
    let done = answer.ok;
    web.acted(act(
        &session,
        peer,
        OperatorAction::StopAiring,
        String::new(),
        None,
        done,
    ))
    .await;
    answered(answer, StatusCode::CONFLICT)
}

/// What `session`'s account did, from `peer`, for the airing log.
pub(crate) fn act(
    session: &Session,
    peer: SocketAddr,
    action: OperatorAction,
    target: String,
    sha256: Option<String>,
    done: bool,
) -> OperatorAct {
    OperatorAct {
        user: session.user.clone(),
        action,
        target,
        sha256,
        done,
        from: peer.ip().to_string(),
    }
}

fn answered(answer: Answer, refused: StatusCode) -> Response {
    match answer.ok {
        true => said(StatusCode::OK, answer.message),
        false => said(refused, answer.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn a_page_elsewhere_is_not_the_console() {
        assert!(same_origin(&headers(&[("host", "127.0.0.1:8080")])));
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "loa.xa.vn"),
            ("origin", "https://LOA.xa.vn/")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "null")
        ])));
        assert!(!same_origin(&headers(&[(
            "origin",
            "http://127.0.0.1:8080"
        )])));
    }

    #[test]
    fn over_tls_the_cookie_is_never_sent_in_clear() {
        assert_eq!(
            session_cookie("abc", false),
            "loaxa_session=abc; HttpOnly; SameSite=Strict; Path=/"
        );
        assert_eq!(
            session_cookie("abc", true),
            "loaxa_session=abc; HttpOnly; SameSite=Strict; Path=/; Secure"
        );
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; loaxa_session=abc; b=2")]);
        assert_eq!(cookie_token(&h).as_deref(), Some("abc"));
        let h = headers(&[("cookie", "a=1"), ("cookie", "loaxa_session=xyz")]);
        assert_eq!(cookie_token(&h).as_deref(), Some("xyz"));
        assert_eq!(
            cookie_token(&headers(&[("cookie", "x_loaxa_session=1")])),
            None
        );
    }
}
