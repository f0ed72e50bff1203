//! CSV files read as one sheet of text cells.

use super::{Cell, CellValue, Sheet};

/// Read CSV bytes into a sheet of text cells. UTF-8 (with or without a byte-order
/// mark) is expected; anything else is read as Windows-1252/Latin-1, which is what
/// Excel on Windows writes, so that `£` survives.
pub fn read_csv(bytes: &[u8]) -> Sheet {
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{FEFF}').to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else { continue };
        // The csv reader skips blank lines; its line number keeps cell references true.
        let Some(line) = record.position().map(|p| p.line()) else {
            continue;
        };
        let r = line.saturating_sub(1) as usize;
        for (c, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                cells.push((
                    (r as u32, c as u32),
                    Cell {
                        value: CellValue::Text(field.to_string()),
                        percent: false,
                    },
                ));
            }
        }
    }
    Sheet::from_cells("", true, cells)
}
