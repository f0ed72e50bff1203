//! Rules that look across rows and returns: range, relevance, conflicts,
//! accuracy against numerator and denominator, completeness and timeliness.

use super::finding::{Finding, Severity};
use super::rules::finding;
use crate::observation::Observation;
use crate::period::{Period, YearStart};
use crate::register::{same_directorate, Indicator, Register, Unit};
use crate::returns::ReturnFile;
use std::collections::{BTreeMap, BTreeSet};

/// Thresholds for the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Financial-year settings.
    pub year_start: YearStart,
    /// Relative tolerance of the numerator/denominator test (0.02 = 2%).
    pub ratio_tolerance: f64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            year_start: YearStart::default(),
            ratio_tolerance: 0.02,
        }
    }
}

fn at(
    id: &'static str,
    o: &Observation,
    ind: &Indicator,
    ys: YearStart,
    message: String,
) -> Finding {
    let mut f = finding(id, &o.source.file, message);
    f.sheet = o.source.sheet.to_string();
    f.cell = Some(o.source.cell());
    f.directorate = Some(o.directorate.to_string()).filter(|d| !d.is_empty());
    f.indicator = Some(ind.code.clone());
    f.period = Some(o.period.id(ys));
    f.value = Some(o.value_seen.clone());
    f.note = o.data_note.clone();
    f
}

/// Same test as Python's `math.isclose(a, b, rel_tol)`: a 0 against a non-zero number disagrees.
pub fn is_close(a: f64, b: f64, rel_tol: f64) -> bool {
    a == b || (a - b).abs() <= rel_tol * a.abs().max(b.abs())
}

fn fmt_num(n: f64) -> String {
    let s = format!("{n:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rules on single observations: range, negative counts, wrong directorate, numerator/denominator.
pub fn check_observation(
    o: &Observation,
    ind: &Indicator,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let ys = opts.year_start;
    if !o.directorate.is_empty() && !same_directorate(&o.directorate, &ind.directorate) {
        out.push(at(
            "DQ021",
            o,
            ind,
            ys,
            format!(
                "{} belongs to {}, but it was returned by {}.",
                ind.code, ind.directorate, o.directorate
            ),
        ));
    }
    let Some(v) = o.value else { return };
    if ind.unit == Unit::Count && v < 0.0 {
        out.push(at(
            "DQ012",
            o,
            ind,
            ys,
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
        out.push(at(
            "DQ011",
            o,
            ind,
            ys,
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
                out.push(at(
                    "DQ040",
                    o,
                    ind,
                    ys,
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

/// The observation chosen for an indicator and period: the one read, borrowed
/// from its return, or a copy whose value has been set aside. Two words, where
/// the observation itself is a few hundred bytes: a national set has hundreds
/// of thousands.
#[derive(Debug, Clone)]
pub enum Chosen<'a> {
    /// The observation as read.
    Read(&'a Observation),
    /// A copy with its value set aside (`None`): conflicting or withheld.
    SetAside(Box<Observation>),
}

impl Chosen<'_> {
    /// Sets the value aside (`None`), so that it is neither assessed nor shown as
    /// returned; the rest of the observation (its source, commentary) stays.
    pub fn set_aside(&mut self) {
        let mut copy = Box::new((**self).clone());
        copy.value = None;
        *self = Chosen::SetAside(copy);
    }
}

impl std::ops::Deref for Chosen<'_> {
    type Target = Observation;
    fn deref(&self) -> &Observation {
        match self {
            Chosen::Read(o) => o,
            Chosen::SetAside(o) => o,
        }
    }
}

impl From<Observation> for Chosen<'_> {
    fn from(o: Observation) -> Self {
        Chosen::SetAside(Box::new(o))
    }
}

/// One observation per (indicator key, period), after conflicts are settled.
///
/// Observations are borrowed from the returns, not copied (a council-year has
/// tens of thousands); only one whose value is set aside (a conflict, a figure
/// withheld) is copied, with its value `None`.
#[derive(Debug, Clone, Default)]
pub struct Resolved<'a> {
    /// The observation used for each key (its value is `None` where values conflict).
    pub observations: BTreeMap<(String, Period), Chosen<'a>>,
    /// Keys whose values conflict.
    pub conflicts: BTreeSet<(String, Period)>,
    /// Keys whose figure has a validity error and is not assessed (already a finding).
    pub withheld: BTreeSet<(String, Period)>,
}

/// Group observations by (code, period) and report conflicting values, naming both places.
/// Where values conflict the resolved value is `None`, so that nothing is silently chosen.
pub fn resolve_conflicts<'a>(
    observations: &[&'a Observation],
    register: &Register,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) -> Resolved<'a> {
    // Grouped by sorting rather than by map insertion: tens of thousands of
    // observations, most of them alone in their group. The sort is stable, so
    // each group keeps the order the returns were read in.
    let mut sorted: Vec<&'a Observation> = observations.to_vec();
    sorted.sort_by(|a, b| (a.code.as_str(), a.period).cmp(&(b.code.as_str(), b.period)));
    let mut resolved = Resolved::default();
    let mut chosen_all: Vec<((String, Period), Chosen<'a>)> = Vec::new();
    let mut ind_for: Option<(&str, Option<&Indicator>)> = None;
    for obs in sorted.chunk_by(|a, b| a.code == b.code && a.period == b.period) {
        let first = obs[0];
        let key = (first.code.clone(), first.period);
        let with_value: Vec<&'a Observation> =
            obs.iter().copied().filter(|o| o.value.is_some()).collect();
        // Only a group with two values can conflict: the rest take their one
        // observation as it is.
        if with_value.len() < 2 {
            chosen_all.push((key, Chosen::Read(with_value.first().unwrap_or(&first))));
            continue;
        }
        let mut chosen = Chosen::Read(first);
        let ind = match ind_for {
            Some((code, ind)) if code == first.code => ind,
            _ => {
                let ind = register.get(&key.0);
                ind_for = Some((&first.code, ind));
                ind
            }
        };
        if let Some(ind) = ind {
            let mut conflict = false;
            if let Some(reference) = with_value.first() {
                for other in with_value.iter().skip(1) {
                    if other.value != reference.value {
                        conflict = true;
                        let place = format!(
                            "{}, sheet '{}', cell {}",
                            reference.source.file,
                            reference.source.sheet,
                            reference.source.cell()
                        );
                        out.push(at(
                            "DQ030",
                            other,
                            ind,
                            opts.year_start,
                            format!(
                                "{} for {} is given twice with different values: {} here and {} at {place}. Neither value is used until one is removed.",
                                ind.code,
                                key.1.id(opts.year_start),
                                other.value_seen,
                                reference.value_seen
                            ),
                        ));
                    }
                }
                chosen = Chosen::Read(reference);
            }
            if conflict {
                chosen.set_aside();
                resolved.conflicts.insert(key.clone());
            }
        }
        chosen_all.push((key, chosen));
    }
    // Already in key order, so the map is built in one pass.
    resolved.observations = chosen_all.into_iter().collect();
    resolved
}

/// Completeness for one directorate and period: required indicators due that are absent or blank.
/// `indicators` are the directorate's own, in register order.
pub fn check_completeness(
    indicators: &[&Indicator],
    report_month: Period,
    returns: &[&ReturnFile],
    resolved: &Resolved<'_>,
    opts: &CheckOptions,
    out: &mut Vec<Finding>,
) {
    let ys = opts.year_start;
    let file = returns.first().map(|r| r.path.clone()).unwrap_or_default();
    // An absent row has no cell, but the sheet where it belongs helps the user find the place.
    let sheet = returns
        .first()
        .and_then(|r| r.sheets.first().cloned())
        .unwrap_or_default();
    for ind in indicators.iter().filter(|i| i.required) {
        let Some(period) = report_month.for_frequency(ind.frequency, ys) else {
            continue;
        };
        let key = (ind.key.clone(), period);
        let unusable = returns.iter().any(|r| r.unusable.contains(&key))
            || resolved.conflicts.contains(&key)
            || resolved.withheld.contains(&key);
        match resolved.observations.get(&key) {
            None if !unusable => {
                let mut f = finding(
                    "DQ001",
                    &file,
                    format!(
                        "{} ({}) is due for {} but is not in the return.",
                        ind.code,
                        ind.title,
                        period.id(ys)
                    ),
                );
                f.sheet = sheet.clone();
                f.directorate = Some(ind.directorate.clone());
                f.indicator = Some(ind.code.clone());
                f.period = Some(period.id(ys));
                out.push(f);
            }
            Some(o) if o.value.is_none() && !unusable => {
                out.push(at(
                    "DQ002",
                    o,
                    ind,
                    ys,
                    format!(
                        "{} ({}) is due for {} but has no value{}.",
                        ind.code,
                        ind.title,
                        period.id(ys),
                        if o.value_seen.trim().is_empty() {
                            String::new()
                        } else {
                            format!(" ('{}')", o.value_seen.trim())
                        }
                    ),
                ));
            }
            _ => {}
        }
    }
}

/// Apply the council's severity overrides, then mark explained warnings.
pub fn finalise(findings: &mut [Finding], overrides: &BTreeMap<String, Severity>) {
    for f in findings.iter_mut() {
        if let Some(s) = overrides.get(f.rule) {
            f.severity = *s;
        }
        f.explained = f.severity == Severity::Warning
            && f.note.as_deref().is_some_and(|n| !n.trim().is_empty());
    }
}
