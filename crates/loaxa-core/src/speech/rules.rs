//! The table: every written form loaxa turns into other words, and the
//! words the number reader says. Data only; where the words go (which
//! number is a date, when "mười" becomes "mươi") is in `number.rs` and
//! `read.rs`.
//!
//! To teach loaxa a new abbreviation or unit, add a line to [`RULES`] and a
//! case to the table tests in `tests.rs`.

/// Where a written form is read as its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Anywhere, as a whole word (case-sensitive): "UBND".
    Word,
    /// As [`Place::Word`], except in a run of capitals, where it is more
    /// likely an ordinary word in a heading: "CA xã" is the commune police,
    /// "CHƯƠNG TRÌNH CA NHẠC" is a concert.
    NotInCapitals,
    /// Only right after a number (attached or after one space) or after
    /// "/" following one: "200mm", "5 ha", "50.000đ/kg". "m" or "ha"
    /// elsewhere is a letter or a word.
    AfterNumber,
    /// A unit or currency that is safe to read anywhere: "km" means
    /// kilometres even without a number ("cách vài km"). A "/" after it is
    /// "trên" ("VNĐ/tháng").
    Unit,
}

/// A written form and what a reader says for it.
#[derive(Debug)]
pub(super) struct Rule {
    pub written: &'static str,
    pub spoken: &'static str,
    pub place: Place,
}

const fn rule(written: &'static str, spoken: &'static str, place: Place) -> Rule {
    Rule {
        written,
        spoken,
        place,
    }
}

use Place::{AfterNumber, NotInCapitals, Unit, Word};

/// Abbreviations of commune administration and warnings, units, currency
/// and symbols. Matched case-sensitively, whole words only; where two
/// forms start at the same place the longest wins ("TP.HCM" before "TP.",
/// "m2" before "m", "ĐT:" before "ĐT").
pub(super) const RULES: &[Rule] = &[
    // Administration (the commune's offices and the documents they cite).
    rule("UBND", "ủy ban nhân dân", Word),
    rule("HĐND", "hội đồng nhân dân", Word),
    rule("UBMTTQVN", "ủy ban mặt trận tổ quốc Việt Nam", Word),
    rule("UBMTTQ", "ủy ban mặt trận tổ quốc", Word),
    rule("MTTQVN", "mặt trận tổ quốc Việt Nam", Word),
    rule("MTTQ", "mặt trận tổ quốc", Word),
    rule("CCHC", "cải cách hành chính", Word),
    rule("TTHC", "thủ tục hành chính", Word),
    rule("BCH", "ban chỉ huy", Word),
    rule("BCĐ", "ban chỉ đạo", Word),
    rule("BQL", "ban quản lý", Word),
    rule("PCT", "phó chủ tịch", Word),
    rule("CBCCVC", "cán bộ công chức viên chức", Word),
    rule("CBCC", "cán bộ công chức", Word),
    rule("ĐBQH", "đại biểu quốc hội", Word),
    rule("HTX", "hợp tác xã", Word),
    rule("KP", "khu phố", Word),
    rule("TDP", "tổ dân phố", Word),
    rule("KDC", "khu dân cư", Word),
    rule("TP.HCM", "thành phố Hồ Chí Minh", Word),
    rule("TPHCM", "thành phố Hồ Chí Minh", Word),
    rule("HCM", "Hồ Chí Minh", Word),
    rule("TP.", "thành phố", Word),
    rule("Tp.", "thành phố", Word),
    rule("TP", "thành phố", Word),
    rule("TX.", "thị xã", Word),
    rule("TX", "thị xã", Word),
    rule("TW", "trung ương", Word),
    rule("TƯ", "trung ương", NotInCapitals),
    rule("VN", "Việt Nam", Word),
    rule("QĐ", "quyết định", Word),
    rule("NQ", "nghị quyết", Word),
    rule("NĐ-CP", "nghị định chính phủ", Word),
    rule("KT-XH", "kinh tế xã hội", Word),
    rule("Đ/c", "đồng chí", Word),
    rule("đ/c", "đồng chí", Word),
    rule("Đ/C", "đồng chí", Word),
    rule("v.v.", "vân vân", Word),
    // Weekdays as schedules write them.
    rule("T2", "thứ hai", Word),
    rule("T3", "thứ ba", Word),
    rule("T4", "thứ tư", Word),
    rule("T5", "thứ năm", Word),
    rule("T6", "thứ sáu", Word),
    rule("T7", "thứ bảy", Word),
    rule("CN", "chủ nhật", Word),
    rule("v.v", "vân vân", Word),
    // Roads, police, emergencies, insurance, schools, safety.
    rule("QL.", "quốc lộ", Word),
    rule("QL", "quốc lộ", Word),
    rule("ĐT.", "đường tỉnh", Word),
    // "ĐT:" heads a telephone number; "ĐT 885" is a provincial road.
    rule("ĐT:", "điện thoại:", Word),
    rule("ĐT", "đường tỉnh", Word),
    rule("SĐT", "số điện thoại", Word),
    rule("CA", "công an", NotInCapitals),
    rule("CAND", "công an nhân dân", Word),
    rule("CSGT", "cảnh sát giao thông", Word),
    rule("ANTT", "an ninh trật tự", Word),
    rule("ATGT", "an toàn giao thông", Word),
    rule("VSATTP", "vệ sinh an toàn thực phẩm", Word),
    rule("ATTP", "an toàn thực phẩm", Word),
    rule("PCTT", "phòng chống thiên tai", Word),
    rule("TKCN", "tìm kiếm cứu nạn", Word),
    rule("PCCC", "phòng cháy chữa cháy", Word),
    rule("CNCH", "cứu nạn cứu hộ", Word),
    rule("ATNĐ", "áp thấp nhiệt đới", Word),
    rule("KTTV", "khí tượng thủy văn", Word),
    rule("BHYT", "bảo hiểm y tế", Word),
    rule("BHXH", "bảo hiểm xã hội", Word),
    rule("BHTN", "bảo hiểm thất nghiệp", Word),
    rule("CCCD", "căn cước công dân", Word),
    rule("CMND", "chứng minh nhân dân", Word),
    rule("THCS", "trung học cơ sở", Word),
    rule("THPT", "trung học phổ thông", Word),
    rule("TTYT", "trung tâm y tế", Word),
    rule("TYT", "trạm y tế", Word),
    rule("NTM", "nông thôn mới", Word),
    rule("GPMB", "giải phóng mặt bằng", Word),
    rule("LĐTBXH", "lao động thương binh và xã hội", Word),
    rule("TNHH", "trách nhiệm hữu hạn", Word),
    rule("&", "và", Word),
    // Money.
    rule("VNĐ", "đồng", Unit),
    rule("VND", "đồng", Unit),
    rule("VNđ", "đồng", Unit),
    rule("vnđ", "đồng", Unit),
    rule("USD", "đô la Mỹ", Unit),
    rule("đ", "đồng", AfterNumber),
    rule("k", "nghìn", AfterNumber),
    rule("tr", "triệu", AfterNumber),
    // Measures (rain in mm, wind in km/h or m/s, land in ha or m²).
    rule("km/h", "ki lô mét trên giờ", Unit),
    rule("m/s", "mét trên giây", AfterNumber),
    rule("km²", "ki lô mét vuông", Unit),
    rule("km2", "ki lô mét vuông", Unit),
    rule("km", "ki lô mét", Unit),
    rule("m²", "mét vuông", Unit),
    rule("m³", "mét khối", Unit),
    rule("m2", "mét vuông", AfterNumber),
    rule("m3", "mét khối", AfterNumber),
    rule("cm", "xen ti mét", Unit),
    rule("mm", "mi li mét", Unit),
    rule("m", "mét", AfterNumber),
    rule("ha", "héc ta", AfterNumber),
    rule("kg", "ki lô gam", Unit),
    rule("mg", "mi li gam", AfterNumber),
    rule("g", "gam", AfterNumber),
    rule("ml", "mi li lít", AfterNumber),
    rule("l", "lít", AfterNumber),
    rule("kWh", "ki lô oát giờ", Unit),
    rule("kW", "ki lô oát", Unit),
    rule("h", "giờ", AfterNumber),
    rule("%", "phần trăm", Unit),
    rule("°C", "độ xê", Unit),
    rule("ºC", "độ xê", Unit),
    rule("độ C", "độ xê", Unit),
    rule("oC", "độ xê", AfterNumber),
    rule("°", "độ", AfterNumber),
];

/// The digits as a reader says them alone: "không" … "chín".
pub(super) const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// The words of the number reader.
pub(super) const HUNDRED: &str = "trăm";
/// 10 alone, 10–19: "mười"; the tens from 20: "mươi".
pub(super) const TEN: &str = "mười";
pub(super) const TENS: &str = "mươi";
/// A zero tens digit after the hundreds: 105 "một trăm linh năm" (the
/// northern standard; the south says "lẻ").
pub(super) const AND_UNITS: &str = "linh";
/// 1 after "mươi": 21 "hai mươi mốt".
pub(super) const ONE_AFTER_TENS: &str = "mốt";
/// 4 after "mươi": 24 "hai mươi tư".
pub(super) const FOUR_AFTER_TENS: &str = "tư";
/// 5 after "mười" or "mươi": 15 "mười lăm", 25 "hai mươi lăm".
pub(super) const FIVE_AFTER_TENS: &str = "lăm";
/// The groups of three digits, from the right: 1 000, 1 000 000; and
/// 10⁹, which starts the count again ("một nghìn tỷ").
pub(super) const THOUSAND: &str = "nghìn";
pub(super) const MILLION: &str = "triệu";
pub(super) const BILLION: &str = "tỷ";
/// "3,5": "ba phẩy năm"; "2.5" (typed the English way): "hai chấm năm".
pub(super) const DECIMAL_COMMA: &str = "phẩy";
pub(super) const DECIMAL_DOT: &str = "chấm";
pub(super) const MINUS: &str = "âm";
/// The "+" of "+84 912 345 678".
pub(super) const PLUS: &str = "cộng";
/// A country code after "+": the number after it is a telephone number.
pub(super) const COUNTRY_CODE: &str = "84";
/// "5-7 ngày": "năm đến bảy ngày".
pub(super) const RANGE: &str = "đến";
/// "km/h", "15/2020": "trên".
pub(super) const PER: &str = "trên";

/// Dates and times.
pub(super) const DAY_PREFIX: &str = "mồng";
/// Days 1–10 of a month take "mồng": "mồng hai tháng chín".
pub(super) const DAY_PREFIX_UNTIL: u32 = 10;
pub(super) const MONTH: &str = "tháng";
/// "ngày 5 tháng 4": "ngày mồng năm tháng tư".
pub(super) const DAY: &str = "ngày";
pub(super) const YEAR: &str = "năm";
pub(super) const HOUR: &str = "giờ";
pub(super) const MINUTE: &str = "phút";
pub(super) const SECOND: &str = "giây";
/// Month 4 is "tháng tư", not "tháng bốn".
pub(super) const APRIL: &str = "tư";

/// A number read differently after a word: (word before, number, words).
/// "tháng 4" is April, "thứ 4" Wednesday (or "fourth"), "thứ 1" "first".
pub(super) const AFTER_WORD: &[(&str, &str, &str)] = &[
    ("tháng", "4", "tư"),
    ("thứ", "4", "tư"),
    ("thứ", "1", "nhất"),
];

/// Words after which Roman numerals are numbers: "Quý IV", "khóa XV".
pub(super) const ROMAN_AFTER: &[&str] = &["quý", "khóa", "khoá"];

/// What comes before a telephone number, so "gọi 114" is read "một một
/// bốn" and "tổng đài 1022" digit by digit, not as amounts. Compared
/// lower-case, as whole words at the end of what was read so far.
pub(super) const PHONE_CUES: &[&str] = &[
    "gọi",
    "gọi số",
    "gọi ngay",
    "điện thoại",
    "điện thoại số",
    "số máy",
    "đường dây nóng",
    "tổng đài",
    "hotline",
];

/// Words that continue a number typed in digits ("3,5 tỷ đồng", "2 triệu
/// đồng/tháng"): the word after them is still what the number counts.
pub(super) const SCALE_WORDS: &[&str] = &["trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"];
