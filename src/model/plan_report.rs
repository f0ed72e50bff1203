//! The action plan as a month's run assessed it (SPEC section 13): every
//! action's result, what the linked actions say of each indicator, and the
//! updates used, which next month's run compares with.

use super::plan_previous::ActionUpdateUsed;
use super::plan_result::{ActionResult, IndicatorActions};
use super::remedial::RemedialAction;
use std::collections::BTreeMap;

/// The action plan assessed for the period; a consolidation has one only
/// when the council has a plan.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanReport {
    /// The file the plan was read from, as the user named it.
    pub file: String,
    /// Every action and milestone of the plan, in plan order.
    pub results: Vec<ActionResult>,
    /// For each indicator assessed (by code): its linked actions,
    /// `actions_mismatch` and its note.
    pub indicators: BTreeMap<String, IndicatorActions>,
    /// The update used for each action that had one, in plan order.
    pub updates_used: Vec<ActionUpdateUsed>,
    /// Rows of progress read for the period, used or not.
    pub updates_read: usize,
    /// The previous report's period, when there was one with actions, for
    /// the line of actions since then.
    pub previous_period: Option<String>,
    /// Completed remedial-action forms for this period's action exceptions,
    /// keyed by the action's Ref as the plan writes it.
    pub remedial: BTreeMap<String, RemedialAction>,
    /// Completed forms for actions that are no longer exceptions.
    pub stale_remedial: Vec<RemedialAction>,
}

impl PlanReport {
    /// The action exceptions, in plan order.
    pub fn exceptions(&self) -> impl Iterator<Item = &ActionResult> {
        self.results.iter().filter(|r| r.exception)
    }

    /// The line of actions since the previous report ("Actions since
    /// August: 3 completed, 2 dates moved, 1 new exception"); `None` without
    /// a previous report that had actions.
    pub fn since_line(&self) -> Option<String> {
        let period = self.previous_period.as_deref()?;
        let month = period
            .get(5..7)
            .and_then(|m| m.parse::<u32>().ok())
            .and_then(crate::period::month_long_name)
            .map(str::to_string)
            .unwrap_or_else(|| period.to_string());
        Some(super::plan_result::since_line(&self.results, &month))
    }

    /// What the linked actions say of the indicator `code`, if it was assessed.
    pub fn for_indicator(&self, code: &str) -> Option<&IndicatorActions> {
        self.indicators.get(code)
    }
}
