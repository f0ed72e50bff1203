//! Actions in the previous report (SPEC sections 10 and 13): what this
//! month's run compares with. Read from the JSON's `actions` and
//! `action_updates_used`; a report written before ipr read action plans has
//! neither, and reads as having no actions.

use super::plan::Status;
use super::plan_result::ActionRag;
use super::plan_update::ActionUpdate;
use crate::period::date_id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An action as the previous report assessed it: only what the comparison needs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviousAction {
    /// Its Ref.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Its canonical status word then, if any.
    #[serde(default)]
    pub status: Option<String>,
    /// % complete then.
    #[serde(default)]
    pub percent_complete: Option<f64>,
    /// Its current due date then, `YYYY-MM-DD`.
    #[serde(default)]
    pub due_current: Option<String>,
    /// How many times its due date had moved.
    #[serde(default)]
    pub revisions: u32,
    /// ipr's RAG then.
    #[serde(default)]
    pub rag: Option<String>,
    /// Whether it was an exception then.
    #[serde(default)]
    pub exception: bool,
}

impl PreviousAction {
    /// The status then, when it was one of the words.
    pub fn status(&self) -> Option<Status> {
        Status::parse(self.status.as_deref()?).map(|(s, _)| s)
    }

    /// The current due date then.
    pub fn due_current(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.due_current.as_deref()?.trim(), "%Y-%m-%d").ok()
    }

    /// ipr's RAG then.
    pub fn rag(&self) -> Option<ActionRag> {
        ActionRag::from_id(self.rag.as_deref()?)
    }
}

/// One update a report used (JSON `action_updates_used`): what next month's
/// run compares with, and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionUpdateUsed {
    /// The action's Ref, as the plan writes it.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The period it was for.
    pub period: String,
    /// Its status word.
    pub status: Option<String>,
    /// Its % complete.
    pub percent_complete: Option<f64>,
    /// Its revised date, `YYYY-MM-DD`.
    pub revised: Option<String>,
    /// Its completion date, `YYYY-MM-DD`.
    pub completed: Option<String>,
    /// The return it came from.
    pub file: String,
    /// Its sheet.
    pub sheet: String,
    /// Its Ref cell, A1.
    pub cell: String,
}

impl ActionUpdateUsed {
    /// The record of `update`, used for the action `reference` (the plan's
    /// spelling) in `period`.
    pub fn of(update: &ActionUpdate, reference: &str, period: &str) -> ActionUpdateUsed {
        ActionUpdateUsed {
            reference: reference.to_string(),
            period: period.to_string(),
            status: update.status().map(|s| s.word().to_string()),
            percent_complete: update.percent(),
            revised: update.revised().map(date_id),
            completed: update.completed().map(date_id),
            file: update.source.file.to_string(),
            sheet: update.source.sheet.to_string(),
            cell: update.source.cell(),
        }
    }
}

/// The previous report's action with this Ref (ignoring case and spaces).
pub fn find<'a>(actions: &'a [PreviousAction], reference: &str) -> Option<&'a PreviousAction> {
    let key = ref_key(reference);
    actions.iter().find(|a| ref_key(&a.reference) == key)
}

/// A Ref as compared: inner spaces collapsed, upper case.
fn ref_key(r: &str) -> String {
    r.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_from_json_with_and_without_the_fields() {
        let a: PreviousAction = serde_json::from_str(
            r#"{"ref": "CP-1.2", "status": "in progress", "percent_complete": 40,
                "due_current": "2026-12-31", "revisions": 2, "rag": "not-assessed",
                "exception": true, "title": "ignored"}"#,
        )
        .unwrap();
        assert_eq!(a.status(), Some(Status::InProgress));
        assert_eq!(a.due_current(), NaiveDate::from_ymd_opt(2026, 12, 31));
        assert_eq!(a.rag(), Some(ActionRag::NotAssessed));
        assert_eq!(
            (a.revisions, a.exception, a.percent_complete),
            (2, true, Some(40.0))
        );
        let bare: PreviousAction = serde_json::from_str(r#"{"ref": "X"}"#).unwrap();
        assert_eq!(
            (bare.status(), bare.due_current(), bare.rag()),
            (None, None, None)
        );
        let list = [a, bare];
        assert_eq!(find(&list, " cp-1.2 ").map(|a| a.revisions), Some(2));
        assert!(find(&list, "CP-1").is_none());
    }

    #[test]
    fn updates_used_round_trip() {
        let u = ActionUpdateUsed {
            reference: "CP-1".into(),
            period: "2026-09".into(),
            status: Some("complete".into()),
            percent_complete: Some(100.0),
            revised: None,
            completed: Some("2026-09-30".into()),
            file: "r.xlsx".into(),
            sheet: "Actions".into(),
            cell: "B5".into(),
        };
        let v = serde_json::to_value(&u).unwrap();
        assert_eq!(v["ref"], "CP-1");
        let back: ActionUpdateUsed = serde_json::from_value(v).unwrap();
        assert_eq!(back, u);
    }
}
