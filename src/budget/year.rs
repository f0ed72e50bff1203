//! The budget's financial year: its optional `Year` column (`Financial
//! Year`, `Budget Year`). A budget is approved for one year, so every line
//! that gives a year must give the same one; a run for a month outside it
//! does not check or report the budget (one finding says so, rather than a
//! missing forecast for every line).

use super::load::{problem, skipped};
use crate::cellref::a1;
use crate::period::{Calendar, Period};
use crate::read::Sheet;
use crate::register::RegisterProblem;

/// The financial year (the calendar year it starts in) the `Year` column at
/// `col` names, or `None` where every cell is blank. Each cell that is not a
/// financial year, or names another year than the first, is a problem at its
/// cell.
pub(super) fn budget_year(
    sheet: &Sheet,
    header: u32,
    col: u32,
    ref_col: u32,
    cal: Calendar,
    problems: &mut Vec<RegisterProblem>,
) -> Option<i32> {
    let mut first: Option<(i32, u32)> = None;
    for row in (header + 1)..sheet.rows().end {
        let text = sheet.get(row, col).display();
        let text = text.trim();
        if text.is_empty() || skipped(sheet, row, ref_col) {
            continue;
        }
        let at = a1(row, col);
        let Some(fy) = financial_year(text, cal) else {
            let example = cal.fy_label(first.map_or(2026, |(fy, _)| fy));
            let msg = format!(
                "the Year '{text}' is not a financial year; write it as {example} (or leave the Year column blank)"
            );
            problems.push(problem(&sheet.name, &at, &msg));
            continue;
        };
        match first {
            None => first = Some((fy, row)),
            Some((year, _)) if year == fy => {}
            Some((year, at_row)) => {
                let msg = format!(
                    "this line is for {}, but the budget is for {} (the Year at {}); a budget holds one financial year: keep each year's budget in a file of its own and name this year's with `budget` in ipr.toml",
                    cal.fy_label(fy),
                    cal.fy_label(year),
                    a1(at_row, col)
                );
                problems.push(problem(&sheet.name, &at, &msg));
            }
        }
    }
    first.map(|(fy, _)| fy)
}

/// `2026/27`, `2026-27`, `2026/2027`, `FY2026/27` (or `2026` with a January
/// start) as the financial year that starts in 2026; `None` for a month, a
/// quarter or anything else.
fn financial_year(text: &str, cal: Calendar) -> Option<i32> {
    match cal.parse(text, None)? {
        Period::Year { fy } => Some(fy),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_financial_year_in_its_usual_spellings_and_nothing_else() {
        let cal = Calendar::default();
        for t in ["2026/27", "2026-27", "2026/2027", "FY2026/27", "fy 2026-27"] {
            assert_eq!(financial_year(t, cal), Some(2026), "{t}");
        }
        // A bare year is ambiguous with an April start; a month is not a year.
        for t in ["2026", "2026-09", "Sep 2026", "Q2 2026/27", "next year"] {
            assert_eq!(financial_year(t, cal), None, "{t}");
        }
    }
}
