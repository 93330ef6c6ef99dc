//! The console's page: `GET /` (the login form without a session, the
//! console with one) and its script and style under `/static/`, compiled
//! into the binary (no CDN, no build step). Every word is rendered here
//! from the catalogs, in the station's language; the script gets the few
//! sentences it builds itself as JSON in the page, never spelled in it.
//! The script talks to `/api/` like any client: the server checks each
//! request, so what the page hides for a role is a convenience only.

mod parts;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};

use super::Web;
use super::session::Session;

const SCRIPT: &str = include_str!("static/console.js");
const STYLE: &str = include_str!("static/console.css");
const ICON: &[u8] = include_bytes!("static/icon.svg");

/// Script and style from the console's own address only, never inline;
/// the page cannot be framed by another site.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub(crate) fn routes() -> Router<Arc<Web>> {
    Router::new()
        .route("/", get(index))
        .route("/static/{name}", get(asset))
}

/// `GET /`: the console for a logged-in session, else the login form.
async fn index(State(web): State<Arc<Web>>, headers: HeaderMap) -> Response {
    let body = match session_of(&web, &headers) {
        // The report periods as loaxa.toml said when the daemon started (the
        // report itself reads it again).
        Some(s) => parts::console(&s, &web.opened.settings.periods),
        None => parts::login(web.users().list().is_empty()),
    };
    let mut r = (StatusCode::OK, body.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // The page carries the session's CSRF token: never kept by a cache.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    secured(r)
}

/// The session the cookie names, with the account's role as it is now
/// (removed accounts have none).
fn session_of(web: &Web, headers: &HeaderMap) -> Option<Session> {
    let token = super::api::cookie_token(headers)?;
    let now = web.clock.mono();
    let mut session = web.sessions.lock().ok()?.get(&token, now)?;
    session.role = web.role_of(&session.user)?;
    Some(session)
}

/// `GET /static/NAME`: the script, the style and the icon.
async fn asset(Path(name): Path<String>) -> Response {
    let (kind, bytes): (&'static str, &'static [u8]) = match name.as_str() {
        "console.js" => ("text/javascript; charset=utf-8", SCRIPT.as_bytes()),
        "console.css" => ("text/css; charset=utf-8", STYLE.as_bytes()),
        "icon.svg" => ("image/svg+xml", ICON),
        _ => return secured(StatusCode::NOT_FOUND.into_response()),
    };
    let mut r = (StatusCode::OK, bytes).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Asked again each time (they are small): a new loaxa is seen at once.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    secured(r)
}

/// The headers every page answer carries.
fn secured(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// The document around a body, in the station's language.
fn document(body: Markup) -> Markup {
    let lang = match crate::i18n::lang() {
        crate::i18n::Lang::Vi => "vi",
        crate::i18n::Lang::En => "en",
    };
    html! {
        (DOCTYPE)
        html lang=(lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (t!("page-title")) }
                link rel="icon" href="/static/icon.svg";
                link rel="stylesheet" href="/static/console.css";
                script src="/static/console.js" defer {}
            }
            (body)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn assets_are_served_with_their_types_and_the_rest_is_not() {
        let r = asset(Path("console.js".into())).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(r.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let r = asset(Path("console.css".into())).await;
        assert_eq!(r.headers()[header::CONTENT_TYPE], "text/css; charset=utf-8");
        for name in ["../loaxa.toml", "x.js", ""] {
            assert_eq!(asset(Path(name.into())).await.status(), 404, "{name}");
        }
    }

    #[test]
    fn the_policy_forbids_inline_script_and_framing() {
        let r = secured(StatusCode::OK.into_response());
        let csp = r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }

    #[test]
    fn the_script_spells_no_sentence_of_its_own() {
        // Words reach the script from the catalogs (`data-words`); what
        // it holds in quotes are ids, paths, field names and CSS classes.
        // A sentence is two words or more of letters only. (The script's
        // comments are whole lines; its regular expressions spell quotes
        // as \x22 and \x27.)
        let code: String = SCRIPT
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let words = |q: &str| {
            q.split_whitespace()
                .filter(|w| w.chars().all(char::is_alphabetic))
                .count()
        };
        let sentences: Vec<&str> = code
            .split(['\'', '"', '`'])
            .skip(1)
            .step_by(2)
            .filter(|q| words(q) >= 2 && *q != "use strict")
            .collect();
        assert!(sentences.is_empty(), "{sentences:#?}");
    }
}
