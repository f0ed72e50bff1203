//! The action plan on the Summary, the one-page report (SPEC sections 12 and
//! 13): the actions counted by RAG for the council and each directorate, with
//! the changes since last month beside them (the indicators' line and the
//! actions' "Actions since August: ..."), and the action exceptions listed
//! under the indicator exceptions, one line each.
//!
//! Laid on the Summary's own columns, so the page keeps its width and scale:
//! the counts under the indicators' counts (Green, Amber, Red and Exceptions
//! in the same columns), the changes in the columns to their right, rather
//! than rows of their own, so that the page still holds the exceptions of a
//! council of 100 indicators and 60 actions.

use super::sheet::{Sheet, LINE};
use super::summary::form_words;
use super::{row_num, Lookup};
use crate::model::{ActionResult, PlanReport};
use crate::report::action_words::{rag_shade, rag_word, reasons_sentence};
use crate::report::json::ActionCounts;
use rust_xlsxwriter::{ColNum, RowNum, XlsxError};

/// The action counts' columns as (heading, first column, last column), on
/// the Summary's columns: Green, Amber, Red and Exceptions under the
/// indicators' own; "Overdue" over two narrow columns, as one is too narrow
/// for the word. The changes take the columns after the last.
const COUNT_SPANS: [(&str, ColNum, ColNum); 11] = [
    ("Action plan", 0, 0),
    ("Actions", 1, 1),
    ("Green", 2, 2),
    ("Amber", 3, 3),
    ("Red", 4, 4),
    ("Overdue", 5, 6),
    ("Exceptions", 7, 7),
    ("Complete", 8, 8),
    ("Not assessed", 9, 9),
    ("Deferred", 10, 10),
    ("Cancelled", 11, 11),
];

/// The columns of the changes beside the counts.
const CHANGES_COLS: (ColNum, ColNum) = (12, 14);

/// The action exceptions' columns as (heading, first column, last column),
/// under the indicator exceptions' own.
const EXCEPTION_SPANS: [(&str, ColNum, ColNum); 8] = [
    ("Directorate", 0, 0),
    ("Ref", 1, 1),
    ("Action", 2, 6),
    ("% complete", 7, 7),
    ("Due now", 8, 8),
    ("RAG", 9, 9),
    ("Reasons", 10, 12),
    ("Remedial action", 13, 14),
];

/// A row's counts, in the order of [`COUNT_SPANS`] after the name.
fn counts(plan: &PlanReport, directorate: Option<&str>) -> [usize; 10] {
    let n = ActionCounts::of(plan, directorate);
    [
        n.actions,
        n.green,
        n.amber,
        n.red,
        n.overdue,
        n.exceptions,
        n.complete,
        n.not_assessed,
        n.deferred,
        n.cancelled,
    ]
}

/// Writes the action counts from row `top` down, and beside them, headed
/// "Changes since last month", `changes` (the indicators' line) and the
/// actions' line; in a row of their own under the counts where those rows
/// are too few for them (a small pack). Returns the row after the last written.
pub(super) fn counts_and_changes(
    s: &mut Sheet,
    top: RowNum,
    look: &Lookup,
    plan: &PlanReport,
    changes: &str,
) -> Result<RowNum, XlsxError> {
    let st = s.st;
    for (name, first, last) in COUNT_SPANS {
        span(s, top, (first, last), |s, col| {
            s.word(top, col, name, &st.header)
        })?;
        s.fit_row(top, first, last, name)?;
    }
    let directorates = look.c.register.known_directorates();
    let mut rows: Vec<(String, [usize; 10])> = vec![("Council".into(), counts(plan, None))];
    for d in &directorates {
        rows.push((d.clone(), counts(plan, Some(d))));
    }
    for (i, (name, n)) in rows.iter().enumerate() {
        let row = top + 1 + row_num(i);
        if i == 0 {
            s.word(row, 0, name, &st.subtitle)?;
        } else {
            // One line: the full name heads the indicators' row above.
            s.one_line(row, 0, 0, name)?;
        }
        for ((_, first, last), v) in COUNT_SPANS[1..].iter().zip(n.iter().copied()) {
            // Centred: the last sits beside the changes' words.
            let v = Some(v as f64);
            span(s, row, (*first, *last), |s, col| {
                s.num(row, col, v, &st.centre)
            })?;
        }
    }
    let bottom = top + row_num(rows.len());
    let since = plan.since_line().unwrap_or_else(|| {
        "Actions: not compared with last month (no earlier report with the plan).".into()
    });
    // Beside the counts, from their heading row down, its own heading in
    // bold, where the rows beside them hold it.
    let heading = "Changes since last month\n";
    let text = format!("{changes}\n{since}");
    let (first, last) = CHANGES_COLS;
    let need = LINE * f64::from(s.lines_in(first, last, &format!("{heading}{text}")));
    let have: f64 = (top..=bottom).map(|r| s.row_height(r)).sum();
    if need > have {
        // A pack's few rows would leave a blank gap under its last
        // directorate: the changes take a row of their own across the page.
        let below = bottom + 1;
        s.word(below, 0, heading.trim_end(), &st.header)?;
        s.fit_row(below, 0, 0, heading.trim_end())?;
        s.merged_text(below, 1, last, &text)?;
        return Ok(below + 1);
    }
    s.block(
        (top, bottom),
        CHANGES_COLS,
        &format!("{heading}{text}"),
        &st.plan.note,
    )?;
    let parts = [(&st.plan.bold, heading), (&st.plan.regular, text.as_str())];
    s.ws.write_rich_string_with_format(top, first, &parts, &st.plan.note)?;
    Ok(bottom + 1)
}

/// Height of an empty row between the parts of the page, in points.
const SPACER: f64 = 6.0;

/// Makes each of `rows` (empty rows between parts) a thin gap.
pub(super) fn spacers(s: &mut Sheet, rows: &[RowNum]) -> Result<(), XlsxError> {
    for row in rows {
        s.set_height(*row, SPACER)?;
    }
    Ok(())
}

/// Columns `first..=last` of `row` merged where more than one, then `write`
/// in the first.
fn span(
    s: &mut Sheet,
    row: RowNum,
    (first, last): (ColNum, ColNum),
    write: impl FnOnce(&mut Sheet, ColNum) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    if last > first {
        let st = s.st;
        s.ws.merge_range(row, first, row, last, "", &st.centre)?;
    }
    write(s, first)
}

/// The action exceptions from row `top` down, one line each under their own
/// headings. Returns the row after the last written.
pub(super) fn exception_lines(
    s: &mut Sheet,
    top: RowNum,
    look: &Lookup,
    plan: &PlanReport,
) -> Result<RowNum, XlsxError> {
    let st = s.st;
    let list: Vec<&ActionResult> = plan.exceptions().collect();
    if list.is_empty() {
        s.merged_text(top, 0, 14, "No action is an exception this period.")?;
        return Ok(top + 1);
    }
    s.span_headings(top, &EXCEPTION_SPANS)?;
    for (i, r) in list.iter().enumerate() {
        let row = top + 1 + row_num(i);
        // One line each, as the indicators' (names cut with "…"; the Actions
        // sheet has them whole).
        s.one_line(row, 0, 0, &r.directorate)?;
        s.text(row, 1, &r.reference)?;
        s.one_line(row, 2, 6, &r.title)?;
        let pct = r.percent_complete.map(|p| p / 100.0);
        s.num(row, 7, pct, &st.percent)?;
        s.ws.write_datetime_with_format(row, 8, r.due_current, &st.plan.date)?;
        s.word(row, 9, rag_word(r.rag), st.shade(rag_shade(r.rag)))?;
        s.one_line(row, 10, 12, &reasons_sentence(&r.reasons))?;
        let form = plan.remedial.get(&r.reference);
        s.merged_text(row, 13, 14, &form_words(look.c, form))?;
    }
    Ok(top + 1 + row_num(list.len()))
}
