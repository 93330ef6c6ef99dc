//! HUONG-DAN.md, the manual in Vietnamese, shows only what is real; the
//! commands of README.md exist too.
//!
//! What the test reads, so the manual's writers know what they promise:
//!
//! - **A command** is a line of a fenced code block (any block except those
//!   tagged `text`, `json`, `jsonc` or `toml`: output goes in ```text
//!   blocks, which are not read) that begins with `loaxa ` (or is `loaxa`
//!   alone) once an optional `$ ` prompt, `sudo ` and `NAME=value `
//!   settings are taken off. A line ending in `\` goes on on the next; a
//!   word beginning with `#` starts a comment. For each command,
//!   `loaxa SUBCOMMAND… --help` succeeds for the words that name commands
//!   (`log verify`, `user add`); every `--flag` and `-f` on the line is in
//!   that help; the value of an option whose help lists `[possible values:
//!   …]` is one of them. The manual's `plan`, `log` (not `log verify`) and
//!   `export` commands without `--log`/`--log-dir` are also run, as they
//!   are written, on a copy of the example station without `[[periods]]`,
//!   in a folder of their own, and must succeed.
//! - **The weekly schedule** is the ```json block right after the line
//!   `<!-- manual-test: weekly-schedule …`. Saved in place of the example
//!   station's schedules: `loaxa check` finds no error with its dates
//!   moved to this week (so the files it names are checked for the coming
//!   days); as written, `loaxa plan` of its week has airings on each of
//!   the seven days and `loaxa simulate` of that week airs every item.
//! - **Settings**: each ```toml block, as the whole loaxa.toml of a
//!   station, passes `loaxa check` with nothing said about loaxa.toml.
//! - **The console**: every address on the console's port (`:8080`) has a
//!   path the console serves (`/` or a route of src/web/api.rs); every
//!   `**[Name]**` is a label of the console page: the Vietnamese text of a
//!   `page-*` message that src/web/page/parts.rs renders.
//! - **Status problems**: the section after `<!-- manual-test:
//!   status-problems …` quotes every problem `loaxa status` can show
//!   (`STATUS_PROBLEMS`, kept equal to the problems the code builds) and
//!   every kind label (`[lịch]`, `[âm thanh]`…).
//!
//! `PENDING` names what the manual describes and other branches of issue
//! 18 are building. A check that fails and names one is expected to fail
//! on this branch; once it passes (that branch merged) the test fails until
//! the entry is removed, so nothing stays pending unnoticed.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{CONSOLE_OFF, REPO, TestStation};

/// (kind of check, words in what is checked, who is building it).
const PENDING: &[(&str, &str, &str)] = &[];

/// The sentences `loaxa status` shows as problems (and the line that says
/// loaxa is not running), by catalog id.
const STATUS_PROBLEMS: &[&str] = &[
    "status-not-running",
    "status-no-schedules",
    "status-nothing-planned",
    "status-clock",
    "status-output-failed-what",
    "status-log-unwritten",
    "silence-found",
    "silence-line-found",
];

/// How many places in src/ build a status `Problem` (two of them the
/// schedule's and the audio's, worded by their diagnostics): a new one
/// belongs in the manual's table and in `STATUS_PROBLEMS`.
const PROBLEM_SITES: usize = 8;

fn repo() -> &'static Path {
    Path::new(REPO)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---- Markdown ----

struct Block {
    lang: String,
    text: String,
    /// Line number of the opening fence (1-based).
    line: usize,
    /// The `<!-- manual-test: NAME` right before the block, if any.
    marker: Option<String>,
}

fn blocks(md: &str) -> Vec<Block> {
    let lines: Vec<&str> = md.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        let indent = l.len() - l.trim_start().len();
        let Some(info) = l.trim_start().strip_prefix("```") else {
            i += 1;
            continue;
        };
        let marker = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| l.trim().strip_prefix("<!-- manual-test:"))
            .and_then(|rest| rest.split_whitespace().next())
            .map(String::from);
        let start = i;
        let mut text = String::new();
        i += 1;
        while i < lines.len() && lines[i].trim() != "```" {
            let body = lines[i];
            let cut = body.len() - body.trim_start().len();
            text.push_str(&body[cut.min(indent)..]);
            text.push('\n');
            i += 1;
        }
        out.push(Block {
            lang: info.trim().to_string(),
            text,
            line: start + 1,
            marker,
        });
        i += 1;
    }
    out
}

/// The words of a shell line: quotes and backslashes as the shell reads
/// them, a word starting with `#` ends the line.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' if word.is_none() => break,
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '"' | '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    w.push(q);
                }
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    word.get_or_insert_with(String::new).push(n);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// A command of a document: where, the line as written, its words after
/// `loaxa`.
struct Cmd {
    at: String,
    line: String,
    args: Vec<String>,
}

fn commands(doc: &str, md: &str) -> Vec<Cmd> {
    let mut out = Vec::new();
    for b in blocks(md) {
        if matches!(b.lang.as_str(), "text" | "json" | "jsonc" | "toml") {
            continue;
        }
        let mut joined = Vec::new();
        let mut pending = String::new();
        for l in b.text.lines() {
            match l.trim_end().strip_suffix('\\') {
                Some(head) => pending.push_str(head),
                None => {
                    pending.push_str(l);
                    joined.push(std::mem::take(&mut pending));
                }
            }
        }
        for line in joined {
            let mut words = shell_words(&line);
            let skip = words
                .iter()
                .take_while(|w| {
                    *w == "$" || *w == "sudo" || (w.contains('=') && !w.starts_with('-'))
                })
                .count();
            words.drain(..skip);
            if words.first().map(String::as_str) == Some("loaxa") {
                out.push(Cmd {
                    at: format!("{doc} (block at line {})", b.line),
                    line: line.trim().to_string(),
                    args: words.split_off(1),
                });
            }
        }
    }
    out
}

// ---- The binary's help ----

fn loaxa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
    c.env("LOAXA_LANG", "en").env_remove("LOAXA_DIR");
    c
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `loaxa PATH… --help`, asked once per path.
#[derive(Default)]
struct Helps(HashMap<Vec<String>, Result<String, String>>);

impl Helps {
    fn of(&mut self, path: &[String]) -> Result<String, String> {
        self.0
            .entry(path.to_vec())
            .or_insert_with(|| {
                let out = loaxa()
                    .args(path)
                    .arg("--help")
                    .output()
                    .expect("loaxa runs");
                if out.status.success() {
                    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
                } else {
                    Err(format!(
                        "`loaxa {} --help` failed: {}",
                        path.join(" "),
                        said(&out)
                    ))
                }
            })
            .clone()
    }
}

/// The names under "Commands:" in a help text.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(String::from)
        .collect()
}

/// The option words of a help text: `--format`, `-o`.
fn options(help: &str) -> BTreeSet<String> {
    help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with('-') && w.len() > 1 && w != &"--")
        .map(String::from)
        .collect()
}

/// `[possible values: a, b]` on the help line of `flag`.
fn possible_values(help: &str, flag: &str) -> Option<Vec<String>> {
    let line = help.lines().find(|l| {
        l.split(|c: char| c.is_whitespace() || c == ',')
            .any(|w| w == flag)
    })?;
    let list = line.split("[possible values: ").nth(1)?.split(']').next()?;
    Some(list.split(", ").map(String::from).collect())
}

/// The command's path of (sub)commands, and what is wrong with its options.
fn check_flags(helps: &mut Helps, args: &[String]) -> Result<(), String> {
    let mut path: Vec<String> = Vec::new();
    let mut help = helps.of(&path)?;
    for w in args.iter().take_while(|w| !w.starts_with('-')) {
        if !subcommands(&help).contains(w) {
            break;
        }
        path.push(w.clone());
        help = helps.of(&path)?;
    }
    if path.is_empty() {
        return Err(format!("no command: {args:?}"));
    }
    let known = options(&help);
    let mut wrong = Vec::new();
    for (i, w) in args.iter().enumerate() {
        if !w.starts_with('-') || w == "-" {
            continue;
        }
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (w.as_str(), None),
        };
        if !known.contains(flag) {
            wrong.push(format!(
                "{flag} is not an option of `loaxa {}`",
                path.join(" ")
            ));
            continue;
        }
        let value = inline.or_else(|| args.get(i + 1).filter(|v| !v.starts_with('-')).cloned());
        if let (Some(values), Some(v)) = (possible_values(&help, flag), value)
            && !values.contains(&v)
        {
            wrong.push(format!("{flag} {v}: the help allows only {values:?}"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

// ---- Checks with pending work ----

struct Outcome {
    kind: &'static str,
    what: String,
    result: Result<(), String>,
}

/// Fails with every check that failed without a pending reason, every
/// pending check that now passes, and every pending entry nothing names.
fn judge(outcomes: &[Outcome]) {
    let pending_of = |o: &Outcome| {
        PENDING
            .iter()
            .find(|(kind, key, _)| *kind == o.kind && o.what.contains(key))
    };
    let mut wrong = Vec::new();
    let mut still = Vec::new();
    for o in outcomes {
        match (&o.result, pending_of(o)) {
            (Ok(()), None) => {}
            (Err(e), None) => wrong.push(format!("[{}] {}\n    {e}", o.kind, o.what)),
            (Err(e), Some((_, _, who))) => still.push(format!("[{}] {} ({who}): {e}", o.kind, o.what)),
            (Ok(()), Some((kind, key, who))) => wrong.push(format!(
                "[{kind}] {}: works now; remove ({kind:?}, {key:?}, {who:?}) from PENDING in tests/manual.rs",
                o.what
            )),
        }
    }
    for (kind, key, who) in PENDING {
        if !outcomes
            .iter()
            .any(|o| o.kind == *kind && o.what.contains(key))
        {
            wrong.push(format!(
                "PENDING ({kind:?}, {key:?}, {who:?}) names nothing the manual checks: remove it"
            ));
        }
    }
    for s in &still {
        println!("pending (expected to fail until merged): {s}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The example station with a loaxa.toml of its own, without `[[periods]]`.
fn station_without_periods() -> TestStation {
    let st = TestStation::example();
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("station = \"Đài truyền thanh xã Mỹ Thạnh\"\nlang = \"vi\"\n{CONSOLE_OFF}"),
    )
    .unwrap();
    st
}

/// The manual's `plan`, `log` and `export` commands, run as written.
fn run_reading_commands(cmds: &[Cmd]) -> Vec<Outcome> {
    let st = station_without_periods();
    let mut out = Vec::new();
    for c in cmds {
        let first = c.args.first().map(String::as_str);
        let reads = match first {
            Some("plan") => true,
            Some("log") => c.args.get(1).map(String::as_str) != Some("verify"),
            Some("export") => !c.args.iter().any(|a| a == "--log" || a == "--log-dir"),
            _ => false,
        };
        if !reads {
            continue;
        }
        let here = tempfile::tempdir().unwrap();
        let o = loaxa()
            .arg("--dir")
            .arg(st.path())
            .args(&c.args)
            .current_dir(here.path())
            .output()
            .expect("loaxa runs");
        let result = if o.status.success() {
            Ok(())
        } else {
            Err(said(&o))
        };
        out.push(Outcome {
            kind: "run",
            what: format!("{}: {}", c.at, c.line),
            result,
        });
    }
    out
}

/// Each ```toml block as a station's whole loaxa.toml.
fn check_settings(doc: &str, md: &str) -> Vec<Outcome> {
    let mut out = Vec::new();
    for b in blocks(md).into_iter().filter(|b| b.lang == "toml") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schedules")).unwrap();
        std::fs::create_dir_all(dir.path().join("audio")).unwrap();
        let toml = if b.text.contains("[web]") {
            b.text.clone()
        } else {
            format!("{}{CONSOLE_OFF}", b.text)
        };
        std::fs::write(dir.path().join("loaxa.toml"), toml).unwrap();
        let o = loaxa()
            .arg("--dir")
            .arg(dir.path())
            .arg("check")
            .output()
            .unwrap();
        let text = said(&o);
        let result = if o.status.success() && !text.contains("loaxa.toml") {
            Ok(())
        } else {
            Err(text)
        };
        let what = format!("{doc} (toml block at line {}): {}", b.line, b.text.trim());
        out.push(Outcome {
            kind: "toml",
            what,
            result,
        });
    }
    out
}

#[test]
fn the_manuals_commands_exist_and_those_that_read_run_as_written() {
    let md = read("HUONG-DAN.md");
    let cmds = commands("HUONG-DAN.md", &md);
    // The chapters' commands are all there (a broken reader finds none).
    for sub in [
        "status",
        "plan",
        "library",
        "check",
        "log",
        "export",
        "play",
        "say",
        "stop-airing",
        "relay-test",
        "alert",
        "user",
        "init",
        "simulate",
        "reload",
    ] {
        assert!(
            cmds.iter()
                .any(|c| c.args.first().map(String::as_str) == Some(sub)),
            "the manual shows no `loaxa {sub}` command"
        );
    }
    let mut helps = Helps::default();
    let mut outcomes: Vec<Outcome> = cmds
        .iter()
        .map(|c| Outcome {
            kind: "flags",
            what: format!("{}: {}", c.at, c.line),
            result: check_flags(&mut helps, &c.args),
        })
        .collect();
    let runs = run_reading_commands(&cmds);
    assert!(runs.len() >= 10, "only {} commands were run", runs.len());
    outcomes.extend(runs);
    let settings = check_settings("HUONG-DAN.md", &md);
    assert!(settings.len() >= 5, "only {} TOML blocks", settings.len());
    outcomes.extend(settings);
    judge(&outcomes);
}

#[test]
fn the_readmes_commands_exist() {
    let md = read("README.md");
    let cmds = commands("README.md", &md);
    assert!(
        cmds.len() >= 30,
        "only {} commands found in README.md",
        cmds.len()
    );
    let mut helps = Helps::default();
    let wrong: Vec<String> = cmds
        .iter()
        .filter_map(|c| {
            check_flags(&mut helps, &c.args)
                .err()
                .map(|e| format!("{}: {}\n    {e}", c.at, c.line))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The README starts by pointing to the manual.
    let first = md.lines().next().unwrap_or_default();
    assert!(first.contains("HUONG-DAN.md"), "first line: {first}");
}

// ---- The weekly schedule ----

fn weekly_schedule() -> serde_json::Value {
    let md = read("HUONG-DAN.md");
    let block = blocks(&md)
        .into_iter()
        .find(|b| b.marker.as_deref() == Some("weekly-schedule"))
        .expect("a block after <!-- manual-test: weekly-schedule");
    assert_eq!(block.lang, "json", "the weekly schedule is a ```json block");
    serde_json::from_str(&block.text).expect("the weekly schedule is JSON")
}

/// The example station with `schedule` in place of its own schedules.
fn station_with(schedule: &serde_json::Value) -> TestStation {
    let st = TestStation::example();
    for e in std::fs::read_dir(st.path().join("schedules")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") && !p.ends_with("schedule.schema.json") {
            std::fs::remove_file(p).unwrap();
        }
    }
    st.schedule(
        "tuan-49.json",
        &serde_json::to_string_pretty(schedule).unwrap(),
    );
    st
}

#[test]
fn the_weekly_schedule_checks_clean_and_airs_every_day_of_its_week() {
    let written = weekly_schedule();
    let (from, to) = (
        written["from"].as_str().unwrap(),
        written["to"].as_str().unwrap(),
    );
    // As written: its week has airings every day, and every item airs.
    let st = station_with(&written);
    let plan = st
        .cmd()
        .args(["plan", "--json", "--days", "7", "--from", from])
        .output()
        .unwrap();
    assert!(plan.status.success(), "{}", said(&plan));
    let days: BTreeSet<String> = String::from_utf8_lossy(&plan.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["at"]
                .as_str()
                .unwrap()[..10]
                .to_string()
        })
        .collect();
    assert_eq!(days.len(), 7, "days with airings: {days:?}");
    let sim = st
        .cmd()
        .args(["simulate", "--from", from, "--to", to, "--output", "null"])
        .output()
        .unwrap();
    assert!(sim.status.success(), "{}", said(&sim));
    let log = std::fs::read_to_string(st.path().join("data/simulation-log.jsonl")).unwrap();
    let records: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ends = records.iter().filter(|r| r["event"] == "end").count();
    let not_aired: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| {
            r["event"] == "not_aired" || (r["event"] == "end" && r["status"] != "completed")
        })
        .collect();
    assert!(ends >= 70, "only {ends} items aired: {}", said(&sim));
    assert!(not_aired.is_empty(), "{not_aired:#?}");
    // Moved to this week: `check` looks at the coming days' files too.
    let (_, today, _) = common::local_in(0);
    let (_, in_six, _) = common::local_in(6 * 86_400);
    let mut this_week = written.clone();
    this_week["from"] = today.into();
    this_week["to"] = in_six.into();
    let st = station_with(&this_week);
    let check = st.cmd().arg("check").output().unwrap();
    let text = said(&check);
    assert!(check.status.success(), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    assert!(text.contains(", 0 with audio problems"), "{text}");
}

// ---- The console ----

/// The paths the console serves: `/` and the API's routes.
fn console_routes() -> Vec<String> {
    let mut routes = vec!["/".to_string()];
    for file in ["src/web/api.rs", "src/web/page.rs"] {
        let code = read(file);
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for piece in code.split(".route(").skip(1) {
            if let Some(path) = piece.split('"').nth(1) {
                routes.push(path.to_string());
            }
        }
    }
    routes
}

fn route_matches(route: &str, path: &str) -> bool {
    let (r, p): (Vec<&str>, Vec<&str>) = (route.split('/').collect(), path.split('/').collect());
    r.len() == p.len()
        && r.iter()
            .zip(&p)
            .all(|(r, p)| r == p || (r.starts_with('{') && !p.is_empty()))
}

/// `id = value` lines of a catalog.
fn catalog(rel: &str) -> Vec<(String, String)> {
    read(rel)
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter(|(id, _)| !id.starts_with(' ') && !id.starts_with('#'))
        .map(|(id, v)| (id.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn console_addresses_and_labels_are_the_consoles() {
    let md = read("HUONG-DAN.md");
    let routes = console_routes();
    assert!(routes.iter().any(|r| r == "/api/report"), "{routes:?}");
    let mut addresses = 0;
    for piece in md.split(":8080").skip(1) {
        let path: String = piece
            .chars()
            .take_while(|c| !c.is_whitespace() && !">)`\"'".contains(*c))
            .collect();
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = if path.is_empty() { "/" } else { path };
        addresses += 1;
        assert!(
            routes.iter().any(|r| route_matches(r, path)),
            "the manual shows {path} on the console, which serves {routes:?}"
        );
    }
    assert!(addresses >= 2, "the manual gives the console's address");
    let vi = catalog("locales/vi.ftl");
    let parts = read("src/web/page/parts.rs");
    let labels: BTreeSet<&str> = md
        .split("**[")
        .skip(1)
        .filter_map(|p| p.split_once("]**").map(|(l, _)| l))
        .collect();
    assert!(labels.len() >= 10, "{labels:?}");
    for label in labels {
        let ids: Vec<&String> = vi
            .iter()
            .filter(|(id, v)| id.starts_with("page-") && v == label)
            .map(|(id, _)| id)
            .collect();
        assert!(
            !ids.is_empty(),
            "**[{label}]** is no label of the console (no page-* message says it)"
        );
        assert!(
            ids.iter()
                .any(|id| parts.contains(&format!("t!(\"{id}\")"))),
            "**[{label}]** ({ids:?}) is not on the console page"
        );
    }
}

// ---- The status table ----

/// The section of the manual that lists status problems.
fn status_section(md: &str) -> &str {
    let start = md
        .find("<!-- manual-test: status-problems")
        .expect("a <!-- manual-test: status-problems marker");
    let rest = &md[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    &rest[..end]
}

/// The words of a message that are always there: its longest piece
/// between placeables, up to a parenthesis.
fn fixed_words(value: &str) -> String {
    let mut pieces = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        pieces.push(&rest[..open]);
        rest = rest[open..].split_once('}').map_or("", |(_, r)| r);
    }
    pieces.push(rest);
    pieces
        .into_iter()
        .map(|p| {
            p.split(" (")
                .next()
                .unwrap_or_default()
                .trim_matches([' ', ':', ',', ';'])
        })
        .max_by_key(|p| p.chars().count())
        .unwrap_or_default()
        .to_string()
}

/// Places in src/ (outside tests) that build a status `Problem`.
fn problem_sites() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("src"), &mut files);
    let mut sites = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, _) in code.match_indices("Problem {") {
            let before = &code[..at];
            let glued = before
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !glued && !before.ends_with("struct ") {
                sites.push(format!("{}:{}", f.display(), before.lines().count()));
            }
        }
    }
    sites
}

#[test]
fn the_status_table_names_every_problem_status_can_show() {
    let sites = problem_sites();
    assert_eq!(
        sites.len(),
        PROBLEM_SITES,
        "status problems are built at {sites:#?}: a new one goes into HUONG-DAN.md's table (chapter 8) and STATUS_PROBLEMS"
    );
    let md = read("HUONG-DAN.md");
    let table = status_section(&md);
    let vi = catalog("locales/vi.ftl");
    let code: String = [
        "src/status.rs",
        "src/daemon/status.rs",
        "src/daemon/silence.rs",
    ]
    .iter()
    .map(|f| read(f))
    .collect();
    for id in STATUS_PROBLEMS {
        assert!(
            code.contains(&format!("\"{id}\"")),
            "{id} is no longer used by status"
        );
        let value = &vi
            .iter()
            .find(|(i, _)| i == id)
            .unwrap_or_else(|| panic!("{id} in vi.ftl"))
            .1;
        let words = fixed_words(value);
        assert!(words.chars().count() >= 15, "{id}: {words:?}");
        assert!(
            table.contains(&words),
            "HUONG-DAN.md's status table does not quote {id}: {words:?}"
        );
    }
    // Every kind label, as status prints it: `[âm thanh]`.
    let ftl = read("locales/vi.ftl");
    let kinds = ftl
        .split("status-kind = ")
        .nth(1)
        .expect("status-kind")
        .split("\n}")
        .next()
        .unwrap();
    let labels: Vec<&str> = kinds
        .lines()
        .filter_map(|l| l.trim().strip_prefix('['))
        .filter_map(|l| l.split_once("] "))
        .map(|(_, label)| label.trim())
        .collect();
    assert!(labels.len() >= 6, "{labels:?}");
    for label in labels {
        assert!(
            table.contains(&format!("[{label}]")),
            "the status table has no [{label}] row"
        );
    }
}

#[test]
fn the_readers_of_the_manual_read_right() {
    assert_eq!(
        shell_words(r#"loaxa say --priority "khẩn cấp" 'a b' c\ d # note"#),
        ["loaxa", "say", "--priority", "khẩn cấp", "a b", "c d"]
    );
    let md = "text\n<!-- manual-test: x -->\n```sh\n$ sudo LOAXA_LANG=en loaxa export \\\n   --quarter 2026-Q4   # q\ncd ~\n```\n  ```text\n  loaxa is not a command here\n  ```\n";
    let cmds = commands("t", md);
    assert_eq!(cmds.len(), 1);
    assert_eq!(cmds[0].args, ["export", "--quarter", "2026-Q4"]);
    let b = blocks(md);
    assert_eq!(
        (b[0].marker.as_deref(), b[1].lang.as_str()),
        (Some("x"), "text")
    );
    assert_eq!(b[1].text, "loaxa is not a command here\n");
    assert_eq!(
        fixed_words("{ $n } bản ghi chưa ghi được vào { $p } (x)"),
        "bản ghi chưa ghi được vào"
    );
    assert!(route_matches("/api/users/{name}", "/api/users/lan"));
    assert!(!route_matches("/api/users", "/api/lich"));
    let help = "  --format <FORMAT>  csv [default: csv] [possible values: csv, json, xlsx]\n  -o, --output <FILE>\n";
    assert_eq!(
        possible_values(help, "--format").unwrap(),
        ["csv", "json", "xlsx"]
    );
    assert!(options(help).contains("-o") && options(help).contains("--output"));
}
