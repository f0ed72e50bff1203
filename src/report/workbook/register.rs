//! The Register sheet: the indicator register as it was applied.

use super::row_num;
use super::sheet::Sheet;
use super::styles::Styles;
use crate::model::Consolidation;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// Fills the Register sheet: one row per indicator, in register order.
pub(super) fn register_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let columns = [
        ("Code", 8.0),
        ("Title", 24.0),
        ("Directorate", 12.0),
        ("Owner", 14.0),
        ("Unit", 8.0),
        ("Polarity", 8.0),
        ("Frequency", 9.0),
        ("Measure", 9.0),
        ("Annual Target", 10.0),
        ("Tolerance", 9.0),
        ("Min", 7.0),
        ("Max", 7.0),
        ("Multiplier", 9.0),
        ("Decimals", 8.0),
        ("Required", 8.0),
        ("Definition", 30.0),
        ("Source", 24.0),
    ];
    s.table(0, &columns, row_num(c.register.indicators.len()))?;
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    for (i, d) in c.register.indicators.iter().enumerate() {
        let row = row_num(i + 1);
        let nf = st.for_indicator(Some(d));
        s.text(row, 0, &d.code)?;
        s.long_text(row, 1, &d.title)?;
        s.long_text(row, 2, &d.directorate)?;
        s.long_text(row, 3, d.owner.as_deref().unwrap_or(""))?;
        s.word(row, 4, &word(serde_json::to_value(d.unit)), &st.plain)?;
        s.word(row, 5, &word(serde_json::to_value(d.polarity)), &st.plain)?;
        s.word(row, 6, &word(serde_json::to_value(d.frequency)), &st.plain)?;
        s.word(row, 7, &word(serde_json::to_value(d.measure)), &st.plain)?;
        s.num(row, 8, d.annual_target, nf)?;
        s.num(row, 9, Some(d.tolerance), &st.percent1)?;
        // Blank Min/Max means no bound: the defaults are already applied.
        s.num(row, 10, d.min, &st.general)?;
        s.num(row, 11, d.max, &st.general)?;
        match d.multiplier {
            Some(m) => s.num(row, 12, Some(m), &st.general)?,
            None => s.word(row, 12, "none", &st.plain)?,
        }
        s.num(row, 13, d.decimals.map(f64::from), &st.general)?;
        s.word(row, 14, if d.required { "yes" } else { "no" }, &st.plain)?;
        s.long_text(row, 15, d.definition.as_deref().unwrap_or(""))?;
        s.long_text(row, 16, d.data_source.as_deref().unwrap_or(""))?;
    }
    Ok(())
}
