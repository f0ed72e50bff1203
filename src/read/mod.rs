//! Reading workbooks into grids of typed cells with absolute positions.
//!
//! Knows nothing of indicators. Every cell keeps its absolute (row, col) so
//! that messages can name the A1 cell the user sees, wherever the data starts;
//! [`value`] reads a cell as a number, "no value", or the reason it is neither.

mod cell;
mod cfb;
mod csv;
mod error;
mod limits;
mod message;
mod ods;
mod package;
mod sniff;
mod spreadsheet;
pub mod value;

pub(crate) use cell::text_value;
pub use cell::{Book, Cell, CellValue, Sheet, UnreadSheet, EXCEL_ERRORS};
pub use error::ReadError;
pub use limits::Limits;
pub use spreadsheet::is_percent_format;
// For the csv reader, which counts and checks its cells as the others do.
use limits::{check_rectangle, Budget};

use crate::metadata::Metadata;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Book {
    /// The key/value rows of the book's hidden `ipr_metadata` sheet (named in
    /// any case), trimmed, blank keys left out; `None` without one.
    pub fn metadata(&self) -> Option<Metadata> {
        let sheet = self
            .sheets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(crate::metadata::SHEET))?;
        let mut rows = Vec::new();
        for row in sheet.rows() {
            let key = sheet.get(row, 0).display().trim().to_string();
            if !key.is_empty() {
                rows.push((key, sheet.get(row, 1).display().trim().to_string()));
            }
        }
        Some(Metadata { rows })
    }
}

/// Read a workbook (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`) or a `.csv` file.
///
/// `display` is the path as the user named it, used in every message.
/// The file is read once, into memory; the input is never written to. The
/// contents are checked before any parser sees them (a renamed document, an
/// encrypted workbook, a zip bomb), and every limit in `limits` is enforced.
pub fn read_book(path: &Path, display: &str, limits: &Limits) -> Result<Book, ReadError> {
    let bytes = read_capped(path, limits.max_file_bytes)?;
    let sha256 = sha256_hex(&bytes);
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (sheets, unread) = match ext.as_str() {
        "csv" => {
            sniff::check_csv_bytes(&bytes)?;
            (vec![csv::read_csv(&bytes, limits)?], Vec::new())
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            let kind = sniff::check_workbook_bytes(&bytes, limits)?;
            // A panic inside a reader on a malformed file must not take down the run.
            let read =
                std::panic::catch_unwind(|| spreadsheet::read_spreadsheet(&bytes, kind, limits))
                    .map_err(|_| {
                        ReadError::Corrupt("the reader could not make sense of its contents".into())
                    })
                    .and_then(|r| r);
            match read {
                Ok(read) => read,
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
        unread,
    })
}

/// Read a whole file, but never more than `limit` bytes, and only an ordinary
/// file: a pipe would block for ever, and a device (or a file that grows after
/// its size was checked) could exhaust memory.
fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use crate::infile::FileError;
    crate::infile::read_capped(path, limit).map_err(|e| match e {
        FileError::NotAFile(crate::infile::Kind::Folder) => {
            ReadError::Io("it is a folder, not a file".into())
        }
        FileError::NotAFile(kind) => ReadError::NotAFile(kind.words()),
        FileError::Open(e) | FileError::Read(e) => ReadError::Io(e.to_string()),
        FileError::TooBig { bytes, limit } => ReadError::TooBig { bytes, limit },
        FileError::NotText(e) => ReadError::Io(e.to_string()),
    })
}
