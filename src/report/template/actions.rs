//! The `Actions` sheet of a return template (SPEC section 13): the
//! directorate's actions not yet complete or cancelled, each with its Ref,
//! action and due date locked, and the cells to complete (Status from a
//! drop-down of the status words, % complete from 0 to 100, revised and
//! completion dates as dates, Commentary, Data Note) pre-filled with last
//! month's answers where earlier returns gave them. The plan rows go on a
//! very hidden sheet, so that `ipr check FILE` reads the sheet without the
//! register.

use super::table::Table;
use super::{locked_text as text, RowFormats, TemplateInput};
use crate::metadata::PLAN_SHEET;
use crate::model::{Plan, PlanAction, Status};
use crate::period::date_words;
use crate::report::action_forms::capitalised;
use crate::report::text::{fit, MAX_CELL_TEXT};
use crate::text::{normalise_code, same_directorate};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ColNum, DataValidation, DataValidationRule, ExcelDateTime, Format, RowNum, Workbook, Worksheet,
    XlsxError,
};

/// Name of the sheet.
pub const ACTIONS_SHEET: &str = "Actions";
/// Zero-based header row of the table.
pub const ACTIONS_HEADER_ROW: RowNum = 3;
/// Columns, with their widths: the first three are locked.
const COLUMNS: [(&str, f64); 9] = [
    ("Ref", 10.0),
    ("Action", 40.0),
    ("Due", 12.0),
    ("Status", 14.0),
    ("% Complete", 11.0),
    ("Revised Date", 13.0),
    ("Completed", 13.0),
    ("Commentary", 40.0),
    ("Data Note", 24.0),
];
/// The sheet's table.
const TABLE: Table = Table {
    columns: &COLUMNS,
    header_row: ACTIONS_HEADER_ROW,
};
/// The words the Status drop-down offers (the status words, then the RAG
/// words a tracker may put in Status).
const STATUS_CHOICES: [&str; 8] = [
    "Not started",
    "In progress",
    "Complete",
    "Deferred",
    "Cancelled",
    "On track",
    "At risk",
    "Off track",
];

/// The directorate's actions to report on for `period`: every one of its
/// actions except those last reported complete or cancelled, in plan order.
pub fn open_actions<'a>(plan: &'a Plan, directorate: &str) -> Vec<&'a PlanAction> {
    plan.actions
        .iter()
        .filter(|a| same_directorate(&a.directorate, directorate))
        .filter(|a| {
            let last = plan.progress.get(&a.key).and_then(|p| p.status);
            !matches!(last, Some(Status::Complete | Status::Cancelled))
        })
        .collect()
}

struct Formats {
    base: RowFormats,
    locked_date: Format,
    input_date: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = RowFormats::new();
        Formats {
            locked_date: base.locked.clone().set_num_format("d mmm yyyy"),
            input_date: base.input.clone().set_num_format("d mmm yyyy"),
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

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Month and day come from a real date: they fit in u8.
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// Adds the `Actions` sheet for `directorate` when the register has a plan
/// with actions of its to report; nothing otherwise.
pub(super) fn add(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let (directorate, period, cal) = (x.directorate, x.period, x.cal);
    let Some(plan) = x.register.plan.as_deref() else {
        return Ok(());
    };
    let actions = open_actions(plan, directorate);
    if actions.is_empty() {
        return Ok(());
    }
    let f = Formats::new();
    let words = crate::period::period_words(period, &cal.id(period));
    let title = x.templates.named(format!(
        "Progress on the action plan: {directorate}, {words}"
    ));
    let note = format!(
        "Give each action's progress as at {}: its Status, % complete (0 to 100), a revised date if it will be late, the date completed if it is done, and commentary. Last month's answers are filled in where known: change what has changed. Explain anything unusual in the Data Note.",
        date_words(cal.last_day(period))
    );
    let ws = TABLE.start(wb, ACTIONS_SHEET, &title, &note, 7, &f)?;
    let first = ACTIONS_HEADER_ROW + 1;
    for (i, a) in actions.iter().enumerate() {
        let row = first + i as RowNum;
        let last = plan.progress.get(&a.key);
        text(ws, row, 0, &a.reference, &f.locked)?;
        text(ws, row, 1, &a.action, &f.locked)?;
        ws.write_with_format(row, 2, &excel_date(a.due)?, &f.locked_date)?;
        match last.and_then(|p| p.status) {
            Some(s) => text(ws, row, 3, &capitalised(s.word()), &f.input)?,
            None => {
                ws.write_blank(row, 3, &f.input)?;
            }
        }
        match last.and_then(|p| p.percent) {
            Some(p) => ws.write_number_with_format(row, 4, p, &f.input)?,
            None => ws.write_blank(row, 4, &f.input)?,
        };
        match last.and_then(|p| p.revised) {
            Some(d) => ws.write_with_format(row, 5, &excel_date(d)?, &f.input_date)?,
            None => ws.write_blank(row, 5, &f.input_date)?,
        };
        ws.write_blank(row, 6, &f.input_date)?;
        ws.write_blank(row, 7, &f.input_text)?;
        ws.write_blank(row, 8, &f.input_text)?;
    }
    let last_row = first + actions.len() as RowNum - 1;
    validations(ws, first, last_row)?;
    TABLE.finish(ws)
}

/// Status from the list, % complete from 0 to 100, dates as dates.
fn validations(ws: &mut Worksheet, first: RowNum, last: RowNum) -> Result<(), XlsxError> {
    let status = DataValidation::new()
        .allow_list_strings(&STATUS_CHOICES)?
        .set_error_title("Choose a status")?
        .set_error_message(format!("Choose one of: {}.", STATUS_CHOICES.join(", ")))?;
    ws.add_data_validation(first, 3, last, 3, &status)?;
    let percent = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_error_title("A number from 0 to 100")?
        .set_error_message("Type % complete as a number from 0 to 100, such as 85.")?;
    ws.add_data_validation(first, 4, last, 4, &percent)?;
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2099, 12, 31)?,
        ))
        .set_error_title("A date")?
        .set_error_message("Type a date, such as 30/09/2026.")?;
    ws.add_data_validation(first, 5, last, 6, &dates)?;
    Ok(())
}

/// The plan rows of the actions the sheet lists, on a very hidden sheet in
/// the plan's own columns. A Parent or indicator outside them is left out,
/// so that the rows stand as a plan of their own.
pub(super) fn plan_rows(wb: &mut Workbook, x: &TemplateInput<'_>) -> Result<(), XlsxError> {
    let (register, directorate) = (x.register, x.directorate);
    let Some(plan) = register.plan.as_deref() else {
        return Ok(());
    };
    let actions = open_actions(plan, directorate);
    if actions.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet();
    ws.set_name(PLAN_SHEET)?;
    let head = [
        "Ref",
        "Action",
        "Directorate",
        "Lead",
        "Plan",
        "Parent",
        "Start",
        "Due",
        "Indicators",
    ];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as ColNum, *h)?;
    }
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    for (i, a) in actions.iter().enumerate() {
        let row = i as RowNum + 1;
        let parent = a
            .parent
            .as_deref()
            .filter(|p| actions.iter().any(|b| b.key == normalise_code(p)));
        let codes: Vec<&str> = a
            .indicators
            .iter()
            .filter(|c| {
                register
                    .get(c)
                    .is_some_and(|ind| same_directorate(&ind.directorate, directorate))
            })
            .map(String::as_str)
            .collect();
        let cells = [
            a.reference.as_str(),
            &a.action,
            &a.directorate,
            a.lead.as_deref().unwrap_or(""),
            &a.plan,
            parent.unwrap_or(""),
            &a.start.map(iso).unwrap_or_default(),
            &iso(a.due),
            &codes.join("; "),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as ColNum, fit(v, MAX_CELL_TEXT))?;
            }
        }
    }
    ws.set_very_hidden(true);
    Ok(())
}
