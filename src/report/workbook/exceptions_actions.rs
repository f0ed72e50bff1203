//! The action plan on the Exceptions sheet (SPEC section 13): each action
//! exception as a row beside the indicator exceptions ("Kind" says which),
//! with its reasons, progress and remedial action; and in the last column an
//! indicator's linked actions, or an action's linked indicators, each with
//! its RAG.

use super::exceptions::remedial_cells;
use super::sheet::Sheet;
use super::{row_num, Lookup};
use crate::model::{ActionResult, IndicatorResult, PlanReport};
use crate::period::date_words;
use crate::report::action_words::{
    days, linked_words, rag_shade, rag_word, reasons_sentence, since_word,
};
use crate::report::forms::{action_form_file_names, form_file_name};
use rust_xlsxwriter::{ColNum, RowNum, XlsxError};

/// An indicator exception's linked actions with their RAG, in the last of
/// `columns` columns: "CP-1 Green, CP-2 Overdue", or "None".
pub(super) fn indicator_links(
    s: &mut Sheet,
    row: RowNum,
    columns: usize,
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
    s.long_text(row, last(columns), &text)
}

fn last(columns: usize) -> ColNum {
    columns.saturating_sub(1) as ColNum
}

/// The action exceptions, a row each from row `top` down, in the columns of
/// the indicator exceptions above (the figures' columns left empty: the
/// progress is said with the reasons).
pub(super) fn action_rows(
    s: &mut Sheet,
    top: RowNum,
    columns: usize,
    plan: &PlanReport,
    look: &Lookup,
) -> Result<(), XlsxError> {
    let st = s.st;
    let c = look.c;
    // The names the forms are written under, so each row links to its own.
    let forms = action_form_file_names(c);
    for (i, r) in plan.exceptions().enumerate() {
        let row = top + row_num(i);
        s.word(row, 0, "Action", &st.plain)?;
        s.long_text(row, 1, &r.directorate)?;
        s.text(row, 2, &r.reference)?;
        s.long_text(row, 3, &r.title)?;
        s.long_text(row, 4, r.lead.as_deref().unwrap_or(""))?;
        s.text(row, 5, &c.period_id)?;
        let shade = st.shade_wrapped(rag_shade(r.rag));
        s.wrapped_word_in(row, 10, rag_word(r.rag), shade)?;
        s.wrapped_word(row, 11, &reasons_and_progress(r))?;
        s.long_text(row, 12, r.commentary.as_deref().unwrap_or(""))?;
        let blank = forms.get(r.reference.as_str()).cloned();
        let blank = blank.unwrap_or_else(|| form_file_name(&c.period_id, &r.reference));
        remedial_cells(s, row, 13, c, plan.remedial.get(&r.reference), &blank)?;
        if c.changes.is_some() {
            let since = r.since_previous_report.map(since_word).unwrap_or("");
            s.word(row, 20, since, &st.plain)?;
        }
        let linked = match linked_words(&r.indicators) {
            none if none.is_empty() => "None".to_string(),
            words => words,
        };
        s.long_text(row, last(columns), &linked)?;
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
