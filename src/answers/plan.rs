//! The agenda (`loaxa plan`, `GET /api/plan`): the airings of some days,
//! item by item, as the daemon would air them, and each as JSON.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::day_start;
use crate::plan::plan;
use crate::program::Item;
use crate::schedule::Priority;
use crate::schedule::TextSource;
use crate::station::Station;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_short_vi};
use crate::upcoming::{ItemProblem, expand, item_name};

/// The local days to plan: `days` from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) from: NaiveDate,
    pub(crate) days: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Agenda {
    pub(crate) request: Request,
    /// Errors in the schedules (their slots are left out).
    pub(crate) errors: usize,
    pub(crate) airings: Vec<Planned>,
    /// The speed text items are read at (words a minute).
    pub(crate) speed: u32,
}

/// One airing and its items, each with what stops it airing, if anything.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Planned {
    pub(crate) at: DateTime<Tz>,
    pub(crate) slot: String,
    pub(crate) title: Option<String>,
    pub(crate) priority: Priority,
    pub(crate) schedule: String,
    pub(crate) items: Vec<(Item, Option<ItemProblem>)>,
}

pub(crate) fn compute(station: &Station, now: DateTime<Utc>, req: Request) -> Agenda {
    let (schedules, diags) = station.load_schedules();
    let start = day_start(station, req.from);
    let end = day_start(station, req.from + Duration::days(req.days.into()));
    let airings = plan(&schedules, &station.calendar(), start, end);
    let lib = station.library(now.into());
    let airings = expand(station, &lib, &airings)
        .into_iter()
        .map(|(a, items)| Planned {
            at: a.at,
            slot: a.slot().id.clone(),
            title: a.slot().title.clone(),
            priority: a.slot().priority,
            schedule: a.schedule.name.clone(),
            items: items
                .into_iter()
                .map(|i| {
                    let p = ItemProblem::of(&i);
                    (i, p)
                })
                .collect(),
        })
        .collect();
    Agenda {
        request: req,
        errors: diags.iter().filter(|d| d.is_error()).count(),
        airings,
        speed: station.settings.voice.speed,
    }
}

/// One JSON object an airing: what `--json` prints a line and
/// `GET /api/plan` answers as an array.
pub(crate) fn json_objects(agenda: &Agenda) -> Vec<serde_json::Value> {
    agenda.airings.iter().map(|a| {
        serde_json::json!({
            "at": rfc3339_ms(&a.at),
            "date": date_vi(a.at.date_naive()),
            "weekday": weekday_short_vi(a.at.weekday()),
            "slot": a.slot,
            "title": a.title,
            "priority": a.priority.en(),
            "schedule": a.schedule,
            "segments": a.items.iter().map(|(i, _)| item_name(i)).collect::<Vec<_>>(),
            "items": a.items.iter().map(|(i, p)| item_json(i, p.as_ref(), agenda.speed)).collect::<Vec<_>>(),
        })
    }).collect()
}

/// One item for `--json`; a text item with its words, voice and the time
/// it takes to say (words typed in the schedule have no file).
fn item_json(i: &Item, p: Option<&ItemProblem>, speed: u32) -> serde_json::Value {
    let typed = matches!(i.text, Some(TextSource::Typed(_)));
    let mut v = serde_json::json!({
        "file": (!typed).then_some(i.file.as_str()), "title": i.title, "topic": i.topic, "author": i.author,
        "folder": i.picked.as_ref().map(|(f, _)| f),
        "pick": i.picked.as_ref().map(|(_, p)| p.word()),
        "problem": p.map(ItemProblem::text),
    });
    if i.text.is_some() {
        let words = i.words();
        v["text"] = words.map(|w| loaxa_core::speech::first_words(w, 8)).into();
        v["voice"] = i.voice.clone().into();
        v["estimated_seconds"] = words
            .map(|w| crate::decide::round_ms(loaxa_core::speech::estimate_seconds(w, speed)))
            .into();
    }
    v
}
