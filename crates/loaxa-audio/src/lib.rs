//! Audio: decoding files, the bus every output reads from, the outputs, and
//! the player thread that drives them.

#[macro_use]
extern crate loaxa_i18n;

/// `t!("id", name = value, …)`: a message in the language of the moment
/// (device and output errors are told as they happen).
macro_rules! t {
    ($id:literal) => {
        loaxa_i18n::text($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        loaxa_i18n::text($id, &[$((stringify!($name), loaxa_i18n::Arg::from($value))),+])
    };
}

pub mod bus;
pub mod capture;
pub(crate) mod clock;
pub mod decode;
mod device_name;
pub mod limiter;
pub mod line_monitor;
pub mod live;
pub mod live_resample;
pub mod monitor;
pub mod output;
pub mod player;
mod quiet;
pub mod relay;
pub mod resample;
mod ring;
pub mod stream;

/// The bus's sample rate: every file is resampled to it, every output runs at it.
pub(crate) const RATE: u32 = 48_000;

pub use clock::Clock;
pub use decode::{AudioError, AudioInfo, FileDecoder, probe};
pub use output::OutputSpec;
pub use player::{PlayRequest, Player, PlayerEvent};

/// Extensions of the recordings loaxa reads. Other files in the folder
/// (notes, sidecars, scripts) are none of its business.
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "mp3", "wav", "wave", "flac", "ogg", "oga", "m4a", "mp4", "aac", "mka",
];
