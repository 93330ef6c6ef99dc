//! The console over real HTTP: a station whose console listens on a free
//! loopback port, accounts, and a client that logs in and acts as the
//! console's page does (its cookie, CSRF token and Origin).

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use super::{Daemon, TestStation, said};

pub const LONG: Duration = Duration::from_secs(60);

/// `[web]` on a free loopback port, plus `extra` lines for it.
pub fn enable(st: &TestStation, extra: &str) {
    st.add_settings(&format!(
        "\n[web]\nenabled = true\nlisten = \"127.0.0.1:0\"\n{extra}"
    ));
}

/// Starts the daemon (`--output null`) and returns it with the console's URL.
pub fn start(st: &TestStation) -> (Daemon, String) {
    let mut d = Daemon::start(st, &["--output", "null"]);
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
    (d, url)
}

pub fn add_user(st: &TestStation, name: &str, role: &str, password: &str) {
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

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// What an answer was: status, headers worth a look, the body's bytes.
pub struct Answer {
    pub code: u16,
    pub content_type: String,
    pub disposition: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

fn answer(mut r: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let bytes = r
        .body_mut()
        .with_config()
        .limit(100 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Answer {
        code: r.status().as_u16(),
        content_type,
        disposition,
        bytes,
    }
}

/// A logged-in client (or one with a made-up cookie).
pub struct Client {
    pub url: String,
    pub cookie: String,
    pub csrf: String,
}

/// Logs in; panics unless it worked.
pub fn login(url: &str, user: &str, password: &str) -> Client {
    let mut r = agent()
        .post(format!("{url}/api/login"))
        .send_json(json!({"user": user, "password": password}))
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "login {user}");
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let body: Value = r.body_mut().read_json().unwrap();
    Client {
        url: url.to_string(),
        cookie,
        csrf: body["csrf"].as_str().unwrap().to_string(),
    }
}

/// One part of a multipart form: a field, or a file with its name.
pub enum Part<'a> {
    Field(&'a str, &'a str),
    File(&'a str, &'a [u8]),
}

/// A `multipart/form-data` body, as a browser makes it.
pub fn form(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "----loaxa-thu-7c1e5a";
    let mut body = Vec::new();
    for p in parts {
        write!(body, "--{boundary}\r\n").unwrap();
        match p {
            Part::Field(name, value) => {
                write!(
                    body,
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .unwrap();
            }
            Part::File(file_name, bytes) => {
                write!(
                    body,
                    "Content-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .unwrap();
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Client {
    /// Not logged in.
    pub fn nobody(url: &str) -> Client {
        Client {
            url: url.to_string(),
            cookie: "loaxa_session=khong-co".into(),
            csrf: String::new(),
        }
    }

    pub fn get(&self, path: &str) -> Answer {
        answer(
            agent()
                .get(format!("{}{path}", self.url))
                .header("Cookie", &self.cookie)
                .call()
                .unwrap(),
        )
    }

    /// GET, its body as JSON.
    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let a = self.get(path);
        (a.code, a.json())
    }

    /// As the console's page would: with its token, from its own address.
    pub fn act(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Answer {
        let req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.url))
            .header("Cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("origin", &self.url)
            .header("content-type", content_type)
            .body(body.to_vec())
            .unwrap();
        answer(agent().run(req).unwrap())
    }

    pub fn post_json(&self, path: &str, body: Value) -> (u16, Value) {
        let a = self.act(
            "POST",
            path,
            "application/json",
            body.to_string().as_bytes(),
        );
        (a.code, a.json())
    }

    pub fn upload(&self, query: &str, parts: &[Part]) -> (u16, Value) {
        let (kind, body) = form(parts);
        let a = self.act("POST", &format!("/api/upload{query}"), &kind, &body);
        (a.code, a.json())
    }

    pub fn put_schedule(&self, name: &str, text: &str) -> (u16, Value) {
        let a = self.act(
            "PUT",
            &format!("/api/schedules/{name}"),
            "application/json",
            text.as_bytes(),
        );
        (a.code, a.json())
    }
}
