//! Budget tables (SPEC section 16): each line's figures for the month, found
//! on any visible sheet of a return, beside, below or above an indicator or
//! action table, by their columns. A table is a budget table when its header
//! row names a ref column (`Ref`, `Cost Centre`, `Budget Ref`, `Budget Code`)
//! that holds the budget's Refs, and a forecast column (`Forecast Outturn`,
//! `Projected Outturn`, `Forecast`, `Outturn`). Each row becomes a
//! [`BudgetUpdate`] whose amounts keep their cells; whether an amount is
//! acceptable is for `quality::budget` to say.
//!
//! A column headed in thousands (`Budget £000`, `Forecast (£'000)`, `£k`)
//! holds thousands of pounds, and one headed `£m` millions: its figures are
//! scaled before they are rounded to the penny, except text that states its
//! own scale (`£1.2m`).

use crate::budget::{is_total_label, money_of_cell};
use crate::model::Budget;
use crate::model::{BudgetColumns, BudgetUpdate, MoneyField, Source};
use crate::period::Period;
use crate::read::value::ValueOptions;
use crate::read::{Book, Cell, CellValue, Sheet};
use crate::text::{header_key, normalise_code};
use std::sync::Arc;

/// Header names of each column of a budget table, compared after
/// [`column_key`], in order of preference.
mod synonyms {
    /// The line's Ref.
    pub const REF: &[&str] = &[
        "ref",
        "costcentre",
        "costcenter",
        "budgetref",
        "budgetcode",
        "costcentrecode",
        "costcode",
        "budgetreference",
    ];
    /// Forecast outturn for the year, the first found in this order.
    pub const FORECAST: &[&str] = &[
        "forecastoutturn",
        "projectedoutturn",
        "forecastyearend",
        "projectedyearend",
        "yearendforecast",
        "fullyearforecast",
        "forecast",
        "outturn",
    ];
    /// The budget as the return gives it.
    pub const BUDGET: &[&str] = &[
        "budget",
        "annualbudget",
        "currentbudget",
        "approvedbudget",
        "revisedbudget",
    ];
    /// Spend (or income) to date.
    pub const SPEND: &[&str] = &[
        "spendtodate",
        "actualtodate",
        "ytdactual",
        "incometodate",
        "actualytd",
        "ytdspend",
        "spendytd",
        "ytdincome",
        "actualspendtodate",
        "actualstodate",
    ];
    /// Commentary: in a budget table, `Variance Explanation` is one.
    pub const COMMENTARY: &[&str] = &[
        "commentary",
        "varianceexplanation",
        "comments",
        "comment",
        "narrative",
        "explanationofvariance",
    ];
    /// Data Note (never `Variance Explanation` here: that is the Commentary).
    pub const DATA_NOTE: &[&str] = &["datanote", "dqnote", "explanation", "datanotes"];
    /// A code column of an indicator table or a ref column of an action
    /// table: a row naming one in the ref column starts another table.
    pub const OTHER_HEADS: &[&str] = &[
        "code",
        "picode",
        "piref",
        "kpiref",
        "kpicode",
        "indicatorcode",
        "actionref",
        "actionid",
        "milestoneref",
    ];
}

/// A header as compared, and the scale of its figures (the power of ten:
/// 3 for thousands, 6 for millions): words that are a unit (`£`, `£000`,
/// `(£'000)`, `£k`, `£m`) or a financial year (`2026/27`) are left out of
/// the key.
fn column_key(text: &str) -> (String, u32) {
    let mut power = 0;
    let mut kept: Vec<&str> = Vec::new();
    for word in text.split_whitespace() {
        let bare: String = word
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '[' | ']' | '\'' | '’' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        match bare.as_str() {
            "£000" | "£000s" | "£k" | "000" | "000s" | "£ks" => power = 3,
            "£m" | "£ms" | "£mn" | "£million" | "£millions" => power = 6,
            "£" | "£s" => {}
            b if !b.is_empty() && b.chars().all(|c| c.is_ascii_digit() || "/-".contains(c)) => {}
            _ => kept.push(word),
        }
    }
    (header_key(&kept.join(" ")), power)
}

/// The scale of the figures under a heading: 3 for thousands (`£000`), 6
/// for millions (`£m`), 0 for pounds.
pub fn column_scale(heading: &str) -> u32 {
    column_key(heading).1
}

/// Where a budget table is on its sheet (absolute, zero-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetTable {
    /// The header row.
    pub header: u32,
    /// The first row after the table.
    pub end: u32,
    /// The first and last columns of its header.
    pub first_col: u32,
    /// See `first_col`.
    pub last_col: u32,
    /// Its columns.
    pub columns: BudgetColumns,
    /// The scale of the amount columns (forecast, budget, spend): 0 for
    /// pounds, 3 for thousands, 6 for millions.
    pub scale: [u32; 3],
}

impl BudgetTable {
    /// True when the cell (row, col) lies in the table, header included: the
    /// indicator reader leaves such cells alone.
    pub fn covers(&self, row: u32, col: u32) -> bool {
        (self.header..self.end).contains(&row) && (self.first_col..=self.last_col).contains(&col)
    }
}

/// Every budget table on `sheet` whose ref column holds at least one of the
/// budget's Refs, top to bottom and left to right.
pub fn find_budget_tables(sheet: &Sheet, budget: &Budget) -> Vec<BudgetTable> {
    let mut found: Vec<BudgetTable> = Vec::new();
    let cols = sheet.cols();
    for row in sheet.rows() {
        // Every cell of every return is passed here: a row is looked at
        // closely only when one of its cells may head a forecast column.
        let heads_forecast = cols
            .clone()
            .any(|col| sheet.get(row, col).text().is_some_and(may_name_forecast));
        if !heads_forecast {
            continue;
        }
        for t in header_candidates(sheet, row, budget) {
            // A table beside one already found may start on any row of it.
            if !found.iter().any(|f| f.covers(row, t.columns.reference)) {
                found.push(t);
            }
        }
    }
    found
}

/// True when `text` may be a forecast column's heading (every one of
/// [`synonyms::FORECAST`] holds one of these words), without allocating.
/// With a budget every cell of every return comes here: each word is
/// compared only where a byte could begin it.
fn may_name_forecast(text: &str) -> bool {
    fn starts(t: &[u8], word: &[u8]) -> bool {
        t.get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    }
    let t = text.as_bytes();
    t.len() <= 60
        && (0..t.len()).any(|i| match t[i] | 0x20 {
            b'f' => starts(&t[i..], b"forecast"),
            b'o' => starts(&t[i..], b"outturn"),
            b'p' => starts(&t[i..], b"projected"),
            _ => false,
        })
}

/// The budget tables whose header is on `row`: one per run of headed cells
/// that names a ref column holding the budget's Refs and a forecast column.
fn header_candidates(sheet: &Sheet, row: u32, budget: &Budget) -> Vec<BudgetTable> {
    let mut out = Vec::new();
    let mut run: Vec<(u32, String, u32)> = Vec::new();
    let cols = sheet.cols();
    for col in cols.start..=cols.end {
        let key = (col < cols.end)
            .then(|| sheet.get(row, col).text())
            .flatten()
            .filter(|t| !t.is_empty() && t.len() <= 60)
            .map(column_key);
        match key {
            Some((k, power)) if !k.is_empty() => run.push((col, k, power)),
            _ => {
                if let Some(t) = table_of_run(sheet, row, &run, budget) {
                    out.push(t);
                }
                run.clear();
            }
        }
    }
    out
}

/// The budget table a run of header cells makes, if it makes one.
fn table_of_run(
    sheet: &Sheet,
    row: u32,
    run: &[(u32, String, u32)],
    budget: &Budget,
) -> Option<BudgetTable> {
    use synonyms::*;
    // The first column headed by the most preferred of `names`.
    let first = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| run.iter().find(|(_, k, _)| k == n))
            .map(|(c, _, t)| (*c, *t))
    };
    let (forecast, forecast_scale) = first(FORECAST)?;
    // Each candidate's end once: finding it keys every cell of the column.
    let (reference, end) = run
        .iter()
        .filter(|(_, k, _)| REF.contains(&k.as_str()))
        .map(|(c, _, _)| (*c, table_end(sheet, row, *c)))
        .find(|&(c, end)| (row + 1..end).any(|r| is_budget_ref(sheet.get(r, c), budget)))?;
    let (budget_col, spend) = (first(BUDGET), first(SPEND));
    Some(BudgetTable {
        header: row,
        end,
        first_col: run.first()?.0,
        last_col: run.last()?.0,
        columns: BudgetColumns {
            reference,
            forecast,
            budget: budget_col.map(|(c, _)| c),
            spend: spend.map(|(c, _)| c),
            commentary: first(COMMENTARY).map(|(c, _)| c),
            data_note: first(DATA_NOTE).map(|(c, _)| c),
        },
        scale: [
            forecast_scale,
            budget_col.map_or(0, |(_, p)| p),
            spend.map_or(0, |(_, p)| p),
        ],
    })
}

fn is_budget_ref(cell: &Cell, budget: &Budget) -> bool {
    match &cell.value {
        CellValue::Text(t) => budget.get(t).is_some(),
        CellValue::Number(n) => budget.get(&cell_text_number(*n)).is_some(),
        _ => false,
    }
}

/// A Ref typed as a number (`10234`) as the budget would write it.
fn cell_text_number(n: f64) -> String {
    Cell {
        value: CellValue::Number(n),
        percent: false,
    }
    .display()
}

/// The row after a table's last: the next row whose ref cell is a header
/// word (another table starts there), else the end of the sheet.
fn table_end(sheet: &Sheet, header: u32, ref_col: u32) -> u32 {
    let end = sheet.rows().end;
    (header + 1..end)
        .find(|&r| {
            sheet.get(r, ref_col).text().is_some_and(|t| {
                let k = column_key(t).0;
                synonyms::REF.contains(&k.as_str()) || synonyms::OTHER_HEADS.contains(&k.as_str())
            })
        })
        .unwrap_or(end)
}

/// The rows of one budget table as the figures of `period` from
/// `directorate`. Rows with a blank Ref are skipped, as are total rows
/// (`Total`, `Subtotal`, `Grand total`) and rows whose Ref is not the
/// budget's and which hold no figures (headings such as "Adult Social Care").
pub fn read_budget_table(
    sheet: &Sheet,
    table: &BudgetTable,
    file: &Arc<str>,
    directorate: &Arc<str>,
    period: Option<Period>,
    budget: &Budget,
    values: &ValueOptions,
) -> Vec<BudgetUpdate> {
    let sheet_name: Arc<str> = Arc::from(sheet.name.as_str());
    let c = table.columns;
    let mut out = Vec::new();
    for row in table.header + 1..table.end {
        let ref_cell = sheet.get(row, c.reference);
        let reference = match &ref_cell.value {
            CellValue::Number(n) => cell_text_number(*n),
            _ => ref_cell.display().trim().to_string(),
        };
        let key = normalise_code(&reference);
        let in_budget = budget.by_key(&key).is_some();
        if reference.is_empty() || (!in_budget && is_total_label(&reference)) {
            continue;
        }
        let at = |col: u32| Source {
            file: Arc::clone(file),
            sheet: Arc::clone(&sheet_name),
            row,
            col,
        };
        let amount = |col: Option<u32>, power: u32| {
            let col = col?;
            let cell = sheet.get(row, col);
            Some(MoneyField {
                value: money_of_cell(cell, values, power)?,
                seen: cell.display(),
                source: at(col),
            })
        };
        let update = BudgetUpdate {
            key,
            directorate: Arc::clone(directorate),
            period,
            source: at(c.reference),
            columns: c,
            forecast: amount(Some(c.forecast), table.scale[0]),
            budget: amount(c.budget, table.scale[1]),
            spend: amount(c.spend, table.scale[2]),
            commentary: text(sheet, row, c.commentary),
            data_note: text(sheet, row, c.data_note),
            reference,
        };
        let holds_figures =
            update.forecast.is_some() || update.budget.is_some() || update.spend.is_some();
        if !in_budget && !holds_figures {
            continue;
        }
        out.push(update);
    }
    out
}

/// Every budget table on the visible sheets of `book`, read as figures,
/// with the tables found on each sheet (by sheet index) so that the
/// indicator reader can leave their cells alone.
pub fn read_budget_tables(
    book: &Book,
    budget: &Budget,
    directorate: &Arc<str>,
    period: Option<Period>,
    values: &ValueOptions,
) -> (Vec<BudgetUpdate>, Vec<(usize, BudgetTable)>) {
    let file: Arc<str> = Arc::from(book.path.as_str());
    let mut updates = Vec::new();
    let mut tables = Vec::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        if !sheet.visible || sheet.is_empty() {
            continue;
        }
        for t in find_budget_tables(sheet, budget) {
            updates.extend(read_budget_table(
                sheet,
                &t,
                &file,
                directorate,
                period,
                budget,
                values,
            ));
            tables.push((i, t));
        }
    }
    (updates, tables)
}

fn text(sheet: &Sheet, row: u32, col: Option<u32>) -> Option<String> {
    let cell = sheet.get(row, col?);
    let t = cell.display();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
