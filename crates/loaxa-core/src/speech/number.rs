//! The number reader: a string of digits to the words a reader says. It
//! works on the digits themselves, never on a machine integer, so no input
//! overflows; amounts longer than [`MAX_AMOUNT_DIGITS`] are read digit by
//! digit, as nobody says them as an amount.

use super::rules::{
    AND_UNITS, BILLION, DIGITS, FIVE_AFTER_TENS, FOUR_AFTER_TENS, HUNDRED, MILLION, ONE_AFTER_TENS,
    TEN, TENS, THOUSAND,
};

/// The longest digit string read as an amount (hundreds of "nghìn tỷ").
pub(super) const MAX_AMOUNT_DIGITS: usize = 15;

/// An amount: "1005" → "một nghìn không trăm linh năm". Leading zeros are
/// not read ("05" → "năm"); all zeros are "không". `digits` holds ASCII
/// digits only (anything else is skipped).
pub(super) fn amount(digits: &str) -> String {
    let d: Vec<u8> = digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .skip_while(|&v| v == 0)
        .collect();
    if d.is_empty() {
        return DIGITS[0].to_string();
    }
    if d.len() > MAX_AMOUNT_DIGITS {
        return spell(digits);
    }
    let mut words = Vec::new();
    with_billions(&d, false, &mut words);
    words.join(" ")
}

/// Digit by digit: "0912" → "không chín một hai".
pub(super) fn spell(digits: &str) -> String {
    digits
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| DIGITS[usize::from(b - b'0')])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The part after a decimal comma: one or two digits as an amount ("3,25"
/// → "hai mươi lăm"), otherwise (or with a leading zero: "3,05") digit by
/// digit, as people read them.
pub(super) fn fraction(digits: &str) -> String {
    if digits.len() <= 2 && !digits.starts_with('0') {
        amount(digits)
    } else {
        spell(digits)
    }
}

/// Above 10⁹ the count starts again: 5 003 000 000 000 is "năm nghìn
/// không trăm linh ba tỷ", the part above the "tỷ" read as an amount.
/// `full`: a higher part was read, so the first group says its hundreds
/// even when they are zero.
fn with_billions(d: &[u8], full: bool, words: &mut Vec<&'static str>) {
    if d.len() > 9 {
        let (high, low) = d.split_at(d.len() - 9);
        with_billions(high, full, words);
        words.push(BILLION);
        below_billion(low, true, words);
    } else {
        below_billion(d, full, words);
    }
}

/// Up to nine digits, in groups of three with "triệu" and "nghìn"; groups
/// of zeros are not read ("1.000.005": "một triệu không trăm linh năm").
fn below_billion(d: &[u8], full: bool, words: &mut Vec<&'static str>) {
    let pad = (3 - d.len() % 3) % 3;
    let padded: Vec<u8> = std::iter::repeat_n(0, pad)
        .chain(d.iter().copied())
        .collect();
    let groups: Vec<&[u8]> = padded.chunks(3).collect();
    let mut said = full;
    for (k, group) in groups.iter().enumerate() {
        if group.iter().all(|&v| v == 0) {
            continue;
        }
        hundreds(group, said, words);
        match groups.len() - 1 - k {
            2 => words.push(MILLION),
            1 => words.push(THOUSAND),
            _ => {}
        }
        said = true;
    }
}

/// Three digits. `full`: something was read before, so zero hundreds are
/// said ("không trăm") and a lone unit takes "linh".
fn hundreds(group: &[u8], full: bool, words: &mut Vec<&'static str>) {
    let (h, t, u) = match group {
        [h, t, u] => (usize::from(*h), usize::from(*t), usize::from(*u)),
        _ => return,
    };
    let said_hundreds = full || h != 0;
    if said_hundreds {
        words.extend([DIGITS[h], HUNDRED]);
    }
    match (t, u) {
        (0, 0) => {}
        (0, u) => {
            if said_hundreds {
                words.push(AND_UNITS);
            }
            words.push(DIGITS[u]);
        }
        (1, u) => {
            words.push(TEN);
            match u {
                0 => {}
                5 => words.push(FIVE_AFTER_TENS),
                u => words.push(DIGITS[u]),
            }
        }
        (t, u) => {
            words.extend([DIGITS[t], TENS]);
            match u {
                0 => {}
                1 => words.push(ONE_AFTER_TENS),
                4 => words.push(FOUR_AFTER_TENS),
                5 => words.push(FIVE_AFTER_TENS),
                u => words.push(DIGITS[u]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        let cases = [
            ("0", "không"),
            ("000", "không"),
            ("7", "bảy"),
            ("10", "mười"),
            ("11", "mười một"),
            ("14", "mười bốn"),
            ("15", "mười lăm"),
            ("20", "hai mươi"),
            ("21", "hai mươi mốt"),
            ("24", "hai mươi tư"),
            ("25", "hai mươi lăm"),
            ("99", "chín mươi chín"),
            ("100", "một trăm"),
            ("101", "một trăm linh một"),
            ("104", "một trăm linh bốn"),
            ("105", "một trăm linh năm"),
            ("110", "một trăm mười"),
            ("115", "một trăm mười lăm"),
            ("121", "một trăm hai mươi mốt"),
            ("1000", "một nghìn"),
            ("1005", "một nghìn không trăm linh năm"),
            ("1050", "một nghìn không trăm năm mươi"),
            ("1945", "một nghìn chín trăm bốn mươi lăm"),
            ("2010", "hai nghìn không trăm mười"),
            ("2025", "hai nghìn không trăm hai mươi lăm"),
            ("1500000", "một triệu năm trăm nghìn"),
            ("1000005", "một triệu không trăm linh năm"),
            ("1000000000", "một tỷ"),
            ("1005000000", "một tỷ không trăm linh năm triệu"),
            ("5003000000000", "năm nghìn không trăm linh ba tỷ"),
            (
                "999999999999999",
                "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ \
                 chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn \
                 chín trăm chín mươi chín",
            ),
            ("0005", "năm"),
        ];
        for (digits, words) in cases {
            assert_eq!(amount(digits), words, "{digits}");
        }
    }

    #[test]
    fn long_strings_and_fractions() {
        assert_eq!(
            amount("1234567890123456"),
            "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu"
        );
        assert_eq!(amount(&"9".repeat(500)).split(' ').count(), 500);
        assert_eq!(fraction("5"), "năm");
        assert_eq!(fraction("25"), "hai mươi lăm");
        assert_eq!(fraction("05"), "không năm");
        assert_eq!(fraction("125"), "một hai năm");
    }
}
