//! Column letters, cells and header text in `[[source]]` layouts.

use super::*;

#[test]
fn column_letters_cells_and_header_text() {
    assert_eq!(ColumnRef::parse("A"), Some(ColumnRef::Letter(0)));
    assert_eq!(ColumnRef::parse(" AB "), Some(ColumnRef::Letter(27)));
    assert_eq!(ColumnRef::parse("XFD"), Some(ColumnRef::Letter(16_383)));
    // Past Excel's last column, or not in capitals: header text.
    assert_eq!(
        ColumnRef::parse("XFE"),
        Some(ColumnRef::Header("XFE".into()))
    );
    assert_eq!(
        ColumnRef::parse("Figure"),
        Some(ColumnRef::Header("Figure".into()))
    );
    assert_eq!(ColumnRef::parse("id"), Some(ColumnRef::Header("id".into())));
    assert_eq!(ColumnRef::parse("  "), None);
    assert_eq!(parse_a1("B2"), Some((1, 1)));
    assert_eq!(parse_a1("$AA$10"), Some((9, 26)));
    assert_eq!(parse_a1("b2"), Some((1, 1)));
    assert_eq!(parse_a1("B0"), None);
    assert_eq!(parse_a1("2B"), None);
    assert_eq!(parse_a1("B"), None);
}
