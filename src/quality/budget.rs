//! The budget rules on the figures returns give (SPEC section 16): a row for
//! no line of the budget (DQ080) or from the wrong directorate (DQ087), an
//! amount that is no amount (DQ081), a line with no forecast (DQ082), a
//! budget that is not the approved one (DQ083), spend above the forecast
//! (DQ084), a variance beyond tolerance unexplained (DQ085) and one line
//! given twice (DQ086); and which row each line's assessment uses. Each is
//! found at its cell; warnings are explained by the row's Data Note.

use super::actions::ReturnPlace;
use crate::budget::money_problem_words;
use crate::model::Budget;
use crate::model::{BudgetLine, BudgetUpdate, Finding, LineType, Money, MoneyField, Rule, Source};
use crate::period::{period_words, Calendar, Period};
use crate::text::same_directorate;
use std::collections::{BTreeMap, HashSet};

/// What the budget rules need to know of the run.
#[derive(Debug, Clone, Copy)]
pub struct BudgetContext<'a> {
    /// The budget.
    pub budget: &'a Budget,
    /// The period being reported.
    pub period: Period,
    /// The financial-year calendar.
    pub cal: Calendar,
    /// Whose lines are due a forecast here: `None` for every directorate
    /// (`consolidate`), or those of the returns checked (`check`).
    pub directorates: Option<&'a [String]>,
    /// The returns given, for the file and sheet of a line with no row (DQ082).
    pub returns: &'a [ReturnPlace],
}

/// The rows the assessment uses, one per line key, and the findings of the
/// rules on them.
#[derive(Debug, Clone, Default)]
pub struct SettledBudget<'a> {
    /// The row used for each line, by the line's key. A line given twice
    /// with different figures (DQ086) has none.
    pub used: BTreeMap<String, &'a BudgetUpdate>,
    /// DQ080 to DQ087.
    pub findings: Vec<Finding>,
}

impl BudgetContext<'_> {
    fn period_id(&self) -> String {
        self.cal.id(self.period)
    }

    /// True when a row is for the period being reported (its return's
    /// period ends in the same month).
    fn is_this_period(&self, u: &BudgetUpdate) -> bool {
        u.period
            .is_some_and(|p| self.cal.end_month(p) == self.cal.end_month(self.period))
    }

    fn in_scope(&self, line: &BudgetLine) -> bool {
        self.directorates
            .is_none_or(|ds| ds.iter().any(|d| same_directorate(d, &line.directorate)))
    }
}

/// A finding under `rule` at `cell` of `u`'s row, for the line `reference`.
fn at_row(
    rule: Rule,
    ctx: &BudgetContext<'_>,
    u: &BudgetUpdate,
    cell: &Source,
    seen: Option<&str>,
    reference: &str,
    message: String,
) -> Finding {
    let mut f = Finding::new(rule, &cell.file, message);
    f.sheet = cell.sheet.to_string();
    f.cell = Some(cell.cell());
    f.directorate = Some(u.directorate.to_string()).filter(|d| !d.is_empty());
    f.indicator = Some(reference.to_string());
    f.period = Some(ctx.period_id());
    f.value = seen.map(|s| s.trim().to_string());
    f.note = u.data_note.clone();
    f
}

/// Checks every row of the period against the budget and settles which one
/// each line's assessment uses. Rows for other periods are left alone: only
/// this period's returns carry this month's forecasts.
pub fn check_budget_rows<'a>(
    ctx: &BudgetContext<'_>,
    rows: &'a [BudgetUpdate],
) -> SettledBudget<'a> {
    let mut out = SettledBudget::default();
    let mut by_line: BTreeMap<&str, Vec<&'a BudgetUpdate>> = BTreeMap::new();
    for u in rows.iter().filter(|u| ctx.is_this_period(u)) {
        let Some(line) = ctx.budget.by_key(&u.key) else {
            let msg = format!(
                "{} is not a line of the budget ({}), so this row was not used.",
                u.reference, ctx.budget.file
            );
            let f = at_row(
                Rule::DQ080,
                ctx,
                u,
                &u.source,
                Some(&u.reference),
                &u.reference,
                msg,
            );
            out.findings.push(f);
            continue;
        };
        if !u.directorate.is_empty() && !same_directorate(&u.directorate, &line.directorate) {
            let msg = format!(
                "{} ({}) is held by {} in the budget, but its figures were given by {}; this row was not used.",
                line.reference, line.service, line.directorate, u.directorate
            );
            let f = at_row(
                Rule::DQ087,
                ctx,
                u,
                &u.source,
                Some(&u.reference),
                &line.reference,
                msg,
            );
            out.findings.push(f);
            continue;
        }
        not_amounts(ctx, line, u, &mut out.findings);
        by_line.entry(&line.key).or_default().push(u);
    }
    for (key, list) in &by_line {
        let Some(line) = ctx.budget.by_key(key) else {
            continue;
        };
        if let Some(u) = one_row(ctx, line, list, &mut out.findings) {
            row_rules(ctx, line, u, &mut out.findings);
            out.used.insert(key.to_string(), u);
        }
    }
    let reported: HashSet<&str> = by_line.keys().copied().collect();
    no_row(ctx, &reported, &mut out.findings);
    out
}

/// The cell, what it showed, and its problem, when an amount was no amount.
fn unreadable(f: &Option<MoneyField>) -> Option<(&MoneyField, &crate::model::MoneyProblem)> {
    let f = f.as_ref()?;
    f.value.as_ref().err().map(|p| (f, p))
}

/// DQ081 on the forecast, budget and spend to date of one row.
fn not_amounts(
    ctx: &BudgetContext<'_>,
    line: &BudgetLine,
    u: &BudgetUpdate,
    out: &mut Vec<Finding>,
) {
    let r = &line.reference;
    let figures = [
        (
            &u.forecast,
            "forecast outturn",
            "The line is shown with no forecast.",
        ),
        (&u.budget, "budget", "The approved budget is used."),
        (&u.spend, spend_words(line.line_type), "It is left blank."),
    ];
    for (field, what, then) in figures {
        if let Some((f, p)) = unreadable(field) {
            let words = money_problem_words(p, &f.seen, &format!("The {what} of {r}"));
            let msg = format!("{words}. {then}");
            out.push(at_row(
                Rule::DQ081,
                ctx,
                u,
                &f.source,
                Some(&f.seen),
                r,
                msg,
            ));
        }
    }
}

/// `spend to date`, or `income to date` on an income line.
fn spend_words(t: LineType) -> &'static str {
    match t {
        LineType::Income => "income to date",
        _ => "spend to date",
    }
}

/// DQ086: the one row to use for a line, or none (after a finding on each
/// row) when its rows disagree. Identical rows are one.
fn one_row<'a>(
    ctx: &BudgetContext<'_>,
    line: &BudgetLine,
    rows: &[&'a BudgetUpdate],
    out: &mut Vec<Finding>,
) -> Option<&'a BudgetUpdate> {
    let first = *rows.first()?;
    if rows.iter().all(|u| u.same_figures(first)) {
        return Some(first);
    }
    for u in rows {
        let others: Vec<String> = rows
            .iter()
            .filter(|o| !std::ptr::eq(**o, *u))
            .map(|o| format!("{} ({})", place(&o.source), figures(o)))
            .collect();
        let msg = format!(
            "{} is given more than once for {} with different figures: here ({}) and at {}. Neither was used.",
            line.reference,
            ctx.period_id(),
            figures(u),
            others.join("; and at ")
        );
        let f = at_row(
            Rule::DQ086,
            ctx,
            u,
            &u.source,
            Some(&u.reference),
            &line.reference,
            msg,
        );
        out.push(f);
    }
    None
}

/// `return.xlsx, sheet 'Finance', cell B5`.
fn place(s: &Source) -> String {
    if s.sheet.is_empty() {
        format!("{}, cell {}", s.file, s.cell())
    } else {
        format!("{}, sheet '{}', cell {}", s.file, s.sheet, s.cell())
    }
}

/// A row's figures as typed: `forecast £1.06m, budget 1,000,000`.
fn figures(u: &BudgetUpdate) -> String {
    let parts: Vec<String> = [
        ("forecast", &u.forecast),
        ("budget", &u.budget),
        ("to date", &u.spend),
    ]
    .into_iter()
    .filter_map(|(name, f)| f.as_ref().map(|f| format!("{name} {}", f.seen.trim())))
    .collect();
    if parts.is_empty() {
        "no figures".to_string()
    } else {
        parts.join(", ")
    }
}

/// DQ082 at a blank forecast cell, DQ083, DQ084 and DQ085 on the row used.
fn row_rules(ctx: &BudgetContext<'_>, line: &BudgetLine, u: &BudgetUpdate, out: &mut Vec<Finding>) {
    let r = &line.reference;
    if u.forecast.is_none() {
        let msg = format!(
            "{r} ({}) has no forecast outturn for {}.",
            line.service,
            period_words(ctx.period, &ctx.period_id())
        );
        out.push(at_row(
            Rule::DQ082,
            ctx,
            u,
            &u.forecast_cell(),
            None,
            r,
            msg,
        ));
    }
    if let (Some(given), Some(f)) = (u.budget(), &u.budget) {
        let gap = given - line.budget;
        if gap.abs() >= Money::from_pounds(1) {
            let msg = format!(
                "The budget given for {r} ({}) differs from the approved budget ({}) by {}; the approved budget is used.",
                given.words(),
                line.budget.words(),
                gap.abs().words()
            );
            out.push(at_row(
                Rule::DQ083,
                ctx,
                u,
                &f.source,
                Some(&f.seen),
                r,
                msg,
            ));
        }
    }
    let Some(forecast) = u.forecast() else {
        return;
    };
    if let (Some(spend), Some(f)) = (u.spend(), &u.spend) {
        let net_surplus = forecast <= Money::ZERO || line.budget.is_negative();
        if !net_surplus && spend > forecast {
            let (what, forecast_words) = match line.line_type {
                LineType::Income => ("Income to date", "its income forecast"),
                _ => ("Spend to date", "its forecast outturn"),
            };
            let msg = format!(
                "{what} on {r} ({}) is above {forecast_words} for the whole year ({}).",
                spend.words(),
                forecast.words()
            );
            out.push(at_row(
                Rule::DQ084,
                ctx,
                u,
                &f.source,
                Some(&f.seen),
                r,
                msg,
            ));
        }
    }
    let variance = forecast - line.budget;
    let tolerance = line.tolerance_pounds();
    if u.commentary.is_none() && tolerance.exceeded_by(variance.abs()) {
        let msg = format!(
            "{r} is forecast to {}, beyond its tolerance of {} ({}), and has no commentary{}.",
            variance_words(line.line_type, variance),
            tolerance.to_money().words(),
            line.tolerance.words(),
            if u.columns.commentary.is_none() {
                " (the table has no Commentary column)"
            } else {
                ""
            }
        );
        let seen = u.forecast.as_ref().map(|f| f.seen.as_str());
        let cell = u.cell_in(u.columns.commentary);
        out.push(at_row(Rule::DQ085, ctx, u, &cell, seen, r, msg));
    }
}

/// A variance in words, by Type: `overspend by £60,000`, `receive £5,000
/// less than budgeted` (as [`LineType::variance_words`] says it).
pub(crate) fn variance_words(t: LineType, variance: Money) -> String {
    t.variance_words(variance)
}

/// DQ082 without a cell: every line in scope that no return from its
/// directorate has a row for.
fn no_row(ctx: &BudgetContext<'_>, reported: &HashSet<&str>, out: &mut Vec<Finding>) {
    for line in &ctx.budget.lines {
        if reported.contains(line.key.as_str()) || !ctx.in_scope(line) {
            continue;
        }
        let msg = format!(
            "{} ({}, {}) has no forecast outturn for {}: no return from {} has a row for it.",
            line.reference,
            line.service,
            line.directorate,
            period_words(ctx.period, &ctx.period_id()),
            line.directorate
        );
        let mut f = Finding::new(Rule::DQ082, "", msg);
        if let Some(r) = ctx
            .returns
            .iter()
            .find(|r| same_directorate(&r.directorate, &line.directorate))
        {
            f.file = r.file.to_string();
            f.sheet = r.sheet.to_string();
        }
        f.directorate = Some(line.directorate.clone());
        f.indicator = Some(line.reference.clone());
        f.period = Some(ctx.period_id());
        out.push(f);
    }
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
