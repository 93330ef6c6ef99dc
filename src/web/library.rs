//! `GET /api/library`: every file of the drop folder with its state
//! (arriving, ready, unusable and why), length, loudness and the coming
//! airings that use it: the objects `loaxa library --json` prints.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::Web;
use super::api::{allowed, blocking};
use crate::users::Role;

/// The coming days whose airings are named as a file's users (as
/// `loaxa library` by default).
const DAYS: u32 = 7;

pub(super) async fn library(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let now = web.clock.now();
    let objects = blocking(move || {
        let req = crate::answers::library::Request {
            days: DAYS,
            problems_only: false,
        };
        crate::answers::library::json_objects(&crate::answers::library::compute(
            &web.station(),
            now,
            req,
        ))
    })
    .await;
    match objects {
        Ok(o) => Json(o).into_response(),
        Err(failed) => failed,
    }
}
