//! The steps of reading a return that find and read its budget tables (SPEC
//! section 16): found on every visible sheet before the indicator tables,
//! so that the indicator layouts never read their cells (a Ref column is a
//! code column to them, a Forecast column a forecast), and read once the
//! return's directorate and period are settled. Nothing without a budget.

use super::book::{Flow, Reading};
use super::budget::{
    column_scale, find_budget_tables as find_on_sheet, read_budget_table, BudgetTable,
};
use super::mapped::{sheet as mapped_sheet, HeaderColumns};
use super::mapping::{BudgetSourceColumns, SourceMapping};
use crate::model::{BudgetColumns, BudgetUpdate, Finding};
use crate::read::{Book, Sheet};
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
    let mut rows = Vec::new();
    for (sheet, t) in &r.budget_tables {
        rows.extend(read_budget_table(
            sheet,
            t,
            &file,
            &directorate,
            r.out.period,
            budget,
            &r.opts.values,
        ));
    }
    // A template's Finance sheet comes with its Refs and budgets filled in:
    // left wholly untouched, it gives no budget lines (the figures may come
    // in a return of their own), rather than a blank forecast for each.
    let untouched = |u: &BudgetUpdate| {
        u.forecast.is_none() && u.spend.is_none() && u.commentary.is_none() && u.data_note.is_none()
    };
    if r.template.is_some() && rows.iter().all(untouched) {
        return Flow::Go;
    }
    r.out.budget_rows.extend(rows);
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
    let mut head = HeaderColumns::new(sheet, src);
    let reference = head.find("the Ref", Some(&cols.reference));
    let forecast = head.find("the forecast", Some(&cols.forecast));
    let budget = head.find("the budget", cols.budget.as_ref());
    let spend = head.find("the spend to date", cols.spend.as_ref());
    let commentary = head.find("the commentary", cols.commentary.as_ref());
    let data_note = head.find("the data note", cols.data_note.as_ref());
    let (header, end, first_col, last_col) =
        head.extent(&[reference, forecast, budget, spend, commentary, data_note]);
    if !head.all_found(book, src, findings) {
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
    let scale = |c: Option<u32>| {
        c.map_or(0, |c| {
            column_scale(sheet.get(header, c).text().unwrap_or(""))
        })
    };
    Some(BudgetTable {
        header,
        end,
        first_col,
        last_col,
        columns,
        scale: [scale(Some(columns.forecast)), scale(budget), scale(spend)],
    })
}
