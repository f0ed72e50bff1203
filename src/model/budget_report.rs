//! The budget as a month's run assessed it (SPEC section 16): every line's
//! result, the finance summary, and the recovery plans (remedial forms)
//! answered for its exceptions.

use super::budget_result::{BudgetResult, FinanceSummary};
use super::remedial::RemedialAction;
use crate::text::same_directorate;
use std::collections::BTreeMap;

/// The budget assessed for the period; a consolidation has one only when
/// the council has a budget.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BudgetReport {
    /// The file the budget was read from, as the user named it.
    pub file: String,
    /// Every line of the budget, in budget order.
    pub results: Vec<BudgetResult>,
    /// Totals per directorate and Type, per Type for the council, and the
    /// lines by RAG (JSON `summary.finance`).
    pub summary: FinanceSummary,
    /// Rows of budget tables read for the period, used or not.
    pub rows_read: usize,
    /// The previous report's period, when there was one with budget lines.
    pub previous_period: Option<String>,
    /// Completed recovery plans (remedial forms) for this period's budget
    /// exceptions, keyed by the line's Ref as the budget writes it.
    pub remedial: BTreeMap<String, RemedialAction>,
    /// Completed forms for lines that are no longer exceptions.
    pub stale_remedial: Vec<RemedialAction>,
}

impl BudgetReport {
    /// The budget exceptions, in budget order.
    pub fn exceptions(&self) -> impl Iterator<Item = &BudgetResult> {
        self.results.iter().filter(|r| r.exception)
    }

    /// The lines of `directorate` (ignoring case, spaces and punctuation),
    /// or every line when it is `None`.
    pub fn lines_of<'a>(
        &'a self,
        directorate: Option<&'a str>,
    ) -> impl Iterator<Item = &'a BudgetResult> {
        self.results
            .iter()
            .filter(move |r| directorate.is_none_or(|d| same_directorate(d, &r.directorate)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget_result::BudgetRag;
    use crate::model::money::{Money, Threshold};
    use crate::model::LineType;

    fn result(reference: &str, directorate: &str, exception: bool) -> BudgetResult {
        BudgetResult {
            reference: reference.into(),
            service: "A service".into(),
            directorate: directorate.into(),
            line_type: LineType::Expenditure,
            budget: Money::from_pounds(100),
            spend_to_date: None,
            forecast: None,
            variance: None,
            adverse: None,
            tolerance: Threshold::of_amount(Money::from_pounds(2)),
            rag: BudgetRag::Missing,
            note: None,
            movement: None,
            exception,
            reasons: vec![],
            since_previous_report: None,
            commentary: None,
            source: None,
            holder: None,
            attributes: vec![],
        }
    }

    #[test]
    fn exceptions_and_lines_of_a_directorate() {
        let r = BudgetReport {
            results: vec![
                result("A", "Resources", true),
                result("B", "Adults and Health", false),
                result("C", "resources", true),
            ],
            ..BudgetReport::default()
        };
        let refs = |it: Vec<&BudgetResult>| -> Vec<String> {
            it.iter().map(|r| r.reference.clone()).collect()
        };
        assert_eq!(refs(r.exceptions().collect()), ["A", "C"]);
        assert_eq!(refs(r.lines_of(Some("RESOURCES")).collect()), ["A", "C"]);
        assert_eq!(refs(r.lines_of(None).collect()), ["A", "B", "C"]);
    }
}
