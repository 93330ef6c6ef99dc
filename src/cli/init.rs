//! `loaxa init`: a new station folder (see `crate::init`, which makes it),
//! and what to do next.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use crate::init::Done;
use crate::station::Station;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub(crate) example: bool,
    #[arg(long, value_name = "NAME")]
    pub(crate) station: Option<String>,
}

/// A new station: where asked, or here; never one found elsewhere.
pub fn main(dir: Option<&Path>, args: Args) -> Result<ExitCode, CliError> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let done = crate::init::init(&dir, args.example, args.station.as_deref())?;
    crate::i18n::set_lang(super::choose_lang(Station::peek_lang(&dir)));
    print(&dir, &done, &mut std::io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

/// What `init` did, and what to do next.
pub(crate) fn print(dir: &Path, done: &Done, out: &mut dyn Write) -> std::io::Result<()> {
    for made in &done.made {
        writeln!(out, "  + {made}")?;
    }
    if !done.kept.is_empty() {
        writeln!(
            out,
            "{}",
            t!(
                "init-kept",
                count = done.kept.len(),
                files = done.kept.join(", ")
            )
        )?;
    }
    if let Some(name) = &done.name_not_set {
        writeln!(out, "{}", t!("init-name-kept", name = name))?;
    }
    writeln!(
        out,
        "\n{}",
        t!("init-done", path = dir.display().to_string())
    )?;
    match done.example {
        true => writeln!(out, "{}", t!("init-next-example")),
        false => writeln!(out, "{}", t!("init-next")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_made_and_kept_then_what_next() {
        let done = Done {
            made: vec!["schedules/".into(), "loaxa.toml".into()],
            kept: vec!["audio/".into()],
            ..Done::default()
        };
        let mut out = Vec::new();
        print(Path::new("/srv/xa"), &done, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("  + schedules/\n  + loaxa.toml\n"));
        assert!(text.contains(&t!("init-kept", count = 1, files = "audio/")));
        assert!(text.ends_with(&format!(
            "\n{}\n{}\n",
            t!("init-done", path = "/srv/xa"),
            t!("init-next")
        )));
    }
}
