//! The summary sheet: the report the clerk signs and hands in, laid out to
//! fit one landscape A4 page. The committee and the motto at the top, the
//! title, the period and the station; the report sentence; the tables by
//! topic (largest first) and by month on the left, their charts on the
//! right; the log the figures come from; the place, the date and the two
//! signatures. The charts read their labels from columns beyond the
//! printed ones (short labels for the topics, "dd/mm" for the weeks).

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartType, Format, FormatAlign,
    FormatBorder, Worksheet, XlsxError,
};

use super::paper::{self, FONT, Paper, font};
use crate::report::{Lang, Report, ReportText as _};
use crate::topics::TopicList;

/// Columns: the tables (A–D), a gap (E), the charts (F–K); the charts'
/// own labels beyond the print area (M: topics, N–O: weeks).
const TABLE: (u16, u16) = (0, 3);
const CHARTS: (u16, u16) = (5, 10);
const LABEL_COL: u16 = 12;
const WEEK_COL: u16 = 13;
const LABEL_WIDTH: f64 = 48.0;
const CHART_COL_WIDTH: f64 = 12.5;

/// The height of a row of one line of 11-point text (points).
const LINE: f64 = 15.0;

/// What a bar chart takes besides its labels (title, axis, margins), and
/// what each line of its 8-point labels takes, with the gap between
/// bars (points).
const CHART_FRAME: f64 = 60.0;
const LABEL_LINE: f64 = 11.0;

/// The heights the summary's rows are set to (points; 15 when not set),
/// to size the charts to the rows beside them.
#[derive(Default)]
struct Heights(std::collections::BTreeMap<u32, f64>);

impl Heights {
    fn set(&mut self, ws: &mut Worksheet, row: u32, points: f64) -> Result<(), XlsxError> {
        self.0.insert(row, points);
        ws.set_row_height(row, points)?;
        Ok(())
    }

    /// Rows `from..=to` in pixels (96 a inch, 72 points).
    fn pixels(&self, from: u32, to: u32) -> u32 {
        let points: f64 = (from..=to)
            .map(|r| self.0.get(&r).copied().unwrap_or(LINE))
            .sum();
        (points * 4.0 / 3.0).round() as u32
    }
}

/// What the summary's rows hold, to place the charts beside them.
struct Rows {
    topic_head: u32,
    total: u32,
}

pub(super) fn sheet(
    report: &Report,
    topics: &TopicList,
    paper: &Paper,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let lang = paper.lang;
    ws.set_column_width(0, LABEL_WIDTH)?;
    for c in 1..=3 {
        ws.set_column_width(c, 10.0)?;
    }
    ws.set_column_width(4, 2.0)?;
    for c in CHARTS.0..=CHARTS.1 {
        ws.set_column_width(c, CHART_COL_WIDTH)?;
    }
    ws.set_column_width(LABEL_COL, 36.0)?;
    let mut h = Heights::default();
    paper::heading_block(ws, paper, (0, 1), CHARTS)?;
    title_block(report, paper, ws, &mut h)?;
    let rows = topic_table(report, topics, lang, ws, &mut h, 8)?;
    let months_last = month_table(report, lang, ws, &mut h, rows.total + 1)?;
    // The weeks' chart beside the months, at least as tall as the topics'.
    let weeks_top = rows.total + 2;
    let weeks_last = if report.weeks.is_empty() {
        months_last
    } else {
        (months_last + 1).max(weeks_top + 10)
    };
    charts(report, lang, ws, &h, &rows, (weeks_top, weeks_last))?;
    let evidence_last = log_table(report, lang, ws, &mut h, weeks_last + 2)?;
    let last = paper::signature_block(ws, paper, evidence_last + 2, TABLE, CHARTS)?;
    paper::print_setup(ws, paper, None, None)?;
    ws.set_print_area(0, 0, last, CHARTS.1)?;
    // One page, as it is laid out to be; a roll-up's list of logs may
    // run onto more.
    if !report.rollup {
        ws.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

/// The height of a row holding `text` in a column `width` characters
/// wide, at 11 points.
fn height(text: &str, width: f64) -> f64 {
    paper::row_height(paper::wrapped_lines(text, width, 11.0), 11.0)
}

/// The title, the period and the station (rows 3 to 5) and the report's
/// sentence (row 6), across the page.
fn title_block(
    report: &Report,
    paper: &Paper,
    ws: &mut Worksheet,
    h: &mut Heights,
) -> Result<(), XlsxError> {
    let lang = paper.lang;
    let centre = font(11).set_align(FormatAlign::Center).set_text_wrap();
    let title = centre.clone().set_bold().set_font_size(14);
    let across = |ws: &mut Worksheet, row: u32, text: &str, f: &Format| {
        ws.merge_range(row, 0, row, CHARTS.1, text, f).map(|_| ())
    };
    h.set(ws, 2, 8.0)?;
    across(ws, 3, &t_in!(lang, "report-title"), &title)?;
    h.set(ws, 3, 22.0)?;
    let period = format!("{}: {}", t_in!(lang, "report-period"), paper.period);
    across(ws, 4, &period, &centre.clone().set_bold())?;
    let station = format!("{}: {}", t_in!(lang, "report-station"), report.station);
    across(ws, 5, &station, &centre)?;
    h.set(ws, 5, height(&station, page_width()))?;
    // The sentence the report is written around, whole, on its own lines.
    let sentence = report.sentence(lang);
    let justify = font(11).set_text_wrap().set_align(FormatAlign::Left);
    across(ws, 6, &sentence, &justify)?;
    h.set(ws, 6, height(&sentence, page_width()) + 2.0)?;
    h.set(ws, 7, 6.0)?;
    Ok(())
}

/// The printed width in characters, all columns A–K.
fn page_width() -> f64 {
    LABEL_WIDTH + 30.0 + 2.0 + CHART_COL_WIDTH * (CHARTS.1 - CHARTS.0 + 1) as f64
}

/// The cell formats of the tables.
struct Cells {
    head: Format,
    text: Format,
    number: Format,
    decimal: Format,
    bold_text: Format,
    bold_number: Format,
    bold_decimal: Format,
}

fn cells(lang: Lang) -> Cells {
    let one_place = paper::decimals("0.0", lang);
    let text = font(11)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let number = text.clone().set_align(FormatAlign::Right);
    Cells {
        head: text
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(0xE7E6E6),
        decimal: number.clone().set_num_format(&one_place),
        bold_text: text.clone().set_bold(),
        bold_number: number.clone().set_bold(),
        bold_decimal: number.clone().set_bold().set_num_format(&one_place),
        text,
        number,
    }
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

/// The topics, most minutes first, in the order the chart shows them.
fn by_minutes(report: &Report) -> Vec<&(String, loaxa_core::report::TopicTotals)> {
    let mut sorted: Vec<_> = report.topics.iter().collect();
    // Stable: topics of equal minutes stay in the catalog's order.
    sorted.sort_by(|a, b| b.1.seconds.total_cmp(&a.1.seconds));
    sorted
}

/// Per topic from row `top` (its heads), largest first, and the total;
/// each label also cut short for the chart, in column M.
fn topic_table(
    report: &Report,
    topics: &TopicList,
    lang: Lang,
    ws: &mut Worksheet,
    h: &mut Heights,
    top: u32,
) -> Result<Rows, XlsxError> {
    let f = cells(lang);
    for (c, h) in heads(lang).iter().enumerate() {
        ws.write_with_format(top, c as u16, h, &f.head)?;
    }
    let short = font(9);
    let sorted = by_minutes(report);
    let names: Vec<&str> = sorted
        .iter()
        .map(|(code, _)| match lang {
            Lang::Vi => topics.label(code),
            Lang::En => topics.label_en(code),
        })
        .collect();
    let labels: Vec<String> = names.iter().map(|n| chart_label(n)).collect();
    // The chart beside the table names every topic only if each label
    // has room: the rows are made as tall as the labels need.
    let label_lines: usize = labels.iter().map(|l| l.lines().count()).sum();
    let needed = CHART_FRAME + LABEL_LINE * label_lines as f64;
    let own: Vec<f64> = names.iter().map(|n| height(n, LABEL_WIDTH)).collect();
    let short_by = needed - own.iter().sum::<f64>() - 2.0 * LINE;
    let extra = (short_by / names.len().max(1) as f64).max(0.0);
    for (i, (_, t)) in sorted.iter().enumerate() {
        let row = top + 1 + i as u32;
        ws.write_with_format(row, 0, names[i], &f.text)?;
        ws.write_with_format(row, 1, t.bulletins as f64, &f.number)?;
        ws.write_with_format(row, 2, t.airings as f64, &f.number)?;
        ws.write_with_format(row, 3, round1(t.seconds / 60.0), &f.decimal)?;
        ws.write_with_format(row, LABEL_COL, &labels[i], &short)?;
        h.set(ws, row, own[i] + extra)?;
    }
    let total = top + 1 + sorted.len() as u32;
    ws.write_with_format(total, 0, t_in!(lang, "report-total"), &f.bold_text)?;
    ws.write_with_format(total, 1, report.total.bulletins as f64, &f.bold_number)?;
    ws.write_with_format(total, 2, report.total.airings as f64, &f.bold_number)?;
    let minutes = round1(report.total.seconds / 60.0);
    ws.write_with_format(total, 3, minutes, &f.bold_decimal)?;
    Ok(Rows {
        topic_head: top,
        total,
    })
}

/// A topic's label as the chart shows it: on lines of at most 44
/// characters, two at most, the rest cut with "…" (the table beside it
/// has the whole name).
fn chart_label(name: &str) -> String {
    const WIDTH: usize = 44;
    const MAX_LINES: usize = 2;
    let mut out: Vec<String> = vec![String::new()];
    for word in name.split_whitespace() {
        let line = out.last().map_or(0, |l| l.chars().count());
        if line > 0 && line + 1 + word.chars().count() > WIDTH {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    if out.len() > MAX_LINES {
        out.truncate(MAX_LINES);
        if let Some(last) = out.last_mut() {
            let keep: String = last.chars().take(WIDTH - 1).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    out.join("\n")
}

/// What was not counted (if anything) at `row`, then per month; returns
/// the last row written.
fn month_table(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    h: &mut Heights,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let f = cells(lang);
    if !report.not_counted.is_empty() {
        let text = format!(
            "{}: {}",
            t_in!(lang, "report-not-counted-listed"),
            report.not_counted_text(lang)
        );
        let note = font(10).set_italic().set_text_wrap();
        ws.merge_range(row, TABLE.0, row, TABLE.1, &text, &note)?;
        h.set(ws, row, height(&text, LABEL_WIDTH + 30.0))?;
        row += 1;
    }
    row += 1;
    let mut mheads = heads(lang);
    mheads[0] = t_in!(lang, "report-col-month");
    for (c, h) in mheads.iter().enumerate() {
        ws.write_with_format(row, c as u16, h, &f.head)?;
    }
    for ((y, m), t) in &report.months {
        row += 1;
        ws.write_with_format(row, 0, format!("{m:02}/{y}"), &f.text)?;
        ws.write_with_format(row, 1, t.bulletins as f64, &f.number)?;
        ws.write_with_format(row, 2, t.airings as f64, &f.number)?;
        ws.write_with_format(row, 3, round1(t.seconds / 60.0), &f.decimal)?;
    }
    if report.months.is_empty() {
        row += 1;
        ws.write_with_format(row, 0, t_in!(lang, "report-no-airings"), &f.text)?;
    }
    Ok(row)
}

/// The evidence from row `row`: which state of which log the figures
/// come from (the file, its records, the last record's SHA-256), and how
/// to check it. Returns the last row written.
fn log_table(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    h: &mut Heights,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let f = cells(lang);
    let hash = font(10).set_font_name("Courier New");
    ws.write_with_format(row, 0, t_in!(lang, "report-log"), &f.head)?;
    ws.write_with_format(row, 1, t_in!(lang, "report-records"), &f.head)?;
    ws.merge_range(
        row,
        2,
        row,
        CHARTS.1,
        &t_in!(lang, "report-last-sha"),
        &f.head,
    )?;
    for l in &report.logs {
        row += 1;
        let file = format!("{} ({})", l.file, l.station);
        ws.write_with_format(row, 0, &file, &f.text)?;
        ws.write_with_format(row, 1, l.records as f64, &f.number)?;
        ws.merge_range(
            row,
            2,
            row,
            CHARTS.1,
            &l.head,
            &hash
                .clone()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
        )?;
        h.set(ws, row, height(&file, LABEL_WIDTH))?;
    }
    row += 1;
    let note = font(10).set_italic();
    ws.write_with_format(row, 0, t_in!(lang, "report-check-with"), &note)?;
    Ok(row)
}

/// The week table the weeks' chart reads, beyond the print area from
/// `top`: each week's Monday as "dd/mm" (text: a date axis shows serial
/// numbers in some spreadsheets) and its airings. Returns its last row.
fn week_table(report: &Report, lang: Lang, ws: &mut Worksheet, top: u32) -> Result<u32, XlsxError> {
    let bold = font(11).set_bold();
    ws.write_with_format(top, WEEK_COL, t_in!(lang, "report-week"), &bold)?;
    ws.write_with_format(top, WEEK_COL + 1, t_in!(lang, "report-airings"), &bold)?;
    let mut row = top;
    for (monday, n) in &report.weeks {
        row += 1;
        ws.write_string(row, WEEK_COL, monday.format("%d/%m").to_string())?;
        ws.write_number(row, WEEK_COL + 1, *n as f64)?;
    }
    Ok(row)
}

/// A chart's words in the report's font.
fn chart_font(size: f64, bold: bool) -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_size(size);
    if bold {
        f.set_bold();
    }
    f
}

/// The two charts: minutes per topic beside the topic table (every topic
/// labelled, the largest at the top), airings per week beside the months.
fn charts(
    report: &Report,
    lang: Lang,
    ws: &mut Worksheet,
    h: &Heights,
    rows: &Rows,
    weeks: (u32, u32),
) -> Result<(), XlsxError> {
    let sheet = super::sheet_names(lang).1;
    let (first, last) = (rows.topic_head + 1, rows.total - 1);
    let mut by_topic = Chart::new(ChartType::Bar);
    by_topic
        .add_series()
        .set_categories((sheet.as_str(), first, LABEL_COL, last, LABEL_COL))
        .set_values((sheet.as_str(), first, 3, last, 3))
        .set_name(&t_in!(lang, "report-minutes"))
        .set_data_label(&values())
        .set_gap(60);
    // The first (the largest) at the top, the minutes still along the
    // bottom (a bar chart's categories are its y axis). The rows beside
    // it give every label its room: neither spreadsheet then leaves one out.
    by_topic
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&chart_font(8.0, false));
    let height = h.pixels(rows.topic_head, rows.total);
    dress(
        &mut by_topic,
        &t_in!(lang, "report-chart-minutes"),
        height,
        true,
        lang,
    );
    ws.insert_chart(rows.topic_head, CHARTS.0, &by_topic)?;

    let week_last = week_table(report, lang, ws, rows.topic_head)?;
    if week_last > rows.topic_head {
        let (first, col) = (rows.topic_head + 1, WEEK_COL);
        let mut by_week = Chart::new(ChartType::Column);
        by_week
            .add_series()
            .set_categories((sheet.as_str(), first, col, week_last, col))
            .set_values((sheet.as_str(), first, col + 1, week_last, col + 1))
            .set_name(&t_in!(lang, "report-airings"))
            .set_data_label(&values());
        by_week.x_axis().set_font(&chart_font(8.0, false));
        let height = h.pixels(weeks.0, weeks.1);
        dress(
            &mut by_week,
            &t_in!(lang, "report-chart-weeks"),
            height,
            false,
            lang,
        );
        // Airings are whole: a tick per whole airing, or per a few when
        // a week had many.
        let most = report.weeks.values().max().copied().unwrap_or(0);
        by_week
            .y_axis()
            .set_major_unit(most.div_ceil(6).max(1) as f64);
        ws.insert_chart(weeks.0, CHARTS.0, &by_week)?;
    }
    Ok(())
}

/// Each bar's value written on it, small.
fn values() -> ChartDataLabel {
    let mut label = ChartDataLabel::new();
    label.show_value().set_font(&chart_font(8.0, false));
    label
}

/// A chart's title, its value axis's type (`bar`: the x axis), no
/// legend (one series), the width of the chart columns and `height`
/// pixels.
fn dress(chart: &mut Chart, title: &str, height: u32, bar: bool, lang: Lang) {
    chart
        .title()
        .set_name(title)
        .set_font(&chart_font(11.0, true));
    let values = if bar { chart.x_axis() } else { chart.y_axis() };
    // Its ticks with the report's decimal mark (0,5 in Vietnamese).
    values
        .set_font(&chart_font(8.0, false))
        .set_num_format(paper::decimals("General", lang));
    chart.legend().set_hidden();
    chart.set_width(chart_width()).set_height(height);
}

fn chart_width() -> u32 {
    let cols = u32::from(CHARTS.1 - CHARTS.0 + 1);
    cols * ((CHART_COL_WIDTH * 7.0) as u32 + 5)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
