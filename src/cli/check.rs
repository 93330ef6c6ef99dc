//! `loaxa check`: settings, schedules and every referenced audio file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::{CliError, Ctx};
use crate::diag::{Diagnostic, Pos, in_slot};
use crate::i18n::Msg;
use crate::library::View as _;
use crate::library::{Facts, Library, Lookup, State};
use crate::plan::{Airing, plan};
use crate::program::Source;
use crate::schedule::{Level, Priority, Schedule, Segment};
use crate::station::Station;
use crate::upcoming::{ItemProblem, airing_when, expand};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 7, value_name = "N", value_parser = super::args::parse_days)]
    pub(crate) days: u32,
}

/// What to check: the schedules' airings of the next `days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) days: u32,
}

impl From<Args> for Request {
    fn from(a: Args) -> Request {
        Request { days: a.days }
    }
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    pub(crate) days: u32,
    pub(crate) schedules: usize,
    pub(crate) slots: usize,
    pub(crate) files: usize,
    pub(crate) airings: usize,
    /// The settings' and schedules' own diagnostics, as read.
    pub(crate) read: Vec<Diagnostic>,
    /// What is wrong with the audio and the timing, in the order found.
    pub(crate) findings: Vec<Finding>,
    /// The airings that cannot air whole as things stand.
    pub(crate) at_risk: Vec<AtRisk>,
    /// The schedules' text items, read aloud.
    pub(crate) texts: Vec<TextLine>,
    /// The engine that reads them, and at what speed (words a minute).
    pub(crate) engine: &'static str,
    pub(crate) speed: u32,
}

/// One problem, at a place of a file (a schedule's item or slot, or a
/// recording).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// The file, as the operator knows it.
    pub(crate) file: String,
    pub(crate) pos: Pos,
    pub(crate) what: What,
}

/// The kinds of problem `check` finds, with what the wording needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum What {
    /// The recording's own facts call for a look (silence, loudness…).
    Notes {
        slot: String,
        file: String,
        facts: Box<Facts>,
        level: Level,
    },
    /// Still being copied.
    Arriving { slot: String, file: String },
    /// No such recording; `first_need` is when an airing first needs it.
    Missing {
        slot: String,
        file: String,
        first_need: Option<String>,
    },
    /// Named ambiguously, or it cannot air.
    Unusable {
        slot: String,
        file: String,
        why: Unusable,
        first_need: Option<String>,
    },
    Damaged {
        slot: String,
        file: String,
        count: u64,
    },
    /// A folder item whose folder has no ready recording (`exists`: the
    /// folder is there, empty of usable ones).
    Folder {
        slot: String,
        folder: String,
        exists: bool,
        first_need: Option<String>,
    },
    /// A broken recording no schedule names: the slots whose folder picks
    /// pass it over, if any.
    Broken {
        why: Msg,
        pickers: Vec<String>,
        folder: String,
    },
    /// Two normal programs overlap (the first time, and how many times).
    Overlap(Overlap),
    /// Text items cannot be read aloud: no engine, voice or model.
    Voice { slot: String, why: Msg },
}

/// Why a named recording cannot air.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unusable {
    Ambiguous(Lookup),
    Broken(crate::i18n::Msg),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overlap {
    pub(crate) slot: String,
    pub(crate) schedule: String,
    pub(crate) when: String,
    pub(crate) other: String,
    pub(crate) other_schedule: String,
    pub(crate) other_when: String,
    pub(crate) until: String,
    pub(crate) count: usize,
}

/// An airing with items that cannot air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AtRisk {
    pub(crate) when: String,
    pub(crate) slot: String,
    pub(crate) schedule: String,
    pub(crate) items: Vec<(String, ItemProblem)>,
}

impl What {
    pub(crate) fn is_error(&self) -> bool {
        match self {
            What::Missing { .. } | What::Unusable { .. } | What::Overlap(_) => true,
            What::Voice { .. } => true,
            What::Folder { first_need, .. } => first_need.is_some(),
            What::Notes { .. } | What::Arriving { .. } | What::Damaged { .. } => false,
            What::Broken { .. } => false,
        }
    }
}

impl Report {
    /// No errors: the exit code.
    pub(crate) fn ok(&self) -> bool {
        !self.read.iter().any(Diagnostic::is_error)
            && !self.findings.iter().any(|f| f.what.is_error())
    }
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let report = compute(&ctx.station, ctx.now, Request::from(args));
    print(&report, &mut std::io::stdout().lock())?;
    Ok(super::exit(report.ok()))
}

/// Reads the schedules and the drop folder (decoding what is new) and
/// checks what the coming `days` need.
pub(crate) fn compute(station: &Station, now: DateTime<Utc>, req: Request) -> Report {
    let (schedules, read) = station.load_schedules();
    let upcoming = plan(
        &schedules,
        &station.calendar(),
        now,
        now + Duration::days(req.days.into()),
    );
    // Every referenced file decoded whole (once: the library keeps what it
    // found), and found however its name was typed.
    let lib = station.library(now.into());
    let used = uses(&schedules);
    let mut findings = named_files(station, &lib, &used, &upcoming);
    findings.extend(folders(station, &lib, &schedules, &upcoming));
    findings.extend(unnamed_broken(station, &lib, &schedules, &used));
    findings.extend(texts::findings(station, &schedules));
    let concrete = expand(station, &lib, &upcoming);
    findings.extend(overlaps(station, &concrete));
    let at_risk = concrete
        .iter()
        .filter_map(|(a, items)| {
            let bad: Vec<(String, ItemProblem)> = items
                .iter()
                .filter_map(|i| ItemProblem::of(i).map(|p| (crate::upcoming::item_name(i), p)))
                .collect();
            (!bad.is_empty()).then(|| AtRisk {
                when: airing_when(a),
                slot: a.slot().id.clone(),
                schedule: a.schedule.name.clone(),
                items: bad,
            })
        })
        .collect();
    Report {
        days: req.days,
        schedules: schedules.len(),
        slots: schedules.iter().map(|s| s.slots.len()).sum(),
        files: lib.entries().count(),
        airings: upcoming.len(),
        read,
        findings,
        at_risk,
        texts: texts::lines(station, &lib, &schedules),
        engine: station.settings.voice.engine.name(),
        speed: station.settings.voice.speed,
    }
}

/// The days ahead the console's schedule save looks for programs that
/// run into each other (as `check` does by default).
const SAVE_DAYS: u32 = 7;

/// What `check` would say of programs running into each other in the
/// coming week if `candidate` were saved (in place of the schedule of its
/// name): the errors that involve it, each at its slot. The console's
/// schedule save refuses a file these find (`web::Web::overlaps`).
pub(crate) fn overlaps_if_saved(
    station: &Station,
    now: DateTime<Utc>,
    candidate: Schedule,
) -> Vec<Diagnostic> {
    let (mut schedules, _) = station.load_schedules();
    let name = candidate.name.clone();
    schedules.retain(|s| s.name != name);
    schedules.push(Arc::new(candidate));
    let upcoming = plan(
        &schedules,
        &station.calendar(),
        now,
        now + Duration::days(SAVE_DAYS.into()),
    );
    let lib = station.library(now.into());
    let concrete = expand(station, &lib, &upcoming);
    overlaps(station, &concrete)
        .iter()
        .filter(|f| {
            matches!(&f.what, What::Overlap(o) if o.schedule == name || o.other_schedule == name)
        })
        .flat_map(|f| diagnostics(f, SAVE_DAYS))
        .collect()
}

/// Where each audio file named by the schedules is used: (schedule, slot,
/// item). Folder items are not in it: what they pick changes.
type Uses<'a> = BTreeMap<String, Vec<(&'a Schedule, &'a str, &'a Segment)>>;

fn uses(schedules: &[Arc<Schedule>]) -> Uses<'_> {
    let mut map: Uses = BTreeMap::new();
    for s in schedules {
        for slot in &s.slots {
            // Words typed in the schedule name no file.
            // Nor does a relay without a fallback of its own (its file is
            // the fallback's name: none, "").
            let named = |g: &&Segment| {
                g.pick.is_none()
                    && !matches!(g.text, Some(crate::schedule::TextSource::Typed(_)))
                    && !(g.relay.is_some() && g.file.is_empty())
            };
            for seg in slot.program.iter().filter(named) {
                map.entry(seg.file.clone())
                    .or_default()
                    .push((s.as_ref(), slot.id.as_str(), seg));
            }
        }
    }
    map
}

/// The files the schedules name: each where it is named.
fn named_files(
    station: &Station,
    lib: &Library,
    used: &Uses<'_>,
    upcoming: &[Airing],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (file, places) in used {
        let looked = lib.lookup(file).map(|e| &e.state);
        let looked = looked.as_ref();
        let first_need = upcoming
            .iter()
            .find(|a| a.program().iter().any(|s| &s.file == file))
            .map(airing_when);
        for (schedule, slot, seg) in places {
            let at = |what| Finding {
                file: station.shown(&station.dir.join(&schedule.name)),
                pos: seg.pos,
                what,
            };
            let (slot, file) = (slot.to_string(), file.clone());
            let first_need = first_need.clone();
            if let Ok(State::Ready(f)) = looked {
                let level = seg.level.unwrap_or(station.settings.level);
                if !crate::program::warnings(f, level).is_empty() {
                    findings.push(at(What::Notes {
                        slot: slot.clone(),
                        file: file.clone(),
                        facts: Box::new(f.clone()),
                        level,
                    }));
                }
            }
            let what = match looked {
                // A text item's text file, or a recording: each is what it should be.
                Ok(State::Text(_)) if seg.text.is_some() => continue,
                Ok(State::Ready(_)) if seg.text.is_some() => What::Unusable {
                    slot,
                    file,
                    why: Unusable::Broken(msg!("lib-audio-not-text")),
                    first_need,
                },
                Ok(State::Text(_)) => What::Unusable {
                    slot,
                    file,
                    why: Unusable::Broken(msg!("lib-text-not-audio")),
                    first_need,
                },
                Ok(State::Ready(f)) if f.damaged > 0 => What::Damaged {
                    slot,
                    file,
                    count: f.damaged,
                },
                Ok(State::Ready(_)) => continue,
                Ok(State::Arriving | State::Unchecked) => What::Arriving { slot, file },
                Err(Lookup::Missing) => What::Missing {
                    slot,
                    file,
                    first_need,
                },
                Err(e) => What::Unusable {
                    slot,
                    file,
                    why: Unusable::Ambiguous(e.clone()),
                    first_need,
                },
                Ok(State::Unusable(why)) => What::Unusable {
                    slot,
                    file,
                    why: Unusable::Broken(why.clone()),
                    first_need,
                },
            };
            findings.push(at(what));
        }
    }
    findings
}

/// Folder items: the folder must exist and hold a ready recording by the
/// time a slot needs it.
fn folders(
    station: &Station,
    lib: &Library,
    schedules: &[Arc<Schedule>],
    upcoming: &[Airing],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for sched in schedules {
        for slot in &sched.slots {
            for seg in slot.program.iter().filter(|g| g.pick.is_some()) {
                if !lib.folder(&seg.file).is_empty() {
                    continue;
                }
                let first_need = upcoming
                    .iter()
                    .find(|a| a.schedule.name == sched.name && a.slot().id == slot.id)
                    .map(airing_when);
                findings.push(Finding {
                    file: station.shown(&station.dir.join(&sched.name)),
                    pos: seg.pos,
                    what: What::Folder {
                        slot: slot.id.clone(),
                        folder: seg.file.clone(),
                        exists: station.audio_dir.join(&seg.file).is_dir(),
                        first_need,
                    },
                });
            }
        }
    }
    findings
}

/// Unusable recordings no schedule names directly: a folder pick passes
/// them over, or nothing airs them; either way the operator should know.
fn unnamed_broken(
    station: &Station,
    lib: &Library,
    schedules: &[Arc<Schedule>],
    used: &Uses<'_>,
) -> Vec<Finding> {
    use crate::library::name_key;
    let named: BTreeSet<&str> = used
        .keys()
        .filter_map(|f| lib.lookup(f).ok().map(|e| e.rel.as_str()))
        .collect();
    let mut findings = Vec::new();
    for e in lib.entries() {
        let State::Unusable(why) = &e.state else {
            continue;
        };
        if named.contains(e.rel.as_str()) {
            continue;
        }
        let parent = e.rel.rsplit_once('/').map_or("", |(p, _)| p);
        let pickers = schedules
            .iter()
            .flat_map(|s| &s.slots)
            .filter(|slot| {
                slot.program.iter().any(|g| {
                    g.pick.is_some() && name_key(g.file.trim_end_matches('/')) == name_key(parent)
                })
            })
            .map(|slot| slot.id.clone())
            .collect();
        findings.push(Finding {
            file: station.shown(&station.audio_dir.join(&e.rel)),
            pos: Pos::FILE,
            what: What::Broken {
                why: why.clone(),
                pickers,
                folder: parent.to_string(),
            },
        });
    }
    findings
}

/// Two normal programs must not overlap (priority and emergency ones cut
/// in by design). Lengths are the files' real durations, and a text's
/// estimate (`speech::estimate_seconds`). Once per pair of slots, the
/// first time, with how often: a slot every second is one mistake, not
/// six hundred thousand.
fn overlaps(station: &Station, concrete: &[(&Airing, Vec<crate::program::Item>)]) -> Vec<Finding> {
    let normal: Vec<(&Airing, f64)> = concrete
        .iter()
        .filter(|(a, _)| a.priority() == Priority::Normal)
        .map(|(a, items)| {
            let last = items.len().saturating_sub(1);
            let len = items
                .iter()
                .enumerate()
                .filter_map(|(k, i)| match &i.source {
                    Source::Ready(f) => Some(f.duration),
                    // A relay gives way to the next program when it is
                    // the last item; before another item, it pushes it on.
                    Source::Relay if k < last => i
                        .relay
                        .as_ref()
                        .map(|r| r.relay.duration.num_milliseconds() as f64 / 1e3),
                    Source::Text(words) => Some(loaxa_core::speech::estimate_seconds(
                        words,
                        station.settings.voice.speed,
                    )),
                    _ => None,
                })
                .sum();
            (*a, len)
        })
        .collect();
    let mut found: Vec<(&Airing, &Airing, DateTime<Utc>, usize)> = Vec::new();
    let mut seen: HashMap<[&str; 4], usize> = HashMap::new();
    for pair in normal.windows(2) {
        let ((a, len), (b, _)) = (pair[0], pair[1]);
        let end = a.at + Duration::milliseconds((len * 1000.0) as i64);
        if b.at < end {
            let key = [
                a.schedule.name.as_str(),
                a.slot().id.as_str(),
                b.schedule.name.as_str(),
                b.slot().id.as_str(),
            ];
            match seen.get(&key) {
                Some(&i) => found[i].3 += 1,
                None => {
                    seen.insert(key, found.len());
                    found.push((a, b, end.with_timezone(&Utc), 1));
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(a, b, end, count)| Finding {
            file: station.shown(&station.dir.join(&b.schedule.name)),
            pos: b.slot().pos,
            what: What::Overlap(Overlap {
                slot: b.slot().id.clone(),
                schedule: b.schedule.name.clone(),
                when: airing_when(b),
                other: a.slot().id.clone(),
                other_schedule: a.schedule.name.clone(),
                other_when: airing_when(a),
                until: end
                    .with_timezone(&a.at.timezone())
                    .format("%H:%M:%S")
                    .to_string(),
                count,
            }),
        })
        .collect()
}

/// The report as the operator reads it: every diagnostic in file order,
/// the airings at risk, and the counts.
pub(crate) fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut diags = report.read.clone();
    for f in &report.findings {
        diags.extend(diagnostics(f, report.days));
    }
    diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    diags.dedup();
    for d in &diags {
        writeln!(out, "{}", crate::i18n::diagnostic(d))?;
    }
    if !report.at_risk.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", t!("check-at-risk", days = report.days))?;
        for a in &report.at_risk {
            for (file, why) in &a.items {
                writeln!(
                    out,
                    "  {}  {} ({}): {file} — {}",
                    a.when,
                    t!("check-slot", slot = &a.slot),
                    a.schedule,
                    why.text()
                )?;
            }
        }
    }
    texts::print(report, out)?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t!(
            "check-counts",
            schedules = report.schedules,
            slots = report.slots,
            files = report.files,
            airings = report.airings,
            days = report.days,
            at_risk = report.at_risk.len()
        )
    )?;
    writeln!(
        out,
        "{}",
        t!(
            "check-summary",
            errors = errors,
            warnings = diags.len() - errors
        )
    )
}

/// A finding in the operator's words (the recording's notes are one
/// diagnostic each).
fn diagnostics(f: &Finding, days: u32) -> Vec<Diagnostic> {
    let (file, pos) = (f.file.as_str(), f.pos);
    match &f.what {
        What::Notes {
            slot,
            file: name,
            facts,
            level,
        } => crate::program::warnings(facts, *level)
            .into_iter()
            .map(|note| {
                Diagnostic::warning(
                    file,
                    pos,
                    named(slot, name, note),
                    msg!("check-record-again"),
                )
            })
            .collect(),
        What::Folder {
            slot,
            folder,
            exists,
            first_need,
        } => vec![folder_diagnostic(
            file,
            pos,
            slot,
            folder,
            *exists,
            first_need.as_deref(),
        )],
        What::Broken {
            why,
            pickers,
            folder,
        } => vec![Diagnostic::warning(
            file,
            pos,
            why.clone(),
            passed_over(pickers, folder),
        )],
        What::Overlap(o) => vec![Diagnostic::error(
            file,
            pos,
            overlap_text(o, days),
            msg!("check-overlap-hint"),
        )],
        What::Voice { slot, why } => vec![Diagnostic::error(
            file,
            pos,
            in_slot(slot, msg!("check-text-cannot-voice", why = why.clone())),
            msg!("check-text-cannot-voice-hint"),
        )],
        what => file_diagnostic(file, pos, what).into_iter().collect(),
    }
}

/// `slot "x": "file": why`.
fn named(slot: &str, file: &str, why: Msg) -> Msg {
    in_slot(slot, crate::diag::in_field(file, why))
}

/// A named recording that is not ready to air (the other findings are
/// worded by `diagnostics`).
fn file_diagnostic(file: &str, pos: Pos, what: &What) -> Option<Diagnostic> {
    Some(match what {
        What::Arriving { slot, file: name } => Diagnostic::warning(
            file,
            pos,
            named(slot, name, Msg::verbatim(crate::upcoming::arriving_text())),
            msg!("check-arriving-hint"),
        ),
        What::Missing {
            slot,
            file: name,
            first_need,
        } => Diagnostic::error(
            file,
            pos,
            named(slot, name, msg!("audio-missing")),
            match first_need {
                Some(when) => msg!("check-copy-before", file = name, when = when),
                None => msg!("check-copy-or-rename", file = name),
            },
        ),
        What::Unusable {
            slot,
            file: name,
            why,
            first_need,
        } => {
            let why = match why {
                Unusable::Ambiguous(e) => e.msg(),
                Unusable::Broken(why) => why.clone(),
            };
            let hint = match first_need {
                Some(when) => msg!("check-again-before", when = when),
                None => msg!("check-again"),
            };
            Diagnostic::error(file, pos, named(slot, name, why), hint)
        }
        What::Damaged {
            slot,
            file: name,
            count,
        } => Diagnostic::warning(
            file,
            pos,
            in_slot(
                slot,
                msg!("check-damaged-frames", file = name, count = *count),
            ),
            msg!("check-damaged-frames-hint"),
        ),
        What::Notes { .. }
        | What::Folder { .. }
        | What::Broken { .. }
        | What::Overlap(_)
        | What::Voice { .. } => {
            return None;
        }
    })
}

/// A folder item with nothing to pick: an error when an airing needs it.
fn folder_diagnostic(
    file: &str,
    pos: Pos,
    slot: &str,
    folder: &str,
    exists: bool,
    first_need: Option<&str>,
) -> Diagnostic {
    let what = if exists {
        msg!("check-folder-empty", folder = folder)
    } else {
        msg!("check-folder-missing", folder = folder)
    };
    let message = in_slot(slot, what);
    match first_need {
        Some(when) => Diagnostic::error(
            file,
            pos,
            message,
            msg!("check-folder-drop-before", folder = folder, when = when),
        ),
        None => Diagnostic::warning(
            file,
            pos,
            message,
            msg!("check-folder-create", folder = folder),
        ),
    }
}

/// What a broken recording nobody names means: nothing airs it, or the
/// slots whose folder picks pass it over.
fn passed_over(pickers: &[String], folder: &str) -> Msg {
    if pickers.is_empty() {
        return msg!("check-unused-broken");
    }
    let slots: Vec<String> = pickers.iter().map(|id| format!("\"{id}\"")).collect();
    msg!(
        "check-passed-over",
        count = pickers.len(),
        slots = slots.join(", "),
        folder = folder
    )
}

fn overlap_text(o: &Overlap, days: u32) -> Msg {
    let what = msg!(
        "check-overlap",
        slot = &o.slot,
        schedule = &o.schedule,
        when = &o.when,
        other = &o.other,
        other_schedule = &o.other_schedule,
        other_when = &o.other_when,
        until = &o.until,
    );
    if o.count > 1 {
        let times = msg!("check-overlap-times", count = o.count, days = days);
        return msg!("two-parts", first = what, second = times);
    }
    what
}

mod texts;
pub(crate) use texts::TextLine;

#[cfg(test)]
mod tests;
