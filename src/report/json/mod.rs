//! `IPR-<period>.json`: the consolidation for other systems (SPEC section 8).
//!
//! Field names are a contract. Numbers are unrounded; periods are canonical ids.

use super::{write_atomic, ReportError, ReportErrorKind};
use crate::model::previous::Used;
use crate::model::{Consolidation, Finding, FindingCounts, IndicatorResult, Rag};
use object::{Field, Object};
use serde_json::{json, Value};
use std::path::Path;

mod actions;
mod budget;
mod object;

pub use actions::ActionCounts;

/// Counts shown on the console, the Summary sheet, the HTML and the JSON
/// `summary`: the one place they are counted (findings through
/// [`FindingCounts`]). `dq_warnings` are the warnings to look at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Indicators due.
    pub indicators: usize,
    /// Green.
    pub green: usize,
    /// Amber.
    pub amber: usize,
    /// Red.
    pub red: usize,
    /// No target or monitoring only.
    pub none: usize,
    /// No value returned.
    pub missing: usize,
    /// Exceptions.
    pub exceptions: usize,
    /// Data-quality errors.
    pub dq_errors: usize,
    /// Data-quality warnings not explained.
    pub dq_warnings: usize,
    /// Data-quality warnings explained by a data note.
    pub dq_warnings_explained: usize,
    /// Findings on periods before the one reported (errors and warnings),
    /// counted apart from the month's above.
    pub dq_earlier_periods: usize,
}

impl Counts {
    /// Counts over the results and findings whose directorate matches
    /// `directorate` (ignoring case), or over everything when it is `None`.
    pub fn of(c: &Consolidation, directorate: Option<&str>) -> Counts {
        let wanted = |d: Option<&str>| match (directorate, d) {
            (None, _) => true,
            (Some(w), Some(d)) => w.eq_ignore_ascii_case(d),
            (Some(_), None) => false,
        };
        let mut n = Counts::default();
        for r in c.indicators.iter().filter(|r| wanted(Some(&r.directorate))) {
            n.indicators += 1;
            match r.rag {
                Rag::Green => n.green += 1,
                Rag::Amber => n.amber += 1,
                Rag::Red => n.red += 1,
                Rag::None => n.none += 1,
                Rag::Missing => n.missing += 1,
            }
            if r.exception {
                n.exceptions += 1;
            }
        }
        // Findings on earlier periods are counted apart from the month's.
        let mut f = FindingCounts::default();
        for x in c
            .findings
            .iter()
            .filter(|f| wanted(f.directorate.as_deref()))
        {
            if x.earlier_period {
                n.dq_earlier_periods += 1;
            } else {
                f.add(x);
            }
        }
        n.dq_errors = f.errors;
        n.dq_warnings = f.to_look_at;
        n.dq_warnings_explained = f.explained;
        n
    }

    /// The data-quality counts, to be said as every output says them.
    pub fn findings(&self) -> FindingCounts {
        FindingCounts {
            errors: self.dq_errors,
            to_look_at: self.dq_warnings,
            explained: self.dq_warnings_explained,
        }
    }

    fn to_json(self) -> Value {
        json!({
            "indicators": self.indicators,
            "green": self.green,
            "amber": self.amber,
            "red": self.red,
            "none": self.none,
            "missing": self.missing,
            "exceptions": self.exceptions,
            "dq_errors": self.dq_errors,
            "dq_warnings": self.dq_warnings,
            "dq_warnings_explained": self.dq_warnings_explained,
            "dq_earlier_periods": self.dq_earlier_periods,
        })
    }
}

fn indicator_json<'a>(c: &'a Consolidation, r: &'a IndicatorResult) -> Object<'a> {
    let source = match &r.source {
        Some(s) => Field::Object(Object::new(vec![
            ("file", Field::Str(&s.file)),
            ("sheet", Field::Str(&s.sheet)),
            ("cell", Field::Value(Value::String(s.cell()))),
        ])),
        None => Field::Value(Value::Null),
    };
    let mut o = Object::new(vec![
        ("code", Field::Str(&r.code)),
        ("directorate", Field::Str(&r.directorate)),
        ("title", Field::Str(&r.title)),
        ("period", Field::Str(&r.period)),
        ("actual", Field::Num(r.actual)),
        ("target", Field::Num(r.target)),
        ("target_basis", Field::Str(r.target_basis)),
        ("variance", Field::Num(r.variance)),
        ("rag", Field::Value(json!(r.rag))),
        (
            "direction_last_year",
            Field::Value(json!(r.direction_last_year)),
        ),
        (
            "direction_previous",
            Field::Value(json!(r.direction_previous)),
        ),
        ("ytd", Field::Num(r.ytd)),
        ("annual_target", Field::Num(r.annual_target)),
        ("forecast", Field::Num(r.forecast)),
        ("forecast_basis", Field::Str(r.forecast_basis)),
        ("exception", Field::Bool(r.exception)),
        ("reasons", Field::Value(json!(r.reasons))),
        ("commentary", Field::OptStr(r.commentary.as_deref())),
        ("source", source),
        ("spc", spc_json(r.spc.as_ref())),
    ]);
    if let Some(plan) = actions::plan_of(c) {
        actions::indicator_fields(plan, &r.code, &mut o);
    }
    if !c.register.attribute_columns.is_empty() {
        o.insert("attributes", attributes_json(c, &r.code));
    }
    if let Some(ch) = &c.changes {
        // SPEC section 10: RAG in the previous report.
        let then = ch.rag_previous.get(&r.code).copied().flatten();
        o.insert("rag_previous_report", Field::Value(json!(then)));
        let since = ch.since.get(&r.code).map(|s| s.word());
        o.insert("since_previous_report", Field::OptStr(since));
    }
    o
}

/// `indicators[].attributes`: each of the register's other columns by its
/// heading as written, its text or `null` where the cell is blank.
fn attributes_json(c: &Consolidation, code: &str) -> Field<'static> {
    let ind = c.register.get(code);
    let map: serde_json::Map<String, Value> = c
        .register
        .attribute_columns
        .iter()
        .map(|h| {
            let v = ind.and_then(|i| i.attribute(h));
            (
                h.clone(),
                v.map_or(Value::Null, |v| Value::String(v.into())),
            )
        })
        .collect();
    Field::Value(Value::Object(map))
}

/// `indicators[].spc` exactly as SPEC section 11 gives it, numbers unrounded.
fn spc_json(spc: Option<&crate::model::spc::Spc>) -> Field<'_> {
    let Some(s) = spc else {
        return Field::Value(Value::Null);
    };
    Field::Object(Object::new(vec![
        ("points", Field::Count(s.points)),
        ("mean", Field::Num(Some(s.mean))),
        ("lower_limit", Field::Num(Some(s.lower_limit))),
        ("upper_limit", Field::Num(Some(s.upper_limit))),
        ("variation", Field::Str(s.variation.name())),
        ("assurance", Field::OptStr(s.assurance.map(|a| a.name()))),
        (
            "rules",
            Field::Value(json!(s.rules.iter().map(|r| r.name()).collect::<Vec<_>>())),
        ),
    ]))
}

/// One finding: its own fields, and `new` where there is a previous report.
fn finding_json<'a>(c: &'a Consolidation, f: &'a Finding) -> Object<'a> {
    let mut o = Object::new(vec![
        ("rule", Field::Str(f.rule.id())),
        ("severity", Field::Value(json!(f.severity))),
        ("dimension", Field::Value(json!(f.dimension))),
        ("file", Field::Str(&f.file)),
        (
            "sheet",
            Field::OptStr(Some(f.sheet.as_str()).filter(|s| !s.is_empty())),
        ),
        ("cell", Field::OptStr(f.cell.as_deref())),
        ("directorate", Field::OptStr(f.directorate.as_deref())),
        ("indicator", Field::OptStr(f.indicator.as_deref())),
        ("period", Field::OptStr(f.period.as_deref())),
        ("value", Field::OptStr(f.value.as_deref())),
        ("message", Field::Str(&f.message)),
        ("hint", Field::Str(&f.hint)),
        ("explained", Field::Bool(f.explained)),
        ("note", Field::OptStr(f.note.as_deref())),
    ]);
    if f.earlier_period {
        o.insert("earlier_period", Field::Bool(true));
    }
    actions::finding_kind(f, &mut o);
    budget::finding_kind(f, &mut o);
    if let Some(ch) = &c.changes {
        // SPEC section 10: whether the previous report had it.
        o.insert("new", Field::Bool(ch.is_new(f)));
    }
    o
}

/// One value used, for next month's restatement check.
fn used_json(u: Used<'_>, cal: crate::period::Calendar) -> Object<'_> {
    let o = u.observation;
    Object::new(vec![
        ("code", Field::Str(u.code)),
        ("period", Field::Text(cal.id(o.period))),
        ("value", Field::Num(Some(u.value))),
        ("file", Field::Str(&o.source.file)),
        ("sheet", Field::Str(&o.source.sheet)),
        ("cell", Field::Text(o.source.cell())),
    ])
}

/// A completed remedial-action form: `{reason, action, lead_officer,
/// back_on_target, status, file}` plus its `code` and `period` (which differs
/// from the report's when the form was carried forward).
fn action_json(a: &crate::model::RemedialAction) -> Value {
    json!({
        "code": a.code,
        "period": a.period,
        "reason": a.reason,
        "action": a.action,
        "lead_officer": a.lead_officer,
        "back_on_target": a.back_on_target,
        "status": a.status,
        "file": a.file,
    })
}

/// The consolidation as the JSON contract of SPEC section 8:
/// `{ period, indicators, exceptions, findings, coverage, summary }`, plus
/// `stale_actions` when completed forms were given for indicators that are no
/// longer exceptions.
pub fn to_json(c: &Consolidation) -> Value {
    // Serialising these plain structs cannot fail; Null rather than a panic if it ever did.
    serde_json::to_value(document(c)).unwrap_or(Value::Null)
}

/// The document [`to_json`] gives and [`json_bytes`] writes, keys in sorted order.
fn document(c: &Consolidation) -> Object<'_> {
    let mut exceptions: Vec<Object> = c
        .indicators
        .iter()
        .filter(|r| r.exception)
        .map(|r| {
            let action = c
                .remedial
                .get(&r.code)
                .map(action_json)
                .unwrap_or(Value::Null);
            Object::new(vec![
                ("code", Field::Str(&r.code)),
                ("directorate", Field::Str(&r.directorate)),
                ("reasons", Field::Value(json!(r.reasons))),
                ("action", Field::Value(action)),
            ])
        })
        .collect();
    if let Some(plan) = actions::plan_of(c) {
        actions::exceptions(plan, &mut exceptions);
    }
    if let Some(b) = budget::budget_of(c) {
        budget::exceptions(b, c.actions.is_some(), &mut exceptions);
    }
    let coverage = serde_json::to_value(&c.coverage).unwrap_or(Value::Null);
    let mut summary = Counts::of(c, None).to_json();
    if let Value::Object(map) = &mut summary {
        let directorates: Vec<Value> = c
            .register
            .directorates()
            .iter()
            .map(|d| {
                let mut v = Counts::of(c, Some(d)).to_json();
                if let Value::Object(m) = &mut v {
                    m.insert("directorate".into(), Value::String(d.clone()));
                    if let Some(ch) = &c.changes {
                        // As the council's count, for this directorate's findings.
                        let mine = c.findings.iter().filter(|f| {
                            f.directorate
                                .as_deref()
                                .is_some_and(|x| x.eq_ignore_ascii_case(d))
                        });
                        let n = mine.filter(|f| ch.is_new(f)).count();
                        m.insert("new_findings".into(), json!(n));
                    }
                }
                v
            })
            .collect();
        map.insert("directorates".into(), Value::Array(directorates));
        if let Some(ch) = &c.changes {
            map.insert("new_findings".into(), json!(ch.count_new(&c.findings)));
        }
    }
    if let Some(plan) = actions::plan_of(c) {
        actions::summary(plan, &mut summary);
    }
    if let Some(b) = budget::budget_of(c) {
        budget::summary(b, &mut summary);
    }
    let stale: Vec<Value> = c.stale_remedial.iter().map(action_json).collect();
    let mut out = Object::new(vec![
        ("period", Field::Str(&c.period_id)),
        (
            "indicators",
            Field::List(c.indicators.iter().map(|r| indicator_json(c, r)).collect()),
        ),
        ("exceptions", Field::List(exceptions)),
        (
            "findings",
            Field::List(c.findings.iter().map(|f| finding_json(c, f)).collect()),
        ),
        ("coverage", Field::Value(coverage)),
        ("summary", Field::Value(summary)),
        // Always present (empty without --actions), so readers need no special case.
        ("stale_actions", Field::Value(Value::Array(stale))),
        // The values used, so that next month's run can tell a restated figure.
        ("values_used", Field::ValuesUsed(c)),
    ]);
    // Absent without a previous report (SPEC section 10: "simply absent").
    if let Some(ch) = &c.changes {
        let changes = json!({
            "previous_period": ch.previous_period,
            "previous_report": ch.previous_file,
            "new_exceptions": ch.new_exceptions,
            "no_longer_exceptions": ch.no_longer_exceptions,
            "no_figure_exceptions": ch.no_figure_exceptions,
            "returned": ch.returned,
            "rag_better": ch.rag_better,
            "rag_worse": ch.rag_worse,
        });
        out.insert("changes", Field::Value(changes));
    }
    if let Some(plan) = actions::plan_of(c) {
        actions::document_fields(plan, &mut out);
    }
    if let Some(b) = budget::budget_of(c) {
        budget::document_fields(b, &mut out);
    }
    // Only when there are some, so a run without them writes what it always did.
    if !c.awaiting_figure.is_empty() {
        let open: Vec<Value> = c.awaiting_figure.iter().map(action_json).collect();
        out.insert("actions_awaiting_figure", Field::Value(Value::Array(open)));
    }
    // SPEC section 14: only where `packs` cut some, so other runs write what they did.
    if !c.packs.is_empty() {
        let packs: Vec<Value> = c
            .packs
            .iter()
            .map(|p| {
                let mut v = json!({
                    "column": p.column,
                    "value": p.value,
                    "files": p.files,
                    "indicators": p.indicators,
                    "actions": p.actions,
                });
                // The pack's budget lines' refs, only where there is a budget.
                if c.budget.is_some() {
                    v["budgets"] = json!(p.budget);
                }
                v
            })
            .collect();
        out.insert("packs", Field::Value(Value::Array(packs)));
    }
    out
}

/// Writes [`to_json`] pretty-printed, with a trailing newline, atomically to `path`.
pub fn write_json(c: &Consolidation, path: &Path) -> Result<(), ReportError> {
    write_atomic(path, &json_bytes(c, path)?)
}

/// [`to_json`] as the bytes [`write_json`] writes; `path` only names the file in errors.
pub fn json_bytes(c: &Consolidation, path: &Path) -> Result<Vec<u8>, ReportError> {
    let mut bytes = Vec::with_capacity(1 << 16);
    write_json_to(c, &mut bytes).map_err(|e| ReportError::new(path, ReportErrorKind::Json(e)))?;
    Ok(bytes)
}

/// The bytes of [`json_bytes`] written to `to` as they are made, so that a
/// council-year's 7 MB need not be held in memory whole.
pub fn write_json_to(c: &Consolidation, mut to: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(&mut to, &document(c))?;
    to.write_all(b"\n").map_err(serde_json::Error::io)
}
