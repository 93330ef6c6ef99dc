//! The relay cue: a live feed aired for exactly its length, with what
//! fills an interruption (silence, then the fallback recording) and a
//! report of what was relayed, for the airing log.
//!
//! The cue runs on the bus's frame clock like any other: it yields exactly
//! `frames` frames whatever the stream does, so the program after it
//! starts on its frame. When the feed runs dry the cue notes an
//! interruption (from which frame, why), airs silence, and after
//! `fallback_after` frames of it the fallback recording (looped, with a
//! pause between); when the stream has audio again it is taken back.

use std::sync::{Arc, Mutex};

use loaxa_i18n::{Msg, msg};

use crate::RATE;
use crate::bus::Cue;
use crate::live::{FeedReader, Link};

/// Frames the cue works in at a time: 10 ms.
const CHUNK: usize = 480;
/// A switch between stream and fallback (either way) fades in over this
/// many frames, so it does not click.
const RAMP: u64 = 480;
/// A relay fades out over its last half second.
const END_FADE: u64 = RATE as u64 / 2;
/// Silence between two airings of the fallback recording.
const FALLBACK_PAUSE: u64 = 2 * RATE as u64;

/// Opens the fallback recording (again): 48 kHz stereo samples, or `None`
/// when it cannot be opened (the gap is then filled with silence).
pub type Fallback = Box<dyn FnMut() -> Option<Box<dyn Iterator<Item = f32> + Send>> + Send>;

/// How a relay cue airs.
pub struct RelaySpec {
    /// Its length, in frames: it ends exactly here.
    pub frames: u64,
    /// Frames of silence after which the fallback airs in an interruption.
    pub fallback_after: u64,
    /// Frames the feed must hold before a lost stream is taken back.
    pub resume: u64,
    pub fallback: Option<Fallback>,
}

/// One interruption of the stream, in frames from the cue's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub from: u64,
    /// `None` while it lasts (or when the cue was cut during it).
    pub to: Option<u64>,
    pub why: Msg,
    /// Frames of the fallback recording aired in it.
    pub fallback: u64,
}

/// What a relay cue aired, shared with whoever logs it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelayReport {
    /// Frames aired from the stream.
    pub relayed: u64,
    pub gaps: Vec<Gap>,
}

enum Filling {
    /// Silence since the gap began (not yet the fallback).
    Silence,
    /// The fallback recording airs.
    Fallback(Box<dyn Iterator<Item = f32> + Send>),
    /// A pause after the fallback, until this frame.
    Pause(u64),
}

enum Mode {
    Stream,
    Gap(Filling),
}

struct RelayIter {
    reader: FeedReader,
    spec: RelaySpec,
    report: Arc<Mutex<RelayReport>>,
    mode: Mode,
    pos: u64,
    chunk: Vec<f32>,
    at: usize,
    /// Frame at which the last switch happened (fade-in from there).
    switched: Option<u64>,
    started: bool,
}

impl Cue {
    /// A cue airing `reader`'s stream for `spec.frames` frames, and the
    /// report it keeps of what it relayed.
    pub fn relay(
        index: usize,
        reader: FeedReader,
        spec: RelaySpec,
    ) -> (Cue, Arc<Mutex<RelayReport>>) {
        let report = Arc::new(Mutex::new(RelayReport::default()));
        let iter = RelayIter {
            reader,
            spec,
            report: report.clone(),
            mode: Mode::Gap(Filling::Silence),
            pos: 0,
            chunk: Vec::with_capacity(CHUNK * 2),
            at: 0,
            switched: None,
            started: false,
        };
        let frames = iter.spec.frames;
        let cue = Cue::from_source(index, Box::new(iter))
            .cut_after(frames, END_FADE.min(frames / 4))
            .yielding();
        (cue, report)
    }
}

impl RelayIter {
    fn report(&self) -> std::sync::MutexGuard<'_, RelayReport> {
        self.report.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The first chunk: the stream if the feed has any, else an
    /// interruption from frame 0 (with the fallback at once when the link
    /// is already known to be down: a relay that could not be opened).
    fn begin(&mut self) {
        self.started = true;
        let (buffered, link) = self.reader.peek();
        if buffered > 0 {
            self.mode = Mode::Stream;
            self.reader.set_airing(true);
            return;
        }
        self.open_gap(0, &link);
        if matches!(link, Link::Down(_)) {
            self.start_fallback();
        }
    }

    fn open_gap(&mut self, from: u64, link: &Link) {
        let why = why_of(link);
        self.report().gaps.push(Gap {
            from,
            to: None,
            why,
            fallback: 0,
        });
        self.mode = Mode::Gap(Filling::Silence);
        self.reader.set_airing(false);
    }

    fn close_gap(&mut self, to: u64) {
        if let Some(g) = self.report().gaps.last_mut().filter(|g| g.to.is_none()) {
            g.to = Some(to);
        }
    }

    fn start_fallback(&mut self) {
        let opened = self.spec.fallback.as_mut().and_then(|open| open());
        match opened {
            Some(src) => {
                self.mode = Mode::Gap(Filling::Fallback(src));
                self.switched = Some(self.pos);
            }
            None => {
                // Nothing to fill with: silence until the stream returns.
                self.spec.fallback = None;
                self.mode = Mode::Gap(Filling::Silence);
            }
        }
    }

    /// Makes the next chunk of `n` frames.
    fn fill(&mut self, n: usize) {
        self.chunk.clear();
        self.chunk.resize(n * 2, 0.0);
        self.at = 0;
        if !self.started {
            self.begin();
        }
        if let Mode::Gap(_) = self.mode {
            self.maybe_resume();
        }
        match &mut self.mode {
            Mode::Stream => self.fill_stream(n),
            Mode::Gap(_) => self.fill_gap(0, n),
        }
        self.fade_in();
        self.pos += n as u64;
    }

    /// Takes the stream back when the feed holds enough again.
    fn maybe_resume(&mut self) {
        let (buffered, link) = self.reader.peek();
        let enough = self.spec.resume.max(1);
        if link == Link::Up && buffered as u64 >= enough {
            self.close_gap(self.pos);
            self.mode = Mode::Stream;
            self.reader.set_airing(true);
            self.switched = Some(self.pos);
            return;
        }
        // A better reason than "not yet connected", once known.
        if let Link::Down(why) = link
            && let Some(g) = self.report().gaps.last_mut().filter(|g| g.to.is_none())
        {
            g.why = why;
        }
    }

    fn fill_stream(&mut self, n: usize) {
        let taken = self.reader.take(&mut self.chunk[..n * 2]);
        let got = taken.samples / 2;
        self.report().relayed += got as u64;
        if got < n {
            let link = match taken.link {
                Link::Up => Link::Down(msg!("relay-slow")),
                other => other,
            };
            self.open_gap(self.pos + got as u64, &link);
            self.fill_gap(got, n);
        }
    }

    /// Fills frames `from..n` of the chunk while the stream is away.
    fn fill_gap(&mut self, from: usize, n: usize) {
        let mut i = from;
        while i < n {
            let frame = self.pos + i as u64;
            let Mode::Gap(filling) = &mut self.mode else {
                return;
            };
            match filling {
                Filling::Silence => {
                    let began = self.report().gaps.last().map_or(0, |g| g.from);
                    let waited = frame.saturating_sub(began);
                    if self.spec.fallback.is_some() && waited >= self.spec.fallback_after {
                        self.start_fallback();
                        continue;
                    }
                    i += 1;
                }
                Filling::Fallback(src) => match (src.next(), src.next()) {
                    (Some(l), r) => {
                        self.chunk[i * 2] = l;
                        self.chunk[i * 2 + 1] = r.unwrap_or(0.0);
                        if let Some(g) = self.report().gaps.last_mut() {
                            g.fallback += 1;
                        }
                        i += 1;
                    }
                    (None, _) => {
                        self.mode = Mode::Gap(Filling::Pause(frame + FALLBACK_PAUSE));
                    }
                },
                Filling::Pause(until) => {
                    if frame >= *until {
                        self.start_fallback();
                        continue;
                    }
                    i += 1;
                }
            }
        }
    }

    /// Fades in over `RAMP` frames after a switch.
    fn fade_in(&mut self) {
        let Some(at) = self.switched else { return };
        let frames = self.chunk.len() / 2;
        for f in 0..frames {
            let k = (self.pos + f as u64).saturating_sub(at);
            if k >= RAMP {
                self.switched = None;
                break;
            }
            let g = k as f32 / RAMP as f32;
            self.chunk[f * 2] *= g;
            self.chunk[f * 2 + 1] *= g;
        }
    }
}

/// Why the stream is away, as the log says it.
fn why_of(link: &Link) -> Msg {
    match link {
        Link::Down(why) => why.clone(),
        Link::Connecting => msg!("relay-not-connected"),
        Link::Up => msg!("relay-slow"),
    }
}

impl Iterator for RelayIter {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.at >= self.chunk.len() {
            let left = self.spec.frames.saturating_sub(self.pos);
            if left == 0 {
                return None;
            }
            self.fill(CHUNK.min(usize::try_from(left).unwrap_or(CHUNK)));
        }
        let s = self.chunk.get(self.at).copied();
        self.at += 1;
        s
    }
}

impl Drop for RelayIter {
    fn drop(&mut self) {
        // Cut, or ended: an interruption still open ends where the cue did
        // (the logger clips it to what aired).
        let end = self.pos.min(self.spec.frames);
        self.close_gap(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::feed;

    fn tone(frames: usize, v: f32) -> Vec<f32> {
        vec![v; frames * 2]
    }

    fn pull(cue: &mut Cue, frames: usize) -> Vec<f32> {
        (0..frames)
            .filter_map(|_| cue.next_frame())
            .flat_map(|(l, r)| [l, r])
            .collect()
    }

    fn fallback_of(v: f32, frames: usize) -> Option<Fallback> {
        Some(Box::new(move || {
            Some(Box::new(std::iter::repeat_n(v, frames * 2))
                as Box<dyn Iterator<Item = f32> + Send>)
        }))
    }

    fn spec(frames: u64, fallback: Option<Fallback>) -> RelaySpec {
        RelaySpec {
            frames,
            fallback_after: 1_000,
            resume: 500,
            fallback,
        }
    }

    #[test]
    fn a_steady_stream_airs_exactly_its_length() {
        let (mut w, r) = feed(48_000, 24_000);
        assert!(w.push(&tone(20_000, 0.5)));
        let (mut cue, report) = Cue::relay(0, r, spec(10_000, None));
        let out = pull(&mut cue, 20_000);
        assert_eq!(out.len(), 20_000, "exactly 10,000 frames");
        assert!(out[..7_500 * 2].iter().all(|&s| s == 0.5));
        // It fades out over its last quarter here (half a second at most).
        assert!(out[out.len() - 1].abs() < 0.001);
        drop(cue);
        let rep = report.lock().unwrap().clone();
        assert_eq!(rep.relayed, 10_000);
        assert!(rep.gaps.is_empty());
        assert!(w.closed(), "the producer is told to stop");
    }

    #[test]
    fn a_stream_refused_from_the_start_gets_the_fallback_at_once() {
        let (w, r) = feed(48_000, 24_000);
        w.set_down(Msg::verbatim("refused"));
        let (mut cue, report) = Cue::relay(0, r, spec(3_000, fallback_of(0.25, 800)));
        let out = pull(&mut cue, 3_000);
        // Fallback (faded in over the first 480 frames), then a pause.
        assert_eq!(out[500 * 2], 0.25);
        assert_eq!(out[900 * 2], 0.0, "pause after the fallback");
        drop(cue);
        let rep = report.lock().unwrap().clone();
        assert_eq!(rep.relayed, 0);
        assert_eq!(
            rep.gaps,
            vec![Gap {
                from: 0,
                to: Some(3_000),
                why: Msg::verbatim("refused"),
                fallback: 800,
            }]
        );
    }

    #[test]
    fn an_interruption_is_filled_then_the_stream_is_taken_back() {
        let (mut w, r) = feed(48_000, 24_000);
        assert!(w.push(&tone(2_000, 0.5)));
        let (mut cue, report) = Cue::relay(0, r, spec(10_000, fallback_of(0.25, 100_000)));
        let head = pull(&mut cue, 2_000);
        assert!(head.iter().all(|&s| s == 0.5));
        // The stream stops: silence for fallback_after, then the fallback.
        w.set_down(Msg::verbatim("dropped"));
        let gap = pull(&mut cue, 2_000);
        assert_eq!(gap[0], 0.0);
        assert_eq!(gap[1_960 * 2], 0.25, "fallback after 1,000 frames");
        // The stream returns with enough in the feed: taken back.
        assert!(w.push(&tone(6_000, 0.5)));
        let tail = pull(&mut cue, 6_000);
        assert_eq!(tail.len(), 12_000);
        assert_eq!(tail[1_000 * 2], 0.5);
        drop(cue);
        let rep = report.lock().unwrap().clone();
        assert_eq!(rep.gaps.len(), 1);
        let g = &rep.gaps[0];
        // The cue works in 10 ms chunks: the chunk being aired when the
        // stream came back (3,840..4,320) is finished first.
        assert_eq!((g.from, g.to), (2_000, Some(4_320)));
        assert_eq!(g.why, Msg::verbatim("dropped"));
        assert_eq!(g.fallback, 4_320 - 3_000);
        assert_eq!(rep.relayed, 2_000 + (10_000 - 4_320));
    }

    #[test]
    fn a_slow_stream_is_an_interruption_with_its_reason() {
        let (mut w, r) = feed(48_000, 24_000);
        assert!(w.push(&tone(1_000, 0.5)));
        let (mut cue, report) = Cue::relay(0, r, spec(2_000, None));
        let out = pull(&mut cue, 2_000);
        assert_eq!(out.len(), 4_000);
        drop(cue);
        let rep = report.lock().unwrap().clone();
        assert_eq!(rep.relayed, 1_000);
        assert_eq!(rep.gaps[0].why, msg!("relay-slow"));
        assert_eq!(rep.gaps[0].to, Some(2_000));
    }
}
