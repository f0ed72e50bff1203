//! The long layout: a header row naming a code column and a value column, one row per indicator.

use super::rows::{optional_column, synonyms, Table, Values};
use crate::read::Sheet;
use crate::register::header_key;

/// Find the header row of a long table in the first 30 rows of a sheet.
pub(crate) fn find_header(sheet: &Sheet) -> Option<Table> {
    for row in sheet.rows().take(30) {
        let mut t = Table::new(
            row,
            0,
            Values::Long {
                value: 0,
                period: None,
            },
        );
        let (mut code, mut value, mut period) = (None, None, None);
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let key = header_key(text);
            // The first column of each kind wins.
            if synonyms::CODE.contains(&key.as_str()) {
                code.get_or_insert(col);
            } else if synonyms::VALUE.contains(&key.as_str()) {
                value.get_or_insert(col);
            } else if synonyms::PERIOD.contains(&key.as_str()) {
                period.get_or_insert(col);
            } else {
                optional_column(&mut t, &key, col);
            }
        }
        if let (Some(c), Some(v)) = (code, value) {
            t.code = c;
            t.values = Values::Long { value: v, period };
            return Some(t);
        }
    }
    None
}
