//! Cells, sheets and books: what a file becomes once read, and A1 references.

use chrono::NaiveDateTime;

/// What a cell holds, as far as the file says.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// Nothing in the cell.
    #[default]
    Empty,
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// A date (the cell's number format is a date format).
    Date(NaiveDateTime),
    /// An Excel error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never saved in the file.
    FormulaNoValue(String),
}

/// One cell: its value and what its number format says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// The value.
    pub value: CellValue,
    /// The number format shows the value as a percentage (`0.0%`).
    pub percent: bool,
}

impl Cell {
    /// True when the cell holds nothing, or only spaces.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            CellValue::Empty => true,
            CellValue::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user would read it, for messages (`#DIV/0!`, `85%`, `Jul-25`).
    pub fn display(&self) -> String {
        match &self.value {
            CellValue::Empty => String::new(),
            CellValue::Number(n) if self.percent => format!("{}%", trim_float(n * 100.0)),
            CellValue::Number(n) => trim_float(*n),
            CellValue::Text(t) => t.clone(),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Date(d) => d.format("%d %b %Y").to_string(),
            CellValue::Error(e) => e.clone(),
            CellValue::FormulaNoValue(f) => format!("={f}"),
        }
    }

    /// Text content, trimmed, if the cell holds text.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            CellValue::Text(t) => Some(t.trim()),
            _ => None,
        }
    }
}

fn trim_float(n: f64) -> String {
    // Most figures are whole numbers: written directly (this runs for every
    // value read), giving what the general case below gives for them.
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return (n as i64).to_string();
    }
    any_float(n)
}

/// Any number at up to ten decimal places, without float noise such as
/// 87.50000000000001 and without trailing zeros.
fn any_float(n: f64) -> String {
    crate::number::up_to(n, 10)
}

/// One worksheet as a dense grid anchored at its first used cell.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Sheet name as shown on its tab (empty for CSV).
    pub name: String,
    /// False for hidden and very hidden sheets.
    pub visible: bool,
    start: (u32, u32),
    height: u32,
    width: u32,
    cells: Vec<Cell>,
}

static EMPTY: Cell = Cell {
    value: CellValue::Empty,
    percent: false,
};

impl Sheet {
    /// Build a sheet from cells at absolute positions (used by readers and tests).
    pub fn from_cells(name: &str, visible: bool, cells: Vec<((u32, u32), Cell)>) -> Sheet {
        let cells: Vec<_> = cells.into_iter().filter(|(_, c)| !c.is_blank()).collect();
        if cells.is_empty() {
            return Sheet {
                name: name.to_string(),
                visible,
                ..Sheet::default()
            };
        }
        let r0 = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
        let c0 = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
        let r1 = cells.iter().map(|((r, _), _)| *r).max().unwrap_or(0);
        let c1 = cells.iter().map(|((_, c), _)| *c).max().unwrap_or(0);
        let (height, width) = (r1 - r0 + 1, c1 - c0 + 1);
        let mut grid = vec![Cell::default(); height as usize * width as usize];
        for ((r, c), cell) in cells {
            grid[((r - r0) * width + (c - c0)) as usize] = cell;
        }
        Sheet {
            name: name.to_string(),
            visible,
            start: (r0, c0),
            height,
            width,
            cells: grid,
        }
    }

    /// The cell at an absolute zero-based position (an empty cell outside the used area).
    pub fn get(&self, row: u32, col: u32) -> &Cell {
        if row < self.start.0 || col < self.start.1 {
            return &EMPTY;
        }
        let (r, c) = (row - self.start.0, col - self.start.1);
        if r >= self.height || c >= self.width {
            return &EMPTY;
        }
        &self.cells[(r * self.width + c) as usize]
    }

    /// Absolute rows in the used area.
    pub fn rows(&self) -> std::ops::Range<u32> {
        self.start.0..self.start.0 + self.height
    }

    /// Absolute columns in the used area.
    pub fn cols(&self) -> std::ops::Range<u32> {
        self.start.1..self.start.1 + self.width
    }

    /// True when nothing is in the sheet.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// A workbook read into memory.
#[derive(Debug, Clone)]
pub struct Book {
    /// The file as the user named it.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// File size in bytes.
    pub bytes: u64,
    /// Sheets in workbook order.
    pub sheets: Vec<Sheet>,
    /// Sheets that were not read, each with why (a chart sheet, a sheet the
    /// reader cannot parse): each is one finding, and the other sheets are read.
    pub unread: Vec<UnreadSheet>,
}

/// A sheet left out of a [`Book`], and why, in a sentence for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadSheet {
    /// Sheet name as shown on its tab.
    pub name: String,
    /// Why it was not read, e.g. "it is a chart sheet, which holds no table".
    pub reason: String,
    /// True when the sheet may hold figures that are now missing (a damaged
    /// sheet); false when it holds none by its nature (a chart sheet).
    pub may_hold_data: bool,
}

/// Every error value Excel shows in a cell, old and new (dynamic arrays, data types).
pub const EXCEL_ERRORS: &[&str] = &[
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#EXTERNAL!",
    "#PYTHON!",
];

/// Text that is exactly an Excel error value is one: Save as CSV and LibreOffice's
/// .ods files keep error cells as their text, and they must not pass for words.
pub(crate) fn text_value(s: &str) -> CellValue {
    let t = s.trim();
    if t.starts_with('#') && EXCEL_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(t)) {
        CellValue::Error(t.to_ascii_uppercase())
    } else {
        CellValue::Text(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_shown_as_the_general_rule_would_show_them() {
        for n in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            265.0,
            1e6,
            -123456789.0,
            999_999_999_999_999.0,
        ] {
            assert_eq!(trim_float(n), any_float(n), "{n}");
        }
        assert_eq!(trim_float(87.50000000000001), "87.5");
        assert_eq!(trim_float(1e15), "1000000000000000");
    }

    #[test]
    fn sheet_grid_is_absolute() {
        let s = Sheet::from_cells(
            "S",
            true,
            vec![
                (
                    (2, 1),
                    Cell {
                        value: CellValue::Text("Code".into()),
                        percent: false,
                    },
                ),
                (
                    (4, 3),
                    Cell {
                        value: CellValue::Number(5.0),
                        percent: false,
                    },
                ),
            ],
        );
        assert_eq!(s.get(2, 1).text(), Some("Code"));
        assert_eq!(s.get(4, 3).value, CellValue::Number(5.0));
        assert!(s.get(0, 0).is_blank());
        assert!(s.get(100, 100).is_blank());
        assert_eq!(s.rows(), 2..5);
        assert_eq!(s.cols(), 1..4);
    }

    #[test]
    fn display_avoids_float_noise() {
        let c = Cell {
            value: CellValue::Number(0.875),
            percent: true,
        };
        assert_eq!(c.display(), "87.5%");
        let c = Cell {
            value: CellValue::Number(42.0),
            percent: false,
        };
        assert_eq!(c.display(), "42");
    }
}
