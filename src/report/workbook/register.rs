//! The Register sheet: the indicator register as it was applied, in the
//! register's own columns (`register_format::COLUMNS`), with the council's
//! other columns after Owner, so that they print.

use super::row_num;
use super::sheet::Sheet;
use super::styles::Styles;
use crate::model::{Consolidation, Indicator};
use crate::register_format::{Col, COLUMNS};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Each column's width on the sheet.
fn width(col: Col) -> f64 {
    match col {
        Col::Code => 8.0,
        Col::Title => 24.0,
        Col::Directorate => 12.0,
        Col::Owner => 14.0,
        Col::Unit | Col::Polarity | Col::Decimals | Col::Required => 8.0,
        Col::Frequency | Col::Measure | Col::Tolerance | Col::Multiplier => 9.0,
        Col::AnnualTarget => 10.0,
        Col::Min | Col::Max => 7.0,
        Col::Definition => 30.0,
        Col::Source => 24.0,
    }
}

/// How many of the register's own columns come before the council's (Code,
/// Title, Directorate and Owner): the council's columns (Priority,
/// Committee, ...) are what members read the register by, so they sit where
/// the printed page has them, before the columns of settings.
const BEFORE_COUNCILS: usize = 4;

/// Fills the Register sheet: one row per indicator, in register order.
pub(super) fn register_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let extra = &c.register.attribute_columns;
    // ipr's columns, with the council's own after the first few, as written.
    let (first, rest) = COLUMNS.split_at(BEFORE_COUNCILS.min(COLUMNS.len()));
    let ours = |cols: &'static [crate::register_format::Column]| {
        cols.iter().map(|c| (c.title, width(c.col)))
    };
    let columns: Vec<(&str, f64)> = ours(first)
        .chain(extra.iter().map(|h| (h.as_str(), 16.0)))
        .chain(ours(rest))
        .collect();
    s.table(0, &columns, row_num(c.register.indicators.len()))?;
    let at = |k: usize| if k < first.len() { k } else { k + extra.len() };
    for (i, d) in c.register.indicators.iter().enumerate() {
        let row = row_num(i + 1);
        for (k, column) in COLUMNS.iter().enumerate() {
            cell(&mut s, st, row, at(k) as u16, column.col, d)?;
        }
        for (k, heading) in extra.iter().enumerate() {
            let text = d.attribute(heading).unwrap_or("");
            s.long_text(row, (first.len() + k) as u16, text)?;
        }
    }
    Ok(())
}

/// One indicator's cell in column `col`.
fn cell(
    s: &mut Sheet,
    st: &Styles,
    row: u32,
    k: u16,
    col: Col,
    d: &Indicator,
) -> Result<(), XlsxError> {
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let nf = st.for_indicator(Some(d));
    match col {
        Col::Code => s.text(row, k, &d.code),
        Col::Title => s.long_text(row, k, &d.title),
        Col::Directorate => s.long_text(row, k, &d.directorate),
        Col::Owner => s.long_text(row, k, d.owner.as_deref().unwrap_or("")),
        Col::Unit => s.word(row, k, &word(serde_json::to_value(d.unit)), &st.plain),
        Col::Polarity => s.word(row, k, &word(serde_json::to_value(d.polarity)), &st.plain),
        Col::Frequency => s.word(row, k, &word(serde_json::to_value(d.frequency)), &st.plain),
        Col::Measure => s.word(row, k, &word(serde_json::to_value(d.measure)), &st.plain),
        Col::AnnualTarget => s.num(row, k, d.annual_target, nf),
        Col::Tolerance => s.num(row, k, Some(d.tolerance), &st.percent1),
        // Blank Min/Max means no bound: the defaults are already applied.
        Col::Min => s.num(row, k, d.min, &st.general),
        Col::Max => s.num(row, k, d.max, &st.general),
        Col::Multiplier => match d.multiplier {
            Some(m) => s.num(row, k, Some(m), &st.general),
            None => s.word(row, k, "none", &st.plain),
        },
        Col::Decimals => s.num(row, k, d.decimals.map(f64::from), &st.general),
        Col::Required => s.word(row, k, if d.required { "yes" } else { "no" }, &st.plain),
        Col::Definition => s.long_text(row, k, d.definition.as_deref().unwrap_or("")),
        Col::Source => s.long_text(row, k, d.data_source.as_deref().unwrap_or("")),
    }
}
