//! The XML of an alert as a small tree of elements with their places,
//! read with quick-xml under the limits of [`super`]: no DTD, no entity but
//! XML's five and character references, bounded depth and element count.

use quick_xml::errors::{Error, IllFormedError, SyntaxError};
use quick_xml::events::{BytesRef, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::{MAX_DEPTH, MAX_ELEMENTS};
use crate::Msg;

/// One element: its local name, namespace, where it starts, its text and
/// its children.
#[derive(Debug, Default)]
pub(super) struct Element {
    pub name: String,
    /// The namespace URI ("" when none).
    pub ns: String,
    /// Byte offset of its `<`.
    pub at: usize,
    /// Its own text (entities resolved, CDATA included), untrimmed.
    pub text: String,
    /// Byte offset where its text starts (its `<` when it has none).
    pub text_at: usize,
    pub children: Vec<Element>,
}

/// What is wrong, where (a byte offset), what to do.
#[derive(Debug)]
pub(super) struct Bad {
    pub at: usize,
    pub what: Msg,
    pub hint: Msg,
}

impl Bad {
    pub fn new(at: usize, what: Msg, hint: Msg) -> Bad {
        Bad { at, what, hint }
    }
}

/// Reads the one root element of `text` and everything in it.
pub(super) fn read_tree(text: &str) -> Result<Element, Bad> {
    let mut reader = NsReader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let at = offset(reader.buffer_position());
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (namespace(ns), event),
            Err(e) => return Err(syntax(&e, offset(reader.error_position()))),
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                if root.is_some() {
                    let hint = msg!("cap-after-root-hint");
                    return Err(Bad::new(at, msg!("cap-after-root"), hint));
                }
                count += 1;
                if count > MAX_ELEMENTS {
                    let what = msg!("cap-too-many", limit = MAX_ELEMENTS);
                    return Err(Bad::new(at, what, msg!("cap-not-cap-hint")));
                }
                if open.len() >= MAX_DEPTH {
                    let what = msg!("cap-too-deep", limit = MAX_DEPTH);
                    return Err(Bad::new(at, what, msg!("cap-not-cap-hint")));
                }
                let local = e.local_name();
                let name: &str = local.as_ref();
                open.push(Element {
                    name: name.to_string(),
                    ns,
                    at,
                    text_at: at,
                    ..Element::default()
                });
                if empty {
                    close(&mut open, &mut root);
                }
            }
            Event::End(_) => close(&mut open, &mut root),
            Event::Text(t) => add_text(&mut open, at, &t.xml10_content())?,
            Event::CData(c) => add_text(&mut open, at, &c.xml10_content())?,
            Event::GeneralRef(r) => {
                let c = reference(&r, at)?;
                add_text(&mut open, at, c.encode_utf8(&mut [0; 4]))?;
            }
            Event::DocType(_) => {
                return Err(Bad::new(at, msg!("cap-doctype"), msg!("cap-doctype-hint")));
            }
            Event::Decl(d) => declared_encoding(&d, at, text)?,
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(unclosed) = open.last() {
        let what = msg!("cap-unclosed", element = unclosed.name.as_str());
        return Err(Bad::new(
            text.len(),
            what,
            msg!("cap-unclosed-hint", element = unclosed.name.as_str()),
        ));
    }
    root.ok_or_else(|| Bad::new(0, msg!("cap-no-element"), msg!("cap-root-hint")))
}

fn offset(pos: u64) -> usize {
    usize::try_from(pos).unwrap_or(usize::MAX)
}

fn namespace(ns: ResolveResult<'_>) -> String {
    match ns {
        ResolveResult::Bound(Namespace(uri)) => uri.to_string(),
        _ => String::new(),
    }
}

/// The innermost open element is complete: into its parent, or it is the root.
fn close(open: &mut Vec<Element>, root: &mut Option<Element>) {
    if let Some(done) = open.pop() {
        match open.last_mut() {
            Some(parent) => parent.children.push(done),
            None => *root = Some(done),
        }
    }
}

/// Text inside an element is kept; outside the root, only blanks may be.
fn add_text(open: &mut [Element], at: usize, s: &str) -> Result<(), Bad> {
    match open.last_mut() {
        Some(el) => {
            if el.text.is_empty() {
                el.text_at = at;
            }
            el.text.push_str(s);
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err(Bad::new(at, msg!("cap-stray-text"), msg!("cap-root-hint"))),
    }
}

/// XML 1.0's `Char`: tab, line breaks and the printable planes; no other
/// C0 control character (an escape code), no U+FFFE or U+FFFF (written or
/// as `&#…;`). What XML allows and a terminal would still act on (DEL,
/// the C1 controls) is taken out where the text is shown.
pub(super) fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `&#x1EA1;`, `&#7841;` or one of XML's five: nothing else is defined
/// (there is no DTD), so nothing can expand. A number must name a
/// character XML allows: `&#x1B;` would reach the operator's terminal.
fn reference(r: &BytesRef<'_>, at: usize) -> Result<char, Bad> {
    let bad = || Bad::new(at, msg!("cap-entity", name = &**r), msg!("cap-entity-hint"));
    match r.resolve_char_ref() {
        Ok(Some(c)) if !xml_char(c) => Err(Bad::new(
            at,
            msg!("cap-control-char", code = format!("U+{:04X}", u32::from(c))),
            msg!("cap-control-char-hint"),
        )),
        Ok(Some(c)) => Ok(c),
        Ok(None) => quick_xml::escape::resolve_predefined_entity(r)
            .and_then(|s| s.chars().next())
            .ok_or_else(bad),
        Err(_) => Err(bad()),
    }
}

/// A file that says it is in another encoding than UTF-8 and has letters
/// outside ASCII would be misread: refused (ASCII reads the same in all).
fn declared_encoding(
    d: &quick_xml::events::BytesDecl<'_>,
    at: usize,
    text: &str,
) -> Result<(), Bad> {
    let Some(Ok(enc)) = d.encoding() else {
        return Ok(());
    };
    let e = enc.trim().to_ascii_lowercase();
    if matches!(e.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") || text.is_ascii() {
        return Ok(());
    }
    Err(Bad::new(
        at,
        msg!("cap-encoding", encoding = enc.trim()),
        msg!("cap-utf8-hint"),
    ))
}

/// quick-xml's findings in the station's words; the rarer ones keep the
/// library's own description.
fn syntax(e: &Error, at: usize) -> Bad {
    let hint = msg!("cap-xml-hint");
    match e {
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => Bad::new(
            at,
            msg!(
                "cap-xml-mismatch",
                expected = expected.as_str(),
                found = found.as_str()
            ),
            msg!("cap-xml-mismatch-hint", expected = expected.as_str()),
        ),
        Error::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            Bad::new(at, msg!("cap-xml-unmatched", name = name.as_str()), hint)
        }
        Error::Syntax(SyntaxError::UnclosedTag) => Bad::new(at, msg!("cap-xml-unclosed-tag"), hint),
        Error::Escape(_) | Error::IllFormed(IllFormedError::UnclosedReference) => {
            Bad::new(at, msg!("cap-xml-ampersand"), msg!("cap-entity-hint"))
        }
        other => Bad::new(at, msg!("cap-xml", detail = other.to_string()), hint),
    }
}
