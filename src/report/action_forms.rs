//! Remedial-action forms for action exceptions (SPEC section 13): one
//! workbook per action that is overdue, off track or slipped, named and read
//! back as an indicator's form is (`<period>-<Ref>.xlsx`), with the action's
//! facts in place of the figures. The council's `remedial-form.toml` gives
//! the fields to complete, their labels, help, colours and status choices.

use super::facts_form::{facts_form_bytes, FactsForm};
use super::forms::FormStyle;
use crate::model::{ActionReason, ActionResult, Consolidation};
use crate::period::date_words;
use rust_xlsxwriter::XlsxError;

/// The value of [`metadata::SUBJECT`] on an action's form.
pub const ACTION_SUBJECT: &str = "action";

/// An action's reasons in words, as the form and the console say them.
pub fn action_reasons_words(reasons: &[ActionReason]) -> String {
    let words: Vec<&str> = reasons
        .iter()
        .map(|r| match r {
            ActionReason::Overdue => "overdue",
            ActionReason::OffTrack => "off track",
            ActionReason::Slipped => "slipped past its due date",
        })
        .collect();
    words.join(", ")
}

/// The facts of an action, label and words, in the order the form shows them.
fn facts(c: &Consolidation, r: &ActionResult) -> Vec<(&'static str, String)> {
    let or_none = |s: Option<&str>| s.unwrap_or("Not given").to_string();
    let linked: Vec<String> = r
        .indicators
        .iter()
        .map(|l| match l.rag {
            Some(rag) => format!("{} ({})", l.code, rag.word()),
            None => l.code.clone(),
        })
        .collect();
    let mut out = vec![
        ("Ref", r.reference.clone()),
        ("Action", r.title.clone()),
        ("Plan", r.plan.clone()),
    ];
    if let Some(p) = &r.parent {
        out.push(("Milestone of", p.clone()));
    }
    out.extend([
        ("Directorate", r.directorate.clone()),
        ("Lead officer", or_none(r.lead.as_deref())),
        (
            "Period",
            crate::period::period_words(c.period, &c.period_id),
        ),
        (
            "Status",
            or_none(r.status.map(|s| s.word()).map(capitalised).as_deref()),
        ),
        (
            "% complete",
            r.percent_complete
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "Not given".into()),
        ),
        (
            "Start",
            r.start
                .map(date_words)
                .unwrap_or_else(|| "Not given".into()),
        ),
        ("Due (as agreed)", date_words(r.due)),
        ("Due now", date_words(r.due_current)),
        ("Days slipped", r.slippage_days.to_string()),
        ("Times the date has moved", r.revisions.to_string()),
        ("RAG", rag_word(r.rag)),
        ("Why a report is needed", action_reasons_words(&r.reasons)),
        (
            "Linked indicators",
            if linked.is_empty() {
                "None".into()
            } else {
                linked.join(", ")
            },
        ),
        ("Commentary", or_none(r.commentary.as_deref())),
    ]);
    out
}

/// ipr's RAG of an action as the forms and sheets write a RAG: `Green`,
/// `Overdue`, `Not assessed`.
pub fn rag_word(rag: crate::model::ActionRag) -> String {
    capitalised(&rag.id().replace('-', " "))
}

/// A word as a sheet starts a cell: `in progress` as `In progress`.
pub(super) fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One action's remedial-action form as bytes. Identical inputs give
/// identical bytes.
pub fn action_form_bytes(
    c: &Consolidation,
    r: &ActionResult,
    style: &FormStyle,
) -> Result<Vec<u8>, XlsxError> {
    let form = FactsForm {
        reference: &r.reference,
        subject: ACTION_SUBJECT,
        directorate: &r.directorate,
        doc_title: format!("Remedial action report {} {}", r.reference, c.period_id),
        title: format!("Remedial action report: {} {}", r.reference, r.title),
        intro: format!(
            "This action of the {} needs a remedial-action report for {}. Please complete the yellow cells and return this file to the performance team. Do not rename the file.",
            r.plan,
            crate::period::period_words(c.period, &c.period_id)
        ),
        heading: "The action",
        facts: facts(c, r),
    };
    facts_form_bytes(c, &form, style)
}
