//! `GET /api/plan?days=N&from=DATE`: the coming airings, item by item,
//! each the object `loaxa plan --json` prints.

// A refusal is the response itself, made once per request.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;

use super::Web;
use super::api::{allowed, blocking, said};
use crate::users::Role;

/// The most days one request plans: a month (the page shows a week).
const MAX_DAYS: u32 = 31;

#[derive(Deserialize)]
pub(super) struct Ask {
    days: Option<String>,
    from: Option<String>,
}

pub(super) async fn plan(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Query(ask): Query<Ask>,
) -> Response {
    if let Err(refused) = allowed(&web, &headers, Role::Xem, false) {
        return refused;
    }
    let days = match days(ask.days.as_deref()) {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let from = match date(ask.from.as_deref()) {
        Ok(d) => d,
        Err(refused) => return refused,
    };
    let now = web.clock.now();
    let objects = blocking(move || {
        let station = web.station();
        let today = now.with_timezone(&station.settings.timezone).date_naive();
        let req = crate::answers::plan::Request {
            from: from.unwrap_or(today),
            days,
        };
        crate::answers::plan::json_objects(&crate::answers::plan::compute(&station, now, req))
    })
    .await;
    match objects {
        Ok(o) => Json(o).into_response(),
        Err(failed) => failed,
    }
}

/// `days`: 1 unless given, at most `MAX_DAYS`.
fn days(given: Option<&str>) -> Result<u32, Response> {
    let Some(text) = given else {
        return Ok(1);
    };
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_DAYS).contains(d))
        .ok_or_else(|| {
            said(
                StatusCode::BAD_REQUEST,
                t!("web-days-bad", text = text, max = MAX_DAYS),
            )
        })
}

/// A day as the station writes it (`03/03/2025`, `2025-03-03`…), the same
/// forms `--from` takes; 400 saying how to write it.
pub(super) fn date(given: Option<&str>) -> Result<Option<NaiveDate>, Response> {
    given
        .filter(|t| !t.trim().is_empty())
        .map(|t| {
            crate::timefmt::parse_date(t)
                .map_err(|p| said(StatusCode::BAD_REQUEST, crate::i18n::problem(&p)))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_dates_as_asked() {
        assert_eq!(days(None).unwrap(), 1);
        assert_eq!(days(Some("7")).unwrap(), 7);
        assert_eq!(days(Some(" 31 ")).unwrap(), 31);
        for bad in ["0", "32", "-1", "bảy", ""] {
            assert_eq!(days(Some(bad)).unwrap_err().status(), 400, "{bad}");
        }
        assert_eq!(date(None).unwrap(), None);
        assert_eq!(date(Some("")).unwrap(), None);
        assert_eq!(
            date(Some("03/03/2025")).unwrap(),
            NaiveDate::from_ymd_opt(2025, 3, 3)
        );
        assert_eq!(date(Some("31/02/2025")).unwrap_err().status(), 400);
    }
}
