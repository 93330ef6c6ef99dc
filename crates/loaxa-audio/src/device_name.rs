//! Finding a sound card's device by the name the station wrote: the same
//! names for outputs (`device:NAME`) and inputs (`line-in:NAME`) as
//! `loaxa devices` lists them.

use loaxa_i18n::{Msg, msg};
use rodio::cpal::Device;
use rodio::cpal::traits::DeviceTrait;

/// The device of `devices` named `name` (its short id, full id or
/// description), or the names there are, for the message.
pub(crate) fn pick(devices: impl Iterator<Item = Device>, name: &str) -> Result<Device, Msg> {
    let mut names = Vec::new();
    for d in devices {
        let id = d.id().map(|i| i.to_string()).unwrap_or_default();
        let short = id
            .split_once(':')
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
        let desc = d.description().map(|x| x.to_string()).unwrap_or_default();
        if short == name || id == name || desc == name {
            return Ok(d);
        }
        names.push(short);
    }
    Err(match names.is_empty() {
        true => msg!("out-none"),
        false => Msg::verbatim(names.join(", ")),
    })
}
