//! Relay items (tiếp sóng): what a schedule's `"relay"` names. A network
//! stream (`http://…`, `https://…`: Icecast/SHOUTcast, a playlist, HLS) or
//! the sound card's line input, where an FM/AM receiver or the district's
//! wired line is plugged in.

use crate::Msg;

/// Where a relay's sound comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelaySource {
    Url(RelayUrl),
    /// The capture input: the default one, or the ALSA device named.
    LineIn(Option<String>),
    /// An address that cannot be relayed, as written, and why (`check`
    /// warns; at air time the fallback fills the item's time).
    Bad {
        text: String,
        why: Msg,
    },
}

/// A stream's address, as written (checked: http or https, a host, no
/// spaces or control characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelayUrl {
    text: String,
}

impl RelayUrl {
    /// The address to connect to, as written (with any user and password).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The address as the log and messages show it: without a user or
    /// password, which the airing log must never keep.
    pub fn shown(&self) -> String {
        let (scheme, rest) = match self.text.split_once("://") {
            Some((scheme, rest)) => (format!("{scheme}://"), rest),
            // "ops:secret@host/…" with its "http://" forgotten.
            None => (String::new(), self.text.as_str()),
        };
        // Up to the first "/" only: a password written with "#" or "?"
        // in it (unescaped) is still a password, not the path.
        let end = rest.find('/').unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        format!("{scheme}{host}{path}")
    }
}

impl RelaySource {
    /// What the log and messages call it (a URL without its password,
    /// `line-in`, `line-in:NAME`).
    pub fn shown(&self) -> String {
        match self {
            RelaySource::Url(u) => u.shown(),
            RelaySource::LineIn(None) => "line-in".to_string(),
            RelaySource::LineIn(Some(n)) => format!("line-in:{n}"),
            RelaySource::Bad { text, .. } => RelayUrl { text: text.clone() }.shown(),
        }
    }
}

/// Reads a `"relay"` value: `http(s)://…`, `line-in` or `line-in:NAME`.
pub fn parse_source(text: &str) -> Result<RelaySource, Msg> {
    let t = text.trim();
    if t.chars().any(char::is_control) {
        return Err(msg!("relay-bad-control"));
    }
    if t == "line-in" {
        return Ok(RelaySource::LineIn(None));
    }
    if let Some(name) = t.strip_prefix("line-in:") {
        let name = name.trim();
        if name.is_empty() {
            return Err(msg!("relay-bad-line-in"));
        }
        if !is_capture_name(name) {
            return Err(msg!("relay-bad-line-in-name", name = name));
        }
        return Ok(RelaySource::LineIn(Some(name.to_string())));
    }
    // Said without a password, if the address has one.
    let shown = RelayUrl {
        text: t.to_string(),
    }
    .shown();
    let Some((scheme, rest)) = t.split_once("://") else {
        return Err(msg!("relay-bad-scheme", value = shown));
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return Err(msg!("relay-bad-scheme", value = shown));
    }
    if t.contains(char::is_whitespace) {
        return Err(msg!("relay-bad-space"));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, port)) => {
                check_port(port.strip_prefix(':'), port.is_empty())?;
                h
            }
            None => return Err(msg!("relay-bad-host")),
        }
    } else {
        match host_port.split_once(':') {
            Some((h, port)) => {
                check_port(Some(port), false)?;
                h
            }
            None => host_port,
        }
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
    {
        return Err(msg!("relay-bad-host"));
    }
    Ok(RelaySource::Url(RelayUrl {
        text: t.to_string(),
    }))
}

/// A capture device as `arecord -L` names it: a defined PCM ("default",
/// "loaxa_in") or one with arguments ("hw:1,0", "dsnoop:CARD=PCH,DEV=0").
/// Not an inline definition, a path, or a plugin that writes files: ALSA's
/// "file" plugin opens any path, and runs a command for a name starting
/// with "|", and a schedule (which the console edits) must not reach that.
fn is_capture_name(name: &str) -> bool {
    let (plugin, args) = name.split_once(':').unwrap_or((name, ""));
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    !plugin.is_empty()
        && plugin.chars().all(word)
        && args.chars().all(|c| word(c) || matches!(c, ',' | '='))
        && !["file", "tee", "shm", "ladspa", "hooks"]
            .contains(&plugin.to_ascii_lowercase().as_str())
}

fn check_port(port: Option<&str>, none_ok: bool) -> Result<(), Msg> {
    match port {
        None if none_ok => Ok(()),
        Some(p) if p.parse::<u16>().is_ok_and(|n| n > 0) => Ok(()),
        _ => Err(msg!("relay-bad-port")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_read() {
        let ok = [
            ("line-in", "line-in"),
            ("line-in:hw:1,0", "line-in:hw:1,0"),
            ("line-in:loaxa_in", "line-in:loaxa_in"),
            ("line-in: default ", "line-in:default"),
            (
                "line-in:dsnoop:CARD=PCH,DEV=0",
                "line-in:dsnoop:CARD=PCH,DEV=0",
            ),
            (
                "line-in:sysdefault:CARD=Device",
                "line-in:sysdefault:CARD=Device",
            ),
            (
                "http://vov1.example/live.mp3",
                "http://vov1.example/live.mp3",
            ),
            (
                "https://user:secret@radio.example:8443/a.m3u8?x=1",
                "https://radio.example:8443/a.m3u8?x=1",
            ),
            ("http://[::1]:8000/s", "http://[::1]:8000/s"),
            ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
            ("  http://x.vn/a  ", "http://x.vn/a"),
        ];
        for (text, shown) in ok {
            let s = parse_source(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(s.shown(), shown, "{text}");
        }
    }

    #[test]
    fn malformed_sources_are_refused_with_the_reason() {
        let bad = [
            (
                "ftp://x/a.mp3",
                msg!("relay-bad-scheme", value = "ftp://x/a.mp3"),
            ),
            ("vov1.mp3", msg!("relay-bad-scheme", value = "vov1.mp3")),
            ("http://", msg!("relay-bad-host")),
            ("http:///a", msg!("relay-bad-host")),
            ("http://a b/c", msg!("relay-bad-space")),
            ("http://x:99999/a", msg!("relay-bad-port")),
            ("http://x:/a", msg!("relay-bad-port")),
            ("http://x\n/a", msg!("relay-bad-control")),
            ("line-in:", msg!("relay-bad-line-in")),
            (
                "line-in:file:'|touch /tmp/x'",
                msg!("relay-bad-line-in-name", name = "file:'|touch /tmp/x'"),
            ),
            (
                "line-in:file:FILE=x",
                msg!("relay-bad-line-in-name", name = "file:FILE=x"),
            ),
            (
                "line-in:TEE:x",
                msg!("relay-bad-line-in-name", name = "TEE:x"),
            ),
            (
                "line-in:{type hw card 0}",
                msg!("relay-bad-line-in-name", name = "{type hw card 0}"),
            ),
            (
                "line-in:my card",
                msg!("relay-bad-line-in-name", name = "my card"),
            ),
            (
                "ftp://user:pw@x/a.mp3",
                msg!("relay-bad-scheme", value = "ftp://x/a.mp3"),
            ),
            ("http://[::1/a", msg!("relay-bad-host")),
            (
                "ops:secret@radio.example/a.mp3",
                msg!("relay-bad-scheme", value = "radio.example/a.mp3"),
            ),
            (
                "ftp://ops:p#ss@x/a.mp3",
                msg!("relay-bad-scheme", value = "ftp://x/a.mp3"),
            ),
            ("http://ex%41mple/a", msg!("relay-bad-host")),
        ];
        for (text, want) in bad {
            assert_eq!(parse_source(text), Err(want), "{text}");
        }
    }

    #[test]
    fn a_password_is_never_shown_however_it_is_written() {
        // Unescaped "#", "?" or "@" in a password: the address cannot be
        // relayed, but the log and `check` still name it without them.
        for text in [
            "http://ops:p#ss@radio.example/a.mp3",
            "http://ops:p?ss@radio.example/a.mp3",
            "http://ops:p@ss@radio.example/a.mp3",
            "http://ops:p ss@radio.example/a.mp3",
        ] {
            let shown = match parse_source(text) {
                Ok(s) => s.shown(),
                Err(why) => RelaySource::Bad {
                    text: text.to_string(),
                    why,
                }
                .shown(),
            };
            assert_eq!(shown, "http://radio.example/a.mp3", "{text}");
        }
    }
}
