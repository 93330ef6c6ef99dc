//! `loaxa play FILE…`: the running daemon airs these files now, as one
//! program.

use std::path::Path;
use std::process::ExitCode;

use super::{CliError, Ctx, Invalid};
use crate::control::Request;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<String>,
    #[arg(long, value_name = "PRIORITY")]
    pub(crate) priority: Option<String>,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let request = request(args, &ctx.station.audio_dir)?;
    super::ask_daemon(&ctx.station, &request)
}

/// The daemon's request: at most `MAX_PLAY_FILES` files, each named as
/// the audio folder knows it.
pub(crate) fn request(args: Args, audio_dir: &Path) -> Result<Request, Invalid> {
    let max = crate::daemon::MAX_PLAY_FILES;
    if args.files.len() > max {
        return Err(Invalid::TooManyFiles {
            count: args.files.len(),
            max,
        });
    }
    let files = args
        .files
        .iter()
        .map(|f| audio_relative(audio_dir, f))
        .collect();
    Ok(Request::Play {
        files,
        priority: args.priority,
    })
}

/// A file named on the command line, as the audio folder knows it: an
/// existing path inside the folder is made relative to it; anything else is
/// taken as already relative (the daemon checks it).
fn audio_relative(audio_dir: &Path, f: &str) -> String {
    let p = Path::new(f);
    if let (Ok(real), Ok(audio)) = (p.canonicalize(), audio_dir.canonicalize())
        && let Ok(rel) = real.strip_prefix(&audio)
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    f.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(files: &[&str]) -> Args {
        Args {
            files: files.iter().map(|f| f.to_string()).collect(),
            priority: Some("emergency".into()),
        }
    }

    #[test]
    fn paths_inside_the_audio_folder_become_relative() {
        let dir = tempfile::tempdir().unwrap();
        let audio = dir.path().join("audio");
        std::fs::create_dir_all(audio.join("tin")).unwrap();
        std::fs::write(audio.join("tin/a.mp3"), b"x").unwrap();
        let inside = audio.join("tin/a.mp3").display().to_string();
        let Ok(Request::Play { files, priority }) = request(args(&[&inside, "b.mp3"]), &audio)
        else {
            panic!("not a play request");
        };
        assert_eq!(files, ["tin/a.mp3", "b.mp3"]);
        assert_eq!(priority.as_deref(), Some("emergency"));
    }

    #[test]
    fn too_many_files_are_refused() {
        let max = crate::daemon::MAX_PLAY_FILES;
        let many: Vec<String> = (0..=max).map(|i| format!("{i}.mp3")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let Err(e) = request(args(&many), Path::new("/nonexistent")) else {
            panic!("accepted");
        };
        assert_eq!(
            e,
            Invalid::TooManyFiles {
                count: max + 1,
                max
            }
        );
    }
}
