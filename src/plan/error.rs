//! Why an action plan was rejected: every problem, located by sheet and cell.

use crate::read::ReadError;
use crate::register::RegisterProblem;

/// Why an action plan was rejected. Its problems are located as the
/// register's are ([`RegisterProblem`]: sheet, cell, message).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The file could not be read.
    #[error("The action plan {file} could not be read: {error}.")]
    Read {
        /// File.
        file: String,
        /// Why.
        error: ReadError,
    },
    /// The file was read but rows are wrong: every one is listed.
    #[error("{}", invalid_message(.file, .problems))]
    Invalid {
        /// File.
        file: String,
        /// Every problem found.
        problems: Vec<RegisterProblem>,
    },
}

/// A count, then one line per problem, as the register's message reads.
fn invalid_message(file: &str, problems: &[RegisterProblem]) -> String {
    crate::register::problem_list("action plan", file, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_on_its_own_line() {
        let e = PlanError::Invalid {
            file: "plan.xlsx".into(),
            problems: vec![
                RegisterProblem {
                    sheet: "Actions".into(),
                    cell: "H4".into(),
                    message: "no Due date".into(),
                },
                RegisterProblem {
                    sheet: String::new(),
                    cell: "A1".into(),
                    message: "empty".into(),
                },
            ],
        };
        assert_eq!(
            e.to_string(),
            "The action plan plan.xlsx has 2 problems; nothing was checked. Fix these and run again:\n  sheet 'Actions', cell H4: no Due date\n  cell A1: empty\n"
        );
        let read = PlanError::Read {
            file: "plan.xlsx".into(),
            error: ReadError::Empty,
        };
        assert!(read
            .to_string()
            .starts_with("The action plan plan.xlsx could not be read: "));
    }
}
