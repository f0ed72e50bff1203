//! A budget line's figures as a return gives them (SPEC section 16): each
//! amount with the cell it came from, and what the cell said when it was not
//! an amount, so that the rules can say so at the cell and the assessment
//! uses only what was read cleanly.

use super::money::{Money, MoneyProblem};
use super::observation::Source;
use crate::period::Period;
use std::sync::Arc;

/// One amount cell's reading: the amount, or why it is not one; what the
/// cell showed; and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyField {
    /// The amount read, or the problem.
    pub value: Result<Money, MoneyProblem>,
    /// The cell as the user sees it, for messages.
    pub seen: String,
    /// Where the cell is.
    pub source: Source,
}

impl MoneyField {
    /// The amount, when the cell was read cleanly.
    pub fn ok(&self) -> Option<Money> {
        self.value.as_ref().ok().copied()
    }
}

/// The columns of a budget table (absolute, zero-based), so that a rule
/// about a blank cell can name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BudgetColumns {
    /// Ref (or Cost Centre, Budget Code).
    pub reference: u32,
    /// Forecast outturn: every budget table has one.
    pub forecast: u32,
    /// The budget as the return gives it.
    pub budget: Option<u32>,
    /// Spend (or income) to date.
    pub spend: Option<u32>,
    /// Commentary (Variance Explanation).
    pub commentary: Option<u32>,
    /// Data Note.
    pub data_note: Option<u32>,
}

/// One row of a budget table: one line's figures for the return's period.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetUpdate {
    /// The Ref as typed (trimmed).
    pub reference: String,
    /// The Ref as compared with the budget's (upper case, spaces collapsed).
    pub key: String,
    /// The directorate of the return (empty where it could not be settled).
    pub directorate: Arc<str>,
    /// The return's period, where settled.
    pub period: Option<Period>,
    /// The Ref cell: where the row is.
    pub source: Source,
    /// The table's columns.
    pub columns: BudgetColumns,
    /// Forecast outturn for the year; `None` when blank or "no value".
    pub forecast: Option<MoneyField>,
    /// The budget as typed in the return.
    pub budget: Option<MoneyField>,
    /// Spend (or income) to date; `None` when blank: no value, not 0.
    pub spend: Option<MoneyField>,
    /// Commentary (Variance Explanation).
    pub commentary: Option<String>,
    /// Data Note, which explains a warning on the row.
    pub data_note: Option<String>,
}

impl BudgetUpdate {
    /// The forecast outturn, when read cleanly.
    pub fn forecast(&self) -> Option<Money> {
        self.forecast.as_ref().and_then(MoneyField::ok)
    }

    /// The budget the return gives, when read cleanly.
    pub fn budget(&self) -> Option<Money> {
        self.budget.as_ref().and_then(MoneyField::ok)
    }

    /// Spend (or income) to date, when read cleanly.
    pub fn spend(&self) -> Option<Money> {
        self.spend.as_ref().and_then(MoneyField::ok)
    }

    /// The cell of this row in column `col` (blank or not), or the Ref cell
    /// when the table has no such column.
    pub fn cell_in(&self, col: Option<u32>) -> Source {
        let mut s = self.source.clone();
        if let Some(c) = col {
            s.col = c;
        }
        s
    }

    /// The forecast cell of this row, blank or not: the line's `source`.
    pub fn forecast_cell(&self) -> Source {
        self.cell_in(Some(self.columns.forecast))
    }

    /// True when two rows for one line give the same figures: forecast,
    /// budget and spend to date (as read, or as typed where unreadable).
    /// Commentary and notes may differ: they are words, not figures.
    pub fn same_figures(&self, other: &BudgetUpdate) -> bool {
        fn same(a: &Option<MoneyField>, b: &Option<MoneyField>) -> bool {
            match (a, b) {
                (None, None) => true,
                (Some(a), Some(b)) => match (&a.value, &b.value) {
                    (Ok(x), Ok(y)) => x == y,
                    _ => a.seen.trim() == b.seen.trim(),
                },
                _ => false,
            }
        }
        same(&self.forecast, &other.forecast)
            && same(&self.budget, &other.budget)
            && same(&self.spend, &other.spend)
    }
}

/// Budget rows for the tests of every stage: a row of a budget table on
/// sheet `Finance` of `return.xlsx`, Ref in column B, Budget C, Spend to
/// Date D, Forecast E, Commentary F, Data Note G.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The cell at `row` (zero-based) and `col`.
    pub(crate) fn at(row: u32, col: u32) -> Source {
        Source {
            file: Arc::from("return.xlsx"),
            sheet: Arc::from("Finance"),
            row,
            col,
        }
    }

    /// A row for `reference` from `directorate` on `row`, with nothing filled in.
    pub(crate) fn row(reference: &str, directorate: &str, row: u32) -> BudgetUpdate {
        BudgetUpdate {
            reference: reference.into(),
            key: reference.trim().to_uppercase(),
            directorate: Arc::from(directorate),
            period: Some(Period::month(2026, 9)),
            source: at(row, 1),
            columns: BudgetColumns {
                reference: 1,
                forecast: 4,
                budget: Some(2),
                spend: Some(3),
                commentary: Some(5),
                data_note: Some(6),
            },
            forecast: None,
            budget: None,
            spend: None,
            commentary: None,
            data_note: None,
        }
    }

    fn money(text: &str, source: Source) -> Option<MoneyField> {
        Some(MoneyField {
            value: Money::parse(text),
            seen: text.into(),
            source,
        })
    }

    impl BudgetUpdate {
        /// With a forecast cell reading `text`.
        pub(crate) fn with_forecast(mut self, text: &str) -> Self {
            self.forecast = money(text, at(self.source.row, 4));
            self
        }

        /// With a budget cell reading `text`.
        pub(crate) fn with_budget(mut self, text: &str) -> Self {
            self.budget = money(text, at(self.source.row, 2));
            self
        }

        /// With a spend-to-date cell reading `text`.
        pub(crate) fn with_spend(mut self, text: &str) -> Self {
            self.spend = money(text, at(self.source.row, 3));
            self
        }

        /// With commentary.
        pub(crate) fn with_commentary(mut self, text: &str) -> Self {
            self.commentary = Some(text.into());
            self
        }

        /// With a Data Note.
        pub(crate) fn with_note(mut self, text: &str) -> Self {
            self.data_note = Some(text.into());
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::row;
    use super::*;

    #[test]
    fn clean_amounts_and_cells_of_the_row() {
        let u = row("CC100", "Resources", 6)
            .with_forecast("£1.2m")
            .with_spend("n o")
            .with_budget("1,150,000");
        assert_eq!(u.forecast(), Some(Money::from_pounds(1_200_000)));
        assert_eq!(u.budget(), Some(Money::from_pounds(1_150_000)));
        assert_eq!(u.spend(), None, "a cell that is no amount gives none");
        assert_eq!(u.forecast_cell().cell(), "E7");
        assert_eq!(u.cell_in(u.columns.commentary).cell(), "F7");
        assert_eq!(u.cell_in(None).cell(), "B7");
        let blank = row("CC100", "Resources", 6);
        assert_eq!((blank.forecast(), blank.spend()), (None, None));
        assert_eq!(blank.forecast_cell().cell(), "E7");
    }

    #[test]
    fn same_figures_ignores_words_but_not_amounts() {
        let a = row("CC100", "Resources", 6)
            .with_forecast("1,200,000")
            .with_commentary("on track")
            .with_note("virement agreed in July");
        // The same amount written another way is the same figure.
        let mut b = row("CC100", "Resources", 9).with_forecast("£1.2m");
        assert!(a.same_figures(&b));
        b = b.with_spend("400k");
        assert!(!a.same_figures(&b), "a spend given once and not again");
        let c = row("CC100", "Resources", 9).with_forecast("£1.3m");
        assert!(!a.same_figures(&c));
        let d = row("CC100", "Resources", 9).with_forecast(" lots ");
        let e = row("CC100", "Resources", 12).with_forecast("lots");
        assert!(d.same_figures(&e), "the same unreadable text");
        assert!(!d.same_figures(&a));
    }
}
