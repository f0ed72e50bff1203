//! What the assessment says of each action (SPEC section 13): current due
//! date, slippage, revisions, pace, RAG, exception and its reasons, the link
//! to indicators, and the change since the previous report. Field names are
//! the JSON contract; dates are written `YYYY-MM-DD`.

use super::assessment::Rag;
use super::observation::Source;
use super::plan::{OwnerRag, Status};
use chrono::NaiveDate;
use serde::{Serialize, Serializer};

/// ipr's RAG for an action, the first that applies (SPEC section 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionRag {
    /// Status complete (shown blue).
    Complete,
    /// Status cancelled: not assessed.
    Cancelled,
    /// Status deferred: not assessed.
    Deferred,
    /// The period's last day is after the current due date (shown red).
    Overdue,
    /// Pace at or above `pace_green`, or the owner's green.
    Green,
    /// Pace at or above `pace_amber`, or the owner's amber.
    Amber,
    /// Pace below `pace_amber`, or the owner's red.
    Red,
    /// Nothing to go on.
    NotAssessed,
}

impl ActionRag {
    /// The word as JSON writes it (`not-assessed`).
    pub fn id(self) -> &'static str {
        match self {
            ActionRag::Complete => "complete",
            ActionRag::Cancelled => "cancelled",
            ActionRag::Deferred => "deferred",
            ActionRag::Overdue => "overdue",
            ActionRag::Green => "green",
            ActionRag::Amber => "amber",
            ActionRag::Red => "red",
            ActionRag::NotAssessed => "not-assessed",
        }
    }

    /// Every RAG an action can have, in the order of section 13.
    pub const ALL: [ActionRag; 8] = [
        ActionRag::Complete,
        ActionRag::Cancelled,
        ActionRag::Deferred,
        ActionRag::Overdue,
        ActionRag::Green,
        ActionRag::Amber,
        ActionRag::Red,
        ActionRag::NotAssessed,
    ];

    /// Reads the word back from a previous report's JSON.
    pub fn from_id(id: &str) -> Option<ActionRag> {
        ActionRag::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Only these can be exceptions: complete, cancelled and deferred never are.
    pub fn can_be_exception(self) -> bool {
        !matches!(
            self,
            ActionRag::Complete | ActionRag::Cancelled | ActionRag::Deferred
        )
    }

    /// The order that decides better and worse: complete above green above
    /// amber above red and overdue; `None` for the rest (not compared).
    pub fn rank(self) -> Option<u8> {
        match self {
            ActionRag::Complete => Some(4),
            ActionRag::Green => Some(3),
            ActionRag::Amber => Some(2),
            ActionRag::Red | ActionRag::Overdue => Some(1),
            _ => None,
        }
    }
}

/// Why an action is an exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionReason {
    /// Its RAG is `overdue`.
    Overdue,
    /// Its RAG is `red`, from pace or from the owner.
    OffTrack,
    /// Slipped more than `[actions] slippage_days` past its Due.
    Slipped,
}

impl ActionReason {
    /// The word as JSON writes it.
    pub fn id(self) -> &'static str {
        match self {
            ActionReason::Overdue => "overdue",
            ActionReason::OffTrack => "off-track",
            ActionReason::Slipped => "slipped",
        }
    }
}

/// An action since the previous report, the first that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionSince {
    /// An exception now that was not one then.
    New,
    /// Complete now, not then.
    Completed,
    /// Cancelled now, not then.
    Cancelled,
    /// Deferred now, not then.
    Deferred,
    /// Its current due date moved.
    DateMoved,
    /// A better RAG.
    Better,
    /// A worse RAG (a reopened action too).
    Worse,
    /// Neither.
    Unchanged,
}

impl ActionSince {
    /// The word as JSON writes it (`date-moved`).
    pub fn id(self) -> &'static str {
        match self {
            ActionSince::New => "new",
            ActionSince::Completed => "completed",
            ActionSince::Cancelled => "cancelled",
            ActionSince::Deferred => "deferred",
            ActionSince::DateMoved => "date-moved",
            ActionSince::Better => "better",
            ActionSince::Worse => "worse",
            ActionSince::Unchanged => "unchanged",
        }
    }
}

/// An indicator an action is meant to improve, with its RAG this period
/// (`None` where it is not assessed this period).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedIndicator {
    /// Indicator code, as in the register.
    pub code: String,
    /// Its RAG this period.
    pub rag: Option<Rag>,
}

/// The assessment of one action as at the last day of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionResult {
    /// The Ref, as the plan writes it.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The plan it belongs to.
    pub plan: String,
    /// The Ref of its parent action, if it is a milestone.
    pub parent: Option<String>,
    /// The action, as the plan words it.
    pub title: String,
    /// Who reports it.
    pub directorate: String,
    /// Responsible officer.
    pub lead: Option<String>,
    /// The canonical status word, where known.
    pub status: Option<Status>,
    /// % complete, where given.
    pub percent_complete: Option<f64>,
    /// Start, from the plan.
    #[serde(serialize_with = "opt_date")]
    pub start: Option<NaiveDate>,
    /// The plan's Due (the baseline).
    #[serde(serialize_with = "date")]
    pub due: NaiveDate,
    /// The revised date if given, else Due.
    #[serde(serialize_with = "date")]
    pub due_current: NaiveDate,
    /// `due_current` − Due in days (negative: brought forward).
    pub slippage_days: i64,
    /// How many times `due_current` has moved since the plan.
    pub revisions: u32,
    /// % complete against time elapsed, × 100; `None` where not assessed.
    pub pace: Option<f64>,
    /// ipr's RAG.
    pub rag: ActionRag,
    /// The owner's RAG, where given.
    pub owner_rag: Option<OwnerRag>,
    /// Needs a remedial-action report.
    pub exception: bool,
    /// All the reasons that apply.
    pub reasons: Vec<ActionReason>,
    /// Its indicators with their RAG.
    pub indicators: Vec<LinkedIndicator>,
    /// Since the previous report; absent without one, or for an action it did not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since_previous_report: Option<ActionSince>,
    /// Commentary from the update.
    pub commentary: Option<String>,
    /// The Ref cell of the update used; `None` without one.
    #[serde(serialize_with = "opt_source")]
    pub source: Option<Source>,
    /// The date completed, where given (not in the JSON: shown on sheets).
    #[serde(skip)]
    pub completed: Option<NaiveDate>,
    /// True when an update was used this period (not in the JSON).
    #[serde(skip)]
    pub updated: bool,
}

/// What an indicator's linked actions say of it (SPEC section 13).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndicatorActions {
    /// The Refs of the actions linked to it, in plan order.
    pub actions: Vec<String>,
    /// An exception while every linked action (at least one) is green or complete.
    pub actions_mismatch: bool,
    /// `actions on track, indicator not`, `no action in the plan`, or none.
    pub note: Option<&'static str>,
}

/// The note on an indicator exception whose linked actions are all on track.
pub const NOTE_MISMATCH: &str = "actions on track, indicator not";
/// The note on an indicator exception with no linked action.
pub const NOTE_NO_ACTION: &str = "no action in the plan";

/// The one line of actions since the previous report, for the console and
/// the Summary: "Actions since August: 3 completed, 2 dates moved, 1 new
/// exception". Only what happened is named; `month` is the previous
/// report's month in words.
pub fn since_line(results: &[ActionResult], month: &str) -> String {
    let count = |s: ActionSince| {
        results
            .iter()
            .filter(|r| r.since_previous_report == Some(s))
            .count()
    };
    let parts: Vec<String> = [
        (ActionSince::Completed, "completed", "completed"),
        (ActionSince::DateMoved, "date moved", "dates moved"),
        (ActionSince::New, "new exception", "new exceptions"),
        (ActionSince::Better, "better", "better"),
        (ActionSince::Worse, "worse", "worse"),
        (ActionSince::Cancelled, "cancelled", "cancelled"),
        (ActionSince::Deferred, "deferred", "deferred"),
    ]
    .into_iter()
    .filter_map(|(s, one, many)| match count(s) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    })
    .collect();
    if parts.is_empty() {
        format!("Actions since {month}: no change")
    } else {
        format!("Actions since {month}: {}", parts.join(", "))
    }
}

/// A date as `YYYY-MM-DD`.
fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

fn opt_date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => date(d, s),
        None => s.serialize_none(),
    }
}

/// `{ "file", "sheet", "cell" }`, as every source in the JSON.
fn opt_source<S: Serializer>(src: &Option<Source>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let Some(src) = src else {
        return s.serialize_none();
    };
    let mut m = s.serialize_map(Some(3))?;
    m.serialize_entry("file", &*src.file)?;
    m.serialize_entry("sheet", &*src.sheet)?;
    m.serialize_entry("cell", &src.cell())?;
    m.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_json_field_of_section_13() {
        let r = ActionResult {
            reference: "CP-1.2".into(),
            plan: "Corporate Plan 2026-29".into(),
            parent: Some("CP-1".into()),
            title: "Open the hub".into(),
            directorate: "Resources".into(),
            lead: Some("A Lead".into()),
            status: Some(Status::InProgress),
            percent_complete: Some(40.0),
            start: Some(d(2026, 4, 1)),
            due: d(2026, 9, 30),
            due_current: d(2026, 12, 31),
            slippage_days: 92,
            revisions: 1,
            pace: Some(55.5),
            rag: ActionRag::NotAssessed,
            owner_rag: Some(OwnerRag::Green),
            exception: true,
            reasons: vec![ActionReason::OffTrack, ActionReason::Slipped],
            indicators: vec![LinkedIndicator {
                code: "RES-01".into(),
                rag: Some(Rag::Red),
            }],
            since_previous_report: Some(ActionSince::DateMoved),
            commentary: Some("Delayed by supplier".into()),
            source: Some(Source {
                file: Arc::from("res.xlsx"),
                sheet: Arc::from("Actions"),
                row: 4,
                col: 1,
            }),
            completed: None,
            updated: true,
        };
        let v = serde_json::to_value(&r).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "ref",
            "plan",
            "parent",
            "title",
            "directorate",
            "lead",
            "status",
            "percent_complete",
            "start",
            "due",
            "due_current",
            "slippage_days",
            "revisions",
            "pace",
            "rag",
            "owner_rag",
            "exception",
            "reasons",
            "indicators",
            "since_previous_report",
            "commentary",
            "source",
        ] {
            assert!(keys.contains(&k), "{k} missing from {keys:?}");
        }
        assert_eq!(keys.len(), 22, "{keys:?}");
        assert_eq!(v["due_current"], "2026-12-31");
        assert_eq!(v["start"], "2026-04-01");
        assert_eq!(v["status"], "in progress");
        assert_eq!(v["rag"], "not-assessed");
        assert_eq!(v["owner_rag"], "green");
        assert_eq!(v["reasons"], serde_json::json!(["off-track", "slipped"]));
        assert_eq!(v["since_previous_report"], "date-moved");
        assert_eq!(
            v["indicators"],
            serde_json::json!([{"code": "RES-01", "rag": "red"}])
        );
        assert_eq!(
            v["source"],
            serde_json::json!({"file": "res.xlsx", "sheet": "Actions", "cell": "B5"})
        );
        let mut none = r.clone();
        none.since_previous_report = None;
        none.source = None;
        none.start = None;
        let v = serde_json::to_value(&none).unwrap();
        assert!(v.get("since_previous_report").is_none());
        assert!(v["source"].is_null() && v["start"].is_null());
    }

    #[test]
    fn the_changes_line() {
        let r = |since| ActionResult {
            reference: "X".into(),
            plan: String::new(),
            parent: None,
            title: String::new(),
            directorate: String::new(),
            lead: None,
            status: None,
            percent_complete: None,
            start: None,
            due: d(2026, 9, 30),
            due_current: d(2026, 9, 30),
            slippage_days: 0,
            revisions: 0,
            pace: None,
            rag: ActionRag::Green,
            owner_rag: None,
            exception: false,
            reasons: vec![],
            indicators: vec![],
            since_previous_report: since,
            commentary: None,
            source: None,
            completed: None,
            updated: false,
        };
        use ActionSince::*;
        let all: Vec<ActionResult> = [
            Some(Completed),
            Some(Completed),
            Some(Completed),
            Some(DateMoved),
            Some(DateMoved),
            Some(New),
            Some(Unchanged),
            None,
        ]
        .into_iter()
        .map(r)
        .collect();
        assert_eq!(
            since_line(&all, "August"),
            "Actions since August: 3 completed, 2 dates moved, 1 new exception"
        );
        let few = vec![
            r(Some(DateMoved)),
            r(Some(Worse)),
            r(Some(Worse)),
            r(Some(Deferred)),
        ];
        assert_eq!(
            since_line(&few, "August"),
            "Actions since August: 1 date moved, 2 worse, 1 deferred"
        );
        assert_eq!(
            since_line(&[r(Some(Unchanged))], "August"),
            "Actions since August: no change"
        );
    }

    #[test]
    fn words_round_trip_and_order() {
        for r in ActionRag::ALL {
            assert_eq!(ActionRag::from_id(r.id()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.id());
        }
        assert_eq!(ActionRag::from_id("purple"), None);
        assert!(ActionRag::Complete.rank() > ActionRag::Green.rank());
        assert!(ActionRag::Green.rank() > ActionRag::Amber.rank());
        assert!(ActionRag::Amber.rank() > ActionRag::Red.rank());
        assert_eq!(ActionRag::Red.rank(), ActionRag::Overdue.rank());
        assert_eq!(ActionRag::NotAssessed.rank(), None);
        assert!(!ActionRag::Deferred.can_be_exception());
        assert!(ActionRag::NotAssessed.can_be_exception());
        assert_eq!(ActionReason::OffTrack.id(), "off-track");
        assert_eq!(
            serde_json::to_value(ActionReason::OffTrack).unwrap(),
            "off-track"
        );
        assert_eq!(ActionSince::DateMoved.id(), "date-moved");
        assert_eq!(
            serde_json::to_value(ActionSince::DateMoved).unwrap(),
            "date-moved"
        );
    }
}
