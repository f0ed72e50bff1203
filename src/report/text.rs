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

/// True for the bidirectional formatting characters (embeddings, overrides
/// and isolates), which make text read in another order than it is stored:
/// `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without [`is_bidi_control`] characters: text from returns and the
/// register shows in the order it was typed, on the web page and on sheet tabs.
pub fn without_bidi_controls(s: &str) -> std::borrow::Cow<'_, str> {
    // Each is E2 80 AA-AE or E2 81 A6-A9 in UTF-8: a whole page is looked
    // through byte by byte, without decoding it.
    let b = s.as_bytes();
    let found = b.windows(3).any(|w| {
        w[0] == 0xE2
            && ((w[1] == 0x80 && (0xAA..=0xAE).contains(&w[2]))
                || (w[1] == 0x81 && (0xA6..=0xA9).contains(&w[2])))
    });
    if found {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_overrides_are_taken_out_and_other_text_left() {
        assert_eq!(
            without_bidi_controls("invoice\u{202E}fdp.exe"),
            "invoicefdp.exe"
        );
        assert_eq!(without_bidi_controls("a\u{2066}b\u{2069}c"), "abc");
        let plain = "Café – £5 ٣";
        assert!(matches!(
            without_bidi_controls(plain),
            std::borrow::Cow::Borrowed(_)
        ));
    }

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
