//! A data-quality finding: what is wrong, where, and what to do.

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks submission: must be fixed.
    Error,
    /// Needs a look or an explanation.
    Warning,
}

impl Severity {
    /// Lower-case name as shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The six data-quality dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// Agrees with its parts and its history.
    Accuracy,
    /// A number, of the right kind, in range.
    Validity,
    /// Consistent across returns and over time.
    Reliability,
    /// For the right period, freshly reported.
    Timeliness,
    /// Belongs in the register and to the directorate.
    Relevance,
    /// Everything due is present.
    Completeness,
}

impl Dimension {
    /// Lower-case name as shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Accuracy => "accuracy",
            Dimension::Validity => "validity",
            Dimension::Reliability => "reliability",
            Dimension::Timeliness => "timeliness",
            Dimension::Relevance => "relevance",
            Dimension::Completeness => "completeness",
        }
    }
}

/// One data-quality finding. Field names are the JSON contract of SPEC section 4.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `DQ014`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Data-quality dimension.
    pub dimension: Dimension,
    /// File as named by the user (empty where the finding is about no file, e.g. a missing return).
    pub file: String,
    /// Worksheet name.
    #[serde(serialize_with = "empty_as_null")]
    pub sheet: String,
    /// A1 cell reference, where one applies.
    pub cell: Option<String>,
    /// Directorate.
    pub directorate: Option<String>,
    /// Indicator code.
    pub indicator: Option<String>,
    /// Canonical period id.
    pub period: Option<String>,
    /// The value as seen.
    pub value: Option<String>,
    /// What is wrong, in plain English.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// A warning explained by a Data Note on its row.
    pub explained: bool,
    /// The Data Note text that explains it, if any.
    pub note: Option<String>,
}

fn empty_as_null<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        ser.serialize_none()
    } else {
        ser.serialize_str(s)
    }
}

impl Finding {
    /// `file!Sheet!C7` style location for text output.
    pub fn location(&self) -> String {
        let mut loc = self.file.clone();
        if !self.sheet.is_empty() {
            loc.push_str(&format!(", sheet '{}'", self.sheet));
        }
        if let Some(c) = &self.cell {
            loc.push_str(&format!(", cell {c}"));
        }
        loc
    }
}
