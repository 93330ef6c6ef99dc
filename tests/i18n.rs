//! Vietnamese first: what the operator reads comes in the station's
//! language (`lang` in loaxa.toml, else the locale), English otherwise.

mod common;

use common::TestStation;

fn station(lang: Option<&str>) -> TestStation {
    let st = TestStation::new();
    let mut settings = "station = \"Đài truyền thanh xã Thử Nghiệm\"\n".to_string();
    if let Some(l) = lang {
        settings.push_str(&format!("lang = \"{l}\"\n"));
    }
    std::fs::write(st.path().join("loaxa.toml"), settings).unwrap();
    // One slot with a weekday written as a number, one naming a file that
    // is not there.
    st.schedule(
        "tuan.json",
        r#"{
  "slots": [
    { "id": "sang", "days": [2], "at": "06:00", "program": ["a.mp3"] },
    { "id": "chieu", "days": "hằng ngày", "at": "17:00", "program": ["khong-co.mp3"] }
  ]
}"#,
    );
    st
}

fn run(mut cmd: std::process::Command) -> (bool, String, String) {
    let out = cmd.output().expect("run loaxa");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_speaks_vietnamese_when_the_station_says_so() {
    let st = station(Some("vi"));
    let mut cmd = st.cmd_vi();
    cmd.arg("check");
    let (ok, out, _) = run(cmd);
    assert!(!ok, "errors make check fail:\n{out}");
    assert!(
        out.contains("schedules/tuan.json:3:30: lỗi: khung giờ \"sang\": thứ được viết bằng số 2 — viết số dễ nhầm"),
        "{out}"
    );
    assert!(
        out.contains("khung giờ \"chieu\": \"khong-co.mp3\": không có tệp này — chép bản ghi vào audio/khong-co.mp3 trước"),
        "{out}"
    );
    assert!(
        out.contains("Các lượt phát trong 7 ngày tới thiếu tệp hoặc tệp hỏng:"),
        "{out}"
    );
    assert!(out.contains("2 lỗi, 0 cảnh báo"), "{out}");
    // No English left in what the operator reads (file names and JSON
    // field names aside).
    for english in ["error", "slot", "does not exist", "checked", "warning"] {
        assert!(!out.contains(english), "\"{english}\" in:\n{out}");
    }
}

#[test]
fn the_same_check_in_english() {
    let st = station(Some("en"));
    let mut cmd = st.cmd_vi();
    cmd.arg("check");
    let (_, out, _) = run(cmd);
    assert!(
        out.contains(
            "schedules/tuan.json:3:30: error: slot \"sang\": weekday given as the number 2"
        ),
        "{out}"
    );
    assert!(out.contains("2 errors, 0 warnings"), "{out}");
}

#[test]
fn without_a_setting_the_locale_decides() {
    let st = station(None);
    let mut vi = st.cmd_vi();
    vi.env("LANG", "vi_VN.UTF-8").arg("check");
    let (_, out, _) = run(vi);
    assert!(out.contains("2 lỗi, 0 cảnh báo"), "{out}");

    let mut en = st.cmd_vi();
    en.env("LANG", "en_US.UTF-8").arg("check");
    let (_, out, _) = run(en);
    assert!(out.contains("2 errors, 0 warnings"), "{out}");

    // LOAXA_LANG wins over both.
    let mut forced = st.cmd_vi();
    forced
        .env("LANG", "en_US.UTF-8")
        .env("LOAXA_LANG", "vi")
        .arg("check");
    let (_, out, _) = run(forced);
    assert!(out.contains("2 lỗi, 0 cảnh báo"), "{out}");

    // A value it does not know is said, and the locale decides.
    let mut unknown = st.cmd_vi();
    unknown
        .env("LANG", "en_US.UTF-8")
        .env("LOAXA_LANG", "fr")
        .arg("check");
    let (_, out, err) = run(unknown);
    assert!(out.contains("2 errors, 0 warnings"), "{out}");
    assert!(
        err.contains("LOAXA_LANG=\"fr\" is not a language loaxa speaks"),
        "{err}"
    );
}

#[test]
fn help_summaries_and_errors_in_vietnamese() {
    let st = station(Some("vi"));
    let mut help = st.cmd_vi();
    help.arg("--help");
    let (ok, out, _) = run(help);
    assert!(ok);
    assert!(out.contains("Cách dùng: loaxa"), "{out}");
    assert!(
        out.contains("check        Kiểm tra cài đặt, lịch phát sóng và mọi tệp âm thanh được dùng"),
        "{out}"
    );
    assert!(
        out.contains("export       Xuất nhật ký phát sóng của một kỳ cho báo cáo CCHC"),
        "{out}"
    );

    let mut sub = st.cmd_vi();
    sub.args(["status", "--help"]);
    let (_, out, _) = run(sub);
    assert!(out.starts_with("Đài đang làm gì"), "{out}");

    // An error of the command itself.
    let mut bad = st.cmd_vi();
    bad.args(["export", "--month", "2014-13"]);
    let (ok, _, err) = run(bad);
    assert!(!ok);
    assert!(
        err.contains("lỗi: \"2014-13\" không phải là tháng — viết dạng 2014-03 (hoặc 03/2014)"),
        "{err}"
    );

    // Status without a daemon.
    let mut status = st.cmd_vi();
    status.arg("status");
    let (ok, out, _) = run(status);
    assert!(!ok);
    assert!(out.contains("loaxa KHÔNG chạy cho đài này"), "{out}");
    assert!(out.contains("lượt phát sắp tới:"), "{out}");
    assert!(out.contains("[âm thanh]"), "{out}");
}

#[test]
fn a_language_loaxa_does_not_speak_is_an_error_with_its_place() {
    let st = station(Some("fr"));
    let mut cmd = st.cmd_vi();
    cmd.env("LANG", "vi_VN.UTF-8").arg("check");
    let (ok, _, err) = run(cmd);
    assert!(!ok);
    assert!(
        err.contains(
            "loaxa.toml:2:1: lỗi: lang: loaxa không có ngôn ngữ \"fr\" — viết lang = \"vi\""
        ),
        "{err}"
    );
}

#[test]
fn the_report_follows_the_station_language_unless_asked() {
    let st = station(Some("en"));
    let mut cmd = st.cmd_vi();
    cmd.args(["export", "--month", "2026-11", "-o", "-"]);
    let (ok, out, err) = run(cmd);
    assert!(ok, "{err}");
    assert!(out.starts_with('\u{feff}'), "CSV with a byte-order mark");
    assert!(!out.contains("Ngày"), "English headings: {out}");

    let mut vi = st.cmd_vi();
    vi.args(["export", "--month", "2026-11", "--lang", "vi", "-o", "-"]);
    let (ok, out, err) = run(vi);
    assert!(ok, "{err}");
    assert!(out.contains("Ngày"), "Vietnamese headings: {out}");
}
