//! `loaxa init`: sets up a station folder — settings, `schedules/`,
//! `audio/` with its emergency folder — empty, or from the example station
//! (Mỹ Thạnh commune), which is built into the binary so that it is the
//! same wherever loaxa was installed from. Nothing that exists is ever
//! overwritten: a station's files are the operator's.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::station::{SETTINGS_FILE, is_schedule_file};
use crate::watch::EMERGENCY_DIR;

/// The example station, as in the repository (the repository is the
/// example station): path inside the station, contents.
pub(crate) const EXAMPLE: &[(&str, &[u8])] = &[
    ("loaxa.toml", include_bytes!("../loaxa.toml")),
    (
        "schedules/hang-ngay.json",
        include_bytes!("../schedules/hang-ngay.json"),
    ),
    (
        "schedules/cchc-hang-tuan.json",
        include_bytes!("../schedules/cchc-hang-tuan.json"),
    ),
    (
        "schedules/schedule.schema.json",
        include_bytes!("../schedules/schedule.schema.json"),
    ),
    ("audio/README.md", include_bytes!("../audio/README.md")),
    (
        "audio/nhac-hieu.mp3",
        include_bytes!("../audio/nhac-hieu.mp3"),
    ),
    (
        "audio/loi-chao.mp3",
        include_bytes!("../audio/loi-chao.mp3"),
    ),
    (
        "audio/ket-thuc.mp3",
        include_bytes!("../audio/ket-thuc.mp3"),
    ),
    (
        "audio/cchc/ban-tin-mot-cua.mp3",
        include_bytes!("../audio/cchc/ban-tin-mot-cua.mp3"),
    ),
    (
        "audio/cchc/ban-tin-khai-sinh.ogg",
        include_bytes!("../audio/cchc/ban-tin-khai-sinh.ogg"),
    ),
    (
        "audio/cchc/khao-sat-hai-long.flac",
        include_bytes!("../audio/cchc/khao-sat-hai-long.flac"),
    ),
    (
        "audio/cchc/khao-sat-hai-long.json",
        include_bytes!("../audio/cchc/khao-sat-hai-long.json"),
    ),
    (
        "audio/cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a",
        include_bytes!("../audio/cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a"),
    ),
    (
        "audio/cchc/thong-bao/tiep-cong-dan_2026-11-23.json",
        include_bytes!("../audio/cchc/thong-bao/tiep-cong-dan_2026-11-23.json"),
    ),
];

/// When the example's recordings were made (23/11/2026).
fn example_made() -> std::time::SystemTime {
    std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_795_392_000)
}

/// The folders every station has (the data folder is the daemon's: it
/// makes it, or the package does with the daemon as its owner).
fn folders() -> [String; 3] {
    [
        "schedules".to_string(),
        "audio".to_string(),
        format!("audio/{EMERGENCY_DIR}"),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{}", t!("init-cannot", path = .path.display().to_string(), detail = crate::i18n::os_detail(.source)))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `--example` over a station that already has schedules or recordings.
    #[error("{}", t!("init-not-empty", path = .0.display().to_string()))]
    NotEmpty(PathBuf),
    #[error("{}", t!("init-bad-name"))]
    BadName,
}

/// What `init` did, for the operator.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Done {
    /// Paths made, relative to the station folder.
    pub(crate) made: Vec<String>,
    /// Paths that were there and were kept as they were.
    pub(crate) kept: Vec<String>,
    /// Whether the example station was copied in.
    pub(crate) example: bool,
    /// A name asked for that the settings already there do not carry.
    pub(crate) name_not_set: Option<String>,
}

/// Sets up the station folder `dir`. `station` names the station in the
/// settings it writes (the example's own settings otherwise name Mỹ Thạnh).
pub(crate) fn init(dir: &Path, example: bool, station: Option<&str>) -> Result<Done, InitError> {
    if let Some(name) = station
        && (name.trim().is_empty() || name.chars().any(char::is_control))
    {
        return Err(InitError::BadName);
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if example && has_content(dir) {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let mut done = Done::default();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    for folder in folders() {
        let path = dir.join(&folder);
        if path.is_dir() {
            done.kept.push(format!("{folder}/"));
        } else {
            std::fs::create_dir_all(&path).map_err(io(&path))?;
            done.made.push(format!("{folder}/"));
        }
    }
    let settings = match example {
        true => example_settings(station),
        false => fresh_settings(station.unwrap_or(crate::station::DEFAULT_STATION)),
    };
    write_new(dir, SETTINGS_FILE, settings.as_bytes(), &mut done)?;
    if done.kept.iter().any(|k| k == SETTINGS_FILE) {
        done.name_not_set = station.map(str::to_string);
    }
    done.example = example;
    if example {
        for (rel, bytes) in EXAMPLE.iter().filter(|(rel, _)| *rel != SETTINGS_FILE) {
            write_new(dir, rel, bytes, &mut done)?;
        }
    }
    Ok(done)
}

/// Writes a file that is not there yet; one that is stays as it is.
fn write_new(dir: &Path, rel: &str, bytes: &[u8], done: &mut Done) -> Result<(), InitError> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| InitError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            done.kept.push(rel.to_string());
            return Ok(());
        }
        Err(source) => return Err(InitError::Io { path, source }),
    };
    // The example's recordings are complete the moment they are written:
    // dated as made, so the drop folder does not wait for them to settle.
    // Everything else keeps the time it was written.
    let recording = rel.starts_with("audio/") && !rel.ends_with(".md") && !rel.ends_with(".json");
    file.write_all(bytes)
        .and_then(|()| match recording {
            true => file.set_modified(example_made()),
            false => Ok(()),
        })
        .and_then(|()| file.sync_all())
        .map_err(|source| InitError::Io {
            path: path.clone(),
            source,
        })?;
    done.made.push(rel.to_string());
    Ok(())
}

/// Whether the station already has schedules or recordings of its own.
fn has_content(dir: &Path) -> bool {
    let schedules = std::fs::read_dir(dir.join("schedules"))
        .map(|d| d.flatten().any(|e| is_schedule_file(&e.path())))
        .unwrap_or(false);
    schedules || has_files(&dir.join("audio"), 0)
}

fn has_files(dir: &Path, depth: u32) -> bool {
    // Not following links, not descending for ever.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| match e.file_type() {
        Ok(t) if t.is_dir() => depth < 16 && has_files(&e.path(), depth + 1),
        Ok(_) => true,
        Err(_) => false,
    })
}

/// The settings of a new station: its name and language, the rest as the
/// defaults, with a word on each.
fn fresh_settings(station: &str) -> String {
    format!(
        "# {}\nstation = {}\n# {}\nlang = \"vi\"\n# {}\noutput = \"device\"\n\n# {}\n[web]\n# {}\nenabled = true\n# {}\nlisten = {}\n",
        t!("init-toml-head"),
        toml_string(station),
        t!("init-toml-lang"),
        t!("init-toml-output"),
        t!("init-toml-web"),
        t!("init-toml-web-enabled"),
        t!("init-toml-web-listen"),
        toml_string(crate::station::DEFAULT_LISTEN),
    )
}

/// The example's settings, with the station's own name when one is given.
fn example_settings(station: Option<&str>) -> String {
    let text = EXAMPLE
        .iter()
        .find(|(rel, _)| *rel == SETTINGS_FILE)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let Some(name) = station else { return text };
    text.lines()
        .map(|l| match l.starts_with("station =") {
            true => format!("station = {}", toml_string(name)),
            false => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A TOML basic string: quotes and backslashes escaped.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_station_has_its_folders_and_settings_and_nothing_to_air() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("dai");
        let done = init(&dir, false, Some("Đài truyền thanh xã \"An\" Bình")).unwrap();
        assert_eq!(
            done.made,
            ["schedules/", "audio/", "audio/khan-cap/", "loaxa.toml"]
        );
        let st = crate::station::Station::open(&dir).unwrap();
        assert_eq!(st.settings.station, "Đài truyền thanh xã \"An\" Bình");
        assert!(st.schedule_files().is_empty());
        assert!(dir.join("audio").join(EMERGENCY_DIR).is_dir());
        // The console's section, with a word on each key.
        assert_eq!(st.settings.web, crate::station::WebSettings::default());
        let toml = std::fs::read_to_string(dir.join("loaxa.toml")).unwrap();
        assert!(toml.contains("[web]\n# "), "{toml}");
        assert!(toml.contains("listen = \"127.0.0.1:8080\""), "{toml}");

        // Again: everything is kept, nothing overwritten.
        std::fs::write(dir.join("loaxa.toml"), "station = \"X\"\n").unwrap();
        let again = init(&dir, false, Some("Y")).unwrap();
        assert!(again.made.is_empty(), "{again:?}");
        // The name asked for is not silently dropped: it is said.
        assert_eq!(again.name_not_set.as_deref(), Some("Y"));
        assert_eq!(
            std::fs::read_to_string(dir.join("loaxa.toml")).unwrap(),
            "station = \"X\"\n"
        );
    }

    #[test]
    fn the_example_goes_only_into_a_station_without_schedules_or_recordings() {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), false, None).unwrap();
        // A fresh station's own settings are kept; the example adds the rest.
        let done = init(tmp.path(), true, None).unwrap();
        assert!(done.kept.contains(&"loaxa.toml".to_string()));
        assert!(tmp.path().join("audio/cchc/ban-tin-mot-cua.mp3").is_file());
        assert_eq!(
            std::fs::read(tmp.path().join("schedules/hang-ngay.json")).unwrap(),
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/hang-ngay.json"))
                .unwrap()
        );
        // Now it has schedules: a second example is refused.
        assert!(matches!(
            init(tmp.path(), true, None),
            Err(InitError::NotEmpty(_))
        ));

        let other = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(other.path().join("audio/x")).unwrap();
        std::fs::write(other.path().join("audio/x/a.mp3"), b"x").unwrap();
        assert!(matches!(
            init(other.path(), true, None),
            Err(InitError::NotEmpty(_))
        ));
    }

    #[test]
    fn the_example_with_a_name_of_its_own() {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), true, Some("Đài truyền thanh xã Tân Lợi")).unwrap();
        let st = crate::station::Station::open(tmp.path()).unwrap();
        assert_eq!(st.settings.station, "Đài truyền thanh xã Tân Lợi");
        assert_eq!(st.settings.periods.len(), 4);
        assert_eq!(st.schedule_files().len(), 2);
        assert!(matches!(
            init(tmp.path(), false, Some(" ")),
            Err(InitError::BadName)
        ));
    }

    /// Every recording, schedule and setting of the repository's example
    /// station is in the binary's example (a file added there and not here
    /// would be missing from `init --example`).
    #[test]
    fn the_built_in_example_is_the_repository_example() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec!["loaxa.toml".to_string()];
        fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else {
                    out.push(p.strip_prefix(root).unwrap().to_string_lossy().into());
                }
            }
        }
        walk(repo, &repo.join("schedules"), &mut files);
        walk(repo, &repo.join("audio"), &mut files);
        files.retain(|f| f != "audio/make-samples.sh");
        files.sort();
        let mut built_in: Vec<String> = EXAMPLE.iter().map(|(r, _)| r.to_string()).collect();
        built_in.sort();
        assert_eq!(files, built_in);
    }
}
