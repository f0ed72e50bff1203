//! The Finance sheet (SPEC section 16): every budget line grouped by
//! directorate and Type, each group followed by its subtotal, then the
//! council's total of each Type (revenue and capital never added together,
//! income never netted off expenditure). Money as `£1,234,567`, negatives as
//! `-£25,000`; the cells hold the pounds and pence, so a sum in Excel is
//! exact. Written only when the council has a budget.

use super::data_quality::file_link;
use super::sheet::Sheet;
use super::styles::Styles;
use super::{period_label, row_num};
use crate::model::budget_result::{BudgetRag, BudgetSince, FinanceTotal};
use crate::model::{BudgetReport, BudgetResult, Consolidation, Money};
use crate::report::action_forms::capitalised;
use crate::report::budget_forms::{budget_reason_words, rag_word};
use rust_xlsxwriter::{ColNum, Format, FormatBorder, RowNum, Worksheet, XlsxError};

/// The table's columns and widths, in the order SPEC section 16 lists them:
/// everything but the source links prints on A4 landscape at 7 pt or more.
const COLUMNS: [(&str, f64); 15] = [
    ("Ref", 7.0),
    ("Service", 16.0),
    ("Directorate", 11.0),
    ("Type", 10.0),
    ("Holder", 13.0),
    ("Budget", 12.0),
    ("Spend to date", 11.0),
    ("Forecast outturn", 12.0),
    // 12: a variance of £10,000,000 or more ("-£12,345,678") showed as ###
    // at 11; the 1 comes from Commentary, which wraps.
    ("Variance", 12.0),
    ("Variance %", 8.0),
    ("RAG", 8.0),
    ("Movement since last month", 10.5),
    ("Exception", 14.0),
    ("Commentary", 19.0),
    ("Source", 16.0),
];
/// The column of the budget; spend, forecast and variance follow it.
const BUDGET_COL: ColNum = 5;
/// The row of the table's headings.
const HEADER_ROW: RowNum = 4;

/// The formats of the subtotal and total rows: bold, a rule above.
struct TotalFormats {
    text: Format,
    money: Format,
    percent: Format,
}

impl TotalFormats {
    fn new() -> TotalFormats {
        let base = Format::new()
            .set_bold()
            .set_border_top(FormatBorder::Thin)
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        TotalFormats {
            text: base.clone(),
            money: base.clone().set_num_format("£#,##0;-£#,##0"),
            percent: base.set_num_format("0.0%"),
        }
    }
}

/// Pounds as a number for a cell: exact to the penny.
fn pounds(m: Money) -> f64 {
    m.pounds_f64()
}

/// The RAG's fill: as an indicator's, grey for a line with no forecast.
fn rag_format(st: &Styles, rag: BudgetRag) -> &Format {
    &st.rag[match rag {
        BudgetRag::Green => 0,
        BudgetRag::Amber => 1,
        BudgetRag::Red => 2,
        BudgetRag::Missing => 4,
    }]
}

/// What the Exception column says: the reason, whether it is new, and its
/// recovery plan; or the note on a favourable variance.
fn exception_words(b: &BudgetReport, r: &BudgetResult) -> String {
    if !r.exception {
        return r.note.map(|n| n.words().to_string()).unwrap_or_default();
    }
    let mut w = capitalised(&budget_reason_words(&r.reasons));
    if r.since_previous_report == Some(BudgetSince::New) {
        w.push_str(" (new)");
    }
    w.push_str(match b.remedial.get(&r.reference) {
        Some(_) => "; recovery plan received",
        None => "; recovery plan outstanding",
    });
    w
}

/// The Summary's finance line (SPEC section 16): the lines by RAG, the
/// council's total of each Type, and how many lines need a recovery plan
/// (listed a line each under the other exceptions).
pub(super) fn summary_line(
    s: &mut Sheet<'_>,
    row: RowNum,
    b: &BudgetReport,
) -> Result<(), XlsxError> {
    let mut words = format!("{}.", b.summary.lines.words());
    for t in b.summary.totals.iter().filter(|t| t.directorate.is_none()) {
        words.push_str(&format!(" {}.", t.words()));
    }
    // The exceptions themselves are listed below, a line each.
    match b.exceptions().count() {
        0 => words.push_str(" No budget line needs a recovery plan."),
        1 => words.push_str(" 1 budget line needs a recovery plan (listed below)."),
        n => words.push_str(&format!(
            " {n} budget lines need a recovery plan (listed below)."
        )),
    }
    let st = s.st;
    s.word(row, 0, "Finance", &st.header)?;
    s.merged_text(row, 1, 14, &words)
}

/// Fills the Finance sheet.
pub(super) fn finance_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    b: &BudgetReport,
    st: &Styles,
) -> Result<(), XlsxError> {
    let tf = TotalFormats::new();
    let mut s = Sheet::new(ws, st);
    s.word(0, 0, &format!("Finance: {}", period_label(c)), &st.title)?;
    s.word(1, 0, &format!("{}.", b.summary.lines.words()), &st.plain)?;
    let at_budget = b.summary.lines.missing;
    if at_budget > 0 {
        let n = if at_budget == 1 {
            "1 line has no usable forecast and is counted at its budget".to_string()
        } else {
            format!("{at_budget} lines have no usable forecast and are counted at their budget")
        };
        s.word(
            2,
            0,
            &format!("{n} (variance £0) in the totals."),
            &st.plain,
        )?;
    }
    let groups: Vec<&FinanceTotal> = b
        .summary
        .totals
        .iter()
        .filter(|t| t.directorate.is_some())
        .collect();
    let rows = b.results.len() + groups.len() + b.summary.totals.len() + 1;
    s.table(HEADER_ROW, &COLUMNS, HEADER_ROW + row_num(rows))?;
    let mut row = HEADER_ROW + 1;
    for t in groups {
        let directorate = t.directorate.as_deref();
        for r in b
            .lines_of(directorate)
            .filter(|r| r.line_type == t.line_type)
        {
            line_row(&mut s, row, b, r)?;
            row += 1;
        }
        let name = directorate.unwrap_or_default();
        let label = format!("Subtotal: {name}, {}", t.line_type.word());
        total_row(&mut s, row, &label, t, &tf)?;
        row += 1;
    }
    row += 1;
    for t in b.summary.totals.iter().filter(|t| t.directorate.is_none()) {
        let label = format!("Council total: {}", t.line_type.word());
        total_row(&mut s, row, &label, t, &tf)?;
        row += 1;
    }
    Ok(())
}

/// One budget line.
fn line_row(
    s: &mut Sheet<'_>,
    row: RowNum,
    b: &BudgetReport,
    r: &BudgetResult,
) -> Result<(), XlsxError> {
    let st = s.st;
    let money = &st.money[0];
    s.text(row, 0, &r.reference)?;
    s.long_text(row, 1, &r.service)?;
    s.long_text(row, 2, &r.directorate)?;
    s.word(row, 3, &capitalised(r.line_type.word()), &st.plain)?;
    s.long_text(row, 4, r.holder.as_deref().unwrap_or(""))?;
    let amounts = [Some(r.budget), r.spend_to_date, r.forecast, r.variance];
    for (i, m) in amounts.into_iter().enumerate() {
        s.num(row, BUDGET_COL + i as ColNum, m.map(pounds), money)?;
    }
    let pct = r.variance_percent().map(|p| p / 100.0);
    s.num(row, 9, pct, &st.percent1)?;
    s.word(row, 10, &rag_word(r.rag), rag_format(st, r.rag))?;
    s.num(row, 11, r.movement.map(pounds), money)?;
    let exception = exception_words(b, r);
    if !exception.is_empty() {
        s.wrapped_word(row, 12, &exception)?;
    }
    s.long_text(row, 13, r.commentary.as_deref().unwrap_or(""))?;
    if let Some(src) = &r.source {
        let cell = src.cell();
        let words = format!("{}!{cell}", src.sheet);
        match file_link(&src.file, Some((&src.sheet, &cell))) {
            Some(url) => {
                s.ws.write_url_with_text(row, 14, url.as_str(), &words)?;
            }
            None => s.text(row, 14, &words)?,
        }
    }
    Ok(())
}

/// A subtotal or the council's total of one Type: budget, forecast (lines
/// with no usable forecast at their budget), variance and its percentage.
fn total_row(
    s: &mut Sheet<'_>,
    row: RowNum,
    label: &str,
    t: &FinanceTotal,
    tf: &TotalFormats,
) -> Result<(), XlsxError> {
    for col in 0..COLUMNS.len() as ColNum {
        s.ws.write_blank(row, col, &tf.text)?;
    }
    s.ws.write_string_with_format(row, 0, label, &tf.text)?;
    s.ws.write_number_with_format(row, BUDGET_COL, pounds(t.budget), &tf.money)?;
    s.ws.write_number_with_format(row, BUDGET_COL + 2, pounds(t.forecast), &tf.money)?;
    s.ws.write_number_with_format(row, BUDGET_COL + 3, pounds(t.variance), &tf.money)?;
    let b = t.budget.abs();
    if b != Money::ZERO {
        let pct = t.variance.pence() as f64 / b.pence() as f64;
        s.ws.write_number_with_format(row, 9, pct, &tf.percent)?;
    }
    if t.lines_at_budget > 0 {
        let note = match t.lines_at_budget {
            1 => "1 line at its budget".to_string(),
            n => format!("{n} lines at their budget"),
        };
        s.ws.write_string_with_format(row, 13, note, &tf.text)?;
    }
    Ok(())
}
