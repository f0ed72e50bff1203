//! The assessment of each budget line for the period (SPEC section 16):
//! variance, adverse variance by Type, tolerance, RAG, the underspend note,
//! movement and the change since the previous report, exception and its
//! reason; and the totals per directorate and Type, and per Type for the
//! council. Pure functions: no I/O.
//!
//! Money is whole pence and tolerances exact to a millionth of a penny, so
//! "exactly at tolerance" is exact and every total is right to the penny.

use crate::model::budget_previous::{find, PreviousBudgetLine};
use crate::model::budget_result::{
    BudgetNote, BudgetRag, BudgetReason, BudgetResult, BudgetSince, FinanceLines, FinanceSummary,
    FinanceTotal,
};
use crate::model::money::Threshold;
use crate::model::{BudgetLine, BudgetUpdate, LineType, Money};
use crate::text::header_key;
use std::collections::BTreeMap;

/// Forecast − budget: positive, more spent or received than budgeted.
pub fn variance(forecast: Money, budget: Money) -> Money {
    forecast - budget
}

/// Green within the tolerance, amber within twice it, red beyond. "Beyond"
/// is strictly greater: exactly at the tolerance is green, exactly at twice
/// it amber. A favourable variance (negative adverse) is green.
pub fn rag(adverse: Money, tolerance: Threshold) -> BudgetRag {
    if !tolerance.exceeded_by(adverse) {
        BudgetRag::Green
    } else if !tolerance.twice().exceeded_by(adverse) {
        BudgetRag::Amber
    } else {
        BudgetRag::Red
    }
}

/// A favourable variance strictly beyond tolerance on a revenue line:
/// `underspend` (expenditure) or `income above budget` (income). Capital
/// has none: an underspend there is slippage, and adverse.
pub fn note(line_type: LineType, variance: Money, tolerance: Threshold) -> Option<BudgetNote> {
    let favourable = -line_type.adverse(variance);
    if !tolerance.exceeded_by(favourable) {
        return None;
    }
    match line_type {
        LineType::Expenditure => Some(BudgetNote::Underspend),
        LineType::Income => Some(BudgetNote::IncomeAboveBudget),
        LineType::Capital => None,
    }
}

/// This forecast − the previous report's forecast for the line; `None`
/// where either has none.
pub fn movement(forecast: Option<Money>, previous: Option<&PreviousBudgetLine>) -> Option<Money> {
    Some(forecast? - previous?.forecast()?)
}

/// The one reason a line is an exception, if it is one: red; or amber in
/// the previous report, amber now, and its adverse variance strictly greater.
pub fn exception_reason(
    line_type: LineType,
    rag: BudgetRag,
    adverse: Option<Money>,
    previous: Option<&PreviousBudgetLine>,
) -> Option<BudgetReason> {
    let amber_growing = || {
        let p = previous?;
        let grew = p.rag() == Some(BudgetRag::Amber) && adverse? > p.adverse()?;
        Some(grew)
    };
    let exception = match rag {
        BudgetRag::Red => true,
        BudgetRag::Amber => amber_growing().unwrap_or(false),
        BudgetRag::Green | BudgetRag::Missing => false,
    };
    exception.then(|| BudgetReason::of(line_type))
}

/// The change since the previous report: `new` (an exception not one
/// then) first, then by adverse variance `better`, `worse` or `unchanged`
/// (a change of £1 or less). `None` for a line the previous report did not
/// have, and where either report has no adverse variance to compare.
pub fn since_previous(
    now: &BudgetResult,
    previous: Option<&PreviousBudgetLine>,
) -> Option<BudgetSince> {
    let p = previous?;
    if now.exception && !p.exception {
        return Some(BudgetSince::New);
    }
    let change = now.adverse? - p.adverse()?;
    Some(if change.abs() <= Money::from_pounds(1) {
        BudgetSince::Unchanged
    } else if change.is_negative() {
        BudgetSince::Better
    } else {
        BudgetSince::Worse
    })
}

/// The assessment of one line from the row used for it this period (if
/// any) and the previous report's view of it (if any). The approved budget
/// is the budget's, never the return's; a line without a usable forecast is
/// `missing`.
pub fn assess_line(
    line: &BudgetLine,
    row: Option<&BudgetUpdate>,
    previous: Option<&PreviousBudgetLine>,
) -> BudgetResult {
    let tolerance = line.tolerance_pounds();
    let forecast = row.and_then(BudgetUpdate::forecast);
    let variance_now = forecast.map(|f| variance(f, line.budget));
    let adverse = variance_now.map(|v| line.line_type.adverse(v));
    let rag_now = adverse.map_or(BudgetRag::Missing, |a| rag(a, tolerance));
    let reason = exception_reason(line.line_type, rag_now, adverse, previous);
    let mut result = BudgetResult {
        reference: line.reference.clone(),
        service: line.service.clone(),
        directorate: line.directorate.clone(),
        line_type: line.line_type,
        budget: line.budget,
        spend_to_date: row.and_then(BudgetUpdate::spend),
        forecast,
        variance: variance_now,
        adverse,
        tolerance,
        rag: rag_now,
        note: variance_now.and_then(|v| note(line.line_type, v, tolerance)),
        movement: movement(forecast, previous),
        exception: reason.is_some(),
        reasons: reason.into_iter().collect(),
        since_previous_report: None,
        commentary: row.and_then(|u| u.commentary.clone()),
        source: row.map(BudgetUpdate::forecast_cell),
        holder: line.holder.clone(),
        attributes: line.attributes.clone(),
    };
    result.since_previous_report = since_previous(&result, previous);
    result
}

/// Every line of the budget in budget order, each from the row used for it
/// (by the line's key) and the previous report's budget lines.
pub fn assess_budget(
    lines: &[BudgetLine],
    used: &BTreeMap<String, &BudgetUpdate>,
    previous: &[PreviousBudgetLine],
) -> Vec<BudgetResult> {
    lines
        .iter()
        .map(|l| assess_line(l, used.get(&l.key).copied(), find(previous, &l.reference)))
        .collect()
}

/// The totals and the count of lines by RAG. Totals are per directorate
/// (in the order the lines first name them) and Type, then per Type for the
/// council: revenue and capital are never added, and income is never netted
/// off expenditure. A line without a usable forecast counts its budget as
/// its forecast (variance 0), and is counted in `lines_at_budget`.
pub fn finance_summary(results: &[BudgetResult]) -> FinanceSummary {
    // Each line's key once: a key allocates, and every group looks at every line.
    let keys: Vec<String> = results.iter().map(|r| header_key(&r.directorate)).collect();
    let mut directorates: Vec<(&str, &str)> = Vec::new();
    for (r, key) in results.iter().zip(&keys) {
        if !directorates.iter().any(|(k, _)| k == key) {
            directorates.push((key, &r.directorate));
        }
    }
    let mut totals = Vec::new();
    for (key, name) in &directorates {
        for t in LineType::ALL {
            let mine = results
                .iter()
                .zip(&keys)
                .filter(|(r, k)| r.line_type == t && k == key)
                .map(|(r, _)| r);
            totals.extend(total(Some(name), t, mine));
        }
    }
    for t in LineType::ALL {
        totals.extend(total(None, t, results.iter().filter(|r| r.line_type == t)));
    }
    let mut lines = FinanceLines::default();
    for r in results {
        lines.add(r.rag);
    }
    FinanceSummary { totals, lines }
}

/// The total of `lines` of one Type, or `None` when there are none.
fn total<'a>(
    directorate: Option<&str>,
    line_type: LineType,
    lines: impl Iterator<Item = &'a BudgetResult>,
) -> Option<FinanceTotal> {
    let mut t = FinanceTotal {
        directorate: directorate.map(str::to_string),
        line_type,
        budget: Money::ZERO,
        forecast: Money::ZERO,
        variance: Money::ZERO,
        lines: 0,
        lines_at_budget: 0,
    };
    for r in lines {
        t.budget = t.budget + r.budget;
        t.forecast = t.forecast + r.forecast_for_totals();
        t.lines += 1;
        t.lines_at_budget += usize::from(r.forecast.is_none());
    }
    t.variance = t.forecast - t.budget;
    (t.lines > 0).then_some(t)
}

#[cfg(test)]
mod tests;
