//! The very hidden sheets of a blank return: `ipr_metadata`, which says
//! exactly what the file is, and the register rows and profiled targets of
//! its indicators, which `ipr check FILE` reads when no register is given, so
//! a directorate officer can check a return wherever it is
//! (`register::embedded`).

use super::{TemplateInput, HEADER_ROW, RETURN_SHEET, TEMPLATE_VERSION};
use crate::metadata;
use crate::model::Indicator;
use crate::register_format::{column_of, Col, COLUMNS, TARGET_COLUMNS};
use crate::report::names::METADATA_SHEET;
use crate::report::text::{fit, MAX_CELL_TEXT};
use crate::text::same_directorate;
use rust_xlsxwriter::{ColNum, RowNum, Workbook, Worksheet, XlsxError};

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
        .filter(|i| same_directorate(&i.directorate, x.directorate))
        .collect()
}

/// The register rows of the directorate's indicators, in the register's own
/// columns (`ipr_register`).
pub(super) fn register_rows(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(crate::metadata::REGISTER_SHEET)?;
    // Every column a check needs: the long texts (Definition, Source) stay
    // on the Return sheet.
    let columns: Vec<Col> = COLUMNS
        .iter()
        .map(|c| c.col)
        .filter(|c| !matches!(c, Col::Definition | Col::Source))
        .collect();
    for (k, col) in columns.iter().enumerate() {
        ws.write_string(0, k as ColNum, column_of(*col).title)?;
    }
    for (r, d) in mine(x).iter().enumerate() {
        let row = r as RowNum + 1;
        for (k, col) in columns.iter().enumerate() {
            register_cell(ws, row, k as ColNum, *col, d)?;
        }
    }
    ws.set_very_hidden(true);
    Ok(())
}

/// One indicator's cell in column `col`, as a register holds it (read back
/// by `register::embedded`).
fn register_cell(
    ws: &mut Worksheet,
    row: RowNum,
    k: ColNum,
    col: Col,
    d: &Indicator,
) -> Result<(), XlsxError> {
    let word = |v: serde_json::Result<serde_json::Value>| {
        v.ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let text = |s: &str| fit(s, MAX_CELL_TEXT).to_string();
    let number = |ws: &mut Worksheet, v: Option<f64>| -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            ws.write_number(row, k, v)?;
        }
        Ok(())
    };
    let written = match col {
        Col::Code => text(&d.code),
        Col::Title => text(&d.title),
        Col::Directorate => text(&d.directorate),
        Col::Owner => text(d.owner.as_deref().unwrap_or("")),
        Col::Unit => word(serde_json::to_value(d.unit)),
        Col::Polarity => word(serde_json::to_value(d.polarity)),
        Col::Frequency => word(serde_json::to_value(d.frequency)),
        Col::Measure => word(serde_json::to_value(d.measure)),
        // As "5%": a bare 0.05 is refused by the register reader as ambiguous.
        Col::Tolerance => format!("{}%", d.tolerance * 100.0),
        Col::Required => (if d.required { "yes" } else { "no" }).to_string(),
        Col::Definition => text(d.definition.as_deref().unwrap_or("")),
        Col::Source => text(d.data_source.as_deref().unwrap_or("")),
        // No multiplier is written "none"; no bound is left blank.
        Col::Multiplier if d.multiplier.is_none_or(|m| !m.is_finite()) => "none".to_string(),
        Col::Multiplier => return number(ws, d.multiplier),
        Col::AnnualTarget => return number(ws, d.annual_target),
        Col::Min => return number(ws, d.min),
        Col::Max => return number(ws, d.max),
        Col::Decimals => return number(ws, d.decimals.map(f64::from)),
    };
    ws.write_string(row, k, written)?;
    Ok(())
}

/// The profiled targets of the directorate's indicators (Code, Period,
/// Target: `ipr_targets`).
pub(super) fn targets(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let ts = wb.add_worksheet();
    ts.set_name(crate::metadata::TARGETS_SHEET)?;
    for (c, (_, title, _)) in TARGET_COLUMNS.iter().enumerate() {
        ts.write_string(0, c as ColNum, *title)?;
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
