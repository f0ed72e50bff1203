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
    // Very large and very small numbers as Excel shows them (1.5E+308), not
    // as 309 digits or as a 0 that hides them.
    crate::number::exponent(n, 4).unwrap_or_else(|| crate::number::up_to(n, 4))
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
            // A ratio too large to hold (1E+308 / 1E-308) is no number at all:
            // it disagrees with every value (otherwise any value was "close" to it).
            if !expected.is_finite() {
                out.push(Finding::at(
                    Rule::DQ040,
                    o,
                    ind,
                    cal,
                    format!(
                        "The value {} for {} cannot match Numerator / Denominator: {} / {} x {} is too large for any number.",
                        fmt_num(v),
                        ind.code,
                        fmt_num(n),
                        fmt_num(d),
                        fmt_num(m)
                    ),
                ));
            } else if !is_close(v, expected, opts.ratio_tolerance) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_are_never_309_digits_nor_a_hiding_zero() {
        assert_eq!(fmt_num(85.25), "85.25");
        assert_eq!(fmt_num(1_234.0), "1234");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(1e308), "1E+308");
        assert_eq!(fmt_num(1.5e-308), "1.5E-308");
        assert_eq!(fmt_num(-2.5e20), "-2.5E+20");
    }

    #[test]
    fn a_ratio_too_large_for_any_number_disagrees_with_every_value() {
        use crate::model::Source;
        use crate::period::Period;
        let ind = Indicator {
            title: "Rate".into(),
            multiplier: Some(100.0),
            ..Indicator::plain("R-1")
        };
        let ratio = |n: f64, d: f64| Observation {
            code: "R-1".into(),
            directorate: "Resources".into(),
            period: Period::month(2026, 9),
            value: Some(5.0),
            value_seen: "5".into(),
            numerator: Some(n),
            denominator: Some(d),
            target: None,
            forecast: None,
            commentary: None,
            data_note: None,
            source: Source {
                file: "r.csv".into(),
                sheet: "".into(),
                row: 4,
                col: 1,
            },
        };
        let mut out = Vec::new();
        check_observation(
            &ratio(1e308, 1e-308),
            &ind,
            &CheckOptions::default(),
            &mut out,
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].rule, Rule::DQ040);
        assert!(
            out[0]
                .message
                .contains("1E+308 / 1E-308 x 100 is too large"),
            "{}",
            out[0].message
        );
        // An ordinary ratio that agrees gives nothing.
        out.clear();
        check_observation(&ratio(1.0, 20.0), &ind, &CheckOptions::default(), &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
