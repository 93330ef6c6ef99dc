//! A request that cannot be carried out as asked (by a command or the
//! console), found before anything is read or written.

use crate::audio::OutputSpec;

/// A request that cannot be carried out as asked, found before anything
/// is read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("{}", t!("cli-from-after-to", from = crate::timefmt::date_vi(*.from), to = crate::timefmt::date_vi(*.to)))]
    FromAfterTo {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
    /// `simulate` writes files: no sound card, no FIFO.
    #[error("{}", t!("cli-sim-output", output = .0.to_string()))]
    SimOutput(OutputSpec),
    #[error("{}", t!("play-too-many", count = *.count, max = *.max))]
    TooManyFiles { count: usize, max: usize },
    #[error("{}", t!("say-empty"))]
    NoText,
    #[error("{}", t!("say-not-utf8"))]
    NotUtf8,
    #[error("{}", t!("say-piped-too-long", max = *.max))]
    PipedTooLong { max: usize },
    #[error("{}", t!("say-too-long", count = *.count, max = *.max))]
    TextTooLong { count: usize, max: usize },
    #[error("{}", t!("say-bad-repeat", max = *.max))]
    BadRepeat { max: u32 },
    #[error("{}", t!("alert-file-missing", path = .0.display().to_string()))]
    AlertMissing(std::path::PathBuf),
    #[error("{}", t!("alert-file-not-regular", path = .0.display().to_string()))]
    AlertNotRegular(std::path::PathBuf),
    #[error("{}", t!("alert-file-too-big", path = .path.display().to_string(), size = *.size, limit = *.limit))]
    AlertTooBig {
        path: std::path::PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}", t!("alert-file-unreadable", path = .path.display().to_string(), detail = .detail))]
    AlertUnreadable {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("{}", t!("cli-year-range", from = *.from, to = *.to))]
    YearRange { from: i32, to: i32 },
    /// A quarter written wrongly (what and what to do, from `timefmt`).
    #[error("{}", crate::i18n::problem(.0))]
    Quarter(crate::diag::Problem),
    #[error("{} — {}", t!("cal-not-month", text = .0), t!("cal-not-month-hint"))]
    Month(String),
    #[error("{}", t!("cli-no-such-period", name = .name, known = .known.join(", ")))]
    NoSuchPeriod { name: String, known: Vec<String> },
    #[error("{}", t!("cli-out-of-range"))]
    OutOfRange,
    #[error("{}", t!("cli-which-period"))]
    WhichPeriod,
    /// `loaxa user` without `--password-stdin`, and no terminal to ask on.
    #[error("{}", t!("user-no-terminal"))]
    NoTerminal,
    #[error("{}", t!("user-password-mismatch"))]
    PasswordMismatch,
    #[error("{}", t!("user-password-not-utf8"))]
    PasswordNotUtf8,
}
