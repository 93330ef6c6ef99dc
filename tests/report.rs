//! The report the office files: the example station run for a week on
//! the real daemon logic (virtual clock, the station's evidence log),
//! exported by the real binary to CSV and XLSX, and the XLSX read back
//! with a real reader (calamine) and checked against the CSV.

mod common;

use std::collections::BTreeSet;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use loaxa::audio::OutputSpec;
use loaxa::daemon::Mode;
use loaxa::sim::Run;
use loaxa::station::Station;

use common::TestStation;

const VN: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

fn midnight(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    VN.from_local_datetime(
        &NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc)
}

/// The example station (named `name`), aired for `days` days from Monday 23/11/2026.
fn aired_example(name: &str, days: i64) -> TestStation {
    let st = TestStation::example();
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        toml.replace("Đài truyền thanh xã Mỹ Thạnh", name),
    )
    .unwrap();
    let start = midnight(2026, 11, 23);
    let run = Run::start(
        Station::open(st.path()).unwrap(),
        OutputSpec::Null,
        Mode::Station,
        start,
    )
    .unwrap();
    run.run_until(start + chrono::Duration::days(days));
    run.stop();
    st
}

/// `loaxa export ARGS`, its words in Vietnamese unless ARGS say `--lang`.
fn export(st: &TestStation, args: &[&str]) -> (bool, String, String) {
    let mut cmd = st.cmd();
    cmd.arg("export").args(args);
    if !args.contains(&"--lang") {
        cmd.args(["--lang", "vi"]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The data rows of an exported CSV (the lines under the table left out).
fn csv_rows(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>, Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let all: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let (rows, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.len() == headers.len());
    (
        headers,
        rows,
        rest.into_iter().map(|r| r.join(",")).collect(),
    )
}

/// An Excel date/time cell's serial number: days since 30/12/1899.
fn serial(c: &Data) -> f64 {
    match c {
        Data::DateTime(d) => d.as_f64(),
        other => panic!("not a date or time: {other:?}"),
    }
}

fn serial_date(c: &Data) -> String {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    (base + chrono::Duration::days(serial(c).floor() as i64))
        .format("%d/%m/%Y")
        .to_string()
}

/// A time cell as the CSV writes it: `06h30`, `06h30m05s`.
fn serial_time(c: &Data) -> String {
    let secs = (serial(c).fract() * 86_400.0).round() as u32;
    let t = chrono::NaiveTime::from_num_seconds_from_midnight_opt(secs % 86_400, 0).unwrap();
    loaxa::timefmt::time_vi(t)
}

/// "1 giờ 2 phút 5 giây", "4 phút", "10 giây" (the CSV's lengths) in seconds.
fn spoken_seconds(s: &str) -> u64 {
    let words: Vec<&str> = s.split(' ').collect();
    words
        .chunks(2)
        .map(|w| {
            let n: u64 = w[0].parse().unwrap();
            match w[1] {
                "giờ" => n * 3600,
                "phút" => n * 60,
                "giây" => n,
                other => panic!("{other} in {s}"),
            }
        })
        .sum()
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_xlsx_of_a_week_opens_and_matches_the_csv() {
    let st = aired_example("Đài truyền thanh xã Mỹ Thạnh", 7);
    let csv_path = st.path().join("tuan.csv");
    let xlsx_path = st.path().join("tuan.xlsx");
    let period = ["--from", "23/11/2026", "--to", "29/11/2026"];
    let (ok, summary, err) = export(
        &st,
        &[&period[..], &["-o", csv_path.to_str().unwrap()]].concat(),
    );
    assert!(ok, "{err}");
    let (ok, _, err) = export(
        &st,
        &[
            &period[..],
            &["--format", "xlsx", "-o", xlsx_path.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(ok, "{err}");
    // To look at it with another reader: LOAXA_KEEP_REPORT=DIR.
    if let Some(dir) = std::env::var_os("LOAXA_KEEP_REPORT") {
        std::fs::copy(&xlsx_path, std::path::Path::new(&dir).join("tuan.xlsx")).unwrap();
        std::fs::copy(&csv_path, std::path::Path::new(&dir).join("tuan.csv")).unwrap();
    }
    let (headers, rows, under) = csv_rows(&csv_path);
    assert!(rows.len() > 50, "a week of airings: {}", rows.len());

    let mut book: Xlsx<_> = open_workbook(&xlsx_path).expect("a real reader opens it");
    assert_eq!(book.sheet_names(), ["Nhật ký phát sóng", "Tổng hợp"]);
    let log = book.worksheet_range("Nhật ký phát sóng").unwrap();
    let sheet: Vec<&[Data]> = log.rows().collect();
    let head: Vec<String> = sheet[0].iter().map(cell_text).collect();
    assert_eq!(head, headers);
    assert_eq!(
        sheet.len() - 1,
        rows.len(),
        "one row per airing, as in the CSV"
    );
    for (x, c) in sheet[1..].iter().zip(&rows) {
        // Real Excel dates, times and durations, read back as the CSV writes them.
        assert_eq!(serial_date(&x[1]), c[1]);
        assert_eq!(serial_time(&x[3]), c[3]);
        if !c[4].is_empty() {
            assert_eq!(serial_time(&x[4]), c[4]);
        }
        if !c[6].is_empty() {
            let secs = (serial(&x[6]) * 86_400.0).round() as u64;
            assert_eq!(secs, spoken_seconds(&c[6]), "{}", c[6]);
        }
        for i in [0, 2, 7, 8, 10, 11, 12, 17, 18] {
            assert_eq!(cell_text(&x[i]), c[i], "column {}", headers[i]);
        }
    }

    // The totals: from the CSV by hand, and from the summary sheet.
    let counted: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[12] == "Đã phát" && !r[14].is_empty())
        .collect();
    let bulletins: BTreeSet<&str> = counted.iter().map(|r| r[11].as_str()).collect();
    let fresh = counted.iter().filter(|r| r[17] == "Phát mới").count();
    assert_eq!(fresh, bulletins.len(), "one first airing per recording");
    let secs: u64 = counted.iter().map(|r| spoken_seconds(&r[6])).sum();
    let summary_sheet = book.worksheet_range("Tổng hợp").unwrap();
    let srows: Vec<&[Data]> = summary_sheet.rows().collect();
    let total = srows
        .iter()
        .find(|r| cell_text(&r[0]) == "Cộng")
        .expect("a total row");
    assert_eq!(total[1].as_f64(), Some(bulletins.len() as f64));
    assert_eq!(total[2].as_f64(), Some(counted.len() as f64));
    let minutes = total[3].as_f64().unwrap();
    assert!(
        (minutes - secs as f64 / 60.0).abs() < 0.1,
        "{minutes} vs {secs} s"
    );
    assert!(
        summary.contains(&format!(
            "đã phát sóng {} tin, bài tuyên truyền về cải cách hành chính (CCHC) với {} lượt phát",
            bulletins.len(),
            counted.len()
        )),
        "{summary}"
    );
    // The same log state in both: its record count and head hash.
    let head_line = under.last().unwrap();
    let head = head_line.rsplit(' ').next().unwrap();
    assert_eq!(head.len(), 64, "{head_line}");
    assert!(
        srows.iter().any(|r| r.iter().any(|c| cell_text(c) == head)),
        "the summary sheet carries the head hash"
    );
    // The whole head, or its first digits as the README shows them.
    let short = format!("{}…", &head[..8]);
    for given in [head, &short] {
        let verify = st
            .cmd()
            .args(["log", "verify", "--head", given])
            .output()
            .unwrap();
        assert!(
            verify.status.success(),
            "{given}: {}",
            String::from_utf8_lossy(&verify.stdout)
        );
    }

    // Charts are native Excel charts in the package.
    let zip = std::fs::read(&xlsx_path).unwrap();
    let names = String::from_utf8_lossy(&zip);
    assert!(names.contains("xl/charts/chart1.xml") && names.contains("xl/charts/chart2.xml"));
}

#[test]
fn periods_by_month_year_and_named_window() {
    let st = aired_example("Đài truyền thanh xã Mỹ Thạnh", 8);
    let (ok, out, err) = export(&st, &["--month", "2026-11", "-o", "-"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("Trong Tháng 11/2026 (từ 01/11/2026 đến 30/11/2026), Đài truyền thanh xã Mỹ Thạnh đã phát"),
        "{err}"
    );
    assert!(out.contains("30/11/2026") && !out.contains("01/12/2026"));
    // CV 581's year: 15/12 of 2026 to 14/12 of 2027 holds nothing yet;
    // the one ending in 2026 holds the week.
    let (ok, _, err) = export(&st, &["--period", "nam", "--year", "2026", "-o", "-"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("Trong Năm 2026 (từ 15/12/2025 đến 14/12/2026)"),
        "{err}"
    );
    let (ok, _, err) = export(&st, &["--period", "Quý I", "--year", "2027", "-o", "-"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("(từ 15/12/2026 đến 14/03/2027)") && err.contains("đã phát sóng 0 tin, bài"),
        "{err}"
    );
    let (ok, _, err) = export(&st, &["--year", "2026", "--lang", "en", "-o", "-"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("In Year 2026 (01/01/2026 to 31/12/2026), "),
        "{err}"
    );
    let (ok, _, err) = export(&st, &["--period", "quy-5", "-o", "-"]);
    assert!(!ok);
    assert!(
        err.contains("no report period \"quy-5\" — the periods are: quy-1, 6-thang, quy-3, nam"),
        "{err}"
    );
}

#[test]
fn a_roll_up_of_two_communes_counts_each_and_refuses_a_broken_log() {
    let a = aired_example("Đài truyền thanh xã Mỹ Thạnh", 3);
    let b = aired_example("Đài truyền thanh xã Mỹ Hòa", 3);
    let office = TestStation::new();
    let (la, lb) = (
        office.path().join("my-thanh.jsonl"),
        office.path().join("my-hoa.jsonl"),
    );
    std::fs::copy(a.log_path(), &la).unwrap();
    std::fs::copy(b.log_path(), &lb).unwrap();
    let csv_path = office.path().join("huyen.csv");
    let (ok, summary, err) = export(
        &office,
        &[
            "--from",
            "23/11/2026",
            "--to",
            "25/11/2026",
            "--log",
            la.to_str().unwrap(),
            lb.to_str().unwrap(),
            "-o",
            csv_path.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let (_, rows, under) = csv_rows(&csv_path);
    let stations: BTreeSet<&str> = rows.iter().map(|r| r[18].as_str()).collect();
    assert_eq!(
        stations,
        BTreeSet::from(["Đài truyền thanh xã Mỹ Hòa", "Đài truyền thanh xã Mỹ Thạnh"])
    );
    // Under the rows: the table per station with its total, then a line
    // per log.
    assert_eq!(under.len(), 9, "{under:?}");
    assert_eq!(under[1], "Theo đài");
    assert!(under[2].starts_with("Đài,Tin, bài CCHC,"), "{under:?}");
    assert!(under[3].starts_with("Đài truyền thanh xã Mỹ Thạnh,"));
    assert!(under[4].starts_with("Đài truyền thanh xã Mỹ Hòa,"));
    assert!(under[5].starts_with("Cộng,"));
    assert!(under[7].contains("my-thanh.jsonl") && under[8].contains("my-hoa.jsonl"));
    // Each station's airings count: twice one station's.
    let airings = |s: &str| {
        s.split("(CCHC) với ")
            .nth(1)
            .and_then(|x| x.split(' ').next())
            .and_then(|x| x.parse::<usize>().ok())
            .unwrap()
    };
    let (_, _, one_err) = export(
        &a,
        &["--from", "23/11/2026", "--to", "25/11/2026", "-o", "-"],
    );
    assert_eq!(airings(&summary), 2 * airings(&one_err), "{summary}");
    assert!(summary.contains("2 đài (Đài truyền thanh xã Mỹ Thạnh, Đài truyền thanh xã Mỹ Hòa)"));

    // The same commune twice — the same file, or a copy taken earlier in
    // its life — is refused, naming both: its airings would count twice.
    let earlier = office.path().join("my-thanh-thang-truoc.jsonl");
    let text = std::fs::read_to_string(&la).unwrap();
    let half: Vec<&str> = text.lines().take(text.lines().count() / 2).collect();
    std::fs::write(&earlier, half.join("\n") + "\n").unwrap();
    for twin in [&la, &earlier] {
        let (ok, _, err) = export(
            &office,
            &[
                "--year",
                "2026",
                "--log",
                la.to_str().unwrap(),
                lb.to_str().unwrap(),
                twin.to_str().unwrap(),
                "-o",
                "-",
            ],
        );
        assert!(!ok);
        // The very same file is named once, as given twice.
        let says = if twin == &la {
            format!("{} is given twice", la.display())
        } else {
            format!(
                "{} and {} are the same airing log (Đài truyền thanh xã Mỹ Thạnh",
                la.display(),
                twin.display()
            )
        };
        assert!(err.contains(&says), "{err}");
    }
    // Something that is not a log file at all is refused at once.
    let (ok, _, err) = export(
        &office,
        &["--year", "2026", "--log", "/dev/zero", "-o", "-"],
    );
    assert!(!ok);
    assert!(err.contains("not a regular log file"), "{err}");

    // A log with a line taken out is refused, with where and why.
    let text = std::fs::read_to_string(&lb).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(5);
    std::fs::write(&lb, lines.join("\n") + "\n").unwrap();
    let (ok, _, err) = export(
        &office,
        &[
            "--year",
            "2026",
            "--log",
            la.to_str().unwrap(),
            lb.to_str().unwrap(),
            "-o",
            "x.csv",
        ],
    );
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "{}:6: the airing log is broken: record 6 is missing between line 5 and line 6: a line was deleted",
            lb.display()
        )),
        "{err}"
    );
    assert!(!office.path().join("x.csv").exists() && !std::path::Path::new("x.csv").exists());
}
