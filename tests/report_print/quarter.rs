//! The example station's Quý IV/2026 as its airing log holds it: a new
//! CCHC bulletin every Monday morning (`cchc-sang`), repeated on Thursday
//! afternoon with a notice (`cchc-chieu`); a typhoon warning from the
//! province that aired twice; a Thursday program missed in a power cut,
//! a bulletin the operator stopped, one a crash cut. Written record by
//! record with the log's own hash chain (as `AiringLog::append` chains
//! them), so `log verify` and `export` take it as the station's evidence.
//!
//! `quarter_log(false)` is tests/fixtures/report/quy-4-2026.jsonl (the
//! test `the_fixture_is_the_generators` keeps them the same;
//! `LOAXA_REMAKE_FIXTURES=1` writes it anew). `quarter_log(true)` adds the
//! daily opening and closing programs (music, greeting): a log ten times
//! as long.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use loaxa_core::airlog::{
    AlertAction, AlertInfo, Record, SegmentInfo, Status, chained_line, hash_hex,
};
use loaxa_i18n::{Msg, msg};

const STATION: &str = "Đài truyền thanh xã Mỹ Thạnh";
const CCHC: &str = "schedules/cchc-hang-tuan.json";
const DAILY: &str = "schedules/hang-ngay.json";

/// A recording as the schedule names it.
#[derive(Clone, Copy)]
struct Rec {
    file: &'static str,
    title: &'static str,
    topic: Option<&'static str>,
    author: Option<&'static str>,
    seconds: f64,
}

const fn rec(
    file: &'static str,
    title: &'static str,
    topic: &'static str,
    author: &'static str,
    seconds: f64,
) -> Rec {
    Rec {
        file,
        title,
        topic: Some(topic),
        author: Some(author),
        seconds,
    }
}

const TO: &str = "Tổ thông tin xã";
const VP: &str = "Công chức Văn phòng – Thống kê";
const TP: &str = "Công chức Tư pháp – Hộ tịch";

/// The week's bulletin, aired Monday and again Thursday: the week of
/// 28/09 first (Thursday 01/10 opens the quarter).
const WEEKLY: [Rec; 14] = [
    rec(
        "cchc/2026-09-28_chi-thi-ky-cuong-hanh-chinh.mp3",
        "Chỉ thị của Chủ tịch UBND tỉnh về tăng cường kỷ luật, kỷ cương hành chính",
        "van-ban-chi-dao",
        TO,
        262.4,
    ),
    rec(
        "cchc/2026-10-05_ke-hoach-cchc-quy-4.mp3",
        "Kế hoạch cải cách hành chính năm 2026 của UBND xã: những việc cần làm trong quý IV",
        "van-ban-chi-dao",
        VP,
        305.1,
    ),
    rec(
        "cchc/ban-tin-mot-cua.mp3",
        "Bộ phận một cửa nhận hồ sơ cả sáng thứ Bảy",
        "mot-cua",
        TO,
        187.0,
    ),
    rec(
        "cchc/2026-10-19_lien-thong-khai-sinh-thuong-tru-bhyt.mp3",
        "Liên thông đăng ký khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi",
        "thu-tuc-hanh-chinh",
        TP,
        341.8,
    ),
    rec(
        "cchc/2026-10-26_nop-ho-so-truc-tuyen.mp3",
        "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia: hướng dẫn từng bước",
        "thu-tuc-hanh-chinh",
        TO,
        398.5,
    ),
    rec(
        "cchc/2026-11-02_ket-qua-khao-sat-hai-long-quy-3.mp3",
        "Kết quả khảo sát mức độ hài lòng của người dân quý III/2026",
        "chi-so-hai-long",
        VP,
        226.3,
    ),
    rec(
        "cchc/2026-11-09_dan-van-kheo-mot-cua.mp3",
        "Mô hình dân vận khéo \"Cán bộ một cửa tận tình, thân thiện\"",
        "dan-van",
        TO,
        254.9,
    ),
    rec(
        "cchc/2026-11-16_thi-tuyen-cong-chuc-xa.mp3",
        "Thông báo thi tuyển công chức cấp xã năm 2026",
        "de-an-thi-tuyen",
        VP,
        198.2,
    ),
    rec(
        "cchc/2026-11-23_quyen-nghia-vu-cong-dan.mp3",
        "Quyền và nghĩa vụ của công dân khi liên hệ giải quyết thủ tục hành chính",
        "can-bo-cong-chuc",
        TP,
        287.6,
    ),
    rec(
        "cchc/2026-11-30_nghi-quyet-phi-le-phi-2027.mp3",
        "Nghị quyết của HĐND xã về mức thu phí, lệ phí năm 2027",
        "van-ban-qppl",
        VP,
        243.0,
    ),
    rec(
        "cchc/2026-12-07_bieu-duong-cchc-2026.mp3",
        "Biểu dương tập thể, cá nhân tiêu biểu trong công tác cải cách hành chính năm 2026",
        "ket-qua-danh-gia",
        TO,
        276.7,
    ),
    rec(
        "cchc/2026-12-14_cap-giay-chung-nhan-dat-lan-dau.mp3",
        "Chuyển đổi số trong thủ tục đất đai: cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "thu-tuc-hanh-chinh",
        TP,
        362.2,
    ),
    rec(
        "cchc/2026-12-21_tong-ket-cchc-2026.mp3",
        "Tổng kết công tác cải cách hành chính năm 2026, phương hướng năm 2027",
        "ket-qua-danh-gia",
        VP,
        415.4,
    ),
    rec(
        "cchc/2026-12-28_lich-lam-viec-tet-duong-lich.mp3",
        "Lịch tiếp công dân và giờ làm việc của bộ phận một cửa dịp Tết Dương lịch 2027",
        "mot-cua",
        TO,
        171.3,
    ),
];

/// The Thursday notices, in turn.
const NOTICES: [Rec; 4] = [
    rec(
        "cchc/khao-sat-hai-long.flac",
        "Mời bà con góp ý mức độ hài lòng",
        "chi-so-hai-long",
        "Văn phòng – Thống kê",
        95.0,
    ),
    rec(
        "cchc/thong-bao/tiep-cong-dan_2026-11-23.m4a",
        "Tiếp công dân định kỳ ngày 15 hằng tháng",
        "dan-van",
        TO,
        72.4,
    ),
    rec(
        "cchc/ban-tin-khai-sinh.ogg",
        "Đăng ký khai sinh giải quyết trong ngày",
        "thu-tuc-hanh-chinh",
        TO,
        118.6,
    ),
    rec(
        "cchc/2026-11_tuyen-dung-vien-chuc-y-te.mp3",
        "Tuyển dụng viên chức trạm y tế xã: nhận hồ sơ đến hết ngày 30/11/2026",
        "can-bo-cong-chuc",
        VP,
        133.9,
    ),
];

const fn plain(file: &'static str, title: &'static str, seconds: f64) -> Rec {
    Rec {
        file,
        title,
        topic: None,
        author: None,
        seconds,
    }
}

const MUSIC: Rec = plain("nhac-hieu.mp3", "Nhạc hiệu", 31.2);
const HELLO: Rec = plain("loi-chao.mp3", "Lời chào quý thính giả", 14.8);
const BYE: Rec = plain("ket-thuc.mp3", "Lời kết thúc chương trình", 12.1);

fn vn() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap()
}

fn at(day: NaiveDate, h: u32, m: u32, s: u32) -> DateTime<FixedOffset> {
    vn().from_local_datetime(&day.and_hms_opt(h, m, s).unwrap())
        .unwrap()
}

fn ms(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// The records, each with the moment it was logged.
struct Book {
    records: Vec<(DateTime<FixedOffset>, Record)>,
}

/// How an item of a program went.
#[derive(Clone)]
enum Went {
    Aired,
    /// Cut after so many seconds, for this reason; `true`: by a crash,
    /// which leaves no end time.
    Cut(f64, Msg, bool),
    Missed(Msg),
}

impl Book {
    fn push(&mut self, at: DateTime<FixedOffset>, r: Record) {
        self.records.push((at, r));
    }

    fn info(
        &self,
        schedule: &str,
        slot: &str,
        due: DateTime<FixedOffset>,
        index: usize,
        r: &Rec,
    ) -> SegmentInfo {
        let stamp = due.format("%Y%m%dT%H%M%S");
        SegmentInfo {
            id: format!("{stamp}/{schedule}/{slot}/{index}"),
            schedule: schedule.into(),
            slot: slot.into(),
            scheduled: ms(due),
            index,
            file: r.file.into(),
            sha256: Some(hash_hex(r.file.as_bytes())),
            title: Some(r.title.into()),
            topic: r.topic.map(str::to_string),
            author: r.author.map(str::to_string),
            duration: Some(r.seconds),
            output: "device".into(),
            priority: None,
            gain_db: Some(-1.5),
            limited_db: None,
            trimmed: None,
            text_sha256: None,
            engine: None,
            voice: None,
            simulated: false,
            relay: None,
        }
    }

    /// A program of `items` due at `due`, each going as `went` says;
    /// what loaxa only learnt of when it started again (a crash, a power
    /// cut) is logged at `back`.
    fn program(
        &mut self,
        schedule: &str,
        slot: &str,
        due: DateTime<FixedOffset>,
        items: &[(Rec, Went)],
        back: Option<DateTime<FixedOffset>>,
    ) {
        let mut t = due;
        for (index, (r, went)) in items.iter().enumerate() {
            let segment = self.info(schedule, slot, due, index, r);
            let later = back.unwrap_or(t);
            if let Went::Missed(why) = went {
                let record = Record::NotAired {
                    segment,
                    status: Status::Missed,
                    reason: why.clone(),
                    logged: ms(later),
                };
                self.push(later, record);
                continue;
            }
            let id = segment.id.clone();
            let started = t + Duration::milliseconds(40);
            let record = Record::Start {
                segment,
                started: ms(started),
                note: None,
                logged: ms(started),
            };
            self.push(started, record);
            let (played, status, reason) = match went {
                Went::Cut(secs, why, _) => (*secs, Status::Interrupted, Some(why.clone())),
                _ => (r.seconds, Status::Completed, None),
            };
            let end = started + Duration::milliseconds((played * 1000.0) as i64);
            // A crash: closed when loaxa started again, its end unknown.
            let crash = matches!(went, Went::Cut(_, _, true));
            let logged = if crash { later } else { end };
            let record = Record::End {
                id,
                ended: (!crash).then(|| ms(end)),
                played: (!crash).then_some(played),
                status,
                reason,
                logged: ms(logged),
                simulated: false,
                relay: None,
            };
            self.push(logged, record);
            t = end + Duration::milliseconds(300);
        }
    }

    fn daemon(&mut self, when: DateTime<FixedOffset>, what: &str) {
        self.push(
            when,
            Record::Daemon {
                what: what.into(),
                version: "0.1.0".into(),
                logged: ms(when),
                simulated: false,
            },
        );
    }
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// The typhoon warning of 27/10/2026, aired twice five minutes apart.
fn typhoon(book: &mut Book) {
    let id = "VN-PCTT-2026-10-27-BAO12";
    let first = at(day(10, 27), 14, 5, 12);
    book.push(
        first,
        Record::Alert {
            alert: AlertInfo {
                identifier: Some(id.into()),
                sender: Some("Ban Chỉ huy Phòng thủ dân sự tỉnh".into()),
                sent: Some("2026-10-27T14:00:00+07:00".into()),
                status: Some("Actual".into()),
                msg_type: Some("Alert".into()),
                severity: Some("Severe".into()),
                event: Some("Bão số 12".into()),
                priority: Some("khẩn cấp".into()),
                repeat: Some(2),
                cancels: Vec::new(),
            },
            action: AlertAction::Aired,
            reason: None,
            file: "audio/khan-cap/bao-so-12.xml".into(),
            logged: ms(first),
        },
    );
    let warning = Rec {
        file: "khan-cap/bao-so-12.mp3",
        title: "Tin bão khẩn cấp: bão số 12 đổ bộ vào đất liền chiều tối 28/10",
        topic: None,
        author: None,
        seconds: 118.0,
    };
    for (k, due) in [first, first + Duration::minutes(5)]
        .into_iter()
        .enumerate()
    {
        let mut info = book.info("cap", id, due, 0, &warning);
        let again = if k > 0 { "+1" } else { "" };
        info.id = format!("{}/cap/{id}/0{again}", due.format("%Y%m%dT%H%M%S%.3f"));
        info.priority = Some("khẩn cấp".into());
        let start = due + Duration::milliseconds(60);
        let end = start + Duration::seconds(118);
        let sid = info.id.clone();
        book.push(
            start,
            Record::Start {
                segment: info,
                started: ms(start),
                note: None,
                logged: ms(start),
            },
        );
        book.push(
            end,
            Record::End {
                id: sid,
                ended: Some(ms(end)),
                played: Some(118.0),
                status: Status::Completed,
                reason: None,
                logged: ms(end),
                simulated: false,
                relay: None,
            },
        );
    }
}

/// The daily programs of schedules/hang-ngay.json on `d`.
fn daily(book: &mut Book, d: NaiveDate) {
    let aired = |r: Rec| (r, Went::Aired);
    let open = [aired(MUSIC), aired(HELLO)];
    let close = [aired(BYE), aired(MUSIC)];
    book.program(DAILY, "mo-dau-sang", at(d, 5, 30, 0), &open, None);
    book.program(DAILY, "ket-thuc-sang", at(d, 5, 45, 0), &close, None);
    if d.weekday().num_days_from_monday() < 5 {
        book.program(DAILY, "mo-dau-chieu", at(d, 17, 0, 0), &open, None);
        book.program(DAILY, "ket-thuc-chieu", at(d, 17, 15, 0), &close, None);
    }
}

/// The quarter's log as its lines (without the last newline); with
/// `daily`, the opening and closing programs of every day too.
pub fn quarter_log(with_daily: bool) -> String {
    let mut book = Book {
        records: Vec::new(),
    };
    book.daemon(at(day(9, 30), 21, 12, 3), "start");
    let mut d = day(10, 1);
    let mut thursdays = 0usize;
    while d <= day(12, 31) {
        if with_daily {
            daily(&mut book, d);
        }
        let week = (d - day(9, 28)).num_days() as usize / 7;
        let bulletin = WEEKLY[week];
        let aired = Went::Aired;
        match d.weekday() {
            Weekday::Mon => {
                let went = if d == day(11, 16) {
                    Went::Cut(95.4, msg!("reason-stopped-by-operator"), false)
                } else {
                    aired
                };
                book.program(
                    CCHC,
                    "cchc-sang",
                    at(d, 5, 31, 0),
                    &[(bulletin, went)],
                    None,
                );
            }
            Weekday::Thu => {
                let notice = NOTICES[thursdays % NOTICES.len()];
                thursdays += 1;
                let due = at(d, 17, 1, 0);
                let mut back = None;
                let items = if d == day(11, 5) {
                    // The power was off from the morning; the station PC
                    // came back after the program's time.
                    back = Some(at(d, 18, 2, 48));
                    let why = msg!(
                        "missed-not-running-from",
                        from = "2026-11-05T09:40:12.311+07:00",
                        to = "2026-11-05T18:02:47.905+07:00"
                    );
                    vec![
                        (bulletin, Went::Missed(why.clone())),
                        (notice, Went::Missed(why)),
                    ]
                } else if d == day(12, 10) {
                    // The PC lost power during the bulletin.
                    back = Some(at(d, 17, 26, 10));
                    vec![
                        (
                            bulletin,
                            Went::Cut(141.0, msg!("reason-closed-at-start"), true),
                        ),
                        (notice, Went::Missed(msg!("reason-stopped-during"))),
                    ]
                } else {
                    vec![(bulletin, Went::Aired), (notice, Went::Aired)]
                };
                if let Some(b) = back {
                    book.daemon(b - Duration::seconds(1), "start");
                }
                book.program(CCHC, "cchc-chieu", due, &items, back);
            }
            _ => {}
        }
        if d == day(10, 27) {
            typhoon(&mut book);
        }
        d = d.succ_opt().unwrap();
    }
    chained(STATION, book)
}

/// The records in the order they were logged, chained from a genesis.
fn chained(station: &str, mut book: Book) -> String {
    book.records.sort_by_key(|(t, _)| *t);
    let first = book.records.first().map(|(t, _)| *t).unwrap();
    let genesis = Record::Genesis {
        station: station.into(),
        version: "0.1.0".into(),
        logged: ms(first - Duration::seconds(1)),
        sealed_lines: 0,
    };
    // The genesis seals what the file held before it: nothing.
    let mut head = hash_hex(b"");
    let mut lines = Vec::new();
    for (seq, r) in std::iter::once(&genesis)
        .chain(book.records.iter().map(|(_, r)| r))
        .enumerate()
    {
        let body = serde_json::to_string(r).unwrap();
        let line = chained_line(seq as u64 + 1, &head, &body);
        head = hash_hex(line.as_bytes());
        lines.push(line);
    }
    lines.join("\n")
}
