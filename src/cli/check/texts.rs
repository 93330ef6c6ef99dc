//! `check`'s part for text items: whether the station can read them aloud
//! (the engine, voice and model of `[voice]`, in each voice the schedules
//! ask for), and the list of them, each with its first words and how long
//! it takes to say.

use std::collections::BTreeMap;
use std::sync::Arc;

use std::io::Write;

use super::{Finding, Report, What};
use crate::diag::Pos;
use crate::library::View as _;
use crate::library::{Library, State};
use crate::schedule::{Schedule, Segment, TextSource};
use crate::station::Station;
use crate::voice::VoiceError;

/// A text item of a schedule, as `check` lists it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLine {
    /// The schedule file, as shown, and where the item is written.
    pub(crate) file: String,
    pub(crate) pos: Pos,
    pub(crate) slot: String,
    /// The text file, for `text_file`.
    pub(crate) text_file: Option<String>,
    /// The words, when known (a text file not read: none).
    pub(crate) words: Option<String>,
    /// The voice it is read in.
    pub(crate) voice: String,
}

/// Every text item of the schedules, where it is written.
fn text_items(schedules: &[Arc<Schedule>]) -> Vec<(&Schedule, &str, &Segment)> {
    schedules
        .iter()
        .flat_map(|s| {
            s.slots.iter().flat_map(move |slot| {
                slot.program
                    .iter()
                    .filter(|g| g.text.is_some())
                    .map(move |g| (s.as_ref(), slot.id.as_str(), g))
            })
        })
        .collect()
}

/// The schedules' text items, each with its words when they are known.
pub(crate) fn lines(
    station: &Station,
    lib: &Library,
    schedules: &[Arc<Schedule>],
) -> Vec<TextLine> {
    text_items(schedules)
        .into_iter()
        .map(|(schedule, slot, seg)| {
            let (text_file, words) = match &seg.text {
                Some(TextSource::File(f)) => {
                    let words = match lib.lookup(f).map(|e| &e.state) {
                        Ok(State::Text(t)) => Some(t.text.clone()),
                        _ => None,
                    };
                    (Some(f.clone()), words)
                }
                Some(TextSource::Typed(t)) => (None, Some(t.clone())),
                None => (None, None),
            };
            TextLine {
                file: station.shown(&station.dir.join(&schedule.name)),
                pos: seg.pos,
                slot: slot.to_string(),
                text_file,
                words,
                voice: seg
                    .voice
                    .clone()
                    .unwrap_or_else(|| station.settings.voice.voice.clone()),
            }
        })
        .collect()
}

/// Whether the station can read its text items aloud: for each voice
/// they are read in, the engine (and its voice or model) must be there.
/// One error a voice, at the first item that needs it; nothing when no
/// schedule has a text item.
pub(crate) fn findings(station: &Station, schedules: &[Arc<Schedule>]) -> Vec<Finding> {
    let mut first: BTreeMap<Option<&str>, (&Schedule, &str, &Segment)> = BTreeMap::new();
    for (schedule, slot, seg) in text_items(schedules) {
        first
            .entry(seg.voice.as_deref())
            .or_insert((schedule, slot, seg));
    }
    let mut out = Vec::new();
    let mut said = Vec::new();
    for (voice, (schedule, slot, seg)) in first {
        // A missing engine is said once, not once a voice.
        if let Err(e) = station
            .settings
            .voice
            .for_item(voice, &station.dir)
            .and_then(|settings| crate::voice::ready(&settings))
            && !said.contains(&e)
        {
            said.push(e.clone());
            // A voice the item asks for is corrected in the item, not in
            // loaxa.toml.
            let why = match (&e, voice) {
                (VoiceError::VoiceMissing { voice, available }, Some(_)) => msg!(
                    "check-text-voice-missing",
                    voice = voice,
                    available = available.join(", ")
                ),
                _ => e.msg(),
            };
            out.push(Finding {
                file: station.shown(&station.dir.join(&schedule.name)),
                pos: seg.pos,
                what: What::Voice {
                    slot: slot.to_string(),
                    why,
                },
            });
        }
    }
    out
}

/// The text items, one a line: where, the slot, the first words and how
/// long they take to say, the voice.
pub(crate) fn print(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    if report.texts.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        t!("check-texts", engine = report.engine, speed = report.speed)
    )?;
    for line in &report.texts {
        let mut shown = String::new();
        if let Some(f) = &line.text_file {
            shown.push_str(f);
            shown.push_str("  ");
        }
        if let Some(words) = &line.words {
            shown.push_str(&crate::upcoming::quoted_words(words));
            shown.push_str("  ");
            shown.push_str(&crate::upcoming::estimated(words, report.speed));
        }
        writeln!(
            out,
            "  {}:{}  {}: {}  ({})",
            line.file,
            line.pos.line,
            t!("check-slot", slot = &line.slot),
            shown.trim_end(),
            t!("plan-voice", voice = &line.voice)
        )?;
    }
    Ok(())
}
