//! The drop folder as the coming days need it (`loaxa library`, `GET
//! /api/library`): every file, its state and facts, the airings that use
//! it, names several files answer to, files airings need that are not
//! there; and each as JSON.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::library::View as _;
use crate::library::{Facts, Lookup, State, TextFacts};
use crate::plan::{Airing, plan};
use crate::program::Source;
use crate::schedule::Level;
use crate::station::Station;
use crate::upcoming::{airing_when, arriving_text, expand};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) days: u32,
    /// Only the files with a problem.
    pub(crate) problems_only: bool,
}

/// The drop folder as the coming days need it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    /// The files shown (all, or those with a problem).
    pub(crate) files: Vec<FileRow>,
    /// Names that several recordings answer to.
    pub(crate) ambiguous: Vec<Vec<String>>,
    /// Files airings need that are not there, by the name written.
    pub(crate) missing: Vec<MissingRow>,
    /// How many files the folder holds, and problems in all.
    pub(crate) total: usize,
    pub(crate) problems: usize,
    /// The speed typed bulletins are read at (words a minute).
    pub(crate) speed: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FileRow {
    pub(crate) rel: String,
    /// `ready`, `arriving`, `unchecked`, `unusable`.
    pub(crate) state: &'static str,
    pub(crate) facts: Option<Facts>,
    /// A typed bulletin (`.txt`), read.
    pub(crate) text: Option<TextFacts>,
    pub(crate) reason: Option<Reason>,
    pub(crate) uses: Uses,
}

/// Why a file is shown as a problem.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reason {
    Arriving,
    Unusable(crate::i18n::Msg),
    /// Ready, but its facts call for a look at this level.
    Notes(Level),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MissingRow {
    pub(crate) file: String,
    pub(crate) why: Missing,
    pub(crate) uses: Uses,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Missing {
    Lookup(Lookup),
    Fail(crate::i18n::Msg),
}

/// The first airings that need a file (`slot when`), and how many more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Uses {
    pub(crate) first: Vec<String>,
    pub(crate) more: usize,
}

impl Uses {
    fn of(airings: &[&Airing]) -> Uses {
        Uses {
            first: airings
                .iter()
                .take(3)
                .map(|a| format!("{} {}", a.slot().id, airing_when(a)))
                .collect(),
            more: airings.len().saturating_sub(3),
        }
    }
}

pub(crate) fn compute(station: &Station, now: DateTime<Utc>, req: Request) -> Report {
    let lib = station.library(now.into());
    let (schedules, _) = station.load_schedules();
    let upcoming = plan(
        &schedules,
        &station.calendar(),
        now,
        now + Duration::days(req.days.into()),
    );
    // Which file each upcoming airing needs, by the name on disk.
    let mut needs: BTreeMap<String, Vec<&Airing>> = BTreeMap::new();
    let mut missing: BTreeMap<String, (Vec<&Airing>, Missing)> = BTreeMap::new();
    for (a, items) in expand(station, &lib, &upcoming) {
        // Words typed in the schedule need no file, nor does a relay
        // (its address is no name in audio/; `check` judges it).
        let needs_file = |i: &crate::program::Item| !i.file.is_empty() && i.source != Source::Relay;
        for item in items.into_iter().filter(needs_file) {
            let why = match (&item.source, lib.lookup(&item.file)) {
                (_, Ok(e)) => {
                    needs.entry(e.rel.clone()).or_default().push(a);
                    continue;
                }
                (Source::Fail(why), Err(_)) => Missing::Fail(why.clone()),
                (_, Err(e)) => Missing::Lookup(e),
            };
            missing
                .entry(item.file.clone())
                .or_insert_with(|| (Vec::new(), why))
                .0
                .push(a);
        }
    }
    let level = station.settings.level;
    let mut problems = 0;
    let mut files = Vec::new();
    for e in lib.entries() {
        let text = match &e.state {
            State::Text(t) => Some(t.clone()),
            _ => None,
        };
        let (reason, facts) = match &e.state {
            State::Text(_) => (None, None),
            State::Ready(f) => (
                (!crate::program::warnings(f, level).is_empty()).then_some(Reason::Notes(level)),
                Some(f),
            ),
            State::Unusable(why) => (Some(Reason::Unusable(why.clone())), None),
            State::Arriving | State::Unchecked => (Some(Reason::Arriving), None),
        };
        let problem = reason.is_some() || facts.is_some_and(|f| f.damaged > 0);
        problems += usize::from(problem);
        if req.problems_only && !problem {
            continue;
        }
        files.push(FileRow {
            rel: e.rel.clone(),
            state: e.state.word(),
            facts: facts.cloned(),
            text,
            reason,
            uses: needs.get(&e.rel).map(|v| Uses::of(v)).unwrap_or_default(),
        });
    }
    let ambiguous = lib.ambiguous();
    let missing: Vec<MissingRow> = missing
        .into_iter()
        .map(|(file, (airings, why))| MissingRow {
            file,
            why,
            uses: Uses::of(&airings),
        })
        .collect();
    Report {
        total: lib.entries().count(),
        problems: problems + ambiguous.len() + missing.len(),
        files,
        ambiguous,
        missing,
        speed: station.settings.voice.speed,
    }
}

impl Reason {
    pub(crate) fn text(&self, facts: Option<&Facts>) -> String {
        match (self, facts) {
            (Reason::Arriving, _) => arriving_text(),
            (Reason::Unusable(why), _) => crate::i18n::render(why),
            (Reason::Notes(level), Some(f)) => crate::program::warnings(f, *level)
                .iter()
                .map(crate::i18n::render)
                .collect::<Vec<_>>()
                .join("; "),
            (Reason::Notes(_), None) => String::new(),
        }
    }
}

impl Missing {
    pub(crate) fn text(&self) -> String {
        match self {
            Missing::Lookup(e) => crate::i18n::render(&e.msg()),
            Missing::Fail(why) => crate::i18n::render(why),
        }
    }
}

impl Uses {
    pub(crate) fn words(&self) -> Vec<String> {
        let mut out = self.first.clone();
        if self.more > 0 {
            out.push(t!("lib-and-more", count = self.more));
        }
        out
    }
}

/// One JSON object a file (then names several files answer to, then files
/// airings need that are missing): what `--json` prints a line and
/// `GET /api/library` answers as an array.
pub(crate) fn json_objects(report: &Report) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for r in &report.files {
        let facts = r.facts.as_ref();
        let v = serde_json::json!({
            "file": r.rel,
            "state": r.state,
            "reason": r.reason.as_ref().map(|x| x.text(facts)),
            "duration": facts.map(|f| f.duration),
            "loudness": facts.and_then(|f| f.loudness),
            "true_peak": facts.and_then(|f| f.true_peak),
            "sha256": facts.map(|f| f.sha256.clone()).or_else(|| r.text.as_ref().map(|t| t.sha256.clone())),
            "used_by": r.uses.words(),
        });
        let mut v = v;
        if let Some(t) = &r.text {
            v["kind"] = "text".into();
            v["first_words"] = loaxa_core::speech::first_words(&t.text, 8).into();
            v["estimated_seconds"] = crate::decide::round_ms(loaxa_core::speech::estimate_seconds(
                &t.text,
                report.speed,
            ))
            .into();
        }
        all.push(v);
    }
    for names in &report.ambiguous {
        all.push(serde_json::json!({"ambiguous": names}));
    }
    for m in &report.missing {
        all.push(serde_json::json!({"file": m.file, "state": "missing", "reason": m.why.text(), "used_by": m.uses.words()}));
    }
    all
}
