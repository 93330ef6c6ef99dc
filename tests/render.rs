//! A program rendered through the bus and the player thread, the same path
//! a sound card is fed by, into a WAV file on a simulated clock: segments
//! must follow each other with no sample lost, added or moved.

mod common;

use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use loaxa::audio::bus::Cue;
use loaxa::audio::{FileDecoder, OutputSpec, PlayRequest, Player, PlayerEvent};
use loaxa::clock::{Clock, SimClock};

use common::{pattern, read_wav, write_wav};

fn render(files: &[&Path], out_dir: &Path) -> (Vec<PlayerEvent>, Vec<i16>) {
    let start = Utc.with_ymd_and_hms(2014, 3, 17, 23, 30, 0).unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SimClock::new(start - chrono::Duration::seconds(3)));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let player = Player::spawn(OutputSpec::Wav(out_dir.to_path_buf()), clock, tx);
    let cues = files
        .iter()
        .enumerate()
        .map(|(i, f)| Cue::new(i, FileDecoder::open(f).expect("decodable")).expect("resampler"))
        .collect();
    player.play(PlayRequest {
        airing: 1,
        start,
        cues,
        label: "test".into(),
        rank: 0,
        grace: chrono::Duration::minutes(5),
    });
    let mut events = Vec::new();
    while let Some(e) = rx.blocking_recv() {
        let done = matches!(
            e,
            PlayerEvent::ProgramEnded { .. } | PlayerEvent::ProgramFailed { .. }
        );
        events.push(e);
        if done {
            break;
        }
    }
    player.shutdown();
    let (spec, samples) = read_wav(&out_dir.join("test.wav"));
    assert_eq!(
        (spec.sample_rate, spec.channels, spec.bits_per_sample),
        (48_000, 2, 16)
    );
    (events, samples)
}

#[test]
fn segments_follow_each_other_sample_for_sample() {
    let dir = tempfile::tempdir().unwrap();
    // Odd lengths, on purpose not multiples of the 480-frame output block.
    let a = pattern(24_001, 2, 1);
    let b_mono = pattern(10_007, 1, 2);
    let c = pattern(35, 2, 3);
    write_wav(&dir.path().join("a.wav"), 48_000, 2, &a);
    write_wav(&dir.path().join("b.wav"), 48_000, 1, &b_mono);
    write_wav(&dir.path().join("c.wav"), 48_000, 2, &c);
    let files = [
        dir.path().join("a.wav"),
        dir.path().join("b.wav"),
        dir.path().join("c.wav"),
    ];
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (events, out) = render(&refs, &dir.path().join("out"));

    // Mono is doubled to both channels.
    let b: Vec<i16> = b_mono.iter().flat_map(|s| [*s, *s]).collect();
    let expected: Vec<i16> = a.iter().chain(&b).chain(&c).copied().collect();
    assert_eq!(out.len(), expected.len(), "total length in samples");
    if let Some(i) = out.iter().zip(&expected).position(|(x, y)| x != y) {
        panic!("first differing sample at {i} (frame {})", i / 2);
    }

    // Boundaries: each segment starts where the previous ended, at the sample.
    let start = Utc.with_ymd_and_hms(2014, 3, 17, 23, 30, 0).unwrap();
    let at = |frames: i64| start + chrono::Duration::microseconds(frames * 1_000_000 / 48_000);
    let starts: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::SegmentStarted { index, at, .. } => Some((*index, *at)),
            _ => None,
        })
        .collect();
    assert_eq!(starts, vec![(0, at(0)), (1, at(24_001)), (2, at(34_008))]);
    let ends: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::SegmentEnded {
                index, played, cut, ..
            } => Some((*index, (*played * 48_000.0).round() as u64, cut.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        ends,
        vec![(0, 24_001, None), (1, 10_007, None), (2, 35, None)]
    );
    assert!(
        matches!(events.last(), Some(PlayerEvent::ProgramEnded { at: t, .. }) if *t == at(34_043))
    );
}

/// What one file alone becomes on the bus (48 kHz stereo, as i16).
fn alone(path: &Path) -> Vec<i16> {
    let d = FileDecoder::open(path).unwrap();
    loaxa::audio::resample::To48k::new(d)
        .unwrap()
        .map(loaxa::audio::output::to_i16)
        .collect()
}

#[test]
fn mp3_44k_wav_48k_and_ogg_22k_join_to_the_exact_sum_of_their_resampled_lengths() {
    let repo = Path::new(common::REPO).join("audio");
    let dir = tempfile::tempdir().unwrap();
    write_wav(&dir.path().join("b.wav"), 48_000, 2, &pattern(30_011, 2, 9));
    let files = [
        repo.join("nhac-hieu.mp3"),               // MP3, 44.1 kHz stereo
        dir.path().join("b.wav"),                 // WAV, 48 kHz stereo
        repo.join("cchc/ban-tin-khai-sinh.ogg"),  // OGG Vorbis, 22.05 kHz mono
        repo.join("cchc/khao-sat-hai-long.flac"), // FLAC, 16 kHz mono
    ];
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (events, out) = render(&refs, &dir.path().join("out"));

    // Expected length of each: ceil(decoded frames × 48000 / rate).
    let lengths: Vec<u64> = files
        .iter()
        .map(|f| {
            let info = loaxa::audio::probe(f).unwrap();
            loaxa::audio::resample::frames_at_48k(info.frames, info.rate)
        })
        .collect();
    assert_eq!(lengths[1], 30_011);
    assert_eq!(
        out.len() as u64,
        2 * lengths.iter().sum::<u64>(),
        "total samples"
    );

    // Each boundary where it must be, and each segment's samples exactly
    // those of the file converted on its own: nothing lost, added or moved.
    let played: Vec<u64> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::SegmentEnded {
                played, cut: None, ..
            } => Some((played * 48_000.0).round() as u64),
            _ => None,
        })
        .collect();
    assert_eq!(played, lengths);
    let mut at = 0usize;
    for (f, len) in files.iter().zip(&lengths) {
        let expected = alone(f);
        assert_eq!(expected.len() as u64, 2 * len);
        let got = &out[at..at + expected.len()];
        if let Some(i) = got.iter().zip(&expected).position(|(a, b)| a != b) {
            panic!("{}: first differing sample at frame {}", f.display(), i / 2);
        }
        at += expected.len();
    }
    // Sound, not silence.
    assert!(out.iter().any(|s| s.unsigned_abs() > 1000));
}

#[test]
fn resampling_keeps_the_signal() {
    // A 1 kHz tone at 22.05 kHz comes out as a 1 kHz tone at 48 kHz, same level.
    let dir = tempfile::tempdir().unwrap();
    let n = 22_050;
    let tone: Vec<i16> = (0..n)
        .map(|i| {
            ((i as f64 * 2.0 * std::f64::consts::PI * 1000.0 / 22_050.0).sin() * 16_000.0) as i16
        })
        .collect();
    write_wav(&dir.path().join("t.wav"), 22_050, 1, &tone);
    let out = alone(&dir.path().join("t.wav"));
    assert_eq!(out.len(), 2 * 48_000);
    // Away from the edges, compare with the ideal tone at 48 kHz.
    let mut worst = 0i32;
    for k in 1_000..47_000 {
        let ideal =
            ((k as f64 * 2.0 * std::f64::consts::PI * 1000.0 / 48_000.0).sin() * 16_000.0) as i32;
        worst = worst.max((out[2 * k] as i32 - ideal).abs());
        assert_eq!(out[2 * k], out[2 * k + 1], "mono doubled");
    }
    // Rounding only (the old linear interpolation was off by tens).
    assert!(worst <= 2, "largest error {worst} of 16000");
}

#[test]
fn pre_roll_streams_silence_and_the_first_sample_leaves_at_the_instant() {
    let dir = tempfile::tempdir().unwrap();
    let prog = pattern(4_800, 2, 4);
    write_wav(&dir.path().join("p.wav"), 48_000, 2, &prog);
    let start = Utc.with_ymd_and_hms(2014, 3, 17, 23, 30, 0).unwrap();
    // The player gets the program 2.5 s ahead, as the daemon's pre-roll does.
    let clock: Arc<dyn Clock> =
        Arc::new(SimClock::new(start - chrono::Duration::milliseconds(2_500)));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let raw = dir.path().join("out.raw");
    let player = Player::spawn(
        OutputSpec::Raw(raw.clone()),
        clock.clone() as Arc<dyn loaxa::audio::Clock>,
        tx,
    );
    let cue = Cue::new(0, FileDecoder::open(&dir.path().join("p.wav")).unwrap()).unwrap();
    player.play(PlayRequest {
        airing: 1,
        start,
        cues: vec![cue],
        label: "x".into(),
        rank: 0,
        grace: chrono::Duration::minutes(5),
    });
    let mut first = None;
    while let Some(e) = rx.blocking_recv() {
        match e {
            PlayerEvent::SegmentStarted { at, .. } => first = Some(at),
            PlayerEvent::ProgramEnded { .. } | PlayerEvent::ProgramFailed { .. } => break,
            _ => {}
        }
    }
    player.shutdown();
    // The first sample left within one 10 ms output block of the instant.
    let first = first.expect("the program started");
    assert!(
        (first - start).num_microseconds().unwrap().abs() < 10_000,
        "{first} vs {start}"
    );
    // The output opened one second ahead and the stream flowed through that
    // pre-roll: 1 s of silence, then the program.
    let bytes = std::fs::read(&raw).unwrap();
    let samples: Vec<i16> = bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let lead = samples.iter().position(|s| *s != 0).unwrap() / 2;
    assert_eq!(lead, 48_000, "1 s of pre-roll at 48 kHz");
    let after = &samples[2 * lead..];
    assert!(
        after[..prog.len()] == prog[..],
        "the program, sample for sample"
    );
    // The stream runs on to the end of its last 10 ms block, silent.
    let tail = &after[prog.len()..];
    assert!(tail.len() <= 2 * 480 && tail.iter().all(|s| *s == 0));
}
