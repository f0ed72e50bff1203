//! Text as every workbook ipr writes it (the report, the remedial-action forms
//! and the blank returns): the formula guard, the cut to Excel's limits, and
//! numbers in words.

/// Excel's limit on a cell's text, in UTF-16 units.
pub const MAX_CELL_TEXT: usize = 32_767;

/// Would Excel read this text as a formula if the cell were edited?
///
/// A leading `=`, `+`, `-` or `@` starts a formula; so does a tab or carriage
/// return before one, as Excel drops those when the cell is edited. Text that
/// does gets Excel's quote prefix, so it stays text.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Cuts `s` to at most `max` UTF-16 units (how Excel counts) without
/// splitting a character.
pub fn fit(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_recognised() {
        for s in ["=SUM(A1)", "+44 20", "-5", "@user", "\tx", "\rx"] {
            assert!(looks_like_formula(s), "{s:?}");
        }
        for s in ["SUM(A1)", "5-", " =x", ""] {
            assert!(!looks_like_formula(s), "{s:?}");
        }
    }

    #[test]
    fn fit_cuts_on_character_boundaries() {
        assert_eq!(fit("abcdef", 3), "abc");
        // '😀' is two UTF-16 units: it does not fit in the third and fourth.
        assert_eq!(fit("ab😀c", 3), "ab");
        assert_eq!(fit("ab😀c", 4), "ab😀");
        assert_eq!(fit("short", 100), "short");
    }
}
