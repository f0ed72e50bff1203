//! Data-quality rules over observations and the register, one file per rule
//! family. Findings and the rule catalogue themselves are in [`crate::model`].

pub mod action_results;
pub mod actions;
pub mod checks;
pub mod completeness;
pub mod history;
pub mod reliability;
pub mod restated;
pub mod timeliness;
pub mod validity;

use crate::model::{Finding, IndicatorResult, Rule, Severity};
use crate::period::{Calendar, Period};
use std::collections::{BTreeMap, HashMap};

/// Apply the severity overrides, mark explained warnings, then sort the
/// findings by file, sheet, cell (row, then column), rule, indicator and
/// message, and drop exact repeats.
pub fn settle(findings: &mut Vec<Finding>, overrides: &BTreeMap<Rule, Severity>) {
    checks::finalise(findings, overrides);
    findings.sort_by(|a, b| {
        (
            &a.file,
            &a.sheet,
            cell_order(&a.cell),
            a.rule,
            &a.indicator,
            &a.message,
        )
            .cmp(&(
                &b.file,
                &b.sheet,
                cell_order(&b.cell),
                b.rule,
                &b.indicator,
                &b.message,
            ))
    });
    findings.dedup();
}

/// Marks each finding about a period that ends before `report_month` as
/// `earlier_period`, so that it is listed apart from the month's own.
pub fn mark_earlier(findings: &mut [Finding], report_month: Period, cal: Calendar) {
    let mut seen: HashMap<String, bool> = HashMap::new();
    for f in findings.iter_mut() {
        let Some(id) = f.period.as_deref() else {
            continue;
        };
        let earlier = match seen.get(id) {
            Some(e) => *e,
            None => {
                let e = cal
                    .parse_id(id)
                    .is_some_and(|p| cal.end_month(p) < report_month);
                seen.insert(id.to_string(), e);
                e
            }
        };
        f.earlier_period = earlier;
    }
}

/// Sort key for an A1 reference: by row then column, so C10 comes after C9.
fn cell_order(cell: &Option<String>) -> (u32, u32) {
    let Some(c) = cell else { return (0, 0) };
    let letters: String = c
        .chars()
        .take_while(|ch| ch.is_ascii_alphabetic())
        .collect();
    let row: u32 = c[letters.len()..].parse().unwrap_or(0);
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    (row, col)
}

/// Each indicator's count of errors and of unexplained warnings against it
/// for its period, into `dq_errors` and `dq_warnings`.
pub fn tally(findings: &[Finding], indicators: &mut [IndicatorResult]) {
    // Counted in one pass over the findings, not one pass per indicator.
    let mut counts: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for f in findings {
        // An action finding's `indicator` is the action's Ref, not a code.
        if f.rule.kind() == crate::model::rules::Kind::Action {
            continue;
        }
        if let (Some(code), Some(period)) = (f.indicator.as_deref(), f.period.as_deref()) {
            let c = counts.entry((code, period)).or_default();
            match f.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning if !f.explained => c.1 += 1,
                Severity::Warning => {}
            }
        }
    }
    for r in indicators.iter_mut() {
        let (errors, warnings) = counts
            .get(&(r.code.as_str(), r.period.as_str()))
            .copied()
            .unwrap_or_default();
        r.dq_errors = errors;
        r.dq_warnings = warnings;
    }
}
