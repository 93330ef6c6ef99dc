//! The airing log's rows, CAP alerts and console actions of some days
//! (`loaxa log`, `GET /api/log`), and each as JSON.

use std::path::Path;

use chrono::NaiveDate;

use crate::airlog::{self, AiringRow, AlertRow, BadLine, LogError, OperatorRow, SilenceRow};

/// What the log holds for a period: airings, CAP alerts and what was
/// done from the console.
pub(crate) struct Period {
    pub(crate) rows: Vec<AiringRow>,
    pub(crate) alerts: Vec<AlertRow>,
    pub(crate) acts: Vec<OperatorRow>,
    pub(crate) silences: Vec<SilenceRow>,
}

/// One JSON object a row, then one an alert, then one a console action,
/// their reasons in the language of the moment: what `--json` prints a
/// line and `GET /api/log` answers as an array.
pub(crate) fn json_objects(period: &Period) -> Vec<serde_json::Value> {
    let render = &crate::i18n::render;
    period
        .rows
        .iter()
        .map(|r| r.to_json(render))
        .chain(period.alerts.iter().map(|a| a.to_json(render)))
        .chain(period.acts.iter().map(OperatorRow::to_json))
        .chain(period.silences.iter().map(SilenceRow::to_json))
        .collect()
}

/// The log's rows, CAP alerts and console actions whose day is within
/// `from..=to`, and the lines that could not be read.
pub(crate) fn read(
    path: &Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(Period, Vec<BadLine>), LogError> {
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
    let acts = airlog::operator_acts(&records)
        .into_iter()
        .filter(|a| within(a.logged.date_naive()))
        .collect();
    let silences = airlog::silences(&records)
        .into_iter()
        .filter(|a| within(a.began.date_naive()))
        .collect();
    Ok((
        Period {
            rows,
            alerts,
            acts,
            silences,
        },
        bad,
    ))
}
