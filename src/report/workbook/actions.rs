//! The Actions sheet (SPEC section 13): every action and milestone of the
//! plan as the assessment left it, grouped by plan; and the same actions,
//! fewer columns, under a directorate's indicators on its own sheet.

use super::data_quality::file_link;
use super::sheet::{fixed_print_scale, Sheet};
use super::styles::Styles;
use super::{row_num, yes_no};
use crate::model::{ActionResult, PlanReport};
use crate::report::action_words::{
    linked_words, owner_rag, rag_shade, rag_word, reasons_sentence, since_word, status_word,
};
use crate::report::text::looks_like_formula;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

/// A column an action table can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Plan,
    Ref,
    Action,
    Directorate,
    Lead,
    Status,
    Percent,
    Due,
    DueCurrent,
    Slippage,
    Rag,
    Exception,
    Reasons,
    Since,
    OwnerRag,
    Parent,
    Start,
    Completed,
    Revisions,
    Pace,
    Indicators,
    Commentary,
    Source,
    /// "No", or the exception's reasons (a directorate's list).
    Why,
}

impl Field {
    /// The heading and width of the column on the Actions sheet. The sheet
    /// prints the columns from the left that fit A4 at 7 pt or more
    /// (`sheet::print_setup`), so [`SHEET_FIELDS`]' order and these widths
    /// decide what a printout shows.
    pub(super) fn header(self) -> (&'static str, f64) {
        match self {
            Field::Plan => ("Plan", 12.0),
            Field::Ref => ("Ref", 8.0),
            Field::Action => ("Action", 26.0),
            Field::Directorate => ("Directorate", 12.0),
            Field::Lead => ("Lead", 12.0),
            Field::Status => ("Status", 11.0),
            Field::Percent => ("% complete", 8.0),
            Field::Due => ("Due", 11.0),
            Field::DueCurrent => ("Current due", 11.0),
            Field::Slippage => ("Days slipped", 8.0),
            Field::Rag => ("RAG", 12.0),
            Field::Exception => ("Exception", 9.0),
            Field::Reasons => ("Reasons", 14.0),
            Field::Since => ("Since last month", 11.0),
            Field::OwnerRag => ("Owner's RAG", 9.0),
            Field::Parent => ("Parent", 8.0),
            Field::Start => ("Start", 11.0),
            Field::Completed => ("Completed", 11.0),
            Field::Revisions => ("Times moved", 8.0),
            Field::Pace => ("Pace", 7.0),
            Field::Indicators => ("Linked indicators", 22.0),
            Field::Commentary => ("Commentary", 40.0),
            Field::Source => ("Source", 28.0),
            Field::Why => ("Exception", 14.0),
        }
    }
}

/// The Actions sheet's columns, in the order a member reads an action on
/// paper: which plan, what and who, how far along and when due, ipr's RAG and
/// whether it is an exception, and why. Those print (with "Since last month"
/// where there was a previous report); the owner's own RAG, the milestone's
/// parent, the other dates, the pace, the linked indicators, the commentary
/// and the link to the update are on screen, for the performance team.
const SHEET_FIELDS: [Field; 23] = [
    Field::Plan,
    Field::Ref,
    Field::Action,
    Field::Directorate,
    Field::Lead,
    Field::Status,
    Field::Percent,
    Field::Due,
    Field::DueCurrent,
    Field::Slippage,
    Field::Rag,
    Field::Exception,
    Field::Reasons,
    Field::Since,
    Field::OwnerRag,
    Field::Parent,
    Field::Start,
    Field::Completed,
    Field::Revisions,
    Field::Pace,
    Field::Indicators,
    Field::Commentary,
    Field::Source,
];

/// `fields` less "Since last month" where there is no previous report to compare with.
pub(super) fn with_since(fields: &[Field], plan: &PlanReport) -> Vec<Field> {
    fields
        .iter()
        .copied()
        .filter(|f| *f != Field::Since || plan.previous_period.is_some())
        .collect()
}

/// The actions in the order the sheet lists them: grouped by plan, plans in
/// the order the plan first names them, each in plan order.
pub(super) fn grouped(plan: &PlanReport) -> Vec<&ActionResult> {
    let mut plans: Vec<&str> = Vec::new();
    for r in &plan.results {
        if !plans.contains(&r.plan.as_str()) {
            plans.push(&r.plan);
        }
    }
    plans
        .iter()
        .flat_map(|p| plan.results.iter().filter(move |r| r.plan == *p))
        .collect()
}

/// Fills the Actions sheet: one row per action and milestone, grouped by plan.
pub(super) fn actions_sheet(
    ws: &mut Worksheet,
    plan: &PlanReport,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet::new(ws, st);
    let fields = with_since(&SHEET_FIELDS, plan);
    let headers: Vec<(&str, f64)> = fields.iter().map(|f| f.header()).collect();
    let rows = grouped(plan);
    s.table(0, &headers, row_num(rows.len()))?;
    // Which action a row is stays in view as the dates and RAG scroll by.
    s.ws.set_freeze_panes(1, 3)?;
    for (i, r) in rows.iter().enumerate() {
        let row = row_num(i + 1);
        for (k, f) in fields.iter().enumerate() {
            action_cell(&mut s, row, k as ColNum, *f, r)?;
        }
    }
    if rows.is_empty() {
        s.word(1, 0, "The plan has no actions.", &st.plain)?;
    }
    Ok(())
}

/// One action's cell of column `field`.
pub(super) fn action_cell(
    s: &mut Sheet,
    row: RowNum,
    col: ColNum,
    field: Field,
    r: &ActionResult,
) -> Result<(), XlsxError> {
    let st = s.st;
    let date = |s: &mut Sheet, d: Option<chrono::NaiveDate>| match d {
        Some(d) => {
            s.ws.write_datetime_with_format(row, col, d, &st.plan.date)
                .map(|_| ())
        }
        None => Ok(()),
    };
    match field {
        Field::Plan => s.long_text(row, col, &r.plan)?,
        Field::Ref => s.text(row, col, &r.reference)?,
        Field::Action => s.long_text(row, col, &r.title)?,
        Field::Directorate => s.long_text(row, col, &r.directorate)?,
        Field::Lead => s.long_text(row, col, r.lead.as_deref().unwrap_or(""))?,
        Field::Status => s.wrapped_word(row, col, status(r))?,
        Field::Percent => s.num(row, col, r.percent_complete.map(|p| p / 100.0), &st.percent)?,
        Field::Due => date(s, Some(r.due))?,
        Field::DueCurrent => date(s, Some(r.due_current))?,
        // Centred, so that it never reads as one with the RAG word beside it.
        Field::Slippage => s.num(row, col, Some(r.slippage_days as f64), &st.centre)?,
        Field::Rag => s.wrapped_word_in(
            row,
            col,
            rag_word(r.rag),
            st.shade_wrapped(rag_shade(r.rag)),
        )?,
        Field::Exception => s.word(row, col, yes_no(r.exception), &st.centre)?,
        Field::Reasons => s.wrapped_word(row, col, &reasons_sentence(&r.reasons))?,
        Field::Since => {
            let word = r.since_previous_report.map(since_word).unwrap_or("");
            s.wrapped_word(row, col, word)?
        }
        Field::OwnerRag => {
            if let Some((word, shade)) = r.owner_rag.map(owner_rag) {
                s.word(row, col, word, st.shade(shade))?;
            }
        }
        Field::Parent => s.opt_text(row, col, r.parent.as_deref())?,
        Field::Start => date(s, r.start)?,
        Field::Completed => date(s, r.completed)?,
        Field::Revisions => s.count(row, col, r.revisions as usize)?,
        Field::Pace => s.num(row, col, r.pace.map(|p| p / 100.0), &st.percent)?,
        Field::Indicators => s.long_text(row, col, &linked_words(&r.indicators))?,
        Field::Commentary => s.long_text(row, col, r.commentary.as_deref().unwrap_or(""))?,
        Field::Source => source_cell(s, row, col, r)?,
        Field::Why => {
            let why = match r.exception {
                true => reasons_sentence(&r.reasons),
                false => "No".to_string(),
            };
            s.wrapped_word(row, col, &why)?
        }
    }
    Ok(())
}

/// The status as given, or "No update" where the action had none this month.
pub(super) fn status(r: &ActionResult) -> &'static str {
    if r.updated {
        status_word(r.status)
    } else {
        "No update"
    }
}

/// The update used, as "file: Sheet!H6", linked to its cell; "No update" without one.
fn source_cell(s: &mut Sheet, row: RowNum, col: ColNum, r: &ActionResult) -> Result<(), XlsxError> {
    let Some(src) = &r.source else {
        let st = s.st;
        return s.word(row, col, "No update", &st.plain);
    };
    let name = std::path::Path::new(&*src.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| src.file.to_string());
    let cell = src.cell();
    let text = if src.sheet.is_empty() {
        format!("{name}: {cell}")
    } else {
        format!("{name}: {}!{cell}", src.sheet)
    };
    let sheet = (!src.sheet.is_empty()).then_some(&*src.sheet);
    match file_link(&src.file, sheet.map(|sh| (sh, cell.as_str()))) {
        Some(url) if !looks_like_formula(&text) => {
            s.ws.write_url_with_text(row, col, url.as_str(), &text)?;
        }
        _ => s.text(row, col, &text)?,
    }
    Ok(())
}

/// A directorate's action list, under its indicators: each field and the
/// least width (in characters) it needs. It shares the sheet's columns, so a
/// field takes as many of them as it needs (see [`spans`]); the sheet prints
/// the columns its indicator table chose, so the list's order puts first what
/// a directorate's management team reads: what, who, how far, when, RAG, why.
const DIRECTORATE_FIELDS: [(Field, f64); 11] = [
    (Field::Ref, 6.0),
    (Field::Action, 22.0),
    (Field::Lead, 12.0),
    (Field::Status, 9.0),
    (Field::Percent, 7.0),
    (Field::Due, 10.0),
    (Field::DueCurrent, 10.0),
    (Field::Slippage, 8.0),
    (Field::Rag, 9.0),
    (Field::Why, 14.0),
    (Field::Commentary, 30.0),
];

/// Each of `fields` over columns of `widths` from the left: a field takes the
/// next column, and the ones after it until it has its least width. A field
/// that would run past the first `printed` columns starts after them, the
/// field before it taking the columns left, so that no field is cut at the
/// edge of the paper. Fields that find no columns left are not shown.
pub(super) fn spans(
    fields: &[(Field, f64)],
    widths: &[f64],
    printed: usize,
) -> Vec<(Field, ColNum, ColNum)> {
    let mut out: Vec<(Field, ColNum, ColNum)> = Vec::new();
    let mut col = 0usize;
    for (field, least) in fields {
        let take = |from: usize| {
            let (mut to, mut have) = (from, 0.0);
            while to < widths.len() && (to == from || have < *least) {
                have += widths[to];
                to += 1;
            }
            to
        };
        let mut first = col;
        let mut end = take(first);
        if first < printed && end > printed {
            if let Some(before) = out.last_mut() {
                before.2 = (printed - 1) as ColNum;
            }
            first = printed;
            end = take(first);
        }
        if end == first {
            break;
        }
        out.push((*field, first as ColNum, (end - 1) as ColNum));
        col = end;
    }
    out
}

/// Lists `directorate`'s actions from row `top` down: a title, headings and a
/// row each, on the columns of the sheet above. Returns the blocks to keep on
/// one page, as (first row, rows, height in points): the title and headings
/// with the first action, then each action. Nothing when it has none.
pub(super) fn directorate_actions(
    s: &mut Sheet,
    top: RowNum,
    directorate: &str,
    plan: &PlanReport,
) -> Result<Vec<(RowNum, RowNum, f64)>, XlsxError> {
    let mine: Vec<&ActionResult> = grouped(plan)
        .into_iter()
        .filter(|r| r.directorate.eq_ignore_ascii_case(directorate))
        .collect();
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let st = s.st;
    let mut fields = DIRECTORATE_FIELDS.to_vec();
    if plan.previous_period.is_some() {
        fields.insert(fields.len() - 1, (Field::Since, 9.0));
    }
    let printed = fixed_print_scale(s.column_widths()).1;
    let spans = spans(&fields, s.column_widths(), printed);
    let title = format!("Actions and milestones ({})", mine.len());
    s.word(top, 0, &title, &st.subtitle)?;
    let head = top + 1;
    for (field, first, last) in &spans {
        let name = match field {
            Field::DueCurrent => "Due now",
            Field::Why => "Exception",
            f => f.header().0,
        };
        if first == last {
            s.word(head, *first, name, &st.header)?;
        } else {
            s.ws.merge_range(head, *first, head, *last, name, &st.header)?;
        }
        s.fit_row(head, *first, *last, name)?;
    }
    let mut blocks = Vec::new();
    for (i, r) in mine.iter().enumerate() {
        let row = head + 1 + row_num(i);
        for (field, first, last) in &spans {
            action_span(s, row, (*first, *last), *field, r)?;
        }
        if i == 0 {
            let h = SUBTITLE_HEIGHT + s.row_height(head) + s.row_height(row);
            blocks.push((top, 3, h));
        } else {
            blocks.push((row, 1, s.row_height(row)));
        }
    }
    Ok(blocks)
}

/// The blocks of [`directorate_actions`] as one block, title to last action,
/// when their height fits `room` (a page less its repeated heading); else as
/// they are, each action whole.
pub(super) fn whole_if_fits(
    blocks: Vec<(RowNum, RowNum, f64)>,
    room: f64,
) -> Vec<(RowNum, RowNum, f64)> {
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return blocks;
    };
    let height: f64 = blocks.iter().map(|b| b.2).sum();
    if height > room {
        return blocks;
    }
    vec![(first.0, last.0 + last.1 - first.0, height)]
}

/// Printed height of a row in the subtitle's 12 pt type, as the directorate sheet plans it.
const SUBTITLE_HEIGHT: f64 = 18.0;

/// An action's cell of `field` over columns `first..=last`, merged where more than one.
fn action_span(
    s: &mut Sheet,
    row: RowNum,
    (first, last): (ColNum, ColNum),
    field: Field,
    r: &ActionResult,
) -> Result<(), XlsxError> {
    if first == last {
        return action_cell(s, row, first, field, r);
    }
    let st = s.st;
    let user = |text: Option<&str>| text.unwrap_or("").to_string();
    match field {
        Field::Action => s.merged_text(row, first, last, &r.title),
        Field::Lead => s.merged_text(row, first, last, &user(r.lead.as_deref())),
        Field::Commentary => s.merged_text(row, first, last, &user(r.commentary.as_deref())),
        _ => {
            // The cell's look across the merge: the RAG's colour, a date's format.
            let fmt = match field {
                Field::Rag => st.shade_wrapped(rag_shade(r.rag)),
                Field::Due | Field::DueCurrent => &st.plan.date,
                Field::Percent => &st.percent,
                Field::Slippage => &st.centre,
                _ => &st.wrap,
            };
            s.ws.merge_range(row, first, row, last, "", fmt)?;
            action_cell(s, row, first, field, r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{spans, whole_if_fits, Field};

    #[test]
    fn the_actions_are_one_block_where_they_fit_a_page() {
        // Title, headings and the first action; then two actions.
        let blocks = vec![(30, 3, 50.0), (33, 1, 20.0), (34, 1, 30.0)];
        assert_eq!(whole_if_fits(blocks.clone(), 100.0), vec![(30, 5, 100.0)]);
        assert_eq!(whole_if_fits(blocks.clone(), 99.0), blocks);
        assert!(whole_if_fits(Vec::new(), 100.0).is_empty());
    }

    #[test]
    fn fields_take_columns_until_wide_enough_and_never_straddle_the_paper_edge() {
        let fields = [
            (Field::Ref, 6.0),
            (Field::Action, 20.0),
            (Field::Status, 9.0),
            (Field::Commentary, 30.0),
        ];
        let widths = [7.0, 12.0, 10.0, 8.0, 8.0, 20.0, 20.0];
        // Printed: the first five columns. Status ends at the edge; Commentary
        // would straddle it and starts after it.
        let got = spans(&fields, &widths, 5);
        assert_eq!(
            got,
            vec![
                (Field::Ref, 0, 0),
                (Field::Action, 1, 2),
                (Field::Status, 3, 4),
                (Field::Commentary, 5, 6),
            ]
        );
        // Status would straddle a four-column page: Action takes the column left.
        let got = spans(&fields, &widths, 4);
        assert_eq!(got[1], (Field::Action, 1, 3));
        assert_eq!(got[2], (Field::Status, 4, 5));
        // Too few columns: the fields that find none are left out.
        assert_eq!(spans(&fields, &widths[..2], 2).len(), 2);
    }
}
