//! The budget (SPEC section 16): each directorate's approved revenue and
//! capital budget lines, read from sheet `Budgets` of the register workbook
//! or from the file `budget` names in `ipr.toml`, and validated as the
//! register is: every bad row listed by sheet and cell, nothing checked.

mod cells;
mod error;
mod load;

pub use cells::{
    is_total_label, money_of_cell, money_problem_words, tolerance_of_cell, MONEY_HINT,
    TOLERANCE_HINT,
};

pub use error::BudgetError;
pub use load::{budget_in_register, load_budget, parse_budget, BudgetOptions, BUDGET_SHEET};

use crate::model::{BudgetLine, LineType};
use crate::register::{normalise_code, same_directorate};
use std::collections::HashMap;

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
            index,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::budget::testing::line;

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

#[cfg(test)]
mod load_tests;
