//! `loaxa library`: every file of the drop folder, its state, and which
//! airings of the coming days use it.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Duration, Utc};

use super::{CliError, Ctx};
use crate::library::View as _;
use crate::library::{Facts, Lookup, State, TextFacts};
use crate::plan::{Airing, plan};
use crate::program::Source;
use crate::schedule::Level;
use crate::station::Station;
use crate::upcoming::{airing_when, arriving_text, expand};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub(crate) problems: bool,
    #[arg(long)]
    pub(crate) json: bool,
    #[arg(long, default_value_t = 7, value_name = "N", value_parser = super::args::parse_days)]
    pub(crate) days: u32,
}

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

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let req = Request {
        days: args.days,
        problems_only: args.problems,
    };
    let report = compute(&ctx.station, ctx.now, req);
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&report, &mut out)?;
    } else {
        print_text(
            &report,
            &ctx.station.shown(&ctx.station.audio_dir),
            &mut out,
        )?;
    }
    Ok(super::exit(report.problems == 0 || !args.problems))
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
        // Words typed in the schedule need no file.
        for item in items.into_iter().filter(|i| !i.file.is_empty()) {
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
    fn text(&self, facts: Option<&Facts>) -> String {
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
    fn text(&self) -> String {
        match self {
            Missing::Lookup(e) => crate::i18n::render(&e.msg()),
            Missing::Fail(why) => crate::i18n::render(why),
        }
    }
}

impl Uses {
    fn words(&self) -> Vec<String> {
        let mut out = self.first.clone();
        if self.more > 0 {
            out.push(t!("lib-and-more", count = self.more));
        }
        out
    }
}

/// One JSON object a line.
pub(crate) fn print_json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
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
        writeln!(out, "{v}")?;
    }
    for names in &report.ambiguous {
        writeln!(out, "{}", serde_json::json!({"ambiguous": names}))?;
    }
    for m in &report.missing {
        let v = serde_json::json!({"file": m.file, "state": "missing", "reason": m.why.text(), "used_by": m.uses.words()});
        writeln!(out, "{v}")?;
    }
    Ok(())
}

/// A table for the operator; `folder` is the drop folder as shown.
pub(crate) fn print_text(
    report: &Report,
    folder: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for r in &report.files {
        let facts = r.facts.as_ref();
        let loud = facts
            .and_then(|f| f.loudness)
            .map(|l| format!("{l:.1} LUFS"))
            .unwrap_or_else(|| "—".into());
        let dur = match (facts, &r.text) {
            (Some(f), _) => crate::timefmt::duration_hms(f.duration),
            (None, Some(t)) => crate::upcoming::estimated(&t.text, report.speed),
            (None, None) => "—".into(),
        };
        let words = r
            .text
            .as_ref()
            .map(|t| format!(" — {}", crate::upcoming::quoted_words(&t.text)))
            .unwrap_or_default();
        let users = r.uses.words();
        writeln!(
            out,
            "{:<9} {:>8} {:>11}  {}{}{}{}",
            t!("lib-state", state = r.state),
            dur,
            loud,
            r.rel,
            words,
            r.reason
                .as_ref()
                .map(|x| format!(" — {}", x.text(facts)))
                .unwrap_or_default(),
            if users.is_empty() {
                String::new()
            } else {
                format!(
                    "\n{:<32}{}",
                    "",
                    t!("lib-used-by", airings = users.join(", "))
                )
            }
        )?;
    }
    for names in &report.ambiguous {
        writeln!(out, "{}", t!("lib-ambiguous", names = names.join(" | ")))?;
    }
    for m in &report.missing {
        writeln!(
            out,
            "{:<9} {:>8} {:>11}  {} — {}\n{:<32}{}",
            t!("lib-state", state = "missing"),
            "—",
            "—",
            m.file,
            m.why.text(),
            "",
            t!("lib-needed-by", airings = m.uses.words().join(", "))
        )?;
    }
    writeln!(
        out,
        "{}",
        t!(
            "lib-summary",
            files = report.total,
            folder = folder,
            problems = report.problems
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::{TempStation, daily, monday_5am};

    fn station() -> TempStation {
        let st = TempStation::new(&[("xa.json", &daily(&["a.wav", "khong-co.wav"]))]);
        st.wav("a.wav");
        st.junk("hong.mp3");
        st
    }

    #[test]
    fn every_file_with_its_state_and_the_airings_that_need_it() {
        let st = station();
        let req = Request {
            days: 7,
            problems_only: false,
        };
        let r = compute(&st.open(), monday_5am(), req);
        let files: Vec<(&str, &str)> = r.files.iter().map(|f| (f.rel.as_str(), f.state)).collect();
        assert_eq!(files, [("a.wav", "ready"), ("hong.mp3", "unusable")]);
        assert_eq!(r.files[0].uses.first[0], "sang T2 03/03/2025 06:00:00");
        assert_eq!(r.files[0].uses.first.len(), 3);
        assert_eq!(r.files[0].uses.more, 4);
        assert!(matches!(r.files[1].reason, Some(Reason::Unusable(_))));
        assert_eq!(r.missing.len(), 1);
        assert_eq!(r.missing[0].file, "khong-co.wav");
        assert!(matches!(r.missing[0].why, Missing::Fail(_)));
        assert_eq!((r.total, r.problems), (2, 2));
    }

    #[test]
    fn typed_bulletins_are_listed_with_their_words_and_typed_text_needs_no_file() {
        let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
            {"text": "Thông báo: mất điện."}, {"text_file": "tb/bao-5.txt"}, {"text_file": "tb/cu.txt"}]}]}"#;
        let st = TempStation::new(&[("xa.json", json)]);
        st.text(
            "tb/bao-5.txt",
            "Thông báo số 5: điện lực cắt điện từ 7h.".as_bytes(),
        );
        st.text("tb/cu.txt", b"Th\xf4ng b\xe1o");
        let req = Request {
            days: 1,
            problems_only: false,
        };
        let r = compute(&st.open(), monday_5am(), req);
        let files: Vec<(&str, &str)> = r.files.iter().map(|f| (f.rel.as_str(), f.state)).collect();
        assert_eq!(
            files,
            [("tb/bao-5.txt", "ready"), ("tb/cu.txt", "unusable")]
        );
        assert_eq!(r.files[0].uses.first.len(), 1);
        assert!(r.files[0].text.is_some());
        assert!(r.files[0].facts.is_none(), "never decoded as audio");
        assert!(matches!(
            &r.files[1].reason,
            Some(Reason::Unusable(m)) if *m == msg!("text-not-utf8", at = 2)
        ));
        assert_eq!(r.missing, [], "typed words are not a missing file");
        let mut out = Vec::new();
        print_text(&r, "audio", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("≈0:00:0")
                && text.contains("tb/bao-5.txt — \"Thông báo số 5: điện lực cắt điện…\""),
            "{text}"
        );
    }

    #[test]
    fn problems_only_leaves_the_good_files_out_but_counts_all() {
        let st = station();
        let req = Request {
            days: 1,
            problems_only: true,
        };
        let r = compute(&st.open(), monday_5am(), req);
        assert_eq!(r.files.len(), 1);
        assert_eq!(r.files[0].rel, "hong.mp3");
        assert_eq!((r.total, r.problems), (2, 2));
        let mut out = Vec::new();
        print_json(&r, &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[1]["state"], "missing");
        assert_eq!(lines[1]["used_by"][0], "sang T2 03/03/2025 06:00:00");
    }
}
