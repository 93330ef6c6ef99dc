//! The report as JSON for other programs (a provincial system importing
//! its communes' reports): schema `loaxa-report/1`, described field by
//! field in `docs/report-v1.schema.json` and the README. Within `/1`
//! fields may be added, never removed, renamed or given another meaning.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{PeriodText as _, Report, ReportText as _, station_of, topic_label};
use crate::airlog::Status;
use crate::i18n::Lang;
use crate::topics::TopicList;
use loaxa_core::report::{StationTotals, TopicTotals};

/// What the document says it is.
pub const SCHEMA: &str = "loaxa-report/1";

fn minutes(seconds: f64) -> f64 {
    (seconds / 60.0 * 10.0).round() / 10.0
}

fn totals(x: &TopicTotals) -> Value {
    json!({
        "bulletins": x.bulletins,
        "airings": x.airings,
        "minutes": minutes(x.seconds),
    })
}

/// A station's numbers (or all stations'): the CCHC counts, and its items
/// by what became of them.
fn counts(s: &StationTotals) -> Value {
    let mut v = totals(&s.total);
    let status = |x| s.with_status(x);
    for (key, n) in [
        ("scheduled", s.scheduled()),
        ("aired", s.aired()),
        ("missed", s.missed()),
        ("interrupted", status(Some(Status::Interrupted))),
        ("failed", status(Some(Status::Failed))),
        ("skipped", status(Some(Status::Skipped))),
        ("on_air", status(None)),
        ("emergency_airings", s.emergency_airings),
        ("relays", s.relays),
        ("silence_problems", s.silence_problems),
    ] {
        v[key] = n.into();
    }
    v["success_ratio"] = s
        .success_ratio()
        .map(|r| (r * 10_000.0).round() / 10_000.0)
        .into();
    v
}

fn station(s: &StationTotals) -> Value {
    let mut v = json!({
        "station": s.station,
        "log": {
            "file": s.log.file,
            "records": s.log.records,
            "head": s.log.head,
            "genesis": s.log.genesis,
        },
    });
    if let (Value::Object(v), Value::Object(c)) = (&mut v, counts(s)) {
        v.extend(c);
    }
    v["topics"] = s
        .topics
        .iter()
        .map(|(code, x)| {
            let mut t = totals(x);
            t["code"] = code.clone().into();
            t
        })
        .collect::<Vec<_>>()
        .into();
    v
}

/// The report as one `loaxa-report/1` document.
pub fn to_json(rep: &Report, topics: &TopicList, lang: Lang) -> Value {
    let render = |m: &loaxa_i18n::Msg| crate::i18n::render_in(lang, m);
    let mut v = json!({
        "schema": SCHEMA,
        "generated_by": {"program": "loaxa", "version": env!("CARGO_PKG_VERSION")},
        "lang": match lang { Lang::Vi => "vi", Lang::En => "en" },
        "station": rep.station,
        "rollup": rep.rollup,
        "period": {
            "label": rep.period.label(lang),
            "from": rep.period.from.to_string(),
            "to": rep.period.to.to_string(),
        },
        "sentence": rep.sentence(lang),
        "total": counts(&rep.all_stations()),
        "topics": rep.topics.iter().map(|(code, x)| {
            let mut v = totals(x);
            v["code"] = code.clone().into();
            v["label"] = topic_label(topics, code, lang).into();
            v
        }).collect::<Vec<_>>(),
        "months": rep.months.iter().map(|((y, m), x)| {
            let mut v = totals(x);
            v["month"] = format!("{y}-{m:02}").into();
            v
        }).collect::<Vec<_>>(),
        "weeks": rep.weeks.iter().map(|(monday, n)| json!({
            "week": monday.to_string(), "airings": n,
        })).collect::<Vec<_>>(),
        "not_counted": rep.not_counted.iter()
            .map(|(k, n)| (k.map(Status::en).unwrap_or("on_air").to_string(), *n))
            .collect::<BTreeMap<_, _>>(),
        "stations": rep.stations.iter().map(station).collect::<Vec<_>>(),
        "alerts": rep.alerts.iter().map(|a| {
            let mut v = a.to_json(&render);
            v["station"] = a.station.as_deref().unwrap_or(&rep.station).into();
            v
        }).collect::<Vec<_>>(),
        "row_count": rep.row_count,
        "rows_listed": rep.rows_listed,
    });
    if rep.rows_listed {
        v["rows"] = rep
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut v = r.to_json(&render);
                v["topic_label"] = r
                    .topic
                    .as_deref()
                    .map(|c| topic_label(topics, c, lang).to_string())
                    .into();
                v["first_airing"] = rep.first_airing.get(i).copied().flatten().into();
                v["station"] = station_of(rep, r).into();
                v
            })
            .collect::<Vec<_>>()
            .into();
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::airlog::AiringRow;
    use loaxa_core::report::{Builder, LogInfo, Period};

    fn missed(day: u32) -> AiringRow {
        let t = chrono::DateTime::parse_from_rfc3339(&format!("2026-03-{day:02}T17:00:00+07:00"))
            .unwrap();
        AiringRow {
            id: format!("m{day}"),
            schedule: "schedules/xa.json".into(),
            slot: "chieu".into(),
            scheduled: t,
            index: 0,
            started: None,
            ended: None,
            file: "cchc/tin.mp3".into(),
            sha256: None,
            title: None,
            topic: Some("mot-cua".into()),
            author: None,
            duration: None,
            played: None,
            output: "device".into(),
            status: Some(Status::Missed),
            reason: None,
            note: None,
            priority: None,
            simulated: false,
            station: None,
            text_sha256: None,
            engine: None,
            voice: None,
            relay: None,
            relayed: None,
        }
    }

    /// A roll-up of two logs of two rows each, listing at most `limit`.
    fn roll_up(limit: usize) -> Value {
        let topics = TopicList::default();
        let mut b = Builder::new(Period::month(2026, 3).unwrap(), &topics, limit);
        for (name, genesis) in [("Xã A", "a"), ("Xã B", "b")] {
            let log = LogInfo {
                station: name.into(),
                file: format!("{genesis}.jsonl"),
                records: 3,
                head: "ab".repeat(32),
                genesis: genesis.repeat(64),
            };
            b.add_log(log, vec![missed(1), missed(2)], Vec::new(), 0);
        }
        to_json(&b.finish("2 đài"), &topics, Lang::Vi)
    }

    /// Rows listed up to the limit exactly, not one past it; either way
    /// the document is what `docs/report-v1.schema.json` describes.
    #[test]
    fn rows_at_the_limit_are_listed_and_past_it_the_document_still_fits() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report-v1.schema.json");
        let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let schema = jsonschema::draft202012::new(&schema).unwrap();
        for (limit, listed) in [(4, true), (3, false), (0, false)] {
            let v = roll_up(limit);
            let errors: Vec<String> = schema.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{limit}: {errors:?}");
            assert_eq!(v["row_count"], 4, "{limit}");
            assert_eq!(v["rows_listed"], listed, "{limit}");
            assert_eq!(v.get("rows").is_some(), listed, "{limit}");
            assert_eq!(v["total"]["missed"], 4, "every row counts: {limit}");
        }
    }
}
