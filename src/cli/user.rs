//! `loaxa user add|passwd|remove|list`: the web console's accounts
//! (`data/users.json`, see `crate::users`). On an installed station the
//! file is the daemon's (`data/` is `loaxa:loaxa 2750`, the file 0600): an
//! operator in the `loaxa` group, who may not write there, has the running
//! daemon do it over the control socket (which checks who asks); root
//! and the owner of `data/` write it themselves.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Subcommand;

use super::{CliError, Ctx, Invalid};
use crate::users::{Account, MAX_PASSWORD_BYTES, Role, Users, UsersError};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub(crate) action: Action,
}

#[derive(Subcommand, serde::Serialize, serde::Deserialize)]
pub(crate) enum Action {
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "ROLE")]
        role: String,
        #[arg(long)]
        password_stdin: bool,
    },
    Passwd {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

/// What was asked, checked: the name as it is kept, the role understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Request {
    Add {
        name: String,
        role: Role,
        stdin: bool,
    },
    Passwd {
        name: String,
        stdin: bool,
    },
    Remove {
        name: String,
    },
    List {
        json: bool,
    },
}

/// What was done.
#[derive(Debug)]
pub(crate) enum Outcome {
    Added {
        name: String,
        role: Role,
    },
    PasswordChanged {
        name: String,
    },
    /// `last_admin`: it was the last `quan-tri`.
    Removed {
        name: String,
        last_admin: bool,
    },
    Listed {
        accounts: Vec<Account>,
        json: bool,
    },
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let data = &ctx.station.data_dir;
    if !writes_itself(data) {
        return through_daemon(ctx, args.action);
    }
    let request = request(args.action)?;
    // Refused before a password is typed for nothing.
    precheck(data, &request)?;
    let password = match &request {
        Request::Add { name, stdin, .. } | Request::Passwd { name, stdin } => {
            Some(read_password(name, *stdin)?)
        }
        Request::Remove { .. } | Request::List { .. } => None,
    };
    let outcome = compute(data, request, password.as_deref(), ctx.now)?;
    let tz = ctx.station.settings.timezone;
    print(
        &outcome,
        tz,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Whether this user edits `data/users.json` itself: root, the owner of
/// `data/`, or anyone where `data/` is not there yet.
fn writes_itself(data: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    me == 0 || std::fs::metadata(data).map_or(true, |m| m.uid() == me)
}

/// An operator's `loaxa user`: the name and role checked and the password
/// read here, the rest done by the running daemon, which says what it did.
fn through_daemon(ctx: &Ctx, action: Action) -> Result<ExitCode, CliError> {
    let ask = serde_json::to_value(&action).map_err(|e| CliError::Refused(e.to_string()))?;
    let password = match request(action)? {
        Request::Add { name, stdin, .. } | Request::Passwd { name, stdin } => {
            Some(read_password(&name, stdin)?)
        }
        Request::Remove { .. } | Request::List { .. } => None,
    };
    super::ask_daemon(
        &ctx.station,
        &crate::control::Request::User { ask, password },
    )
}

/// The daemon's side of `through_daemon`: the same checks and the same
/// words as `loaxa user` run by root.
pub(crate) fn for_operators(
    station: &crate::station::Station,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
) -> crate::control::Accounts {
    let data = station.data_dir.clone();
    let tz = station.settings.timezone;
    std::sync::Arc::new(move |ask, password: Option<String>| {
        let refused = |message: String| crate::control::Answer { ok: false, message };
        let action: Action = match serde_json::from_value(ask) {
            Ok(a) => a,
            Err(e) => return refused(t!("ctl-bad-request", detail = e.to_string())),
        };
        let done =
            request(action).and_then(|r| compute(&data, r, password.as_deref(), clock.now()));
        let outcome = match done {
            Ok(o) => o,
            Err(e) => return refused(e.to_string()),
        };
        let (mut out, mut warn) = (Vec::new(), Vec::new());
        if let Err(e) = print(&outcome, tz, &mut out, &mut warn) {
            return refused(e.to_string());
        }
        out.extend(warn);
        let message = String::from_utf8_lossy(&out).trim_end().to_string();
        crate::control::Answer { ok: true, message }
    })
}

/// The arguments as a request, or the rule a name or a role word breaks.
pub(crate) fn request(action: Action) -> Result<Request, UsersError> {
    let name = |n: &str| loaxa_core::account::check_name(n).map_err(UsersError::Name);
    Ok(match action {
        Action::Add {
            name: n,
            role,
            password_stdin,
        } => Request::Add {
            name: name(&n)?,
            role: Role::parse(&role).map_err(UsersError::Role)?,
            stdin: password_stdin,
        },
        Action::Passwd {
            name: n,
            password_stdin,
        } => Request::Passwd {
            name: name(&n)?,
            stdin: password_stdin,
        },
        Action::Remove { name: n } => Request::Remove { name: name(&n)? },
        Action::List { json } => Request::List { json },
    })
}

/// A name taken (`add`) or unknown (`passwd`), said before the password
/// is asked; `compute` checks again under the lock.
fn precheck(data: &Path, request: &Request) -> Result<(), UsersError> {
    match request {
        Request::Add { name, .. } => match Users::open(data)?.get(name) {
            Some(a) => Err(UsersError::Exists(a.name().to_string())),
            None => Ok(()),
        },
        Request::Passwd { name, .. } => match Users::open(data)?.get(name) {
            Some(_) => Ok(()),
            None => Err(UsersError::NoSuch(name.clone())),
        },
        Request::Remove { .. } | Request::List { .. } => Ok(()),
    }
}

/// Carries the request out on the station's accounts (`password` for
/// `add` and `passwd`).
pub(crate) fn compute(
    data: &Path,
    request: Request,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Outcome, UsersError> {
    let password = password.unwrap_or_default();
    match request {
        Request::Add { name, role, .. } => Users::edit(data, |u| {
            let a = u.add(&name, role, password, now)?;
            Ok(Outcome::Added {
                name: a.name().to_string(),
                role,
            })
        }),
        Request::Passwd { name, .. } => Users::edit(data, |u| {
            u.set_password(&name, password, now)?;
            let name = u.get(&name).map_or(name, |a| a.name().to_string());
            Ok(Outcome::PasswordChanged { name })
        }),
        Request::Remove { name } => Users::edit(data, |u| {
            let gone = u.remove(&name)?;
            Ok(Outcome::Removed {
                last_admin: gone.role() == Role::QuanTri && u.admins() == 0,
                name: gone.name().to_string(),
            })
        }),
        Request::List { json } => Ok(Outcome::Listed {
            accounts: Users::open(data)?.list().to_vec(),
            json,
        }),
    }
}

/// The password: one line of standard input, or typed twice on the
/// terminal without echo (checked against the rules after the first).
fn read_password(name: &str, stdin: bool) -> Result<String, CliError> {
    if stdin {
        return read_line(&mut std::io::stdin().lock());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Invalid::NoTerminal.into());
    }
    let first = rpassword::prompt_password(format!("{} ", t!("user-prompt", name = name)))?;
    loaxa_core::account::check_password(&first).map_err(UsersError::Password)?;
    let again = rpassword::prompt_password(format!("{} ", t!("user-prompt-again")))?;
    if first != again {
        return Err(Invalid::PasswordMismatch.into());
    }
    Ok(first)
}

/// One line, without its line break; never more than a password may be
/// (the rest of a longer line is not read).
pub(crate) fn read_line(input: &mut dyn BufRead) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    // The longest password, its line break (\r\n), and one byte to tell.
    let limit = MAX_PASSWORD_BYTES as u64 + 3;
    input.take(limit).read_until(b'\n', &mut bytes)?;
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    // Too long is said by the rules (`check_password`), kept short here.
    bytes.truncate(MAX_PASSWORD_BYTES + 1);
    String::from_utf8(bytes).map_err(|_| Invalid::PasswordNotUtf8.into())
}

pub(crate) fn print(
    outcome: &Outcome,
    tz: Tz,
    out: &mut dyn Write,
    warn: &mut dyn Write,
) -> std::io::Result<()> {
    match outcome {
        Outcome::Added { name, role } => {
            writeln!(out, "{}", t!("user-added", name = name, role = role.word()))
        }
        Outcome::PasswordChanged { name } => {
            writeln!(out, "{}", t!("user-password-changed", name = name))
        }
        Outcome::Removed { name, last_admin } => {
            writeln!(out, "{}", t!("user-removed", name = name))?;
            if *last_admin {
                writeln!(
                    warn,
                    "{}: {}",
                    t!("diag-warning"),
                    t!("user-last-admin", name = name)
                )?;
            }
            Ok(())
        }
        Outcome::Listed { accounts, json } if *json => print_json(accounts, tz, out),
        Outcome::Listed { accounts, .. } => print_table(accounts, tz, out),
    }
}

/// `{"users": [{"name", "role", "created", "changed"}]}`, the times in
/// the station's time zone; no hashes.
fn print_json(accounts: &[Account], tz: Tz, out: &mut dyn Write) -> std::io::Result<()> {
    let at = |t: DateTime<Utc>| t.with_timezone(&tz).to_rfc3339();
    let users: Vec<_> = accounts
        .iter()
        .map(|a| {
            serde_json::json!({
                "name": a.name(),
                "role": a.role().word(),
                "created": at(a.created()),
                "changed": at(a.changed()),
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&serde_json::json!({ "users": users }))
        .map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}

/// One account a line, the times as dd/mm/yyyy HH:MM at the station.
fn print_table(accounts: &[Account], tz: Tz, out: &mut dyn Write) -> std::io::Result<()> {
    if accounts.is_empty() {
        return writeln!(out, "{}", t!("user-list-none"));
    }
    let at = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string();
    let head = [
        t!("user-list-name"),
        t!("user-list-role"),
        t!("user-list-created"),
        t!("user-list-changed"),
    ];
    let rows: Vec<[String; 4]> = accounts
        .iter()
        .map(|a| {
            [
                a.name().to_string(),
                a.role().word().to_string(),
                at(a.created()),
                at(a.changed()),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    for row in std::iter::once(&head).chain(&rows) {
        let mut line = String::new();
        for (cell, w) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 2));
        }
        line.push_str(&row[3]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::{TempStation, monday_5am};

    #[test]
    fn the_daemon_does_what_an_operator_asks_with_the_same_words() {
        let st = TempStation::new(&[]).open();
        let clock: std::sync::Arc<dyn crate::clock::Clock> =
            std::sync::Arc::new(crate::clock::SimClock::new(monday_5am()));
        let accounts = for_operators(&st, clock);
        let ask = |a: &Action| serde_json::to_value(a).unwrap();
        let said = accounts(ask(&add("Lan", "trực")), Some("mat-khau-dai".into()));
        assert!(said.ok && said.message.contains("Lan"), "{said:?}");
        let said = accounts(ask(&add("lan", "xem")), Some("mat-khau-dai".into()));
        assert!(!said.ok, "{said:?}");
        let said = accounts(ask(&Action::List { json: true }), None);
        let listed: serde_json::Value = serde_json::from_str(&said.message).unwrap();
        assert_eq!(listed["users"][0]["role"], "truc", "{listed}");
        assert!(!said.message.contains("argon2"), "no hashes");
        let said = accounts(serde_json::json!({"Xoa": 1}), None);
        assert!(!said.ok, "{said:?}");
    }

    fn add(name: &str, role: &str) -> Action {
        Action::Add {
            name: name.into(),
            role: role.into(),
            password_stdin: true,
        }
    }

    #[test]
    fn names_and_role_words_are_checked_before_anything_is_asked() {
        // Kept composed (NFC), however it was typed.
        assert_eq!(
            request(add("Le\u{302}", "trực")).ok(),
            Some(Request::Add {
                name: "Lê".into(),
                role: Role::Truc,
                stdin: true
            })
        );
        assert!(matches!(
            request(add("lan", "quản trị")),
            Ok(Request::Add {
                role: Role::QuanTri,
                ..
            })
        ));
        assert!(matches!(
            request(add("lan", "sếp")),
            Err(UsersError::Role(_))
        ));
        assert!(matches!(
            request(add("-lan", "xem")),
            Err(UsersError::Name(_))
        ));
        assert!(matches!(
            request(Action::Remove { name: "a b".into() }),
            Err(UsersError::Name(_))
        ));
    }

    #[test]
    fn add_list_change_and_remove_on_a_station() {
        let st = TempStation::new(&[]);
        let data = st.open().data_dir;
        let now = monday_5am();
        let req = |a| request(a).unwrap();
        let added = compute(&data, req(add("An", "quan-tri")), Some("mật khẩu 1"), now).unwrap();
        assert!(matches!(added, Outcome::Added { ref name, role: Role::QuanTri } if name == "An"));
        precheck(&data, &req(add("an", "xem"))).unwrap_err();
        let later = now + chrono::Duration::minutes(90);
        let passwd = Request::Passwd {
            name: "an".into(),
            stdin: true,
        };
        let changed = compute(&data, passwd, Some("mật khẩu 2"), later).unwrap();
        assert!(matches!(changed, Outcome::PasswordChanged { ref name } if name == "An"));
        assert_eq!(
            Users::open(&data).unwrap().verify("AN", "mật khẩu 2"),
            Some(Role::QuanTri)
        );

        let listed = compute(&data, Request::List { json: false }, None, later).unwrap();
        let tz = st.open().settings.timezone;
        let mut out = Vec::new();
        print(&listed, tz, &mut out, &mut Vec::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "name  role      created           changed\n\
             An    quan-tri  03/03/2025 05:00  03/03/2025 06:30\n"
        );
        let listed = compute(&data, Request::List { json: true }, None, later).unwrap();
        let mut out = Vec::new();
        print(&listed, tz, &mut out, &mut Vec::new()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"users": [{"name": "An", "role": "quan-tri",
                "created": "2025-03-03T05:00:00+07:00", "changed": "2025-03-03T06:30:00+07:00"}]})
        );

        let removed = compute(&data, Request::Remove { name: "AN".into() }, None, later).unwrap();
        let (mut out, mut warn) = (Vec::new(), Vec::new());
        print(&removed, tz, &mut out, &mut warn).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "Account An removed.\n");
        let warn = String::from_utf8(warn).unwrap();
        assert!(warn.contains("last admin account"), "{warn}");
        let listed = compute(&data, Request::List { json: false }, None, later).unwrap();
        let mut out = Vec::new();
        print(&listed, tz, &mut out, &mut Vec::new()).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("No accounts yet.")
        );
    }

    #[test]
    fn one_line_of_standard_input() {
        let line = |bytes: &[u8]| read_line(&mut std::io::Cursor::new(bytes.to_vec()));
        assert_eq!(line(b"mat khau 1\n").unwrap(), "mat khau 1");
        assert_eq!(line(b"mat khau 1\r\nrest\n").unwrap(), "mat khau 1");
        assert_eq!(line("mật khẩu".as_bytes()).unwrap(), "mật khẩu");
        assert_eq!(line(b"").unwrap(), "");
        assert!(matches!(
            line(b"\xff\xfe\n"),
            Err(CliError::Invalid(Invalid::PasswordNotUtf8))
        ));
        // Too long: kept one byte past the limit, for the rule to refuse.
        let long = line(&[b'a'; 5000]).unwrap();
        assert_eq!(long.len(), MAX_PASSWORD_BYTES + 1);
        assert!(loaxa_core::account::check_password(&long).is_err());
        let just = [vec![b'a'; MAX_PASSWORD_BYTES], b"\r\n".to_vec()].concat();
        assert_eq!(line(&just).unwrap().len(), MAX_PASSWORD_BYTES);
    }
}
