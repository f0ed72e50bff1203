//! [`Sheet`]: a worksheet with the styles at hand, and the one way text,
//! numbers and table headers are written to every sheet of the report.

mod lines;

use super::styles::Styles;
use crate::report::text::{fit, looks_like_formula, MAX_CELL_TEXT};
pub(crate) use lines::{printed_lines, wrapped_lines};
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

/// A worksheet with the styles at hand.
pub(super) struct Sheet<'a> {
    /// The worksheet written to.
    pub(super) ws: &'a mut Worksheet,
    /// The workbook's formats.
    pub(super) st: &'a Styles,
    /// Column widths as set by [`Sheet::table`] or [`Sheet::widths`], for row heights.
    widths: Vec<f64>,
    /// The row whose height was last raised for wrapped text, and its lines.
    tall: Option<(RowNum, u32)>,
    /// Heights set on rows, in points (the others are [`LINE`]).
    heights: std::collections::BTreeMap<RowNum, f64>,
    /// Rows sized by [`printed_lines`] rather than [`wrapped_lines`].
    glyphs: bool,
}

/// Height of one line of 11 pt text, in points (Excel's default row).
pub(super) const LINE: f64 = 15.0;
/// Most lines of 11 pt text a row holds: Excel's rows are at most 409 points.
pub(super) const MOST_LINES: u32 = 27;
/// A4 in rust_xlsxwriter's (Excel's) paper sizes.
const A4: u8 = 9;
/// Left and right margins, inches.
const SIDE_MARGIN: f64 = 0.4;
/// Width a landscape A4 page prints, in points: 297 mm less the side margins.
pub(super) const PAGE_WIDTH: f64 = 297.0 / 25.4 * 72.0 - 2.0 * SIDE_MARGIN * 72.0;
/// Height a landscape A4 page prints, in points: 210 mm less top and bottom
/// margins, with room for the footer.
pub(super) const PAGE_HEIGHT: f64 = 210.0 / 25.4 * 72.0 - 2.0 * 0.5 * 72.0;
/// The least print scale planned for: 11 pt type at 67% is 7.4 pt, a margin above
/// SPEC section 12's 7 pt (LibreOffice has been seen to fit a sheet a few
/// percent smaller than its print area needs).
const MIN_SCALE: f64 = 0.67;

/// The printed width of a column `width` characters wide, in points at 100%,
/// planned for the widest program that prints it. Excel gives a character of
/// width 7 pixels (Calibri's digit) plus 5 of padding; LibreOffice on a
/// machine without Calibri or its metric twin Carlito measures DejaVu Sans, 9
/// pixels a character, so the same sheet prints a quarter wider. Planning for 9
/// keeps the type at 7 pt or more in both; Excel prints it a little larger.
pub(super) fn column_points(width: f64) -> f64 {
    (9.0 * width + 5.0) * 0.75
}

/// A4, landscape, `header_row` repeated on every page, never squeezed below 7 pt.
///
/// A table whose `widths` fit the page at [`MIN_SCALE`] or more is fitted to one
/// page wide, over as many pages down as it needs. A wider one prints the
/// longest run of columns from the left that fits at that scale (the columns that
/// matter come first in every table: the figures before commentary, helper columns
/// and links), and the rest stay on screen. Worked out from the widths, so a
/// column added to a table moves the print area with it.
pub(crate) fn print_setup(
    ws: &mut Worksheet,
    header_row: Option<RowNum>,
    widths: &[f64],
) -> Result<(), XlsxError> {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_margins(SIDE_MARGIN, SIDE_MARGIN, 0.5, 0.5, 0.3, 0.3);
    ws.set_footer("&L&A&RPage &P of &N");
    if let Some(row) = header_row {
        ws.set_repeat_rows(row, row)?;
    }
    let fits = printed_columns(widths);
    if fits < widths.len() && fits > 0 {
        ws.set_print_area(0, 0, 1_048_575, fits as ColNum - 1)?;
    }
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// How many columns from the left [`print_setup`] prints: those that fit the
/// page at [`MIN_SCALE`] or more.
fn printed_columns(widths: &[f64]) -> usize {
    let room = PAGE_WIDTH / MIN_SCALE;
    let mut used = 0.0;
    let mut fits = 0;
    for w in widths {
        used += column_points(*w);
        if used > room {
            break;
        }
        fits += 1;
    }
    fits
}

/// How much wider LibreOffice (7.4, with DejaVu Sans) prints a column than
/// [`column_points`] plans, as measured on a directorate sheet: the few
/// percent that [`MIN_SCALE`] leaves room for when a program fits the width.
const LIBREOFFICE_WIDER: f64 = 1.06;
/// The least fixed print scale, in percent: 11 pt type at 65% is 7.15 pt.
const LEAST_FIXED_SCALE: f64 = 65.0;

/// A fixed print scale, in percent, and how many columns from the left print
/// at it, for a table of `widths` whose page breaks are planned: the longest
/// run of columns that fits the page at [`LEAST_FIXED_SCALE`] or more in the
/// widest program (LibreOffice), at the largest whole percent that fits them.
/// Fitting to the page width instead would leave the scale to each program:
/// Excel, measuring a character as 7 pixels rather than 9, prints the same
/// columns about a quarter larger, so its pages hold fewer rows. At a fixed
/// scale every program breaks pages at the same rows.
pub(super) fn fixed_print_scale(widths: &[f64]) -> (u16, usize) {
    let mut used = 0.0;
    let mut fits = 0;
    for w in widths {
        let more = used + column_points(*w) * LIBREOFFICE_WIDER;
        if fits > 0 && PAGE_WIDTH / more * 100.0 < LEAST_FIXED_SCALE {
            break;
        }
        used = more;
        fits += 1;
    }
    let scale = if used > 0.0 {
        (PAGE_WIDTH / used * 100.0).min(100.0).floor()
    } else {
        100.0
    };
    (scale.max(10.0) as u16, fits)
}

impl<'a> Sheet<'a> {
    /// A sheet to write to, with no column widths known yet.
    pub(super) fn new(ws: &'a mut Worksheet, st: &'a Styles) -> Sheet<'a> {
        Sheet {
            ws,
            st,
            widths: Vec::new(),
            tall: None,
            heights: Default::default(),
            glyphs: false,
        }
    }

    /// Sizes this sheet's rows for their text by each character's width
    /// ([`printed_lines`]): rows only as tall as their text needs.
    pub(super) fn by_glyph_widths(mut self) -> Self {
        self.glyphs = true;
        self
    }
}

impl Sheet<'_> {
    /// Sets the column widths (for a sheet not laid out by [`Sheet::table`]).
    pub(super) fn widths(&mut self, widths: &[f64]) -> Result<(), XlsxError> {
        for (col, w) in widths.iter().enumerate() {
            self.ws.set_column_width(col as ColNum, *w)?;
        }
        self.widths = widths.to_vec();
        Ok(())
    }

    /// The width of columns `first..=last`, in characters.
    fn span_width(&self, first: ColNum, last: ColNum) -> f64 {
        (first..=last)
            .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
            .sum::<f64>()
            // Merged cells gain the padding between their columns.
            + f64::from(last - first) * 5.0 / 7.0
    }

    /// Makes `row` tall enough for `s` wrapped in columns `first..=last`.
    /// LibreOffice and Excel keep a written file's row heights, so a row
    /// left at the default would let wrapped text run under the next one.
    pub(super) fn fit_row(
        &mut self,
        row: RowNum,
        first: ColNum,
        last: ColNum,
        s: &str,
    ) -> Result<(), XlsxError> {
        let lines = self.lines_in(first, last, s).min(MOST_LINES);
        let before = match self.tall {
            Some((r, n)) if r == row => n,
            _ => 1,
        };
        if lines > before {
            self.set_height(row, LINE * f64::from(lines))?;
            self.tall = Some((row, lines));
        }
        Ok(())
    }

    /// Lines that `s` takes wrapped in columns `first..=last`.
    pub(super) fn lines_in(&self, first: ColNum, last: ColNum, s: &str) -> u32 {
        let width = self.span_width(first, last);
        if self.glyphs {
            printed_lines(s, width)
        } else {
            wrapped_lines(s, width)
        }
    }

    /// Sets a row's height, in points, and remembers it.
    pub(super) fn set_height(&mut self, row: RowNum, points: f64) -> Result<(), XlsxError> {
        self.ws.set_row_height(row, points)?;
        self.heights.insert(row, points);
        Ok(())
    }

    /// The printed height of `row`, in points at 100%.
    pub(super) fn row_height(&self, row: RowNum) -> f64 {
        self.heights.get(&row).copied().unwrap_or(LINE)
    }

    /// The printed height of the rows above `row`, in points at 100%.
    pub(super) fn height_above(&self, row: RowNum) -> f64 {
        let set: f64 = self.heights.range(..row).map(|(_, h)| h).sum();
        let others = row as usize - self.heights.range(..row).count();
        set + others as f64 * LINE
    }

    /// Our own words in a wrapping cell, with the row made tall enough.
    pub(super) fn wrapped_word(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
    ) -> Result<(), XlsxError> {
        let st = self.st;
        self.wrapped_word_in(row, col, s, &st.wrap)
    }

    /// Our own words in a given wrapping format, with the row made tall enough.
    pub(super) fn wrapped_word_in(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        if s.is_empty() {
            return Ok(());
        }
        self.ws.write_string_with_format(row, col, s, fmt)?;
        self.fit_row(row, col, col, s)
    }

    /// A heading row whose headings each span columns `first..=last`
    /// (merged where they span more than one), as the Summary's lists have.
    pub(super) fn span_headings(
        &mut self,
        row: RowNum,
        spans: &[(&str, ColNum, ColNum)],
    ) -> Result<(), XlsxError> {
        let header = &self.st.header;
        for &(name, first, last) in spans {
            if first == last {
                self.ws.write_string_with_format(row, first, name, header)?;
            } else {
                self.ws.merge_range(row, first, row, last, name, header)?;
            }
        }
        Ok(())
    }

    /// User text over merged columns `first..=last`, wrapping, the row made tall enough.
    pub(super) fn merged_text(
        &mut self,
        row: RowNum,
        first: ColNum,
        last: ColNum,
        s: &str,
    ) -> Result<(), XlsxError> {
        let s = fit(s, MAX_CELL_TEXT);
        self.span_text(row, first, last, s, true)?;
        self.fit_row(row, first, last, s)
    }

    /// `s` in columns `first..=last` (merged when more than one), wrapping or
    /// not, quote-prefixed where it could become a formula.
    fn span_text(
        &mut self,
        row: RowNum,
        first: ColNum,
        last: ColNum,
        s: &str,
        wrap: bool,
    ) -> Result<(), XlsxError> {
        let st = self.st;
        let fmt = match (wrap, looks_like_formula(s)) {
            (true, false) => &st.wrap,
            (true, true) => &st.wrap_q,
            (false, false) => &st.plain,
            (false, true) => &st.plain_q,
        };
        if first == last {
            self.ws.write_string_with_format(row, first, s, fmt)?;
        } else {
            self.ws.merge_range(row, first, row, last, s, fmt)?;
        }
        Ok(())
    }

    /// Our own words over rows `top..=bottom` and columns `first..=last`,
    /// merged, in `fmt` (which wraps), the last row made taller where the rows are too
    /// short for the words.
    pub(super) fn block(
        &mut self,
        (top, bottom): (RowNum, RowNum),
        (first, last): (ColNum, ColNum),
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        self.ws.merge_range(top, first, bottom, last, s, fmt)?;
        let need = LINE * f64::from(self.lines_in(first, last, s));
        let have: f64 = (top..=bottom).map(|r| self.row_height(r)).sum();
        if need > have {
            let h = self.row_height(bottom) + need - have;
            self.set_height(bottom, h)?;
        }
        Ok(())
    }

    /// User text on one line across columns `first..=last`, cut with "…" where
    /// it would not fit: for a list that must keep one line per entry (the
    /// Summary's exceptions), where the full text is on another sheet.
    pub(super) fn one_line(
        &mut self,
        row: RowNum,
        first: ColNum,
        last: ColNum,
        s: &str,
    ) -> Result<(), XlsxError> {
        // About a character per unit of width; a little over for the narrow
        // letters of most text (measured in LibreOffice's rendering).
        let room = (self.span_width(first, last) * 1.05).floor() as usize;
        let s = one_line_text(s, room.max(2));
        self.span_text(row, first, last, &s, false)
    }

    /// User text: always a string, quote-prefixed where it could become a formula.
    pub(super) fn text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, false)
    }

    /// User text in a wrapping cell (commentary, messages).
    pub(super) fn long_text(&mut self, row: RowNum, col: ColNum, s: &str) -> Result<(), XlsxError> {
        self.text_in(row, col, s, true)
    }

    fn text_in(&mut self, row: RowNum, col: ColNum, s: &str, wrap: bool) -> Result<(), XlsxError> {
        self.text_sized(row, col, s, wrap, wrap)
    }

    /// User text in a wrapping cell, the row left as it is: for text too long
    /// for any row, printed in full elsewhere (the Exceptions sheet's answers).
    pub(super) fn long_text_unsized(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
    ) -> Result<(), XlsxError> {
        self.text_sized(row, col, s, true, false)
    }

    fn text_sized(
        &mut self,
        row: RowNum,
        col: ColNum,
        s: &str,
        wrap: bool,
        size: bool,
    ) -> Result<(), XlsxError> {
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
        if size {
            self.fit_row(row, col, col, s)?;
        }
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

    /// Header row, widths, frozen panes under it, a filter over the table, and
    /// print set-up ([`print_setup`]) with the header row on every page.
    pub(super) fn table(
        &mut self,
        header_row: RowNum,
        columns: &[(&str, f64)],
        last_row: RowNum,
    ) -> Result<(), XlsxError> {
        self.table_with(header_row, columns, last_row, Some(header_row))
    }

    /// [`Sheet::table`], printing `repeat` (if any) on every page: for a sheet
    /// with more than the table on it, which decides once it knows the table's
    /// height.
    pub(super) fn table_with(
        &mut self,
        header_row: RowNum,
        columns: &[(&str, f64)],
        last_row: RowNum,
        repeat: Option<RowNum>,
    ) -> Result<(), XlsxError> {
        for (col, (name, width)) in columns.iter().enumerate() {
            let col = col as ColNum;
            self.ws
                .write_string_with_format(header_row, col, *name, &self.st.header)?;
            self.ws.set_column_width(col, *width)?;
        }
        self.widths = columns.iter().map(|(_, w)| *w).collect();
        // Headings wrap in narrow columns. LibreOffice keeps the default height
        // and lets the second line run over the row below, so the row is made
        // as tall as the longest heading needs (about a character per unit of width).
        let lines = columns
            .iter()
            .map(|(name, width)| wrapped_lines(name, *width))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            self.set_height(header_row, LINE * f64::from(lines))?;
        }
        let last_col = columns.len().saturating_sub(1) as ColNum;
        self.ws.set_freeze_panes(header_row + 1, 0)?;
        self.ws
            .autofilter(header_row, 0, last_row.max(header_row), last_col)?;
        print_setup(self.ws, repeat, &self.widths)
    }

    /// The column widths set, in characters.
    pub(super) fn column_widths(&self) -> &[f64] {
        &self.widths
    }
}

/// `s` on one line in at most `room` characters: line breaks become spaces,
/// and a longer text is cut at a word where it can be, ending "…".
pub(crate) fn one_line_text(s: &str, room: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= room {
        return flat;
    }
    let cut: String = flat.chars().take(room - 1).collect();
    // Back to the last space, unless that would lose most of the room.
    let at_word = cut
        .rfind(' ')
        .filter(|&i| cut[..i].chars().count() * 3 >= room * 2)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([' ', ',', ';']))
}

#[cfg(test)]
mod tests {
    use super::one_line_text;

    #[test]
    fn one_line_text_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(one_line_text("Short title", 20), "Short title");
        assert_eq!(one_line_text("Two\nlines", 20), "Two lines");
        let cut = one_line_text("Percentage of assessments completed within timescale", 30);
        assert_eq!(cut, "Percentage of assessments…");
        assert!(cut.chars().count() <= 30);
        // No space late enough: cut inside the word.
        assert_eq!(one_line_text("Supercalifragilistic", 10), "Supercali…");
        assert_eq!(one_line_text("Dépenses énergétiques", 12), "Dépenses…");
    }
}
