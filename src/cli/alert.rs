//! `loaxa alert FILE`: the running daemon reads a CAP 1.2 alert and does
//! what it says, as if it had been dropped in `audio/khan-cap/`: airs the
//! warning (khẩn cấp for Severe and Extreme, else ưu tiên), stops the
//! repeats it cancels, or says why not. The answer comes once the warning
//! is ready to air (its words turned into speech) or with why it will not
//! air; a malformed file is answered with its line and column.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use loaxa_core::cap::MAX_ALERT_BYTES;

use super::{CliError, Ctx, Invalid};
use crate::control::Request;

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let request = request(&args.file)?;
    super::ask_daemon(&ctx.station, &request)
}

/// The daemon's request: the file's absolute path (the daemon runs in
/// another folder), refused here when there is no such file, it is not a
/// file (a folder, a FIFO, a device), or it is larger than any alert.
pub(crate) fn request(file: &Path) -> Result<Request, Invalid> {
    let meta = match std::fs::metadata(file) {
        Ok(m) => m,
        Err(_) => return Err(Invalid::AlertMissing(file.to_path_buf())),
    };
    if !meta.is_file() {
        return Err(Invalid::AlertNotRegular(file.to_path_buf()));
    }
    let limit = MAX_ALERT_BYTES as u64;
    if meta.len() > limit {
        return Err(Invalid::AlertTooBig {
            path: file.to_path_buf(),
            size: meta.len(),
            limit: limit / (1024 * 1024),
        });
    }
    let whole = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    Ok(Request::Alert { file: whole })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_alert_file_that_is_there_is_sent_to_the_daemon() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("bao-so-5.xml");
        std::fs::write(&xml, "<alert/>").unwrap();
        match request(&xml) {
            Ok(Request::Alert { file }) => assert_eq!(file, xml),
            other => panic!("{other:?}"),
        }
        let missing = dir.path().join("khong-co.xml");
        assert_eq!(
            request(&missing).unwrap_err(),
            Invalid::AlertMissing(missing.clone())
        );
        assert_eq!(
            request(dir.path()).unwrap_err(),
            Invalid::AlertNotRegular(dir.path().to_path_buf())
        );
        // Larger than any alert: refused unread (a sparse file costs nothing).
        let big = dir.path().join("lon.xml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_ALERT_BYTES as u64 + 1).unwrap();
        assert!(matches!(
            request(&big),
            Err(Invalid::AlertTooBig { size, limit: 32, .. }) if size == MAX_ALERT_BYTES as u64 + 1
        ));
        // A relative path is made whole: the daemon runs elsewhere.
        let rel = request(Path::new("Cargo.toml")).unwrap();
        assert!(matches!(rel, Request::Alert { file } if file.is_absolute()));
    }
}
