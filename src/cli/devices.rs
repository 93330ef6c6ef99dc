//! `loaxa devices`: the sound cards `device:NAME` can name.

use std::io::Write;
use std::process::ExitCode;

use super::CliError;
use crate::audio::player::DeviceEntry;

pub fn main() -> Result<ExitCode, CliError> {
    let list = crate::audio::player::list_devices()
        .map_err(|m| CliError::Devices(crate::i18n::render(&m)))?;
    print(&list, &mut std::io::stdout().lock())?;
    Ok(super::exit(!list.is_empty()))
}

/// One line a card, its name as `--output` takes it first.
pub(crate) fn print(list: &[DeviceEntry], out: &mut dyn Write) -> std::io::Result<()> {
    if list.is_empty() {
        return writeln!(out, "{}", t!("devices-none"));
    }
    let width = list.iter().map(|d| d.name.len()).max().unwrap_or(0) + 7;
    for d in list {
        let name = format!("device:{}", d.name);
        writeln!(
            out,
            "{name:<width$}  {}",
            d.description.replace('\n', " — ")
        )?;
    }
    writeln!(out, "\n{}", t!("devices-use"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_line_up_and_the_use_follows() {
        let list = vec![
            DeviceEntry {
                name: "default".into(),
                description: "Default\nALSA".into(),
            },
            DeviceEntry {
                name: "hw:CARD=USB,DEV=0".into(),
                description: "USB".into(),
            },
        ];
        let mut out = Vec::new();
        print(&list, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!("{:<24}  Default — ALSA", "device:default")
        );
        assert_eq!(lines[1], "device:hw:CARD=USB,DEV=0  USB");
        assert_eq!(lines[3], t!("devices-use"));
    }

    #[test]
    fn no_card_says_so() {
        let mut out = Vec::new();
        print(&[], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{}\n", t!("devices-none"))
        );
    }
}
