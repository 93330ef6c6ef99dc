use super::*;
use crate::cli::testing::{TempStation, daily, monday_5am};

fn check(st: &TempStation, days: u32) -> Report {
    compute(&st.open(), monday_5am(), Request { days })
}

fn kinds(r: &Report) -> Vec<&What> {
    r.findings.iter().map(|f| &f.what).collect()
}

#[test]
fn a_station_whose_files_are_all_there_is_ok() {
    let st = TempStation::new(&[("xa.json", &daily(&["a.wav"]))]);
    st.wav("a.wav");
    let r = check(&st, 2);
    assert_eq!(r.findings, []);
    assert!(r.ok());
    assert_eq!((r.schedules, r.slots, r.files, r.airings), (1, 1, 1, 2));
    assert_eq!(r.at_risk, []);
}

#[test]
fn a_missing_file_is_an_error_with_the_first_airing_that_needs_it() {
    let st = TempStation::new(&[("xa.json", &daily(&["khong-co.wav"]))]);
    let r = check(&st, 2);
    assert!(!r.ok());
    assert_eq!(
        kinds(&r),
        [&What::Missing {
            slot: "sang".into(),
            file: "khong-co.wav".into(),
            first_need: Some("T2 03/03/2025 06:00:00".into()),
        }]
    );
    assert!(r.findings[0].file.ends_with("/schedules/xa.json"));
    assert_eq!(r.at_risk.len(), 2);
    assert_eq!(r.at_risk[0].items[0].0, "khong-co.wav");
}

#[test]
fn a_file_no_airing_needs_soon_is_missing_without_a_time() {
    let json =
        r#"{"slots": [{"id": "x", "date": "01/01/2099", "at": "06:00", "program": ["b.wav"]}]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    let r = check(&st, 7);
    assert!(matches!(
        r.findings[0].what,
        What::Missing {
            first_need: None,
            ..
        }
    ));
    assert_eq!(r.airings, 0);
}

#[test]
fn a_broken_file_is_unusable_and_a_broken_one_nobody_names_is_a_warning() {
    let st = TempStation::new(&[("xa.json", &daily(&["hong.wav"]))]);
    st.junk("hong.wav");
    st.junk("le.mp3");
    let r = check(&st, 1);
    assert!(!r.ok());
    let w = kinds(&r);
    assert!(matches!(
        w[0],
        What::Unusable {
            why: Unusable::Broken(_),
            ..
        }
    ));
    assert!(matches!(w[1], What::Broken { pickers, .. } if pickers.is_empty()));
    assert!(!w[1].is_error());
}

#[test]
fn an_empty_folder_pick_is_an_error_when_an_airing_needs_it() {
    let json = r#"{"slots": [{"id": "tin", "days": "hằng ngày", "at": "07:00", "program": [{"folder": "tin/", "pick": "newest"}]}]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    std::fs::create_dir_all(st.path().join("audio/tin")).unwrap();
    let r = check(&st, 1);
    let What::Folder {
        exists, first_need, ..
    } = &r.findings[0].what
    else {
        panic!("{:?}", r.findings);
    };
    assert!(*exists);
    assert!(first_need.is_some());
    assert!(!r.ok());
}

#[test]
fn two_normal_programs_that_overlap_are_found_once_with_how_often() {
    let json = r#"{"slots": [
        {"id": "a", "days": "hằng ngày", "at": "06:00", "program": ["a.wav"]},
        {"id": "b", "days": "hằng ngày", "at": "06:00", "program": ["a.wav"]}
    ]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    st.wav("a.wav");
    let r = check(&st, 3);
    let overlaps: Vec<&Overlap> = r
        .findings
        .iter()
        .filter_map(|f| match &f.what {
            What::Overlap(o) => Some(o),
            _ => None,
        })
        .collect();
    assert_eq!(overlaps.len(), 1, "{:?}", r.findings);
    assert_eq!(
        (overlaps[0].other.as_str(), overlaps[0].slot.as_str()),
        ("a", "b")
    );
    assert_eq!(overlaps[0].count, 3);
    assert_eq!(overlaps[0].until, "06:00:01");
}

#[test]
fn the_printer_counts_what_the_report_holds() {
    let st = TempStation::new(&[("xa.json", &daily(&["khong-co.wav"]))]);
    let r = check(&st, 1);
    let mut out = Vec::new();
    print(&r, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.ends_with(&t!(
            "check-copy-before",
            file = "khong-co.wav",
            when = "T2 03/03/2025 06:00:00"
        )),
        "{text}"
    );
    assert!(text.ends_with(&format!(
        "{}\n",
        t!("check-summary", errors = 1, warnings = 0)
    )));
}

/// A missing engine is one error, at the first text item, however many
/// voices the items ask for; no text item, no word about the engine.
#[test]
fn text_items_need_the_engine_once_and_are_listed() {
    let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
        "a.wav",
        {"text": "Thông báo: mất điện."},
        {"text": "Thông báo lần hai.", "voice": "vi-vn-x-south"},
        {"text_file": "tb/bao-5.txt"}]}]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    st.wav("a.wav");
    st.text("tb/bao-5.txt", "Thông báo số 5.".as_bytes());
    let toml = st.path().join("loaxa.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{settings}[voice]\ncommand = \"/nonexistent/espeak-ng\"\n"),
    )
    .unwrap();
    let r = check(&st, 1);
    assert!(!r.ok());
    let voice: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| matches!(f.what, What::Voice { .. }))
        .collect();
    assert_eq!(voice.len(), 1, "{:?}", r.findings);
    assert_eq!((voice[0].pos.line, voice[0].pos.col), (3, 18));
    assert!(matches!(
        &voice[0].what,
        What::Voice { why, .. } if *why == msg!("voice-espeak-missing", program = "/nonexistent/espeak-ng")
    ));
    let listed: Vec<(Option<&str>, Option<&str>, &str)> = r
        .texts
        .iter()
        .map(|t| (t.text_file.as_deref(), t.words.as_deref(), t.voice.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (None, Some("Thông báo: mất điện."), "vi"),
            (None, Some("Thông báo lần hai."), "vi-vn-x-south"),
            (Some("tb/bao-5.txt"), Some("Thông báo số 5."), "vi"),
        ]
    );
    // Only recordings: not a word about the engine.
    let st = TempStation::new(&[("xa.json", &daily(&["a.wav"]))]);
    st.wav("a.wav");
    std::fs::write(
        st.path().join("loaxa.toml"),
        format!("{settings}[voice]\ncommand = \"/nonexistent/espeak-ng\"\n"),
    )
    .unwrap();
    let r = check(&st, 1);
    assert!(r.ok(), "{:?}", r.findings);
    assert_eq!(r.texts, []);
}

/// The one voice finding of `check` on `st`, placed at line 2 (the
/// item), in English.
fn the_voice_finding(st: &TempStation) -> String {
    let r = check(st, 1);
    let voice: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| matches!(f.what, What::Voice { .. }))
        .collect();
    assert_eq!(voice.len(), 1, "{:?}", r.findings);
    assert_eq!(voice[0].pos.line, 2);
    match &voice[0].what {
        What::Voice { why, .. } => crate::i18n::render_in(crate::i18n::Lang::En, why),
        _ => unreachable!(),
    }
}

/// A voice espeak-ng does not have, asked for by an item: said at the
/// item, to be corrected there (espeak-ng is a prerequisite of the tests).
#[test]
fn an_item_voice_the_engine_lacks_is_an_error_at_the_item() {
    let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
        {"text": "Thông báo."}, {"text": "Thông báo.", "voice": "vi-vn-x-hue"}]}]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    let text = the_voice_finding(&st);
    assert!(text.contains("\"vi-vn-x-hue\""), "{text}");
    assert!(text.contains("vi-vn-x-south"), "{text}");
}

/// With piper, an item's voice is a model file: an espeak-ng voice name
/// is an error at the item, saying what to write.
#[test]
fn an_espeak_voice_name_given_to_piper_is_an_error_at_the_item() {
    let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
        {"text": "Thông báo.", "voice": "vi-vn-x-south"}]}]}"#;
    let st = TempStation::new(&[("xa.json", json)]);
    std::fs::write(
        st.path().join("loaxa.toml"),
        "station = \"Xã Thử\"\ntimezone = \"Asia/Ho_Chi_Minh\"\n[voice]\nengine = \"piper\"\nmodel = \"giong.onnx\"\n",
    )
    .unwrap();
    let text = the_voice_finding(&st);
    assert!(
        text.contains("\"vi-vn-x-south\" is an espeak-ng voice name"),
        "{text}"
    );
}

#[test]
fn relay_items_need_no_file_but_their_fallback_is_checked_and_a_bad_address_warned() {
    let relay = |extra: &str| {
        format!(
            r#"{{"slots": [{{"id": "vov", "days": "hằng ngày", "at": "06:00", "program": [
                {{"relay": "http://vov.example/vov1.mp3", "duration": "30 phút"{extra}}},
                {{"relay": "ftp://x/y", "duration": "5 phút"}}]}}]}}"#
        )
    };
    let st = TempStation::new(&[("xa.json", &relay(""))]);
    let r = check(&st, 2);
    // No file named, and the address that cannot be a stream is a warning.
    assert_eq!(r.findings, []);
    assert!(r.ok(), "{:?}", r.read);
    assert_eq!(r.read.len(), 1);
    assert!(!r.read[0].is_error());
    // The malformed one is at risk (its fallback would air); the stream is not.
    assert_eq!(r.at_risk.len(), 2);
    assert_eq!(r.at_risk[0].items.len(), 1);
    assert_eq!(r.at_risk[0].items[0].0, "ftp://x/y");
    // A fallback that is not there is found like any file the schedule names.
    let st = TempStation::new(&[("xa.json", &relay(r#", "fallback": "xin-loi.mp3""#))]);
    let r = check(&st, 2);
    assert!(matches!(&r.findings[0].what, What::Missing { file, .. } if file == "xin-loi.mp3"));
}
