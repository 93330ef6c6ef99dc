//! `GET /api/log?from=DATE&to=DATE`: the airing log's rows and alerts of
//! those days (today unless given), each the object `loaxa log --json`
//! prints.

// A refusal is the response itself, made once per request.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Web;
use super::api::{allowed, blocking, said};
use super::plan::date;
use crate::answers::invalid::Invalid;
use crate::users::Role;

#[derive(Deserialize)]
pub(super) struct Ask {
    from: Option<String>,
    to: Option<String>,
}

pub(super) async fn log(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Query(ask): Query<Ask>,
) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let (from, to) = match (date(ask.from.as_deref()), date(ask.to.as_deref())) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(refused), _) | (_, Err(refused)) => return refused,
    };
    let now = web.clock.now();
    let read = blocking(move || {
        let station = web.station();
        let today = now.with_timezone(&station.settings.timezone).date_naive();
        let (from, to) = match (from, to) {
            (None, None) => (today, today),
            (Some(f), None) => (f, f.max(today)),
            (None, Some(t)) => (t, t),
            (Some(f), Some(t)) => (f, t),
        };
        if from > to {
            return Err(said(
                StatusCode::BAD_REQUEST,
                Invalid::FromAfterTo { from, to }.to_string(),
            ));
        }
        let path = station.airing_log_path();
        let (rows, alerts, bad) = crate::answers::log::read(&path, Some(from), Some(to))
            .map_err(|e| said(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        for b in &bad {
            tracing::warn!(
                "{}: {}",
                station.shown(&path),
                t!("log-bad-line", line = b.line, detail = &b.problem)
            );
        }
        Ok(crate::answers::log::json_objects(&rows, &alerts))
    })
    .await;
    match read {
        Ok(Ok(objects)) => Json(objects).into_response(),
        Ok(Err(refused)) | Err(refused) => refused,
    }
}
