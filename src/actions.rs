//! Remedial actions: completed remedial-action forms read back from `--actions DIR`.

use serde::Serialize;

/// One remedial-action form as completed by an indicator owner.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct RemedialAction {
    /// Indicator code as in the register.
    pub code: String,
    /// Period id of the exception the form was issued for.
    pub period: String,
    /// Reason for the shortfall.
    pub reason: Option<String>,
    /// Action in hand or proposed.
    pub action: Option<String>,
    /// Lead officer.
    pub lead_officer: Option<String>,
    /// Date expected back on target, as written (e.g. `31 Mar 2027`).
    pub back_on_target: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// The form file the action was read from.
    pub file: String,
}
