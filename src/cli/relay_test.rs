//! `loaxa relay-test URL`: tries a relay address the way a relay item
//! would (playlists followed, the stream decoded), once, and says what it
//! found or why it failed and what to check. No station is needed: an
//! operator tries an address before writing it into a schedule.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use loaxa_audio::Clock as _;
use loaxa_core::relay::{RelaySource, RelayUrl, parse_source};
use loaxa_i18n::Msg;

use super::CliError;
use crate::relay::{self, NetRuntime, Probe};

#[derive(clap::Args)]
pub struct Args {
    pub(crate) url: String,
    #[arg(long, default_value = "5", value_parser = parse_seconds)]
    pub(crate) seconds: u32,
    #[arg(long)]
    pub(crate) json: bool,
}

/// At most ten minutes: a test, not a relay.
const MAX_SECONDS: u32 = 600;

fn parse_seconds(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_SECONDS).contains(n))
        .ok_or_else(|| t!("relay-test-seconds", text = s))
}

/// What the test found: the address as shown, and the probe or why not.
pub(crate) struct Outcome {
    pub shown: String,
    pub result: Result<Probe, Msg>,
}

pub fn main(args: Args) -> Result<ExitCode, CliError> {
    let outcome = compute(&args.url, args.seconds);
    let mut out = std::io::stdout().lock();
    print(&outcome, args.json, &mut out)?;
    Ok(super::exit(outcome.result.is_ok()))
}

pub(crate) fn compute(text: &str, seconds: u32) -> Outcome {
    let url = match parse_source(text) {
        Ok(RelaySource::Url(url)) => url,
        Ok(RelaySource::LineIn(_)) => {
            return Outcome {
                shown: text.to_string(),
                result: Err(msg!("relay-bad-address", why = "line-in")),
            };
        }
        Err(why) | Ok(RelaySource::Bad { why, .. }) => {
            return Outcome {
                shown: shown_anyway(text),
                result: Err(why),
            };
        }
    };
    Outcome {
        shown: url.shown(),
        result: run(&url, seconds),
    }
}

fn run(url: &RelayUrl, seconds: u32) -> Result<Probe, Msg> {
    let net = NetRuntime::new()
        .map_err(|e| msg!("relay-network", detail = crate::i18n::os_detail(&e)))?;
    let clock = crate::clock::RealClock::new();
    let mono = || clock.mono();
    relay::probe(url, seconds, net.handle(), &mono)
}

/// An address that did not parse, without what looks like a password.
fn shown_anyway(text: &str) -> String {
    match text.split_once("://") {
        Some((scheme, rest)) if rest.contains('@') => {
            let host = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{host}")
        }
        _ => text.to_string(),
    }
}

fn secs(d: Duration) -> loaxa_i18n::Arg {
    crate::timefmt::decimal_arg(d.as_secs_f64(), 2)
}

pub(crate) fn print(o: &Outcome, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        let value = match &o.result {
            Ok(p) => serde_json::json!({
                "url": o.shown,
                "ok": true,
                "resolved": p.resolved,
                "codec": p.info.codec,
                "rate": p.info.rate,
                "channels": p.info.channels,
                "delay_seconds": p.delay.as_secs_f64(),
                "decoded_seconds": p.seconds,
            }),
            Err(why) => serde_json::json!({
                "url": o.shown,
                "ok": false,
                "error": crate::i18n::render(why),
            }),
        };
        return writeln!(out, "{value}");
    }
    match &o.result {
        Ok(p) => {
            writeln!(
                out,
                "{}",
                t!(
                    "relay-test-ok",
                    codec = p.info.codec.clone(),
                    rate = p.info.rate,
                    channels = p.info.channels,
                    delay = secs(p.delay),
                    seconds = crate::timefmt::decimal_arg(p.seconds, 1)
                )
            )?;
            if p.resolved.trim_end_matches('/') != o.shown.trim_end_matches('/') {
                writeln!(
                    out,
                    "{}",
                    t!("relay-test-resolved", url = p.resolved.clone())
                )?;
            }
            Ok(())
        }
        Err(why) => {
            writeln!(
                out,
                "{}",
                t!(
                    "relay-test-failed",
                    url = o.shown.clone(),
                    why = crate::i18n::render(why)
                )
            )?;
            writeln!(out, "{}", t!("relay-test-what-to-do"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_bounded() {
        assert_eq!(parse_seconds("5"), Ok(5));
        assert_eq!(parse_seconds(" 600 "), Ok(600));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("601").is_err());
        assert!(parse_seconds("x").is_err());
    }

    #[test]
    fn a_failure_says_what_to_do_without_the_password() {
        // Port 1 on loopback: refused at once, no network needed.
        let o = compute("http://ops:secret@127.0.0.1:1/x.mp3", 1);
        assert_eq!(
            o.result.as_ref().unwrap_err(),
            &msg!("relay-refused", host = "127.0.0.1:1")
        );
        let mut out = Vec::new();
        print(&o, false, &mut out).unwrap();
        print(&o, true, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains(&t!("relay-test-what-to-do")));
        assert!(compute("ftp://radio/x", 1).result.is_err());
        assert!(compute("line-in", 1).result.is_err());
    }
}
