//! The action plan in `IPR-<period>.json` (SPEC section 13): `actions[]`,
//! `summary.actions`, action exceptions beside the indicators' (each with
//! `kind`), `action_updates_used`, and each indicator's linked actions. Only
//! with a plan: a run without one writes what it always did.

use super::object::{Field, Object};
use crate::model::plan_result::IndicatorActions;
use crate::model::{ActionRag, ActionResult, Consolidation, PlanReport};
use serde_json::{json, Value};

/// Actions counted by ipr's RAG, council-wide or for one directorate: the
/// one place they are counted, for the console, the Summary, the HTML and
/// the JSON `summary.actions`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionCounts {
    /// Actions and milestones in the plan.
    pub actions: usize,
    /// Complete.
    pub complete: usize,
    /// Green (on track).
    pub green: usize,
    /// Amber.
    pub amber: usize,
    /// Red (off track).
    pub red: usize,
    /// Overdue.
    pub overdue: usize,
    /// Not assessed (no update, or nothing to go on).
    pub not_assessed: usize,
    /// Deferred.
    pub deferred: usize,
    /// Cancelled.
    pub cancelled: usize,
    /// Action exceptions.
    pub exceptions: usize,
}

impl ActionCounts {
    /// Counts over the actions of `directorate` (ignoring case), or every
    /// action when it is `None`.
    pub fn of(plan: &PlanReport, directorate: Option<&str>) -> ActionCounts {
        let mut n = ActionCounts::default();
        let mine = plan
            .results
            .iter()
            .filter(|r| directorate.is_none_or(|d| d.eq_ignore_ascii_case(&r.directorate)));
        for r in mine {
            n.actions += 1;
            let slot = match r.rag {
                ActionRag::Complete => &mut n.complete,
                ActionRag::Green => &mut n.green,
                ActionRag::Amber => &mut n.amber,
                ActionRag::Red => &mut n.red,
                ActionRag::Overdue => &mut n.overdue,
                ActionRag::NotAssessed => &mut n.not_assessed,
                ActionRag::Deferred => &mut n.deferred,
                ActionRag::Cancelled => &mut n.cancelled,
            };
            *slot += 1;
            n.exceptions += usize::from(r.exception);
        }
        n
    }

    /// In words, as the console and the page say it: "40 actions: 5
    /// complete, 20 green, 4 amber, 2 red, 3 overdue, 4 not assessed";
    /// a count of none is left out.
    pub fn words(&self) -> String {
        let parts: Vec<String> = [
            (self.complete, "complete"),
            (self.green, "green"),
            (self.amber, "amber"),
            (self.red, "red"),
            (self.overdue, "overdue"),
            (self.not_assessed, "not assessed"),
            (self.deferred, "deferred"),
            (self.cancelled, "cancelled"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
        let noun = if self.actions == 1 {
            "action"
        } else {
            "actions"
        };
        format!("{} {noun}: {}", self.actions, parts.join(", "))
    }

    /// As the JSON `summary.actions` gives it, RAG words as `rag` spells them.
    pub fn to_json(self) -> Value {
        json!({
            "actions": self.actions,
            "complete": self.complete,
            "green": self.green,
            "amber": self.amber,
            "red": self.red,
            "overdue": self.overdue,
            "not-assessed": self.not_assessed,
            "deferred": self.deferred,
            "cancelled": self.cancelled,
            "exceptions": self.exceptions,
        })
    }
}

/// A completed remedial form for an action exception, as an indicator's is
/// given (`action_json` in the parent module), with `ref` for `code`.
fn form_json(plan: &PlanReport, reference: &str) -> Value {
    plan.remedial.get(reference).map_or(Value::Null, form_value)
}

fn form_value(a: &crate::model::RemedialAction) -> Value {
    json!({
        "ref": a.code,
        "period": a.period,
        "reason": a.reason,
        "action": a.action,
        "lead_officer": a.lead_officer,
        "back_on_target": a.back_on_target,
        "status": a.status,
        "file": a.file,
    })
}

/// One action exception for `exceptions[]`: `kind` `action`, its Ref both
/// as `ref` and as `code` (every exception has a `code`), its reasons and
/// its remedial form.
fn exception_json<'a>(plan: &'a PlanReport, r: &'a ActionResult) -> Object<'a> {
    Object::new(vec![
        ("kind", Field::Str("action")),
        ("code", Field::Str(&r.reference)),
        ("ref", Field::Str(&r.reference)),
        ("title", Field::Str(&r.title)),
        ("plan", Field::Str(&r.plan)),
        ("directorate", Field::Str(&r.directorate)),
        ("reasons", Field::Value(json!(r.reasons))),
        ("action", Field::Value(form_json(plan, &r.reference))),
    ])
}

/// Adds what the plan says of an indicator: `actions` (linked Refs),
/// `actions_mismatch` and `actions_note`.
pub(super) fn indicator_fields<'a>(plan: &'a PlanReport, code: &str, o: &mut Object<'a>) {
    let empty: &'static IndicatorActions = &EMPTY;
    let links = plan.for_indicator(code).unwrap_or(empty);
    o.insert("actions", Field::Value(json!(links.actions)));
    o.insert("actions_mismatch", Field::Bool(links.actions_mismatch));
    o.insert("actions_note", Field::OptStr(links.note));
}

static EMPTY: IndicatorActions = IndicatorActions {
    actions: Vec::new(),
    actions_mismatch: false,
    note: None,
};

/// Marks the indicator exceptions `kind` `indicator` and adds the action
/// exceptions after them.
pub(super) fn exceptions<'a>(plan: &'a PlanReport, list: &mut Vec<Object<'a>>) {
    for o in list.iter_mut() {
        o.insert("kind", Field::Str("indicator"));
    }
    list.extend(plan.exceptions().map(|r| exception_json(plan, r)));
}

/// `summary.actions`, and `actions` in each directorate's summary.
pub(super) fn summary(plan: &PlanReport, summary: &mut Value) {
    let Value::Object(map) = summary else { return };
    map.insert("actions".into(), ActionCounts::of(plan, None).to_json());
    if let Some(Value::Array(dirs)) = map.get_mut("directorates") {
        for d in dirs.iter_mut() {
            let Value::Object(m) = d else { continue };
            let name = m
                .get("directorate")
                .and_then(Value::as_str)
                .map(str::to_string);
            let counts = ActionCounts::of(plan, name.as_deref());
            m.insert("actions".into(), counts.to_json());
        }
    }
}

/// The top-level `actions` (every field of SPEC section 13, dates
/// `YYYY-MM-DD`) and `action_updates_used`.
pub(super) fn document_fields<'a>(plan: &'a PlanReport, out: &mut Object<'a>) {
    let list = serde_json::to_value(&plan.results).unwrap_or(Value::Null);
    out.insert("actions", Field::Value(list));
    let used = serde_json::to_value(&plan.updates_used).unwrap_or(Value::Null);
    out.insert("action_updates_used", Field::Value(used));
    // Forms answered for actions that are no longer exceptions: kept, never dropped.
    if !plan.stale_remedial.is_empty() {
        let stale: Vec<Value> = plan.stale_remedial.iter().map(form_value).collect();
        out.insert("stale_action_forms", Field::Value(Value::Array(stale)));
    }
}

/// `"kind": "action"` on a finding of an action rule.
pub(super) fn finding_kind(f: &crate::model::Finding, o: &mut Object<'_>) {
    if f.rule.kind() == crate::model::rules::Kind::Action {
        o.insert("kind", Field::Str("action"));
    }
}

/// The consolidation's plan, when it has one.
pub(super) fn plan_of(c: &Consolidation) -> Option<&PlanReport> {
    c.actions.as_ref()
}
