//! The schedule format's JSON Schema, as committed in the repository and
//! as the example station uses it (these read the repository's files, which
//! the core crate may not).

use loaxa::schedule::format::{ScheduleFile, json_schema};
use std::path::Path;

const COMMITTED: &str = "schedules/schedule.schema.json";

/// The committed schema is the one these types generate. After changing
/// the format: `LOAXA_BLESS=1 cargo test schema` writes it anew.
#[test]
fn the_committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED);
    let generated = json_schema();
    if std::env::var_os("LOAXA_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{COMMITTED} is out of date: run LOAXA_BLESS=1 cargo test schema"
    );
    assert!(generated.contains("\"oneOf\""));
}

/// Every example schedule fits the types the schema comes from, and
/// refers to the schema.
#[test]
fn the_example_schedules_fit_the_schema_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".schema.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let file: ScheduleFile =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            file.schema.as_deref(),
            Some("schedule.schema.json"),
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 2);
}

/// Text items fit the types: words typed in the schedule and a text
/// file, each with a voice; a voice on a recording does not.
#[test]
fn text_items_fit_the_schema_types() {
    let json = r#"{"$schema": "schedule.schema.json", "slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [
        {"text": "Thông báo: mất điện từ 7h30.\nĐề nghị bà con chú ý.", "title": "Mất điện", "topic": "mot-cua", "voice": "vi-vn-x-south"},
        {"text_file": "thong-bao/bao-so-5.txt", "level": -18}
    ]}]}"#;
    let file: ScheduleFile = serde_json::from_str(json).unwrap();
    assert_eq!(file.slots[0].program.len(), 2);
    let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
    let item = &schema["$defs"]["Item"];
    assert_eq!(
        item["properties"]["text"]["maxLength"],
        loaxa_core::bulletin::MAX_TEXT_CHARS
    );
    assert!(item["properties"]["text_file"]["pattern"].is_string());
}
