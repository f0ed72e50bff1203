//! A data-quality finding: what is wrong, where, and what to do.

use super::observation::Observation;
use super::rules::Rule;
use crate::model::Indicator;
use crate::period::Calendar;
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
    /// The rule, written as its stable id, e.g. `DQ014` ([`Rule::id`]).
    pub rule: Rule,
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
    /// About a period before the one being reported (SPEC section 4, "Every
    /// period is checked"): listed, and counted apart from the month's.
    /// Written to JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub earlier_period: bool,
}

fn empty_as_null<S: Serializer>(s: &str, ser: S) -> Result<S::Ok, S::Error> {
    if s.is_empty() {
        ser.serialize_none()
    } else {
        ser.serialize_str(s)
    }
}

impl Finding {
    /// A finding under `rule` about `file`, with the rule's default severity,
    /// dimension and hint, and no place in the file yet.
    pub fn new(rule: Rule, file: &str, message: String) -> Finding {
        let r = rule.info();
        Finding {
            rule,
            severity: r.severity,
            dimension: r.dimension,
            file: file.to_string(),
            sheet: String::new(),
            cell: None,
            directorate: None,
            indicator: None,
            period: None,
            value: None,
            message,
            hint: r.hint.to_string(),
            explained: false,
            note: None,
            earlier_period: false,
        }
    }

    /// A finding under `rule` at the value cell of `o`, an observation of
    /// `ind`: file, sheet, cell, directorate, indicator, period and value as
    /// seen, and the row's Data Note, so that a warning can be marked explained.
    pub fn at(
        rule: Rule,
        o: &Observation,
        ind: &Indicator,
        cal: Calendar,
        message: String,
    ) -> Finding {
        let mut f = Finding::new(rule, &o.source.file, message);
        f.sheet = o.source.sheet.to_string();
        f.cell = Some(o.source.cell());
        f.directorate = Some(o.directorate.to_string()).filter(|d| !d.is_empty());
        f.indicator = Some(ind.code.clone());
        f.period = Some(cal.id(o.period));
        f.value = Some(o.value_seen.clone());
        f.note = o.data_note.clone();
        f
    }

    /// The catalogue entry of the rule this finding is under.
    pub fn rule_info(&self) -> Option<&'static super::rules::RuleInfo> {
        Some(self.rule.info())
    }

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

/// Findings counted the one way every output says them (SPEC section 12): the
/// console of `check` and `consolidate`, the Summary sheet, the HTML and the
/// JSON `summary` all take their numbers and labels from here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingCounts {
    /// Errors.
    pub errors: usize,
    /// Warnings not explained by a data note: the ones to look at.
    pub to_look_at: usize,
    /// Warnings explained by a data note.
    pub explained: usize,
}

impl FindingCounts {
    /// The label of [`FindingCounts::to_look_at`].
    pub const TO_LOOK_AT: &'static str = "warnings to look at";
    /// The label of [`FindingCounts::explained`].
    pub const EXPLAINED: &'static str = "warnings explained";

    /// Counts `findings`.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> FindingCounts {
        let mut n = FindingCounts::default();
        for f in findings {
            n.add(f);
        }
        n
    }

    /// Counts one more finding.
    pub fn add(&mut self, f: &Finding) {
        match (f.severity, f.explained) {
            (Severity::Error, _) => self.errors += 1,
            (Severity::Warning, false) => self.to_look_at += 1,
            (Severity::Warning, true) => self.explained += 1,
        }
    }

    /// "13 errors, 3 warnings to look at, 1 warning explained".
    pub fn words(&self) -> String {
        let errors = if self.errors == 1 { "error" } else { "errors" };
        let look = if self.to_look_at == 1 {
            "warning to look at"
        } else {
            Self::TO_LOOK_AT
        };
        let explained = if self.explained == 1 {
            "warning explained"
        } else {
            Self::EXPLAINED
        };
        format!(
            "{} {errors}, {} {look}, {} {explained}",
            self.errors, self.to_look_at, self.explained
        )
    }
}

#[cfg(test)]
mod counts_tests {
    use super::FindingCounts;

    #[test]
    fn counts_read_with_their_labels() {
        let n = FindingCounts {
            errors: 13,
            to_look_at: 3,
            explained: 1,
        };
        assert_eq!(
            n.words(),
            "13 errors, 3 warnings to look at, 1 warning explained"
        );
        let one = FindingCounts {
            errors: 1,
            to_look_at: 1,
            explained: 0,
        };
        assert_eq!(
            one.words(),
            "1 error, 1 warning to look at, 0 warnings explained"
        );
    }
}
