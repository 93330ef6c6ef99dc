//! The drop folder (`audio/`): finding the file a schedule names, refusing
//! anything that leads outside the folder, and fingerprinting what airs.
//! The operator's files are only ever read.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::audio::AudioError;

/// The file `rel` (as cleaned by the schedule reader) inside `audio_dir`.
/// A symbolic link that points outside the folder is refused.
pub fn resolve(audio_dir: &Path, rel: &str) -> Result<PathBuf, AudioError> {
    let path = audio_dir.join(rel);
    let real = match path.canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(AudioError::Missing),
        Err(e) => return Err(AudioError::Unreadable(e.to_string())),
    };
    let root = audio_dir
        .canonicalize()
        .map_err(|e| AudioError::Unreadable(format!("the audio folder: {e}")))?;
    if !real.starts_with(&root) {
        return Err(AudioError::Unreadable(
            "it is a link to a file outside the audio folder, which is refused".to_string(),
        ));
    }
    if real.is_dir() {
        return Err(AudioError::Unreadable(
            "it is a folder, not a file".to_string(),
        ));
    }
    Ok(path)
}

/// SHA-256 of a file's bytes, as lowercase hex: what exactly aired.
pub fn sha256_file(path: &Path) -> Result<String, AudioError> {
    let mut f = File::open(path).map_err(|e| AudioError::Unreadable(e.to_string()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| AudioError::Unreadable(e.to_string()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_and_refuses_links_out() {
        let dir = tempfile::tempdir().unwrap();
        let audio = dir.path().join("audio");
        std::fs::create_dir_all(audio.join("cchc")).unwrap();
        std::fs::write(audio.join("cchc/a.mp3"), b"x").unwrap();
        std::fs::write(dir.path().join("secret.mp3"), b"y").unwrap();
        assert!(resolve(&audio, "cchc/a.mp3").is_ok());
        assert_eq!(resolve(&audio, "cchc/b.mp3"), Err(AudioError::Missing));
        assert!(resolve(&audio, "cchc").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.mp3"), audio.join("link.mp3"))
                .unwrap();
            let e = resolve(&audio, "link.mp3").unwrap_err();
            assert!(e.to_string().contains("outside the audio folder"), "{e}");
            std::os::unix::fs::symlink(audio.join("cchc/a.mp3"), audio.join("ok.mp3")).unwrap();
            assert!(resolve(&audio, "ok.mp3").is_ok());
        }
    }

    #[test]
    fn sha256_of_known_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a");
        std::fs::write(&p, b"abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
