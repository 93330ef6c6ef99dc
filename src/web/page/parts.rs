//! The page's parts, as markup: the login form, and the console's
//! sections. Which controls appear follows the session's role (the
//! server refuses the rest anyway).

use maud::{Markup, html};

use super::super::session::Session;
use super::document;
use crate::station::NamedPeriod;
use crate::users::Role;

/// The login form (the script sends it to `/api/login`); on a station
/// with no account yet, how to make the first one.
pub(super) fn login(no_accounts: bool) -> Markup {
    document(html! {
        body.login-page data-words=(words()) {
            main.login {
                h1 { (t!("page-title")) }
                form #login-form {
                    label { (t!("page-user"))
                        input #login-user name="user" autocomplete="username" required autofocus; }
                    label { (t!("page-password"))
                        input #login-password type="password" name="password"
                            autocomplete="current-password" required; }
                    button type="submit" { (t!("page-login")) }
                    p #login-msg .msg role="alert" {}
                }
                @if no_accounts {
                    p #no-accounts .msg { (t!("user-list-none")) }
                }
            }
        }
    })
}

/// The console of a logged-in session.
pub(super) fn console(s: &Session, periods: &[NamedPeriod]) -> Markup {
    let operator = s.role >= Role::Truc;
    let admin = s.role >= Role::QuanTri;
    document(html! {
        body data-csrf=(s.csrf) data-role=(s.role.word()) data-user=(s.user) data-words=(words()) {
            header.top {
                div.station { strong #station { (t!("page-title")) } " " span #clock {} }
                div.who {
                    span { (s.user) " · " (t!("page-role", role = s.role.word())) }
                    button #logout .link type="button" { (t!("page-logout")) }
                }
            }
            div #conn .banner hidden role="alert" { (t!("page-disconnected")) }
            (on_air(operator))
            nav.tabs {
                a href="#now" data-tab="now" { (t!("page-tab-now")) }
                @if operator { a href="#emergency" data-tab="emergency" { (t!("page-tab-emergency")) } }
                a href="#library" data-tab="library" { (t!("page-tab-library")) }
                a href="#log" data-tab="log" { (t!("page-tab-log")) }
                a href="#reports" data-tab="reports" { (t!("page-tab-reports")) }
                a href="#schedules" data-tab="schedules" { (t!("page-tab-schedules")) }
            }
            main {
                (now())
                @if operator { (emergency()) }
                (library(operator))
                (log())
                (reports(periods))
                (schedules(admin))
            }
            dialog #confirm {
                p #confirm-text {}
                div.buttons {
                    button #confirm-no type="button" { (t!("page-cancel")) }
                    button #confirm-yes .danger type="button" { (t!("page-confirm")) }
                }
            }
            div #toast .toast role="status" aria-live="polite" hidden {}
        }
    })
}

/// What is on air, above every tab; the stop button for those who may.
fn on_air(operator: bool) -> Markup {
    html! {
        section #onair .onair aria-live="polite" {
            div.onair-text {
                span #onair-label .label { (t!("page-onair-nothing")) }
                " " strong #onair-title {}
                " " span #onair-detail .detail {}
            }
            div.onair-bar {
                progress #onair-progress max="1" value="0" hidden {}
                span #onair-time .detail {}
                @if operator {
                    button #stop .danger type="button" hidden { (t!("page-stop")) }
                }
            }
        }
    }
}

fn now() -> Markup {
    html! {
        section #tab-now .tab {
            div.col {
                h2 { (t!("page-problems")) }
                ul #problems .problems { li.muted { (t!("page-loading")) } }
                div #warnings-box hidden {
                    h2 { (t!("page-warnings")) }
                    ul #warnings .airings {}
                }
                h2 { (t!("page-today")) }
                div #today { p.muted { (t!("page-loading")) } }
            }
            div.col {
                h2 { (t!("page-week")) }
                div #week { p.muted { (t!("page-loading")) } }
                h2 { (t!("page-last")) }
                ul #last .airings {}
            }
        }
    }
}

fn priority_choice(id: &str) -> Markup {
    html! {
        label { (t!("page-priority"))
            select #(id) {
                option value="khẩn cấp" selected { (t!("page-priority-emergency")) }
                option value="ưu tiên" { (t!("page-priority-priority")) }
            }
        }
    }
}

fn emergency() -> Markup {
    html! {
        section #tab-emergency .tab hidden {
            p.muted { (t!("page-emergency-intro")) }
            form #say-form .card {
                h2 { (t!("page-emergency-text")) }
                label { (t!("page-emergency-text-label"))
                    textarea #say-text rows="5" maxlength="10000" required {} }
                div.row {
                    (priority_choice("say-priority"))
                    label { (t!("page-repeat"))
                        input #say-repeat type="number" min="1" max="10" value="1"; }
                }
                button.danger type="submit" { (t!("page-emergency-send")) }
                p #say-msg .msg role="status" {}
            }
            form #rec-form .card {
                h2 { (t!("page-emergency-recording")) }
                label { (t!("page-emergency-file"))
                    input #rec-file type="file" accept="audio/*"; }
                label { (t!("page-emergency-or-existing"))
                    input #rec-existing list="lib-files" autocomplete="off"; }
                (priority_choice("rec-priority"))
                progress #rec-progress max="1" value="0" hidden {}
                button.danger type="submit" { (t!("page-emergency-play")) }
                p #rec-msg .msg role="status" {}
            }
        }
    }
}

fn library(operator: bool) -> Markup {
    html! {
        section #tab-library .tab hidden {
            @if operator {
                div #drop .drop .card {
                    p { (t!("page-drop-here")) }
                    div.row {
                        label.button { (t!("page-choose-files"))
                            input #upload-files type="file" multiple accept="audio/*,.txt"; }
                        label { (t!("page-folder"))
                            input #upload-folder placeholder=(t!("page-folder-hint")); }
                    }
                    ul #uploads .uploads {}
                }
            }
            datalist #lib-files {}
            div #library-box { p.muted { (t!("page-loading")) } }
        }
    }
}

fn log() -> Markup {
    html! {
        section #tab-log .tab hidden {
            form #log-form .row {
                label { (t!("page-log-day")) input #log-day type="date"; }
                label { (t!("page-log-status"))
                    select #log-status {
                        option value="" { (t!("page-log-all")) }
                        @for s in ["completed", "interrupted", "failed", "skipped", "missed", "on_air"] {
                            option value=(s) { (t!("status-result", status = s)) }
                        }
                    }
                }
                label { (t!("page-log-find")) input #log-find type="search"; }
            }
            div #log-box { p.muted { (t!("page-loading")) } }
        }
    }
}

/// The report tab; the station's named periods (CV 581's and its own) are
/// offered with the calendar quarters the script adds.
fn reports(periods: &[NamedPeriod]) -> Markup {
    html! {
        section #tab-reports .tab hidden {
            form #report-form .card {
                label { (t!("page-report-period"))
                    input #report-period list="periods" required autocomplete="off"; }
                datalist #periods {
                    @for p in periods {
                        option data-named value=(p.name) { (p.label) " (" (p.window()) ")" }
                    }
                }
                p.muted { (t!("page-report-hint")) }
                div.row {
                    button type="submit" value="xlsx" { (t!("page-report-xlsx")) }
                    button #report-csv type="button" value="csv" { (t!("page-report-csv")) }
                    button #report-csv-excel type="button" value="csv-excel" { (t!("page-report-csv-excel")) }
                }
                p #report-msg .msg role="status" {}
            }
        }
    }
}

fn schedules(admin: bool) -> Markup {
    html! {
        section #tab-schedules .tab hidden {
            @if !admin { p.muted { (t!("page-schedules-view-only")) } }
            h2 { (t!("page-schedules-week")) }
            div #week-table .scroll { p.muted { (t!("page-loading")) } }
            form #slot-form .card hidden {
                h2 #slot-heading {}
                label { (t!("page-slot-at")) input #slot-at inputmode="numeric" placeholder="05:30"; }
                fieldset #slot-days { legend { (t!("page-slot-days")) }
                    @for d in ["T2", "T3", "T4", "T5", "T6", "T7", "CN"] {
                        label.day { input type="checkbox" value=(d); (t!("page-weekday", day = d)) }
                    }
                }
                p #slot-note .muted hidden {}
                fieldset { legend { (t!("page-slot-items")) }
                    ol #slot-items .items {}
                    @if admin { button #slot-add type="button" { (t!("page-slot-add")) } }
                }
                div.row {
                    @if admin { button #slot-save type="submit" { (t!("page-save")) } }
                    button #slot-close type="button" { (t!("page-close")) }
                }
                p #slot-msg .msg role="status" {}
                ul #slot-diags .diags {}
            }
            h2 { (t!("page-schedules-raw")) }
            form #raw-form .card {
                div.row {
                    select #raw-file {}
                    button #raw-load type="button" { (t!("page-raw-load")) }
                }
                textarea #raw-text rows="18" spellcheck="false" {}
                @if admin { button type="submit" { (t!("page-save")) } }
                p #raw-msg .msg role="status" {}
                ul #raw-diags .diags {}
            }
        }
    }
}

/// The sentences the script puts together itself, rendered now: `{x}`
/// marks where it puts a value.
pub(super) fn words() -> String {
    let mut w = serde_json::Map::new();
    let mut put = |k: &str, v: String| {
        w.insert(k.to_string(), v.into());
    };
    put("loading", t!("page-loading"));
    put("unreachable", t!("page-unreachable"));
    put("notLoaded", t!("page-not-loaded", detail = "{x}"));
    put("nothing", t!("page-onair-nothing"));
    put("onAir", t!("page-onair"));
    put(
        "onAirDetail",
        t!(
            "page-onair-detail",
            item = "{item}",
            items = "{items}",
            slot = "{slot}"
        ),
    );
    put("left", t!("page-left", left = "{x}"));
    put("noProblems", t!("status-no-problems"));
    put("noAirings", t!("page-no-airings"));
    put("items", t!("page-items", count = "{x}"));
    put("confirmStop", t!("page-confirm-stop", title = "{x}"));
    put("confirmSay", t!("page-confirm-say", priority = "{x}"));
    put(
        "confirmPlay",
        t!("page-confirm-play", file = "{file}", priority = "{x}"),
    );
    put("confirmReplace", t!("page-confirm-replace"));
    put("chooseRecording", t!("page-choose-recording"));
    put("uploaded", t!("page-uploaded", path = "{x}"));
    put("sent", t!("page-sent"));
    put(
        "warningDue",
        t!("status-warning-due", count = "{count}", due = "{x}"),
    );
    put("usedBy", t!("page-used-by"));
    put("file", t!("page-file"));
    put("state", t!("page-state"));
    put("loudness", t!("page-loudness"));
    put("duration", t!("page-duration"));
    put("scheduled", t!("page-scheduled"));
    put("started", t!("page-started"));
    put("slot", t!("page-slot"));
    put("result", t!("page-result"));
    put("time", t!("page-time"));
    put("noRows", t!("page-no-rows"));
    put("emptyLibrary", t!("page-empty-library"));
    put("cronSlot", t!("page-slot-cron"));
    put("notJson", t!("page-slot-not-json"));
    put("folderItem", t!("page-slot-folder-item", folder = "{x}"));
    put("itemFile", t!("page-slot-file"));
    put("itemTitle", t!("page-slot-title"));
    put("remove", t!("page-remove"));
    put("badTime", t!("page-bad-time"));
    put("downloaded", t!("page-downloaded", name = "{x}"));
    let mut maps = serde_json::Map::new();
    let mut map = |name: &str, keys: &[&str], f: &dyn Fn(&str) -> String| {
        let m: serde_json::Map<_, _> = keys.iter().map(|k| (k.to_string(), f(k).into())).collect();
        maps.insert(name.to_string(), m.into());
    };
    map(
        "states",
        &["ready", "arriving", "unchecked", "unusable", "missing"],
        &|k| t!("lib-state", state = k),
    );
    map(
        "results",
        &[
            "completed",
            "interrupted",
            "failed",
            "skipped",
            "missed",
            "on_air",
        ],
        &|k| t!("status-result", status = k),
    );
    map(
        "kinds",
        &["audio", "schedule", "log", "clock", "output"],
        &|k| t!("status-kind", kind = k),
    );
    map("days", &["T2", "T3", "T4", "T5", "T6", "T7", "CN"], &|k| {
        t!("page-weekday", day = k)
    });
    w.extend(maps);
    serde_json::Value::Object(w).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role) -> Session {
        let mut s = crate::web::session::Sessions::new(std::time::Duration::from_secs(60));
        let (token, _) = s.open("lan", role, std::time::Duration::ZERO);
        s.get(&token, std::time::Duration::ZERO).unwrap()
    }

    #[test]
    fn each_role_sees_the_controls_it_may_use() {
        let xem = console(&session(Role::Xem), &[]).into_string();
        let truc = console(&session(Role::Truc), &[]).into_string();
        let admin = console(&session(Role::QuanTri), &[]).into_string();
        for (page, stop, upload, save) in [
            (&xem, false, false, false),
            (&truc, true, true, false),
            (&admin, true, true, true),
        ] {
            assert_eq!(page.contains("id=\"stop\""), stop);
            assert_eq!(
                page.contains("id=\"emergency\"") || page.contains("tab-emergency"),
                stop
            );
            assert_eq!(page.contains("id=\"upload-files\""), upload);
            assert_eq!(page.contains("id=\"slot-save\""), save);
        }
    }

    #[test]
    fn the_report_tab_offers_the_named_periods() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schedules")).unwrap();
        std::fs::write(dir.path().join("loaxa.toml"), "station = \"X\"\n").unwrap();
        let st = crate::station::Station::open(dir.path()).unwrap();
        let page = console(&session(Role::Xem), &st.settings.periods).into_string();
        for (name, label) in [
            ("quy-1", "Quý I (15/12–14/03)"),
            ("6-thang", "6 tháng đầu năm (15/12–14/06)"),
            ("quy-3", "Quý III (15/06–14/09)"),
            ("nam", "Năm (15/12–14/12)"),
        ] {
            assert!(
                page.contains(&format!(
                    "<option data-named value=\"{name}\">{label}</option>"
                )),
                "{name}: {page}"
            );
        }
    }

    #[test]
    fn the_page_carries_the_session_token_and_words_escaped() {
        let s = session(Role::Truc);
        let page = console(&s, &[]).into_string();
        assert!(page.contains(&format!("data-csrf=\"{}\"", s.csrf)));
        // The words are JSON inside an attribute: quotes are escaped.
        let words = words();
        let v: serde_json::Value = serde_json::from_str(&words).unwrap();
        assert!(v["states"]["ready"].is_string());
        assert!(v["left"].as_str().unwrap().contains("{x}"));
        assert!(page.contains("data-words=\"{&quot;"), "escaped JSON");
        assert!(!login(false).into_string().contains("data-csrf"));
        // A new station: the page says how to make the first account.
        let first = crate::i18n::render(&loaxa_i18n::msg!("user-list-none"));
        let escaped = maud::html! { (first) }.into_string();
        assert!(login(true).into_string().contains(&escaped));
        assert!(!login(false).into_string().contains(&escaped));
    }
}
