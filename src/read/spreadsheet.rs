//! Spreadsheets through calamine: .xlsx, .xlsm, .xls, .xlsb and .ods, sheet by
//! sheet, with every limit checked as cells arrive.

use super::limits::{check_rectangle, Budget, Placed};
use super::{ods, sniff, text_value, Cell, CellValue, Limits, ReadError, Sheet};
use calamine::{open_workbook_auto_from_rs, Data, Reader, SheetVisible, Sheets};
use std::io::Cursor;

pub(super) fn read_spreadsheet(
    bytes: &[u8],
    kind: sniff::Kind,
    limits: &Limits,
) -> Result<Vec<Sheet>, ReadError> {
    // Open with the reader the contents call for, so its own error reaches the
    // user rather than "cannot detect file format" after every reader has failed.
    let cursor = Cursor::new(bytes);
    let mut wb = match kind {
        sniff::Kind::Xlsx => calamine::Xlsx::new(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        sniff::Kind::Xlsb => calamine::Xlsb::new(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        sniff::Kind::Ods => calamine::Ods::new(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
        sniff::Kind::Cfb => open_workbook_auto_from_rs(cursor),
    }
    .map_err(map_calamine)?;
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    let ods_percent = match kind {
        sniff::Kind::Ods => ods::percent_cells(bytes, limits.max_uncompressed_bytes),
        _ => Default::default(),
    };
    for (name, visible) in metas {
        let mut out = match &mut wb {
            Sheets::Xlsx(x) => read_xlsx_sheet(x, &name, limits)?,
            _ => read_other_sheet(&mut wb, &name, limits)?,
        };
        if let Some(marked) = ods_percent.get(&name) {
            for (pos, cell) in out.iter_mut() {
                if marked.contains(pos) {
                    cell.percent = true;
                }
            }
        }
        check_rectangle(&name, &out, limits)?;
        sheets.push(Sheet::from_cells(&name, visible, out));
    }
    Ok(sheets)
}

fn sheet_error(sheet: &str, e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::CellError(value) => ReadError::UnknownErrorValue {
            sheet: sheet.to_string(),
            value,
        },
        other => match map_calamine(calamine::Error::Xlsx(other)) {
            ReadError::Corrupt(detail) => ReadError::Corrupt(format!("sheet '{sheet}': {detail}")),
            e => e,
        },
    }
}

/// Stream one xlsx sheet cell by cell: values, percent formats and formulas with
/// no saved result, with every limit checked as it goes (the declared extent
/// first, since a file may claim one size and hold another).
fn read_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Placed, ReadError> {
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet has no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(sheet_error(name, e)),
    };
    let d = reader.dimensions();
    let rows = u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
    let cols = u64::from(d.end.1.saturating_sub(d.start.1)) + 1;
    if rows > limits.max_sheet_rows {
        return Err(ReadError::TooManyRows {
            sheet: name.to_string(),
            rows,
            limit: limits.max_sheet_rows,
        });
    }
    if rows * cols > limits.max_sheet_cells {
        return Err(ReadError::SheetTooBig {
            sheet: name.to_string(),
            cells: rows * cols,
            limit: limits.max_sheet_cells,
        });
    }
    let percent_style: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|nf| is_percent_format(&nf.format_code))
        })
        .collect();
    let mut budget = Budget::new(name, limits);
    let mut out = Vec::new();
    // Cells present but empty: where a formula may have no saved result.
    let mut empty = std::collections::HashSet::new();
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| sheet_error(name, e))?
    {
        let pos = cell.get_position();
        let value = convert(&Data::from(cell.get_value().clone()));
        budget.take(pos, &value)?;
        if value == CellValue::Empty {
            empty.insert(pos);
            continue;
        }
        let percent = percent_style.get(style).copied().unwrap_or(false);
        out.push((pos, Cell { value, percent }));
    }
    drop(reader);
    if !empty.is_empty() {
        let mut reader = x
            .worksheet_cells_reader(name)
            .map_err(|e| sheet_error(name, e))?;
        while let Some(f) = reader.next_formula().map_err(|e| sheet_error(name, e))? {
            let pos = f.get_position();
            if !f.get_value().is_empty() && empty.contains(&pos) {
                out.push((
                    pos,
                    Cell {
                        value: CellValue::FormulaNoValue(f.get_value().clone()),
                        percent: false,
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// Read a sheet of an .xls, .xlsb or .ods file whole (their formats bound a
/// sheet's size, and the zip check bounds .ods and .xlsb), then apply the limits.
fn read_other_sheet(
    wb: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Placed, ReadError> {
    let range = wb.worksheet_range(name).map_err(map_calamine)?;
    let formulas = wb.worksheet_formula(name).ok();
    let mut budget = Budget::new(name, limits);
    let mut out = Vec::new();
    for (r, c, data) in range.used_cells() {
        let Some((r0, c0)) = range.start() else { break };
        let pos = (r0 + r as u32, c0 + c as u32);
        let value = convert(data);
        if value == CellValue::Empty {
            continue;
        }
        budget.take(pos, &value)?;
        out.push((
            pos,
            Cell {
                value,
                percent: false,
            },
        ));
    }
    // A formula with no saved result reads as empty: find those from the formula range.
    if let Some(f) = &formulas {
        for (r, c, text) in f.used_cells() {
            let Some((fr0, fc0)) = f.start() else { break };
            if text.is_empty() {
                continue;
            }
            let pos = (fr0 + r as u32, fc0 + c as u32);
            let has_value = range.get_value(pos).is_some_and(|d| *d != Data::Empty);
            if !has_value {
                out.push((
                    pos,
                    Cell {
                        value: CellValue::FormulaNoValue(text.clone()),
                        percent: false,
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// True when an Excel number format shows values as percentages: a `%` outside quotes and escapes.
pub fn is_percent_format(code: &str) -> bool {
    let mut in_quotes = false;
    let mut escaped = false;
    for ch in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            '%' if !in_quotes => return true,
            _ => {}
        }
    }
    false
}

fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::Int(i) => CellValue::Number(*i as f64),
        // 1e999 in the XML parses as infinity: it is not a figure anyone typed.
        Data::Float(f) if !f.is_finite() => CellValue::Text(f.to_string()),
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => text_value(s),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) => CellValue::Date(d),
            None => CellValue::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .or_else(|| {
                    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                }) {
                Some(d) => CellValue::Date(d),
                None => CellValue::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(error_text(e)),
    }
}

fn error_text(e: &calamine::CellErrorType) -> String {
    use calamine::CellErrorType::*;
    match e {
        Div0 => "#DIV/0!",
        NA => "#N/A",
        Name => "#NAME?",
        Null => "#NULL!",
        Num => "#NUM!",
        Ref => "#REF!",
        Value => "#VALUE!",
        GettingData => "#GETTING_DATA",
    }
    .to_string()
}

fn map_calamine(e: calamine::Error) -> ReadError {
    let text = e.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("password") {
        return ReadError::Password;
    }
    if lower.contains("entity") {
        return ReadError::Corrupt(format!(
            "its XML declares its own entities, which Excel never writes and which can be used to attack XML readers; nothing was expanded: {text}"
        ));
    }
    ReadError::Corrupt(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.0%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0\\%"));
    }
}
