//! What the station's commands and its console answer alike: for `plan`,
//! `library`, `log` and `export`, the checked request, the compute step
//! (what it reads, as a typed result, no words) and the JSON objects. The
//! commands (`src/cli/`) print them as text or JSON lines, the console
//! (`src/web/`) answers them over HTTP; one function makes each JSON
//! object, so both say the same.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::station::Station;

pub(crate) mod export;
pub(crate) mod invalid;
pub(crate) mod library;
pub(crate) mod log;
pub(crate) mod plan;

/// Midnight at the start of a local date, as an instant.
pub(crate) fn day_start(station: &Station, d: NaiveDate) -> DateTime<Utc> {
    let tz = station.settings.timezone;
    tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}
