//! Alerts read and judged as a commune station would meet them. Fixtures
//! are in `crates/loaxa-core/tests/cap/`; variants are made from them by
//! replacing a line.

use chrono::{DateTime, Duration, Utc};

use super::judge::beside;
use super::*;
use crate::Msg;
use crate::diag::{Pos, english};
use crate::schedule::Priority;

const STORM: &str = include_str!("../../tests/cap/bao-so-5.xml");
const FLOOD: &str = include_str!("../../tests/cap/lu-co-am-thanh.xml");
const FIRE: &str = include_str!("../../tests/cap/chay-rung-tep-ben-canh.xml");
const CANCEL: &str = include_str!("../../tests/cap/huy-bao-so-5.xml");
const UPDATE: &str = include_str!("../../tests/cap/cap-nhat-bao-so-5.xml");

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// An hour after the storm warning was sent.
fn now() -> DateTime<Utc> {
    at("2025-09-10T06:00:00+07:00")
}

/// Mỹ Thạnh commune, by its code.
fn station() -> CapSettings {
    CapSettings {
        areas: vec!["28912".to_string()],
        ..CapSettings::default()
    }
}

fn alert(xml: &str) -> Alert {
    match parse(xml.as_bytes()) {
        Ok(a) => a,
        Err(e) => panic!("{}: {}", e, english(&e.what)),
    }
}

fn error(xml: &[u8]) -> CapError {
    match parse(xml) {
        Ok(a) => panic!("read, but should not be: {a:?}"),
        Err(e) => e,
    }
}

/// `xml` with `from` replaced (which must be there).
fn edit(xml: &str, from: &str, to: &str) -> String {
    assert!(xml.contains(from), "fixture has no {from:?}");
    xml.replacen(from, to, 1)
}

/// The 1-based line and column where `needle` starts in `xml`.
fn place(xml: &str, needle: &str) -> Pos {
    let i = xml.find(needle).unwrap();
    let line = xml[..i].matches('\n').count() + 1;
    let col = xml[..i].rsplit('\n').next().unwrap().chars().count() + 1;
    Pos { line, col }
}

fn air(v: Verdict) -> Airing {
    match v {
        Verdict::Air(a) => a,
        other => panic!("not aired: {other:?}"),
    }
}

fn ignored(v: Verdict) -> Ignored {
    match v {
        Verdict::Ignore(why) => why,
        other => panic!("not ignored: {other:?}"),
    }
}

// ------------------------------------------------------------------ reading

#[test]
fn a_storm_warning_is_read_whole() {
    let a = alert(STORM);
    assert_eq!(a.identifier, "BT-PCTT-2025-0905-01");
    assert_eq!(a.sender, "pctt@bentre.gov.vn");
    assert_eq!(
        a.sent,
        DateTime::parse_from_rfc3339("2025-09-10T05:00:00+07:00").unwrap()
    );
    assert_eq!(
        (a.status, a.msg_type, a.scope),
        (Status::Actual, MsgType::Alert, Scope::Public)
    );
    assert!(a.references.is_empty());
    assert_eq!(a.info.len(), 2);
    let vi = &a.info[1];
    assert_eq!(vi.language, "vi-VN");
    assert_eq!(vi.event, "Bão");
    assert_eq!(
        (vi.urgency, vi.severity, vi.certainty),
        (Urgency::Immediate, Severity::Severe, Certainty::Likely)
    );
    assert_eq!(
        vi.headline.as_deref(),
        Some("Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre")
    );
    assert!(
        vi.instruction
            .as_deref()
            .unwrap()
            .starts_with("Bà con tuyệt đối không ra khơi")
    );
    assert_eq!(vi.onset, None);
    assert_eq!(
        vi.expires.unwrap().to_rfc3339(),
        "2025-09-11T05:00:00+07:00"
    );
    assert_eq!(vi.areas.len(), 2);
    assert_eq!(
        vi.areas[0].area_desc,
        "Xã Mỹ Thạnh, huyện Giồng Trôm, tỉnh Bến Tre"
    );
    assert_eq!(
        vi.areas[0].geocodes,
        vec![Geocode {
            value_name: "MA_XA".to_string(),
            value: "28912".to_string()
        }]
    );
}

#[test]
fn a_prefixed_alert_with_an_embedded_recording_is_read() {
    let a = alert(FLOOD);
    let r = &a.info[0].resources[0];
    assert!(r.is_audio());
    assert_eq!(r.resource_desc, "Bản tin cảnh báo triều cường (ghi âm)");
    assert_eq!(r.size, Some(12));
    assert_eq!(r.deref, Some(Ok(b"ID3\x04\0\0\0\0\0\0\0\0".to_vec())));
}

#[test]
fn references_and_entities_are_read() {
    let a = alert(CANCEL);
    assert_eq!(a.msg_type, MsgType::Cancel);
    assert_eq!(a.references.len(), 1);
    assert_eq!(a.references[0].key(), alert(STORM).key());
    assert_eq!(
        a.references[0].sent.to_rfc3339(),
        "2025-09-10T05:00:00+07:00"
    );

    let two = edit(
        CANCEL,
        "2025-09-10T05:00:00+07:00</references>",
        "2025-09-10T05:00:00+07:00\n    pctt@bentre.gov.vn,BT-PCTT-2025-0905-00,2025-09-09T17:00:00+07:00</references>",
    );
    assert_eq!(alert(&two).references.len(), 2);

    let xml = edit(
        STORM,
        "<headline>Tin bão khẩn cấp",
        "<headline>&lt;Tin&gt; b&#xE3;o &amp; l&#361;<![CDATA[ <khẩn> ]]>cấp",
    );
    assert_eq!(
        alert(&xml).info[1].headline.as_deref(),
        Some("<Tin> bão & lũ <khẩn> cấp: Bão số 5 đang tiến vào vùng biển Bến Tre")
    );
}

#[test]
fn a_byte_order_mark_and_a_decomposed_name_are_fine() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(STORM.as_bytes());
    assert_eq!(parse(&bytes).unwrap().identifier, "BT-PCTT-2025-0905-01");
}

#[test]
fn malformed_xml_is_an_error_at_its_line_and_column() {
    let xml = edit(
        STORM,
        "pctt@bentre.gov.vn</sender>",
        "pctt@bentre.gov.vn</sendr>",
    );
    let e = error(xml.as_bytes());
    assert_eq!(e.pos, place(&xml, "</sendr>"));
    assert_eq!(e.pos.line, 6);
    assert_eq!(
        e.what,
        msg!("cap-xml-mismatch", expected = "sender", found = "sendr")
    );
    let d = e
        .diagnostic("audio/khan-cap/bao-so-5.xml")
        .display_with(&english);
    assert!(d.starts_with("audio/khan-cap/bao-so-5.xml:6:"), "{d}");
    assert!(d.contains("</sendr> closes <sender>"), "{d}");
    assert!(d.contains(" — "), "a hint: {d}");

    // The column counts letters, not bytes.
    let xml = edit(STORM, "<event>Bão</event>", "<event>Bão</evnt>");
    let e = error(xml.as_bytes());
    assert_eq!(e.pos, place(&xml, "</evnt>"));

    let cases: &[(&str, &str, &str)] = &[
        (
            "<scope>Public</scope>",
            "<scope>Public &amp</scope>",
            "cap-xml-ampersand",
        ),
        ("\n</alert>", "\n</alert>\n</info>", "cap-xml-unmatched"),
    ];
    for (from, to, id) in cases {
        let e = error(edit(STORM, from, to).as_bytes());
        assert!(format!("{:?}", e.what).contains(id), "{to}: {:?}", e.what);
        assert!(e.pos.line >= 9, "{to}: {:?}", e.pos);
    }
}

#[test]
fn a_file_cut_short_says_which_element_is_open() {
    let line = "<language>en-US</language>\n";
    let cut = &STORM[..STORM.find(line).unwrap() + line.len()];
    let e = error(cut.as_bytes());
    assert_eq!(e.what, msg!("cap-unclosed", element = "info"));
    assert_eq!(e.hint, msg!("cap-unclosed-hint", element = "info"));
    assert_eq!(e.pos, Pos { line: 13, col: 1 }, "the end of the file");

    let cut = &STORM[..STORM.find("<info>").unwrap() + 3];
    let e = error(cut.as_bytes());
    assert_eq!(e.what, msg!("cap-xml-unclosed-tag"));
    assert_eq!(e.pos, place(STORM, "<info>"));
}

#[test]
fn missing_or_empty_required_elements_are_named() {
    let xml = edit(
        STORM,
        "  <identifier>BT-PCTT-2025-0905-01</identifier>\n",
        "",
    );
    let e = error(xml.as_bytes());
    assert_eq!(
        e.what,
        msg!("cap-missing", element = "identifier", parent = "alert")
    );
    assert_eq!(e.hint, msg!("cap-missing-hint", element = "identifier"));
    assert_eq!(e.pos, place(&xml, "<alert"));
    assert!(
        english(&e.what).contains("<identifier>"),
        "{}",
        english(&e.what)
    );

    let xml = edit(STORM, "<event>Bão</event>", "<event> </event>");
    let e = error(xml.as_bytes());
    assert_eq!(e.what, msg!("cap-empty", element = "event"));
    assert_eq!(e.pos, place(&xml, "<event> </event>"));

    let xml = edit(
        STORM,
        "<geocode><valueName>MA_XA</valueName><value>28912</value></geocode>",
        "<geocode><value>28912</value></geocode>",
    );
    let e = error(xml.as_bytes());
    assert_eq!(
        e.what,
        msg!("cap-missing", element = "valueName", parent = "geocode")
    );
}

#[test]
fn words_times_references_and_sizes_outside_cap_are_errors() {
    let cases: &[(&str, &str, &str, Msg)] = &[
        (
            "<status>Actual",
            "<status>Real",
            "Real",
            msg!("cap-bad-word", element = "status", value = "Real"),
        ),
        (
            "<severity>Severe",
            "<severity>severe",
            "severe",
            msg!("cap-bad-word", element = "severity", value = "severe"),
        ),
        (
            "<sent>2025-09-10T05:00:00+07:00",
            "<sent>10/09/2025 05:00",
            "10/09/2025 05:00",
            msg!("cap-bad-time", element = "sent", value = "10/09/2025 05:00"),
        ),
    ];
    for (from, to, value, what) in cases {
        let xml = edit(STORM, from, to);
        let e = error(xml.as_bytes());
        assert_eq!(&e.what, what, "{to}");
        assert_eq!(e.pos, place(&xml, value), "{to}");
    }
    // A near miss is suggested.
    let e = error(edit(STORM, "<status>Actual", "<status>Actal").as_bytes());
    assert_eq!(e.hint, msg!("diag-did-you-mean", word = "Actual"));

    let xml = edit(
        CANCEL,
        "BT-PCTT-2025-0905-01,2025",
        "BT-PCTT-2025-0905-01;2025",
    );
    let e = error(xml.as_bytes());
    assert!(matches!(format!("{:?}", e.what), w if w.contains("cap-bad-reference")));

    let xml = edit(FLOOD, "<cap:size>12", "<cap:size>12 KB");
    assert_eq!(
        error(xml.as_bytes()).what,
        msg!("cap-bad-size", value = "12 KB")
    );
}

#[test]
fn the_wrong_namespace_or_root_is_refused() {
    let cap11 = edit(STORM, "cap:1.2", "cap:1.1");
    let e = error(cap11.as_bytes());
    assert_eq!(
        e.what,
        msg!(
            "cap-namespace",
            found = "urn:oasis:names:tc:emergency:cap:1.1"
        )
    );
    assert_eq!(e.hint, msg!("cap-namespace-hint"));
    assert_eq!(e.pos, place(&cap11, "<alert"));

    let none = edit(STORM, " xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", "");
    assert_eq!(error(none.as_bytes()).what, msg!("cap-no-namespace"));

    let e = error(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>");
    assert_eq!(e.what, msg!("cap-not-alert", element = "rss"));
    assert_eq!(e.pos, Pos { line: 2, col: 1 });
}

#[test]
fn text_that_is_not_utf8_is_refused_where_it_starts() {
    // "Bão" in Windows-1258 / Latin-1: ã is one byte, 0xE3.
    let mut bytes = STORM.as_bytes().to_vec();
    let i = STORM.find("<event>Bão").unwrap() + "<event>B".len();
    bytes.splice(i..i + "ã".len(), [0xE3]);
    let e = error(&bytes);
    assert_eq!(e.what, msg!("cap-not-utf8", byte = "0xE3"));
    assert_eq!(e.hint, msg!("cap-utf8-hint"));
    let p = place(STORM, "<event>Bão");
    assert_eq!(
        e.pos,
        Pos {
            line: p.line,
            col: p.col + "<event>B".len()
        }
    );

    let e = error(b"\xFF\xFE<\x00a\x00");
    assert_eq!((e.what, e.pos), (msg!("cap-utf16"), Pos::FILE));

    let e = error(b"<alert>\0</alert>");
    assert_eq!(e.pos, Pos { line: 1, col: 8 });

    let latin = STORM.replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1);
    assert_eq!(
        error(latin.as_bytes()).what,
        msg!("cap-encoding", encoding = "ISO-8859-1")
    );
}

#[test]
fn entity_tricks_are_refused_before_anything_expands() {
    let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>&lol2;</identifier></alert>";
    let e = error(laughs.as_bytes());
    assert_eq!(e.what, msg!("cap-doctype"));
    assert_eq!(e.pos, Pos { line: 2, col: 1 });

    let external = edit(STORM, "<event>Bão", "<event>&xxe;Bão");
    let e = error(external.as_bytes());
    assert_eq!(e.what, msg!("cap-entity", name = "xxe"));
    assert_eq!(e.pos, place(&external, "&xxe;"));
}

#[test]
fn deep_nesting_and_floods_of_elements_are_refused() {
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let e = error(deep.as_bytes());
    assert_eq!(e.what, msg!("cap-too-deep", limit = MAX_DEPTH));
    assert_eq!(
        e.pos,
        Pos {
            line: 1,
            col: 3 * MAX_DEPTH + 1
        }
    );

    let many = format!("<alert>{}</alert>", "<x/>".repeat(MAX_ELEMENTS));
    assert_eq!(
        error(many.as_bytes()).what,
        msg!("cap-too-many", limit = MAX_ELEMENTS)
    );
}

#[test]
fn a_file_over_the_limit_is_refused_unread() {
    let big = vec![b' '; MAX_ALERT_BYTES + 1];
    let e = error(&big);
    assert_eq!(e.pos, Pos::FILE);
    assert_eq!(
        e.what,
        msg!("cap-too-big", size = MAX_ALERT_BYTES + 1, limit = 32)
    );
}

#[test]
fn stray_content_around_the_alert_is_refused() {
    assert_eq!(error(b"").what, msg!("cap-no-element"));
    assert_eq!(
        error(b"  \n <!-- only a comment -->\n").what,
        msg!("cap-no-element")
    );
    let e = error(format!("{STORM}\n<alert/>").as_bytes());
    assert_eq!(e.what, msg!("cap-after-root"));
    let e = error(format!("tin bão {STORM}").as_bytes());
    assert_eq!(
        (e.what, e.pos),
        (msg!("cap-stray-text"), Pos { line: 1, col: 1 })
    );
}

// ------------------------------------------------------------------ judging

#[test]
fn a_severe_storm_warning_in_text_airs_as_an_emergency_read_out_in_vietnamese() {
    let a = air(judge(&alert(STORM), &station(), now(), &Seen::new()));
    assert_eq!(a.key, alert(STORM).key());
    assert_eq!(a.priority, Priority::Emergency);
    assert_eq!(a.event, "Bão");
    assert_eq!(a.severity, Severity::Severe);
    assert_eq!(
        a.title,
        "Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre"
    );
    let Audio::Speech(text) = &a.audio else {
        panic!("{:?}", a.audio)
    };
    assert_eq!(a.text.as_ref(), Some(text), "the words are kept too");
    // The vi-VN info, though the English one comes first.
    assert!(
        text.starts_with(
            "Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre\n\nHồi 04 giờ"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("theo hướng dẫn của chính quyền xã."),
        "{text}"
    );
    assert_eq!(a.audio_refused, None);
    assert_eq!(
        (a.repeat, a.gap, a.max_duration),
        (2, Duration::seconds(60), Duration::seconds(120))
    );
    assert!(a.cancels.is_empty());
    assert_eq!(a.expires.unwrap().to_rfc3339(), "2025-09-11T05:00:00+07:00");

    // Preferring English takes the English info.
    let en = CapSettings {
        languages: vec!["en".to_string()],
        ..station()
    };
    let a = air(judge(&alert(STORM), &en, now(), &Seen::new()));
    assert_eq!(
        a.audio,
        Audio::Speech("Storm No. 5 approaching Ben Tre".to_string())
    );
}

#[test]
fn an_embedded_recording_airs_as_it_is() {
    let flood_now = at("2025-10-12T17:00:00+07:00");
    let a = air(judge(&alert(FLOOD), &station(), flood_now, &Seen::new()));
    assert_eq!(
        a.audio,
        Audio::Embedded {
            bytes: b"ID3\x04\0\0\0\0\0\0\0\0".to_vec(),
            mime: "audio/mpeg".to_string()
        }
    );
    assert_eq!(a.priority, Priority::Emergency, "Extreme");
}

#[test]
fn a_recording_beside_the_alert_airs_by_its_bare_name() {
    let fire_now = at("2025-04-12T11:05:00+07:00");
    // The station names its commune; the alert writes it in lower case,
    // and the station's settings were typed on a phone (decomposed letters).
    let by_name = CapSettings {
        areas: vec!["Xa\u{303} My\u{303} Tha\u{323}nh".to_string()],
        ..CapSettings::default()
    };
    let a = air(judge(&alert(FIRE), &by_name, fire_now, &Seen::new()));
    assert_eq!(a.audio, Audio::File("canh-bao-chay-rung.mp3".to_string()));
    assert_eq!(a.priority, Priority::Priority, "Moderate");

    // A recording on the web is not fetched: the text is read instead.
    let web = edit(
        FIRE,
        "<uri>canh-bao",
        "<uri>https://kiemlam.bentre.gov.vn/canh-bao",
    );
    let a = air(judge(&alert(&web), &by_name, fire_now, &Seen::new()));
    assert_eq!(
        a.audio,
        Audio::Speech(
            "Cảnh báo cháy rừng cấp IV (nguy hiểm)\n\nKhông đốt thực bì, không mang lửa vào rừng phòng hộ ven biển."
                .to_string()
        )
    );
    assert_eq!(
        a.audio_refused,
        Some(AudioRefused::Url {
            uri: "https://kiemlam.bentre.gov.vn/canh-bao-chay-rung.mp3".to_string(),
            scheme: "https".to_string()
        })
    );
}

#[test]
fn only_a_bare_file_name_beside_the_alert_is_taken() {
    let ok: &[(&str, &str)] = &[
        ("canh-bao.mp3", "canh-bao.mp3"),
        ("  Bão số 5.mp3 ", "Bão số 5.mp3"),
        ("B%C3%A3o%20s%E1%BB%91%205.mp3", "Bão số 5.mp3"),
        ("100%.mp3", "100%.mp3"),
    ];
    for (uri, name) in ok {
        assert_eq!(beside(uri).as_deref(), Ok(*name), "{uri}");
    }
    let refused: &[(&str, &str)] = &[
        ("http://example.vn/a.mp3", "Url"),
        ("file:///srv/a.mp3", "Url"),
        ("ftp:a.mp3", "Url"),
        ("/srv/loaxa/a.mp3", "Absolute"),
        ("\\\\server\\a.mp3", "Absolute"),
        ("C:\\canh-bao.mp3", "Absolute"),
        ("../schedules/a.json", "Parent"),
        ("a/../../b.mp3", "Parent"),
        ("%2E%2E%2Fa.mp3", "Parent"),
        ("ghi-am/a.mp3", "InFolder"),
        ("ghi-am\\a.mp3", "InFolder"),
        ("", "BadName"),
        (".", "BadName"),
        ("a\nb.mp3", "BadName"),
    ];
    for (uri, kind) in refused {
        let why = beside(uri).unwrap_err();
        assert!(format!("{why:?}").starts_with(kind), "{uri}: {why:?}");
        let said = english(&why.msg());
        assert!(said.contains(uri.trim()) || uri.trim().is_empty(), "{said}");
    }
}

#[test]
fn an_expired_warning_does_not_air() {
    let later = at("2025-09-11T05:00:00+07:00");
    assert_eq!(
        ignored(judge(&alert(STORM), &station(), later, &Seen::new())),
        Ignored::Expired {
            expires: "2025-09-11T05:00:00+07:00".to_string()
        }
    );
    let just_before = later - Duration::seconds(1);
    air(judge(&alert(STORM), &station(), just_before, &Seen::new()));
}

#[test]
fn a_warning_for_another_area_does_not_air() {
    let elsewhere = CapSettings {
        areas: vec!["29001".to_string(), "Xã Mỹ Thành".to_string()],
        ..CapSettings::default()
    };
    assert_eq!(
        ignored(judge(&alert(STORM), &elsewhere, now(), &Seen::new())),
        Ignored::OtherArea {
            areas: "My Thanh commune, Giong Trom district, Ben Tre province; Xã Mỹ Thạnh, huyện Giồng Trôm, tỉnh Bến Tre; Xã Phong Nẫm; xã Lương Hòa".to_string()
        }
    );
    // One of a list of communes in one <areaDesc>, or a district named whole.
    for area in ["xã lương hòa", "Huyện Giồng Trôm", "28915"] {
        let s = CapSettings {
            areas: vec![area.to_string()],
            ..CapSettings::default()
        };
        air(judge(&alert(STORM), &s, now(), &Seen::new()));
    }
    assert_eq!(
        ignored(judge(
            &alert(STORM),
            &CapSettings::default(),
            now(),
            &Seen::new()
        )),
        Ignored::NoStationAreas
    );
    let no_area = edit(
        FIRE,
        "<area>\n      <areaDesc>xã mỹ thạnh</areaDesc>\n    </area>\n",
        "",
    );
    assert_eq!(
        ignored(judge(&alert(&no_area), &station(), now(), &Seen::new())),
        Ignored::NoArea
    );
}

#[test]
fn status_and_message_type_decide_first() {
    let drills = CapSettings {
        exercises: true,
        ..station()
    };
    let cases: &[(&str, &str, bool, Option<Ignored>)] = &[
        (
            "<status>Actual",
            "<status>Test",
            false,
            Some(Ignored::ExercisesOff {
                status: Status::Test,
            }),
        ),
        ("<status>Actual", "<status>Test", true, None),
        (
            "<status>Actual",
            "<status>Exercise",
            false,
            Some(Ignored::ExercisesOff {
                status: Status::Exercise,
            }),
        ),
        ("<status>Actual", "<status>Exercise", true, None),
        (
            "<status>Actual",
            "<status>System",
            true,
            Some(Ignored::NotForAir {
                status: Status::System,
            }),
        ),
        (
            "<status>Actual",
            "<status>Draft",
            true,
            Some(Ignored::NotForAir {
                status: Status::Draft,
            }),
        ),
        (
            "<msgType>Alert",
            "<msgType>Ack",
            false,
            Some(Ignored::NotAWarning {
                msg_type: MsgType::Ack,
            }),
        ),
        (
            "<msgType>Alert",
            "<msgType>Error",
            false,
            Some(Ignored::NotAWarning {
                msg_type: MsgType::Error,
            }),
        ),
        ("<msgType>Alert", "<msgType>Update", false, None),
    ];
    for (from, to, exercises, want) in cases {
        let settings = if *exercises {
            drills.clone()
        } else {
            station()
        };
        let v = judge(
            &alert(&edit(STORM, from, to)),
            &settings,
            now(),
            &Seen::new(),
        );
        match want {
            None => {
                air(v);
            }
            Some(why) => assert_eq!(&ignored(v), why, "{to} exercises={exercises}"),
        }
    }
}

#[test]
fn a_warning_airs_once_per_sender_and_identifier() {
    let storm = alert(STORM);
    let mut seen = Seen::new();
    let v = judge(&storm, &station(), now(), &seen);
    seen.apply(&v, now());
    assert!(seen.already_aired(&storm.key()));
    assert_eq!(seen.pending(&storm.key()), 1, "one repeat to come");
    assert_eq!(
        ignored(judge(&storm, &station(), now(), &seen)),
        Ignored::AlreadyAired { key: storm.key() }
    );
    // The same identifier from another sender is another alert.
    let other = alert(&edit(STORM, "<sender>pctt@bentre", "<sender>pctt@travinh"));
    air(judge(&other, &station(), now(), &seen));
}

#[test]
fn an_update_replaces_the_warning_it_references() {
    let storm = alert(STORM);
    let mut seen = Seen::new();
    seen.apply(&judge(&storm, &station(), now(), &seen), now());
    assert_eq!(seen.pending(&storm.key()), 1);

    let later = at("2025-09-10T10:01:00+07:00");
    let v = judge(&alert(UPDATE), &station(), later, &seen);
    let a = air(v.clone());
    assert_eq!(a.cancels, vec![storm.key()]);
    assert_eq!(a.priority, Priority::Emergency);
    seen.apply(&v, later);
    assert_eq!(
        seen.pending(&storm.key()),
        0,
        "the old warning's repeat is stopped"
    );
    assert_eq!(seen.pending(&alert(UPDATE).key()), 1);

    // An update that is for other communes now still stops the old warning.
    let mut seen = Seen::new();
    seen.apply(&judge(&storm, &station(), now(), &seen), now());
    let moved = alert(&edit(
        UPDATE,
        "<value>28912</value>",
        "<value>29001</value>",
    ));
    let v = judge(&moved, &station(), later, &seen);
    assert_eq!(
        v,
        Verdict::Cancel {
            keys: vec![storm.key()]
        }
    );
    seen.apply(&v, later);
    assert_eq!(seen.pending(&storm.key()), 0);

    // An update met before the warning it replaces: the old one never airs.
    let mut seen = Seen::new();
    seen.apply(&judge(&alert(UPDATE), &station(), later, &seen), later);
    assert_eq!(
        ignored(judge(&storm, &station(), later, &seen)),
        Ignored::Withdrawn { key: storm.key() }
    );
}

#[test]
fn a_cancel_stops_the_pending_repeat() {
    let storm = alert(STORM);
    let mut seen = Seen::new();
    seen.apply(&judge(&storm, &station(), now(), &seen), now());
    assert_eq!(seen.pending(&storm.key()), 1);

    let later = at("2025-09-10T09:00:30+07:00");
    let v = judge(&alert(CANCEL), &station(), later, &seen);
    assert_eq!(
        v,
        Verdict::Cancel {
            keys: vec![storm.key()]
        }
    );
    seen.apply(&v, later);
    assert_eq!(seen.pending(&storm.key()), 0);
    assert!(seen.already_aired(&storm.key()));

    // Another sender cannot withdraw the province's warning.
    let forged = alert(&edit(
        CANCEL,
        "<sender>pctt@bentre.gov.vn",
        "<sender>ai-do@example.com",
    ));
    assert_eq!(
        ignored(judge(&forged, &station(), later, &seen)),
        Ignored::OtherSendersAlerts {
            sender: "ai-do@example.com".to_string()
        }
    );
    let bare = edit(
        CANCEL,
        "  <references>pctt@bentre.gov.vn,BT-PCTT-2025-0905-01,2025-09-10T05:00:00+07:00</references>\n",
        "",
    );
    assert_eq!(
        ignored(judge(&alert(&bare), &station(), later, &seen)),
        Ignored::NothingToCancel
    );
}

#[test]
fn an_oversized_embedded_recording_is_not_decoded_and_the_text_is_read() {
    let huge = "QUFB".repeat(MAX_RESOURCE_BYTES / 3 + 1);
    let xml = edit(FLOOD, "SUQzBAAAAAAA\n        AAAA", &huge);
    let a = alert(&xml);
    // Refused on its length alone: 4 base64 letters are 3 bytes.
    let bytes = u64::try_from(3 * (MAX_RESOURCE_BYTES / 3 + 1)).unwrap();
    assert_eq!(
        a.info[0].resources[0].deref,
        Some(Err(DerefProblem::TooLarge { bytes }))
    );
    let v = air(judge(
        &a,
        &station(),
        at("2025-10-12T17:00:00+07:00"),
        &Seen::new(),
    ));
    assert_eq!(
        v.audio,
        Audio::Speech("Cảnh báo triều cường, ngập lụt vùng trũng thấp".to_string())
    );
    assert_eq!(v.audio_refused, Some(AudioRefused::TooLarge { bytes }));
    assert!(english(&v.audio_refused.unwrap().msg()).contains("20 MB"));
}

#[test]
fn a_damaged_embedded_recording_is_not_aired() {
    let flood_now = at("2025-10-12T17:00:00+07:00");
    let xml = edit(FLOOD, "SUQzBAAAAAAA", "SUQz*AAAAAAA");
    let v = air(judge(&alert(&xml), &station(), flood_now, &Seen::new()));
    let p = place(&xml, "<cap:derefUri>");
    let text_at = Pos {
        line: p.line,
        col: p.col + "<cap:derefUri>".len(),
    };
    assert_eq!(
        v.audio_refused,
        Some(AudioRefused::NotBase64 {
            line: text_at.line,
            col: text_at.col
        })
    );
    let xml = edit(FLOOD, "<cap:size>12", "<cap:size>4096");
    let v = air(judge(&alert(&xml), &station(), flood_now, &Seen::new()));
    assert_eq!(
        v.audio_refused,
        Some(AudioRefused::SizeMismatch {
            size: 4096,
            decoded: 12
        })
    );
    assert!(matches!(v.audio, Audio::Speech(_)));
}

#[test]
fn languages_are_matched_by_tag() {
    let cases = [
        ("vi", "vi", true),
        ("vi-VN", "vi", true),
        ("VI-vn", "vi", true),
        ("vi-VN", "vi-VN", true),
        ("vi", "vi-VN", false),
        ("vie", "vi", false),
        ("en-US", "vi", false),
        ("vi", "", false),
    ];
    for (tag, wanted, is) in cases {
        assert_eq!(super::judge::language_is(tag, wanted), is, "{tag} {wanted}");
    }
}

/// Whatever a file holds, reading and judging it ends in a value.
mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn on_damaged_alerts(cuts in proptest::collection::vec((0usize..4000, 0usize..8, any::<u8>()), 1..6)) {
            let mut bytes = STORM.as_bytes().to_vec();
            for (at, len, b) in cuts {
                let at = at.min(bytes.len());
                let end = (at + len).min(bytes.len());
                bytes.splice(at..end, [b]);
            }
            if let Ok(a) = parse(&bytes) {
                let _ = judge(&a, &station(), now(), &Seen::new());
            }
        }

        #[test]
        fn on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse(&bytes);
        }
    }
}

// ------------------------------------------------------------ settings, seen

#[test]
fn the_cap_table_of_loaxa_toml_is_read_with_defaults() {
    #[derive(Debug, serde::Deserialize)]
    struct File {
        cap: CapSettings,
    }
    let f: File =
        toml::from_str("[cap]\nareas = [\"28912\", \"Xã Mỹ Thạnh\"]\nexercises = true\n").unwrap();
    assert_eq!(
        f.cap,
        CapSettings {
            areas: vec!["28912".to_string(), "Xã Mỹ Thạnh".to_string()],
            exercises: true,
            max_duration: 120,
            repeat: 2,
            gap: 60,
            languages: vec!["vi".to_string()],
        }
    );
    assert!(f.cap.problems().is_empty());
    let typo = toml::from_str::<File>("[cap]\nrepeats = 3\n").unwrap_err();
    assert!(typo.to_string().contains("repeats"), "{typo}");

    let f: File = toml::from_str("[cap]\nrepeat = 0\ngap = 7200\nmax_duration = 0\n").unwrap();
    let keys: Vec<&str> = f.cap.problems().iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["max_duration", "repeat", "gap", "areas"]);
    // The judge keeps to the bounds whatever the file says.
    let s = CapSettings {
        areas: vec!["28912".to_string()],
        ..f.cap
    };
    let a = air(judge(&alert(STORM), &s, now(), &Seen::new()));
    assert_eq!(
        (a.repeat, a.gap, a.max_duration),
        (1, Duration::seconds(3600), Duration::seconds(1))
    );
}

#[test]
fn seen_is_kept_as_json_and_forgets_what_is_done() {
    let storm = alert(STORM).key();
    let flood = alert(FLOOD).key();
    let mut seen = Seen::new();
    seen.record_airing(&storm, now(), 1);
    seen.record_airing(&flood, now() + Duration::days(30), 0);
    let json = serde_json::to_string(&seen).unwrap();
    assert_eq!(serde_json::from_str::<Seen>(&json).unwrap(), seen);
    assert_eq!(seen.met_at(&storm), Some(now()));

    assert_eq!(seen.with_pending(), vec![storm.clone()]);
    seen.forget_before(now() + Duration::days(7));
    assert_eq!(seen.len(), 2, "a repeat is still due");
    seen.repeat_aired(&storm);
    assert_eq!(seen.pending(&storm), 0);
    seen.forget_before(now() + Duration::days(7));
    assert_eq!(seen.len(), 1);
    assert!(!seen.already_aired(&storm));
    assert!(seen.already_aired(&flood));
}

#[test]
fn a_recording_airs_with_the_words_kept_for_when_it_cannot_be_had() {
    let fire_now = at("2025-04-12T12:00:00+07:00");
    let settings = CapSettings {
        areas: vec!["Xã Mỹ Thạnh".to_string()],
        ..CapSettings::default()
    };
    let a = air(judge(&alert(FIRE), &settings, fire_now, &Seen::new()));
    assert_eq!(a.audio, Audio::File("canh-bao-chay-rung.mp3".to_string()));
    assert_eq!(a.title, "Cảnh báo cháy rừng cấp IV (nguy hiểm)");
    assert_eq!(
        a.text.as_deref(),
        Some(
            "Cảnh báo cháy rừng cấp IV (nguy hiểm)\n\nKhông đốt thực bì, không mang lửa vào rừng phòng hộ ven biển."
        )
    );
    assert_eq!(a.priority, Priority::Priority, "Moderate");
}

#[test]
fn the_log_describes_an_alert_by_its_info_in_the_stations_language() {
    let storm = alert(STORM);
    let vi = storm.info_in(&["vi".to_string()]).unwrap();
    assert_eq!(vi.event, "Bão");
    let en = storm.info_in(&["en".to_string()]).unwrap();
    assert_eq!(en.event, "Storm");
    // None in the language wanted: the first.
    let other = storm.info_in(&["fr".to_string()]).unwrap();
    assert_eq!(other.event, "Storm");
    let mut none = alert(STORM);
    none.info.clear();
    assert!(none.info_in(&["vi".to_string()]).is_none());
}

// ------------------------------------------------------------------ words

#[test]
#[allow(clippy::disallowed_methods)]
fn every_reason_has_words_in_both_languages() {
    let key = alert(STORM).key();
    let reasons = [
        Ignored::NotForAir {
            status: Status::Draft,
        },
        Ignored::ExercisesOff {
            status: Status::Test,
        },
        Ignored::NotAWarning {
            msg_type: MsgType::Ack,
        },
        Ignored::NothingToCancel,
        Ignored::CancelsItself,
        Ignored::OtherSendersAlerts {
            sender: "a@b".to_string(),
        },
        Ignored::AlreadyAired { key: key.clone() },
        Ignored::Withdrawn { key },
        Ignored::NoInfo,
        Ignored::NoStationAreas,
        Ignored::NoArea,
        Ignored::OtherArea {
            areas: "Xã Phong Nẫm".to_string(),
        },
        Ignored::Expired {
            expires: "2025-09-11T05:00:00+07:00".to_string(),
        },
        Ignored::NothingToAir,
    ];
    let refusals = [
        AudioRefused::Url {
            uri: "http://a".to_string(),
            scheme: "http".to_string(),
        },
        AudioRefused::Absolute {
            uri: "/a".to_string(),
        },
        AudioRefused::Parent {
            uri: "../a".to_string(),
        },
        AudioRefused::InFolder {
            uri: "a/b".to_string(),
        },
        AudioRefused::BadName {
            uri: ".".to_string(),
        },
        AudioRefused::NoAddress,
        AudioRefused::TooLarge { bytes: 30_000_000 },
        AudioRefused::NotBase64 { line: 3, col: 7 },
        AudioRefused::SizeMismatch {
            size: 4096,
            decoded: 12,
        },
    ];
    let msgs = reasons
        .iter()
        .map(Ignored::msg)
        .chain(refusals.iter().map(AudioRefused::msg));
    for m in msgs {
        for lang in [loaxa_i18n::Lang::Vi, loaxa_i18n::Lang::En] {
            let said = loaxa_i18n::render_in(lang, &m);
            assert!(
                !said.is_empty() && !said.contains("cap-"),
                "{lang:?} {m:?}: {said}"
            );
        }
    }
}

// ------------------------------------------------------------------ hostile alerts

#[test]
fn control_characters_are_refused_where_they_are() {
    // Written in the file, or as a number: an escape code would rewrite
    // the operator's terminal when the journal or `loaxa log` shows it.
    let cases: &[(&str, &str, &str, &str)] = &[
        ("Tin bão khẩn cấp", "Tin \u{1b}[2J bão", "\u{1b}", "U+001B"),
        ("Tin bão khẩn cấp", "Tin &#x1B;[2J bão", "&#x1B;", "U+001B"),
        ("Tin bão khẩn cấp", "Tin &#7; bão", "&#7;", "U+0007"),
        ("Tin bão khẩn cấp", "Tin &#xFFFE; bão", "&#xFFFE;", "U+FFFE"),
        ("<event>Bão", "<event>B\u{1}ão", "\u{1}", "U+0001"),
    ];
    for (from, to, needle, code) in cases {
        let xml = edit(STORM, from, to);
        let e = error(xml.as_bytes());
        assert_eq!(e.pos, place(&xml, needle), "{to:?}");
        assert_eq!(e.what, msg!("cap-control-char", code = *code), "{to:?}");
        assert_eq!(e.hint, msg!("cap-control-char-hint"));
    }
    // Tabs and line breaks are text; DEL and the C1 controls are XML's
    // characters, taken out of what is shown.
    let ok = edit(
        STORM,
        "Tin bão khẩn cấp",
        "Tin\tbão\r\nkhẩn &#9;c\u{9b}ấp\u{7f}",
    );
    let ok = edit(&ok, "<event>Bão", "<event>B\u{91}ão");
    let vi = &alert(&ok).info[1];
    assert_eq!(
        vi.headline.as_deref(),
        Some("Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre")
    );
    assert_eq!(vi.event, "Bão");
}

#[test]
fn identifiers_and_senders_are_on_one_line() {
    let id = "BT-PCTT-2025-0905-01";
    for (element, bad) in [
        ("identifier", "BT\nNEW-LINE"),
        ("identifier", "BT\r\n29/11/2026 06:00 CAP alert X: aired"),
        ("identifier", "BT-\u{202e}1"),
        ("identifier", "BT-\u{85}1"),
        ("identifier", "BT-\u{2028}1"),
        ("sender", "pctt@bentre.gov.vn\tx"),
    ] {
        let xml = match element {
            "identifier" => edit(STORM, id, bad),
            _ => edit(STORM, "pctt@bentre.gov.vn", bad),
        };
        let e = error(xml.as_bytes());
        assert_eq!(e.hint, msg!("cap-bad-name-hint"), "{bad:?}");
        let said = english(&e.what);
        assert!(said.contains(&format!("<{element}> ")), "{said}");
        assert!(said.contains("cannot name an alert"), "{said}");
        assert!(
            !said.contains(['\n', '\t', '\u{202e}']),
            "shown on one line: {said:?}"
        );
    }
    let long = "L".repeat(MAX_NAME_CHARS + 1);
    let e = error(edit(STORM, id, &long).as_bytes());
    assert!(
        english(&e.what).contains("201 characters"),
        "{}",
        english(&e.what)
    );
    let longest = "L".repeat(MAX_NAME_CHARS);
    assert_eq!(alert(&edit(STORM, id, &longest)).identifier, longest);
    // CAP 1.2 bars spaces, commas, < and & too; a warning is not lost
    // over them.
    for (odd, read) in [
        ("BT 1", "BT 1"),
        ("BT,1", "BT,1"),
        ("BT&lt;1", "BT<1"),
        ("BT\u{a0}1", "BT\u{a0}1"),
    ] {
        assert_eq!(alert(&edit(STORM, id, odd)).identifier, read);
    }
    // A reference to such a name is not sender,identifier,sent either.
    let cancel = edit(
        CANCEL,
        "pctt@bentre.gov.vn,BT-PCTT-2025-0905-01,",
        "pctt@bentre.gov.vn,BT&#x91;1,",
    );
    assert_eq!(
        error(cancel.as_bytes()).what,
        msg!(
            "cap-bad-reference",
            value = "pctt@bentre.gov.vn,BT1,2025-09-10T05:00:00+07:00"
        )
    );
}

#[test]
fn what_is_shown_and_logged_is_on_one_line() {
    let xml = edit(
        STORM,
        "<headline>Tin bão khẩn cấp:",
        "<headline>\n   Tin bão\n\n khẩn cấp\u{202e}:",
    );
    let xml = edit(&xml, "<event>Bão", "<event>Bão\nsố 5");
    let xml = edit(&xml, "<areaDesc>Xã Mỹ Thạnh,", "<areaDesc>Xã Mỹ\n   Thạnh,");
    let a = alert(&xml);
    let vi = &a.info[1];
    assert_eq!(
        vi.headline.as_deref(),
        Some("Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre")
    );
    assert_eq!(vi.event, "Bão số 5");
    assert_eq!(
        vi.areas[0].area_desc,
        "Xã Mỹ Thạnh, huyện Giồng Trôm, tỉnh Bến Tre"
    );
    // A word outside CAP's vocabulary is shown on one line too.
    let e = error(edit(STORM, "<severity>Severe", "<severity>Sev\nere").as_bytes());
    assert!(!english(&e.what).contains('\n'), "{}", english(&e.what));
}

#[test]
fn a_flood_of_references_is_refused_and_a_long_list_is_judged_at_once() {
    let refs = |n: usize| {
        (0..n)
            .map(|i| format!("pctt@bentre.gov.vn,GIA-{i},2025-09-10T05:00:00+07:00"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let entry = "pctt@bentre.gov.vn,BT-PCTT-2025-0905-01,2025-09-10T05:00:00+07:00";
    let flood = edit(CANCEL, entry, &refs(MAX_REFERENCES + 1));
    let e = error(flood.as_bytes());
    assert_eq!(
        e.what,
        msg!(
            "cap-too-many-references",
            count = MAX_REFERENCES + 1,
            max = MAX_REFERENCES
        )
    );
    assert_eq!(e.pos, place(&flood, "pctt@bentre.gov.vn,GIA-0,"));
    // The most it takes, each named twice: one key each, remembered once.
    let most = format!("{} {}", refs(500), refs(500));
    let cancel = alert(&edit(CANCEL, entry, &most));
    let Verdict::Cancel { keys } = judge(&cancel, &station(), now(), &Seen::new()) else {
        panic!("not a cancel");
    };
    assert_eq!(keys.len(), 500);
    let mut seen = Seen::new();
    seen.stop(&keys, now());
    seen.stop(&keys, now());
    assert_eq!(seen.len(), 500);
    assert!(keys.iter().all(|k| seen.withdrawn(k)));
}

#[test]
fn a_cancel_naming_only_itself_says_so() {
    let own = edit(
        CANCEL,
        "pctt@bentre.gov.vn,BT-PCTT-2025-0905-01,",
        "pctt@bentre.gov.vn,BT-PCTT-2025-0905-02,",
    );
    assert_eq!(
        ignored(judge(&alert(&own), &station(), now(), &Seen::new())),
        Ignored::CancelsItself
    );
    let others = edit(CANCEL, "pctt@bentre.gov.vn,BT", "khac@x.vn,BT");
    assert_eq!(
        ignored(judge(&alert(&others), &station(), now(), &Seen::new())),
        Ignored::OtherSendersAlerts {
            sender: "pctt@bentre.gov.vn".to_string()
        }
    );
}

#[test]
fn the_words_read_out_are_cut_to_what_can_air() {
    // A 20 MB description would keep the speech engine busy for hours
    // while the warning waits; an airing stops at max_duration anyway.
    let sentence = "Bão rất mạnh, bà con ở yên trong nhà. ";
    let xml = edit(
        STORM,
        "<description>",
        &format!("<description>{}", sentence.repeat(200_000)),
    );
    let storm = alert(&xml);
    for (max_duration, limit) in [(120, 120 * 40), (3600, crate::bulletin::MAX_TEXT_CHARS)] {
        let settings = CapSettings {
            max_duration,
            ..station()
        };
        let a = air(judge(&storm, &settings, now(), &Seen::new()));
        let Audio::Speech(text) = &a.audio else {
            panic!("{:?}", a.audio);
        };
        let count = text.chars().count();
        assert!(count <= limit && count > limit - sentence.len(), "{count}");
        assert!(text.starts_with("Tin bão khẩn cấp"), "{text:.40}");
        assert!(
            text.ends_with("trong nhà."),
            "cut at a sentence: …{:?}",
            &text[text.len() - 20..]
        );
        assert_eq!(a.text.as_deref(), Some(text.as_str()));
    }
    // A short warning is read whole.
    let a = air(judge(&alert(STORM), &station(), now(), &Seen::new()));
    assert!(
        a.text
            .unwrap()
            .ends_with("theo hướng dẫn của chính quyền xã.")
    );
    // No sentence end: cut at a word; not even a space: cut at the limit.
    for (filler, tail) in [("mưa ", "mưa"), ("x", "x")] {
        let xml = edit(
            STORM,
            "Tin bão khẩn cấp: Bão số 5 đang tiến vào vùng biển Bến Tre",
            &filler.repeat(100),
        );
        let settings = CapSettings {
            max_duration: 1,
            ..station()
        };
        let a = air(judge(&alert(&xml), &settings, now(), &Seen::new()));
        let text = a.text.unwrap();
        assert!(
            text.chars().count() <= 40 && text.ends_with(tail),
            "{text:?}"
        );
    }
}

#[test]
fn what_is_remembered_stays_bounded() {
    let mut seen = Seen::new();
    let key = |i: usize| AlertKey {
        sender: "pctt@bentre.gov.vn".to_string(),
        identifier: format!("GIA-{i}"),
    };
    let keys: Vec<AlertKey> = (1..MAX_REMEMBERED + 10).map(key).collect();
    seen.record_airing(&key(0), now(), 1);
    for (i, chunk) in keys.chunks(1000).enumerate() {
        seen.stop(chunk, now() + Duration::seconds(i as i64));
    }
    seen.forget_before(now() - Duration::days(90));
    assert_eq!(seen.len(), MAX_REMEMBERED);
    // The oldest went first, but never one with a repeat still due.
    assert_eq!(seen.pending(&key(0)), 1);
    assert!(!seen.withdrawn(&key(1)));
    assert!(seen.withdrawn(&key(MAX_REMEMBERED + 9)));
}
