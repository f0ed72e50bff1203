//! The History sheet: every observation read, one row each. The longest sheet,
//! written in constant-memory mode on a thread of its own (see [`super::workbook_bytes`]).

use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::model::Indicator;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Fills the History sheet, rows strictly top to bottom (constant-memory mode).
pub(super) fn history_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = look.c;
    let mut s = Sheet::new(ws, st);
    let mut columns = vec![
        ("Directorate", 24.0),
        ("Code", 8.0),
        ("Period", 10.0),
        ("Value", 11.0),
        ("Value as seen", 14.0),
        ("Numerator", 11.0),
        ("Denominator", 12.0),
        ("File", 50.0),
        ("Sheet", 15.0),
        ("Cell", 8.0),
    ];
    // With a previous report only: restated and late values (SPEC section 10).
    let marks = c.changes.as_ref().map(|ch| &ch.marks);
    if marks.is_some() {
        columns.push(("Since last report", 12.0));
    }
    // "Value as seen" is right-aligned and set in from the edge, so that "84.1"
    // beside the value prints apart from it, never as "84.184.1". As the
    // column's format, not each cell's: a format given per cell is hashed per cell.
    s.ws.set_column_format(4, &st.indent)?;
    s.table(0, &columns, row_num(c.history.len()))?;
    // Tens of thousands of rows: cells are written without a format where one
    // adds nothing (rust_xlsxwriter hashes the whole format for every cell it is
    // given), and the indicator is looked up once per run of rows, not per cell.
    let mut last: Option<(&str, Option<&Indicator>)> = None;
    for (i, o) in c.history.iter().enumerate() {
        let row = row_num(i + 1);
        let ind = match last {
            Some((code, ind)) if code == &*o.code => ind,
            _ => {
                let ind = look.indicator(&o.code);
                last = Some((&o.code, ind));
                ind
            }
        };
        s.bare_text(row, 0, &o.directorate)?;
        // Show the code as the register writes it; the observation's is normalised.
        s.bare_text(row, 1, ind.map(|d| d.code.as_str()).unwrap_or(&o.code))?;
        s.bare_text(row, 2, &c.calendar.id(o.period))?;
        s.num(row, 3, o.value, st.for_indicator(ind))?;
        s.bare_text(row, 4, &o.value_seen)?;
        s.bare_num(row, 5, o.numerator)?;
        s.bare_num(row, 6, o.denominator)?;
        s.bare_text(row, 7, &o.source.file)?;
        s.bare_text(row, 8, &o.source.sheet)?;
        s.bare_text(row, 9, &o.source.cell())?;
        if let Some(mark) = marks.and_then(|m| m.get(&o.source)) {
            s.bare_text(row, 10, mark.word())?;
        }
    }
    Ok(())
}
