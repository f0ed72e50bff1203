//! CSV files read as one sheet of text cells.

use super::{text_value, Cell, Limits, ReadError, Sheet};

/// Windows-1252 characters for bytes 0x80-0x9F (the rest of the range is Latin-1).
/// Excel on Windows saves "CSV" in this code page: `€` is 0x80, curly quotes 0x91-0x94.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decode CSV bytes: UTF-8 (with or without a byte-order mark), UTF-16 with a
/// byte-order mark (Excel's "Unicode Text"), else Windows-1252, which is what
/// Excel on Windows writes, so that `£` and `€` survive.
pub(super) fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{FEFF}').to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|p| word([p[0], p[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Read CSV bytes into a sheet of text cells (text that is exactly an Excel error
/// value, as Excel writes error cells to CSV, becomes an error cell). Commas
/// separate fields, or tabs when the first line has tabs and no commas.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Sheet, ReadError> {
    let text = decode(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut cells = Vec::new();
    let mut budget = super::Budget::new("", limits);
    // (bytes scanned, newlines in them): records come in order, so scan each byte once.
    let mut counted = (0usize, 0usize);
    for record in reader.records() {
        let Ok(record) = record else { continue };
        // The csv reader skips blank lines, and the position it gives may fall on the end
        // of the line before the record: step over line ends, then count the lines
        // above, so cell references stay true.
        let Some(byte) = record.position().map(|p| p.byte() as usize) else {
            continue;
        };
        let start = byte
            + text.as_bytes()[byte.min(text.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let line = bytecount_newlines(&text.as_bytes()[..start.min(text.len())], &mut counted);
        let r = u32::try_from(line).unwrap_or(u32::MAX);
        for (c, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                let pos = (r, u32::try_from(c).unwrap_or(u32::MAX));
                let value = text_value(field);
                budget.take(pos, &value)?;
                cells.push((
                    pos,
                    Cell {
                        value,
                        percent: false,
                    },
                ));
            }
        }
    }
    super::check_rectangle("", &cells, limits)?;
    Ok(Sheet::from_cells("", true, cells))
}

/// Newlines in `upto`, counting on from the previous call's `(bytes, newlines)`.
fn bytecount_newlines(upto: &[u8], counted: &mut (usize, usize)) -> usize {
    let (done, lines) = *counted;
    let more = upto
        .get(done..)
        .map_or(0, |rest| rest.iter().filter(|&&b| b == b'\n').count());
    *counted = (upto.len().max(done), lines + more);
    counted.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::CellValue;

    #[test]
    fn windows_1252_pound_euro_and_quotes() {
        // "£1,200" "€5" and curly quotes as Excel on Windows saves them.
        let bytes = b"\xA31,200,\x805,\x93ok\x94";
        assert_eq!(decode(bytes), "£1,200,€5,“ok”");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Code\t£5".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes), "Code\t£5");
        let sheet = read_csv(&bytes, &Limits::default()).unwrap();
        assert_eq!(sheet.get(0, 1).text(), Some("£5"));
    }

    #[test]
    fn cell_references_survive_crlf_and_blank_lines() {
        let text =
            b"Directorate:,Resources\r\nPeriod:,Sep-26\r\n\r\n,\r\nPI Code,Actual\r\nRES-01,5\r\n";
        let sheet = read_csv(text, &Limits::default()).unwrap();
        // Line 1 is Excel row 1 (index 0); the PI Code header is on line 5 (index 4).
        assert_eq!(sheet.get(0, 0).text(), Some("Directorate:"));
        assert_eq!(sheet.get(1, 1).text(), Some("Sep-26"));
        assert_eq!(sheet.get(4, 0).text(), Some("PI Code"));
        assert_eq!(sheet.get(5, 1).text(), Some("5"));
        let lf = read_csv(b"A,B\n\n\nC,D\n", &Limits::default()).unwrap();
        assert_eq!(lf.get(3, 1).text(), Some("D"));
    }

    #[test]
    fn error_text_becomes_an_error_cell() {
        let sheet = read_csv(
            b"Code,Actual\nA-1,#DIV/0!\nA-2,#spill!\n",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(sheet.get(1, 1).value, CellValue::Error("#DIV/0!".into()));
        assert_eq!(sheet.get(2, 1).value, CellValue::Error("#SPILL!".into()));
    }

    #[test]
    fn long_text_is_refused_naming_the_cell() {
        let csv = format!("Code,Commentary\nA-1,{}\n", "x".repeat(40));
        let limits = Limits {
            max_string_chars: 30,
            ..Limits::default()
        };
        match read_csv(csv.as_bytes(), &limits) {
            Err(ReadError::StringTooLong { cell, chars, .. }) => {
                assert_eq!(cell, "B2");
                assert_eq!(chars, 40);
            }
            other => panic!("expected StringTooLong, got {other:?}"),
        }
    }
}
