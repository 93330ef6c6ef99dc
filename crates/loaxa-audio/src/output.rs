//! Where the bus's samples go. `device` is the sound card (through rodio;
//! the player thread renders the bus 50 ms ahead into a ring that the
//! card's callback only copies from, see `player::CardSession`); the others
//! are paced writers that the player thread feeds itself, one 10 ms block
//! at a time, at the moment each block is due.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use loaxa_i18n::{Msg, msg};

use super::bus::{CHANNELS, RATE};

/// The output named in settings or on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSpec {
    /// The default sound card, or the named one.
    Device(Option<String>),
    /// Each program airing to its own WAV file in this folder, paced in real time.
    Wav(PathBuf),
    /// Raw PCM (s16le, 48 kHz, stereo) to a file or FIFO, paced in real time.
    Raw(PathBuf),
    /// Paced in real time and discarded.
    Null,
}

impl OutputSpec {
    /// What an output setting may be.
    pub fn hint() -> String {
        t!("out-hint")
    }

    /// Whether the output plays in real time: paced by the player thread
    /// (WAV, raw, null) or by a sound card the player thread keeps fed.
    /// Its thread then deserves real-time scheduling while it feeds it. (A
    /// simulation has its own output, `sim`, which never sleeps.)
    pub(crate) fn realtime(&self) -> bool {
        match self {
            OutputSpec::Device(_) | OutputSpec::Wav(_) | OutputSpec::Raw(_) | OutputSpec::Null => {
                true
            }
        }
    }
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
            ("raw", Some(path)) if !path.trim().is_empty() => {
                Ok(OutputSpec::Raw(PathBuf::from(path)))
            }
            ("null", None) => Ok(OutputSpec::Null),
            ("device" | "wav" | "raw", _) => Err(t!("out-missing-name", spec = s)),
            _ => Err(t!("out-unknown", spec = s)),
        }
    }
}

impl fmt::Display for OutputSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputSpec::Device(None) => write!(f, "device"),
            OutputSpec::Device(Some(n)) => write!(f, "device:{n}"),
            OutputSpec::Wav(d) => write!(f, "wav:{}", d.display()),
            OutputSpec::Raw(p) => write!(f, "raw:{}", p.display()),
            OutputSpec::Null => write!(f, "null"),
        }
    }
}

/// A paced writer: receives 16-bit PCM, block by block, when it is due.
pub trait PacedSink: Send {
    /// The output opens, one second ahead of the first program.
    fn begin_session(&mut self) -> Result<(), Msg> {
        Ok(())
    }
    /// A stretch of airing starts (a program, or several back to back);
    /// `label` names its first program (for file names).
    fn begin(&mut self, label: &str) -> Result<(), Msg>;
    /// Interleaved stereo samples.
    fn write(&mut self, samples: &[i16]) -> Result<(), Msg>;
    /// The stretch is over: close what `begin` opened.
    fn end(&mut self) -> Result<(), Msg>;
    /// Whether the sink also wants the silences (the pre-roll, the pauses
    /// between programs of a session), paced: a stream that keeps flowing.
    /// Otherwise it only gets the stretches of airing.
    fn wants_silence(&self) -> bool {
        false
    }
}

/// Discards everything.
pub struct NullSink;

impl PacedSink for NullSink {
    fn begin(&mut self, _: &str) -> Result<(), Msg> {
        Ok(())
    }
    fn write(&mut self, _: &[i16]) -> Result<(), Msg> {
        Ok(())
    }
    fn end(&mut self) -> Result<(), Msg> {
        Ok(())
    }
}

/// One WAV file per stretch of airing (a program, or programs that follow
/// each other without a pause), 48 kHz 16-bit stereo, named after the first
/// program. The file is created with the first sample, so a program stopped
/// before it began leaves nothing behind.
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

    fn create(&self) -> Result<(PathBuf, hound::WavWriter<BufWriter<File>>), Msg> {
        let stem = wav_stem(&self.label);
        let mut path = self.dir.join(format!("{stem}.wav"));
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{stem}-{n}.wav"));
            n += 1;
        }
        let spec = hound::WavSpec {
            channels: CHANNELS,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let w = hound::WavWriter::create(&path, spec).map_err(|e| {
            msg!(
                "out-cannot-create",
                path = path.display().to_string(),
                detail = e.to_string()
            )
        })?;
        Ok((path, w))
    }
}

/// The name of a stretch's WAV file (without `.wav`) from its label, which
/// may be anything a schedule or an operator wrote (`2026-11-29_06-00-00_
/// khan-cap/bão số 9.mp3`): one file in the folder, whatever the label —
/// folder separators and characters file systems refuse become `_`, an
/// audio extension at the end is dropped, and it stays well under the 255
/// bytes a file name may have.
pub(crate) fn wav_stem(label: &str) -> String {
    const MAX_BYTES: usize = 160;
    let lower = label.to_lowercase();
    let label = super::AUDIO_EXTENSIONS
        .iter()
        .find_map(|ext| {
            lower
                .strip_suffix(ext)
                .and_then(|s| s.strip_suffix('.'))
                .map(|s| &label[..s.len()])
        })
        .unwrap_or(label);
    let mut stem = String::new();
    for c in label.chars() {
        let c = match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        };
        if stem.len() + c.len_utf8() > MAX_BYTES {
            break;
        }
        stem.push(c);
    }
    // Not hidden, never "." or "..".
    if stem.starts_with('.') || stem.is_empty() {
        stem.insert(0, '_');
    }
    stem
}

impl PacedSink for WavSink {
    fn begin_session(&mut self) -> Result<(), Msg> {
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            msg!(
                "out-cannot-create",
                path = self.dir.display().to_string(),
                detail = e.to_string()
            )
        })
    }

    fn begin(&mut self, label: &str) -> Result<(), Msg> {
        self.label = label.to_string();
        Ok(())
    }

    fn write(&mut self, samples: &[i16]) -> Result<(), Msg> {
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
            w.write_sample(*s).map_err(|e| {
                msg!(
                    "out-cannot-write",
                    path = path.display().to_string(),
                    detail = e.to_string()
                )
            })?;
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), Msg> {
        if let Some((path, w)) = self.writer.take() {
            w.finalize().map_err(|e| {
                msg!(
                    "out-cannot-write",
                    path = path.display().to_string(),
                    detail = e.to_string()
                )
            })?;
        }
        Ok(())
    }
}

/// Raw PCM, s16le 48 kHz stereo, to a file or a FIFO. Every block is written
/// with one `write(2)` (no user-space buffering). The file stays open across
/// programs. A FIFO without a reader, or one whose reader is slow or has
/// gone, never stops the airing: the audio is discarded or queued (up to
/// two seconds), and the trouble is logged once.
pub(crate) struct RawSink {
    path: PathBuf,
    file: Option<File>,
    /// Bytes a full pipe did not take yet, oldest first.
    backlog: Vec<u8>,
    bytes: Vec<u8>,
    /// Say "no reader" once per stretch of trouble, not every block.
    warned: bool,
}

/// Two seconds of audio.
const RAW_BACKLOG_MAX: usize = 2 * RATE as usize * CHANNELS as usize * 2;

impl RawSink {
    pub(crate) fn new(path: &Path) -> RawSink {
        RawSink {
            path: path.to_path_buf(),
            file: None,
            backlog: Vec::new(),
            bytes: Vec::new(),
            warned: false,
        }
    }

    fn open(&mut self) -> Result<(), Msg> {
        if self.file.is_some() {
            return Ok(());
        }
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&self.path)
        {
            Ok(f) => {
                if self.warned {
                    tracing::info!("{}: a reader is connected again", self.path.display());
                }
                self.warned = false;
                self.file = Some(f);
                Ok(())
            }
            // A FIFO with nobody reading: not an error of the airing.
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                self.trouble(&t!("out-fifo-no-reader"));
                Ok(())
            }
            Err(e) => Err(msg!(
                "out-cannot-open",
                path = self.path.display().to_string(),
                detail = e.to_string()
            )),
        }
    }

    fn trouble(&mut self, what: &str) {
        if !self.warned {
            tracing::warn!("{}: {what}", self.path.display());
            self.warned = true;
        }
    }

    /// Writes as much of `data` as the reader takes; returns what is left.
    fn push(&mut self, data: &[u8]) -> Result<usize, Msg> {
        let Some(f) = self.file.as_mut() else {
            return Ok(data.len());
        };
        let mut done = 0;
        while done < data.len() {
            match f.write(&data[done..]) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    self.file = None;
                    self.backlog.clear();
                    self.trouble(&t!("out-fifo-reader-gone"));
                    return Ok(0);
                }
                Err(e) => {
                    return Err(msg!(
                        "out-cannot-write",
                        path = self.path.display().to_string(),
                        detail = e.to_string()
                    ));
                }
            }
        }
        Ok(data.len() - done)
    }
}

impl PacedSink for RawSink {
    fn begin_session(&mut self) -> Result<(), Msg> {
        self.open()
    }

    fn begin(&mut self, _: &str) -> Result<(), Msg> {
        Ok(())
    }

    fn write(&mut self, samples: &[i16]) -> Result<(), Msg> {
        if self.file.is_none() {
            self.open()?;
        }
        if !self.backlog.is_empty() {
            let backlog = std::mem::take(&mut self.backlog);
            let left = self.push(&backlog)?;
            if self.file.is_some() {
                self.backlog = backlog[backlog.len() - left..].to_vec();
            }
        }
        self.bytes.clear();
        self.bytes
            .extend(samples.iter().flat_map(|s| s.to_le_bytes()));
        let bytes = std::mem::take(&mut self.bytes);
        let left = if self.backlog.is_empty() {
            self.push(&bytes)?
        } else {
            bytes.len()
        };
        if self.file.is_some() && left > 0 {
            self.backlog.extend_from_slice(&bytes[bytes.len() - left..]);
            if self.backlog.len() > RAW_BACKLOG_MAX {
                let drop = self.backlog.len() - RAW_BACKLOG_MAX;
                self.backlog.drain(..drop);
                self.trouble(&t!("out-fifo-slow"));
            }
        }
        self.bytes = bytes;
        Ok(())
    }

    fn end(&mut self) -> Result<(), Msg> {
        Ok(())
    }

    fn wants_silence(&self) -> bool {
        true
    }
}

/// Bus samples to 16-bit: exact for 16-bit sources (x/32768 and back).
// pub for the root crate's tests/render.rs
pub fn to_i16(s: f32) -> i16 {
    (s * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::OpenOptionsExt;

    #[test]
    fn output_specs() {
        assert_eq!("device".parse(), Ok(OutputSpec::Device(None)));
        assert_eq!(
            "device:hw:1,0".parse(),
            Ok(OutputSpec::Device(Some("hw:1,0".into())))
        );
        assert_eq!("wav:/tmp/x".parse(), Ok(OutputSpec::Wav("/tmp/x".into())));
        assert_eq!("null".parse(), Ok(OutputSpec::Null));
        assert_eq!(
            "raw:/tmp/fifo".parse(),
            Ok(OutputSpec::Raw("/tmp/fifo".into()))
        );
        assert!("raw:".parse::<OutputSpec>().is_err());
        assert!("wav:".parse::<OutputSpec>().is_err());
        assert!("speaker".parse::<OutputSpec>().is_err());
        assert_eq!(
            OutputSpec::Device(Some("hw:1,0".into())).to_string(),
            "device:hw:1,0"
        );
    }

    #[test]
    fn raw_writes_little_endian_and_survives_a_fifo_without_reader() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.raw");
        let mut sink = RawSink::new(&file);
        sink.begin_session().unwrap();
        sink.write(&[1, -2, 0x1234]).unwrap();
        sink.end().unwrap();
        assert_eq!(
            std::fs::read(&file).unwrap(),
            [1, 0, 0xfe, 0xff, 0x34, 0x12]
        );

        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a plain mkfifo on a path we own.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let mut sink = RawSink::new(&fifo);
        // No reader: nothing fails, the audio is discarded.
        sink.begin_session().unwrap();
        sink.write(&[1, 2, 3, 4]).unwrap();
        // A reader connects: the next block reaches it.
        let reader = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
            .unwrap();
        sink.write(&[5, 6]).unwrap();
        let mut got = Vec::new();
        use std::io::Read;
        (&reader).read_to_end(&mut got).ok();
        assert_eq!(got, [5, 0, 6, 0]);
        // The reader goes away: still nothing fails.
        drop(reader);
        sink.write(&[7, 8]).unwrap();
        sink.write(&[9, 10]).unwrap();
    }

    #[test]
    fn wav_names_are_one_safe_file_for_any_label() {
        assert_eq!(
            wav_stem("2026-11-29_06-00-00_khan-cap/bao-lu.mp3"),
            "2026-11-29_06-00-00_khan-cap_bao-lu"
        );
        assert_eq!(wav_stem("2026_x.MP3"), "2026_x");
        assert_eq!(wav_stem("2026_tin-sang"), "2026_tin-sang");
        assert_eq!(wav_stem("2026_v1.2"), "2026_v1.2");
        assert_eq!(wav_stem("../../etc/passwd"), "_.._.._etc_passwd");
        assert_eq!(wav_stem(".an"), "_.an");
        assert_eq!(wav_stem(""), "_");
        assert_eq!(wav_stem("a\nb:c"), "a_b_c");
        let long = wav_stem(&"bản tin ".repeat(100));
        assert!(long.len() <= 160, "{}", long.len());
        // Written as a file, in the folder and nowhere else.
        let dir = tempfile::tempdir().unwrap();
        for label in [
            "2026-11-29_06-00-00_khan-cap/bão số 9.mp3",
            "2026-11-29_06-00-00_cchc/thong-bao/tiep.m4a",
            "../x",
            &"dài ".repeat(200),
        ] {
            let mut sink = WavSink::new(dir.path());
            sink.begin_session().unwrap();
            sink.begin(label).unwrap();
            sink.write(&[1, 2, 3, 4]).unwrap();
            sink.end().unwrap();
        }
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), 4, "{names:?}");
        assert!(
            names
                .iter()
                .all(|n| n.ends_with(".wav") && !n.ends_with(".mp3.wav"))
        );
        assert!(names.contains(&"2026-11-29_06-00-00_khan-cap_bão số 9.wav".to_string()));
    }

    #[test]
    fn sixteen_bit_round_trip_is_exact() {
        for v in [i16::MIN, -12345, -1, 0, 1, 12345, i16::MAX] {
            assert_eq!(to_i16(v as f32 / 32768.0), v);
        }
    }
}
