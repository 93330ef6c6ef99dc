//! `/api/users`: the console's accounts, for a `quan-tri`; and an
//! account's own password, for anyone logged in. The same rules and the
//! same file as `loaxa user` (`crate::users`, one change at a time under
//! its lock); each change goes into the airing log with who made it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Web;
use super::api::{act, allowed, cookie_token, said};
use crate::airlog::OperatorAction;
use crate::users::{Role, Users, UsersError};

/// `GET /api/users`: name, role, created and changed of each account
/// (never a hash).
pub(crate) async fn list(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::QuanTri, false) {
        return refused;
    }
    let users = web.users();
    let list: Vec<serde_json::Value> = users
        .list()
        .iter()
        .map(|a| {
            serde_json::json!({
                "name": a.name(),
                "role": a.role().word(),
                "created": crate::timefmt::rfc3339_ms(&a.created().fixed_offset()),
                "changed": crate::timefmt::rfc3339_ms(&a.changed().fixed_offset()),
            })
        })
        .collect();
    Json(list).into_response()
}

#[derive(Deserialize)]
pub(crate) struct NewAccount {
    name: String,
    role: String,
    password: String,
}

/// `POST /api/users {name, role, password}`: 201; 400 when the name,
/// role or password breaks the rules; 409 when the name is taken.
pub(crate) async fn add(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(body): Json<NewAccount>,
) -> Response {
    let session = match allowed(&web, &headers, Role::QuanTri, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let role = match Role::parse(&body.role) {
        Ok(r) => r,
        Err(p) => return said(StatusCode::BAD_REQUEST, crate::i18n::problem(&p)),
    };
    let data = web.data_dir.clone();
    let now = web.clock.now();
    let name = body.name.clone();
    let added = blocking(move || {
        Users::edit(&data, |u| {
            u.add(&name, role, &body.password, now)
                .map(|a| a.name().to_string())
        })
    })
    .await;
    let done = added.is_ok();
    let target = added.as_ref().map_or(body.name, String::clone);
    web.acted(act(
        &session,
        peer,
        OperatorAction::UserAdded,
        target,
        None,
        done,
    ))
    .await;
    match added {
        Ok(name) => said(
            StatusCode::CREATED,
            t!("user-added", name = name, role = role.word()),
        ),
        Err(e) => refused(e),
    }
}

#[derive(Deserialize)]
pub(crate) struct Change {
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    password: Option<String>,
    /// The account's own password, when it changes its own.
    #[serde(default)]
    current: Option<String>,
}

/// `PUT /api/users/NAME {role?, password?, current?}`: a `quan-tri`
/// changes any account; anyone changes their own password by giving the
/// current one. The account's other sessions are closed when its
/// password changes. The last `quan-tri` is not made less (409).
pub(crate) async fn change(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Change>,
) -> Response {
    let session = match allowed(&web, &headers, Role::Xem, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let own = loaxa_core::account::name_key(&name) == loaxa_core::account::name_key(&session.user);
    let admin = session.role >= Role::QuanTri;
    if !admin && (!own || body.role.is_some()) {
        return said(
            StatusCode::FORBIDDEN,
            t!(
                "web-role-refused",
                user = &session.user,
                role = session.role.word()
            ),
        );
    }
    let role = match body.role.as_deref().map(Role::parse).transpose() {
        Ok(r) => r,
        Err(p) => return said(StatusCode::BAD_REQUEST, crate::i18n::problem(&p)),
    };
    // Someone at an unlocked screen cannot take the account over.
    if !admin && let Err(refused) = current_password(&web, &name, body.current, peer).await {
        return refused;
    }
    let (data, now, password) = (web.data_dir.clone(), web.clock.now(), body.password);
    let target = name.clone();
    let changed_password = password.is_some();
    let changed = blocking(move || {
        Users::edit(&data, |u| {
            if let Some(role) = role {
                let was = u.role_of(&target);
                if was == Some(Role::QuanTri) && role < Role::QuanTri && u.admins() <= 1 {
                    return Ok(Err(target.clone()));
                }
                u.set_role(&target, role, now)?;
            }
            if let Some(p) = &password {
                u.set_password(&target, p, now)?;
            }
            Ok(Ok(u
                .get(&target)
                .map_or(target.clone(), |a| a.name().to_string())))
        })
    })
    .await;
    let (done, shown) = match &changed {
        Ok(Ok(n)) => (true, n.clone()),
        _ => (false, name.clone()),
    };
    web.acted(act(
        &session,
        peer,
        OperatorAction::UserChanged,
        shown.clone(),
        None,
        done,
    ))
    .await;
    match changed {
        Ok(Ok(_)) => {
            if changed_password && let Ok(mut s) = web.sessions.lock() {
                s.close_user(&shown, cookie_token(&headers).as_deref());
            }
            said(StatusCode::OK, t!("web-user-changed", name = shown))
        }
        Ok(Err(last)) => said(StatusCode::CONFLICT, t!("web-last-admin", name = last)),
        Err(e) => refused(e),
    }
}

/// The current password, checked as a login is: a few checks at once
/// (each takes ~19 MiB), and wrong ones make the account and the address
/// wait, so a session cannot guess its own account's password unbounded.
async fn current_password(
    web: &Web,
    name: &str,
    current: Option<String>,
    peer: SocketAddr,
) -> Result<(), Response> {
    let keys = [
        format!("user:{}", name.trim().to_lowercase()),
        format!("addr:{}", peer.ip()),
    ];
    let now = web.clock.mono();
    let wait = web
        .throttle
        .lock()
        .ok()
        .and_then(|t| keys.iter().filter_map(|k| t.wait(k, now)).max());
    if let Some(wait) = wait {
        return Err(super::api::throttled(wait));
    }
    let Ok(_turn) = super::api::PASSWORD_CHECKS.acquire().await else {
        return Err(said(StatusCode::SERVICE_UNAVAILABLE, t!("ctl-stopping")));
    };
    let (users, who, current) = (web.users(), name.to_string(), current.unwrap_or_default());
    let checked = tokio::task::spawn_blocking(move || users.verify(&who, &current)).await;
    let Ok(mut throttle) = web.throttle.lock() else {
        return Err(said(StatusCode::SERVICE_UNAVAILABLE, t!("ctl-stopping")));
    };
    if matches!(checked, Ok(Some(_))) {
        keys.iter().for_each(|k| throttle.succeeded(k));
        return Ok(());
    }
    let now = web.clock.mono();
    keys.iter().for_each(|k| throttle.failed(k, now));
    Err(said(StatusCode::FORBIDDEN, t!("web-login-wrong")))
}

/// `DELETE /api/users/NAME`: the account and its sessions go; the last
/// `quan-tri` stays (409: a station with no one to manage it from the
/// console needs `sudo loaxa user add`).
pub(crate) async fn remove(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let session = match allowed(&web, &headers, Role::QuanTri, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let data = web.data_dir.clone();
    let target = name.clone();
    let removed = blocking(move || {
        Users::edit(&data, |u| {
            if u.role_of(&target) == Some(Role::QuanTri) && u.admins() <= 1 {
                return Ok(Err(target.clone()));
            }
            Ok(Ok(u.remove(&target)?.name().to_string()))
        })
    })
    .await;
    let (done, shown) = match &removed {
        Ok(Ok(n)) => (true, n.clone()),
        _ => (false, name.clone()),
    };
    web.acted(act(
        &session,
        peer,
        OperatorAction::UserRemoved,
        shown.clone(),
        None,
        done,
    ))
    .await;
    match removed {
        Ok(Ok(_)) => {
            if let Ok(mut s) = web.sessions.lock() {
                s.close_user(&shown, None);
            }
            said(StatusCode::OK, t!("user-removed", name = shown))
        }
        Ok(Err(last)) => said(StatusCode::CONFLICT, t!("web-last-admin", name = last)),
        Err(e) => refused(e),
    }
}

/// Account changes hash passwords (argon2) and take a file lock: off
/// the daemon's threads. A panic there is an error for this request.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, UsersError> + Send + 'static,
) -> Result<T, UsersError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(UsersError::Hash(e.to_string())))
}

/// The answer for a refused change: the rules broken are the asker's to
/// fix (400), a taken name a conflict (409), an unknown one 404; the
/// file's own problems are the station's (500, said in words).
fn refused(e: UsersError) -> Response {
    let code = match &e {
        UsersError::Name(_) | UsersError::Password(_) | UsersError::Role(_) => {
            StatusCode::BAD_REQUEST
        }
        UsersError::Exists(_) => StatusCode::CONFLICT,
        UsersError::NoSuch(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    said(code, e.to_string())
}
