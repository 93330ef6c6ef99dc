//! The CCHC report (báo cáo CCHC): the airing log of a period, as the
//! office files it. Building the report is pure (rows in, report out);
//! writing it takes any `Write`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::airlog::{AiringRow, Status};
use crate::timefmt::{date_vi, duration_hms, quarter_vi, weekday_short_vi};
use crate::topics::TopicList;

/// A reporting period, inclusive, in local dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// e.g. "Quý I/2014", or "01/01/2014–31/03/2014".
    pub label: String,
    /// How the report sentence opens: "Trong Quý I/2014 (từ … đến …)".
    pub phrase: String,
}

impl Period {
    pub fn quarter(year: i32, q: u32) -> Option<Period> {
        let (from, to) = crate::timefmt::quarter_dates(year, q)?;
        let label = format!("{}/{year}", quarter_vi(q));
        Some(Period {
            from,
            to,
            phrase: format!("Trong {label} (từ {} đến {})", date_vi(from), date_vi(to)),
            label,
        })
    }

    pub fn dates(from: NaiveDate, to: NaiveDate) -> Period {
        Period {
            from,
            to,
            label: format!("{}–{}", date_vi(from), date_vi(to)),
            phrase: format!("Từ {} đến {}", date_vi(from), date_vi(to)),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }
}

/// Per topic: distinct bulletins, completed airings, minutes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TopicTotals {
    pub bulletins: usize,
    pub airings: usize,
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub station: String,
    pub period: Period,
    pub rows: Vec<AiringRow>,
    /// CCHC topics in list order, with totals (topics with no airing included).
    pub topics: Vec<(String, String, TopicTotals)>,
    /// All CCHC topics together.
    pub total: TopicTotals,
    /// Rows not counted because they did not air in full, by status.
    pub not_counted: BTreeMap<&'static str, usize>,
}

pub const CSV_HEADERS: &[&str] = &[
    "STT",
    "Ngày",
    "Thứ",
    "Giờ theo lịch",
    "Giờ phát",
    "Giờ kết thúc",
    "Thời lượng",
    "Tiêu đề",
    "Chủ đề",
    "Tác giả",
    "Tệp",
    "SHA-256",
    "Trạng thái",
    "Ghi chú",
    "Mã chủ đề",
    "Chương trình",
    "Lịch phát sóng",
];

/// Builds the report of `period` from all rows of the log.
pub fn build(station: &str, period: Period, all: &[AiringRow], topics: &TopicList) -> Report {
    let rows: Vec<AiringRow> = all
        .iter()
        // A simulation's records are never evidence.
        .filter(|r| !r.simulated && period.contains(r.date()))
        .cloned()
        .collect();
    let mut per: BTreeMap<&str, (BTreeSet<String>, TopicTotals)> = BTreeMap::new();
    let mut all_bulletins = BTreeSet::new();
    let mut total = TopicTotals::default();
    let mut not_counted = BTreeMap::new();
    for r in &rows {
        match r.status {
            Some(Status::Completed) => {}
            Some(s) => {
                *not_counted.entry(s.vi()).or_insert(0) += 1;
                continue;
            }
            None => {
                *not_counted.entry("Đang phát / chưa kết thúc").or_insert(0) += 1;
                continue;
            }
        }
        let Some(topic) = r.topic.as_deref().filter(|t| topics.is_cchc(t)) else {
            continue;
        };
        // A bulletin is one recording: the same bytes aired twice count once.
        let key = r.sha256.clone().unwrap_or_else(|| r.file.clone());
        let secs = r.played.unwrap_or(0.0);
        let (set, t) = per.entry(topic).or_default();
        set.insert(key.clone());
        t.airings += 1;
        t.seconds += secs;
        all_bulletins.insert(key);
        total.airings += 1;
        total.seconds += secs;
    }
    total.bulletins = all_bulletins.len();
    let topic_rows = topics
        .iter()
        .filter(|t| t.cchc)
        .map(|t| {
            let totals = per
                .get(t.code.as_str())
                .map(|(set, tt)| TopicTotals {
                    bulletins: set.len(),
                    ..tt.clone()
                })
                .unwrap_or_default();
            (t.code.clone(), t.label.clone(), totals)
        })
        .collect();
    Report {
        station: station.to_string(),
        period,
        rows,
        topics: topic_rows,
        total,
        not_counted,
    }
}

/// Minutes the Vietnamese way: "12,5" (comma decimal), "12" when whole.
pub fn minutes_vi(seconds: f64) -> String {
    let m = (seconds / 60.0 * 10.0).round() / 10.0;
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.1}").replace('.', ",")
    }
}

impl Report {
    /// The sentence for the report document.
    pub fn sentence(&self) -> String {
        format!(
            "{}, {} đã phát {} tin, bài về CCHC với {} lượt phát, tổng thời lượng {} phút.",
            self.period.phrase,
            self.station,
            self.total.bulletins,
            self.total.airings,
            minutes_vi(self.total.seconds)
        )
    }

    /// The summary printed after an export.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!(
            "Tổng hợp {} — {} ({} dòng nhật ký)\n",
            self.period.label,
            self.station,
            self.rows.len()
        ));
        s.push_str(&format!(
            "{:<60} {:>8} {:>9} {:>8}\n",
            "Chủ đề", "Tin, bài", "Lượt phát", "Phút"
        ));
        for (_, label, t) in &self.topics {
            let label: String = if label.chars().count() > 58 {
                label.chars().take(57).chain(['…']).collect()
            } else {
                label.clone()
            };
            s.push_str(&format!(
                "{:<60} {:>8} {:>9} {:>8}\n",
                label,
                t.bulletins,
                t.airings,
                minutes_vi(t.seconds)
            ));
        }
        s.push_str(&format!(
            "{:<60} {:>8} {:>9} {:>8}\n",
            "Cộng",
            self.total.bulletins,
            self.total.airings,
            minutes_vi(self.total.seconds)
        ));
        if !self.not_counted.is_empty() {
            let parts: Vec<String> = self
                .not_counted
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect();
            s.push_str(&format!(
                "Không tính (không phát trọn): {}\n",
                parts.join(", ")
            ));
        }
        s.push('\n');
        s.push_str(&self.sentence());
        s.push('\n');
        s
    }

    /// The rows as text cells, in `CSV_HEADERS` order.
    pub fn cells(&self, topics: &TopicList) -> Vec<Vec<String>> {
        let hms = |d: &Option<chrono::DateTime<chrono::FixedOffset>>| {
            d.map(|t| t.format("%H:%M:%S").to_string())
                .unwrap_or_default()
        };
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let day = r.started.unwrap_or(r.scheduled);
                let aired = match r.status {
                    Some(Status::Completed | Status::Interrupted) => r.played.map(duration_hms),
                    _ => None,
                };
                let mut note = r
                    .reason
                    .clone()
                    .or_else(|| r.note.clone())
                    .unwrap_or_default();
                if r.status.is_none() {
                    note = "chưa có bản ghi kết thúc (đang phát?)".to_string();
                }
                vec![
                    (i + 1).to_string(),
                    date_vi(day.date_naive()),
                    weekday_short_vi(day.weekday()).to_string(),
                    r.scheduled.format("%H:%M:%S").to_string(),
                    hms(&r.started),
                    hms(&r.ended),
                    aired.unwrap_or_default(),
                    r.title.clone().unwrap_or_default(),
                    r.topic
                        .as_deref()
                        .map(|t| topics.label(t).to_string())
                        .unwrap_or_default(),
                    r.author.clone().unwrap_or_default(),
                    r.file.clone(),
                    r.sha256.clone().unwrap_or_default(),
                    r.status.map(Status::vi).unwrap_or("Đang phát").to_string(),
                    note,
                    r.topic.clone().unwrap_or_default(),
                    r.slot.clone(),
                    r.schedule.clone(),
                ]
            })
            .collect()
    }

    /// CSV with a UTF-8 byte-order mark, so Excel shows Vietnamese letters.
    pub fn write_csv(&self, topics: &TopicList, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut w = csv::WriterBuilder::new().from_writer(out);
        w.write_record(CSV_HEADERS).map_err(std::io::Error::other)?;
        for row in self.cells(topics) {
            w.write_record(&row).map_err(std::io::Error::other)?;
        }
        w.flush()
    }

    /// The report as one JSON document.
    pub fn to_json(&self, topics: &TopicList) -> serde_json::Value {
        let t = |x: &TopicTotals| {
            serde_json::json!({
                "bulletins": x.bulletins,
                "airings": x.airings,
                "minutes": (x.seconds / 60.0 * 10.0).round() / 10.0,
            })
        };
        serde_json::json!({
            "station": self.station,
            "period": {
                "label": self.period.label,
                "from": self.period.from.to_string(),
                "to": self.period.to.to_string(),
            },
            "summary": {
                "topics": self.topics.iter().map(|(code, label, x)| {
                    let mut v = t(x);
                    v["code"] = code.clone().into();
                    v["label"] = label.clone().into();
                    v
                }).collect::<Vec<_>>(),
                "total": t(&self.total),
                "not_counted": self.not_counted,
                "sentence": self.sentence(),
            },
            "rows": self.rows.iter().map(|r| {
                let mut v = r.to_json();
                v["topic_label"] = r.topic.as_deref().map(|c| topics.label(c).to_string()).into();
                v
            }).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn row(
        day: u32,
        topic: Option<&str>,
        sha: &str,
        played: f64,
        status: Option<Status>,
    ) -> AiringRow {
        let t =
            DateTime::parse_from_rfc3339(&format!("2014-03-{day:02}T06:30:00.000+07:00")).unwrap();
        AiringRow {
            id: format!("{day}-{sha}"),
            schedule: "schedules/cchc.json".into(),
            slot: "sang".into(),
            scheduled: t,
            index: 0,
            started: Some(t),
            ended: Some(t + chrono::Duration::milliseconds((played * 1000.0) as i64)),
            file: format!("{sha}.mp3"),
            sha256: Some(sha.into()),
            title: Some(format!("Tin {sha}")),
            topic: topic.map(str::to_string),
            author: None,
            duration: Some(played),
            played: Some(played),
            output: "device".into(),
            status,
            reason: None,
            note: None,
            priority: None,
            simulated: false,
        }
    }

    #[test]
    fn counts_distinct_bulletins_and_completed_airings() {
        let topics = TopicList::default();
        let rows = vec![
            row(17, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
            row(18, Some("mot-cua"), "a", 90.0, Some(Status::Completed)),
            row(19, Some("mot-cua"), "b", 60.0, Some(Status::Completed)),
            row(19, Some("dan-van"), "c", 30.0, Some(Status::Interrupted)),
            row(20, None, "jingle", 5.0, Some(Status::Completed)),
            row(31, Some("dan-van"), "d", 30.0, Some(Status::Completed)),
        ];
        let p = Period::dates(
            NaiveDate::from_ymd_opt(2014, 3, 17).unwrap(),
            NaiveDate::from_ymd_opt(2014, 3, 30).unwrap(),
        );
        let r = build("Đài truyền thanh xã Mỹ Thạnh", p, &rows, &topics);
        assert_eq!(r.rows.len(), 5);
        let mot_cua = r.topics.iter().find(|t| t.0 == "mot-cua").unwrap();
        assert_eq!(
            mot_cua.2,
            TopicTotals {
                bulletins: 2,
                airings: 3,
                seconds: 240.0
            }
        );
        assert_eq!(
            r.total,
            TopicTotals {
                bulletins: 2,
                airings: 3,
                seconds: 240.0
            }
        );
        assert_eq!(r.not_counted.get("Bị ngắt"), Some(&1));
        assert_eq!(
            r.sentence(),
            "Từ 17/03/2014 đến 30/03/2014, Đài truyền thanh xã Mỹ Thạnh đã phát 2 tin, bài về CCHC với 3 lượt phát, tổng thời lượng 4 phút."
        );
    }

    #[test]
    fn csv_has_bom_headers_and_vietnamese_dates() {
        let topics = TopicList::default();
        let rows = vec![row(17, Some("mot-cua"), "a", 95.0, Some(Status::Completed))];
        let r = build("X", Period::quarter(2014, 1).unwrap(), &rows, &topics);
        let mut out = Vec::new();
        r.write_csv(&topics, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next().unwrap(), CSV_HEADERS.join(","));
        let data = lines.next().unwrap();
        assert!(
            data.starts_with("1,17/03/2014,T2,06:30:00,06:30:00,06:31:35,0:01:35,Tin a,"),
            "{data}"
        );
        assert!(data.contains(",Đã phát,"));
        assert_eq!(r.period.label, "Quý I/2014");
    }

    #[test]
    fn minutes_use_a_decimal_comma() {
        assert_eq!(minutes_vi(240.0), "4");
        assert_eq!(minutes_vi(270.0), "4,5");
        assert_eq!(minutes_vi(0.0), "0");
    }
}
