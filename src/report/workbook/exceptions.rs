//! The Exceptions sheet: each exception with its remedial action (with a
//! plan, the action exceptions too: `exceptions_actions`), then the remedial
//! actions for indicators that are no longer exceptions.

use super::data_quality::file_link;
use super::exceptions_actions;
use super::sheet::Sheet;
use super::styles::Styles;
use super::{row_num, Lookup, MAX_URL};
use crate::model::{Consolidation, IndicatorResult, RemedialAction};
use crate::report::forms::{form_file_name, form_file_names};
use crate::report::text::looks_like_formula;
use crate::report::{capitalise, reasons_words};
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// The Exceptions sheet's columns. With a plan, the action exceptions are
/// rows too: "Kind" first says which, and "Linked" last gives an indicator's
/// actions or an action's indicators, each with its RAG.
fn columns(c: &Consolidation) -> Vec<(&'static str, f64)> {
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
    if c.changes.is_some() {
        columns.push(("Since last month", 12.0));
    }
    if c.actions.is_some() {
        // The title and owner give up the room "Kind" and a RAG "Overdue"
        // take, so that the commentary still prints.
        columns[2].1 = 21.0;
        columns[3].1 = 12.0;
        columns[9].1 = 8.0;
        columns.insert(0, ("Kind", 9.0));
        columns.push(("Linked", 26.0));
    }
    columns
}

/// Fills the Exceptions sheet.
pub(super) fn exceptions_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let c = look.c;
    let columns = columns(c);
    let exceptions: Vec<&IndicatorResult> = c.indicators.iter().filter(|r| r.exception).collect();
    let plan = c.actions.as_ref();
    let actions = plan.map_or(0, |p| p.exceptions().count());
    s.table(0, &columns, row_num(exceptions.len() + actions))?;
    // With a plan every column moves one right, for "Kind".
    let o = ColNum::from(plan.is_some());
    // The names the forms are written under, so each row links to its own.
    let forms = form_file_names(c);
    for (i, r) in exceptions.iter().enumerate() {
        let row = row_num(i + 1);
        let blank = forms.get(r.code.as_str()).cloned();
        let blank = blank.unwrap_or_else(|| form_file_name(&c.period_id, &r.code));
        indicator_row(&mut s, row, o, r, look, &blank)?;
        if let Some(plan) = plan {
            exceptions_actions::indicator_links(&mut s, row, columns.len(), r, plan)?;
        }
    }
    if let Some(plan) = plan {
        let top = row_num(exceptions.len() + 1);
        exceptions_actions::action_rows(&mut s, top, columns.len(), plan, look)?;
    }

    // Forms still open because there is no figure this month, then forms for
    // indicators that are no longer exceptions: shown, never lost.
    let mut top = row_num(exceptions.len() + actions + 3);
    let indicator_title = |code: &str| {
        let title = look.indicator(code).map(|i| i.title.as_str());
        title.unwrap_or("Not in the register").to_string()
    };
    let mut sections = vec![
        (
            c.awaiting_figure.as_slice(),
            "Remedial actions still open: no figure this month",
        ),
        (
            c.stale_remedial.as_slice(),
            "Remedial actions for indicators that are no longer exceptions (closed or stale)",
        ),
    ];
    if let Some(plan) = plan {
        sections.push((
            plan.stale_remedial.as_slice(),
            "Remedial actions for plan actions that are no longer exceptions (closed or stale)",
        ));
    }
    for (k, (stale, title)) in sections.into_iter().enumerate() {
        if stale.is_empty() {
            continue;
        }
        let titles = |code: &str| match (k, plan) {
            (2, Some(p)) => exceptions_actions::action_title(p, code),
            _ => indicator_title(code),
        };
        stale_forms(&mut s, top, title, stale, &titles)?;
        top += row_num(stale.len() + 3);
    }
    Ok(())
}

/// One indicator exception's cells, from column `o` on; `blank` is the name
/// of its blank form.
fn indicator_row(
    s: &mut Sheet,
    row: RowNum,
    o: ColNum,
    r: &IndicatorResult,
    look: &Lookup,
    blank: &str,
) -> Result<(), XlsxError> {
    let st = s.st;
    let c = look.c;
    let nf = st.for_indicator(look.indicator(&r.code));
    if o > 0 {
        s.word(row, 0, "Indicator", &st.plain)?;
    }
    if o > 0 {
        s.long_text(row, o, &r.directorate)?;
    } else {
        s.text(row, o, &r.directorate)?;
    }
    s.text(row, o + 1, &r.code)?;
    s.long_text(row, o + 2, &r.title)?;
    s.long_text(row, o + 3, r.owner.as_deref().unwrap_or(""))?;
    s.text(row, o + 4, &r.period)?;
    s.num(row, o + 5, r.actual, nf)?;
    s.num(row, o + 6, r.target, nf)?;
    s.num(row, o + 7, r.forecast, nf)?;
    s.num(row, o + 8, r.annual_target, nf)?;
    s.word(row, o + 9, r.rag.word(), st.rag(r.rag))?;
    // With a plan, what its actions say of it ("no action in the plan").
    let note = c
        .actions
        .as_ref()
        .and_then(|p| p.for_indicator(&r.code)?.note);
    let reasons = match note {
        Some(note) => format!("{}. {}.", reasons_words(&r.reasons), capitalise(note)),
        None => reasons_words(&r.reasons),
    };
    s.wrapped_word(row, o + 10, &reasons)?;
    s.long_text(row, o + 11, r.commentary.as_deref().unwrap_or(""))?;
    remedial_cells(s, row, o + 12, c, c.remedial.get(&r.code), blank)?;
    if let Some(since) = c.changes.as_ref().and_then(|ch| ch.since.get(&r.code)) {
        s.word(row, o + 19, since.word(), &st.plain)?;
    }
    Ok(())
}

/// The remedial action of an exception (indicator or action) from column
/// `col` on: "Received" or "Carried forward from ..." and the form's answers,
/// or "Outstanding" and a link to the blank form `blank` (its file name, as
/// the forms are written) beside this workbook, in remedial/.
pub(super) fn remedial_cells(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    c: &Consolidation,
    form: Option<&RemedialAction>,
    blank: &str,
) -> Result<(), XlsxError> {
    let st = s.st;
    match form {
        Some(a) if a.period == c.period_id => {
            s.word(row, col, "Received", &st.plain)?;
            action_cells(s, row, col + 1, a)?;
        }
        Some(a) => {
            let from = format!("Carried forward from {}", a.period);
            s.long_text(row, col, &from)?;
            action_cells(s, row, col + 1, a)?;
        }
        None => {
            s.word(row, col, "Outstanding", &st.plain)?;
            let url = format!("file:///remedial/{blank}");
            if url.encode_utf16().count() <= MAX_URL {
                s.ws.write_url_with_text(row, col + 6, url.as_str(), blank)?;
            } else {
                s.text(row, col + 6, blank)?;
            }
        }
    }
    Ok(())
}

/// A list of completed forms that no exception of this month has, under
/// `title` at row `top`: each form's code, its title (by `titles`), period
/// and answers.
fn stale_forms(
    s: &mut Sheet,
    top: RowNum,
    title: &str,
    stale: &[RemedialAction],
    titles: &dyn Fn(&str) -> String,
) -> Result<(), XlsxError> {
    let st = s.st;
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
        s.long_text(row, 1, &titles(&a.code))?;
        s.text(row, 2, &a.period)?;
        action_cells(s, row, 3, a)?;
    }
    Ok(())
}

/// Reason, action, lead officer, back on target, status and form from `col` on.
fn action_cells(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    a: &RemedialAction,
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

/// A remedial form's state in a few words: "Received (open)" or "Carried
/// forward from 2026-08 (open)"; an action exception's form is said the same way.
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
