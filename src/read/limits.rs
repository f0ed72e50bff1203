//! Limits on what one file may hold, and the counting that enforces them while
//! a sheet is read.

use super::{Cell, CellValue, ReadError};
use crate::cellref::a1;

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

/// Cells at their absolute (row, col), as readers produce them.
pub(super) type Placed = Vec<((u32, u32), Cell)>;

/// Counts what a sheet holds while it is read, so limits stop a read early.
pub(super) struct Budget<'a> {
    sheet: &'a str,
    limits: &'a Limits,
    cells: u64,
    rows: Option<(u32, u32)>,
}

impl<'a> Budget<'a> {
    pub(super) fn new(sheet: &'a str, limits: &'a Limits) -> Self {
        Budget {
            sheet,
            limits,
            cells: 0,
            rows: None,
        }
    }

    pub(super) fn take(&mut self, pos: (u32, u32), value: &CellValue) -> Result<(), ReadError> {
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

/// The dense grid a sheet becomes spans its used rectangle: check it before allocating.
pub(super) fn check_rectangle(
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
