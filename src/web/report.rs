//! `GET /api/report?period=…&format=xlsx|csv|csv-excel|json[&lang=vi|en][&year=N]`:
//! the CCHC report `loaxa export` writes, as a download.
//!
//! `period` is one word for what `export` takes as options: a quarter
//! (`2026-Q4`, `Q4/2026`, `Quý IV/2026`: `--quarter`), a month (`2026-03`,
//! `03/2026`: `--month`), a year (`2026`: `--year`) or the name of one of
//! the station's periods (CV 581's built in, `quy-1`, and loaxa.toml's
//! `[[periods]]`: `--period`, in the year `year` says, else this year). A named period comes first, so a station may
//! name its own windows anything.

// A refusal is the response itself, made once per request.
#![allow(clippy::result_large_err)]

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::Web;
use super::api::{allowed, blocking, said};
use crate::answers::export::{self, Format, ReportLang, Which};
use crate::i18n;
use crate::station::Station;
use crate::timefmt;

#[derive(Deserialize)]
pub(super) struct Ask {
    period: Option<String>,
    format: Option<String>,
    lang: Option<String>,
    year: Option<String>,
}

pub(super) async fn report(
    State(web): State<Arc<Web>>,
    headers: HeaderMap,
    Query(ask): Query<Ask>,
) -> Response {
    if let Err(refused) = allowed(&web, &headers, crate::users::Role::Xem, false) {
        return refused;
    }
    let now = web.clock.now();
    let made = blocking(move || {
        let station = web.station();
        let today = now.with_timezone(&station.settings.timezone).date_naive();
        let (which, format, lang) = asked(&station, &ask)?;
        let period = export::period_of(&station, &which, today)
            .map_err(|e| said(StatusCode::BAD_REQUEST, e.to_string()))?;
        let req = export::Request {
            dest: export::file_name(&period, format),
            period,
            format,
            lang: export::lang_of(lang, i18n::lang()),
            logs: Vec::new(),
            made: today,
            log_dirs: Vec::new(),
        };
        let failed =
            |e: export::ExportError| said(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
        let built = export::compute(&station, &req).map_err(failed)?;
        let mut bytes = Vec::new();
        export::write(&built, &station, &req, &mut bytes).map_err(failed)?;
        Ok((bytes, req.format, req.dest))
    })
    .await;
    match made {
        Ok(Ok((bytes, format, name))) => download(bytes, format, &name),
        Ok(Err(refused)) | Err(refused) => refused,
    }
}

/// What the request asks for: the period (as `export`'s options), the
/// format and the language; or the answer that refuses it.
fn asked(station: &Station, ask: &Ask) -> Result<(Which, Format, Option<ReportLang>), Response> {
    let bad = |id_text: String| said(StatusCode::BAD_REQUEST, id_text);
    let format = match ask.format.as_deref().map(str::trim) {
        None | Some("") | Some("xlsx") => Format::Xlsx,
        Some("csv") => Format::Csv,
        Some("csv-excel") => Format::CsvExcel,
        Some("json") => Format::Json,
        Some(other) => return Err(bad(t!("web-format-bad", format = other))),
    };
    let lang = match ask.lang.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("vi") => Some(ReportLang::Vi),
        Some("en") => Some(ReportLang::En),
        Some(other) => return Err(bad(t!("web-lang-bad", lang = other))),
    };
    let year = match ask.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => None,
        Some(y) => Some(
            y.parse::<i32>()
                .map_err(|_| bad(t!("web-year-bad", year = y)))?,
        ),
    };
    let mut which = Which {
        year,
        ..Which::default()
    };
    let Some(period) = ask
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    else {
        return Err(bad(t!("web-period-missing")));
    };
    match Kind::of(station, period) {
        Some(Kind::Named) => which.period = Some(period.to_string()),
        Some(Kind::Quarter) => which.quarter = Some(period.to_string()),
        Some(Kind::Month) => which.month = Some(period.to_string()),
        Some(Kind::Year(y)) => which.year = Some(y),
        None => {
            let known: Vec<&str> = station
                .settings
                .periods
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            let known = if known.is_empty() {
                "—".to_string()
            } else {
                known.join(", ")
            };
            return Err(bad(t!("web-period-bad", period = period, known = known)));
        }
    }
    Ok((which, format, lang))
}

/// Which of `export`'s options a `period` stands for.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Named,
    Quarter,
    Month,
    Year(i32),
}

impl Kind {
    fn of(station: &Station, period: &str) -> Option<Kind> {
        let key = timefmt::fold_vi(period);
        let named = station
            .settings
            .periods
            .iter()
            .any(|p| timefmt::fold_vi(&p.name) == key || timefmt::fold_vi(&p.label) == key);
        if named {
            return Some(Kind::Named);
        }
        if timefmt::parse_quarter(period).is_ok() {
            return Some(Kind::Quarter);
        }
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        let month = match (period.split_once('-'), period.split_once('/')) {
            (Some((y, m)), None) | (None, Some((m, y))) => digits(y.trim()) && digits(m.trim()),
            _ => false,
        };
        if month {
            // A month that does not exist (2026-13) is said by `--month`'s own words.
            return Some(Kind::Month);
        }
        if period.len() == 4 && digits(period) {
            return period.parse().ok().map(Kind::Year);
        }
        None
    }
}

/// The report as a file to save, named as `loaxa export` names it.
fn download(bytes: Vec<u8>, format: Format, name: &std::path::Path) -> Response {
    let kind = match format {
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Csv => "text/csv; charset=utf-8",
        Format::CsvExcel => "text/csv; charset=utf-16",
        Format::Json => "application/json; charset=utf-8",
    };
    let name = name
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("bao-cao-cchc.{}", format.ext()));
    let mut r = (StatusCode::OK, bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // The name is the period's dates: ASCII, no quote to escape.
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A station folder whose loaxa.toml is `settings`.
    fn station(dir: &std::path::Path, settings: &str) -> Station {
        std::fs::create_dir_all(dir.join("schedules")).unwrap();
        std::fs::write(dir.join("loaxa.toml"), settings).unwrap();
        Station::open(dir).unwrap()
    }

    #[test]
    fn which_option_a_period_stands_for() {
        let dir = tempfile::tempdir().unwrap();
        let station = station(
            dir.path(),
            "station = \"Xã Thử\"\n[[periods]]\nname = \"quy-1\"\nlabel = \"Quý I\"\nfrom = \"15/12\"\nto = \"14/03\"\n",
        );
        let cases = [
            ("quy-1", Some(Kind::Named)),
            ("Quý I", Some(Kind::Named)),
            ("2026-Q4", Some(Kind::Quarter)),
            ("q4-2026", Some(Kind::Quarter)),
            ("IV/2026", Some(Kind::Quarter)),
            ("Quý 4/2026", Some(Kind::Quarter)),
            ("quy iv / 2026", Some(Kind::Quarter)),
            ("4/2026", Some(Kind::Month)),
            ("6-thang", Some(Kind::Named)),
            ("2026-03", Some(Kind::Month)),
            ("03/2026", Some(Kind::Month)),
            ("2026-13", Some(Kind::Month)),
            ("2026", Some(Kind::Year(2026))),
            ("quy-9", None),
            ("20261", None),
            ("2026-Q5", None),
            ("hôm qua", None),
        ];
        for (written, want) in cases {
            assert_eq!(Kind::of(&station, written), want, "{written}");
        }
    }

    #[test]
    fn a_wrong_period_says_what_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let ask = |p: &str, f: &str| Ask {
            period: Some(p.into()),
            format: Some(f.into()),
            lang: None,
            year: None,
        };
        let station = station(dir.path(), "station = \"Xã Thử\"\n");
        // CV 581's windows are every station's, and quarters as people write them.
        for p in ["2026-Q4", "quy-1", "Quý I", "nam", "Quý IV/2026", "Q4/2026"] {
            assert!(asked(&station, &ask(p, "xlsx")).is_ok(), "{p}");
        }
        let (_, format, _) = asked(&station, &ask("Q4/2026", "csv-excel")).ok().unwrap();
        assert_eq!(format, Format::CsvExcel);
        for (p, f) in [
            ("quy-9", "xlsx"),
            ("2026-Q4", "pdf"),
            ("", "csv"),
            ("4/2026x", "csv"),
        ] {
            assert_eq!(
                asked(&station, &ask(p, f))
                    .err()
                    .map(|r| r.status())
                    .unwrap(),
                400,
                "{p} {f}"
            );
        }
    }
}
