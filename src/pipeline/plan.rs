//! The action plan's stage of a run (SPEC section 13), in the order the
//! rules need: the updates of the period checked and settled (DQ060 to
//! DQ068, DQ071), every action assessed against them and the previous
//! report, the rules that need ipr's RAG (DQ069, DQ070, DQ072), and the
//! link between actions and indicators. Nothing here without a plan.

use crate::assess::action::{assess_plan, link_indicators, ActionOptions};
use crate::model::plan_previous::{ActionUpdateUsed, PreviousAction};
use crate::model::Plan;
use crate::model::{
    ActionUpdate, Finding, IndicatorResult, PlanReport, PreviousReport, ReturnFile,
};
use crate::period::{Calendar, Period};
use crate::quality::action_results::check_assessed;
use crate::quality::actions::{check_updates, ActionContext, ReturnPlace};
use std::sync::Arc;

/// What the returns give the action stage: every row of progress read, and
/// where each return of the period is (for an action with no row, DQ068).
#[derive(Debug, Clone, Default)]
pub struct PlanInputs {
    /// Every update read, for any period.
    pub updates: Vec<ActionUpdate>,
    /// The returns of the period, by directorate.
    pub places: Vec<ReturnPlace>,
    /// The directorates whose returns of the period give progress on the
    /// plan: `ipr check` expects a row for each of their actions (DQ068),
    /// and for no other directorate's.
    pub directorates: Vec<String>,
    /// The actions the templates among them ask for, when every return of
    /// the period is a template that says (see `ReturnFile::actions_asked`).
    pub asked: Option<Vec<String>>,
}

impl PlanInputs {
    /// Takes the updates out of `returns` (which keep their observations)
    /// and notes where the returns of `month` are.
    pub fn take(returns: &mut [ReturnFile], month: Period, cal: Calendar) -> PlanInputs {
        let mut out = PlanInputs::default();
        let mut asked: Option<Vec<String>> = Some(Vec::new());
        let mut first_plain = 0;
        for r in returns.iter_mut() {
            let gives_progress = !r.updates.is_empty() || r.actions_asked.is_some();
            out.updates.append(&mut r.updates);
            if r.report_month(cal) != Some(month) {
                continue;
            }
            asked = match (asked, r.actions_asked.take()) {
                (Some(mut all), Some(mine)) => {
                    all.extend(mine);
                    Some(all)
                }
                _ => None,
            };
            let (Some(d), Some(sheet)) = (&r.directorate, r.sheets.first()) else {
                continue;
            };
            if gives_progress && !out.directorates.iter().any(|x| x.eq_ignore_ascii_case(d)) {
                out.directorates.push(d.clone());
            }
            let place = ReturnPlace {
                directorate: Arc::from(d.as_str()),
                file: Arc::from(r.path.as_str()),
                sheet: Arc::from(sheet.as_str()),
            };
            // A missing row (DQ068) is put in the return that gives progress.
            let at = if gives_progress {
                first_plain
            } else {
                out.places.len()
            };
            out.places.insert(at, place);
            first_plain += usize::from(gives_progress);
        }
        out.asked = asked.filter(|a| !a.is_empty());
        out
    }
}

/// What the stage is told of the run.
#[derive(Debug, Clone, Copy)]
pub struct PlanRun<'a> {
    /// The month reported.
    pub month: Period,
    /// The financial-year calendar.
    pub cal: Calendar,
    /// `[actions]` thresholds.
    pub options: &'a ActionOptions,
    /// The previous report, if any.
    pub previous: Option<&'a PreviousReport>,
    /// True for `consolidate` (every directorate's actions are due an
    /// update); false for `check` (only those of the returns given).
    pub every_directorate: bool,
}

/// The plan assessed for the month, and the action findings (to join the
/// others before they are settled).
pub fn assess_actions(
    plan: &Plan,
    inputs: &PlanInputs,
    indicators: &[IndicatorResult],
    run: PlanRun<'_>,
) -> (PlanReport, Vec<Finding>) {
    let previous: Option<&[PreviousAction]> = run.previous.map(|p| p.actions.as_slice());
    let ctx = ActionContext {
        plan,
        period: run.month,
        cal: run.cal,
        previous,
        directorates: (!run.every_directorate).then_some(inputs.directorates.as_slice()),
        returns: &inputs.places,
    };
    let settled = check_updates(&ctx, &inputs.updates);
    let as_at = run.cal.last_day(run.month);
    let mut results = assess_plan(
        &plan.actions,
        &settled.used,
        previous.unwrap_or(&[]),
        as_at,
        run.options,
    );
    let mut findings = settled.findings;
    if let Some(asked) = inputs.asked.as_ref().filter(|_| !run.every_directorate) {
        // `ipr check` on templates: a row is owed only for what they ask for.
        let asked_for = |f: &Finding| {
            f.indicator
                .as_deref()
                .is_some_and(|r| asked.contains(&crate::text::normalise_code(r)))
        };
        findings.retain(|f| f.rule != crate::model::Rule::DQ068 || asked_for(f));
    }
    findings.extend(check_assessed(&ctx, &results, &settled.used));
    let links = link_indicators(&mut results, indicators);
    let period_id = run.cal.id(run.month);
    let updates_used = plan
        .actions
        .iter()
        .filter_map(|a| {
            let u = settled.used.get(&a.key)?;
            Some(ActionUpdateUsed::of(u, &a.reference, &period_id))
        })
        .collect();
    let month_end = run.cal.end_month(run.month);
    let report = PlanReport {
        file: plan.file.clone(),
        results,
        indicators: links,
        updates_used,
        updates_read: inputs
            .updates
            .iter()
            .filter(|u| u.period.is_some_and(|p| run.cal.end_month(p) == month_end))
            .count(),
        previous_period: run
            .previous
            .filter(|p| !p.actions.is_empty())
            .map(|p| p.period.clone()),
        remedial: Default::default(),
        stale_remedial: Vec::new(),
    };
    (report, findings)
}
