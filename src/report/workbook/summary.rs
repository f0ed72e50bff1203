//! The Summary sheet, the one-page report (SPEC section 12): counts for the
//! council and each directorate, the changes since last month, and every
//! exception on one line; then a chart of RAG status by directorate.

use super::exceptions::form_status;
use super::sheet::{column_points, print_setup, Sheet, PAGE_HEIGHT, PAGE_WIDTH};
use super::styles::Styles;
use super::{period_label, row_num, Lookup};
use super::{summary_actions, summary_budget};
use crate::model::{CoverageRow, FindingCounts, IndicatorResult, Rag, RemedialAction};
use crate::report::capitalise;
use crate::report::json::Counts;
use rust_xlsxwriter::{
    Chart, ChartFont, ChartSolidFill, ChartType, ColNum, Color, RowNum, Worksheet, XlsxError,
};

/// The columns of the counts table, and their widths. The exceptions below use
/// the same columns, some merged: see [`EXCEPTION_SPANS`].
const COLUMNS: [(&str, f64); 15] = [
    ("Directorate", 20.0),
    ("Indicators", 9.0),
    ("Green", 7.0),
    ("Amber", 7.0),
    ("Red", 7.0),
    // The word every output gives RAG none ("No target"), not "None".
    (Rag::None.word(), 7.0),
    ("Missing", 7.0),
    ("Exceptions", 11.0),
    ("DQ errors", 11.0),
    ("Warnings to look at", 9.0),
    ("Warnings explained", 9.0),
    ("Returns received", 9.0),
    ("Indicators returned", 9.0),
    ("Indicators expected", 9.0),
    ("Coverage", 9.0),
];

/// The exception list's columns as (heading, first column, last column).
const EXCEPTION_SPANS: [(&str, ColNum, ColNum); 8] = [
    ("Directorate", 0, 0),
    ("Code", 1, 1),
    ("Title", 2, 6),
    ("Actual", 7, 7),
    ("Target", 8, 8),
    ("RAG", 9, 9),
    ("Reasons", 10, 12),
    ("Action status", 13, 14),
];

/// Print scale, percent: 11 pt type prints at 8.1 pt, SPEC section 12's least
/// for the one-page report. Fixed rather than fitted, so more exceptions carry
/// on to a second page instead of shrinking the first.
const SCALE: u16 = 74;

/// The row of the changes since last month: its label in column A, the text
/// over the other columns (see [`changes_line`]).
pub(super) const CHANGES_ROW: RowNum = 11;

/// The changes since last month in one line, with the new findings counted
/// apart; without a previous report the row says so.
fn changes_line(look: &Lookup) -> String {
    let c = look.c;
    match &c.changes {
        Some(ch) => format!(
            "{}.{} New findings: {} of {}.",
            ch.line(),
            // SPEC section 15: an exception with no figure is never "no longer".
            ch.no_figure_line()
                .map(|l| format!(" {l}."))
                .unwrap_or_default(),
            ch.count_new(&c.findings),
            c.findings.len()
        ),
        None => "Not compared with last month: no earlier report in the output folder.".to_string(),
    }
}

/// Fills the Summary sheet.
pub(super) fn summary_sheet(
    ws: &mut Worksheet,
    look: &Lookup,
    st: &Styles,
) -> Result<(), XlsxError> {
    let c = look.c;
    let mut s = Sheet::new(ws, st);
    let widths: Vec<f64> = COLUMNS.iter().map(|(_, w)| *w).collect();
    s.widths(&widths)?;
    let words = crate::period::period_words(c.period, &c.period_id);
    let title = c.audience.title(&words);
    s.word(
        0,
        0,
        title.as_deref().unwrap_or("Integrated Performance Report"),
        &st.title,
    )?;
    s.word(1, 0, &period_label(c), &st.subtitle)?;

    const HEADER: RowNum = 3;
    for (col, (name, _)) in COLUMNS.iter().enumerate() {
        s.word(HEADER, col as ColNum, name, &st.header)?;
    }
    for (col, (name, _)) in COLUMNS.iter().enumerate() {
        s.fit_row(HEADER, col as ColNum, col as ColNum, name)?;
    }
    let (last, earlier) = counts_table(&mut s, look, st, HEADER)?;

    // The changes since last month: a labelled row whatever they are; with a
    // plan, beside the actions' counts (`summary_actions`).
    let changes = match &c.actions {
        Some(_) => last + 2 + RowNum::from(earlier > 0),
        None => CHANGES_ROW.max(last + 2),
    };
    let below_changes = match &c.actions {
        Some(plan) => {
            let line = changes_line(look);
            summary_actions::counts_and_changes(&mut s, changes, look, plan, &line)?
        }
        None => {
            s.word(changes, 0, "Changes since last month", &st.header)?;
            s.fit_row(changes, 0, 0, "Changes since last month")?;
            s.merged_text(changes, 1, 14, &changes_line(look))?;
            changes + 1
        }
    };
    // SPEC section 16: the finance line in the gap below, only with a budget
    // (with a plan, a thin gap still comes under it).
    let below_changes = match &c.budget {
        Some(b) => {
            super::finance::summary_line(&mut s, below_changes, b)?;
            below_changes + RowNum::from(c.actions.is_some())
        }
        None => below_changes,
    };
    if c.actions.is_some() {
        // Thin gaps between the parts, so the page holds more exceptions.
        summary_actions::spacers(&mut s, &[2, changes - 1, below_changes])?;
    }

    let end = exception_list(&mut s, look, st, below_changes + 1)?;

    print_setup(s.ws, None, &widths)?;
    // Fixed scale (see SCALE), overriding the fit to width.
    s.ws.set_print_scale(SCALE);
    let printed: f64 = widths.iter().map(|w| column_points(*w)).sum();
    debug_assert!(printed * f64::from(SCALE) / 100.0 <= PAGE_WIDTH);
    s.ws.set_print_area(0, 0, end.max(last) + 20, 14)?;

    if last > HEADER + 1 {
        rag_chart(&mut s, HEADER + 2, last, end + 1)?;
    }
    Ok(())
}

/// The counts table under `header`: the council, then each directorate in
/// register order; returns its last row and the findings on earlier periods.
fn counts_table(
    s: &mut Sheet,
    look: &Lookup,
    st: &Styles,
    header: RowNum,
) -> Result<(RowNum, usize), XlsxError> {
    let c = look.c;
    let directorates = c.register.directorates();

    // Council first, then each directorate in register order.
    let mut rows: Vec<(String, Counts, Option<CoverageRow>)> = vec![(
        "Council".into(),
        Counts::of(c, None),
        c.coverage.council.clone(),
    )];
    for d in &directorates {
        let cov = c
            .coverage
            .directorates
            .iter()
            .find(|r| r.directorate.eq_ignore_ascii_case(d))
            .cloned();
        rows.push((d.clone(), Counts::of(c, Some(d)), cov));
    }
    for (i, (name, n, cov)) in rows.iter().enumerate() {
        let row = header + 1 + row_num(i);
        if i == 0 {
            s.word(row, 0, name, &st.subtitle)?;
        } else if c.actions.is_some() {
            // One line, as the actions' counts below: the page has their rows to find.
            s.one_line(row, 0, 0, name)?;
        } else {
            s.long_text(row, 0, name)?;
        }
        let FindingCounts {
            errors,
            to_look_at,
            explained,
        } = n.findings();
        let counts = [
            n.indicators,
            n.green,
            n.amber,
            n.red,
            n.none,
            n.missing,
            n.exceptions,
            errors,
            to_look_at,
            explained,
        ];
        for (k, v) in counts.iter().enumerate() {
            s.count(row, 1 + k as ColNum, *v)?;
        }
        if let Some(cov) = cov {
            s.count(row, 11, cov.returns)?;
            s.count(row, 12, cov.returned)?;
            s.count(row, 13, cov.expected)?;
            if cov.expected > 0 {
                let share = cov.returned as f64 / cov.expected as f64;
                s.num(row, 14, Some(share), &st.percent)?;
            }
        }
    }
    let last = header + row_num(rows.len());
    // Findings on earlier periods are listed on the Data Quality sheet, not
    // counted in the month's columns above.
    let earlier = rows[0].1.dq_earlier_periods;
    if earlier > 0 {
        s.text(
            last + 1,
            0,
            &format!("Earlier periods: {earlier} data-quality findings on periods before this one (on the Data Quality sheet, not counted above)."),
        )?;
    }
    Ok((last, earlier))
}

/// Every indicator exception on one line from `title_row`, then the action
/// exceptions with a plan; returns the row after the list.
fn exception_list(
    s: &mut Sheet,
    look: &Lookup,
    st: &Styles,
    title_row: RowNum,
) -> Result<RowNum, XlsxError> {
    let c = look.c;
    // Every exception on one line; by priority where the register has
    // priorities, each priority's heading on the line before its first.
    let exceptions = exceptions_in_order(look);
    let title = list_title(look, exceptions.len());
    s.word(title_row, 0, &title, &st.subtitle)?;
    let head = title_row + 1;
    s.span_headings(head, &EXCEPTION_SPANS)?;
    if exceptions.is_empty() {
        let none = match (&c.actions, &c.budget) {
            (None, None) => "No exceptions this period.",
            _ => "No indicator is an exception this period.",
        };
        s.merged_text(head + 1, 0, 14, none)?;
    }
    let mut row = head;
    for (priority, r) in exceptions {
        row += 1;
        if let Some(priority) = priority {
            // In bold, on the empty line's width: a heading, not an entry.
            let mut bold = st.plan.bold.clone();
            if crate::report::text::looks_like_formula(&priority) {
                bold = bold.set_quote_prefix();
            }
            s.ws.write_string_with_format(row, 0, &priority, &bold)?;
            s.set_height(row, PRIORITY_ROW)?;
            row += 1;
        }
        let nf = st.for_indicator(look.indicator(&r.code));
        // One line each, so that a council of 100 indicators keeps its
        // exceptions on the one page: names cut with "…" where they would wrap
        // (the Exceptions sheet has them whole), reasons in their short words.
        s.one_line(row, 0, 0, &r.directorate)?;
        s.text(row, 1, &r.code)?;
        s.one_line(row, 2, 6, &r.title)?;
        s.num(row, 7, r.actual, nf)?;
        s.num(row, 8, r.target, nf)?;
        s.word(row, 9, r.rag.word(), st.rag(r.rag))?;
        s.one_line(row, 10, 12, &short_reasons(&r.reasons))?;
        s.merged_text(row, 13, 14, &form_words(c, c.remedial.get(&r.code)))?;
    }
    let mut end = row.max(head + 1) + 1;
    if let Some(plan) = &c.actions {
        end = summary_actions::exception_lines(s, end, look, plan)?;
    }
    // SPEC section 16: the budget exceptions on the same page, after the actions'.
    if let Some(b) = &c.budget {
        end = summary_budget::exception_lines(s, end, look, b)?;
    }
    Ok(end)
}

/// Height of a priority's heading row in the exception list, in points:
/// a line of 11 pt type, as the other lines.
const PRIORITY_ROW: f64 = 15.0;

/// The indicator exceptions in report order, each with the heading of its
/// priority where it is the first of its priority (SPEC section 14).
fn exceptions_in_order<'a>(look: &Lookup<'a>) -> Vec<(Option<String>, &'a IndicatorResult)> {
    let c = look.c;
    match c.priority_groups() {
        None => c
            .indicators
            .iter()
            .filter(|r| r.exception)
            .map(|r| (None, r))
            .collect(),
        Some(groups) => {
            let mut out = Vec::new();
            for g in groups {
                let mut heading = Some(g.priority);
                for r in g.indicators.into_iter().filter(|r| r.exception) {
                    out.push((heading.take(), r));
                }
            }
            out
        }
    }
}

/// The exception list's title: "Exceptions (7)" for indicators alone, else
/// each kind counted: "Exceptions: 7 indicators, 5 actions, 2 budget lines".
fn list_title(look: &Lookup, indicators: usize) -> String {
    let c = look.c;
    if c.actions.is_none() && c.budget.is_none() {
        return format!("Exceptions ({indicators})");
    }
    let plural = |n: usize, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    let mut parts = vec![plural(indicators, "indicator")];
    if let Some(plan) = &c.actions {
        parts.push(plural(plan.exceptions().count(), "action"));
    }
    if let Some(b) = &c.budget {
        parts.push(plural(b.exceptions().count(), "budget line"));
    }
    format!("Exceptions: {}", parts.join(", "))
}

/// The status of an exception's remedial action on the Summary (SPEC section
/// 15): as the form read back says it, or "No form returned".
pub(super) fn form_words(c: &crate::model::Consolidation, form: Option<&RemedialAction>) -> String {
    match form {
        Some(_) => form_status(c, form),
        None => "No form returned".to_string(),
    }
}

/// The chart of RAG status by directorate (the counts table's rows
/// `first_dir` to `last`), at row `at`, never split over two pages.
fn rag_chart(s: &mut Sheet, first_dir: RowNum, last: RowNum, at: RowNum) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    let series = [
        ("Green", 2, 0x00B050),
        ("Amber", 3, 0xFFC000),
        ("Red", 4, 0xC00000),
        (Rag::None.word(), 5, 0xA6A6A6),
        ("Missing", 6, 0xD9D9D9),
    ];
    for (name, col, colour) in series {
        chart
            .add_series()
            .set_name(name)
            .set_categories(("Summary", first_dir, 0, last, 0))
            .set_values(("Summary", first_dir, col, last, col))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(colour)));
    }
    chart.title().set_name("RAG status by directorate");
    chart.y_axis().set_name("Indicators");
    let mut text = ChartFont::new();
    text.set_size(11);
    chart.x_axis().set_font(&text);
    chart.y_axis().set_font(&text).set_name_font(&text);
    chart.legend().set_font(&text);
    // 18 rows of the default height: the chart's own rows in the print.
    chart.set_width(720).set_height(360);
    s.ws.insert_chart(at, 0, &chart)?;
    // The chart never splits over two pages: if the list has used the first
    // page, it starts the next one.
    let used = s.height_above(at);
    let page = PAGE_HEIGHT * 100.0 / f64::from(SCALE);
    if used + 360.0 * 0.75 > page && used < page {
        s.ws.set_page_breaks(&[at])?;
    }
    Ok(())
}

/// The reasons for an exception in the Summary's few words: "Red; forecast
/// misses target", "Amber twice, worsening" (the Exceptions sheet says them in full).
fn short_reasons(reasons: &[crate::model::Reason]) -> String {
    use crate::model::Reason;
    let words: Vec<&str> = reasons
        .iter()
        .map(|r| match r {
            Reason::Red => "Red",
            Reason::Forecast => "forecast misses target",
            Reason::AmberTwice => "amber twice, worsening",
            Reason::AssuranceFail => "will miss target (SPC)",
        })
        .collect();
    capitalise(&words.join("; "))
}
