//! The budget's stage of a run (SPEC section 16): the rows of the period
//! checked against the budget and settled (DQ080 to DQ087), every line
//! assessed against the row used and the previous report, and the totals.
//! Nothing here without a budget.

use crate::assess::budget::{assess_budget, finance_summary};
use crate::model::Budget;
use crate::model::{BudgetReport, BudgetUpdate, Finding, PreviousReport, ReturnFile, Rule};
use crate::period::{Calendar, Period};
use crate::quality::actions::ReturnPlace;
use crate::quality::budget::{check_budget_rows, BudgetContext};
use std::sync::Arc;

/// What the returns give the budget stage: every row of a budget table
/// read, and where each return of the period is (for a line with no row,
/// DQ082).
#[derive(Debug, Clone, Default)]
pub struct BudgetInputs {
    /// Every row read, for any period.
    pub rows: Vec<BudgetUpdate>,
    /// The returns of the period, by directorate; those giving budget lines first.
    pub places: Vec<ReturnPlace>,
    /// The directorates whose returns of the period give budget lines:
    /// `ipr check` expects a row for each of their lines (DQ082), and for
    /// no other directorate's.
    pub directorates: Vec<String>,
}

impl BudgetInputs {
    /// Takes the budget rows out of `returns` (which keep their
    /// observations) and notes where the returns of `month` are.
    pub fn take(returns: &mut [ReturnFile], month: Period, cal: Calendar) -> BudgetInputs {
        let mut out = BudgetInputs::default();
        let mut giving = 0;
        for r in returns.iter_mut() {
            let gives = !r.budget_rows.is_empty();
            out.rows.append(&mut r.budget_rows);
            if r.report_month(cal) != Some(month) {
                continue;
            }
            let (Some(d), Some(sheet)) = (&r.directorate, r.sheets.first()) else {
                continue;
            };
            if gives && !out.directorates.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                out.directorates.push(d.clone());
            }
            let place = ReturnPlace {
                directorate: Arc::from(d.as_str()),
                file: Arc::from(r.path.as_str()),
                sheet: Arc::from(sheet.as_str()),
            };
            // A line with no row (DQ082) is put in the return that gives budget lines.
            let at = if gives { giving } else { out.places.len() };
            out.places.insert(at, place);
            giving += usize::from(gives);
        }
        out
    }
}

/// What the stage is told of the run.
#[derive(Debug, Clone, Copy)]
pub struct BudgetRun<'a> {
    /// The month reported.
    pub month: Period,
    /// The financial-year calendar.
    pub cal: Calendar,
    /// The previous report, if any.
    pub previous: Option<&'a PreviousReport>,
    /// True for `consolidate` (every line is due a forecast); false for
    /// `check` (only those of the directorates whose returns give lines).
    pub every_directorate: bool,
}

/// The budget assessed for the month, and the budget findings (to join the
/// others before they are settled). For a month outside the budget's year,
/// no report, and one finding that says so (DQ088) where the budget is due:
/// always in `consolidate`, for a return giving budget lines in `check`.
pub fn assess_lines(
    budget: &Budget,
    inputs: &BudgetInputs,
    run: BudgetRun<'_>,
) -> (Option<BudgetReport>, Vec<Finding>) {
    if !budget.covers(run.month, run.cal) {
        let due = run.every_directorate || !inputs.directorates.is_empty();
        return (
            None,
            due.then(|| outside_year(budget, inputs, run))
                .into_iter()
                .collect(),
        );
    }
    let (report, findings) = assess_year(budget, inputs, run);
    (Some(report), findings)
}

/// DQ088: the month is not in the budget's year. At the budget in
/// `consolidate`; in `check`, at the return giving budget lines (a check
/// reports the findings of its returns).
fn outside_year(budget: &Budget, inputs: &BudgetInputs, run: BudgetRun<'_>) -> Finding {
    let cal = run.cal;
    let year = budget.year.map(|fy| cal.fy_label(fy)).unwrap_or_default();
    let month = crate::period::period_words(run.month, &cal.id(run.month));
    let month_year = cal.fy_label(cal.fy(run.month));
    let place = inputs.places.first().filter(|_| !run.every_directorate);
    let message = match place {
        None => format!(
            "The budget (sheet '{}') is for {year}, but this report is for {month}, in {month_year}: no budget line is checked or reported for {month}.",
            budget.sheet
        ),
        Some(_) => format!(
            "The budget is for {year}, but the return is for {month}, in {month_year}: its budget lines are not checked."
        ),
    };
    let file = place.map_or(budget.file.as_str(), |p| &p.file);
    let mut f = Finding::new(Rule::DQ088, file, message);
    f.sheet = place.map_or(budget.sheet.clone(), |p| p.sheet.to_string());
    f.directorate = place.map(|p| p.directorate.to_string());
    f
}

/// The budget assessed for a month of its year.
fn assess_year(
    budget: &Budget,
    inputs: &BudgetInputs,
    run: BudgetRun<'_>,
) -> (BudgetReport, Vec<Finding>) {
    let ctx = BudgetContext {
        budget,
        period: run.month,
        cal: run.cal,
        directorates: (!run.every_directorate).then_some(inputs.directorates.as_slice()),
        returns: &inputs.places,
    };
    let settled = check_budget_rows(&ctx, &inputs.rows);
    let previous = run.previous.map_or(&[][..], |p| p.budgets.as_slice());
    let results = assess_budget(&budget.lines, &settled.used, previous);
    let summary = finance_summary(&results);
    let month_end = run.cal.end_month(run.month);
    let report = BudgetReport {
        file: budget.file.clone(),
        results,
        summary,
        rows_read: inputs
            .rows
            .iter()
            .filter(|u| u.period.is_some_and(|p| run.cal.end_month(p) == month_end))
            .count(),
        previous_period: run
            .previous
            .filter(|p| !p.budgets.is_empty())
            .map(|p| p.period.clone()),
        remedial: Default::default(),
        stale_remedial: Vec::new(),
    };
    (report, settled.findings)
}
