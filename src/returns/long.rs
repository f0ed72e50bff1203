//! The long layout: a header row naming a code column and a value column, one row per indicator.

use super::rows::{optional_column, synonyms, Table, Values};
use crate::model::{Finding, Rule};
use crate::read::{a1, Sheet};
use crate::register::header_key;

/// Find the header row of a long table in the first 30 rows of a sheet.
///
/// A header row with two code columns or two value columns (`Actual` and
/// `Value`, or `Performance` twice) is a finding (DQ017) and its table is not
/// read: which column holds the period's figures would be a guess.
pub(crate) fn find_header(sheet: &Sheet, file: &str, findings: &mut Vec<Finding>) -> Option<Table> {
    for row in sheet.rows().take(30) {
        let mut t = Table::new(
            row,
            0,
            Values::Long {
                value: 0,
                period: None,
            },
        );
        let (mut codes, mut values, mut period) = (Vec::new(), Vec::new(), None);
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let key = header_key(text);
            if synonyms::CODE.contains(&key.as_str()) {
                codes.push(col);
            } else if synonyms::VALUE.contains(&key.as_str()) {
                values.push(col);
            } else if synonyms::PERIOD.contains(&key.as_str()) {
                // The first of an optional kind wins.
                period.get_or_insert(col);
            } else {
                optional_column(&mut t, &key, col);
            }
        }
        if !codes.is_empty() && !values.is_empty() {
            for (what, cols) in [("code", &codes), ("value", &values)] {
                if cols.len() > 1 {
                    let named: Vec<String> = cols
                        .iter()
                        .map(|&c| {
                            format!("{} ('{}')", a1(row, c), sheet.get(row, c).display().trim())
                        })
                        .collect();
                    let mut f = Finding::new(
                        Rule::DQ017,
                        file,
                        format!(
                            "The header row has {} columns that could each be the {what} column: {}. The table was not read, because which one to use would be a guess.",
                            cols.len(),
                            named.join(" and ")
                        ),
                    );
                    f.sheet = sheet.name.clone();
                    f.cell = Some(a1(row, cols[1]));
                    f.value = Some(sheet.get(row, cols[1]).display());
                    findings.push(f);
                }
            }
            if codes.len() > 1 || values.len() > 1 {
                return None;
            }
        }
        if let (Some(&c), Some(&v)) = (codes.first(), values.first()) {
            t.code = c;
            t.values = Values::Long { value: v, period };
            return Some(t);
        }
    }
    None
}
