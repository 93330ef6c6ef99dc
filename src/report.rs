//! The CCHC report in words: headings, statuses, weekdays, the sentence,
//! and writing it (CSV in two flavours, JSON; XLSX in `xlsx`) to any
//! `Write`. What the
//! report holds is built by the core (`loaxa_core::report::build`).

use std::io::Write;

use chrono::Datelike;

pub use loaxa_core::report::*;

mod json;
mod stations;
pub use json::SCHEMA;
pub use stations::{percent, station_cells, station_headers, station_labels, station_numbers};

use crate::airlog::{AiringRow, AlertRow, Status};
use crate::timefmt::{date_vi, quarter_vi, span, time_vi, weekday_short_vi};
use crate::topics::TopicList;

/// The language of the report's words (headings, statuses, weekdays, the
/// sentence). Dates stay dd/mm/yyyy either way.
pub use crate::i18n::Lang;

/// A period in words: its name and how the report sentence opens.
pub trait PeriodText {
    fn label(&self, lang: Lang) -> String;
    fn phrase(&self, lang: Lang) -> String;
}

impl PeriodText for Period {
    /// "Quý I/2014", "Tháng 3/2014", "Năm 2014", "6 tháng đầu năm 2014", or the dates.
    fn label(&self, lang: Lang) -> String {
        let (f, t) = (date_vi(self.from), date_vi(self.to));
        match (&self.kind, lang) {
            (PeriodKind::Quarter { year, q }, Lang::Vi) => format!("{}/{year}", quarter_vi(*q)),
            (PeriodKind::Quarter { year, q }, Lang::En) => format!("Q{q} {year}"),
            (PeriodKind::Month { year, month }, _) => t_in!(
                lang,
                "report-month",
                month = month.to_string(),
                mm = format!("{month:02}"),
                year = year.to_string()
            ),
            (PeriodKind::Year(y), _) => t_in!(lang, "report-year", year = y.to_string()),
            // "Quý I/2014", as quarters are written; "6 tháng đầu năm 2014".
            (PeriodKind::Named { label, year }, _)
                if crate::timefmt::fold_vi(label).starts_with("quy ") =>
            {
                format!("{label}/{year}")
            }
            (PeriodKind::Named { label, year }, _) => format!("{label} {year}"),
            (PeriodKind::Dates, _) => format!("{f}–{t}"),
        }
    }

    /// How the report sentence opens.
    fn phrase(&self, lang: Lang) -> String {
        let (f, t) = (date_vi(self.from), date_vi(self.to));
        match &self.kind {
            PeriodKind::Dates => t_in!(lang, "report-phrase-dates", from = f, to = t),
            _ => t_in!(
                lang,
                "report-phrase-period",
                period = self.label(lang),
                from = f,
                to = t
            ),
        }
    }
}

/// Column headings, in order.
pub fn headers(lang: Lang) -> [String; 19] {
    [
        t_in!(lang, "report-col-no"),
        t_in!(lang, "report-col-date"),
        t_in!(lang, "report-col-day"),
        t_in!(lang, "report-col-scheduled"),
        t_in!(lang, "report-col-started"),
        t_in!(lang, "report-col-ended"),
        t_in!(lang, "report-col-duration"),
        t_in!(lang, "report-col-title"),
        t_in!(lang, "report-topic"),
        t_in!(lang, "report-col-author"),
        t_in!(lang, "report-col-file"),
        "SHA-256".to_string(),
        t_in!(lang, "report-col-status"),
        t_in!(lang, "report-col-note"),
        t_in!(lang, "report-col-topic-code"),
        t_in!(lang, "report-col-slot"),
        t_in!(lang, "report-col-schedule"),
        t_in!(lang, "report-col-airing"),
        t_in!(lang, "report-station"),
    ]
}

/// A CSV cell a spreadsheet shows as text, never runs as a formula: a
/// file name or title that an operator sent from the console and begins
/// with `=`, `+`, `-` or `@` gets a leading `'` (what spreadsheets
/// themselves write to keep text).
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn status_word(s: Option<Status>, lang: Lang) -> String {
    t_in!(
        lang,
        "report-status",
        status = s.map_or("on_air", Status::en)
    )
}

fn weekday_word(d: chrono::Weekday, lang: Lang) -> String {
    match lang {
        // T2…CN, as Vietnamese calendars write them.
        Lang::Vi => weekday_short_vi(d).to_string(),
        Lang::En => d.to_string(),
    }
}

pub(crate) fn topic_label<'a>(topics: &'a TopicList, code: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::Vi => topics.label(code),
        Lang::En => topics.label_en(code),
    }
}

/// Minutes to the tenth, whole ones without a fraction: `61,5` in
/// Vietnamese, `61.5` in English.
pub fn minutes(seconds: f64, lang: Lang) -> String {
    let m = (seconds / 60.0 * 10.0).round() / 10.0;
    let places = if m.fract() == 0.0 { 0 } else { 1 };
    crate::timefmt::decimal(m, places, lang)
}

/// A length in the report's words: "1 phút 35 giây".
fn length(seconds: f64, lang: Lang) -> String {
    crate::i18n::render_in(lang, &span(seconds))
}

/// Minutes the Vietnamese way (see `minutes`).
pub fn minutes_vi(seconds: f64) -> String {
    minutes(seconds, Lang::Vi)
}

/// The heads of the warnings' table (CAP alerts), in the report's
/// language; the station last in a roll-up.
pub(crate) fn alert_headers(lang: Lang, rollup: bool) -> Vec<String> {
    let mut heads = vec![
        t_in!(lang, "report-alert-date"),
        t_in!(lang, "report-alert-time"),
        t_in!(lang, "report-alert-identifier"),
        t_in!(lang, "report-alert-sender"),
        t_in!(lang, "report-alert-event"),
        t_in!(lang, "report-alert-severity"),
        t_in!(lang, "report-alert-action"),
        t_in!(lang, "report-alert-on-air"),
        t_in!(lang, "report-alert-reason"),
    ];
    if rollup {
        heads.push(t_in!(lang, "report-alert-station"));
    }
    heads
}

/// One warning's cells after its date and time, as `alert_headers` names
/// them: identifier, sender, event, severity, what loaxa did, when it
/// reached the loudspeakers, why (and the station in a roll-up).
pub(crate) fn alert_cells(rep: &Report, a: &AlertRow, lang: Lang) -> Vec<String> {
    use loaxa_core::airlog::AlertAction;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let action = match a.action {
        AlertAction::Aired => t_in!(lang, "report-alert-aired"),
        AlertAction::NotAired => t_in!(lang, "report-alert-not-aired"),
        AlertAction::Cancelled => t_in!(lang, "report-alert-cancelled"),
    };
    let on_air: Vec<String> = a
        .aired_at
        .iter()
        .map(|t| format!("{} {}", date_vi(t.date_naive()), t.format("%H:%M:%S")))
        .collect();
    let why = a
        .reason
        .as_ref()
        .map(|m| crate::i18n::render_in(lang, m))
        .unwrap_or_default();
    let mut cells = vec![
        text(&a.alert.identifier),
        text(&a.alert.sender),
        text(&a.alert.event),
        text(&a.alert.severity),
        action,
        on_air.join(", "),
        why,
    ];
    if rep.rollup {
        cells.push(a.station.as_deref().unwrap_or(&rep.station).to_string());
    }
    cells
}

/// A report in words, in the report's language.
pub trait ReportText {
    /// The sentence for the report document.
    fn sentence(&self, lang: Lang) -> String;
    /// "Bị ngắt: 2, Lỡ giờ: 1": what is listed but not counted.
    fn not_counted_text(&self, lang: Lang) -> String;
    /// "nhật ký: 1234 bản ghi, SHA-256 cuối …" per log.
    fn chain_text(&self, lang: Lang) -> Vec<String>;
    /// The summary printed after an export.
    fn summary(&self, topics: &TopicList, lang: Lang) -> String;
    /// The rows as text cells, in `headers` order.
    fn cells(&self, topics: &TopicList, lang: Lang) -> Vec<Vec<String>>;
    /// CSV with a UTF-8 byte-order mark, so Excel shows Vietnamese letters.
    /// After the table, the period's warnings (CAP alerts) when there are
    /// any, then a blank row and the log's record count and head hash: the
    /// file proves which state of the log it came from.
    fn write_csv(&self, topics: &TopicList, lang: Lang, out: &mut dyn Write)
    -> std::io::Result<()>;
    /// The same table as Excel's "Unicode Text": UTF-16 (little-endian,
    /// with its byte-order mark), cells separated by tabs, lines by CR LF.
    /// Excel opens it by a double click with every letter right, where it
    /// may read a UTF-8 file in the PC's code page.
    fn write_csv_excel(
        &self,
        topics: &TopicList,
        lang: Lang,
        out: &mut dyn Write,
    ) -> std::io::Result<()>;
    /// The report as one JSON document.
    fn to_json(&self, topics: &TopicList, lang: Lang) -> serde_json::Value;
}

impl ReportText for Report {
    /// The sentence for the report document.
    fn sentence(&self, lang: Lang) -> String {
        let (b, a, m) = (
            self.total.bulletins,
            self.total.airings,
            minutes(self.total.seconds, lang),
        );
        t_in!(
            lang,
            "report-sentence",
            period = self.period.phrase(lang),
            station = &self.station,
            bulletins = b,
            airings = a,
            minutes = m
        )
    }

    /// "Bị ngắt: 2, Lỡ giờ: 1": what is listed but not counted.
    fn not_counted_text(&self, lang: Lang) -> String {
        self.not_counted
            .iter()
            .map(|(k, n)| format!("{}: {n}", status_word(*k, lang)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "nhật ký: 1234 bản ghi, SHA-256 cuối …" per log.
    fn chain_text(&self, lang: Lang) -> Vec<String> {
        self.logs
            .iter()
            .map(|l| {
                t_in!(
                    lang,
                    "report-chain",
                    file = &l.file,
                    station = &l.station,
                    records = l.records,
                    head = &l.head
                )
            })
            .collect()
    }

    /// The summary printed after an export.
    fn summary(&self, topics: &TopicList, lang: Lang) -> String {
        let cols = [
            t_in!(lang, "report-topic"),
            t_in!(lang, "report-bulletins"),
            t_in!(lang, "report-airings"),
            t_in!(lang, "report-minutes"),
        ];
        let mut s = String::new();
        s.push_str(&format!(
            "{} {} — {} ({})\n",
            t_in!(lang, "report-summary"),
            self.period.label(lang),
            self.station,
            t_in!(lang, "report-log-rows", count = self.row_count)
        ));
        s.push_str(&format!(
            "{:<60} {:>9} {:>9} {:>8}\n",
            cols[0], cols[1], cols[2], cols[3]
        ));
        for (code, t) in &self.topics {
            let label = topic_label(topics, code, lang);
            let label: String = if label.chars().count() > 58 {
                label.chars().take(57).chain(['…']).collect()
            } else {
                label.to_string()
            };
            s.push_str(&format!(
                "{:<60} {:>9} {:>9} {:>8}\n",
                label,
                t.bulletins,
                t.airings,
                minutes(t.seconds, lang)
            ));
        }
        s.push_str(&format!(
            "{:<60} {:>9} {:>9} {:>8}\n",
            t_in!(lang, "report-total"),
            self.total.bulletins,
            self.total.airings,
            minutes(self.total.seconds, lang)
        ));
        if !self.not_counted.is_empty() {
            s.push_str(&format!(
                "{}: {}\n",
                t_in!(lang, "report-not-counted"),
                self.not_counted_text(lang)
            ));
        }
        s.push('\n');
        s.push_str(&self.sentence(lang));
        s.push('\n');
        for l in self.chain_text(lang) {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }

    /// The rows as text cells, in `headers` order.
    fn cells(&self, topics: &TopicList, lang: Lang) -> Vec<Vec<String>> {
        // Times and lengths as text no spreadsheet turns into a time of
        // its own locale ("06h30", "1 phút 35 giây"); the XLSX has real ones.
        let hm = |d: &Option<chrono::DateTime<chrono::FixedOffset>>| {
            d.map(|t| time_vi(t.time())).unwrap_or_default()
        };
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let day = r.started.unwrap_or(r.scheduled);
                vec![
                    (i + 1).to_string(),
                    date_vi(day.date_naive()),
                    weekday_word(day.weekday(), lang),
                    time_vi(r.scheduled.time()),
                    hm(&r.started),
                    hm(&r.ended),
                    aired_seconds(r)
                        .map(|s| length(s, lang))
                        .unwrap_or_default(),
                    r.title.clone().unwrap_or_default(),
                    r.topic
                        .as_deref()
                        .map(|t| topic_label(topics, t, lang).to_string())
                        .unwrap_or_default(),
                    r.author.clone().unwrap_or_default(),
                    r.file.clone(),
                    r.sha256.clone().unwrap_or_default(),
                    status_word(r.status, lang),
                    note(r, lang),
                    r.topic.clone().unwrap_or_default(),
                    r.slot.clone(),
                    r.schedule.clone(),
                    airing_word(self, i, lang),
                    station_of(self, r).to_string(),
                ]
            })
            .collect()
    }

    fn write_csv(
        &self,
        topics: &TopicList,
        lang: Lang,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        out.write_all("\u{feff}".as_bytes())?;
        let w = csv::WriterBuilder::new().flexible(true).from_writer(out);
        write_table(&csv_table(self, topics, lang), w)
    }

    fn write_csv_excel(
        &self,
        topics: &TopicList,
        lang: Lang,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut utf8 = Vec::new();
        let w = csv::WriterBuilder::new()
            .flexible(true)
            .delimiter(b'\t')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut utf8);
        write_table(&csv_table(self, topics, lang), w)?;
        let text = String::from_utf8(utf8).map_err(std::io::Error::other)?;
        let mut bytes = Vec::with_capacity(2 + text.len() * 2);
        for unit in std::iter::once(0xfeff).chain(text.encode_utf16()) {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        out.write_all(&bytes)?;
        out.flush()
    }

    /// The report as one JSON document (`loaxa-report/1`: `json`).
    fn to_json(&self, topics: &TopicList, lang: Lang) -> serde_json::Value {
        json::to_json(self, topics, lang)
    }
}

/// The CSV's lines, either flavour: the headings and rows, the period's
/// warnings (CAP alerts) as a table of their own, then the logs' record
/// counts and head hashes. Cells are inert (see `inert`).
fn csv_table(rep: &Report, topics: &TopicList, lang: Lang) -> Vec<Vec<String>> {
    let inert_all = |row: Vec<String>| row.iter().map(|c| inert(c).into_owned()).collect();
    let mut lines: Vec<Vec<String>> = vec![headers(lang).to_vec()];
    lines.extend(rep.cells(topics, lang).into_iter().map(inert_all));
    // A roll-up: why rows are not listed, and the table per station.
    lines.extend(stations::csv_lines(rep, lang));
    if !rep.alerts.is_empty() {
        lines.push(vec![String::new()]);
        lines.push(vec![t_in!(lang, "report-sheet-alerts")]);
        lines.push(alert_headers(lang, rep.rollup));
        for a in &rep.alerts {
            let local = a.logged.naive_local();
            let mut row = vec![date_vi(local.date()), time_vi(local.time())];
            row.extend(alert_cells(rep, a, lang));
            lines.push(inert_all(row));
        }
    }
    if !rep.logs.is_empty() {
        lines.push(vec![String::new()]);
        lines.extend(rep.chain_text(lang).into_iter().map(|l| vec![l]));
    }
    lines
}

fn write_table<W: Write>(lines: &[Vec<String>], mut w: csv::Writer<W>) -> std::io::Result<()> {
    for line in lines {
        w.write_record(line).map_err(std::io::Error::other)?;
    }
    w.flush()
}

pub(crate) fn station_of<'a>(rep: &'a Report, r: &'a AiringRow) -> &'a str {
    r.station.as_deref().unwrap_or(&rep.station)
}

fn airing_word(rep: &Report, i: usize, lang: Lang) -> String {
    match rep.first_airing.get(i).copied().flatten() {
        Some(true) => t_in!(lang, "report-first-airing"),
        Some(false) => t_in!(lang, "report-repeat"),
        None => String::new(),
    }
}

fn note(r: &AiringRow, lang: Lang) -> String {
    if r.status.is_none() {
        return t_in!(lang, "report-no-end");
    }
    let said = r
        .reason
        .as_ref()
        .or(r.note.as_ref())
        .map(|m| crate::i18n::render_in(lang, m));
    // A relay: how much of it was the stream ("29 phút 40 giây / 30 phút").
    let relay = r.relayed.as_ref().map(|end| {
        let name = r.title.as_deref().unwrap_or(&r.file);
        crate::i18n::render_in(lang, &end.summary(name))
    });
    match (relay, said) {
        (Some(relay), Some(said)) => format!("{relay}; {said}"),
        (relay, said) => relay.or(said).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_window_from_29_february_in_any_year() {
        let leap = Period::window("x", (29, 2), (31, 12), 2024).unwrap();
        assert_eq!(leap.from, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        let plain = Period::window("x", (29, 2), (31, 12), 2026).unwrap();
        assert_eq!(plain.from, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        let to = Period::window("x", (1, 1), (29, 2), 2026).unwrap();
        assert_eq!(to.to, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
    }
    use super::*;
    use chrono::{DateTime, NaiveDate};

    fn row(
        day: u32,
        topic: Option<&str>,
        sha: &str,
        played: f64,
        status: Option<Status>,
    ) -> AiringRow {
        let t =
            DateTime::parse_from_rfc3339(&format!("2014-03-{day:02}T06:30:00.000+07:00")).unwrap();
        AiringRow {
            id: format!("{day}-{sha}"),
            schedule: "schedules/cchc.json".into(),
            slot: "sang".into(),
            scheduled: t,
            index: 0,
            started: Some(t),
            ended: Some(t + chrono::Duration::milliseconds((played * 1000.0) as i64)),
            file: format!("{sha}.mp3"),
            sha256: Some(sha.into()),
            title: Some(format!("Tin {sha}")),
            topic: topic.map(str::to_string),
            author: None,
            duration: Some(played),
            played: Some(played),
            output: "device".into(),
            status,
            reason: None,
            note: None,
            priority: None,
            simulated: false,
            station: None,
            text_sha256: None,
            engine: None,
            voice: None,
            relay: None,
            relayed: None,
        }
    }

    #[test]
    fn counts_distinct_bulletins_and_completed_airings() {
        let topics = TopicList::default();
        let rows = vec![
            row(17, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
            row(18, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
            row(19, Some("mot-cua"), "b", 60.0, Some(Status::Completed)),
            row(19, Some("dan-van"), "c", 30.0, Some(Status::Interrupted)),
            row(20, None, "jingle", 5.0, Some(Status::Completed)),
            row(31, Some("dan-van"), "d", 30.0, Some(Status::Completed)),
        ];
        let p = Period::dates(
            NaiveDate::from_ymd_opt(2014, 3, 17).unwrap(),
            NaiveDate::from_ymd_opt(2014, 3, 30).unwrap(),
        );
        let r = build("Đài truyền thanh xã Mỹ Thạnh", p, &rows, &topics);
        assert_eq!(r.rows.len(), 5);
        let mot_cua = r.topics.iter().find(|t| t.0 == "mot-cua").unwrap();
        assert_eq!(
            mot_cua.1,
            TopicTotals {
                bulletins: 2,
                airings: 3,
                seconds: 240.0
            }
        );
        assert_eq!(
            r.total,
            TopicTotals {
                bulletins: 2,
                airings: 3,
                seconds: 240.0
            }
        );
        assert_eq!(r.not_counted.get(&Some(Status::Interrupted)), Some(&1));
        // The same recording aired again is a repeat; its first airing is new.
        assert_eq!(&r.first_airing[..3], &[Some(true), Some(false), Some(true)]);
        assert_eq!(r.first_airing[3], None, "interrupted: neither");
        assert_eq!(
            r.sentence(Lang::Vi),
            "Từ 17/03/2014 đến 30/03/2014, Đài truyền thanh xã Mỹ Thạnh đã phát sóng 2 tin, bài tuyên truyền về cải cách hành chính (CCHC) với 3 lượt phát, tổng thời lượng 4 phút."
        );
    }

    #[test]
    fn csv_cells_never_run_as_formulas() {
        let topics = TopicList::default();
        let mut rows = vec![row(17, None, "a", 95.0, Some(Status::Completed))];
        rows[0].file = "=WEBSERVICE(A1).wav".into();
        rows[0].title = Some("@SUM(A1)".into());
        let r = build("X", Period::quarter(2014, 1).unwrap(), &rows, &topics);
        let mut out = Vec::new();
        r.write_csv(&topics, Lang::Vi, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(",'=WEBSERVICE(A1).wav,"), "{text}");
        assert!(text.contains(",'@SUM(A1),"), "{text}");
        assert_eq!(inert("Tin a"), "Tin a");
        assert_eq!(inert(""), "");
    }

    #[test]
    fn csv_has_bom_headers_and_vietnamese_dates() {
        let topics = TopicList::default();
        let rows = vec![row(17, Some("mot-cua"), "a", 95.0, Some(Status::Completed))];
        let r = build("X", Period::quarter(2014, 1).unwrap(), &rows, &topics);
        let mut out = Vec::new();
        r.write_csv(&topics, Lang::Vi, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next().unwrap(), headers(Lang::Vi).join(","));
        let data = lines.next().unwrap();
        assert!(
            data.starts_with("1,17/03/2014,T2,06h30,06h30,06h31m35s,1 phút 35 giây,Tin a,"),
            "{data}"
        );
        assert!(data.contains(",Đã phát,"));
        assert_eq!(r.period.label(Lang::Vi), "Quý I/2014");
    }

    #[test]
    fn periods_months_years_and_windows_across_new_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let m = Period::month(2014, 2).unwrap();
        assert_eq!((m.from, m.to), (d(2014, 2, 1), d(2014, 2, 28)));
        assert_eq!(m.label(Lang::Vi), "Tháng 2/2014");
        let y = Period::year(2014).unwrap();
        assert_eq!((y.from, y.to), (d(2014, 1, 1), d(2014, 12, 31)));
        // CV 581's Quý I: 15/12 of the year before to 14/03.
        let q = Period::window("Quý I", (15, 12), (14, 3), 2014).unwrap();
        assert_eq!((q.from, q.to), (d(2013, 12, 15), d(2014, 3, 14)));
        assert_eq!(
            q.phrase(Lang::Vi),
            "Trong Quý I/2014 (từ 15/12/2013 đến 14/03/2014)"
        );
        let q3 = Period::window("Quý III", (15, 6), (14, 9), 2014).unwrap();
        assert_eq!((q3.from, q3.to), (d(2014, 6, 15), d(2014, 9, 14)));
        assert_eq!(
            q3.phrase(Lang::En),
            "In Quý III/2014 (15/06/2014 to 14/09/2014)"
        );
    }

    #[test]
    fn english_words_when_asked() {
        let topics = TopicList::default();
        let rows = vec![
            row(17, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
            row(18, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
        ];
        let r = build(
            "Đài xã Mỹ Thạnh",
            Period::quarter(2014, 1).unwrap(),
            &rows,
            &topics,
        );
        assert_eq!(
            r.sentence(Lang::En),
            "In Q1 2014 (01/01/2014 to 31/03/2014), Đài xã Mỹ Thạnh aired 1 bulletin(s) promoting administrative reform (CCHC) in 2 airing(s), 3 minutes in total."
        );
        let cells = r.cells(&topics, Lang::En);
        assert_eq!(cells[0][2], "Mon");
        assert_eq!(cells[0][6], "1 min 30 s");
        assert_eq!(cells[0][8], "One-stop shop for administrative procedures");
        assert_eq!(cells[0][12], "Aired");
        assert_eq!(
            (cells[0][17].as_str(), cells[1][17].as_str()),
            ("First", "Repeat")
        );
        let vi = r.cells(&topics, Lang::Vi);
        assert_eq!(
            (vi[0][17].as_str(), vi[1][17].as_str()),
            ("Phát mới", "Phát lại")
        );
        assert_eq!(
            r.months.get(&(2014, 3)).map(|t| (t.bulletins, t.airings)),
            Some((1, 2))
        );
    }

    #[test]
    fn minutes_use_a_decimal_comma() {
        assert_eq!(minutes_vi(240.0), "4");
        assert_eq!(minutes_vi(270.0), "4,5");
        assert_eq!(minutes_vi(3690.0), "61,5");
        assert_eq!(minutes_vi(0.0), "0");
        assert_eq!(minutes(3690.0, Lang::En), "61.5");
    }

    #[test]
    fn the_excel_flavour_is_utf16_with_tabs_and_the_same_cells() {
        let topics = TopicList::default();
        let mut rows = vec![row(17, Some("mot-cua"), "a", 95.0, Some(Status::Completed))];
        rows[0].title = Some("Ủy ban, \"một cửa\"\tmới".into());
        let r = build("Xã Hòa", Period::quarter(2014, 1).unwrap(), &rows, &topics);
        let (mut plain, mut excel) = (Vec::new(), Vec::new());
        r.write_csv(&topics, Lang::Vi, &mut plain).unwrap();
        r.write_csv_excel(&topics, Lang::Vi, &mut excel).unwrap();
        assert_eq!(&excel[..2], &[0xff, 0xfe], "UTF-16LE byte-order mark");
        let units: Vec<u16> = excel[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let text = String::from_utf16(&units).unwrap();
        assert!(text.ends_with("\r\n"));
        let read = |bytes: &[u8], sep: u8| -> Vec<Vec<String>> {
            csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .delimiter(sep)
                .from_reader(bytes)
                .records()
                .map(|x| x.unwrap().iter().map(String::from).collect())
                .collect()
        };
        let a = read(&plain[3..], b',');
        let b = read(text.as_bytes(), b'\t');
        assert_eq!(a, b, "the same cells in both flavours");
        assert_eq!(b[0][3], "Giờ theo lịch");
        assert_eq!(b[1][7], "Ủy ban, \"một cửa\"\tmới");
    }
}
