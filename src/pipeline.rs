//! The pipeline's output: everything the writers present.

use crate::assess::IndicatorResult;
use crate::observation::Observation;
use crate::period::{Period, YearStart};
use crate::quality::finding::Finding;
use crate::register::Register;
use serde::Serialize;

/// One input file, for the About sheet and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputFile {
    /// Path as named by the user.
    pub path: String,
    /// SHA-256 of the bytes read, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Coverage for one directorate: has it returned, and which indicators due are present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// Directorate (or `Council` for the total row).
    pub directorate: String,
    /// Number of return files received from it for the period.
    pub returns: usize,
    /// Indicators due this period.
    pub expected: usize,
    /// Indicators due this period with a value.
    pub returned: usize,
}

/// Coverage per directorate and council-wide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Coverage {
    /// One row per directorate in register order.
    pub directorates: Vec<CoverageRow>,
    /// The council-wide total.
    pub council: Option<CoverageRow>,
}

/// Options as run, for the About sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOptions {
    /// `year_start_month`.
    pub year_start_month: u32,
    /// Default tolerance as a fraction.
    pub default_tolerance: f64,
    /// Relative tolerance for the numerator/denominator test.
    pub ratio_tolerance: f64,
    /// Texts read as "no value".
    pub no_value: Vec<String>,
}

/// Everything a consolidation found, ready to be written.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidation {
    /// The period being reported (a month).
    #[serde(skip)]
    pub period: Period,
    /// Canonical id of the period being reported.
    pub period_id: String,
    /// Financial-year settings.
    #[serde(skip)]
    pub year_start: YearStart,
    /// The register used.
    pub register: Register,
    /// One result per indicator in the register that is due this period, in register order.
    pub indicators: Vec<IndicatorResult>,
    /// Every finding, sorted by file, sheet, row, column, rule.
    pub findings: Vec<Finding>,
    /// Coverage.
    pub coverage: Coverage,
    /// Every value read (this period and history), sorted by directorate, code, period.
    pub history: Vec<Observation>,
    /// Every input file read, sorted by path.
    pub inputs: Vec<InputFile>,
    /// Options as run.
    pub options: RunOptions,
    /// Version of ipr that produced it.
    pub version: String,
}
