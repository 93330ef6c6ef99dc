//! Audio: decoding files, the bus every output reads from, the outputs, and
//! the player thread that drives them.

pub mod bus;
pub mod decode;
pub mod limiter;
pub mod output;
pub mod player;
pub mod resample;
mod ring;

pub use decode::{AudioError, AudioInfo, FileDecoder, probe};
pub use output::OutputSpec;
pub use player::{PlayRequest, Player, PlayerEvent};

/// Extensions of the recordings loaxa reads. Other files in the folder
/// (notes, sidecars, scripts) are none of its business.
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "wav", "wave", "flac", "ogg", "oga", "m4a", "mp4", "aac", "mka",
];
