//! The running daemon and its surroundings, in real time: `loaxa play`
//! over the control socket, the emergency drop folder, schedules reloaded
//! when saved or on SIGHUP, one daemon per station.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::{Daemon, TestStation, local_in, pattern, write_wav};

fn station() -> TestStation {
    TestStation::with_notice()
}

fn airings(st: &TestStation) -> Vec<(String, String, String)> {
    st.airing_records()
        .into_iter()
        .filter(|r| r["event"] == "end" || r["event"] == "not_aired")
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            (
                id,
                r["status"].as_str().unwrap_or_default().to_string(),
                r["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn play_without_a_daemon_says_so() {
    let st = station();
    let out = st.cmd().args(["play", "thong-bao.wav"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loaxa is not running for this station"),
        "{err}"
    );
    assert!(err.contains("start it with `loaxa run`"), "{err}");
}

#[test]
fn play_airs_now_through_the_socket_and_a_second_daemon_is_refused() {
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let socket = st.path().join("data/loaxa.sock");
    let mode = std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660, "only the station's users");

    // A second daemon on the same station would air everything twice.
    let second = st.cmd().args(["run", "--output", "null"]).output().unwrap();
    assert_eq!(second.status.code(), Some(1));
    let pid = d.child.id();
    assert!(
        String::from_utf8_lossy(&second.stderr)
            .contains(&format!("another loaxa (PID {pid}) is already running")),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );

    // By path (as an operator types it) or by name in audio/.
    let path = st.audio("thong-bao.wav");
    let out = st.cmd().arg("play").arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1 file(s) sent to air now (ưu tiên)\n"
    );
    d.wait_for("program ended", Duration::from_secs(30));
    let out = st
        .cmd()
        .args(["play", "khong-co.wav", "--priority", "khẩn cấp"])
        .output()
        .unwrap();
    // A file that is not there is refused at once, and nothing is logged.
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not airing \"khong-co.wav\""));
    let bad = st
        .cmd()
        .args(["play", "thong-bao.wav", "--priority", "gấp lắm"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a priority"));
    d.terminate();
    let recs = st.airing_records();
    let played = recs.iter().find(|r| r["event"] == "start").unwrap();
    assert_eq!(played["schedule"], "loaxa play");
    assert_eq!(played["file"], "thong-bao.wav");
    assert_eq!(played["priority"], "ưu tiên");
    assert!(recs.iter().all(|r| r["event"] != "not_aired"), "{recs:#?}");
    assert!(!socket.exists(), "removed at a clean stop");
}

/// Running a client as another user needs root: `cargo test` as root (CI)
/// runs these with `-- --include-ignored`; run as anyone else, they say so
/// (ignored, with the reason) instead of passing without testing anything.
fn needs_root() {
    // SAFETY: getuid cannot fail.
    assert_eq!(
        unsafe { libc::getuid() },
        0,
        "this test switches users: run it as root (CI does)"
    );
}

#[test]
#[ignore = "needs root (runs a client as another user); CI runs it"]
fn another_user_is_refused() {
    needs_root();
    use std::os::unix::process::CommandExt;
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    let socket = st.path().join("data/loaxa.sock");
    let as_nobody = |st: &TestStation| {
        // `nobody` must be able to reach the station folder to try.
        for p in [
            st.path().to_path_buf(),
            st.path().join("data"),
            st.path().join("audio"),
        ] {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        st.cmd()
            .args(["play", "thong-bao.wav"])
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap()
    };
    // The file mode keeps other users out…
    let out = as_nobody(&st);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("this account is not allowed to (os error 13)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // …and if the mode were opened, the daemon checks who is asking.
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = as_nobody(&st);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("refused: only the station's users may control loaxa"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d.wait_for(
        "control socket: refused user 65534",
        Duration::from_secs(10),
    );
    d.terminate();
    assert!(airings(&st).is_empty(), "nothing aired");
}

#[test]
fn a_file_dropped_into_khan_cap_airs_once_it_has_finished_copying() {
    let st = station();
    emergency_drop(st);
}

#[test]
fn on_a_network_share_polling_still_notices_the_emergency_file() {
    let st = station();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("watch = \"poll\"\n{}", common::CONSOLE_OFF),
    )
    .unwrap();
    emergency_drop(st);
}

fn emergency_drop(st: TestStation) {
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    // Copied in two halves, as a slow USB stick would.
    write_wav(
        &st.path().join("bao.wav"),
        48_000,
        1,
        &pattern(48_000, 1, 2),
    );
    let bytes = std::fs::read(st.path().join("bao.wav")).unwrap();
    let target = st.audio("khan-cap/bao-lu.wav");
    std::fs::write(&target, &bytes[..bytes.len() / 2]).unwrap();
    d.wait_for(
        "arriving; it airs once it stops changing",
        Duration::from_secs(10),
    );
    std::fs::write(&target, &bytes).unwrap();
    d.wait_for("emergency file", Duration::from_secs(30));
    d.wait_for("program ended", Duration::from_secs(30));
    d.terminate();
    let recs = st.airing_records();
    let start = recs.iter().find(|r| r["event"] == "start").unwrap();
    assert_eq!(start["schedule"], "audio/khan-cap");
    assert_eq!(start["file"], "khan-cap/bao-lu.wav");
    assert_eq!(start["priority"], "khẩn cấp");
    let end = recs.iter().find(|r| r["event"] == "end").unwrap();
    assert_eq!(end["status"], "completed");
    // The whole file aired, not the half that had arrived first.
    assert_eq!(end["played"], 1.0);
}

#[test]
fn a_saved_schedule_takes_effect_and_a_broken_one_keeps_the_last_good() {
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    // Saved broken: the good version stays.
    st.schedule(
        "xa.json",
        r#"{"slots": [{"id": "xa", "date": "01/01/2099" "#,
    );
    d.wait_for(
        "has errors; the last good version stays in force",
        Duration::from_secs(10),
    );
    // A new schedule with an airing a few seconds ahead.
    let (_, date, time) = local_in(4);
    st.schedule(
        "moi.json",
        &format!(r#"{{"slots": [{{"id": "moi", "date": "{date}", "at": "{time}", "program": ["thong-bao.wav"]}}]}}"#),
    );
    d.wait_for("schedules reloaded: 2 schedule(s)", Duration::from_secs(10));
    d.wait_for("program ended: slot \"moi\"", Duration::from_secs(30));
    // SIGHUP reloads too.
    let pid = d.child.id() as libc::pid_t;
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(pid, libc::SIGHUP);
    }
    d.wait_for("SIGHUP received", Duration::from_secs(10));
    d.wait_for("schedules reloaded", Duration::from_secs(10));
    d.terminate();
    let recs = st.airing_records();
    assert!(
        recs.iter()
            .any(|r| r["slot"] == "moi" && r["event"] == "start")
    );
}

#[test]
fn stop_airing_cuts_the_program_and_reload_says_what_is_in_force() {
    let st = station();
    write_wav(&st.audio("dai.wav"), 48_000, 1, &pattern(48_000 * 60, 1, 2));
    common::backdate(&st.audio("dai.wav"));
    let (_, date, time) = local_in(2);
    st.schedule(
        "dai.json",
        &format!(
            r#"{{"slots": [{{"id": "dai", "date": "{date}", "at": "{time}", "program": ["dai.wav", "thong-bao.wav"]}}]}}"#
        ),
    );
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("on air: \"dai.wav\"", Duration::from_secs(30));
    let out = st.cmd().arg("stop-airing").output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("stopped slot \"dai\""), "{said}");
    d.wait_for("program ended", Duration::from_secs(10));
    // Nothing on air any more: it says so.
    let out = st.cmd().arg("stop-airing").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing is on air"));

    let out = st.cmd().arg("reload").output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("schedules read again: 2 schedule(s), 2 slot(s) in force"),
        "{said}"
    );
    d.terminate();

    let a = airings(&st);
    assert_eq!(a.len(), 2, "{a:#?}");
    assert_eq!(a[0].1, "interrupted");
    let stopped =
        loaxa::i18n::render_in(loaxa::i18n::Lang::En, &loaxa::daemon::stopped_by_operator());
    assert_eq!(a[0].2, stopped);
    assert_eq!(a[1].1, "missed");
    assert!(a[1].2.contains(&stopped), "{a:#?}");
    // The log keeps the reason as a code, not in the daemon's words.
    let raw: Vec<serde_json::Value> = st
        .log_records()
        .into_iter()
        .filter(|r| r["event"] == "end")
        .collect();
    assert_eq!(
        raw[0]["reason"]["id"], "reason-stopped-by-operator",
        "{raw:#?}"
    );
}

#[test]
fn status_shows_the_airing_in_progress_and_a_missing_file_for_tomorrow() {
    let st = station();
    write_wav(&st.audio("dai.wav"), 48_000, 1, &pattern(48_000 * 60, 1, 3));
    common::backdate(&st.audio("dai.wav"));
    let (now, date, time) = local_in(2);
    let tomorrow = (now + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .format("%d/%m/%Y")
        .to_string();
    st.schedule(
        "hom-nay.json",
        &format!(
            r#"{{"slots": [
                {{"id": "dai", "title": "Bản tin dài", "date": "{date}", "at": "{time}", "program": [{{"file": "dai.wav", "title": "Tin một cửa"}}]}},
                {{"id": "mai", "date": "{tomorrow}", "at": "06:00", "program": ["chua-thu.mp3"]}}
            ]}}"#
        ),
    );
    // Without the daemon: what the files say, and that it is not running.
    let out = st.cmd().args(["status", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["running"], false);
    assert_eq!(out.status.code(), Some(1));

    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("on air: \"dai.wav\"", Duration::from_secs(30));
    let out = st.cmd().args(["status", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["running"], true, "{v:#}");
    assert_eq!(v["output"], "null");
    // An item is on air: the output works.
    assert_eq!(v["output_state"]["state"], "working", "{v:#}");
    let on_air = &v["on_air"];
    assert_eq!(on_air["slot"], "dai");
    assert_eq!(on_air["title"], "Tin một cửa");
    assert_eq!(
        (on_air["item"].as_u64(), on_air["items"].as_u64()),
        (Some(0), Some(1))
    );
    assert!(on_air["remaining"].as_f64().unwrap() > 50.0, "{on_air}");
    let problems = v["problems"].as_array().unwrap();
    let missing = problems
        .iter()
        .find(|p| p["kind"] == "audio")
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert!(
        missing["what"].as_str().unwrap().contains(&format!(
            "{tomorrow} 06:00:00 slot \"mai\": chua-thu.mp3 — the file does not exist"
        )),
        "{missing}"
    );
    assert!(
        missing["todo"]
            .as_str()
            .unwrap()
            .starts_with("copy a good recording to audio/chua-thu.mp3")
    );
    // The text for the operator says the same.
    let out = st.cmd().arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("loaxa is running")
            && text.contains("on air: \"Tin một cửa\" (dai.wav), item 1/1 of slot \"dai\""),
        "{text}"
    );
    d.terminate();
}

/// Makes a system user (and its group) unless it exists; returns uid, gid.
fn system_user(name: &str, groups: &[&str]) -> (u32, u32) {
    let id = |flag: &str| -> Option<u32> {
        let out = std::process::Command::new("id")
            .arg(flag)
            .arg(name)
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    if id("-u").is_none() {
        let mut cmd = std::process::Command::new("useradd");
        cmd.args([
            "--system",
            "--user-group",
            "--no-create-home",
            "--shell",
            "/bin/sh",
        ]);
        if !groups.is_empty() {
            cmd.args(["--groups", &groups.join(",")]);
        }
        let status = cmd.arg(name).status().expect("useradd");
        assert!(status.success(), "useradd {name}");
    }
    (id("-u").unwrap(), id("-g").unwrap())
}

/// The README's way: the operator's account is added to the station's
/// group (a supplementary group: its own group stays its primary one), and
/// that is what lets it talk to the daemon. Someone outside the group is
/// refused.
#[test]
#[ignore = "needs root (creates users, runs the daemon and clients as them); CI runs it"]
fn an_operator_in_the_stations_group_may_control_loaxa() {
    needs_root();
    use std::os::unix::fs::chown;
    use std::os::unix::process::CommandExt;
    let (daemon_uid, daemon_gid) = system_user("loaxa-t-daemon", &[]);
    system_user("loaxa-t-op", &["loaxa-t-daemon"]);
    system_user("loaxa-t-other", &[]);
    let st = station();
    // The station as the package lays it out: the daemon's, readable by its group.
    std::fs::create_dir_all(st.path().join("data")).unwrap();
    for p in [
        "",
        "schedules",
        "audio",
        "data",
        "schedules/xa.json",
        "audio/thong-bao.wav",
    ] {
        let path = st.path().join(p);
        chown(&path, Some(daemon_uid), Some(daemon_gid)).unwrap();
        let mode = if path.is_dir() { 0o2750 } else { 0o640 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let mut cmd = st.cmd();
    cmd.args(["run", "--output", "null"])
        .uid(daemon_uid)
        .gid(daemon_gid);
    let mut d = Daemon::spawn(cmd);
    d.wait_for("output: null", Duration::from_secs(30));
    let as_user = |user: &str, args: &[&str]| {
        std::process::Command::new("runuser")
            .args(["-u", user, "--", env!("CARGO_BIN_EXE_loaxa"), "--dir"])
            .arg(st.path())
            .args(args)
            .env("LOAXA_LANG", "en")
            .output()
            .unwrap()
    };
    let out = as_user("loaxa-t-op", &["status"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("loaxa is running"),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = as_user("loaxa-t-op", &["play", "thong-bao.wav"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d.wait_for("program ended", Duration::from_secs(30));
    let out = as_user("loaxa-t-other", &["status"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("this account is not allowed to (os error 13)"),
        "{err}"
    );
    d.terminate();
    let starts = st
        .airing_records()
        .into_iter()
        .filter(|r| r["event"] == "start")
        .count();
    assert_eq!(starts, 1);
}

/// The socket can be removed, or its listener can die, while its daemon
/// goes on airing: a second daemon is still refused, by the lock it cannot
/// take, and the log keeps one daemon's records.
#[test]
fn a_second_daemon_is_refused_even_when_the_socket_is_gone() {
    let st = station();
    let mut d = Daemon::start(&st, &["--output", "null"]);
    d.wait_for("output: null", Duration::from_secs(30));
    std::fs::remove_file(st.path().join("data/loaxa.sock")).unwrap();
    let second = st.cmd().args(["run", "--output", "null"]).output().unwrap();
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "another loaxa (PID {}) is already running",
            d.child.id()
        )),
        "{err}"
    );
    d.terminate();
    let daemons: Vec<_> = st
        .log_records()
        .into_iter()
        .filter(|r| r["event"] == "daemon")
        .collect();
    assert_eq!(daemons.len(), 2, "one start and one stop: {daemons:#?}");
    let out = st.cmd().args(["log", "verify"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The lock went with the first daemon: the station can start again.
    let mut again = Daemon::start(&st, &["--output", "null"]);
    again.wait_for("output: null", Duration::from_secs(30));
    again.terminate();
}

/// Connections that flood the socket, more than the daemon may have files
/// open, and say nothing: the listener keeps going (it used to die for
/// good on EMFILE, and `status` said "not running" from then on).
#[test]
fn a_flood_of_idle_connections_does_not_take_the_socket_down() {
    use std::os::unix::process::CommandExt;
    let st = station();
    let mut cmd = st.cmd();
    cmd.args(["run", "--output", "null"]);
    // SAFETY: setrlimit between fork and exec, async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            let lim = libc::rlimit {
                rlim_cur: 40,
                rlim_max: 40,
            };
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
            Ok(())
        });
    }
    let mut d = Daemon::spawn(cmd);
    d.wait_for("output: null", Duration::from_secs(30));
    let socket = st.path().join("data/loaxa.sock");
    // More than the daemon may have open: it runs out of descriptors.
    let idle: Vec<_> = (0..120)
        .map(|_| std::os::unix::net::UnixStream::connect(&socket).unwrap())
        .collect();
    d.wait_for("Too many open files", Duration::from_secs(30));
    drop(idle);
    for _ in 0..2 {
        let out = st.cmd().arg("status").output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("loaxa is running"),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let seen = d.terminate();
    let complaints = seen
        .iter()
        .filter(|l| l.contains("control socket: Too many open files"))
        .count();
    assert_eq!(complaints, 1, "said once, not per attempt: {seen:#?}");
    // Running out of descriptors was the machine's trouble, not the
    // recording's: it is not remembered as unusable.
    let out = st.cmd().args(["library", "--json"]).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("\"state\":\"ready\""), "{said}");
}
