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

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub const VI_FTL: &str = include_str!("../locales/vi.ftl");
pub const EN_FTL: &str = include_str!("../locales/en.ftl");

/// A language loaxa speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// "vi", "vi_VN.UTF-8", "Vietnamese", "tiếng việt", "en_US"…
    pub fn from_code(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        if s.is_empty() || s == "c" || s == "posix" {
            return None;
        }
        if s.starts_with("vi") || s.starts_with("tiếng việt") || s == "tieng viet" {
            Some(Lang::Vi)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a POSIX locale, the way gettext reads it: the first of
    /// LC_ALL, LC_MESSAGES, LANG that is set. Any language other than
    /// Vietnamese is English here.
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Some(v) = get(var).filter(|v| !v.is_empty()) {
                return match Lang::from_code(&v) {
                    Some(Lang::Vi) => Lang::Vi,
                    _ => Lang::En,
                };
            }
        }
        Lang::En
    }
}

// English until the binary says otherwise (1 = Vi, 2 = En).
static CURRENT: AtomicU8 = AtomicU8::new(2);

/// Choose the language of every later message.
pub fn set_lang(lang: Lang) {
    let v = match lang {
        Lang::Vi => 1,
        Lang::En => 2,
    };
    CURRENT.store(v, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

/// A value for a message's `{ $name }`.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Arg {
                Arg::from(*n)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize, u8, u16);

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

pub fn text(id: &str, args: &[(&str, Arg)]) -> String {
    text_in(lang(), id, args)
}

pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // Never reached for ids in the code (a test checks every one);
        // the id is still better than nothing.
        tracing::debug!(id, lang = lang.code(), "message missing from the catalog");
        return id.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    if !errors.is_empty() {
        tracing::debug!(
            id,
            lang = lang.code(),
            ?errors,
            "message rendered with errors"
        );
    }
    out.into_owned()
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static VI: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| build(Lang::Vi, VI_FTL)),
        Lang::En => EN.get_or_init(|| build(Lang::En, EN_FTL)),
    }
}

fn build(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    // The language decides plural rules ("1 error", "2 errors").
    let id = lang
        .code()
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/2069) would end up in terminals, CSV cells and
    // the journal, where they only confuse.
    bundle.set_use_isolating(false);
    // A catalog with a syntax error still yields every message it could read;
    // the catalog tests fail on the error itself.
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::debug!(?errors, lang = lang.code(), "catalog has duplicate ids");
    }
    bundle
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The ids a catalog defines, in order.
    fn ids(source: &str) -> Vec<&str> {
        source
            .lines()
            .filter_map(|line| {
                let (id, _) = line.split_once('=')?;
                let id = id.trim_end();
                let first = id.chars().next()?;
                (first.is_ascii_alphabetic()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .then_some(id)
            })
            .collect()
    }

    /// The `{ $variables }` a message uses, found by rendering it with none.
    fn variables(lang: Lang, id: &str) -> Vec<String> {
        let bundle = bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return Vec::new();
        };
        let mut errors = Vec::new();
        let _ = bundle.format_pattern(pattern, None, &mut errors);
        let mut vars: Vec<String> = errors
            .iter()
            .filter_map(|e| {
                let s = e.to_string();
                s.split_once("Unknown variable: $")
                    .map(|(_, v)| v.trim().to_string())
            })
            .collect();
        vars.sort();
        vars.dedup();
        vars
    }

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
        collect_uses(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut uses,
        );
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
            } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                let src = std::fs::read_to_string(&path).unwrap_or_default();
                let name = path.display().to_string();
                for (id, args) in macro_uses(&src) {
                    out.push((name.clone(), id, args));
                }
            }
        }
    }

    /// `t!("id", a = x, b = f(y, z))` and `t_in!(lang, "id", …)` → ("id", [a, b]).
    fn macro_uses(src: &str) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        for (start, _) in src.match_indices("t!(").chain(src.match_indices("t_in!(")) {
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
