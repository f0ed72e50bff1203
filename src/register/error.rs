//! Why a register was rejected: every problem, located by sheet and cell.

use crate::read::ReadError;

/// One thing wrong with the register, located by sheet and cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterProblem {
    /// Sheet name.
    pub sheet: String,
    /// A1 cell.
    pub cell: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// Why a register was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegisterError {
    /// The file could not be read.
    #[error("The register {file} could not be read: {error}.")]
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

/// The message for a rejected register: a count, then one line per problem.
fn invalid_message(file: &str, problems: &[RegisterProblem]) -> String {
    problem_list("register", file, problems)
}

/// The message for a rejected register or action plan (`what`): a count,
/// then one line per problem.
pub(crate) fn problem_list(what: &str, file: &str, problems: &[RegisterProblem]) -> String {
    use std::fmt::Write;
    let mut out = format!(
        "The {what} {file} has {} problem{}; nothing was checked. Fix these and run again:\n",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        let sheet = if p.sheet.is_empty() {
            String::new()
        } else {
            format!("sheet '{}', ", p.sheet)
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out, "  {sheet}cell {}: {}", p.cell, p.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(sheet: &str, cell: &str, message: &str) -> RegisterProblem {
        RegisterProblem {
            sheet: sheet.into(),
            cell: cell.into(),
            message: message.into(),
        }
    }

    #[test]
    fn messages_read_as_before() {
        let one = RegisterError::Invalid {
            file: "r.xlsx".into(),
            problems: vec![problem("", "A1", "m")],
        };
        assert_eq!(
            one.to_string(),
            "The register r.xlsx has 1 problem; nothing was checked. Fix these and run again:\n  cell A1: m\n"
        );
        let two = RegisterError::Invalid {
            file: "r.xlsx".into(),
            problems: vec![
                problem("Indicators", "B2", "x"),
                problem("Indicators", "C3", "y"),
            ],
        };
        assert_eq!(
            two.to_string(),
            "The register r.xlsx has 2 problems; nothing was checked. Fix these and run again:\n  sheet 'Indicators', cell B2: x\n  sheet 'Indicators', cell C3: y\n"
        );
        let read = RegisterError::Read {
            file: "r.xlsx".into(),
            error: ReadError::Empty,
        };
        assert_eq!(
            read.to_string(),
            "The register r.xlsx could not be read: the file is empty (0 bytes); save the return again."
        );
    }
}
