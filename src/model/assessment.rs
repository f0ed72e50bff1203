//! What the assessment says of one indicator: RAG, direction, exception, its
//! trend and its SPC series, each period with the target the assessment
//! decided for it, so that the writers only draw.

use super::indicator::Indicator;
use crate::period::Period;
use serde::Serialize;

/// Red / amber / green status of an indicator for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    /// On or better than target.
    Green,
    /// Within tolerance of the target.
    Amber,
    /// Outside tolerance.
    Red,
    /// No target or monitoring only.
    None,
    /// No value returned.
    Missing,
}

impl Rag {
    /// Word shown to users (never colour alone).
    pub const fn word(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
            // As every output says it: the HTML's count and badge, the sheets.
            Rag::None => "No target",
            Rag::Missing => "Missing",
        }
    }
}

/// Direction of travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Better than the comparison.
    Improving,
    /// Worse than the comparison.
    Worsening,
    /// Equal at reporting precision.
    Unchanged,
    /// Nothing to compare.
    None,
}

/// Why an indicator is an exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Reason {
    /// Red for the period.
    #[serde(rename = "red")]
    Red,
    /// Forecast misses the annual target by more than the tolerance.
    #[serde(rename = "forecast")]
    Forecast,
    /// Amber for the second period running (or longer) and worsening.
    #[serde(rename = "amber-twice")]
    AmberTwice,
    /// SPC assurance `fail`: the target lies beyond the process limits on the
    /// wrong side (only with `[exceptions] spc_fail = true`).
    #[serde(rename = "assurance-fail")]
    AssuranceFail,
}

impl Reason {
    /// Stable id as in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Reason::Red => "red",
            Reason::Forecast => "forecast",
            Reason::AmberTwice => "amber-twice",
            Reason::AssuranceFail => "assurance-fail",
        }
    }
}

/// The assessment of one indicator for the period being reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    /// Indicator code as written in the register.
    pub code: String,
    /// Title.
    pub title: String,
    /// Directorate.
    pub directorate: String,
    /// Owner.
    pub owner: Option<String>,
    /// Canonical id of the indicator's period (quarter or year for less frequent indicators).
    pub period: String,
    /// Value for the period.
    pub actual: Option<f64>,
    /// Target for the period.
    pub target: Option<f64>,
    /// Where the target came from: `profiled`, `pro rata`, `annual`, or `none`.
    pub target_basis: &'static str,
    /// actual - target.
    pub variance: Option<f64>,
    /// RAG status.
    pub rag: Rag,
    /// Against the same period last year.
    pub direction_last_year: Direction,
    /// Against the previous period (snapshot measures only).
    pub direction_previous: Direction,
    /// Year-to-date figure (cumulative measures: the actual; snapshot: none).
    pub ytd: Option<f64>,
    /// Annual target.
    pub annual_target: Option<f64>,
    /// Forecast year-end outturn.
    pub forecast: Option<f64>,
    /// Where the forecast came from: `owner`, `pro-rata` (ipr's straight line),
    /// `latest` (ipr's: the latest actual), or `none`.
    pub forecast_basis: &'static str,
    /// Needs a remedial-action report.
    pub exception: bool,
    /// All the reasons that apply.
    pub reasons: Vec<Reason>,
    /// Commentary from the return.
    pub commentary: Option<String>,
    /// Data-quality errors against this indicator this period.
    pub dq_errors: usize,
    /// Data-quality warnings (unexplained) against this indicator this period.
    pub dq_warnings: usize,
    /// Where the actual came from.
    pub source: Option<super::observation::Source>,
    /// Up to the last 12 periods of the indicator's frequency, oldest first,
    /// ending with this period: each period's value and its own target.
    pub trend: Vec<TrendPoint>,
    /// Statistical process control (SPEC section 11); `None` with fewer
    /// points than `[spc] min_points`.
    pub spc: Option<super::spc::SpcResult>,
    /// The SPC series charted, oldest first: the amount in each period for a
    /// cumulative measure, with the target on that scale; empty when `spc` is `None`.
    pub spc_series: Vec<SpcPoint>,
}

/// One period of an indicator's trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// Period id, e.g. `2026-09`.
    pub period: String,
    /// The value used for the period, if any.
    pub value: Option<f64>,
    /// The period's own target (profiled, pro rata or annual), if any.
    pub target: Option<f64>,
}

/// One point of an indicator's SPC series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcPoint {
    /// Period id, e.g. `2026-09`.
    pub period: String,
    /// The amount in the period (the value, or a cumulative measure's
    /// year-to-date less the previous period's).
    pub value: f64,
    /// The period's target on the series' scale (for a cumulative measure,
    /// the period's share of the year's target), whatever the polarity.
    pub target: Option<f64>,
}

impl IndicatorResult {
    /// The trend every writer draws (the workbook's sheets and the web page):
    /// [`IndicatorResult::trend`], ending with this period's actual and
    /// target where the trend does not already end with this period.
    pub fn trend_points(&self) -> Vec<TrendPoint> {
        let mut points = self.trend.clone();
        if points.last().is_none_or(|p| p.period != self.period) {
            points.push(TrendPoint {
                period: self.period.clone(),
                value: self.actual,
                target: self.target,
            });
        }
        points
    }
}

/// One indicator a blank return asks for: due in its own period (a quarter
/// for a quarterly indicator), with the target it will be assessed against.
#[derive(Debug, Clone, PartialEq)]
pub struct Due<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// Its own period.
    pub period: Period,
    /// The target for that period, as the assessment sets it.
    pub target: Option<f64>,
}
