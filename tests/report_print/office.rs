//! LibreOffice (Debian's libreoffice-calc-nogui) turning a workbook into
//! the PDF it would print, and poppler-utils reading the PDF back: its
//! pages, their sizes and their text.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether the tools are here. Missing, a test fails naming the Debian
/// packages to install, unless LOAXA_SKIP_LIBREOFFICE=1 says to skip it
/// (then it says so and why).
pub fn here() -> bool {
    let mut missing: Vec<&str> = ["soffice", "pdfinfo", "pdftotext", "pdftoppm"]
        .into_iter()
        .filter(|p| !on_path(p))
        .collect();
    // The report is set in Times New Roman: without it or its metric twin
    // the pages are laid out in another font's widths.
    if !times_here() {
        missing.push("Times New Roman (or Liberation Serif)");
    }
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{} missing: the print tests need LibreOffice Calc, poppler and Liberation Serif \
         (sudo apt-get install libreoffice-calc-nogui poppler-utils fonts-liberation2; \
         .ci/run installs them)",
        missing.join(", ")
    );
    if std::env::var("LOAXA_SKIP_LIBREOFFICE").is_ok_and(|v| v == "1") {
        eprintln!("SKIPPED (LOAXA_SKIP_LIBREOFFICE=1): {why}");
        return false;
    }
    panic!("{why}");
}

/// What fontconfig gives for Times New Roman: the font or its twin.
fn times_here() -> bool {
    Command::new("fc-match")
        .args(["-f", "%{family}", "Times New Roman"])
        .output()
        .is_ok_and(|o| {
            let family = String::from_utf8_lossy(&o.stdout);
            family.contains("Times New Roman") || family.contains("Liberation Serif")
        })
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// The PDF LibreOffice prints `book` to, in `out`; with a profile of its
/// own, so tests may run it side by side.
pub fn pdf(book: &Path, out: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out)
        .arg(book)
        .output()
        .unwrap();
    let pdf = out.join(book.with_extension("pdf").file_name().unwrap());
    assert!(
        run.status.success() && pdf.is_file(),
        "soffice: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    pdf
}

fn run(program: &str, args: &[&str], file: &Path, after: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each page's size in points (width, height).
pub fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let info = run("pdfinfo", &[], pdf, &[]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    let last = pages.to_string();
    let sizes = run("pdfinfo", &["-f", "1", "-l", &last], pdf, &[]);
    let sizes: Vec<(f64, f64)> = sizes
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size: "))
        .map(|l| {
            let dims = l.split(" size: ").nth(1).unwrap();
            let mut it = dims.split_whitespace();
            let w: f64 = it.next().unwrap().parse().unwrap();
            it.next();
            let h: f64 = it.next().unwrap().parse().unwrap();
            (w, h)
        })
        .collect();
    assert_eq!(sizes.len(), pages, "{info}");
    sizes
}

/// Page `n`'s text (from 1), as laid out on the page.
pub fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    run("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf, &["-"]).replace('\u{c}', "")
}

/// Page `n`'s text in reading order, its spaces and line ends as one
/// space: a sentence wrapped over lines reads whole.
pub fn page_words(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    let text = run("pdftotext", &["-f", &n, "-l", &n], pdf, &["-"]);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
