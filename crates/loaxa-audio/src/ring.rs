//! The ring between the player thread (which renders the bus ahead) and the
//! sound card's callback (which only copies samples out): a bounded,
//! lock-free, single-producer single-consumer queue of interleaved stereo
//! frames.
//!
//! Positions are frame counts that only grow (`write`, `read`); a frame at
//! position `p` lives in slot `p % capacity`. Each sample is an `AtomicU32`
//! holding the `f32`'s bits, written and read with relaxed ordering; the
//! positions are published with release and read with acquire, so the
//! consumer never sees a slot before its sample is in it, and the producer
//! never overwrites a slot the consumer has not passed. No lock, no
//! allocation after `new`, no `unsafe`.
//!
//! Besides the samples the ring carries what the two sides must tell each
//! other:
//! - **mute** (producer → consumer): "play every frame before `mute_to` as
//!   silence". A stop asks for it, so what was rendered ahead of the card
//!   is not heard: the stop is prompt, and the frame ↔ time mapping does
//!   not move (the muted frames still take their time on the card). The
//!   consumer says where it began muting (`muted_from`) and which request it
//!   honoured (`mute_ack`), so the player can log the cut where it was heard.
//! - **underruns** (consumer → producer): frames of silence the consumer had
//!   to play because the ring was empty, and how many times it happened.
//! - **wake-up** (consumer → producer): when the ring runs low the consumer
//!   unparks the producer's thread (once per refill), so a refill does not
//!   wait for the producer's timer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::thread::Thread;
use std::time::Duration;

/// Frames the consumer copies out per refill of its local chunk: bounds how
/// late it notices a mute (1.3 ms) and how often it touches the shared
/// positions.
const CHUNK: usize = 64;

/// How long the consumer waits for the producer when the ring is empty,
/// before it plays silence: `WAIT_STEPS` sleeps of `WAIT_STEP`. A device
/// that is paced (a real card) only gets here when the producer has fallen
/// a whole buffer behind, and the card still holds its own buffer while we
/// wait; a device that is not paced (ALSA's `null` plugin, which takes
/// samples as fast as they come) gets here after every refill, and must get
/// the program's samples, not silence. Once a wait has failed the consumer
/// plays silence at once until samples come again, so a producer that is
/// stuck (a hung disk) cannot make every callback slow.
const WAIT_STEP: Duration = Duration::from_micros(250);
const WAIT_STEPS: u32 = 400;

struct Shared {
    slots: Box<[AtomicU32]>,
    /// Capacity in frames (a power of two).
    frames: u64,
    write: AtomicU64,
    read: AtomicU64,
    mute_to: AtomicU64,
    muted_from: AtomicU64,
    mute_ack: AtomicU64,
    underruns: AtomicU64,
    underrun_frames: AtomicU64,
    /// The producer has been asked to refill and not yet done so.
    wanted: AtomicBool,
    /// Frames left in the ring below which the consumer wakes the producer.
    low_water: u64,
    producer: Thread,
}

impl Shared {
    fn wake(&self) {
        if !self.wanted.swap(true, Ordering::AcqRel) {
            self.producer.unpark();
        }
    }
}

/// Creates a ring of at least `frames` frames whose producer is the calling
/// thread (the one the consumer wakes), waking it when fewer than
/// `low_water` frames are left.
pub(crate) fn ring(frames: usize, low_water: usize) -> (Producer, Consumer) {
    let frames = frames.max(CHUNK).next_power_of_two() as u64;
    let shared = Arc::new(Shared {
        slots: (0..frames * 2).map(|_| AtomicU32::new(0)).collect(),
        frames,
        write: AtomicU64::new(0),
        read: AtomicU64::new(0),
        mute_to: AtomicU64::new(0),
        muted_from: AtomicU64::new(0),
        mute_ack: AtomicU64::new(0),
        underruns: AtomicU64::new(0),
        underrun_frames: AtomicU64::new(0),
        wanted: AtomicBool::new(false),
        low_water: low_water as u64,
        producer: std::thread::current(),
    });
    (
        Producer {
            shared: Arc::clone(&shared),
            write: 0,
        },
        Consumer {
            shared,
            read: 0,
            mute_seen: 0,
            chunk: [0.0; CHUNK * 2],
            pos: 0,
            len: 0,
            starved: false,
            wait_steps: WAIT_STEPS,
        },
    )
}

/// The player thread's side.
pub(crate) struct Producer {
    shared: Arc<Shared>,
    /// Frames written (own copy of `shared.write`).
    write: u64,
}

/// What the consumer has done, as the producer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Played {
    /// Frames of the ring the consumer has taken (played or muted).
    pub(crate) read: u64,
    /// Underruns so far: times it found the ring empty and played silence,
    /// and frames of silence it played so.
    pub(crate) underruns: u64,
    pub(crate) underrun_frames: u64,
}

impl Producer {
    /// Frames written and not yet taken by the consumer.
    pub(crate) fn buffered(&self) -> u64 {
        self.write - self.shared.read.load(Ordering::Acquire)
    }

    /// Room for this many more frames.
    pub(crate) fn free(&self) -> u64 {
        self.shared.frames - self.buffered()
    }

    /// Appends interleaved stereo frames; returns how many frames fitted.
    pub(crate) fn push(&mut self, samples: &[f32]) -> usize {
        let n = ((samples.len() / 2) as u64).min(self.free());
        let mask = self.shared.frames - 1;
        for i in 0..n {
            let slot = (((self.write + i) & mask) * 2) as usize;
            let s = (i * 2) as usize;
            self.shared.slots[slot].store(samples[s].to_bits(), Ordering::Relaxed);
            self.shared.slots[slot + 1].store(samples[s + 1].to_bits(), Ordering::Relaxed);
        }
        self.write += n;
        self.shared.write.store(self.write, Ordering::Release);
        n as usize
    }

    /// Asks the consumer to play everything written so far as silence;
    /// returns the position up to which it will (`written()` now).
    pub(crate) fn mute_buffered(&self) -> u64 {
        self.shared.mute_to.store(self.write, Ordering::Release);
        self.write
    }

    /// Where the consumer began muting for the mute up to `to`, once it has
    /// seen that request (or a later one): `None` until then.
    pub(crate) fn muted_from(&self, to: u64) -> Option<u64> {
        // `mute_ack` is stored after `muted_from`, both before the consumer
        // moves `read` past the first muted frame.
        if self.shared.mute_ack.load(Ordering::Acquire) >= to {
            Some(self.shared.muted_from.load(Ordering::Relaxed).min(to))
        } else {
            None
        }
    }

    /// What the consumer has taken so far. `read` is loaded first: a mute
    /// acknowledged before it is visible with it.
    pub(crate) fn played(&self) -> Played {
        let read = self.shared.read.load(Ordering::Acquire);
        Played {
            read,
            underruns: self.shared.underruns.load(Ordering::Relaxed),
            underrun_frames: self.shared.underrun_frames.load(Ordering::Relaxed),
        }
    }

    /// The producer is about to refill: the next time the ring runs low the
    /// consumer wakes it again.
    pub(crate) fn refilling(&self) {
        self.shared.wanted.store(false, Ordering::Release);
    }
}

/// The sound card callback's side: hands out samples one by one (what a
/// rodio `Source` is asked for), copying them from the ring a chunk at a time.
pub(crate) struct Consumer {
    shared: Arc<Shared>,
    /// Frames taken (own copy of `shared.read`).
    read: u64,
    /// The latest mute request seen: frames before it play as silence.
    mute_seen: u64,
    chunk: [f32; CHUNK * 2],
    pos: usize,
    len: usize,
    /// The last wait for the producer failed: play silence without waiting
    /// until samples come again.
    starved: bool,
    wait_steps: u32,
}

impl Consumer {
    /// The next sample (left, right, left, …); silence when the producer
    /// has nothing (an underrun, counted).
    pub(crate) fn next_sample(&mut self) -> f32 {
        if self.pos == self.len {
            self.refill();
        }
        let s = self.chunk[self.pos];
        self.pos += 1;
        s
    }

    fn refill(&mut self) {
        let sh = &*self.shared;
        let mute = sh.mute_to.load(Ordering::Acquire);
        if mute > self.mute_seen {
            self.mute_seen = mute;
            sh.muted_from.store(self.read, Ordering::Relaxed);
            sh.mute_ack.store(mute, Ordering::Release);
        }
        let mut avail = sh.write.load(Ordering::Acquire) - self.read;
        if avail == 0 {
            sh.wake();
            if !self.starved {
                for _ in 0..self.wait_steps {
                    std::thread::sleep(WAIT_STEP);
                    avail = sh.write.load(Ordering::Acquire) - self.read;
                    if avail > 0 {
                        break;
                    }
                }
            }
        }
        if avail == 0 {
            // An underrun: a short stretch of silence, counted.
            if !self.starved {
                self.starved = true;
                sh.underruns.fetch_add(1, Ordering::Relaxed);
            }
            let n = CHUNK / 2;
            self.chunk[..n * 2].fill(0.0);
            sh.underrun_frames.fetch_add(n as u64, Ordering::Relaxed);
            self.pos = 0;
            self.len = n * 2;
            return;
        }
        self.starved = false;
        let n = avail.min(CHUNK as u64);
        let mask = sh.frames - 1;
        for i in 0..n {
            let p = self.read + i;
            let slot = ((p & mask) * 2) as usize;
            let c = (i * 2) as usize;
            if p < self.mute_seen {
                self.chunk[c] = 0.0;
                self.chunk[c + 1] = 0.0;
            } else {
                self.chunk[c] = f32::from_bits(sh.slots[slot].load(Ordering::Relaxed));
                self.chunk[c + 1] = f32::from_bits(sh.slots[slot + 1].load(Ordering::Relaxed));
            }
        }
        self.read += n;
        sh.read.store(self.read, Ordering::Release);
        self.pos = 0;
        self.len = (n * 2) as usize;
        if avail - n < sh.low_water {
            sh.wake();
        }
    }

    /// Tests: how long to wait for the producer on an empty ring.
    #[cfg(test)]
    pub(crate) fn with_wait_steps(mut self, steps: u32) -> Consumer {
        self.wait_steps = steps;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(from: u32, n: u32) -> Vec<f32> {
        (from..from + n)
            .flat_map(|i| [i as f32, -(i as f32)])
            .collect()
    }

    fn take(c: &mut Consumer, n: usize) -> Vec<f32> {
        (0..n * 2).map(|_| c.next_sample()).collect()
    }

    #[test]
    fn samples_come_out_in_order_across_the_wrap_around() {
        let (mut p, c) = ring(100, 10);
        let mut c = c.with_wait_steps(0);
        // 128 frames of room (rounded up to a power of two).
        assert_eq!(p.free(), 128);
        let mut next = 0u32;
        let mut heard = Vec::new();
        // Uneven writes and reads, far past the capacity; never more read
        // than written (the consumer copies 64 frames at a time, so the
        // ring may already count some as taken).
        for round in 0..40u32 {
            let n = 37 + (round * 13) % 90;
            next += p.push(&frames(next, n)) as u32;
            let unheard = next as usize - heard.len() / 2;
            let k = unheard.min(29 + (round as usize * 7) % 80);
            heard.extend(take(&mut c, k));
        }
        let unheard = next as usize - heard.len() / 2;
        heard.extend(take(&mut c, unheard));
        assert!(next > 1000, "went round the ring several times");
        assert_eq!(heard.len(), next as usize * 2);
        let first_wrong = heard.iter().zip(&frames(0, next)).position(|(a, b)| a != b);
        assert_eq!(first_wrong, None);
        assert_eq!(p.played().underruns, 0);
    }

    #[test]
    fn a_full_ring_takes_no_more() {
        let (mut p, mut c) = ring(64, 10);
        assert_eq!(p.push(&frames(0, 50)), 50);
        assert_eq!(p.push(&frames(50, 50)), 14);
        assert_eq!(p.free(), 0);
        assert_eq!(take(&mut c, 64), frames(0, 64));
        assert_eq!(p.free(), 64);
    }

    #[test]
    fn an_empty_ring_plays_silence_and_counts_one_underrun() {
        let (mut p, c) = ring(64, 10);
        let mut c = c.with_wait_steps(2);
        p.push(&frames(1, 10));
        let mut out = take(&mut c, 10);
        assert_eq!(out, frames(1, 10));
        // Empty: the consumer waits a little, then plays silence.
        out = take(&mut c, 100);
        assert!(out.iter().all(|s| *s == 0.0));
        let played = p.played();
        assert_eq!(played.underruns, 1, "one underrun, however long");
        assert!(played.underrun_frames >= 100, "{played:?}");
        assert_eq!(played.read, 10, "silence is not taken from the ring");
        // Samples again: they come out, and a later gap is a new underrun.
        let silent = (played.underrun_frames - 100) as usize;
        take(&mut c, silent);
        p.push(&frames(20, 5));
        assert_eq!(take(&mut c, 5), frames(20, 5));
        take(&mut c, 1);
        assert_eq!(p.played().underruns, 2);
    }

    #[test]
    fn the_consumer_waits_for_a_producer_that_is_about_to_write() {
        // A device that takes samples faster than real time must get the
        // program, not silence, as long as the producer keeps up.
        let (p, c) = ring(256, 64);
        let consumer = std::thread::spawn(move || {
            let mut c = c;
            take(&mut c, 2000)
        });
        let mut p = p;
        let mut next = 0;
        while next < 2000 {
            let n = 100.min(2000 - next).min(p.free() as u32);
            next += p.push(&frames(next, n)) as u32;
            std::thread::park_timeout(Duration::from_millis(2));
            p.refilling();
        }
        let heard = consumer.join().unwrap();
        assert_eq!(heard, frames(0, 2000));
        assert_eq!(p.played().underruns, 0);
    }

    #[test]
    fn a_mute_silences_what_is_buffered_and_says_where_it_began() {
        let (mut p, c) = ring(256, 10);
        let mut c = c.with_wait_steps(0);
        p.push(&frames(1, 100));
        assert_eq!(take(&mut c, 30), frames(1, 30));
        // A stop: the 70 frames rendered ahead must not be heard.
        let to = p.mute_buffered();
        assert_eq!(to, 100);
        assert_eq!(p.muted_from(to), None, "not seen yet");
        // What comes after the mute point is played.
        p.push(&frames(500, 10));
        // The consumer had a chunk in hand (30 of 64 taken): those 34 frames
        // still play; the mute begins with its next refill, up to frame 100.
        let out = take(&mut c, 70);
        assert_eq!(&out[..68], &frames(31, 34)[..]);
        assert!(out[68..].iter().all(|s| *s == 0.0));
        assert_eq!(p.muted_from(to), Some(64));
        assert_eq!(take(&mut c, 10), frames(500, 10));
        // A mute with nothing ahead mutes nothing.
        let to = p.mute_buffered();
        take(&mut c, 1);
        assert_eq!(p.muted_from(to), Some(to));
    }

    #[test]
    fn the_consumer_wakes_the_producer_when_the_ring_runs_low() {
        let (mut p, c) = ring(256, 100);
        let mut c = c.with_wait_steps(0);
        p.push(&frames(0, 200));
        p.refilling();
        // The consumer copies 64 frames at a time: 136 left, no call.
        take(&mut c, 60);
        assert!(
            !p.shared.wanted.load(Ordering::Acquire),
            "136 left: no call"
        );
        // 72 left, under the low-water mark: a call (once).
        take(&mut c, 30);
        assert!(p.shared.wanted.load(Ordering::Acquire), "72 left: a call");
        p.refilling();
        assert!(!p.shared.wanted.load(Ordering::Acquire));
    }
}
