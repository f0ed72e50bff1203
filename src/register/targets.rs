//! The optional Targets sheet: profiled targets by indicator and period.

use super::load::find_header;
use super::RegisterProblem;
use crate::cellref::a1;
use crate::model::Register;
use crate::period::{Calendar, Period};
use crate::read::value::{Parsed, ValueOptions};
use crate::read::{CellValue, Sheet};
use crate::register_format::TARGET_COLUMNS;

pub(super) fn read_targets(
    sheet: &Sheet,
    register: &mut Register,
    cal: Calendar,
    problems: &mut Vec<RegisterProblem>,
) {
    let columns: Vec<(&'static str, &[&str])> =
        TARGET_COLUMNS.iter().map(|(n, _, s)| (*n, *s)).collect();
    let Some((header_row, cols)) = find_header(sheet, &columns, &["code", "period", "target"])
    else {
        if !sheet.is_empty() {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: "A1".into(),
                message: "the Targets sheet has no header row with columns Code, Period and Target"
                    .into(),
            });
        }
        return;
    };
    let values = ValueOptions::default();
    for row in (header_row + 1)..sheet.rows().end {
        if cols.values().all(|&c| sheet.get(row, c).is_blank()) {
            continue;
        }
        let code_cell = sheet.get(row, cols["code"]);
        let code = code_cell.display();
        let Some(ind) = register.get(&code) else {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["code"]),
                message: format!("'{}' is not a code in the Indicators sheet", code.trim()),
            });
            continue;
        };
        let key = ind.key.clone();
        let freq = ind.frequency;
        let pcell = sheet.get(row, cols["period"]);
        let period = match &pcell.value {
            CellValue::Date(d) => Some(Period::from_date(d.date())),
            CellValue::Text(t) => cal.parse(t, None),
            _ => None,
        };
        let period = period.and_then(|p| cal.for_frequency(p, freq).or(Some(p)));
        let Some(period) = period else {
            problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["period"]),
                message: format!(
                    "'{}' is not a period we can read; write it as 2025-07, 2025/26-Q2 or 2025/26",
                    pcell.display()
                ),
            });
            continue;
        };
        match values.parse(sheet.get(row, cols["target"])) {
            Parsed::Number { value, .. } => {
                register.targets.insert((key, period), value);
            }
            _ => problems.push(RegisterProblem {
                sheet: sheet.name.clone(),
                cell: a1(row, cols["target"]),
                message: format!(
                    "the target '{}' is not a number",
                    sheet.get(row, cols["target"]).display()
                ),
            }),
        }
    }
}
