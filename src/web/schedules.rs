//! `GET /api/schedules`, `GET /api/schedules/NAME`, `PUT
//! /api/schedules/NAME`: the schedule files, read and saved from the
//! console. A save is checked by the reader `loaxa check` and the daemon
//! use and refused whole when it has errors (the file stays as it was);
//! a good one is written beside the file and renamed over it, keeping its
//! mode and group, and the daemon reads it again as it does a file saved
//! by hand (it watches schedules/).

// A refusal is the response itself, made once per request.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Web;
use super::api::{act, allowed, blocking, said};
use super::names;
use crate::airlog::OperatorAction;
use crate::diag::Diagnostic;
use crate::station::{MAX_TEXT_FILE, is_schedule_file};
use crate::users::Role;

/// `GET /api/schedules`: `[{"name": "xa.json"}, …]`, in name order.
pub(super) async fn list(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let names = blocking(move || {
        web.station()
            .schedule_files()
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| json!({ "name": n.to_string_lossy() }))
            .collect::<Vec<Value>>()
    })
    .await;
    match names {
        Ok(n) => Json(n).into_response(),
        Err(failed) => failed,
    }
}

/// The file a name means, or the answer that refuses the name: it must be
/// a schedule file's name (`*.json`, not the schema, not hidden), and a
/// link there must not lead out of schedules/.
fn path_of(web: &Web, name: &str) -> Result<PathBuf, Response> {
    let bad = || {
        said(
            StatusCode::BAD_REQUEST,
            t!("web-schedule-name-bad", name = name),
        )
    };
    if !names::file_name(name) || !is_schedule_file(std::path::Path::new(name)) {
        return Err(bad());
    }
    // The file there under this name written otherwise (NFD, `.JSON`) is
    // the one meant; a new name is kept in NFC (as typed on any system).
    let name = names::spelled_as_there(web.schedules_dir(), name)
        .unwrap_or_else(|| unicode_normalization::UnicodeNormalization::nfc(name).collect());
    let path = web.schedules_dir().join(name);
    if !names::stays_inside(web.schedules_dir(), &path) {
        return Err(bad());
    }
    Ok(path)
}

/// `GET /api/schedules/NAME`: the file's text as it is on disk.
pub(super) async fn read(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let read = blocking(move || {
        let path = path_of(&web, &name)?;
        crate::airlog::read_regular(&path, MAX_TEXT_FILE).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => said(
                StatusCode::NOT_FOUND,
                t!("web-schedule-missing", name = &name),
            ),
            _ => said(
                StatusCode::INTERNAL_SERVER_ERROR,
                t!("set-file-unreadable", detail = crate::i18n::os_detail(&e)),
            ),
        })
    })
    .await;
    match read {
        Ok(Ok(bytes)) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            bytes,
        )
            .into_response(),
        Ok(Err(refused)) | Err(refused) => refused,
    }
}

/// `PUT /api/schedules/NAME` (the whole new text): 200 saved, with the
/// warnings found; 422 with the diagnostics when it has errors, nothing
/// saved.
pub(super) async fn save(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let session = match allowed(&web, &headers, Role::QuanTri, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    tracing::info!(
        "{}",
        t!(
            "web-asked",
            user = &session.user,
            what = format!("save schedules/{}", loaxa_core::diag::one_line(&name))
        )
    );
    let sha256 = crate::airlog::hash_hex(&body);
    let target = name.clone();
    let asked = Arc::clone(&web);
    let saved = blocking(move || {
        let web = asked;
        let path = path_of(&web, &name)?;
        let station = web.station();
        let (schedule, mut diags) = station.check_schedule(&path, body.to_vec());
        // Sound on its own, it must also not run into the station's other
        // programs: `check` (and the operator) would call that broken.
        if let Some(schedule) = schedule
            && !diags.iter().any(|d| d.is_error())
        {
            diags.extend((web.overlaps)(&station, web.clock.now(), schedule));
        }
        let errors = diags.iter().filter(|d| d.is_error()).count();
        if errors > 0 {
            let message = t!("web-schedule-refused", name = &name, errors = errors);
            return Err(refused_with(&message, &diags));
        }
        write(&path, &body).map_err(|e| {
            let detail = e.to_string();
            let code = match e {
                crate::outfile::OutError::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::CONFLICT,
            };
            said(
                code,
                t!("web-schedule-not-saved", name = &name, detail = detail),
            )
        })?;
        let message = t!("web-schedule-saved", name = &name);
        Ok(json!({"ok": true, "message": message, "diagnostics": shown(&diags)}))
    })
    .await;
    let done = matches!(saved, Ok(Ok(_)));
    let act = act(
        &session,
        peer,
        OperatorAction::ScheduleSaved,
        target,
        Some(sha256),
        done,
    );
    web.acted(act).await;
    match saved {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(refused)) | Err(refused) => refused,
    }
}

/// 422 with what is wrong, each at its place.
fn refused_with(message: &str, diags: &[Diagnostic]) -> Response {
    let body = json!({"ok": false, "message": message, "diagnostics": shown(diags)});
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Diagnostics for the page: where (`file`, `line`, `col`), how bad,
/// what is wrong and what to do (`message`), and the whole line as
/// `loaxa check` prints it (`text`).
fn shown(diags: &[Diagnostic]) -> Vec<Value> {
    let render = &crate::i18n::render;
    diags
        .iter()
        .map(|d| {
            let hint = render(&d.hint);
            let what = render(&d.message);
            json!({
                "file": d.file,
                "line": d.line,
                "col": d.col,
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": if hint.is_empty() { what } else { format!("{what} — {hint}") },
                "text": crate::i18n::diagnostic(d),
            })
        })
        .collect()
}

/// Writes the new text beside the file and renames it over it: the
/// daemon never reads half a schedule. The file keeps its mode and group;
/// a new one is made readable and writable by the station's group (the
/// folder's, as operators' own files are).
fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), crate::outfile::OutError> {
    use std::os::unix::fs::MetadataExt;
    let existing = std::fs::symlink_metadata(path).ok();
    let private = crate::outfile::Private {
        mode: existing.is_none().then_some(0o664),
        owner: None,
        group: existing.as_ref().map(|m| m.gid()),
    };
    crate::outfile::replace_as(path, private, |w| w.write_all(bytes))?.map_err(|source| {
        crate::outfile::OutError::Io {
            path: path.to_path_buf(),
            source,
        }
    })
}
