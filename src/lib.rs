//! loaxa: the broadcast daemon of a commune loudspeaker station.
//!
//! See ARCHITECTURE.md for the data flow and the invariants.

#[macro_use]
extern crate loaxa_i18n;
#[macro_use]
pub mod i18n;
pub mod airlog;
pub(crate) mod answers;
pub(crate) mod cap;
pub mod cli;
pub mod clock;
pub mod control;
pub mod daemon;
pub mod init;
pub mod instance;
pub mod library;
pub mod outfile;
pub mod program;
pub mod relay;
pub mod report;
pub mod service;
pub mod sim;
pub(crate) mod spill;
pub mod station;
pub mod status;
pub(crate) mod upcoming;
pub mod users;
pub mod voice;
pub(crate) mod watch;
pub(crate) mod web;
pub(crate) mod xlsx;

// The rules, from the core crate, under the names the rest of the binary
// has always used.
pub use loaxa_core::{decide, diag, plan, schedule, timefmt, topics};
// The sound, from the audio crate.
pub use loaxa_audio as audio;
