//! The `[cap]` table of loaxa.toml: which alerts are this station's and how
//! a warning is aired.
//!
//! ```toml
//! [cap]
//! # the commune's code (geocode value) and/or its name as alerts write it
//! areas = ["28756", "Xã Mỹ Thạnh"]
//! exercises = false   # air Exercise and Test alerts too
//! max_duration = 120  # seconds: the longest one airing of a warning
//! repeat = 2          # airings in all: once, then again `gap` later
//! gap = 60            # seconds between airings
//! languages = ["vi"]  # which <info> to prefer
//! ```

use serde::Deserialize;

use crate::Msg;
use crate::diag::Problem;

/// The station's CAP settings. Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CapSettings {
    /// The station's area: geocode values (matched exactly) and area names
    /// (matched without regard to case or Unicode form, accents kept:
    /// "Mỹ Thạnh" is not "Mỹ Thành"). An `<areaDesc>` listing several
    /// places separated by commas or semicolons matches any one of them.
    pub areas: Vec<String>,
    /// Air alerts whose status is Exercise or Test (drills).
    pub exercises: bool,
    /// Seconds: an airing of a warning is stopped after this long.
    pub max_duration: u32,
    /// How many times a warning airs in all.
    pub repeat: u32,
    /// Seconds between the end of one airing and the next.
    pub gap: u32,
    /// Language tags, most wanted first: "vi" takes vi, vi-VN…
    pub languages: Vec<String>,
}

impl Default for CapSettings {
    fn default() -> Self {
        CapSettings {
            areas: Vec::new(),
            exercises: false,
            max_duration: 120,
            repeat: 2,
            // A minute: people who came out at the first airing hear it
            // again, and the next warning is not held up long.
            gap: 60,
            languages: vec!["vi".to_string()],
        }
    }
}

/// Bounds of the numbers (a typo like `repeat = 200` would hold the
/// loudspeakers for hours).
pub(super) const MAX_REPEAT: u32 = 10;
pub(super) const MAX_DURATION: u32 = 3600;
pub(super) const MAX_GAP: u32 = 3600;

impl CapSettings {
    /// What is wrong with the settings, by key (`areas`, `repeat`…); the
    /// binary reports each as a problem of loaxa.toml's `[cap]`.
    pub fn problems(&self) -> Vec<(&'static str, Problem)> {
        let mut out = Vec::new();
        let mut range = |key: &'static str, value: u32, min: u32, max: u32| {
            if !(min..=max).contains(&value) {
                let what = msg!("cap-setting-range", value = value, min = min, max = max);
                out.push((key, Problem::new(what, Msg::none())));
            }
        };
        range("max_duration", self.max_duration, 1, MAX_DURATION);
        range("repeat", self.repeat, 1, MAX_REPEAT);
        range("gap", self.gap, 0, MAX_GAP);
        if self.areas.iter().all(|a| a.trim().is_empty()) {
            let p = Problem::new(
                msg!("cap-setting-no-areas"),
                msg!("cap-setting-no-areas-hint"),
            );
            out.push(("areas", p));
        }
        out
    }
}
