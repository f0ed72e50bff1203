//! Reading one row of the Indicators sheet, cell by cell, with a problem
//! recorded for every cell that is wrong.

use super::RegisterProblem;
use crate::cellref::a1;
use crate::read::value::{Parsed, ValueOptions};
use crate::read::Sheet;
use crate::text::header_key;
use std::collections::BTreeMap;

pub(super) struct RowReader<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) row: u32,
    pub(super) cols: &'a BTreeMap<&'static str, u32>,
    pub(super) problems: &'a mut Vec<RegisterProblem>,
    pub(super) values: &'a ValueOptions,
}

impl RowReader<'_> {
    pub(super) fn cell(&self, name: &str) -> Option<&crate::read::Cell> {
        self.cols.get(name).map(|&c| self.sheet.get(self.row, c))
    }

    pub(super) fn problem(&mut self, name: &str, message: String) {
        let col = self
            .cols
            .get(name)
            .copied()
            .unwrap_or(self.sheet.cols().start);
        self.problems.push(RegisterProblem {
            sheet: self.sheet.name.clone(),
            cell: a1(self.row, col),
            message,
        });
    }

    pub(super) fn text(&self, name: &str) -> Option<String> {
        let c = self.cell(name)?;
        if c.is_blank() {
            return None;
        }
        Some(c.display().trim().to_string())
    }

    pub(super) fn choice<T>(
        &mut self,
        name: &str,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(name);
        match text.as_deref().map(&parse) {
            Some(Some(v)) => Some(v),
            Some(None) => {
                self.problem(
                    name,
                    format!("'{}' is not {expected}", text.unwrap_or_default()),
                );
                None
            }
            None => {
                self.problem(name, format!("blank; expected {expected}"));
                None
            }
        }
    }

    pub(super) fn number(&mut self, name: &str, is_percent: bool) -> Option<f64> {
        let cell = self.cell(name)?.clone();
        match self.values.parse(&cell) {
            Parsed::Number {
                value,
                percent_marked,
            } => {
                if is_percent && !percent_marked && value > 0.0 && value < 1.0 {
                    self.problem(
                        name,
                        format!(
                            "{value} for a percent indicator is ambiguous; type 85 or 85% for 85%"
                        ),
                    );
                    return None;
                }
                Some(value)
            }
            Parsed::NoValue => None,
            Parsed::Invalid(_) => {
                self.problem(name, format!("'{}' is not a number", cell.display()));
                None
            }
        }
    }

    pub(super) fn bound(&mut self, name: &str, default: Option<f64>) -> Option<f64> {
        let Some(cell) = self.cell(name).cloned() else {
            return default;
        };
        if cell.is_blank() {
            return default;
        }
        if cell
            .text()
            .map(|t| t.eq_ignore_ascii_case("none"))
            .unwrap_or(false)
        {
            return None;
        }
        match self.values.parse(&cell) {
            Parsed::Number { value, .. } => Some(value),
            _ => {
                self.problem(
                    name,
                    format!("'{}' is not a number or 'none'", cell.display()),
                );
                default
            }
        }
    }

    pub(super) fn tolerance(&mut self, default: f64) -> f64 {
        let Some(cell) = self.cell("tolerance").cloned() else {
            return default;
        };
        if cell.is_blank() {
            return default;
        }
        // 5%, 5 and a percent-formatted 0.05 all mean 5%. A bare 0.05 could mean 5% typed
        // in a percent cell whose format we cannot see (.ods, .xls) or 0.05%: never guess.
        match self.values.parse(&cell) {
            Parsed::Number {
                value,
                percent_marked,
            } if !percent_marked && value > 0.0 && value < 1.0 => {
                self.problem(
                    "tolerance",
                    format!(
                        "'{}' is ambiguous: it could mean {}% or {}%; type 5% or 5 for 5%",
                        cell.display(),
                        value * 100.0,
                        value
                    ),
                );
                default
            }
            Parsed::Number { value, .. } if value >= 0.0 => value / 100.0,
            _ => {
                self.problem(
                    "tolerance",
                    format!("'{}' is not a tolerance; write it as 5%", cell.display()),
                );
                default
            }
        }
    }

    pub(super) fn decimals(&mut self) -> Option<u32> {
        let cell = self.cell("decimals")?.clone();
        match self.values.parse(&cell) {
            Parsed::NoValue => None,
            Parsed::Number { value, .. }
                if (0.0..=10.0).contains(&value) && value.fract() == 0.0 =>
            {
                Some(value as u32)
            }
            _ => {
                self.problem(
                    "decimals",
                    format!(
                        "'{}' is not a number of decimal places (0 to 10)",
                        cell.display()
                    ),
                );
                None
            }
        }
    }

    pub(super) fn yes_no(&mut self, name: &str, default: bool) -> bool {
        let Some(text) = self.text(name) else {
            return default;
        };
        match header_key(&text).as_str() {
            "yes" | "y" | "true" | "required" => true,
            "no" | "n" | "false" | "optional" => false,
            _ => {
                self.problem(name, format!("'{text}' should be yes or no"));
                default
            }
        }
    }
}
