//! Reading workbooks into grids of typed cells with absolute positions.
//!
//! Knows nothing of indicators. Every cell keeps its absolute (row, col) so
//! that messages can name the A1 cell the user sees, wherever the data starts.

mod csv;
mod ods;
mod sniff;

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

/// Limits that keep one odd file from exhausting the machine. Each is reported,
/// with the file (and sheet and cell where it applies), when a file goes over it.
/// The defaults let a whole council-year in one workbook through many times over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest file accepted, in bytes (default 200 MB).
    pub max_file_bytes: u64,
    /// Largest total size of a workbook's zip parts once unpacked, in bytes, as the
    /// zip declares them and as checked while unpacking (default 1 GB). Guards
    /// against zip bombs: small files that unpack to gigabytes.
    pub max_uncompressed_bytes: u64,
    /// Largest ratio of unpacked to packed size of any part over 10 MB unpacked
    /// (default 200; real workbooks stay under about 50).
    pub max_compression_ratio: u64,
    /// Most rows a sheet may span, from its first used row to its last (default 500,000).
    pub max_sheet_rows: u64,
    /// Largest sheet accepted, in cells: both the cells present and the rectangle
    /// from the first used cell to the last (default 5,000,000).
    pub max_sheet_cells: u64,
    /// Longest text accepted in one cell, in characters (default 32,767, Excel's own limit).
    pub max_string_chars: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_uncompressed_bytes: 1024 * 1024 * 1024,
            max_compression_ratio: 200,
            max_sheet_rows: 500_000,
            max_sheet_cells: 5_000_000,
            max_string_chars: 32_767,
        }
    }
}

/// Why a file could not be read. Display gives a plain-English sentence; the
/// caller names the file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The file could not be opened or read from disk.
    Io(String),
    /// The file has no bytes at all.
    Empty,
    /// The file is bigger than the limit.
    TooBig {
        /// Size in bytes.
        bytes: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// The workbook's parts unpack to more than the limit.
    Uncompressed {
        /// Declared unpacked size in bytes.
        bytes: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// One part of the workbook is packed far more tightly than real data ever is.
    CompressionRatio {
        /// Name of the part inside the zip, e.g. `xl/worksheets/sheet1.xml`.
        part: String,
        /// Unpacked size divided by packed size.
        ratio: u64,
        /// Limit.
        limit: u64,
    },
    /// A sheet's used area is bigger than the limit.
    SheetTooBig {
        /// Sheet name.
        sheet: String,
        /// Cells in its used rectangle (or cells present).
        cells: u64,
        /// Limit in cells.
        limit: u64,
    },
    /// A sheet spans more rows than the limit.
    TooManyRows {
        /// Sheet name.
        sheet: String,
        /// Rows spanned.
        rows: u64,
        /// Limit in rows.
        limit: u64,
    },
    /// One cell holds more text than the limit.
    StringTooLong {
        /// Sheet name.
        sheet: String,
        /// A1 reference of the cell.
        cell: String,
        /// Characters in the cell.
        chars: u64,
        /// Limit in characters.
        limit: u64,
    },
    /// A sheet holds an Excel error value the reader does not know (`#SPILL!`, `#CALC!`).
    UnknownErrorValue {
        /// Sheet name.
        sheet: String,
        /// The error as Excel shows it.
        value: String,
    },
    /// The file is protected with a password.
    Password,
    /// The file's extension is not one we read.
    UnsupportedType(String),
    /// The file's name says spreadsheet but its contents are something else
    /// (the text says what, e.g. "a Word document (.docx) ...").
    NotSpreadsheet(String),
    /// The file is not a spreadsheet or is damaged.
    Corrupt(String),
}

fn mb(bytes: u64) -> String {
    let m = bytes as f64 / 1_048_576.0;
    if m >= 10.0 {
        format!("{m:.0} MB")
    } else {
        format!("{m:.1} MB")
    }
}

/// 1234567 -> `1,234,567`, as numbers are written in messages.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "the file could not be opened ({e})"),
            ReadError::Empty => write!(f, "the file is empty (0 bytes); save the return again"),
            ReadError::TooBig { bytes, limit } => write!(
                f,
                "the file is {}, more than the limit of {} (max_file_mb in ipr.toml)",
                mb(*bytes),
                mb(*limit)
            ),
            ReadError::Uncompressed { bytes, limit } => write!(
                f,
                "the workbook unpacks to {}, more than the limit of {} (max_uncompressed_mb in ipr.toml); a real return is far smaller, so the file is damaged or not a genuine workbook",
                mb(*bytes),
                mb(*limit)
            ),
            ReadError::CompressionRatio { part, ratio, limit } => write!(
                f,
                "part {part} of the workbook unpacks to {ratio} times its packed size, more than the limit of {limit} (max_compression_ratio in ipr.toml); real data never packs so tightly, so this looks like a zip bomb and was not opened"
            ),
            ReadError::SheetTooBig { sheet, cells, limit } => write!(
                f,
                "sheet '{sheet}' spans {} cells, more than the limit of {} (max_sheet_cells in ipr.toml); a stray entry far down or to the right often causes this: delete unused rows and columns and save again",
                thousands(*cells),
                thousands(*limit)
            ),
            ReadError::TooManyRows { sheet, rows, limit } => write!(
                f,
                "sheet '{sheet}' spans {} rows, more than the limit of {} (max_sheet_rows in ipr.toml); a stray entry far down often causes this: delete unused rows and save again",
                thousands(*rows),
                thousands(*limit)
            ),
            ReadError::StringTooLong { sheet, cell, chars, limit } => write!(
                f,
                "cell {cell} on sheet '{sheet}' holds {} characters of text, more than the limit of {} (max_string_chars in ipr.toml); shorten it",
                thousands(*chars),
                thousands(*limit)
            ),
            ReadError::UnknownErrorValue { sheet, value } => write!(
                f,
                "sheet '{sheet}' has a cell showing the Excel error {value}, which stops the sheet being read; fix the formula (or type the value) and save again"
            ),
            ReadError::Password => write!(
                f,
                "the file is protected with a password, so it cannot be read; save a copy without the password"
            ),
            ReadError::UnsupportedType(ext) if ext.is_empty() => write!(
                f,
                "the file has no extension, so its type is unknown; save it as .xlsx, .xls, .ods or .csv"
            ),
            ReadError::UnsupportedType(ext) => write!(
                f,
                "files of type '.{ext}' are not read; save it as .xlsx, .xls, .ods or .csv"
            ),
            ReadError::NotSpreadsheet(what) => write!(
                f,
                "the file is not a spreadsheet: it is {what}"
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
/// The file is read once, into memory; the input is never written to. The
/// contents are checked before any parser sees them (a renamed document, an
/// encrypted workbook, a zip bomb), and every limit in `limits` is enforced.
pub fn read_book(path: &Path, display: &str, limits: &Limits) -> Result<Book, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ReadError::Io("it is a folder, not a file".into()));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(ReadError::TooBig {
            bytes: meta.len(),
            limit: limits.max_file_bytes,
        });
    }
    let bytes = read_capped(path, limits.max_file_bytes)?;
    let sha256 = sha256_hex(&bytes);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let sheets = match ext.as_str() {
        "csv" => {
            sniff::check_csv_bytes(&bytes)?;
            vec![csv::read_csv(&bytes, limits)?]
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            let kind = sniff::check_workbook_bytes(&bytes, limits)?;
            // A panic inside a reader on a malformed file must not take down the run.
            let read = std::panic::catch_unwind(|| read_spreadsheet(&bytes, kind, limits))
                .map_err(|_| {
                    ReadError::Corrupt("the reader could not make sense of its contents".into())
                })
                .and_then(|r| r);
            match read {
                Ok(sheets) => sheets,
                // A damaged part is better named than the reader names it.
                Err(e) if kind != sniff::Kind::Cfb => {
                    return Err(sniff::diagnose_zip(&bytes, limits).unwrap_or(e))
                }
                Err(e) => return Err(e),
            }
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

/// Read a whole file, but never more than `limit` bytes: a file that grows
/// after its size was checked (or a device posing as a file) cannot exhaust memory.
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooBig {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn read_spreadsheet(
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

/// Cells at their absolute (row, col), as readers produce them.
type Placed = Vec<((u32, u32), Cell)>;

/// Counts what a sheet holds while it is read, so limits stop a read early.
struct Budget<'a> {
    sheet: &'a str,
    limits: &'a Limits,
    cells: u64,
    rows: Option<(u32, u32)>,
}

impl<'a> Budget<'a> {
    fn new(sheet: &'a str, limits: &'a Limits) -> Self {
        Budget {
            sheet,
            limits,
            cells: 0,
            rows: None,
        }
    }

    fn take(&mut self, pos: (u32, u32), value: &CellValue) -> Result<(), ReadError> {
        self.cells += 1;
        if self.cells > self.limits.max_sheet_cells {
            return Err(ReadError::SheetTooBig {
                sheet: self.sheet.to_string(),
                cells: self.cells,
                limit: self.limits.max_sheet_cells,
            });
        }
        let (lo, hi) = self.rows.unwrap_or((pos.0, pos.0));
        let (lo, hi) = (lo.min(pos.0), hi.max(pos.0));
        self.rows = Some((lo, hi));
        let span = u64::from(hi - lo) + 1;
        if span > self.limits.max_sheet_rows {
            return Err(ReadError::TooManyRows {
                sheet: self.sheet.to_string(),
                rows: span,
                limit: self.limits.max_sheet_rows,
            });
        }
        if let CellValue::Text(t) = value {
            // Bytes bound characters from above: count only when it could matter.
            if t.len() as u64 > self.limits.max_string_chars {
                let chars = t.chars().count() as u64;
                if chars > self.limits.max_string_chars {
                    return Err(ReadError::StringTooLong {
                        sheet: self.sheet.to_string(),
                        cell: a1(pos.0, pos.1),
                        chars,
                        limit: self.limits.max_string_chars,
                    });
                }
            }
        }
        Ok(())
    }
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

/// The dense grid a sheet becomes spans its used rectangle: check it before allocating.
fn check_rectangle(
    name: &str,
    cells: &[((u32, u32), Cell)],
    limits: &Limits,
) -> Result<(), ReadError> {
    let mut it = cells.iter().filter(|(_, c)| !c.is_blank()).map(|(p, _)| *p);
    let Some(first) = it.next() else {
        return Ok(());
    };
    let (mut r0, mut c0, mut r1, mut c1) = (first.0, first.1, first.0, first.1);
    for (r, c) in it {
        r0 = r0.min(r);
        r1 = r1.max(r);
        c0 = c0.min(c);
        c1 = c1.max(c);
    }
    let rows = u64::from(r1 - r0) + 1;
    if rows > limits.max_sheet_rows {
        return Err(ReadError::TooManyRows {
            sheet: name.to_string(),
            rows,
            limit: limits.max_sheet_rows,
        });
    }
    let area = rows * (u64::from(c1 - c0) + 1);
    if area > limits.max_sheet_cells {
        return Err(ReadError::SheetTooBig {
            sheet: name.to_string(),
            cells: area,
            limit: limits.max_sheet_cells,
        });
    }
    Ok(())
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
