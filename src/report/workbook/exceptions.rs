//! The Exceptions sheet: each exception with its remedial action (with a
//! plan, the action exceptions too: `exceptions_actions`), then the remedial
//! actions for indicators that are no longer exceptions.

use super::data_quality::{file_link, link};
use super::exceptions_actions;
use super::indicators::rag_cell;
use super::sheet::{printed_lines, Sheet, LINE, MOST_LINES};
use super::styles::Styles;
use super::{row_num, Lookup, MAX_URL};
use crate::model::{Consolidation, IndicatorResult, RemedialAction};
use crate::report::forms::{form_file_name, form_file_names};
use crate::report::text::looks_like_formula;
use crate::report::{capitalise, forecast_by, reasons_words};
use rust_xlsxwriter::{ColNum, FormatAlign, RowNum, Worksheet, XlsxError};

/// What the Status column says of an exception whose form has not come back.
pub(super) const NO_FORM: &str = "No form returned";

/// The Exceptions sheet's columns. The sheet prints the columns from the left
/// that fit A4 at 7 pt or more (`sheet::print_setup`), so the order is what a
/// member reads on paper: the figures and their RAG, why it is an exception,
/// then the remedial action (its state, status, action, lead officer and date
/// back on target: SPEC section 15). The owner, period, annual target,
/// commentary, the form's reason and its file follow, on screen. With a
/// plan, the action exceptions are rows too: "Kind" first says which, and
/// "Linked" last gives an indicator's actions or an action's indicators,
/// each with its RAG.
fn columns(c: &Consolidation) -> Vec<(&'static str, f64)> {
    let mut columns = vec![
        ("Directorate", 11.0),
        ("Code", 7.0),
        ("Title", 17.0),
        // 11, as £10,000,000 or more showed as ### at 10; the 3 come from
        // Action, which wraps, as the printed columns fill A4 (issue 18).
        ("Actual", 11.0),
        ("Target", 11.0),
        ("Forecast", 11.0),
        // 9, its words indented ([`forecast_by_cell`]) so that they never
        // touch the forecast right-aligned beside them ("12.4ipr: latest");
        // the 1 comes from Action, which wraps.
        ("Forecast by", 9.0),
        ("RAG", 6.0),
        ("Reasons", 15.0),
        ("Remedial action", 11.0),
        ("Status", 9.0),
        ("Action", 23.0),
        ("Lead officer", 12.0),
        ("Back on target", 11.0),
        ("Owner", 14.0),
        ("Period", 8.0),
        ("Annual target", 11.0),
        ("Commentary", 40.0),
        ("Reason", 40.0),
        ("Form", 24.0),
    ];
    if c.changes.is_some() {
        columns.push(("Since last month", 12.0));
    }
    if c.actions.is_some() {
        // The title, reasons and action give up the room "Kind" and a RAG
        // "Overdue" take, so that the remedial action still prints.
        for (name, width) in columns.iter_mut() {
            *width = match *name {
                "Title" => 14.0,
                "RAG" => 8.0,
                "Reasons" => 13.0,
                "Action" => 18.0,
                "Lead officer" => 11.0,
                _ => *width,
            };
        }
        columns.insert(0, ("Kind", 9.0));
        columns.push(("Linked", 26.0));
    }
    columns
}

/// Where each column of the Exceptions sheet is, by its heading.
pub(super) struct Cols {
    headings: Vec<&'static str>,
}

impl Cols {
    fn new(columns: &[(&'static str, f64)]) -> Cols {
        Cols {
            headings: columns.iter().map(|(h, _)| *h).collect(),
        }
    }

    /// The column headed `heading` (a heading of [`columns`]; the last
    /// column for a heading that is not there, never reached).
    pub(super) fn at(&self, heading: &str) -> ColNum {
        let i = self.headings.iter().position(|h| *h == heading);
        i.unwrap_or(self.headings.len().saturating_sub(1)) as ColNum
    }

    /// The last column.
    pub(super) fn last(&self) -> ColNum {
        self.headings.len().saturating_sub(1) as ColNum
    }
}

/// Fills the Exceptions sheet.
pub(super) fn exceptions_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st).by_glyph_widths();
    let c = look.c;
    let columns = columns(c);
    let cols = Cols::new(&columns);
    let exceptions: Vec<&IndicatorResult> = c.indicators.iter().filter(|r| r.exception).collect();
    let plan = c.actions.as_ref();
    let actions = plan.map_or(0, |p| p.exceptions().count());
    s.table(0, &columns, row_num(exceptions.len() + actions))?;
    // The names the forms are written under, so each row links to its own.
    let forms = form_file_names(c);
    for (i, r) in exceptions.iter().enumerate() {
        let row = row_num(i + 1);
        let blank = forms.get(r.code.as_str()).cloned();
        let blank = blank.unwrap_or_else(|| form_file_name(&c.period_id, &r.code));
        indicator_row(&mut s, row, &cols, r, look, &blank)?;
        if let Some(plan) = plan {
            exceptions_actions::indicator_links(&mut s, row, cols.last(), r, plan)?;
        }
    }
    if let Some(plan) = plan {
        let top = row_num(exceptions.len() + 1);
        exceptions_actions::action_rows(&mut s, top, &cols, plan, look)?;
    }

    // Answers too long for a row, printed whole; then forms still open
    // because there is no figure this month, then forms for indicators that
    // are no longer exceptions: shown, never lost.
    let mut top = row_num(exceptions.len() + actions + 3);
    let long = long_answers(&s, &cols, c);
    if !long.is_empty() {
        top = in_full(&mut s, top, &cols, &long)? + 2;
    }
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
        stale_forms(&mut s, top, &cols, title, stale, &titles)?;
        top += row_num(stale.len() + 3);
    }
    Ok(())
}

/// Indent levels before "Forecast by"'s words: a gap after the forecast.
const BY_INDENT: u8 = 1;
/// Characters an indent level takes from a line, planned generously (Excel
/// indents by about three spaces a level, LibreOffice by a little more).
const INDENT_CHARS: f64 = 2.0;

/// Whose the forecast is, indented so that it never touches the figure
/// right-aligned in the column before; the row made tall enough for it in
/// the width the indent leaves (`Sheet::fit_row` plans the whole width), so
/// it is written after the row's other cells, never lowering their height.
fn forecast_by_cell(s: &mut Sheet, row: RowNum, col: ColNum, by: &str) -> Result<(), XlsxError> {
    if by.is_empty() {
        return Ok(());
    }
    let format =
        s.st.wrap
            .clone()
            .set_align(FormatAlign::Left)
            .set_indent(BY_INDENT);
    s.ws.write_string_with_format(row, col, by, &format)?;
    let width = s.column_widths().get(col as usize).copied().unwrap_or(8.43);
    let lines = printed_lines(by, width - INDENT_CHARS).min(MOST_LINES);
    let needed = LINE * f64::from(lines);
    if needed > s.row_height(row) {
        s.set_height(row, needed)?;
    }
    Ok(())
}

/// One indicator exception's cells, in the columns `cols`; `blank` is the
/// name of its blank form.
fn indicator_row(
    s: &mut Sheet,
    row: RowNum,
    cols: &Cols,
    r: &IndicatorResult,
    look: &Lookup,
    blank: &str,
) -> Result<(), XlsxError> {
    let st = s.st;
    let c = look.c;
    let nf = st.for_indicator(look.indicator(&r.code));
    if c.actions.is_some() {
        s.word(row, cols.at("Kind"), "Indicator", &st.plain)?;
    }
    // Wrapping, so a long name is never cut ("Adults and Heal").
    s.long_text(row, cols.at("Directorate"), &r.directorate)?;
    s.text(row, cols.at("Code"), &r.code)?;
    s.long_text(row, cols.at("Title"), &r.title)?;
    s.long_text(row, cols.at("Owner"), r.owner.as_deref().unwrap_or(""))?;
    s.text(row, cols.at("Period"), &r.period)?;
    s.num(row, cols.at("Actual"), r.actual, nf)?;
    s.num(row, cols.at("Target"), r.target, nf)?;
    s.num(row, cols.at("Forecast"), r.forecast, nf)?;
    s.num(row, cols.at("Annual target"), r.annual_target, nf)?;
    rag_cell(s, row, cols.at("RAG"), r.rag)?;
    // With a plan, what its actions say of it ("no action in the plan").
    let note = c
        .actions
        .as_ref()
        .and_then(|p| p.for_indicator(&r.code)?.note);
    let reasons = match note {
        Some(note) => format!("{}. {}.", reasons_words(&r.reasons), capitalise(note)),
        None => reasons_words(&r.reasons),
    };
    s.wrapped_word(row, cols.at("Reasons"), &reasons)?;
    let commentary = r.commentary.as_deref().unwrap_or("");
    s.long_text(row, cols.at("Commentary"), commentary)?;
    remedial_cells(s, row, cols, c, c.remedial.get(&r.code), blank)?;
    if let Some(since) = c.changes.as_ref().and_then(|ch| ch.since.get(&r.code)) {
        s.word(row, cols.at("Since last month"), since.word(), &st.plain)?;
    }
    // Whose the forecast is, in the words of the Indicators sheet: last, as
    // it sizes the row itself.
    let by = forecast_by(r.forecast_basis);
    forecast_by_cell(s, row, cols.at("Forecast by"), by)?;
    Ok(())
}

/// The remedial action of an exception (indicator or action) in its columns
/// of `cols`: "Received" or "Carried forward from ..." and the form's
/// answers, or "Outstanding", "No form returned" and a link to the blank form
/// `blank` (its file name, as the forms are written) beside this workbook, in
/// remedial/.
pub(super) fn remedial_cells(
    s: &mut Sheet,
    row: RowNum,
    cols: &Cols,
    c: &Consolidation,
    form: Option<&RemedialAction>,
    blank: &str,
) -> Result<(), XlsxError> {
    let st = s.st;
    let state = cols.at("Remedial action");
    match form {
        Some(a) if a.period == c.period_id => {
            s.word(row, state, "Received", &st.plain)?;
            action_cells(s, row, cols, a)?;
        }
        Some(a) => {
            let from = format!("Carried forward from {}", a.period);
            s.long_text(row, state, &from)?;
            action_cells(s, row, cols, a)?;
        }
        None => {
            s.word(row, state, "Outstanding", &st.plain)?;
            // Said in words on paper, never a blank a reader could take for
            // a form that came back empty.
            s.wrapped_word(row, cols.at("Status"), NO_FORM)?;
            let url = format!("file:///remedial/{blank}");
            let at = cols.at("Form");
            if url.encode_utf16().count() <= MAX_URL {
                link(s, row, at, &url, blank)?;
            } else {
                s.text(row, at, blank)?;
            }
        }
    }
    Ok(())
}

/// An answer from a form in its column, wrapping; the row is made tall
/// enough for it unless no row could be ([`MOST_LINES`]): such an answer is
/// printed whole below the table ([`in_full`]), and the row stays as tall as
/// its other cells need.
fn answer(s: &mut Sheet, row: RowNum, col: ColNum, text: &str) -> Result<(), XlsxError> {
    if s.lines_in(col, col, text) > MOST_LINES {
        s.long_text_unsized(row, col, text)
    } else {
        s.long_text(row, col, text)
    }
}

/// The answers of this month's exceptions' forms too long for their cell to
/// print ([`answer`]): (code, which answer, its words), in the order of the
/// rows above.
fn long_answers<'c>(
    s: &Sheet,
    cols: &Cols,
    c: &'c Consolidation,
) -> Vec<(&'c str, &'static str, &'c str)> {
    let indicators = c.indicators.iter().filter(|r| r.exception);
    let mut forms: Vec<&RemedialAction> =
        indicators.filter_map(|r| c.remedial.get(&r.code)).collect();
    if let Some(plan) = &c.actions {
        forms.extend(
            plan.exceptions()
                .filter_map(|r| plan.remedial.get(&r.reference)),
        );
    }
    let mut long = Vec::new();
    for a in forms {
        for (heading, text) in [("Reason", &a.reason), ("Action", &a.action)] {
            let text = text.as_deref().unwrap_or("");
            if s.lines_in(cols.at(heading), cols.at(heading), text) > MOST_LINES {
                long.push((a.code.as_str(), heading, text));
            }
        }
    }
    long
}

/// Each of `long` whole from row `top`, under a heading: its code, which
/// answer, and its words across the columns from Actual to Back on target
/// (all printed), over as many rows as it needs. Gives the last row written.
fn in_full(
    s: &mut Sheet,
    top: RowNum,
    cols: &Cols,
    long: &[(&str, &'static str, &str)],
) -> Result<RowNum, XlsxError> {
    let st = s.st;
    let heading = "Remedial actions in full: answers longer than their cell above can print";
    s.word(top, 0, heading, &st.subtitle)?;
    let (first, last) = (cols.at("Actual"), cols.at("Back on target"));
    let mut row = top;
    for (code, field, text) in long {
        let parts = split_to_fit(text, |part| s.lines_in(first, last, part) <= MOST_LINES);
        let n = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            row += 1;
            s.text(row, cols.at("Code"), code)?;
            let label = match n {
                1 => format!("{field}, in full"),
                _ => format!("{field}, in full ({} of {n})", i + 1),
            };
            s.wrapped_word(row, cols.at("Title"), &label)?;
            s.merged_text(row, first, last, part)?;
        }
    }
    Ok(row)
}

/// `text` cut at spaces into the fewest parts that each `fits`, in order,
/// every character kept; a single word too long to fit is a part of its own.
fn split_to_fit(text: &str, fits: impl Fn(&str) -> bool) -> Vec<&str> {
    let pieces: Vec<&str> = text.split_inclusive(char::is_whitespace).collect();
    let mut parts = Vec::new();
    let mut start = 0;
    while start < pieces.len() {
        let span = |end: usize| {
            let from: usize = pieces[..start].iter().map(|p| p.len()).sum();
            let to: usize = from + pieces[start..end].iter().map(|p| p.len()).sum::<usize>();
            text[from..to].trim_end()
        };
        // The most pieces that fit, found by halving (a part fits or not
        // monotonically in its length).
        let (mut lo, mut hi) = (start + 1, pieces.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(span(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let part = span(lo);
        if !part.is_empty() {
            parts.push(part);
        }
        start = lo;
    }
    parts
}

/// A list of completed forms that no exception of this month has, under
/// `title` at row `top`: each form's code, its title (by `titles`), period
/// and answers, in the columns of the exceptions above (`cols`), so that
/// they print as those do.
fn stale_forms(
    s: &mut Sheet,
    top: RowNum,
    cols: &Cols,
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
    for h in head {
        s.word(top + 1, cols.at(h), h, &st.header)?;
    }
    for (i, a) in stale.iter().enumerate() {
        let row = top + 2 + row_num(i);
        s.text(row, cols.at("Code"), &a.code)?;
        s.long_text(row, cols.at("Title"), &titles(&a.code))?;
        s.text(row, cols.at("Period"), &a.period)?;
        action_cells(s, row, cols, a)?;
    }
    Ok(())
}

/// A form's reason, action, lead officer, back on target, status and file,
/// each in its column of `cols`; an answer left empty says "Not given".
fn action_cells(
    s: &mut Sheet,
    row: RowNum,
    cols: &Cols,
    a: &RemedialAction,
) -> Result<(), XlsxError> {
    answer(s, row, cols.at("Reason"), a.reason.as_deref().unwrap_or(""))?;
    let given = |answer: &Option<String>| {
        let answer = answer.as_deref().map(str::trim).unwrap_or("");
        if answer.is_empty() {
            "Not given".to_string()
        } else {
            answer.to_string()
        }
    };
    answer(s, row, cols.at("Action"), &given(&a.action))?;
    s.long_text(row, cols.at("Lead officer"), &given(&a.lead_officer))?;
    s.long_text(row, cols.at("Back on target"), &given(&a.back_on_target))?;
    let status = match a.status.as_deref() {
        Some("open") => "Open".to_string(),
        Some("closed") => "Closed".to_string(),
        Some(other) => other.to_string(),
        None => "No status given".to_string(),
    };
    s.long_text(row, cols.at("Status"), &status)?;
    // The completed form, linked where it was read from.
    let name = a.file_name();
    let at = cols.at("Form");
    match file_link(&a.file, None) {
        Some(url) if !looks_like_formula(&name) => link(s, row, at, &url, &name)?,
        _ => s.text(row, at, &name)?,
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

#[cfg(test)]
mod tests {
    use super::split_to_fit;

    #[test]
    fn a_long_answer_splits_at_spaces_into_parts_that_fit_keeping_every_word() {
        let text = "one two three four five six seven";
        let parts = split_to_fit(text, |p| p.len() <= 10);
        assert_eq!(parts, ["one two", "three four", "five six", "seven"]);
        assert_eq!(parts.join(" "), text);
        // A word longer than a part is a part of its own, never lost.
        let parts = split_to_fit("a verylongwordindeed b", |p| p.len() <= 5);
        assert_eq!(parts, ["a", "verylongwordindeed", "b"]);
        assert_eq!(split_to_fit("short", |_| true), ["short"]);
    }
}
