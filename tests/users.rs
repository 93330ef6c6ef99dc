//! `loaxa user`: the web console's accounts, through the real binary.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::{Output, Stdio};

use common::{TestStation, said};
use loaxa::users::{Role, Users};

/// `loaxa user ARGS…` with `stdin` piped in.
fn user(st: &TestStation, args: &[&str], stdin: &str) -> Output {
    user_in(st, "en", args, stdin)
}

fn user_in(st: &TestStation, lang: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = st
        .cmd()
        .env("LOAXA_LANG", lang)
        .arg("user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command refused before it reads its input has closed the pipe:
    // that is its answer, not the test's failure.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn add_list_passwd_and_remove() {
    let st = TestStation::new();
    let data = st.path().join("data");
    let out = user(
        &st,
        &["add", "Lan", "--role", "trực", "--password-stdin"],
        "mật khẩu trực ban\n",
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(stdout(&out), "Account Lan created (role truc).\n");

    let path = data.join("users.json");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"hash\": \"$argon2id$v=19$"), "{text}");
    assert!(
        !text.contains("mật khẩu"),
        "the password itself is not kept"
    );
    let users = Users::open(&data).unwrap();
    assert_eq!(users.verify("lan", "mật khẩu trực ban"), Some(Role::Truc));
    assert_eq!(users.verify("lan", "mật khẩu"), None);

    let out = user(
        &st,
        &["add", "an", "--role", "quan-tri", "--password-stdin"],
        "quản trị viên\r\n",
    );
    assert!(out.status.success(), "{}", said(&out));

    let out = user(&st, &["list"], "");
    assert!(out.status.success(), "{}", said(&out));
    let list = stdout(&out);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[0].starts_with("name  role"), "{list}");
    assert!(lines[1].starts_with("Lan   truc      "), "{list}");
    assert!(lines[2].starts_with("an    quan-tri  "), "{list}");
    assert!(!list.contains("argon2"), "{list}");
    // dd/mm/yyyy HH:MM, twice.
    let times = lines[1].split_whitespace().skip(2).collect::<Vec<_>>();
    assert_eq!(times.len(), 4, "{list}");
    assert!(
        chrono::NaiveDateTime::parse_from_str(
            &format!("{} {}", times[0], times[1]),
            "%d/%m/%Y %H:%M"
        )
        .is_ok(),
        "{list}"
    );

    let out = user(&st, &["list", "--json"], "");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["users"][1]["name"], "an");
    assert_eq!(v["users"][1]["role"], "quan-tri");
    assert!(v["users"][0].get("hash").is_none(), "{v}");
    assert!(
        v["users"][0]["created"]
            .as_str()
            .unwrap()
            .ends_with("+07:00"),
        "{v}"
    );

    let out = user(
        &st,
        &["passwd", "LAN", "--password-stdin"],
        "mật khẩu mới 2026\n",
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(stdout(&out), "Password of Lan changed.\n");
    let users = Users::open(&data).unwrap();
    assert_eq!(users.verify("Lan", "mật khẩu mới 2026"), Some(Role::Truc));
    assert_eq!(users.verify("Lan", "mật khẩu trực ban"), None);

    let out = user(&st, &["remove", "lan"], "");
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(stdout(&out), "Account Lan removed.\n");
    assert!(!stderr(&out).contains("last admin"), "{}", said(&out));
    // The last admin may go, with a warning.
    let out = user(&st, &["remove", "AN"], "");
    assert!(out.status.success(), "{}", said(&out));
    assert!(
        stderr(&out).contains("warning: an was the last admin account"),
        "{}",
        said(&out)
    );
    let out = user(&st, &["list"], "");
    assert!(
        stdout(&out).starts_with("No accounts yet."),
        "{}",
        said(&out)
    );
    let out = user(&st, &["remove", "an"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("there is no account \"an\""),
        "{}",
        said(&out)
    );
}

#[test]
fn a_name_taken_in_another_case_a_wrong_role_word_a_short_password() {
    let st = TestStation::new();
    let out = user(
        &st,
        &["add", "lan", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert!(out.status.success(), "{}", said(&out));
    let before = std::fs::read(st.path().join("data/users.json")).unwrap();

    let out = user(
        &st,
        &["add", "LAN", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(
        stderr(&out).contains("there is already an account \"lan\""),
        "{}",
        said(&out)
    );

    let out = user(
        &st,
        &["add", "binh", "--role", "sếp", "--password-stdin"],
        "12345678\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    let err = stderr(&out);
    assert!(err.contains("\"sếp\" is not a role — write xem"), "{err}");

    let out = user(
        &st,
        &["add", "binh", "--role", "xem", "--password-stdin"],
        "1234567\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("only 7 characters, at least 8 are needed"),
        "{}",
        said(&out)
    );

    let out = user(
        &st,
        &["add", "an nguyen", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot be used: \" \""),
        "{}",
        said(&out)
    );

    let out = user(&st, &["passwd", "binh", "--password-stdin"], "12345678\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("there is no account \"binh\""),
        "{}",
        said(&out)
    );

    // Nothing of it changed the file.
    assert_eq!(
        std::fs::read(st.path().join("data/users.json")).unwrap(),
        before
    );
}

#[test]
fn without_a_terminal_the_password_must_come_from_stdin() {
    let st = TestStation::new();
    let out = st
        .cmd()
        .args(["user", "add", "lan", "--role", "xem"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("--password-stdin"), "{err}");
    assert!(!st.path().join("data/users.json").exists());
}

#[test]
fn in_vietnamese() {
    let st = TestStation::new();
    let out = user_in(
        &st,
        "vi",
        &["add", "Đức", "--role", "quản trị", "--password-stdin"],
        "mật khẩu của Đức\n",
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(stdout(&out), "Đã tạo tài khoản Đức (vai trò quan-tri).\n");
    let out = user_in(&st, "vi", &["list"], "");
    assert!(stdout(&out).starts_with("tên  vai trò  "), "{}", said(&out));
    let out = user_in(
        &st,
        "vi",
        &["add", "đức", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert!(
        stderr(&out).contains("đã có tài khoản \"Đức\""),
        "{}",
        said(&out)
    );
}

#[test]
fn a_damaged_or_linked_file_is_refused_naming_it() {
    let st = TestStation::new();
    let data = st.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let path = data.join("users.json");
    std::fs::write(&path, "{\"users\": [\n  {\"name\": \"an\",}\n]}\n").unwrap();
    let out = user(&st, &["list"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:2:17: error: the accounts' file is damaged",
            path.display()
        )),
        "{err}"
    );
    let out = user(
        &st,
        &["add", "lan", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(stderr(&out).contains("damaged"), "{}", said(&out));

    std::fs::remove_file(&path).unwrap();
    let elsewhere = st.path().join("elsewhere.json");
    std::fs::write(&elsewhere, "{\"users\": []}").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let out = user(
        &st,
        &["add", "lan", "--role", "xem", "--password-stdin"],
        "12345678\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is a link"), "{}", said(&out));
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "{\"users\": []}"
    );
}
