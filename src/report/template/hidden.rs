//! The very hidden sheets of a blank return: `ipr_metadata`, which says
//! exactly what the file is, and the register rows and profiled targets of
//! its indicators, which `ipr check FILE` reads when no register is given, so
//! a directorate officer can check a return wherever it is
//! (`register::embedded`).

use super::{TemplateInput, HEADER_ROW, RETURN_SHEET, TEMPLATE_VERSION};
use crate::metadata;
use crate::model::Indicator;
use crate::report::names::METADATA_SHEET;
use crate::report::text::{fit, MAX_CELL_TEXT};
use crate::text::header_key;
use rust_xlsxwriter::{ColNum, RowNum, Workbook, XlsxError};

/// The `ipr_metadata` sheet.
pub(super) fn metadata(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let meta = wb.add_worksheet();
    meta.set_name(METADATA_SHEET)?;
    let rows = [
        (metadata::TEMPLATE_VERSION, TEMPLATE_VERSION.to_string()),
        (metadata::DIRECTORATE, x.directorate.to_string()),
        (metadata::PERIOD, x.id.clone()),
        (metadata::REGISTER_SHA256, x.register.sha256.clone()),
        (metadata::SHEET_NAME, RETURN_SHEET.to_string()),
        (metadata::HEADER_ROW, (HEADER_ROW + 1).to_string()),
        (metadata::IPR_VERSION, env!("CARGO_PKG_VERSION").to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        meta.write_string(i as RowNum, 0, *k)?;
        meta.write_string(i as RowNum, 1, fit(v, MAX_CELL_TEXT))?;
    }
    meta.protect();
    meta.set_very_hidden(true);
    Ok(())
}

/// The register's indicators of the template's directorate, in register order.
fn mine<'a>(x: &TemplateInput<'a>) -> Vec<&'a Indicator> {
    x.register
        .indicators
        .iter()
        .filter(|i| header_key(&i.directorate) == header_key(x.directorate))
        .collect()
}

/// The register rows of the directorate's indicators, in the register's own
/// columns (`ipr_register`).
pub(super) fn register_rows(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let ws = wb.add_worksheet();
    ws.set_name(crate::metadata::REGISTER_SHEET)?;
    let head = [
        "Code",
        "Title",
        "Directorate",
        "Owner",
        "Unit",
        "Polarity",
        "Frequency",
        "Measure",
        "Annual Target",
        "Tolerance",
        "Min",
        "Max",
        "Multiplier",
        "Decimals",
        "Required",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as ColNum, *h)?;
    }
    let mine = mine(x);
    for (r, d) in mine.iter().enumerate() {
        let row = r as RowNum + 1;
        ws.write_string(row, 0, fit(&d.code, MAX_CELL_TEXT))?;
        ws.write_string(row, 1, fit(&d.title, MAX_CELL_TEXT))?;
        ws.write_string(row, 2, fit(&d.directorate, MAX_CELL_TEXT))?;
        ws.write_string(row, 3, fit(d.owner.as_deref().unwrap_or(""), MAX_CELL_TEXT))?;
        ws.write_string(row, 4, word(serde_json::to_value(d.unit)))?;
        ws.write_string(row, 5, word(serde_json::to_value(d.polarity)))?;
        ws.write_string(row, 6, word(serde_json::to_value(d.frequency)))?;
        ws.write_string(row, 7, word(serde_json::to_value(d.measure)))?;
        if let Some(t) = d.annual_target.filter(|t| t.is_finite()) {
            ws.write_number(row, 8, t)?;
        }
        // As "5%": a bare 0.05 is refused by the register reader as ambiguous.
        ws.write_string(row, 9, format!("{}%", d.tolerance * 100.0))?;
        for (c, v) in [(10, d.min), (11, d.max), (12, d.multiplier)] {
            match v.filter(|v| v.is_finite()) {
                Some(v) => ws.write_number(row, c, v)?,
                // No multiplier is written "none"; no bound is left blank.
                None if c == 12 => ws.write_string(row, c, "none")?,
                None => ws,
            };
        }
        if let Some(dp) = d.decimals {
            ws.write_number(row, 13, f64::from(dp))?;
        }
        ws.write_string(row, 14, if d.required { "yes" } else { "no" })?;
    }
    ws.set_very_hidden(true);
    Ok(())
}

/// The profiled targets of the directorate's indicators (Code, Period,
/// Target: `ipr_targets`).
pub(super) fn targets(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let ts = wb.add_worksheet();
    ts.set_name(crate::metadata::TARGETS_SHEET)?;
    for (c, h) in ["Code", "Period", "Target"].iter().enumerate() {
        ts.write_string(0, c as ColNum, *h)?;
    }
    let mut row: RowNum = 1;
    for d in mine(x) {
        for ((key, period), t) in x.register.targets.iter() {
            if key == &d.key && t.is_finite() {
                ts.write_string(row, 0, fit(&d.code, MAX_CELL_TEXT))?;
                ts.write_string(row, 1, x.cal.id(*period))?;
                ts.write_number(row, 2, *t)?;
                row += 1;
            }
        }
    }
    ts.set_very_hidden(true);
    Ok(())
}
