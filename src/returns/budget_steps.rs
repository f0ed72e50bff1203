//! The steps of reading a return that find and read its budget tables (SPEC
//! section 16): found on every visible sheet before the indicator tables,
//! so that the indicator layouts never read their cells (a Ref column is a
//! code column to them, a Forecast column a forecast), and read once the
//! return's directorate and period are settled. Nothing without a budget.

use super::book::{Flow, Reading};
use super::budget::{
    column_scale, find_budget_tables as find_on_sheet, read_budget_table, BudgetTable,
};
use super::mapped::{describe, sheet as mapped_sheet};
use super::mapping::{BudgetSourceColumns, ColumnRef, SourceMapping};
use crate::model::{BudgetColumns, Finding, Rule};
use crate::read::{Book, Sheet};
use crate::text::header_key;
use std::sync::Arc;

/// The budget tables: the `[[source]]`'s (`kind = "budget"`), or on each
/// visible sheet every table whose ref column holds the budget's Refs and
/// which has a forecast column.
pub(crate) fn find_budget_tables(r: &mut Reading<'_>) -> Flow {
    let Some(budget) = r.register.budget.as_deref() else {
        return Flow::Go;
    };
    if let Some(src) = r.budget_mapping {
        let found = mapped_sheet(r.book, src, &mut r.out.findings).and_then(|sheet| {
            Some((
                sheet,
                mapped_table(r.book, sheet, src, &mut r.out.findings)?,
            ))
        });
        r.budget_tables.extend(found);
        return Flow::Go;
    }
    for sheet in r.book.sheets.iter().filter(|s| s.visible && !s.is_empty()) {
        for t in find_on_sheet(sheet, budget) {
            r.budget_tables.push((sheet, t));
        }
    }
    Flow::Go
}

/// The rows of every budget table, as the figures of the return's
/// directorate for its period.
pub(crate) fn read_budget(r: &mut Reading<'_>) -> Flow {
    let Some(budget) = r.register.budget.as_deref() else {
        return Flow::Go;
    };
    let file: Arc<str> = Arc::from(r.book.path.as_str());
    let directorate: Arc<str> = Arc::from(r.out.directorate.as_deref().unwrap_or(""));
    for (sheet, t) in &r.budget_tables {
        r.out.budget_rows.extend(read_budget_table(
            sheet,
            t,
            &file,
            &directorate,
            r.out.period,
            budget,
            &r.opts.values,
        ));
    }
    Flow::Go
}

/// The budget table a `[[source]]` with `kind = "budget"` describes on its
/// sheet, or a DQ007 finding naming the columns that are not there. It runs
/// from the row after the header to the end of the sheet; a column headed
/// in thousands (`£000`) or millions (`£m`) is scaled as a found table's is.
fn mapped_table(
    book: &Book,
    sheet: &Sheet,
    src: &SourceMapping,
    findings: &mut Vec<Finding>,
) -> Option<BudgetTable> {
    let cols: &BudgetSourceColumns = src.budget.as_ref()?;
    let row = src.header_row.saturating_sub(1);
    let mut missing = Vec::new();
    let mut resolve = |what: &str, r: Option<&ColumnRef>| -> Option<u32> {
        match r? {
            ColumnRef::Letter(c) => Some(*c),
            ColumnRef::Header(text) => {
                let key = header_key(text);
                let col = sheet
                    .cols()
                    .find(|&c| header_key(&sheet.get(row, c).display()) == key);
                if col.is_none() {
                    missing.push(format!("{what} column '{text}'"));
                }
                col
            }
        }
    };
    let reference = resolve("the Ref", Some(&cols.reference));
    let forecast = resolve("the forecast", Some(&cols.forecast));
    let budget = resolve("the budget", cols.budget.as_ref());
    let spend = resolve("the spend to date", cols.spend.as_ref());
    let commentary = resolve("the commentary", cols.commentary.as_ref());
    let data_note = resolve("the data note", cols.data_note.as_ref());
    if !missing.is_empty() {
        let mut f = Finding::new(
            Rule::DQ007,
            &book.path,
            format!(
                "{} expects {} in row {} of sheet '{}', but it is not there.",
                describe(src),
                missing.join(", "),
                src.header_row,
                sheet.name
            ),
        );
        f.sheet = sheet.name.clone();
        findings.push(f);
        return None;
    }
    let columns = BudgetColumns {
        reference: reference?,
        forecast: forecast?,
        budget,
        spend,
        commentary,
        data_note,
    };
    let used: Vec<u32> = [
        Some(columns.reference),
        Some(columns.forecast),
        budget,
        spend,
        commentary,
        data_note,
    ]
    .into_iter()
    .flatten()
    .collect();
    let scale =
        |c: Option<u32>| c.map_or(0, |c| column_scale(sheet.get(row, c).text().unwrap_or("")));
    Some(BudgetTable {
        header: row,
        end: sheet.rows().end.max(row + 1),
        first_col: used.iter().copied().min().unwrap_or(0),
        last_col: used.iter().copied().max().unwrap_or(0),
        columns,
        scale: [scale(Some(columns.forecast)), scale(budget), scale(spend)],
    })
}
