//! The district's roll-up, through the real binary: three communes' logs
//! in a folder (`--log-dir`), the table per station in the XLSX read back
//! with calamine, the JSON checked against its committed schema
//! (`docs/report-v1.schema.json`), and what a folder of logs must not hold.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, DataType as _, Reader, Xlsx, open_workbook};
use loaxa::airlog::{chained_line, hash_hex};
use serde_json::{Value, json};

use common::{TestStation, said};

/// A hash-chained log of `station` holding `records` (each without
/// `seq`/`prev`), as loaxa writes one.
fn write_log(path: &Path, station: &str, records: &[Value]) {
    write_log_born(path, station, "2026-02-01T06:00:00.000+07:00", records);
}

/// `write_log` of a log begun at `born` (its genesis's time): another
/// log than one of the same station begun at another time.
fn write_log_born(path: &Path, station: &str, born: &str, records: &[Value]) {
    let mut text = String::new();
    let genesis = json!({"event": "genesis", "station": station, "version": "test",
        "logged": born});
    let mut prev = hash_hex(b"");
    for (i, r) in std::iter::once(&genesis).chain(records).enumerate() {
        let line = chained_line(i as u64 + 1, &prev, &serde_json::to_string(r).unwrap());
        prev = hash_hex(line.as_bytes());
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn at(day: u32, hms: &str) -> String {
    format!("2026-03-{day:02}T{hms}.000+07:00")
}

/// An item of a program on March `day`: its `start` and `end` records,
/// `extra` fields on the start (a topic, a priority, a relay).
fn aired(id: &str, day: u32, sha: &str, extra: Value, end_extra: Value) -> [Value; 2] {
    let mut start = json!({"event": "start", "id": id, "schedule": "schedules/xa.json",
        "slot": "sang", "scheduled": at(day, "06:00:00"), "index": 0,
        "file": format!("{sha}.mp3"), "sha256": sha.repeat(64 / sha.len()),
        "duration": 120.0, "output": "device", "started": at(day, "06:00:00"),
        "logged": at(day, "06:00:00")});
    merge(&mut start, extra);
    let mut end = json!({"event": "end", "id": id, "ended": at(day, "06:02:00"),
        "played": 120.0, "status": "completed", "logged": at(day, "06:02:00")});
    merge(&mut end, end_extra);
    [start, end]
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, extra) {
        a.extend(b);
    }
}

fn missed(id: &str, day: u32) -> Value {
    json!({"event": "not_aired", "id": id, "schedule": "schedules/xa.json", "slot": "chieu",
        "scheduled": at(day, "17:00:00"), "index": 0, "file": "cchc/tin.mp3",
        "topic": "mot-cua", "output": "device", "status": "missed",
        "reason": "loaxa was not running", "logged": at(day, "18:00:00")})
}

const THANH: &str = "Đài truyền thanh xã Mỹ Thạnh";
const HOA: &str = "Đài truyền thanh xã Mỹ Hòa";
const LOI: &str = "Đài truyền thanh xã Mỹ Lợi";

/// Three communes' logs in `dir`: Mỹ Thạnh aired a bulletin twice and a
/// relay and missed an item; Mỹ Hòa aired an emergency and a bulletin and
/// heard a silence on air; Mỹ Lợi aired a bulletin (and one in April).
fn three_logs(dir: &Path) -> [PathBuf; 3] {
    let cchc = || json!({"topic": "mot-cua"});
    let none = || json!({});
    let mut thanh = Vec::new();
    thanh.extend(aired("t1", 2, "a", cchc(), none()));
    thanh.extend(aired("t2", 3, "a", cchc(), none()));
    thanh.extend(aired(
        "t3",
        4,
        "b",
        json!({"relay": "line-in", "file": "line-in", "title": "Thời sự VOV1"}),
        json!({"relay": {"relayed": 120.0, "planned": 120.0}}),
    ));
    thanh.push(missed("t4", 5));
    let mut hoa = Vec::new();
    hoa.extend(aired("h1", 2, "c", json!({"priority": "khẩn cấp"}), none()));
    hoa.extend(aired("h2", 6, "a", cchc(), none()));
    hoa.push(json!({"event": "silence", "id": "h2", "file": "a.mp3",
        "began": at(6, "06:00:30"), "ended": at(6, "06:01:10"), "source": "output",
        "logged": at(6, "06:01:10")}));
    let mut loi = Vec::new();
    loi.extend(aired("l1", 9, "d", cchc(), none()));
    loi.extend(aired(
        "l2",
        9,
        "d",
        cchc(),
        json!({"ended": "2026-04-09T06:02:00.000+07:00"}),
    ));
    let l2_start = loi.len() - 2;
    loi[l2_start]["scheduled"] = "2026-04-09T06:00:00.000+07:00".into();
    loi[l2_start]["started"] = "2026-04-09T06:00:00.000+07:00".into();
    let paths = [
        dir.join("my-thanh.jsonl"),
        dir.join("my-hoa.jsonl"),
        dir.join("my-loi.jsonl"),
    ];
    write_log(&paths[0], THANH, &thanh);
    write_log(&paths[1], HOA, &hoa);
    write_log(&paths[2], LOI, &loi);
    paths
}

const MARCH: [&str; 4] = ["--from", "01/03/2026", "--to", "31/03/2026"];

/// `loaxa export` of March 2026 in Vietnamese with `args`; success, stdout, stderr.
fn export(office: &TestStation, args: &[&str]) -> (bool, String, String) {
    let out = office
        .cmd()
        .arg("export")
        .args(MARCH)
        .args(["--lang", "vi"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        said(&out),
    )
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_xlsx_of_a_district_has_a_row_and_a_bar_per_station() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    three_logs(&dir);
    // Not a log's name: left alone.
    std::fs::write(dir.join("ghi-chu.txt"), "nhật ký quý I").unwrap();
    let xlsx = office.path().join("huyen.xlsx");
    let (ok, out, err) = export(
        &office,
        &[
            "--log-dir",
            dir.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("3 đài ({HOA}, {LOI}, {THANH})")),
        "the logs by file name: {out}"
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Nhật ký phát sóng", "Tổng hợp", "Theo đài"]
    );
    let sheet = book.worksheet_range("Theo đài").unwrap();
    let cells: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(
        cells[0],
        [
            "Đài",
            "Tin, bài CCHC",
            "Lượt phát CCHC",
            "Phút CCHC",
            "Mục theo lịch",
            "Đã phát",
            "Lỡ giờ",
            "Phát khẩn cấp",
            "Tiếp sóng",
            "Sự cố mất tiếng",
            "Tỷ lệ phát thành công"
        ]
    );
    // Station, bulletins, airings, minutes, due, aired, missed,
    // emergencies, relays, silences, ratio.
    let want = [
        [HOA, "1", "1", "2", "2", "2", "0", "1", "0", "1", "1"],
        [LOI, "1", "1", "2", "1", "1", "0", "0", "0", "0", "1"],
        [THANH, "1", "2", "4", "4", "3", "1", "0", "1", "0", "0.75"],
        ["Cộng", "3", "4", "8", "7", "6", "1", "1", "1", "1", ""],
    ];
    for (got, want) in cells[1..].iter().zip(&want) {
        assert_eq!(got[..10], want[..10], "{got:?}");
    }
    assert_eq!(cells.len(), 5, "{cells:?}");
    let ratio = sheet.get_value((4, 10)).and_then(|c| c.as_f64()).unwrap();
    assert!((ratio - 6.0 / 7.0).abs() < 1e-9, "{ratio}");
    assert_eq!(cells[3][10], "0.75", "a ratio, shown as a percentage");
    // Shown with a decimal comma: the formats carry the Vietnamese locale.
    for code in ["[$-42A]0.0%", "[$-42A]0.0"] {
        part_of(&xlsx, "xl/styles.xml", &format!("formatCode=\"{code}\""));
    }

    // Its chart: bars of the airings column, one per station, named, the
    // first at the top.
    let chart = chart_of(&xlsx, "CCHC theo đài");
    for part in [
        r#"<c:barDir val="bar"/>"#,
        "'Theo đài'!$A$2:$A$4",
        "'Theo đài'!$C$2:$C$4",
        r#"<c:ptCount val="3"/><c:pt idx="0"><c:v>Đài truyền thanh xã Mỹ Hòa</c:v>"#,
        r#"<c:orientation val="maxMin"/>"#,
    ] {
        assert!(chart.contains(part), "{part}: {chart}");
    }
    // Under the table (header, 3 stations, the total, a blank row), at
    // its left: as wide as the table when printed.
    let under = "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row>";
    part_of(&xlsx, "xl/drawings/drawing", under);
}

/// The XML of the workbook's chart whose title holds `title`.
fn chart_of(xlsx: &Path, title: &str) -> String {
    part_of(xlsx, "xl/charts/chart", title)
}

/// The XML of the workbook's part named `prefix…` that holds `text`.
fn part_of(xlsx: &Path, prefix: &str, text: &str) -> String {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    for name in names.iter().filter(|n| n.starts_with(prefix)) {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
        if xml.contains(text) {
            return xml;
        }
    }
    panic!("no {prefix}… holds {text} in {names:?}");
}

/// The committed schema, made strict: every object it describes may hold
/// only the fields it names, so a field the export adds without
/// documenting it fails here (the schema itself stays open for importers).
fn strict_schema() -> jsonschema::Validator {
    fn close(v: &mut Value, at: &str) {
        if let Value::Object(m) = v {
            // What others build on (`allOf`) stays open: the builder closes.
            let open_base =
                at == "/$defs/totals" || at == "/$defs/counts" || at.contains("/allOf/");
            if (m.contains_key("properties") || m.contains_key("$ref")) && !open_base {
                m.insert("unevaluatedProperties".into(), false.into());
            }
            for (k, child) in m.iter_mut() {
                close(child, &format!("{at}/{k}"));
            }
        } else if let Value::Array(items) = v {
            for (i, child) in items.iter_mut().enumerate() {
                close(child, &format!("{at}/{i}"));
            }
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report-v1.schema.json");
    let mut schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    close(&mut schema, "");
    jsonschema::draft202012::new(&schema).expect("a valid JSON Schema")
}

fn assert_fits(v: &Value) {
    let schema = strict_schema();
    let errors: Vec<String> = schema
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn json_export(office: &TestStation, args: &[&str]) -> Value {
    let (ok, out, err) = export(office, &[args, &["--format", "json", "-o", "-"]].concat());
    assert!(ok, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_json_of_a_roll_up_and_of_one_station_fit_the_schema() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    let [thanh, _, _] = three_logs(&dir);
    let v = json_export(&office, &["--log-dir", dir.to_str().unwrap()]);
    assert_fits(&v);
    // The strict check does catch a field the schema does not describe.
    for at in ["/stations/0", "/total", "/topics/0", "/rows/0", ""] {
        let mut extra = v.clone();
        extra.pointer_mut(at).unwrap()["undocumented"] = 1.into();
        assert!(!strict_schema().is_valid(&extra), "{at}");
    }
    assert_eq!(v["schema"], "loaxa-report/1");
    assert_eq!(v["rollup"], true);
    let stations = v["stations"].as_array().unwrap();
    let names: Vec<&str> = stations
        .iter()
        .map(|s| s["station"].as_str().unwrap())
        .collect();
    assert_eq!(names, [HOA, LOI, THANH]);
    let t = &stations[2];
    for (field, want) in [
        ("bulletins", json!(1)),
        ("airings", json!(2)),
        ("minutes", json!(4.0)),
        ("scheduled", json!(4)),
        ("aired", json!(3)),
        ("missed", json!(1)),
        ("relays", json!(1)),
        ("emergency_airings", json!(0)),
        ("silence_problems", json!(0)),
        ("success_ratio", json!(0.75)),
    ] {
        assert_eq!(t[field], want, "{field}: {t:#}");
    }
    assert_eq!(t["log"]["file"], thanh.display().to_string());
    assert_eq!(t["log"]["head"].as_str().unwrap().len(), 64);
    assert_eq!(stations[1]["emergency_airings"], 0);
    assert_eq!(stations[0]["emergency_airings"], 1);
    assert_eq!(stations[0]["silence_problems"], 1);
    assert_eq!(v["total"]["scheduled"], 7);
    assert_eq!(v["total"]["airings"], 4);
    assert_eq!(v["total"]["success_ratio"], json!(0.8571));
    assert_eq!(v["row_count"], 7);
    assert_eq!(v["rows_listed"], true, "a district's rows are listed");
    assert_eq!(v["rows"].as_array().unwrap().len(), 7);

    // One station, from its log given alone: the same document, one entry.
    let v = json_export(&office, &["--log", thanh.to_str().unwrap()]);
    assert_fits(&v);
    assert_eq!(v["rollup"], false);
    assert_eq!(v["stations"].as_array().unwrap().len(), 1);
    assert_eq!(v["stations"][0]["relays"], 1);
    // The station's own log (no --log): named as its loaxa.toml says.
    std::fs::create_dir_all(office.path().join("data")).unwrap();
    std::fs::copy(&thanh, office.log_path()).unwrap();
    let v = json_export(&office, &[]);
    assert_fits(&v);
    assert_eq!(
        v["stations"][0]["station"],
        "Đài truyền thanh xã Thử Nghiệm"
    );
    assert_eq!(v["stations"][0]["log"]["file"], "data/airing-log.jsonl");
    let relay = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("relay").is_some());
    assert_eq!(relay.unwrap()["relayed"], 120.0);
}

#[test]
fn a_folder_of_logs_holds_logs_only_and_each_once() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    // The words of a refusal are the session's (English here), not `--lang`'s.
    let refused = |args: &[&str], says: &str| {
        let (ok, _, err) = export(&office, &[args, &["-o", "-"]].concat());
        assert!(!ok, "{args:?} was taken");
        assert!(err.contains(says), "{args:?}: {err}");
    };
    let d = dir.to_str().unwrap();
    // Empty, and then with no log's name in it: what to put there.
    refused(&["--log-dir", d], "no airing log (*.jsonl) in this folder");
    std::fs::write(dir.join("ghi-chu.txt"), "x").unwrap();
    refused(&["--log-dir", d], "copy each commune's log into it");
    let missing = office.path().join("khong-co");
    refused(
        &["--log-dir", missing.to_str().unwrap()],
        "cannot read the folder",
    );
    let [thanh, hoa, _] = three_logs(&dir);
    // A log given alone and again in the folder: counted once or not at
    // all; the same file is named as given twice.
    refused(
        &["--log", thanh.to_str().unwrap(), "--log-dir", d],
        &format!("{} is given twice", thanh.display()),
    );
    refused(&["--log-dir", d, "--log-dir", d], "is given twice");
    // A link, named: a copy of the log belongs there.
    let link = dir.join("lien-ket.jsonl");
    std::os::unix::fs::symlink(&hoa, &link).unwrap();
    refused(
        &["--log-dir", d],
        &format!("{}: a link, not a log file", link.display()),
    );
    std::fs::remove_file(&link).unwrap();
    // A FIFO under a log's name is refused without waiting for a writer.
    let fifo = dir.join("ong.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    refused(
        &["--log-dir", d],
        &format!("{}: not a regular file", fifo.display()),
    );
    std::fs::remove_file(&fifo).unwrap();
    // A file named like a log that is none: refused as with --log.
    let bad = dir.join("ban-sao-hong.jsonl");
    std::fs::write(&bad, "{\"not\": \"a log\"}\n").unwrap();
    refused(&["--log-dir", d], &bad.display().to_string());
    std::fs::remove_file(&bad).unwrap();
    // A subfolder is not looked into; hidden files are left alone.
    std::fs::create_dir(dir.join("cu")).unwrap();
    std::fs::copy(&thanh, dir.join("cu/my-thanh.jsonl")).unwrap();
    std::fs::copy(&thanh, dir.join(".my-thanh.jsonl")).unwrap();
    let v = json_export(&office, &["--log-dir", d]);
    assert_eq!(v["stations"].as_array().unwrap().len(), 3);
}

/// `loaxa export` of March 2026 with `args`, the session in `lang`.
fn export_in(office: &TestStation, lang: &str, args: &[&str]) -> (bool, String, String) {
    let out = office
        .cmd()
        .env("LOAXA_LANG", lang)
        .arg("export")
        .args(MARCH)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into(),
        said(&out),
    )
}

/// What a careless clerk hands over: a copy of a log under another name,
/// an older copy of one, a simulation's log, a file that is not there, a
/// log saved under another ending, a log copied mid-write. Each is
/// refused naming the file and what to do, or counted with a warning
/// that says what was left out; nothing is counted twice or unseen.
#[test]
fn what_a_careless_clerk_hands_over_is_refused_or_said() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    let [thanh, hoa, loi] = three_logs(&dir);
    let d = dir.to_str().unwrap();
    let refused = |lang: &str, args: &[&str], says: &[&str]| {
        let (ok, _, err) = export_in(&office, lang, &[args, &["-o", "-"]].concat());
        assert!(!ok, "{args:?} was taken");
        for s in says {
            assert!(err.contains(s), "{args:?}: {s}: {err}");
        }
    };
    // A copy under another name, and an older copy (a prefix of the log).
    let copy = office.path().join("ban-sao.jsonl");
    std::fs::copy(&hoa, &copy).unwrap();
    let old = office.path().join("cu.jsonl");
    let text = std::fs::read_to_string(&thanh).unwrap();
    let first_two: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(&old, first_two).unwrap();
    for (given, first) in [(&copy, &hoa), (&old, &thanh)] {
        refused(
            "en",
            &["--log", given.to_str().unwrap(), "--log-dir", d],
            &[
                &format!("{} and {}", given.display(), first.display()),
                "are the same airing log",
            ],
        );
    }
    // A simulation's log, sent instead of the station's: refused, in
    // either language.
    let sim = office.path().join("simulation-log.jsonl");
    let marked = || json!({"topic": "mot-cua", "simulated": true});
    let rehearsed = aired("s1", 2, "a", marked(), json!({"simulated": true}));
    write_log_born(&sim, THANH, "2026-03-01T00:00:00.000+07:00", &rehearsed);
    let s = sim.to_str().unwrap();
    refused(
        "en",
        &["--log", s, "--log-dir", d],
        &[
            &format!("{s}: the log of a simulation"),
            "data/airing-log.jsonl",
        ],
    );
    refused("vi", &["--log", s], &[&format!("{s}: là nhật ký chạy thử")]);
    // A file that is not there: named, and what to do.
    let gone = office.path().join("khong-co.jsonl");
    refused(
        "en",
        &["--log", gone.to_str().unwrap(), hoa.to_str().unwrap()],
        &[
            &gone.display().to_string(),
            "copy it again from the commune",
        ],
    );
    // A log saved as `.jsonl.txt` and a subfolder: left out, and said.
    std::fs::copy(&loi, dir.join("my-loi-2.jsonl.txt")).unwrap();
    std::fs::create_dir(dir.join("data")).unwrap();
    let (ok, _, err) = export_in(
        &office,
        "en",
        &["--log-dir", d, "--format", "json", "-o", "-"],
    );
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "WARNING: {d}: left out, not named *.jsonl: data, my-loi-2.jsonl.txt — "
        )),
        "{err}"
    );
    // An empty file: no log, and what to give instead.
    let empty = office.path().join("rong.jsonl");
    std::fs::write(&empty, "").unwrap();
    refused(
        "en",
        &["--log", empty.to_str().unwrap()],
        &["not an airing log of loaxa", "data/airing-log.jsonl itself"],
    );
    // A genesis that names no station: the file names it.
    let nameless = office.path().join("khong-ten.jsonl");
    write_log(&nameless, " ", &aired("n1", 2, "a", json!({}), json!({})));
    let (ok, out, err) = export_in(
        &office,
        "en",
        &[
            "--log",
            nameless.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            "-",
        ],
    );
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["stations"][0]["station"], nameless.display().to_string());
    // The report written over a log it is made from (a commune's, or the
    // station's own): refused, the log kept as it was.
    let kept = std::fs::read(&hoa).unwrap();
    let h = hoa.to_str().unwrap();
    let (ok, _, err) = export_in(&office, "en", &["--log-dir", d, "-o", h]);
    assert!(!ok, "written over {h}");
    assert!(
        err.contains(&format!(
            "{h} is one of the airing logs the report is made from"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&hoa).unwrap(), kept);
    std::fs::create_dir_all(office.path().join("data")).unwrap();
    std::fs::copy(&loi, office.log_path()).unwrap();
    let own = office.log_path();
    let (ok, _, err) = export_in(&office, "vi", &["-o", own.to_str().unwrap()]);
    assert!(
        !ok && err.contains("là một trong các nhật ký phát sóng"),
        "{err}"
    );
    assert_eq!(std::fs::read(&own).unwrap(), std::fs::read(&loi).unwrap());
    // A log copied while its last line was being written: counted
    // without it (Mỹ Thạnh's missed item), and the line named.
    let torn = text.trim_end_matches('\n');
    std::fs::write(&thanh, &torn[..torn.len() - 30]).unwrap();
    let lines = text.lines().count();
    let (ok, out, err) = export_in(
        &office,
        "vi",
        &[
            "--log",
            thanh.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            "-",
        ],
    );
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "CẢNH BÁO: {}: dòng {lines} chưa ghi xong",
            thanh.display()
        )),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["total"]["scheduled"].as_u64(),
            v["total"]["missed"].as_u64()
        ),
        (Some(3), Some(0))
    );
}

/// A hand-made log's `played` that is no length (negative, past any
/// number) counts the airing and none of its minutes: the report neither
/// loses minutes nor writes `null` where its schema says a number.
#[test]
fn a_played_that_is_no_length_counts_no_minutes() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    let cchc = || json!({"topic": "mot-cua"});
    let mut fake = Vec::new();
    fake.extend(aired("f1", 2, "a", cchc(), json!({"played": -1.0e9})));
    fake.extend(aired("f2", 3, "b", cchc(), json!({"played": 1.7e308})));
    fake.extend(aired("f3", 4, "c", cchc(), json!({"played": 1.7e308})));
    fake.extend(aired("f4", 5, "d", cchc(), json!({})));
    write_log(&dir.join("xa-gia.jsonl"), "Xã Giả", &fake);
    three_logs(&dir);
    let v = json_export(&office, &["--log-dir", dir.to_str().unwrap()]);
    assert_fits(&v);
    let fake = &v["stations"][3];
    assert_eq!(fake["station"], "Xã Giả");
    assert_eq!(
        (fake["airings"].as_u64(), fake["minutes"].as_f64()),
        (Some(4), Some(2.0))
    );
    assert_eq!(v["total"]["minutes"], 10.0, "{:#}", v["total"]);
}

/// Two communes whose logs give the same name, and minutes that round:
/// the table per station tells them apart by file, and its total row is
/// the sum of its rows in every column.
#[test]
fn namesakes_are_told_apart_and_the_total_is_the_sum_of_the_rows() {
    let office = TestStation::new();
    let dir = office.path().join("nhat-ky");
    std::fs::create_dir(&dir).unwrap();
    let cchc = || json!({"topic": "mot-cua"});
    // 2 s each: 0.03 minutes a station, rounded alone to 0.
    for (i, sha) in ["a", "b", "c"].iter().enumerate() {
        let short = aired(sha, 2, sha, cchc(), json!({"played": 2.0}));
        let file = dir.join(format!("my-thanh-{sha}.jsonl"));
        // Begun at another moment: another log, not a copy.
        let born = format!("2026-02-0{}T06:00:00.000+07:00", i + 1);
        write_log_born(&file, THANH, &born, &short);
    }
    let xlsx = office.path().join("huyen.xlsx");
    let (ok, out, err) = export(
        &office,
        &[
            "--log-dir",
            dir.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}{err}");
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Theo đài").unwrap();
    let names: Vec<String> = (1..=3)
        .map(|r| text(sheet.get_value((r, 0)).unwrap()))
        .collect();
    assert_eq!(
        names,
        ["a", "b", "c"].map(|x| format!("{THANH} (my-thanh-{x}.jsonl)"))
    );
    for col in 1..=9 {
        let at = |r: u32| sheet.get_value((r, col)).and_then(|c| c.as_f64()).unwrap();
        let sum: f64 = (1..=3).map(at).sum();
        assert!(
            (sum - at(4)).abs() < 1e-9,
            "column {col}: {sum} vs {}",
            at(4)
        );
    }
    chart_of(&xlsx, "CCHC theo đài");
}
