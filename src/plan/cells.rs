//! Dates in cells, for the plan and for progress updates alike: an Excel
//! date cell, a date typed as text (day first), or a period spelling.
//!
//! A bare number is not read as a date. Excel shows a date typed into a cell
//! as a date; a bare number there (46295) is a date whose format was lost, or
//! no date at all, and which day a serial means depends on the workbook's date
//! system (1900 or 1904, four years apart). So it is a problem at the cell,
//! with the day it would be in Excel's usual numbering as a hint.

use crate::model::FieldProblem;
use crate::period::{date_words, Calendar, DateProblem, PeriodDay, DATE_HINT};
use crate::read::value::{Parsed, ValueOptions};
use crate::read::{Cell, CellValue};
use chrono::NaiveDate;

/// A cell as a date: `None` when blank or a "no value" word (`n/a`, `TBC`),
/// else the date or the problem. `day` says which day a period spelling means.
pub fn date_of_cell(
    cell: &Cell,
    cal: Calendar,
    day: PeriodDay,
    values: &ValueOptions,
) -> Option<Result<NaiveDate, FieldProblem>> {
    if cell.is_blank() || matches!(values.parse(cell), Parsed::NoValue) {
        return None;
    }
    Some(match &cell.value {
        CellValue::Date(d) => Ok(d.date()),
        CellValue::Text(t) => cal.parse_date(t, day).map_err(FieldProblem::NotADate),
        CellValue::Number(_) => Err(FieldProblem::NumberNotDate),
        CellValue::Error(_) => Err(FieldProblem::ErrorCell),
        CellValue::FormulaNoValue(_) => Err(FieldProblem::FormulaNoValue),
        CellValue::Bool(_) | CellValue::Empty => Err(FieldProblem::WrongKind),
    })
}

/// Why a date cell could not be read, in a sentence: what the cell shows
/// (`seen`), why it is not a date, and how to write one.
pub fn date_problem_words(problem: &FieldProblem, seen: &str) -> String {
    let seen = seen.trim();
    match problem {
        FieldProblem::NotADate(p @ (DateProblem::MonthFirst | DateProblem::NoSuchDay)) => {
            format!("'{seen}' is not a date: {}; {DATE_HINT}", p.reason())
        }
        FieldProblem::NumberNotDate => {
            let as_serial = seen
                .parse::<f64>()
                .ok()
                .and_then(excel_serial)
                .map(|d| {
                    format!(
                        " (if it is Excel's number for {}, format the cell as a date)",
                        date_words(d)
                    )
                })
                .unwrap_or_default();
            format!("{seen} is a number, not a date{as_serial}; {DATE_HINT}")
        }
        FieldProblem::ErrorCell => {
            format!("the cell shows {seen}, an Excel error, where a date belongs; fix the formula or type the date: {DATE_HINT}")
        }
        FieldProblem::FormulaNoValue => {
            "the cell holds a formula whose result was never saved; open the file in Excel, let it recalculate and save it, or type the date".to_string()
        }
        _ => format!("'{seen}' is not a date; {DATE_HINT}"),
    }
}

/// The day a number stands for in Excel's 1900 date system, for messages
/// only (whole days from 1 Jan 1900 to 31 Dec 9999).
fn excel_serial(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(1.0..=2_958_465.0).contains(&n) {
        return None;
    }
    // Excel counts a 29 Feb 1900 that never was: from 1 Mar 1900 on, day 0 is 30 Dec 1899.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn cell(value: CellValue) -> Cell {
        Cell {
            value,
            percent: false,
        }
    }

    fn read(c: &Cell) -> Option<Result<NaiveDate, FieldProblem>> {
        date_of_cell(
            c,
            Calendar::default(),
            PeriodDay::Last,
            &ValueOptions::default(),
        )
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn date_cells_text_and_periods() {
        let dt = NaiveDateTime::new(d(2026, 9, 30), chrono::NaiveTime::MIN);
        assert_eq!(read(&cell(CellValue::Date(dt))), Some(Ok(d(2026, 9, 30))));
        assert_eq!(
            read(&cell(CellValue::Text("30/09/2026".into()))),
            Some(Ok(d(2026, 9, 30)))
        );
        assert_eq!(
            read(&cell(CellValue::Text("Q3 2026/27".into()))),
            Some(Ok(d(2026, 12, 31)))
        );
        for blank in ["", "  ", "n/a", "TBC", "-"] {
            assert_eq!(
                read(&cell(CellValue::Text(blank.into()))),
                None,
                "{blank:?}"
            );
        }
        assert_eq!(read(&cell(CellValue::Empty)), None);
    }

    #[test]
    fn what_is_not_a_date_and_why() {
        let us = cell(CellValue::Text("09/30/2026".into()));
        let got = read(&us).unwrap().unwrap_err();
        assert_eq!(got, FieldProblem::NotADate(DateProblem::MonthFirst));
        let words = date_problem_words(&got, &us.display());
        assert!(words.contains("'09/30/2026' is not a date"), "{words}");
        assert!(words.contains("day first"), "{words}");

        let serial = cell(CellValue::Number(46295.0));
        let got = read(&serial).unwrap().unwrap_err();
        assert_eq!(got, FieldProblem::NumberNotDate);
        let words = date_problem_words(&got, &serial.display());
        assert!(
            words.starts_with("46295 is a number, not a date"),
            "{words}"
        );
        assert!(words.contains("30 Sep 2026"), "{words}");
        // A number that is no day at all gets no guess at one.
        let odd = cell(CellValue::Number(0.5));
        let words = date_problem_words(&read(&odd).unwrap().unwrap_err(), &odd.display());
        assert!(!words.contains("Excel's number for"), "{words}");

        let err = cell(CellValue::Error("#REF!".into()));
        assert_eq!(read(&err), Some(Err(FieldProblem::ErrorCell)));
        assert!(date_problem_words(&FieldProblem::ErrorCell, &err.display()).contains("#REF!"));
        let f = cell(CellValue::FormulaNoValue("A1+1".into()));
        assert_eq!(read(&f), Some(Err(FieldProblem::FormulaNoValue)));
        assert_eq!(
            read(&cell(CellValue::Bool(true))),
            Some(Err(FieldProblem::WrongKind))
        );
        let soon = cell(CellValue::Text("soon".into()));
        let words = date_problem_words(&read(&soon).unwrap().unwrap_err(), &soon.display());
        assert!(
            words.starts_with("'soon' is not a date; write the date day first"),
            "{words}"
        );
    }

    #[test]
    fn excel_serials_for_messages() {
        assert_eq!(excel_serial(46295.0), Some(d(2026, 9, 30)));
        assert_eq!(excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial(0.0), None);
        assert_eq!(excel_serial(46295.5), None);
        assert_eq!(excel_serial(-3.0), None);
    }
}
