//! Names the console is given (a schedule to save, a recording uploaded
//! and the folder it goes in): each must stay in its folder. A name with
//! a separator, `..`, a NUL or a leading dot is refused before any path
//! is made of it; a link is followed only to see that it stays inside.

use std::path::{Path, PathBuf};

/// The longest file name Linux file systems take, in bytes.
const MAX_NAME: usize = 255;

/// One file name inside a folder: not empty, no separator (`/`, `\`), no
/// NUL or control character, not `.` or `..` and not hidden (a leading
/// dot; the library and the watcher pass hidden files over, and the
/// console's own temporary files are hidden).
pub(super) fn file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// A folder inside another, written `tin-tuc` or `tin-tuc/2026` (a slash
/// at the end is fine, one at the start is not): each part a `file_name`.
/// The parts, or nothing when it would leave.
pub(super) fn folder(folder: &str) -> Option<Vec<&str>> {
    let folder = folder.trim().trim_end_matches('/');
    if folder.is_empty() {
        return Some(Vec::new());
    }
    let parts: Vec<&str> = folder.split('/').collect();
    parts.iter().all(|p| file_name(p)).then_some(parts)
}

/// The file in `dir` whose name is `name` written otherwise (NFD for
/// NFC, `.WAV` for `.wav`), which the library and the schedules take for
/// the same name: a second file so named would be a lookalike.
pub(super) fn spelled_as_there(dir: &Path, name: &str) -> Option<String> {
    use loaxa_core::library::name_key;
    let key = name_key(name);
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|other| other != name && name_key(other) == key)
}

/// Whether `path` (which may not exist yet) is inside `base` once links
/// are followed: its deepest existing ancestor, resolved, is `base`
/// resolved or under it.
pub(super) fn stays_inside(base: &Path, path: &Path) -> bool {
    let Ok(base) = base.canonicalize() else {
        return false;
    };
    let mut existing: PathBuf = path.to_path_buf();
    loop {
        // A dangling link is not "missing": it leads somewhere else.
        if std::fs::symlink_metadata(&existing).is_ok() {
            break;
        }
        if !existing.pop() {
            return false;
        }
    }
    existing.canonicalize().is_ok_and(|p| p.starts_with(&base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_stay_in_their_folder() {
        for good in ["tin.wav", "Bản tin sáng.mp3", "a..b.wav", "xa.json"] {
            assert!(file_name(good), "{good}");
        }
        for bad in [
            "",
            ".",
            "..",
            ".an.wav",
            "../x.wav",
            "/etc/x.wav",
            "a/b.wav",
            "a\\b.wav",
            "a\0.wav",
            "dòng\nmới.wav",
            &"a".repeat(256),
        ] {
            assert!(!file_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn folders_inside_and_outside() {
        let cases: [(&str, Option<Vec<&str>>); 9] = [
            ("", Some(vec![])),
            ("tin-tuc", Some(vec!["tin-tuc"])),
            ("tin-tuc/2026/", Some(vec!["tin-tuc", "2026"])),
            ("..", None),
            ("../..", None),
            ("a/../b", None),
            ("/etc", None),
            ("a//b", None),
            (".an", None),
        ];
        for (written, want) in cases {
            assert_eq!(folder(written), want, "{written}");
        }
    }

    #[test]
    fn a_name_written_otherwise_finds_the_file_there() {
        use unicode_normalization::UnicodeNormalization;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("lịch-mới.json"), b"{}").unwrap();
        let nfd: String = "lịch-mới.JSON".nfd().collect();
        assert_eq!(
            spelled_as_there(dir.path(), &nfd).as_deref(),
            Some("lịch-mới.json")
        );
        // The same spelling, or another name, is nothing else.
        assert_eq!(spelled_as_there(dir.path(), "lịch-mới.json"), None);
        assert_eq!(spelled_as_there(dir.path(), "LỊCH-MỚI.json"), None);
        assert_eq!(spelled_as_there(&dir.path().join("khong-co"), &nfd), None);
    }

    #[test]
    fn links_are_followed_to_see_where_they_lead() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("audio");
        std::fs::create_dir_all(base.join("tin")).unwrap();
        let outside = dir.path().join("khac");
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, base.join("ra-ngoai")).unwrap();
        std::os::unix::fs::symlink(base.join("tin"), base.join("vao-trong")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("khong-co"), base.join("treo")).unwrap();
        assert!(stays_inside(&base, &base.join("a.wav")));
        assert!(stays_inside(&base, &base.join("moi/sau/a.wav")));
        assert!(stays_inside(&base, &base.join("vao-trong/a.wav")));
        assert!(!stays_inside(&base, &base.join("ra-ngoai/a.wav")));
        assert!(!stays_inside(&base, &base.join("treo")));
        assert!(!stays_inside(&base, &base.join("treo/a.wav")));
    }
}
