//! The budget exceptions on the Summary, the one-page report (SPEC section
//! 16): one line each under the indicator and action exceptions, on the
//! Summary's own columns, with the adverse variance in pounds and the
//! recovery plan's status.

use super::sheet::Sheet;
use super::summary::form_words;
use super::{row_num, Lookup};
use crate::model::{BudgetRag, BudgetReport, BudgetResult};
use crate::report::budget_forms::budget_reason_words;
use crate::report::capitalise;
use rust_xlsxwriter::{ColNum, Format, RowNum, XlsxError};

/// The budget exceptions' columns as (heading, first column, last column),
/// under the indicator exceptions' own.
const EXCEPTION_SPANS: [(&str, ColNum, ColNum); 7] = [
    ("Directorate", 0, 0),
    ("Ref", 1, 1),
    ("Service", 2, 6),
    ("Adverse variance", 7, 8),
    ("RAG", 9, 9),
    ("Reason", 10, 12),
    ("Recovery plan", 13, 14),
];

/// The budget exceptions from row `top` down, one line each under their own
/// headings. Returns the row after the last written.
pub(super) fn exception_lines(
    s: &mut Sheet,
    top: RowNum,
    look: &Lookup,
    b: &BudgetReport,
) -> Result<RowNum, XlsxError> {
    let st = s.st;
    let list: Vec<&BudgetResult> = b.exceptions().collect();
    if list.is_empty() {
        s.merged_text(top, 0, 14, "No budget line is an exception this period.")?;
        return Ok(top + 1);
    }
    s.span_headings(top, &EXCEPTION_SPANS)?;
    // Whole pounds, as the Finance sheet shows them.
    let pounds = Format::new().set_num_format("£#,##0;-£#,##0");
    for (i, r) in list.iter().enumerate() {
        let row = top + 1 + row_num(i);
        // One line each, as the indicators' (names cut with "…"; the Finance
        // sheet has them whole).
        s.one_line(row, 0, 0, &r.directorate)?;
        s.text(row, 1, &r.reference)?;
        s.one_line(row, 2, 6, &r.service)?;
        let adverse = r.adverse.map(|m| m.pounds_f64());
        s.ws.merge_range(row, 7, row, 8, "", &pounds)?;
        if let Some(v) = adverse {
            s.ws.write_number_with_format(row, 7, v, &pounds)?;
        }
        let (word, shade) = rag(r.rag);
        s.word(row, 9, word, &st.rag[shade])?;
        s.one_line(row, 10, 12, &capitalise(&budget_reason_words(&r.reasons)))?;
        let form = b.remedial.get(&r.reference);
        s.merged_text(row, 13, 14, &form_words(look.c, form))?;
    }
    Ok(top + 1 + row_num(list.len()))
}

/// The RAG's word and the index of its fill in `Styles::rag`.
fn rag(rag: BudgetRag) -> (&'static str, usize) {
    match rag {
        BudgetRag::Green => ("Green", 0),
        BudgetRag::Amber => ("Amber", 1),
        BudgetRag::Red => ("Red", 2),
        BudgetRag::Missing => ("Missing", 4),
    }
}
