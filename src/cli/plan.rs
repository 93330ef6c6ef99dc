//! `loaxa plan`: the agenda, item by item, as the daemon would air it.

use std::io::Write;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};

use super::{CliError, Ctx};
pub(crate) use crate::answers::plan::{Agenda, Request, compute, json_objects};
use crate::program::Item;
use crate::schedule::Priority;
use crate::schedule::TextSource;
use crate::timefmt::{date_vi, weekday_long_vi};
use crate::upcoming::{ItemProblem, estimated, item_name, quoted_words};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_parser = super::args::parse_date, value_name = "DATE")]
    pub(crate) from: Option<NaiveDate>,
    #[arg(long, default_value_t = 7, value_name = "N", value_parser = super::args::parse_days)]
    pub(crate) days: u32,
    #[arg(long)]
    pub(crate) json: bool,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let req = Request {
        from: args.from.unwrap_or(ctx.today()),
        days: args.days,
    };
    let agenda = compute(&ctx.station, ctx.now, req);
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&agenda, &mut out)?;
    } else {
        print_text(&agenda, &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One JSON object a line (`--json`).
pub(crate) fn print_json(agenda: &Agenda, out: &mut dyn Write) -> std::io::Result<()> {
    for v in json_objects(agenda) {
        writeln!(out, "{v}")?;
    }
    Ok(())
}

/// Day by day, for the operator.
pub(crate) fn print_text(agenda: &Agenda, out: &mut dyn Write) -> std::io::Result<()> {
    if agenda.errors > 0 {
        writeln!(out, "{}\n", t!("plan-has-errors", errors = agenda.errors))?;
    }
    let mut day = None;
    for a in &agenda.airings {
        let d = a.at.date_naive();
        if day != Some(d) {
            if day.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{} {}", weekday_long_vi(d.weekday()), date_vi(d))?;
            day = Some(d);
        }
        writeln!(
            out,
            "  {}  {}{}{}  ({})",
            a.at.format("%H:%M:%S"),
            a.slot,
            a.title
                .as_deref()
                .map(|t| format!(" — {t}"))
                .unwrap_or_default(),
            if a.priority == Priority::Normal {
                String::new()
            } else {
                format!(" [{}]", a.priority.vi())
            },
            a.schedule
        )?;
        for (i, problem) in &a.items {
            writeln!(
                out,
                "      {}{}",
                item_name(i),
                item_extra(i, problem.as_ref(), agenda.speed)
            )?;
        }
    }
    if agenda.airings.is_empty() {
        let Request { from, days } = agenda.request;
        writeln!(
            out,
            "{}",
            t!("plan-nothing", from = date_vi(from), days = days)
        )?;
    }
    Ok(())
}

/// What follows an item's file on its line: a text's first words and how
/// long they take to say, title (when it is not those words), topic,
/// voice, pick, problem.
fn item_extra(i: &Item, problem: Option<&ItemProblem>, speed: u32) -> String {
    let mut said = String::new();
    let mut title = i.title.clone();
    if let (Some(text), Some(words)) = (&i.text, i.words()) {
        if matches!(text, TextSource::File(_)) {
            said.push_str(&format!("  {}", quoted_words(words)));
        }
        said.push_str(&format!("  {}", estimated(words, speed)));
        title = title.filter(|t| *t != loaxa_core::bulletin::title(words));
    }
    let mut extra = match (&title, &i.topic) {
        (Some(t), Some(c)) => format!("  «{t}» [{c}]"),
        (Some(t), None) => format!("  «{t}»"),
        (None, Some(c)) => format!("  [{c}]"),
        (None, None) => String::new(),
    };
    extra.insert_str(0, &said);
    if let Some(v) = &i.voice {
        extra.push_str(&format!("  ({})", t!("plan-voice", voice = v)));
    }
    if let Some((folder, pick)) = &i.picked {
        extra.push_str(&format!(
            "  ← {folder}/ ({})",
            t!("plan-picked", pick = pick.word())
        ));
    }
    if let Some(why) = problem {
        extra.push_str(&format!("  ✗ {}", why.text()));
    }
    extra
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::{TempStation, daily, monday_5am};

    #[test]
    fn each_day_its_airings_and_their_items_with_what_stops_them() {
        let st = TempStation::new(&[("xa.json", &daily(&["a.wav", "khong-co.wav"]))]);
        st.wav("a.wav");
        let from = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let agenda = compute(&st.open(), monday_5am(), Request { from, days: 2 });
        assert_eq!(agenda.errors, 0);
        assert_eq!(agenda.airings.len(), 2);
        let first = &agenda.airings[0];
        assert_eq!(first.at.to_rfc3339(), "2025-03-03T06:00:00+07:00");
        assert_eq!(first.slot, "sang");
        assert_eq!(first.items[0].1, None);
        assert!(matches!(first.items[1].1, Some(ItemProblem::Fail(_))));
    }

    #[test]
    fn text_items_show_their_first_words_and_how_long_they_take() {
        let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
            {"text": "Thông báo: UBND xã tổ chức tiêm phòng dại cho chó mèo.", "voice": "vi-vn-x-south"},
            {"text_file": "tb/bao-5.txt", "title": "Cắt điện"}]}]}"#;
        let st = TempStation::new(&[("xa.json", json)]);
        st.text("tb/bao-5.txt", "Thông báo số 5: cắt điện.".as_bytes());
        let from = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let agenda = compute(&st.open(), monday_5am(), Request { from, days: 1 });
        let mut out = Vec::new();
        print_text(&agenda, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().skip(2).collect();
        let secs = |w: &str| estimated(w, crate::voice::DEFAULT_SPEED);
        assert_eq!(
            lines,
            [
                format!(
                    "      \"Thông báo: UBND xã tổ chức tiêm phòng…\"  {}  ({})",
                    secs("Thông báo: UBND xã tổ chức tiêm phòng dại cho chó mèo."),
                    t!("plan-voice", voice = "vi-vn-x-south")
                ),
                format!(
                    "      tb/bao-5.txt  \"Thông báo số 5: cắt điện.\"  {}  «Cắt điện»",
                    secs("Thông báo số 5: cắt điện.")
                ),
            ]
        );
        let mut out = Vec::new();
        print_json(&agenda, &mut out).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
        assert_eq!(v["items"][0]["file"], serde_json::Value::Null);
        assert_eq!(v["items"][0]["voice"], "vi-vn-x-south");
        assert_eq!(v["items"][1]["file"], "tb/bao-5.txt");
        assert!(v["items"][1]["estimated_seconds"].as_f64().unwrap() > 1.0);
    }

    #[test]
    fn a_schedule_error_is_counted_and_nothing_planned_is_said() {
        let st = TempStation::new(&[("xa.json", "{\"slots\": [")]);
        let from = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let agenda = compute(&st.open(), monday_5am(), Request { from, days: 1 });
        assert_eq!(agenda.errors, 1);
        assert!(agenda.airings.is_empty());
        let mut out = Vec::new();
        print_text(&agenda, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with(&format!(
            "{}\n",
            t!("plan-nothing", from = "03/03/2025", days = 1)
        )));
    }
}
