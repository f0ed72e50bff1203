//! Reading workbooks into grids of typed cells with absolute positions.
//!
//! Knows nothing of indicators. Every cell keeps its absolute (row, col) so
//! that messages can name the A1 cell the user sees, wherever the data starts.

mod csv;

use calamine::{open_workbook_auto_from_rs, Data, Reader, SheetVisible, Sheets};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Cursor;
use std::path::Path;

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
    // Avoid float noise such as 87.50000000000001 in messages.
    let s = format!("{:.10}", n);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
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
}

/// Limits that keep one odd file from exhausting the machine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest sheet accepted, in cells of its used rectangle.
    pub max_sheet_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_sheet_cells: 20_000_000,
        }
    }
}

/// Why a file could not be read. Display gives a plain-English sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The file could not be opened or read from disk.
    Io(String),
    /// The file is bigger than the limit.
    TooBig {
        /// Size in bytes.
        bytes: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// A sheet's used area is bigger than the limit.
    SheetTooBig {
        /// Sheet name.
        sheet: String,
        /// Cells in its used rectangle.
        cells: u64,
        /// Limit in cells.
        limit: u64,
    },
    /// The file is protected with a password.
    Password,
    /// The file's extension is not one we read.
    UnsupportedType(String),
    /// The file is not a spreadsheet or is damaged.
    Corrupt(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "the file could not be opened ({e})"),
            ReadError::TooBig { bytes, limit } => write!(
                f,
                "the file is {} MB, more than the limit of {} MB",
                bytes / 1_048_576,
                limit / 1_048_576
            ),
            ReadError::SheetTooBig { sheet, cells, limit } => write!(
                f,
                "sheet '{sheet}' spans {cells} cells, more than the limit of {limit}; a stray entry far down or to the right often causes this"
            ),
            ReadError::Password => write!(
                f,
                "the file is protected with a password, so it cannot be read; save a copy without the password"
            ),
            ReadError::UnsupportedType(ext) => write!(
                f,
                "files of type '{ext}' are not read; save it as .xlsx, .xls, .ods or .csv"
            ),
            ReadError::Corrupt(detail) => write!(
                f,
                "the file is not a readable spreadsheet or is damaged ({detail}); open it in Excel and save it again as .xlsx"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Read a workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) or a `.csv` file.
///
/// `display` is the path as the user named it, used in every message.
/// The file is read once; the input is never written to.
pub fn read_book(path: &Path, display: &str, limits: &Limits) -> Result<Book, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() > limits.max_file_bytes {
        return Err(ReadError::TooBig {
            bytes: meta.len(),
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let sha256 = sha256_hex(&bytes);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let sheets = match ext.as_str() {
        "csv" => vec![csv::read_csv(&bytes)],
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            // A panic inside a reader on a malformed file must not take down the run.
            std::panic::catch_unwind(|| read_spreadsheet(&bytes, limits)).map_err(|_| {
                ReadError::Corrupt("the reader could not make sense of its contents".into())
            })??
        }
        other => return Err(ReadError::UnsupportedType(other.to_string())),
    };
    Ok(Book {
        path: display.to_string(),
        sha256,
        bytes: bytes.len() as u64,
        sheets,
    })
}

fn read_spreadsheet(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(map_calamine)?;
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, visible) in metas {
        if let Sheets::Xlsx(x) = &mut wb {
            // Check the declared extent before allocating the rectangle.
            if let Ok(reader) = x.worksheet_cells_reader(&name) {
                let d = reader.dimensions();
                let cells = (u64::from(d.end.0.saturating_sub(d.start.0)) + 1)
                    * (u64::from(d.end.1.saturating_sub(d.start.1)) + 1);
                if cells > limits.max_sheet_cells {
                    return Err(ReadError::SheetTooBig {
                        sheet: name,
                        cells,
                        limit: limits.max_sheet_cells,
                    });
                }
            }
        }
        let range = wb.worksheet_range(&name).map_err(map_calamine)?;
        let cells = u64::from(range.width() as u32) * range.height() as u64;
        if cells > limits.max_sheet_cells {
            return Err(ReadError::SheetTooBig {
                sheet: name,
                cells,
                limit: limits.max_sheet_cells,
            });
        }
        let formulas = wb.worksheet_formula(&name).ok();
        let styles = match &mut wb {
            Sheets::Xlsx(x) => x.worksheet_style(&name).ok(),
            _ => None,
        };
        let mut out: Vec<((u32, u32), Cell)> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (r, row) in range.rows().enumerate() {
                for (c, data) in row.iter().enumerate() {
                    let pos = (r0 + r as u32, c0 + c as u32);
                    let value = convert(data);
                    if value == CellValue::Empty {
                        continue;
                    }
                    out.push((
                        pos,
                        Cell {
                            value,
                            percent: false,
                        },
                    ));
                }
            }
        }
        // A formula with no saved result reads as empty: find those from the formula range.
        if let Some(f) = &formulas {
            if let Some((fr0, fc0)) = f.start() {
                for (r, row) in f.rows().enumerate() {
                    for (c, text) in row.iter().enumerate() {
                        if text.is_empty() {
                            continue;
                        }
                        let pos = (fr0 + r as u32, fc0 + c as u32);
                        let has_value = range
                            .get_value(pos)
                            .map(|d| *d != Data::Empty)
                            .unwrap_or(false);
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
            }
        }
        if let Some(st) = &styles {
            for (pos, cell) in out.iter_mut() {
                if let Some(style) = st.get(*pos) {
                    if let Some(nf) = &style.number_format {
                        cell.percent = is_percent_format(&nf.format_code);
                    }
                }
            }
        }
        sheets.push(Sheet::from_cells(&name, visible, out));
    }
    Ok(sheets)
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
        Data::Float(f) => CellValue::Number(*f),
        Data::String(s) => CellValue::Text(s.clone()),
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
    if text.to_ascii_lowercase().contains("password") {
        return ReadError::Password;
    }
    ReadError::Corrupt(text)
}

/// The A1 reference of a zero-based (row, col), e.g. (6, 2) -> `C7`.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// Column letters of a zero-based column: 0 -> `A`, 26 -> `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.0%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0\\%"));
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
