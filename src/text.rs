//! Text as ipr compares it: codes, headers and directorate names in any
//! spelling, and the characters that are there but cannot be seen. The
//! ground floor: every stage uses it, and it uses no other module.

/// Characters with no width that copy and paste leave in cells (zero-width
/// space, joiners, the byte-order mark, the word joiner): never part of a
/// code or a number.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{2060}'
    )
}

/// Normalise an indicator code for comparison: trims, removes zero-width
/// characters, turns non-breaking spaces into spaces, collapses inner spaces
/// and upper-cases. `" asc-01 "` and `"ASC-01"` compare equal.
pub fn normalise_code(code: &str) -> String {
    let cleaned: String = code
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    cleaned
        .split(' ')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// True when `code` is ASCII that [`normalise_code`] would return unchanged: no
/// lower-case letters, no control characters or whitespace but single inner
/// spaces. Checked without allocating.
pub fn is_normal_code(code: &str) -> bool {
    let b = code.as_bytes();
    !b.is_empty()
        && b[0] != b' '
        && b[b.len() - 1] != b' '
        && b.iter()
            .all(|&c| (c.is_ascii_graphic() && !c.is_ascii_lowercase()) || c == b' ')
        && !b.windows(2).any(|w| w == b"  ")
}

/// Normalise a header for matching: lower-case letters and digits only.
/// `"Annual Target"`, `"annual_target"` and `"ANNUAL-TARGET "` all give `annualtarget`.
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The one key a directorate is known by everywhere (the register's grouping,
/// matching returns, coverage, sheets, templates): its letters and digits in
/// lower case, so `Adults/Health`, `Adults: Health` and `ADULTS HEALTH` are one
/// directorate; a name with no letter or digit is its trimmed lower-case self.
pub fn directorate_key(name: &str) -> String {
    let key = header_key(name);
    if key.is_empty() {
        name.trim().to_lowercase()
    } else {
        key
    }
}

/// Whether two spellings name the same directorate (by [`directorate_key`]),
/// without allocating: every result is compared with every directorate when
/// the sheets and counts are made.
pub fn same_directorate(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    fn key(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    match (key(a).next(), key(b).next()) {
        // A name with no letter or digit is known by its whole text.
        (None, _) | (_, None) => directorate_key(a) == directorate_key(b),
        _ => key(a).eq(key(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_taken_as_they_are_are_those_normalising_leaves_alone() {
        for code in [
            "ASC-01",
            "NI 135",
            "A",
            "ASC 01 X",
            "asc-01",
            " ASC",
            "ASC ",
            "A  B",
            "A\tB",
            "",
            "ÄSC",
            "ASC\u{200B}01",
            "ASC\u{a0}01",
            "é",
            "#DIV/0!",
            "£5",
        ] {
            if is_normal_code(code) {
                assert_eq!(normalise_code(code), code, "{code:?}");
            }
        }
        assert!(is_normal_code("ASC-01"));
        assert!(is_normal_code("NI 135"));
        assert!(!is_normal_code("asc-01"));
        assert!(!is_normal_code("A  B"));
        assert!(!is_normal_code(" ASC"));
    }
}
