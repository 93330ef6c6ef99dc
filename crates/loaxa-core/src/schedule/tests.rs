//! Table tests of the schedule reader: good files, and bad ones each with the
//! exact place and message the operator will see.

use super::*;
use crate::topics::TopicList;

fn read(json: &str) -> Parsed {
    parse("schedules/t.json", json, &TopicList::default())
}

/// Every diagnostic as `line:col: severity: message — hint`.
fn messages(json: &str) -> Vec<String> {
    read(json)
        .diagnostics
        .iter()
        .map(|d| {
            d.display_with(&crate::diag::english)
                .trim_start_matches("schedules/t.json:")
                .trim_start()
                .to_string()
        })
        .collect()
}

#[test]
fn good_files() {
    let good = [
        r#"{"slots": []}"#,
        r#"{"version": 1, "title": "Lịch phát sóng tuần 12", "from": "17/03/2014", "to": "2014-03-23",
            "slots": [{"id": "a", "days": ["T2", "T4", "T6"], "at": "6h30", "program": ["a.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "days": "hằng ngày", "at": "05:30", "program": ["nhac-hieu.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "days": ["daily"], "at": "05:30:10", "program": ["j.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "days": "T2-T6", "at": "17h", "program": ["j.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "cron": "0 0 17 * * Mon,Wed,Fri", "program": ["j.mp3"]}]}"#,
        r#"{"$schema": "schedule.schema.json", "skip": ["30/04", "02/09/2014", {"from": "28/01/2025", "to": "02/02/2025"}],
            "slots": [{"id": "m", "monthly": "T2 đầu tiên", "months": [1, "tháng 4", 7, 10], "at": "07:00", "program": ["a.mp3"]},
                      {"id": "e", "days": "hằng ngày", "at": "11:30", "priority": "khẩn cấp", "grace": "10 phút",
                       "from": "01/07/2014", "to": "31/07/2014", "program": ["bao.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "date": "30/04/2014", "at": "07:00", "title": "Lễ 30/4",
            "program": [{"file": "cchc/Bản tin một cửa.mp3", "title": "Một cửa", "topic": "mot-cua", "author": "Tổ thông tin"}]}]}"#,
    ];
    for json in good {
        let p = read(json);
        assert!(p.diagnostics.is_empty(), "{json}\n{:?}", p.diagnostics);
        assert!(p.schedule.is_some());
    }
    let p = read(good[7]);
    let slot = &p.schedule.unwrap().slots[0];
    assert_eq!(slot.program[0].file, "cchc/Bản tin một cửa.mp3");
    assert_eq!(slot.program[0].topic.as_deref(), Some("mot-cua"));
    assert_eq!(slot.title.as_deref(), Some("Lễ 30/4"));
}

#[test]
fn bad_files_each_with_place_and_message() {
    // (schedule text, expected diagnostics)
    let cases: &[(&str, &[&str])] = &[
        // 1. JSON syntax: missing comma.
        (
            "{\n  \"title\": \"x\"\n  \"slots\": []\n}",
            &[
                "2:15: error: this is not valid JSON: a comma is missing here — fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
            ],
        ),
        // 2. Trailing comma (strict JSON).
        (
            "{\"slots\": [],}",
            &[
                "1:13: error: this is not valid JSON: a comma too many before the closing bracket — fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
            ],
        ),
        // 3. Empty file.
        (
            "  \n",
            &[
                "error: the file is empty — write a schedule: { \"title\": …, \"slots\": [ … ] }, or remove the file",
            ],
        ),
        // 4. Not an object.
        (
            "[1, 2]",
            &[
                "1:1: error: a schedule must be a JSON object { … } — start the file with { \"title\": …, \"slots\": [ … ] }",
            ],
        ),
        // 5. Unknown top-level field, with a suggestion.
        (
            r#"{"tittle": "x", "slots": []}"#,
            &["1:2: error: unknown field \"tittle\" in a schedule — did you mean \"title\"?"],
        ),
        // 6. No slots.
        (
            r#"{"title": "x"}"#,
            &[
                "1:1: error: the schedule has no \"slots\" — add \"slots\": [ { \"id\": …, \"days\": …, \"at\": …, \"program\": [ … ] } ]",
            ],
        ),
        // 7. Slots not a list.
        (
            r#"{"slots": {}}"#,
            &[
                "1:11: error: \"slots\" must be a list [ … ] of slots — put the slots in square brackets",
            ],
        ),
        // 8. Bad validity date.
        (
            r#"{"from": "2014/03/17", "slots": []}"#,
            &[
                "1:10: error: \"from\": \"2014/03/17\" is not a date — write it as dd/mm/yyyy (17/03/2014) or yyyy-mm-dd (2014-03-17)",
            ],
        ),
        // 9. from after to.
        (
            r#"{"from": "20/03/2014", "to": "17/03/2014", "slots": []}"#,
            &[
                "1:24: error: \"to\" (17/03/2014) is before \"from\" (20/03/2014) — swap the two dates",
            ],
        ),
        // 10. Slot without id.
        (
            r#"{"slots": [{"days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:12: error: this slot has no \"id\" — add \"id\": \"sang-t2\" (a name unique in this file)",
            ],
        ),
        // 11. Duplicate slot id.
        (
            "{\"slots\": [\n{\"id\": \"a\", \"days\": \"T2\", \"at\": \"06:00\", \"program\": [\"a.mp3\"]},\n{\"id\": \"a\", \"days\": \"T3\", \"at\": \"06:00\", \"program\": [\"a.mp3\"]}]}",
            &[
                "3:8: error: slot id \"a\" is used twice (first at line 2) — give each slot its own id",
            ],
        ),
        // 12. Unknown slot field.
        (
            r#"{"slots": [{"id": "a", "dayz": "T2", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &["1:24: error: unknown field \"dayz\" in a slot — did you mean \"days\"?"],
        ),
        // 13. No timing at all.
        (
            r#"{"slots": [{"id": "a", "program": ["a.mp3"]}]}"#,
            &[
                "1:12: error: slot \"a\": it has no timing — add \"days\": [\"T2\", \"T4\"] (weekly), \"date\": \"17/03/2014\" (one-off) or \"monthly\": 15 (monthly), with \"at\": \"06:30\"; or a \"cron\"",
            ],
        ),
        // 14. Two timings.
        (
            r#"{"slots": [{"id": "a", "cron": "0 0 6 * * *", "days": "T2", "program": ["a.mp3"]}]}"#,
            &[
                "1:47: error: slot \"a\": it has both \"cron\" and \"days\" — a slot has exactly one timing: \"days\", \"date\" or \"monthly\" (each with \"at\"), or \"cron\"",
            ],
        ),
        // 15. days and date.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "date": "17/03/2014", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:38: error: slot \"a\": it has both \"days\" and \"date\" — a slot has exactly one timing: \"days\", \"date\" or \"monthly\" (each with \"at\"), or \"cron\"",
            ],
        ),
        // 16. days without at.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "program": ["a.mp3"]}]}"#,
            &[
                "1:12: error: slot \"a\": it has no \"at\" time — add \"at\": \"06:30\" (local station time)",
            ],
        ),
        // 17. at without days or date.
        (
            r#"{"slots": [{"id": "a", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:24: error: slot \"a\": it has \"at\" but no \"days\", \"date\" or \"monthly\" — add \"days\": [\"T2\", \"T4\"] (weekly), \"date\": \"17/03/2014\" (one-off) or \"monthly\": 15 (monthly), with \"at\": \"06:30\"; or a \"cron\"",
            ],
        ),
        // 18. Misspelt weekday.
        (
            r#"{"slots": [{"id": "a", "days": ["T2", "T8"], "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:39: error: slot \"a\": \"T8\" is not a weekday — did you mean \"T2\"? write weekdays as T2…T7, CN, Thứ Hai…Chủ nhật or Mon…Sun, or \"hằng ngày\" for every day",
            ],
        ),
        // 19. Numeric weekday (as a number).
        (
            r#"{"slots": [{"id": "a", "days": [2, 4], "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:33: error: slot \"a\": weekday given as the number 2 — numbers are ambiguous (T2 means Monday, but cron counts 1 as Sunday); write the name: T2…T7, CN or Mon…Sun",
                "1:36: error: slot \"a\": weekday given as the number 4 — numbers are ambiguous (T2 means Monday, but cron counts 1 as Sunday); write the name: T2…T7, CN or Mon…Sun",
            ],
        ),
        // 20. Numeric weekday (as text).
        (
            r#"{"slots": [{"id": "a", "days": "2", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": weekday given as the number 2 — numbers are ambiguous (T2 means Monday, but cron counts 1 as Sunday); write the name: T2…T7, CN or Mon…Sun",
            ],
        ),
        // 21. Every day together with other days.
        (
            r#"{"slots": [{"id": "a", "days": ["hằng ngày", "T2"], "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": \"hằng ngày\" (every day) is listed together with other days — keep either \"hằng ngày\" or the list of days",
            ],
        ),
        // 22. Empty days.
        (
            r#"{"slots": [{"id": "a", "days": [], "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": \"days\" is empty — write weekdays as T2…T7, CN, Thứ Hai…Chủ nhật or Mon…Sun, or \"hằng ngày\" for every day",
            ],
        ),
        // 23. Bad time.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "25:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:44: error: slot \"a\": \"at\": \"25:00\" is not a valid time: hours go 0–23, minutes and seconds 0–59",
            ],
        ),
        // 24. Time in an unknown form.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "6.30", "program": ["a.mp3"]}]}"#,
            &[
                "1:44: error: slot \"a\": \"at\": \"6.30\" is not a time of day — write HH:MM (06:30), HH:MM:SS (06:30:00) or 6h30",
            ],
        ),
        // 25. Cron with a numeric weekday.
        (
            r#"{"slots": [{"id": "a", "cron": "0 0 6 * * 1-5", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": cron weekday \"1\" is a number — numbers are ambiguous (this cron counts 1 as Sunday, people count T2 as Monday); write names: Mon…Sun or T2…CN, e.g. \"Mon-Fri\"",
            ],
        ),
        // 26. Classic 5-field cron.
        (
            r#"{"slots": [{"id": "a", "cron": "30 6 * * *", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": cron \"30 6 * * *\" has 5 fields, loaxa's cron starts with seconds — did you mean \"0 30 6 * * *\"?",
            ],
        ),
        // 27. A cron field out of its range: loaxa's own words, one line.
        (
            r#"{"slots": [{"id": "a", "cron": "0 61 6 * * *", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: slot \"a\": cron \"0 61 6 * * *\": the minute field \"61\" is not valid — this field takes numbers from 0 to 59, as N, N-M, */STEP or a comma list",
            ],
        ),
        // 28. Bad one-off date.
        (
            r#"{"slots": [{"id": "a", "date": "31/02/2014", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:32: error: \"date\": \"31/02/2014\" is not a date — write it as dd/mm/yyyy (17/03/2014) or yyyy-mm-dd (2014-03-17)",
            ],
        ),
        // 29. No program.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00"}]}"#,
            &[
                "1:12: error: slot \"a\": it has no \"program\" — add \"program\": [\"nhac-hieu.mp3\", …] (the files to air, in order)",
            ],
        ),
        // 30. Empty program.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": []}]}"#,
            &[
                "1:64: error: slot \"a\": the program is empty — list at least one file to air, or remove the slot",
            ],
        ),
        // 31. Program item of the wrong kind.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [42]}]}"#,
            &[
                "1:65: error: slot \"a\": a program item must be a file name or { \"file\": … } — write \"ban-tin.mp3\" or { \"file\": \"ban-tin.mp3\", \"title\": …, \"topic\": … }",
            ],
        ),
        // 32. Unknown field in a program item.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [{"file": "a.mp3", "tpoic": "mot-cua"}]}]}"#,
            &["1:83: error: unknown field \"tpoic\" in a program item — did you mean \"topic\"?"],
        ),
        // 33. Program item without file.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [{"title": "x"}]}]}"#,
            &[
                "1:65: error: slot \"a\": a program item has no \"file\" — add \"file\": \"ban-tin.mp3\" (a file in audio/)",
            ],
        ),
        // 34. Unknown topic.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [{"file": "a.mp3", "topic": "mot-cuaa"}]}]}"#,
            &[
                "1:92: error: slot \"a\": \"mot-cuaa\" is not a topic of this station — did you mean \"mot-cua\"?",
            ],
        ),
        // 35. A path leaving audio/.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": ["../secret.mp3"]}]}"#,
            &[
                "1:65: error: slot \"a\": \"../secret.mp3\": a path with \"..\" would leave the audio/ folder and is refused — name a file inside the audio/ folder, e.g. \"cchc/ban-tin-1.mp3\"",
            ],
        ),
        // 36. An absolute path.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": ["/home/op/a.mp3"]}]}"#,
            &[
                "1:65: error: slot \"a\": \"/home/op/a.mp3\": absolute paths are refused: name the file relative to the audio/ folder — name a file inside the audio/ folder, e.g. \"cchc/ban-tin-1.mp3\"",
            ],
        ),
        // 37. A field given twice.
        (
            r#"{"title": "a", "title": "b", "slots": []}"#,
            &["1:16: error: field \"title\" appears twice in a schedule — keep one of them"],
        ),
        // 38. A future format version.
        (
            r#"{"version": 2, "slots": []}"#,
            &[
                "1:13: error: this loaxa reads schedule format version 1 only — write \"version\": 1, or leave the field out",
            ],
        ),
        // 39. A title that is not text.
        (
            r#"{"title": 5, "slots": []}"#,
            &["1:11: error: \"title\" must be text in quotes — write \"title\": \"…\""],
        ),
        // 40. Comments are not JSON.
        (
            "{\n// lịch tuần\n\"slots\": []}",
            &[
                "2:1: error: this is not valid JSON: JSON allows no comments (// or /* */) — fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
            ],
        ),
        // 42. A holiday that is not a date.
        (
            r#"{"skip": ["30/04", "31/02"], "slots": []}"#,
            &[
                "1:20: error: \"skip\": \"31/02\" is not a day of the year — write dates as \"30/04\" (every year), \"02/09/2014\", or { \"from\": \"28/01/2025\", \"to\": \"02/02/2025\" }",
            ],
        ),
        // 43. A skipped range without its end.
        (
            r#"{"skip": [{"from": "28/01/2025"}], "slots": []}"#,
            &["1:11: error: \"skip\": a skipped range needs both \"from\" and \"to\""],
        ),
        // 44. A monthly day that does not exist.
        (
            r#"{"slots": [{"id": "a", "monthly": 32, "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:35: error: slot \"a\": \"monthly\": \"32\" is not a day of the month — write 15 (the 15th)",
            ],
        ),
        // 45. Months that are not months.
        (
            r#"{"slots": [{"id": "a", "monthly": "T2 đầu tiên", "months": [1, 13], "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:64: error: slot \"a\": \"months\" holds something that is not a month — write month numbers 1–12, e.g. \"months\": [1, 4, 7, 10]",
            ],
        ),
        // 46. An unknown priority.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "priority": "gấp", "program": ["a.mp3"]}]}"#,
            &[
                "1:65: error: slot \"a\": \"gấp\" is not a priority — write \"thông thường\" (normal, the default), \"ưu tiên\" (priority) or \"khẩn cấp\" (emergency)",
            ],
        ),
        // 47. A grace window that is not a length of time.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "grace": "soon", "program": ["a.mp3"]}]}"#,
            &[
                "1:62: error: slot \"a\": \"grace\": \"soon\" is not a length of time — write \"5 phút\" / \"5m\", \"90s\" or \"1h\"",
            ],
        ),
        // 48. A cron with its own "at".
        (
            r#"{"slots": [{"id": "a", "cron": "0 0 6 * * *", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:47: error: slot \"a\": it has both \"cron\" and \"at\" — a cron expression says the time and the months itself: leave this field out",
            ],
        ),
        // 49. A slot whose range ends before it starts.
        (
            r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "from": "20/03/2014", "to": "17/03/2014", "program": ["a.mp3"]}]}"#,
            &[
                "1:75: error: slot \"a\": \"to\" (17/03/2014) is before \"from\" (20/03/2014) — swap the two dates",
            ],
        ),
        // 41. A one-off outside the window is only a warning.
        (
            r#"{"from": "17/03/2014", "to": "23/03/2014", "slots": [{"id": "a", "date": "30/03/2014", "at": "06:00", "program": ["a.mp3"]}]}"#,
            &[
                "1:54: warning: slot \"a\": its date 30/03/2014 is outside its from/to window or skipped, so it never airs — correct the date or the window",
            ],
        ),
    ];
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for (i, (json, expected)) in cases.iter().enumerate() {
        let got = messages(json);
        let ok = got.len() == expected.len()
            && got
                .iter()
                .zip(expected.iter())
                .all(|(g, e)| g.starts_with(e));
        if !ok {
            failures.push(format!(
                "case {}: {json}\n got:      {got:?}\n expected: {expected:?}",
                i + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bad_slot_does_not_take_the_others_down() {
    let p = read(
        r#"{"slots": [
            {"id": "ok", "days": "T2", "at": "06:00", "program": ["a.mp3"]},
            {"id": "bad", "days": "T9", "at": "06:00", "program": ["a.mp3"]}
        ]}"#,
    );
    assert!(p.has_errors());
    let s = p.schedule.unwrap();
    assert_eq!(s.slots.len(), 1);
    assert_eq!(s.slots[0].id, "ok");
}

#[test]
fn a_bad_window_takes_the_file_down() {
    let p = read(
        r#"{"from": "hôm nay", "slots": [{"id": "ok", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
    );
    assert!(p.has_errors());
    assert!(p.schedule.is_none());
}

#[test]
fn all_problems_are_reported_at_once() {
    let got = messages(
        r#"{"slots": [
            {"id": "a", "days": "T9", "at": "06:00", "program": ["a.mp3"]},
            {"id": "b", "days": "T2", "at": "99:00", "program": ["../b.mp3"]}
        ]}"#,
    );
    assert_eq!(got.len(), 3, "{got:#?}");
}

/// "Thứ" alone is a Vietnamese weekday left unfinished: an error with the
/// choices, in `days` and in `cron` alike, never Thursday.
#[test]
fn an_unfinished_weekday_is_an_error_not_thursday() {
    let days = messages(
        r#"{"slots": [{"id": "a", "days": ["Thứ"], "at": "06:00", "program": ["a.mp3"]}]}"#,
    );
    assert_eq!(days.len(), 1, "{days:?}");
    assert!(days[0].contains("\"Thứ\" is not a weekday"), "{days:?}");
    assert!(days[0].contains("T2…T7, CN"), "{days:?}");
    let cron =
        messages(r#"{"slots": [{"id": "a", "cron": "0 0 6 * * Thứ", "program": ["a.mp3"]}]}"#);
    assert_eq!(cron.len(), 1, "{cron:?}");
    assert!(cron[0].contains("Thứ"), "{cron:?}");
    assert!(cron[0].contains("error"), "{cron:?}");
}

/// A cut file is pointed at where it ends, naming what was left open and
/// where it opened; quotes pasted from Word or Zalo are named as such.
#[test]
fn unclosed_brackets_and_curly_quotes_are_said_where_they_are() {
    let cut = "{\n  \"slots\": [\n    {\"id\": \"a\", \"days\": \"T2\"";
    let m = messages(cut);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("3:"), "{m:?}");
    assert!(m[0].contains("line 3, column 5 is still open"), "{m:?}");
    let m = messages("{\"slots\": [{\"id\": \"a\"}\n");
    assert!(m[0].starts_with("1:"), "{m:?}");
    assert!(
        m[0].contains("the [ … ] opened at line 1, column 11"),
        "{m:?}"
    );
    let m = messages("{\"slots\": [{\"id\": “sang”}]}");
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("1:19: error: curly quotes"), "{m:?}");
}

/// Slots that can never air are said so: a cron no date matches, a slot
/// window outside its schedule's.
#[test]
fn slots_that_can_never_air_are_warned_of() {
    let m = messages(r#"{"slots": [{"id": "a", "cron": "0 0 6 31 2 *", "program": ["a.mp3"]}]}"#);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("warning: slot \"a\": no date ever matches this cron"),
        "{m:?}"
    );
    let m = messages(
        r#"{"from": "01/03/2014", "to": "31/03/2014", "slots": [{"id": "b", "days": "T2", "at": "06:00", "from": "01/05/2014", "program": ["a.mp3"]}]}"#,
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("outside its schedule's from/to"), "{m:?}");
    let ok = messages(
        r#"{"from": "01/03/2014", "slots": [{"id": "c", "cron": "0 0 6 29 2 *", "from": "01/03/2014", "program": ["a.mp3"]}]}"#,
    );
    assert!(ok.is_empty(), "{ok:?}");
}

/// Text fields are one line: an id or a file name holding a line break
/// (or any control character) is an error at its place.
#[test]
fn control_characters_in_text_fields_are_errors() {
    for json in [
        r#"{"slots": [{"id": "a\nb", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
        r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": ["a.mp3\nx"]}]}"#,
        r#"{"title": "x\u001b[31m", "slots": [{"id": "a", "days": "T2", "at": "06:00", "program": ["a.mp3"]}]}"#,
    ] {
        let m = messages(json);
        assert!(
            m.iter()
                .any(|l| l.contains("error") && l.contains("control character")),
            "{json}: {m:?}"
        );
        assert!(m.iter().all(|l| !l.contains('\n')), "{m:?}");
    }
}

/// JSON mistakes are said in the station's words, not the parser's.
#[test]
fn json_mistakes_in_our_words() {
    for (json, said) in [
        ("{\"slots\": [}", "closing bracket"),
        ("{\"title\": \"x}", "never closed"),
        ("{\"title\" \"x\"}", "colon is missing"),
        ("{'title': 1}", "double quotes"),
        ("{\"slots\": []} {}", "more text after"),
        ("{\"slots\": [-]}", "number written wrongly"),
    ] {
        let m = messages(json);
        assert_eq!(m.len(), 1, "{json}: {m:?}");
        assert!(m[0].contains(said), "{json}: {m:?}");
    }
}

/// Text items: words typed in the schedule or a `.txt` in `audio/`, read
/// aloud, with their voice.
#[test]
fn text_items_are_read_with_their_voice() {
    let p = read(
        r#"{"slots": [{"id": "a", "days": "T2", "at": "06:00", "program": [
            "nhac-hieu.mp3",
            {"text": "Thông báo: UBND xã tổ chức tiêm phòng.\nĐề nghị bà con đến đúng giờ.", "title": "Tiêm phòng", "topic": "mot-cua", "voice": "vi-vn-x-south"},
            {"text_file": "./thong-bao/Bao so 5.TXT", "level": -18},
            {"text": "Hết."}
        ]}]}"#,
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let program = &p.schedule.unwrap().slots[0].program;
    assert_eq!(program.len(), 4);
    assert_eq!(program[0].text, None);
    let typed = &program[1];
    assert_eq!(
        typed.text,
        Some(TextSource::Typed(
            "Thông báo: UBND xã tổ chức tiêm phòng.\nĐề nghị bà con đến đúng giờ.".into()
        ))
    );
    assert_eq!(typed.file, "");
    assert_eq!(typed.voice.as_deref(), Some("vi-vn-x-south"));
    assert_eq!(typed.title.as_deref(), Some("Tiêm phòng"));
    assert_eq!(typed.topic.as_deref(), Some("mot-cua"));
    assert_eq!((typed.pos.line, typed.pos.col), (3, 22));
    let file = &program[2];
    assert_eq!(
        file.text,
        Some(TextSource::File("thong-bao/Bao so 5.TXT".into()))
    );
    assert_eq!(file.file, "thong-bao/Bao so 5.TXT");
    assert_eq!(file.level, Some(Level::Target(-18.0)));
    assert_eq!(file.voice, None);
    assert_eq!(
        program[3].title, None,
        "the first words stand in at air time"
    );
}

/// Each mistake in a text item, at its place, with what to write instead.
#[test]
fn text_item_mistakes_each_with_place_and_hint() {
    let slot = |item: &str| {
        format!(r#"{{"slots": [{{"id": "a", "days": "T2", "at": "06:00", "program": [{item}]}}]}}"#)
    };
    let long = "a".repeat(crate::bulletin::MAX_TEXT_CHARS + 1);
    // (item, expected start of the one diagnostic)
    let cases: Vec<(String, String)> = vec![
        (
            r#"{"text": "  "}"#.into(),
            "1:74: error: slot \"a\": \"text\": the text has nothing to read aloud — write the words to read aloud".into(),
        ),
        (
            r#"{"text": "Thông báo", "text_file": "a.txt"}"#.into(),
            "1:87: error: slot \"a\": a program item has both \"text\" and \"text_file\" — keep one".into(),
        ),
        (
            r#"{"text": "Thông báo", "file": "a.mp3"}"#.into(),
            "1:87: error: slot \"a\": a program item has both a text to read aloud and \"file\" — an item is either".into(),
        ),
        (
            r#"{"text_file": "a.txt", "folder": "cchc", "pick": "newest"}"#.into(),
            "1:88: error: slot \"a\": a program item has both a text to read aloud and \"folder\"".into(),
        ),
        (
            r#"{"text_file": "thong-bao/bao.docx"}"#.into(),
            "1:79: error: slot \"a\": \"text_file\" names \"thong-bao/bao.docx\", which is not a .txt file — a typed bulletin is a UTF-8 .txt file".into(),
        ),
        (
            r#"{"text_file": "../bao.txt"}"#.into(),
            "1:79: error: slot \"a\": \"../bao.txt\": a path with \"..\" would leave the audio/ folder and is refused — name a .txt file inside the audio/ folder".into(),
        ),
        (
            r#"{"text_file": "/etc/bao.txt"}"#.into(),
            "1:79: error: slot \"a\": \"/etc/bao.txt\": absolute paths are refused".into(),
        ),
        (
            r#"{"text": "Thông báo", "voice": "vi south"}"#.into(),
            "1:96: error: slot \"a\": \"voice\" must be a voice's name: not empty, no spaces or control characters — write e.g. \"voice\": \"vi\"".into(),
        ),
        (
            r#"{"text": "Thông báo", "voice": ""}"#.into(),
            "1:96: error: slot \"a\": \"voice\" must be a voice's name".into(),
        ),
        (
            r#"{"text": "Thông báo", "voice": 3}"#.into(),
            "1:96: error: slot \"a\": \"voice\" must be a voice's name".into(),
        ),
        (
            r#"{"file": "a.mp3", "voice": "vi"}"#.into(),
            "1:83: error: slot \"a\": \"voice\" goes with a text read aloud (\"text\" or \"text_file\"), not with a recording".into(),
        ),
        (
            r#""thong-bao/bao.txt""#.into(),
            "1:65: error: slot \"a\": \"thong-bao/bao.txt\" is a typed bulletin (.txt), not a recording — to read it aloud write { \"text_file\": \"thong-bao/bao.txt\" }".into(),
        ),
        (
            r#"{"text": "Thông\u0007báo"}"#.into(),
            "1:74: error: slot \"a\": \"text\" holds a control character (not a line break or a tab)".into(),
        ),
        (
            r#"{"text": 5}"#.into(),
            "1:74: error: \"text\" must be text in quotes".into(),
        ),
        (
            format!(r#"{{"text": "{long}"}}"#),
            "1:74: error: slot \"a\": \"text\": the text has 20001 characters; one text item reads at most 20000 — split it into several text items"
                .into(),
        ),
    ];
    let mut failures = Vec::new();
    for (item, expected) in &cases {
        let json = slot(item);
        let p = read(&json);
        let got = messages(&json);
        let ok = got.len() == 1 && got[0].starts_with(expected.as_str());
        // The slot is left out; the file stays.
        let slot_out = p.schedule.as_ref().is_some_and(|s| s.slots.is_empty());
        if !ok || !slot_out {
            failures.push(format!(
                "{}\n got:      {got:?}\n expected: {expected}",
                item.chars().take(80).collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
