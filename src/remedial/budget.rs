//! Recovery plans (the remedial forms of budget exceptions, SPEC section
//! 16) attached to the budget lines, as forms are to indicators and actions.

use super::latest_answered;
use crate::model::{Consolidation, RemedialAction};
use crate::text::normalise_code;

/// Attaches completed forms for budget lines to the budget exceptions:
/// this period's form, else the latest earlier one; a budget exception
/// without one is outstanding. A form for a line that is no longer an
/// exception is kept apart, never dropped.
pub(super) fn attach_to_budget(c: &mut Consolidation, forms: Vec<RemedialAction>) {
    let cal = c.calendar;
    let report = cal.end_month(c.period);
    let Some(budget) = c.budget.as_mut() else {
        return;
    };
    let mut latest = latest_answered(forms, cal, report);
    budget.remedial.clear();
    for r in budget.results.iter().filter(|r| r.exception) {
        if let Some((_, a)) = latest.remove(&normalise_code(&r.reference)) {
            budget.remedial.insert(r.reference.clone(), a);
        }
    }
    budget.stale_remedial = latest.into_values().map(|(_, a)| a).collect();
}
