//! The action rules on progress updates (SPEC section 13): an update for no
//! action of the plan (DQ060) or from the wrong directorate (DQ061), cells
//! that cannot be read (DQ062, DQ063, DQ064), status and progress that
//! disagree (DQ065), dates out of order (DQ066), one action given twice
//! (DQ067), an action with no update (DQ068) and progress gone backwards
//! (DQ071); and which update each action's assessment uses. The rules that
//! need the assessment (DQ069, DQ070, DQ072) are in `action_results`.

use crate::model::plan_previous::{find, PreviousAction};
use crate::model::Plan;
use crate::model::{ActionUpdate, Field, FieldProblem, Finding, PlanAction, Rule, Source, Status};
use crate::period::{date_words, Calendar, Period};
use crate::plan::date_problem_words;
use crate::text::same_directorate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A return given for the period: where an action with no row belongs.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnPlace {
    /// Its directorate.
    pub directorate: Arc<str>,
    /// Its file.
    pub file: Arc<str>,
    /// Its first sheet read (where a missing row would go).
    pub sheet: Arc<str>,
}

/// What the action rules need to know of the run.
#[derive(Debug, Clone, Copy)]
pub struct ActionContext<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The period being reported.
    pub period: Period,
    /// The financial-year calendar.
    pub cal: Calendar,
    /// The previous report's actions; `None` without a previous report.
    pub previous: Option<&'a [PreviousAction]>,
    /// Whose actions are due an update here: `None` for every directorate
    /// (`consolidate`), or those of the returns checked (`check`).
    pub directorates: Option<&'a [String]>,
    /// The returns given, for the file and sheet of a missing row (DQ068).
    pub returns: &'a [ReturnPlace],
}

/// The updates that the assessment uses, one per action key, and the
/// findings of the rules on them.
#[derive(Debug, Clone, Default)]
pub struct SettledUpdates<'a> {
    /// The update used for each action, by the action's key.
    pub used: BTreeMap<String, &'a ActionUpdate>,
    /// DQ060 to DQ068 and DQ071.
    pub findings: Vec<Finding>,
}

impl ActionContext<'_> {
    fn as_at(&self) -> chrono::NaiveDate {
        self.cal.last_day(self.period)
    }

    fn period_id(&self) -> String {
        self.cal.id(self.period)
    }

    /// True when an update is for the period being reported (its return's
    /// period ends in the same month).
    fn is_this_period(&self, u: &ActionUpdate) -> bool {
        u.period
            .is_some_and(|p| self.cal.end_month(p) == self.cal.end_month(self.period))
    }
}

/// A finding under `rule` at `cell` of `u`'s row, for the action `reference`.
pub(crate) fn at_update(
    rule: Rule,
    ctx: &ActionContext<'_>,
    u: &ActionUpdate,
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

/// Checks every update of the period against the plan and settles which one
/// each action's assessment uses. Updates for other periods are left alone:
/// only this period's returns carry this month's progress.
pub fn check_updates<'a>(
    ctx: &ActionContext<'_>,
    updates: &'a [ActionUpdate],
) -> SettledUpdates<'a> {
    let mut out = SettledUpdates::default();
    let mut rows: BTreeMap<&str, Vec<&'a ActionUpdate>> = BTreeMap::new();
    let mut any_row: std::collections::HashSet<&str> = Default::default();
    for u in updates.iter().filter(|u| ctx.is_this_period(u)) {
        let Some(action) = ctx.plan.by_key(&u.key) else {
            let msg = format!(
                "{} is not an action in the plan ({}), so this row was not used.",
                u.reference, ctx.plan.file
            );
            let f = at_update(
                Rule::DQ060,
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
        any_row.insert(&action.key);
        if !u.directorate.is_empty() && !same_directorate(&u.directorate, &action.directorate) {
            let msg = format!(
                "{} ({}) belongs to {} in the plan, but its progress was given by {}; this row was not used.",
                action.reference, action.action, action.directorate, u.directorate
            );
            let f = at_update(
                Rule::DQ061,
                ctx,
                u,
                &u.source,
                Some(&u.reference),
                &action.reference,
                msg,
            );
            out.findings.push(f);
            continue;
        }
        cell_rules(ctx, action, u, &mut out.findings);
        rows.entry(&action.key).or_default().push(u);
    }
    for (key, list) in rows {
        let Some(action) = ctx.plan.by_key(key) else {
            continue;
        };
        if let Some(u) = one_update(ctx, action, &list, &mut out.findings) {
            backwards(ctx, action, u, &mut out.findings);
            out.used.insert(key.to_string(), u);
        }
    }
    missing(ctx, &any_row, &mut out.findings);
    out
}

/// The cell, what it showed and its problem, when a field could not be read.
fn unreadable<T>(f: &Option<Field<T>>) -> Option<(&Source, &str, &FieldProblem)> {
    let f = f.as_ref()?;
    f.value
        .as_ref()
        .err()
        .map(|p| (&f.source, f.seen.as_str(), p))
}

/// DQ062 to DQ066 on one row.
fn cell_rules(ctx: &ActionContext<'_>, a: &PlanAction, u: &ActionUpdate, out: &mut Vec<Finding>) {
    let r = &a.reference;
    let mut bad = |rule: Rule, (cell, seen, _): (&Source, &str, &FieldProblem), msg: String| {
        out.push(at_update(rule, ctx, u, cell, Some(seen), r, msg));
    };
    if let Some(x @ (_, seen, p)) = unreadable(&u.status) {
        bad(Rule::DQ062, x, word_problem(p, seen, "status", r));
    }
    if let Some(x @ (_, seen, p)) = unreadable(&u.rag) {
        bad(Rule::DQ062, x, word_problem(p, seen, "RAG", r));
    }
    if let Some(x @ (_, seen, p)) = unreadable(&u.percent) {
        bad(Rule::DQ063, x, percent_problem(p, seen, r));
    }
    for (what, field) in [
        ("revised date", &u.revised),
        ("completion date", &u.completed),
    ] {
        if let Some(x @ (_, seen, p)) = unreadable(field) {
            let words = date_problem_words(p, seen);
            bad(
                Rule::DQ064,
                x,
                format!("The {what} of {r} cannot be read: {words}."),
            );
        }
    }
    disagree(ctx, a, u, out);
    order(ctx, a, u, out);
}

/// Why a Status or RAG cell is none of the words.
fn word_problem(p: &FieldProblem, seen: &str, what: &str, reference: &str) -> String {
    let words = if what == "RAG" {
        "green, amber, red or blue"
    } else {
        "not started, in progress, complete, deferred or cancelled (or on track, at risk, off track)"
    };
    match p {
        FieldProblem::ErrorCell => format!("The {what} of {reference} shows {seen}, an Excel error, not a {what}; write one of: {words}."),
        FieldProblem::FormulaNoValue => format!("The {what} of {reference} is a formula whose result was never saved; type one of: {words}."),
        _ => format!("'{}' is not a {what} we know, for {reference}; write one of: {words}.", seen.trim()),
    }
}

/// Why % complete is not a number from 0 to 100.
fn percent_problem(p: &FieldProblem, seen: &str, reference: &str) -> String {
    let seen = seen.trim();
    match p {
        FieldProblem::BareFraction => format!("% complete of {reference} is {seen}, a fraction in a cell not formatted as a percentage: it could mean {}% or {seen}%, so it was not read either way.", fraction_as_percent(seen)),
        FieldProblem::OutOfRange => format!("% complete of {reference} is {seen}, outside 0 to 100."),
        FieldProblem::ErrorCell => format!("% complete of {reference} shows {seen}, an Excel error, not a number."),
        FieldProblem::FormulaNoValue => format!("% complete of {reference} is a formula whose result was never saved; open the file in Excel, let it recalculate and save it."),
        _ => format!("'{seen}' is not a number from 0 to 100, for % complete of {reference}."),
    }
}

/// `0.85` -> `85`, for the message about a bare fraction.
fn fraction_as_percent(seen: &str) -> String {
    match seen.parse::<f64>() {
        Ok(v) => plain_number(v * 100.0),
        Err(_) => seen.to_string(),
    }
}

/// A number without float noise or trailing zeros: 62.5, 60.
pub(crate) fn plain_number(v: f64) -> String {
    let s = format!("{v:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// DQ065: status and % complete disagree (not assessed where either is blank or unreadable).
fn disagree(ctx: &ActionContext<'_>, a: &PlanAction, u: &ActionUpdate, out: &mut Vec<Finding>) {
    let (Some(status), Some(pct), Some(cell)) = (u.status(), u.percent(), u.percent.as_ref())
    else {
        return;
    };
    let r = &a.reference;
    let shown = format!("{}%", plain_number(pct));
    let msg = match status {
        Status::Complete if pct < 100.0 => {
            format!("{r} is marked complete but is {shown} complete.")
        }
        Status::NotStarted if pct > 0.0 => {
            format!("{r} is marked not started but is {shown} complete.")
        }
        s if s != Status::Complete && pct >= 100.0 => {
            format!("{r} is {shown} complete but its status is {}.", s.word())
        }
        _ => return,
    };
    out.push(at_update(
        Rule::DQ065,
        ctx,
        u,
        &cell.source,
        Some(&cell.seen),
        r,
        msg,
    ));
}

/// DQ066: a completion after the period's last day; a revised or completion date before Start.
fn order(ctx: &ActionContext<'_>, a: &PlanAction, u: &ActionUpdate, out: &mut Vec<Finding>) {
    let r = &a.reference;
    let as_at = ctx.as_at();
    if let (Some(done), Some(f)) = (u.completed(), &u.completed) {
        if done > as_at {
            let msg = format!(
                "{r} was completed on {}, after the end of the period being reported ({}).",
                date_words(done),
                date_words(as_at)
            );
            out.push(at_update(
                Rule::DQ066,
                ctx,
                u,
                &f.source,
                Some(&f.seen),
                r,
                msg,
            ));
        }
    }
    let Some(start) = a.start else { return };
    for (what, date, field) in [
        ("revised date", u.revised(), &u.revised),
        ("completion date", u.completed(), &u.completed),
    ] {
        if let (Some(d), Some(f)) = (date, field) {
            if d < start {
                let msg = format!(
                    "The {what} of {r} ({}) is before its Start in the plan ({}).",
                    date_words(d),
                    date_words(start)
                );
                out.push(at_update(
                    Rule::DQ066,
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
}

/// DQ067: the one update to use for an action, or none (after a finding on
/// each row) when its rows disagree. Identical rows are one update.
fn one_update<'a>(
    ctx: &ActionContext<'_>,
    a: &PlanAction,
    rows: &[&'a ActionUpdate],
    out: &mut Vec<Finding>,
) -> Option<&'a ActionUpdate> {
    let first = *rows.first()?;
    if rows.iter().all(|u| u.same_progress(first)) {
        return Some(first);
    }
    for u in rows {
        let others: Vec<String> = rows
            .iter()
            .filter(|o| !std::ptr::eq(**o, *u))
            .map(|o| format!("{} ({})", place(&o.source), progress(o)))
            .collect();
        let msg = format!(
            "{} is given more than once for {} with different progress: here ({}) and at {}. Neither was used.",
            a.reference,
            ctx.period_id(),
            progress(u),
            others.join("; and at ")
        );
        out.push(at_update(
            Rule::DQ067,
            ctx,
            u,
            &u.source,
            Some(&u.reference),
            &a.reference,
            msg,
        ));
    }
    None
}

/// `return.xlsx, sheet 'Actions', cell B5`.
fn place(s: &Source) -> String {
    if s.sheet.is_empty() {
        format!("{}, cell {}", s.file, s.cell())
    } else {
        format!("{}, sheet '{}', cell {}", s.file, s.sheet, s.cell())
    }
}

/// A row's progress in words: `in progress, 40%, revised 31/12/2026`.
fn progress(u: &ActionUpdate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(f) = &u.status {
        parts.push(f.seen.trim().to_string());
    }
    if let Some(f) = &u.percent {
        parts.push(f.seen.trim().to_string());
    }
    if let Some(f) = &u.revised {
        parts.push(format!("revised {}", f.seen.trim()));
    }
    if let Some(f) = &u.completed {
        parts.push(format!("completed {}", f.seen.trim()));
    }
    if parts.is_empty() {
        "nothing filled in".to_string()
    } else {
        parts.join(", ")
    }
}

/// DQ071: progress went backwards since the previous report.
fn backwards(ctx: &ActionContext<'_>, a: &PlanAction, u: &ActionUpdate, out: &mut Vec<Finding>) {
    let Some(then) = ctx.previous.and_then(|p| find(p, &a.reference)) else {
        return;
    };
    let r = &a.reference;
    if let (Some(now), Some(was), Some(f)) = (u.percent(), then.percent_complete, &u.percent) {
        if now < was {
            let msg = format!(
                "{r} is {}% complete, down from {}% in the previous report.",
                plain_number(now),
                plain_number(was)
            );
            out.push(at_update(
                Rule::DQ071,
                ctx,
                u,
                &f.source,
                Some(&f.seen),
                r,
                msg,
            ));
            return;
        }
    }
    if let (Some(Status::Complete), Some(now), Some(f)) = (then.status(), u.status(), &u.status) {
        if now != Status::Complete {
            let msg = format!(
                "{r} was complete in the previous report and is now {}.",
                now.word()
            );
            out.push(at_update(
                Rule::DQ071,
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

/// DQ068: every action due an update with no row for it in any return.
fn missing(
    ctx: &ActionContext<'_>,
    any_row: &std::collections::HashSet<&str>,
    out: &mut Vec<Finding>,
) {
    for a in &ctx.plan.actions {
        if any_row.contains(a.key.as_str()) {
            continue;
        }
        // Work that has not started by the end of the period owes no update.
        if a.start.is_some_and(|s| s > ctx.as_at()) {
            continue;
        }
        if let Some(scope) = ctx.directorates {
            if !scope.iter().any(|d| same_directorate(d, &a.directorate)) {
                continue;
            }
        }
        // Complete or cancelled in the previous report: nothing more to report.
        let closed = ctx
            .previous
            .and_then(|p| find(p, &a.reference))
            .and_then(PreviousAction::status)
            .is_some_and(|s| matches!(s, Status::Complete | Status::Cancelled));
        if closed {
            continue;
        }
        let mut f = Finding::new(
            Rule::DQ068,
            "",
            format!(
                "{} ({}) is due an update for {} but no return has a row for it.",
                a.reference,
                a.action,
                crate::period::period_words(ctx.period, &ctx.period_id())
            ),
        );
        if let Some(r) = ctx
            .returns
            .iter()
            .find(|r| same_directorate(&r.directorate, &a.directorate))
        {
            f.file = r.file.to_string();
            f.sheet = r.sheet.to_string();
        }
        f.directorate = Some(a.directorate.clone());
        f.indicator = Some(a.reference.clone());
        f.period = Some(ctx.period_id());
        out.push(f);
    }
}

#[cfg(test)]
mod tests;
