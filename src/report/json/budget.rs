//! The budget in `IPR-<period>.json` (SPEC section 16): `budgets[]` (every
//! field of the section, with `note`), `summary.finance` (totals and lines
//! by RAG, and the exceptions), each directorate's `finance`, budget
//! exceptions in `exceptions[]` with `"kind": "budget"`, and
//! `"kind": "budget"` on a budget rule's findings. Only with a budget: a
//! run without one writes what it always did.

use super::object::{Field, Object};
use crate::model::budget_result::FinanceLines;
use crate::model::{BudgetReport, BudgetResult, Consolidation};
use serde_json::{json, Value};

/// The consolidation's budget, when it has one.
pub(super) fn budget_of(c: &Consolidation) -> Option<&BudgetReport> {
    c.budget.as_ref()
}

/// A completed recovery plan (the remedial form of a budget exception), as
/// an indicator's form is given, with `ref` for `code`.
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

/// One budget exception for `exceptions[]`: `kind` `budget`, its Ref both
/// as `ref` and as `code` (every exception has a `code`), the service as
/// `title`, its Type, its one reason and its recovery plan (`null`:
/// outstanding).
fn exception_json<'a>(b: &'a BudgetReport, r: &'a BudgetResult) -> Object<'a> {
    let form = b.remedial.get(&r.reference).map_or(Value::Null, form_value);
    Object::new(vec![
        ("kind", Field::Str("budget")),
        ("code", Field::Str(&r.reference)),
        ("ref", Field::Str(&r.reference)),
        ("title", Field::Str(&r.service)),
        ("directorate", Field::Str(&r.directorate)),
        ("type", Field::Str(r.line_type.word())),
        ("reasons", Field::Value(json!(r.reasons))),
        ("action", Field::Value(form)),
    ])
}

/// Adds the budget exceptions after the others, marking the indicator
/// exceptions `kind` `indicator` unless the plan has done so already.
pub(super) fn exceptions<'a>(b: &'a BudgetReport, marked: bool, list: &mut Vec<Object<'a>>) {
    if !marked {
        for o in list.iter_mut() {
            o.insert("kind", Field::Str("indicator"));
        }
    }
    list.extend(b.exceptions().map(|r| exception_json(b, r)));
}

/// Lines by RAG and exceptions over the lines of `directorate`, or every
/// line when it is `None`.
fn counts(b: &BudgetReport, directorate: Option<&str>) -> (FinanceLines, usize) {
    let mut lines = FinanceLines::default();
    let mut exceptions = 0;
    for r in b.lines_of(directorate) {
        lines.add(r.rag);
        exceptions += usize::from(r.exception);
    }
    (lines, exceptions)
}

/// `summary.finance` (`totals`, `lines`, and `exceptions`), and `finance`
/// in each directorate's summary (its `lines` and `exceptions`).
pub(super) fn summary(b: &BudgetReport, summary: &mut Value) {
    let Value::Object(map) = summary else { return };
    let mut finance = serde_json::to_value(&b.summary).unwrap_or(Value::Null);
    if let Value::Object(f) = &mut finance {
        f.insert("exceptions".into(), json!(b.exceptions().count()));
    }
    map.insert("finance".into(), finance);
    if let Some(Value::Array(dirs)) = map.get_mut("directorates") {
        for d in dirs.iter_mut() {
            let Value::Object(m) = d else { continue };
            let name = m
                .get("directorate")
                .and_then(Value::as_str)
                .map(str::to_string);
            let (lines, exceptions) = counts(b, name.as_deref());
            m.insert(
                "finance".into(),
                json!({ "lines": lines, "exceptions": exceptions }),
            );
        }
    }
}

/// The top-level `budgets` (every field of SPEC section 16, amounts in
/// pounds, unrounded), and the recovery plans answered for lines that are
/// no longer exceptions.
pub(super) fn document_fields<'a>(b: &'a BudgetReport, out: &mut Object<'a>) {
    let list = serde_json::to_value(&b.results).unwrap_or(Value::Null);
    out.insert("budgets", Field::Value(list));
    if !b.stale_remedial.is_empty() {
        let stale: Vec<Value> = b.stale_remedial.iter().map(form_value).collect();
        out.insert("stale_budget_forms", Field::Value(Value::Array(stale)));
    }
}

/// `"kind": "budget"` on a finding of a budget rule.
pub(super) fn finding_kind(f: &crate::model::Finding, o: &mut Object<'_>) {
    if f.rule.kind() == crate::model::rules::Kind::Budget {
        o.insert("kind", Field::Str("budget"));
    }
}
