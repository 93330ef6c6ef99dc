//! `loaxa alert FILE`: the running daemon reads a CAP 1.2 alert and does
//! what it says, as if it had been dropped in `audio/khan-cap/`: airs the
//! warning (khẩn cấp for Severe and Extreme, else ưu tiên), stops the
//! repeats it cancels, or says why not. The answer comes once the warning
//! is ready to air (its words turned into speech) or with why it will not
//! air; a malformed file is answered with its line and column.
//!
//! The file is read here, as the operator, and its bytes (with the
//! recordings it names beside it) are sent to the daemon: under systemd the
//! daemon cannot see `/home` or `/tmp`, where an operator keeps a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine;
use loaxa_core::cap::MAX_ALERT_BYTES;

use super::{CliError, Ctx, Invalid};
use crate::cap::{Attached, MAX_BESIDE_BYTES};
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

/// The daemon's request: the file's absolute path (how the log names it),
/// its bytes and the recordings it names beside it; refused here when
/// there is no such file, it is not a file (a folder, a FIFO, a device), it
/// is larger than any alert, or it cannot be read.
pub(crate) fn request(file: &Path) -> Result<Request, Invalid> {
    let meta = match std::fs::metadata(file) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Invalid::AlertMissing(file.to_path_buf()));
        }
        Err(e) => return Err(unreadable(file, &e)),
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
    let bytes = crate::airlog::read_regular(file, limit).map_err(|e| unreadable(file, &e))?;
    let beside = recordings_beside(file, &bytes)?;
    let whole = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(Request::Alert {
        file: whole,
        content: Some(b64.encode(&bytes)),
        beside,
    })
}

fn unreadable(path: &Path, e: &std::io::Error) -> Invalid {
    Invalid::AlertUnreadable {
        path: path.to_path_buf(),
        detail: crate::i18n::os_detail(e),
    }
}

/// The recordings the alert names by a bare `<uri>` that are beside it (by
/// their name in either Unicode form, any case of the same letters as the
/// drop folder matches them), read. One that is not there is left to the
/// daemon, which reads the words out instead and says why; one that cannot
/// be read, or is too large, is refused here. Nothing when the file is
/// not a CAP alert: the daemon answers that with its line and column.
fn recordings_beside(file: &Path, bytes: &[u8]) -> Result<Vec<Attached>, Invalid> {
    let Ok(alert) = loaxa_core::cap::parse(bytes) else {
        return Ok(Vec::new());
    };
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let named: Vec<String> = alert
        .info
        .iter()
        .flat_map(|i| &i.resources)
        .filter(|r| r.deref.is_none())
        .filter_map(|r| r.uri.as_deref())
        .filter_map(|u| loaxa_core::cap::beside(u).ok())
        .collect();
    if named.is_empty() {
        return Ok(Vec::new());
    }
    let present: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    let mut attached: Vec<Attached> = Vec::new();
    let mut total: u64 = 0;
    for name in named {
        let wanted = crate::library::name_key(&name);
        if attached
            .iter()
            .any(|a| crate::library::name_key(&a.name) == wanted)
        {
            continue;
        }
        let Some(path) = present.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| crate::library::name_key(&n.to_string_lossy()) == wanted)
        }) else {
            continue;
        };
        let room = MAX_BESIDE_BYTES.saturating_sub(total);
        let data = crate::airlog::read_regular(path, room).map_err(|e| unreadable(path, &e))?;
        total = total.saturating_add(data.len() as u64);
        if total > MAX_BESIDE_BYTES {
            return Err(Invalid::AlertTooBig {
                path: path.clone(),
                size: total,
                limit: MAX_BESIDE_BYTES / (1024 * 1024),
            });
        }
        attached.push(Attached {
            name,
            data: base64::engine::general_purpose::STANDARD.encode(&data),
        });
    }
    Ok(attached)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert_naming(uri: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>BT-1</identifier><sender>pctt@bentre.gov.vn</sender>
  <sent>2026-09-05T06:00:00+07:00</sent><status>Actual</status>
  <msgType>Alert</msgType><scope>Public</scope>
  <info><category>Met</category><event>Bão</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Observed</certainty>
    <headline>Bão số 5</headline>
    <resource><resourceDesc>Bản tin</resourceDesc><mimeType>audio/mpeg</mimeType>
      <uri>{uri}</uri></resource>
    <area><areaDesc>Xã Mỹ Thạnh</areaDesc></area>
  </info>
</alert>"#
        )
    }

    fn decoded(s: &str) -> Vec<u8> {
        base64::engine::general_purpose::STANDARD.decode(s).unwrap()
    }

    #[test]
    fn only_an_alert_file_that_is_there_is_sent_to_the_daemon() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("bao-so-5.xml");
        std::fs::write(&xml, "<alert/>").unwrap();
        match request(&xml) {
            Ok(Request::Alert {
                file,
                content,
                beside,
            }) => {
                assert_eq!(file, xml);
                assert_eq!(decoded(&content.unwrap()), b"<alert/>");
                assert!(beside.is_empty());
            }
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
        // A FIFO is not read (it would wait for a writer forever).
        let fifo = dir.path().join("ong.xml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(
            request(&fifo).unwrap_err(),
            Invalid::AlertNotRegular(fifo.clone())
        );
        // Larger than any alert: refused unread (a sparse file costs nothing).
        let big = dir.path().join("lon.xml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_ALERT_BYTES as u64 + 1).unwrap();
        assert!(matches!(
            request(&big),
            Err(Invalid::AlertTooBig { size, limit: 32, .. }) if size == MAX_ALERT_BYTES as u64 + 1
        ));
        // A relative path is made whole: the log names it.
        let rel = request(Path::new("Cargo.toml")).unwrap();
        assert!(matches!(rel, Request::Alert { file, .. } if file.is_absolute()));
    }

    #[test]
    fn the_recording_an_alert_names_beside_it_is_sent_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("bao.xml");
        // Named in the composed form, written in the decomposed one.
        std::fs::write(&xml, alert_naming("b\u{e3}o.mp3")).unwrap();
        std::fs::write(dir.path().join("ba\u{303}o.mp3"), b"ID3 tieng").unwrap();
        std::fs::write(dir.path().join("khac.mp3"), b"ID3 khac").unwrap();
        let Ok(Request::Alert { beside, .. }) = request(&xml) else {
            panic!("not sent");
        };
        assert_eq!(beside.len(), 1);
        assert_eq!(beside[0].name, "b\u{e3}o.mp3");
        assert_eq!(decoded(&beside[0].data), b"ID3 tieng");
        // Not there: sent without it (the daemon reads the words out).
        std::fs::write(&xml, alert_naming("khong-co.mp3")).unwrap();
        let Ok(Request::Alert { beside, .. }) = request(&xml) else {
            panic!("not sent");
        };
        assert!(beside.is_empty());
        // A name that leaves the folder is never looked for.
        std::fs::write(&xml, alert_naming("../khac.mp3")).unwrap();
        let Ok(Request::Alert { beside, .. }) = request(&xml) else {
            panic!("not sent");
        };
        assert!(beside.is_empty());
    }

    #[test]
    fn a_named_recording_that_is_not_a_file_is_refused_here() {
        let dir = tempfile::tempdir().unwrap();
        let xml = dir.path().join("bao.xml");
        std::fs::write(&xml, alert_naming("bao.mp3")).unwrap();
        std::fs::create_dir(dir.path().join("bao.mp3")).unwrap();
        assert!(matches!(
            request(&xml),
            Err(Invalid::AlertUnreadable { path, .. }) if path.ends_with("bao.mp3")
        ));
    }
}
