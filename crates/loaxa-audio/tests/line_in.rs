//! Line-in capture without a sound card: alsa-lib reads a config of our own
//! (`ALSA_CONFIG_PATH`) whose capture PCM is `type file` over `type null`
//! with an `infile`: what the "card" captures is that file. One test in
//! this binary: the environment is set before alsa-lib reads it.

use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use loaxa_audio::capture::{CaptureSink, start_line_in};
use loaxa_i18n::Msg;

/// Collects what the capture pushes, up to `want` samples.
struct Collect {
    got: Vec<f32>,
    want: usize,
    done: Sender<Vec<f32>>,
    downs: Sender<Msg>,
}

impl CaptureSink for Collect {
    fn push(&mut self, samples: &[f32]) -> bool {
        self.got.extend_from_slice(samples);
        if self.got.len() >= self.want {
            let _ = self.done.send(std::mem::take(&mut self.got));
            return false;
        }
        true
    }
    fn set_down(&self, why: Msg) {
        let _ = self.downs.send(why);
    }
    fn set_up(&self) {}
    fn closed(&self) -> bool {
        false
    }
}

/// A 1 kHz tone on the left, 500 Hz on the right, as f32 stereo at 48 kHz.
fn tone(frames: usize) -> Vec<f32> {
    (0..frames)
        .flat_map(|i| {
            let t = i as f32 / 48_000.0;
            [
                0.5 * (2.0 * std::f32::consts::PI * 1_000.0 * t).sin(),
                0.25 * (2.0 * std::f32::consts::PI * 500.0 * t).sin(),
            ]
        })
        .collect()
}

#[test]
fn line_in_captures_what_the_card_records() {
    let dir = tempfile::tempdir().unwrap();
    let input = tone(48_000 * 20);
    let bytes: Vec<u8> = input.iter().flat_map(|s| s.to_le_bytes()).collect();
    let raw = dir.path().join("in.raw");
    std::fs::write(&raw, bytes).unwrap();
    let conf = dir.path().join("asound.conf");
    std::fs::write(
        &conf,
        format!(
            r#"
pcm.loaxa_in {{
    type file
    slave.pcm {{ type null }}
    file "/dev/null"
    infile "{raw}"
    format "raw"
    hint {{ show on description "loaxa test: a line-in that plays a file" }}
}}
"#,
            raw = raw.display()
        ),
    )
    .unwrap();
    // SAFETY: the only test of this binary, before any thread reads the environment.
    unsafe { std::env::set_var("ALSA_CONFIG_PATH", &conf) };

    // A name that is not there: reported as down, and tried again.
    let (done_tx, _done) = channel();
    let (down_tx, downs) = channel();
    let missing = start_line_in(
        Some("nothing-here".into()),
        Collect {
            got: Vec::new(),
            want: usize::MAX,
            done: done_tx,
            downs: down_tx,
        },
    );
    let why = downs.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(loaxa_i18n::render(&why).contains("nothing-here"), "{why:?}");
    missing.stop();

    let (done_tx, done) = channel();
    let (down_tx, downs) = channel();
    let want = 9_600; // 100 ms of stereo
    let handle = start_line_in(
        Some("loaxa_in".into()),
        Collect {
            got: Vec::new(),
            want,
            done: done_tx,
            downs: down_tx,
        },
    );
    let got = done
        .recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| {
            panic!(
                "no audio; downs: {:?}",
                downs.try_iter().collect::<Vec<_>>()
            )
        });
    handle.stop();
    // alsa-lib's `null` device is not paced: it gives samples as fast as
    // they are asked for, faster than a card, so the capture drops whole
    // blocks here (a real card's pace never outruns the capture thread).
    // The test hears the tone: its level and its pitch on each side.
    for (side, level, hz) in [(0, 0.5f32, 1_000.0f32), (1, 0.25, 500.0)] {
        let x: Vec<f32> = got.iter().skip(side).step_by(2).copied().collect();
        let rms = (x.iter().map(|s| s * s).sum::<f32>() / x.len() as f32).sqrt();
        let expected = level / std::f32::consts::SQRT_2;
        assert!((rms / expected - 1.0).abs() < 0.1, "side {side}: rms {rms}");
        // The pitch: most short windows repeat after one period of the
        // tone (a block dropped under load breaks one window, not the rest).
        let period = (48_000.0 / hz) as usize;
        let mut repeats: Vec<f32> = x
            .chunks_exact(3 * period)
            .map(|w| {
                let (a, b) = (&w[..2 * period], &w[period..]);
                let dot: f32 = a.iter().zip(b).map(|(p, q)| p * q).sum();
                let na = a.iter().map(|p| p * p).sum::<f32>().sqrt();
                let nb = b.iter().map(|q| q * q).sum::<f32>().sqrt();
                dot / (na * nb).max(1e-9)
            })
            .collect();
        repeats.sort_by(f32::total_cmp);
        let median = repeats[repeats.len() / 2];
        assert!(median > 0.95, "side {side}: {hz} Hz not heard ({median})");
    }
}
