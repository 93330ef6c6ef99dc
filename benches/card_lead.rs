//! Whether the player keeps ahead of a sound card (`CARD_LEAD` and
//! `card_lead` of audio::player): the card's callback takes a period at a
//! time (rodio asks cpal for 2,048 frames, 42.7 ms), so the ring holds a
//! period and a block (at least 50 ms); when the card has taken a period it
//! wakes the player, which must render the next before the card comes back:
//! its wake-up lateness plus the time to render a period's worth of blocks
//! at the worst moment (a packet to decode, a resampler chunk, a file read)
//! must stay well under a period.
//!
//! This measures the last two on this machine, as it is loaded now:
//! - every 10 ms block of the bus rendering each example file (decode,
//!   resample, limiter), looped, and the worst run of blocks that makes up
//!   one period;
//! - how late a thread parked for 10 ms wakes up (the player's tick).
//!
//! Run: `cargo bench --bench card_lead`

use std::path::Path;
use std::time::{Duration, Instant};

use loaxa::audio::FileDecoder;
use loaxa::audio::bus::{Bus, Cue, Program};

const BLOCK: usize = 480;
const PERIOD: usize = 2_048;

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let audio = Path::new(env!("CARGO_MANIFEST_DIR")).join("audio");
    let files = [
        "nhac-hieu.mp3",
        "cchc/ban-tin-mot-cua.mp3",
        "cchc/ban-tin-khai-sinh.ogg",
        "cchc/khao-sat-hai-long.flac",
    ];
    println!(
        "render of one 10 ms block (480 frames), and of the blocks of one 2,048-frame period:"
    );
    let mut worst_period = Duration::ZERO;
    for name in files {
        let (mut bus, handle, _events) = Bus::new();
        let loops = 30;
        let cues: Vec<Cue> = (0..loops)
            .map(|i| {
                let d = FileDecoder::open(&audio.join(name)).expect("an example file");
                Cue::shaped(i, d, 0, u64::MAX / 4, 0.8, Some(0.84)).expect("a resampler")
            })
            .collect();
        handle.start(
            Program {
                id: 1,
                cues,
                rank: 0,
                grace: 48_000,
            },
            0,
        );
        let mut block = vec![0.0f32; BLOCK * 2];
        let mut times = Vec::new();
        // (The program is read from the bus's commands at the first render.)
        loop {
            let t = Instant::now();
            bus.render(&mut block);
            times.push(t.elapsed());
            if !bus.busy() {
                break;
            }
        }
        // The worst stretch of consecutive blocks covering a period.
        let per = PERIOD.div_ceil(BLOCK);
        let period = times
            .windows(per)
            .map(|w| w.iter().sum::<Duration>())
            .max()
            .unwrap_or_default();
        worst_period = worst_period.max(period);
        let n = times.len();
        let (median, p99, max) = (
            pct(&mut times, 0.5),
            pct(&mut times, 0.99),
            pct(&mut times, 1.0),
        );
        println!(
            "  {name:32} {n:6} blocks: median {:7.1} µs, p99 {:7.1} µs, max {:7.1} µs; worst period {:6.2} ms",
            median.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6,
            max.as_secs_f64() * 1e6,
            period.as_secs_f64() * 1e3
        );
    }
    let tick = Duration::from_millis(10);
    let mut late = Vec::new();
    for _ in 0..500 {
        let t = Instant::now();
        std::thread::park_timeout(tick);
        late.push(t.elapsed().saturating_sub(tick));
    }
    let (median, p99, max) = (
        pct(&mut late, 0.5),
        pct(&mut late, 0.99),
        pct(&mut late, 1.0),
    );
    println!(
        "wake-up after a 10 ms park, late by: median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        median.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    let period = Duration::from_secs_f64(PERIOD as f64 / 48_000.0);
    let busy = max + worst_period;
    println!(
        "the ring holds a period ({:.1} ms) and a block when the card takes one; the player, woken then, \
         has a period to render the next: worst wake-up {:.2} ms + worst period render {:.2} ms = {:.2} ms, \
         {:.0}% of the period",
        period.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        worst_period.as_secs_f64() * 1e3,
        busy.as_secs_f64() * 1e3,
        busy.as_secs_f64() / period.as_secs_f64() * 100.0
    );
}
