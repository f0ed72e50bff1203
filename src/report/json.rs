//! `IPR-<period>.json`: the consolidation for other systems (SPEC section 8).
//!
//! Field names are a contract. Numbers are unrounded; periods are canonical ids.

use super::{write_atomic, ReportError, ReportErrorKind};
use crate::model::{Consolidation, FindingCounts, IndicatorResult, Rag};
use serde_json::{json, Value};
use std::path::Path;

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

fn indicator_json(r: &IndicatorResult) -> Value {
    let source = match &r.source {
        Some(s) => json!({ "file": s.file, "sheet": s.sheet, "cell": s.cell() }),
        None => Value::Null,
    };
    json!({
        "code": r.code,
        "directorate": r.directorate,
        "title": r.title,
        "period": r.period,
        "actual": r.actual,
        "target": r.target,
        "target_basis": r.target_basis,
        "variance": r.variance,
        "rag": r.rag,
        "direction_last_year": r.direction_last_year,
        "direction_previous": r.direction_previous,
        "ytd": r.ytd,
        "annual_target": r.annual_target,
        "forecast": r.forecast,
        "forecast_basis": r.forecast_basis,
        "exception": r.exception,
        "reasons": r.reasons,
        "commentary": r.commentary,
        "source": source,
        "spc": spc_json(r.spc.as_ref()),
    })
}

/// `indicators[].spc` exactly as SPEC section 11 gives it, numbers unrounded.
fn spc_json(spc: Option<&crate::model::spc::Spc>) -> Value {
    let Some(s) = spc else { return Value::Null };
    json!({
        "points": s.points,
        "mean": s.mean,
        "lower_limit": s.lower_limit,
        "upper_limit": s.upper_limit,
        "variation": s.variation.name(),
        "assurance": s.assurance.map(|a| a.name()),
        "rules": s.rules.iter().map(|r| r.name()).collect::<Vec<_>>(),
    })
}

/// A completed remedial-action form: `{reason, action, lead_officer,
/// back_on_target, status, file}` plus its `code` and `period` (which differs
/// from the report's when the form was carried forward).
fn action_json(a: &crate::actions::RemedialAction) -> Value {
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
    let mut indicators: Vec<Value> = c.indicators.iter().map(indicator_json).collect();
    let mut findings = serde_json::to_value(&c.findings).unwrap_or(Value::Null);
    if let Some(ch) = &c.changes {
        // SPEC section 10: RAG in the previous report, and whether it had each finding.
        for (v, r) in indicators.iter_mut().zip(&c.indicators) {
            if let Value::Object(m) = v {
                let then = ch.rag_previous.get(&r.code).copied().flatten();
                m.insert("rag_previous_report".into(), json!(then));
                let since = ch.since.get(&r.code).map(|s| s.word());
                m.insert("since_previous_report".into(), json!(since));
            }
        }
        if let Value::Array(list) = &mut findings {
            for (v, f) in list.iter_mut().zip(&c.findings) {
                if let Value::Object(m) = v {
                    m.insert("new".into(), Value::Bool(ch.is_new(f)));
                }
            }
        }
    }
    let exceptions: Vec<Value> = c
        .indicators
        .iter()
        .filter(|r| r.exception)
        .map(|r| {
            json!({
                "code": r.code,
                "directorate": r.directorate,
                "reasons": r.reasons,
                "action": c.actions.get(&r.code).map(action_json).unwrap_or(Value::Null),
            })
        })
        .collect();
    // Serialising these plain structs cannot fail; Null rather than a panic if it ever did.
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
                }
                v
            })
            .collect();
        map.insert("directorates".into(), Value::Array(directorates));
        if let Some(ch) = &c.changes {
            map.insert("new_findings".into(), json!(ch.count_new(&c.findings)));
        }
    }
    let mut out = json!({
        "period": c.period_id,
        "indicators": indicators,
        "exceptions": exceptions,
        "findings": findings,
        "coverage": coverage,
        "summary": summary,
        // Always present (empty without --actions), so readers need no special case.
        "stale_actions": c.stale_actions.iter().map(action_json).collect::<Vec<_>>(),
    });
    if let Value::Object(map) = &mut out {
        // Only when there are some, so a run without them writes what it always did.
        // The values used, so that next month's run can tell a restated figure.
        let used = serde_json::to_value(&c.values_used).unwrap_or(Value::Null);
        map.insert("values_used".into(), used);
        // Absent without a previous report (SPEC section 10: "simply absent").
        if let Some(ch) = &c.changes {
            map.insert(
                "changes".into(),
                json!({
                    "previous_period": ch.previous_period,
                    "previous_report": ch.previous_file,
                    "new_exceptions": ch.new_exceptions,
                    "no_longer_exceptions": ch.no_longer_exceptions,
                    "rag_better": ch.rag_better,
                    "rag_worse": ch.rag_worse,
                }),
            );
        }
        if !c.awaiting_figure.is_empty() {
            let open: Vec<Value> = c.awaiting_figure.iter().map(action_json).collect();
            map.insert("actions_awaiting_figure".into(), Value::Array(open));
        }
    }
    out
}

/// Writes [`to_json`] pretty-printed, with a trailing newline, atomically to `path`.
pub fn write_json(c: &Consolidation, path: &Path) -> Result<(), ReportError> {
    write_atomic(path, &json_bytes(c, path)?)
}

/// [`to_json`] as the bytes [`write_json`] writes; `path` only names the file in errors.
pub fn json_bytes(c: &Consolidation, path: &Path) -> Result<Vec<u8>, ReportError> {
    let mut text = serde_json::to_string_pretty(&to_json(c))
        .map_err(|e| ReportError::new(path, ReportErrorKind::Json(e)))?;
    text.push('\n');
    Ok(text.into_bytes())
}
