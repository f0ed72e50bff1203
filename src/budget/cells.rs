//! Amounts and tolerances in cells, for the budget and for budget tables in
//! returns alike: a number typed into a cell (currency-formatted or not) is
//! pounds; text is read as finance teams write it (`£1.2m`, `25k`,
//! `(25,000)`); a tolerance must say whether it is a percentage or pounds.

use crate::model::money::{Money, MoneyProblem, Percent};
use crate::model::Tolerance;
use crate::read::value::{Parsed, ValueOptions};
use crate::read::{Cell, CellValue};

/// How to write an amount, for messages.
pub const MONEY_HINT: &str =
    "type the amount in pounds, such as 1,200, £1,200.50, £1.2m, 25k, or (25,000) for minus 25,000";

/// How to write a tolerance, for messages.
pub const TOLERANCE_HINT: &str =
    "write a percentage of the budget such as 2%, an amount such as £50,000, or both as 2% or £50,000; leave it blank for 2%";

/// A cell as an amount of money: `None` when blank or a "no value" word
/// (`n/a`, `TBC`), else the amount or why it is not one. `power` is the
/// scale of the cell's column: 0 for pounds, 3 for a column in thousands
/// (`£000`), 6 for millions (`£m`); text with a suffix (`£1.2m`) states its own.
pub fn money_of_cell(
    cell: &Cell,
    values: &ValueOptions,
    power: u32,
) -> Option<Result<Money, MoneyProblem>> {
    if cell.is_blank() || matches!(values.parse(cell), Parsed::NoValue) {
        return None;
    }
    Some(match &cell.value {
        // A percent-formatted number is a share, not an amount.
        CellValue::Number(_) if cell.percent => Err(MoneyProblem::Percentage),
        CellValue::Number(n) => Money::from_number_in(*n, power),
        CellValue::Text(t) => Money::parse_in(t, power),
        CellValue::Error(_) => Err(MoneyProblem::ErrorCell),
        CellValue::FormulaNoValue(_) => Err(MoneyProblem::FormulaNoValue),
        CellValue::Bool(_) | CellValue::Date(_) | CellValue::Empty => Err(MoneyProblem::WrongKind),
    })
}

/// Why a cell is not an amount, in a sentence: what it shows (`seen`), why
/// that is no amount, and how to write one. `what` names the figure
/// ("the forecast outturn of CC100").
pub fn money_problem_words(problem: &MoneyProblem, seen: &str, what: &str) -> String {
    let seen = seen.trim();
    match problem {
        MoneyProblem::Percentage => {
            format!("{what} is {seen}, a percentage, not an amount of money; {MONEY_HINT}")
        }
        MoneyProblem::OtherCurrency => {
            format!("{what} is {seen}, which is not in pounds; {MONEY_HINT}")
        }
        MoneyProblem::TooLarge => format!(
            "{what} is {seen}, a trillion pounds or more, which cannot be right; check the figure and {MONEY_HINT}"
        ),
        MoneyProblem::ErrorCell => format!(
            "{what} shows {seen}, an Excel error, not an amount; fix the formula or {MONEY_HINT}"
        ),
        MoneyProblem::FormulaNoValue => format!(
            "{what} is a formula whose result was never saved; open the file in Excel, let it recalculate and save it, or {MONEY_HINT}"
        ),
        MoneyProblem::WrongKind => {
            format!("{what} is {seen}, which is not an amount of money; {MONEY_HINT}")
        }
        MoneyProblem::NotAnAmount => {
            format!("{what} is '{seen}', which is not an amount of money; {MONEY_HINT}")
        }
    }
}

/// A Tolerance cell: `None` when blank or "no value" (the default, 2%),
/// else the tolerance or, in words, why it cannot be used. A percent-
/// formatted number is a percentage (0.025 is 2.5%); a bare number (`2`,
/// `0.02`, `50000`) is ambiguous and refused.
pub fn tolerance_of_cell(cell: &Cell, values: &ValueOptions) -> Option<Result<Tolerance, String>> {
    if cell.is_blank() || matches!(values.parse(cell), Parsed::NoValue) {
        return None;
    }
    let seen = cell.display();
    Some(match &cell.value {
        CellValue::Number(n) if cell.percent => match Percent::from_fraction(*n) {
            Some(p) => checked(Tolerance {
                percent: Some(p),
                amount: None,
            }),
            None => Err(format!(
                "the tolerance {seen} is below 0%; {TOLERANCE_HINT}"
            )),
        },
        CellValue::Number(_) => Err(ambiguous(&seen)),
        CellValue::Text(t) => tolerance_of_text(t),
        CellValue::Error(_) => Err(format!(
            "the tolerance shows {seen}, an Excel error; {TOLERANCE_HINT}"
        )),
        CellValue::FormulaNoValue(_) => Err(format!(
            "the tolerance is a formula whose result was never saved; {TOLERANCE_HINT}"
        )),
        CellValue::Bool(_) | CellValue::Date(_) | CellValue::Empty => Err(format!(
            "the tolerance is {seen}, which is no tolerance; {TOLERANCE_HINT}"
        )),
    })
}

fn ambiguous(seen: &str) -> String {
    format!(
        "the tolerance {} is a bare number, which could be a percentage or pounds; write 2% or £50,000 (or both, as 2% or £50,000)",
        seen.trim()
    )
}

/// `2%`, `£50,000`, `50k`, `2% or £50,000`, `£50k / 2.5%`.
fn tolerance_of_text(text: &str) -> Result<Tolerance, String> {
    let lower = text.to_lowercase();
    let mut t = Tolerance {
        percent: None,
        amount: None,
    };
    let parts: Vec<&str> = lower
        .split(" or ")
        .flat_map(|p| p.split('/'))
        .map(str::trim)
        .collect();
    if parts.len() > 2 || parts.iter().any(|p| p.is_empty()) {
        return Err(format!(
            "the tolerance '{}' is not one we can read; {TOLERANCE_HINT}",
            text.trim()
        ));
    }
    for part in parts {
        if let Some(p) = Percent::parse(part) {
            if t.percent.replace(p).is_some() {
                return Err(format!("the tolerance '{}' gives two percentages; give one percentage, one amount, or one of each", text.trim()));
            }
        } else if let Some(m) = written_as_money(part) {
            if m.is_negative() {
                return Err(format!(
                    "the tolerance '{}' is below £0; {TOLERANCE_HINT}",
                    text.trim()
                ));
            }
            if t.amount.replace(m).is_some() {
                return Err(format!("the tolerance '{}' gives two amounts; give one percentage, one amount, or one of each", text.trim()));
            }
        } else if Money::parse(part).is_ok() {
            return Err(ambiguous(part));
        } else {
            return Err(format!(
                "the tolerance '{}' is not one we can read; {TOLERANCE_HINT}",
                text.trim()
            ));
        }
    }
    checked(t)
}

/// An amount that says it is one: with a `£`, or a `k`, `m` or `bn`.
fn written_as_money(part: &str) -> Option<Money> {
    let p = part.trim();
    let marked = p.contains('£')
        || ["k", "m", "mn", "bn", "thousand", "million", "billion"]
            .iter()
            .any(|s| p.ends_with(s));
    if marked {
        Money::parse(p).ok()
    } else {
        None
    }
}

/// A percentage above 100% of the budget is refused: it would make every
/// variance green, and is a slip (`250%` for 2.5%).
fn checked(t: Tolerance) -> Result<Tolerance, String> {
    match t.percent {
        Some(p) if p > Percent::from_millionths(1_000_000) => Err(format!(
            "the tolerance {} is more than the whole budget; {TOLERANCE_HINT}",
            p.words()
        )),
        _ => Ok(t),
    }
}

/// True when a Ref cell reads `Total`, `Subtotal`, `Sub-total` or `Grand
/// total`, or begins or ends with one of them (`Adults total`, `Total:
/// Resources`): a total row, never a budget line.
pub fn is_total_label(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let is_total = |w: &str| matches!(w, "total" | "subtotal" | "totals");
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => {
            is_total(first)
                || is_total(last)
                || (first == "sub" && words.get(1).is_some_and(|w| is_total(w)))
                || (first == "grand" && words.get(1).is_some_and(|w| is_total(w)))
        }
        _ => false,
    }
}

#[cfg(test)]
#[path = "cells_tests.rs"]
mod tests;
