//! The budget (SPEC section 16): each directorate's approved revenue and
//! capital budget lines, read from sheet `Budgets` of the register workbook
//! or from the file `budget` names in `ipr.toml`, and validated as the
//! register is: every bad row listed by sheet and cell, nothing checked.
//!
//! The budget in memory, [`crate::model::Budget`], is a type every stage
//! shares, so it sits in `model` beside the register; this module reads it.

mod cells;
mod error;
mod load;
mod year;

pub use cells::{
    is_total_label, money_of_cell, money_problem_words, tolerance_of_cell, MONEY_HINT,
    TOLERANCE_HINT,
};

pub use error::BudgetError;
pub use load::{
    budget_in_register, embedded_budget, load_budget, parse_budget, BudgetOptions, BUDGET_SHEET,
};

#[cfg(test)]
mod load_tests;
