//! The Exceptions sheet: each exception with its remedial action, then the
//! actions for indicators that are no longer exceptions.

use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup};
use crate::assess::IndicatorResult;
use crate::report::reasons_words;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// Fills the Exceptions sheet.
pub(super) fn exceptions_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    let mut columns = vec![
        ("Directorate", 20.0),
        ("Code", 10.0),
        ("Title", 40.0),
        ("Owner", 20.0),
        ("Period", 11.0),
        ("Actual", 11.0),
        ("Target", 11.0),
        ("Forecast", 11.0),
        ("Annual target", 11.0),
        ("RAG", 9.0),
        ("Reasons", 45.0),
        ("Commentary", 50.0),
        ("Remedial action", 16.0),
        ("Reason", 45.0),
        ("Action", 45.0),
        ("Lead officer", 20.0),
        ("Back on target", 14.0),
        ("Status", 13.0),
        ("Form", 30.0),
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
        let nf = st.number(look.decimals(&r.code));
        s.text(row, 0, &r.directorate)?;
        s.text(row, 1, &r.code)?;
        s.long_text(row, 2, &r.title)?;
        s.opt_text(row, 3, r.owner.as_deref())?;
        s.text(row, 4, &r.period)?;
        s.num(row, 5, r.actual, nf)?;
        s.num(row, 6, r.target, nf)?;
        s.num(row, 7, r.forecast, nf)?;
        s.num(row, 8, r.annual_target, nf)?;
        s.word(row, 9, r.rag.word(), st.rag(r.rag))?;
        s.word(row, 10, &reasons_words(&r.reasons), &st.wrap)?;
        s.long_text(row, 11, r.commentary.as_deref().unwrap_or(""))?;
        match look.c.actions.get(&r.code) {
            Some(a) if a.period == look.c.period_id => {
                s.word(row, 12, "Received", &st.plain)?;
                action_cells(&mut s, row, 13, a)?;
            }
            Some(a) => {
                let from = format!("Carried forward from {}", a.period);
                s.text(row, 12, &from)?;
                action_cells(&mut s, row, 13, a)?;
            }
            None => s.word(row, 12, "Outstanding", &st.plain)?,
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
            &look.c.stale_actions,
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
    a: &crate::actions::RemedialAction,
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
    s.text(row, col + 5, &a.file_name())?;
    Ok(())
}
