//! What one indicator is: its unit, polarity and measure. The words the
//! register may use for each are read by `register::words`.

use crate::period::Frequency;
use serde::Serialize;

/// Unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A plain number.
    Number,
    /// Percentage points (85 means 85%).
    Percent,
    /// Pounds.
    Currency,
    /// Days.
    Days,
    /// A count of things: never negative.
    Count,
    /// A rate (for example per 1,000 population).
    Rate,
    /// A ratio.
    Ratio,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// Higher is better.
    Higher,
    /// Lower is better.
    Lower,
    /// On target is best; either side is worse.
    Band,
    /// Monitoring only.
    None,
}

/// Whether a value is a snapshot or a year-to-date total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Value at the period.
    Snapshot,
    /// Year to date, resets each financial year.
    Cumulative,
}

/// One indicator's definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// Code as written in the register (trimmed).
    pub code: String,
    /// Code normalised for comparison (see [`crate::text::normalise_code`]).
    pub key: String,
    /// Plain-English name.
    pub title: String,
    /// Directorate that returns it.
    pub directorate: String,
    /// Responsible officer.
    pub owner: Option<String>,
    /// Unit.
    pub unit: Unit,
    /// Polarity.
    pub polarity: Polarity,
    /// Frequency.
    pub frequency: Frequency,
    /// Measure.
    pub measure: Measure,
    /// Year-end target.
    pub annual_target: Option<f64>,
    /// Amber band relative to the target, as a fraction (0.05 = 5%).
    pub tolerance: f64,
    /// Lowest valid value (None = no bound).
    pub min: Option<f64>,
    /// Highest valid value (None = no bound).
    pub max: Option<f64>,
    /// Factor between Numerator / Denominator and the value (None = not a simple ratio).
    pub multiplier: Option<f64>,
    /// Reporting precision (decimal places).
    pub decimals: Option<u32>,
    /// Must be returned each due period.
    pub required: bool,
    /// Definition text.
    pub definition: Option<String>,
    /// Source of the data.
    pub data_source: Option<String>,
    /// Every other column of the register (`Priority`, `Committee`, ...), by
    /// its heading as written, with the cell's text where it is not blank:
    /// kept, never dropped (SPEC section 14).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
    /// Where the definition row is in the register (for messages).
    pub row: u32,
}

impl Indicator {
    /// The text of an attribute column, by heading (ignoring case, spaces and
    /// punctuation); `None` where the register has no such column or the cell is blank.
    pub fn attribute(&self, heading: &str) -> Option<&str> {
        let want = crate::text::header_key(heading);
        self.attributes
            .iter()
            .find(|(h, _)| crate::text::header_key(h) == want)
            .map(|(_, v)| v.as_str())
    }
}

/// The values of a grouping cell (`Priority`, `Committee`, ...): several
/// separated by `;`, each trimmed, blanks dropped (SPEC section 14).
pub fn group_values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|v| !v.is_empty())
}

/// How a grouping value is compared: ignoring case and surrounding spaces.
pub fn group_key(value: &str) -> String {
    value.trim().to_lowercase()
}

#[cfg(test)]
impl Indicator {
    /// A monthly snapshot number of `code` for Resources, higher is better,
    /// with no target or bounds: the plain indicator unit tests start from.
    pub(crate) fn plain(code: &str) -> Indicator {
        Indicator {
            code: code.into(),
            key: crate::text::normalise_code(code),
            title: code.into(),
            directorate: "Resources".into(),
            owner: None,
            unit: Unit::Number,
            polarity: Polarity::Higher,
            frequency: Frequency::Monthly,
            measure: Measure::Snapshot,
            annual_target: None,
            tolerance: 0.05,
            min: None,
            max: None,
            multiplier: Some(1.0),
            decimals: None,
            required: true,
            definition: None,
            data_source: None,
            attributes: Vec::new(),
            row: 0,
        }
    }
}
