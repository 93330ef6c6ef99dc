//! The loudspeaker line's monitor: line-in captured, measured against
//! the output's own level (`monitor::LineWatch`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::monitor::{Change, LineWatch, OutputLevel, SilenceLimits, SilenceSource};

/// The loudspeaker line's monitor: what line-in captures is measured
/// against the output's level; silence on the line while the output sounds
/// is told as `PlayerEvent::Silence` with source `Input`.
struct LineMeter {
    watch: LineWatch,
    level: Arc<OutputLevel>,
    clock: Arc<dyn crate::Clock>,
    events: tokio::sync::mpsc::UnboundedSender<crate::PlayerEvent>,
    found: Vec<Change<DateTime<Utc>>>,
}

impl crate::capture::CaptureSink for LineMeter {
    fn push(&mut self, samples: &[f32]) -> bool {
        let (level, clock) = (&self.level, &self.clock);
        self.watch
            .feed(samples, || level.now(), || clock.now(), &mut self.found);
        for c in self.found.drain(..) {
            let e = crate::PlayerEvent::silence(c, SilenceSource::Input, |t| t);
            if self.events.send(e).is_err() {
                return false;
            }
        }
        true
    }
    fn set_down(&self, why: loaxa_i18n::Msg) {
        tracing::warn!("{}", t!("in-monitor-down", detail = why));
    }
    fn set_up(&self) {}
    fn closed(&self) -> bool {
        self.events.is_closed()
    }
}

/// Starts monitoring the loudspeaker line on `line-in` (`name` None) or
/// `line-in:NAME`, against the output's `level`, until the handle is
/// dropped or nobody hears the events.
pub fn start_line_monitor(
    name: Option<String>,
    limits: SilenceLimits,
    level: Arc<OutputLevel>,
    clock: Arc<dyn crate::Clock>,
    events: tokio::sync::mpsc::UnboundedSender<crate::PlayerEvent>,
) -> crate::capture::CaptureHandle {
    let meter = LineMeter {
        watch: LineWatch::new(limits),
        level,
        clock,
        events,
        found: Vec::new(),
    };
    crate::capture::start_line_in(name, meter)
}
