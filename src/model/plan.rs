//! Action plans (SPEC section 13): an action or milestone as the plan agreed
//! it, and the words directorates use for its status and their own RAG.

use chrono::NaiveDate;
use serde::Serialize;

/// One action or milestone of the plan: the baseline as agreed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanAction {
    /// Unique id as written in the plan, e.g. `CP-1.2` (trimmed).
    pub reference: String,
    /// The id as compared: trimmed, inner spaces collapsed, upper case.
    pub key: String,
    /// What will be done.
    pub action: String,
    /// Who reports its progress, spelt as in the register where it names one.
    pub directorate: String,
    /// Responsible officer.
    pub lead: Option<String>,
    /// The plan it belongs to ("Corporate Plan 2026-29"; default `Action plan`).
    pub plan: String,
    /// The Ref of the action it is a milestone of, as that action's row writes it.
    pub parent: Option<String>,
    /// When work starts.
    pub start: Option<NaiveDate>,
    /// The agreed date (the baseline).
    pub due: NaiveDate,
    /// Codes of the indicators it is meant to improve, as the register writes
    /// them. A milestone does not inherit its parent's.
    pub indicators: Vec<String>,
    /// Every other column of the plan, by its heading as written (`Committee`,
    /// `Priority`, ...), with the cell's text: kept, never dropped.
    pub attributes: Vec<(String, String)>,
    /// Zero-based row of the plan sheet it was read from.
    pub row: u32,
}

impl PlanAction {
    /// The text of an attribute column, by heading (ignoring case and spaces).
    pub fn attribute(&self, heading: &str) -> Option<&str> {
        let want = word_key(heading);
        self.attributes
            .iter()
            .find(|(h, _)| word_key(h) == want)
            .map(|(_, v)| v.as_str())
    }
}

/// The plan name used where the plan leaves Plan blank.
pub const DEFAULT_PLAN: &str = "Action plan";

/// Where an action stands, in the canonical words of SPEC section 13.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// Not started.
    #[serde(rename = "not started")]
    NotStarted,
    /// In progress (ongoing, started, underway).
    #[serde(rename = "in progress")]
    InProgress,
    /// Complete (completed, done, achieved).
    #[serde(rename = "complete")]
    Complete,
    /// Deferred (on hold, paused).
    #[serde(rename = "deferred")]
    Deferred,
    /// Cancelled (withdrawn, deleted).
    #[serde(rename = "cancelled")]
    Cancelled,
}

/// The owner's own RAG for an action, from a RAG column or a RAG word in Status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerRag {
    /// On track.
    Green,
    /// At risk, some slippage.
    Amber,
    /// Off track, delayed.
    Red,
    /// Complete.
    Blue,
}

impl Status {
    /// Every status, in the order of a drop-down.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Complete,
        Status::Deferred,
        Status::Cancelled,
    ];

    /// The canonical word (`in progress`), as JSON writes it.
    pub fn word(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Complete => "complete",
            Status::Deferred => "deferred",
            Status::Cancelled => "cancelled",
        }
    }

    /// Reads a status word, ignoring case, spaces and punctuation. A RAG word
    /// (`on track`, `at risk`, `off track` and theirs, or a colour: `green`,
    /// `amber`, `red`) is in progress with the owner's RAG it names; `blue` is
    /// complete. `None`: none of the words (single letters are not taken here,
    /// only in a RAG column).
    ///
    /// ```
    /// use ipr::model::plan::{OwnerRag, Status};
    /// assert_eq!(Status::parse("On track"), Some((Status::InProgress, Some(OwnerRag::Green))));
    /// assert_eq!(Status::parse("COMPLETED"), Some((Status::Complete, None)));
    /// assert_eq!(Status::parse("nearly there"), None);
    /// ```
    pub fn parse(text: &str) -> Option<(Status, Option<OwnerRag>)> {
        let key = word_key(text);
        let status = match key.as_str() {
            "notstarted" | "notyetstarted" => Status::NotStarted,
            "inprogress" | "ongoing" | "started" | "underway" => Status::InProgress,
            "complete" | "completed" | "done" | "achieved" => Status::Complete,
            "deferred" | "onhold" | "paused" => Status::Deferred,
            "cancelled" | "canceled" | "withdrawn" | "deleted" => Status::Cancelled,
            // Blue is the RAG of a finished action.
            "blue" => return Some((Status::Complete, Some(OwnerRag::Blue))),
            _ => {
                return rag_word(&key)
                    .filter(|r| *r != OwnerRag::Blue)
                    .map(|r| (Status::InProgress, Some(r)))
            }
        };
        Some((status, None))
    }

    /// True for complete, cancelled and deferred: not assessed for pace.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            Status::Complete | Status::Cancelled | Status::Deferred
        )
    }
}

impl OwnerRag {
    /// The word as JSON writes it.
    pub fn word(self) -> &'static str {
        match self {
            OwnerRag::Green => "green",
            OwnerRag::Amber => "amber",
            OwnerRag::Red => "red",
            OwnerRag::Blue => "blue",
        }
    }

    /// Reads a RAG column: `green`, `amber`, `red`, `blue` (complete), their
    /// first letters, or the RAG words of Status (`on track`, `at risk`,
    /// `off track`, `complete`, ...), ignoring case, spaces and punctuation.
    pub fn parse(text: &str) -> Option<OwnerRag> {
        match word_key(text).as_str() {
            "g" => Some(OwnerRag::Green),
            "a" => Some(OwnerRag::Amber),
            "r" => Some(OwnerRag::Red),
            "b" => Some(OwnerRag::Blue),
            key => rag_word(key),
        }
    }
}

/// A RAG word, already keyed (no single letters).
fn rag_word(key: &str) -> Option<OwnerRag> {
    Some(match key {
        "green" | "ontrack" => OwnerRag::Green,
        "amber" | "atrisk" | "someslippage" => OwnerRag::Amber,
        "red" | "offtrack" | "delayed" | "behindschedule" => OwnerRag::Red,
        "blue" | "complete" | "completed" | "done" | "achieved" => OwnerRag::Blue,
        _ => return None,
    })
}

/// Lower-case letters and digits only, as headers are compared.
fn word_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Plan actions for the tests of every stage.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// An action `reference` of `directorate`, due on `due`, started on `start`.
    pub(crate) fn action(
        reference: &str,
        directorate: &str,
        start: Option<NaiveDate>,
        due: NaiveDate,
    ) -> PlanAction {
        PlanAction {
            reference: reference.into(),
            key: reference.trim().to_uppercase(),
            action: format!("Action {reference}"),
            directorate: directorate.into(),
            lead: None,
            plan: DEFAULT_PLAN.into(),
            parent: None,
            start,
            due,
            indicators: vec![],
            attributes: vec![],
            row: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_of_the_spec() {
        use Status::*;
        for (text, want) in [
            ("not started", NotStarted),
            ("Not Started", NotStarted),
            ("not-started", NotStarted),
            ("NOT_STARTED", NotStarted),
            ("in progress", InProgress),
            ("In Progress.", InProgress),
            ("ongoing", InProgress),
            ("Started", InProgress),
            ("under way", InProgress),
            ("underway", InProgress),
            ("complete", Complete),
            ("Completed", Complete),
            ("done", Complete),
            ("Achieved", Complete),
            ("deferred", Deferred),
            ("On hold", Deferred),
            ("on-hold", Deferred),
            ("paused", Deferred),
            ("cancelled", Cancelled),
            ("Canceled", Cancelled),
            ("withdrawn", Cancelled),
            ("Deleted", Cancelled),
        ] {
            assert_eq!(Status::parse(text), Some((want, None)), "{text:?}");
        }
    }

    #[test]
    fn rag_words_in_status_are_in_progress_with_the_owners_rag() {
        use OwnerRag::*;
        for (text, rag) in [
            ("on track", Green),
            ("On Track", Green),
            ("at risk", Amber),
            ("At-Risk", Amber),
            ("some slippage", Amber),
            ("off track", Red),
            ("Delayed", Red),
            ("behind schedule", Red),
            ("Green", Green),
            ("AMBER", Amber),
            ("red", Red),
        ] {
            assert_eq!(
                Status::parse(text),
                Some((Status::InProgress, Some(rag))),
                "{text:?}"
            );
        }
        assert_eq!(Status::parse("Blue"), Some((Status::Complete, Some(Blue))));
        // Single letters are a RAG column's shorthand, never a status.
        for text in [
            "G",
            "a",
            "R",
            "b",
            "",
            "  ",
            "nearly there",
            "50%",
            "amber/red",
        ] {
            assert_eq!(Status::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn rag_column_words() {
        use OwnerRag::*;
        for (text, want) in [
            ("Green", Green),
            ("G", Green),
            ("on track", Green),
            ("AMBER", Amber),
            ("a", Amber),
            ("at risk", Amber),
            ("Red", Red),
            ("off-track", Red),
            ("delayed", Red),
            ("Blue", Blue),
            ("complete", Blue),
        ] {
            assert_eq!(OwnerRag::parse(text), Some(want), "{text:?}");
        }
        for text in ["amber/red", "yellow", "", "RAG", "x"] {
            assert_eq!(OwnerRag::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn words_and_closed_statuses() {
        assert_eq!(Status::InProgress.word(), "in progress");
        assert_eq!(
            serde_json::to_string(&Status::NotStarted).unwrap(),
            "\"not started\""
        );
        assert_eq!(serde_json::to_string(&OwnerRag::Blue).unwrap(), "\"blue\"");
        for s in Status::ALL {
            assert_eq!(Status::parse(s.word()), Some((s, None)));
            assert_eq!(
                s.is_closed(),
                matches!(s, Status::Complete | Status::Cancelled | Status::Deferred)
            );
        }
        assert_eq!(OwnerRag::Amber.word(), "amber");
    }

    #[test]
    fn attributes_are_found_by_any_spelling_of_their_heading() {
        let a = PlanAction {
            reference: "CP-1".into(),
            key: "CP-1".into(),
            action: "Open the hub".into(),
            directorate: "Resources".into(),
            lead: None,
            plan: DEFAULT_PLAN.into(),
            parent: None,
            start: None,
            due: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
            indicators: vec![],
            attributes: vec![("Scrutiny Committee".into(), "Overview; Adults".into())],
            row: 4,
        };
        assert_eq!(a.attribute("scrutiny_committee"), Some("Overview; Adults"));
        assert_eq!(a.attribute("Priority"), None);
    }
}
