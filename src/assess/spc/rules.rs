//! The four special-cause rules, and the icons of the latest point (SPEC section 11).

use super::{Options, TOLERANCE};
use crate::model::spc::{Assurance, Limits, PointMarks, Rule, Side, Variation};
use crate::model::Polarity;

/// Comparisons with computed lines, within the series' tolerance.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lines {
    limits: Limits,
    eps: f64,
}

impl Lines {
    pub(super) fn new(values: &[f64], limits: Limits) -> Self {
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
pub(super) fn mark(values: &[f64], lines: &Lines, options: &Options) -> Vec<PointMarks> {
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
pub(super) fn assurance(
    polarity: Polarity,
    target: Option<f64>,
    lines: &Lines,
) -> Option<Assurance> {
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
