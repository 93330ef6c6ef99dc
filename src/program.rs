//! The program's items as the station's files make them: the core's
//! expansion (`loaxa_core::program`) over this station's library, its
//! sidecars read from the drop folder, and the folder rotation remembered in
//! the data folder across restarts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::library::Library;

// pub for benches/airing.rs
pub use loaxa_core::loudness::{LIMIT_CEILING, MAX_GAIN, PEAK_CEILING, Shape, shape, warnings};
pub(crate) use loaxa_core::program::{Expander, Item, Source, Speech};

/// Which file each rotating folder item aired last (see
/// `loaxa_core::program::Rotation`), kept in `path` when there is one.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rotation {
    path: Option<PathBuf>,
    memory: loaxa_core::program::Rotation,
}

impl Rotation {
    /// Remembered in `path`; `None` keeps it in memory (a simulation).
    pub(crate) fn open(path: Option<&Path>, start_from: Option<&Path>) -> Rotation {
        let from = path.or(start_from);
        let last: BTreeMap<String, String> = from
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        Rotation {
            path: path.map(Path::to_path_buf),
            memory: loaxa_core::program::Rotation::new(last),
        }
    }

    /// Writes what changed (atomically: a crash leaves the old file).
    fn save(&mut self) {
        if !self.memory.changed {
            return;
        }
        self.memory.changed = false;
        let Some(p) = &self.path else {
            return;
        };
        let text = serde_json::to_string_pretty(&self.memory.last).unwrap_or_default();
        let tmp = p.with_extension("json.tmp");
        let saved = p
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&tmp, text))
            .and_then(|()| std::fs::rename(&tmp, p));
        if let Err(e) = saved {
            tracing::warn!(
                "{}",
                t!(
                    "cannot-save",
                    path = p.display().to_string(),
                    detail = crate::i18n::os_detail(&e)
                )
            );
        }
    }
}

/// The concrete items of one planned airing, as the daemon will air them.
/// `rotation` is advanced (and saved) when given.
pub(crate) fn airing_items(
    library: &Library,
    settings: &crate::station::Settings,
    airing: &crate::plan::Airing,
    rotation: Option<&mut Rotation>,
) -> Vec<Item> {
    let slot = airing.slot();
    let expander = Expander {
        library,
        topics: &settings.topics,
        station_level: settings.level,
        relay_fallback: settings.relay.fallback.as_deref(),
        slot_level: slot.level,
    };
    let key = format!("{}|{}", airing.schedule.name, slot.id);
    match rotation {
        Some(r) => {
            let items = expander.expand(airing.program(), &key, Some(&mut r.memory));
            r.save();
            items
        }
        None => expander.expand(airing.program(), &key, None),
    }
}
