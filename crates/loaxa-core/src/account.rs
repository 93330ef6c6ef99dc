//! The web console's accounts, as rules: the roles and their words, what
//! an account's name and a password may be. Storing and hashing are the
//! binary's (`users.rs`).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::diag::Problem;
use crate::timefmt::fold_vi;

/// What an account may do on the console, each role all that the one
/// before it may: `role >= Role::Truc` is "may operate".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// `xem`: sees status, plan, log, library and reports.
    Xem,
    /// `truc`: the operator on duty; also uploads, plays, reads text
    /// aloud, stops what is on air, airs emergencies.
    Truc,
    /// `quan-tri`: also edits schedules and accounts.
    QuanTri,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Xem, Role::Truc, Role::QuanTri];

    /// The word a role is written with, in `users.json` and on the command line.
    pub fn word(self) -> &'static str {
        match self {
            Role::Xem => "xem",
            Role::Truc => "truc",
            Role::QuanTri => "quan-tri",
        }
    }

    /// A role as an operator types it: the word, with or without accents
    /// (`trực`, `quản trị`, `quan tri`), or in English (`view`,
    /// `operator`, `admin`).
    pub fn parse(s: &str) -> Result<Role, Problem> {
        let folded = fold_vi(s).replace(['_', ' '], "-");
        match folded.as_str() {
            "xem" | "view" | "viewer" => Ok(Role::Xem),
            "truc" | "operator" => Ok(Role::Truc),
            "quan-tri" | "quantri" | "admin" => Ok(Role::QuanTri),
            _ => Err(Problem::new(
                msg!("user-bad-role", text = s),
                msg!("user-bad-role-hint"),
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// `users.json` keeps the word; any spelling `parse` takes is read.
impl serde::Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word())
    }
}

impl<'de> serde::Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
        let s = String::deserialize(d)?;
        Role::parse(&s).map_err(|_| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Str(&s), &"xem, truc, quan-tri")
        })
    }
}

/// The longest account name, in characters.
pub const MAX_NAME_CHARS: usize = 32;
/// The shortest password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// The longest password, in bytes (UTF-8): hashing stays cheap.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// An account name as it is kept (NFC: the same letters typed on any
/// system are the same name), or what is wrong with it. Letters of the
/// Latin alphabet with or without accents (Vietnamese ones included),
/// digits, `.`, `-` and `_`; it starts with a letter or a digit, so that it
/// is never taken for an option (`-x`) or a folder (`..`).
pub fn check_name(s: &str) -> Result<String, Problem> {
    let name: String = s.nfc().collect();
    let hint = || msg!("user-name-hint", max = MAX_NAME_CHARS);
    let count = name.chars().count();
    if count == 0 {
        return Err(Problem::new(msg!("user-name-empty"), hint()));
    }
    if count > MAX_NAME_CHARS {
        return Err(Problem::new(
            msg!("user-name-too-long", count = count, max = MAX_NAME_CHARS),
            hint(),
        ));
    }
    if let Some(c) = name.chars().find(|c| !name_char(*c)) {
        let shown = c.escape_debug().to_string();
        return Err(Problem::new(
            msg!(
                "user-name-bad-char",
                name = name.escape_debug().to_string(),
                char = shown
            ),
            hint(),
        ));
    }
    if name.starts_with(['.', '-', '_']) {
        return Err(Problem::new(
            msg!("user-name-first", name = name.clone()),
            hint(),
        ));
    }
    Ok(name)
}

/// What two names that are the same account have in common: "Lan" and
/// "lan" are one account, "Lan" and "Lân" two.
pub fn name_key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') || latin_letter(c)
}

/// A Latin letter with accents: `đ`, or a base letter a–z followed only by
/// combining marks once decomposed (`ệ` is e + ◌̂ + ◌̣). Other scripts'
/// letters are left out: a Cyrillic `а` looks like `a` and is not.
fn latin_letter(c: char) -> bool {
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let mut parts = std::iter::once(c).nfd();
    parts.next().is_some_and(|b| b.is_ascii_alphabetic())
        && parts.all(|m| ('\u{300}'..='\u{36f}').contains(&m))
}

/// A password as it is hashed (NFC: `ệ` typed on a phone and on the
/// station PC is one letter either way), or the rule it breaks: at least
/// [`MIN_PASSWORD_CHARS`] characters, at most [`MAX_PASSWORD_BYTES`]
/// bytes, no control characters (a tab or a newline is not typed into a
/// password box).
pub fn check_password(s: &str) -> Result<String, Problem> {
    let hint = || {
        msg!(
            "user-password-hint",
            min = MIN_PASSWORD_CHARS,
            max = MAX_PASSWORD_BYTES
        )
    };
    if s.chars().any(char::is_control) {
        return Err(Problem::new(msg!("user-password-control"), hint()));
    }
    let password = normalize_password(s);
    let count = password.chars().count();
    if count < MIN_PASSWORD_CHARS {
        return Err(Problem::new(
            msg!(
                "user-password-short",
                count = count,
                min = MIN_PASSWORD_CHARS
            ),
            hint(),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(Problem::new(
            msg!("user-password-long", max = MAX_PASSWORD_BYTES),
            hint(),
        ));
    }
    Ok(password)
}

/// A password as it is hashed and checked (NFC).
pub fn normalize_password(s: &str) -> String {
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog id of a message.
    fn id(m: &crate::Msg) -> String {
        serde_json::to_value(m).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    #[test]
    fn role_words_in_every_spelling() {
        let table = [
            ("xem", Some(Role::Xem)),
            ("Xem", Some(Role::Xem)),
            ("view", Some(Role::Xem)),
            ("truc", Some(Role::Truc)),
            ("trực", Some(Role::Truc)),
            ("TRỰC", Some(Role::Truc)),
            ("operator", Some(Role::Truc)),
            ("quan-tri", Some(Role::QuanTri)),
            ("quản trị", Some(Role::QuanTri)),
            ("quan tri", Some(Role::QuanTri)),
            ("quản-trị", Some(Role::QuanTri)),
            ("quan_tri", Some(Role::QuanTri)),
            ("  quan   tri ", Some(Role::QuanTri)),
            ("admin", Some(Role::QuanTri)),
            // NFD, as some systems type it.
            ("tr\u{1b0}\u{323}c", Some(Role::Truc)),
            ("", None),
            ("root", None),
            ("quan", None),
            ("trucc", None),
        ];
        for (text, want) in table {
            assert_eq!(Role::parse(text).ok(), want, "{text:?}");
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.word()).ok(), Some(r));
        }
        let e = Role::parse("sếp").unwrap_err();
        assert_eq!(id(&e.what), "user-bad-role");
    }

    #[test]
    fn roles_are_ordered_by_what_they_may_do() {
        assert!(Role::Xem < Role::Truc && Role::Truc < Role::QuanTri);
        assert!(Role::QuanTri >= Role::Truc);
        assert!(Role::Xem < Role::Truc);
    }

    #[test]
    fn roles_are_kept_as_their_words() {
        let json = serde_json::to_string(&Role::ALL).unwrap();
        assert_eq!(json, r#"["xem","truc","quan-tri"]"#);
        let back: Vec<Role> = serde_json::from_str(r#"["xem","trực","admin"]"#).unwrap();
        assert_eq!(back, vec![Role::Xem, Role::Truc, Role::QuanTri]);
        let e = serde_json::from_str::<Role>(r#""boss""#).unwrap_err();
        assert!(e.to_string().contains("xem, truc, quan-tri"), "{e}");
    }

    #[test]
    fn names() {
        let table: &[(&str, Result<&str, &str>)] = &[
            ("lan", Ok("lan")),
            ("Nguyễn.Văn-An_2", Ok("Nguyễn.Văn-An_2")),
            ("đức", Ok("đức")),
            ("ĐỨC", Ok("ĐỨC")),
            // Decomposed (NFD) becomes composed (NFC).
            ("Le\u{302}\u{301}", Ok("Lế")),
            ("a", Ok("a")),
            ("9", Ok("9")),
            (&"a".repeat(32), Ok(&"a".repeat(32))),
            ("", Err("user-name-empty")),
            (&"a".repeat(33), Err("user-name-too-long")),
            // Characters, not bytes: 32 Vietnamese letters are fine.
            ("an nguyen", Err("user-name-bad-char")),
            ("an@xa", Err("user-name-bad-char")),
            ("an/..", Err("user-name-bad-char")),
            ("an\n", Err("user-name-bad-char")),
            // Cyrillic а.
            ("\u{430}n", Err("user-name-bad-char")),
            ("漢字", Err("user-name-bad-char")),
            ("-rf", Err("user-name-first")),
            ("..", Err("user-name-first")),
            ("_an", Err("user-name-first")),
        ];
        for (text, want) in table {
            match (check_name(text), want) {
                (Ok(got), Ok(w)) => assert_eq!(got, *w, "{text:?}"),
                (Err(p), Err(want)) => assert_eq!(id(&p.what), *want, "{text:?}"),
                (got, _) => panic!("{text:?}: {got:?}, wanted {want:?}"),
            }
        }
        assert!(check_name(&"ệ".repeat(32)).is_ok());
        assert!(check_name(&"ệ".repeat(33)).is_err());
    }

    #[test]
    fn one_account_whatever_the_case_or_the_way_accents_were_typed() {
        assert_eq!(name_key("Lan"), name_key("lAN"));
        assert_eq!(name_key("Lế"), name_key("le\u{302}\u{301}"));
        assert_eq!(name_key("ĐỨC"), name_key("đức"));
        assert_ne!(name_key("Lan"), name_key("Lân"));
    }

    #[test]
    fn passwords() {
        let table: &[(&str, Option<&str>)] = &[
            ("12345678", None),
            ("mật khẩu dài", None),
            ("        ", None),
            ("1234567", Some("user-password-short")),
            ("", Some("user-password-short")),
            // Seven characters, more than eight bytes.
            ("ệệệệệệệ", Some("user-password-short")),
            ("mật khẩu\t1", Some("user-password-control")),
            ("matkhau1\n", Some("user-password-control")),
            ("matkhau1\u{7f}", Some("user-password-control")),
        ];
        for (text, want) in table {
            let got = check_password(text).err().map(|p| id(&p.what));
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
        assert!(check_password(&"a".repeat(MAX_PASSWORD_BYTES)).is_ok());
        let long = check_password(&"a".repeat(MAX_PASSWORD_BYTES + 1)).unwrap_err();
        assert_eq!(id(&long.what), "user-password-long");
        assert_eq!(
            check_password("me\u{302}\u{323}t mo\u{309}i qua\u{301}").unwrap(),
            "mệt mỏi quá"
        );
    }
}
