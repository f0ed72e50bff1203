//! The set-up every template sheet of one table to complete shares (Actions,
//! Finance): its name, title and note, the columns with their widths and
//! header, and, once the rows are in, frozen panes, protection with rows and
//! columns free to resize, and A4 printing.

use super::{locked_text as text, RowFormats};
use crate::report::text::{fit, MAX_CELL_TEXT};
use rust_xlsxwriter::{ColNum, ProtectionOptions, RowNum, Workbook, Worksheet, XlsxError};

/// A sheet's table: its columns (heading and width) and header row.
pub(super) struct Table<'c> {
    /// Each column's heading and width, from column A.
    pub columns: &'c [(&'c str, f64)],
    /// Zero-based header row.
    pub header_row: RowNum,
}

impl Table<'_> {
    /// Adds the sheet `name` with `title` in A1, `note` merged across row 2
    /// from A to `note_to`, and the header row; gives the sheet for its rows.
    pub fn start<'w>(
        &self,
        wb: &'w mut Workbook,
        name: &str,
        title: &str,
        note: &str,
        note_to: ColNum,
        f: &RowFormats,
    ) -> Result<&'w mut Worksheet, XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        text(ws, 0, 0, title, &f.title)?;
        ws.merge_range(1, 0, 1, note_to, fit(note, MAX_CELL_TEXT), &f.note)?;
        ws.set_row_height(1, 45)?;
        for (c, (h, w)) in self.columns.iter().enumerate() {
            let c = c as ColNum;
            ws.set_column_width(c, *w)?;
            ws.write_string_with_format(self.header_row, c, *h, &f.header)?;
        }
        Ok(ws)
    }

    /// Panes frozen below the header and right of column A, the sheet
    /// protected (rows and columns may still be resized), and A4 printing.
    pub fn finish(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_freeze_panes(self.header_row + 1, 1)?;
        let mut options = ProtectionOptions::new();
        options.format_columns = true;
        options.format_rows = true;
        ws.protect_with_options(&options);
        let widths: Vec<f64> = self.columns.iter().map(|(_, w)| *w).collect();
        crate::report::workbook::print_setup(ws, Some(self.header_row), &widths)
    }
}
