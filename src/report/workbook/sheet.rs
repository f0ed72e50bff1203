//! [`Sheet`]: a worksheet with the styles at hand, and the one way text,
//! numbers and table headers are written to every sheet of the report.

use super::styles::Styles;
use crate::report::text::{fit, looks_like_formula, MAX_CELL_TEXT};
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

/// A worksheet with the styles at hand.
pub(super) struct Sheet<'a> {
    /// The worksheet written to.
    pub(super) ws: &'a mut Worksheet,
    /// The workbook's formats.
    pub(super) st: &'a Styles,
}

impl Sheet<'_> {
    /// User text: always a string, quote-prefixed where it could become a formula.
    pub(super) fn text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, false)
    }

    /// User text in a wrapping cell (commentary, messages).
    pub(super) fn long_text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, true)
    }

    fn text_in(&mut self, row: RowNum, col: ColNum, s: &str, wrap: bool) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let s = fit(s, MAX_CELL_TEXT);
        let fmt = match (wrap, looks_like_formula(s)) {
            (false, false) => &self.st.plain,
            (false, true) => &self.st.plain_q,
            (true, false) => &self.st.wrap,
            (true, true) => &self.st.wrap_q,
        };
        self.ws.write_string_with_format(row, col, s, fmt)?;
        Ok(())
    }

    /// User text on one line, with no format unless it needs the quote prefix:
    /// for long tables where a format per cell would cost more than it shows.
    pub(super) fn bare_text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        let s = fit(s, MAX_CELL_TEXT);
        if looks_like_formula(s) {
            self.ws
                .write_string_with_format(row, col, s, &self.st.plain_q)?;
        } else {
            self.ws.write_string(row, col, s)?;
        }
        Ok(())
    }

    /// A number in the General format, with no format of its own (see [`Self::bare_text`]).
    pub(super) fn bare_num(
        &mut self,
        row: RowNum,
        col: ColNum,
        v: Option<f64>,
    ) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.ws.write_number(row, col, v)?;
        }
        Ok(())
    }

    /// User text that may be absent (then nothing is written).
    pub(super) fn opt_text(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: Option<&str>,
    ) -> Result<(), XlsxError> {
        self.text(row, col, s.unwrap_or(""))
    }

    /// Our own words (never user text) in a given format.
    pub(super) fn word(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, fmt)?;
        Ok(())
    }

    /// A number, unrounded; blank when absent or not finite (Excel cannot hold NaN).
    pub(super) fn num(
        &mut self,
        row: RowNum,
        col: ColNum,
        v: Option<f64>,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            self.ws.write_number_with_format(row, col, v, fmt)?;
        }
        Ok(())
    }

    /// A count in the General format.
    pub(super) fn count(&mut self, row: RowNum, col: ColNum, n: usize) -> Result<(), XlsxError> {
        self.ws
            .write_number_with_format(row, col, n as f64, &self.st.general)?;
        Ok(())
    }

    /// Header row, widths, frozen panes under it, a filter over the table, and print set-up.
    pub(super) fn table(
        &mut self,
        header_row: RowNum,
        columns: &[(&str, f64)],
        last_row: RowNum,
    ) -> Result<(), XlsxError> {
        for (col, (name, width)) in columns.iter().enumerate() {
            let col = col as ColNum;
            self.ws
                .write_string_with_format(header_row, col, *name, &self.st.header)?;
            self.ws.set_column_width(col, *width)?;
        }
        // Headings wrap in narrow columns. LibreOffice keeps the default height
        // and lets the second line run over the row below, so the row is made
        // as tall as the longest heading needs (about a character per unit of width).
        let lines = columns
            .iter()
            .map(|(name, width)| (name.chars().count() as f64 / width.max(1.0)).ceil())
            .fold(1.0, f64::max);
        if lines > 1.0 {
            self.ws.set_row_height(header_row, 15.0 * lines)?;
        }
        let last_col = columns.len().saturating_sub(1) as ColNum;
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        self.ws
            .autofilter(header_row, 0, last_row.max(header_row), last_col)?;
        self.ws.set_repeat_rows(header_row, header_row)?;
        self.ws.set_landscape();
        self.ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }
}
