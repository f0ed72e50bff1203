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

use crate::register::{Measure, Polarity};

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

/// The XmR centre line and limits of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    /// Mean of the series.
    pub mean: f64,
    /// Mean moving range: the mean of |xᵢ − xᵢ₋₁|.
    pub mean_moving_range: f64,
    /// Lower process limit: mean − 2.66 × MR̄.
    pub lower_limit: f64,
    /// Upper process limit: mean + 2.66 × MR̄.
    pub upper_limit: f64,
    /// Lower two-sigma line: mean − (2/3) × 2.66 × MR̄.
    pub lower_two_sigma: f64,
    /// Upper two-sigma line: mean + (2/3) × 2.66 × MR̄.
    pub upper_two_sigma: f64,
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

/// A side of the mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Above the mean (or rising).
    High,
    /// Below the mean (or falling).
    Low,
}

/// The sides on which one rule marks one point. Only a trend can mark a point
/// on both sides: the top of a rise that is also the start of a fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Sides {
    /// Marked on the high side.
    pub high: bool,
    /// Marked on the low side.
    pub low: bool,
}

impl Sides {
    /// Whether the rule marks the point at all.
    pub fn any(self) -> bool {
        self.high || self.low
    }

    fn mark(&mut self, side: Side) {
        match side {
            Side::High => self.high = true,
            Side::Low => self.low = true,
        }
    }
}

/// A special-cause rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A point beyond a process limit.
    BeyondLimit,
    /// A run of points on one side of the mean.
    Shift,
    /// A run of points each higher (or each lower) than the one before.
    Trend,
    /// Two of three points beyond the same two-sigma line.
    TwoOfThree,
}

impl Rule {
    /// The rules in the order they are listed (SPEC section 11's numbering).
    pub const ALL: [Rule; 4] = [
        Rule::BeyondLimit,
        Rule::Shift,
        Rule::Trend,
        Rule::TwoOfThree,
    ];

    /// The rules from highest-ranked down, for a point marked on both sides
    /// (NHS England's order).
    pub const RANKED: [Rule; 4] = [
        Rule::Trend,
        Rule::Shift,
        Rule::TwoOfThree,
        Rule::BeyondLimit,
    ];

    /// The rule's stable name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::BeyondLimit => "beyond-limit",
            Rule::Shift => "shift",
            Rule::Trend => "trend",
            Rule::TwoOfThree => "two-of-three",
        }
    }
}

/// Which rules mark one point, and on which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PointMarks {
    /// Beyond a process limit.
    pub beyond_limit: Sides,
    /// Part of a shift.
    pub shift: Sides,
    /// Part of a trend.
    pub trend: Sides,
    /// Beyond a two-sigma line in a two-of-three.
    pub two_of_three: Sides,
}

impl PointMarks {
    /// The sides on which `rule` marks the point.
    pub fn get(&self, rule: Rule) -> Sides {
        match rule {
            Rule::BeyondLimit => self.beyond_limit,
            Rule::Shift => self.shift,
            Rule::Trend => self.trend,
            Rule::TwoOfThree => self.two_of_three,
        }
    }

    /// Whether any rule marks the point (a special-cause point on a chart).
    pub fn any(&self) -> bool {
        Rule::ALL.iter().any(|&r| self.get(r).any())
    }

    /// The rules marking the point, in [`Rule::ALL`] order.
    pub fn rules(&self) -> Vec<Rule> {
        Rule::ALL
            .into_iter()
            .filter(|&r| self.get(r).any())
            .collect()
    }
}

/// Variation of the latest point (the first icon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variation {
    /// Special cause, high side, higher is better.
    ImprovementHigh,
    /// Special cause, low side, lower is better.
    ImprovementLow,
    /// Special cause, high side, lower is better.
    ConcernHigh,
    /// Special cause, low side, higher is better.
    ConcernLow,
    /// Special cause, high side, no better direction (`band`, `none`).
    NeitherHigh,
    /// Special cause, low side, no better direction (`band`, `none`).
    NeitherLow,
    /// No rule marks the latest point.
    CommonCause,
}

impl Variation {
    /// The words a member reads (never colour alone).
    pub fn word(self) -> &'static str {
        match self {
            Variation::ImprovementHigh | Variation::ImprovementLow => "Improving (special cause)",
            Variation::ConcernHigh | Variation::ConcernLow => "Concern (special cause)",
            Variation::NeitherHigh => "Higher (special cause)",
            Variation::NeitherLow => "Lower (special cause)",
            Variation::CommonCause => "Common cause",
        }
    }

    /// The stable name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Variation::ImprovementHigh => "improvement-high",
            Variation::ImprovementLow => "improvement-low",
            Variation::ConcernHigh => "concern-high",
            Variation::ConcernLow => "concern-low",
            Variation::NeitherHigh => "neither-high",
            Variation::NeitherLow => "neither-low",
            Variation::CommonCause => "common-cause",
        }
    }
}

/// Assurance against the target (the second icon).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assurance {
    /// The process will consistently meet the target.
    Pass,
    /// The process will consistently miss the target unless something changes.
    Fail,
    /// The target lies inside the limits: met some periods, missed others.
    HitOrMiss,
}

impl Assurance {
    /// The words a member reads (never colour alone).
    pub fn word(self) -> &'static str {
        match self {
            Assurance::Pass => "Will meet target",
            Assurance::Fail => "Will miss target",
            Assurance::HitOrMiss => "Hit or miss",
        }
    }

    /// The stable name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Assurance::Pass => "pass",
            Assurance::Fail => "fail",
            Assurance::HitOrMiss => "hit-or-miss",
        }
    }
}

/// The SPC assessment of one indicator: `indicators[].spc` in JSON.
///
/// The first seven fields are SPEC section 11's; `mean_moving_range`, the
/// two-sigma lines and `target` are extra (for charts). Per-point marks are
/// kept for charts but not serialised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spc {
    /// Number of points in the series.
    pub points: usize,
    /// Mean of the series.
    pub mean: f64,
    /// Lower process limit.
    pub lower_limit: f64,
    /// Upper process limit.
    pub upper_limit: f64,
    /// Variation of the latest point.
    pub variation: Variation,
    /// Assurance against the target; `None` (JSON `null`) for `band`, `none`
    /// or no target.
    pub assurance: Option<Assurance>,
    /// The rules marking the latest point, in [`Rule::ALL`] order.
    pub rules: Vec<Rule>,
    /// Mean moving range.
    pub mean_moving_range: f64,
    /// Lower two-sigma line.
    pub lower_two_sigma: f64,
    /// Upper two-sigma line.
    pub upper_two_sigma: f64,
    /// The target assurance was judged against, on the series' scale.
    pub target: Option<f64>,
    /// Marks of every point of the series, oldest first (for charts).
    #[serde(skip)]
    pub marks: Vec<PointMarks>,
}

impl Spc {
    /// The limits, as one value.
    pub fn limits(&self) -> Limits {
        Limits {
            mean: self.mean,
            mean_moving_range: self.mean_moving_range,
            lower_limit: self.lower_limit,
            upper_limit: self.upper_limit,
            lower_two_sigma: self.lower_two_sigma,
            upper_two_sigma: self.upper_two_sigma,
        }
    }
}

mod rules;

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
mod tests;
