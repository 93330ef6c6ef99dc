//! The speech cache: `data/speech/<key>.wav`, one file per text as a given
//! engine, voice, speed and model read it. A text read once is never read
//! again: the next airing of it, or a restart, finds the file.

use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{Engine, VoiceError};

/// The cache's folder, inside the station's data folder.
pub const SPEECH_DIR: &str = "speech";

/// Bumped when what goes into a key changes meaning.
const KEY_VERSION: &[u8] = b"loaxa-speech-1";

/// What makes the sound, besides the engine's own program.
pub(crate) struct Inputs<'a> {
    pub(crate) engine: Engine,
    pub(crate) voice: &'a str,
    pub(crate) speed: u32,
    /// The model's identity (piper), empty for espeak-ng.
    pub(crate) model: &'a [u8],
    pub(crate) text: &'a str,
}

/// The cache key: SHA-256 of every input, each with its length in front
/// (so no two different inputs run together into the same bytes), in hex.
pub(crate) fn key(inputs: &Inputs<'_>) -> String {
    let mut h = Sha256::new();
    for part in [
        KEY_VERSION,
        inputs.engine.name().as_bytes(),
        inputs.voice.as_bytes(),
        &inputs.speed.to_le_bytes(),
        inputs.model,
        inputs.text.as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

/// SHA-256 of the text as given, in hex (what the airing log can name).
pub(crate) fn text_sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Where the speech for `key` is kept.
pub(crate) fn path(data_dir: &Path, key: &str) -> PathBuf {
    data_dir.join(SPEECH_DIR).join(format!("{key}.wav"))
}

/// A kept file that can be aired as it is: a regular file, a WAV with
/// sound in it. Anything else (cut short by a full disk, damaged) is made
/// again.
pub(crate) fn usable(path: &Path) -> bool {
    let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0);
    regular && wav_frames(path).is_ok_and(|n| n > 0)
}

/// The number of frames of a WAV file; Err says why it is not one.
pub(crate) fn wav_frames(path: &Path) -> Result<u32, String> {
    use std::io::Seek;
    let reader = hound::WavReader::open(path).map_err(|e| e.to_string())?;
    let frames = reader.duration();
    let spec = reader.spec();
    let samples = u64::from(reader.len());
    // The header says how much sound follows; a file cut short (a full
    // disk, an engine killed while writing) has less, and would be
    // refused at air time, every time, while the cache kept it.
    let bytes = samples.saturating_mul(u64::from(spec.bits_per_sample.div_ceil(8)));
    let mut file = reader.into_inner();
    let start = file.stream_position().map_err(|e| e.to_string())?;
    let size = file.get_ref().metadata().map_err(|e| e.to_string())?.len();
    if size < start.saturating_add(bytes) {
        let has = size.saturating_sub(start);
        return Err(t!("voice-wav-cut-short", has = has, says = bytes));
    }
    Ok(frames)
}

/// `data/speech/`, made when missing with the data folder's own mode (on
/// an installed station: the daemon writes, its group reads).
pub(crate) fn folder(data_dir: &Path) -> Result<PathBuf, VoiceError> {
    let dir = data_dir.join(SPEECH_DIR);
    let err = |e: std::io::Error| VoiceError::Cache {
        path: dir.clone(),
        detail: crate::i18n::os_detail(&e),
    };
    if dir.is_dir() {
        return Ok(dir);
    }
    std::fs::create_dir_all(data_dir).map_err(err)?;
    // Without setgid (the installed data/ is 2750): the unit's
    // RestrictSUIDSGID=yes refuses that bit with EPERM.
    let mode = std::fs::metadata(data_dir).map_err(err)?.mode() & 0o777;
    match std::fs::DirBuilder::new().mode(mode).create(&dir) {
        Ok(()) => {
            // The umask may have narrowed it.
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).map_err(err)?;
            Ok(dir)
        }
        // Made meanwhile by another preparation.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(dir),
        Err(e) => Err(err(e)),
    }
}

/// A name for the engine to write to, beside the kept files, that no
/// other preparation (in this process or another) uses at the same time.
pub(crate) fn scratch(dir: &Path, key: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{key}.{}.{n}.engine.wav", std::process::id()))
}

/// Keeps the engine's output under its key: written atomically by the
/// repository's one atomic-write helper (a temporary file beside it,
/// flushed to disk, renamed), then given the mode of the data folder's
/// files (readable by whoever may read the folder, written by its owner).
pub(crate) fn keep(made: &Path, dest: &Path) -> Result<(), VoiceError> {
    let err = |detail: String| VoiceError::Cache {
        path: dest.to_path_buf(),
        detail,
    };
    let written = crate::outfile::replace(dest, |w| {
        let mut from = std::fs::File::open(made)?;
        std::io::copy(&mut from, w).map(|_| ())
    });
    match written {
        Ok(Ok(())) => {}
        // Another preparation of the same text got there first.
        _ if usable(dest) => return Ok(()),
        Ok(Err(e)) => return Err(err(e.to_string())),
        Err(e) => return Err(err(e.to_string())),
    }
    let folder = dest.parent().unwrap_or(Path::new("."));
    let dir_mode = std::fs::metadata(folder)
        .map_err(|e| err(e.to_string()))?
        .mode();
    let mode = 0o600 | (dir_mode & 0o044);
    std::fs::set_permissions(dest, std::fs::Permissions::from_mode(mode))
        .map_err(|e| err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(text: &str) -> Inputs<'_> {
        Inputs {
            engine: Engine::EspeakNg,
            voice: "vi",
            speed: 150,
            model: b"",
            text,
        }
    }

    #[test]
    fn every_input_changes_the_key() {
        let base = key(&inputs("Xin chào bà con"));
        assert_eq!(base.len(), 64);
        assert_eq!(base, key(&inputs("Xin chào bà con")), "stable");
        let changed = [
            Inputs {
                engine: Engine::Piper,
                ..inputs("Xin chào bà con")
            },
            Inputs {
                voice: "vi-vn-x-south",
                ..inputs("Xin chào bà con")
            },
            Inputs {
                speed: 151,
                ..inputs("Xin chào bà con")
            },
            Inputs {
                model: b"model",
                ..inputs("Xin chào bà con")
            },
            inputs("Xin chào bà con."),
            // The same bytes split differently between voice and text.
            Inputs {
                voice: "viX",
                ..inputs("in chào bà con")
            },
        ];
        for (i, c) in changed.iter().enumerate() {
            assert_ne!(key(c), base, "case {i}");
        }
    }

    #[test]
    fn the_text_hash_is_of_the_text_as_given() {
        assert_eq!(
            text_sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_folder_and_files_take_the_data_folders_mode() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o750)).unwrap();
        let dir = folder(&data).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o7777, 0o750);
        let made = dir.join(".x.engine.wav");
        write_wav(&made, 100);
        let dest = path(&data, "abc");
        keep(&made, &dest).unwrap();
        assert_eq!(std::fs::metadata(&dest).unwrap().mode() & 0o777, 0o640);
        assert!(usable(&dest));
    }

    #[test]
    fn the_folder_is_made_without_the_data_folders_setgid_bit() {
        // The installed data/ is 2750; the unit refuses setgid (EPERM).
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o2750)).unwrap();
        let dir = folder(&data).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().mode() & 0o7777, 0o750);
    }

    #[test]
    fn damaged_or_empty_files_are_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.wav");
        assert!(!usable(&p), "missing");
        std::fs::write(&p, b"").unwrap();
        assert!(!usable(&p), "empty");
        std::fs::write(&p, b"RIFF....WAVEnot really").unwrap();
        assert!(!usable(&p), "not a WAV");
        write_wav(&p, 0);
        assert!(!usable(&p), "no sound");
        write_wav(&p, 10);
        assert!(usable(&p));
        // Cut short: the header says 100 frames, the file holds half.
        write_wav(&p, 100);
        let len = std::fs::metadata(&p).unwrap().len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .unwrap()
            .set_len(len - 100)
            .unwrap();
        assert!(!usable(&p), "cut short");
        assert!(wav_frames(&p).is_err());
        write_wav(&p, 10);
        let link = tmp.path().join("b.wav");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(!usable(&link), "a link is not kept speech");
    }

    fn write_wav(path: &Path, frames: u32) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 22050,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            w.write_sample(((i % 50) as i16 - 25) * 400).unwrap();
        }
        w.finalize().unwrap();
    }
}
