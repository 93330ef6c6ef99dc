//! `loaxa say TEXT`: the running daemon reads the text aloud now. The
//! answer comes once the text has been turned into speech (or with why it
//! could not be).

use std::io::Read;
use std::process::ExitCode;

use super::{CliError, Ctx, Invalid};
use crate::control::Request;
use crate::daemon::{MAX_SAY_CHARS, MAX_SAY_REPEAT};

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_name = "TEXT")]
    pub(crate) text: String,
    #[arg(long, value_name = "PRIORITY")]
    pub(crate) priority: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) repeat: u32,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let text = match args.text.as_str() {
        "-" => {
            // Bounded: a few bytes past the most `say` reads is enough to
            // refuse it, whatever is piped in.
            let mut bytes = Vec::new();
            let limit = (MAX_SAY_CHARS as u64 + 1) * 4;
            std::io::stdin().take(limit).read_to_end(&mut bytes)?;
            if bytes.len() as u64 >= limit {
                return Err(Invalid::PipedTooLong { max: MAX_SAY_CHARS }.into());
            }
            String::from_utf8(bytes).map_err(|_| Invalid::NotUtf8)?
        }
        _ => args.text.clone(),
    };
    let request = request(text, args.priority, args.repeat)?;
    super::ask_daemon(&ctx.station, &request)
}

/// The daemon's request, refused here when the text is empty, too long or
/// the repeat out of range, before the daemon is asked.
pub(crate) fn request(
    text: String,
    priority: Option<String>,
    repeat: u32,
) -> Result<Request, Invalid> {
    let count = text.chars().count();
    if text.trim().is_empty() {
        return Err(Invalid::NoText);
    }
    if count > MAX_SAY_CHARS {
        return Err(Invalid::TextTooLong {
            count,
            max: MAX_SAY_CHARS,
        });
    }
    if !(1..=MAX_SAY_REPEAT).contains(&repeat) {
        return Err(Invalid::BadRepeat {
            max: MAX_SAY_REPEAT,
        });
    }
    Ok(Request::Say {
        text,
        priority,
        repeat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_repeat_are_checked_before_the_daemon_is_asked() {
        let ok = request("Thông báo.".into(), Some("khẩn cấp".into()), 2);
        assert!(matches!(
            ok,
            Ok(Request::Say { ref text, repeat: 2, .. }) if text == "Thông báo."
        ));
        assert!(matches!(
            request("  \n".into(), None, 1),
            Err(Invalid::NoText)
        ));
        assert!(matches!(
            request("a".repeat(MAX_SAY_CHARS + 1), None, 1),
            Err(Invalid::TextTooLong { .. })
        ));
        // Characters, not bytes: Vietnamese letters are several bytes each.
        assert!(request("ạ".repeat(MAX_SAY_CHARS), None, 1).is_ok());
        for repeat in [0, MAX_SAY_REPEAT + 1, u32::MAX] {
            assert!(matches!(
                request("x".into(), None, repeat),
                Err(Invalid::BadRepeat { .. })
            ));
        }
    }
}
