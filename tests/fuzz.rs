//! Fuzzing the front ends that read what people and machines hand loaxa:
//! the schedule reader, the settings reader and the audio probe/decoder.
//! Each case is a file of the corpus (`tests/fuzz-corpus/`) mangled —
//! bytes flipped, cut, repeated, inserted — or plain random bytes. Whatever
//! comes in, the answer is a verdict (a value or an error with a place),
//! never a panic, a hang or an allocation the input asks for. The number
//! of cases is bounded (`PROPTEST_CASES` raises it for a longer run); a
//! failure prints the input that caused it, to add to the corpus.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

fn corpus(kind: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-corpus")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Edit {
    Flip {
        at: usize,
        bits: u8,
    },
    Set {
        at: usize,
        byte: u8,
    },
    Cut {
        at: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Repeat {
        at: usize,
        len: usize,
        times: usize,
    },
    /// A little-endian number written over 4 bytes: header fields.
    Number {
        at: usize,
        value: u32,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<usize>();
    prop_oneof![
        (at, 1u8..=255).prop_map(|(at, bits)| Edit::Flip { at, bits }),
        (at, any::<u8>()).prop_map(|(at, byte)| Edit::Set { at, byte }),
        at.prop_map(|at| Edit::Cut { at }),
        (at, proptest::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Edit::Insert { at, bytes }),
        (at, 1usize..64, 1usize..8).prop_map(|(at, len, times)| Edit::Repeat { at, len, times }),
        (
            at,
            prop_oneof![
                Just(0u32),
                Just(1),
                Just(u32::MAX),
                Just(0x7fff_ffff),
                any::<u32>()
            ]
        )
            .prop_map(|(at, value)| Edit::Number { at, value }),
    ]
}

fn apply(mut data: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = data.len().max(1);
        match e {
            Edit::Flip { at, bits } => {
                if let Some(b) = data.get_mut(at % n) {
                    *b ^= bits;
                }
            }
            Edit::Set { at, byte } => {
                if let Some(b) = data.get_mut(at % n) {
                    *b = *byte;
                }
            }
            Edit::Cut { at } => data.truncate(at % n),
            Edit::Insert { at, bytes } => {
                let at = (at % n).min(data.len());
                data.splice(at..at, bytes.iter().copied());
            }
            Edit::Repeat { at, len, times } => {
                let at = (at % n).min(data.len());
                let end = (at + len).min(data.len());
                let piece = data[at..end].to_vec();
                for _ in 0..*times {
                    data.splice(end..end, piece.iter().copied());
                }
            }
            Edit::Number { at, value } => {
                let at = at % n;
                for (i, b) in value.to_le_bytes().iter().enumerate() {
                    if let Some(slot) = data.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
        }
    }
    data
}

/// A corpus file, damaged; or random bytes.
fn input(kind: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let files = corpus(kind);
    let n = files.len();
    prop_oneof![
        4 => (0..n, proptest::collection::vec(edit(), 0..6))
            .prop_map(move |(i, edits)| apply(files[i].clone(), &edits)),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 600,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_schedule_reader_takes_any_text(bytes in input("schedules")) {
        let text = String::from_utf8_lossy(&bytes);
        let parsed = loaxa::schedule::parse(
            "schedules/x.json",
            &text,
            &loaxa::topics::TopicList::default(),
        );
        // Nothing usable is never silent: it says why.
        if parsed.schedule.is_none() {
            prop_assert!(!parsed.diagnostics.is_empty());
        }
        for d in &parsed.diagnostics {
            let line = loaxa::i18n::diagnostic(d);
            prop_assert!(!line.contains('\n'), "one line: {line:?}");
            prop_assert!(line.starts_with("schedules/x.json"), "{line}");
        }
    }

    #[test]
    fn the_settings_reader_takes_any_text(bytes in input("settings")) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("loaxa.toml"), &bytes).unwrap();
        match loaxa::station::Station::open(dir.path()) {
            Ok(st) => {
                prop_assert!(st.settings.grace >= chrono::Duration::zero());
                prop_assert!(st.settings.grace <= chrono::Duration::hours(24));
            }
            Err(e) => {
                let line = e.to_string();
                prop_assert!(!line.is_empty());
            }
        }
    }
}

proptest! {
    // Decoding is slower than parsing: fewer cases, same kinds of damage.
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_audio_front_end_takes_any_bytes(
        bytes in input("audio"),
        ext in prop_oneof![Just("wav"), Just("mp3"), Just("ogg"), Just("flac"), Just("m4a")],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("x.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        // Probe, decode whole, measure, as the library does: a verdict.
        match loaxa::library::analyze_for(&path, loaxa::schedule::Level::Target(-16.0)) {
            Ok(f) => {
                prop_assert!(f.duration.is_finite() && f.duration >= 0.0);
                prop_assert!((1_000..=768_000).contains(&f.rate), "{}", f.rate);
                prop_assert!((1..=32).contains(&f.channels));
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
