//! A station folder in a temp dir, for the commands' unit tests.

use std::path::Path;

use chrono::{DateTime, TimeZone, Utc};

use crate::station::Station;

pub(crate) struct TempStation {
    pub(crate) dir: tempfile::TempDir,
}

impl TempStation {
    /// A station with these schedules (`name`, JSON) and nothing else.
    pub(crate) fn new(schedules: &[(&str, &str)]) -> TempStation {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("schedules")).expect("schedules");
        std::fs::create_dir_all(dir.path().join("audio")).expect("audio");
        std::fs::write(
            dir.path().join("loaxa.toml"),
            "station = \"Xã Thử\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n",
        )
        .expect("loaxa.toml");
        for (name, json) in schedules {
            std::fs::write(dir.path().join("schedules").join(name), json).expect("schedule");
        }
        TempStation { dir }
    }

    /// A second of a tone at 48 kHz, copied long ago.
    pub(crate) fn wav(&self, rel: &str) {
        let path = self.dir.path().join("audio").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 48_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).expect("wav");
        for i in 0..48_000 {
            let s = (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin() * 8_000.0;
            w.write_sample(s as i16).expect("sample");
        }
        w.finalize().expect("finalize");
        backdate(&path);
    }

    /// A file that is no audio at all, copied long ago.
    pub(crate) fn junk(&self, rel: &str) {
        let path = self.dir.path().join("audio").join(rel);
        std::fs::write(&path, b"not audio at all, not at all").expect("junk");
        backdate(&path);
    }

    /// A typed bulletin (`.txt`) with these bytes, copied long ago.
    pub(crate) fn text(&self, rel: &str, bytes: &[u8]) {
        let path = self.dir.path().join("audio").join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, bytes).expect("text");
        backdate(&path);
    }

    pub(crate) fn open(&self) -> Station {
        Station::open(self.path()).expect("station")
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

fn backdate(path: &Path) {
    // A day before the tests' `now`: settled long ago.
    let long_ago = std::time::SystemTime::from(monday_5am() - chrono::Duration::days(1));
    let f = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    f.set_modified(long_ago).expect("mtime");
}

/// Monday 3 March 2025, 05:00 at the station (UTC+7).
pub(crate) fn monday_5am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 2, 22, 0, 0)
        .single()
        .expect("time")
}

/// A schedule airing `files` every day at 06:00 in slot `sang`.
pub(crate) fn daily(files: &[&str]) -> String {
    let program: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
    format!(
        r#"{{"slots": [{{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [{}]}}]}}"#,
        program.join(", ")
    )
}
