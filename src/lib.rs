//! loaxa: the broadcast daemon of a commune loudspeaker station.
//!
//! See ARCHITECTURE.md for the data flow and the invariants.

#[macro_use]
pub mod i18n;
pub mod airlog;
pub mod audio;
pub mod clock;
pub mod cmd;
pub mod control;
pub mod daemon;
pub mod decide;
pub mod diag;
pub mod init;
pub mod instance;
pub mod library;
pub mod outfile;
pub mod plan;
pub mod program;
pub mod report;
pub mod schedule;
pub mod service;
pub mod sim;
pub mod spill;
pub mod station;
pub mod status;
pub mod timefmt;
pub mod topics;
pub mod watch;
pub mod xlsx;
