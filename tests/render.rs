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
        .map(|(i, f)| Cue::new(i, FileDecoder::open(f).expect("decodable")))
        .collect();
    player.play(PlayRequest {
        airing: 1,
        start,
        cues,
        label: "test".into(),
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

#[test]
fn the_example_station_formats_decode_and_join() {
    // MP3 at 44.1 kHz stereo, MP3 and OGG at 22.05 kHz mono, FLAC at 16 kHz.
    let repo = Path::new(common::REPO).join("audio");
    let files = [
        repo.join("nhac-hieu.mp3"),
        repo.join("cchc/ban-tin-mot-cua.mp3"),
        repo.join("cchc/ban-tin-khai-sinh.ogg"),
        repo.join("cchc/khao-sat-hai-long.flac"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let (events, out) = render(&refs, dir.path());
    let decoded: Vec<f64> = files
        .iter()
        .map(|f| loaxa::audio::probe(f).unwrap().duration)
        .collect();
    let played: Vec<f64> = events
        .iter()
        .filter_map(|e| match e {
            PlayerEvent::SegmentEnded {
                played, cut: None, ..
            } => Some(*played),
            _ => None,
        })
        .collect();
    assert_eq!(played.len(), 4);
    // Resampled to 48 kHz, each keeps its length (within a few output samples).
    for (p, d) in played.iter().zip(&decoded) {
        assert!((p - d).abs() < 0.001, "played {p} s of a {d} s file");
    }
    let total: f64 = played.iter().sum();
    assert_eq!(out.len() as u64, (total * 48_000.0).round() as u64 * 2);
    // Sound, not silence.
    assert!(out.iter().any(|s| s.unsigned_abs() > 1000));
}
