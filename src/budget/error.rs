//! Why a budget was rejected: every problem, located by sheet and cell.

use crate::read::ReadError;
use crate::register::RegisterProblem;

/// Why a budget was rejected. Its problems are located as the register's
/// are ([`RegisterProblem`]: sheet, cell, message).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BudgetError {
    /// The file could not be read.
    #[error("The budget {file} could not be read: {error}.")]
    Read {
        /// File.
        file: String,
        /// Why.
        error: ReadError,
    },
    /// The file was read but rows are wrong: every one is listed.
    #[error("{}", crate::register::problem_list("budget", .file, .problems))]
    Invalid {
        /// File.
        file: String,
        /// Every problem found.
        problems: Vec<RegisterProblem>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_on_its_own_line() {
        let e = BudgetError::Invalid {
            file: "register.xlsx".into(),
            problems: vec![
                RegisterProblem {
                    sheet: "Budgets".into(),
                    cell: "E4".into(),
                    message: "no Budget".into(),
                },
                RegisterProblem {
                    sheet: "Budgets".into(),
                    cell: "F9".into(),
                    message: "ambiguous".into(),
                },
            ],
        };
        assert_eq!(
            e.to_string(),
            "The budget register.xlsx has 2 problems; nothing was checked. Fix these and run again:\n  sheet 'Budgets', cell E4: no Budget\n  sheet 'Budgets', cell F9: ambiguous\n"
        );
        let read = BudgetError::Read {
            file: "budget.csv".into(),
            error: ReadError::Empty,
        };
        assert!(read
            .to_string()
            .starts_with("The budget budget.csv could not be read: "));
    }
}
