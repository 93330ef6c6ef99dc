//! The report as an Excel workbook (`rust_xlsxwriter`): the airing log on
//! one sheet with real dates, times and durations, filters and a frozen
//! header; the summary on another, with native charts. The log sheet goes
//! through a temporary file (rust_xlsxwriter's low-memory mode); the
//! workbook is written to the `Write` it is given.

use std::io::Write;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use rust_xlsxwriter::{
    Chart, ChartFont, ChartType, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use crate::report::{Lang, PeriodText as _, Report, ReportText as _, aired_seconds, headers};
use crate::timefmt::date_vi;
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

/// Writes the workbook to `out`.
pub(crate) fn write(
    report: &Report,
    topics: &TopicList,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let (log_name, sum_name) = sheet_names(lang);
    // Row by row through a temporary file: a log of years does not have
    // to fit in memory as cells.
    let log_ws = book.add_worksheet_with_low_memory()?.set_name(log_name)?;
    log_sheet(report, topics, lang, log_ws)?;
    if !report.rows_listed {
        // A roll-up of too many rows: why the sheet is empty.
        let note = t_in!(lang, "report-rows-not-listed", count = report.row_count);
        log_ws.write(1, 0, note)?;
    }
    summary_sheet(
        report,
        topics,
        lang,
        book.add_worksheet().set_name(sum_name)?,
    )?;
    // A roll-up: one row per station (one station's numbers are its summary).
    if report.rollup {
        let name = t_in!(lang, "report-sheet-stations");
        station_sheet(report, lang, book.add_worksheet().set_name(name)?)?;
    }
    // The warnings, when the period had any: each, what loaxa did with it
    // and when it reached the loudspeakers.
    if !report.alerts.is_empty() {
        let name = t_in!(lang, "report-sheet-alerts");
        alert_sheet(report, lang, book.add_worksheet().set_name(name)?)?;
    }
    let bytes = book.save_to_buffer()?;
    out.write_all(&bytes)?;
    Ok(())
}

fn log_sheet(
    report: &Report,
    topics: &TopicList,
    lang: Lang,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm:ss");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    let heads = headers(lang);
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h, &bold)?;
    }
    let cells = report.cells(topics, lang);
    for (i, (r, text)) in report.rows.iter().zip(&cells).enumerate() {
        let row = i as u32 + 1;
        ws.write_number(row, 0, (i + 1) as f64)?;
        let day = r.started.unwrap_or(r.scheduled);
        ws.write_datetime_with_format(row, 1, excel_date(day.date_naive())?, &date)?;
        ws.write(row, 2, &text[2])?;
        ws.write_datetime_with_format(row, 3, excel_time(r.scheduled.time())?, &time)?;
        if let Some(t) = r.started {
            ws.write_datetime_with_format(row, 4, excel_time(t.time())?, &time)?;
        }
        if let Some(t) = r.ended {
            ws.write_datetime_with_format(row, 5, excel_time(t.time())?, &time)?;
        }
        if let Some(secs) = aired_seconds(r) {
            // A duration is a fraction of a day in Excel.
            ws.write_number_with_format(row, 6, secs.round() / 86_400.0, &duration)?;
        }
        for (c, value) in text.iter().enumerate().skip(7) {
            if !value.is_empty() {
                ws.write(row, c as u16, value)?;
            }
        }
    }
    let last = report.rows.len() as u32;
    ws.autofilter(0, 0, last.max(1), heads.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    for (c, w) in [
        6.0, 11.0, 5.0, 9.0, 9.0, 9.0, 9.0, 40.0, 30.0, 18.0, 28.0, 20.0, 12.0, 30.0, 16.0, 14.0,
        22.0, 10.0, 24.0,
    ]
    .into_iter()
    .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    Ok(())
}

fn alert_sheet(report: &Report, lang: Lang, ws: &mut Worksheet) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm:ss");
    let heads = crate::report::alert_headers(lang, report.rollup);
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h.as_str(), &bold)?;
    }
    for (c, w) in [12, 10, 26, 26, 14, 12, 14, 30, 40, 24].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, a) in report.alerts.iter().enumerate() {
        let row = (i + 1) as u32;
        let local = a.logged.naive_local();
        ws.write_with_format(row, 0, &excel_date(local.date())?, &date)?;
        ws.write_with_format(row, 1, &excel_time(local.time())?, &time)?;
        for (c, cell) in crate::report::alert_cells(report, a, lang)
            .into_iter()
            .enumerate()
        {
            ws.write(row, (c + 2) as u16, cell)?;
        }
    }
    Ok(())
}

fn summary_sheet(
    report: &Report,
    topics: &TopicList,
    lang: Lang,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    summary_head(report, lang, ws, &bold)?;
    // Per topic: the table the charts draw from.
    let top = 5u32;
    let total_row = topic_table(report, topics, lang, ws, top, &bold)?;
    let row = month_table(report, lang, ws, total_row + 1, &bold)?;
    let (week_top, week_last) = week_table(report, lang, ws, row + 2, &bold)?;
    log_table(report, lang, ws, week_last + 2, &bold)?;
    charts(lang, ws, top, total_row, week_top, week_last)?;
    ws.set_column_width(0, 60.0)?;
    for c in 1..=3 {
        ws.set_column_width(c, 12.0)?;
    }
    Ok(())
}

/// The title, the station, the period and the report's sentence.
fn summary_head(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    bold: &Format,
) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    ws.write_with_format(0, 0, t_in!(lang, "report-title"), &title)?;
    ws.write_with_format(1, 0, t_in!(lang, "report-station"), bold)?;
    ws.write(1, 1, &report.station)?;
    ws.write_with_format(2, 0, t_in!(lang, "report-period"), bold)?;
    let period = match report.period.kind {
        crate::report::PeriodKind::Dates => report.period.label(lang),
        _ => format!(
            "{} ({} – {})",
            report.period.label(lang),
            date_vi(report.period.from),
            date_vi(report.period.to)
        ),
    };
    ws.write(2, 1, period)?;
    ws.write(3, 0, report.sentence(lang))?;
    Ok(())
}

/// The column heads of the topic and month tables.
fn heads(lang: Lang) -> [String; 4] {
    [
        t_in!(lang, "report-topic"),
        t_in!(lang, "report-bulletins"),
        t_in!(lang, "report-airings"),
        t_in!(lang, "report-minutes"),
    ]
}

/// Per topic, from row `top`, and the total; returns the total's row.
fn topic_table(
    report: &Report,
    topics: &TopicList,
    lang: Lang,
    ws: &mut Worksheet,
    top: u32,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let one_decimal = Format::new().set_num_format("0.0");
    let bold_decimal = Format::new().set_bold().set_num_format("0.0");
    for (c, h) in heads(lang).iter().enumerate() {
        ws.write_with_format(top, c as u16, h, bold)?;
    }
    for (i, (code, t)) in report.topics.iter().enumerate() {
        let row = top + 1 + i as u32;
        let name = match lang {
            Lang::Vi => topics.label(code),
            Lang::En => topics.label_en(code),
        };
        ws.write(row, 0, name)?;
        ws.write_number(row, 1, t.bulletins as f64)?;
        ws.write_number(row, 2, t.airings as f64)?;
        ws.write_number_with_format(row, 3, round1(t.seconds / 60.0), &one_decimal)?;
    }
    let total_row = top + 1 + report.topics.len() as u32;
    ws.write_with_format(total_row, 0, t_in!(lang, "report-total"), bold)?;
    ws.write_with_format(total_row, 1, report.total.bulletins as f64, bold)?;
    ws.write_with_format(total_row, 2, report.total.airings as f64, bold)?;
    ws.write_with_format(
        total_row,
        3,
        round1(report.total.seconds / 60.0),
        &bold_decimal,
    )?;
    Ok(total_row)
}

/// What was not counted (if anything) at `row`, then per month; returns
/// the last row written.
fn month_table(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    mut row: u32,
    bold: &Format,
) -> Result<u32, XlsxError> {
    let one_decimal = Format::new().set_num_format("0.0");
    if !report.not_counted.is_empty() {
        ws.write(
            row,
            0,
            format!(
                "{}: {}",
                t_in!(lang, "report-not-counted-listed"),
                report.not_counted_text(lang)
            ),
        )?;
        row += 1;
    }
    row += 1;
    let mut mheads = heads(lang);
    mheads[0] = t_in!(lang, "report-col-month");
    for (c, h) in mheads.iter().enumerate() {
        ws.write_with_format(row, c as u16, h, bold)?;
    }
    for ((y, m), t) in &report.months {
        row += 1;
        ws.write(row, 0, format!("{m:02}/{y}"))?;
        ws.write_number(row, 1, t.bulletins as f64)?;
        ws.write_number(row, 2, t.airings as f64)?;
        ws.write_number_with_format(row, 3, round1(t.seconds / 60.0), &one_decimal)?;
    }
    if report.months.is_empty() {
        row += 1;
        ws.write(row, 0, t_in!(lang, "report-no-airings"))?;
    }
    Ok(row)
}

/// Per week (for the chart), from `row`; returns its head's row and its
/// last row.
fn week_table(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    mut row: u32,
    bold: &Format,
) -> Result<(u32, u32), XlsxError> {
    let week_top = row;
    ws.write_with_format(row, 0, t_in!(lang, "report-week"), bold)?;
    ws.write_with_format(row, 1, t_in!(lang, "report-airings"), bold)?;
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (monday, n) in &report.weeks {
        row += 1;
        ws.write_datetime_with_format(row, 0, excel_date(*monday)?, &date)?;
        ws.write_number(row, 1, *n as f64)?;
    }
    Ok((week_top, row))
}

/// The evidence: which state of which log this came from.
fn log_table(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    mut row: u32,
    bold: &Format,
) -> Result<(), XlsxError> {
    ws.write_with_format(row, 0, t_in!(lang, "report-log"), bold)?;
    ws.write_with_format(row, 1, t_in!(lang, "report-records"), bold)?;
    ws.write_with_format(row, 2, t_in!(lang, "report-last-sha"), bold)?;
    for l in &report.logs {
        row += 1;
        ws.write(row, 0, format!("{} ({})", l.file, l.station))?;
        ws.write_number(row, 1, l.records as f64)?;
        ws.write(row, 2, &l.head)?;
    }
    row += 1;
    ws.write(row, 0, t_in!(lang, "report-check-with"))?;
    Ok(())
}

/// Charts: minutes per topic, airings per week.
fn charts(
    lang: Lang,
    ws: &mut Worksheet,
    top: u32,
    total_row: u32,
    week_top: u32,
    week_last: u32,
) -> Result<(), XlsxError> {
    let sheet = sheet_names(lang).1;
    let sheet = sheet.as_str();
    let mut by_topic = Chart::new(ChartType::Bar);
    by_topic
        .title()
        .set_name(&t_in!(lang, "report-chart-minutes"));
    by_topic
        .add_series()
        .set_categories((sheet, top + 1, 0, total_row - 1, 0))
        .set_values((sheet, top + 1, 3, total_row - 1, 3))
        .set_name(&t_in!(lang, "report-minutes"));
    by_topic.legend().set_hidden();
    by_topic.set_width(720).set_height(360);
    ws.insert_chart(top, 6, &by_topic)?;

    if week_last > week_top {
        let mut by_week = Chart::new(ChartType::Column);
        by_week.title().set_name(&t_in!(lang, "report-chart-weeks"));
        by_week
            .add_series()
            .set_categories((sheet, week_top + 1, 0, week_last, 0))
            .set_values((sheet, week_top + 1, 1, week_last, 1))
            .set_name(&t_in!(lang, "report-airings"));
        by_week.legend().set_hidden();
        by_week.set_width(720).set_height(300);
        ws.insert_chart(top + 20, 6, &by_week)?;
    }
    Ok(())
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
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    // Plain for the stations, bold for the total: text, minutes, ratio.
    let looks = |f: Format| {
        [
            f.clone(),
            f.clone().set_num_format("0.0"),
            f.set_num_format("0.0%"),
        ]
    };
    let (plain, strong) = (looks(Format::new()), looks(Format::new().set_bold()));
    let heads = crate::report::station_headers(lang);
    for (c, h) in heads.iter().enumerate() {
        ws.write_with_format(0, c as u16, h, &bold)?;
    }
    let all = report.all_stations();
    let total = t_in!(lang, "report-total");
    let lines = report
        .stations
        .iter()
        .map(|s| (s.station.as_str(), s, &plain))
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

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
