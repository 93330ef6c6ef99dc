//! The report as the clerk prints it: the example station's Quý IV/2026
//! (tests/fixtures/report/quy-4-2026.jsonl, made by report_print/quarter.rs)
//! exported by the real binary to XLSX, its page setup read back from the
//! sheets' XML, its cells with calamine, and the workbook printed to PDF
//! by LibreOffice: the pages counted, their size read, their text read.

mod common;
#[path = "report_print/office.rs"]
mod office;
#[path = "report_print/quarter.rs"]
mod quarter;

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType as _, Reader, Xlsx, open_workbook};
use common::{REPO, TestStation};

const FIXTURE: &str = "tests/fixtures/report/quy-4-2026.jsonl";

/// A4 landscape, in points.
const LANDSCAPE: (f64, f64) = (841.89, 595.28);

#[test]
fn the_fixture_is_the_generators() {
    let made = quarter::quarter_log(false) + "\n";
    let path = Path::new(REPO).join(FIXTURE);
    if std::env::var("LOAXA_REMAKE_FIXTURES").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &made).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == made,
        "{FIXTURE} is not what report_print/quarter.rs writes: \
         LOAXA_REMAKE_FIXTURES=1 cargo test --test report_print the_fixture"
    );
}

/// The example station whose log is `log`, with `settings` added.
fn station_with(log: &str, settings: &str) -> TestStation {
    let st = TestStation::example();
    std::fs::create_dir_all(st.path().join("data")).unwrap();
    std::fs::write(st.log_path(), log).unwrap();
    if !settings.is_empty() {
        st.add_settings(settings);
    }
    let verify = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(
        verify.status.success(),
        "the log is the station's evidence: {}",
        String::from_utf8_lossy(&verify.stdout)
    );
    st
}

/// `loaxa export --quarter 2026-Q4 --format xlsx --lang LANG` to NAME.xlsx.
fn export(st: &TestStation, lang: &str, name: &str) -> PathBuf {
    let path = st.path().join(format!("{name}.xlsx"));
    let out = st
        .cmd()
        .args(["export", "--quarter", "2026-Q4", "--format", "xlsx"])
        .args(["--lang", lang, "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // To look at it: LOAXA_KEEP_REPORT=DIR.
    if let Some(dir) = std::env::var_os("LOAXA_KEEP_REPORT") {
        std::fs::copy(&path, Path::new(&dir).join(path.file_name().unwrap())).unwrap();
    }
    path
}

/// The parts of the XLSX package, by name.
fn parts(book: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// Every sheet prints on A4 landscape, one page wide, with margins and
/// "Trang &P/&N" at the foot; the tables repeat their heading row.
fn check_page_setup(book: &Path, footer: &str, titled: &[&str]) {
    let parts = parts(book);
    let sheets: Vec<(&String, &String)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 3, "log, summary, warnings");
    for (name, xml) in &sheets {
        assert!(
            xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "{name}: fit to page"
        );
        assert!(xml.contains(r#"paperSize="9""#), "{name}: A4");
        assert!(xml.contains(r#"orientation="landscape""#), "{name}");
        assert!(
            xml.contains(r#"<pageMargins left="0.6""#),
            "{name}: margins"
        );
        let footer = footer.replace('&', "&amp;");
        assert!(
            xml.contains("<oddFooter>") && xml.contains(&footer),
            "{name}: the page numbers at the foot"
        );
        // One page wide: as many tall as it takes, or (the summary) one.
        assert!(
            xml.contains(r#"fitToHeight="0""#) || !xml.contains("fitToHeight="),
            "{name}: fit to one page wide"
        );
        assert!(
            !xml.contains(r#"fitToWidth=""#),
            "{name}: width 1 is the default"
        );
    }
    let workbook = &parts["xl/workbook.xml"];
    for sheet in titled {
        let titles = format!(">'{sheet}'!$1:$1</definedName>");
        assert!(
            workbook
                .split("<definedName ")
                .any(|d| d.starts_with(r#"name="_xlnm.Print_Titles""#) && d.contains(&titles)),
            "{sheet}: its heading row on every page: {workbook}"
        );
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// Every cell's text of a sheet.
fn sheet_cells(book: &Path, sheet: &str) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range.rows().flatten().map(cell_text).collect()
}

/// The topics' table of the summary: each topic's label and minutes.
fn topic_rows(book: &Path, sheet: &str, head: &str, total: &str) -> Vec<(String, f64)> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .skip_while(|r| cell_text(&r[0]) != head)
        .skip(1)
        .take_while(|r| cell_text(&r[0]) != total)
        .map(|r| (cell_text(&r[0]), r[3].as_f64().unwrap()))
        .collect()
}

/// The pages of the PDF, each with its laid-out text and its text in
/// reading order.
struct Printed {
    sizes: Vec<(f64, f64)>,
    layout: Vec<String>,
    words: Vec<String>,
}

fn print(book: &Path, dir: &Path) -> Printed {
    let pdf = office::pdf(book, dir);
    let sizes = office::page_sizes(&pdf);
    let layout = (1..=sizes.len())
        .map(|n| office::page_text(&pdf, n))
        .collect();
    let words = (1..=sizes.len())
        .map(|n| office::page_words(&pdf, n))
        .collect();
    Printed {
        sizes,
        layout,
        words,
    }
}

impl Printed {
    /// The pages whose text holds `mark`.
    fn pages_with(&self, mark: &str) -> Vec<usize> {
        (0..self.words.len())
            .filter(|&i| self.words[i].contains(mark))
            .collect()
    }
}

/// Today at the station, as the date line writes it.
fn date_line_today(place: &str) -> Vec<String> {
    use chrono::Datelike;
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    // The export may run either side of midnight.
    [now, now - chrono::Duration::minutes(5)]
        .iter()
        .map(|t| {
            let m = t.month();
            let mm = if m < 3 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            format!("{place}, ngày {:02} tháng {mm} năm {}", t.day(), t.year())
        })
        .collect()
}

#[test]
fn the_quarter_prints_as_the_clerk_hands_it_in() {
    let log = std::fs::read_to_string(Path::new(REPO).join(FIXTURE)).unwrap();
    let st = station_with(
        &log,
        "[report]\npreparer = \"Nguyễn Thị Lan\"\nhead = \"Trần Văn Minh\"\n",
    );
    let book = export(&st, "vi", "quy-4-2026");
    check_page_setup(
        &book,
        "Trang &P/&N",
        &["Nhật ký phát sóng", "Cảnh báo (CAP)"],
    );
    let summary = sheet_cells(&book, "Tổng hợp");
    let dates = date_line_today("Mỹ Thạnh");
    for words in [
        "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO PHÁT THANH CCHC",
        "Người lập biểu",
        "(Ký, ghi rõ họ tên)",
        "Thủ trưởng đơn vị",
        "(Ký tên, đóng dấu)",
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
    ] {
        assert!(summary.iter().any(|c| c == words), "{words}: {summary:?}");
    }
    assert!(
        summary.iter().any(|c| dates.contains(c)),
        "{dates:?}: {summary:?}"
    );
    // Largest first, every topic of the list.
    let topics = topic_rows(&book, "Tổng hợp", "Chủ đề", "Cộng");
    assert_eq!(topics.len(), 9, "{topics:?}");
    assert!(
        topics.windows(2).all(|w| w[0].1 >= w[1].1),
        "most minutes first: {topics:?}"
    );
    let sentence = summary
        .iter()
        .find(|c| c.starts_with("Trong Quý IV/2026 (từ 01/10/2026 đến 31/12/2026), "))
        .expect("the report's sentence")
        .clone();

    if !office::here() {
        return;
    }
    let printed = print(&book, st.path());
    for (i, size) in printed.sizes.iter().enumerate() {
        assert!(
            (size.0 - LANDSCAPE.0).abs() < 1.0 && (size.1 - LANDSCAPE.1).abs() < 1.0,
            "page {}: {size:?}, not A4 landscape",
            i + 1
        );
    }
    let log_pages = printed.pages_with("NHẬT KÝ PHÁT SÓNG");
    let summary_pages = printed.pages_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    let alert_pages = printed.pages_with("CẢNH BÁO (CAP)");
    assert!(
        (1..=3).contains(&log_pages.len()),
        "the log on at most 3 pages: {log_pages:?}"
    );
    assert_eq!(summary_pages.len(), 1, "the summary on one page");
    assert_eq!(alert_pages.len(), 1, "the warning on one page");
    assert_eq!(
        log_pages.len() + summary_pages.len() + alert_pages.len(),
        printed.sizes.len(),
        "no page of columns cut off a table"
    );
    // Every log page carries the column heads, all of them: one page wide.
    let total = printed.sizes.len();
    for &p in &log_pages {
        let words = &printed.words[p];
        for head in ["STT", "Giờ theo lịch", "SHA-256", "Lượt phát", "Mã chủ đề"] {
            assert!(words.contains(head), "log page {}: no {head}", p + 1);
        }
        assert!(
            words.contains(&format!("Trang {}/{total}", p + 1)),
            "page {}: its number at the foot: {words}",
            p + 1
        );
    }
    let page = &printed.words[summary_pages[0]];
    assert!(page.contains(&sentence), "the sentence whole: {page}");
    for words in [
        "ỦY BAN NHÂN DÂN XÃ MỸ THẠNH",
        "Độc lập - Tự do - Hạnh phúc",
        "Người lập biểu",
        "Thủ trưởng đơn vị",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên, đóng dấu)",
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(dates.iter().any(|d| page.contains(d)), "{dates:?}: {page}");
    // Minutes with a decimal comma in the tables, as in the sentence,
    // although this LibreOffice's own locale writes a point.
    for minutes in ["40,7", "135,6"] {
        assert!(page.contains(minutes), "{minutes}: {page}");
    }
    assert!(!page.contains("40.7") && !page.contains("135.6"), "{page}");
    check_charts(&printed.words[summary_pages[0]], &summary);
}

/// The topics' chart names every topic (each label's first words appear
/// in the table and again in the chart); the weeks' axis reads dd/mm.
fn check_charts(page: &str, summary: &[String]) {
    let topics = loaxa::topics::TopicList::default();
    for code in topics.codes() {
        let label = topics.label(code);
        assert!(page.contains(label), "the table names {label}: {page}");
        let first: String = label.split(' ').take(3).collect::<Vec<_>>().join(" ");
        assert!(
            page.matches(&first).count() >= 2,
            "the chart names {label} (\"{first}\" in the table and the chart): {page}"
        );
    }
    for monday in ["28/09", "05/10", "12/10", "02/11", "28/12"] {
        assert!(page.contains(monday), "the weeks' axis: {monday}: {page}");
    }
    // Dates as Excel numbers (46023…) are what a date axis without a
    // format shows.
    assert!(
        !page
            .split(' ')
            .any(|w| w.len() == 5 && w.starts_with("46") && w.parse::<u32>().is_ok()),
        "a date as a serial number: {page}"
    );
    assert!(summary.iter().any(|c| c == "Cộng"));
}

#[test]
fn english_words_in_the_same_layout() {
    let log = std::fs::read_to_string(Path::new(REPO).join(FIXTURE)).unwrap();
    let st = station_with(
        &log,
        "[report]\ncommune = \"phường Hòa Bình\"\nhead_title = \"Chairman\"\n",
    );
    let book = export(&st, "en", "quy-4-2026-en");
    check_page_setup(&book, "Page &P of &N", &["Airing log", "Warnings (CAP)"]);
    let summary = sheet_cells(&book, "Summary");
    for words in [
        "PEOPLE'S COMMITTEE OF HÒA BÌNH WARD",
        "SOCIALIST REPUBLIC OF VIETNAM",
        "Independence - Freedom - Happiness",
        "Prepared by",
        "Chairman",
        "(Signature and seal)",
    ] {
        assert!(summary.iter().any(|c| c == words), "{words}: {summary:?}");
    }
    assert!(
        summary.iter().any(|c| c.starts_with("Hòa Bình, ")),
        "{summary:?}"
    );
    // English keeps the decimal point.
    let styles = &parts(&book)["xl/styles.xml"];
    assert!(styles.contains(r#"formatCode="0.0""#), "{styles}");
    assert!(!styles.contains("[$-42A]"), "{styles}");
}

#[test]
fn a_longer_log_stays_one_page_wide() {
    if !office::here() {
        return;
    }
    let st = station_with(&quarter::quarter_log(true), "");
    let book = export(&st, "vi", "quy-4-2026-hang-ngay");
    let rows = sheet_cells(&book, "Nhật ký phát sóng").len() / 19;
    assert!(rows > 500, "the daily programs too: {rows} rows");
    let printed = print(&book, st.path());
    let log_pages = printed.pages_with("NHẬT KÝ PHÁT SÓNG");
    // Pages grow with the rows, not with the columns: every page landscape,
    // every one with all the column heads.
    assert!(
        log_pages.len() >= rows / 80 && log_pages.len() <= rows / 10,
        "{} pages for {rows} rows",
        log_pages.len()
    );
    for &p in &log_pages {
        let (w, h) = printed.sizes[p];
        assert!((w - LANDSCAPE.0).abs() < 1.0 && (h - LANDSCAPE.1).abs() < 1.0);
        for head in ["STT", "SHA-256", "Lượt phát"] {
            assert!(
                printed.words[p].contains(head),
                "log page {}: no {head}",
                p + 1
            );
        }
    }
    let layout = &printed.layout[log_pages[0]];
    assert!(layout.contains("Nhạc hiệu"), "{layout}");
}
