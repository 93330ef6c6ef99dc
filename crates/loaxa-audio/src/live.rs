//! A live feed: the bounded buffer between something that produces sound
//! as it comes (a network stream, the sound card's line input) and the
//! relay cue that airs it on the bus.
//!
//! Samples are interleaved stereo `f32` at 48 kHz. The producer pushes; the
//! relay cue (on the player thread) takes. Two rules keep the relay live
//! and bounded:
//! - while the cue is not airing the stream (before its start, or while an
//!   interruption is filled), the feed keeps only the newest `lead` frames:
//!   what airs when the stream is taken is seconds old, not minutes;
//! - while it airs the stream, a full feed makes the producer wait
//!   (backpressure): nothing the cue will air is ever thrown away.
//!
//! The producer also says whether its link is up, and why not: the cue
//! writes that reason into the airing log for the interruption.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use loaxa_i18n::Msg;

/// How long a waiting producer sleeps before it looks whether the reader
/// is gone (a stop does not wait for room to appear).
const WAIT: Duration = Duration::from_millis(100);

/// The producer's link, as the cue sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Not connected yet (no audio has come since the feed was made).
    Connecting,
    /// Audio is coming.
    Up,
    /// Down, and why (refused, not found, stream ended, not audio…).
    Down(Msg),
}

struct State {
    /// Interleaved stereo samples, oldest first.
    buf: VecDeque<f32>,
    /// Whether the cue is airing the stream now (backpressure) or not
    /// (keep only the newest `lead`).
    airing: bool,
    link: Link,
    /// The reader is gone.
    closed: bool,
    /// Frames pushed in all, and dropped to stay live (for tests and the
    /// relay's report).
    pushed: u64,
    dropped: u64,
}

struct Shared {
    state: Mutex<State>,
    room: Condvar,
    /// Capacity and lead, in samples (2 per frame).
    capacity: usize,
    lead: usize,
}

impl Shared {
    /// The state, even if a thread panicked holding it (the buffer is
    /// plain samples: nothing half-made can be seen).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A feed holding at most `capacity_frames` while airing and keeping the
/// newest `lead_frames` while not.
pub fn feed(capacity_frames: usize, lead_frames: usize) -> (FeedWriter, FeedReader) {
    let capacity = capacity_frames.max(1).saturating_mul(2);
    let lead = lead_frames.saturating_mul(2).min(capacity);
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            buf: VecDeque::new(),
            airing: false,
            link: Link::Connecting,
            closed: false,
            pushed: 0,
            dropped: 0,
        }),
        room: Condvar::new(),
        capacity,
        lead,
    });
    (
        FeedWriter {
            shared: shared.clone(),
        },
        FeedReader { shared },
    )
}

/// The producer's side.
pub struct FeedWriter {
    shared: Arc<Shared>,
}

impl FeedWriter {
    /// Appends interleaved stereo samples (an odd last sample is dropped).
    /// While the cue airs the stream this waits for room; otherwise the
    /// oldest samples beyond `lead` are dropped. Marks the link up.
    /// Returns false once the reader is gone: stop producing.
    pub fn push(&mut self, samples: &[f32]) -> bool {
        let samples = &samples[..samples.len() - samples.len() % 2];
        let mut rest = samples;
        let mut st = self.shared.lock();
        st.link = Link::Up;
        while !rest.is_empty() {
            if st.closed {
                return false;
            }
            if !st.airing {
                st.buf.extend(rest.iter().copied());
                st.pushed += (rest.len() / 2) as u64;
                let over = st.buf.len().saturating_sub(self.shared.lead);
                st.buf.drain(..over);
                st.dropped += (over / 2) as u64;
                return true;
            }
            let room = self.shared.capacity.saturating_sub(st.buf.len()) & !1;
            if room == 0 {
                st = self
                    .shared
                    .room
                    .wait_timeout(st, WAIT)
                    .map(|(g, _)| g)
                    .unwrap_or_else(|p| p.into_inner().0);
                continue;
            }
            let n = room.min(rest.len());
            st.buf.extend(rest[..n].iter().copied());
            st.pushed += (n / 2) as u64;
            rest = &rest[n..];
        }
        !st.closed
    }

    /// The link is down, and why: the reason the log gives for the
    /// interruption it causes.
    pub fn set_down(&self, why: Msg) {
        self.shared.lock().link = Link::Down(why);
    }

    /// Audio flows again (also marked by every `push`).
    pub fn set_up(&self) {
        self.shared.lock().link = Link::Up;
    }

    /// Frames buffered now.
    pub fn fill(&self) -> usize {
        self.shared.lock().buf.len() / 2
    }

    /// The fill a producer keeps up while the cue airs the stream: a
    /// quarter of the lead (below half of that, it may stretch slightly so
    /// the feed does not run dry). Zero while the cue does not air it:
    /// what is kept then is exact, never stretched.
    pub fn target(&self) -> usize {
        match self.shared.lock().airing {
            true => self.shared.lead / 2 / 4,
            false => 0,
        }
    }

    /// The reader is gone (the item ended, or was stopped).
    pub fn closed(&self) -> bool {
        self.shared.lock().closed
    }

    /// Whether the reader is gone, as a handle another thread or task can
    /// ask (the network side, which must let go of a server that keeps a
    /// connection busy without giving audio).
    pub fn watch(&self) -> impl Fn() -> bool + Send + Sync + 'static {
        let shared = self.shared.clone();
        move || shared.lock().closed
    }

    /// Waits until the reader is gone or `timeout` passes; true when it is
    /// gone. For a producer's back-off between reconnections.
    pub fn wait_closed(&self, timeout: Duration) -> bool {
        let st = self.shared.lock();
        let (st, _) = self
            .shared
            .room
            .wait_timeout_while(st, timeout, |s| !s.closed)
            .unwrap_or_else(|p| p.into_inner());
        st.closed
    }
}

/// The relay cue's side. Dropping it closes the feed.
pub struct FeedReader {
    shared: Arc<Shared>,
}

/// What one `take` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// Samples written at the start of `out`.
    pub samples: usize,
    /// Frames still buffered after this take.
    pub left: usize,
    pub link: Link,
}

impl FeedReader {
    /// Moves up to `out.len()` samples (whole frames) out of the feed.
    pub fn take(&mut self, out: &mut [f32]) -> Taken {
        let mut st = self.shared.lock();
        let n = out.len().min(st.buf.len()) & !1;
        for (o, s) in out.iter_mut().zip(st.buf.drain(..n)) {
            *o = s;
        }
        let taken = Taken {
            samples: n,
            left: st.buf.len() / 2,
            link: st.link.clone(),
        };
        drop(st);
        if n > 0 {
            self.shared.room.notify_all();
        }
        taken
    }

    /// Frames buffered now, and the link.
    pub fn peek(&self) -> (usize, Link) {
        let st = self.shared.lock();
        (st.buf.len() / 2, st.link.clone())
    }

    /// Whether the cue airs the stream now: while it does, nothing is
    /// dropped (the producer waits); while not, only the newest `lead`
    /// frames are kept.
    pub fn set_airing(&mut self, airing: bool) {
        let mut st = self.shared.lock();
        st.airing = airing;
        if !airing {
            let over = st.buf.len().saturating_sub(self.shared.lead);
            st.buf.drain(..over);
            st.dropped += (over / 2) as u64;
        }
        drop(st);
        self.shared.room.notify_all();
    }

    /// Frames the producer pushed, and frames dropped to stay live.
    pub fn counts(&self) -> (u64, u64) {
        let st = self.shared.lock();
        (st.pushed, st.dropped)
    }
}

impl Drop for FeedReader {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(from: usize, frames: usize) -> Vec<f32> {
        (from..from + frames)
            .flat_map(|i| [i as f32, -(i as f32)])
            .collect()
    }

    #[test]
    fn before_airing_only_the_newest_lead_is_kept() {
        let (mut w, mut r) = feed(100, 10);
        assert_eq!(r.peek(), (0, Link::Connecting));
        assert!(w.push(&ramp(0, 25)));
        let mut out = vec![0.0; 100];
        let t = r.take(&mut out);
        assert_eq!(t.samples, 20);
        assert_eq!(t.link, Link::Up);
        // Frames 15..25 were kept: the relay stays live.
        assert_eq!(&out[..4], &[15.0, -15.0, 16.0, -16.0]);
        assert_eq!(r.counts(), (25, 15));
    }

    #[test]
    fn while_airing_nothing_is_dropped_and_the_producer_waits() {
        let (mut w, mut r) = feed(8, 4);
        r.set_airing(true);
        let producer = std::thread::spawn(move || {
            let ok = w.push(&ramp(0, 20));
            (ok, w)
        });
        let mut got = Vec::new();
        let mut out = vec![0.0; 6];
        while got.len() < 40 {
            let t = r.take(&mut out);
            got.extend_from_slice(&out[..t.samples]);
            if t.samples == 0 {
                std::thread::yield_now();
            }
        }
        let (ok, _w) = producer.join().unwrap();
        assert!(ok);
        assert_eq!(got, ramp(0, 20));
        assert_eq!(r.counts(), (20, 0));
    }

    #[test]
    fn a_watch_sees_the_reader_go() {
        let (w, r) = feed(10, 5);
        let gone = w.watch();
        assert!(!gone());
        drop(r);
        assert!(gone());
    }

    #[test]
    fn a_dropped_reader_releases_a_waiting_producer() {
        let (mut w, mut r) = feed(4, 2);
        r.set_airing(true);
        let producer = std::thread::spawn(move || w.push(&ramp(0, 50)));
        drop(r);
        assert!(!producer.join().unwrap());
    }

    #[test]
    fn the_link_carries_the_reason() {
        let (w, r) = feed(4, 2);
        w.set_down(loaxa_i18n::Msg::verbatim("refused"));
        assert_eq!(r.peek().1, Link::Down(loaxa_i18n::Msg::verbatim("refused")));
        assert!(!w.closed());
        drop(r);
        assert!(w.closed());
        assert!(w.wait_closed(Duration::from_secs(5)));
    }

    #[test]
    fn leaving_the_air_trims_to_the_lead() {
        let (mut w, mut r) = feed(100, 5);
        r.set_airing(true);
        assert!(w.push(&ramp(0, 30)));
        r.set_airing(false);
        assert_eq!(r.peek().0, 5);
    }
}
