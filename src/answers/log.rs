//! The airing log's rows and CAP alerts of some days (`loaxa log`, `GET
//! /api/log`), and each as JSON.

use std::path::Path;

use chrono::NaiveDate;

use crate::airlog::{self, AiringRow, AlertRow, BadLine, LogError};

/// One JSON object a row, then one an alert, their reasons in the
/// language of the moment: what `--json` prints a line and `GET /api/log`
/// answers as an array.
pub(crate) fn json_objects(rows: &[AiringRow], alerts: &[AlertRow]) -> Vec<serde_json::Value> {
    let render = &crate::i18n::render;
    rows.iter()
        .map(|r| r.to_json(render))
        .chain(alerts.iter().map(|a| a.to_json(render)))
        .collect()
}

/// The log's rows and CAP alerts whose day is within `from..=to`, and the
/// lines that could not be read.
#[allow(clippy::type_complexity)]
pub(crate) fn read(
    path: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(Vec<AiringRow>, Vec<AlertRow>, Vec<BadLine>), LogError> {
    let (records, bad) = airlog::read(path)?;
    let within = |d: NaiveDate| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t);
    let rows = airlog::rows(&records)
        .into_iter()
        .filter(|r| within(r.date()))
        .collect();
    let alerts = airlog::alerts(&records)
        .into_iter()
        .filter(|a| within(a.logged.date_naive()))
        .collect();
    Ok((rows, alerts, bad))
}
