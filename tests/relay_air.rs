//! Relay items aired by the real daemon into `wav:`, from a stream served
//! on loopback by the test: on time, exactly as long as the schedule says,
//! the stream's own audio; a lost stream filled by the fallback and taken
//! back, both in the airing log with their times; a refused connection;
//! a slow server; a stream of silence; the line input.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Daemon, TestStation, local_in, read_wav};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/relay");
/// The streams' length: 4 s at 48 kHz (a 200–3000 Hz chirp, and silence).
const LOOP_SECONDS: f64 = 4.0;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

/// An Icecast-like server: each path a way of serving.
struct Server {
    addr: SocketAddr,
}

fn server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let flaky = Arc::new(AtomicUsize::new(0));
    let hls = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(conn) = conn else { continue };
            let (flaky, hls) = (flaky.clone(), hls.clone());
            std::thread::spawn(move || {
                let _ = answer(conn, &flaky, &hls);
            });
        }
    });
    Server { addr }
}

fn whole(conn: &mut TcpStream, ct: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    conn.write_all(body)
}

fn answer(mut conn: TcpStream, flaky: &AtomicUsize, hls: &AtomicUsize) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
    }
    match path.as_str() {
        "/vov1.mp3" => paced(&mut conn, "chirp.mp3", 1.0, None),
        "/slow.mp3" => paced(&mut conn, "chirp.mp3", 0.9, None),
        "/quiet.mp3" => paced(&mut conn, "quiet.mp3", 1.0, None),
        // A live HLS playlist of AAC segments (2 s each): its window moves
        // on by one segment at each reload (the relay's reloads drive it).
        "/hls/live.m3u8" => {
            let nth = hls.fetch_add(1, Ordering::SeqCst);
            let mut text = format!(
                "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{}\n",
                100 + nth
            );
            for i in 0..4 {
                text.push_str(&format!("#EXTINF:2.0,\nseg{}.aac\n", (nth + i) % 3));
            }
            whole(&mut conn, "application/vnd.apple.mpegurl", text.as_bytes())
        }
        p if p.starts_with("/hls/seg") => whole(&mut conn, "audio/aac", &fixture(&p[5..])),
        // The first connection breaks after 2 s of audio; the next ones
        // are refused with 503 for the next three tries (about 3.5 s with
        // the relay's back-off), then the stream is there again.
        "/flaky.mp3" => match flaky.fetch_add(1, Ordering::SeqCst) {
            0 => paced(&mut conn, "chirp.mp3", 1.0, Some(2.0)),
            1..=3 => write!(
                conn,
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            _ => paced(&mut conn, "chirp.mp3", 1.0, None),
        },
        _ => write!(
            conn,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    }
}

/// `name` looped, a tenth of a second at a time, at `speed` × real time;
/// closed after `limit` seconds of audio when given.
fn paced(conn: &mut TcpStream, name: &str, speed: f64, limit: Option<f64>) -> std::io::Result<()> {
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nicy-name: test\r\nConnection: close\r\n\r\n"
    )?;
    let mp3 = fixture(name);
    let per_second = mp3.len() as f64 / LOOP_SECONDS;
    let step = (per_second * speed / 10.0) as usize;
    let started = Instant::now();
    let (mut at, mut sent, mut ticks) = (0, 0usize, 0u32);
    loop {
        let mut piece = Vec::with_capacity(step);
        while piece.len() < step {
            let n = (step - piece.len()).min(mp3.len() - at);
            piece.extend_from_slice(&mp3[at..at + n]);
            at = (at + n) % mp3.len();
        }
        conn.write_all(&piece)?;
        sent += piece.len();
        if limit.is_some_and(|l| sent as f64 >= l * per_second) {
            return Ok(());
        }
        ticks += 1;
        // The server's own pace (not the test waiting for something).
        let due = started + Duration::from_millis(100) * ticks;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
}

/// A station with one relay slot `secs` from now and the fallback
/// recording in `audio/`.
fn station(item: &str, secs: i64, settings: &str) -> (TestStation, chrono::DateTime<chrono::Utc>) {
    let st = TestStation::new();
    std::fs::write(st.audio("xin-loi.mp3"), fixture("sorry.mp3")).unwrap();
    common::backdate(&st.audio("xin-loi.mp3"));
    st.add_settings(settings);
    let (at, date, time) = local_in(secs);
    st.schedule(
        "tiep-song.json",
        &format!(
            r#"{{"slots": [{{"id": "vov", "date": "{date}", "at": "{time}", "program": [{item}]}}]}}"#
        ),
    );
    (st, at)
}

/// Runs the daemon until the program has ended; returns the WAV it wrote.
fn air(st: &TestStation) -> (hound::WavSpec, Vec<i16>) {
    let out = st.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut d = Daemon::start(st, &["--output", &format!("wav:{}", out.display())]);
    d.wait_for("program ended", Duration::from_secs(90));
    d.terminate();
    let files = common::aired_files(&out);
    assert_eq!(files.len(), 1, "{files:?}");
    read_wav(&files[0])
}

fn end_record(st: &TestStation) -> serde_json::Value {
    let ends = st.records_of("end");
    assert_eq!(ends.len(), 1, "{ends:?}");
    ends[0].clone()
}

fn seconds(rfc: &serde_json::Value) -> f64 {
    let t = chrono::DateTime::parse_from_rfc3339(rfc.as_str().unwrap()).unwrap();
    t.timestamp_millis() as f64 / 1_000.0
}

/// The left channel as f64 in −1..1.
fn left(samples: &[i16]) -> Vec<f64> {
    samples
        .chunks(2)
        .map(|f| f64::from(f[0]) / 32_768.0)
        .collect()
}

/// The stream's audio as the relay decodes it: the chirp at 48 kHz.
fn chirp() -> Vec<f64> {
    let path = Path::new(FIXTURES).join("chirp.mp3");
    // 48 kHz mono (fixture made with sox and lame).
    let d = loaxa_audio::FileDecoder::open(&path).unwrap();
    d.map(f64::from).collect()
}

/// The best normalised correlation of `window` anywhere in `reference`.
fn best_correlation(window: &[f64], reference: &[f64]) -> f64 {
    let wn = window.iter().map(|x| x * x).sum::<f64>().sqrt();
    (0..reference.len().saturating_sub(window.len()))
        .map(|off| {
            let r = &reference[off..off + window.len()];
            let dot: f64 = window.iter().zip(r).map(|(a, b)| a * b).sum();
            let rn = r.iter().map(|x| x * x).sum::<f64>().sqrt();
            dot / (wn * rn).max(1e-12)
        })
        .fold(0.0, f64::max)
}

#[test]
fn a_stream_is_relayed_on_time_for_exactly_its_duration() {
    let srv = server();
    let item = format!(
        r#"{{"relay": "http://user:secret@{}/vov1.mp3", "duration": "4 s", "title": "Thời sự VOV1"}}"#,
        srv.addr
    );
    let (st, at) = station(&item, 5, "");
    let (spec, samples) = air(&st);
    assert_eq!(spec.sample_rate, 48_000);
    // Exactly its duration: 4 s of frames, not one more or less.
    assert_eq!(samples.len(), 4 * 48_000 * 2);
    // The stream's own audio: 20 ms windows at 0.5 s, 1.5 s and 2.5 s
    // are each found in the chirp (the relay resamples nothing at 48 kHz).
    let aired = left(&samples);
    let reference = chirp();
    for k in [25, 75, 125] {
        let w = &aired[k * 960..(k + 1) * 960];
        let c = best_correlation(w, &reference);
        assert!(c > 0.99, "window at {} s: correlation {c}", k as f64 * 0.02);
    }
    // On time: it started at its second.
    let start = &st.records_of("start")[0];
    let late = seconds(&start["started"]) - at.timestamp_millis() as f64 / 1_000.0;
    assert!(late.abs() < 0.05, "started {late} s off");
    assert_eq!(start["title"], "Thời sự VOV1");
    // The log names the stream without its password.
    let shown = format!("http://{}/vov1.mp3", srv.addr);
    assert_eq!(start["relay"], shown.as_str());
    assert_eq!(start["file"], shown.as_str());
    assert!(
        !std::fs::read_to_string(st.log_path())
            .unwrap()
            .contains("secret")
    );
    let end = end_record(&st);
    assert_eq!(end["status"], "completed", "{end}");
    assert_eq!(end["relay"]["planned"], 4.0);
    assert_eq!(end["relay"]["relayed"], 4.0, "{end}");
    assert!(end["relay"].get("interruptions").is_none(), "{end}");
    // What the operator reads.
    let log = common::said(
        &st.cmd()
            .args(["log"])
            .env("LOAXA_LANG", "vi")
            .output()
            .unwrap(),
    );
    assert!(
        log.contains("tiếp sóng Thời sự VOV1 4 giây / 4 giây"),
        "{log}"
    );
    let ok = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(ok.status.success(), "{}", common::said(&ok));
}

#[test]
fn a_lost_stream_is_filled_by_the_fallback_and_taken_back() {
    let srv = server();
    let item = format!(
        r#"{{"relay": "http://{}/flaky.mp3", "duration": "12 s", "fallback": "xin-loi.mp3"}}"#,
        srv.addr
    );
    let (st, _) = station(&item, 5, "[relay]\nfallback_after = \"1 s\"\n");
    let (_, samples) = air(&st);
    assert_eq!(samples.len(), 12 * 48_000 * 2);
    let end = end_record(&st);
    let relay = &end["relay"];
    let cuts = relay["interruptions"].as_array().expect("interruptions");
    assert!(!cuts.is_empty(), "{end}");
    let first = &cuts[0];
    assert_eq!(first["filled"], "xin-loi.mp3", "{end}");
    assert!(first["fallback"].as_f64().unwrap() > 0.5, "{end}");
    let away: f64 = cuts
        .iter()
        .map(|c| seconds(&c["to"]) - seconds(&c["from"]))
        .sum();
    let relayed = relay["relayed"].as_f64().unwrap();
    // The stream came back: relayed before and after the interruption.
    assert!(relayed > 2.0 && relayed < 11.0, "{end}");
    assert!((relayed + away - 12.0).abs() < 0.01, "{end}");
    // The interruption lies within the airing, and the stream was taken
    // back before the end.
    let started = seconds(&st.records_of("start")[0]["started"]);
    assert!(seconds(&first["from"]) > started + 0.5, "{end}");
    assert!(
        seconds(&cuts.last().unwrap()["to"]) < started + 12.0 - 0.5,
        "{end}"
    );
    let log = common::said(
        &st.cmd()
            .args(["log"])
            .env("LOAXA_LANG", "vi")
            .output()
            .unwrap(),
    );
    assert!(log.contains("mất tiếp sóng"), "{log}");
    assert!(log.contains("xin-loi.mp3"), "{log}");
}

#[test]
fn a_refused_connection_airs_the_fallback_from_the_start() {
    // A port nobody listens on.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let item = format!(
        r#"{{"relay": "http://127.0.0.1:{port}/vov1.mp3", "duration": "3 s", "fallback": "xin-loi.mp3"}}"#
    );
    let (st, _) = station(&item, 5, "");
    let (_, samples) = air(&st);
    assert_eq!(samples.len(), 3 * 48_000 * 2);
    // The fallback is on air from the first half second.
    let aired = left(&samples);
    let loud = aired[4_800..24_000]
        .iter()
        .map(|x| x.abs())
        .fold(0.0, f64::max);
    assert!(loud > 0.05, "fallback not heard: peak {loud}");
    let end = end_record(&st);
    let cuts = end["relay"]["interruptions"].as_array().unwrap();
    assert_eq!(cuts.len(), 1, "{end}");
    assert_eq!(end["relay"]["relayed"], 0.0, "{end}");
    assert_eq!(cuts[0]["filled"], "xin-loi.mp3");
    let why = common::said(
        &st.cmd()
            .args(["log"])
            .env("LOAXA_LANG", "en")
            .output()
            .unwrap(),
    );
    assert!(why.contains("refused"), "{why}");
}

#[test]
fn a_slow_server_leaves_no_gap() {
    let srv = server();
    let item = format!(
        r#"{{"relay": "http://{}/slow.mp3", "duration": "5 s"}}"#,
        srv.addr
    );
    let (st, _) = station(&item, 5, "");
    let (_, samples) = air(&st);
    assert_eq!(samples.len(), 5 * 48_000 * 2);
    let end = end_record(&st);
    assert!(end["relay"].get("interruptions").is_none(), "{end}");
    assert_eq!(end["relay"]["relayed"], 5.0, "{end}");
    // No silent stretch in the middle (the chirp never rests for 50 ms).
    let aired = left(&samples);
    for (k, w) in aired[..aired.len() - 24_000].chunks(2_400).enumerate() {
        let peak = w.iter().map(|x| x.abs()).fold(0.0, f64::max);
        assert!(peak > 0.01, "silent 50 ms at {k}");
    }
}

#[test]
fn a_stream_of_silence_is_a_silence_problem() {
    let srv = server();
    let item = format!(
        r#"{{"relay": "http://{}/quiet.mp3", "duration": "5 s", "title": "Đài tỉnh"}}"#,
        srv.addr
    );
    let (st, _) = station(&item, 5, "[monitor]\nsilence_after = \"2 s\"\n");
    let _ = air(&st);
    let silences = st.records_of("silence");
    assert_eq!(silences.len(), 1, "{silences:?}");
    assert_eq!(silences[0]["source"], "output");
    // The relay itself was not interrupted: the stream was there, silent.
    let end = end_record(&st);
    assert_eq!(end["relay"]["relayed"], 5.0, "{end}");
}

/// A 1 kHz tone on the left and 500 Hz on the right, f32 stereo 48 kHz,
/// written into a FIFO at real time: the line input of alsa-lib's file
/// plugin (`infile`), which has no pace of its own.
fn line_in_source(fifo: &Path) {
    let fifo = fifo.to_path_buf();
    std::thread::spawn(move || {
        let block: Vec<u8> = (0..4_800)
            .flat_map(|i| {
                let t = i as f32 / 48_000.0;
                let l = 0.5 * (2.0 * std::f32::consts::PI * 1_000.0 * t).sin();
                let r = 0.25 * (2.0 * std::f32::consts::PI * 500.0 * t).sin();
                [l.to_le_bytes(), r.to_le_bytes()].concat()
            })
            .collect();
        // Reopened if the capture opens the device again.
        for _ in 0..10 {
            let Ok(mut w) = std::fs::OpenOptions::new().write(true).open(&fifo) else {
                return;
            };
            let started = Instant::now();
            for tick in 1..=600u32 {
                if w.write_all(&block).is_err() {
                    break;
                }
                let due = started + Duration::from_millis(100) * tick;
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
            }
        }
    });
}

/// How much of `x` repeats after `period` samples (median over windows).
fn periodicity(x: &[f64], period: usize) -> f64 {
    let mut r: Vec<f64> = x
        .chunks_exact(3 * period)
        .map(|w| {
            let (a, b) = (&w[..2 * period], &w[period..]);
            let dot: f64 = a.iter().zip(b).map(|(p, q)| p * q).sum();
            let na = a.iter().map(|p| p * p).sum::<f64>().sqrt();
            let nb = b.iter().map(|q| q * q).sum::<f64>().sqrt();
            dot / (na * nb).max(1e-12)
        })
        .collect();
    r.sort_by(f64::total_cmp);
    r[r.len() / 2]
}

#[test]
fn the_line_input_is_relayed() {
    let (st, _) = station(
        r#"{"relay": "line-in:loaxa_in", "duration": "3 s", "title": "Đài tỉnh"}"#,
        5,
        "",
    );
    let alsa = st.path().join("alsa");
    std::fs::create_dir_all(&alsa).unwrap();
    let fifo = alsa.join("line.raw");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain mkfifo(3) on a path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let conf = alsa.join("asound.conf");
    std::fs::write(
        &conf,
        format!(
            "pcm.loaxa_in {{\n type file\n slave.pcm {{ type null }}\n file \"/dev/null\"\n \
             infile \"{}\"\n format \"raw\"\n \
             hint {{ show on description \"loaxa test: the district's line\" }}\n}}\n",
            fifo.display()
        ),
    )
    .unwrap();
    line_in_source(&fifo);
    let out = st.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut d = Daemon::start_env(
        &st,
        &["--output", &format!("wav:{}", out.display())],
        &[("ALSA_CONFIG_PATH", conf.as_path())],
    );
    d.wait_for("program ended", Duration::from_secs(90));
    d.terminate();
    let files = common::aired_files(&out);
    let (_, samples) = read_wav(&files[0]);
    assert_eq!(samples.len(), 3 * 48_000 * 2);
    // The middle second: the card's tone on each side, at its level.
    let side = |k: usize| -> Vec<f64> {
        samples[48_000 * 2..96_000 * 2]
            .iter()
            .skip(k)
            .step_by(2)
            .map(|s| f64::from(*s) / 32_768.0)
            .collect()
    };
    let (l, r) = (side(0), side(1));
    let (pl, pr) = (periodicity(&l, 48), periodicity(&r, 96));
    assert!(
        pl > 0.95,
        "left: 1 kHz not heard ({pl}); {}",
        end_record(&st)
    );
    assert!(pr > 0.95, "right: 500 Hz not heard ({pr})");
    let rms = (l.iter().map(|x| x * x).sum::<f64>() / l.len() as f64).sqrt();
    assert!(
        (rms / (0.5 / 2f64.sqrt()) - 1.0).abs() < 0.1,
        "left rms {rms}"
    );
    let end = end_record(&st);
    assert_eq!(end["relay"]["relayed"], 3.0, "{end}");
    assert_eq!(st.records_of("start")[0]["relay"], "line-in:loaxa_in");
}

#[test]
fn relay_settings_are_in_force_at_a_reload_and_the_monitor_needs_a_restart() {
    let (st, _) = station(r#"{"relay": "line-in", "duration": "1 s"}"#, 3_600, "");
    let mut d = Daemon::start_null(&st);
    let toml = std::fs::read_to_string(st.path().join("loaxa.toml")).unwrap();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{toml}\n[relay]\nfallback_after = \"3 s\"\n[monitor]\nsilence_db = -50\n"),
    )
    .unwrap();
    let out = st
        .cmd()
        .arg("reload")
        .env("LOAXA_LANG", "en")
        .output()
        .unwrap();
    let said = common::said(&out);
    assert!(
        said.contains("a change to [monitor] takes effect only when loaxa restarts"),
        "{said}"
    );
    assert!(!said.contains("[relay]"), "{said}");
    d.wait_for(
        "takes effect only when loaxa restarts",
        Duration::from_secs(10),
    );
    d.terminate();
}

/// A certificate authority of the test's own, and a certificate for
/// `localhost` it signed: (the authority's PEM, the server's config).
fn test_tls() -> (String, Arc<rustls::ServerConfig>) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "loaxa test authority");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, rcgen::KeyPair::generate().unwrap())
        .unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf = rcgen::CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![leaf.der().clone()], key)
    .unwrap();
    (ca.pem(), Arc::new(config))
}

/// An HTTPS Icecast-like server of the chirp at real time.
fn tls_server(config: Arc<rustls::ServerConfig>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(tcp) = conn else { continue };
            let config = config.clone();
            std::thread::spawn(move || {
                let Ok(tls) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut s = rustls::StreamOwned::new(tls, tcp);
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if std::io::Read::read(&mut s, &mut byte).unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let _ = paced_to(&mut s, "chirp.mp3");
            });
        }
    });
    port
}

/// The chirp at real time into any stream, for 10 s at most.
fn paced_to(w: &mut impl Write, name: &str) -> std::io::Result<()> {
    write!(
        w,
        "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nConnection: close\r\n\r\n"
    )?;
    let mp3 = fixture(name);
    let step = (mp3.len() as f64 / LOOP_SECONDS / 10.0) as usize;
    let started = Instant::now();
    for tick in 1..=100u32 {
        let at = (tick as usize - 1) * step % mp3.len();
        let end = (at + step).min(mp3.len());
        w.write_all(&mp3[at..end])?;
        w.flush()?;
        let due = started + Duration::from_millis(100) * tick;
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
    }
    Ok(())
}

#[test]
fn an_https_stream_is_trusted_by_the_pcs_certificates_and_refused_otherwise() {
    let (ca_pem, config) = test_tls();
    let port = tls_server(config);
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, ca_pem).unwrap();
    let url = format!("https://localhost:{port}/vov1.mp3");
    // The station PC's certificates (here: the test's authority, as
    // SSL_CERT_FILE names it) vouch for the server: it relays.
    let out = assert_cmd::Command::cargo_bin("loaxa")
        .unwrap()
        .args(["relay-test", &url, "--seconds", "1", "--json"])
        .env("SSL_CERT_FILE", &ca)
        .env("LOAXA_LANG", "en")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::said(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["codec"], "mp3", "{v}");
    assert_eq!(v["rate"], 48_000, "{v}");
    // Nobody vouches for it: refused, and said so.
    let out = assert_cmd::Command::cargo_bin("loaxa")
        .unwrap()
        .args(["relay-test", &url, "--seconds", "1"])
        .env("SSL_CERT_FILE", dir.path().join("none.pem"))
        .env("LOAXA_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::said(&out));
    let said = common::said(&out);
    assert!(said.to_lowercase().contains("certificate"), "{said}");
}

#[test]
fn a_live_hls_playlist_of_aac_segments_is_relayed() {
    let srv = server();
    let item = format!(
        r#"{{"relay": "http://{}/hls/live.m3u8", "duration": "4 s"}}"#,
        srv.addr
    );
    let (st, _) = station(&item, 5, "");
    let (_, samples) = air(&st);
    assert_eq!(samples.len(), 4 * 48_000 * 2);
    let end = end_record(&st);
    assert_eq!(end["status"], "completed", "{end}");
    assert_eq!(end["relay"]["relayed"], 4.0, "{end}");
    // The segments' sound is on air (not silence, not the fallback).
    let aired = left(&samples);
    let peak = aired[48_000..96_000]
        .iter()
        .map(|x| x.abs())
        .fold(0.0, f64::max);
    assert!(peak > 0.05, "peak {peak}");
}

#[test]
fn without_system_certificates_http_streams_still_relay() {
    // A PC without ca-certificates (the installed container had none): the
    // client is built all the same, says what to install, and the reason
    // given is the stream's own.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = assert_cmd::Command::cargo_bin("loaxa")
        .unwrap()
        .args(["relay-test", &format!("http://127.0.0.1:{port}/vov1.mp3")])
        .env("SSL_CERT_FILE", "/nonexistent/ca.pem")
        .env("SSL_CERT_DIR", "/nonexistent")
        .env("LOAXA_LANG", "en")
        .output()
        .unwrap();
    let said = common::said(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("refused the connection"), "{said}");
    assert!(said.contains("install ca-certificates"), "{said}");
}
