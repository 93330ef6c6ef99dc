//! Audio: decoding files, the bus every output reads from, the outputs, and
//! the player thread that drives them.

pub mod bus;
pub mod decode;
pub mod limiter;
pub mod output;
pub mod player;
pub mod resample;

pub use decode::{AudioError, AudioInfo, FileDecoder, probe};
pub use output::OutputSpec;
pub use player::{PlayRequest, Player, PlayerEvent};
