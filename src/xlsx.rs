//! The report as an Excel workbook (`rust_xlsxwriter`): the airing log on
//! one sheet with real dates, times and durations, filters and a frozen
//! header; the summary on another, with native charts; the warnings when
//! there were any. Every sheet prints on A4 landscape, one page wide
//! (`paper::print_setup`). The log sheet goes through a temporary file
//! (rust_xlsxwriter's low-memory mode); the workbook is written to the
//! `Write` it is given.

mod paper;
mod summary;

use std::io::Write;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_xlsxwriter::{
    Chart, ChartFont, ChartType, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

pub(crate) use paper::{Paper, print_setup};
use paper::{font, row_height, wrapped_lines};

use crate::report::{Lang, Report, ReportText as _, aired_seconds, headers};
use crate::topics::TopicList;

/// Names of the two sheets.
pub(crate) fn sheet_names(lang: Lang) -> (String, String) {
    (
        t_in!(lang, "report-sheet-log"),
        t_in!(lang, "report-summary"),
    )
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn excel_time(t: NaiveTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_hms(t.hour() as u16, t.minute() as u8, t.second())
}

/// Writes the workbook to `out`, in the words of `paper`.
pub(crate) fn write(
    report: &Report,
    topics: &TopicList,
    paper: &Paper,
    out: &mut dyn Write,
) -> Result<(), XlsxError> {
    let lang = paper.lang;
    let mut book = Workbook::new();
    // Times New Roman 11 (Excel's metrics for it: rows of 20 pixels,
    // columns of 64), as administrative documents are written.
    book.set_default_format(
        &Format::new().set_font_name(paper::FONT).set_font_size(11),
        20,
        64,
    )?;
    let (log_name, sum_name) = sheet_names(lang);
    // Row by row through a temporary file: a log of years does not have
    // to fit in memory as cells.
    let log_ws = book.add_worksheet_with_low_memory()?.set_name(&log_name)?;
    log_sheet(report, topics, paper, log_ws)?;
    if !report.rows_listed {
        // A roll-up of too many rows: why the sheet is empty.
        let note = t_in!(lang, "report-rows-not-listed", count = report.row_count);
        log_ws.write(1, 0, note)?;
    }
    summary::sheet(
        report,
        topics,
        paper,
        book.add_worksheet().set_name(sum_name)?,
    )?;
    // A roll-up: one row per station (one station's numbers are its summary).
    if report.rollup {
        let name = t_in!(lang, "report-sheet-stations");
        let ws = book.add_worksheet().set_name(&name)?;
        station_sheet(report, lang, ws)?;
        print_setup(ws, paper, Some(&name), Some(0))?;
    }
    // The warnings, when the period had any: each, what loaxa did with it
    // and when it reached the loudspeakers.
    if !report.alerts.is_empty() {
        let name = t_in!(lang, "report-sheet-alerts");
        alert_sheet(report, paper, &name, book.add_worksheet().set_name(&name)?)?;
    }
    let bytes = book.save_to_buffer()?;
    out.write_all(&bytes)?;
    Ok(())
}

/// The log's columns as printed: the width of each (in characters) and
/// how its cells look. Dates and times stay narrow; words wrap.
const LOG_WIDTHS: [f64; 19] = [
    4.5, 9.5, 4.5, 8.0, 8.0, 8.0, 8.0, 24.0, 22.0, 11.0, 16.0, 16.0, 8.5, 20.0, 10.0, 9.0, 11.0,
    8.0, 12.0,
];

/// The height of a row of `cells` in columns `widths` at `size` points:
/// its tallest cell's.
fn tallest(cells: &[String], widths: &[f64], size: f64) -> f64 {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| wrapped_lines(c, *w, size))
        .max()
        .unwrap_or(1);
    row_height(lines, size)
}

/// A log row's height: its words at 10 points, the SHA-256 at 7.
fn log_row_height(cells: &[String]) -> f64 {
    let mut words = cells.to_vec();
    let sha = match words.get_mut(SHA_COL) {
        Some(s) => wrapped_lines(&std::mem::take(s), LOG_WIDTHS[SHA_COL], 7.0),
        None => 1,
    };
    tallest(&words, &LOG_WIDTHS, 10.0).max(row_height(sha, 7.0))
}

/// The log's SHA-256 column, in small type.
const SHA_COL: usize = 11;

/// The cell formats of a printed table: its heads, words that wrap,
/// centred values, and the SHA-256 in small type.
struct Table {
    head: Format,
    text: Format,
    centre: Format,
    sha: Format,
}

fn table() -> Table {
    let text = font(10).set_border(FormatBorder::Thin).set_text_wrap();
    Table {
        head: text
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(0xE7E6E6),
        centre: text.clone().set_align(FormatAlign::Center),
        sha: text.clone().set_font_size(7),
        text,
    }
}

fn log_sheet(
    report: &Report,
    topics: &TopicList,
    paper: &Paper,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let lang = paper.lang;
    let f = table();
    let date = f.centre.clone().set_num_format("dd/mm/yyyy");
    let time = f.centre.clone().set_num_format("hh:mm:ss");
    let duration = f.centre.clone().set_num_format("[h]:mm:ss");
    for (c, w) in LOG_WIDTHS.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let heads = headers(lang);
    ws.set_row_height(0, tallest(&heads, &LOG_WIDTHS, 10.5))?;
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h, &f.head)?;
    }
    let cells = report.cells(topics, lang);
    for (i, (r, text)) in report.rows.iter().zip(&cells).enumerate() {
        let row = i as u32 + 1;
        // Sized before it is written: the row leaves memory when the next
        // one begins.
        ws.set_row_height(row, log_row_height(text))?;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.centre)?;
        let day = r.started.unwrap_or(r.scheduled);
        ws.write_datetime_with_format(row, 1, excel_date(day.date_naive())?, &date)?;
        ws.write_with_format(row, 2, &text[2], &f.centre)?;
        ws.write_datetime_with_format(row, 3, excel_time(r.scheduled.time())?, &time)?;
        match r.started {
            Some(t) => ws.write_datetime_with_format(row, 4, excel_time(t.time())?, &time)?,
            None => ws.write_blank(row, 4, &time)?,
        };
        match r.ended {
            Some(t) => ws.write_datetime_with_format(row, 5, excel_time(t.time())?, &time)?,
            None => ws.write_blank(row, 5, &time)?,
        };
        match aired_seconds(r) {
            // A duration is a fraction of a day in Excel.
            Some(secs) => {
                ws.write_number_with_format(row, 6, secs.round() / 86_400.0, &duration)?
            }
            None => ws.write_blank(row, 6, &duration)?,
        };
        for (c, value) in text.iter().enumerate().skip(7) {
            let format = if c == SHA_COL { &f.sha } else { &f.text };
            if value.is_empty() {
                ws.write_blank(row, c as u16, format)?;
            } else {
                ws.write_with_format(row, c as u16, value, format)?;
            }
        }
    }
    let last = report.rows.len() as u32;
    ws.autofilter(0, 0, last.max(1), heads.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, paper, Some(&sheet_names(lang).0), Some(0))
}

/// The warnings' columns as printed (the station's last, in a roll-up).
const ALERT_WIDTHS: [f64; 10] = [10.0, 8.5, 24.0, 24.0, 14.0, 10.0, 12.0, 22.0, 36.0, 18.0];

fn alert_sheet(
    report: &Report,
    paper: &Paper,
    name: &str,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let lang = paper.lang;
    let f = table();
    let date = f.centre.clone().set_num_format("dd/mm/yyyy");
    let time = f.centre.clone().set_num_format("hh:mm:ss");
    let heads = crate::report::alert_headers(lang, report.rollup);
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h.as_str(), &f.head)?;
    }
    ws.set_row_height(0, tallest(&heads, &ALERT_WIDTHS, 10.5))?;
    for (c, w) in ALERT_WIDTHS.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, a) in report.alerts.iter().enumerate() {
        let row = (i + 1) as u32;
        let cells = crate::report::alert_cells(report, a, lang);
        let mut sized = vec![String::new(); 2];
        sized.extend(cells.iter().cloned());
        ws.set_row_height(row, tallest(&sized, &ALERT_WIDTHS, 10.0))?;
        let local = a.logged.naive_local();
        ws.write_with_format(row, 0, &excel_date(local.date())?, &date)?;
        ws.write_with_format(row, 1, &excel_time(local.time())?, &time)?;
        for (c, cell) in cells.into_iter().enumerate() {
            ws.write_with_format(row, (c + 2) as u16, cell, &f.text)?;
        }
    }
    print_setup(ws, paper, Some(name), Some(0))
}

/// The roll-up's table per station (`report::station_headers`): the
/// header at row 0, one row per station (per log, in the order read),
/// the total under them; and under the table, from its third row after
/// the total, a bar chart of CCHC airings per station, every station
/// named. Print setup is the caller's, as for every sheet.
pub(crate) fn station_sheet(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    // The same type as every other sheet, so the printed pages match.
    let bold = font(11).set_bold().set_text_wrap();
    // Plain for the stations, bold for the total: text, minutes, ratio.
    let looks = |f: Format| {
        [
            f.clone(),
            f.clone().set_num_format(paper::decimals("0.0", lang)),
            f.set_num_format(paper::decimals("0.0%", lang)),
        ]
    };
    let (plain, strong) = (looks(font(11)), looks(font(11).set_bold()));
    let heads = crate::report::station_headers(lang);
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h, &bold)?;
    }
    let all = report.all_stations();
    let total = t_in!(lang, "report-total");
    let labels = crate::report::station_labels(report);
    let lines = report
        .stations
        .iter()
        .zip(&labels)
        .map(|(s, label)| (label.as_str(), s, &plain))
        .chain([(total.as_str(), &all, &strong)]);
    for (row, (name, s, [text, minutes, percent])) in lines.enumerate() {
        let row = row as u32 + 1;
        ws.write_with_format(row, 0, name, text)?;
        let (numbers, ratio) = crate::report::station_numbers(s);
        for (i, x) in numbers.into_iter().enumerate() {
            let f = if i == 2 { minutes } else { text };
            ws.write_number_with_format(row, i as u16 + 1, x, f)?;
        }
        if let Some(r) = ratio {
            ws.write_number_with_format(row, 10, r, percent)?;
        }
    }
    let last = report.stations.len() as u32;
    ws.autofilter(0, 0, last.max(1), heads.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 1)?;
    ws.set_column_width(0, 36.0)?;
    for c in 1..heads.len() as u16 {
        ws.set_column_width(c, 11.0)?;
    }
    ws.set_row_height(0, 45.0)?;
    station_chart(lang, ws, last)
}

/// CCHC airings per station, as horizontal bars in the table's order,
/// tall enough that every station's name shows.
fn station_chart(lang: Lang, ws: &mut Worksheet, last: u32) -> Result<(), XlsxError> {
    if last == 0 {
        return Ok(());
    }
    let sheet = t_in!(lang, "report-sheet-stations");
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .title()
        .set_name(&t_in!(lang, "report-chart-stations"));
    chart
        .add_series()
        .set_categories((sheet.as_str(), 1, 0, last, 0))
        .set_values((sheet.as_str(), 1, 2, last, 2))
        .set_name(&t_in!(lang, "report-st-airings"));
    chart.legend().set_hidden();
    // A bar chart's categories are its y axis: first at the top, and room
    // for every name (22 px a bar for 9 pt), so none is skipped.
    chart
        .y_axis()
        .set_reverse()
        .set_font(ChartFont::new().set_size(9));
    let height = (last * 22 + 100).max(320);
    chart.set_width(900).set_height(height);
    // Under the table (its total, a blank row): no wider than the table
    // when printed.
    ws.insert_chart(last + 3, 0, &chart)?;
    Ok(())
}
