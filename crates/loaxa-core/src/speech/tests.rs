//! The table tests: each rule of the table and of the number reader on a
//! sentence, typed as a clerk would type it, and what the engine is given.

use super::*;
use proptest::prelude::*;

/// (typed, spoken).
const CASES: &[(&str, &str)] = &[
    // Numbers: mốt, lăm, tư, linh, mười/mươi, "không trăm".
    ("Có 21 hộ", "Có hai mươi mốt hộ."),
    ("15 người", "mười lăm người."),
    ("25 tấn", "hai mươi lăm tấn."),
    ("24 giờ qua", "hai mươi tư giờ qua."),
    ("10 hộ", "mười hộ."),
    ("105 hộ", "một trăm linh năm hộ."),
    ("1005 người", "một nghìn không trăm linh năm người."),
    ("năm 2025", "năm hai nghìn không trăm hai mươi lăm."),
    ("1.500.000 đồng", "một triệu năm trăm nghìn đồng."),
    ("1 500 000 đồng", "một triệu năm trăm nghìn đồng."),
    ("1,500,000 đồng", "một triệu năm trăm nghìn đồng."),
    ("1.000.000.000 đồng", "một tỷ đồng."),
    ("3,5 tỷ đồng", "ba phẩy năm tỷ đồng."),
    ("0,25", "không phẩy hai mươi lăm."),
    ("1,05", "một phẩy không năm."),
    ("Điều 5.2", "Điều năm chấm hai."),
    ("Nhiệt độ -3 độ", "Nhiệt độ âm ba độ."),
    ("Tổ 05", "Tổ năm."),
    (
        "12345678901234567",
        "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu bảy.",
    ),
    // Telephone numbers: digit by digit.
    ("0912345678", "không chín một hai ba bốn năm sáu bảy tám."),
    (
        "0912 345 678",
        "không chín một hai, ba bốn năm, sáu bảy tám.",
    ),
    ("Gọi 114", "Gọi một một bốn."),
    ("đường dây nóng 1022", "đường dây nóng một không hai hai."),
    ("gọi 2 lần", "gọi hai lần."),
    // Dates: "mồng" for days 1–10, "tháng tư", invalid ones not dates.
    ("30/4", "ba mươi tháng tư."),
    (
        "2/9/1945",
        "mồng hai tháng chín năm một nghìn chín trăm bốn mươi lăm.",
    ),
    ("ngày 30/4", "ngày ba mươi tháng tư."),
    (
        "Ngày 02/09/2025",
        "Ngày mồng hai tháng chín năm hai nghìn không trăm hai mươi lăm.",
    ),
    ("10/10", "mồng mười tháng mười."),
    ("11/11", "mười một tháng mười một."),
    ("32/13", "ba mươi hai trên mười ba."),
    ("31/4", "ba mươi mốt trên bốn."),
    (
        "29/2/2023",
        "hai mươi chín trên hai trên hai nghìn không trăm hai mươi ba.",
    ),
    (
        "tháng 4/2025",
        "tháng tư năm hai nghìn không trăm hai mươi lăm.",
    ),
    ("4/2025", "tháng tư năm hai nghìn không trăm hai mươi lăm."),
    (
        "Nghị định 15/2020/NĐ-CP",
        "Nghị định mười lăm trên hai nghìn không trăm hai mươi trên nghị định chính phủ.",
    ),
    ("từ 30/4-1/5", "từ ba mươi tháng tư đến mồng một tháng năm."),
    // Times.
    ("5h30", "năm giờ ba mươi phút."),
    ("lúc 5h", "lúc năm giờ."),
    ("17:30", "mười bảy giờ ba mươi phút."),
    ("7h05", "bảy giờ năm phút."),
    ("5h30'", "năm giờ ba mươi phút."),
    ("7h00 sáng", "bảy giờ sáng."),
    ("00:15", "không giờ mười lăm phút."),
    ("từ 7h-11h", "từ bảy giờ đến mười một giờ."),
    // Money.
    ("1.500.000đ", "một triệu năm trăm nghìn đồng."),
    ("500.000 VNĐ", "năm trăm nghìn đồng."),
    ("500.000 VND", "năm trăm nghìn đồng."),
    ("500.000 VNĐ/tháng", "năm trăm nghìn đồng trên tháng."),
    ("5%/năm", "năm phần trăm trên năm."),
    ("50.000đ/kg", "năm mươi nghìn đồng trên ki lô gam."),
    ("2 triệu đồng/tháng", "hai triệu đồng trên tháng."),
    // Percent, ranges, units, wind.
    ("tăng 5%", "tăng năm phần trăm."),
    ("5-7", "năm đến bảy."),
    ("từ 5-7 ngày", "từ năm đến bảy ngày."),
    ("từ 5 - 7 ngày", "từ năm đến bảy ngày."),
    ("lượng mưa 200mm", "lượng mưa hai trăm mi li mét."),
    ("mưa 100-200 mm", "mưa một trăm đến hai trăm mi li mét."),
    ("cách 30 km", "cách ba mươi ki lô mét."),
    ("cao 2m", "cao hai mét."),
    ("dài 15 cm", "dài mười lăm xen ti mét."),
    ("3 ha lúa", "ba héc ta lúa."),
    ("20 kg gạo", "hai mươi ki lô gam gạo."),
    ("nhiệt độ 30°C", "nhiệt độ ba mươi độ xê."),
    ("nhiệt độ 30 độ C", "nhiệt độ ba mươi độ xê."),
    ("-2°C", "âm hai độ xê."),
    ("25-27oC", "hai mươi lăm đến hai mươi bảy độ xê."),
    ("gió 60 km/h", "gió sáu mươi ki lô mét trên giờ."),
    ("gió 15 m/s", "gió mười lăm mét trên giây."),
    ("100 m³ nước", "một trăm mét khối nước."),
    ("500 m2 đất", "năm trăm mét vuông đất."),
    ("gió cấp 8, giật cấp 10", "gió cấp tám, giật cấp mười."),
    ("số 5", "số năm."),
    ("Đội m", "Đội m."),
    // Abbreviations, whole words, case-sensitive.
    ("UBND xã", "ủy ban nhân dân xã."),
    ("HĐND xã", "hội đồng nhân dân xã."),
    ("CCHC và TTHC", "cải cách hành chính và thủ tục hành chính."),
    ("UBMTTQ xã", "ủy ban mặt trận tổ quốc xã."),
    ("MTTQ", "mặt trận tổ quốc."),
    (
        "BCH PCTT&TKCN",
        "ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn.",
    ),
    ("đội PCCC", "đội phòng cháy chữa cháy."),
    ("thẻ BHYT, BHXH", "thẻ bảo hiểm y tế, bảo hiểm xã hội."),
    ("làm CCCD", "làm căn cước công dân."),
    (
        "trường THCS và THPT",
        "trường trung học cơ sở và trung học phổ thông.",
    ),
    ("TP. Hà Nội", "thành phố Hà Nội."),
    ("TP.HCM", "thành phố Hồ Chí Minh."),
    ("QL1A", "quốc lộ một A."),
    ("QL 1A", "quốc lộ một A."),
    ("ĐT 885", "đường tỉnh tám trăm tám mươi lăm."),
    (
        "ĐT: 0912345678",
        "điện thoại: không chín một hai ba bốn năm sáu bảy tám.",
    ),
    ("CA xã", "công an xã."),
    ("CHƯƠNG TRÌNH CA NHẠC", "CHƯƠNG TRÌNH CA NHẠC."),
    ("Ca sĩ", "Ca sĩ."),
    ("KP 3", "khu phố ba."),
    ("Đ/c Nguyễn Văn A", "đồng chí Nguyễn Văn A."),
    ("UBNDxã", "UBNDxã."),
    ("ABC XYZ", "ABC XYZ."),
    ("QĐ-UBND", "quyết định ủy ban nhân dân."),
    ("THỨ TƯ", "THỨ TƯ."),
    ("Ban Chấp hành TƯ", "Ban Chấp hành trung ương."),
    // Readings that depend on the word before.
    ("Quý IV", "Quý bốn."),
    (
        "Quý III/2024",
        "Quý ba năm hai nghìn không trăm hai mươi tư.",
    ),
    ("thứ 4", "thứ tư."),
    ("tháng 4", "tháng tư."),
    ("lần thứ 1", "lần thứ nhất."),
    ("4 hộ", "bốn hộ."),
    ("ngày 5 tháng 4", "ngày mồng năm tháng tư."),
    ("ngày 5 người", "ngày năm người."),
    ("T2 đến CN", "thứ hai đến chủ nhật."),
    (
        "+84 912 345 678",
        "cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám.",
    ),
    // The examples of the module's documentation.
    (
        "UBND xã: 2/9, 5h30 tại KP 3",
        "ủy ban nhân dân xã: mồng hai tháng chín, năm giờ ba mươi phút tại khu phố ba.",
    ),
    (
        "UBND xã thông báo: từ 5-7/10, mưa 200mm",
        "ủy ban nhân dân xã thông báo: từ năm đến mồng bảy tháng mười, mưa hai trăm mi li mét.",
    ),
    // Dashes, slashes, spacing, marks, lines.
    ("Covid-19", "Covid mười chín."),
    ("và/hoặc", "và hoặc."),
    ("  Xin   chào  ,bà con !!! ", "Xin chào, bà con!"),
    ("THÔNG BÁO\nVề việc", "THÔNG BÁO.\nVề việc."),
    ("- Nội dung 1\n- Nội dung 2", "Nội dung một.\nNội dung hai."),
    ("(5 hộ)", "(năm hộ)."),
    ("xã.Sáng nay", "xã. Sáng nay."),
    ("Xã A - huyện B", "Xã A, huyện B."),
    ("\n\n***\n", ""),
    ("", ""),
    ("Tho\u{0302}\u{0301}ng ba\u{0301}o", "Thống báo."),
    ("5h30p", "năm giờ ba mươi phút."),
    // Control characters are spaces (espeak-ng stops reading at a NUL and
    // never says the rest); marks of writing direction are dropped.
    (
        "Xin chào\u{0} bà con. Hôm nay\u{1b}\u{7}mất điện",
        "Xin chào bà con. Hôm nay mất điện.",
    ),
    (
        "\u{202e}Thông báo\u{202c} \u{200f}họp\u{85}tổ",
        "Thông báo họp tổ.",
    ),
    (
        "Thời gian: 7h30, ngày 15/10/2025 (thứ 4)",
        "Thời gian: bảy giờ ba mươi phút, ngày mười lăm tháng mười năm hai \
         nghìn không trăm hai mươi lăm (thứ tư).",
    ),
];

#[test]
fn the_table() {
    let mut wrong = Vec::new();
    for (typed, spoken) in CASES {
        let got = normalize(typed);
        if got != *spoken {
            wrong.push(format!("{typed:?}\n  want {spoken:?}\n  got  {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
    assert!(CASES.len() >= 60);
}

#[test]
fn sentences_cut_at_marks_and_lines() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Xin chào. Hôm nay mưa! Có gió? Chú ý; hết",
            &["Xin chào.", "Hôm nay mưa!", "Có gió?", "Chú ý;", "hết"],
        ),
        (
            "Giá 1.500.000 đồng. Ngày 30/4 nghỉ.",
            &["Giá 1.500.000 đồng.", "Ngày 30/4 nghỉ."],
        ),
        ("Mưa 3,5 mm. Tốt.", &["Mưa 3,5 mm.", "Tốt."]),
        ("Về TP. Hà Nội họp. Xong.", &["Về TP. Hà Nội họp.", "Xong."]),
        ("TP.HCM mưa.", &["TP.HCM mưa."]),
        (
            "1. Nội dung một.\n2. Nội dung hai.",
            &["1. Nội dung một.", "2. Nội dung hai."],
        ),
        ("II. Kết quả", &["II. Kết quả"]),
        ("THÔNG BÁO\n\nVề việc   họp", &["THÔNG BÁO", "Về việc họp"]),
        ("Chờ... Xong", &["Chờ...", "Xong"]),
        ("Ông nói: \"Đi.\" Rồi về.", &["Ông nói: \"Đi.\"", "Rồi về."]),
        ("***. !!!\n\n  \n", &[]),
        ("", &[]),
        ("5h30. Họp", &["5h30.", "Họp"]),
    ];
    for (text, pieces) in cases {
        assert_eq!(sentences(text), *pieces, "{text:?}");
    }
}

#[test]
fn long_sentences_cut_at_commas() {
    let clause = "bà con nhân dân trong xã chú ý theo dõi thông tin về cơn bão";
    let text = [clause; 8].join(", ") + ".";
    let pieces = sentences(&text);
    assert!(pieces.len() > 1, "{pieces:?}");
    assert!(
        pieces
            .iter()
            .all(|p| p.chars().count() <= split::LONG_PIECE)
    );
    assert_eq!(pieces.join(" "), text);
    // The comma of "3,5" is not a place to cut, nor is a long piece
    // without commas cut at all.
    let no_commas = "mưa to ".repeat(60);
    assert_eq!(sentences(&no_commas), [no_commas.trim()]);
    let decimals = ["3,5 ha lúa"; 40].join(" ");
    assert_eq!(sentences(&decimals).len(), 1);
}

#[test]
fn estimates() {
    assert_eq!(estimate_seconds("", 175), 0.0);
    assert_eq!(estimate_seconds("  \n ", 175), 0.0);
    // Three syllables at 60 a minute, one sentence's pause.
    assert!((estimate_seconds("một hai ba", 60) - 3.4).abs() < 1e-9);
    // "1.500.000 đồng" is said in six syllables.
    assert!((estimate_seconds("1.500.000 đồng", 60) - 6.4).abs() < 1e-9);
    // Two sentences, two pauses.
    assert!((estimate_seconds("Một. Hai.", 60) - 2.8).abs() < 1e-9);
    assert_eq!(
        estimate_seconds("Xin chào bà con", 0),
        estimate_seconds("Xin chào bà con", DEFAULT_WORDS_PER_MINUTE)
    );
    assert!(estimate_seconds("Xin chào", u32::MAX) > 0.0);
}

#[test]
fn first_words_on_one_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("Xin chào bà con", 2, "Xin chào…"),
        ("Xin chào", 5, "Xin chào"),
        ("Xin chào", 2, "Xin chào"),
        ("Xin chào, bà con", 2, "Xin chào…"),
        ("Thông báo:\n  họp   tổ", 3, "Thông báo: họp…"),
        ("a\n b  c", 3, "a b c"),
        ("", 3, ""),
        ("a b", 0, "…"),
        // A pasted escape code is not shown as it is.
        ("Thông\u{1b}[2Jbáo\u{0}họp", 5, "Thông [2Jbáo họp"),
    ];
    for (text, n, shown) in cases {
        assert_eq!(first_words(text, *n), *shown, "{text:?} {n}");
    }
    // One very long "word" (no spaces typed) is cut too, by characters.
    let long = "ạ".repeat(10_000);
    let shown = first_words(&long, 8);
    assert_eq!(shown.chars().count(), FIRST_WORDS_MAX_CHARS + 1);
    assert!(shown.ends_with('…'));
}

#[test]
fn every_rule_is_reachable() {
    // An empty written form would never advance the reader.
    for rule in rules::RULES {
        assert!(!rule.written.is_empty() && !rule.spoken.is_empty());
        assert!(!rule.spoken.chars().any(|c| c.is_ascii_digit()), "{rule:?}");
    }
}

/// Text made of the things bulletins hold: words, numbers of every kind,
/// abbreviations, marks.
fn bulletin() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("xã".to_string()),
        Just("UBND".to_string()),
        Just("TP.".to_string()),
        Just("CA".to_string()),
        Just("km/h".to_string()),
        Just("đ".to_string()),
        "[0-9]{1,25}",
        "[0-9]{1,3}([.,/ :h-][0-9]{1,4}){0,4}",
        "[-−–/.,;:!?…%°'\"()h ]{1,3}",
        "[a-zA-ZđĐ]{1,6}",
        "\\PC{1,4}",
    ];
    proptest::collection::vec(piece, 0..20).prop_map(|p| p.join(" "))
}

proptest! {
    #[test]
    fn normalize_reads_every_digit(text in bulletin()) {
        let spoken = normalize(&text);
        prop_assert!(!spoken.chars().any(|c| c.is_ascii_digit()), "{spoken:?}");
        prop_assert!(!spoken.contains("  "));
        prop_assert!(spoken.lines().all(|l| l.chars().any(char::is_alphanumeric)));
    }

    #[test]
    fn normalize_is_total(text in "\\PC*") {
        let _ = normalize(&text);
        let _ = sentences(&text);
        let secs = estimate_seconds(&text, 0);
        prop_assert!(secs.is_finite() && secs >= 0.0);
    }

    #[test]
    fn sentences_lose_nothing(text in bulletin()) {
        use unicode_normalization::UnicodeNormalization;
        let letters = |s: &str| -> String {
            s.nfc().filter(|c| c.is_alphanumeric()).collect()
        };
        let pieces = sentences(&text);
        prop_assert!(pieces.iter().all(|p| p.chars().any(char::is_alphanumeric)));
        prop_assert_eq!(letters(&pieces.concat()), letters(&text));
    }

    #[test]
    fn sentences_keep_numbers_whole(
        number in "[1-9][0-9]{0,2}(\\.[0-9]{3}){1,3}|[0-9]{1,2}/[0-9]{1,2}(/[0-9]{4})?|[0-9]{1,3},[0-9]{1,2}",
        before in "[a-z ]{0,30}",
        after in "[a-z .]{0,30}",
    ) {
        let text = format!("{before} {number} {after}");
        prop_assert!(sentences(&text).iter().any(|p| p.contains(&number)));
    }
}

#[test]
fn a_long_bulletin_is_one_pass() {
    // Quadratic work would take minutes here.
    let text = "Ngày 30/4 gọi 114, CA xã 1.500.000đ tháng 4 Quý IV ".repeat(2_000);
    let spoken = normalize(&text);
    assert!(spoken.starts_with("Ngày ba mươi tháng tư gọi một một bốn, công an xã"));
    assert!(sentences(&text).len() > 1);
}
