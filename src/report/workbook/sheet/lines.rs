//! How many lines a text takes wrapped in a column: what every row's height
//! is planned from.

/// Lines that `s` takes wrapped in a column `width` characters wide: words
/// fill a line greedily; a word longer than a line breaks. Slightly generous
/// (a character of text is narrower than the digit a width counts), so a row
/// is never too short for its text.
pub(crate) fn wrapped_lines(s: &str, width: f64) -> u32 {
    lines_by(s, width, |w| w.chars().count() as f64, false)
}

/// Lines that `s` takes wrapped in a column `width` characters wide, each
/// character measured ([`glyph_width`]) and lines broken after hyphens too,
/// as Excel and LibreOffice break them: closer than [`wrapped_lines`], which
/// counts every character as a digit and made rows of titles in narrow
/// columns a line or two taller than their text (issue 18).
pub(crate) fn printed_lines(s: &str, width: f64) -> u32 {
    lines_by(s, width, |w| w.chars().map(glyph_width).sum(), true)
}

/// The width of `c` in digits of 11 pt Calibri as Excel draws it on screen
/// (a digit 7 pixels), rounded up to the wider of Calibri and DejaVu Sans
/// (LibreOffice's stand-in where Calibri and Carlito are missing), so that a
/// row planned with it is never too short in either.
fn glyph_width(c: char) -> f64 {
    match c {
        ' ' => 0.5,
        'i' | 'j' | 'l' | '\'' | '.' | ',' | ':' | ';' | '!' | '|' => 0.55,
        'f' | 'r' | 't' | '-' | '(' | ')' | '[' | ']' | '/' | 'I' | 'J' => 0.75,
        'm' | 'w' => 1.7,
        'M' | 'W' | '%' | '@' => 1.9,
        'A'..='Z' => 1.4,
        's' | 'c' | 'z' => 0.9,
        'a' | 'e' | 'g' | 'k' | 'v' | 'x' | 'y' => 1.05,
        c if c.is_ascii() || c < '\u{0300}' => 1.1,
        _ => 2.0,
    }
}

/// Lines that `s` takes wrapped in `width` characters, a word's width by
/// `measure` (a space's too), breaking after hyphens where `hyphens` says.
fn lines_by(s: &str, width: f64, measure: impl Fn(&str) -> f64, hyphens: bool) -> u32 {
    let room = width.max(1.0).floor();
    let space = measure(" ");
    let mut lines = 0u32;
    for para in s.split('\n') {
        let mut used = 0.0;
        let mut n = 1u32;
        for word in para.split_whitespace() {
            let parts: Vec<&str> = if hyphens {
                word.split_inclusive('-').collect()
            } else {
                vec![word]
            };
            for (k, part) in parts.into_iter().enumerate() {
                let len = measure(part).max(1e-9);
                // A part after a hyphen follows it with no space.
                let gap = if used == 0.0 || k > 0 { 0.0 } else { space };
                if used + gap + len <= room {
                    used += gap + len;
                    continue;
                }
                // A part longer than a line breaks over lines of its own.
                let more = ((len / room).ceil() - 1.0).max(0.0);
                n += more as u32 + u32::from(used > 0.0);
                used = len - more * room;
            }
        }
        lines += n;
    }
    lines.max(1)
}

#[cfg(test)]
mod tests {
    use super::{printed_lines, wrapped_lines};

    #[test]
    fn printed_lines_measure_each_character_and_break_after_hyphens() {
        let title = "% of adult social care users receiving self-directed support";
        // Excel (Calibri) prints it on 4 lines in a column 16 wide and
        // LibreOffice (DejaVu Sans) on 3; counting characters said 5.
        assert_eq!(wrapped_lines(title, 16.0), 5);
        assert_eq!(printed_lines(title, 16.0), 4);
        // Never fewer lines than words too wide to share one.
        assert_eq!(printed_lines("MMMMMMMM WWWWWWWW", 16.0), 2);
        assert_eq!(printed_lines("Two\nlines", 16.0), 2);
        // A word longer than the line breaks over lines of its own.
        assert_eq!(printed_lines(&"m".repeat(20), 10.0), 4);
        assert_eq!(printed_lines("", 10.0), 1);
    }

    #[test]
    fn wrapped_lines_count_a_digit_a_character() {
        assert_eq!(wrapped_lines("abcde fghij", 11.0), 1);
        assert_eq!(wrapped_lines("abcde fghijk", 11.0), 2);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrstu", 10.0), 3);
        assert_eq!(wrapped_lines("ab abcdefghijklmnopqrstu", 10.0), 4);
    }
}
