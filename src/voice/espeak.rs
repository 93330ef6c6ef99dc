//! espeak-ng (the Debian package `espeak-ng`): small, fast, everywhere.
//! Its Vietnamese voices are `vi` (northern), `vi-vn-x-central` and
//! `vi-vn-x-south`.

use std::ffi::OsString;
use std::path::Path;
use std::time::Duration;

use super::VoiceError;
use super::run::{RunError, run};

/// The arguments that read standard input (UTF-8) aloud into the WAV file
/// `out`. The text is never an argument: a bulletin that begins with "-"
/// is read, not taken for an option.
pub(crate) fn args(voice: &str, speed: u32, out: &Path) -> Vec<OsString> {
    vec![
        "--stdin".into(),
        "-b".into(),
        "1".into(),
        "-v".into(),
        voice.into(),
        "-s".into(),
        speed.to_string().into(),
        "-w".into(),
        out.into(),
    ]
}

/// Whether espeak-ng has `voice`: its voice list (`espeak-ng --voices`)
/// names it as a language, a voice name or a voice file. A variant
/// (`vi+f3`) is checked by its voice.
pub(crate) fn check_voice(program: &Path, voice: &str) -> Result<(), VoiceError> {
    let listed = list_voices(program)?;
    let base = voice.split('+').next().unwrap_or(voice);
    if listed.iter().any(|v| v.is(base)) {
        return Ok(());
    }
    Err(VoiceError::VoiceMissing {
        voice: voice.to_string(),
        available: listed
            .iter()
            .filter(|v| v.language.starts_with("vi"))
            .map(|v| v.language.clone())
            .collect(),
    })
}

/// One line of `espeak-ng --voices`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    pub(crate) language: String,
    pub(crate) name: String,
    pub(crate) file: String,
}

impl Listed {
    fn is(&self, wanted: &str) -> bool {
        [&self.language, &self.name, &self.file]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(wanted))
    }
}

fn list_voices(program: &Path) -> Result<Vec<Listed>, VoiceError> {
    let ran =
        run(program, &["--voices".into()], b"", Duration::from_secs(20)).map_err(|e| match e {
            RunError::Start(e) => VoiceError::Start {
                program: program.to_path_buf(),
                detail: crate::i18n::os_detail(&e),
            },
            RunError::TimedOut => VoiceError::TimedOut {
                program: program.to_path_buf(),
                seconds: 20,
            },
        })?;
    if !ran.status.success() {
        return Err(VoiceError::failed(program, &ran));
    }
    Ok(parse_voices(&String::from_utf8_lossy(&ran.stdout)))
}

/// `Pty Language Age/Gender VoiceName File Other Languages`, then one
/// voice a line.
pub(crate) fn parse_voices(listing: &str) -> Vec<Listed> {
    listing
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split_whitespace().skip(1);
            let language = cols.next()?.to_string();
            let _age_gender = cols.next()?;
            let name = cols.next()?.to_string();
            let file = cols.next()?.to_string();
            Some(Listed {
                language,
                name,
                file,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line() {
        assert_eq!(
            args("vi-vn-x-south", 150, Path::new("/st/data/speech/.k.wav")),
            [
                "--stdin",
                "-b",
                "1",
                "-v",
                "vi-vn-x-south",
                "-s",
                "150",
                "-w",
                "/st/data/speech/.k.wav"
            ]
            .map(OsString::from)
        );
    }

    #[test]
    fn the_voice_list() {
        let listing =
            "Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  vi              --/M      Vietnamese_(Northern) aav/vi
 5  vi-vn-x-central --/M      Vietnamese_(Central) aav/vi-VN-x-central
 5  vi-vn-x-south   --/M      Vietnamese_(Southern) aav/vi-VN-x-south
 2  en-gb           --/M      English_(Great_Britain) gmw/en            (en 2)
";
        let voices = parse_voices(listing);
        assert_eq!(voices.len(), 4);
        assert_eq!(
            voices[1],
            Listed {
                language: "vi-vn-x-central".into(),
                name: "Vietnamese_(Central)".into(),
                file: "aav/vi-VN-x-central".into(),
            }
        );
        for wanted in [
            "vi",
            "VI-VN-X-SOUTH",
            "aav/vi-VN-x-central",
            "Vietnamese_(Northern)",
        ] {
            assert!(voices.iter().any(|v| v.is(wanted)), "{wanted}");
        }
        assert!(!voices.iter().any(|v| v.is("vi-vn")));
    }
}
