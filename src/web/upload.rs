//! `POST /api/upload` (multipart: `file`, one or more; `folder` inside
//! audio/ and `confirm=1`, as fields before the files or in the URL): a
//! recording into the drop folder.
//!
//! Each file is streamed to a hidden temporary name in the folder it goes
//! to (the library and the watcher pass hidden files over), decoded whole
//! by the decoder that airs it, and only then renamed to its name: the
//! library never sees half a file, and what is not audio is never kept.
//! A file that is there already is replaced only when asked (`confirm`),
//! and the answer says when it airs now or within the hour.

// A refusal is the response itself, made once per request.
#![allow(clippy::result_large_err)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::Web;
use super::api::{act, allowed, blocking, said};
use super::names;
use super::session::Session;
use crate::airlog::OperatorAction;
use crate::control::Request;
use crate::library::View as _;
use crate::station::Station;
use crate::status::OnAir;
use crate::users::Role;

/// The route, with its own body limit (`[web] max_upload`); every other
/// request keeps the API's small one.
pub(super) fn route(limit: u64) -> MethodRouter<Arc<Web>> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    post(upload).layer(DefaultBodyLimit::max(limit))
}

#[derive(Deserialize, Default)]
pub(super) struct Ask {
    folder: Option<String>,
    confirm: Option<String>,
}

/// How much more than `max_upload` a request is read (and dropped) to
/// answer 413 to a sender still sending.
const DRAIN: u64 = 64 * 1024 * 1024;

/// Reads a body to its end, keeping nothing.
async fn drain(body: axum::body::Body) {
    use futures_core::Stream;
    let mut stream = body.into_data_stream();
    while let Some(Ok(_)) =
        std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)).await
    {}
}

/// What is asked besides the files.
struct Options {
    folder: String,
    confirm: bool,
}

fn yes(v: &str) -> bool {
    matches!(v.trim(), "1" | "true" | "yes" | "co" | "có")
}

async fn upload(
    State(web): State<Arc<Web>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(ask): Query<Ask>,
    request: axum::extract::Request,
) -> Response {
    let session = match allowed(&web, &headers, Role::Truc, true) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    // Said to be larger than allowed: refused before a byte is read.
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(n) = length.filter(|n| *n > web.max_upload) {
        // Read to its end (not kept) when that is not much more, so the
        // sender, still sending, gets the answer instead of a cut
        // connection; more than that is cut.
        if n - web.max_upload <= DRAIN {
            drain(request.into_body()).await;
        }
        return too_large(&web);
    }
    let mut multipart = match Multipart::from_request(request, &()).await {
        Ok(m) => m,
        Err(e) => {
            return said(
                StatusCode::BAD_REQUEST,
                t!("web-upload-broken", detail = e.body_text()),
            );
        }
    };
    let mut opts = Options {
        folder: ask.folder.unwrap_or_default(),
        confirm: ask.confirm.as_deref().is_some_and(yes),
    };
    let mut saved: Vec<String> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return broken(&web, &e),
        };
        match field.name() {
            Some("folder") => match small_text(&web, field).await {
                Ok(t) => opts.folder = t,
                Err(refused) => return refused,
            },
            Some("confirm") => match small_text(&web, field).await {
                Ok(t) => opts.confirm = yes(&t),
                Err(refused) => return refused,
            },
            Some("file") => {
                let done = logged_one(&web, &session, peer, field, &opts).await;
                match done {
                    Ok((rel, _)) => saved.push(rel),
                    Err(refused) => return refused,
                }
            }
            // Anything else is not read (multer skips it).
            _ => {}
        }
    }
    let Some(first) = saved.first().cloned() else {
        return said(StatusCode::BAD_REQUEST, t!("web-upload-no-file"));
    };
    let message = t!("web-uploaded", paths = saved.join(", "));
    let body = serde_json::json!({"ok": true, "message": message, "path": first, "paths": saved});
    (StatusCode::CREATED, Json(body)).into_response()
}

/// The most a `folder` or `confirm` field may carry: a folder path.
const MAX_FIELD: usize = 4096;

/// A small field's text, read only so far (a form field as large as an
/// upload would be kept whole in memory, then written to the journal).
async fn small_text(web: &Web, mut field: Field<'_>) -> Result<String, Response> {
    let name = field.name().unwrap_or_default().to_string();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(c)) if bytes.len().saturating_add(c.len()) <= MAX_FIELD => {
                bytes.extend_from_slice(&c);
            }
            Ok(Some(_)) => {
                return Err(said(
                    StatusCode::BAD_REQUEST,
                    t!("web-upload-field-long", field = name, max = MAX_FIELD),
                ));
            }
            Ok(None) => break,
            Err(e) => return Err(broken(web, &e)),
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Where one file goes: its folder and name, checked.
struct Target {
    /// Relative to audio/, with `/`.
    rel: String,
    dir: PathBuf,
    path: PathBuf,
}

/// The file's place, or why the name or folder is refused.
fn target(audio: &Path, name: &str, folder: &str) -> Result<Target, Response> {
    if !names::file_name(name) {
        return Err(said(
            StatusCode::BAD_REQUEST,
            t!("web-upload-name-bad", name = name),
        ));
    }
    let Some(parts) = names::folder(folder) else {
        return Err(said(
            StatusCode::BAD_REQUEST,
            t!("web-upload-folder-bad", folder = folder),
        ));
    };
    if crate::library::is_ignored(name) {
        return Err(said(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t!(
                "web-upload-not-audio-name",
                name = name,
                extensions = crate::library::AUDIO_EXTENSIONS.join(", ")
            ),
        ));
    }
    let dir = parts.iter().fold(audio.to_path_buf(), |d, p| d.join(p));
    let mut rel = parts.join("/");
    if !rel.is_empty() {
        rel.push('/');
    }
    rel.push_str(name);
    Ok(Target {
        rel,
        path: dir.join(name),
        dir,
    })
}

/// The file already there under the same name written otherwise (NFD
/// for NFC, `.WAV` for `.wav`: one name to the library, which would
/// otherwise find two and air neither) is the one replaced, when asked.
fn spelled_as_there(t: Target) -> Target {
    let there = t
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|name| names::spelled_as_there(&t.dir, name));
    let Some(there) = there else {
        return t;
    };
    let rel = match t.rel.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{there}"),
        None => there.clone(),
    };
    Target {
        rel,
        path: t.dir.join(&there),
        dir: t.dir,
    }
}

/// One file, said in the journal and written in the airing log, kept or
/// refused, with the account that sent it.
async fn logged_one(
    web: &Arc<Web>,
    session: &Session,
    peer: SocketAddr,
    field: Field<'_>,
    opts: &Options,
) -> Result<(String, Option<String>), Response> {
    let name = field.file_name().unwrap_or_default().to_string();
    let shown = [opts.folder.trim().trim_end_matches('/'), &name]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    tracing::info!(
        "{}",
        t!(
            "web-asked",
            user = &session.user,
            what = format!("upload {}", loaxa_core::diag::one_line(&shown))
        )
    );
    let done = one(web, field, &name, opts).await;
    let (target, sha256) = match &done {
        Ok((rel, sha)) => (rel.clone(), sha.clone()),
        Err(_) => (name, None),
    };
    let act = act(
        session,
        peer,
        OperatorAction::Upload,
        target,
        sha256,
        done.is_ok(),
    );
    web.acted(act).await;
    done
}

/// One file: checked, streamed aside, decoded, put in place; where it
/// is in audio/ and its SHA-256 (for the airing log).
async fn one(
    web: &Arc<Web>,
    field: Field<'_>,
    name: &str,
    opts: &Options,
) -> Result<(String, Option<String>), Response> {
    let t = target(&web.audio_dir, name, &opts.folder)?;
    let audio = web.audio_dir.clone();
    let folder = opts.folder.clone();
    let (t, existing) = blocking(move || {
        if !names::stays_inside(&audio, &t.path) {
            return Err(said(
                StatusCode::BAD_REQUEST,
                t!("web-upload-folder-bad", folder = folder),
            ));
        }
        std::fs::create_dir_all(&t.dir).map_err(|e| cannot_save(&t.path, &e))?;
        let t = spelled_as_there(t);
        let existing = std::fs::symlink_metadata(&t.path).ok();
        Ok((t, existing))
    })
    .await??;
    let replacing = match existing {
        Some(m) if !m.is_file() => {
            return Err(said(
                StatusCode::CONFLICT,
                t!("web-upload-not-file", path = &t.rel),
            ));
        }
        Some(m) => Some(m),
        None => None,
    };
    if replacing.is_some() && !opts.confirm {
        return Err(needs_confirm(web, &t.rel).await);
    }
    let temp = receive(web, field, &t).await?;
    let rel = t.rel.clone();
    let sha256 = blocking(move || {
        check_audio(&temp.path, &t.rel)?;
        keep_like(&temp.path, replacing.as_ref());
        let sha256 = crate::library::sha256_file(&temp.path).ok();
        place(temp, &t, replacing.is_some()).map(|()| sha256)
    })
    .await??;
    Ok((rel, sha256))
}

/// A temporary file that is removed unless it was put in place (an
/// upload refused, cut off or abandoned leaves nothing behind).
struct Temp {
    path: PathBuf,
    kept: bool,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Streams the field into a hidden file beside where it goes, at most
/// `max_upload` bytes.
async fn receive(web: &Web, mut field: Field<'_>, t: &Target) -> Result<Temp, Response> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = Temp {
        path: t.dir.join(temp_name(&t.path, n)),
        kept: false,
    };
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o664)
        .open(&temp.path)
        .await
        .map_err(|e| cannot_save(&t.path, &e))?;
    let mut total: u64 = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(broken(web, &e)),
        };
        total = total.saturating_add(chunk.len() as u64);
        if total > web.max_upload {
            return Err(too_large(web));
        }
        file.write_all(&chunk)
            .await
            .map_err(|e| cannot_save(&t.path, &e))?;
    }
    file.sync_all()
        .await
        .map_err(|e| cannot_save(&t.path, &e))?;
    Ok(temp)
}

/// Hidden (the library and watcher pass it over), ending in the real
/// name's extension so the decoder sees the same; not the whole name, so
/// that a name as long as a file name may be is still received.
fn temp_name(path: &Path, n: u64) -> String {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy())
        .unwrap_or_default();
    format!(".loaxa-upload-{}-{n}.{ext}", std::process::id())
}

/// Decoded whole by the decoder that airs it: 415 with why when not.
fn check_audio(path: &Path, rel: &str) -> Result<(), Response> {
    crate::audio::probe(path).map(|_| ()).map_err(|e| {
        said(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t!(
                "web-upload-not-audio",
                path = rel,
                why = crate::i18n::render(&e.msg())
            ),
        )
    })
}

/// A replacement keeps the old file's mode and group (when this user
/// may give it); a new file is the station group's to change, like the
/// folder's other files.
fn keep_like(temp: &Path, old: Option<&std::fs::Metadata>) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = old.map_or(0o664, |m| m.mode() & 0o7777);
    let _ = std::fs::set_permissions(temp, std::fs::Permissions::from_mode(mode));
    if let Some(m) = old {
        let _ = std::os::unix::fs::chown(temp, None, Some(m.gid()));
    }
}

/// Renames the checked file to its name. A new file is linked in (which
/// fails when one of that name appeared meanwhile: never replaced
/// unasked); a replacement is renamed over the old one.
fn place(mut temp: Temp, t: &Target, replace: bool) -> Result<(), Response> {
    if replace {
        std::fs::rename(&temp.path, &t.path).map_err(|e| cannot_save(&t.path, &e))?;
        temp.kept = true;
        return Ok(());
    }
    match std::fs::hard_link(&temp.path, &t.path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(needs_confirmation(t!("web-upload-exists", path = &t.rel)))
        }
        // A file system without hard links (a FAT stick): renamed, once
        // more seen not to be there.
        Err(_) if std::fs::symlink_metadata(&t.path).is_err() => {
            std::fs::rename(&temp.path, &t.path).map_err(|e| cannot_save(&t.path, &e))?;
            temp.kept = true;
            Ok(())
        }
        Err(e) => Err(cannot_save(&t.path, &e)),
    }
    // The temporary name goes with `temp` (linked: the file stays).
}

/// 409: the file is there; the answer says whether it airs soon, and
/// that sending it again with `confirm=1` replaces it.
async fn needs_confirm(web: &Arc<Web>, rel: &str) -> Response {
    let answer = crate::control::answer(Request::Status, &web.inputs).await;
    let on_air = serde_json::from_str::<crate::status::Status>(&answer.message)
        .ok()
        .and_then(|s| s.on_air);
    let now = web.clock.now();
    let (w, r) = (Arc::clone(web), rel.to_string());
    let when = blocking(move || in_use(&w.station(), now, &r, on_air.as_ref()))
        .await
        .unwrap_or(None);
    let message = match when {
        Some(when) => t!("web-upload-in-use", path = rel, when = when),
        None => t!("web-upload-exists", path = rel),
    };
    needs_confirmation(message)
}

/// When `rel` airs: now, or in an airing of the coming hour (the one on
/// air included, for its later items); nothing when it does not.
fn in_use(
    station: &Station,
    now: DateTime<Utc>,
    rel: &str,
    on_air: Option<&OnAir>,
) -> Option<String> {
    if on_air.is_some_and(|o| o.file == rel) {
        return Some(t!("web-upload-on-air"));
    }
    let lib = station.library(now.into());
    let wanted = lib.lookup(rel).ok()?.rel.clone();
    let (schedules, _) = station.load_schedules();
    // From a while back: a program on air began before now.
    let airings = crate::plan::plan(
        &schedules,
        &station.calendar(),
        now - Duration::hours(6),
        now + Duration::hours(1),
    );
    for (a, items) in crate::upcoming::expand(station, &lib, &airings) {
        let airing_now =
            on_air.is_some_and(|o| o.slot == a.slot().id && o.schedule == a.schedule.name);
        if a.at < now && !airing_now {
            continue;
        }
        let uses = items
            .iter()
            .any(|i| lib.lookup(&i.file).is_ok_and(|e| e.rel == wanted));
        if uses {
            return Some(t!(
                "web-upload-due",
                slot = &a.slot().id,
                when = crate::upcoming::airing_when(a)
            ));
        }
    }
    None
}

/// 409 `{ok: false, message, confirm: true}`: sending it again with
/// `confirm=1` would replace the file.
fn needs_confirmation(message: String) -> Response {
    let body = serde_json::json!({"ok": false, "message": message, "confirm": true});
    (StatusCode::CONFLICT, Json(body)).into_response()
}

fn too_large(web: &Web) -> Response {
    said(
        StatusCode::PAYLOAD_TOO_LARGE,
        t!("web-upload-too-large", limit = size_words(web.max_upload)),
    )
}

/// A body that could not be read as a form: cut off, malformed, or over
/// the limit (which multer finds as it reads).
fn broken(web: &Web, e: &MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(web);
    }
    said(
        StatusCode::BAD_REQUEST,
        t!("web-upload-broken", detail = e.body_text()),
    )
}

fn cannot_save(path: &Path, e: &std::io::Error) -> Response {
    said(
        StatusCode::INTERNAL_SERVER_ERROR,
        t!(
            "web-upload-failed",
            path = path.display().to_string(),
            detail = crate::i18n::os_detail(e)
        ),
    )
}

/// `200 MB`, `1,5 GB` (`1.5 GB` in English), `512 kB`, `100 B`: a size as
/// people read it.
fn size_words(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{} kB", trim(b / 1e3)),
        1_000_000..1_000_000_000 => format!("{} MB", trim(b / 1e6)),
        _ => format!("{} GB", trim(b / 1e9)),
    }
}

fn trim(n: f64) -> String {
    let places = if (n * 10.0).round() % 10.0 == 0.0 {
        0
    } else {
        1
    };
    crate::timefmt::decimal(n, places, crate::i18n::lang())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_as_long_as_allowed_still_has_a_temporary_name() {
        let long = format!("{}.wav", "é".repeat(125));
        assert!(names::file_name(&long), "{} bytes", long.len());
        let temp = temp_name(&Path::new("audio").join(&long), u64::MAX);
        assert!(temp.len() <= 255, "{temp}");
        assert!(temp.starts_with('.') && temp.ends_with(".wav"), "{temp}");
    }

    #[test]
    fn the_same_name_written_otherwise_is_the_file_there() {
        use unicode_normalization::UnicodeNormalization;
        let dir = tempfile::tempdir().unwrap();
        let tin = dir.path().join("tin");
        std::fs::create_dir_all(&tin).unwrap();
        std::fs::write(tin.join("Bản tin.wav"), b"x").unwrap();
        let nfd: String = "Bản tin.WAV".nfd().collect();
        let t = target(dir.path(), &nfd, "tin").unwrap();
        let t = spelled_as_there(t);
        assert_eq!(t.rel, "tin/Bản tin.wav");
        assert_eq!(t.path, tin.join("Bản tin.wav"));
        let t = spelled_as_there(target(dir.path(), "Bản tin khác.wav", "tin").unwrap());
        assert_eq!(t.rel, "tin/Bản tin khác.wav");
    }
}
