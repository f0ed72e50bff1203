//! What the assessment says of one indicator: RAG, direction, exception.

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
    pub fn word(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
            Rag::None => "None",
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
    /// Values for up to the last 12 periods of the indicator's frequency, oldest first,
    /// ending with this period: (period id, value), for trend sparklines.
    pub trend: Vec<(String, Option<f64>)>,
    /// Statistical process control (SPEC section 11); `None` with fewer
    /// points than `[spc] min_points`.
    pub spc: Option<super::spc::SpcResult>,
    /// The SPC series charted, oldest first: (period id, value), the amount in
    /// each period for a cumulative measure; empty when `spc` is `None`.
    pub spc_series: Vec<(String, f64)>,
}
