//! The console's page in a real browser: Debian's Chromium, driven by
//! chromedriver (WebDriver), against the real daemon on a loopback port.
//! An operator logs in, sees the next airing, reads an emergency text on
//! air and stops it, uploads a recording and sees it become ready, and
//! moves a slot and sees the plan follow; the dashboard is photographed at
//! phone and desktop width.
//!
//! Needs `chromium` and `chromium-driver` (Debian's packages; `.ci/run`
//! installs them): without them this test fails, saying so.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::web::add_user;
use common::{Daemon, TestStation, pattern, write_wav};
use fantoccini::{Client, ClientBuilder, Locator};

const LONG: Duration = Duration::from_secs(60);
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        for program in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                Path::new(program).exists(),
                "{program} is missing: the browser tests need Debian's Chromium and its driver \
                 (sudo apt-get install chromium chromium-driver; .ci/run installs them)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        // Ready when it answers on its port.
        let deadline = Instant::now() + LONG;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium with the flags this machine needs (no sandbox as
/// root, no network of its own) and a fresh profile.
async fn browser(driver: &Driver, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--lang=vi",
    ]
    .map(String::from)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "binary": CHROMIUM, "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session from chromedriver")
}

/// A Vietnamese station with a daily slot later today, its
/// console on a free loopback port, and the accounts `lan` (quản trị).
fn station() -> (TestStation, Daemon, String, String) {
    let st = TestStation::new();
    st.add_settings("lang = \"vi\"\n\n[web]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    // Today's list shows today's airings: the slot stays before midnight
    // (two hours ahead, or less late in the evening; at least 3 minutes).
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let left = 86_400 - i64::from(chrono::Timelike::num_seconds_from_midnight(&now));
    let (_, _, at) = common::local_in((2 * 3600).min(left - 240).max(180));
    let at = at[..5].to_string();
    write_wav(&st.audio("ban-tin.wav"), 48_000, 1, &pattern(48_000, 1, 3));
    st.schedule(
        "hang-ngay.json",
        &format!(
            r#"{{
  "slots": [
    {{ "id": "ban-tin", "title": "Bản tin thử nghiệm", "days": "hằng ngày", "at": "{at}",
       "program": [{{ "file": "ban-tin.wav", "title": "Tin của xã" }}] }}
  ]
}}
"#
        ),
    );
    add_user(&st, "lan", "quan-tri", "mat-khau-dai");
    let mut cmd = st.cmd_vi();
    cmd.args(["run", "--output", "null"]);
    let mut d = Daemon::spawn(cmd);
    let line = d.wait_for("http://", LONG);
    // The output is said before or after the console's address.
    if !d.seen.iter().any(|l| l.contains("null")) {
        d.wait_for("null", LONG);
    }
    let url = line
        .split("http://")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/');
    let url = format!("http://{url}");
    (st, d, url, at)
}

async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(LONG)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("never saw {css}: {e}"))
}

async fn wait_xpath(c: &Client, xpath: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(LONG)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("never saw {xpath}: {e}"))
}

async fn screenshot(c: &Client, dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    c.set_window_size(w, h).await.unwrap();
    // The layout settles before the picture (a frame later).
    c.execute(
        "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(1))))",
        vec![],
    )
    .await
    .unwrap();
    let png = c.screenshot().await.unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &png).unwrap();
    println!("screenshot: {}", path.display());
    // Kept after the test too, for a look (the station folder is not).
    let keep = std::env::temp_dir().join("loaxa-console-screenshots");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::write(keep.join(name), &png).unwrap();
    println!("kept: {}", keep.join(name).display());
    path
}

async fn log_in(c: &Client, url: &str) {
    c.goto(&format!("{url}/")).await.unwrap();
    wait_css(c, "#login-user")
        .await
        .send_keys("lan")
        .await
        .unwrap();
    c.find(Locator::Css("#login-password"))
        .await
        .unwrap()
        .send_keys("mat-khau-dai")
        .await
        .unwrap();
    click(c, "#login-form button").await;
    wait_css(c, "#onair").await;
}

/// Clicks what `css` finds.
async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn confirm(c: &Client) {
    wait_css(c, "dialog#confirm[open] #confirm-yes")
        .await
        .click()
        .await
        .unwrap();
}

async fn emergency_text_on_air_then_stopped(c: &Client, shots: &Path) -> Vec<PathBuf> {
    click(c, "a[data-tab=emergency]").await;
    let text = "Thông báo khẩn: nước sông đang lên nhanh, bà con vùng trũng di chuyển tài sản \
                lên chỗ cao, theo dõi loa của xã. "
        .repeat(4);
    wait_css(c, "#say-text")
        .await
        .send_keys(&text)
        .await
        .unwrap();
    click(c, "#say-form button[type=submit]").await;
    confirm(c).await;
    wait_css(c, "#onair.live #stop").await;
    wait_css(c, "#say-msg.good").await;
    // The dashboard while it airs, at phone and desktop width.
    click(c, "a[data-tab=now]").await;
    wait_css(c, "#today .airings li").await;
    let phone = screenshot(c, shots, "console-360x800.png", 360, 800).await;
    let desk = screenshot(c, shots, "console-1280x900.png", 1280, 900).await;
    click(c, "#stop").await;
    confirm(c).await;
    wait_css(c, "#onair:not(.live)").await;
    vec![phone, desk]
}

async fn upload_becomes_ready(c: &Client, st: &TestStation) {
    let file = st.path().join("tin-moi.wav");
    write_wav(&file, 48_000, 1, &pattern(24_000, 1, 5));
    click(c, "a[data-tab=library]").await;
    wait_css(c, "#upload-files")
        .await
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    wait_css(c, "#uploads .msg.good").await;
    wait_css(c, "tr[data-file='tin-moi.wav'] .state.ready").await;
    assert!(st.audio("tin-moi.wav").exists());
}

async fn slot_moved_and_plan_follows(c: &Client, st: &TestStation, at: &str) {
    click(c, "a[data-tab=schedules]").await;
    wait_css(c, "#week-table button[data-slot=ban-tin]")
        .await
        .click()
        .await
        .unwrap();
    let field = wait_css(c, "#slot-form:not([hidden]) #slot-at").await;
    assert_eq!(field.prop("value").await.unwrap().as_deref(), Some(at));
    // One minute later (or earlier at 23:59): a time the table does not have yet.
    let (h, m) = (&at[..2], at[3..5].parse::<u32>().unwrap());
    let moved = format!("{h}:{:02}", if m == 59 { 58 } else { m + 1 });
    field.clear().await.unwrap();
    field.send_keys(&moved).await.unwrap();
    click(c, "#slot-save").await;
    wait_css(c, "#slot-msg.good").await;
    wait_xpath(
        c,
        &format!(
            "//table[contains(@class,'week')]//tr[th='{moved}']//button[@data-slot='ban-tin']"
        ),
    )
    .await;
    let saved = std::fs::read_to_string(st.path().join("schedules/hang-ngay.json")).unwrap();
    assert!(saved.contains(&format!("\"at\": \"{moved}\"")), "{saved}");
}

/// The browser, the station and its daemon, an operator logged in.
struct Console {
    c: Client,
    st: TestStation,
    d: Daemon,
    at: String,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

async fn console() -> Console {
    let driver = Driver::start();
    let (st, d, url, at) = station();
    let profile = tempfile::tempdir().unwrap();
    let c = browser(&driver, profile.path()).await;
    log_in(&c, &url).await;
    Console {
        c,
        st,
        d,
        at,
        _profile: profile,
        _driver: driver,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_operator_sees_the_next_airing_and_airs_an_emergency_text() {
    // (Bound by name: the driver and the profile live to the end.)
    let Console {
        c,
        st,
        d,
        _profile,
        _driver,
        ..
    } = console().await;
    // The next airing: the daily slot, today or tomorrow.
    wait_xpath(
        &c,
        "//div[@id='today' or @id='week']//li[contains(., 'Bản tin thử nghiệm')]",
    )
    .await;
    let shots = emergency_text_on_air_then_stopped(&c, st.path()).await;
    c.close().await.unwrap();
    for s in &shots {
        assert!(
            std::fs::metadata(s).unwrap().len() > 10_000,
            "{}",
            s.display()
        );
    }
    d.terminate();
}

#[tokio::test(flavor = "current_thread")]
async fn an_operator_uploads_a_recording_and_moves_a_slot() {
    let Console {
        c,
        st,
        d,
        at,
        _profile,
        _driver,
    } = console().await;
    upload_becomes_ready(&c, &st).await;
    slot_moved_and_plan_follows(&c, &st, &at).await;
    c.close().await.unwrap();
    d.terminate();
}
