//! The `Finance` sheet of a return template (SPEC section 16): the
//! directorate's budget lines, each with its Ref, service, Type, approved
//! budget and tolerance locked, and the cells to complete (spend or income to date and the
//! forecast outturn, validated as amounts of money; Commentary; Data Note).
//! The sheet's header is a budget table's, so the filled-in template is read
//! back as any budget return is. The lines' budget rows go on a very hidden
//! sheet (`ipr_budget`), so that `ipr check FILE` reads the sheet without the
//! register. Nothing without a budget, or for a month outside its year.

use super::table::Table;
use super::{locked_text as text, RowFormats, TemplateInput};
use crate::metadata::BUDGET_SHEET;
use crate::model::BudgetLine;
use crate::period::date_words;
use crate::report::text::{fit, MAX_CELL_TEXT};
use crate::text::same_directorate;
use rust_xlsxwriter::{
    ColNum, DataValidation, DataValidationRule, Format, RowNum, Workbook, XlsxError,
};

/// Name of the sheet.
pub const FINANCE_SHEET: &str = "Finance";
/// Zero-based header row of the table.
pub const FINANCE_HEADER_ROW: RowNum = 3;
/// Columns, with their widths: the first five are locked.
const COLUMNS: [(&str, f64); 9] = [
    ("Ref", 10.0),
    ("Service", 30.0),
    ("Type", 12.0),
    ("Budget", 14.0),
    ("Tolerance", 14.0),
    ("Spend to Date", 14.0),
    ("Forecast Outturn", 14.0),
    ("Commentary", 40.0),
    ("Data Note", 24.0),
];
/// The sheet's table.
const TABLE: Table = Table {
    columns: &COLUMNS,
    header_row: FINANCE_HEADER_ROW,
};
/// Whole pounds, negatives with a minus, as the report's Finance sheet shows them.
const MONEY_FORMAT: &str = "£#,##0;-£#,##0";
/// What the spend and forecast cells ask for as they are chosen: the whole
/// number, because Excel's check of a number refuses `1.2m`, which ipr reads
/// in other returns (docs/decisions.md, "The template's Finance sheet").
const INPUT_MESSAGE: &str =
    "Type the whole amount in pounds, such as 1250000 or £1,250,000, not 1.2m. A minus sign for a negative.";
/// The largest amount the validation lets through, either way: ipr refuses
/// a trillion pounds or more as a slip of the keyboard.
const MAX_POUNDS: f64 = 999_999_999_999.0;

/// The directorate's budget lines, in budget order; none without a budget
/// or for a period outside the budget's year.
fn lines<'a>(x: &TemplateInput<'a>) -> Vec<&'a BudgetLine> {
    let Some(budget) = x.register.budget.as_deref() else {
        return Vec::new();
    };
    if !budget.covers(x.period, x.cal) {
        return Vec::new();
    }
    budget
        .lines
        .iter()
        .filter(|l| same_directorate(&l.directorate, x.directorate))
        .collect()
}

/// A `Finance` sheet's formats: amounts shown in pounds.
struct Formats {
    base: RowFormats,
    locked_money: Format,
    input_money: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = RowFormats::new();
        Formats {
            locked_money: base.locked.clone().set_num_format(MONEY_FORMAT),
            input_money: base.input.clone().set_num_format(MONEY_FORMAT),
            base,
        }
    }
}

impl std::ops::Deref for Formats {
    type Target = RowFormats;
    fn deref(&self) -> &RowFormats {
        &self.base
    }
}

/// Adds the `Finance` sheet for the template's directorate when the budget
/// has lines of its; nothing otherwise.
pub(super) fn add(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let lines = lines(x);
    if lines.is_empty() {
        return Ok(());
    }
    let f = Formats::new();
    let words = crate::period::period_words(x.period, &x.id);
    let title = x
        .templates
        .named(format!("Budget monitoring: {}, {words}", x.directorate));
    let note = format!(
        "For each budget line give the spend to date (income to date for an income line) as at {} and the forecast outturn for the whole year, in pounds. Explain any variance from the budget beyond the line's tolerance in Commentary, and anything unusual about the figures in the Data Note.",
        date_words(x.cal.last_day(x.period))
    );
    // The note spans the columns that print (Data Note stays on screen).
    let ws = TABLE.start(wb, FINANCE_SHEET, &title, &note, 7, &f)?;
    // Two lines of heading: "Forecast Outturn" wraps in its column.
    ws.set_row_height(FINANCE_HEADER_ROW, 30)?;
    let first = FINANCE_HEADER_ROW + 1;
    for (i, l) in lines.iter().enumerate() {
        let row = first + i as RowNum;
        text(ws, row, 0, &l.reference, &f.locked)?;
        text(ws, row, 1, &l.service, &f.locked)?;
        text(ws, row, 2, capitalised(l.line_type.word()), &f.locked)?;
        ws.write_number_with_format(row, 3, l.budget.pounds_f64(), &f.locked_money)?;
        // The variance beyond which Commentary must explain it (DQ085).
        text(ws, row, 4, &l.tolerance.words(), &f.locked)?;
        ws.write_blank(row, 5, &f.input_money)?;
        ws.write_blank(row, 6, &f.input_money)?;
        ws.write_blank(row, 7, &f.input_text)?;
        ws.write_blank(row, 8, &f.input_text)?;
    }
    let last = first + lines.len() as RowNum - 1;
    let money = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-MAX_POUNDS, MAX_POUNDS))
        .set_input_title("In pounds")?
        .set_input_message(INPUT_MESSAGE)?
        .set_error_title("An amount in pounds")?
        .set_error_message(
            "Type an amount in pounds as a number, such as 1250000 or £1,250,000 (not 1.2m or words). Use a minus sign for a negative amount.",
        )?;
    ws.add_data_validation(first, 5, last, 6, &money)?;
    TABLE.finish(ws)
}

/// `expenditure` as `Expenditure`.
fn capitalised(word: &str) -> &'static str {
    match word {
        "income" => "Income",
        "capital" => "Capital",
        _ => "Expenditure",
    }
}

/// The budget rows of the lines the sheet lists, on a very hidden sheet in
/// the budget's own columns, read back by `budget::embedded_budget`. No
/// Year: the template is for a month of the budget's year, and `ipr check
/// FILE` reads it with the default year start, which may not be the
/// council's.
pub(super) fn budget_rows(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let lines = lines(x);
    if lines.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    ws.set_name(BUDGET_SHEET)?;
    let head = [
        "Ref",
        "Service",
        "Directorate",
        "Type",
        "Budget",
        "Tolerance",
        "Holder",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as ColNum, *h)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let row = i as RowNum + 1;
        ws.write_number(row, 4, l.budget.pounds_f64())?;
        let cells = [
            (0, l.reference.as_str()),
            (1, &l.service),
            (2, &l.directorate),
            (3, l.line_type.word()),
            (5, &l.tolerance.words()),
            (6, l.holder.as_deref().unwrap_or("")),
        ];
        for (c, v) in cells {
            if !v.is_empty() {
                ws.write_string(row, c, fit(v, MAX_CELL_TEXT))?;
            }
        }
    }
    ws.set_very_hidden(true);
    Ok(())
}
