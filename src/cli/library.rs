//! `loaxa library`: every file of the drop folder, its state, and which
//! airings of the coming days use it.

use std::io::Write;
use std::process::ExitCode;

use super::{CliError, Ctx};
#[cfg(test)]
use crate::answers::library::{Missing, Reason};
pub(crate) use crate::answers::library::{Report, Request, compute, json_objects};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub(crate) problems: bool,
    #[arg(long)]
    pub(crate) json: bool,
    #[arg(long, default_value_t = 7, value_name = "N", value_parser = super::args::parse_days)]
    pub(crate) days: u32,
}

pub fn main(ctx: &Ctx, args: Args) -> Result<ExitCode, CliError> {
    let req = Request {
        days: args.days,
        problems_only: args.problems,
    };
    let report = compute(&ctx.station, ctx.now, req);
    let mut out = std::io::stdout().lock();
    if args.json {
        print_json(&report, &mut out)?;
    } else {
        print_text(
            &report,
            &ctx.station.shown(&ctx.station.audio_dir),
            &mut out,
        )?;
    }
    Ok(super::exit(report.problems == 0 || !args.problems))
}

/// One JSON object a line (`--json`).
pub(crate) fn print_json(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for v in json_objects(report) {
        writeln!(out, "{v}")?;
    }
    Ok(())
}

/// A table for the operator; `folder` is the drop folder as shown.
pub(crate) fn print_text(
    report: &Report,
    folder: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for r in &report.files {
        let facts = r.facts.as_ref();
        let loud = facts
            .and_then(|f| f.loudness)
            .map(|l| {
                format!(
                    "{} LUFS",
                    crate::timefmt::decimal(l, 1, crate::i18n::lang())
                )
            })
            .unwrap_or_else(|| "—".into());
        let dur = match (facts, &r.text) {
            (Some(f), _) => crate::timefmt::duration_hms(f.duration),
            (None, Some(t)) => crate::upcoming::estimated(&t.text, report.speed),
            (None, None) => "—".into(),
        };
        let words = r
            .text
            .as_ref()
            .map(|t| format!(" — {}", crate::upcoming::quoted_words(&t.text)))
            .unwrap_or_default();
        let users = r.uses.words();
        writeln!(
            out,
            "{:<9} {:>8} {:>11}  {}{}{}{}",
            t!("lib-state", state = r.state),
            dur,
            loud,
            r.rel,
            words,
            r.reason
                .as_ref()
                .map(|x| format!(" — {}", x.text(facts)))
                .unwrap_or_default(),
            if users.is_empty() {
                String::new()
            } else {
                format!(
                    "\n{:<32}{}",
                    "",
                    t!("lib-used-by", airings = users.join(", "))
                )
            }
        )?;
    }
    for names in &report.ambiguous {
        writeln!(out, "{}", t!("lib-ambiguous", names = names.join(" | ")))?;
    }
    for m in &report.missing {
        writeln!(
            out,
            "{:<9} {:>8} {:>11}  {} — {}\n{:<32}{}",
            t!("lib-state", state = "missing"),
            "—",
            "—",
            m.file,
            m.why.text(),
            "",
            t!("lib-needed-by", airings = m.uses.words().join(", "))
        )?;
    }
    writeln!(
        out,
        "{}",
        t!(
            "lib-summary",
            files = report.total,
            folder = folder,
            problems = report.problems
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::testing::{TempStation, daily, monday_5am};

    fn station() -> TempStation {
        let st = TempStation::new(&[("xa.json", &daily(&["a.wav", "khong-co.wav"]))]);
        st.wav("a.wav");
        st.junk("hong.mp3");
        st
    }

    #[test]
    fn every_file_with_its_state_and_the_airings_that_need_it() {
        let st = station();
        let req = Request {
            days: 7,
            problems_only: false,
        };
        let r = compute(&st.open(), monday_5am(), req);
        let files: Vec<(&str, &str)> = r.files.iter().map(|f| (f.rel.as_str(), f.state)).collect();
        assert_eq!(files, [("a.wav", "ready"), ("hong.mp3", "unusable")]);
        assert_eq!(r.files[0].uses.first[0], "sang T2 03/03/2025 06:00:00");
        assert_eq!(r.files[0].uses.first.len(), 3);
        assert_eq!(r.files[0].uses.more, 4);
        assert!(matches!(r.files[1].reason, Some(Reason::Unusable(_))));
        assert_eq!(r.missing.len(), 1);
        assert_eq!(r.missing[0].file, "khong-co.wav");
        assert!(matches!(r.missing[0].why, Missing::Fail(_)));
        assert_eq!((r.total, r.problems), (2, 2));
    }

    #[test]
    fn typed_bulletins_are_listed_with_their_words_and_typed_text_needs_no_file() {
        let json = r#"{"slots": [{"id": "sang", "days": "hằng ngày", "at": "06:00", "program": [
            {"text": "Thông báo: mất điện."}, {"text_file": "tb/bao-5.txt"}, {"text_file": "tb/cu.txt"}]}]}"#;
        let st = TempStation::new(&[("xa.json", json)]);
        st.text(
            "tb/bao-5.txt",
            "Thông báo số 5: điện lực cắt điện từ 7h.".as_bytes(),
        );
        st.text("tb/cu.txt", b"Th\xf4ng b\xe1o");
        let req = Request {
            days: 1,
            problems_only: false,
        };
        let r = compute(&st.open(), monday_5am(), req);
        let files: Vec<(&str, &str)> = r.files.iter().map(|f| (f.rel.as_str(), f.state)).collect();
        assert_eq!(
            files,
            [("tb/bao-5.txt", "ready"), ("tb/cu.txt", "unusable")]
        );
        assert_eq!(r.files[0].uses.first.len(), 1);
        assert!(r.files[0].text.is_some());
        assert!(r.files[0].facts.is_none(), "never decoded as audio");
        assert!(matches!(
            &r.files[1].reason,
            Some(Reason::Unusable(m)) if *m == msg!("text-not-utf8", at = 2)
        ));
        assert_eq!(r.missing, [], "typed words are not a missing file");
        let mut out = Vec::new();
        print_text(&r, "audio", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("≈0:00:0")
                && text.contains("tb/bao-5.txt — \"Thông báo số 5: điện lực cắt điện…\""),
            "{text}"
        );
    }

    #[test]
    fn a_relay_is_no_missing_file() {
        let json = r#"{"slots": [{"id": "vov", "days": "hằng ngày", "at": "06:00", "program": [
            {"relay": "https://stream.example.vn/vov1.mp3", "duration": "30 phút"},
            {"relay": "line-in", "duration": "20 phút"}, "a.wav"]}]}"#;
        let st = TempStation::new(&[("xa.json", json)]);
        st.wav("a.wav");
        let req = Request {
            days: 7,
            problems_only: true,
        };
        let r = compute(&st.open(), monday_5am(), req);
        assert_eq!(r.missing, [], "relays are not files of audio/");
        assert_eq!((r.total, r.problems), (1, 0));
    }

    #[test]
    fn problems_only_leaves_the_good_files_out_but_counts_all() {
        let st = station();
        let req = Request {
            days: 1,
            problems_only: true,
        };
        let r = compute(&st.open(), monday_5am(), req);
        assert_eq!(r.files.len(), 1);
        assert_eq!(r.files[0].rel, "hong.mp3");
        assert_eq!((r.total, r.problems), (2, 2));
        let mut out = Vec::new();
        print_json(&r, &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[1]["state"], "missing");
        assert_eq!(lines[1]["used_by"][0], "sang T2 03/03/2025 06:00:00");
    }
}
