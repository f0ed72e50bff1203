//! Observations: every number the tool reports remembers where it came from.

use crate::period::Period;
use serde::Serialize;
use std::sync::Arc;

/// Where a value came from: file, sheet and cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Source {
    /// The file as the user named it (path as given on the command line or found in a folder).
    /// Shared by every value read from the file, rather than copied into each.
    pub file: Arc<str>,
    /// Worksheet name (empty for CSV), shared like `file`.
    pub sheet: Arc<str>,
    /// Zero-based absolute row.
    pub row: u32,
    /// Zero-based absolute column.
    pub col: u32,
}

impl Source {
    /// The A1 reference of the cell, e.g. `C7`.
    pub fn cell(&self) -> String {
        crate::cellref::a1(self.row, self.col)
    }
}

/// One value for one indicator and period, as read from a return.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Indicator code as normalised for comparison (trimmed, upper-case, inner
    /// spaces collapsed): the indicator's key, shared by every value of it
    /// read (`returns::Codes`) rather than copied into each.
    pub code: Arc<str>,
    /// Directorate that returned it, shared by every value in its return.
    pub directorate: Arc<str>,
    /// Period the value is for (in the indicator's own frequency where known).
    pub period: Period,
    /// The value, or `None` where the return says "no value" (blank, n/a, TBC, ...).
    pub value: Option<f64>,
    /// The value as seen in the cell, for messages.
    pub value_seen: String,
    /// Numerator, where the return gives one.
    pub numerator: Option<f64>,
    /// Denominator, where the return gives one.
    pub denominator: Option<f64>,
    /// Target typed in the return (for information; the register's target is used).
    pub target: Option<f64>,
    /// Owner's forecast of the year-end outturn.
    pub forecast: Option<f64>,
    /// Commentary text.
    pub commentary: Option<String>,
    /// Data note explaining a data-quality warning.
    pub data_note: Option<String>,
    /// Where the value cell is.
    pub source: Source,
}
