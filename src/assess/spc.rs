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

/// Comparisons with computed lines, within the series' tolerance.
#[derive(Debug, Clone, Copy)]
struct Lines {
    limits: Limits,
    eps: f64,
}

impl Lines {
    fn new(values: &[f64], limits: Limits) -> Self {
        let scale = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        Lines {
            limits,
            eps: TOLERANCE * scale,
        }
    }

    /// The side of `line` that `x` is on, or `None` when on it.
    fn side_of(&self, x: f64, line: f64) -> Option<Side> {
        if x > line + self.eps {
            Some(Side::High)
        } else if x < line - self.eps {
            Some(Side::Low)
        } else {
            None
        }
    }

    fn side_of_mean(&self, x: f64) -> Option<Side> {
        self.side_of(x, self.limits.mean)
    }

    /// The side whose process limit `x` is beyond, if any.
    fn beyond_limit(&self, x: f64) -> Option<Side> {
        if self.side_of(x, self.limits.upper_limit) == Some(Side::High) {
            Some(Side::High)
        } else if self.side_of(x, self.limits.lower_limit) == Some(Side::Low) {
            Some(Side::Low)
        } else {
            None
        }
    }

    /// Whether `x` is beyond the two-sigma line on `side`.
    fn beyond_two_sigma(&self, x: f64, side: Side) -> bool {
        match side {
            Side::High => self.side_of(x, self.limits.upper_two_sigma) == Some(Side::High),
            Side::Low => self.side_of(x, self.limits.lower_two_sigma) == Some(Side::Low),
        }
    }
}

/// Marks every point of `values` by the four rules.
fn mark(values: &[f64], lines: &Lines, options: &Options) -> Vec<PointMarks> {
    let n = values.len();
    let mut marks = vec![PointMarks::default(); n];

    // 1. Beyond a limit.
    for (m, &x) in marks.iter_mut().zip(values) {
        if let Some(side) = lines.beyond_limit(x) {
            m.beyond_limit.mark(side);
        }
    }

    // 2. Shift: maximal runs strictly on one side of the mean.
    let sides: Vec<Option<Side>> = values.iter().map(|&x| lines.side_of_mean(x)).collect();
    let shift_length = options.shift_length.max(1);
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && sides[end] == sides[start] {
            end += 1;
        }
        if let Some(side) = sides[start] {
            if end - start >= shift_length {
                marks[start..end]
                    .iter_mut()
                    .for_each(|m| m.shift.mark(side));
            }
        }
        start = end;
    }

    // 3. Trend: maximal runs of strict steps the same way. A run of k steps
    // covers k + 1 points; the top of a rise can also start a fall.
    let trend_length = options.trend_length.max(2);
    for side in [Side::High, Side::Low] {
        let step = |a: f64, b: f64| match side {
            Side::High => b > a,
            Side::Low => b < a,
        };
        let mut start = 0;
        while start < n {
            let mut end = start + 1;
            while end < n && step(values[end - 1], values[end]) {
                end += 1;
            }
            if end - start >= trend_length {
                marks[start..end]
                    .iter_mut()
                    .for_each(|m| m.trend.mark(side));
            }
            // The last point of a run may start the next one.
            start = if end - start > 1 { end - 1 } else { end };
        }
    }

    // 4. Two of three: in any three consecutive points all on one side of
    // the mean, two or three beyond that side's two-sigma line; those beyond
    // are marked.
    for i in 0..n.saturating_sub(2) {
        let window = i..i + 3;
        for side in [Side::High, Side::Low] {
            if !window.clone().all(|j| sides[j] == Some(side)) {
                continue;
            }
            let beyond: Vec<usize> = window
                .clone()
                .filter(|&j| lines.beyond_two_sigma(values[j], side))
                .collect();
            if beyond.len() >= 2 {
                beyond
                    .iter()
                    .for_each(|&j| marks[j].two_of_three.mark(side));
            }
        }
    }
    marks
}

/// The variation of a point with `marks`, by polarity: the side of the
/// highest-ranked rule marking it ([`Rule::RANKED`]); a rule marking both
/// sides (only a trend can, and never at the latest point) gives the
/// improvement side (`high` for `band` and `none`, which have none).
pub fn variation(marks: &PointMarks, polarity: Polarity) -> Variation {
    let side = Rule::RANKED
        .iter()
        .map(|&r| marks.get(r))
        .find(|s| s.any())
        .map(|s| match (s.high, s.low) {
            (true, false) => Side::High,
            (false, true) => Side::Low,
            _ => match polarity {
                Polarity::Lower => Side::Low,
                _ => Side::High,
            },
        });
    match (polarity, side) {
        (_, None) => Variation::CommonCause,
        (Polarity::Higher, Some(Side::High)) => Variation::ImprovementHigh,
        (Polarity::Higher, Some(Side::Low)) => Variation::ConcernLow,
        (Polarity::Lower, Some(Side::High)) => Variation::ConcernHigh,
        (Polarity::Lower, Some(Side::Low)) => Variation::ImprovementLow,
        (Polarity::Band | Polarity::None, Some(Side::High)) => Variation::NeitherHigh,
        (Polarity::Band | Polarity::None, Some(Side::Low)) => Variation::NeitherLow,
    }
}

/// Assurance of `target` (on the series' scale) against the limits.
///
/// `higher`: target ≤ lower limit → `pass`; target ≥ upper limit → `fail`;
/// else `hit-or-miss`. `lower` mirrors it: target ≥ upper limit → `pass`,
/// target ≤ lower limit → `fail`. A target exactly on a limit (within the
/// tolerance) is therefore `pass` on the good side's limit and `fail` on the
/// other, and where the limits meet (a flat series, MR̄ = 0) a target on them
/// passes: the process always delivers exactly the target. `band`, `none` or
/// no target → `None`.
fn assurance(polarity: Polarity, target: Option<f64>, lines: &Lines) -> Option<Assurance> {
    let t = target.filter(|t| t.is_finite())?;
    let l = &lines.limits;
    let at_or_below = |line: f64| lines.side_of(t, line) != Some(Side::High);
    let at_or_above = |line: f64| lines.side_of(t, line) != Some(Side::Low);
    match polarity {
        Polarity::Higher if at_or_below(l.lower_limit) => Some(Assurance::Pass),
        Polarity::Higher if at_or_above(l.upper_limit) => Some(Assurance::Fail),
        Polarity::Lower if at_or_above(l.upper_limit) => Some(Assurance::Pass),
        Polarity::Lower if at_or_below(l.lower_limit) => Some(Assurance::Fail),
        Polarity::Higher | Polarity::Lower => Some(Assurance::HitOrMiss),
        Polarity::Band | Polarity::None => None,
    }
}

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
mod tests {
    use super::*;

    fn run(values: &[f64]) -> Spc {
        assess(values, Polarity::Higher, None, &Options::default()).expect("enough points")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    /// Indices of the points `rule` marks on `side`.
    fn marked(spc: &Spc, rule: Rule, side: Side) -> Vec<usize> {
        (0..spc.marks.len())
            .filter(|&i| {
                let s = spc.marks[i].get(rule);
                match side {
                    Side::High => s.high,
                    Side::Low => s.low,
                }
            })
            .collect()
    }

    fn none_marked(spc: &Spc, rule: Rule) -> bool {
        spc.marks.iter().all(|m| !m.get(rule).any())
    }

    #[test]
    fn limits_by_hand() {
        // 1, 3, 2: mean 2; moving ranges 2, 1: MR̄ 1.5; 2.66 × 1.5 = 3.99;
        // two-sigma spread 3.99 × 2/3 = 2.66.
        let l = limits(&[1.0, 3.0, 2.0]).unwrap();
        assert!(close(l.mean, 2.0));
        assert!(close(l.mean_moving_range, 1.5));
        assert!(close(l.upper_limit, 5.99));
        assert!(close(l.lower_limit, -1.99));
        assert!(close(l.upper_two_sigma, 4.66));
        assert!(close(l.lower_two_sigma, -0.66));
        assert_eq!(limits(&[1.0]), None);
        assert_eq!(limits(&[1.0, f64::NAN]), None);
    }

    // Shift of exactly 6: 10 12 10 12 10 12 10 | 13 12 13 12 13 12.
    // Sum 76 + 75 = 151, mean 151/13 = 11.615. The last six are all above it
    // (the earlier 12s are singles between 10s).
    // MR: six 2s, then 3 (10→13), then five 1s: 20/12 = 1.667; limits
    // 11.615 ± 4.433 = 7.18 / 16.05; two-sigma ± 2.956 = 8.66 / 14.57:
    // nothing beyond either; no two steps the same way in a row.
    const SHIFT_6: [f64; 13] = [
        10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 13.0, 12.0, 13.0, 12.0, 13.0, 12.0,
    ];

    #[test]
    fn shift_of_exactly_six() {
        let s = run(&SHIFT_6);
        assert!(close(s.mean, 151.0 / 13.0));
        assert!(close(s.mean_moving_range, 20.0 / 12.0));
        assert!(close(s.upper_limit, 151.0 / 13.0 + 2.66 * 20.0 / 12.0));
        assert_eq!(
            marked(&s, Rule::Shift, Side::High),
            vec![7, 8, 9, 10, 11, 12]
        );
        assert!(marked(&s, Rule::Shift, Side::Low).is_empty());
        for r in [Rule::BeyondLimit, Rule::Trend, Rule::TwoOfThree] {
            assert!(none_marked(&s, r), "{r:?}");
        }
        assert_eq!(s.rules, vec![Rule::Shift]);
        assert_eq!(s.variation, Variation::ImprovementHigh);
        assert_eq!(s.points, 13);
    }

    #[test]
    fn shift_of_five_is_not_one() {
        // 10 12 10 12 10 12 10 10 | 13 12 13 12 13: sum 86 + 63 = 149, mean
        // 11.46. Only the last five are above it (the two 10s before are
        // below). MR 12 + 0 + 3 + 4 = 19, /12 = 1.583; limits 11.46 ± 4.21,
        // two-sigma ± 2.81 (8.65 / 14.27): nothing beyond.
        let s = run(&[
            10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 10.0, 13.0, 12.0, 13.0, 12.0, 13.0,
        ]);
        assert!(close(s.mean, 149.0 / 13.0));
        assert!(close(s.mean_moving_range, 19.0 / 12.0));
        assert!(s.marks.iter().all(|m| !m.any()));
        assert!(s.rules.is_empty());
        assert_eq!(s.variation, Variation::CommonCause);
    }

    #[test]
    fn a_point_on_the_mean_breaks_a_shift() {
        // 11 12 11 12 11 12 10 | 13 13 12 13 13 13: sum 79 + 77 = 156, mean
        // exactly 12. Of the last six, the 12 is on the mean: runs of 2 and 3
        // above, not 6. MR 1 1 1 1 1 2 3 0 1 1 0 0 = 12, /12 = 1; limits
        // 12 ± 2.66 (9.34 / 14.66); two-sigma 12 ± 1.773 (10.227 / 13.773):
        // the 10 is beyond the lower two-sigma line alone, which is no rule.
        let s = run(&[
            11.0, 12.0, 11.0, 12.0, 11.0, 12.0, 10.0, 13.0, 13.0, 12.0, 13.0, 13.0, 13.0,
        ]);
        assert_eq!(s.mean, 12.0);
        assert!(close(s.mean_moving_range, 1.0));
        assert!(close(s.lower_two_sigma, 12.0 - 2.66 * 2.0 / 3.0));
        assert!(s.marks.iter().all(|m| !m.any()));
        assert_eq!(s.variation, Variation::CommonCause);
        // The same six with the 12 at 13 would be a shift; seen with the
        // shift length at 3, the runs either side of it are 2 and 3.
        let opts = Options {
            shift_length: 3,
            ..Options::default()
        };
        let s3 = assess(&s_values_on_mean(), Polarity::Higher, None, &opts).unwrap();
        assert_eq!(marked(&s3, Rule::Shift, Side::High), vec![10, 11, 12]);
    }

    #[test]
    fn on_the_mean_within_the_tolerance() {
        // 0 0 0 0 0.4 0.1 0.4 | 0.3 0.3 0.2 0.3 0.3 0.3: in decimals the sum
        // is 2.6 and the mean 0.2, but summed in floating point the mean is
        // 0.19999999999999998, which would put the 0.2 above it and make the
        // last six a shift. Within the tolerance it is on the mean: no shift.
        let v = [
            0.0, 0.0, 0.0, 0.0, 0.4, 0.1, 0.4, 0.3, 0.3, 0.2, 0.3, 0.3, 0.3,
        ];
        let s = run(&v);
        assert_ne!(s.mean, 0.2);
        assert!(close(s.mean, 0.2));
        assert!(none_marked(&s, Rule::Shift));
        assert_eq!(s.variation, Variation::CommonCause);
    }

    fn s_values_on_mean() -> [f64; 13] {
        [
            11.0, 12.0, 11.0, 12.0, 11.0, 12.0, 10.0, 13.0, 13.0, 12.0, 13.0, 13.0, 13.0,
        ]
    }

    #[test]
    fn trend_of_six_points_five_steps() {
        // 12 10 12 10 12 10 12 | 8 9 10 11 12 13: 8 to 13 is 6 points, 5
        // steps up (the 12 before 8 is higher, so the run starts at 8).
        // Sum 78 + 63 = 141, mean 10.846: 8 9 10 below, 11 12 13 above: no
        // shift. MR 12 + 4 + 5 = 21, /12 = 1.75; limits 10.846 ± 4.655
        // (6.19 / 15.50); two-sigma ± 3.103 (7.74 / 13.95): nothing beyond.
        let values = [
            12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0,
        ];
        let s = run(&values);
        assert!(close(s.mean, 141.0 / 13.0));
        assert!(close(s.mean_moving_range, 1.75));
        assert_eq!(
            marked(&s, Rule::Trend, Side::High),
            vec![7, 8, 9, 10, 11, 12]
        );
        assert!(marked(&s, Rule::Trend, Side::Low).is_empty());
        assert_eq!(s.rules, vec![Rule::Trend]);
        assert_eq!(s.variation, Variation::ImprovementHigh);
        let lower = assess(&values, Polarity::Lower, None, &Options::default()).unwrap();
        assert_eq!(lower.variation, Variation::ConcernHigh);
    }

    #[test]
    fn trend_of_five_points_is_not_one() {
        // 12 10 12 10 12 10 12 10 | 9 10 11 12 13: 9 to 13 is 5 points (the
        // 10 before 9 is higher). Sum 88 + 55 = 143, mean exactly 11: the 11
        // is on it, so at most two above in a row. MR 14 + 1 + 4 = 19, /12;
        // limits 11 ± 4.21; two-sigma ± 2.81 (8.19 / 13.81): nothing beyond.
        let s = run(&[
            12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 12.0, 10.0, 9.0, 10.0, 11.0, 12.0, 13.0,
        ]);
        assert_eq!(s.mean, 11.0);
        assert!(close(s.mean_moving_range, 19.0 / 12.0));
        assert!(s.marks.iter().all(|m| !m.any()));
        assert_eq!(s.variation, Variation::CommonCause);
    }

    #[test]
    fn equal_neighbours_break_a_trend() {
        // 1 2 3 3 4 5 6 ... : the flat step stops the run at 3 points.
        let opts = Options {
            min_points: 2,
            ..Options::default()
        };
        let s = assess(
            &[1.0, 2.0, 3.0, 3.0, 4.0, 5.0],
            Polarity::Higher,
            None,
            &opts,
        )
        .unwrap();
        assert!(none_marked(&s, Rule::Trend));
    }

    #[test]
    fn the_top_of_a_rise_can_start_a_fall() {
        // 1..6 rising then 6..1 falling: the 6 ends one trend and starts the
        // other, so it is marked on both sides.
        let opts = Options {
            min_points: 2,
            ..Options::default()
        };
        let v = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
        let s = assess(&v, Polarity::Higher, None, &opts).unwrap();
        assert_eq!(marked(&s, Rule::Trend, Side::High), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(marked(&s, Rule::Trend, Side::Low), vec![5, 6, 7, 8, 9, 10]);
    }

    // Base for two of three: 11 11 13 13 11 11 13 13 11 11 (runs of two
    // either side of the mean, moving ranges 0 2 0 2 0 2 0 2 0 = 8).
    const BASE: [f64; 10] = [11.0, 11.0, 13.0, 13.0, 11.0, 11.0, 13.0, 13.0, 11.0, 11.0];

    fn base_then(tail: [f64; 3]) -> Vec<f64> {
        BASE.iter().copied().chain(tail).collect()
    }

    #[test]
    fn two_of_three_beyond_the_two_sigma_line() {
        // Tail 16 13 16: sum 118 + 45 = 163, mean 12.538. MR 8 + 5 + 3 + 3 =
        // 19, /12 = 1.583; two-sigma 12.538 + 2.808 = 15.346, upper limit
        // 12.538 + 4.212 = 16.750. Both 16s are beyond the two-sigma line and
        // inside the limit, the 13 between is above the mean: marked are the
        // two 16s (indices 10 and 12), not the 13.
        let s = run(&base_then([16.0, 13.0, 16.0]));
        assert!(close(s.mean, 163.0 / 13.0));
        assert!(close(s.mean_moving_range, 19.0 / 12.0));
        assert!(close(
            s.upper_two_sigma,
            163.0 / 13.0 + 2.66 * 19.0 / 12.0 * 2.0 / 3.0
        ));
        assert_eq!(marked(&s, Rule::TwoOfThree, Side::High), vec![10, 12]);
        assert!(none_marked(&s, Rule::BeyondLimit));
        assert!(none_marked(&s, Rule::Shift));
        assert_eq!(s.rules, vec![Rule::TwoOfThree]);
        assert_eq!(s.variation, Variation::ImprovementHigh);
    }

    #[test]
    fn one_of_three_beyond_is_not_two() {
        // Tail 16 13 14: sum 161, mean 12.385; MR 8 + 5 + 3 + 1 = 17, /12 =
        // 1.417; two-sigma 12.385 + 2.512 = 14.897: 16 beyond, 14 inside.
        let s = run(&base_then([16.0, 13.0, 14.0]));
        assert!(close(
            s.upper_two_sigma,
            161.0 / 13.0 + 2.66 * 17.0 / 12.0 * 2.0 / 3.0
        ));
        assert!(s.marks.iter().all(|m| !m.any()));
        assert_eq!(s.variation, Variation::CommonCause);
    }

    #[test]
    fn two_beyond_with_the_third_below_the_mean_is_not_two_of_three() {
        // Tail 16 11 16: sum 161, mean 12.385; MR 8 + 5 + 5 + 5 = 23, /12 =
        // 1.917; two-sigma 12.385 + 3.399 = 15.783: both 16s beyond it, but
        // the 11 between them is below the mean.
        let s = run(&base_then([16.0, 11.0, 16.0]));
        assert!(16.0 > s.upper_two_sigma && 16.0 < s.upper_limit);
        assert!(none_marked(&s, Rule::TwoOfThree));
        assert_eq!(s.variation, Variation::CommonCause);
    }

    // Beyond a limit: 10 12 × 6 then one outlier x. Sum 132 + x; MR
    // 11 × 2 = 22 plus |x − 12|.
    fn outlier(x: f64) -> Vec<f64> {
        let mut v: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 10.0 } else { 12.0 })
            .collect();
        v.push(x);
        v
    }

    #[test]
    fn beyond_the_upper_limit() {
        // x = 20: mean 152/13 = 11.692; MR̄ 30/12 = 2.5; upper limit
        // 11.692 + 6.65 = 18.342 < 20. Two-sigma 16.126: 20 alone beyond it.
        let v = outlier(20.0);
        let s = run(&v);
        assert!(close(s.mean, 152.0 / 13.0));
        assert!(close(s.mean_moving_range, 2.5));
        assert!(close(s.upper_limit, 152.0 / 13.0 + 6.65));
        assert!(close(s.lower_limit, 152.0 / 13.0 - 6.65));
        assert_eq!(marked(&s, Rule::BeyondLimit, Side::High), vec![12]);
        assert_eq!(s.rules, vec![Rule::BeyondLimit]);
        assert_eq!(s.variation, Variation::ImprovementHigh);
        let opts = Options::default();
        let var = |p| assess(&v, p, None, &opts).unwrap().variation;
        assert_eq!(var(Polarity::Lower), Variation::ConcernHigh);
        assert_eq!(var(Polarity::Band), Variation::NeitherHigh);
        assert_eq!(var(Polarity::None), Variation::NeitherHigh);
    }

    #[test]
    fn beyond_the_lower_limit() {
        // x = 2: mean 134/13 = 10.308; MR̄ (22 + 10)/12 = 2.667; lower limit
        // 10.308 − 7.093 = 3.214 > 2.
        let v = outlier(2.0);
        let s = run(&v);
        assert!(close(s.mean, 134.0 / 13.0));
        assert!(close(s.lower_limit, 134.0 / 13.0 - 2.66 * 32.0 / 12.0));
        assert_eq!(marked(&s, Rule::BeyondLimit, Side::Low), vec![12]);
        assert_eq!(s.rules, vec![Rule::BeyondLimit]);
        assert_eq!(s.variation, Variation::ConcernLow);
        let opts = Options::default();
        let var = |p| assess(&v, p, None, &opts).unwrap().variation;
        assert_eq!(var(Polarity::Lower), Variation::ImprovementLow);
        assert_eq!(var(Polarity::Band), Variation::NeitherLow);
    }

    #[test]
    fn on_a_limit_is_not_beyond_it() {
        // 0 2 0 2 ... (12 points) then x: with x = mean + 2.66·MR̄ exactly.
        // Sum 12 + x, MR (22 + |x − 2|)/12. For x ≥ 2: x = (12 + x)/13 +
        // 2.66 (20 + x)/12, i.e. x (1 − 1/13 − 2.66/12) = 12/13 + 53.2/12.
        let a = 1.0 - 1.0 / 13.0 - 2.66 / 12.0;
        let x = (12.0 / 13.0 + 53.2 / 12.0) / a;
        let mut v: Vec<f64> = (0..12)
            .map(|i| if i % 2 == 0 { 0.0 } else { 2.0 })
            .collect();
        v.push(x);
        let s = run(&v);
        assert!(close(s.upper_limit, x));
        assert!(none_marked(&s, Rule::BeyondLimit));
    }

    #[test]
    fn twelve_points_give_none_thirteen_give_one() {
        assert!(assess(&SHIFT_6[1..], Polarity::Higher, None, &Options::default()).is_none());
        assert!(assess(&SHIFT_6, Polarity::Higher, None, &Options::default()).is_some());
        let twelve = Options {
            min_points: 12,
            ..Options::default()
        };
        assert_eq!(
            assess(&SHIFT_6[1..], Polarity::Higher, None, &twelve).map(|s| s.points),
            Some(12)
        );
        // Never fewer than two, whatever the option says.
        let one = Options {
            min_points: 1,
            ..Options::default()
        };
        assert!(assess(&[5.0], Polarity::Higher, None, &one).is_none());
    }

    #[test]
    fn a_falling_trend_above_the_mean_takes_the_trend_side() {
        // 8 10 8 10 8 10 8 | 20 19 18 17 16 15: sum 62 + 105 = 167, mean
        // 12.846. The last six are above it (shift, high) and fall by one
        // each step (trend, low). MR 12 + 12 + 5 = 29, /12 = 2.417; upper
        // limit 12.846 + 6.428 = 19.27 (the 20 is beyond it); two-sigma
        // 17.13 (20 19 18 beyond, then 17 16 15 are not: no two of three
        // at the end). Trend ranks above shift: the low side.
        let v = [
            8.0, 10.0, 8.0, 10.0, 8.0, 10.0, 8.0, 20.0, 19.0, 18.0, 17.0, 16.0, 15.0,
        ];
        let s = run(&v);
        assert!(close(s.mean, 167.0 / 13.0));
        assert!(close(s.mean_moving_range, 29.0 / 12.0));
        assert_eq!(marked(&s, Rule::BeyondLimit, Side::High), vec![7]);
        assert_eq!(marked(&s, Rule::TwoOfThree, Side::High), vec![7, 8, 9]);
        assert_eq!(s.rules, vec![Rule::Shift, Rule::Trend]);
        assert_eq!(s.variation, Variation::ConcernLow);
        let opts = Options::default();
        let var = |p| assess(&v, p, None, &opts).unwrap().variation;
        assert_eq!(var(Polarity::Lower), Variation::ImprovementLow);
        assert_eq!(var(Polarity::Band), Variation::NeitherLow);
    }

    #[test]
    fn ranking_and_the_tie_rule() {
        let mut m = PointMarks::default();
        m.beyond_limit.high = true;
        m.two_of_three.low = true;
        // Two of three outranks beyond a limit.
        assert_eq!(variation(&m, Polarity::Higher), Variation::ConcernLow);
        m.shift.high = true;
        assert_eq!(variation(&m, Polarity::Higher), Variation::ImprovementHigh);
        // A trend marking both sides is a tie: the improvement side.
        m.trend = Sides {
            high: true,
            low: true,
        };
        assert_eq!(variation(&m, Polarity::Higher), Variation::ImprovementHigh);
        assert_eq!(variation(&m, Polarity::Lower), Variation::ImprovementLow);
        assert_eq!(
            variation(&PointMarks::default(), Polarity::Lower),
            Variation::CommonCause
        );
    }

    #[test]
    fn assurance_for_each_polarity() {
        // outlier(20): mean 11.692, limits 5.042 / 18.342.
        let v = outlier(20.0);
        let a = |p, t: Option<f64>| assess(&v, p, t, &Options::default()).unwrap().assurance;
        use Assurance::*;
        assert_eq!(a(Polarity::Higher, Some(4.0)), Some(Pass));
        assert_eq!(a(Polarity::Higher, Some(19.0)), Some(Fail));
        assert_eq!(a(Polarity::Higher, Some(12.0)), Some(HitOrMiss));
        assert_eq!(a(Polarity::Lower, Some(19.0)), Some(Pass));
        assert_eq!(a(Polarity::Lower, Some(4.0)), Some(Fail));
        assert_eq!(a(Polarity::Lower, Some(12.0)), Some(HitOrMiss));
        assert_eq!(a(Polarity::Band, Some(12.0)), None);
        assert_eq!(a(Polarity::None, Some(12.0)), None);
        assert_eq!(a(Polarity::Higher, None), None);
        assert_eq!(a(Polarity::Higher, Some(f64::NAN)), None);
    }

    #[test]
    fn a_target_exactly_on_a_limit() {
        // The on-the-mean series: mean 12, MR̄ 1, limits 9.34 / 14.66 (each
        // an ulp or so from the decimal; a target typed 14.66 is on it).
        let v = s_values_on_mean();
        let a = |p, t: f64| assess(&v, p, Some(t), &Options::default()).unwrap();
        let s = a(Polarity::Higher, 14.66);
        assert!(close(s.upper_limit, 14.66) && close(s.lower_limit, 9.34));
        use Assurance::*;
        // higher: on the lower limit passes, on the upper fails.
        assert_eq!(a(Polarity::Higher, 9.34).assurance, Some(Pass));
        assert_eq!(a(Polarity::Higher, 14.66).assurance, Some(Fail));
        assert_eq!(a(Polarity::Higher, 14.65).assurance, Some(HitOrMiss));
        assert_eq!(a(Polarity::Higher, 9.35).assurance, Some(HitOrMiss));
        // lower mirrors it.
        assert_eq!(a(Polarity::Lower, 14.66).assurance, Some(Pass));
        assert_eq!(a(Polarity::Lower, 9.34).assurance, Some(Fail));
        // The computed limits themselves, to the bit.
        assert_eq!(a(Polarity::Higher, s.upper_limit).assurance, Some(Fail));
        assert_eq!(a(Polarity::Lower, s.lower_limit).assurance, Some(Fail));
        assert_eq!(a(Polarity::Band, 14.66).assurance, None);
        assert_eq!(
            a(Polarity::Higher, 14.66).word_pair(),
            ("Common cause", "Will miss target")
        );
    }

    #[test]
    fn a_flat_series() {
        // Every point 50: MR̄ 0, limits and lines all 50; nothing marked; a
        // target of 50 passes either way (the process always delivers it).
        let v = [50.0; 13];
        let s = assess(&v, Polarity::Higher, Some(50.0), &Options::default()).unwrap();
        assert_eq!((s.lower_limit, s.upper_limit), (50.0, 50.0));
        assert!(s.marks.iter().all(|m| !m.any()));
        assert_eq!(s.variation, Variation::CommonCause);
        assert_eq!(s.assurance, Some(Assurance::Pass));
        let s = assess(&v, Polarity::Lower, Some(50.0), &Options::default()).unwrap();
        assert_eq!(s.assurance, Some(Assurance::Pass));
        let s = assess(&v, Polarity::Higher, Some(51.0), &Options::default()).unwrap();
        assert_eq!(s.assurance, Some(Assurance::Fail));
    }

    fn reading(year: i32, position: u32, value: Option<f64>, withheld: bool) -> Reading<String> {
        Reading {
            period: format!("{year}-{position:02}"),
            key: PeriodKey::new(year, position),
            value,
            withheld,
        }
    }

    fn values<P>(s: &[SeriesPoint<P>]) -> Vec<f64> {
        s.iter().map(|p| p.value).collect()
    }

    #[test]
    fn cumulative_amounts_across_an_april_reset() {
        // 2024/25 Jan (position 10) 100, Feb 110, Mar 120; 2025/26 Apr 10,
        // May 25, Jun 35. Jan cannot be differenced (no December): left out.
        // Feb 110 − 100 = 10, Mar 10, Apr its own 10, May 15, Jun 10.
        let r = vec![
            reading(2025, 2, Some(25.0), false),
            reading(2024, 10, Some(100.0), false),
            reading(2024, 11, Some(110.0), false),
            reading(2024, 12, Some(120.0), false),
            reading(2025, 1, Some(10.0), false),
            reading(2025, 3, Some(35.0), false),
        ];
        let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 3));
        assert_eq!(values(&s), vec![10.0, 10.0, 10.0, 15.0, 10.0]);
        assert_eq!(s[2].period, "2025-01");
        // Snapshot: the values as they are, oldest first.
        let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 3));
        assert_eq!(values(&s), vec![100.0, 110.0, 120.0, 10.0, 25.0, 35.0]);
        // Up to and including `through` only.
        let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 1));
        assert_eq!(values(&s), vec![10.0, 10.0, 10.0]);
    }

    #[test]
    fn a_gap_inside_a_cumulative_year() {
        // Apr 10, May 25, (June missing), Jul 50, Aug 62: July's 50 covers
        // June and July, so it is left out; August is 62 − 50 = 12.
        let r = vec![
            reading(2025, 1, Some(10.0), false),
            reading(2025, 2, Some(25.0), false),
            reading(2025, 3, None, false),
            reading(2025, 4, Some(50.0), false),
            reading(2025, 5, Some(62.0), false),
        ];
        let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 15.0, 12.0]);
        // With June simply not given, the same.
        let s = series(
            &[&r[..2], &r[3..]].concat(),
            Measure::Cumulative,
            PeriodKey::new(2025, 12),
        );
        assert_eq!(values(&s), vec![10.0, 15.0, 12.0]);
    }

    #[test]
    fn a_withheld_value_is_left_out() {
        let r = vec![
            reading(2025, 1, Some(10.0), false),
            reading(2025, 2, Some(250.0), true),
            reading(2025, 3, Some(30.0), false),
            reading(2025, 4, Some(f64::INFINITY), false),
            reading(2025, 5, Some(50.0), false),
        ];
        let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 30.0, 50.0]);
        // Cumulative: the withheld May is out, and so is June, whose
        // year-to-date cannot be differenced without May's.
        let r = vec![
            reading(2025, 1, Some(10.0), false),
            reading(2025, 2, Some(999.0), true),
            reading(2025, 3, Some(30.0), false),
            reading(2025, 4, Some(41.0), false),
        ];
        let s = series(&r, Measure::Cumulative, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 11.0]);
    }

    #[test]
    fn a_period_given_twice_differently_is_left_out() {
        let r = vec![
            reading(2025, 1, Some(10.0), false),
            reading(2025, 2, Some(20.0), false),
            reading(2025, 2, Some(21.0), false),
            reading(2025, 3, Some(30.0), false),
        ];
        let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 30.0]);
        // The same value twice (a tracker sent again) counts once.
        let mut r = r;
        r[2].value = Some(20.0);
        let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 20.0, 30.0]);
        // A withheld copy makes the period unusable.
        r[2].withheld = true;
        let s = series(&r, Measure::Snapshot, PeriodKey::new(2025, 12));
        assert_eq!(values(&s), vec![10.0, 30.0]);
    }

    #[test]
    fn targets_on_the_series_scale() {
        // Pro rata 120 a year: May's 20 less April's 10 is 10 a month.
        assert_eq!(
            series_target(Measure::Cumulative, Some(20.0), Some(10.0), false),
            Some(10.0)
        );
        assert_eq!(
            series_target(Measure::Cumulative, Some(10.0), None, true),
            Some(10.0)
        );
        assert_eq!(
            series_target(Measure::Cumulative, Some(20.0), None, false),
            None
        );
        assert_eq!(
            series_target(Measure::Snapshot, Some(85.0), Some(80.0), false),
            Some(85.0)
        );
        assert_eq!(
            series_target(Measure::Snapshot, None, Some(80.0), false),
            None
        );
    }

    #[test]
    fn json_as_the_spec_gives_it() {
        let v = outlier(20.0);
        let s = assess(&v, Polarity::Higher, None, &Options::default()).unwrap();
        let j = serde_json::to_value(&s).unwrap();
        assert_eq!(j["points"], 13);
        assert_eq!(j["variation"], "improvement-high");
        assert_eq!(j["assurance"], serde_json::Value::Null);
        assert_eq!(j["rules"], serde_json::json!(["beyond-limit"]));
        assert_eq!(j["mean"].as_f64(), Some(s.mean));
        assert!(j.get("marks").is_none());
        let s = assess(&v, Polarity::Lower, Some(30.0), &Options::default()).unwrap();
        assert_eq!(serde_json::to_value(&s).unwrap()["assurance"], "pass");
        assert_eq!(
            serde_json::to_value(Assurance::HitOrMiss).unwrap(),
            Assurance::HitOrMiss.name()
        );
    }

    #[test]
    fn options_from_toml() {
        let o: Options = toml::from_str("shift_length = 7").unwrap();
        assert_eq!(
            o,
            Options {
                shift_length: 7,
                ..Options::default()
            }
        );
    }

    impl Spc {
        fn word_pair(&self) -> (&'static str, &'static str) {
            (
                self.variation.word(),
                self.assurance.map(Assurance::word).unwrap_or(""),
            )
        }
    }
}
