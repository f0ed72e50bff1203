//! Budget monitoring (SPEC section 16): a budget line as the council
//! approved it, its Type, and the tolerance within which a variance needs no
//! report.

use super::money::{Money, Percent, Threshold};
use crate::period::{Calendar, Period};
use crate::text::{header_key, normalise_code, same_directorate};
use serde::Serialize;
use std::collections::HashMap;

/// What a budget line is: spending, income, or the capital programme. The
/// Type decides which way a variance is adverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineType {
    /// Revenue spending (the default): spending more is adverse.
    Expenditure,
    /// Revenue income (fees, charges, grants): receiving less is adverse.
    Income,
    /// The capital programme: any variance is adverse (an underspend is
    /// slippage: the programme is late).
    Capital,
}

impl LineType {
    /// In the order totals are shown.
    pub const ALL: [LineType; 3] = [LineType::Expenditure, LineType::Income, LineType::Capital];

    /// The word as JSON writes it.
    pub fn word(self) -> &'static str {
        match self {
            LineType::Expenditure => "expenditure",
            LineType::Income => "income",
            LineType::Capital => "capital",
        }
    }

    /// Reads the Type column, ignoring case, spaces and punctuation. `None`
    /// for words that are not a Type; `revenue` alone is one of them, since
    /// a revenue line may be spending or income.
    ///
    /// ```
    /// use ipr::model::budget::LineType;
    /// assert_eq!(LineType::parse("Capital Programme"), Some(LineType::Capital));
    /// assert_eq!(LineType::parse("Fees & charges"), Some(LineType::Income));
    /// assert_eq!(LineType::parse("revenue"), None);
    /// ```
    pub fn parse(text: &str) -> Option<LineType> {
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "expenditure" | "expense" | "expenses" | "spend" | "spending" | "cost" | "costs"
            | "revenueexpenditure" | "revenuespend" | "exp" => LineType::Expenditure,
            "income" | "revenueincome" | "feesandcharges" | "feescharges" | "fees" | "inc" => {
                LineType::Income
            }
            "capital" | "capitalprogramme" | "capitalexpenditure" | "capitalspend" | "cap" => {
                LineType::Capital
            }
            _ => return None,
        })
    }

    /// The adverse variance of a line of this Type: the variance for
    /// expenditure, its negative for income, and its size for capital.
    pub fn adverse(self, variance: Money) -> Money {
        match self {
            LineType::Expenditure => variance,
            LineType::Income => -variance,
            LineType::Capital => variance.abs(),
        }
    }

    /// A variance (forecast − budget) in words for a line of this Type:
    /// `overspend by £60,000`, `underspend by £5`, `receive £5,000 less
    /// than budgeted`.
    pub fn variance_words(self, variance: Money) -> String {
        let size = variance.abs().words();
        match (self, variance.is_negative()) {
            (LineType::Income, false) => format!("receive {size} more than budgeted"),
            (LineType::Income, true) => format!("receive {size} less than budgeted"),
            (_, false) => format!("overspend by {size}"),
            (_, true) => format!("underspend by {size}"),
        }
    }

    /// True for revenue lines (expenditure and income), which are never
    /// added to capital.
    pub fn is_revenue(self) -> bool {
        self != LineType::Capital
    }
}

/// The variance that needs no report: a percentage of the budget, an
/// amount, or both (whichever is reached first, so the smaller).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    /// A percentage of |budget|.
    pub percent: Option<Percent>,
    /// An amount in pounds.
    pub amount: Option<Money>,
}

impl Tolerance {
    /// 2% of the budget: the tolerance where the budget leaves it blank.
    pub const DEFAULT: Tolerance = Tolerance {
        percent: Some(Percent::from_millionths(20_000)),
        amount: None,
    };

    /// In pounds for a line whose approved budget is `budget`: the
    /// percentage of |budget|, or the amount, or the smaller of the two.
    pub fn pounds(&self, budget: Money) -> Threshold {
        let pct = self.percent.map(|p| Threshold::of_percent(p, budget));
        let amount = self.amount.map(Threshold::of_amount);
        match (pct, amount) {
            (Some(p), Some(a)) => p.min(a),
            (Some(t), None) | (None, Some(t)) => t,
            (None, None) => Tolerance::DEFAULT.pounds(budget),
        }
    }

    /// As the budget would write it: `2%`, `£50,000`, `2% or £50,000`.
    pub fn words(&self) -> String {
        match (self.percent, self.amount) {
            (Some(p), Some(a)) => format!("{} or {}", p.words(), a.words()),
            (Some(p), None) => p.words(),
            (None, Some(a)) => a.words(),
            (None, None) => Tolerance::DEFAULT.words(),
        }
    }
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance::DEFAULT
    }
}

/// One line of the budget: the approved annual budget of a service, as the
/// council agreed it.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetLine {
    /// Unique id as written in the budget (a cost centre or service code), trimmed.
    pub reference: String,
    /// The id as compared: trimmed, inner spaces collapsed, upper case.
    pub key: String,
    /// What the line pays for.
    pub service: String,
    /// Who reports it, spelt as in the register where it names one.
    pub directorate: String,
    /// Expenditure, income or capital.
    pub line_type: LineType,
    /// The approved annual budget. Positive for income too (£500,000 of fees
    /// expected); negative for a trading account that expects a surplus.
    pub budget: Money,
    /// The variance that needs no report.
    pub tolerance: Tolerance,
    /// The budget holder.
    pub holder: Option<String>,
    /// Every other column of the budget, by its heading as written
    /// (`Priority`, `Committee`, `Portfolio`, `Partnership`, ...), with the
    /// cell's text: kept, never dropped, for the packs of section 14.
    pub attributes: Vec<(String, String)>,
    /// Zero-based row of the budget sheet it was read from.
    pub row: u32,
}

impl BudgetLine {
    /// The text of an attribute column, by heading (ignoring case, spaces and
    /// punctuation).
    pub fn attribute(&self, heading: &str) -> Option<&str> {
        let want = header_key(heading);
        self.attributes
            .iter()
            .find(|(h, _)| header_key(h) == want)
            .map(|(_, v)| v.as_str())
    }

    /// The tolerance in pounds, of the approved budget.
    pub fn tolerance_pounds(&self) -> Threshold {
        self.tolerance.pounds(self.budget)
    }
}

/// The budget in memory: its lines in budget order, found by any spelling of a Ref.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Budget {
    /// The file it was read from, as the user named it.
    pub file: String,
    /// SHA-256 of that file's bytes.
    pub sha256: String,
    /// The sheet it was read from.
    pub sheet: String,
    /// Lines in budget order.
    pub lines: Vec<BudgetLine>,
    /// The financial year it is for (the calendar year that year starts
    /// in), from its `Year` column; `None` where it names none.
    pub year: Option<i32>,
    /// Position of each line by key.
    index: HashMap<String, usize>,
}

impl Budget {
    /// A budget of `lines` (keys already normalised, each once).
    pub fn new(file: &str, sha256: &str, sheet: &str, lines: Vec<BudgetLine>) -> Budget {
        let index = lines
            .iter()
            .enumerate()
            .map(|(i, l)| (l.key.clone(), i))
            .collect();
        Budget {
            file: file.to_string(),
            sha256: sha256.to_string(),
            sheet: sheet.to_string(),
            lines,
            year: None,
            index,
        }
    }

    /// True when `period` falls in the budget's financial year, or the
    /// budget names no year.
    pub fn covers(&self, period: Period, cal: Calendar) -> bool {
        self.year.is_none_or(|fy| cal.fy(period) == fy)
    }

    /// The line with this Ref, in any spelling (`cc 100 ` is `CC 100`).
    pub fn get(&self, reference: &str) -> Option<&BudgetLine> {
        self.by_key(&normalise_code(reference))
    }

    /// The line with this key (a Ref already normalised).
    pub fn by_key(&self, key: &str) -> Option<&BudgetLine> {
        self.index.get(key).and_then(|&i| self.lines.get(i))
    }

    /// Directorates in order of first appearance in the budget.
    pub fn directorates(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for l in &self.lines {
            if !out.iter().any(|d| same_directorate(d, &l.directorate)) {
                out.push(&l.directorate);
            }
        }
        out
    }

    /// The Types the budget has lines of, in the order totals are shown.
    pub fn types(&self) -> Vec<LineType> {
        LineType::ALL
            .into_iter()
            .filter(|t| self.lines.iter().any(|l| l.line_type == *t))
            .collect()
    }
}

/// Budget lines for the tests of every stage.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A line `reference` of `directorate`, of `line_type`, with an approved
    /// budget of `budget` whole pounds and the default tolerance (2%).
    pub(crate) fn line(
        reference: &str,
        directorate: &str,
        line_type: LineType,
        budget: i64,
    ) -> BudgetLine {
        BudgetLine {
            reference: reference.into(),
            key: reference.trim().to_uppercase(),
            service: format!("Service {reference}"),
            directorate: directorate.into(),
            line_type,
            budget: Money::from_pounds(budget),
            tolerance: Tolerance::DEFAULT,
            holder: None,
            attributes: vec![],
            row: 1,
        }
    }

    impl BudgetLine {
        /// With this tolerance.
        pub(crate) fn with_tolerance(
            mut self,
            percent: Option<i64>,
            amount: Option<i64>,
        ) -> BudgetLine {
            self.tolerance = Tolerance {
                percent: percent.map(|p| Percent::from_millionths(p * 10_000)),
                amount: amount.map(Money::from_pounds),
            };
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::line;
    use super::*;

    #[test]
    fn type_words() {
        use LineType::*;
        for (text, want) in [
            ("expenditure", Expenditure),
            ("Expenditure", Expenditure),
            ("Revenue expenditure", Expenditure),
            ("spend", Expenditure),
            ("income", Income),
            ("INCOME", Income),
            ("Revenue income", Income),
            ("Fees and charges", Income),
            ("capital", Capital),
            ("Capital programme", Capital),
            ("capital-expenditure", Capital),
        ] {
            assert_eq!(LineType::parse(text), Some(want), "{text:?}");
        }
        for text in ["revenue", "", "grant", "e", "capex?x"] {
            assert_eq!(LineType::parse(text), None, "{text:?}");
        }
        for t in LineType::ALL {
            assert_eq!(LineType::parse(t.word()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.word());
        }
        assert!(Expenditure.is_revenue() && Income.is_revenue() && !Capital.is_revenue());
    }

    #[test]
    fn adverse_by_type() {
        let over = Money::from_pounds(30_000);
        let under = Money::from_pounds(-30_000);
        assert_eq!(LineType::Expenditure.adverse(over), over);
        assert_eq!(LineType::Expenditure.adverse(under), under);
        // Income: receiving more is good news, less is adverse.
        assert_eq!(LineType::Income.adverse(over), under);
        assert_eq!(LineType::Income.adverse(under), over);
        // Capital: an underspend is slippage, as adverse as an overspend.
        assert_eq!(LineType::Capital.adverse(over), over);
        assert_eq!(LineType::Capital.adverse(under), over);
    }

    #[test]
    fn tolerance_in_pounds_is_the_smaller_of_two() {
        let budget = Money::from_pounds(1_000_000);
        let t = |p: Option<i64>, a: Option<i64>| {
            Tolerance {
                percent: p.map(|p| Percent::from_millionths(p * 10_000)),
                amount: a.map(Money::from_pounds),
            }
            .pounds(budget)
        };
        assert_eq!(
            t(Some(2), None),
            Threshold::of_amount(Money::from_pounds(20_000))
        );
        assert_eq!(
            t(None, Some(50_000)),
            Threshold::of_amount(Money::from_pounds(50_000))
        );
        // 2% is £20,000: reached before £50,000.
        assert_eq!(
            t(Some(2), Some(50_000)),
            Threshold::of_amount(Money::from_pounds(20_000))
        );
        // 10% is £100,000: £50,000 is reached first.
        assert_eq!(
            t(Some(10), Some(50_000)),
            Threshold::of_amount(Money::from_pounds(50_000))
        );
        assert_eq!(t(None, None), t(Some(2), None));
        // Of |budget|: a trading account's tolerance is as a spending line's.
        assert_eq!(
            Tolerance::DEFAULT.pounds(Money::from_pounds(-1_000_000)),
            t(Some(2), None)
        );
    }

    #[test]
    fn tolerance_words_and_attributes() {
        let l = line("CC100", "Resources", LineType::Income, 500_000)
            .with_tolerance(Some(2), Some(50_000));
        assert_eq!(l.tolerance.words(), "2% or £50,000");
        assert_eq!(Tolerance::default().words(), "2%");
        assert_eq!(
            l.tolerance_pounds(),
            Threshold::of_amount(Money::from_pounds(10_000))
        );
        let mut l = l;
        l.attributes = vec![("Scrutiny Committee".into(), "Resources; Overview".into())];
        assert_eq!(
            l.attribute("scrutiny_committee"),
            Some("Resources; Overview")
        );
        assert_eq!(l.attribute("Portfolio"), None);
    }

    #[test]
    fn found_by_any_spelling_with_directorates_and_types_in_order() {
        let b = Budget::new(
            "register.xlsx",
            "",
            "Budgets",
            vec![
                line("CC 100", "Adults", LineType::Expenditure, 1_000),
                line("CAP-7", "Resources", LineType::Capital, 5_000),
                line("CC101", "adults", LineType::Expenditure, 2_000),
            ],
        );
        assert_eq!(b.get(" cc  100 ").map(|l| l.budget.pence()), Some(100_000));
        assert_eq!(b.get("cap-7").map(|l| l.reference.as_str()), Some("CAP-7"));
        assert!(b.get("CC1").is_none());
        assert_eq!(b.directorates(), ["Adults", "Resources"]);
        assert_eq!(b.types(), [LineType::Expenditure, LineType::Capital]);
        assert!(Budget::default().types().is_empty());
    }
}
