//! The rules of loaxa, apart from the world: what the station's files say
//! (schedule model and reader), when things air (planner), what a program
//! is made of, what to do when (airing decisions), what the airing log
//! holds and whether it is whole, and the quarterly report.
//!
//! Nothing here reads a file, the environment, a socket or the clock, and
//! nothing here speaks a language: values in, values out. Sentences for
//! people are [`Msg`] values, rendered by the binary. The dependencies
//! enforce it (no tokio, no audio crates, chrono without its clock), and so
//! does `clippy.toml` beside this file.

#[macro_use]
extern crate loaxa_i18n;

pub use loaxa_i18n::{Arg, Msg};

pub mod account;
pub mod airlog;
pub mod bulletin;
pub mod cap;
pub mod decide;
pub mod diag;
pub mod library;
pub mod loudness;
pub mod plan;
pub mod program;
pub mod relay;
pub mod report;
pub mod schedule;
pub mod speech;
pub mod timefmt;
pub mod topics;
