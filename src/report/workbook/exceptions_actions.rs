//! The action plan on the Exceptions sheet (SPEC section 13): each action
//! exception as a row beside the indicator exceptions ("Kind" says which),
//! with its reasons, progress and remedial action; and in the last column an
//! indicator's linked actions, or an action's linked indicators, each with
//! its RAG.

use super::exceptions::{remedial_cells, Cols};
use super::sheet::Sheet;
use super::{row_num, Lookup};
use crate::model::{ActionResult, IndicatorResult, PlanReport};
use crate::period::date_words;
use crate::report::action_words::{
    days, linked_words, rag_shade, rag_word, reasons_sentence, since_word,
};
use crate::report::forms::{action_form_file_names, form_file_name};
use rust_xlsxwriter::{ColNum, RowNum, XlsxError};

/// An indicator exception's linked actions with their RAG, in column `last`
/// (the last): "CP-1 Green, CP-2 Overdue", or "None".
pub(super) fn indicator_links(
    s: &mut Sheet,
    row: RowNum,
    last: ColNum,
    r: &IndicatorResult,
    plan: &PlanReport,
) -> Result<(), XlsxError> {
    let refs = plan.for_indicator(&r.code).map(|l| l.actions.as_slice());
    let words: Vec<String> = refs
        .unwrap_or_default()
        .iter()
        .map(
            |reference| match plan.results.iter().find(|a| &a.reference == reference) {
                Some(a) => format!("{reference} {}", rag_word(a.rag)),
                None => reference.clone(),
            },
        )
        .collect();
    let text = if words.is_empty() {
        "None".to_string()
    } else {
        words.join(", ")
    };
    s.long_text(row, last, &text)
}

/// The action exceptions, a row each from row `top` down, in the columns of
/// the indicator exceptions above (`cols`; the figures' columns left empty:
/// the progress is said with the reasons).
pub(super) fn action_rows(
    s: &mut Sheet,
    top: RowNum,
    cols: &Cols,
    plan: &PlanReport,
    look: &Lookup,
) -> Result<(), XlsxError> {
    let st = s.st;
    let c = look.c;
    // The names the forms are written under, so each row links to its own.
    let forms = action_form_file_names(c);
    for (i, r) in plan.exceptions().enumerate() {
        let row = top + row_num(i);
        s.word(row, cols.at("Kind"), "Action", &st.plain)?;
        s.long_text(row, cols.at("Directorate"), &r.directorate)?;
        s.text(row, cols.at("Code"), &r.reference)?;
        s.long_text(row, cols.at("Title"), &r.title)?;
        s.long_text(row, cols.at("Owner"), r.lead.as_deref().unwrap_or(""))?;
        s.text(row, cols.at("Period"), &c.period_id)?;
        let shade = st.shade_wrapped(rag_shade(r.rag));
        s.wrapped_word_in(row, cols.at("RAG"), rag_word(r.rag), shade)?;
        s.wrapped_word(row, cols.at("Reasons"), &reasons_and_progress(r))?;
        let commentary = r.commentary.as_deref().unwrap_or("");
        s.long_text(row, cols.at("Commentary"), commentary)?;
        let blank = forms.get(r.reference.as_str()).cloned();
        let blank = blank.unwrap_or_else(|| form_file_name(&c.period_id, &r.reference));
        remedial_cells(s, row, cols, c, plan.remedial.get(&r.reference), &blank)?;
        if c.changes.is_some() {
            let since = r.since_previous_report.map(since_word).unwrap_or("");
            s.word(row, cols.at("Since last month"), since, &st.plain)?;
        }
        let linked = match linked_words(&r.indicators) {
            none if none.is_empty() => "None".to_string(),
            words => words,
        };
        s.long_text(row, cols.last(), &linked)?;
    }
    Ok(())
}

/// An action exception's reasons, then its progress and dates: "Slipped past
/// its due date. 40% complete; due 30 Sep 2027, agreed 30 Jun 2027 (92 days
/// later)."
pub(super) fn reasons_and_progress(r: &ActionResult) -> String {
    let mut parts = Vec::new();
    if let Some(p) = r.percent_complete {
        parts.push(format!("{p}% complete"));
    }
    let mut due = format!("due {}", date_words(r.due_current));
    if r.slippage_days != 0 {
        let way = if r.slippage_days > 0 {
            "later"
        } else {
            "earlier"
        };
        let moved = days(r.slippage_days.abs());
        due.push_str(&format!(", agreed {} ({moved} {way})", date_words(r.due)));
    }
    parts.push(due);
    format!("{}. {}.", reasons_sentence(&r.reasons), parts.join("; "))
}

/// The title of the action `reference`, for a list of its forms.
pub(super) fn action_title(plan: &PlanReport, reference: &str) -> String {
    plan.results
        .iter()
        .find(|a| a.reference.eq_ignore_ascii_case(reference))
        .map_or("Not in the plan".to_string(), |a| a.title.clone())
}
