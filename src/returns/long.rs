//! The long layout: a header row naming a code column and a value column, one row per indicator.

use super::book::{LayoutInput, Look};
use super::rows::{optional_column, synonyms, Table, Values};
use crate::cellref::a1;
use crate::model::{Finding, Rule};
use crate::period::Calendar;
use crate::read::value::{Parsed, ValueOptions};
use crate::read::Sheet;
use crate::text::header_key;

/// The one `Month`, `Quarter` or `Year` column of a table without a `Period`
/// column that is its period column; `None` (after a DQ017 finding) when two
/// or more could be.
fn period_part(
    sheet: &Sheet,
    header: u32,
    parts: &[u32],
    file: &str,
    cal: Calendar,
    values_opts: &ValueOptions,
    findings: &mut Vec<Finding>,
) -> Option<u32> {
    if let [only] = parts {
        return Some(*only);
    }
    // A column of nothing but "no value" markers (or of no readable period at
    // all) is never the period column while another holds readable periods.
    let readable: Vec<u32> = parts
        .iter()
        .copied()
        .filter(|&c| {
            ((header + 1)..sheet.rows().end).any(|r| {
                let cell = sheet.get(r, c);
                !matches!(values_opts.parse(cell), Parsed::NoValue)
                    && super::period_of_cell(cell, cal).is_some()
            })
        })
        .collect();
    if let [only] = readable.as_slice() {
        return Some(*only);
    }
    let named: Vec<String> = parts
        .iter()
        .map(|&c| {
            format!(
                "{} ('{}')",
                a1(header, c),
                sheet.get(header, c).display().trim()
            )
        })
        .collect();
    let mut f = Finding::new(
        Rule::DQ017,
        file,
        format!(
            "The header row has {} columns that could each be the period column: {}, and no 'Period' column. The table was not read, because which one gives each row's period would be a guess.",
            parts.len(),
            named.join(" and ")
        ),
    );
    f.hint = "Add a 'Period' column giving each row's period (such as 2026-07 or Q2 2026/27), or remove the time columns that are not the period.".to_string();
    f.sheet = sheet.name.clone();
    f.cell = Some(a1(header, parts[1]));
    f.value = Some(sheet.get(header, parts[1]).display());
    findings.push(f);
    None
}

/// The long layout in [`super::book::LAYOUTS`]: a table, or refused when its
/// header row is ambiguous (DQ017), so that no other layout reads the sheet.
pub(crate) fn layout(sheet: &Sheet, input: &LayoutInput<'_>, findings: &mut Vec<Finding>) -> Look {
    let before = findings.len();
    match find_header(sheet, input.file, input.cal, input.values, findings) {
        Some(t) => Look::Table(t),
        None if findings.len() > before => Look::Refused,
        None => Look::Nothing,
    }
}

/// Find the header row of a long table in the first 30 rows of a sheet.
///
/// A header row with two code columns or two value columns (`Actual` and
/// `Value`, or `Performance` twice) is a finding (DQ017) and its table is not
/// read: which column holds the period's figures would be a guess.
///
/// The period column (SPEC section 3): a `Period` (or `Reporting Period`)
/// column wins; else a single `Month`, `Quarter` or `Year` column. A candidate
/// holding no readable period (Fingertips writes `-1` in unused time columns)
/// gives way to one that holds some; two or more left is a DQ017 finding.
pub(crate) fn find_header(
    sheet: &Sheet,
    file: &str,
    cal: Calendar,
    values_opts: &ValueOptions,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
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
        let mut parts: Vec<u32> = Vec::new();
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
            } else if synonyms::PERIOD_PART.contains(&key.as_str()) {
                parts.push(col);
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
            if period.is_none() && !parts.is_empty() {
                period = Some(period_part(
                    sheet,
                    row,
                    &parts,
                    file,
                    cal,
                    values_opts,
                    findings,
                )?);
            }
            t.code = c;
            t.values = Values::Long { value: v, period };
            return Some(t);
        }
    }
    None
}
