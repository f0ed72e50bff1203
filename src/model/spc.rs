//! The result of statistical process control on one indicator (SPEC section 11):
//! limits, the points each special-cause rule marks, and the two icons. Computed
//! by `assess::spc`; kept here so that the report reads it without the assessment.

use serde::Serialize;

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

    pub(crate) fn mark(&mut self, side: Side) {
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
            // The side is in JSON (`neither-high`, `neither-low`) and on the chart.
            Variation::NeitherHigh | Variation::NeitherLow => "Neither (special cause)",
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

/// The name `IndicatorResult` gives the SPC result.
pub type SpcResult = Spc;

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
