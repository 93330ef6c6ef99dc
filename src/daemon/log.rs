//! Records on their way to the airing log, and what happens when the disk
//! refuses them.

use std::path::PathBuf;
use std::time::Duration;

use crate::airlog::{self, AiringLog, Record};

/// Records on their way to disk. If the disk refuses (full, read-only,
/// gone), records wait in memory, in order, and are written at the next
/// chance (every record, and every `LOG_RETRY`); airing goes on.
pub(super) struct LogWriter {
    pub(crate) path: PathBuf,
    pub(crate) station: String,
    pub(crate) log: Option<AiringLog>,
    pub(crate) unwritten: Vec<Record>,
    pub(crate) durable: bool,
    /// When the operator was last told records are waiting (on the
    /// Clock's monotonic time).
    pub(crate) complained: Option<Duration>,
    /// Where waiting records are kept aside (none for a simulation), and
    /// whether some are.
    pub(crate) spill: Vec<PathBuf>,
    pub(crate) kept: bool,
}

/// How often records kept in memory are tried again.
pub(super) const LOG_RETRY: Duration = Duration::from_secs(5);
/// How often the journal is reminded that records are waiting.
const LOG_NAG: Duration = Duration::from_secs(60);

impl LogWriter {
    pub(crate) fn record(&mut self, r: Record, now: &str, mono: Duration) {
        self.unwritten.push(r);
        self.flush(now, mono);
    }

    fn open(&mut self, now: &str) -> Result<(), airlog::LogError> {
        if self.log.is_none() {
            let log = AiringLog::open_with(&self.path, self.durable, &self.station, now)?;
            let (records, head) = log.head();
            tracing::info!(
                "{}",
                t!(
                    "daemon-log-open",
                    path = self.path.display().to_string(),
                    records = records,
                    head = head
                )
            );
            self.log = Some(log);
        }
        Ok(())
    }

    /// Writes the records kept in memory, oldest first. Returns whether all
    /// are on disk.
    pub(crate) fn flush(&mut self, now: &str, mono: Duration) -> bool {
        if self.unwritten.is_empty() {
            return true;
        }
        let waiting = self.unwritten.len();
        let mut written = 0;
        let mut failure = self.open(now).err();
        if let Some(log) = self.log.as_mut() {
            for r in &self.unwritten {
                if let Err(e) = log.append(r) {
                    failure = Some(e);
                    break;
                }
                written += 1;
            }
        }
        self.unwritten.drain(..written);
        if failure.is_some() && !self.spill.is_empty() {
            // Kept aside as they stand now, so a stop or a crash before the
            // disk comes back loses none of them.
            match crate::spill::keep(&self.spill, &self.unwritten) {
                Ok(at) => {
                    if !self.kept {
                        tracing::warn!(
                            "{}",
                            t!(
                                "daemon-log-kept-aside",
                                count = self.unwritten.len(),
                                path = at.display().to_string()
                            )
                        );
                    }
                    self.kept = true;
                }
                Err(why) => tracing::error!("{}", t!("daemon-log-cannot-keep", detail = why)),
            }
        }
        if failure.is_none() && self.kept {
            crate::spill::clear(&self.spill);
            self.kept = false;
        }
        match failure {
            None => {
                if self.complained.take().is_some() {
                    tracing::warn!(
                        "{}",
                        t!(
                            "daemon-log-back",
                            path = self.path.display().to_string(),
                            count = waiting
                        )
                    );
                }
                true
            }
            Some(e) => {
                // Reopen next time: the file may have been replaced or remounted.
                self.log = None;
                let nag = self
                    .complained
                    .is_none_or(|t| mono.saturating_sub(t) >= LOG_NAG);
                if nag {
                    self.complained = Some(mono);
                    tracing::error!(
                        "{e} — {}",
                        t!(
                            "daemon-log-failing",
                            count = self.unwritten.len(),
                            seconds = LOG_RETRY.as_secs()
                        )
                    );
                }
                false
            }
        }
    }
}
