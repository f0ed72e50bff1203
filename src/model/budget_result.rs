//! What the assessment says of each budget line (SPEC section 16): variance,
//! adverse variance, tolerance, RAG, note, movement, exception and its
//! reason, the change since the previous report; and the finance summary
//! (totals per directorate and Type, and per Type for the council; lines by
//! RAG). Field names are the JSON contract; money is written in pounds,
//! unrounded.

use super::budget::LineType;
use super::money::{Money, Threshold};
use super::observation::Source;
use serde::{Serialize, Serializer};

/// A budget line's RAG against its tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetRag {
    /// Adverse variance within tolerance (or favourable).
    Green,
    /// Adverse variance beyond tolerance, within twice it.
    Amber,
    /// Adverse variance beyond twice the tolerance.
    Red,
    /// No usable forecast this period.
    Missing,
}

impl BudgetRag {
    /// Every RAG, in the order they are counted.
    pub const ALL: [BudgetRag; 4] = [
        BudgetRag::Green,
        BudgetRag::Amber,
        BudgetRag::Red,
        BudgetRag::Missing,
    ];

    /// The word as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            BudgetRag::Green => "green",
            BudgetRag::Amber => "amber",
            BudgetRag::Red => "red",
            BudgetRag::Missing => "missing",
        }
    }

    /// Reads the word back from a previous report's JSON.
    pub fn from_id(id: &str) -> Option<BudgetRag> {
        BudgetRag::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// What Cabinet is told of a favourable variance beyond tolerance on a
/// revenue line: good news, nothing to remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BudgetNote {
    /// An expenditure line forecast to spend less than its budget.
    Underspend,
    /// An income line forecast to receive more than its budget.
    IncomeAboveBudget,
}

impl BudgetNote {
    /// The words as JSON writes them.
    pub fn words(self) -> &'static str {
        match self {
            BudgetNote::Underspend => "underspend",
            BudgetNote::IncomeAboveBudget => "income above budget",
        }
    }
}

impl Serialize for BudgetNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.words())
    }
}

/// Why a budget line is an exception: one reason, by its Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BudgetReason {
    /// An expenditure line forecast to overspend.
    Overspend,
    /// An income line forecast to fall short.
    IncomeShortfall,
    /// A capital line forecast to over- or underspend (slippage).
    CapitalVariance,
}

impl BudgetReason {
    /// The reason for an exception on a line of `line_type`.
    pub fn of(line_type: LineType) -> BudgetReason {
        match line_type {
            LineType::Expenditure => BudgetReason::Overspend,
            LineType::Income => BudgetReason::IncomeShortfall,
            LineType::Capital => BudgetReason::CapitalVariance,
        }
    }

    /// The word as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            BudgetReason::Overspend => "overspend",
            BudgetReason::IncomeShortfall => "income-shortfall",
            BudgetReason::CapitalVariance => "capital-variance",
        }
    }
}

/// A budget line since the previous report, the first that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetSince {
    /// An exception now that was not one then.
    New,
    /// Adverse variance down by more than £1.
    Better,
    /// Adverse variance up by more than £1.
    Worse,
    /// Adverse variance within £1 of then.
    Unchanged,
}

impl BudgetSince {
    /// The word as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            BudgetSince::New => "new",
            BudgetSince::Better => "better",
            BudgetSince::Worse => "worse",
            BudgetSince::Unchanged => "unchanged",
        }
    }
}

/// The assessment of one budget line for the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetResult {
    /// The Ref, as the budget writes it.
    #[serde(rename = "ref")]
    pub reference: String,
    /// What the line pays for.
    pub service: String,
    /// Who reports it.
    pub directorate: String,
    /// Expenditure, income or capital.
    #[serde(rename = "type")]
    pub line_type: LineType,
    /// The approved budget (the budget's, never the return's).
    pub budget: Money,
    /// Spend (or income) to date, where read cleanly.
    pub spend_to_date: Option<Money>,
    /// The forecast outturn; `None` without a usable one.
    pub forecast: Option<Money>,
    /// Forecast − budget: positive, more spent or received than budgeted.
    pub variance: Option<Money>,
    /// The variance as bad news, by Type.
    pub adverse: Option<Money>,
    /// The tolerance in pounds, exact.
    pub tolerance: Threshold,
    /// RAG against the tolerance.
    pub rag: BudgetRag,
    /// `underspend`, `income above budget`, or none.
    pub note: Option<BudgetNote>,
    /// This forecast − the previous report's forecast for the line.
    pub movement: Option<Money>,
    /// Needs a remedial-action report (a recovery plan).
    pub exception: bool,
    /// The one reason, by Type, when an exception.
    pub reasons: Vec<BudgetReason>,
    /// Since the previous report; absent without one, or for a line it did not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_previous_report: Option<BudgetSince>,
    /// Commentary (Variance Explanation) from the return.
    pub commentary: Option<String>,
    /// The forecast cell of the row used; `None` without one.
    #[serde(serialize_with = "opt_source")]
    pub source: Option<Source>,
    /// The budget holder (not in the JSON: shown on the Finance sheet).
    #[serde(skip)]
    pub holder: Option<String>,
    /// The budget's other columns, for packs (not in the JSON).
    #[serde(skip)]
    pub attributes: Vec<(String, String)>,
}

impl BudgetResult {
    /// The forecast the totals count: the line's own, or its budget where it
    /// has no usable forecast (so its variance counts as 0).
    pub fn forecast_for_totals(&self) -> Money {
        self.forecast.unwrap_or(self.budget)
    }

    /// The variance as a percentage of |budget|, for the Finance sheet;
    /// `None` without a variance or with a zero budget.
    pub fn variance_percent(&self) -> Option<f64> {
        let v = self.variance?;
        let b = self.budget.abs();
        (b != Money::ZERO).then(|| v.pence() as f64 / b.pence() as f64 * 100.0)
    }
}

/// Budget, forecast and variance summed over some lines, exactly.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FinanceTotal {
    /// The directorate; `None` for the council.
    pub directorate: Option<String>,
    /// The Type totalled: expenditure, income and capital are never added.
    #[serde(rename = "type")]
    pub line_type: LineType,
    /// Total approved budget.
    pub budget: Money,
    /// Total forecast outturn (a line without one counted at its budget).
    pub forecast: Money,
    /// Total forecast − total budget.
    pub variance: Money,
    /// How many lines are in the total.
    pub lines: usize,
    /// How many of them have no usable forecast, counted at their budget.
    pub lines_at_budget: usize,
}

/// Budget lines counted by RAG.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FinanceLines {
    /// Green.
    pub green: usize,
    /// Amber.
    pub amber: usize,
    /// Red.
    pub red: usize,
    /// No usable forecast.
    pub missing: usize,
}

impl FinanceLines {
    /// Counts one more line of RAG `rag`.
    pub fn add(&mut self, rag: BudgetRag) {
        match rag {
            BudgetRag::Green => self.green += 1,
            BudgetRag::Amber => self.amber += 1,
            BudgetRag::Red => self.red += 1,
            BudgetRag::Missing => self.missing += 1,
        }
    }

    /// Every line counted.
    pub fn total(&self) -> usize {
        self.green + self.amber + self.red + self.missing
    }

    /// In words, as the console and the page say it: "30 budget lines: 20
    /// green, 4 amber, 3 red, 3 with no forecast"; a count of none is left out.
    pub fn words(&self) -> String {
        let parts: Vec<String> = [
            (self.green, "green"),
            (self.amber, "amber"),
            (self.red, "red"),
            (self.missing, "with no forecast"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        let n = self.total();
        let noun = if n == 1 {
            "budget line"
        } else {
            "budget lines"
        };
        if parts.is_empty() {
            format!("{n} {noun}")
        } else {
            format!("{n} {noun}: {}", parts.join(", "))
        }
    }
}

impl FinanceTotal {
    /// In words, to the pound: "Expenditure: budget £45,000,000, forecast
    /// £45,600,000, variance £600,000 (2 lines counted at budget)".
    pub fn words(&self) -> String {
        let mut t = self.line_type.word().to_string();
        if let Some(first) = t.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        let at_budget = match self.lines_at_budget {
            0 => String::new(),
            1 => " (1 line with no forecast counted at its budget)".to_string(),
            n => format!(" ({n} lines with no forecast counted at their budget)"),
        };
        format!(
            "{t}: budget {}, forecast {}, variance {}{at_budget}",
            self.budget.words_whole(),
            self.forecast.words_whole(),
            self.variance.words_whole()
        )
    }
}

/// JSON `summary.finance`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FinanceSummary {
    /// Per directorate and Type (in the budget's order of directorates), then
    /// per Type for the council (`directorate` null).
    pub totals: Vec<FinanceTotal>,
    /// Lines by RAG, council-wide.
    pub lines: FinanceLines,
}

impl FinanceSummary {
    /// The council's total of one Type, where the budget has lines of it.
    pub fn council(&self, line_type: LineType) -> Option<&FinanceTotal> {
        self.totals
            .iter()
            .find(|t| t.directorate.is_none() && t.line_type == line_type)
    }
}

/// `{ "file", "sheet", "cell" }`, as every source in the JSON.
fn opt_source<S: Serializer>(src: &Option<Source>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Place<'a> {
        file: &'a str,
        sheet: &'a str,
        cell: String,
    }
    match src {
        Some(src) => Place {
            file: &src.file,
            sheet: &src.sheet,
            cell: src.cell(),
        }
        .serialize(s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
#[path = "budget_result_tests.rs"]
mod tests;
