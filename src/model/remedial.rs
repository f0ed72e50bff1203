//! A completed remedial-action form, as read back by [`crate::remedial`].

use serde::Serialize;
use std::path::Path;

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
    /// True for the form of an action of the plan (SPEC section 13), whose
    /// `code` is the action's Ref; false for an indicator's.
    #[serde(skip)]
    pub for_action: bool,
}

impl RemedialAction {
    /// True when none of the five answers has been given.
    pub fn is_blank(&self) -> bool {
        [
            &self.reason,
            &self.action,
            &self.lead_officer,
            &self.back_on_target,
            &self.status,
        ]
        .iter()
        .all(|v| v.is_none())
    }

    /// The form's file name without its folders, for display.
    pub fn file_name(&self) -> String {
        Path::new(&self.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.file.clone())
    }
}
