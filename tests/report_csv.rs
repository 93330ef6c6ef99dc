//! The CSV as a clerk opens it: the example station aired for two days,
//! exported by the real binary as `--format csv` (UTF-8 with a byte-order
//! mark, commas) and `--format csv-excel` (UTF-16 with a byte-order mark,
//! tabs), each opened by LibreOffice headless and saved as XLSX, and that
//! read back with calamine.
//!
//! What LibreOffice 7.4 does (Debian 12), as these tests pin it:
//! - with its DEFAULT filter (`soffice --convert-to xlsx file.csv`, what a
//!   script or a double click without the import dialog gets) it reads
//!   neither byte-order mark: the file is read in an 8-bit code page and
//!   every Vietnamese letter comes out as mojibake ("Giá» theo lá»‹ch");
//! - told the character set (what the Text Import dialog's "Character set"
//!   says: Unicode (UTF-8) for `csv`, Unicode for `csv-excel`) every
//!   heading and title reads right, and the times and lengths stay the text
//!   loaxa wrote even with "Detect special numbers" on, in an English or a
//!   Vietnamese locale, where `06:30:00` and `0:01:35` become times.
//!
//! Needs `soffice` (Debian's libreoffice-calc-nogui); without it these
//! tests fail, unless LOAXA_SKIP_LIBREOFFICE=1 says to skip them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use loaxa::audio::OutputSpec;
use loaxa::daemon::Mode;
use loaxa::sim::Run;
use loaxa::station::Station;

use common::TestStation;

const SOFFICE: &str = "soffice";

/// Whether LibreOffice is here; without it the test fails saying what to
/// install, or (LOAXA_SKIP_LIBREOFFICE=1) says it was skipped and why.
fn libreoffice() -> bool {
    let found = Command::new(SOFFICE)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return true;
    }
    if std::env::var_os("LOAXA_SKIP_LIBREOFFICE").is_some_and(|v| v == "1") {
        eprintln!(
            "skipped: soffice is not installed (Debian's libreoffice-calc-nogui) and \
             LOAXA_SKIP_LIBREOFFICE=1"
        );
        return false;
    }
    panic!(
        "soffice is missing: the CSV tests open the export with LibreOffice \
         (sudo apt-get install libreoffice-calc-nogui; .ci/run installs it), \
         or set LOAXA_SKIP_LIBREOFFICE=1 to skip them"
    );
}

/// `file` opened by LibreOffice headless (a profile of its own, so tests
/// run side by side) and saved as XLSX: `filter` as the import dialog
/// would set it, or None for LibreOffice's default. The first sheet's rows.
fn through_libreoffice(file: &Path, filter: Option<&str>) -> Vec<Vec<Data>> {
    let work = tempfile::tempdir().unwrap();
    let profile = format!("file://{}", work.path().join("profile").display());
    let out = work.path().join("out");
    let mut cmd = Command::new(SOFFICE);
    cmd.arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore"]);
    if let Some(f) = filter {
        cmd.arg(format!("--infilter={f}"));
    }
    cmd.args(["--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(file);
    let done = cmd.output().unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    let xlsx: PathBuf = out.join(format!("{stem}.xlsx"));
    assert!(
        xlsx.exists(),
        "LibreOffice made no XLSX of {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn midnight(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    let vn = chrono_tz::Asia::Ho_Chi_Minh;
    vn.from_local_datetime(
        &NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

/// The example station aired two days from Monday 23/11/2026, and its
/// week exported in both CSV flavours, in Vietnamese.
fn exported() -> (TestStation, PathBuf, PathBuf) {
    let st = TestStation::example();
    let start = midnight(2026, 11, 23);
    let run = Run::start(
        Station::open(st.path()).unwrap(),
        OutputSpec::Null,
        Mode::Station,
        start,
    )
    .unwrap();
    run.run_until(start + chrono::Duration::days(2));
    run.stop();
    let mut paths = Vec::new();
    for (format, name) in [("csv", "tuan.csv"), ("csv-excel", "tuan_excel.csv")] {
        let path = st.path().join(name);
        let out = st
            .cmd()
            .args(["export", "--from", "23/11/2026", "--to", "29/11/2026"])
            .args(["--lang", "vi", "--format", format, "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        paths.push(path);
    }
    let excel = paths.pop().unwrap();
    let plain = paths.pop().unwrap();
    (st, plain, excel)
}

/// The CSV's own cells (either flavour), read as text.
fn csv_cells(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let (text, sep) = if bytes.starts_with(&[0xff, 0xfe]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        (String::from_utf16(&units).unwrap(), b'\t')
    } else {
        let text = String::from_utf8(bytes).unwrap();
        (text.trim_start_matches('\u{feff}').to_string(), b',')
    };
    csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(sep)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => format!("<{other:?}>"),
    }
}

/// The sheet LibreOffice made holds the CSV's headings, titles, times and
/// lengths as the same text: not a time, not a number, not mojibake.
fn same_as_written(sheet: &[Vec<Data>], csv: &[Vec<String>], what: &str) {
    let head: Vec<String> = sheet[0].iter().map(text).collect();
    assert_eq!(head, csv[0], "{what}: the headings");
    for want in ["Giờ theo lịch", "Tiêu đề", "Trạng thái", "Thời lượng"] {
        assert!(head.iter().any(|h| h == want), "{what}: {want} in {head:?}");
    }
    let rows = csv.iter().skip(1).take_while(|r| r.len() == csv[0].len());
    let mut titles = 0;
    for (i, row) in rows.enumerate() {
        let got = &sheet[i + 1];
        // Scheduled, started, ended, length, title, status: text as written.
        for c in [3, 4, 5, 6, 7, 12] {
            if row[c].is_empty() {
                continue;
            }
            assert_eq!(
                got[c],
                Data::String(row[c].clone()),
                "{what}: row {} column {}",
                i + 1,
                csv[0][c]
            );
        }
        titles += usize::from(!row[7].is_ascii());
    }
    assert!(titles > 0, "{what}: some Vietnamese titles were checked");
}

#[test]
fn both_csv_flavours_open_right_when_libreoffice_is_told_the_charset() {
    if !libreoffice() {
        return;
    }
    let (_st, plain, excel) = exported();
    let written = csv_cells(&plain);
    assert_eq!(
        written,
        csv_cells(&excel),
        "the same cells in both flavours"
    );
    assert!(written.len() > 10, "two days of airings: {}", written.len());
    // A title with Vietnamese letters, and times and lengths as the
    // station writes them.
    let row = &written[1];
    assert!(
        written
            .iter()
            .any(|r| r.len() > 7 && r[7] == "Tin CCHC buổi sáng")
            || written
                .iter()
                .any(|r| r.len() > 7 && r[7].contains("một cửa")),
        "{written:?}"
    );
    assert!(row[3].contains('h') && !row[3].contains(':'), "{row:?}");
    assert!(
        row[6].ends_with("giây") || row[6].ends_with("phút"),
        "{row:?}"
    );

    // The import dialog's settings: separator, quote, character set,
    // first line; the language (English, Vietnamese); quoted cells as
    // text off; detect special numbers ON (the harshest reader: with it
    // off LibreOffice keeps even 06:30:00 as text).
    for lang in ["1033", "1066"] {
        let utf8 = format!("CSV:44,34,76,1,,{lang},false,true");
        let sheet = through_libreoffice(&plain, Some(&utf8));
        same_as_written(&sheet, &written, &format!("csv, UTF-8, language {lang}"));
        let utf16 = format!("CSV:9,34,65535,1,,{lang},false,true");
        let sheet = through_libreoffice(&excel, Some(&utf16));
        same_as_written(
            &sheet,
            &written,
            &format!("csv-excel, Unicode, language {lang}"),
        );
    }
}

#[test]
fn libreoffice_default_filter_reads_neither_byte_order_mark() {
    if !libreoffice() {
        return;
    }
    let (_st, plain, excel) = exported();
    // What a script (or an import without the dialog) gets: the file read
    // in an 8-bit code page. If this starts to fail because LibreOffice
    // reads the mark, the README's CSV advice can say so.
    let plain_sheet = through_libreoffice(&plain, None);
    let head: Vec<String> = plain_sheet[0].iter().map(text).collect();
    eprintln!("csv, LibreOffice's default filter: {head:?}");
    assert!(
        !head.iter().any(|h| h == "Giờ theo lịch") && head.iter().any(|h| h.contains("Ã")),
        "LibreOffice's default CSV filter now reads the UTF-8 mark: {head:?}"
    );
    let sheet = through_libreoffice(&excel, None);
    let first = text(&sheet[0][0]);
    eprintln!("csv-excel, LibreOffice's default filter: {first:?}");
    assert!(
        !first.contains("Giờ theo lịch"),
        "LibreOffice's default CSV filter now reads UTF-16: {first:?}"
    );
    // The times are text even so: "06h30" is no time to any reader.
    let written = csv_cells(&plain);
    assert_eq!(plain_sheet[1][3], Data::String(written[1][3].clone()));
}
