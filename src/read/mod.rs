//! Reading workbooks into grids of typed cells with absolute positions.

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
    String::from_utf8(out).expect("ASCII letters")
}
