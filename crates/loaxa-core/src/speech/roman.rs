//! Roman numerals as commune documents use them: "Quý I"–"Quý IV",
//! "khóa XV", up to 39.

/// The value of a Roman numeral written the usual way ("IV", not "IIII"),
/// or `None`.
pub(super) fn value(word: &str) -> Option<u32> {
    let plausible =
        !word.is_empty() && word.len() <= 6 && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    plausible
        .then(|| (1..40).find(|&n| write(n) == word))
        .flatten()
}

fn write(mut n: u32) -> String {
    let mut out = String::new();
    for (step, letters) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= step {
            out.push_str(letters);
            n -= step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numerals() {
        for (word, n) in [
            ("I", Some(1)),
            ("IV", Some(4)),
            ("XV", Some(15)),
            ("IIII", None),
            ("A", None),
            ("", None),
        ] {
            assert_eq!(super::value(word), n, "{word}");
        }
    }
}
