//! The words loaxa says to people, in Vietnamese and English.
//!
//! Every message an operator or clerk reads lives in one catalog per
//! language, `locales/vi.ftl` and `locales/en.ftl` (Project Fluent syntax),
//! compiled into the binary. Code names a message by its id with the `t!`
//! macro and never spells the sentence itself:
//!
//! ```ignore
//! t!("check-summary", errors = 2, warnings = 0)
//! ```
//!
//! The language is chosen once by the binary (`LOAXA_LANG`, else `lang` in
//! loaxa.toml, else the locale) and kept in a process-wide setting, like a
//! locale; until then, and in unit tests, messages are English. The report
//! picks its language per export (`text_in`).

pub use loaxa_i18n::{
    Arg, EN_FTL, Lang, Msg, VI_FTL, lang, render, render_in, set_lang, text, text_in,
};

/// `t!("id")` or `t!("id", name = value, …)`: the message in the current
/// language.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// `t_in!(lang, "id", …)`: the message in a given language.
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $id:literal) => {
        $crate::i18n::text_in($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text_in($lang, $id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A diagnostic as one line, in the current language.
// pub for tests/fuzz.rs
pub fn diagnostic(d: &crate::diag::Diagnostic) -> String {
    d.display_with(&render)
}

/// A problem with a value: "what is wrong — what to do".
pub(crate) fn problem(p: &crate::diag::Problem) -> String {
    let (what, hint) = (render(&p.what), render(&p.hint));
    if hint.is_empty() {
        what
    } else {
        format!("{what} — {hint}")
    }
}

/// What the system said when a file could not be used, in the current
/// language for the kinds a station meets (the system's own words, in
/// English, are kept for the rest and after the sentence, for the IT
/// person).
pub fn os_detail(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => t!("io-not-found"),
        K::PermissionDenied => t!("io-permission"),
        K::AlreadyExists => t!("io-exists"),
        K::StorageFull => t!("io-full"),
        K::ReadOnlyFilesystem => t!("io-read-only"),
        K::IsADirectory => t!("io-is-dir"),
        K::NotADirectory => t!("io-not-dir"),
        K::FileTooLarge => t!("io-too-big"),
        K::ResourceBusy => t!("io-busy"),
        K::InvalidData => t!("io-invalid-data"),
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(code) => format!("{said} (os error {code})"),
        None => said,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The system's reasons a station meets are said in the station's
    /// language, with the system's code kept for the IT person.
    #[test]
    fn a_missing_file_is_said_in_vietnamese() {
        let missing = std::fs::read("/nonexistent/loaxa/nhat-ky.jsonl").unwrap_err();
        let said = os_detail(&missing);
        assert!(said.starts_with(&t!("io-not-found")), "{said}");
        assert!(said.ends_with("(os error 2)"), "{said}");
        // A kind without words of its own keeps the system's.
        let other = std::io::Error::other("lạ");
        assert_eq!(os_detail(&other), "lạ");
    }

    use fluent_bundle::FluentResource;
    use loaxa_i18n::{catalog_ids as ids, variables};

    #[test]
    fn catalogs_parse_without_errors() {
        for (name, src) in [("vi.ftl", VI_FTL), ("en.ftl", EN_FTL)] {
            if let Err((_, errors)) = FluentResource::try_new(src.to_string()) {
                panic!("locales/{name} has syntax errors: {errors:?}");
            }
            let ids = ids(src);
            let unique: BTreeSet<_> = ids.iter().collect();
            assert_eq!(
                ids.len(),
                unique.len(),
                "locales/{name} defines an id twice"
            );
        }
    }

    #[test]
    fn every_vietnamese_message_exists_in_english_and_back() {
        let vi: BTreeSet<_> = ids(VI_FTL).into_iter().collect();
        let en: BTreeSet<_> = ids(EN_FTL).into_iter().collect();
        let missing_en: Vec<_> = vi.difference(&en).collect();
        let missing_vi: Vec<_> = en.difference(&vi).collect();
        assert!(
            missing_en.is_empty(),
            "missing in locales/en.ftl: {missing_en:?}"
        );
        assert!(
            missing_vi.is_empty(),
            "missing in locales/vi.ftl: {missing_vi:?}"
        );
        assert!(
            vi.len() > 100,
            "the catalog is suspiciously small: {}",
            vi.len()
        );
    }

    /// Every `t!("id", name = …)` in the code names a message both catalogs
    /// have, with exactly the variables the message uses.
    #[test]
    fn every_message_the_code_uses_exists_with_its_variables() {
        let mut uses = Vec::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        collect_uses(&root.join("src"), &mut uses);
        collect_uses(&root.join("crates"), &mut uses);
        assert!(uses.len() > 100, "found only {} uses of t!", uses.len());
        let vi: BTreeSet<_> = ids(VI_FTL).into_iter().collect();
        for (file, id, mut args) in uses {
            assert!(
                vi.contains(id.as_str()),
                "{file}: t!(\"{id}\") is in no catalog"
            );
            args.sort();
            args.dedup();
            // A language may leave a variable out (Vietnamese needs no
            // plural count), but every one passed is used by some language.
            let mut used = variables(Lang::Vi, &id);
            used.extend(variables(Lang::En, &id));
            used.sort();
            used.dedup();
            assert_eq!(
                args, used,
                "{file}: t!(\"{id}\", …) passes other variables than the message uses"
            );
        }
    }

    fn collect_uses(dir: &Path, out: &mut Vec<(String, String, Vec<String>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_uses(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("i18n.rs")
                && !path.ends_with("loaxa-i18n/src/lib.rs")
            {
                let src = std::fs::read_to_string(&path).unwrap_or_default();
                let name = path.display().to_string();
                for (id, args) in macro_uses(&src) {
                    out.push((name.clone(), id, args));
                }
            }
        }
    }

    /// `t!("id", a = x, b = f(y, z))`, `t_in!(lang, "id", …)` and
    /// `msg!("id", …)` → ("id", [a, b]).
    fn macro_uses(src: &str) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        let uses = src
            .match_indices("t!(")
            .chain(src.match_indices("t_in!("))
            .chain(src.match_indices("msg!("));
        for (start, _) in uses {
            // Not part of a longer name (e.g. `print!(`, `assert!(`).
            if src[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let body_start = start + src[start..].find('(').unwrap_or(0) + 1;
            let Some(parts) = call_args(&src[body_start..]) else {
                continue;
            };
            let Some(idx) = parts.iter().position(|p| p.trim().starts_with('"')) else {
                continue;
            };
            let id = parts[idx].trim().trim_matches('"').to_string();
            if id == "id" {
                continue; // the macro's own documentation
            }
            let args = parts[idx + 1..]
                .iter()
                .filter_map(|p| p.split_once('=').map(|(n, _)| n.trim().to_string()))
                .filter(|n| !n.is_empty())
                .collect();
            found.push((id, args));
        }
        found
    }

    /// The comma-separated arguments of a call whose `(` is just before
    /// `s`, up to its closing `)`; nested brackets and strings are skipped.
    fn call_args(s: &str) -> Option<Vec<&str>> {
        let mut parts = Vec::new();
        let (mut depth, mut angle, mut last) = (0usize, 0usize, 0);
        let (mut in_str, mut escaped) = (false, false);
        for (i, c) in s.char_indices() {
            if in_str {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_str = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_str = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    parts.push(&s[last..i]);
                    return Some(parts);
                }
                ')' | ']' | '}' => depth -= 1,
                // Generic arguments (`Vec<_>`) hold commas too.
                '<' => angle += 1,
                '>' => angle = angle.saturating_sub(1),
                ',' if depth == 0 && angle == 0 => {
                    parts.push(&s[last..i]);
                    last = i + 1;
                }
                _ => {}
            }
        }
        None
    }

    #[test]
    fn macro_uses_reads_names_and_skips_nested_commas() {
        let src =
            r#"let a = t!("x-y", n = f(1, 2), path = p.display().to_string()); print!("t!(no")"#;
        assert_eq!(
            macro_uses(src),
            vec![("x-y".to_string(), vec!["n".to_string(), "path".to_string()])]
        );
    }

    #[test]
    fn locale_and_codes() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "vi_VN.UTF-8")])), Lang::Vi);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "vi_VN")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale(env(&[("LC_MESSAGES", "vi_VN")])),
            Lang::Vi
        );
        assert_eq!(Lang::from_locale(env(&[("LANG", "fr_FR")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(Lang::from_code("Tiếng Việt"), Some(Lang::Vi));
        assert_eq!(Lang::from_code("C"), None);
    }

    #[test]
    fn renders_variables_and_plurals_in_both_languages() {
        let vi = text_in(
            Lang::Vi,
            "check-summary",
            &[("errors", Arg::from(2)), ("warnings", Arg::from(1))],
        );
        let en = text_in(
            Lang::En,
            "check-summary",
            &[("errors", Arg::from(1)), ("warnings", Arg::from(2))],
        );
        assert!(vi.contains('2') && vi.contains("lỗi"), "{vi}");
        assert!(en.contains("1 error,") && en.contains("2 warnings"), "{en}");
        assert!(!vi.contains('\u{2068}'), "no isolation marks: {vi:?}");
    }
}
