//! loaxa: the broadcast daemon of a commune loudspeaker station.
//!
//! See ARCHITECTURE.md for the data flow and the invariants.

pub mod diag;
pub mod plan;
pub mod schedule;
pub mod timefmt;
pub mod topics;
