//! Relay items at air time: the feed opened (the stream connected, or the
//! line input captured) when the program is prepared, the relay cue that
//! airs it, and, when the item ends, what the airing log says of it: the
//! seconds relayed and each interruption (from, to, why, what filled it).

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::airlog::{Interruption, RelayEnd, SegmentInfo};
use crate::audio::bus::Cue;
use crate::audio::live::{self, FeedWriter};
use crate::audio::relay::{Fallback, RelayReport, RelaySpec};
use crate::decide::round_ms;
use crate::i18n::Msg;
use crate::library;
use crate::program::{Item, Source, shape};
use crate::timefmt::rfc3339_ms;
use loaxa_core::relay::{RelaySource, RelayUrl};

const RATE: u64 = 48_000;
/// The most a feed holds while the relay airs: a server far ahead of real
/// time waits for room rather than filling memory (20 s: 7.7 MB).
const CAPACITY: usize = 20 * RATE as usize;
/// What a feed keeps while the relay is not airing (before its start,
/// during an interruption): the newest 5 s, the jitter the relay absorbs.
const LEAD: usize = 5 * RATE as usize;
/// A lost stream is taken back once the feed holds this much (1 s), so a
/// stream that comes and goes does not flap.
const RESUME: u64 = RATE;

/// The line input's capture of a relay. Stopping it waits for its thread
/// (up to 100 ms): that is done on a thread of its own, never on the
/// daemon's runtime, whose loop must not block.
pub(crate) struct Capture(Option<crate::audio::capture::CaptureHandle>);

impl Drop for Capture {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let spawned = std::thread::Builder::new()
                .name("loaxa-line-in-stop".into())
                .spawn(move || h.stop());
            // No thread to be had: stop it here rather than leave it.
            if let Err(e) = spawned {
                tracing::warn!("line-in: {e}");
            }
        }
    }
}

/// What the daemon keeps of a relay on air, to log it when it ends.
pub(crate) struct RelayWatch {
    pub(crate) report: Arc<Mutex<RelayReport>>,
    pub(crate) planned: f64,
    /// The fallback recording's name, relative to `audio/`.
    pub(crate) fallback: Option<String>,
    /// The line input's capture, which stops when dropped (a stream's
    /// producer stops by itself once the cue is gone).
    pub(crate) _capture: Option<Capture>,
}

/// The relay cue of `item`, with its feed's producer started. On an output
/// that needs only lengths (a simulation), a silent cue of its length.
pub(super) fn relay_cue(
    audio_dir: &Path,
    info: &mut SegmentInfo,
    item: &Item,
    silent: bool,
    fallback_after: chrono::Duration,
) -> Result<(Cue, Option<RelayWatch>), Msg> {
    let Some(r) = &item.relay else {
        return Err(msg!("lib-text-not-audio"));
    };
    let ms = r.relay.duration.num_milliseconds().max(0) as u64;
    let frames = ms.saturating_mul(RATE) / 1_000;
    let planned = round_ms(ms as f64 / 1_000.0);
    info.duration = Some(planned);
    info.relay = Some(r.relay.source.shown());
    if silent {
        return Ok((Cue::silent(info.index, frames), None));
    }
    let (fallback, fallback_name) = match &r.fallback {
        Some((name, Source::Ready(facts))) => {
            let path = library::resolve(audio_dir, name).map_err(|e| e.msg())?;
            (
                Some(opener(path, facts.clone(), item.level)),
                Some(name.clone()),
            )
        }
        Some((name, other)) => {
            let why = match other {
                Source::Fail(why) => why.clone(),
                _ => msg!("daemon-still-copying"),
            };
            tracing::warn!(
                "{}",
                t!("relay-fallback-unusable", file = name.as_str(), why = why)
            );
            (None, None)
        }
        None => (None, None),
    };
    let (writer, reader) = live::feed(CAPACITY, LEAD);
    let capture = start_producer(&r.relay.source, writer);
    let after = fallback_after.num_milliseconds().max(0) as u64 * RATE / 1_000;
    let spec = RelaySpec {
        frames,
        fallback_after: after,
        resume: RESUME,
        fallback,
    };
    let (cue, report) = Cue::relay(info.index, reader, spec);
    Ok((
        cue,
        Some(RelayWatch {
            report,
            planned,
            fallback: fallback_name,
            _capture: capture.map(|h| Capture(Some(h))),
        }),
    ))
}

/// Opens the fallback recording at the item's loudness, each time an
/// interruption needs it.
fn opener(
    path: std::path::PathBuf,
    facts: library::Facts,
    level: crate::schedule::Level,
) -> Fallback {
    let shape = shape(&facts, level);
    Box::new(move || {
        let cue =
            crate::audio::decode::guarded(|| super::prepare::cue_for(&path, 0, &facts, &shape));
        match cue {
            Ok(c) => Some(c.into_samples()),
            Err(e) => {
                tracing::warn!(
                    "{}",
                    t!(
                        "relay-fallback-unusable",
                        file = path.display().to_string(),
                        why = e.msg()
                    )
                );
                None
            }
        }
    })
}

/// Starts what fills the feed: the stream's connection, or the line
/// input's capture. Both stop when the cue is gone.
fn start_producer(
    source: &RelaySource,
    writer: FeedWriter,
) -> Option<crate::audio::capture::CaptureHandle> {
    match source {
        RelaySource::Url(url) => start_stream(url, writer),
        RelaySource::LineIn(name) => {
            return Some(crate::audio::capture::start_line_in(name.clone(), writer));
        }
        RelaySource::Bad { why, .. } => {
            writer.set_down(msg!("relay-bad-at-air", why = why.clone()));
        }
    }
    None
}

fn start_stream(url: &RelayUrl, writer: FeedWriter) {
    match tokio::runtime::Handle::try_current() {
        // The producer stops by itself once the cue is gone.
        Ok(rt) => drop(crate::relay::start(url.clone(), writer, &rt)),
        Err(_) => writer.set_down(msg!("relay-no-runtime")),
    }
}

/// What the log says of a relay that ended at `at` after `played` seconds
/// on air: its interruptions clipped to what aired, and the rest relayed.
pub(crate) fn relay_end(w: &RelayWatch, at: DateTime<Utc>, played: f64, tz: Tz) -> RelayEnd {
    let rep = w
        .report
        .lock()
        .map(|r| r.clone())
        .unwrap_or_else(|p| p.into_inner().clone());
    // A relay never airs beyond its length: a `played` past it comes from
    // the wall clock (an output lost, the clock stepped) and is not what
    // aired; it also keeps the times below far from any overflow.
    let played = if played.is_finite() {
        played.clamp(0.0, w.planned.max(0.0))
    } else {
        0.0
    };
    let aired = (played * RATE as f64).round() as u64;
    let start = at - chrono::Duration::milliseconds((played * 1_000.0).round() as i64);
    let when = |frame: u64| {
        let ms = frame.saturating_mul(1_000) / RATE;
        let t = start + chrono::Duration::milliseconds(i64::try_from(ms).unwrap_or(0));
        rfc3339_ms(&t.with_timezone(&tz))
    };
    let mut away = 0;
    let mut interruptions = Vec::new();
    for g in &rep.gaps {
        let from = g.from.min(aired);
        let to = g.to.unwrap_or(aired).min(aired);
        if to <= from {
            continue;
        }
        away += to - from;
        let fallback = g.fallback.min(to - from);
        interruptions.push(Interruption {
            from: when(from),
            to: when(to),
            why: g.why.clone(),
            filled: (fallback > 0).then(|| w.fallback.clone()).flatten(),
            fallback: round_ms(fallback as f64 / RATE as f64),
        });
    }
    // What the cue took from the stream bounds it too: a cut reported
    // late (an output that hung) must not count seconds that never aired.
    let relayed = aired.saturating_sub(away).min(rep.relayed);
    RelayEnd {
        relayed: round_ms(relayed as f64 / RATE as f64),
        planned: w.planned,
        interruptions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::relay::Gap;

    #[test]
    fn interruptions_are_clipped_to_what_aired() {
        let report = RelayReport {
            relayed: 4 * 48_000,
            gaps: vec![
                Gap {
                    from: 48_000,
                    to: Some(96_000),
                    why: Msg::verbatim("dropped"),
                    fallback: 24_000,
                },
                Gap {
                    from: 240_000,
                    to: None,
                    why: Msg::verbatim("refused"),
                    fallback: 0,
                },
            ],
        };
        let w = RelayWatch {
            report: Arc::new(Mutex::new(report)),
            planned: 10.0,
            fallback: Some("xin-loi.mp3".into()),
            _capture: None,
        };
        let at = DateTime::parse_from_rfc3339("2026-12-01T06:00:06Z")
            .unwrap()
            .with_timezone(&Utc);
        let end = relay_end(&w, at, 6.0, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(end.relayed, 6.0 - 1.0 - 1.0);
        assert_eq!(end.planned, 10.0);
        assert_eq!(end.interruptions.len(), 2);
        let first = &end.interruptions[0];
        assert_eq!(first.from, "2026-12-01T13:00:01.000+07:00");
        assert_eq!(first.to, "2026-12-01T13:00:02.000+07:00");
        assert_eq!(first.filled.as_deref(), Some("xin-loi.mp3"));
        assert_eq!(first.fallback, 0.5);
        let second = &end.interruptions[1];
        assert_eq!(second.to, "2026-12-01T13:00:06.000+07:00");
        assert_eq!(second.filled, None);
    }

    #[test]
    fn never_more_relayed_than_the_cue_took() {
        // An output that hung: the wall clock says 60 s on air, the cue
        // took 3 s of the stream before the bus stopped asking.
        let report = RelayReport {
            relayed: 3 * 48_000,
            gaps: Vec::new(),
        };
        let w = RelayWatch {
            report: Arc::new(Mutex::new(report)),
            planned: 1800.0,
            fallback: None,
            _capture: None,
        };
        let at = DateTime::parse_from_rfc3339("2026-12-01T06:01:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let end = relay_end(&w, at, 60.0, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(end.relayed, 3.0);
    }

    #[test]
    fn a_wall_clock_played_past_the_length_is_clipped_to_it() {
        // The clock stepped years ahead while an output was lost: no
        // overflow, and an interruption still open ends at the length.
        let report = RelayReport {
            relayed: 0,
            gaps: vec![Gap {
                from: 0,
                to: None,
                why: Msg::verbatim("refused"),
                fallback: 0,
            }],
        };
        let w = RelayWatch {
            report: Arc::new(Mutex::new(report)),
            planned: 30.0,
            fallback: None,
            _capture: None,
        };
        let at = DateTime::parse_from_rfc3339("2036-12-01T06:00:30Z")
            .unwrap()
            .with_timezone(&Utc);
        for played in [3.0e11, f64::INFINITY, f64::NAN, -5.0] {
            let end = relay_end(&w, at, played, chrono_tz::Asia::Ho_Chi_Minh);
            assert_eq!(end.relayed, 0.0, "{played}");
            assert!(end.interruptions.len() <= 1, "{played}");
        }
        let end = relay_end(&w, at, 3.0e11, chrono_tz::Asia::Ho_Chi_Minh);
        assert_eq!(end.interruptions[0].from, "2036-12-01T13:00:00.000+07:00");
        assert_eq!(end.interruptions[0].to, "2036-12-01T13:00:30.000+07:00");
    }
}
