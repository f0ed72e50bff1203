//! One return file as read: its observations and the findings about its cells.

use super::finding::Finding;
use super::observation::Observation;
use crate::period::{Calendar, Period};
use std::collections::BTreeSet;

/// One return file, read.
#[derive(Debug, Clone, Default)]
pub struct ReturnFile {
    /// The file as named by the user.
    pub path: String,
    /// SHA-256 of its bytes (empty when it could not be read).
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Directorate, once settled.
    pub directorate: Option<String>,
    /// Period of the return, once settled.
    pub period: Option<Period>,
    /// Every indicator row read, with or without a value.
    pub observations: Vec<Observation>,
    /// (code, period) of rows whose value cell could not be used (already a finding).
    pub unusable: BTreeSet<(String, Period)>,
    /// Findings about single cells and about the file.
    pub findings: Vec<Finding>,
    /// Names of the sheets a table was read from, in workbook order.
    pub sheets: Vec<String>,
    /// Progress on the action plan's actions (SPEC section 13), one per row
    /// of its action tables; empty without a plan.
    pub updates: Vec<super::ActionUpdate>,
    /// The keys of the actions a template made by `ipr template` asks for
    /// (its hidden plan rows): `ipr check` expects a row for these only,
    /// since the template left out what was complete or cancelled.
    pub actions_asked: Option<Vec<String>>,
    /// True for a return of progress on the plan alone (no indicator table):
    /// it is no directorate's indicator return, so owes no indicator.
    pub progress_only: bool,
}

impl ReturnFile {
    /// The month the return reports on (the end month of its period), once settled.
    pub fn report_month(&self, cal: Calendar) -> Option<Period> {
        self.period.map(|p| cal.end_month(p))
    }
}
