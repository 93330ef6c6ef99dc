//! How loud things air: the station's level, the gain and limiting that
//! bring a recording to it, the silence skipped at its ends, and what is
//! worth a warning about a recording that plays.

use crate::Msg;
use crate::library::Facts;
use crate::schedule::Level;
use crate::timefmt::decimal_arg;

/// Loudness, LUFS, when the station does not say.
pub const DEFAULT_LEVEL: f64 = -16.0;

/// How an item is shaped at playout: gain and silence skipped at the ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Gain applied, dB.
    pub gain_db: f64,
    /// By how much the loudest peak would pass the ceiling after the gain,
    /// dB: the limiter holds it down. Zero when nothing needs limiting.
    pub limit_db: f64,
    /// Seconds of leading and trailing silence skipped.
    pub trim_start: f64,
    pub trim_end: f64,
}

/// Silence at an end shorter than this is left as it is.
const TRIM_ABOVE: f64 = 0.5;
/// Silence left at an end when it is trimmed.
const TRIM_KEEP: f64 = 0.2;
/// The true-peak ceiling after gain.
pub const PEAK_CEILING: f64 = -1.0;
/// The limiter's sample-peak ceiling: half a dB under `PEAK_CEILING`, room
/// for the peaks between samples.
pub const LIMIT_CEILING: f64 = -1.5;
/// The most an item is brought up: beyond this a recording is mostly its
/// own background noise, and louder only makes that louder.
pub const MAX_GAIN: f64 = 24.0;

/// The gain that brings `facts` to `level` (as measured through the
/// limiter, when it was for this level), whether the limiter must hold its
/// peaks under −1 dBTP, and the silence to skip at its ends.
pub fn shape(facts: &Facts, level: Level) -> Shape {
    let gain_db = match (level, facts.loudness, facts.levelled) {
        (Level::Target(target), _, Some(m)) if (m.target - target).abs() < 0.01 => m.gain_db,
        (Level::Target(target), Some(loudness), _) => (target - loudness).min(MAX_GAIN),
        _ => 0.0,
    };
    let limit_db = match (level, facts.true_peak) {
        (Level::Target(_), Some(peak)) => (peak + gain_db - PEAK_CEILING).max(0.0),
        _ => 0.0,
    };
    let trim = |s: f64| if s > TRIM_ABOVE { s - TRIM_KEEP } else { 0.0 };
    // A file that is all silence is left whole.
    let (trim_start, trim_end) = if facts.lead_silence >= facts.duration {
        (0.0, 0.0)
    } else {
        (trim(facts.lead_silence), trim(facts.tail_silence))
    };
    Shape {
        gain_db,
        limit_db,
        trim_start,
        trim_end,
    }
}

/// Whether `facts` hold what playout at `level` needs.
pub fn measured_for(facts: &Facts, level: Level) -> bool {
    let Level::Target(target) = level else {
        return true;
    };
    match (facts.loudness, facts.true_peak) {
        (Some(l), Some(p)) if p + (target - l).min(MAX_GAIN) > PEAK_CEILING => facts
            .levelled
            .is_some_and(|m| (m.target - target).abs() < 0.01),
        _ => true,
    }
}

/// What is worth a warning about a recording that plays: mostly silence
/// (dead air on the loudspeakers), or so quiet that levelling cannot bring
/// it to the station's level. Worded for the operator, with what to do.
pub fn warnings(facts: &Facts, level: Level) -> Vec<Msg> {
    let mut out = Vec::new();
    let sound = (facts.duration - facts.lead_silence - facts.tail_silence).max(0.0);
    // Short files (a jingle's sting) are judged by nobody's ear here.
    if facts.duration >= 2.0 && sound < facts.duration * 0.25 {
        out.push(msg!(
            "lib-mostly-silence",
            sound = decimal_arg(sound, 1),
            duration = decimal_arg(facts.duration, 1)
        ));
    }
    if let (Level::Target(target), Some(loudness)) = (level, facts.loudness) {
        let short = target - loudness - MAX_GAIN;
        if short >= 1.0 {
            out.push(msg!(
                "lib-too-quiet",
                loudness = decimal_arg(loudness, 1),
                short = decimal_arg(short, 1)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(loudness: f64, peak: f64, lead: f64, tail: f64) -> Facts {
        Facts {
            sha256: String::new(),
            duration: 10.0,
            rate: 48_000,
            channels: 1,
            frames: 480_000,
            damaged: 0,
            loudness: Some(loudness),
            true_peak: Some(peak),
            lead_silence: lead,
            tail_silence: tail,
            title: None,
            artist: None,
            genre: None,
            levelled: None,
        }
    }

    #[test]
    fn a_gain_measured_through_the_limiter_is_used_for_its_own_level_only() {
        let mut f = facts(-30.0, -12.0, 0.0, 0.0);
        f.levelled = Some(crate::library::Levelled {
            target: -16.0,
            gain_db: 15.2,
        });
        let s = shape(&f, Level::Target(-16.0));
        assert_eq!(s.gain_db, 15.2);
        assert!((s.limit_db - 4.2).abs() < 1e-9);
        let s = shape(&f, Level::Target(-20.0));
        assert_eq!(s.gain_db, 10.0);
    }

    #[test]
    fn gain_to_target_with_the_limiter_where_peaks_would_pass_the_ceiling() {
        let s = shape(&facts(-30.0, -12.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (14.0, 3.0));
        let s = shape(&facts(-30.0, -20.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (14.0, 0.0));
        let s = shape(&facts(-10.0, -0.5, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!((s.gain_db, s.limit_db), (-6.0, 0.0));
        let s = shape(&facts(-10.0, -0.5, 0.0, 0.0), Level::Off);
        assert_eq!((s.gain_db, s.limit_db), (0.0, 0.0));
        let s = shape(&facts(-60.0, -40.0, 0.0, 0.0), Level::Target(-16.0));
        assert_eq!(s.gain_db, MAX_GAIN, "noise is not brought up without end");
    }

    #[test]
    fn long_silences_are_trimmed_short_ones_kept() {
        let s = shape(&facts(-20.0, -3.0, 1.5, 0.2), Level::Off);
        assert!((s.trim_start - (1.5 - TRIM_KEEP)).abs() < 1e-9);
        assert_eq!(s.trim_end, 0.0);
    }
}
