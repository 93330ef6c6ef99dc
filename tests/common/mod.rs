//! Helpers shared by the integration tests: a station folder in a temp dir,
//! audio files with known samples, a way to run the real binary and wait
//! for what it says (events, not sleeps), and espeak-ng's own readings to
//! compare spoken text with.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub mod web;

use chrono::{DateTime, Utc};

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A record's reason and note in English words: the log keeps them as
/// codes and values (`{"id", "args"}`; text in records from before).
pub fn said_in_english(r: &mut serde_json::Value) {
    for key in ["reason", "note"] {
        if let Some(v) = r.get_mut(key).filter(|v| !v.is_null()) {
            let m: loaxa::i18n::Msg = serde_json::from_value(v.clone()).expect("a message");
            *v = loaxa::i18n::render_in(loaxa::i18n::Lang::En, &m).into();
        }
    }
}

/// The console off: the tests start many daemons at once, and the
/// console's default port is one. A test that wants it adds its own
/// `[web]` (`add_settings`), which takes this one's place.
pub const CONSOLE_OFF: &str = "\n[web]\nenabled = false\n";

fn has_web_table(toml: &str) -> bool {
    toml.lines().any(|l| l.trim() == "[web]")
}

/// A station folder in a temp dir.
pub struct TestStation {
    pub dir: tempfile::TempDir,
}

impl TestStation {
    pub fn new() -> TestStation {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("schedules")).unwrap();
        std::fs::create_dir_all(dir.path().join("audio")).unwrap();
        std::fs::write(
            dir.path().join("loaxa.toml"),
            format!(
                "station = \"Đài truyền thanh xã Thử Nghiệm\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n{CONSOLE_OFF}"
            ),
        )
        .unwrap();
        TestStation { dir }
    }

    /// A station with one half-second recording, `thong-bao.wav`, and a
    /// schedule that airs nothing for a long while (until 2099).
    pub fn with_notice() -> TestStation {
        let st = TestStation::new();
        write_wav(
            &st.audio("thong-bao.wav"),
            48_000,
            1,
            &pattern(24_000, 1, 1),
        );
        st.schedule(
            "xa.json",
            r#"{"slots": [{"id": "xa", "date": "01/01/2099", "at": "06:00", "program": ["thong-bao.wav"]}]}"#,
        );
        st
    }

    /// A copy of the example station this repository ships (settings,
    /// schedules, recordings), its recordings copied a while ago.
    pub fn example() -> TestStation {
        let st = TestStation::new();
        let repo = Path::new(REPO);
        let toml = std::fs::read_to_string(repo.join("loaxa.toml")).unwrap();
        assert!(
            !has_web_table(&toml),
            "the example's [web] is only comments"
        );
        std::fs::write(st.path().join("loaxa.toml"), format!("{toml}{CONSOLE_OFF}")).unwrap();
        copy_tree(&repo.join("schedules"), &st.path().join("schedules"));
        copy_tree(&repo.join("audio"), &st.path().join("audio"));
        st
    }

    /// A station whose `[voice]` runs espeak-ng through a wrapper that
    /// counts the texts it reads into a WAV (not `--voices`) in `runs.txt`,
    /// so a test can tell a cached text from a new one (`speech_runs`).
    pub fn with_counted_espeak() -> TestStation {
        let st = TestStation::new();
        let wrapper = st.path().join("espeak-dem.sh");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\ncase \" $* \" in *\" -w \"*) echo run >> '{}';; esac\nexec espeak-ng \"$@\"\n",
                st.path().join("runs.txt").display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        st.add_settings("[voice]\ncommand = \"./espeak-dem.sh\"\n");
        st
    }

    /// How many texts the wrapper of `with_counted_espeak` has had read.
    pub fn speech_runs(&self) -> usize {
        std::fs::read_to_string(self.path().join("runs.txt"))
            .unwrap_or_default()
            .lines()
            .count()
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn audio(&self, rel: &str) -> PathBuf {
        self.path().join("audio").join(rel)
    }

    /// Copies a sample file of the example station into this station's audio/.
    pub fn copy_sample(&self, rel: &str) {
        let to = self.audio(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(REPO).join("audio").join(rel), &to).unwrap();
        backdate(&to);
    }

    /// Adds `lines` at the end of loaxa.toml (where a table such as
    /// `[voice]` or `[cap]` goes); a `[web]` replaces `CONSOLE_OFF`.
    pub fn add_settings(&self, lines: &str) {
        let path = self.path().join("loaxa.toml");
        let mut toml = std::fs::read_to_string(&path).unwrap();
        if has_web_table(lines) {
            toml = toml.replace(CONSOLE_OFF, "");
        }
        std::fs::write(&path, format!("{toml}\n{lines}")).unwrap();
    }

    pub fn schedule(&self, name: &str, json: &str) {
        std::fs::write(self.path().join("schedules").join(name), json).unwrap();
    }

    pub fn log_path(&self) -> PathBuf {
        self.path().join("data/airing-log.jsonl")
    }

    /// The airing log's records as JSON values.
    pub fn log_records(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.log_path())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("log line is JSON"))
            .collect()
    }

    /// The records about airings (without the daemon's start/stop records,
    /// the chain's genesis or recoveries), without their chain fields.
    pub fn airing_records(&self) -> Vec<serde_json::Value> {
        self.log_records()
            .into_iter()
            .filter(|r| {
                !matches!(
                    r["event"].as_str(),
                    Some("daemon" | "genesis" | "recovered" | "restored")
                )
            })
            .map(|mut r| {
                if let Some(o) = r.as_object_mut() {
                    o.remove("seq");
                    o.remove("prev");
                }
                said_in_english(&mut r);
                r
            })
            .collect()
    }

    /// The records about airings (as `airing_records`) of one event:
    /// "start", "end", "not_aired", "alert"…
    pub fn records_of(&self, event: &str) -> Vec<serde_json::Value> {
        self.airing_records()
            .into_iter()
            .filter(|r| r["event"] == event)
            .collect()
    }

    /// `loaxa --dir STATION`, in English: the tests read its words. The
    /// Vietnamese ones are in tests/i18n.rs (`cmd_vi`).
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
        c.arg("--dir").arg(self.path()).env("LOAXA_LANG", "en");
        c
    }

    /// `loaxa` with no `--dir`, in the station folder, as an operator who
    /// went there with `cd` runs it (in English).
    pub fn cmd_here(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
        c.current_dir(self.path())
            .env("LOAXA_LANG", "en")
            .env_remove("LOAXA_DIR");
        c
    }

    /// `loaxa --dir STATION` as the station runs it: the language its
    /// loaxa.toml says, whatever the machine's locale.
    pub fn cmd_vi(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loaxa"));
        c.arg("--dir")
            .arg(self.path())
            .env_remove("LOAXA_LANG")
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        c
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            backdate(&target);
        }
    }
}

/// A 16-bit WAV with exactly these interleaved samples.
pub fn write_wav(path: &Path, rate: u32, channels: u16, samples: &[i16]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample(*s).unwrap();
    }
    w.finalize().unwrap();
    backdate(path);
}

/// Makes a file look copied a while ago (the library waits until a new
/// file has stopped changing for a few seconds before it airs it).
pub fn backdate(path: &Path) {
    let f = std::fs::File::options().append(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

/// Samples that differ from frame to frame, so a lost or doubled sample shows.
pub fn pattern(frames: usize, channels: u16, seed: i32) -> Vec<i16> {
    (0..frames * channels as usize)
        .map(|i| ((i as i32 * 37 + seed * 1009) % 20011 - 10005) as i16)
        .collect()
}

pub fn read_wav(path: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    let s = r.samples::<i16>().map(|s| s.unwrap()).collect();
    (spec, s)
}

/// How long a WAV file lasts, in seconds.
pub fn wav_seconds(path: &Path) -> f64 {
    let (spec, samples) = read_wav(path);
    samples.len() as f64 / f64::from(spec.channels) / f64::from(spec.sample_rate)
}

/// Speech, not silence: a good part of the samples are loud.
pub fn is_speech(path: &Path) -> bool {
    let (_, samples) = read_wav(path);
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    loud > samples.len() / 20
}

/// The files an output folder (`wav:DIR`) holds, by name.
pub fn aired_files(dir: &Path) -> Vec<PathBuf> {
    let mut aired: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    aired.sort();
    aired
}

/// How long espeak-ng alone takes to say `text` (normalised as loaxa
/// gives it), in `voice` at loaxa's speed; its WAV is written in `dir`.
pub fn espeak_alone(dir: &Path, text: &str, voice: &str) -> f64 {
    let own = dir.join("own.wav");
    let status = Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(&own)
        .arg(loaxa_core::speech::normalize(text))
        .status()
        .unwrap();
    assert!(status.success());
    wav_seconds(&own)
}

/// What aired lasts as long as espeak-ng's own reading, within 20 %.
pub fn assert_as_long_as_espeak(aired: f64, alone: f64) {
    assert!(
        (aired - alone).abs() <= 0.2 * alone,
        "aired {aired:.2} s, espeak-ng alone {alone:.2} s"
    );
}

/// The records (of a log read as JSON values) of one event.
pub fn events<'a>(recs: &'a [serde_json::Value], what: &str) -> Vec<&'a serde_json::Value> {
    recs.iter().filter(|r| r["event"] == what).collect()
}

/// Every airing among `recs` that ended was completed.
pub fn all_completed(recs: &[serde_json::Value]) -> bool {
    events(recs, "end")
        .iter()
        .all(|r| r["status"] == "completed")
}

/// What a command said: its standard output, then its errors.
pub fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A running `loaxa run`, with its stderr lines delivered as they come.
pub struct Daemon {
    pub child: Child,
    lines: Receiver<String>,
    pub seen: Vec<String>,
}

impl Daemon {
    pub fn start(station: &TestStation, args: &[&str]) -> Daemon {
        Daemon::start_env(station, args, &[])
    }

    /// `loaxa run --output null`, once it has said so.
    pub fn start_null(station: &TestStation) -> Daemon {
        let mut d = Daemon::start(station, &["--output", "null"]);
        d.wait_for("output: null", Duration::from_secs(60));
        d
    }

    /// Starts with extra environment variables for the daemon.
    pub fn start_env(station: &TestStation, args: &[&str], env: &[(&str, &Path)]) -> Daemon {
        let mut cmd = station.cmd();
        cmd.arg("run")
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, *v)));
        Daemon::spawn(cmd)
    }

    /// Starts `cmd` (a `loaxa … run` command line) and follows what it says.
    pub fn spawn(mut cmd: Command) -> Daemon {
        let mut child = cmd
            .env("LOAXA_LOG", "info,symphonia=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loaxa run");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Daemon {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `text`; panics with everything seen after `limit`.
    pub fn wait_for(&mut self, text: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => panic!(
                    "daemon never said {text:?}; it said:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// SIGTERM, then wait for a clean exit.
    pub fn terminate(mut self) -> Vec<String> {
        let mut seen = std::mem::take(&mut self.seen);
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let status = self.child.wait().unwrap();
        // Drain what the reader thread still has (it ends with the process).
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            seen.push(line);
        }
        assert!(
            status.success(),
            "daemon exit {status:?}:\n{}",
            seen.join("\n")
        );
        seen
    }
}

impl Drop for Daemon {
    /// A failed test must not leave a daemon behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Station-local date and time `secs` seconds from now, as a schedule writes them.
pub fn local_in(secs: i64) -> (DateTime<Utc>, String, String) {
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let t = Utc::now() + chrono::Duration::seconds(secs);
    // Whole seconds, as the schedule says.
    let t = t - chrono::Duration::nanoseconds(t.timestamp_subsec_nanos() as i64);
    let local = t.with_timezone(&tz);
    (
        t,
        local.format("%d/%m/%Y").to_string(),
        local.format("%H:%M:%S").to_string(),
    )
}
