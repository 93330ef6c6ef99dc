//! Typed bulletins: what a text must be for loaxa to read it aloud, the
//! same for words typed in a schedule (`"text"`) and for a `.txt` file
//! dropped in the audio folder (`"text_file"`). The binary reads the
//! file; the rules here judge its bytes.

use sha2::{Digest, Sha256};

use crate::Msg;
use crate::library::TextFacts;

/// Characters one text item may hold: about twenty minutes of speech at
/// espeak-ng's pace, more than any bulletin, and a bound on what one
/// engine run is given.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Bytes a text file may hold: `MAX_TEXT_CHARS` characters of four bytes
/// each, and a byte-order mark. A bigger file is refused without reading
/// it whole.
pub const MAX_TEXT_BYTES: u64 = MAX_TEXT_CHARS as u64 * 4 + 3;

/// Words of the text that stand for its title when none is given.
pub const TITLE_WORDS: usize = 8;

/// The extension of a text bulletin in the audio folder.
pub const TEXT_EXTENSION: &str = "txt";

/// Whether `name` is a text bulletin by its extension (any case).
pub fn is_text_file(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && ext.eq_ignore_ascii_case(TEXT_EXTENSION))
}

/// What stops a text from being read aloud: nothing in it, or too much.
pub fn problem(text: &str) -> Option<Msg> {
    if !text.chars().any(char::is_alphanumeric) {
        return Some(msg!("text-empty"));
    }
    let count = text.chars().count();
    (count > MAX_TEXT_CHARS).then(|| msg!("text-too-long", count = count, max = MAX_TEXT_CHARS))
}

/// A text file's bytes as a bulletin: UTF-8 (a byte-order mark, which
/// Notepad writes, is dropped), with words to read and not too many. The
/// fingerprint is of the bytes as they are, the evidence of what was
/// written.
pub fn read(bytes: &[u8]) -> Result<TextFacts, Msg> {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(body) {
        // A NUL is not in a text bulletin: it is UTF-16 ("Unicode" in
        // Notepad) or a damaged file, and an engine stops reading there.
        Ok(t) => match t.find('\0') {
            Some(at) => return Err(msg!("text-not-utf8", at = at + (bytes.len() - body.len()))),
            None => t,
        },
        Err(e) => {
            let at = e.valid_up_to() + (bytes.len() - body.len());
            return Err(msg!("text-not-utf8", at = at));
        }
    };
    if let Some(why) = problem(text) {
        return Err(why);
    }
    Ok(TextFacts {
        sha256: hex::encode(Sha256::digest(bytes)),
        text: text.to_string(),
    })
}

/// The title a text item goes by when the schedule gives none.
pub fn title(text: &str) -> String {
    crate::speech::first_words(text, TITLE_WORDS)
}

/// A voice's name as a schedule may give it: not empty, no spaces, no
/// control characters (it becomes an engine's argument and a log field).
pub fn voice_name_ok(voice: &str) -> bool {
    !voice.is_empty() && !voice.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_known_by_their_extension() {
        for (name, want) in [
            ("thong-bao/bao-so-5.txt", true),
            ("BAO.TXT", true),
            ("a.Txt", true),
            (".txt", false),
            ("bao.txt.mp3", false),
            ("bao", false),
            ("bao.mp3", false),
        ] {
            assert_eq!(is_text_file(name), want, "{name}");
        }
    }

    #[test]
    fn a_file_is_a_bulletin_when_it_is_utf8_with_words() {
        let ok = read("Thông báo: mất điện.".as_bytes()).unwrap();
        assert_eq!(ok.text, "Thông báo: mất điện.");
        assert_eq!(ok.sha256.len(), 64);
        // Notepad's byte-order mark is not part of the text, but of the
        // bytes fingerprinted.
        let bom = read("\u{feff}Thông báo.".as_bytes()).unwrap();
        assert_eq!(bom.text, "Thông báo.");
        assert_ne!(bom.sha256, read("Thông báo.".as_bytes()).unwrap().sha256);
        // Windows-1258 (the old Vietnamese code page): "Th\xf4ng".
        let err = read(b"Th\xf4ng b\xe1o").unwrap_err();
        assert_eq!(err, msg!("text-not-utf8", at = 2));
        assert_eq!(read(b" \n\t ").unwrap_err(), msg!("text-empty"));
        assert_eq!(read(b"...").unwrap_err(), msg!("text-empty"));
        let long = "a ".repeat(MAX_TEXT_CHARS / 2 + 1);
        assert_eq!(
            read(long.as_bytes()).unwrap_err(),
            msg!(
                "text-too-long",
                count = MAX_TEXT_CHARS + 2,
                max = MAX_TEXT_CHARS
            )
        );
        assert!(read("a".repeat(MAX_TEXT_CHARS).as_bytes()).is_ok());
        // A NUL: UTF-16 read as bytes, or a damaged file; the engine would
        // stop reading there, and the evidence would name the whole text.
        assert_eq!(
            read(b"Xin ch\xc3\xa0o\0 b\xc3\xa0 con").unwrap_err(),
            msg!("text-not-utf8", at = 9)
        );
        assert_eq!(
            read(b"\xef\xbb\xbfT\0h\0").unwrap_err(),
            msg!("text-not-utf8", at = 4)
        );
    }

    #[test]
    fn voice_names() {
        for (v, ok) in [
            ("vi", true),
            ("vi-vn-x-south", true),
            ("", false),
            ("vi south", false),
            ("vi\n", false),
            ("vi\u{0}", false),
        ] {
            assert_eq!(voice_name_ok(v), ok, "{v:?}");
        }
    }

    #[test]
    fn titles_are_the_first_words() {
        assert_eq!(
            title("Thông báo: UBND xã tổ chức tiêm phòng dại cho chó mèo."),
            "Thông báo: UBND xã tổ chức tiêm phòng…"
        );
        assert_eq!(title("Mất điện."), "Mất điện.");
    }
}
