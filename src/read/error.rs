//! Why a file could not be read, in words a performance officer can act on.

/// Why a file could not be read. Display gives a plain-English sentence; the
/// caller names the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read from disk.
    #[error("the file could not be opened ({0})")]
    Io(String),
    /// Not an ordinary file (a named pipe, a device): refused without being read.
    #[error("it is {0}, not a file, so ipr did not open it: only ordinary files are read")]
    NotAFile(&'static str),
    /// The file has no bytes at all.
    #[error("the file is empty (0 bytes); save the return again")]
    Empty,
    /// The file is bigger than the limit.
    #[error(
        "the file is {}, more than the limit of {} (max_file_mb in ipr.toml)",
        mb(*.bytes),
        mb(*.limit)
    )]
    TooBig {
        /// Size in bytes.
        bytes: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// The workbook's parts unpack to more than the limit.
    #[error(
        "the workbook unpacks to {}, more than the limit of {} (max_uncompressed_mb in ipr.toml); a real return is far smaller, so the file is damaged or not a genuine workbook",
        mb(*.bytes),
        mb(*.limit)
    )]
    Uncompressed {
        /// Declared unpacked size in bytes.
        bytes: u64,
        /// Limit in bytes.
        limit: u64,
    },
    /// One part of the workbook is packed far more tightly than real data ever is.
    #[error(
        "part {part} of the workbook unpacks to {ratio} times its packed size, more than the limit of {limit} (max_compression_ratio in ipr.toml); real data never packs so tightly, so this looks like a zip bomb and was not opened"
    )]
    CompressionRatio {
        /// Name of the part inside the zip, e.g. `xl/worksheets/sheet1.xml`.
        part: String,
        /// Unpacked size divided by packed size.
        ratio: u64,
        /// Limit.
        limit: u64,
    },
    /// A sheet's used area is bigger than the limit.
    #[error(
        "sheet '{sheet}' spans {} cells, more than the limit of {} (max_sheet_cells in ipr.toml); a stray entry far down or to the right often causes this: delete unused rows and columns and save again",
        thousands(*.cells),
        thousands(*.limit)
    )]
    SheetTooBig {
        /// Sheet name.
        sheet: String,
        /// Cells in its used rectangle (or cells present).
        cells: u64,
        /// Limit in cells.
        limit: u64,
    },
    /// A sheet spans more rows than the limit.
    #[error(
        "sheet '{sheet}' spans {} rows, more than the limit of {} (max_sheet_rows in ipr.toml); a stray entry far down often causes this: delete unused rows and save again",
        thousands(*.rows),
        thousands(*.limit)
    )]
    TooManyRows {
        /// Sheet name.
        sheet: String,
        /// Rows spanned.
        rows: u64,
        /// Limit in rows.
        limit: u64,
    },
    /// One cell holds more text than the limit.
    #[error(
        "cell {cell} on sheet '{sheet}' holds {} characters of text, more than the limit of {} (max_string_chars in ipr.toml); shorten it",
        thousands(*.chars),
        thousands(*.limit)
    )]
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
    #[error(
        "sheet '{sheet}' has a cell showing the Excel error {value}, which stops the sheet being read; fix the formula (or type the value) and save again"
    )]
    UnknownErrorValue {
        /// Sheet name.
        sheet: String,
        /// The error as Excel shows it.
        value: String,
    },
    /// The file is protected with a password.
    #[error(
        "the file is protected with a password, so it cannot be read; save a copy without the password"
    )]
    Password,
    /// The file's extension is not one we read.
    #[error("{}", unsupported_type(.0))]
    UnsupportedType(String),
    /// The file's name says spreadsheet but its contents are something else
    /// (the text says what, e.g. "a Word document (.docx) ...").
    #[error("the file is not a spreadsheet: it is {0}")]
    NotSpreadsheet(String),
    /// The file is not a spreadsheet or is damaged.
    #[error(
        "the file is not a readable spreadsheet or is damaged ({0}); open it in Excel and save it again as .xlsx"
    )]
    Corrupt(String),
}

impl ReadError {
    /// What to do about it, fitted to the cause: the hint of its finding.
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "Check that the file is where it was named and that you may read it, then run again.",
            ReadError::NotAFile(_) => "Name the return itself: a pipe or a device cannot be a return. If this is a link, point it at the workbook, or copy the workbook here.",
            ReadError::Empty => "Save the return again in Excel and send the saved file.",
            ReadError::TooBig { .. } | ReadError::Uncompressed { .. } | ReadError::CompressionRatio { .. } => {
                "Check that this is the return itself: returns are rarely more than a few MB. If it is, raise the limit named in the message in ipr.toml."
            }
            ReadError::SheetTooBig { .. } | ReadError::TooManyRows { .. } => {
                "Press Ctrl+End on that sheet to see its last used cell; delete the rows and columns beyond the table and save, or raise the limit named in the message in ipr.toml."
            }
            ReadError::StringTooLong { .. } => "Shorten the text in that cell, then run again.",
            ReadError::UnknownErrorValue { .. } => {
                "Fix the formula that shows the error (or type its value) and save again."
            }
            ReadError::Password => {
                "Open it with the password, remove it (File > Info > Protect Workbook > Encrypt with Password, clear the box), save, and send that copy."
            }
            ReadError::UnsupportedType(_) | ReadError::NotSpreadsheet(_) => {
                "Send the return as an Excel workbook (.xlsx), or as .xls, .ods or .csv."
            }
            ReadError::Corrupt(_) => "Open the file in Excel and save it again as .xlsx, then run again.",
        }
    }
}

fn mb(bytes: u64) -> String {
    let m = bytes as f64 / 1_048_576.0;
    let places = if m >= 10.0 { 0 } else { 1 };
    format!("{} MB", crate::number::fixed(m, places))
}

/// 1234567 -> `1,234,567`, as numbers are written in messages.
fn thousands(n: u64) -> String {
    crate::number::grouped(&n.to_string())
}

/// The message for a file type not read: with no extension, its type is unknown.
fn unsupported_type(ext: &str) -> String {
    if ext.is_empty() {
        "the file has no extension, so its type is unknown; save it as .xlsx, .xls, .ods or .csv"
            .to_string()
    } else {
        format!("files of type '.{ext}' are not read; save it as .xlsx, .xls, .ods or .csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_before() {
        let mb = 1_048_576;
        assert_eq!(
            ReadError::TooBig {
                bytes: 300 * mb,
                limit: 200 * mb
            }
            .to_string(),
            "the file is 300 MB, more than the limit of 200 MB (max_file_mb in ipr.toml)"
        );
        assert_eq!(
            ReadError::SheetTooBig {
                sheet: "S".into(),
                cells: 6_000_000,
                limit: 5_000_000
            }
            .to_string(),
            "sheet 'S' spans 6,000,000 cells, more than the limit of 5,000,000 (max_sheet_cells in ipr.toml); a stray entry far down or to the right often causes this: delete unused rows and columns and save again"
        );
        assert_eq!(
            ReadError::UnsupportedType(String::new()).to_string(),
            "the file has no extension, so its type is unknown; save it as .xlsx, .xls, .ods or .csv"
        );
        assert_eq!(
            ReadError::UnsupportedType("docx".into()).to_string(),
            "files of type '.docx' are not read; save it as .xlsx, .xls, .ods or .csv"
        );
        assert_eq!(super::mb(1_572_864), "1.5 MB");
    }
}
