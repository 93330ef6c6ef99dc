//! The commands people run: `check`, `plan`, `log`, `export`. Each reads the
//! station folder and writes its answer to the given sink; none prints on
//! its own, so tests and the binary use them the same way.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

use crate::airlog;
use crate::audio::AudioInfo;
use crate::diag::Diagnostic;
use crate::i18n::Msg;
use crate::library::{Library, State};
use crate::plan::{Airing, plan};
use crate::program::{Item, Rotation, Source, airing_items};
use crate::report::{self, Period};
use crate::schedule::{Priority, Schedule, Segment};
use crate::station::Station;
use crate::timefmt::{date_vi, rfc3339_ms, weekday_long_vi, weekday_short_vi};

/// "the file is still being copied".
fn arriving() -> String {
    t!("lib-arriving")
}

/// Where each audio file named by the schedules is used: (schedule, slot,
/// item). Folder items are not in it: what they pick changes.
type Uses<'a> = BTreeMap<String, Vec<(&'a Schedule, &'a str, &'a Segment)>>;

fn uses(schedules: &[Arc<Schedule>]) -> Uses<'_> {
    let mut map: Uses = BTreeMap::new();
    for s in schedules {
        for slot in &s.slots {
            for seg in slot.program.iter().filter(|g| g.pick.is_none()) {
                map.entry(seg.file.clone())
                    .or_default()
                    .push((s.as_ref(), slot.id.as_str(), seg));
            }
        }
    }
    map
}

/// Each airing's items as the daemon would air them with the drop folder
/// as it is now; rotating folders advance from where the daemon left them,
/// in memory only.
pub(crate) fn expand<'a>(
    station: &Station,
    lib: &Library,
    airings: &'a [Airing],
) -> Vec<(&'a Airing, Vec<Item>)> {
    let remembered = station.data_dir.join(crate::daemon::ROTATION_FILE);
    let mut rotation = Rotation::open(None, Some(&remembered));
    airings
        .iter()
        .map(|a| {
            (
                a,
                airing_items(lib, &station.settings, a, Some(&mut rotation)),
            )
        })
        .collect()
}

/// Why an item cannot air as things stand, if it cannot.
pub(crate) fn item_problem(item: &Item) -> Option<String> {
    match &item.source {
        Source::Ready(_) => None,
        Source::Fail(why) => Some(why.clone()),
        Source::Arriving | Source::Unchecked => Some(arriving()),
    }
}

pub(crate) fn airing_when(a: &Airing) -> String {
    format!(
        "{} {} {}",
        weekday_short_vi(a.at.weekday()),
        date_vi(a.at.date_naive()),
        a.at.format("%H:%M:%S")
    )
}

/// `loaxa check`: settings, schedules and every referenced audio file.
/// Returns whether there were no errors.
pub fn check(
    station: &Station,
    now: DateTime<Utc>,
    days: u32,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let (schedules, mut diags) = station.load_schedules();
    let upcoming = plan(
        &schedules,
        &station.calendar(),
        now,
        now + Duration::days(days.into()),
    );

    // Every referenced file decoded whole (once: the library keeps what it
    // found), and found however its name was typed.
    let lib = station.library(std::time::SystemTime::now());
    let used = uses(&schedules);
    let mut verdicts: BTreeMap<String, Result<AudioInfo, String>> = BTreeMap::new();
    for (file, places) in &used {
        let verdict = match lib.lookup(file) {
            Err(e) => Err(e.to_string()),
            Ok(entry) => match &entry.state {
                State::Ready(f) => Ok(AudioInfo {
                    duration: f.duration,
                    rate: f.rate,
                    channels: f.channels,
                    frames: f.frames,
                    damaged: f.damaged,
                }),
                State::Unusable(why) => Err(why.clone()),
                State::Arriving | State::Unchecked => Err(arriving()),
            },
        };
        let first_need = upcoming
            .iter()
            .find(|a| a.program().iter().any(|s| &s.file == file))
            .map(airing_when);
        let (arriving, missing) = (arriving(), t!("audio-missing"));
        let facts = match lib.lookup(file).map(|e| &e.state) {
            Ok(State::Ready(f)) => Some(f),
            _ => None,
        };
        for (schedule, slot, seg) in places {
            let shown = station.shown(&station.dir.join(&schedule.name));
            let level = seg.level.unwrap_or(station.settings.level);
            for note in facts.map(|f| f.warnings(level)).unwrap_or_default() {
                diags.push(Diagnostic::warning(
                    &shown,
                    seg.pos,
                    crate::diag::in_slot(slot, crate::diag::in_field(file, Msg::verbatim(note))),
                    msg!("check-record-again"),
                ));
            }
            match &verdict {
                Err(why) if *why == arriving => diags.push(Diagnostic::warning(
                    &shown,
                    seg.pos,
                    crate::diag::in_slot(
                        slot,
                        crate::diag::in_field(file, Msg::verbatim(why.clone())),
                    ),
                    msg!("check-arriving-hint"),
                )),
                Err(why) => {
                    let hint = match (&first_need, *why == missing) {
                        (Some(when), true) => msg!("check-copy-before", file = file, when = when),
                        (None, true) => msg!("check-copy-or-rename", file = file),
                        (Some(when), false) => msg!("check-again-before", when = when),
                        (None, false) => msg!("check-again"),
                    };
                    diags.push(Diagnostic::error(
                        &shown,
                        seg.pos,
                        crate::diag::in_slot(
                            slot,
                            crate::diag::in_field(file, Msg::verbatim(why.clone())),
                        ),
                        hint,
                    ));
                }
                Ok(info) if info.damaged > 0 => diags.push(Diagnostic::warning(
                    &shown,
                    seg.pos,
                    crate::diag::in_slot(
                        slot,
                        msg!("check-damaged-frames", file = file, count = info.damaged),
                    ),
                    msg!("check-damaged-frames-hint"),
                )),
                Ok(_) => {}
            }
        }
        verdicts.insert(file.clone(), verdict);
    }

    // Folder items: the folder must exist and hold a ready recording by the
    // time a slot needs it.
    for sched in &schedules {
        for slot in &sched.slots {
            for seg in slot.program.iter().filter(|g| g.pick.is_some()) {
                if !lib.folder(&seg.file).is_empty() {
                    continue;
                }
                let shown = station.shown(&station.dir.join(&sched.name));
                let when = upcoming
                    .iter()
                    .find(|a| a.schedule.name == sched.name && a.slot().id == slot.id)
                    .map(airing_when);
                let what = if station.audio_dir.join(&seg.file).is_dir() {
                    msg!("check-folder-empty", folder = &seg.file)
                } else {
                    msg!("check-folder-missing", folder = &seg.file)
                };
                let message = crate::diag::in_slot(&slot.id, what);
                diags.push(match when {
                    Some(when) => Diagnostic::error(
                        &shown,
                        seg.pos,
                        message,
                        msg!("check-folder-drop-before", folder = &seg.file, when = when),
                    ),
                    None => Diagnostic::warning(
                        &shown,
                        seg.pos,
                        message,
                        msg!("check-folder-create", folder = &seg.file),
                    ),
                });
            }
        }
    }
    // Unusable recordings no schedule names directly: a folder pick passes
    // them over, or nothing airs them; either way the operator should know.
    let named: std::collections::BTreeSet<&str> = used
        .keys()
        .filter_map(|f| lib.lookup(f).ok().map(|e| e.rel.as_str()))
        .collect();
    for e in lib.entries() {
        let State::Unusable(why) = &e.state else {
            continue;
        };
        if named.contains(e.rel.as_str()) {
            continue;
        }
        let parent = e.rel.rsplit_once('/').map_or("", |(p, _)| p);
        let pickers: Vec<&str> = schedules
            .iter()
            .flat_map(|s| &s.slots)
            .filter(|slot| {
                slot.program.iter().any(|g| {
                    g.pick.is_some()
                        && crate::library::name_key(g.file.trim_end_matches('/'))
                            == crate::library::name_key(parent)
                })
            })
            .map(|slot| slot.id.as_str())
            .collect();
        let hint = if pickers.is_empty() {
            msg!("check-unused-broken")
        } else {
            msg!(
                "check-passed-over",
                count = pickers.len(),
                slots = pickers
                    .iter()
                    .map(|id| format!("\"{id}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                folder = parent
            )
        };
        diags.push(Diagnostic::warning(
            &station.shown(&station.audio_dir.join(&e.rel)),
            crate::diag::Pos::FILE,
            Msg::verbatim(why.clone()),
            hint,
        ));
    }
    let concrete = expand(station, &lib, &upcoming);

    // Two normal programs must not overlap (priority and emergency ones cut
    // in by design). Lengths are the files' real durations.
    let normal: Vec<(&Airing, f64)> = concrete
        .iter()
        .filter(|(a, _)| a.priority() == Priority::Normal)
        .map(|(a, items)| {
            let len = items
                .iter()
                .filter_map(|i| match &i.source {
                    Source::Ready(f) => Some(f.duration),
                    _ => None,
                })
                .sum();
            (*a, len)
        })
        .collect();
    // Once per pair of slots, the first time, with how often: a slot every
    // second is one mistake, not six hundred thousand.
    let mut overlaps: Vec<(&Airing, &Airing, DateTime<Utc>, usize)> = Vec::new();
    let mut seen: std::collections::HashMap<[&str; 4], usize> = std::collections::HashMap::new();
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
                Some(&i) => overlaps[i].3 += 1,
                None => {
                    seen.insert(key, overlaps.len());
                    overlaps.push((a, b, end.with_timezone(&Utc), 1));
                }
            }
        }
    }
    for (a, b, end, count) in overlaps {
        let end = end.with_timezone(&a.at.timezone());
        let shown = station.shown(&station.dir.join(&b.schedule.name));
        let what = msg!(
            "check-overlap",
            slot = &b.slot().id,
            schedule = &b.schedule.name,
            when = airing_when(b),
            other = &a.slot().id,
            other_schedule = &a.schedule.name,
            other_when = airing_when(a),
            until = end.format("%H:%M:%S").to_string(),
        );
        let what = if count > 1 {
            msg!(
                "two-parts",
                first = what,
                second = msg!("check-overlap-times", count = count, days = days)
            )
        } else {
            what
        };
        diags.push(Diagnostic::error(
            &shown,
            b.slot().pos,
            what,
            msg!("check-overlap-hint"),
        ));
    }

    diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    diags.dedup();
    for d in &diags {
        writeln!(out, "{}", crate::i18n::diagnostic(d))?;
    }

    let at_risk: Vec<(&Airing, Vec<(&str, String)>)> = concrete
        .iter()
        .filter_map(|(a, items)| {
            let bad: Vec<(&str, String)> = items
                .iter()
                .filter_map(|i| item_problem(i).map(|why| (i.file.as_str(), why)))
                .collect();
            (!bad.is_empty()).then_some((*a, bad))
        })
        .collect();
    if !at_risk.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", t!("check-at-risk", days = days))?;
        for (a, bad) in &at_risk {
            for (file, why) in bad {
                writeln!(
                    out,
                    "  {}  {} ({}): {file} — {why}",
                    airing_when(a),
                    t!("check-slot", slot = &a.slot().id),
                    a.schedule.name
                )?;
            }
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t!(
            "check-counts",
            schedules = schedules.len(),
            slots = schedules.iter().map(|s| s.slots.len()).sum::<usize>(),
            files = lib.entries().count(),
            airings = upcoming.len(),
            days = days,
            at_risk = at_risk.len()
        )
    )?;
    writeln!(
        out,
        "{}",
        t!("check-summary", errors = errors, warnings = warnings)
    )?;
    Ok(errors == 0)
}

/// Midnight at the start of a local date, as an instant.
pub fn day_start(station: &Station, d: NaiveDate) -> DateTime<Utc> {
    let tz = station.settings.timezone;
    tz.from_local_datetime(&d.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
}

/// `loaxa plan`: the agenda.
pub fn plan_cmd(
    station: &Station,
    from: NaiveDate,
    days: u32,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (schedules, diags) = station.load_schedules();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let start = day_start(station, from);
    let end = day_start(station, from + Duration::days(days.into()));
    let airings = plan(&schedules, &station.calendar(), start, end);
    let lib = station.library(std::time::SystemTime::now());
    let concrete = expand(station, &lib, &airings);
    if json {
        for (a, items) in &concrete {
            let slot = a.slot();
            let v = serde_json::json!({
                "at": rfc3339_ms(&a.at),
                "date": date_vi(a.at.date_naive()),
                "weekday": weekday_short_vi(a.at.weekday()),
                "slot": slot.id,
                "title": slot.title,
                "priority": slot.priority.en(),
                "schedule": a.schedule.name,
                "segments": items.iter().map(|i| i.file.as_str()).collect::<Vec<_>>(),
                "items": items.iter().map(|i| serde_json::json!({
                    "file": i.file, "title": i.title, "topic": i.topic, "author": i.author,
                    "folder": i.picked.as_ref().map(|(f, _)| f),
                    "pick": i.picked.as_ref().map(|(_, p)| p.word()),
                    "problem": item_problem(i),
                })).collect::<Vec<_>>(),
            });
            writeln!(out, "{v}")?;
        }
        return Ok(());
    }
    if errors > 0 {
        writeln!(out, "{}\n", t!("plan-has-errors", errors = errors))?;
    }
    let mut day = None;
    for (a, items) in &concrete {
        let d = a.at.date_naive();
        if day != Some(d) {
            if day.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{} {}", weekday_long_vi(d.weekday()), date_vi(d))?;
            day = Some(d);
        }
        let slot = a.slot();
        writeln!(
            out,
            "  {}  {}{}{}  ({})",
            a.at.format("%H:%M:%S"),
            slot.id,
            slot.title
                .as_deref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default(),
            if slot.priority == Priority::Normal {
                String::new()
            } else {
                format!(" [{}]", slot.priority.vi())
            },
            a.schedule.name
        )?;
        for i in items {
            let mut extra = match (&i.title, &i.topic) {
                (Some(t), Some(c)) => format!("  «{t}» [{c}]"),
                (Some(t), None) => format!("  «{t}»"),
                (None, Some(c)) => format!("  [{c}]"),
                (None, None) => String::new(),
            };
            if let Some((folder, pick)) = &i.picked {
                extra.push_str(&format!("  ← {folder}/ ({})", pick.word()));
            }
            if let Some(why) = item_problem(i) {
                extra.push_str(&format!("  ✗ {why}"));
            }
            writeln!(out, "      {}{extra}", i.file)?;
        }
    }
    if airings.is_empty() {
        writeln!(
            out,
            "{}",
            t!("plan-nothing", from = date_vi(from), days = days)
        )?;
    }
    Ok(())
}

/// `loaxa log verify`: the hash chain, checked from the genesis to the head.
pub fn verify_cmd(
    station: &Station,
    path: &std::path::Path,
    head: Option<&str>,
    must_exist: bool,
    out: &mut dyn Write,
) -> Result<bool, crate::airlog::LogError> {
    let read_err = |source| crate::airlog::LogError::Read {
        path: path.to_path_buf(),
        source,
    };
    let shown = station.shown(path);
    let bytes = match airlog::read_bytes(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound && !must_exist => {
            writeln!(out, "{shown}: {}", t!("verify-no-log")).map_err(read_err)?;
            return Ok(true);
        }
        read => read.map_err(read_err)?,
    };
    let v = airlog::verify(&bytes);
    let io = |e: io::Error| read_err(e);
    // A copy handed over to be checked must hold a log: an empty file
    // proves nothing.
    if must_exist && v.records == 0 {
        writeln!(
            out,
            "{shown}: {}: {}",
            t!("diag-error"),
            t!("export-not-a-log")
        )
        .map_err(io)?;
        return Ok(false);
    }
    if let Some(b) = &v.broken {
        writeln!(
            out,
            "{shown}:{}: {}: {} — {}",
            b.line,
            t!("diag-error"),
            b.what,
            t!("verify-broken-hint")
        )
        .map_err(io)?;
        writeln!(
            out,
            "{}",
            t!("verify-verified-before", records = v.records, line = b.line)
        )
        .map_err(io)?;
        return Ok(false);
    }
    if v.records == 0 {
        if v.sealed > 0 {
            writeln!(
                out,
                "{shown}: {}: {}",
                t!("diag-error"),
                t!("verify-unsealed", records = v.sealed)
            )
            .map_err(io)?;
            return Ok(false);
        }
        writeln!(out, "{shown}: {}", t!("verify-empty")).map_err(io)?;
        return Ok(true);
    }
    writeln!(out, "{shown}: {}", t!("verify-whole", records = v.records)).map_err(io)?;
    if v.sealed > 0 {
        writeln!(out, "{}", t!("verify-sealed", lines = v.sealed)).map_err(io)?;
    }
    if let Some(line) = v.unfinished {
        writeln!(out, "{}", t!("verify-unfinished", line = line)).map_err(io)?;
    }
    writeln!(out, "head: {}", v.head.as_deref().unwrap_or_default()).map_err(io)?;
    if let Some(h) = head {
        let h = h.trim().trim_end_matches(['…', '.']).trim().to_lowercase();
        let found = match airlog::find_head(&v.hashes, &h) {
            Ok(found) => found,
            Err(problem) => {
                writeln!(out, "{shown}: {}: {problem}", t!("diag-error")).map_err(io)?;
                return Ok(false);
            }
        };
        match found {
            Some(i) => writeln!(
                out,
                "{}",
                t!(
                    "verify-head-found",
                    head = &h,
                    record = i + 1,
                    records = v.records
                )
            )
            .map_err(io)?,
            None => {
                writeln!(
                    out,
                    "{shown}: {}: {}",
                    t!("diag-error"),
                    t!("verify-head-missing", head = &h)
                )
                .map_err(io)?;
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// `loaxa log`: one row per segment airing.
pub fn log_cmd(
    station: &Station,
    path: &std::path::Path,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    json: bool,
    out: &mut dyn Write,
    warn: &mut dyn Write,
) -> Result<(), crate::airlog::LogError> {
    let path = path.to_path_buf();
    let (records, bad) = airlog::read(&path)?;
    let io = |e: io::Error| crate::airlog::LogError::Read {
        path: path.clone(),
        source: e,
    };
    for b in &bad {
        writeln!(
            warn,
            "{}: {}",
            station.shown(&path),
            t!("log-bad-line", line = b.line, detail = &b.problem)
        )
        .map_err(io)?;
    }
    let rows: Vec<_> = airlog::rows(&records)
        .into_iter()
        .filter(|r| from.is_none_or(|f| r.date() >= f) && to.is_none_or(|t| r.date() <= t))
        .collect();
    for r in &rows {
        if json {
            writeln!(out, "{}", r.to_json()).map_err(io)?;
            continue;
        }
        let t = |d: &Option<DateTime<chrono::FixedOffset>>| {
            d.map(|t| t.format("%H:%M:%S%.3f").to_string())
                .unwrap_or_else(|| "—".to_string())
        };
        let day = r.started.unwrap_or(r.scheduled);
        let status = t!(
            "status-result",
            status = r.status.map_or("on_air", |s| s.en())
        );
        writeln!(
            out,
            "{} {} {}  {} → {}  {:<11} {}  {}{}",
            date_vi(day.date_naive()),
            weekday_short_vi(day.weekday()),
            r.scheduled.format("%H:%M:%S"),
            t(&r.started),
            t(&r.ended),
            status,
            r.slot,
            r.file,
            r.reason
                .as_deref()
                .map(|x| format!("  ({x})"))
                .unwrap_or_default()
        )
        .map_err(io)?;
    }
    if rows.is_empty() && !json {
        writeln!(out, "{}", t!("log-empty-period")).map_err(io)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Xlsx,
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Log(#[from] crate::airlog::LogError),
    #[error("{file}:{line}: {}", t!("export-broken", detail = .what))]
    Broken {
        file: String,
        line: usize,
        what: String,
    },
    #[error("{file}: {}", t!("export-not-a-log"))]
    NotALog { file: String },
    #[error("{}", t!("export-same-log", first = .first, again = .again, station = .station))]
    SameLog {
        first: String,
        again: String,
        station: String,
    },
    #[error("{}", t!("export-cannot-write", detail = .0))]
    Write(String),
}

/// One log read for a report: its rows, and where its chain stands.
fn load_log(
    path: &std::path::Path,
    shown: &str,
    station: Option<&str>,
    strict: bool,
) -> Result<
    (
        Vec<airlog::AiringRow>,
        report::LogInfo,
        Option<airlog::Broken>,
    ),
    ExportError,
> {
    let bytes = match airlog::read_bytes(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !strict => Vec::new(),
        Err(source) => {
            return Err(crate::airlog::LogError::Read {
                path: path.to_path_buf(),
                source,
            }
            .into());
        }
    };
    let v = airlog::verify(&bytes);
    if strict {
        if let Some(b) = &v.broken {
            return Err(ExportError::Broken {
                file: shown.to_string(),
                line: b.line,
                what: b.what.clone(),
            });
        }
        if v.records == 0 {
            return Err(ExportError::NotALog {
                file: shown.to_string(),
            });
        }
    }
    let (records, _) = airlog::parse(&bytes);
    drop(bytes);
    // Whose log: the genesis says, for a log sent from elsewhere.
    let named = records.iter().rev().find_map(|r| match r {
        airlog::Record::Genesis { station, .. } => Some(station.clone()),
        _ => None,
    });
    let name = station
        .map(str::to_string)
        .or(named)
        .unwrap_or_else(|| shown.to_string());
    let mut rows = airlog::rows(&records);
    drop(records);
    if strict {
        for r in &mut rows {
            r.station = Some(name.clone());
        }
    }
    let info = report::LogInfo {
        station: name,
        file: shown.to_string(),
        records: v.records,
        head: v.head.unwrap_or_default(),
        genesis: v.hashes.first().map(hex::encode).unwrap_or_default(),
    };
    Ok((rows, info, v.broken))
}

/// `loaxa export`: writes the report to `dest` and returns the summary
/// text. From the station's own log, or (a roll-up) from the logs given,
/// each verified first and refused if its chain is broken.
pub fn export(
    station: &Station,
    period: Period,
    format: ExportFormat,
    lang: report::Lang,
    logs: &[std::path::PathBuf],
    dest: &mut dyn Write,
) -> Result<String, ExportError> {
    let topics = &station.settings.topics;
    let mut rows = Vec::new();
    let mut infos = Vec::new();
    let mut warning = String::new();
    if logs.is_empty() {
        let path = station.airing_log_path();
        // As the station knows it, wherever the command was run from.
        let shown = path
            .strip_prefix(&station.dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| station.shown(&path));
        let (r, info, broken) = load_log(&path, &shown, Some(&station.settings.station), false)?;
        if let Some(b) = broken {
            // The station's own report is still made, with the break on it.
            warning = format!(
                "{}: {shown}:{}: {}\n",
                t!("export-warning"),
                b.line,
                t!("export-own-broken", detail = &b.what)
            );
        }
        rows = r;
        infos.push(info);
    } else {
        for path in logs {
            let shown = path.display().to_string();
            let (r, info, _) = load_log(path, &shown, None, true)?;
            // The same log twice (the same file, or a copy at any point of
            // its life) would count a commune's airings twice.
            if let Some(twin) = infos.iter().find(|i| i.genesis == info.genesis) {
                return Err(ExportError::SameLog {
                    first: twin.file.clone(),
                    again: info.file,
                    station: info.station,
                });
            }
            rows.extend(r);
            infos.push(info);
        }
    }
    let name = if logs.is_empty() {
        station.settings.station.clone()
    } else {
        let names: Vec<&str> = infos.iter().map(|i| i.station.as_str()).collect();
        t_in!(
            lang,
            "export-stations",
            count = names.len(),
            names = names.join(", ")
        )
    };
    let mut rep = report::build(&name, period, &rows, topics);
    rep.logs = infos;
    let io = |e: io::Error| ExportError::Write(e.to_string());
    match format {
        ExportFormat::Csv => rep.write_csv(topics, lang, dest).map_err(io)?,
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut *dest, &rep.to_json(topics, lang))
                .map_err(|e| io(io::Error::other(e)))?;
            writeln!(dest).map_err(io)?;
        }
        ExportFormat::Xlsx => crate::xlsx::write(&rep, topics, lang, dest)
            .map_err(|e| ExportError::Write(e.to_string()))?,
    }
    dest.flush().map_err(io)?;
    Ok(warning + &rep.summary(topics, lang))
}

/// What `loaxa simulate` prints: the period's totals, per day.
pub fn simulation_summary(
    station: &Station,
    log: &std::path::Path,
    from: NaiveDate,
    to: NaiveDate,
    took: std::time::Duration,
    out: &mut dyn Write,
) -> Result<(), crate::airlog::LogError> {
    use crate::airlog::Status;
    let (records, _) = airlog::read(log)?;
    let rows = airlog::rows(&records);
    let io = |e: io::Error| crate::airlog::LogError::Write {
        path: log.to_path_buf(),
        source: e,
    };
    let mut days: BTreeMap<NaiveDate, (usize, usize, f64, usize)> = BTreeMap::new();
    let mut programs = std::collections::HashSet::new();
    for r in &rows {
        let d = days.entry(r.date()).or_default();
        programs.insert((r.schedule.clone(), r.slot.clone(), r.scheduled));
        match r.status {
            Some(Status::Completed) => {
                d.0 += 1;
                d.2 += r.played.unwrap_or(0.0);
            }
            Some(Status::Skipped | Status::Missed | Status::Failed) => d.1 += 1,
            _ => d.3 += 1,
        }
    }
    writeln!(
        out,
        "{}",
        t!(
            "sim-summary",
            from = date_vi(from),
            to = date_vi(to),
            seconds = format!("{:.2}", took.as_secs_f64()),
            programs = programs.len()
        )
    )
    .map_err(io)?;
    for (d, (aired, not, secs, other)) in &days {
        writeln!(
            out,
            "  {} {}  {}",
            weekday_short_vi(d.weekday()),
            date_vi(*d),
            t!(
                "sim-day",
                aired = aired,
                duration = crate::timefmt::duration_hms(*secs),
                not_aired = not,
                other = other
            )
        )
        .map_err(io)?;
    }
    writeln!(out, "{}", t!("sim-log", path = station.shown(log))).map_err(io)?;
    Ok(())
}

/// `loaxa library`: every file of the drop folder, its state, and which
/// airings of the coming days use it.
pub fn library_cmd(
    station: &Station,
    now: DateTime<Utc>,
    days: u32,
    problems_only: bool,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let lib = station.library(std::time::SystemTime::now());
    let (schedules, _) = station.load_schedules();
    let upcoming = plan(
        &schedules,
        &station.calendar(),
        now,
        now + Duration::days(days.into()),
    );
    // Which file each upcoming airing needs, by the name on disk.
    let mut needs: BTreeMap<String, Vec<&Airing>> = BTreeMap::new();
    let mut missing: BTreeMap<String, (Vec<&Airing>, String)> = BTreeMap::new();
    for (a, items) in expand(station, &lib, &upcoming) {
        for item in items {
            match (&item.source, lib.lookup(&item.file)) {
                (_, Ok(e)) => needs.entry(e.rel.clone()).or_default().push(a),
                (Source::Fail(why), Err(_)) => {
                    let m = missing
                        .entry(item.file.clone())
                        .or_insert_with(|| (Vec::new(), why.clone()));
                    m.0.push(a);
                }
                (_, Err(e)) => {
                    let m = missing
                        .entry(item.file.clone())
                        .or_insert_with(|| (Vec::new(), e.to_string()));
                    m.0.push(a);
                }
            }
        }
    }
    let used_by = |list: Option<&Vec<&Airing>>| -> Vec<String> {
        let v = list.map(Vec::as_slice).unwrap_or_default();
        let mut out: Vec<String> = v
            .iter()
            .take(3)
            .map(|a| format!("{} {}", a.slot().id, airing_when(a)))
            .collect();
        if v.len() > 3 {
            out.push(t!("lib-and-more", count = v.len() - 3));
        }
        out
    };
    let mut problems = 0;
    for e in lib.entries() {
        let (reason, facts) = match &e.state {
            State::Ready(f) => (None, Some(f)),
            State::Unusable(why) => (Some(why.clone()), None),
            State::Arriving | State::Unchecked => (Some(arriving()), None),
        };
        let warnings = facts
            .map(|f| f.warnings(station.settings.level))
            .unwrap_or_default();
        let reason = reason.or_else(|| (!warnings.is_empty()).then(|| warnings.join("; ")));
        let problem = reason.is_some() || facts.is_some_and(|f| f.damaged > 0);
        problems += usize::from(problem);
        if problems_only && !problem {
            continue;
        }
        let users = used_by(needs.get(&e.rel));
        if json {
            let v = serde_json::json!({
                "file": e.rel,
                "state": e.state.word(),
                "reason": reason,
                "duration": facts.map(|f| f.duration),
                "loudness": facts.and_then(|f| f.loudness),
                "true_peak": facts.and_then(|f| f.true_peak),
                "sha256": facts.map(|f| f.sha256.clone()),
                "used_by": users,
            });
            writeln!(out, "{v}")?;
        } else {
            let loud = facts
                .and_then(|f| f.loudness)
                .map(|l| format!("{l:.1} LUFS"))
                .unwrap_or_else(|| "—".into());
            let dur = facts
                .map(|f| crate::timefmt::duration_hms(f.duration))
                .unwrap_or_else(|| "—".into());
            writeln!(
                out,
                "{:<9} {:>8} {:>11}  {}{}{}",
                t!("lib-state", state = e.state.word()),
                dur,
                loud,
                e.rel,
                reason.map(|r| format!(" — {r}")).unwrap_or_default(),
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
    }
    for names in lib.ambiguous() {
        problems += 1;
        if json {
            writeln!(out, "{}", serde_json::json!({"ambiguous": names}))?;
        } else {
            writeln!(out, "{}", t!("lib-ambiguous", names = names.join(" | ")))?;
        }
    }
    for (file, (airings, why)) in &missing {
        problems += 1;
        let users = used_by(Some(airings));
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"file": file, "state": "missing", "reason": why, "used_by": users})
            )?;
        } else {
            writeln!(
                out,
                "{:<9} {:>8} {:>11}  {file} — {why}\n{:<32}{}",
                t!("lib-state", state = "missing"),
                "—",
                "—",
                "",
                t!("lib-needed-by", airings = users.join(", "))
            )?;
        }
    }
    if !json {
        writeln!(
            out,
            "{}",
            t!(
                "lib-summary",
                files = lib.entries().count(),
                folder = station.shown(&station.audio_dir),
                problems = problems
            )
        )?;
    }
    Ok(problems == 0)
}

/// What `loaxa init` did, and what to do next.
pub fn init_summary(
    dir: &std::path::Path,
    done: &crate::init::Done,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = dir.display().to_string();
    for made in &done.made {
        writeln!(out, "  + {made}")?;
    }
    if !done.kept.is_empty() {
        writeln!(
            out,
            "{}",
            t!(
                "init-kept",
                count = done.kept.len(),
                files = done.kept.join(", ")
            )
        )?;
    }
    if let Some(name) = &done.name_not_set {
        writeln!(out, "{}", t!("init-name-kept", name = name))?;
    }
    writeln!(out, "\n{}", t!("init-done", path = &shown))?;
    match done.example {
        true => writeln!(out, "{}", t!("init-next-example")),
        false => writeln!(out, "{}", t!("init-next")),
    }
}
