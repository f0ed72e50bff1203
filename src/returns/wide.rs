//! The wide layout: a code column and one column per period, headed by any
//! period spelling (`Apr-26`, `April 2026`, `2026-04`, `04/2026`, a date cell,
//! `Q1 2026/27`, `2026-27 Q1`, or `Qtr 1` with the year given elsewhere).
//!
//! Merged header cells: readers report a merged region's value in its top-left
//! cell only, and the sheets we are given do not carry the regions, so a
//! heading with nothing in it is read the way Excel shows a merged one: a year
//! in the row above applies to every column from its own rightwards until the
//! next filled cell, and a header cell left blank under a filled one (a header
//! merged down over two rows) takes the text above it.
//!
//! Hidden rows are read like any other: not every file format tells a reader
//! which rows are hidden. Hidden sheets are not read.

use super::book::{LayoutInput, Look};
use super::rows::{optional_column, synonyms, Table, Values};
use crate::cellref::a1;
use crate::model::{Finding, Rule};
use crate::period::{Calendar, Period};
use crate::read::{CellValue, Sheet};
use crate::text::header_key;

/// How many rows above a header row a merged header may start.
const MERGE_ROWS: u32 = 2;

/// What a heading cell says about its period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Heading {
    /// A full period (`Apr-26`, `Q1 2026/27`, a date).
    Full(Period),
    /// A quarter or month without its year (`Qtr 1`, `Apr`).
    NeedsYear,
}

/// Read a heading cell as a period, if it is one.
pub(crate) fn heading(sheet: &Sheet, row: u32, col: u32, cal: Calendar) -> Option<Heading> {
    match &sheet.get(row, col).value {
        CellValue::Date(d) => Some(Heading::Full(Period::from_date(d.date()))),
        CellValue::Text(t) => match cal.parse(t, None) {
            Some(p) => Some(Heading::Full(p)),
            // Any year will do to tell whether the text is a period missing its year.
            None => cal.parse(t, Some(2000)).map(|_| Heading::NeedsYear),
        },
        _ => None,
    }
}

/// Header text at a cell, or (when the cell is blank) the text of a header
/// merged down from up to two rows above.
fn header_text(sheet: &Sheet, row: u32, col: u32) -> Option<&str> {
    let start = sheet.rows().start;
    for up in 0..=MERGE_ROWS {
        let r = row.checked_sub(up).filter(|r| *r >= start)?;
        let cell = sheet.get(r, col);
        if !cell.is_blank() {
            return cell.text();
        }
    }
    None
}

/// The wide layout in [`super::book::LAYOUTS`].
pub(crate) fn layout(sheet: &Sheet, input: &LayoutInput<'_>, findings: &mut Vec<Finding>) -> Look {
    find_header(sheet, input.cal, input.file, findings).map_or(Look::Nothing, Look::Table)
}

/// Find the header row of a wide table in the first 30 rows of a sheet: a code
/// column, no long value column, and at least two period headings. Headings
/// whose year cannot be settled are DQ015 findings and their columns are not read.
pub(crate) fn find_header(
    sheet: &Sheet,
    cal: Calendar,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Option<Table> {
    let rows = sheet.rows();
    let end = rows.end.min(rows.start.saturating_add(30));
    for row in sheet.rows().take(30) {
        let Some(mut found) = candidate(sheet, row, cal) else {
            continue;
        };
        // Years over quarters (`2026/27` merged above `Qtr 1`, `Qtr 2`): the
        // headings row is the lower one, with as many period cells or more.
        let mut next = found.0.row + 1;
        while next < end {
            match candidate(sheet, next, cal) {
                Some(below) if below.1.len() >= found.1.len() => {
                    found = below;
                    next += 1;
                }
                _ => break,
            }
        }
        let (mut t, cols) = found;
        let periods = period_columns(sheet, t.row, &cols, cal, file, findings);
        t.latest_filled = periods
            .iter()
            .copied()
            .filter(|(c, _)| ((t.row + 1)..rows.end).any(|r| !sheet.get(r, *c).is_blank()))
            .max_by_key(|(c, p)| (cal.end_month(*p), *c));
        t.values = Values::Wide { periods };
        return Some(t);
    }
    None
}

/// A row that heads a wide table: a code column, no long value column, and at
/// least two period headings (their columns returned with the table).
fn candidate(sheet: &Sheet, row: u32, cal: Calendar) -> Option<(Table, Vec<u32>)> {
    let mut t = Table::new(row, 0, Values::Wide { periods: vec![] });
    let mut code = None;
    let mut long_value = false;
    let mut headings = Vec::new();
    for col in sheet.cols() {
        if heading(sheet, row, col, cal).is_some() {
            headings.push(col);
            continue;
        }
        let Some(text) = header_text(sheet, row, col) else {
            continue;
        };
        let key = header_key(text);
        if synonyms::CODE.contains(&key.as_str()) {
            code.get_or_insert(col);
        } else if synonyms::VALUE.contains(&key.as_str()) {
            long_value = true;
        } else {
            optional_column(&mut t, &key, col);
        }
    }
    t.code = code?;
    (!long_value && headings.len() >= 2).then_some((t, headings))
}

/// The periods of heading cells in `row` at `cols` (cells that are not headings
/// are left out), completing `Qtr 1` and the like with a year from a merged
/// cell above, a `Year:` cell or a title. A heading whose year cannot be found
/// is a DQ015 finding.
pub(crate) fn period_columns(
    sheet: &Sheet,
    row: u32,
    cols: &[u32],
    cal: Calendar,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Vec<(u32, Period)> {
    let mut sheet_fy: Option<Option<i32>> = None;
    let mut out = Vec::new();
    for &col in cols {
        let p = match heading(sheet, row, col, cal) {
            None => continue,
            Some(Heading::Full(p)) => Some(p),
            Some(Heading::NeedsYear) => {
                let fy = year_above(sheet, row, col, cal)
                    .or_else(|| *sheet_fy.get_or_insert_with(|| sheet_year(sheet, row, cal)));
                let text = sheet.get(row, col).display();
                fy.and_then(|fy| cal.parse(&text, Some(fy)))
            }
        };
        match p {
            Some(p) => out.push((col, p)),
            None => {
                let text = sheet.get(row, col).display();
                let mut f = Finding::new(
                    Rule::DQ015,
                    file,
                    format!("The column heading '{text}' does not say which year it is for, so its figures are not read: write the year in the heading (such as Q1 2026/27), in a cell above it, or in a 'Year:' cell at the top of the sheet."),
                );
                f.sheet = sheet.name.clone();
                f.cell = Some(a1(row, col));
                f.value = Some(text);
                findings.push(f);
            }
        }
    }
    out
}

/// A financial year written above a heading: in the row or two above, the
/// nearest filled cell at or to the left of the column (a merged cell shows its
/// value in its left-most cell only).
fn year_above(sheet: &Sheet, row: u32, col: u32, cal: Calendar) -> Option<i32> {
    let start = sheet.rows().start;
    for up in 1..=MERGE_ROWS {
        let r = row.checked_sub(up).filter(|r| *r >= start)?;
        let Some(c) = (sheet.cols().start..=col)
            .rev()
            .find(|&c| !sheet.get(r, c).is_blank())
        else {
            continue;
        };
        let cell = sheet.get(r, c);
        if let Some(Period::Year { fy }) = cell.text().and_then(|t| cal.parse(t, None)) {
            return Some(fy);
        }
    }
    None
}

/// The financial year a sheet is about, from the rows above its header: a
/// `Year:` (or `Financial Year:`) cell first, else the first text that names a
/// period (a title such as `Performance 2026/27`, or `Period: Sep-26`).
pub(crate) fn sheet_year(sheet: &Sheet, header_row: u32, cal: Calendar) -> Option<i32> {
    let rows = sheet.rows().start..header_row;
    for row in rows.clone() {
        for col in sheet.cols() {
            let Some(text) = sheet.get(row, col).text() else {
                continue;
            };
            let (label, inline) = match text.split_once(':') {
                Some((l, rest)) => (header_key(l), rest.trim()),
                None => (header_key(text), ""),
            };
            if !matches!(label.as_str(), "year" | "financialyear" | "fy") {
                continue;
            }
            let value = if inline.is_empty() {
                (col + 1..sheet.cols().end)
                    .map(|c| sheet.get(row, c))
                    .find(|c| !c.is_blank())
                    .and_then(|c| super::period_of_cell(c, cal))
            } else {
                cal.parse(inline, None)
            };
            if let Some(p) = value {
                return Some(cal.fy(p));
            }
        }
    }
    for row in rows {
        for col in sheet.cols() {
            if let Some(p) = sheet
                .get(row, col)
                .text()
                .and_then(|t| super::period_in_name(t, cal))
            {
                return Some(cal.fy(p));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Cell;

    fn text(s: &str) -> Cell {
        Cell {
            value: CellValue::Text(s.into()),
            percent: false,
        }
    }

    #[test]
    fn merged_year_above_quarters_and_code_merged_down() {
        // B2 "Code" merged over B2:B3; D2 "2026/27" merged over D2:E2; data from row 4.
        let s = Sheet::from_cells(
            "Q",
            true,
            vec![
                ((1, 1), text("Code")),
                ((1, 3), text("2026/27")),
                ((2, 3), text("Qtr 1")),
                ((2, 4), text("Qtr 2")),
                ((2, 5), text("Comments")),
                ((3, 1), text("HSG-01")),
            ],
        );
        let mut findings = Vec::new();
        let t =
            find_header(&s, Calendar::default(), "f.xlsx", &mut findings).expect("a wide header");
        assert_eq!((t.row, t.code, t.commentary), (2, 1, Some(5)));
        assert_eq!(
            t.values,
            Values::Wide {
                periods: vec![
                    (3, Period::Quarter { fy: 2026, q: 1 }),
                    (4, Period::Quarter { fy: 2026, q: 2 })
                ]
            }
        );
        assert!(findings.is_empty());
    }

    #[test]
    fn year_from_labelled_cell_or_title_and_a_finding_without_one() {
        let cells = |top: Vec<((u32, u32), Cell)>| {
            let mut v = top;
            v.extend([
                ((4, 0), text("Ref")),
                ((4, 1), text("Q3")),
                ((4, 2), text("Q4")),
            ]);
            Sheet::from_cells("S", true, v)
        };
        let cal = Calendar::default();
        let labelled = cells(vec![((1, 0), text("Year:")), ((1, 1), text("2025-26"))]);
        assert_eq!(sheet_year(&labelled, 4, cal), Some(2025));
        let title = cells(vec![((0, 0), text("Housing performance 2024/25"))]);
        let mut findings = Vec::new();
        let t = find_header(&title, cal, "f.xlsx", &mut findings).expect("header");
        assert_eq!(
            t.values,
            Values::Wide {
                periods: vec![
                    (1, Period::Quarter { fy: 2024, q: 3 }),
                    (2, Period::Quarter { fy: 2024, q: 4 })
                ]
            }
        );
        let bare = cells(vec![((0, 0), text("Housing performance"))]);
        let t = find_header(&bare, cal, "f.xlsx", &mut findings).expect("header");
        assert_eq!(t.values, Values::Wide { periods: vec![] });
        let cells: Vec<_> = findings.iter().filter_map(|f| f.cell.clone()).collect();
        assert_eq!(cells, ["B5", "C5"]);
        assert!(findings.iter().all(|f| f.rule == Rule::DQ015));
    }

    #[test]
    fn a_long_value_column_is_not_wide() {
        let s = Sheet::from_cells(
            "S",
            true,
            vec![
                ((0, 0), text("Code")),
                ((0, 1), text("Value")),
                ((0, 2), text("Apr-26")),
                ((0, 3), text("May-26")),
            ],
        );
        assert!(find_header(&s, Calendar::default(), "f", &mut Vec::new()).is_none());
    }
}
