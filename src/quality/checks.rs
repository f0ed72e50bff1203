//! Rules on single observations: relevance to the directorate (DQ021), range
//! and negative counts (DQ011, DQ012), accuracy against numerator and
//! denominator (DQ040); and the council's severity overrides.

use crate::model::{Finding, Indicator, Observation, Register, ReturnFile, Rule, Severity, Unit};
use crate::period::Calendar;
use crate::text::same_directorate;
use std::collections::BTreeMap;

pub use super::completeness::check_completeness;
pub use super::reliability::{resolve_conflicts, Chosen, Resolved};

/// Thresholds for the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Financial-year settings.
    pub calendar: Calendar,
    /// Relative tolerance of the numerator/denominator test (0.02 = 2%).
    pub ratio_tolerance: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            calendar: Calendar::default(),
            ratio_tolerance: 0.02,
        }
    }
}

/// Same test as Python's `math.isclose(a, b, rel_tol)`: a 0 against a non-zero number disagrees.
pub fn is_close(a: f64, b: f64, rel_tol: f64) -> bool {
    a == b || (a - b).abs() <= rel_tol * a.abs().max(b.abs())
}

fn fmt_num(n: f64) -> String {
    crate::number::up_to(n, 4)
}

/// Rules on single observations: range, negative counts, wrong directorate, numerator/denominator.
pub fn check_observation(
    o: &Observation,
    ind: &Indicator,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let cal = opts.calendar;
    if !o.directorate.is_empty() && !same_directorate(&o.directorate, &ind.directorate) {
        out.push(Finding::at(
            Rule::DQ021,
            o,
            ind,
            cal,
            format!(
                "{} belongs to {}, but it was returned by {}.",
                ind.code, ind.directorate, o.directorate
            ),
        ));
    }
    let Some(v) = o.value else { return };
    if ind.unit == Unit::Count && v < 0.0 {
        out.push(Finding::at(
            Rule::DQ012,
            o,
            ind,
            cal,
            format!(
                "{} is a count, but the value is negative ({}).",
                ind.code, o.value_seen
            ),
        ));
    } else if ind.min.is_some_and(|lo| v < lo) || ind.max.is_some_and(|hi| v > hi) {
        let range = match (ind.min, ind.max) {
            (Some(lo), Some(hi)) => format!("between {} and {}", fmt_num(lo), fmt_num(hi)),
            (Some(lo), None) => format!("at least {}", fmt_num(lo)),
            (None, Some(hi)) => format!("at most {}", fmt_num(hi)),
            (None, None) => String::new(),
        };
        out.push(Finding::at(
            Rule::DQ011,
            o,
            ind,
            cal,
            format!(
                "The value {} for {} is outside its valid range: it should be {range}.",
                fmt_num(v),
                ind.code
            ),
        ));
    }
    if let (Some(n), Some(d), Some(m)) = (o.numerator, o.denominator, ind.multiplier) {
        if d != 0.0 {
            let expected = n / d * m;
            if !is_close(v, expected, opts.ratio_tolerance) {
                out.push(Finding::at(
                    Rule::DQ040,
                    o,
                    ind,
                    cal,
                    format!(
                        "The value {} for {} does not match Numerator / Denominator: {} / {} x {} = {}.",
                        fmt_num(v),
                        ind.code,
                        fmt_num(n),
                        fmt_num(d),
                        fmt_num(m),
                        fmt_num(expected)
                    ),
                ));
            }
        }
    }
}

/// [`check_observation`] for every observation of an indicator in the
/// register, in the order read; returns the observations that count (those
/// not returned by another directorate), borrowed from the returns.
pub fn check_each<'a>(
    returns: &'a [ReturnFile],
    register: &Register,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) -> Vec<&'a Observation> {
    let mut relevant = Vec::with_capacity(returns.iter().map(|r| r.observations.len()).sum());
    for o in returns.iter().flat_map(|r| r.observations.iter()) {
        if let Some(ind) = register.get(&o.code) {
            check_observation(o, ind, opts, out);
            // Values returned by a directorate that does not own the indicator are not used.
            if o.directorate.is_empty() || same_directorate(&o.directorate, &ind.directorate) {
                relevant.push(o);
            }
        }
    }
    relevant
}

/// Apply the council's severity overrides, then mark explained warnings.
pub fn finalise(findings: &mut [Finding], overrides: &BTreeMap<Rule, Severity>) {
    for f in findings.iter_mut() {
        if let Some(s) = overrides.get(&f.rule) {
            f.severity = *s;
        }
        f.explained = f.severity == Severity::Warning
            && f.note.as_deref().is_some_and(|n| !n.trim().is_empty());
    }
}
