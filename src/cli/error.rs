//! What can go wrong in a command, typed: the binary words it (each cause
//! once) and chooses the exit code.

pub use crate::answers::invalid::Invalid;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Station(#[from] crate::station::StationError),
    #[error(transparent)]
    Init(#[from] crate::init::InitError),
    #[error(transparent)]
    Log(#[from] crate::airlog::LogError),
    #[error(transparent)]
    Export(#[from] crate::answers::export::ExportError),
    #[error(transparent)]
    OutFile(#[from] crate::outfile::OutError),
    #[error(transparent)]
    Control(#[from] crate::control::ControlError),
    #[error(transparent)]
    Instance(#[from] crate::instance::InstanceError),
    #[error(transparent)]
    Users(#[from] crate::users::UsersError),
    /// The daemon refused, in its own words.
    #[error("{0}")]
    Refused(String),
    /// The sound system could not list its devices (already worded).
    #[error("{0}")]
    Devices(String),
    /// Something failed while doing what `what` says.
    #[error("{what}")]
    While {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl CliError {
    /// `what` failed because of `source`.
    pub(crate) fn while_(
        what: String,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> CliError {
        CliError::While {
            what,
            source: Box::new(source),
        }
    }

    /// The reader went away (`loaxa log | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
