//! The console's API through real HTTP on a loopback port, against the
//! real daemon: logging in (and being held back after wrong passwords),
//! who may do what, requests from elsewhere refused, and the daemon's own
//! answers (status, play, stop) as the station's commands give them.

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use common::{Daemon, TestStation, pattern, said, write_wav};
use serde_json::{Value, json};

const LONG: Duration = Duration::from_secs(60);

/// A station whose console listens on a free loopback port, with the
/// accounts `lan` (trực) and `minh` (xem); the daemon and the console's URL.
fn station() -> (TestStation, Daemon, String) {
    let st = TestStation::new();
    st.add_settings("\n[web]\nenabled = true\nlisten = \"127.0.0.1:0\"\n");
    for (name, role) in [("lan", "truc"), ("minh", "xem")] {
        add_user(&st, name, role, "mat-khau-dai");
    }
    write_wav(&st.audio("tin.wav"), 48_000, 1, &pattern(48_000, 1, 3));
    let mut d = Daemon::start(&st, &["--output", "null"]);
    let line = d.wait_for("console: http://", LONG);
    // Said before or after the console's address.
    if !d.seen.iter().any(|l| l.contains("output: null")) {
        d.wait_for("output: null", LONG);
    }
    let url = line
        .split("console: ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_string();
    (st, d, url)
}

fn add_user(st: &TestStation, name: &str, role: &str, password: &str) {
    let mut child = st
        .cmd()
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// A logged-in client: its cookie and CSRF token.
struct Client {
    url: String,
    cookie: String,
    csrf: String,
}

fn login(url: &str, user: &str, password: &str) -> (u16, Option<Client>, Value) {
    let mut r = agent()
        .post(format!("{url}/api/login"))
        .send_json(json!({"user": user, "password": password}))
        .unwrap();
    let code = r.status().as_u16();
    let cookie = r
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_string());
    let body: Value = r.body_mut().read_json().unwrap_or(Value::Null);
    let client = cookie.map(|c| Client {
        url: url.to_string(),
        cookie: c.split(';').next().unwrap().to_string(),
        csrf: body["csrf"].as_str().unwrap_or_default().to_string(),
    });
    (code, client, body)
}

impl Client {
    fn get(&self, path: &str) -> (u16, Value) {
        let mut r = agent()
            .get(format!("{}{path}", self.url))
            .header("Cookie", &self.cookie)
            .call()
            .unwrap();
        (
            r.status().as_u16(),
            r.body_mut().read_json().unwrap_or(Value::Null),
        )
    }

    fn post(&self, path: &str, body: Value, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut req = agent()
            .post(format!("{}{path}", self.url))
            .header("Cookie", &self.cookie);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut r = req.send_json(body).unwrap();
        (
            r.status().as_u16(),
            r.body_mut().read_json().unwrap_or(Value::Null),
        )
    }

    /// As the console's page would: with its token, from its own address.
    fn act(&self, path: &str, body: Value) -> (u16, Value) {
        let origin = self.url.clone();
        self.post(
            path,
            body,
            &[("x-csrf-token", &self.csrf), ("origin", &origin)],
        )
    }
}

#[test]
fn logging_in_and_what_each_role_may_do() {
    let (st, d, url) = station();
    // Nothing without a session.
    let (code, _) = Client {
        url: url.clone(),
        cookie: "loaxa_session=khong-co".into(),
        csrf: String::new(),
    }
    .get("/api/status");
    assert_eq!(code, 401);
    let (code, client, _) = login(&url, "lan", "sai-mat-khau");
    assert_eq!(code, 401);
    assert!(client.is_none(), "no cookie for a wrong password");
    let (code, _, _) = login(&url, "khong-ai", "mat-khau-dai");
    assert_eq!(
        code, 401,
        "an unknown name is answered like a wrong password"
    );

    let (code, lan, body) = login(&url, "lan", "mat-khau-dai");
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["role"], "truc");
    let lan = lan.unwrap();
    let (code, status) = lan.get("/api/status");
    assert_eq!(code, 200, "{status}");
    assert_eq!(status["running"], true);
    assert!(status["next"].is_array(), "{status}");

    // Changes need the token, and a page of the console's own address.
    let (code, _) = lan.post("/api/stop", json!({}), &[]);
    assert_eq!(code, 403, "no CSRF token");
    let (code, _) = lan.post(
        "/api/stop",
        json!({}),
        &[
            ("x-csrf-token", &lan.csrf),
            ("origin", "http://evil.example"),
        ],
    );
    assert_eq!(code, 403, "another origin");
    let (code, body) = lan.act("/api/stop", json!({}));
    assert_eq!(code, 409, "nothing on air: {body}");

    // Play: a missing file is 404 naming what was meant; a file airs.
    let (code, body) = lan.act("/api/play", json!({"file": "tin.mp3"}));
    assert_eq!(code, 404, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("tin.wav"),
        "{body}"
    );
    let (code, body) = lan.act("/api/play", json!({"file": "tin.wav"}));
    assert_eq!(code, 200, "{body}");

    // A viewer sees, and may not act.
    let (_, minh, _) = login(&url, "minh", "mat-khau-dai");
    let minh = minh.unwrap();
    assert_eq!(minh.get("/api/status").0, 200);
    let (code, body) = minh.act("/api/stop", json!({}));
    assert_eq!(code, 403, "{body}");

    // Logged out: the cookie opens nothing.
    let (code, _) = lan.act("/api/logout", json!({}));
    assert_eq!(code, 200);
    assert_eq!(lan.get("/api/status").0, 401);
    let mut d = d;
    d.wait_for("program ended", LONG);
    d.terminate();
    let starts: Vec<Value> = st
        .airing_records()
        .into_iter()
        .filter(|r| r["event"] == "start")
        .collect();
    assert_eq!(starts.len(), 1, "{starts:#?}");
    assert_eq!(starts[0]["file"], "tin.wav");
    // The evidence says who asked for what, and what was refused; what
    // was refused before reaching the station (no token, a viewer) is not
    // an act of the station.
    let acts: Vec<(String, String, String, bool)> = st
        .airing_records()
        .into_iter()
        .filter(|r| r["event"] == "operator")
        .map(|r| {
            assert_eq!(r["from"], "127.0.0.1", "{r}");
            (
                r["user"].as_str().unwrap().to_string(),
                r["action"].as_str().unwrap().to_string(),
                r["target"].as_str().unwrap_or_default().to_string(),
                r["done"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("lan", "stop_airing", "", false),
        ("lan", "play", "tin.mp3", false),
        ("lan", "play", "tin.wav", true),
    ]
    .map(|(u, a, t, d)| (u.to_string(), a.to_string(), t.to_string(), d));
    assert_eq!(acts, want);
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn five_wrong_passwords_hold_the_account_back_even_with_the_right_one() {
    let (_st, d, url) = station();
    for _ in 0..5 {
        assert_eq!(login(&url, "lan", "doan-mo").0, 401);
    }
    let mut r = agent()
        .post(format!("{url}/api/login"))
        .send_json(json!({"user": "lan", "password": "mat-khau-dai"}))
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let wait: u64 = r
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = r.body_mut().read_json().unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("try again in"),
        "{body}"
    );
    d.terminate();
}

#[test]
fn guessing_the_current_password_is_held_back_as_a_login_is() {
    // A session left open may not try its account's password unbounded
    // (nor run password checks beyond the few a login may).
    let (_st, d, url) = station();
    let minh = login(&url, "minh", "mat-khau-dai").1.unwrap();
    let change = |current: &str| {
        minh.send(
            "PUT",
            "/api/users/minh",
            Some(json!({"password": "mat-khau-moi-1", "current": current})),
        )
    };
    for i in 0..5 {
        assert_eq!(change(&format!("doan-{i}")).0, 403);
    }
    let (code, body) = change("mat-khau-dai");
    assert_eq!(code, 429, "{body}");
    assert_eq!(
        login(&url, "minh", "mat-khau-dai").0,
        429,
        "the account waits"
    );
    d.terminate();
}

/// PUT and DELETE as the console's page would send them.
impl Client {
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.url);
        let req = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("Cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("origin", &self.url)
            .header("content-type", "application/json")
            .body(body.map(|b| b.to_string()).unwrap_or_default())
            .unwrap();
        let mut r = agent().run(req).unwrap();
        (
            r.status().as_u16(),
            r.body_mut().read_json().unwrap_or(Value::Null),
        )
    }
}

#[test]
fn accounts_from_the_console_by_an_administrator_and_each_change_logged() {
    let (st, d, url) = station();
    add_user(&st, "an", "quan-tri", "mat-khau-quan-tri");
    let an = login(&url, "an", "mat-khau-quan-tri").1.unwrap();
    let (code, list) = an.get("/api/users");
    assert_eq!(code, 200, "{list}");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lan", "minh", "an"]);
    assert!(!list.to_string().contains("argon2"), "no hash: {list}");

    // Added, and the new account logs in; the rules of `loaxa user` hold.
    let (code, body) = an.act(
        "/api/users",
        json!({"name": "binh", "role": "truc", "password": "mat-khau-binh"}),
    );
    assert_eq!(code, 201, "{body}");
    let binh = login(&url, "binh", "mat-khau-binh").1.unwrap();
    assert_eq!(binh.get("/api/status").0, 200);
    let (code, body) = an.act(
        "/api/users",
        json!({"name": "BINH", "role": "xem", "password": "mat-khau-khac"}),
    );
    assert_eq!(code, 409, "a name taken in another case: {body}");
    let (code, body) = an.act(
        "/api/users",
        json!({"name": "../root", "role": "xem", "password": "mat-khau-khac"}),
    );
    assert_eq!(code, 400, "{body}");
    let (code, _) = an.act(
        "/api/users",
        json!({"name": "chi", "role": "giam-doc", "password": "mat-khau-khac"}),
    );
    assert_eq!(code, 400, "an unknown role");
    let (code, _) = an.act(
        "/api/users",
        json!({"name": "chi", "role": "xem", "password": "ngan"}),
    );
    assert_eq!(code, 400, "a short password");

    // Others may not manage accounts, but change their own password with
    // the current one.
    let minh = login(&url, "minh", "mat-khau-dai").1.unwrap();
    assert_eq!(minh.get("/api/users").0, 403);
    let (code, _) = binh.send("DELETE", "/api/users/minh", None);
    assert_eq!(code, 403);
    let (code, _) = minh.send(
        "PUT",
        "/api/users/minh",
        Some(json!({"role": "quan-tri", "current": "mat-khau-dai"})),
    );
    assert_eq!(code, 403, "no raising oneself");
    let (code, _) = minh.send(
        "PUT",
        "/api/users/minh",
        Some(json!({"password": "mat-khau-moi-1", "current": "sai"})),
    );
    assert_eq!(code, 403, "the current password is asked");
    let (code, body) = minh.send(
        "PUT",
        "/api/users/minh",
        Some(json!({"password": "mat-khau-moi-1", "current": "mat-khau-dai"})),
    );
    assert_eq!(code, 200, "{body}");
    assert_eq!(
        minh.get("/api/status").0,
        200,
        "the session that changed it stays"
    );
    assert_eq!(login(&url, "minh", "mat-khau-dai").0, 401);
    assert_eq!(login(&url, "minh", "mat-khau-moi-1").0, 200);

    // The last administrator stays one.
    let (code, body) = an.send("DELETE", "/api/users/an", None);
    assert_eq!(code, 409, "{body}");
    let (code, _) = an.send("PUT", "/api/users/AN", Some(json!({"role": "xem"})));
    assert_eq!(code, 409);
    // Removed: its open session opens nothing.
    let (code, body) = an.send("DELETE", "/api/users/binh", None);
    assert_eq!(code, 200, "{body}");
    assert_eq!(binh.get("/api/status").0, 401);
    let (code, _) = an.send("DELETE", "/api/users/binh", None);
    assert_eq!(code, 404);
    d.terminate();

    let acts: Vec<String> = st
        .airing_records()
        .into_iter()
        .filter(|r| r["event"] == "operator")
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["user"], r["action"], r["target"], r["done"]
            )
        })
        .collect();
    let want = [
        r#""an" "user_added" "binh" true"#,
        r#""an" "user_added" "BINH" false"#,
        r#""an" "user_added" "../root" false"#,
        r#""an" "user_added" "chi" false"#,
        r#""minh" "user_changed" "minh" true"#,
        r#""an" "user_removed" "an" false"#,
        r#""an" "user_changed" "AN" false"#,
        r#""an" "user_removed" "binh" true"#,
        r#""an" "user_removed" "binh" false"#,
    ];
    assert_eq!(acts, want);
}
