//! How the console is served, against the real daemon on loopback: over
//! HTTPS with the station's certificate, a bad certificate or a taken port
//! said while airing goes on, and headers beyond the bound refused (the
//! timeouts and the connection cap are tested on tokio's paused clock in
//! src/web/serve.rs).

mod common;

use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;

use common::web::add_user;
use common::{Daemon, TestStation, said};
use serde_json::{Value, json};

const LONG: Duration = Duration::from_secs(60);

/// The address the console says it serves ("console: URL").
fn console_url(d: &mut Daemon, scheme: &str) -> String {
    let line = d.wait_for(&format!("console: {scheme}://"), LONG);
    line.split("console: ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_string()
}

#[test]
fn over_https_with_the_stations_certificate() {
    let st = TestStation::new();
    let made =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()]).unwrap();
    std::fs::create_dir_all(st.path().join("tls")).unwrap();
    std::fs::write(st.path().join("tls/cert.pem"), made.cert.pem()).unwrap();
    std::fs::write(
        st.path().join("tls/key.pem"),
        made.signing_key.serialize_pem(),
    )
    .unwrap();
    st.add_settings(
        "[web]\nlisten = \"127.0.0.1:0\"\ntls_cert = \"tls/cert.pem\"\ntls_key = \"tls/key.pem\"\n",
    );
    add_user(&st, "minh", "xem", "mat-khau-dai");
    let mut d = Daemon::start(&st, &["--output", "null"]);
    let url = console_url(&mut d, "https");

    let trusted = ureq::tls::Certificate::from_der(made.cert.der()).to_owned();
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::Specific(Arc::new(vec![trusted])))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .tls_config(tls)
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent
        .post(format!("{url}/api/login"))
        .send_json(json!({"user": "minh", "password": "mat-khau-dai"}))
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let _: Value = r.body_mut().read_json().unwrap();
    let mut r = agent
        .get(format!("{url}/api/status"))
        .header("Cookie", &cookie)
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let status: Value = r.body_mut().read_json().unwrap();
    assert!(status.to_string().contains("Thử Nghiệm"), "{status}");

    // Plain HTTP on that port gets no answer.
    let plain = url.replace("https://", "http://");
    let answer = ureq::get(format!("{plain}/api/status")).call();
    assert!(answer.is_err(), "{answer:?}");
    d.terminate();
}

#[test]
fn a_bad_certificate_or_a_taken_port_is_said_and_airing_goes_on() {
    // A certificate that is not there: named, and the console stays off.
    let st = TestStation::with_notice();
    st.add_settings(
        "[web]\nlisten = \"127.0.0.1:0\"\ntls_cert = \"tls/khong-co.pem\"\ntls_key = \"tls/key.pem\"\n",
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    let line = d.wait_for("the console is off", LONG);
    assert!(line.contains("khong-co.pem"), "{line}");
    assert!(line.contains("the station goes on airing"), "{line}");
    d.wait_for("output: null", LONG);
    let out = st.cmd().args(["status", "--json"]).output().unwrap();
    assert!(said(&out).contains("\"running\": true"), "{}", said(&out));
    d.terminate();

    // A port another program holds: named with the setting to change.
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let st = TestStation::with_notice();
    st.add_settings(&format!("[web]\nlisten = \"127.0.0.1:{port}\"\n"));
    // As under systemd, where the journal is told each line's priority.
    let journal = [("JOURNAL_STREAM", std::path::Path::new("0:0"))];
    let mut d = Daemon::start_env(&st, &["--output", "null"], &journal);
    let line = d.wait_for("cannot open the console", LONG);
    assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
    assert!(line.contains("listen in the [web] section"), "{line}");
    assert!(line.starts_with("<4>"), "a warning, not an error: {line}");
    d.wait_for("output: null", LONG);
    let out = st.cmd().args(["status", "--json"]).output().unwrap();
    assert!(said(&out).contains("\"running\": true"), "{}", said(&out));
    d.terminate();
}

#[test]
fn headers_beyond_the_bound_are_refused_431() {
    let st = TestStation::new();
    st.add_settings("[web]\nlisten = \"127.0.0.1:0\"\n");
    let mut d = Daemon::start(&st, &["--output", "null"]);
    let url = console_url(&mut d, "http");
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(LONG)).unwrap();
    let big = "a".repeat(64 * 1024);
    let req = format!("GET /api/status HTTP/1.1\r\nHost: {addr}\r\nX-Lon: {big}\r\n\r\n");
    // The daemon may close before it has read it all.
    let _ = s.write_all(req.as_bytes());
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let got = String::from_utf8_lossy(&got);
    assert!(got.starts_with("HTTP/1.1 431"), "{got}");
    d.terminate();
}
