//! The assessment of each action as at the last day of the period (SPEC
//! section 13): current due date, slippage, revisions, pace, RAG, exception
//! and reasons, the change since the previous report, and the link between
//! actions and indicators. Pure functions: no I/O.
//!
//! Days are whole calendar days between dates; time elapsed is compared in
//! whole days too, so that "exactly 10%" and "pace exactly 90" are exact.

use crate::model::plan::{OwnerRag, PlanAction, Status};
use crate::model::plan_previous::PreviousAction;
use crate::model::plan_result::{
    ActionRag, ActionReason, ActionResult, ActionSince, IndicatorActions, LinkedIndicator,
    NOTE_MISMATCH, NOTE_NO_ACTION,
};
use crate::model::{ActionUpdate, IndicatorResult};
use crate::period::days_between;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// `[actions]` in `ipr.toml`: the thresholds of the assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionOptions {
    /// Pace at or above this is green (default 90).
    pub pace_green: f64,
    /// Pace at or above this (and below green) is amber (default 70).
    pub pace_amber: f64,
    /// Slipping more than this many days past Due is an exception (default 30).
    pub slippage_days: i64,
}

impl Default for ActionOptions {
    fn default() -> Self {
        ActionOptions {
            pace_green: 90.0,
            pace_amber: 70.0,
            slippage_days: 30,
        }
    }
}

/// The current due date: the revised date if given, else the plan's Due.
/// With no update, or a revised date that cannot be read, the previous
/// report's current due date stands (no move); without one, Due.
pub fn due_current(
    due: NaiveDate,
    update: Option<&ActionUpdate>,
    previous: Option<&PreviousAction>,
) -> NaiveDate {
    let kept = || {
        previous
            .and_then(PreviousAction::due_current)
            .unwrap_or(due)
    };
    match update.map(|u| u.revised.as_ref()) {
        Some(None) => due,
        Some(Some(f)) => f.ok().unwrap_or_else(kept),
        None => kept(),
    }
}

/// `due_current` − Due, in days (negative: brought forward).
pub fn slippage_days(due: NaiveDate, due_current: NaiveDate) -> i64 {
    days_between(due, due_current)
}

/// How many times the current due date has moved since the plan: the
/// previous report's count, plus one if it moved since; without a previous
/// report (or one that did not have the action), 1 if it differs from Due.
pub fn revisions(due: NaiveDate, due_current: NaiveDate, previous: Option<&PreviousAction>) -> u32 {
    match previous.and_then(|p| p.due_current().map(|d| (p.revisions, d))) {
        Some((n, then)) => n + u32::from(due_current != then),
        None => u32::from(due_current != due),
    }
}

/// Pace: % complete against time elapsed, × 100. Needs a Start, a % complete,
/// `as_at` after Start and `due_current` after Start; time elapsed is capped
/// at the whole; below 10% of the time it is `None` (too early to tell).
/// `None` too for complete, cancelled and deferred actions.
pub fn pace(
    start: Option<NaiveDate>,
    due_current: NaiveDate,
    as_at: NaiveDate,
    percent: Option<f64>,
    status: Option<Status>,
) -> Option<f64> {
    if status.is_some_and(Status::is_closed) {
        return None;
    }
    let (start, percent) = (start?, percent?);
    let total = days_between(start, due_current);
    let elapsed = days_between(start, as_at).min(total);
    if total <= 0 || elapsed <= 0 || elapsed * 10 < total {
        return None;
    }
    // percent ÷ (elapsed ÷ total), so that a pace of exactly 90 is 90.0.
    Some(percent * total as f64 / elapsed as f64)
}

/// ipr's RAG for an action with an update: the first that applies.
pub fn rag(
    status: Option<Status>,
    as_at: NaiveDate,
    due_current: NaiveDate,
    pace: Option<f64>,
    owner: Option<OwnerRag>,
    opts: &ActionOptions,
) -> ActionRag {
    match status {
        Some(Status::Complete) => return ActionRag::Complete,
        Some(Status::Cancelled) => return ActionRag::Cancelled,
        Some(Status::Deferred) => return ActionRag::Deferred,
        _ => {}
    }
    if as_at > due_current {
        return ActionRag::Overdue;
    }
    if let Some(p) = pace {
        return if p >= opts.pace_green {
            ActionRag::Green
        } else if p >= opts.pace_amber {
            ActionRag::Amber
        } else {
            ActionRag::Red
        };
    }
    match owner {
        // Blue (complete) with a status that is not: as good as green.
        Some(OwnerRag::Green | OwnerRag::Blue) => ActionRag::Green,
        Some(OwnerRag::Amber) => ActionRag::Amber,
        Some(OwnerRag::Red) => ActionRag::Red,
        None => ActionRag::NotAssessed,
    }
}

/// Every reason an action is an exception: `overdue`, `off-track` (red, from
/// pace or the owner) and `slipped` (strictly more than `slippage_days`).
/// Complete, cancelled and deferred actions never are.
pub fn exception_reasons(
    rag: ActionRag,
    slippage_days: i64,
    opts: &ActionOptions,
) -> Vec<ActionReason> {
    let mut out = Vec::new();
    if !rag.can_be_exception() {
        return out;
    }
    match rag {
        ActionRag::Overdue => out.push(ActionReason::Overdue),
        ActionRag::Red => out.push(ActionReason::OffTrack),
        _ => {}
    }
    if slippage_days > opts.slippage_days {
        out.push(ActionReason::Slipped);
    }
    out
}

/// The change since the previous report, the first that applies: `new`,
/// `completed`, `cancelled` or `deferred`, `date-moved`, then `better`,
/// `worse` or `unchanged` by RAG. `None` without a previous report for the action.
pub fn since_previous(
    now: &ActionResult,
    previous: Option<&PreviousAction>,
) -> Option<ActionSince> {
    let p = previous?;
    let then = p.rag();
    let was = |r: ActionRag| then == Some(r) || p.status() == status_of(r);
    Some(if now.exception && !p.exception {
        ActionSince::New
    } else if now.rag == ActionRag::Complete && !was(ActionRag::Complete) {
        ActionSince::Completed
    } else if now.rag == ActionRag::Cancelled && !was(ActionRag::Cancelled) {
        ActionSince::Cancelled
    } else if now.rag == ActionRag::Deferred && !was(ActionRag::Deferred) {
        ActionSince::Deferred
    } else if p.due_current().is_some_and(|d| d != now.due_current) {
        ActionSince::DateMoved
    } else {
        match (now.rag.rank(), then.and_then(ActionRag::rank)) {
            (Some(a), Some(b)) if a > b => ActionSince::Better,
            (Some(a), Some(b)) if a < b => ActionSince::Worse,
            // Complete then and no longer, whatever it is now: reopened.
            (None, Some(4)) => ActionSince::Worse,
            _ => ActionSince::Unchanged,
        }
    })
}

fn status_of(r: ActionRag) -> Option<Status> {
    match r {
        ActionRag::Complete => Some(Status::Complete),
        ActionRag::Cancelled => Some(Status::Cancelled),
        ActionRag::Deferred => Some(Status::Deferred),
        _ => None,
    }
}

/// The assessment of one action as at `as_at`, from its update this period
/// (if one is used) and the previous report's view of it (if any). Linked
/// indicators are listed without RAG; [`link_indicators`] fills it in.
pub fn assess_action(
    action: &PlanAction,
    update: Option<&ActionUpdate>,
    previous: Option<&PreviousAction>,
    as_at: NaiveDate,
    opts: &ActionOptions,
) -> ActionResult {
    let due_now = due_current(action.due, update, previous);
    let (status, percent, owner, pace_now, rag_now) = match update {
        Some(u) => {
            let status = u.status();
            let owner = u.owner_rag().map(|(r, _)| r);
            let p = pace(action.start, due_now, as_at, u.percent(), status);
            let r = rag(status, as_at, due_now, p, owner, opts);
            (status, u.percent(), owner, p, r)
        }
        None => {
            let (status, percent, r) = no_update(previous);
            (status, percent, None, None, r)
        }
    };
    let slip = slippage_days(action.due, due_now);
    let reasons = exception_reasons(rag_now, slip, opts);
    let mut result = ActionResult {
        reference: action.reference.clone(),
        plan: action.plan.clone(),
        parent: action.parent.clone(),
        title: action.action.clone(),
        directorate: action.directorate.clone(),
        lead: action.lead.clone(),
        status,
        percent_complete: percent,
        start: action.start,
        due: action.due,
        due_current: due_now,
        slippage_days: slip,
        revisions: revisions(action.due, due_now, previous),
        pace: pace_now,
        rag: rag_now,
        owner_rag: owner,
        exception: !reasons.is_empty(),
        reasons,
        indicators: action
            .indicators
            .iter()
            .map(|c| LinkedIndicator {
                code: c.clone(),
                rag: None,
            })
            .collect(),
        since_previous_report: None,
        commentary: update.and_then(|u| u.commentary.clone()),
        source: update.map(|u| u.source.clone()),
        completed: update.and_then(ActionUpdate::completed),
        updated: update.is_some(),
    };
    result.since_previous_report = since_previous(&result, previous);
    result
}

/// An action with no update this period: one complete or cancelled in the
/// previous report stays so (it owes no update); any other is not assessed.
fn no_update(previous: Option<&PreviousAction>) -> (Option<Status>, Option<f64>, ActionRag) {
    let Some(p) = previous else {
        return (None, None, ActionRag::NotAssessed);
    };
    match p.status() {
        Some(Status::Complete) => (
            Some(Status::Complete),
            p.percent_complete,
            ActionRag::Complete,
        ),
        Some(Status::Cancelled) => (
            Some(Status::Cancelled),
            p.percent_complete,
            ActionRag::Cancelled,
        ),
        _ => (None, None, ActionRag::NotAssessed),
    }
}

/// Every action of the plan in plan order, each from the update used for it
/// (by the action's key) and the previous report's actions.
pub fn assess_plan(
    actions: &[PlanAction],
    updates: &BTreeMap<String, &ActionUpdate>,
    previous: &[PreviousAction],
    as_at: NaiveDate,
    opts: &ActionOptions,
) -> Vec<ActionResult> {
    actions
        .iter()
        .map(|a| {
            let prev = crate::model::plan_previous::find(previous, &a.reference);
            assess_action(a, updates.get(&a.key).copied(), prev, as_at, opts)
        })
        .collect()
}

/// Actions and indicators together: each action's indicators get their RAG
/// this period (from `indicators`), and each indicator assessed gets its
/// linked actions, `actions_mismatch` and its note. Keyed by indicator code.
pub fn link_indicators(
    actions: &mut [ActionResult],
    indicators: &[IndicatorResult],
) -> BTreeMap<String, IndicatorActions> {
    let rag_of: HashMap<&str, crate::model::Rag> = indicators
        .iter()
        .map(|r| (r.code.as_str(), r.rag))
        .collect();
    for a in actions.iter_mut() {
        for l in &mut a.indicators {
            l.rag = rag_of.get(l.code.as_str()).copied();
        }
    }
    let mut linked: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in actions.iter().enumerate() {
        for l in &a.indicators {
            linked.entry(l.code.as_str()).or_default().push(i);
        }
    }
    indicators
        .iter()
        .map(|r| {
            let mine = linked
                .get(r.code.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let on_track = mine
                .iter()
                .all(|&i| matches!(actions[i].rag, ActionRag::Green | ActionRag::Complete));
            let mismatch = r.exception && !mine.is_empty() && on_track;
            let note = match (r.exception, mine.is_empty(), mismatch) {
                (true, true, _) => Some(NOTE_NO_ACTION),
                (true, false, true) => Some(NOTE_MISMATCH),
                _ => None,
            };
            let entry = IndicatorActions {
                actions: mine.iter().map(|&i| actions[i].reference.clone()).collect(),
                actions_mismatch: mismatch,
                note,
            };
            (r.code.clone(), entry)
        })
        .collect()
}

#[cfg(test)]
mod tests;
