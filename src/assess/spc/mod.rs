//! Statistical process control (SPEC section 11): NHS England's "Making Data
//! Count" method, v2.6 rules (January 2024), on one indicator's series.
//!
//! Pure functions, in three steps the caller composes:
//! 1. [`series`] turns an indicator's readings into the series charted
//!    (snapshot values, or the amount in each period for a cumulative measure);
//! 2. [`series_target`] puts the period's target on the series' own scale;
//! 3. [`assess`] computes the XmR limits, marks the points each special-cause
//!    rule covers, and gives the variation and assurance of the latest point.
//!
//! **"On a line".** The mean and the limits are computed, so a value a person
//! would call "on the mean" (0.2 in 0.1, 0.2, 0.3) can sit an ulp off it.
//! Every comparison with a computed line (mean, two-sigma lines, process
//! limits, and the target against a limit) therefore treats values within
//! [`TOLERANCE`] × the largest |value| in the series as *on* the line: on
//! the mean breaks a shift, on a limit is not beyond it, and a target on a
//! limit takes the `pass` / `fail` side as the SPEC gives it. Comparisons of
//! one value with another (the steps of a trend) are exact.

use serde::{Deserialize, Serialize};

use crate::model::spc::{Limits, Spc};
use crate::model::{Measure, Polarity};

/// The XmR constant: process limits are mean ± 2.66 × the mean moving range.
pub const XMR_CONSTANT: f64 = 2.66;

/// Relative tolerance (of the series' largest |value|) within which a value
/// counts as on a computed line; see the module documentation.
pub const TOLERANCE: f64 = 1e-9;

/// Where a period sits: its financial year and its 1-based position in that
/// year (month 1 to 12 of the year, quarter 1 to 4, or 1 for an annual
/// indicator). Ordered oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodKey {
    /// Financial-year id, e.g. 2025 for 2025/26.
    pub year: i32,
    /// 1-based position of the period within the year; 1 is the first period.
    pub position: u32,
}

impl PeriodKey {
    /// The key of year `year`, position `position`.
    pub fn new(year: i32, position: u32) -> Self {
        PeriodKey { year, position }
    }

    fn is_first_of_year(self) -> bool {
        self.position <= 1
    }

    /// Whether `self` is the period immediately before `next` in the same year.
    fn just_before(self, next: PeriodKey) -> bool {
        self.year == next.year && self.position + 1 == next.position
    }
}

/// One reading of an indicator for one period, as the caller has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading<P> {
    /// The caller's period label, carried through to the series for charts.
    pub period: P,
    /// Where the period sits (ordering, year resets, gaps).
    pub key: PeriodKey,
    /// The value as returned (the year-to-date for a cumulative measure);
    /// `None` when no value was returned.
    pub value: Option<f64>,
    /// The value has a validity error and is used in no assessment.
    pub withheld: bool,
}

/// One point of the series charted.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesPoint<P> {
    /// The caller's period label.
    pub period: P,
    /// The value charted: the reading for a snapshot measure, the amount in
    /// the period for a cumulative one.
    pub value: f64,
}

/// The series of SPEC section 11 from an indicator's readings: every period
/// up to and including `through`, oldest first.
///
/// - Snapshot: each period's value.
/// - Cumulative: the amount in each period, the year-to-date less the
///   previous period's year-to-date in the same financial year; the first
///   period of a year is its own year-to-date. A negative amount (a
///   year-to-date that fell) is kept as it is: that is a reliability finding
///   elsewhere, and hiding it here would hide it from the chart too.
///
/// Left out of the series:
/// - a reading with no value, a non-finite value, or a value withheld for a
///   validity error;
/// - a period given more than once with different values, or with a value
///   withheld (which reading is right would be a guess; the pipeline reports
///   the conflict). The same value given twice, as a tracker sent again each
///   month gives it, counts once;
/// - readings after `through`;
/// - for a cumulative measure, a period whose previous period in the year has
///   no usable year-to-date (a month missing or withheld inside the year, or
///   the first reading of the history when it is not the first of its year):
///   its year-to-date covers two or more periods and cannot be differenced
///   into one period's amount. The series resumes at the next period that can.
///
/// Readings may be given in any order. When `through` itself is left out, the
/// series ends at the latest period before it that is not: the caller can
/// tell from the last point's `period`, and decides whether icons about an
/// earlier period are shown for this one.
pub fn series<P: Clone>(
    readings: &[Reading<P>],
    measure: Measure,
    through: PeriodKey,
) -> Vec<SeriesPoint<P>> {
    let mut sorted: Vec<&Reading<P>> = readings.iter().filter(|r| r.key <= through).collect();
    sorted.sort_by_key(|r| r.key);

    // One entry per period: its usable value, or None (none, withheld,
    // non-finite, or given twice differently).
    let mut periods: Vec<(PeriodKey, &P, Option<f64>)> = Vec::with_capacity(sorted.len());
    for r in sorted {
        let usable = r.value.filter(|v| v.is_finite() && !r.withheld);
        match periods.last_mut() {
            Some(last) if last.0 == r.key => {
                if last.2 != usable {
                    last.2 = None;
                }
            }
            _ => periods.push((r.key, &r.period, usable)),
        }
    }

    let mut out = Vec::with_capacity(periods.len());
    for (i, &(key, period, value)) in periods.iter().enumerate() {
        let Some(value) = value else { continue };
        let value = match measure {
            Measure::Snapshot => value,
            Measure::Cumulative if key.is_first_of_year() => value,
            Measure::Cumulative => match i.checked_sub(1).map(|j| periods[j]) {
                Some((prev_key, _, Some(prev))) if prev_key.just_before(key) => value - prev,
                _ => continue,
            },
        };
        if value.is_finite() {
            out.push(SeriesPoint {
                period: period.clone(),
                value,
            });
        }
    }
    out
}

/// The period's target on the series' own scale.
///
/// Snapshot: the target itself. Cumulative: the period's target less the
/// previous period's target in the same year; the first period of the year
/// takes its own. `None` when a needed target is absent or not finite.
pub fn series_target(
    measure: Measure,
    target: Option<f64>,
    previous_target_in_year: Option<f64>,
    first_of_year: bool,
) -> Option<f64> {
    let t = target.filter(|t| t.is_finite())?;
    match measure {
        Measure::Snapshot => Some(t),
        Measure::Cumulative if first_of_year => Some(t),
        Measure::Cumulative => {
            let prev = previous_target_in_year.filter(|p| p.is_finite())?;
            Some(t - prev).filter(|d| d.is_finite())
        }
    }
}

/// Options (`[spc]` in `ipr.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Fewest points for an assessment (default 13); fewer give none.
    pub min_points: usize,
    /// Points in a run on one side of the mean that make a shift (default 6;
    /// 0 counts as 1).
    pub shift_length: usize,
    /// Points in a rising or falling run that make a trend (default 6, i.e.
    /// 5 steps; below 2 counts as 2, one step).
    pub trend_length: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_points: 13,
            shift_length: 6,
            trend_length: 6,
        }
    }
}

/// XmR limits of `values`, or `None` with fewer than two values (no moving
/// range) or a non-finite value.
pub fn limits(values: &[f64]) -> Option<Limits> {
    if values.len() < 2 || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let mean_moving_range = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (n - 1.0);
    let spread = XMR_CONSTANT * mean_moving_range;
    let two_sigma = spread * 2.0 / 3.0;
    Some(Limits {
        mean,
        mean_moving_range,
        lower_limit: mean - spread,
        upper_limit: mean + spread,
        lower_two_sigma: mean - two_sigma,
        upper_two_sigma: mean + two_sigma,
    })
}

mod indicator;
mod rules;

pub use indicator::{attach, for_indicator, period_key};

pub use rules::variation;
use rules::{assurance, mark, Lines};

/// The SPC assessment of a series (oldest first; the last value is the
/// latest point), against `target` on the series' scale.
///
/// `None` when the series has fewer than `options.min_points` points (and
/// never with fewer than two, which have no moving range), or a non-finite
/// value.
pub fn assess(
    values: &[f64],
    polarity: Polarity,
    target: Option<f64>,
    options: &Options,
) -> Option<Spc> {
    if values.len() < options.min_points {
        return None;
    }
    let limits = limits(values)?;
    let lines = Lines::new(values, limits);
    let marks = mark(values, &lines, options);
    let latest = marks.last().copied().unwrap_or_default();
    let target = target.filter(|t| t.is_finite());
    Some(Spc {
        points: values.len(),
        mean: limits.mean,
        lower_limit: limits.lower_limit,
        upper_limit: limits.upper_limit,
        variation: variation(&latest, polarity),
        assurance: assurance(polarity, target, &lines),
        rules: latest.rules(),
        mean_moving_range: limits.mean_moving_range,
        lower_two_sigma: limits.lower_two_sigma,
        upper_two_sigma: limits.upper_two_sigma,
        target,
        marks,
    })
}

#[cfg(test)]
mod series_tests;
#[cfg(test)]
mod tests;
