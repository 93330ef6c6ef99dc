//! The report on paper: how every sheet prints (A4 landscape, one page
//! wide, its heading row again on every page, "Trang 1/3" at the foot) and
//! the words of an administrative report around the summary: the
//! committee and the national motto at the top, the place, the date and
//! the two signatures at the end (the `[report]` settings).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};
use unicode_normalization::UnicodeNormalization as _;

use crate::i18n::Lang;
use crate::report::{PeriodKind, PeriodText as _, Report};
use crate::station::Settings;
use crate::timefmt::date_vi;

/// The font of every cell: the one Vietnamese administrative documents
/// are written in (Liberation Serif, its metric twin, where LibreOffice
/// runs without it).
pub(crate) const FONT: &str = "Times New Roman";

/// A4 in Excel's paper numbers.
const A4: u8 = 9;

/// The words around the tables, in the report's language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Paper {
    pub(crate) lang: Lang,
    /// "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH".
    pub(crate) committee: String,
    /// "Mỹ Thạnh, ngày 30 tháng 11 năm 2026".
    pub(crate) date_line: String,
    /// The names under the two signatures, when the station gives them.
    pub(crate) preparer: Option<String>,
    pub(crate) head: Option<String>,
    /// "Thủ trưởng đơn vị", or the station's own `head_title`.
    pub(crate) head_title: String,
    /// The station (or the stations of a roll-up) and the period, as the
    /// page header of the tables names them.
    pub(crate) station: String,
    pub(crate) period: String,
}

/// What a place is written without, when no name follows the kind.
const UNFILLED: &str = "……";

/// The kinds of place a people's committee governs, as names write them
/// (two words first: "thị xã" is not "xã"); the catalog's key for each.
const KINDS: &[(&str, &str)] = &[
    ("thị trấn", "thi-tran"),
    ("thị xã", "thi-xa"),
    ("thành phố", "thanh-pho"),
    ("đặc khu", "dac-khu"),
    ("phường", "phuong"),
    ("xã", "xa"),
];

/// The kind of place and its name: from `[report] commune` when given
/// ("Mỹ Thạnh" is a xã; "phường Hòa Bình" says its kind), else from the
/// words after "xã", "phường", "thị trấn"… in the station's name; an
/// empty name when neither says.
pub(crate) fn commune(given: Option<&str>, station: &str) -> (&'static str, String) {
    let words_of = |s: &str| -> Vec<String> {
        s.nfc()
            .collect::<String>()
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let find = |words: &[String]| -> Option<(usize, &'static str, usize)> {
        (0..words.len()).find_map(|i| {
            KINDS.iter().find_map(|(kind, key)| {
                let n = kind.split(' ').count();
                let here = words.get(i..i + n)?.join(" ").to_lowercase();
                (here == *kind).then_some((i, *key, n))
            })
        })
    };
    if let Some(given) = given {
        let words = words_of(given);
        return match find(&words) {
            Some((0, key, n)) => (key, words[n..].join(" ")),
            _ => ("xa", words.join(" ")),
        };
    }
    let words = words_of(station);
    match find(&words) {
        Some((i, key, n)) => (key, words[i + n..].join(" ")),
        None => ("xa", String::new()),
    }
}

/// "05" and "01": the day always with two digits, the month with two when
/// it is January or February, as administrative documents date themselves.
fn date_args(d: NaiveDate) -> (String, String) {
    let month = d.month();
    let mm = if month < 3 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    (format!("{:02}", d.day()), mm)
}

impl Paper {
    /// The words for `report`, made on `made` (the day at the station)
    /// by the station of `settings` (for a roll-up, the office's).
    pub(crate) fn new(report: &Report, settings: &Settings, made: NaiveDate, lang: Lang) -> Paper {
        let ours = &settings.report;
        let (kind, name) = commune(ours.commune.as_deref(), &settings.station);
        let shown = if name.is_empty() {
            UNFILLED.to_string()
        } else {
            name.to_uppercase()
        };
        let place = ours.place.clone().unwrap_or_else(|| {
            if name.is_empty() {
                UNFILLED.into()
            } else {
                name
            }
        });
        let (dd, mm) = date_args(made);
        Paper {
            lang,
            committee: t_in!(lang, "report-committee", kind = kind, name = shown),
            date_line: t_in!(
                lang,
                "report-date-line",
                place = place,
                dd = dd,
                day = made.day(),
                mm = mm,
                month = made.month(),
                year = made.year()
            ),
            preparer: ours.preparer.clone(),
            head: ours.head.clone(),
            head_title: ours
                .head_title
                .clone()
                .unwrap_or_else(|| t_in!(lang, "report-head")),
            station: report.station.clone(),
            period: period_line(report, lang),
        }
    }
}

/// "Quý IV/2026 (01/10/2026 – 31/12/2026)", or the dates alone.
pub(crate) fn period_line(report: &Report, lang: Lang) -> String {
    let p = &report.period;
    match p.kind {
        PeriodKind::Dates => p.label(lang),
        _ => format!(
            "{} ({} – {})",
            p.label(lang),
            date_vi(p.from),
            date_vi(p.to)
        ),
    }
}

/// Text as a page header shows it: `&` doubled (it starts a code there),
/// cut to `max` characters as written.
fn header_text(s: &str, max: usize) -> String {
    let written = |c: char| if c == '&' { 2 } else { 1 };
    if s.chars().map(written).sum::<usize>() <= max {
        return s.replace('&', "&&");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + written(c) > max - 1 {
            break;
        }
        used += written(c);
        out.push(c);
    }
    out.replace('&', "&&") + "…"
}

/// The page header of a table: the committee (bold) over the station on
/// the left, the sheet's title (bold) over the period in the middle.
/// Excel keeps no header over 255 characters: the words are cut to fit,
/// the codes (`&B` bold on and off, `&9` the size) are not; a size is
/// never written before a digit (`&9` then "01/10" would read as size 901).
fn page_header(paper: &Paper, heading: &str) -> String {
    let font = format!("&\"{FONT},Regular\"");
    format!(
        "&L{font}&9&B{}&B\n{}&C{font}&11&B{}&B&9\n{}",
        header_text(&paper.committee, 45),
        header_text(&paper.station, 45),
        header_text(&heading.to_uppercase(), 30),
        header_text(&paper.period, 50),
    )
}

/// How every sheet of the report prints: A4 landscape, one page wide and
/// as many tall as it takes, margins for a binder, "Trang 1/3" at the
/// foot; `heading` (the sheet's title) in the page header with the
/// committee, the station and the period; `repeat_row` (the table's
/// heading) printed again at the top of every page.
pub(crate) fn print_setup(
    ws: &mut Worksheet,
    paper: &Paper,
    heading: Option<&str>,
    repeat_row: Option<u32>,
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        // Inches: left 0.6 (a binder's holes), right, top and bottom 0.4;
        // the header and the footer 0.2 from the edge.
        .set_margins(0.6, 0.4, 0.55, 0.5, 0.2, 0.2)
        .set_footer(format!(
            "&C&9&\"{FONT},Regular\"{}",
            t_in!(paper.lang, "report-footer")
        ));
    if let Some(heading) = heading {
        ws.set_header(page_header(paper, heading));
    }
    if let Some(row) = repeat_row {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// Lines `text` wraps to in a column `width` characters wide, at `size`
/// points: words go whole to the next line, a word longer than a line
/// runs on over lines. Spreadsheets do not size a row to its wrapped text
/// when they open a file (LibreOffice neither), so the rows are sized
/// from this; it errs taller (Times New Roman's letters are half an em
/// wide or less, on average: this takes 0.42; its text measured 0.39).
pub(crate) fn wrapped_lines(text: &str, width: f64, size: f64) -> u32 {
    // A column character is 7 pixels; a letter 0.42 em, at 96 pixels an
    // inch.
    let per_line = ((width * 7.0) / (size * 0.42 * 96.0 / 72.0))
        .floor()
        .max(1.0) as usize;
    let mut lines = 0u32;
    for part in text.split('\n') {
        lines += 1;
        let mut used = 0usize;
        for word in part.split(' ') {
            let w = word.chars().count();
            if w == 0 {
                used += usize::from(used > 0);
                continue;
            }
            if used > 0 && used + 1 + w <= per_line {
                used += 1 + w;
                continue;
            }
            if used > 0 {
                lines += 1;
            }
            lines += ((w - 1) / per_line) as u32;
            used = (w - 1) % per_line + 1;
        }
    }
    lines.max(1)
}

/// The height in points of a row of `lines` lines at `size` points.
pub(crate) fn row_height(lines: u32, size: f64) -> f64 {
    // Times New Roman's lines are 1.15 em apart.
    (f64::from(lines) * size * 1.2 + 3.0).max(15.0)
}

/// A number format for decimals (`0.0`, `0.0%`) in the report's language.
/// A Vietnamese one carries the Vietnamese locale (LCID 0x42A), so
/// LibreOffice writes a decimal comma whatever the PC's own locale; Excel
/// takes the separator from Windows' regional settings either way.
pub(crate) fn decimals(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("[$-42A]{code}"),
        Lang::En => code.to_string(),
    }
}

/// The font every cell starts from, at `size` points.
pub(crate) fn font(size: u8) -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(size)
        .set_align(FormatAlign::Top)
}

/// The top of the summary, as administrative documents open: the
/// committee on the left, the nation and its motto on the right (rows 0
/// and 1), over columns `left` and `right` (first, last).
pub(crate) fn heading_block(
    ws: &mut Worksheet,
    paper: &Paper,
    left: (u16, u16),
    right: (u16, u16),
) -> Result<(), XlsxError> {
    let bold = font(11)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    ws.merge_range(0, left.0, 1, left.1, &paper.committee, &bold)?;
    ws.merge_range(
        0,
        right.0,
        0,
        right.1,
        &t_in!(paper.lang, "report-nation"),
        &bold,
    )?;
    // The motto is underlined as the documents underline it.
    let motto = font(11)
        .set_bold()
        .set_underline(rust_xlsxwriter::FormatUnderline::Single)
        .set_align(FormatAlign::Center);
    ws.merge_range(
        1,
        right.0,
        1,
        right.1,
        &t_in!(paper.lang, "report-motto"),
        &motto,
    )?;
    Ok(())
}

/// The end of the summary from row `row`: the place and date over the
/// head's signature, "Người lập biểu" under `left` and the head under
/// `right`, each with what to sign and the name (when given) below the
/// space for the signature. Returns the last row written.
pub(crate) fn signature_block(
    ws: &mut Worksheet,
    paper: &Paper,
    row: u32,
    left: (u16, u16),
    right: (u16, u16),
) -> Result<u32, XlsxError> {
    let lang = paper.lang;
    let centre = font(11).set_align(FormatAlign::Center);
    let italic = centre.clone().set_italic();
    let bold = centre.clone().set_bold();
    let merge = |ws: &mut Worksheet, r: u32, cols: (u16, u16), text: &str, f: &Format| {
        ws.merge_range(r, cols.0, r, cols.1, text, f).map(|_| ())
    };
    merge(ws, row, right, &paper.date_line, &italic)?;
    merge(ws, row + 1, left, &t_in!(lang, "report-preparer"), &bold)?;
    merge(ws, row + 1, right, &paper.head_title, &bold)?;
    merge(
        ws,
        row + 2,
        left,
        &t_in!(lang, "report-preparer-sign"),
        &italic,
    )?;
    merge(
        ws,
        row + 2,
        right,
        &t_in!(lang, "report-head-sign"),
        &italic,
    )?;
    // Room to sign (and to stamp, on the right).
    for r in row + 3..row + 6 {
        ws.set_row_height(r, 18)?;
    }
    let last = row + 6;
    let blank = String::new();
    merge(
        ws,
        last,
        left,
        paper.preparer.as_ref().unwrap_or(&blank),
        &bold,
    )?;
    merge(
        ws,
        last,
        right,
        paper.head.as_ref().unwrap_or(&blank),
        &bold,
    )?;
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commune_from_the_settings_or_the_station_name() {
        let cases: &[(Option<&str>, &str, (&str, &str))] = &[
            (None, "Đài truyền thanh xã Mỹ Thạnh", ("xa", "Mỹ Thạnh")),
            (None, "ĐÀI TRUYỀN THANH XÃ MỸ THẠNH", ("xa", "MỸ THẠNH")),
            (
                None,
                "Đài truyền thanh phường Hòa Bình",
                ("phuong", "Hòa Bình"),
            ),
            (None, "Đài TT thị trấn Phú Mỹ", ("thi-tran", "Phú Mỹ")),
            (None, "Đài truyền thanh thị xã Ba Đồn", ("thi-xa", "Ba Đồn")),
            (
                None,
                "Đài truyền thanh đặc khu Phú Quốc",
                ("dac-khu", "Phú Quốc"),
            ),
            (None, "Đài truyền thanh xã", ("xa", "")),
            (None, "Loa Mỹ Thạnh", ("xa", "")),
            (
                Some("Mỹ Thạnh"),
                "Đài truyền thanh phường X",
                ("xa", "Mỹ Thạnh"),
            ),
            (Some("phường  Hòa Bình"), "Đài X", ("phuong", "Hòa Bình")),
            (Some("Thị trấn Phú Mỹ"), "Đài X", ("thi-tran", "Phú Mỹ")),
        ];
        for (given, station, (kind, name)) in cases {
            assert_eq!(
                commune(*given, station),
                (*kind, name.to_string()),
                "{given:?} {station}"
            );
        }
        // Typed on a machine that writes letters and their marks apart.
        let nfd: String = "Đài truyền thanh xã Mỹ Thạnh".nfd().collect();
        assert_eq!(commune(None, &nfd), ("xa", "Mỹ Thạnh".to_string()));
    }

    #[test]
    fn dates_as_administrative_documents_write_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_args(d(2026, 11, 30)), ("30".into(), "11".into()));
        assert_eq!(date_args(d(2027, 2, 5)), ("05".into(), "02".into()));
        assert_eq!(date_args(d(2027, 3, 1)), ("01".into(), "3".into()));
    }

    #[test]
    fn wrapped_text_is_counted_in_lines() {
        // 12 characters a line at 10 points in a column 10 wide.
        let lines = |t: &str| wrapped_lines(t, 10.0, 10.0);
        assert_eq!(lines(""), 1);
        assert_eq!(lines("một hai ba"), 1);
        assert_eq!(lines(&"x".repeat(12)), 1);
        assert_eq!(lines(&"x".repeat(13)), 2);
        assert_eq!(lines(&"x".repeat(64)), 6);
        assert_eq!(lines("aaaaa bbbbbb"), 1);
        assert_eq!(lines("aaaaaa bbbbbb"), 2);
        assert_eq!(lines("a\nb"), 2);
        assert_eq!(lines(&format!("ab {}", "x".repeat(20))), 3);
        assert!(row_height(3, 10.0) > 3.0 * 10.0);
    }

    #[test]
    fn page_headers_keep_ampersands_and_fit() {
        assert_eq!(header_text("A & B", 10), "A && B");
        let long = "x".repeat(100);
        assert_eq!(header_text(&long, 60).chars().count(), 60);
        assert_eq!(
            header_text(&"&".repeat(100), 11),
            format!("{}…", "&".repeat(10))
        );
        // The longest names there may be still leave a header Excel keeps.
        let wide = "Ư".repeat(300);
        let paper = Paper {
            lang: Lang::Vi,
            committee: wide.clone(),
            date_line: wide.clone(),
            preparer: None,
            head: None,
            head_title: wide.clone(),
            station: wide.clone(),
            period: "01/10/2026–31/12/2026".repeat(10),
        };
        let header = page_header(&paper, &wide);
        assert!(header.encode_utf16().count() <= 255, "{header}");
        assert!(header.contains("&9\n01/10/2026"), "{header}");
    }
}
