//! The coming airings as the daemon would air them: shared by `status`
//! (which the daemon answers with too) and the commands (`check`, `plan`,
//! `library`), so that neither imports the other.

use chrono::Datelike;

use crate::library::Library;
use crate::plan::Airing;
use crate::program::{Item, Rotation, Source, airing_items};
use crate::station::Station;
use crate::timefmt::{date_vi, weekday_short_vi};

/// Each airing's items as the daemon would air them with the drop folder
/// as it is now; rotating folders advance from where the daemon left them,
/// in memory only.
pub(crate) fn expand<'a>(
    station: &Station,
    lib: &Library,
    airings: &'a [Airing],
) -> Vec<(&'a Airing, Vec<Item>)> {
    let remembered = station.rotation_path();
    let mut rotation = Rotation::open(None, Some(&remembered));
    airings
        .iter()
        .map(|a| {
            (
                a,
                airing_items(lib, &station.settings, a, Some(&mut rotation)),
            )
        })
        .collect()
}

/// Why an item cannot air as things stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ItemProblem {
    /// Still being copied, or settled and not decoded yet.
    Arriving,
    /// Cannot air, and why (the library's or the program's words).
    Fail(crate::i18n::Msg),
}

impl ItemProblem {
    /// Why an item cannot air as things stand, if it cannot.
    pub(crate) fn of(item: &Item) -> Option<ItemProblem> {
        match &item.source {
            Source::Ready(_) | Source::Text(_) => None,
            // A relay airs whatever the stream does (its fallback fills a
            // silence); only an address that cannot be used is a problem.
            Source::Relay => match item.relay.as_ref().map(|r| &r.relay.source) {
                Some(loaxa_core::relay::RelaySource::Bad { why, .. }) => Some(ItemProblem::Fail(
                    msg!("relay-bad-at-air", why = why.clone()),
                )),
                _ => None,
            },
            Source::Fail(why) => Some(ItemProblem::Fail(why.clone())),
            Source::Arriving | Source::Unchecked => Some(ItemProblem::Arriving),
        }
    }

    /// For the operator.
    pub(crate) fn text(&self) -> String {
        match self {
            ItemProblem::Arriving => arriving_text(),
            ItemProblem::Fail(why) => crate::i18n::render(why),
        }
    }
}

/// "the file is still being copied".
pub(crate) fn arriving_text() -> String {
    t!("lib-arriving")
}

/// `T2 17/03/2014 05:31:00`: when an airing is, as people read it.
pub(crate) fn airing_when(a: &Airing) -> String {
    format!(
        "{} {} {}",
        weekday_short_vi(a.at.weekday()),
        date_vi(a.at.date_naive()),
        a.at.format("%H:%M:%S")
    )
}

/// Words of a text item shown in a line of `check`, `plan` and `library`.
const SHOWN_WORDS: usize = 8;

/// A text item's words as a line shows them: the first few, in quotes.
pub(crate) fn quoted_words(words: &str) -> String {
    format!(
        "\"{}\"",
        loaxa_core::speech::first_words(words, SHOWN_WORDS)
    )
}

/// How long a text takes to say at `speed` (words a minute), as shown:
/// `≈0:00:42`.
pub(crate) fn estimated(words: &str, speed: u32) -> String {
    format!(
        "≈{}",
        crate::timefmt::duration_hms(loaxa_core::speech::estimate_seconds(words, speed))
    )
}

/// An item as a line names it: its file, or for words typed in the
/// schedule the first of them.
pub(crate) fn item_name(item: &Item) -> String {
    match (&item.text, item.words()) {
        (Some(crate::schedule::TextSource::Typed(_)), Some(words)) => quoted_words(words),
        _ => item.file.clone(),
    }
}
