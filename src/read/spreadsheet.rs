//! Spreadsheets through calamine: .xlsx, .xlsm, .xls, .xlsb and .ods, sheet by
//! sheet, with every limit checked as cells arrive.

use super::limits::{check_rectangle, Budget, Placed};
use super::{ods, sniff, text_value, Cell, CellValue, Limits, ReadError, Sheet, UnreadSheet};
use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use std::io::Cursor;

/// Every sheet of a workbook, and the sheets that could not be read with why.
pub(super) fn read_spreadsheet(
    bytes: &[u8],
    kind: sniff::Kind,
    limits: &Limits,
) -> Result<(Vec<Sheet>, Vec<UnreadSheet>), ReadError> {
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
        // A compound file is a .xls to calamine: its own error is the one to give.
        sniff::Kind::Cfb => calamine::Xls::new(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
    }
    .map_err(map_calamine)?;
    let metas: Vec<(String, bool, SheetType)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible, s.typ))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    let mut unread = Vec::new();
    let mut first_failure = None;
    let ods_percent = match kind {
        sniff::Kind::Ods => ods::percent_cells(bytes, limits.max_uncompressed_bytes),
        _ => Default::default(),
    };
    for (name, visible, typ) in metas {
        let what = match typ {
            SheetType::WorkSheet => None,
            SheetType::ChartSheet => Some("a chart sheet"),
            SheetType::DialogSheet => Some("a dialog sheet"),
            SheetType::MacroSheet => Some("an Excel 4 macro sheet"),
            SheetType::Vba => Some("a Visual Basic module"),
        };
        if let Some(what) = what {
            unread.push(UnreadSheet {
                reason: format!("it is {what}, which holds no table of figures"),
                name,
                may_hold_data: false,
            });
            continue;
        }
        let read = match &mut wb {
            Sheets::Xlsx(x) => read_xlsx_sheet(x, &name, limits),
            Sheets::Xlsb(x) => read_xlsb_sheet(x, &name, limits),
            _ => read_other_sheet(&mut wb, &name, limits),
        };
        let mut out = match read {
            Ok(out) => out,
            // A sheet the reader cannot parse is one finding; the others are read.
            // Limits stay the file's: they guard the machine, not the sheet.
            Err(ReadError::Corrupt(detail)) => {
                let prefix = format!("sheet '{name}': ");
                let inner = detail.strip_prefix(&prefix).unwrap_or(&detail).to_string();
                unread.push(UnreadSheet {
                    reason: format!("the sheet is damaged ({inner})"),
                    name,
                    may_hold_data: true,
                });
                first_failure.get_or_insert(ReadError::Corrupt(detail));
                continue;
            }
            Err(e) => return Err(e),
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
    if let (true, Some(e)) = (sheets.is_empty(), first_failure) {
        // Nothing else to read: the file as a whole is damaged.
        return Err(e);
    }
    Ok((sheets, unread))
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
/// no saved result, with every limit checked as it goes. Only cells that hold
/// something count against the limits: the extent a sheet declares, and empty
/// formatted cells down to row 1,048,576, cost nothing.
fn read_xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Placed, ReadError> {
    let fail = |e| sheet_error(name, e);
    let mut reader = x.worksheet_cells_reader(name).map_err(fail)?;
    let percent_style: Vec<bool> = reader
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|nf| is_percent_format(&nf.format_code))
        })
        .collect();
    let declared = reader.dimensions();
    let (mut out, any_empty) = take_cells(name, limits, || {
        let Some((cell, style)) = reader.next_cell_with_style_id().map_err(fail)? else {
            return Ok(None);
        };
        let percent = percent_style.get(style).copied().unwrap_or(false);
        Ok(Some((
            cell.get_position(),
            Data::from(cell.get_value().clone()),
            percent,
        )))
    })
    .map_err(|e| as_declared(e, declared))?;
    drop(reader);
    if any_empty {
        let mut reader = x.worksheet_cells_reader(name).map_err(fail)?;
        push_unsaved_formulas(&mut out, || reader.next_formula().map_err(fail))?;
    }
    Ok(out)
}

/// Stream one xlsb sheet as an xlsx one is streamed: only cells holding
/// something count (calamine's whole-sheet read would allocate the declared extent).
fn read_xlsb_sheet<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsb<RS>,
    name: &str,
    limits: &Limits,
) -> Result<Placed, ReadError> {
    let fail = |e: calamine::XlsbError| sheet_failure(name, map_calamine(calamine::Error::Xlsb(e)));
    let mut reader = x.worksheet_cells_reader(name).map_err(fail)?;
    let (mut out, any_empty) = take_cells(name, limits, || {
        let Some(cell) = reader.next_cell().map_err(fail)? else {
            return Ok(None);
        };
        Ok(Some((
            cell.get_position(),
            Data::from(cell.get_value().clone()),
            false,
        )))
    })?;
    drop(reader);
    if any_empty {
        let mut reader = x.worksheet_cells_reader(name).map_err(fail)?;
        push_unsaved_formulas(&mut out, || reader.next_formula().map_err(fail))?;
    }
    Ok(out)
}

/// One cell as a streaming reader gives it: position, value, and whether its
/// number format shows a percentage.
type Streamed = ((u32, u32), Data, bool);

/// The cells that hold something, from `next` until it gives `None`, with the
/// limits checked as each arrives; and whether any cell was present but empty
/// (it may be a formula whose result was never saved).
fn take_cells(
    name: &str,
    limits: &Limits,
    mut next: impl FnMut() -> Result<Option<Streamed>, ReadError>,
) -> Result<(Placed, bool), ReadError> {
    let mut budget = Budget::new(name, limits);
    let mut out: Placed = Vec::new();
    let mut any_empty = false;
    while let Some((pos, data, percent)) = next()? {
        let value = convert(&data);
        if value == CellValue::Empty {
            any_empty = true;
            continue;
        }
        budget.take(pos, &value)?;
        out.push((pos, Cell { value, percent }));
    }
    Ok((out, any_empty))
}

/// A sheet whose cells holding data went over a limit is refused as soon as
/// they do, before the rest is read: where the sheet declares a larger extent,
/// the message gives that, the sheet's size as the file states it.
fn as_declared(e: ReadError, d: calamine::Dimensions) -> ReadError {
    let rows = u64::from(d.end.0.saturating_sub(d.start.0)) + 1;
    let cols = u64::from(d.end.1.saturating_sub(d.start.1)) + 1;
    match e {
        ReadError::TooManyRows {
            sheet,
            rows: seen,
            limit,
        } => ReadError::TooManyRows {
            sheet,
            rows: seen.max(rows),
            limit,
        },
        ReadError::SheetTooBig {
            sheet,
            cells: seen,
            limit,
        } => ReadError::SheetTooBig {
            sheet,
            cells: seen.max(rows * cols),
            limit,
        },
        e => e,
    }
}

/// Formulas whose cells read as empty: their results were never saved. Found
/// without keeping every empty cell's position, which a formatted tail has millions of.
fn push_unsaved_formulas(
    out: &mut Placed,
    mut next_formula: impl FnMut() -> Result<Option<calamine::Cell<String>>, ReadError>,
) -> Result<(), ReadError> {
    let mut held: Vec<(u32, u32)> = out.iter().map(|(p, _)| *p).collect();
    held.sort_unstable();
    while let Some(f) = next_formula()? {
        let pos = f.get_position();
        if !f.get_value().is_empty() && held.binary_search(&pos).is_err() {
            out.push((
                pos,
                Cell {
                    value: CellValue::FormulaNoValue(f.get_value().clone()),
                    percent: false,
                },
            ));
        }
    }
    Ok(())
}

/// A sheet's own failure, named by the sheet.
fn sheet_failure(sheet: &str, e: ReadError) -> ReadError {
    match e {
        ReadError::Corrupt(detail) => ReadError::Corrupt(format!("sheet '{sheet}': {detail}")),
        e => e,
    }
}

/// Read a sheet of an .xls or .ods file whole (their formats bound a sheet's
/// size, and the zip check bounds .ods), then apply the limits.
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
    super::message::plain(&e)
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
