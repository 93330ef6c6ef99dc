//! The schedule file format (version 1) as plain Rust types, from which the
//! JSON Schema that editors use (`schedules/schedule.schema.json`) is
//! generated. The reader in `parse.rs` stays the authority: it knows
//! positions, accepts spelling variants (diacritics, case) and explains
//! every problem. Tests keep the two in step: the committed schema must be
//! the generated one, and every example schedule must fit these types.

use schemars::JsonSchema;
use serde::Deserialize;

/// A broadcast schedule of a commune loudspeaker station (lịch phát sóng).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "loaxa schedule (lịch phát sóng), format version 1")]
pub struct ScheduleFile {
    /// The schema this file follows (for editors): "schedule.schema.json".
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The format version: 1.
    #[schemars(range(min = 1, max = 1))]
    pub version: Option<u32>,
    /// E.g. "Chương trình phát thanh CCHC tuần 12".
    pub title: Option<String>,
    /// First day the schedule is in force (inclusive).
    pub from: Option<Date>,
    /// Last day the schedule is in force (inclusive).
    pub to: Option<Date>,
    /// Days none of its slots air: "30/04" (every year), "02/09/2014", or a range.
    #[serde(default)]
    pub skip: Vec<SkipItem>,
    /// When each program airs and what it is.
    pub slots: Vec<SlotFile>,
}

/// A date: "17/03/2014" or "2014-03-17".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Date(
    #[schemars(pattern(r"^\s*([0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})\s*$"))]
    pub String,
);

/// A day to skip.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SkipItem {
    /// "30/04" (every year), "02/09/2014" or "2014-09-02".
    Day(
        #[schemars(pattern(
            r"^\s*([0-9]{1,2}/[0-9]{1,2}(/[0-9]{4})?|[0-9]{4}-[0-9]{2}-[0-9]{2})\s*$"
        ))]
        String,
    ),
    /// A range of days, e.g. Tết.
    Range(DateRange),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

/// A slot: one timing (`days`, `date` or `monthly`, each with `at`; or
/// `cron`) and a program.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["days"]},
    {"required": ["date"]},
    {"required": ["monthly"]},
    {"required": ["cron"]}
]))]
pub struct SlotFile {
    /// A short name, unique in this file, e.g. "cchc-sang".
    #[schemars(length(min = 1))]
    pub id: String,
    /// E.g. "Tin CCHC buổi sáng".
    pub title: Option<String>,
    /// Weekly: "T2"…"T7", "CN", "Thứ Hai"…"Chủ nhật", "Mon"…"Sun", ranges
    /// such as "T2-T6", or "hằng ngày" / "daily". Never numbers.
    pub days: Option<Days>,
    /// A one-off airing on this date.
    pub date: Option<Date>,
    /// Monthly: 15 (the 15th), "cuối tháng" (last day), "T2 đầu tiên" /
    /// "first Mon", "T6 cuối" / "last Fri".
    pub monthly: Option<MonthlyDay>,
    /// Six or seven fields starting with seconds; weekdays by name:
    /// "0 30 5 * * T2-T6".
    pub cron: Option<String>,
    /// Local station time: "05:30", "05:30:00", "5h30" or "5h".
    #[schemars(pattern(r"^\s*([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?|[0-9]{1,2}[hH]([0-9]{1,2})?)\s*$"))]
    pub at: Option<String>,
    /// Months it airs in (weekly and monthly slots), 1–12.
    pub months: Option<Vec<Month>>,
    /// First day this slot airs (inclusive).
    pub from: Option<Date>,
    /// Last day this slot airs (inclusive).
    pub to: Option<Date>,
    /// How urgent the program is (Thông tư 39/2020/TT-BTTTT).
    pub priority: Option<PriorityName>,
    /// How late it may still start: "5 phút", "5m", "90s", "1h", or minutes.
    pub grace: Option<Grace>,
    /// Loudness every item of this program is brought to, LUFS (−40…−5),
    /// or `false` / "off" to air the files as recorded.
    pub level: Option<LevelSetting>,
    /// The items to air, in order, back to back.
    #[schemars(length(min = 1))]
    pub program: Vec<ProgramItem>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Days {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MonthlyDay {
    Day(#[schemars(range(min = 1, max = 31))] u32),
    Rule(String),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Month {
    Number(#[schemars(range(min = 1, max = 12))] u32),
    Name(String),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Grace {
    Minutes(u32),
    Text(String),
}

#[derive(Debug, Deserialize, JsonSchema)]
pub enum PriorityName {
    #[serde(rename = "thông thường")]
    ThongThuong,
    #[serde(rename = "ưu tiên")]
    UuTien,
    #[serde(rename = "khẩn cấp")]
    KhanCap,
    #[serde(rename = "normal")]
    Normal,
    #[serde(rename = "priority")]
    Priority,
    #[serde(rename = "emergency")]
    Emergency,
}

/// A file in `audio/` ("cchc/ban-tin.mp3"), or an item with what the report needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProgramItem {
    File(#[schemars(length(min = 1))] String),
    Item(Item),
}

/// A loudness in LUFS, or `false` / "off" for none.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LevelSetting {
    Lufs(#[schemars(range(min = -40.0, max = -5.0))] f64),
    Off(#[schemars(extend("const" = false))] bool),
    Word(#[schemars(extend("enum" = ["off", "tắt", "không"]))] String),
}

/// How a folder item chooses its file(s).
#[derive(Debug, Deserialize, JsonSchema)]
pub enum PickRule {
    /// The newest ready file, by a date in its name, else by its time.
    #[serde(rename = "newest")]
    Newest,
    /// Every ready file, in name order.
    #[serde(rename = "all")]
    All,
    /// The next file each airing, remembered across restarts.
    #[serde(rename = "rotate")]
    Rotate,
    #[serde(rename = "mới nhất")]
    MoiNhat,
    #[serde(rename = "tất cả")]
    TatCa,
    #[serde(rename = "xoay vòng")]
    XoayVong,
    #[serde(rename = "lần lượt")]
    LanLuot,
}

/// A program item: a recording (`file`), a folder to pick from
/// (`folder`), or a text read aloud (`text`, or `text_file`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["file"], "not": {"anyOf": [{"required": ["pick"]}, {"required": ["voice"]}]}},
    {"required": ["folder"], "not": {"required": ["voice"]}},
    {"required": ["text"], "not": {"required": ["pick"]}},
    {"required": ["text_file"], "not": {"required": ["pick"]}}
]))]
pub struct Item {
    /// Relative to the audio/ folder; never leaves it.
    #[schemars(length(min = 1))]
    pub file: Option<String>,
    /// A folder in audio/ ("cchc") whose ready files are chosen by `pick`
    /// at air time, so the schedule need not change each week.
    #[schemars(length(min = 1))]
    pub folder: Option<String>,
    /// With `folder`: "newest" (default), "all" or "rotate".
    pub pick: Option<PickRule>,
    /// Words read aloud by the station's speech engine ([voice] in
    /// loaxa.toml), e.g. "Thông báo: UBND xã …"; numbers, dates, times and
    /// abbreviations are read as words. Line breaks are allowed.
    #[schemars(length(min = 1, max = crate::bulletin::MAX_TEXT_CHARS))]
    pub text: Option<String>,
    /// A UTF-8 .txt file in audio/ ("thong-bao/bao-so-5.txt") read aloud,
    /// so the team can drop a typed bulletin like a recording.
    #[schemars(length(min = 1), pattern(r"\.[tT][xX][tT]\s*$"))]
    pub text_file: Option<String>,
    /// With `text` or `text_file`: the voice, over the station's: "vi"
    /// (northern), "vi-vn-x-central" (central), "vi-vn-x-south" (southern).
    #[schemars(length(min = 1), pattern(r"^[^\s]+$"))]
    pub voice: Option<String>,
    /// This item's loudness, overriding the slot's and the station's;
    /// `false` for a jingle that is mastered as it should sound.
    pub level: Option<LevelSetting>,
    /// The bulletin's title (tiêu đề).
    pub title: Option<String>,
    /// A topic code: van-ban-chi-dao, van-ban-qppl, de-an-thi-tuyen,
    /// can-bo-cong-chuc, thu-tuc-hanh-chinh, mot-cua, chi-so-hai-long,
    /// ket-qua-danh-gia, dan-van, or one the station adds.
    pub topic: Option<String>,
    /// Who wrote it (tác giả).
    pub author: Option<String>,
}

/// The schema, as committed in `schedules/schedule.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ScheduleFile);
    let mut value = schema.to_value();
    forbid_null(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// schemars lets an optional field be `null`; the reader does not (leave
/// the field out instead), so the schema should not either.
fn forbid_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").and_then(Value::as_str) != Some("null"));
                if any.len() == 1 {
                    let only = any.remove(0);
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        map.extend(inner);
                    }
                }
            }
            map.values_mut().for_each(forbid_null);
        }
        Value::Array(items) => items.iter_mut().for_each(forbid_null),
        _ => {}
    }
}
