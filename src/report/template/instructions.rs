//! The Instructions sheet of a blank return: the council's `instructions.txt`
//! with its placeholders filled in, on one page wide of A4.

use super::{instructions_text, locked_text, TemplateInput};
use crate::report::workbook::wrapped_lines;
use rust_xlsxwriter::{Format, FormatAlign, RowNum, Workbook, XlsxError};

/// Adds the Instructions sheet.
pub(super) fn add(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let text = instructions_text(x.templates, x.directorate, x.period, x.cal, x.due.len());
    let ins = wb.add_worksheet();
    ins.set_name("Instructions")?;
    // Narrow enough for A4 upright at full size in Excel and in LibreOffice
    // (whose fit-to-width is not relied on here).
    ins.set_column_width(0, 76)?;
    // On one page wide of A4, each wrapped line in a row tall enough for it.
    ins.set_paper_size(9);
    ins.set_portrait();
    ins.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ins.set_print_fit_to_pages(1, 0);
    let heading = Format::new().set_bold().set_font_size(13);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (i, line) in text.lines().enumerate() {
        let row = RowNum::try_from(i).unwrap_or(RowNum::MAX);
        match line.strip_prefix("# ") {
            Some(h) => locked_text(ins, row, 0, h, &heading)?,
            None if line.trim().is_empty() => {}
            None => {
                locked_text(ins, row, 0, line, &wrap)?;
                let lines = wrapped_lines(line, 76.0);
                if lines > 1 {
                    ins.set_row_height(row, 15.0 * f64::from(lines.min(27)))?;
                }
            }
        }
    }
    ins.protect();
    Ok(())
}
