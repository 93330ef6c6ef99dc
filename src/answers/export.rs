//! The CCHC report of a period (`loaxa export`, `GET /api/report`): which
//! period, the logs read and verified, the report built, and written as
//! CSV, JSON or XLSX.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;

use super::invalid::Invalid;
use crate::airlog;
use crate::i18n::Lang;
use crate::report::{self, Period, ReportText as _};
use crate::station::Station;
use crate::timefmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// UTF-8 with a byte-order mark, commas.
    Csv,
    /// Excel's "Unicode Text": UTF-16 with a byte-order mark, tabs.
    CsvExcel,
    Json,
    Xlsx,
}

impl Format {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcel => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportLang {
    Vi,
    En,
}

/// An export as asked, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Request {
    pub(crate) period: Period,
    pub(crate) format: Format,
    pub(crate) lang: Lang,
    /// Other stations' logs (a roll-up); none (and no `log_dirs`): the
    /// station's own.
    pub(crate) logs: Vec<PathBuf>,
    /// Folders of logs for the roll-up: every `*.jsonl` in each, by name.
    pub(crate) log_dirs: Vec<PathBuf>,
    /// `-`: standard output.
    pub(crate) dest: PathBuf,
    /// The day the report is made, at the station: its date line.
    pub(crate) made: NaiveDate,
}

/// A report period lies in the years a station's log can hold: a year of
/// five digits would name files `+99999-…` and mean nothing.
fn within_years(p: Period) -> Result<Period, Invalid> {
    let years = 1970..=9999;
    if !years.contains(&p.from.year()) || !years.contains(&p.to.year()) {
        return Err(Invalid::YearRange {
            from: p.from.year(),
            to: p.to.year(),
        });
    }
    Ok(p)
}

/// Which period a report is of, as `export`'s options name it (the
/// console's `period` is read as one of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Which {
    pub(crate) quarter: Option<String>,
    pub(crate) month: Option<String>,
    /// The name of one of the station's periods (CV 581's built in, or
    /// loaxa.toml's `[[periods]]`), in `year` (else this year).
    pub(crate) period: Option<String>,
    pub(crate) year: Option<i32>,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
}

/// The period asked for, within the years a log can hold; `today` at the
/// station (for a named period without a year).
pub(crate) fn period_of(
    station: &Station,
    which: &Which,
    today: NaiveDate,
) -> Result<Period, Invalid> {
    within_years(period(station, which, today)?)
}

/// What `loaxa export` names a report when not told: its period's dates
/// (`…_excel.csv` for the CSV made for Excel, beside the plain one).
pub(crate) fn file_name(period: &Period, format: Format) -> PathBuf {
    let flavour = match format {
        Format::CsvExcel => "_excel",
        _ => "",
    };
    PathBuf::from(format!(
        "bao-cao-cchc_{}{flavour}.{}",
        period.slug(),
        format.ext()
    ))
}

/// The report's language: as asked, else the session's.
pub(crate) fn lang_of(asked: Option<ReportLang>, session: Lang) -> Lang {
    match asked {
        Some(ReportLang::Vi) => Lang::Vi,
        Some(ReportLang::En) => Lang::En,
        None => session,
    }
}

/// The period an export asks for, from whichever options were given.
fn period(station: &Station, args: &Which, today: NaiveDate) -> Result<Period, Invalid> {
    if let Some(q) = &args.quarter {
        let (y, n) = timefmt::parse_quarter(q).map_err(Invalid::Quarter)?;
        return Period::quarter(y, n).ok_or(Invalid::OutOfRange);
    }
    if let Some(m) = &args.month {
        return month(m);
    }
    if let Some(name) = &args.period {
        let key = timefmt::fold_vi(name);
        let periods = &station.settings.periods;
        let found = periods
            .iter()
            .find(|p| timefmt::fold_vi(&p.name) == key || timefmt::fold_vi(&p.label) == key);
        let Some(p) = found else {
            let known: Vec<String> = periods.iter().map(|p| p.name.clone()).collect();
            return Err(Invalid::NoSuchPeriod {
                name: name.clone(),
                known,
            });
        };
        return p
            .of_year(args.year.unwrap_or(today.year()))
            .ok_or(Invalid::OutOfRange);
    }
    if let Some(y) = args.year {
        return Period::year(y).ok_or(Invalid::OutOfRange);
    }
    match (args.from, args.to) {
        (Some(from), Some(to)) if from > to => Err(Invalid::FromAfterTo { from, to }),
        (Some(f), Some(t)) => Ok(Period::dates(f, t)),
        _ => Err(Invalid::WhichPeriod),
    }
}

/// `YYYY-MM` or `MM/YYYY`.
fn month(m: &str) -> Result<Period, Invalid> {
    let bad = || Invalid::Month(m.to_string());
    let (y, n) = match (m.split_once('-'), m.split_once('/')) {
        (Some((y, n)), _) => (y, n),
        (None, Some((n, y))) => (y, n),
        _ => return Err(bad()),
    };
    let y: i32 = y.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    Period::month(y, n).ok_or_else(bad)
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
    #[error("{}", t!("export-dir-unreadable", dir = .dir, detail = .detail))]
    DirUnreadable { dir: String, detail: String },
    #[error("{}", t!("export-dir-empty", dir = .0))]
    DirEmpty(String),
    #[error("{}", t!("export-dir-link", file = .0))]
    DirLink(String),
    #[error("{}", t!("export-dir-not-file", file = .0))]
    DirNotFile(String),
    #[error("{}", t!("export-cannot-write", detail = .0))]
    Write(String),
    #[error("{}", t!("export-log-unreadable", file = .file, detail = .detail))]
    Unreadable { file: String, detail: String },
    #[error("{}", t!("export-simulation-log", file = .0))]
    Simulation(String),
    #[error("{}", t!("export-given-twice", file = .0))]
    GivenTwice(String),
    #[error("{}", t!("export-output-is-log", file = .0))]
    OutputIsLog(String),
    #[error("{}", t!("export-log-fault", file = .0))]
    Fault(String),
}

/// The report, and where the station's own chain breaks, if it does
/// (its report is still made, with the break on it).
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) report: report::Report,
    pub(crate) own_broken: Option<(String, airlog::Broken)>,
    /// What the operator should know of a roll-up's logs, in words (an
    /// unfinished last line, files of a folder left out).
    pub(crate) notices: Vec<String>,
}

/// One log read for a report: its rows, and where its chain stands.
struct Loaded {
    rows: Vec<airlog::AiringRow>,
    alerts: Vec<airlog::AlertRow>,
    /// Its silences on air in the period.
    silences: usize,
    info: report::LogInfo,
    broken: Option<airlog::Broken>,
    /// Its unfinished last line, not counted.
    unfinished: Option<usize>,
}

/// At most this many rows of the period are listed in a roll-up (the CSV
/// and XLSX log tables, JSON `rows`): a district's communes fit for a
/// year (15 × ~3,500); a province's do not, and get the statistics per
/// station only. One station's export always lists all its rows.
pub(crate) const ROLLUP_ROWS: usize = 100_000;

/// A roll-up names its stations, as many as a sentence can hold.
const NAMED_STATIONS: usize = 10;

/// Reads and verifies the logs and builds the report, a few logs at a
/// time (only a log's totals are kept once it is counted); a roll-up
/// refuses a log whose chain is broken, and the same log twice.
pub(crate) fn compute(station: &Station, req: &Request) -> Result<Built, ExportError> {
    let topics = &station.settings.topics;
    if req.logs.is_empty() && req.log_dirs.is_empty() {
        let path = station.airing_log_path();
        // As the station knows it, wherever the command was run from.
        let shown = path
            .strip_prefix(&station.dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| station.shown(&path));
        let name = &station.settings.station;
        not_a_log(&req.dest, std::slice::from_ref(&path))?;
        let l = load_log(&path, &shown, Some(name), false, &req.period)?;
        let own_broken = l.broken.map(|b| (shown, b));
        let mut b = report::Builder::new(req.period.clone(), topics, usize::MAX);
        b.add_log(l.info, l.rows, l.alerts, l.silences);
        let report = b.finish(name);
        let notices = Vec::new();
        return Ok(Built {
            report,
            own_broken,
            notices,
        });
    }
    let mut b = report::Builder::new(req.period.clone(), topics, ROLLUP_ROWS);
    let (paths, mut notices) = logs_of(req)?;
    not_a_log(&req.dest, &paths)?;
    // A few logs at a time, one per core, each read and verified on its
    // own thread; counted in the order given.
    let at_once = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
    for some in paths.chunks(at_once) {
        let loaded: Vec<Result<Loaded, ExportError>> = std::thread::scope(|s| {
            let reading: Vec<_> = some
                .iter()
                .map(|path| {
                    s.spawn(|| load_log(path, &path.display().to_string(), None, true, &req.period))
                })
                .collect();
            reading
                .into_iter()
                .zip(some)
                .map(|(t, path)| joined(t.join(), path))
                .collect()
        });
        for l in loaded {
            let l = l?;
            // The same log twice (the same file, or a copy at any point of
            // its life) would count a commune's airings twice.
            if let Some(twin) = b.logs().find(|i| i.genesis == l.info.genesis) {
                return Err(same_log(&twin.file, l.info));
            }
            if let Some(line) = l.unfinished {
                let file = &l.info.file;
                notices.push(t!("export-unfinished", file = file, line = line));
            }
            b.add_log(l.info, l.rows, l.alerts, l.silences);
        }
    }
    let names: Vec<&str> = b.logs().map(|i| i.station.as_str()).collect();
    let name = if names.len() > NAMED_STATIONS {
        t_in!(req.lang, "export-stations-many", count = names.len())
    } else {
        t_in!(
            req.lang,
            "export-stations",
            count = names.len(),
            names = names.join(", ")
        )
    };
    Ok(Built {
        report: b.finish(&name),
        own_broken: None,
        notices,
    })
}

/// Refuses to write the report over one of the logs it is made from (the
/// same file, whatever the path says): `-o my-hoa.jsonl` or `-o
/// data/airing-log.jsonl` would replace the evidence with the report.
fn not_a_log(dest: &Path, logs: &[PathBuf]) -> Result<(), ExportError> {
    use std::os::unix::fs::MetadataExt;
    let Some(d) = (dest.as_os_str() != "-")
        .then(|| std::fs::metadata(dest).ok())
        .flatten()
    else {
        return Ok(());
    };
    let same =
        |l: &PathBuf| std::fs::metadata(l).is_ok_and(|m| (m.dev(), m.ino()) == (d.dev(), d.ino()));
    match logs.iter().any(same) {
        true => Err(ExportError::OutputIsLog(dest.display().to_string())),
        false => Ok(()),
    }
}

/// `again` has the first record of the log read from `first`: the very
/// same file given twice, or a copy of the log.
fn same_log(first: &str, again: report::LogInfo) -> ExportError {
    let real = |f: &str| std::fs::canonicalize(f).ok();
    if real(first).is_some() && real(first) == real(&again.file) {
        return ExportError::GivenTwice(again.file);
    }
    ExportError::SameLog {
        first: first.to_string(),
        again: again.file,
        station: again.station,
    }
}

/// A log's reading thread, ended: a fault in it (a panic) is an error
/// naming that log, so the export stops with its name instead of crashing,
/// and no report leaves a log out without a word.
fn joined(
    ended: std::thread::Result<Result<Loaded, ExportError>>,
    path: &Path,
) -> Result<Loaded, ExportError> {
    ended.unwrap_or_else(|_| Err(ExportError::Fault(path.display().to_string())))
}

/// The logs of a roll-up: those given one by one, then each folder's;
/// and a notice per folder naming what in it was left out.
fn logs_of(req: &Request) -> Result<(Vec<PathBuf>, Vec<String>), ExportError> {
    let mut logs = req.logs.clone();
    let mut notices = Vec::new();
    for dir in &req.log_dirs {
        let (found, left_out) = logs_in(dir)?;
        logs.extend(found);
        if !left_out.is_empty() {
            let (dir, files) = (dir.display().to_string(), left_out.join(", "));
            notices.push(t!("export-dir-left-out", dir = dir, files = files));
        }
    }
    Ok((logs, notices))
}

/// Every `*.jsonl` file in `dir` (not in its subfolders), sorted by name,
/// and the names of what else is there (hidden files aside), sorted: left
/// out, but said, so that a log saved as `my-hoa.jsonl.txt` or a commune's
/// whole folder copied in is noticed. A link or anything but a regular
/// file under a log's name is refused, named: a district's count must not
/// quietly leave a commune out, nor follow a link elsewhere. A folder
/// with no log says what to put in it.
fn logs_in(dir: &Path) -> Result<(Vec<PathBuf>, Vec<String>), ExportError> {
    let unreadable = |e: io::Error| ExportError::DirUnreadable {
        dir: dir.display().to_string(),
        detail: crate::i18n::os_detail(&e),
    };
    let (mut found, mut left_out) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let entry = entry.map_err(unreadable)?;
        let name = entry.file_name();
        let bytes = name.as_encoded_bytes();
        if bytes.starts_with(b".") {
            continue;
        }
        if !bytes.to_ascii_lowercase().ends_with(b".jsonl") {
            left_out.push(name.to_string_lossy().into_owned());
            continue;
        }
        let path = entry.path();
        // The entry itself, not what a link points to.
        let kind = entry.file_type().map_err(unreadable)?;
        if kind.is_symlink() {
            return Err(ExportError::DirLink(path.display().to_string()));
        }
        if !kind.is_file() {
            return Err(ExportError::DirNotFile(path.display().to_string()));
        }
        found.push(path);
    }
    if found.is_empty() {
        return Err(ExportError::DirEmpty(dir.display().to_string()));
    }
    found.sort();
    left_out.sort();
    Ok((found, left_out))
}

fn load_log(
    path: &Path,
    shown: &str,
    station: Option<&str>,
    strict: bool,
    period: &Period,
) -> Result<Loaded, ExportError> {
    let bytes = match airlog::read_bytes(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !strict => Vec::new(),
        // Another station's log: what to do about it.
        Err(e) if strict => {
            let (file, detail) = (shown.to_string(), crate::i18n::os_detail(&e));
            return Err(ExportError::Unreadable { file, detail });
        }
        Err(source) => {
            let path = path.to_path_buf();
            return Err(airlog::LogError::Read { path, source }.into());
        }
    };
    let (v, verified) = airlog::verify_records(&bytes);
    if strict {
        if let Some(b) = &v.broken {
            return Err(ExportError::Broken {
                file: shown.to_string(),
                line: b.line,
                what: crate::i18n::render(&b.what),
            });
        }
        if v.records == 0 {
            let file = shown.to_string();
            return Err(ExportError::NotALog { file });
        }
    }
    // A whole chain's records were read while verifying it; a broken one
    // (the station's own, reported with the break) is read to its end.
    let records = match v.broken {
        None => verified,
        Some(_) => airlog::parse(&bytes).0,
    };
    drop(bytes);
    if strict && airlog::is_simulation(&records) {
        return Err(ExportError::Simulation(shown.to_string()));
    }
    // Whose log: the genesis says, for a log sent from elsewhere.
    // A genesis with no name (a hand-made log): the file names it.
    let named = records.iter().rev().find_map(|r| match r {
        airlog::Record::Genesis { station, .. } if !station.trim().is_empty() => {
            Some(station.clone())
        }
        _ => None,
    });
    let name = station
        .map(str::to_string)
        .or(named)
        .unwrap_or_else(|| shown.to_string());
    let mut rows = airlog::rows(&records);
    let mut alerts = airlog::alerts(&records);
    let silences = report::silence_problems(period, &records);
    drop(records);
    if strict {
        for r in &mut rows {
            r.station = Some(name.clone());
        }
        for a in &mut alerts {
            a.station = Some(name.clone());
        }
    }
    let info = report::LogInfo {
        station: name,
        file: shown.to_string(),
        records: v.records,
        head: v.head.unwrap_or_default(),
        genesis: v.hashes.first().map(hex::encode).unwrap_or_default(),
    };
    Ok(Loaded {
        rows,
        alerts,
        silences,
        info,
        broken: v.broken,
        unfinished: v.unfinished,
    })
}

/// Writes the report to `dest` in the format asked and returns the
/// summary for the operator.
pub(crate) fn write(
    built: &Built,
    station: &Station,
    req: &Request,
    dest: &mut dyn Write,
) -> Result<String, ExportError> {
    let (topics, lang, rep) = (&station.settings.topics, req.lang, &built.report);
    let io = |e: io::Error| ExportError::Write(crate::i18n::os_detail(&e));
    match req.format {
        Format::Csv => rep.write_csv(topics, lang, dest).map_err(io)?,
        Format::CsvExcel => rep.write_csv_excel(topics, lang, dest).map_err(io)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *dest, &rep.to_json(topics, lang))
                .map_err(|e| io(io::Error::other(e)))?;
            writeln!(dest).map_err(io)?;
        }
        Format::Xlsx => {
            let paper = crate::xlsx::Paper::new(rep, &station.settings, req.made, lang);
            crate::xlsx::write(rep, topics, &paper, dest)
                .map_err(|e| ExportError::Write(e.to_string()))?
        }
    }
    dest.flush().map_err(io)?;
    let warning = match &built.own_broken {
        Some((shown, b)) => format!(
            "{}: {shown}:{}: {}\n",
            t!("export-warning"),
            b.line,
            t!("export-own-broken", detail = &b.what)
        ),
        None => String::new(),
    };
    let notices: String = built
        .notices
        .iter()
        .map(|n| format!("{}: {n}\n", t!("export-warning")))
        .collect();
    Ok(warning + &notices + &rep.summary(topics, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_reading_one_log_is_an_error_naming_it() {
        let ended = std::thread::spawn(|| -> Result<Loaded, ExportError> {
            panic!("a fault while reading");
        })
        .join();
        let err = joined(ended, Path::new("nhat-ky/my-hoa.jsonl")).err();
        assert!(
            matches!(&err, Some(ExportError::Fault(f)) if f == "nhat-ky/my-hoa.jsonl"),
            "{err:?}"
        );
        let said = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(said.contains("nhat-ky/my-hoa.jsonl"), "{said}");
    }
}
