//! piper (a neural engine; a station installs the program and a voice
//! model by hand: e.g. `vi_VN-vais1000-medium.onnx` with its
//! `vi_VN-vais1000-medium.onnx.json` beside it). loaxa never downloads
//! anything.

use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::{DEFAULT_SPEED, VoiceError};

/// The arguments that read standard input aloud with `model` into the WAV
/// file `out`. The text is never an argument.
pub(crate) fn args(model: &Path, speed: u32, out: &Path) -> Vec<OsString> {
    vec![
        "--model".into(),
        model.into(),
        "--output_file".into(),
        out.into(),
        "--length_scale".into(),
        length_scale(speed).into(),
    ]
}

/// piper's pace is a stretch of the model's own (`--length_scale`: 2 is
/// twice as slow). The default speed (150 words a minute) is the model's
/// own pace; 300 is twice as fast (0.5), 80 slower (1.875). Three
/// decimals, computed in integers.
pub(crate) fn length_scale(speed: u32) -> String {
    let speed = u64::from(speed.max(1));
    let thousandths = (u64::from(DEFAULT_SPEED) * 1000 + speed / 2) / speed;
    let (whole, frac) = (thousandths / 1000, thousandths % 1000);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:03}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// Where piper reads the model's settings: beside it, `.onnx.json`.
pub(crate) fn config_of(model: &Path) -> PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

/// The model and its settings are there and can be read; what identifies
/// them (for the cache's key: another model, or the same one replaced,
/// speaks differently) is returned.
pub(crate) fn check_model(model: &Path) -> Result<Vec<u8>, VoiceError> {
    let config = config_of(model);
    let model_id = readable(model).map_err(|detail| VoiceError::ModelMissing {
        model: model.to_path_buf(),
        detail,
    })?;
    let config_id = readable(&config).map_err(|detail| VoiceError::ModelConfigMissing {
        config: config.clone(),
        detail,
    })?;
    Ok([model_id, config_id].concat())
}

/// A regular file this user can open: its canonical path, size and
/// modification time, as bytes.
fn readable(path: &Path) -> Result<Vec<u8>, String> {
    // Looked at before it is opened: opening a FIFO would wait forever.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(super::not_a_file());
    }
    std::fs::File::open(path).map_err(|e| e.to_string())?;
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut id = real.into_os_string().into_encoded_bytes();
    id.push(0);
    id.extend(meta.len().to_le_bytes());
    id.extend(meta.mtime().to_le_bytes());
    id.extend(meta.mtime_nsec().to_le_bytes());
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line() {
        assert_eq!(
            args(
                Path::new("/var/lib/loaxa/vi_VN-vais1000-medium.onnx"),
                150,
                Path::new("/var/lib/loaxa/data/speech/.k.wav"),
            ),
            [
                "--model",
                "/var/lib/loaxa/vi_VN-vais1000-medium.onnx",
                "--output_file",
                "/var/lib/loaxa/data/speech/.k.wav",
                "--length_scale",
                "1",
            ]
            .map(OsString::from)
        );
    }

    #[test]
    fn speed_becomes_a_length_scale() {
        for (speed, scale) in [
            (150, "1"),
            (300, "0.5"),
            (80, "1.875"),
            (175, "0.857"),
            (450, "0.333"),
            (120, "1.25"),
        ] {
            assert_eq!(length_scale(speed), scale, "{speed}");
        }
    }

    #[test]
    fn the_model_and_its_settings_must_be_there() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("vi_VN-vais1000-medium.onnx");
        assert!(matches!(
            check_model(&model),
            Err(VoiceError::ModelMissing { .. })
        ));
        std::fs::write(&model, b"onnx").unwrap();
        let e = check_model(&model).unwrap_err();
        match &e {
            VoiceError::ModelConfigMissing { config, .. } => {
                assert!(config.ends_with("vi_VN-vais1000-medium.onnx.json"))
            }
            other => panic!("{other:?}"),
        }
        std::fs::write(config_of(&model), b"{}").unwrap();
        let before = check_model(&model).unwrap();
        std::fs::write(&model, b"another onnx").unwrap();
        assert_ne!(check_model(&model).unwrap(), before, "a replaced model");
        let folder = dir.path().join("folder.onnx");
        std::fs::create_dir(&folder).unwrap();
        assert!(matches!(
            check_model(&folder),
            Err(VoiceError::ModelMissing { .. })
        ));
    }
}
