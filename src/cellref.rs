//! A1 cell references, as every message and every link names a cell:
//! zero-based (row, column) to `C7` and back. The ground floor: it uses no
//! other module.

/// The A1 reference of a zero-based (row, col), e.g. (6, 2) -> `C7`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// Column letters of a zero-based column: 0 -> `A`, 26 -> `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Zero-based column of capital letters (`A` -> 0, `AB` -> 27), up to `XFD`.
pub fn column_number(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for ch in letters.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    // XFD is Excel's last column.
    (n <= 16_384).then(|| n - 1)
}

/// Zero-based (row, col) of an A1 reference such as `B2` (`$B$2` too).
pub fn parse_a1(text: &str) -> Option<(u32, u32)> {
    let t: String = text.trim().chars().filter(|c| *c != '$').collect();
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    let col = column_number(letters)?;
    let row: u32 = digits.parse().ok()?;
    (1..=1_048_576).contains(&row).then(|| (row - 1, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }
}
