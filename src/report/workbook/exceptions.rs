//! The Exceptions sheet: each exception with its remedial action, then the
//! actions for indicators that are no longer exceptions.

use super::data_quality::file_link;
use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup, MAX_URL};
use crate::model::{Consolidation, IndicatorResult};
use crate::report::forms::form_file_name;
use crate::report::reasons_words;
use crate::report::text::looks_like_formula;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// Fills the Exceptions sheet.
pub(super) fn exceptions_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let mut columns = vec![
        ("Directorate", 12.0),
        ("Code", 7.0),
        ("Title", 23.0),
        ("Owner", 14.0),
        ("Period", 8.0),
        ("Actual", 10.0),
        ("Target", 10.0),
        ("Forecast", 10.0),
        ("Annual target", 10.0),
        ("RAG", 6.0),
        ("Reasons", 20.0),
        ("Commentary", 29.0),
        ("Remedial action", 12.0),
        ("Reason", 40.0),
        ("Action", 40.0),
        ("Lead officer", 16.0),
        ("Back on target", 12.0),
        ("Status", 10.0),
        ("Form", 24.0),
    ];
    let changes = look.c.changes.as_ref();
    if changes.is_some() {
        columns.push(("Since last month", 12.0));
    }
    let exceptions: Vec<&IndicatorResult> =
        look.c.indicators.iter().filter(|r| r.exception).collect();
    s.table(0, &columns, row_num(exceptions.len()))?;
    for (i, r) in exceptions.iter().enumerate() {
        let row = row_num(i + 1);
        let nf = st.for_indicator(look.indicator(&r.code));
        s.text(row, 0, &r.directorate)?;
        s.text(row, 1, &r.code)?;
        s.long_text(row, 2, &r.title)?;
        s.long_text(row, 3, r.owner.as_deref().unwrap_or(""))?;
        s.text(row, 4, &r.period)?;
        s.num(row, 5, r.actual, nf)?;
        s.num(row, 6, r.target, nf)?;
        s.num(row, 7, r.forecast, nf)?;
        s.num(row, 8, r.annual_target, nf)?;
        s.word(row, 9, r.rag.word(), st.rag(r.rag))?;
        s.wrapped_word(row, 10, &reasons_words(&r.reasons))?;
        s.long_text(row, 11, r.commentary.as_deref().unwrap_or(""))?;
        match look.c.remedial.get(&r.code) {
            Some(a) if a.period == look.c.period_id => {
                s.word(row, 12, "Received", &st.plain)?;
                action_cells(&mut s, row, 13, a)?;
            }
            Some(a) => {
                let from = format!("Carried forward from {}", a.period);
                s.long_text(row, 12, &from)?;
                action_cells(&mut s, row, 13, a)?;
            }
            None => {
                s.word(row, 12, "Outstanding", &st.plain)?;
                // The blank form written beside this workbook, in remedial/.
                let name = form_file_name(&look.c.period_id, &r.code);
                let url = format!("file:///remedial/{name}");
                if url.encode_utf16().count() <= MAX_URL {
                    s.ws.write_url_with_text(row, 18, url.as_str(), &name)?;
                } else {
                    s.text(row, 18, &name)?;
                }
            }
        }
        if let Some(since) = changes.and_then(|ch| ch.since.get(&r.code)) {
            s.word(row, 19, since.word(), &st.plain)?;
        }
    }

    // Forms still open because there is no figure this month, then forms for
    // indicators that are no longer exceptions: shown, never lost.
    let mut top = row_num(exceptions.len() + 3);
    for (stale, title) in [
        (
            &look.c.awaiting_figure,
            "Remedial actions still open: no figure this month",
        ),
        (
            &look.c.stale_remedial,
            "Remedial actions for indicators that are no longer exceptions (closed or stale)",
        ),
    ] {
        if stale.is_empty() {
            continue;
        }
        s.word(top, 0, title, &st.subtitle)?;
        let head = [
            "Code",
            "Title",
            "Period",
            "Reason",
            "Action",
            "Lead officer",
            "Back on target",
            "Status",
            "Form",
        ];
        for (col, h) in head.iter().enumerate() {
            s.word(top + 1, col as ColNum, h, &st.header)?;
        }
        for (i, a) in stale.iter().enumerate() {
            let row = top + 2 + row_num(i);
            s.text(row, 0, &a.code)?;
            let title = look.indicator(&a.code).map(|i| i.title.as_str());
            s.long_text(row, 1, title.unwrap_or("Not in the register"))?;
            s.text(row, 2, &a.period)?;
            action_cells(&mut s, row, 3, a)?;
        }
        top += row_num(stale.len() + 3);
    }
    Ok(())
}

/// Reason, action, lead officer, back on target, status and form from `col` on.
fn action_cells(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    a: &crate::model::RemedialAction,
) -> Result<(), XlsxError> {
    s.long_text(row, col, a.reason.as_deref().unwrap_or(""))?;
    s.long_text(row, col + 1, a.action.as_deref().unwrap_or(""))?;
    s.opt_text(row, col + 2, a.lead_officer.as_deref())?;
    s.opt_text(row, col + 3, a.back_on_target.as_deref())?;
    let status = match a.status.as_deref() {
        Some("open") => "Open".to_string(),
        Some("closed") => "Closed".to_string(),
        Some(other) => other.to_string(),
        None => "No status given".to_string(),
    };
    s.text(row, col + 4, &status)?;
    // The completed form, linked where it was read from.
    let name = a.file_name();
    match file_link(&a.file, None) {
        Some(url) if !looks_like_formula(&name) => {
            s.ws.write_url_with_text(row, col + 5, url.as_str(), &name)?;
        }
        _ => s.text(row, col + 5, &name)?,
    }
    Ok(())
}

/// An exception's remedial action in a few words, for the Summary: "Outstanding",
/// "Received (open)", "Carried forward from 2026-08 (open)".
pub(super) fn action_status(c: &Consolidation, r: &IndicatorResult) -> String {
    form_status(c, c.remedial.get(&r.code))
}

/// A remedial form's state in a few words (see [`action_status`]); an
/// action exception's form is said the same way.
pub(super) fn form_status(
    c: &Consolidation,
    form: Option<&crate::model::RemedialAction>,
) -> String {
    let Some(a) = form else {
        return "Outstanding".to_string();
    };
    let status = match a.status.as_deref() {
        Some("open") => "open".to_string(),
        Some("closed") => "closed".to_string(),
        Some(other) => other.to_string(),
        None => "no status given".to_string(),
    };
    if a.period == c.period_id {
        format!("Received ({status})")
    } else {
        format!("Carried forward from {} ({status})", a.period)
    }
}
