//! Where the bus's samples go. `device` is the sound card (through rodio,
//! which pulls from the bus on its own callback thread); the others are
//! paced writers that the player thread feeds itself, one 10 ms block at a
//! time, at the moment each block is due.

use std::fmt;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::bus::{CHANNELS, RATE};

/// The output named in settings or on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSpec {
    /// The default sound card, or the named one.
    Device(Option<String>),
    /// Each program airing to its own WAV file in this folder, paced in real time.
    Wav(PathBuf),
    /// Paced in real time and discarded.
    Null,
}

impl OutputSpec {
    pub const HINT: &'static str =
        "write \"device\" (the default sound card), \"device:NAME\", \"wav:FOLDER\" or \"null\"";
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, arg) = match s.split_once(':') {
            Some((k, a)) => (k, Some(a)),
            None => (s, None),
        };
        match (kind.trim(), arg) {
            ("device", None) => Ok(OutputSpec::Device(None)),
            ("device", Some(name)) if !name.trim().is_empty() => {
                Ok(OutputSpec::Device(Some(name.trim().to_string())))
            }
            ("wav", Some(dir)) if !dir.trim().is_empty() => Ok(OutputSpec::Wav(PathBuf::from(dir))),
            ("null", None) => Ok(OutputSpec::Null),
            ("device" | "wav", _) => Err(format!(
                "output \"{s}\" is missing its name after the colon"
            )),
            _ => Err(format!("unknown output \"{s}\"")),
        }
    }
}

impl fmt::Display for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputSpec::Device(None) => write!(f, "device"),
            OutputSpec::Device(Some(n)) => write!(f, "device:{n}"),
            OutputSpec::Wav(d) => write!(f, "wav:{}", d.display()),
            OutputSpec::Null => write!(f, "null"),
        }
    }
}

/// A paced writer: receives exactly the program's frames, as 16-bit PCM.
pub trait PacedSink: Send {
    /// A program is about to start; `label` names it (for file names).
    fn begin(&mut self, label: &str) -> Result<(), String>;
    /// Interleaved stereo samples of the program.
    fn write(&mut self, samples: &[i16]) -> Result<(), String>;
    /// The program is over (or cut): close what `begin` opened.
    fn end(&mut self) -> Result<(), String>;
}

/// Discards everything.
pub struct NullSink;

impl PacedSink for NullSink {
    fn begin(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn write(&mut self, _: &[i16]) -> Result<(), String> {
        Ok(())
    }
    fn end(&mut self) -> Result<(), String> {
        Ok(())
    }
}

/// One WAV file per program airing, 48 kHz 16-bit stereo. The file is
/// created with the first sample, so a program stopped before it began
/// leaves nothing behind.
pub struct WavSink {
    dir: PathBuf,
    label: String,
    writer: Option<(PathBuf, hound::WavWriter<BufWriter<File>>)>,
}

impl WavSink {
    pub fn new(dir: &Path) -> WavSink {
        WavSink {
            dir: dir.to_path_buf(),
            label: String::new(),
            writer: None,
        }
    }

    fn create(&self) -> Result<(PathBuf, hound::WavWriter<BufWriter<File>>), String> {
        let mut path = self.dir.join(format!("{}.wav", self.label));
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{}-{n}.wav", self.label));
            n += 1;
        }
        let spec = hound::WavSpec {
            channels: CHANNELS,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let w = hound::WavWriter::create(&path, spec)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok((path, w))
    }
}

impl PacedSink for WavSink {
    fn begin(&mut self, label: &str) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", self.dir.display()))?;
        self.label = label.to_string();
        Ok(())
    }

    fn write(&mut self, samples: &[i16]) -> Result<(), String> {
        if samples.is_empty() {
            return Ok(());
        }
        let (path, w) = match &mut self.writer {
            Some(pw) => pw,
            None => {
                let pw = self.create()?;
                self.writer.insert(pw)
            }
        };
        for s in samples {
            w.write_sample(*s)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), String> {
        if let Some((path, w)) = self.writer.take() {
            w.finalize()
                .map_err(|e| format!("cannot finish {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// Bus samples to 16-bit: exact for 16-bit sources (x/32768 and back).
pub fn to_i16(s: f32) -> i16 {
    (s * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_specs() {
        assert_eq!("device".parse(), Ok(OutputSpec::Device(None)));
        assert_eq!(
            "device:hw:1,0".parse(),
            Ok(OutputSpec::Device(Some("hw:1,0".into())))
        );
        assert_eq!("wav:/tmp/x".parse(), Ok(OutputSpec::Wav("/tmp/x".into())));
        assert_eq!("null".parse(), Ok(OutputSpec::Null));
        assert!("wav:".parse::<OutputSpec>().is_err());
        assert!("speaker".parse::<OutputSpec>().is_err());
        assert_eq!(
            OutputSpec::Device(Some("hw:1,0".into())).to_string(),
            "device:hw:1,0"
        );
    }

    #[test]
    fn sixteen_bit_round_trip_is_exact() {
        for v in [i16::MIN, -12345, -1, 0, 1, 12345, i16::MAX] {
            assert_eq!(to_i16(v as f32 / 32768.0), v);
        }
    }
}
