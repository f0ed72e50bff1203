//! Recovery plans for budget exceptions (SPEC section 16): one remedial form
//! per budget line that is red, or amber two reports running with its
//! adverse variance growing, named and read back as an indicator's form is
//! (`remedial/<period>-<Ref>.xlsx`), with the line's figures in place of an
//! indicator's. The fields to complete are the council's, as on every form.

use super::facts_form::{facts_form_bytes, FactsForm};
use super::forms::FormStyle;
use crate::model::budget_result::{BudgetRag, BudgetReason};
use crate::model::{BudgetResult, Consolidation, LineType, Money};
use rust_xlsxwriter::XlsxError;

/// The value of [`crate::metadata::SUBJECT`] on a budget line's form.
pub const BUDGET_SUBJECT: &str = "budget";

/// A budget exception's reason in words, as the form and the sheets say it.
pub fn budget_reason_words(reasons: &[BudgetReason]) -> String {
    let words: Vec<&str> = reasons
        .iter()
        .map(|r| match r {
            BudgetReason::Overspend => "overspend",
            BudgetReason::IncomeShortfall => "income shortfall",
            BudgetReason::CapitalVariance => "capital variance",
        })
        .collect();
    words.join(", ")
}

/// Why the line needs a recovery plan: its reason, and whether it is red or
/// amber for a second report running and getting worse.
fn why(r: &BudgetResult) -> String {
    let reason = budget_reason_words(&r.reasons);
    let mut out = reason.get(..1).unwrap_or("").to_uppercase() + reason.get(1..).unwrap_or("");
    out.push_str(match r.rag {
        BudgetRag::Red => ": the variance is more than twice the tolerance",
        _ => ": amber in two reports running, and the adverse variance has grown",
    });
    out
}

fn money(m: Option<Money>) -> String {
    m.map(Money::words_whole)
        .unwrap_or_else(|| "Not given".into())
}

/// The facts of a budget line, label and words, in the order the form shows them.
fn facts(c: &Consolidation, r: &BudgetResult) -> Vec<(&'static str, String)> {
    let to_date = match r.line_type {
        LineType::Income => "Income to date",
        _ => "Spend to date",
    };
    let variance = r.variance.map_or_else(
        || "Not given".to_string(),
        |v| {
            let pct = r
                .variance_percent()
                .map(|p| format!(" ({p:.1}% of the budget)"))
                .unwrap_or_default();
            format!(
                "{}{pct}: {}",
                v.words_whole(),
                r.line_type.variance_words(v)
            )
        },
    );
    let mut line_type = r.line_type.word().to_string();
    line_type[..1].make_ascii_uppercase();
    vec![
        ("Ref", r.reference.clone()),
        ("Service", r.service.clone()),
        ("Directorate", r.directorate.clone()),
        (
            "Budget holder",
            r.holder.clone().unwrap_or_else(|| "Not given".into()),
        ),
        ("Type", line_type),
        (
            "Period",
            crate::period::period_words(c.period, &c.period_id),
        ),
        ("Approved budget", r.budget.words_whole()),
        (to_date, money(r.spend_to_date)),
        ("Forecast outturn", money(r.forecast)),
        ("Variance", variance),
        ("Tolerance", r.tolerance.to_money().words()),
        ("RAG", rag_word(r.rag)),
        ("Movement since last month", money(r.movement)),
        ("Why a recovery plan is needed", why(r)),
        (
            "Commentary",
            r.commentary.clone().unwrap_or_else(|| "None".into()),
        ),
    ]
}

/// A budget line's RAG as the forms and sheets write it: `Green`, `No forecast`.
pub fn rag_word(rag: BudgetRag) -> String {
    match rag {
        BudgetRag::Green => "Green",
        BudgetRag::Amber => "Amber",
        BudgetRag::Red => "Red",
        BudgetRag::Missing => "No forecast",
    }
    .to_string()
}

/// One budget line's recovery plan as bytes. Identical inputs give
/// identical bytes.
pub fn budget_form_bytes(
    c: &Consolidation,
    r: &BudgetResult,
    style: &FormStyle,
) -> Result<Vec<u8>, XlsxError> {
    let forecast = r
        .variance
        .map(|v| format!(": it is forecast to {}", r.line_type.variance_words(v)))
        .unwrap_or_default();
    let form = FactsForm {
        reference: &r.reference,
        subject: BUDGET_SUBJECT,
        directorate: &r.directorate,
        doc_title: format!("Recovery plan {} {}", r.reference, c.period_id),
        title: format!("Recovery plan: {} {}", r.reference, r.service),
        intro: format!(
            "This budget line needs a recovery plan for {}{forecast}, beyond its tolerance. Please complete the yellow cells and return this file to the performance team. Do not rename the file.",
            crate::period::period_words(c.period, &c.period_id)
        ),
        heading: "The budget line",
        facts: facts(c, r),
    };
    facts_form_bytes(c, &form, style)
}

/// The file name of each budget exception's form, in budget order, as the
/// forms are written: named after the indicators' and the actions' forms
/// by the one naming function, so that a Ref spelt as another's code never
/// takes its form.
pub fn budget_form_file_names(c: &Consolidation) -> Vec<(&str, String)> {
    let lines: Vec<&str> = c
        .budget
        .iter()
        .flat_map(|b| b.exceptions())
        .map(|r| r.reference.as_str())
        .collect();
    let codes = c
        .indicators
        .iter()
        .filter(|r| r.exception)
        .map(|r| r.code.as_str());
    let refs = c
        .actions
        .iter()
        .flat_map(|p| p.exceptions())
        .map(|r| r.reference.as_str());
    let all =
        super::names::ref_file_names(&c.period_id, codes.chain(refs).chain(lines.iter().copied()));
    let names = all[all.len() - lines.len()..].to_vec();
    lines.into_iter().zip(names).collect()
}
