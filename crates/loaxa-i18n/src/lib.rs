//! The words loaxa says to people, in Vietnamese and English, and messages
//! as values.
//!
//! Every sentence an operator or clerk reads lives in one catalog per
//! language, `locales/vi.ftl` and `locales/en.ftl` (Project Fluent syntax),
//! compiled in. The rules of loaxa (the core crate) never produce text: they
//! produce [`Msg`] values — a catalog id and its parameters — with
//! [`msg!`], and only the binary renders them, with [`render_in`], in the
//! language of the moment. A `Msg` is also what loaxa stores (the library
//! cache, the airing log's reasons): codes plus parameters, never a
//! translated sentence.
//!
//! The current language is one process-wide setting, like a locale, set
//! once by the binary (`LOAXA_LANG`, else the station's `lang`, else the
//! locale); until then, and in unit tests, it is English. The core never
//! reads it (its clippy.toml refuses `text`, `render` and `render_in`).

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub const VI_FTL: &str = include_str!("../../../locales/vi.ftl");
pub const EN_FTL: &str = include_str!("../../../locales/en.ftl");

/// A language loaxa speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Every language (for the catalog tests of every crate).
    #[cfg(any(test, feature = "test-hooks"))]
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub(crate) fn code(self) -> &'static str {
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

/// A sentence for a person, in no language yet: the catalog id and the
/// values of its `{ $name }`s. Text that is not loaxa's own (an operating
/// system's error, a word from a file) travels as a value, or, when there is
/// no sentence around it, as [`Msg::verbatim`] (an empty id).
///
/// Stored as `{"id", "args"}`; verbatim text is stored as a plain string,
/// and a plain string reads back as verbatim text, so records written
/// before reasons were codes (translated sentences) still read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub struct Msg {
    pub(crate) id: String,
    pub(crate) args: BTreeMap<String, Arg>,
}

/// How a [`Msg`] is written down.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Stored {
    Text(String),
    Code {
        id: String,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        args: BTreeMap<String, Arg>,
    },
}

impl From<Stored> for Msg {
    fn from(s: Stored) -> Msg {
        match s {
            Stored::Text(text) => Msg::verbatim(text),
            Stored::Code { id, args } => Msg { id, args },
        }
    }
}

impl From<Msg> for Stored {
    fn from(m: Msg) -> Stored {
        match m.verbatim_text() {
            Some(text) => Stored::Text(text.to_string()),
            None => Stored::Code {
                id: m.id,
                args: m.args,
            },
        }
    }
}

/// A value for a message's `{ $name }`: text, a whole number, a number
/// with a fraction, or another message (rendered in the same language
/// first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Text(String),
    Decimal(Decimal),
    Msg(Box<Msg>),
    /// A value of a shape a newer loaxa may write (its log read here, at a
    /// district that has not updated): kept as it is and shown as its
    /// text, so the record still reads instead of looking edited.
    Other(serde_json::Value),
}

/// A number with a fraction, written in each language's way: `279,6` in
/// Vietnamese, `279.6` in English. Kept as the digits with a point
/// (`{"decimal": "279.6"}` where it is stored), so it compares and stores
/// exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decimal {
    decimal: String,
}

/// `x` with `places` digits after the decimal sign, for `msg!`: rendered
/// `279,6` in Vietnamese, `279.6` in English.
pub fn decimal(x: f64, places: usize) -> Arg {
    Arg::Decimal(Decimal {
        decimal: decimal_in(Lang::En, x, places),
    })
}

/// `x` with `places` digits after the decimal sign, in a language's way:
/// a comma in Vietnamese (`279,6`), a point in English (`279.6`). No
/// grouping of thousands (a point in Vietnamese would read as one).
pub fn decimal_in(lang: Lang, x: f64, places: usize) -> String {
    let text = if x.is_finite() {
        format!("{x:.places$}")
    } else {
        "?".to_string()
    };
    // "-0.0" is zero.
    let text = match text.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => text,
    };
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

impl Msg {
    pub fn new(id: &str, args: Vec<(&str, Arg)>) -> Msg {
        Msg {
            id: id.to_string(),
            args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    /// Text that is not ours to translate, shown as it is.
    pub fn verbatim(text: impl Into<String>) -> Msg {
        Msg::new("", vec![("text", Arg::Text(text.into()))])
    }

    /// The text of a [`Msg::verbatim`], if this is one.
    pub fn verbatim_text(&self) -> Option<&str> {
        match (self.id.is_empty(), self.args.len()) {
            (true, 1) => self.text_arg("text"),
            _ => None,
        }
    }

    /// No message (an empty hint).
    pub fn none() -> Msg {
        Msg::default()
    }

    /// The value passed as `name`, as text, if it is text.
    pub(crate) fn text_arg(&self, name: &str) -> Option<&str> {
        match self.args.get(name) {
            Some(Arg::Text(s)) => Some(s),
            _ => None,
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Arg {
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
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}
impl From<&Msg> for Arg {
    fn from(m: &Msg) -> Arg {
        Arg::Msg(Box::new(m.clone()))
    }
}
impl From<&Arg> for Arg {
    fn from(a: &Arg) -> Arg {
        a.clone()
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

/// `msg!("id")` or `msg!("id", name = value, …)`: a [`Msg`], in no language.
#[macro_export]
macro_rules! msg {
    ($id:literal) => {
        $crate::Msg::new($id, ::std::vec::Vec::new())
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::Msg::new($id, ::std::vec![$((stringify!($name), $crate::Arg::from($value))),+])
    };
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

/// The language of the moment.
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

/// The message `id` in the language of the moment.
pub fn text(id: &str, args: &[(&str, Arg)]) -> String {
    text_in(lang(), id, args)
}

/// A message in the language of the moment.
pub fn render(msg: &Msg) -> String {
    render_in(lang(), msg)
}

/// A message in a language.
pub fn render_in(lang: Lang, msg: &Msg) -> String {
    if msg.id.is_empty() {
        return msg.text_arg("text").unwrap_or_default().to_string();
    }
    let args: Vec<(&str, Arg)> = msg
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    text_in(lang, &msg.id, &args)
}

/// The message `id` in a language, with its values.
pub fn text_in(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // Never reached for ids in the code (a test checks every one);
        // the id is still better than nothing.
        return id.to_string();
    };
    let mut fargs = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fargs.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
            Arg::Decimal(d) => fargs.set(*name, FluentValue::from(localised(lang, &d.decimal))),
            Arg::Msg(m) => fargs.set(*name, FluentValue::from(render_in(lang, m))),
            Arg::Other(serde_json::Value::String(s)) => {
                fargs.set(*name, FluentValue::from(s.as_str()))
            }
            Arg::Other(v) => fargs.set(*name, FluentValue::from(v.to_string())),
        }
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
    out.into_owned()
}

/// A stored decimal (`279.6`) in a language's way.
fn localised(lang: Lang, point: &str) -> String {
    match lang {
        Lang::Vi => point.replace('.', ","),
        Lang::En => point.to_string(),
    }
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
    // Duplicate ids: the catalog tests fail on them.
    let _ = bundle.add_resource(resource);
    bundle
}

/// The `{ $variables }` a message uses in a language, found by rendering it
/// with none (for the catalog tests of every crate).
#[cfg(any(test, feature = "test-hooks"))]
pub fn variables(lang: Lang, id: &str) -> Vec<String> {
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

/// The ids a catalog defines, in order (for the catalog tests of every
/// crate).
#[cfg(any(test, feature = "test-hooks"))]
pub fn catalog_ids(source: &str) -> Vec<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_render_with_nested_messages_and_numbers() {
        let inner = msg!("diag-did-you-mean", word = "days");
        let m = msg!("sched-in-slot", label = "a", message = inner);
        let en = render_in(Lang::En, &m);
        assert!(en.contains("\"a\"") && en.contains("days"), "{en}");
        let vi = render_in(Lang::Vi, &m);
        assert_ne!(en, vi);
        assert_eq!(render_in(Lang::Vi, &Msg::verbatim("x y")), "x y");
        assert_eq!(render_in(Lang::En, &Msg::none()), "");
    }

    #[test]
    fn a_message_is_stored_as_its_code_and_values() {
        let m = msg!("check-summary", errors = 2, warnings = 0);
        let json = serde_json::to_string(&m).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"id":"check-summary","args":{"errors":2,"warnings":0}}"#
        );
        let back: Msg = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, m);
        // Verbatim text is stored as text, and text (a record from before
        // reasons were codes) reads back as verbatim text.
        let plain = serde_json::to_string(&Msg::verbatim("đã dừng")).unwrap_or_default();
        assert_eq!(plain, r#""đã dừng""#);
        let back: Msg = serde_json::from_str(&plain).unwrap_or_default();
        assert_eq!(render_in(Lang::Vi, &back), "đã dừng");
        assert_eq!(
            serde_json::to_string(&Msg::none()).unwrap_or_default(),
            r#"{"id":""}"#
        );
        let nested = msg!("sched-in-slot", label = "a", message = Msg::verbatim("b"));
        let json = serde_json::to_string(&nested).unwrap_or_default();
        let back: Msg = serde_json::from_str(&json).unwrap_or_default();
        // (The verbatim inside comes back as a text value: the same words.)
        for lang in Lang::ALL {
            assert_eq!(render_in(lang, &back), render_in(lang, &nested));
        }
        let nested = msg!(
            "sched-in-slot",
            label = "a",
            message = msg!("check-summary", errors = 1, warnings = 2)
        );
        let json = serde_json::to_string(&nested).unwrap_or_default();
        assert_eq!(
            serde_json::from_str::<Msg>(&json).unwrap_or_default(),
            nested
        );
    }

    #[test]
    fn decimals_with_a_comma_in_vietnamese() {
        for (x, places, vi, en) in [
            (279.6, 1, "279,6", "279.6"),
            (279.64, 1, "279,6", "279.6"),
            (3.0, 1, "3,0", "3.0"),
            (0.05, 2, "0,05", "0.05"),
            (-0.01, 1, "0,0", "0.0"),
            (-14.25, 1, "-14,2", "-14.2"),
            (12.0, 0, "12", "12"),
            (f64::NAN, 1, "?", "?"),
        ] {
            assert_eq!(decimal_in(Lang::Vi, x, places), vi, "{x}");
            assert_eq!(decimal_in(Lang::En, x, places), en, "{x}");
        }
        // In a message: the same value, each language's sign; stored with a
        // point, and read back as it was.
        let m = msg!("note-late", seconds = decimal(2.5, 1));
        assert_eq!(render_in(Lang::Vi, &m), "bắt đầu trễ 2,5 giây");
        assert_eq!(render_in(Lang::En, &m), "started 2.5 s late");
        let json = serde_json::to_string(&m).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"id":"note-late","args":{"seconds":{"decimal":"2.5"}}}"#
        );
        // A value stored before decimals were typed reads as it was written.
        let old: Msg = serde_json::from_str(r#"{"id":"note-late","args":{"seconds":"2.5"}}"#)
            .unwrap_or_default();
        assert_eq!(render_in(Lang::En, &old), "started 2.5 s late");
        assert_eq!(serde_json::from_str::<Msg>(&json).unwrap_or_default(), m);
    }

    /// A value of a shape this version does not know (a newer loaxa's)
    /// still reads, is kept as it was and shows as its text.
    #[test]
    fn a_newer_value_reads_and_shows_as_its_text() {
        let stored = r#"{"id":"note-late","args":{"seconds":{"seconds":2.5,"unit":"s"}}}"#;
        let m: Msg = serde_json::from_str(stored).expect("a newer value reads");
        assert_eq!(
            render_in(Lang::En, &m),
            r#"started {"seconds":2.5,"unit":"s"} s late"#
        );
        assert_eq!(serde_json::to_string(&m).unwrap_or_default(), stored);
        let list: Msg =
            serde_json::from_str(r#"{"id":"note-late","args":{"seconds":[1,2]}}"#).unwrap();
        assert_eq!(render_in(Lang::En, &list), "started [1,2] s late");
    }

    /// One spelling in the Vietnamese catalog: the tone mark on the first
    /// vowel of an open oa, oe, uy ("hòa", "tùy", "xóa", "khỏe", "thủy"),
    /// as government documents write "Cộng hòa", "Ủy ban".
    #[test]
    fn the_vietnamese_catalog_keeps_one_spelling() {
        // The old forms this catalog once had, and the rule for any other.
        let forbidden = [
            "hoà", "hoá", "xoá", "khoá", "khoẻ", "tuỳ", "tuỷ", "thuỷ", "huỷ", "uỷ", "luỹ", "hoạ",
            "thoả", "toà", "loà",
        ];
        let words: Vec<String> = VI_FTL
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        for old in forbidden {
            assert!(!words.iter().any(|w| w == old), "vi.ftl writes \"{old}\"");
        }
        let old_style: Vec<&String> = words.iter().filter(|w| tone_on_second(w)).collect();
        assert!(old_style.is_empty(), "vi.ftl: {old_style:?}");
        assert!(tone_on_second("hoà") && !tone_on_second("ủy"));
        assert!(!tone_on_second("quý") && !tone_on_second("hoàn") && !tone_on_second("hòa"));
        assert!(tone_on_second("uỷ") && tone_on_second("khoẻ"));
    }

    /// A word ending in oa/oe/uy with the tone on the second vowel ("hoà",
    /// "uỷ"); `qu` is a consonant ("quý" is right).
    fn tone_on_second(word: &str) -> bool {
        let old = [
            "oà", "oá", "oả", "oã", "oạ", "oè", "oé", "oẻ", "oẽ", "oẹ", "uỳ", "uý", "uỷ", "uỹ",
            "uỵ",
        ];
        old.iter().any(|end| {
            word.strip_suffix(end)
                .is_some_and(|before| !before.ends_with('q'))
        })
    }
}
